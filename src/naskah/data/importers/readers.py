"""Reading the bytes, texts and tables that QDA tools export, with the place of every row.

Every importer needs the same few things: text in whatever encoding a tool chose (UTF-8 with
or without a BOM, a UTF-16 file with its BOM), a size limit so that a wrong file cannot eat the
memory, and tables from CSV or Excel whose rows keep their number for messages. Excel files are
read with python-calamine, which returns whole numbers as floats (``3.0``) and skips leading
empty rows unless told not to: both are undone here, so that ``file:row`` is the row Excel shows.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import re
from dataclasses import dataclass
from pathlib import Path

from naskah.core.errors import Diagnostics, InputError
from naskah.core.messages import _, n_

MAX_FILE_BYTES = 200 * 1024 * 1024  # one input file
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
DELIMITERS = ",;\t"


def read_bytes(path: Path, shown: str, limit: int = MAX_FILE_BYTES) -> bytes:
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise InputError(_("file not found"), shown, hint=_("check the path")) from None
    if path.is_dir():
        raise InputError(_("expected a file but found a folder"), shown, hint=_("name the exported file itself"))
    if size > limit:
        raise InputError(_("the file is {size} MB, more than the limit of {limit} MB",
                           size=format(size / 1048576, ".1f"), limit=format(limit / 1048576, ".0f")), shown,
                         hint=_("split the export (fewer documents per file)"))
    return path.read_bytes()


def decode(data: bytes, shown: str, diags: Diagnostics | None = None) -> str:
    """Text from UTF-8 (a BOM is fine) or BOM-marked UTF-16; anything else is an error at its line.

    Control characters (a NUL, a form feed) are replaced by spaces, which keeps every position
    in the text where the tool counted it, with a warning.
    """
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            raise InputError(_("not valid UTF-16 although it starts with a UTF-16 mark"), shown,
                             hint=_("export the file again, as UTF-8")) from None
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            line = data[: exc.start].count(b"\n") + 1
            raise InputError(_("unknown encoding: not UTF-8 (byte {byte})", byte=format(data[exc.start], "#04x")),
                             shown, line, hint=_("save or export the file as UTF-8 (in Excel: 'CSV UTF-8'; in Word: "
                                          "'Plain Text' with Unicode (UTF-8))")) from None
    found = CONTROL.search(text)
    if found:
        line = text.count("\n", 0, found.start()) + 1
        if diags is not None:
            diags.warning(n_("{n} control character ({first}) replaced by a space",
                             "{n} control characters (the first {first}) replaced by spaces",
                             len(CONTROL.findall(text)), first="U+" + format(ord(found.group()), "04X")), shown, line,
                          hint=_("a damaged export carries such characters"))
        text = CONTROL.sub(" ", text)
    return text


@dataclass
class Sheet:
    """A table: its header and rows of strings, each with the row number a user sees."""

    shown: str  # the file, and for a workbook the sheet: "x.xlsx[Sheet1]"
    header: list[str]
    rows: list[tuple[int, list[str]]]
    header_row: int = 1

    def column(self, *names: str) -> int | None:
        """The index of the first column whose header is one of *names* (case and spacing ignored)."""
        wanted = [_norm(name) for name in names]
        for name in wanted:
            for index, header in enumerate(self.header):
                if _norm(header) == name:
                    return index
        return None

    def cell(self, row: list[str], index: int | None) -> str:
        return row[index].strip() if index is not None and index < len(row) else ""


def _norm(name: str) -> str:
    return " ".join(name.replace("_", " ").split()).casefold()


def read_tables(path: Path, shown: str, diags: Diagnostics) -> list[Sheet]:
    """Every table in a CSV file (one) or an Excel workbook (one per non-empty sheet)."""
    if path.suffix.lower() in (".xlsx", ".xlsm", ".xls", ".ods"):
        return read_workbook(path, shown)
    return [read_csv(path, shown, diags)]


def read_csv(path: Path, shown: str, diags: Diagnostics) -> Sheet:
    text = decode(read_bytes(path, shown), shown, diags)
    first = text.split("\n", 1)[0]
    delimiter = max(DELIMITERS, key=first.count) if any(d in first for d in DELIMITERS) else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[tuple[int, list[str]]] = []
    header: list[str] | None = None
    header_line = 1
    previous = 0
    try:
        for record in reader:
            line, previous = previous + 1, reader.line_num
            if not any(cell.strip() for cell in record):
                continue
            if header is None:
                header, header_line = [cell.strip() for cell in record], line
            else:
                rows.append((line, record))
    except csv.Error as exc:
        raise InputError(_("malformed CSV: {error}", error=exc), shown, reader.line_num,
                         hint=_("check the quotes on this line")) from None
    if header is None:
        raise InputError(_("the file is empty"), shown, 1, hint=_("export it again"))
    return Sheet(shown, header, rows, header_line)


def read_workbook(path: Path, shown: str) -> list[Sheet]:
    from python_calamine import CalamineError, CalamineWorkbook

    read_bytes(path, shown)  # the size limit and a clear "not found"
    try:
        book = CalamineWorkbook.from_path(str(path))
        sheets = []
        for name in book.sheet_names:
            values = book.get_sheet_by_name(name).to_python(skip_empty_area=False)
            rows = [(number, [_cell(v) for v in row]) for number, row in enumerate(values, start=1)
                    if any(_cell(v).strip() for v in row)]
            if rows:  # the header is the first row of two or more cells: a title above it is skipped
                at = next((i for i, (_, row) in enumerate(rows[:10]) if sum(1 for v in row if v.strip()) >= 2), 0)
                (header_row, header), rest = rows[at], rows[at + 1:]
                sheets.append(Sheet(f"{shown}[{name}]", [h.strip() for h in header], rest, header_row))
    except (CalamineError, ValueError, OSError) as exc:
        raise InputError(_("cannot read the workbook: {error}", error=exc), shown,
                         hint=_("open it in Excel or LibreOffice and save it again as .xlsx")) from None
    if not sheets:
        raise InputError(_("the workbook has no filled sheet"), shown, hint=_("export it again"))
    return sheets


def _cell(value) -> str:
    """A cell as text: a whole number without ``.0`` (calamine returns 3 as 3.0), a date as ISO."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    return str(value)
