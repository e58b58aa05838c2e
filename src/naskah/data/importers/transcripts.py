"""Transcripts kept outside a QDA tool: ``.docx``, ``.txt`` and spreadsheets; and finding turns in a text.

A transcript in Word or a text file marks its speakers with line prefixes, in one of a few
styles students and transcription tools use: ``Name:``, ``P:``, ``[Name]``, ``#Name:``, each
perhaps after a timestamp. Every style is tried on the whole text and the one that yields the
most turns wins; a label counts as a speaker only when it starts at least two lines, or is a
well-known role (``P``, ``Peneliti``, ``Interviewer`` …) or a pseudonym (``I01``), so that a
sentence such as "Jadi begini: …" does not become a speaker. Lines before the first turn are
reported, lines after a turn without a prefix continue it.

Who is the interviewer: a label given with ``--interviewer``, else a well-known interviewer
label, else the speaker whose turns end in a question mark most often. Everyone else speaks for
the informant (the native format has two speakers per transcript; the report says when a
transcript had more).

Word files are read with the standard library (a .docx is a zip of XML): paragraphs in order,
a table row ``speaker | text`` as one ``speaker: text`` line. Spreadsheets (``.xlsx`` via
python-calamine, ``.csv``) hold one interview per sheet, or one sheet with an informant column,
with a speaker and a text column and perhaps a turn number and codes.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from naskah.core.errors import Diagnostics, InputError
from naskah.core.messages import _
from naskah.data.importers import readers
from naskah.data.importers.model import Fragment, Source, Span, Turn, source_key, split_path
from naskah.data.importers.xmltree import parse

TIMESTAMP = r"(?:[\[(]?\d{1,2}:\d{2}(?::\d{2})?(?:[.,-]\d+)?[\])]?\s*)?"
NAME = r"[^\W\d_][\w .'’()/&-]{0,39}?"
PATTERNS = [
    ("Name:", re.compile(rf"^\s*{TIMESTAMP}(?P<name>{NAME})\s*:(?!//)\s*(?P<rest>.*)$")),
    ("[Name]", re.compile(rf"^\s*{TIMESTAMP}\[(?P<name>{NAME})\]\s*:?\s*(?P<rest>.*)$")),
    ("#Name:", re.compile(rf"^\s*#(?P<name>{NAME})\s*:\s*(?P<rest>.*)$")),
]
INTERVIEWER_LABELS = {"p", "peneliti", "pewawancara", "interviewer", "int", "iv", "q", "t", "tanya", "pertanyaan",
                      "penanya", "researcher", "moderator", "mod", "penulis"}
INFORMANT_LABELS = {"j", "jawab", "jawaban", "a", "answer", "informan", "narasumber", "n", "responden", "b",
                    "subjek", "s", "partisipan", "participant"}
PSEUDONYM = re.compile(r"^[A-Za-z]{1,4}[-_]?\d{1,4}$")
WORD_ML = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MAX_DOCX_XML = 100 * 1024 * 1024
SPEAKER_COLUMNS = ("speaker", "pembicara", "penutur", "nama", "speaker name", "role", "peran")
TEXT_COLUMNS = ("text", "teks", "ucapan", "isi", "transcript", "transkrip", "utterance", "verbatim", "kalimat")
TURN_COLUMNS = ("turn", "giliran", "no", "nomor", "#")
INFORMANT_COLUMNS = ("informant", "informan", "interview", "wawancara", "document", "dokumen", "file", "source")
CODE_COLUMNS = ("codes", "kode", "code", "codes/tags")


def canonical(label: str) -> str:
    return " ".join(label.split()).casefold()


@dataclass
class Segmented:
    turns: list[Turn]
    style: str  # the prefix style used, or "paragraphs"
    unassigned: list[tuple[int, str]] = field(default_factory=list)  # (line, text) before the first turn


def segment(text: str, known: set[str] | None = None) -> Segmented:
    """The speaker turns of *text*, with the prefix style that finds the most (*known* labels always count)."""
    known = {canonical(label) for label in known or ()}
    lines = text.split("\n")
    starts, position = [], 0
    for line in lines:
        starts.append(position)
        position += len(line) + 1
    best: Segmented | None = None
    for style, pattern in PATTERNS:
        matches = [(i, m) for i, line in enumerate(lines) if (m := pattern.match(line))
                   and len(m.group("name").split()) <= 4]
        counts: dict[str, int] = {}
        for _line, match in matches:
            counts[canonical(match.group("name"))] = counts.get(canonical(match.group("name")), 0) + 1
        valid = {label for label, count in counts.items() if count >= 2 or label in known
                 or label in INTERVIEWER_LABELS or label in INFORMANT_LABELS or PSEUDONYM.match(label)}
        heads = [(i, m) for i, m in matches if canonical(m.group("name")) in valid]
        if heads and (best is None or len(heads) > len(best.turns)):
            best = _turns(text, lines, starts, heads, style)
    if best is None:  # no speaker labels at all: one turn per paragraph
        turns = [Turn("", starts[i] + len(line) - len(line.lstrip()), starts[i] + len(line.rstrip()))
                 for i, line in enumerate(lines) if line.strip()]
        return Segmented(turns, "paragraphs")
    return best


def _turns(text: str, lines: list[str], starts: list[int], heads: list, style: str) -> Segmented:
    turns = []
    unassigned = [(i + 1, lines[i].strip()) for i in range(heads[0][0]) if lines[i].strip()]
    for index, (line_no, match) in enumerate(heads):
        last = heads[index + 1][0] - 1 if index + 1 < len(heads) else len(lines) - 1
        start = starts[line_no] + match.start("rest")
        end = starts[last] + len(lines[last])
        while end > start and text[end - 1].isspace():
            end -= 1
        while start < end and text[start].isspace():
            start += 1
        turns.append(Turn(" ".join(match.group("name").split()), start, end))
    return Segmented(turns, style, unassigned)


def roles(turns: list[Turn], text: str, informant: str, interviewer: set[str]) -> tuple[set[str], str]:
    """The labels that are the interviewer's, and how that was decided (for the report)."""
    labels = list(dict.fromkeys(canonical(t.speaker) for t in turns if t.speaker))
    if not labels:
        return set(), "no speaker labels: every paragraph is the informant's"
    given = {canonical(name) for name in interviewer}
    if given & set(labels):
        return given & set(labels), "named with --interviewer"
    known = {label for label in labels if label in INTERVIEWER_LABELS}
    if known:
        return known, "a usual interviewer label"
    candidates = [label for label in labels if label not in INFORMANT_LABELS and label != canonical(informant)]
    questions = {}
    for label in candidates:
        own = [text[t.start:t.end].rstrip() for t in turns if canonical(t.speaker) == label]
        questions[label] = sum(1 for said in own if said.endswith("?")) / max(len(own), 1)
    if questions:
        label = max(questions, key=lambda lab: (questions[lab], -labels.index(lab)))
        if questions[label] >= 0.3 or len(labels) == 2:
            return {label}, f"'{label}' asks the questions"
    return set(), "no interviewer found: every turn is the informant's"


def read_text_file(path: Path, shown: str, diags: Diagnostics) -> Fragment:
    text = readers.decode(readers.read_bytes(path, shown), shown, diags)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    fragment = Fragment(shown, "text transcript")
    fragment.sources.append(Source(source_key(path.name), path.stem, shown, text))
    return fragment


def read_docx(path: Path, shown: str, diags: Diagnostics) -> Fragment:
    readers.read_bytes(path, shown)
    try:
        with zipfile.ZipFile(path) as archive:
            info = archive.getinfo("word/document.xml")
            if info.file_size > MAX_DOCX_XML:
                raise InputError(_("the document's text is larger than {limit} MB", limit=MAX_DOCX_XML // 1048576),
                                 shown, hint=_("split the document"))
            data = archive.read(info)
    except KeyError:
        raise InputError(_("not a Word document (no word/document.xml inside)"), shown,
                         hint=_("save it from Word or LibreOffice as .docx")) from None
    except (zipfile.BadZipFile, OSError) as exc:
        raise InputError(_("not a complete .docx file ({error})", error=exc), shown,
                         hint=_("the file is damaged or was cut short: save it again from Word")) from None
    root = parse(data, f"{shown}/word/document.xml")
    body = root.find("body")
    lines: list[str] = []
    for block in body.children if body is not None else []:
        if block.tag == "p":
            lines.append(_paragraph(block))
        elif block.tag == "tbl":
            for row in block.iter("tr"):
                cells = [" ".join(_paragraph(p) for p in cell.iter("p")).strip() for cell in row.findall("tc")]
                if len(cells) == 2 and 0 < len(cells[0]) <= 40 and not cells[0].endswith(":"):
                    lines.append(f"{cells[0]}: {cells[1]}")
                else:
                    lines.append("\t".join(cells))
    fragment = Fragment(shown, "Word transcript")
    fragment.sources.append(Source(source_key(path.name), path.stem, shown, "\n".join(lines)))
    return fragment


def _paragraph(node) -> str:
    parts = []
    for element in node.iter():
        if element.tag == "t":
            parts.append(element.text)
        elif element.tag == "tab":
            parts.append("\t")
        elif element.tag in ("br", "cr"):
            parts.append("\n")
    return "".join(parts)


def is_transcript_sheet(sheet: readers.Sheet) -> bool:
    return sheet.column(*SPEAKER_COLUMNS) is not None and sheet.column(*TEXT_COLUMNS) is not None


def read_transcript_sheets(sheets: list[readers.Sheet], path: Path, diags: Diagnostics,
                           coder: str | None) -> Fragment:
    """Transcripts in a workbook or CSV: a sheet per interview, or an informant column."""
    fragment = Fragment(sheets[0].shown.split("[")[0], "spreadsheet transcript")
    for sheet in sheets:
        if not is_transcript_sheet(sheet):
            diags.warning(_("sheet skipped: it has no speaker and text columns"), sheet.shown, sheet.header_row,
                          hint=_("name them e.g. '{speaker}' and '{text}'", speaker=SPEAKER_COLUMNS[0],
                                 text=TEXT_COLUMNS[0]))
            continue
        speaker_col, text_col = sheet.column(*SPEAKER_COLUMNS), sheet.column(*TEXT_COLUMNS)
        turn_col, who_col, code_col = (sheet.column(*TURN_COLUMNS), sheet.column(*INFORMANT_COLUMNS),
                                       sheet.column(*CODE_COLUMNS))
        default = sheet.shown.rpartition("[")[2].rstrip("]") if "[" in sheet.shown else path.stem
        by_source: dict[str, list[tuple[int, list[str]]]] = {}
        for number, row in sheet.rows:
            name = sheet.cell(row, who_col) or default
            by_source.setdefault(name, []).append((number, row))
        for name, rows in by_source.items():
            source = Source(source_key(name), name, f"{sheet.shown}:{rows[0][0]}", turns=[])
            parts, position = [], 0
            for number, row in rows:
                said = " ".join(sheet.cell(row, text_col).split())
                if not said:
                    diags.warning(_("row without text skipped"), sheet.shown, number)
                    continue
                turn = Turn(sheet.cell(row, speaker_col), position, position + len(said))
                raw_turn = sheet.cell(row, turn_col)
                if raw_turn:
                    try:
                        turn.number = int(raw_turn)
                    except ValueError:
                        diags.warning(_("turn number {turn} is not a whole number; turns are renumbered",
                                        turn=repr(raw_turn)), sheet.shown, number)
                source.turns.append(turn)
                parts.append(said)
                position += len(said) + 1
                for code in re.split(r"[;\n]", sheet.cell(row, code_col)):
                    if code.strip():
                        fragment.spans.append(Span(source.key, split_path(code, ("::", " > ", "\\")), coder,
                                                   f"{sheet.shown}:{number}", turn.start, turn.end))
            source.text = "\n".join(parts)
            fragment.sources.append(source)
    return fragment
