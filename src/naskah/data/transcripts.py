"""Informants and coded interview transcripts: reading and validation.

``data/informants.csv`` has one row per informant (pseudonym id, group,
category, descriptive columns). ``data/transcripts/<informant>.csv`` has one
row per turn: ``turn, speaker, text, codes``. Every problem of every file is
collected and reported together with its ``file:line``.

Further coders' codings of the same turns sit in ``codes:<coder>`` columns, for
inter-coder reliability (``naskah.analysis.agreement``); ``codes`` stays the
coding the analysis uses. In such a column ``?`` is a missing value and so is a
turn outside the coder's range (before the first or after the last turn whose
cell is filled); an empty cell inside the range is "no code", and so is ``-``,
which can also open or close the range on a turn the coder left uncoded.

The files as students have them (``naskah.data.studentfiles``): a ``file`` column in
``informants.csv`` names an informant's transcript when its name is not the informant id (which
otherwise matches without regard to case), ``status: pending`` marks an interview not done yet
(a warning, not an error), a code written as its label is read as the code (with a warning), and
every other file of the transcripts folder is named in a warning.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field, replace
from pathlib import Path

from naskah.core.errors import Diagnostic, Diagnostics
from naskah.core.tables_io import read_table
from naskah.data.codebook import Codebook
from naskah.data.config import Config
from naskah.data.studentfiles import CodeReader, pending_status, transcript_map, unmatched_hint, unread_files

INFORMANT_ID = re.compile(r"^[A-Za-z][A-Za-z0-9_-]*$")
CODER_PREFIX = "codes:"  # further coders' columns: codes:<coder>
CODER_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_-]*$")
MISSING = "?"  # a coder's cell: this turn was not coded by this coder
NO_CODE = "-"  # a coder's cell: coded, no code (as an empty cell inside the range; it can end the range)
INTERVIEWER = "P"
INFORMANT_COLUMNS = ["informant", "group", "category"]
TRANSCRIPT_COLUMNS = ["turn", "speaker", "text", "codes"]
TURN_NUMBER = re.compile(r"^(\d+)(?:[.,]0+)?$")  # 12, and 12.0 / 12,0 as a spreadsheet writes a whole number


@dataclass(frozen=True)
class Informant:
    id: str
    group: str
    category: str
    fields: dict[str, str]
    line: int
    pending: bool = False  # `status: pending` in informants.csv: the interview is not done yet


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
    # further coders: (column "codes:<coder>", codes, or None where missing), for the columns of this file
    coders: tuple[tuple[str, tuple[str, ...] | None], ...] = field(default=(), compare=False)

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
    coders: list[str] = field(default_factory=list)  # the codes:<coder> columns that coded a turn, sorted
    pending: list[Informant] = field(default_factory=list)  # informants whose interview is not done yet
    warnings: list[Diagnostic] = field(default_factory=list)  # what loading found worth saying, not wrong

    def informant(self, informant_id: str) -> Informant:
        return next(i for i in self.informants if i.id == informant_id)

    def turn(self, informant_id: str, number: int) -> Turn | None:
        return self._index.get((informant_id, number))

    @property
    def _index(self) -> dict[tuple[str, int], Turn]:
        if not hasattr(self, "_turn_index"):
            self._turn_index = {(t.informant, t.turn): t for t in self.turns}
        return self._turn_index


def quote_source(turn: Turn, language: str) -> str:
    """How the thesis cites an informant's turn, e.g. "I03, giliran 12"."""
    from naskah.core.i18n import labels

    return f"{turn.informant}, {labels(language)['turn']} {turn.turn}"


def split_codes(cell: str) -> list[str]:
    """Codes are separated by ';' (a ',' is accepted too: spreadsheets users type both)."""
    return [code.strip() for code in re.split(r"[;,]", cell) if code.strip()]


def read_informants(config: Config, diags: Diagnostics,
                    pending: list[Informant] | None = None) -> tuple[list[Informant], list[str]]:
    """The interviewed informants, sorted by id, and the groups in table order; informants with
    ``status: pending`` are appended to *pending* (when given) and count nowhere."""
    path = config.input_path("informants")
    shown = config.shown(path)
    table = read_table(path, shown, INFORMANT_COLUMNS, diags)
    if table is None:
        return [], []
    for index, item in enumerate(config.tables.get("informant_columns") or []):
        column = item if isinstance(item, str) else item["column"]
        if column not in table.columns:
            diags.error(f"tables.informant_columns names '{column}', which is not a column of {shown}",
                        config.path, config.line("tables", "informant_columns", index),
                        hint=f"use one of: {', '.join(table.columns)}")
    categories = config.informants.categories
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
        is_pending = pending_status(values.get("status", ""))
        if is_pending is None:
            diags.error(f"informant {informant_id}: unknown status {values['status']!r}", shown, row.line,
                        hint="write 'pending' while the interview is not done yet, otherwise leave the cell empty")
        informant = Informant(informant_id, values["group"], values["category"], dict(values), row.line,
                              bool(is_pending))
        if informant.pending:
            if pending is not None:
                pending.append(informant)
            continue
        informants.append(informant)
    configured = config.informants.get("groups")
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
                    diags: Diagnostics, max_bytes: int | None = None) -> list[Turn]:
    table = read_table(path, shown, TRANSCRIPT_COLUMNS, diags, max_bytes)
    if table is None:
        return []
    if not table.rows:
        diags.error("the transcript has no turns (only a header row)", shown, 1,
                    hint="add the interview's turns, or remove the file and the informant until it is transcribed")
        return []
    known = codebook.codes
    coder_columns = _coder_columns(table.columns, shown, diags)
    turns: list[Turn] = []
    filled: dict[str, list[int]] = {column: [] for column in coder_columns}  # informant turns with a filled cell
    seen_turns: dict[int, int] = {}
    last_turn = 0
    reader = CodeReader(codebook, shown, diags)
    for row in table.rows:
        values = row.values
        raw_turn = values["turn"]
        whole = TURN_NUMBER.match(raw_turn)
        if whole:
            number = int(whole.group(1))
        else:
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
        codes = reader.resolve(split_codes(values["codes"]), row.line)
        _check_codes(codes, "", number, speaker, codebook, shown, row.line, diags, reader)
        coded_by = []
        for column in coder_columns:
            cell = values[column]
            theirs = [] if cell in (MISSING, NO_CODE) else reader.resolve(split_codes(cell), row.line)
            _check_codes(theirs, f" (column {column})", number, speaker, codebook, shown, row.line, diags, reader)
            if speaker != INTERVIEWER:
                if cell:
                    filled[column].append(number)
                coded_by.append((column, None if cell == MISSING else tuple(dict.fromkeys(c for c in theirs
                                                                                        if c in known))))
        turns.append(Turn(informant_id, number, speaker, " ".join(text.split()),
                          tuple(dict.fromkeys(c for c in codes if c in known)), shown, row.line,
                          coders=tuple(coded_by)))
    reader.report()
    return _coder_ranges(turns, filled) if coder_columns else turns


def _check_codes(codes: list[str], where: str, number: int, speaker: str, codebook: Codebook, shown: str,
                 line: int, diags: Diagnostics, reader: CodeReader | None = None) -> None:
    """Unknown codes, and codes on an interviewer's turn, in ``codes`` or a ``codes:<coder>`` column; an
    unknown code is reported in full once per file, its further lines in one message (see CodeReader)."""
    known = codebook.codes
    for code in codes:
        if code not in known and (reader is None or reader.first_unknown(code, line)):
            close = difflib.get_close_matches(code, list(known), n=1)
            suggestion = f"did you mean '{close[0]}'? " if close else ""
            diags.error(f"unknown code '{code}' in turn {number}{where}", shown, line,
                        hint=f"{suggestion}use a code id from {codebook.path}")
    if codes and speaker == INTERVIEWER:
        diags.error(f"turn {number} is the interviewer's but carries codes ({';'.join(codes)}){where}", shown, line,
                    hint="code the informant's answer, not the question")


def _coder_columns(columns: list[str], shown: str, diags: Diagnostics) -> list[str]:
    """The valid ``codes:<coder>`` columns of a transcript's header (line 1)."""
    valid = []
    for column in columns:
        if not column.startswith(CODER_PREFIX):
            continue
        name = column[len(CODER_PREFIX):]
        if not CODER_NAME.match(name):
            diags.error(f"column {column!r}: {name!r} is not a valid coder name", shown, 1,
                        hint="name a further coder's column codes:<coder>, the coder's name in letters, digits, "
                             "'_' or '-' starting with a letter (e.g. codes:coder2)")
            continue
        valid.append(column)
    return valid


def _coder_ranges(turns: list[Turn], filled: dict[str, list[int]]) -> list[Turn]:
    """A coder's range is from the first to the last informant turn whose cell is filled; outside it, missing."""
    bounds = {column: (min(numbers), max(numbers)) if numbers else (1, 0) for column, numbers in filled.items()}
    out = []
    for turn in turns:
        coded_by = tuple((column, codes if bounds[column][0] <= turn.turn <= bounds[column][1] else None)
                         for column, codes in turn.coders)
        out.append(replace(turn, coders=coded_by) if coded_by != turn.coders else turn)
    return out


def load_corpus(config: Config, codebook: Codebook, diags: Diagnostics | None = None) -> Corpus:
    """Read informants and every transcript; raise a ValidationError listing every problem found."""
    own = diags is None
    diags = diags if diags is not None else Diagnostics()
    errors_before, items_before = len(diags.errors), len(diags.items)
    pending: list[Informant] = []
    informants, groups = read_informants(config, diags, pending)
    # informants.csv could not be used at all (unreadable, a column missing): its own message says so; every
    # transcript is still checked, and the "who is not in informants.csv" each would get is counted, not listed
    unusable = not informants and not pending and len(diags.errors) > errors_before
    informants_shown = config.shown(config.input_path("informants"))
    transcripts_dir = config.input_path("transcripts")
    files = config.transcript_files
    unread_files(transcripts_dir, config.shown, diags)
    if not files and informants:
        diags.error("no transcripts found (expected <informant>.csv files)", config.shown(transcripts_dir),
                    hint="put one CSV per interview in this folder, named after the informant (e.g. I01.csv)")
    owner = transcript_map(informants + pending, files, config.shown, informants_shown, diags)
    waiting = {informant.id: informant for informant in pending}
    max_bytes = int(config.inputs.max_transcript_mb * 1024 * 1024)
    turns: list[Turn] = []
    shown_files: dict[str, str] = {}
    hidden = 0
    for path in files:
        shown = config.shown(path)
        informant_id = owner.get(path)
        if informant_id in waiting:
            diags.warning(f"{informant_id} is pending (status in {informants_shown}): this transcript is not read",
                          shown, hint="clear the status once the interview is transcribed")
            continue
        if informant_id is None:
            if unusable:
                read_transcript(path, path.stem, shown, codebook, diags, max_bytes)
                hidden += 1
                continue
            diags.error(f"transcript of '{path.stem}', who is not in {informants_shown}", shown, 1,
                        hint=unmatched_hint(path.stem, [i.id for i in informants + pending], informants_shown))
            continue
        shown_files[informant_id] = shown
        turns.extend(read_transcript(path, informant_id, shown, codebook, diags, max_bytes))
    if hidden:
        noun = "error" if hidden == 1 else "errors"
        diags.error(f"and {hidden} follow-on {noun} hidden: the transcripts cannot be matched to informants until "
                    f"{informants_shown} can be read", config.shown(transcripts_dir),
                    hint=f"fix the problem in {informants_shown} first")
    for informant in informants:
        if informant.id not in shown_files and files:
            expected = informant.fields.get("file") or f"{informant.id}.csv"
            diags.error(f"informant {informant.id} has no transcript", informants_shown, informant.line,
                        hint=f"add {config.shown(transcripts_dir / expected)}, write 'pending' in a 'status' column "
                             "while the interview is not done, or remove this row")
    for informant in pending:
        diags.warning(f"informant {informant.id} is pending: left out of the counts until the interview is done",
                      informants_shown, informant.line, hint="clear the status once the transcript is in place")
    warnings = [d for d in diags.items[items_before:] if d.severity != "error"]
    if own:
        diags.raise_if_errors()
    coders = sorted({column for turn in turns for column, codes in turn.coders if codes is not None})
    return Corpus(informants, groups, turns, shown_files, informants_shown, coders=coders, pending=pending,
                  warnings=warnings)
