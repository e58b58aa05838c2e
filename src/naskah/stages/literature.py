"""Stage ``literature``: the library against the chapters' citations → the cited entries for pandoc, the
literature report and the Penelitian Terdahulu table.

Both steps run without Python's cycle collector. Reading a library builds about ten objects per
entry (bibtexparser's entries and fields, our records) that live until the process ends and form no
reference cycles, yet every collection of the oldest generation walks them all again: at 10,000
entries those walks were a fifth of the stage (issue 9: the stage within 1.5× of bibtexparser's bare
parse). When a step ends its objects are frozen (``gc.freeze``), so that neither the collections after
it nor the one at interpreter exit walk them; the next step, or the next run in the same process
(tests), first hands them back to the collector.
"""

from __future__ import annotations

import functools
import gc
from pathlib import Path

from naskah.core import files
from naskah.core.errors import Diagnostic, Diagnostics
from naskah.data.config import Config


def _without_cycle_collection(step):
    """*step* with the cycle collector off, its objects frozen when it ends (see the module docstring)."""

    @functools.wraps(step)
    def run(*args, **kwargs):
        enabled = gc.isenabled()
        gc.disable()
        gc.unfreeze()  # what an earlier step (or run) froze goes back to the collector
        try:
            return step(*args, **kwargs)
        finally:
            gc.freeze()
            if enabled:
                gc.enable()

    return run


@_without_cycle_collection
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


@_without_cycle_collection
def write_literature(result, config: Config, bibliography: Path, report_dir: Path,
                     csl_json: Path | None = None) -> None:
    """results/references.bib (the cited entries only), the same as CSL JSON for citeproc (*csl_json*:
    naskah.literature.csljson), and the report, profile and table in *report_dir*."""
    from naskah.literature import csljson
    from naskah.literature.library import cited_subset
    from naskah.literature.report import write_outputs

    files.write_text(bibliography, cited_subset(result.bib, result.cited, config.language))
    converting = csljson.start(bibliography) if csl_json is not None else None  # pandoc works while we write
    write_outputs(result, report_dir)
    if converting is not None:
        files.write_text(csl_json, csljson.finish(converting, bibliography))
