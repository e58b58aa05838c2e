"""QualCoder's "Report codings" export (CSV with a UTF-8 BOM, or XLSX).

Columns: ``File`` (or ``Case`` followed by ``Filename``), ``Coder``, ``Coded`` (the coded
text; ``image`` or ``a/v`` for media), ``Id`` (``ctid:12`` for text), ``Codename``,
``Coded_Memo``, one ``Category`` column per level above the code — nearest first, as
QualCoder lists them — and optionally ``FileVar_<name>`` and ``CaseVar_<name>`` columns. The
report has no positions: the coded text is found in the document's transcript, which must be
imported too.
"""

from __future__ import annotations

from naskah.core.errors import Diagnostics
from naskah.core.messages import _, n_
from naskah.data.importers.model import Fragment, Source, Span, source_key
from naskah.data.importers.readers import Sheet
from naskah.data.importers.transcripts import PSEUDONYM


def is_report(sheet: Sheet) -> bool:
    return all(sheet.column(name) is not None for name in ("Coder", "Coded", "Id", "Codename")) and \
        (sheet.column("File") is not None or sheet.column("Case") is not None)


def read_report(sheet: Sheet, diags: Diagnostics, coder: str | None) -> Fragment:
    fragment = Fragment(sheet.shown, "QualCoder coding report")
    by_case = sheet.column("File") is None
    file_col = sheet.column("Filename") if by_case else sheet.column("File")
    case_col = sheet.column("Case") if by_case else None
    coder_col, coded, id_col, name_col = (sheet.column("Coder"), sheet.column("Coded"), sheet.column("Id"),
                                          sheet.column("Codename"))
    categories = [i for i, h in enumerate(sheet.header) if h.strip().casefold() == "category"]
    variables = [(i, h.split("_", 1)[1]) for i, h in enumerate(sheet.header)
                 if h.startswith(("FileVar_", "CaseVar_")) and "_" in h]
    sources: dict[str, Source] = {}
    media = 0
    for number, row in sheet.rows:
        name = sheet.cell(row, file_col)
        kind = sheet.cell(row, id_col).partition(":")[0]
        if kind in ("imid", "avid"):
            media += 1
            continue
        if not name or not sheet.cell(row, name_col):
            diags.warning(_("a row without its file or its code name"), sheet.shown, number, hint=_("left out"))
            continue
        source = sources.setdefault(source_key(name), Source(source_key(name), name, f"{sheet.shown}:{number}"))
        for index, variable in variables:
            if sheet.cell(row, index):
                source.variables.setdefault(variable, sheet.cell(row, index))
        case = sheet.cell(row, case_col)
        if case and PSEUDONYM.match(case):
            source.informant = source.informant or case
        parents = [sheet.cell(row, i) for i in categories if sheet.cell(row, i)]
        path = tuple(reversed(parents)) + (sheet.cell(row, name_col),)
        fragment.spans.append(Span(source.key, path, coder or sheet.cell(row, coder_col) or None,
                                   f"{sheet.shown}:{number}", quote=sheet.cell(row, coded), document=name))
    fragment.sources = list(sources.values())
    if media:
        diags.warning(n_("{n} coding of an image or audio/video left out: naskah imports text",
                         "{n} codings of images or audio/video left out: naskah imports text", media), sheet.shown)
    return fragment
