"""Stage ``literature``: the library against the chapters' citations → the cited entries for pandoc, the
literature report and the Penelitian Terdahulu table."""

from __future__ import annotations

from pathlib import Path

from naskah.core import files
from naskah.core.errors import Diagnostic, Diagnostics
from naskah.data.config import Config


def literature(config: Config, diags: Diagnostics, strict: bool = False):
    """Citations against the library and every literature check; returns a LiteratureResult and adds the
    library's problems to *diags* (errors for entries a chapter cites, warnings for the others)."""
    from naskah.literature.checks import check_literature
    from naskah.literature.library import check_citations, find_citations, read_library

    citations = []
    chapters_dir = config.input_path("chapters")
    for path in sorted(chapters_dir.glob("*.md")) + sorted(chapters_dir.glob("*.yaml")):
        citations += find_citations(files.read_text(path, "chapter", config.shown(path)), config.shown(path))
    bib_path = config.input_path("bibliography")
    found = Diagnostics()  # this library's problems only: the report lists them, literature.strict promotes them
    bib = read_library(bib_path, config.shown(bib_path), found, cited={c.key for c in citations})
    keys = check_citations(citations, bib, found)
    result = check_literature(bib, keys, config, found, strict=strict)
    if strict or result.settings.strict:
        found = Diagnostics([Diagnostic(d.message, d.path, d.line, d.column, d.hint) for d in found.items])
    result.diagnostics = sorted(found.items, key=Diagnostic.sort_key)
    diags.extend(found)
    return result


def write_literature(result, config: Config, bibliography: Path, report_dir: Path) -> None:
    """results/references.bib (the cited entries only) and the report, profile and table in *report_dir*."""
    from naskah.literature.library import cited_subset
    from naskah.literature.report import write_outputs

    files.write_text(bibliography, cited_subset(result.bib, result.cited, config.language))
    write_outputs(result, report_dir)
