"""Reading the user's CSV tables with the line of every row.

Spreadsheets export CSV in many shapes: a UTF-8 BOM, ';' as the delimiter
(Excel in an Indonesian or European locale), tabs, a ``sep=;`` first line naming
the delimiter, empty columns after the last named one, UTF-16 or Windows-1252
text (read with a warning, see ``naskah.core.files.decode``). We accept those, and keep
the 1-based line on which each record starts so that every message can point
at it (a quoted field may span several lines).
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path

from naskah.core.errors import Diagnostics, InputError
from naskah.core.files import read_text

DELIMITERS = ",;\t"
SEP_LINE = re.compile(r'^"?sep=(.)"?\s*$', re.IGNORECASE)  # Excel's first line naming the delimiter


@dataclass(frozen=True)
class Row:
    line: int
    values: dict[str, str]


@dataclass(frozen=True)
class Table:
    path: str
    columns: list[str]
    rows: list[Row]


def read_table(path: str | Path, shown: str, required: list[str], diags: Diagnostics,
               max_bytes: int | None = None) -> Table | None:
    """Read a CSV file, recording problems in *diags*.

    Returns None when the file cannot be used at all (unreadable, empty, a
    required column missing); rows with the wrong number of fields are
    reported and skipped so that the rest of the file is still checked.
    """
    try:
        text = read_text(path, "table", shown, max_bytes, notes=diags)
    except InputError as exc:
        diags.absorb(exc)
        return None
    if not text.strip():
        diags.error("the file is empty", shown, 1, hint=f"it needs a header row: {','.join(required)}")
        return None
    first_line, _, rest = text.partition("\n")
    sep = SEP_LINE.match(first_line)
    offset = 0  # lines before the header: Excel's "sep=;" line
    if sep:
        text, offset = rest, 1
        first_line = text.split("\n", 1)[0]
    delimiter = sep.group(1) if sep else max(DELIMITERS, key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(reader)
    except (csv.Error, StopIteration) as exc:
        diags.error(f"cannot read the header: {exc or 'there is none'}", shown, 1 + offset)
        return None
    columns = [name.strip() for name in header]
    while columns and not columns[-1]:
        columns.pop()  # empty columns after the last named one: a spreadsheet's formatting, not data
    missing = [name for name in required if name not in columns]
    if missing:
        diags.error(
            f"missing column(s) {', '.join(missing)} (found: {', '.join(columns) or 'none'})",
            shown, 1 + offset, hint=f"the header row must name {', '.join(required)}",
        )
        return None
    duplicated = sorted({name for name in columns if columns.count(name) > 1})
    if duplicated:
        diags.error(f"column(s) {', '.join(duplicated)} appear twice in the header", shown, 1 + offset,
                    hint="rename or remove the repeated column")
        return None
    rows: list[Row] = []
    previous_end = reader.line_num + offset
    while True:
        try:
            record = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            diags.error(f"malformed CSV: {exc}", shown, reader.line_num + offset,
                        hint="check the quotes on this line")
            return Table(shown, columns, rows)
        start = previous_end + 1
        previous_end = reader.line_num + offset
        if not record or all(not cell.strip() for cell in record):
            continue  # blank line
        if len(record) > len(columns) and len(columns) < len(header):  # cells under the unnamed columns
            extra = [i for i in range(len(columns), len(record)) if record[i].strip()]
            if extra:
                diags.error(f"a value in column {extra[0] + 1}, which has no name in the header", shown, start,
                            hint="name the column in the header row, or delete the value")
                continue
            record = record[:len(columns)]
        if len(record) != len(columns) and previous_end > start and any("\n" in cell for cell in record):
            diags.error(f"a quote opened on this line runs on to line {previous_end}: its closing quote is missing",
                        shown, start,
                        hint='close the quote with " (a quote mark inside the text is written twice: "")')
            continue
        if len(record) != len(columns):
            diags.error(
                f"this row has {len(record)} fields but the header has {len(columns)}",
                shown, start, hint=f"quote text that contains '{delimiter}' with double quotes",
            )
            continue
        rows.append(Row(start, {name: cell.strip() for name, cell in zip(columns, record, strict=True)}))
    return Table(shown, columns, rows)
