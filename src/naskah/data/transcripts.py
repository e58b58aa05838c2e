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
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from naskah.core.errors import Diagnostic, Diagnostics
from naskah.core.messages import _, n_
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
CODE_SEPARATOR = re.compile(r"[;,]")


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
    # a corpus rebuilt from its per-turn record (naskah.provenance.corpus.recorded_corpus): the record, and
    # what reads one informant's displayed turns from the transcript when a turn's text is asked for
    record: dict | None = field(default=None, repr=False, compare=False)
    loader: Callable[[str], list[Turn]] | None = field(default=None, repr=False, compare=False)
    coded: list[tuple[str, int, int, tuple[str, ...]]] | None = field(default=None, repr=False, compare=False)

    def informant(self, informant_id: str) -> Informant:
        return next(i for i in self.informants if i.id == informant_id)

    def turn(self, informant_id: str, number: int) -> Turn | None:
        if self.loader is not None:
            return self._turns_of(informant_id).get(number)
        return self._index.get((informant_id, number))

    def _turns_of(self, informant_id: str) -> dict[int, Turn]:
        loaded = self.__dict__.setdefault("_loaded", {})
        if informant_id not in loaded:
            turns = self.loader(informant_id) if informant_id in self.files else []
            loaded[informant_id] = {t.turn: t for t in turns}
        return loaded[informant_id]

    @property
    def _index(self) -> dict[tuple[str, int], Turn]:
        if not hasattr(self, "_turn_index"):
            self._turn_index = {(t.informant, t.turn): t for t in self.turns}
        return self._turn_index


class TurnsOnDemand(Sequence):
    """The turns of a corpus rebuilt from its record, read from the transcripts the first time anything
    iterates over them (a quotation that matches no turn, looking for the closest one). What a build does
    with such a corpus never does: it reads the record and the turns it shows."""

    def __init__(self, read: Callable[[], list[Turn]]):
        self._read, self._turns = read, None

    def _all(self) -> list[Turn]:
        if self._turns is None:
            self._turns = self._read()
        return self._turns

    def __getitem__(self, index):
        return self._all()[index]

    def __len__(self) -> int:
        return len(self._all())

    def __iter__(self):
        return iter(self._all())


def quote_source(turn: Turn, language: str) -> str:
    """How the thesis cites an informant's turn, e.g. "I03, giliran 12"."""
    from naskah.core.i18n import labels

    return f"{turn.informant}, {labels(language)['turn']} {turn.turn}"


def split_codes(cell: str) -> list[str]:
    """Codes are separated by ';' (a ',' is accepted too: spreadsheets users type both)."""
    if not cell:  # most cells: every interviewer's turn, every informant turn left uncoded
        return []
    if ";" not in cell and "," not in cell:  # one code
        code = cell.strip()
        return [code] if code else []
    return [code.strip() for code in CODE_SEPARATOR.split(cell) if code.strip()]


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
            diags.error(_("tables.informant_columns names '{column}', which is not a column of {file}", column=column,
                          file=shown), config.path, config.line("tables", "informant_columns", index),
                        hint=_("use one of: {names}", names=", ".join(table.columns)))
    categories = config.informants.categories
    informants: list[Informant] = []
    first_line: dict[str, int] = {}
    for row in table.rows:
        values = row.values
        informant_id = values["informant"]
        if not INFORMANT_ID.match(informant_id) or informant_id == INTERVIEWER:
            diags.error(_("invalid informant id {id!r}", id=informant_id), shown, row.line,
                        hint=_("use a pseudonym code such as I01 (letters, digits, '_' or '-'; 'P' is the "
                               "interviewer)"))
            continue
        if informant_id in first_line:
            diags.error(_("informant {id} is listed twice (first on line {line})", id=informant_id,
                          line=first_line[informant_id]), shown, row.line, hint=_("keep one row per informant"))
            continue
        first_line[informant_id] = row.line
        if not values["group"]:
            diags.error(_("informant {id} has no group", id=informant_id), shown, row.line,
                        hint=_("fill the 'group' column (e.g. the informant groups of your study)"))
        if values["category"] not in categories:
            diags.error(_("informant {id}: unknown category {category!r}", id=informant_id,
                          category=values["category"]), shown, row.line,
                        hint=_("use one of: {names} (set informants.categories in the config)",
                               names=", ".join(categories)))
        is_pending = pending_status(values.get("status", ""))
        if is_pending is None:
            diags.error(_("informant {id}: unknown status {status!r}", id=informant_id, status=values["status"]),
                        shown, row.line, hint=_("write 'pending' while the interview is not done yet, otherwise "
                                                "leave the cell empty"))
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
                diags.error(_("informant {id}: group {group!r} is not in informants.groups", id=informant.id,
                              group=informant.group), shown, informant.line,
                            hint=_("use one of: {names}, or add it to the config", names=", ".join(configured)))
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
        diags.error(_("the transcript has no turns (only a header row)"), shown, 1,
                    hint=_("add the interview's turns, or remove the file and the informant until it is "
                           "transcribed"))
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
        if raw_turn.isdecimal():  # the common case, read as TURN_NUMBER would (its \d is a decimal digit)
            number = int(raw_turn)
        elif whole := TURN_NUMBER.match(raw_turn):
            number = int(whole.group(1))
        else:
            diags.error(_("turn {turn!r} is not a whole number", turn=raw_turn), shown, row.line,
                        hint=_("number the turns 1, 2, 3 … in the 'turn' column"))
            continue
        if number in seen_turns:
            diags.error(_("turn {turn} appears twice (first on line {line})", turn=number, line=seen_turns[number]),
                        shown, row.line, hint=_("every turn needs its own number"))
            continue
        if number <= last_turn:
            diags.error(_("turn {turn} comes after turn {last}: turns must increase", turn=number, last=last_turn),
                        shown, row.line, hint=_("keep the rows in interview order and renumber the turns"))
        seen_turns[number] = row.line
        last_turn = max(last_turn, number)
        speaker = values["speaker"]
        if speaker not in (INTERVIEWER, informant_id):
            diags.error(_("speaker {speaker!r} is neither the interviewer 'P' nor the informant {id}",
                          speaker=speaker, id=informant_id), shown, row.line,
                        hint=_("use 'P' for questions and '{id}' for answers", id=informant_id))
        text = values["text"]
        if not text:
            diags.error(_("turn {turn} has no text", turn=number), shown, row.line,
                        hint=_("fill in the verbatim text or delete the row"))
        codes = reader.resolve(split_codes(values["codes"]), row.line) if values["codes"] else []
        if codes:  # an empty cell has nothing to check (most cells are empty)
            _check_codes(codes, None, number, speaker, codebook, shown, row.line, diags, reader)
        coded_by = []
        for column in coder_columns:
            cell = values[column]
            theirs = [] if not cell or cell in (MISSING, NO_CODE) else reader.resolve(split_codes(cell), row.line)
            if theirs:
                _check_codes(theirs, column, number, speaker, codebook, shown, row.line, diags, reader)
            if speaker != INTERVIEWER:
                if cell:
                    filled[column].append(number)
                coded_by.append((column, None if cell == MISSING else
                                 tuple(dict.fromkeys(c for c in theirs if c in known)) if theirs else ()))
        turns.append(Turn(informant_id, number, speaker, " ".join(text.split()),
                          tuple(dict.fromkeys(c for c in codes if c in known)) if codes else (), shown, row.line,
                          coders=tuple(coded_by)))
    reader.report()
    return _coder_ranges(turns, filled) if coder_columns else turns


def _check_codes(codes: list[str], column: str | None, number: int, speaker: str, codebook: Codebook, shown: str,
                 line: int, diags: Diagnostics, reader: CodeReader | None = None) -> None:
    """Unknown codes, and codes on an interviewer's turn, in ``codes`` or a ``codes:<coder>`` *column*; an
    unknown code is reported in full once per file, its further lines in one message (see CodeReader)."""
    known = codebook.codes
    for code in codes:
        if code not in known and (reader is None or reader.first_unknown(code, line)):
            close = difflib.get_close_matches(code, list(known), n=1)
            suggestion = _("did you mean {name}? ", name="'" + close[0] + "'") if close else ""
            message = _("unknown code '{code}' in turn {turn} (column {column})", code=code, turn=number,
                        column=column) if column else _("unknown code '{code}' in turn {turn}", code=code, turn=number)
            diags.error(message, shown, line, hint=_("{suggestion}use a code id from {codebook}", suggestion=suggestion,
                                                     codebook=codebook.path))
    if codes and speaker == INTERVIEWER:
        message = _("turn {turn} is the interviewer's but carries codes ({codes}) (column {column})", turn=number,
                    codes=";".join(codes), column=column) if column else _(
            "turn {turn} is the interviewer's but carries codes ({codes})", turn=number, codes=";".join(codes))
        diags.error(message, shown, line, hint=_("code the informant's answer, not the question"))


def _coder_columns(columns: list[str], shown: str, diags: Diagnostics) -> list[str]:
    """The valid ``codes:<coder>`` columns of a transcript's header (line 1)."""
    valid = []
    for column in columns:
        if not column.startswith(CODER_PREFIX):
            continue
        name = column[len(CODER_PREFIX):]
        if not CODER_NAME.match(name):
            diags.error(_("column {column!r}: {name!r} is not a valid coder name", column=column, name=name), shown, 1,
                        hint=_("name a further coder's column codes:<coder>, the coder's name in letters, digits, "
                               "'_' or '-' starting with a letter (e.g. codes:coder2)"))
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
        diags.error(_("no transcripts found (expected <informant>.csv files)"), config.shown(transcripts_dir),
                    hint=_("put one CSV per interview in this folder, named after the informant (e.g. I01.csv)"))
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
            diags.warning(_("{id} is pending (status in {informants}): this transcript is not read", id=informant_id,
                            informants=informants_shown), shown,
                          hint=_("clear the status once the interview is transcribed"))
            continue
        if informant_id is None:
            if unusable:
                read_transcript(path, path.stem, shown, codebook, diags, max_bytes)
                hidden += 1
                continue
            diags.error(_("transcript of '{name}', who is not in {informants}", name=path.stem,
                          informants=informants_shown), shown, 1,
                        hint=unmatched_hint(path.stem, [i.id for i in informants + pending], informants_shown))
            continue
        shown_files[informant_id] = shown
        turns.extend(read_transcript(path, informant_id, shown, codebook, diags, max_bytes))
    if hidden:
        diags.error(n_("and {n} follow-on error hidden: the transcripts cannot be matched to informants until "
                       "{informants} can be read", "and {n} follow-on errors hidden: the transcripts cannot be "
                       "matched to informants until {informants} can be read", hidden, informants=informants_shown),
                    config.shown(transcripts_dir), hint=_("fix the problem in {informants} first",
                                                          informants=informants_shown))
    for informant in informants:
        if informant.id not in shown_files and files:
            expected = informant.fields.get("file") or f"{informant.id}.csv"
            diags.error(_("informant {id} has no transcript", id=informant.id), informants_shown, informant.line,
                        hint=_("add {file}, write 'pending' in a 'status' column while the interview is not done, "
                               "or remove this row", file=config.shown(transcripts_dir / expected)))
    for informant in pending:
        diags.warning(_("informant {id} is pending: left out of the counts until the interview is done",
                        id=informant.id), informants_shown, informant.line,
                      hint=_("clear the status once the transcript is in place"))
    warnings = [d for d in diags.items[items_before:] if d.severity != "error"]
    if own:
        diags.raise_if_errors()
    coders = sorted({column for turn in turns for column, codes in turn.coders if codes is not None})
    return Corpus(informants, groups, turns, shown_files, informants_shown, coders=coders, pending=pending,
                  warnings=warnings)
