"""Spreadsheets of coded segments: MAXQDA's "Coded Segments", ATLAS.ti's Quotation Manager, a student's sheet.

One row per coded segment: the document, the code (a path written ``Parent > child``,
``Parent\\child`` or ``Parent::child``; several codes in one cell on separate lines or with
``;``), the coded text and/or where it is. MAXQDA writes ``Begin``/``End`` as paragraph numbers
for text documents, ATLAS.ti a reference such as ``¶ 5 – 7``: they are paragraphs (lines of the
transcript, from 1), and the coded text, when given, narrows the span within them. The
transcripts themselves must be imported too. Which column is which is looked up in
``columns.yaml`` (a mapping file of header aliases), to which ``--columns FILE`` adds a user's own.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources
from pathlib import Path

import yaml

from naskah.core.errors import Diagnostics, InputError
from naskah.core.messages import _
from naskah.data.importers.model import Fragment, Span, source_key, split_path
from naskah.data.importers.readers import Sheet

SEPARATORS = (" > ", "\\", "::")
PARAGRAPHS = re.compile(r"¶\s*(\d+)(?:\s*[–—-]\s*(\d+))?")


@cache
def default_columns() -> dict[str, list[str]]:
    text = resources.files("naskah.data.importers").joinpath("columns.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(text)


def load_columns(path: Path | None, shown: str = "") -> dict[str, list[str]]:
    """The aliases: a user's mapping file first, then naskah's own."""
    columns = {key: list(values) for key, values in default_columns().items()}
    if path is None:
        return columns
    from naskah.core.yamlsrc import load_yaml

    data, _lines = load_yaml(path, shown or path.as_posix())
    if not isinstance(data, dict) or not all(isinstance(v, list) and k in columns for k, v in data.items()):
        raise InputError(_("a column mapping is a mapping of {keys} to lists of header names", keys=", ".join(columns)),
                         shown or path.as_posix(), 1, hint=_("see naskah's columns.yaml for the shape"))
    for key, values in data.items():
        columns[key] = [str(v) for v in values] + columns[key]
    return columns


def is_segments(sheet: Sheet, columns: dict[str, list[str]]) -> bool:
    has = {key: sheet.column(*names) is not None for key, names in columns.items()}
    return has["document"] and has["code"] and (has["text"] or has["begin"] or has["reference"])


def read_segments(sheet: Sheet, columns: dict[str, list[str]], diags: Diagnostics, coder: str | None) -> Fragment:
    fragment = Fragment(sheet.shown, "coded segments")
    col = {key: sheet.column(*names) for key, names in columns.items()}
    for number, row in sheet.rows:
        where = f"{sheet.shown}:{number}"
        document, codes = sheet.cell(row, col["document"]), sheet.cell(row, col["code"])
        if not document or not codes:
            diags.warning(_("a segment without its document or its code"), sheet.shown, number, hint=_("left out"))
            continue
        paragraphs = _paragraphs(sheet, row, col)
        text = sheet.cell(row, col["text"]) or None
        if paragraphs is None and text is None:
            diags.warning(_("a segment with neither its text nor its paragraphs"), sheet.shown, number,
                          hint=_("left out"))
            continue
        for code in re.split(r"[;\n]", codes):
            if code.strip():
                fragment.spans.append(Span(source_key(document), split_path(code, SEPARATORS),
                                           coder or sheet.cell(row, col["coder"]) or None, where, quote=text,
                                           paragraphs=paragraphs, document=document))
    return fragment


def _paragraphs(sheet: Sheet, row: list[str], col: dict) -> tuple[int, int] | None:
    begin, end = sheet.cell(row, col["begin"]), sheet.cell(row, col["end"])
    if begin.isdigit():
        return int(begin), int(end) if end.isdigit() else int(begin)
    found = PARAGRAPHS.search(sheet.cell(row, col["reference"]))
    if found:
        return int(found.group(1)), int(found.group(2) or found.group(1))
    return None
