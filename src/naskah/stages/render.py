"""Stage ``render``: the assembled Markdown → a draft in one format (html, docx or pdf), written to the
staging folder; only the guard publishes it."""

from __future__ import annotations

from pathlib import Path

from naskah.data.config import Config


def render(config: Config, fmt: str, markdown: Path, bibliography: Path, out: Path,
           typst_source: Path | None = None, provenance: Path | None = None, cited: Path | None = None) -> None:
    """*provenance*: the build's core manifest, embedded in the draft so that it can be verified alone;
    *cited*: assemble's citeproc pass over *markdown* (pandoc JSON), read instead of it."""
    from naskah.render.pandoc import render as render_with_pandoc

    render_with_pandoc(config, fmt, markdown, bibliography, out, typst_source, provenance, cited)
