"""Inter-coder reliability: the statistics, and what the analysis makes of a second coder's codings.

Why it is here and written by hand: a thesis that reports "α = 0,812" must be able to show how that
number arises from its transcripts, and the usual Python packages for these coefficients are GPL
(an MIT project cannot depend on them) or pull in numpy for four short sums. The coefficients are
computed from one pass over a *units × coders* table (lists; ``None`` is a missing value), so
3 coders × 20,000 units take a few tens of milliseconds (``bench/bench_agreement.py``). The analysis,
which asks for ~30 such tables over every coded turn, passes each distinct row once with its count
(``_Units``, ``_Tally.counted``): a corpus has few distinct codings, and the sums stay exact.

Definitions (nominal data, any number of coders, missing values allowed):

- percent agreement: over the units with at least two values, the share of agreeing pairs of
  values within the unit, averaged over units (Gwet 2014's p_a; for two coders the share of
  units on which they agree);
- Cohen's κ: two coders, the units both coded; expected agreement from each coder's own marginals;
- Krippendorff's α: 1 − D_o/D_e from the coincidence matrix of the pairable values
  (Krippendorff 2011, "Computing Krippendorff's Alpha-Reliability");
- Gwet's AC1: (p_a − p_e)/(1 − p_e), p_e = Σ π_k(1 − π_k)/(q − 1), π_k the mean share of
  category k among the values of each unit with at least one value (Gwet 2014, ch. 5).

A coefficient that is undefined (no pairable unit, or no variation to correct for) is ``None``.

The rest of the module turns ``codes:<coder>`` columns of the transcripts (read by
``naskah.data.transcripts``) into the ``agreement`` facts (per code, per stage, overall, with the
turns each number counts), the "Reliabilitas antarkoder" table and the list of disagreements to
reconcile. Units are informant turns that at least two coders coded; a value is whether a coder
gave the turn a code (per code) or any code of a stage (per stage); "overall" pools the per-stage
decisions (turn × stage units). Tables are :class:`naskah.core.table.DisplayTable`, imported only
where one is built, so that the public ``naskah.agreement`` stays light.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Iterable, Sequence
from typing import TYPE_CHECKING

from naskah.core.i18n import labels, percent
from naskah.core.messages import _

if TYPE_CHECKING:  # only for annotations: importing them would load yaml and jsonschema
    from naskah.core.table import DisplayTable
    from naskah.data.codebook import Codebook
    from naskah.data.config import Config
    from naskah.data.transcripts import Corpus, Turn

Table = Iterable[Sequence[Hashable | None]]

TABLE_ID = "reliabilitas"
CONSENSUS = "codes"  # the transcripts' own column: the consensus (or, with one extra coder, the first coder)
MEASURES = ("percent", "kappa", "alpha", "ac1")
# Krippendorff (2004, p. 241): rely on variables with α ≥ .800; draw only tentative conclusions from
# .667 ≤ α < .800.
BANDS = ((0.800, "reliable"), (0.667, "tentative"))


def no_second_coder() -> tuple[str, str]:
    """Why a chapter cannot use the reliability table or `agreement` (message, hint), in the thesis language."""
    return (_("no transcript has a second coder's codings (a codes:<coder> column)"),
            _("add a codes:<coder> column to the transcripts a second coder coded (see the README's data "
              "contract), or leave the reliability table and agreement.* out of the chapter"))


# --- the statistics ------------------------------------------------------------------------------


class _Tally:
    """Everything the coefficients need, from one pass over the units."""

    __slots__ = ("units", "pairable", "agreement", "disagreement", "values", "rated", "prevalence")

    def __init__(self, table: Table):
        pairable = 0
        agreement = 0.0  # Σ over pairable units of the share of agreeing ordered pairs
        disagreement = 0.0  # Σ over pairable units of the disagreeing pairs / (m_u - 1)
        values: dict = {}  # n_c: how often each value occurs among pairable values
        prevalence: dict = {}  # Σ over rated units of n_uc / m_u
        rated = units = 0
        for row in table:
            units += 1
            present = [v for v in row if v is not None]
            m = len(present)
            if m == 0:
                continue
            rated += 1
            if m == 1:
                only = present[0]
                prevalence[only] = prevalence.get(only, 0.0) + 1.0
                continue
            pairable += 1
            if m == 2:  # the common case, without a dict per unit
                a, b = present
                for v in (a, b):
                    values[v] = values.get(v, 0) + 1
                if a == b:
                    prevalence[a] = prevalence.get(a, 0.0) + 1.0
                    agreement += 1.0
                else:
                    prevalence[a] = prevalence.get(a, 0.0) + 0.5
                    prevalence[b] = prevalence.get(b, 0.0) + 0.5
                    disagreement += 2.0
                continue
            counts: dict = {}
            for v in present:
                counts[v] = counts.get(v, 0) + 1
            same = 0
            for v, n in counts.items():
                same += n * n
                values[v] = values.get(v, 0) + n
                prevalence[v] = prevalence.get(v, 0.0) + n / m
            agreement += (same - m) / (m * (m - 1))
            disagreement += (m * m - same) / (m - 1)
        self.units, self.pairable, self.rated = units, pairable, rated
        self.agreement, self.disagreement = agreement, disagreement
        self.values, self.prevalence = values, prevalence

    @classmethod
    def counted(cls, rows: dict) -> _Tally:
        """The tally of a table given as ``{row: how many units have it}``, the rows in the order of their
        first unit, none with more than two values: every sum is then of halves and whole numbers, exact
        in any order, and the dictionaries fill in the same order, so every coefficient is the one the
        unit-by-unit tally gives, to the last bit (the analysis's tables repeat a few rows many times)."""
        tally = cls.__new__(cls)
        pairable = rated = units = 0
        agreement = disagreement = 0.0
        values: dict = {}
        prevalence: dict = {}
        for row, n in rows.items():
            units += n
            present = [v for v in row if v is not None]
            if not present:
                continue
            rated += n
            if len(present) == 1:
                only = present[0]
                prevalence[only] = prevalence.get(only, 0.0) + float(n)
                continue
            a, b = present  # more than two values: a ValueError (callers tally those unit by unit)
            pairable += n
            values[a] = values.get(a, 0) + n
            values[b] = values.get(b, 0) + n
            if a == b:
                prevalence[a] = prevalence.get(a, 0.0) + float(n)
                agreement += float(n)
            else:
                prevalence[a] = prevalence.get(a, 0.0) + 0.5 * n
                prevalence[b] = prevalence.get(b, 0.0) + 0.5 * n
                disagreement += 2.0 * n
        tally.units, tally.pairable, tally.rated = units, pairable, rated
        tally.agreement, tally.disagreement = agreement, disagreement
        tally.values, tally.prevalence = values, prevalence
        return tally

    def percent(self) -> float | None:
        return self.agreement / self.pairable if self.pairable else None

    def alpha(self) -> float | None:
        n = sum(self.values.values())
        expected = n * n - sum(c * c for c in self.values.values())  # Σ_{c≠k} n_c n_k
        if not self.pairable or expected == 0:
            return None
        return 1.0 - (n - 1) * self.disagreement / expected

    def ac1(self, categories: Sequence[Hashable] | None) -> float | None:
        observed = self.percent()
        if observed is None:
            return None
        if categories is None:
            q = len(self.prevalence)
        else:
            unknown = [v for v in self.prevalence if v not in set(categories)]
            if unknown:
                raise ValueError(f"value {unknown[0]!r} is not one of the categories {list(categories)!r}")
            q = len(set(categories))
        if q < 2:
            return None
        chance = sum((p / self.rated) * (1.0 - p / self.rated) for p in self.prevalence.values()) / (q - 1)
        return (observed - chance) / (1.0 - chance)


def percent_agreement(table: Table) -> float | None:
    """Share of agreeing pairs of values within each unit, averaged over the units with ≥ 2 values."""
    return _Tally(table).percent()


def krippendorff_alpha(table: Table) -> float | None:
    """Krippendorff's α for nominal values; any number of coders, ``None`` for a missing value."""
    return _Tally(table).alpha()


def gwet_ac1(table: Table, categories: Sequence[Hashable] | None = None) -> float | None:
    """Gwet's AC1. *categories*: the possible values (default: the values that occur); for a
    presence/absence code pass ``(False, True)``, so that a code nobody used still has two."""
    return _Tally(table).ac1(categories)


def cohen_kappa(table: Table) -> float | None:
    """Cohen's κ for exactly two coders, over the units both coded."""
    return _counted_kappa(Counter(tuple(row) for row in table))  # sums of whole numbers: exact in any order


def reliability(table: Table, categories: Sequence[Hashable] | None = None) -> dict:
    """All four coefficients and the number of pairable units, from one pass (κ only for two coders)."""
    rows = table if isinstance(table, list) else list(table)
    tally = _Tally(rows)
    two = bool(rows) and all(len(r) == 2 for r in rows)
    return {"units": tally.pairable, "percent": tally.percent(), "kappa": cohen_kappa(rows) if two else None,
            "alpha": tally.alpha(), "ac1": tally.ac1(categories)}


def band(alpha: float | None) -> str:
    """Krippendorff's (2004) reading of α: reliable (≥ .800), tentative (≥ .667) or unreliable."""
    if alpha is None:
        return "undefined"
    for threshold, name in BANDS:
        if round(alpha, 3) >= threshold:
            return name
    return "unreliable"


# --- the corpus: who is compared, on which turns ---------------------------------------------------


def compared_coders(corpus: Corpus) -> list[str]:
    """The columns compared: the ``codes:<coder>`` columns when there are two or more (``codes`` is then
    the consensus only); with one, ``codes`` (the researcher's coding) and that column; none: []."""
    extra = list(corpus.coders)
    if len(extra) >= 2:
        return extra
    return [CONSENSUS, *extra] if extra else []


def _codings(turn: Turn, coders: list[str]) -> list[tuple[str, ...] | None]:
    own = dict(turn.coders)
    return [turn.codes if coder == CONSENSUS else own.get(coder) for coder in coders]


def reliability_sample(corpus: Corpus, coders: list[str]) -> list[tuple[Turn, list]]:
    """The informant turns at least two of *coders* coded, in transcript order, with each coder's codes."""
    sample = []
    for turn in sorted(corpus.turns, key=lambda t: (t.informant, t.turn)):
        if turn.speaker == "P":  # naskah.data.transcripts.INTERVIEWER (not imported: it would load yaml)
            continue
        codings = _codings(turn, coders)
        if sum(c is not None for c in codings) >= 2:
            sample.append((turn, codings))
    return sample


def _code_order(codebook: Codebook) -> dict[str, str]:
    """Every code id in codebook order (a stage, then its sub-codes) → its stage."""
    order = {}
    for stage in codebook.stages:
        order[stage.id] = stage.id
        for sub in codebook.subcodes.get(stage.id, []):
            order[sub.id] = stage.id
    return order


def _expanded(sample: list, stage_of: dict[str, str]) -> list[list[frozenset | None]]:
    """Each coding as the set of codes it implies: its codes and their stages (a turn coded with a
    sub-code counts for its stage, so ``kontak;kontak_profil`` and ``kontak_profil`` agree)."""
    sets: dict[tuple, frozenset] = {}  # each distinct coding once: one frozenset shared by its turns

    def implied(codes: tuple) -> frozenset:
        found = sets.get(codes)
        if found is None:
            found = sets[codes] = frozenset(codes) | {stage_of[code] for code in codes}
        return found

    return [[None if c is None else implied(c) for c in codings] for _, codings in sample]


def _with_band(entry: dict, language: str) -> dict:
    entry["band"] = band(entry["alpha"])
    entry["band_label"] = labels(language)["agreement"]["bands"][entry["band"]]
    return entry


def _measures(rows: list, two_coders: bool) -> dict:
    tally = _Tally(rows)
    return {"units": tally.pairable, "percent": tally.percent(),
            "kappa": cohen_kappa(rows) if two_coders else None,
            "alpha": tally.alpha(), "ac1": tally.ac1((False, True))}


class _Units:
    """The sample's units grouped by their codings (as :func:`_expanded` gives them): a corpus has far fewer
    distinct codings than turns, so a code's row is worked out once per distinct coding, not once per turn."""

    def __init__(self, expanded: list):
        index: dict[tuple, int] = {}
        self.of_unit = [index.setdefault(tuple(sets), len(index)) for sets in expanded]  # unit -> its coding
        self.codings = list(index)  # in the order of their first unit
        self.units: list[list[int]] = [[] for _ in self.codings]  # coding -> its units, in sample order
        for unit, coding in enumerate(self.of_unit):
            self.units[coding].append(unit)
        self.sizes = [len(units) for units in self.units]

    def rows(self, code_id: str) -> list[tuple]:
        """Per distinct coding, each coder's value for *code_id* (None: missing)."""
        return [tuple(None if c is None else code_id in c for c in coding) for coding in self.codings]

    def measures(self, tables: list[list[tuple]], two_coders: bool) -> dict:
        """:func:`_measures` of the units' rows, one table (from :meth:`rows`) after the other, from the count
        of each distinct row — unit by unit where a row has more than two values (see ``_Tally.counted``)."""
        counted: dict[tuple, int] = {}
        for rows in tables:
            for row, n in zip(rows, self.sizes, strict=True):
                counted[row] = counted.get(row, 0) + n
        if any(sum(v is not None for v in row) > 2 for row in counted):
            return _measures([list(rows[coding]) for rows in tables for coding in self.of_unit], two_coders)
        tally = _Tally.counted(counted)
        return {"units": tally.pairable, "percent": tally.percent(),
                "kappa": _counted_kappa(counted) if two_coders else None,
                "alpha": tally.alpha(), "ac1": tally.ac1((False, True))}

    def differing(self, rows: list[tuple]) -> list[int]:
        """The units, in sample order, whose coders gave different values."""
        units = [unit for row, units in zip(rows, self.units, strict=True)
                 if len({v for v in row if v is not None}) > 1 for unit in units]
        return sorted(units)


def _counted_kappa(rows: dict) -> float | None:
    """:func:`cohen_kappa` of a table given as ``{row: how many units have it}`` (whole numbers: exact)."""
    first: dict = {}
    second: dict = {}
    n = agree = 0
    for row, count in rows.items():
        if len(row) != 2:
            raise ValueError(f"Cohen's kappa compares two coders; a unit has {len(row)} values")
        a, b = row
        if a is None or b is None:
            continue
        n += count
        agree += count if a == b else 0
        first[a] = first.get(a, 0) + count
        second[b] = second.get(b, 0) + count
    if not n:
        return None
    expected = sum(count * second.get(value, 0) for value, count in first.items()) / (n * n)
    if expected == 1.0:
        return None
    return (agree / n - expected) / (1.0 - expected)


def _entry(refs: list[str], units: _Units, code_id: str, two_coders: bool, language: str) -> tuple[dict, list]:
    rows = units.rows(code_id)
    entry = _with_band(units.measures([rows], two_coders), language)
    entry["disagreements"] = [refs[unit] for unit in units.differing(rows)]
    return entry, rows


def agreement_facts(corpus: Corpus, codebook: Codebook, language: str = "id") -> dict | None:
    """The ``agreement`` facts, or None when no transcript has a second coder's column.

    ``stages`` and ``codes`` are keyed by id (``agreement.stages.kontak.alpha``); every entry has
    ``units`` (turns), ``percent`` (0..1), ``kappa``, ``alpha``, ``ac1``, ``band`` (reliable, tentative,
    unreliable, undefined) and ``band_label`` (the same in the thesis language), ``disagreements`` and
    ``turn_refs`` (the turns counted). A stage's value is whether a coder gave the turn any code
    of the stage; a code's, whether the coder gave it that code (``codes.<stage id>`` is the stage).
    ``overall`` pools the stage decisions: one unit per turn and stage.
    """
    coders = compared_coders(corpus)
    if not coders:
        return None
    sample = reliability_sample(corpus, coders)
    refs = [t.ref for t, _ in sample]
    stage_of = _code_order(codebook)
    units = _Units(_expanded(sample, stage_of))
    two = len(coders) == 2
    stages, codes = {}, {}
    pooled: list = []  # the stages' tables, one after the other
    for number, stage in enumerate(codebook.stages, start=1):
        entry, rows = _entry(refs, units, stage.id, two, language)
        pooled.append(rows)
        stages[stage.id] = {"id": stage.id, "label": stage.label, "number": number, **entry, "turn_refs": refs}
    labels_of = {code.id: code.label for code in codebook.codes.values()}
    for code_id, stage_id in stage_of.items():
        entry, _ = _entry(refs, units, code_id, two, language)
        codes[code_id] = {"id": code_id, "label": labels_of[code_id], "stage": stage_id, **entry, "turn_refs": refs}
    overall = _with_band(units.measures(pooled, two), language)
    stage_level = sorted({ref for s in stages.values() for ref in s["disagreements"]}, key=_ref_key)
    disagreeing = sorted({ref for c in codes.values() for ref in c["disagreements"]}, key=_ref_key)  # the CSV's rows
    return {
        "coders": coders,
        "consensus_compared": CONSENSUS in coders,
        "turns": len(sample),
        "transcripts": len({t.informant for t, _ in sample}),
        "informant_ids": sorted({t.informant for t, _ in sample}),
        "turn_refs": refs,
        "disagreeing_turns": len(disagreeing),
        "disagreement_refs": disagreeing,
        "overall": {**overall, "turn_refs": refs, "disagreements": stage_level},
        "stages": stages,
        "codes": codes,
    }


def _ref_key(ref: str) -> tuple[str, int]:
    informant, turn = ref.rsplit(":", 1)
    return informant, int(turn)


# --- what the thesis shows ---------------------------------------------------------------------------


def decimal(value: float | None, language: str, digits: int = 3) -> str:
    """A coefficient as the thesis prints it: "0,812" (Indonesian) or "0.812"; "–" when undefined."""
    if value is None:
        return "–"
    text = f"{value:.{digits}f}"
    if text.startswith("-") and float(text) == 0:
        text = text[1:]  # no "-0,000"
    return text.replace(".", ",") if labels(language)["decimal"] == "," else text


def _columns(language: str) -> list[str]:
    lab = labels(language)["agreement"]
    return [labels(language)["stage"], lab["units"], lab["percent"], lab["kappa"], lab["alpha"], lab["ac1"]]


def reliability_frame(config: Config, agreement: dict | None) -> DisplayTable:
    """Rows per stage (codebook order) and overall; header only when there is no second coder."""
    from naskah.core.table import DisplayTable

    language = config.language
    columns = _columns(language)
    rows = []
    if agreement:
        entries = sorted(agreement["stages"].values(), key=lambda s: s["number"])
        entries.append({**agreement["overall"], "label": labels(language)["agreement"]["overall"]})
        for entry in entries:
            rows.append([entry["label"], str(entry["units"]),
                         "–" if entry["percent"] is None else percent(entry["percent"], language),
                         decimal(entry["kappa"], language), decimal(entry["alpha"], language),
                         decimal(entry["ac1"], language)])
    return DisplayTable(columns, rows)


def reliability_numeric(config: Config) -> list[str]:
    """The table's right-aligned columns (a "–" or a negative κ must not turn a column into text)."""
    return _columns(config.language)[1:]


def agreement_sources(config: Config, agreement: dict | None) -> dict:
    """For each ``agreement.…`` number: the reliability-table cell showing it and the turns it counts."""
    if not agreement:
        return {}
    columns = dict(zip(("units", *MEASURES), _columns(config.language)[1:], strict=True))
    overall_row = labels(config.language)["agreement"]["overall"]
    sources = {}
    for base, entry, row in ([("agreement.overall", agreement["overall"], overall_row)]
                             + [(f"agreement.stages.{k}", v, v["label"]) for k, v in agreement["stages"].items()]
                             + [(f"agreement.codes.{k}", v, None) for k, v in agreement["codes"].items()]):
        for measure in ("units", *MEASURES):
            cell = {"table": TABLE_ID, "row": row, "column": columns[measure]} if row is not None else None
            sources[f"{base}.{measure}"] = {"cell": cell, "refs": entry["turn_refs"]}
        sources[f"{base}.disagreements"] = {"cell": None, "refs": entry["disagreements"]}
    for measure in ("turns", "transcripts", "disagreeing_turns"):
        refs = agreement["disagreement_refs"] if measure == "disagreeing_turns" else agreement["turn_refs"]
        sources[f"agreement.{measure}"] = {"cell": None, "refs": refs}
    return sources


DISAGREEMENT_COLUMNS = ["informant", "turn", "source", "differs"]


def disagreements_frame(corpus: Corpus, codebook: Codebook) -> DisplayTable:
    """``results/agreement/disagreements.csv``: every turn on which the compared coders' codes differ,
    with each coder's codes, the codes not all of them gave, and the text, for reconciliation."""
    from naskah.core.table import DisplayTable

    coders = compared_coders(corpus)
    columns = [*DISAGREEMENT_COLUMNS[:3], *coders, DISAGREEMENT_COLUMNS[3], "text"]
    sample = reliability_sample(corpus, coders)
    stage_of = _code_order(codebook)
    rows = []
    differing: dict[tuple, list[str]] = {}  # by coding: few distinct ones among many turns
    for (turn, codings), sets in zip(sample, _expanded(sample, stage_of), strict=True):
        key = tuple(sets)
        differs = differing.get(key)
        if differs is None:
            present = [s for s in sets if s is not None]
            differs = differing[key] = [code for code in stage_of if any(code in s for s in present)
                                        and not all(code in s for s in present)]
        if not differs:
            continue
        cells = ["?" if c is None else ";".join(c) for c in codings]
        rows.append([turn.informant, str(turn.turn), f"{turn.path}:{turn.line}", *cells, ";".join(differs),
                     turn.text])
    return DisplayTable(columns, rows)
