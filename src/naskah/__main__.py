"""``python -m naskah``: the console script without PATH.

The workflow's rules run naskah through the interpreter that runs Snakemake, so
``.venv/bin/snakemake -c2`` works without an activated virtual environment.
"""

import sys

from naskah.cli import main

sys.exit(main())
