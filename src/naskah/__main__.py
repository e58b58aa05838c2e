"""``python -m naskah``: the console script without PATH.

The workflow's rules run naskah through the interpreter that runs Snakemake, so
``.venv/bin/snakemake -c2`` works without an activated virtual environment.

A job ends with ``os._exit`` once ``main`` has returned: everything it wrote is closed by then (atomic
writes, the log closed by ``main``), and the interpreter's teardown of a large heap is work nobody
needs — a second of the 1,000-transcript ``assemble``, whose million objects the system frees at once.
"""

import os
import sys

from naskah.cli import main

code = main()
sys.stdout.flush()
sys.stderr.flush()
os._exit(code or 0)
