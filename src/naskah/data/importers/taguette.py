"""Taguette exports: highlights (CSV/XLSX) and codebooks (CSV/XLSX; its ``.qdc`` is read as REFI-QDA).

Taguette (BSD-3) writes highlights as ``id,document,tag,content``, one row per highlight and
tag, with the highlighted text but no offsets: the text is found in the document's transcript,
which must therefore be imported too (the same file that was uploaded to Taguette). A tag's
hierarchy is written with dots (``kontak.sapaan``). Taguette has no users in its exports: the
coder is the one given with ``--coder``, else unnamed.

The codebook is ``tag,description,number of highlights[,number of documents]``.
"""

from __future__ import annotations

from naskah.core.errors import Diagnostics
from naskah.core.messages import _, n_
from naskah.data.importers.model import Code, Fragment, Span, source_key, split_path
from naskah.data.importers.readers import Sheet

SEPARATORS = (".",)


def is_highlights(sheet: Sheet) -> bool:
    return all(sheet.column(name) is not None for name in ("id", "document", "tag", "content"))


def is_codebook(sheet: Sheet) -> bool:
    return sheet.column("tag") is not None and sheet.column("number of highlights") is not None


def read_highlights(sheet: Sheet, diags: Diagnostics, coder: str | None) -> Fragment:
    fragment = Fragment(sheet.shown, "Taguette highlights")
    document, tag, content = sheet.column("document"), sheet.column("tag"), sheet.column("content")
    untagged = 0
    for number, row in sheet.rows:
        name, path, text = sheet.cell(row, document), sheet.cell(row, tag), sheet.cell(row, content)
        if not path:
            untagged += 1
            continue
        if not name or not text:
            diags.warning(_("a highlight without its document or its text"), sheet.shown, number,
                          hint=_("the export is incomplete; this row is left out"))
            continue
        fragment.spans.append(Span(source_key(name), split_path(path, SEPARATORS), coder, f"{sheet.shown}:{number}",
                                   quote=text, document=name))
    if untagged:
        diags.warning(n_("{n} highlight without a tag left out", "{n} highlights without a tag left out", untagged),
                      sheet.shown)
    return fragment


def read_codebook(sheet: Sheet) -> Fragment:
    fragment = Fragment(sheet.shown, "Taguette codebook")
    tag, description = sheet.column("tag"), sheet.column("description")
    for number, row in sheet.rows:
        if sheet.cell(row, tag):
            fragment.codes.append(Code(split_path(sheet.cell(row, tag), SEPARATORS), sheet.cell(row, description),
                                       f"{sheet.shown}:{number}"))
    return fragment
