"""Where the external tools are: pandoc from the pypandoc-binary wheel (never the system's)."""

from __future__ import annotations


def pandoc_path() -> str:
    import pypandoc

    return pypandoc.get_pandoc_path()
