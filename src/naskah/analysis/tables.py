"""The Bab IV analysis: result tables and the facts chapters may quote.

Every table is written exactly as the reader sees it (localised headers,
empty cells where a stage is absent), so the CSV an advisor opens is the
"Tabel 4.x" of the draft. Numbers chapters use come from ``facts`` with the
turns they count, so each can be traced back to transcript rows. Headers and
captions name the model's levels as the codebook does (``levels: [Tema,
Subtema]``), so a thematic analysis is never labelled in stages.
"""

from __future__ import annotations

import re

from naskah.analysis.agreement import TABLE_ID as RELIABILITY
from naskah.analysis.agreement import agreement_facts, agreement_sources, reliability_frame, reliability_numeric
from naskah.analysis.exemplars import CodedTurn, exemplar_quotes, stage_turns
from naskah.core.errors import Diagnostics
from naskah.core.i18n import caption, labels, level_names, percent
from naskah.core.layout import FIGURE_IDS, TABLE_IDS
from naskah.core.messages import _
from naskah.core.suggest import did_you_mean
from naskah.core.table import DisplayTable, ResultTable  # noqa: F401 - ResultTable re-exported for the callers
from naskah.data.codebook import Codebook
from naskah.data.config import Config
from naskah.data.transcripts import (
    INTERVIEWER,
    Corpus,
    quote_source,  # noqa: F401 - re-exported
)

NUMERIC = re.compile(r"^\d+([.,]\d+)?%?( \(\d+\))?$")  # 12, 32,7%, 6 (20)


def compute_facts(corpus: Corpus, codebook: Codebook, of_stage: dict[str, list[CodedTurn]]) -> dict:
    """Every number a chapter may bind to, with the turns each one counts."""
    informant_turns = [t for t in corpus.turns if t.speaker != INTERVIEWER]
    by_group = {g: sum(1 for i in corpus.informants if i.group == g) for g in corpus.groups}
    categories = {}
    for informant in corpus.informants:
        categories[informant.category] = categories.get(informant.category, 0) + 1
    stages = []
    for number, stage in enumerate(codebook.stages, start=1):
        rows = of_stage.get(stage.id, [])
        groups = {}
        for group in corpus.groups:
            in_group = [row for row in rows if row.group == group]
            groups[group] = {"turns": len(in_group), "informants": _informants(in_group)}
        subcodes = []
        for sub in codebook.subcodes.get(stage.id, []):
            sub_rows = [row for row in rows if sub.id in row.subcodes]
            subcodes.append({"id": sub.id, "label": sub.label, "description": sub.description,
                             "turns": len(sub_rows), "informants": _informants(sub_rows),
                             "turn_refs": _refs(sub_rows)})
        stages.append({
            "id": stage.id, "label": stage.label, "description": stage.description, "number": number,
            "turns": len(rows), "informants": _informants(rows),
            "informant_ids": sorted({row.informant for row in rows}),
            "groups": groups, "subcodes": subcodes, "turn_refs": _refs(rows),
        })
    return {
        "levels": list(codebook.levels),  # the codebook's names of its levels (captions, the figure)
        "informants": {
            "total": len(corpus.informants),
            "pending": len(corpus.pending),
            "by_group": by_group,
            "by_category": dict(sorted(categories.items())),
            "groups": [{"name": g, "count": by_group[g],
                        "informants": [i.id for i in corpus.informants if i.group == g]} for g in corpus.groups],
        },
        "corpus": {
            "transcripts": len(corpus.files),
            "turns": len(informant_turns),
            "coded_turns": sum(1 for t in informant_turns if t.codes),
        },
        "stages": stages,
    }


def _informants(rows: list[CodedTurn]) -> int:
    return len({row.informant for row in rows})


def _refs(rows: list[CodedTurn]) -> list[str]:
    return [f"{i}:{t}" for i, t in sorted((row.informant, row.turn) for row in rows)]


def _table(rows: list[dict[str, str]], columns: list[str] | None = None) -> DisplayTable:
    """A display table from rows keyed by column (the columns in order of first appearance), a missing
    cell empty: what ``pandas.DataFrame(rows, columns=…)`` of strings writes as CSV."""
    if columns is None:
        columns = list(dict.fromkeys(column for row in rows for column in row))
    return DisplayTable(columns, [[row.get(column, "") for column in columns] for row in rows])


def informant_table(config: Config, corpus: Corpus) -> DisplayTable:
    lab = labels(config.language)
    columns = config.tables.get("informant_columns") or ["informant", "group", "category"]
    spec = [(c, c) if isinstance(c, str) else (c["column"], c.get("label", c["column"])) for c in columns]
    default_labels = {"informant": lab["informant"], "group": lab["group"], "category": lab["category"]}
    data = {}
    listed = sorted(corpus.informants + corpus.pending, key=lambda i: i.id)  # pending ones marked as such
    for column, label in spec:
        shown = default_labels.get(column, label) if label == column else label
        data[shown] = [(f"{i.id} ({lab['pending']})" if column == "informant" and i.pending else
                        i.fields.get(column, "")) for i in listed]
    return DisplayTable(list(data), [list(row) for row in zip(*data.values(), strict=True)] if data else [])


def stage_by_group_table(config: Config, facts: dict, levels=()) -> DisplayTable:
    """Stages × informant groups; each cell reads "informants (coded turns)", e.g. "6 (20)"."""
    lab = labels(config.language)
    level = level_names(levels, config.language)[0]
    sizes = facts["informants"]["by_group"]
    rows = []
    for stage in facts["stages"]:
        row = {level: stage["label"]}
        for group, counts in stage["groups"].items():
            row[f"{group} (n = {sizes[group]})"] = f"{counts['informants']} ({counts['turns']})"
        row[f"{lab['total']} (n = {facts['informants']['total']})"] = f"{stage['informants']} ({stage['turns']})"
        rows.append(row)
    return _table(rows)


def stage_coverage_table(config: Config, corpus: Corpus, codebook: Codebook,
                         of_stage: dict[str, list[CodedTurn]]) -> DisplayTable:
    lab = labels(config.language)
    counts: dict[tuple[str, str], int] = {}
    for stage_id, coded in of_stage.items():
        for coded_turn in coded:
            key = (coded_turn.informant, stage_id)
            counts[key] = counts.get(key, 0) + 1
    rows = []
    for informant in corpus.informants:
        row = {lab["informant"]: informant.id, lab["group"]: informant.group}
        for stage in codebook.stages:
            n = counts.get((informant.id, stage.id), 0)
            row[stage.label] = str(n) if n else ""  # empty where the stage is absent
        rows.append(row)
    return _table(rows)


def exemplar_table(config: Config, corpus: Corpus, codebook: Codebook) -> DisplayTable:
    lab = labels(config.language)
    level = level_names(codebook.levels, config.language)[0]
    n = config.tables.exemplar_quotes_per_stage
    by_stage = stage_turns(corpus, codebook)
    rows = []
    for stage in codebook.stages:
        for turn in exemplar_quotes(corpus, by_stage.get(stage.id, []), n):
            rows.append({level: stage.label, lab["quote"]: turn.text,
                         lab["source"]: quote_source(turn, config.language)})
    return _table(rows, [level, lab["quote"], lab["source"]])


def subcode_table(config: Config, facts: dict, levels=()) -> DisplayTable:
    lab = labels(config.language)
    level, sublevel = level_names(levels, config.language)
    share_column = lab["share_of_stage"].replace(lab["levels"][0].lower(), level.lower())
    rows = []
    for stage in facts["stages"]:
        for sub in stage["subcodes"]:
            share = sub["turns"] / stage["turns"] if stage["turns"] else 0.0
            rows.append({level: stage["label"], sublevel: sub["label"],
                         lab["turns"]: str(sub["turns"]), lab["informants"]: str(sub["informants"]),
                         share_column: percent(share, config.language)})
    return _table(rows, [level, sublevel, lab["turns"], lab["informants"], share_column])


def number_sources(config: Config, facts: dict, corpus: Corpus) -> dict:
    """For each number a chapter can print (by its template expression): the table cell showing it
    and the rows it counts (``I03:12`` transcript turns, or ``informants.csv:LINE`` rows)."""
    lab = labels(config.language)
    sizes = facts["informants"]["by_group"]
    total_column = f"{lab['total']} (n = {facts['informants']['total']})"
    informant_rows = [f"{corpus.informants_path}:{i.line}" for i in corpus.informants]
    group_of: dict[str, str] = {}  # as corpus.informant(id).group, without a search per turn
    for informant in corpus.informants:
        group_of.setdefault(informant.id, informant.group)
    sources = {"informants.total": {"cell": {"table": "informants", "row": None, "column": lab["informant"]},
                                    "refs": informant_rows},
               "informants.pending": {"cell": None,
                                      "refs": [f"{corpus.informants_path}:{i.line}" for i in corpus.pending]}}
    for group in corpus.groups:
        rows = [f"{corpus.informants_path}:{i.line}" for i in corpus.informants if i.group == group]
        for expr in (f'informants.by_group["{group}"]', f'informants.groups["{group}"].count'):
            sources[expr] = {"cell": {"table": "informants", "row": None, "column": lab["group"]}, "refs": rows}
    for stage in facts["stages"]:
        base = f"stage.{stage['id']}"
        cell = {"table": "stage-by-group", "row": stage["label"], "column": total_column}
        for measure in ("turns", "informants"):
            sources[f"{base}.{measure}"] = {"cell": cell, "refs": stage["turn_refs"]}
        ref_groups = [group_of[r.partition(":")[0]] for r in stage["turn_refs"]]
        for group in stage["groups"]:
            group_refs = [r for r, of in zip(stage["turn_refs"], ref_groups, strict=True) if of == group]
            group_cell = {"table": "stage-by-group", "row": stage["label"], "column": f"{group} (n = {sizes[group]})"}
            for measure in ("turns", "informants"):
                sources[f'{base}.groups["{group}"].{measure}'] = {"cell": group_cell, "refs": group_refs}
        for sub in stage["subcodes"]:
            for measure, column in (("turns", lab["turns"]), ("informants", lab["informants"])):
                sources[f"{base}.subcodes.{sub['id']}.{measure}"] = {
                    "cell": {"table": "subcode-frequencies", "row": f"{stage['label']} / {sub['label']}",
                             "column": column}, "refs": sub["turn_refs"]}
    return sources


def result_tables(config: Config, corpus: Corpus, codebook: Codebook) -> tuple[list[ResultTable], dict]:
    """Compute the five Bab IV tables and the facts behind them."""
    overrides = config.tables.get("captions", {})
    _check_caption_keys(config, overrides)
    coded = stage_turns(corpus, codebook)  # stage id → its coded turns, in corpus order
    facts = compute_facts(corpus, codebook, coded)
    facts["sources"] = number_sources(config, facts, corpus)
    informants_src = [corpus.informants_path]
    transcript_src = [corpus.files[k] for k in sorted(corpus.files)]
    codebook_src = [codebook.path]
    frames = {
        "informants": (informant_table(config, corpus), informants_src),
        "stage-by-group": (stage_by_group_table(config, facts, codebook.levels),
                           informants_src + codebook_src + transcript_src),
        "stage-coverage": (stage_coverage_table(config, corpus, codebook, coded),
                           informants_src + codebook_src + transcript_src),
        "exemplar-quotes": (exemplar_table(config, corpus, codebook), codebook_src + transcript_src),
        "subcode-frequencies": (subcode_table(config, facts, codebook.levels), codebook_src + transcript_src),
    }
    agreement = agreement_facts(corpus, codebook, config.language)
    if agreement:  # the reliability table exists only when a second coder does (naskah.analysis.agreement)
        facts["agreement"] = agreement
        facts["sources"].update(agreement_sources(config, agreement))
        frames[RELIABILITY] = (reliability_frame(config, agreement),
                               codebook_src + [corpus.files[k] for k in agreement["informant_ids"]])
    tables = []
    for table_id in TABLE_IDS:
        if table_id not in frames:
            continue
        frame, sources = frames[table_id]
        numeric = (reliability_numeric(config) if table_id == RELIABILITY
                   else [c for c in frame.columns if _is_numeric(frame[c])])
        tables.append(ResultTable(table_id, caption(table_id, config.language, codebook.levels, overrides), frame,
                                  numeric, sources))
    return tables, facts


CAPTION_KEYS = [*TABLE_IDS, *(f"figure:{f}" for f in FIGURE_IDS), "penelitian-terdahulu"]


def _check_caption_keys(config: Config, overrides: dict) -> None:
    """A caption set for a table or figure that does not exist would be ignored without a word."""
    diags = Diagnostics()
    for key in overrides:
        if key not in CAPTION_KEYS:
            diags.error(_("tables.captions: there is no table or figure '{key}'", key=key), config.path,
                        config.line("tables", "captions", key),
                        hint=did_you_mean(key, CAPTION_KEYS) + _("the keys are: {keys}", keys=", ".join(CAPTION_KEYS)))
    diags.raise_if_errors()


def _is_numeric(column: list[str]) -> bool:
    values = [v for v in column if v != ""]
    return bool(values) and all(NUMERIC.match(v) for v in values)
