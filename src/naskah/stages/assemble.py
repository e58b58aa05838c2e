"""Stage ``assemble``: the chapter templates filled from the analysis and the literature → one Markdown
file (results/thesis.md) and the records provenance needs (results/crossref.json)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from naskah.data.config import Config


@dataclass
class Draft:
    markdown: str
    numbered: object  # naskah.writing.crossref.CrossrefResult
    context: object  # naskah.writing.chapters.ChapterContext
    config: Config
    loaded: tuple  # (codebook, displayed corpus)
    tables_metas: list[Path]


def assemble(config: Config, tables_metas: list[Path], facts: Path, snapshot: Path | None = None) -> Draft:
    """Fill, number and cross-reference the chapters; the corpus's warnings are errors in a final copy.
    *snapshot*: analyse's per-turn lines (results/analysis/corpus.json), read instead of every transcript."""
    from naskah.provenance.corpus import build_inputs
    from naskah.writing.assemble import build_markdown, read_results

    # the transcripts (or analyse's snapshot of them, or in `naskah verify` without them, their records)
    codebook, corpus = build_inputs(config, snapshot)
    tables, fact_values = read_results(tables_metas, facts)
    markdown, numbered, context = build_markdown(config, codebook, corpus, fact_values, tables)
    if config.strict:  # the corpus's warnings (printed by analyse) are errors in a final copy
        context.warnings.extend(corpus.warnings)
    context.warnings.raise_if_errors(strict=config.strict)
    return Draft(markdown, numbered, context, config, (codebook, corpus), tables_metas)


def write_draft(draft: Draft, markdown: Path, crossref: Path, core: Path | None = None,
                panel: Path | None = None, records: Path | None = None, cited: Path | None = None,
                bibliography: Path | None = None) -> None:
    """thesis.md and crossref.json; and the core of the build's manifest (inputs, environment, tables,
    numbers, quotations — everything but the drafts' own hashes), which every draft carries inside.
    With *cited* (and the literature stage's CSL JSON *bibliography*): thesis.md read by pandoc and citeproc
    into the AST every render starts from, in a pandoc process that runs while the rest is written."""
    from contextlib import nullcontext

    from naskah.core import files
    from naskah.core.clock import source_date_epoch
    from naskah.provenance.manifest import build_manifest
    from naskah.render.pandoc import citing
    from naskah.writing.assemble import write_records

    files.write_text(markdown, draft.markdown)
    with citing(draft.config, markdown, bibliography, cited) if cited is not None else nullcontext():
        write_records(draft.context, crossref, panel, records)
        if core is not None:
            files.write_json(core, build_manifest(draft.config, [], draft.context.records, draft.tables_metas,
                                                  source_date_epoch(draft.config), draft.loaded))
