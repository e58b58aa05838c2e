"""``naskah check``: every validation of the build, in memory, without rendering — the same stages the
workflow runs (analyse, literature, assemble) and the guard over what they would write."""

from __future__ import annotations

from naskah.core.errors import Diagnostics, NaskahError
from naskah.data.config import Config


def check(config: Config) -> Diagnostics:
    """All problems found (errors and warnings); raises only for problems that stop everything else (an
    input outside the project, a missing input)."""
    from naskah.core.table import ResultTable
    from naskah.data.inputs import check_inputs
    from naskah.literature.checks import TABLE_ID, previous_studies_frame, table_meta
    from naskah.stages.analyse import analyse
    from naskah.stages.guard import in_memory
    from naskah.stages.literature import literature
    from naskah.writing.assemble import build_markdown

    diags = Diagnostics()
    try:
        config.style  # noqa: B018 - the house style: its preset and the config's overrides, file:line errors
    except NaskahError as exc:
        diags.absorb(exc)
    # as the workflow does before planning: an input outside the project is never read, a missing one is
    # reported at its config line (not as a file that cannot be found)
    check_inputs(config, diags).raise_if_errors()
    cited = literature(config, diags)
    try:
        analysis = analyse(config)
        diags.extend(analysis.corpus.warnings)
        if not diags.errors:  # the chapters need valid data and library
            by_id = {t.id: t for t in analysis.tables}
            frame = previous_studies_frame(cited)
            meta = table_meta(cited, frame)
            by_id[TABLE_ID] = ResultTable(TABLE_ID, meta["caption"], frame, meta["numeric"], meta["sources"],
                                          "literature")
            markdown, _numbered, context = build_markdown(config, analysis.codebook, analysis.corpus,
                                                          analysis.facts, by_id)
            diags.extend(context.warnings)
            diags.extend(in_memory(config, markdown, list(by_id.values()), set(cited.cited)))
    except NaskahError as exc:
        diags.absorb(exc)
    return diags
