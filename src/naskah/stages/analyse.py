"""Stage ``analyse``: the whole corpus at once → the Bab IV tables, the facts chapters bind to, the figures.

The counting is plain Python (no pandas: its import alone took longer than a thesis's analysis). Figure
labels pass the privacy detectors before anything is drawn: the guard can read an SVG afterwards, but
not the pixels of its PNG twin.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from naskah.core import files
from naskah.core.table import ResultTable
from naskah.data.codebook import Codebook
from naskah.data.config import Config
from naskah.data.transcripts import Corpus


@dataclass
class Analysis:
    config: Config
    codebook: Codebook
    corpus: Corpus
    tables: list[ResultTable]
    facts: dict


def analyse(config: Config) -> Analysis:
    """Validate the codebook, informants and transcripts and compute every table and fact (in memory)."""
    from naskah.analysis.tables import result_tables
    from naskah.provenance.corpus import build_inputs
    from naskah.stages.guard import figure_text

    codebook, corpus = build_inputs(config)  # the transcripts (or, in `naskah verify` without them, their records)
    tables, facts = result_tables(config, corpus, codebook)
    figure_text(config, codebook)
    return Analysis(config, codebook, corpus, tables, facts)


def write_analysis(result: Analysis, tables_dir: Path, meta: Path, facts: Path, figures_dir: Path,
                   disagreements: Path, snapshot: Path | None = None) -> None:
    """The tables as CSV (exactly what the reader sees), tables.json, facts.json, the figures (SVG + PNG)
    and the coders' disagreements; and the corpus's per-turn lines for assemble (*snapshot*)."""
    from naskah.analysis.agreement import TABLE_ID, disagreements_frame, reliability_frame
    from naskah.analysis.figures import FIGURES, write_figure
    from naskah.analysis.shared_refs import share_refs

    records = []
    for table in result.tables:
        files.write_text(tables_dir / f"{table.id}.csv", table.frame.to_csv(index=False, lineterminator="\n"))
        records.append({"id": table.id, "label": table.label, "caption": table.caption, "file": f"{table.id}.csv",
                        "rule": "analyse", "numeric": table.numeric, "sources": table.sources,
                        "shape": [int(table.frame.shape[0]), int(table.frame.shape[1])]})
    if TABLE_ID not in {t.id for t in result.tables}:  # no second coder: a header only, tables.json leaves it out
        files.write_text(tables_dir / f"{TABLE_ID}.csv",
                         reliability_frame(result.config, None).to_csv(index=False, lineterminator="\n"))
    files.write_text(disagreements, disagreements_frame(result.corpus, result.codebook)
                     .to_csv(index=False, lineterminator="\n"))
    files.write_json(meta, {"tables": records})
    files.write_json(facts, share_refs(result.facts))  # each list of references once (analysis/shared_refs.py)
    if snapshot is not None:
        from naskah.provenance.corpus import corpus_snapshot

        files.write_json(snapshot, corpus_snapshot(result.corpus))
    for figure_id, draw in FIGURES.items():
        write_figure(draw(result.facts, result.config.language), figures_dir / f"{figure_id}.svg")
