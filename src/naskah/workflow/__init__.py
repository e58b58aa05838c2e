"""naskah's Snakemake workflow, shipped inside the package (no symlinks, no copy in the project).

A project's ``Snakefile`` is two lines — ``import naskah.workflow`` and
``include: naskah.workflow.SNAKEFILE`` — so a new naskah version brings its rules with it.
"""

from pathlib import Path

SNAKEFILE = str(Path(__file__).with_name("Snakefile"))
