"""Where the external tools are: pandoc from the pypandoc-binary wheel (never the system's)."""

from __future__ import annotations

import os
from functools import cache
from importlib.util import find_spec
from pathlib import Path


@cache
def pandoc_path() -> str:
    # the wheel's binary, found without importing pypandoc (which imports urllib and more: a twentieth of a
    # second in every job that runs pandoc)
    spec = find_spec("pypandoc")
    for folder in (spec.submodule_search_locations or []) if spec else []:
        binary = Path(folder) / "files" / ("pandoc.exe" if os.name == "nt" else "pandoc")
        if binary.is_file():
            return str(binary)
    import pypandoc

    return pypandoc.get_pandoc_path()
