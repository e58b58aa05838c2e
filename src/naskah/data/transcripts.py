"""Informants and coded interview transcripts: reading and validation.

``data/informants.csv`` has one row per informant (pseudonym id, group,
category, descriptive columns). ``data/transcripts/<informant>.csv`` has one
row per turn: ``turn, speaker, text, codes``. Every problem of every file is
collected and reported together with its ``file:line``.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path

from naskah.core.errors import Diagnostics
from naskah.core.tables_io import read_table
from naskah.data.codebook import Codebook
from naskah.data.config import Config

INFORMANT_ID = re.compile(r"^[A-Za-z][A-Za-z0-9_-]*$")
INTERVIEWER = "P"
INFORMANT_COLUMNS = ["informant", "group", "category"]
TRANSCRIPT_COLUMNS = ["turn", "speaker", "text", "codes"]


@dataclass(frozen=True)
class Informant:
    id: str
    group: str
    category: str
    fields: dict[str, str]
    line: int


@dataclass(frozen=True)
class Turn:
    informant: str
    turn: int
    speaker: str
    text: str
    codes: tuple[str, ...]
    path: str
    line: int
    raw: str | None = None  # the transcript's text when `text` was redacted for display

    @property
    def ref(self) -> str:
        return f"{self.informant}:{self.turn}"


@dataclass
class Corpus:
    """All informants and all turns, validated against the codebook."""

    informants: list[Informant]
    groups: list[str]
    turns: list[Turn]
    files: dict[str, str] = field(default_factory=dict)  # informant -> transcript path as shown
    informants_path: str = ""
    redactions: list[dict] = field(default_factory=list)  # {ref, detector}: what was masked, never the value

    def informant(self, informant_id: str) -> Informant:
        return next(i for i in self.informants if i.id == informant_id)

    def turn(self, informant_id: str, number: int) -> Turn | None:
        return self._index.get((informant_id, number))

    @property
    def _index(self) -> dict[tuple[str, int], Turn]:
        if not hasattr(self, "_turn_index"):
            self._turn_index = {(t.informant, t.turn): t for t in self.turns}
        return self._turn_index


def split_codes(cell: str) -> list[str]:
    """Codes are separated by ';' (a ',' is accepted too: spreadsheets users type both)."""
    return [code.strip() for code in re.split(r"[;,]", cell) if code.strip()]


def read_informants(config: Config, diags: Diagnostics) -> tuple[list[Informant], list[str]]:
    path = config.input_path("informants")
    shown = config.shown(path)
    table = read_table(path, shown, INFORMANT_COLUMNS, diags)
    if table is None:
        return [], []
    for index, item in enumerate(config.data["tables"].get("informant_columns") or []):
        column = item if isinstance(item, str) else item["column"]
        if column not in table.columns:
            diags.error(f"tables.informant_columns names '{column}', which is not a column of {shown}",
                        config.path, config.line("tables", "informant_columns", index),
                        hint=f"use one of: {', '.join(table.columns)}")
    categories = config.data["informants"]["categories"]
    informants: list[Informant] = []
    first_line: dict[str, int] = {}
    for row in table.rows:
        values = row.values
        informant_id = values["informant"]
        if not INFORMANT_ID.match(informant_id) or informant_id == INTERVIEWER:
            diags.error(f"invalid informant id {informant_id!r}", shown, row.line,
                        hint="use a pseudonym code such as I01 (letters, digits, '_' or '-'; 'P' is the interviewer)")
            continue
        if informant_id in first_line:
            diags.error(f"informant {informant_id} is listed twice (first on line {first_line[informant_id]})",
                        shown, row.line, hint="keep one row per informant")
            continue
        first_line[informant_id] = row.line
        if not values["group"]:
            diags.error(f"informant {informant_id} has no group", shown, row.line,
                        hint="fill the 'group' column (e.g. the informant groups of your study)")
        if values["category"] not in categories:
            diags.error(f"informant {informant_id}: unknown category {values['category']!r}", shown, row.line,
                        hint=f"use one of: {', '.join(categories)} (set informants.categories in the config)")
        informants.append(Informant(informant_id, values["group"], values["category"], dict(values), row.line))
    configured = config.data["informants"].get("groups")
    seen_groups = list(dict.fromkeys(i.group for i in informants if i.group))
    if configured:
        for informant in informants:
            if informant.group and informant.group not in configured:
                diags.error(f"informant {informant.id}: group {informant.group!r} is not in informants.groups",
                            shown, informant.line, hint=f"use one of: {', '.join(configured)}, or add it to the config")
        groups = [g for g in configured if g in seen_groups]
    else:
        groups = seen_groups
    return sorted(informants, key=lambda i: i.id), groups


def read_transcript(path: Path, informant_id: str, shown: str, codebook: Codebook,
                    diags: Diagnostics) -> list[Turn]:
    table = read_table(path, shown, TRANSCRIPT_COLUMNS, diags)
    if table is None:
        return []
    known = codebook.codes
    turns: list[Turn] = []
    seen_turns: dict[int, int] = {}
    last_turn = 0
    for row in table.rows:
        values = row.values
        raw_turn = values["turn"]
        try:
            number = int(raw_turn)
        except ValueError:
            diags.error(f"turn {raw_turn!r} is not a whole number", shown, row.line,
                        hint="number the turns 1, 2, 3 … in the 'turn' column")
            continue
        if number in seen_turns:
            diags.error(f"turn {number} appears twice (first on line {seen_turns[number]})", shown, row.line,
                        hint="every turn needs its own number")
            continue
        if number <= last_turn:
            diags.error(f"turn {number} comes after turn {last_turn}: turns must increase", shown, row.line,
                        hint="keep the rows in interview order and renumber the turns")
        seen_turns[number] = row.line
        last_turn = max(last_turn, number)
        speaker = values["speaker"]
        if speaker not in (INTERVIEWER, informant_id):
            diags.error(f"speaker {speaker!r} is neither the interviewer 'P' nor the informant {informant_id}",
                        shown, row.line, hint=f"use 'P' for questions and '{informant_id}' for answers")
        text = values["text"]
        if not text:
            diags.error(f"turn {number} has no text", shown, row.line,
                        hint="fill in the verbatim text or delete the row")
        codes = split_codes(values["codes"])
        for code in codes:
            if code not in known:
                close = difflib.get_close_matches(code, list(known), n=1)
                suggestion = f"did you mean '{close[0]}'? " if close else ""
                diags.error(f"unknown code '{code}' in turn {number}", shown, row.line,
                            hint=f"{suggestion}use a code id from {codebook.path}")
        if codes and speaker == INTERVIEWER:
            diags.error(f"turn {number} is the interviewer's but carries codes ({';'.join(codes)})", shown, row.line,
                        hint="code the informant's answer, not the question")
        turns.append(Turn(informant_id, number, speaker, " ".join(text.split()),
                          tuple(dict.fromkeys(c for c in codes if c in known)), shown, row.line))
    return turns


def load_corpus(config: Config, codebook: Codebook, diags: Diagnostics | None = None) -> Corpus:
    """Read informants and every transcript; raise a ValidationError listing every problem found."""
    own = diags is None
    diags = diags if diags is not None else Diagnostics()
    informants, groups = read_informants(config, diags)
    known = {i.id: i for i in informants}
    informants_shown = config.shown(config.input_path("informants"))
    transcripts_dir = config.input_path("transcripts")
    files = config.transcript_files
    if not files:
        diags.error("no transcripts found (expected <informant>.csv files)", config.shown(transcripts_dir),
                    hint="put one CSV per interview in this folder, named after the informant (e.g. I01.csv)")
    turns: list[Turn] = []
    shown_files: dict[str, str] = {}
    for path in files:
        informant_id = path.stem
        shown = config.shown(path)
        if informant_id not in known:
            diags.error(f"transcript of '{informant_id}', who is not in {informants_shown}", shown, 1,
                        hint=f"add a row for {informant_id} to {informants_shown} or rename the file")
            continue
        shown_files[informant_id] = shown
        turns.extend(read_transcript(path, informant_id, shown, codebook, diags))
    for informant in informants:
        if informant.id not in shown_files and files:
            diags.error(f"informant {informant.id} has no transcript", informants_shown, informant.line,
                        hint=f"add {config.shown(transcripts_dir / (informant.id + '.csv'))} or remove this row")
    if own:
        diags.raise_if_errors()
    return Corpus(informants, groups, turns, shown_files, informants_shown)
