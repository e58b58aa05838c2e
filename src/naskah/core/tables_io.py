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
from naskah.core.messages import _, n_

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
        diags.error(_("the file is empty"), shown, 1, hint=_("it needs a header row: {columns}",
                                                             columns=",".join(required)))
        return None
    first_line, _newline, rest = text.partition("\n")
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
        diags.error(_("cannot read the header: {problem}", problem=exc) if str(exc or "") else _(
            "cannot read the header: there is none"), shown, 1 + offset)
        return None
    columns = [name.strip() for name in header]
    while columns and not columns[-1]:
        columns.pop()  # empty columns after the last named one: a spreadsheet's formatting, not data
    missing = [name for name in required if name not in columns]
    if missing:
        found = ", ".join(columns)
        diags.error(
            n_("missing column {names} (found: {found})", "missing columns {names} (found: {found})", len(missing),
               names=", ".join(missing), found=found) if found else
            n_("missing column {names} (found: none)", "missing columns {names} (found: none)", len(missing),
               names=", ".join(missing)),
            shown, 1 + offset, hint=_("the header row must name {columns}", columns=", ".join(required)),
        )
        return None
    duplicated = sorted({name for name in columns if columns.count(name) > 1})
    if duplicated:
        diags.error(n_("column {names} appears twice in the header", "columns {names} appear twice in the header",
                       len(duplicated), names=", ".join(duplicated)), shown, 1 + offset,
                    hint=_("rename or remove the repeated column"))
        return None
    rows: list[Row] = []
    previous_end = reader.line_num + offset
    while True:
        try:
            record = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            diags.error(_("malformed CSV: {problem}", problem=exc), shown, reader.line_num + offset,
                        hint=_("check the quotes on this line"))
            return Table(shown, columns, rows)
        start = previous_end + 1
        previous_end = reader.line_num + offset
        if not "".join(record).strip():
            continue  # blank line (no record, or only blank cells)
        if len(record) > len(columns) and len(columns) < len(header):  # cells under the unnamed columns
            extra = [i for i in range(len(columns), len(record)) if record[i].strip()]
            if extra:
                diags.error(_("a value in column {number}, which has no name in the header", number=extra[0] + 1),
                            shown, start, hint=_("name the column in the header row, or delete the value"))
                continue
            record = record[:len(columns)]
        if len(record) != len(columns) and previous_end > start and any("\n" in cell for cell in record):
            diags.error(_("a quote opened on this line runs on to line {line}: its closing quote is missing",
                          line=previous_end), shown, start,
                        hint=_('close the quote with " (a quote mark inside the text is written twice: "")'))
            continue
        if len(record) != len(columns):
            diags.error(
                _("this row has {fields} fields but the header has {columns}", fields=len(record),
                  columns=len(columns)),
                shown, start, hint=_("quote text that contains '{delimiter}' with double quotes", delimiter=delimiter),
            )
            continue
        rows.append(Row(start, dict(zip(columns, map(str.strip, record), strict=True))))
    return Table(shown, columns, rows)
