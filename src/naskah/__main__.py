"""``python -m naskah``: the console script without PATH.

The workflow's rules run naskah through the interpreter that runs Snakemake, so
``.venv/bin/snakemake -c2`` works without an activated virtual environment.

A job ends with ``os._exit`` once ``main`` has returned: everything it wrote is closed by then (atomic
writes, the log closed by ``main``), and the interpreter's teardown of a large heap is work nobody
needs — a second of the 1,000-transcript ``assemble``, whose million objects the system frees at once.
Not under a profiler, a tracer or coverage, which write their results at exit.
"""

import os
import sys

from naskah.cli import main

code = main()
if sys.getprofile() is None and sys.gettrace() is None and "coverage" not in sys.modules:
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code or 0)
sys.exit(code)
