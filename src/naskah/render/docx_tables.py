"""Tables in the DOCX: the text width, shared between the columns by what they hold.

pandoc leaves a table's width to Word, which squeezes a table of long text to ~60 % of the page
and breaks words mid-word. Here every table gets the text width (or its natural width,
``style.tables.width: auto``) and its columns widths the way a browser lays out a table, as the
PDF's typst template does (``typst-functions.typ``, ``naskah-widths``): no column narrower than
its longest word, and what is left goes to the columns with the most text. When the longest words
together are wider than the page, the columns of long text (three lines' worth or more) give way:
their words get optional hyphens between syllables (the Indonesian rules the PDF uses) and keep
at least their widest syllable, then the columns whose words gain most by breaking, each giving
no more than it must; the table keeps the style's font size. Word and LibreOffice then
break such a word at a syllable, with a hyphen, and nowhere else.

Widths are measured in Times New Roman's metrics (Liberation Serif has the same), which the
table below holds for the characters a thesis uses.
"""

from __future__ import annotations

import re
from collections import defaultdict
from functools import lru_cache

from lxml import etree

from naskah.style import docx as reference_docx
from naskah.style.model import Length, Style

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

# Advance widths (1/1000 em) of Times New Roman / Liberation Serif, regular and bold, for CHARS;
# other characters count as half an em.
CHARS = (" !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~"
         "–—‘’“”…·×éèáàíóúñçöüäÉ°±≥≤")
_REGULAR = (
    "250 333 408 500 500 833 778 180 333 333 500 564 250 333 250 278 500 500 500 500 500 500 500 500 500 500 278 "
    "278 564 564 564 444 921 722 667 667 722 611 556 722 722 333 389 722 611 889 722 722 556 722 667 556 611 722 "
    "722 944 722 722 611 333 278 333 469 500 333 444 500 444 500 444 333 500 500 278 278 500 278 778 500 500 500 "
    "500 333 389 278 500 500 722 500 500 444 480 200 480 541 500 1000 333 333 444 444 1000 333 564 444 444 444 "
    "444 278 500 500 500 444 500 500 444 611 400 549 549 549")
_BOLD = (
    "250 333 555 500 500 1000 833 278 333 333 500 570 250 333 250 278 500 500 500 500 500 500 500 500 500 500 333 "
    "333 570 570 570 500 930 722 667 722 722 667 611 778 778 389 500 778 667 944 722 778 611 778 722 556 667 722 "
    "722 1000 722 722 667 333 278 333 581 500 333 500 556 444 556 444 333 500 556 278 333 556 278 833 556 500 556 "
    "556 444 389 333 556 500 722 500 500 444 394 220 394 520 500 1000 333 333 500 500 1000 333 570 444 444 500 "
    "500 278 500 556 556 444 500 556 500 667 400 549 549 549")
WIDTHS = {bold: defaultdict(lambda: 500, zip(CHARS, map(int, widths.split()), strict=True))
          for bold, widths in ((False, _REGULAR), (True, _BOLD))}


SLACK = 1.02  # Word and LibreOffice kern and round differently: keep a word clear of its column's edge
KEEP_ROW_LINES = 6  # a row of up to this many lines stays on one page


def w(tag: str) -> str:
    return f"{{{W}}}{tag}"


@lru_cache(maxsize=4096)
def text_twips(text: str, size: Length, bold: bool = False) -> int:
    """The width of *text* in Times New Roman at *size*, in twips."""
    return round(sum(map(WIDTHS[bold].__getitem__, text.replace("\u00ad", ""))) * float(size) / 50)


# -- where a word may break -----------------------------------------------------------------------------------

_UNIT = re.compile(r"[nN][gGyY]|[kK][hH]|[sS][yY]|.", re.S)
_VOWELS = set("aeiouAEIOUéÉèÈ")
_LONG_WORD = re.compile(r"[^\W\d_]{5,}")
_PIECE = re.compile(r"[^-/–—]*[-/–—]?")


def syllables(word: str) -> list[str]:
    """*word* cut between syllables (PUEBI: V-CV, VC-CV, VC-CCV; ng, ny, kh, sy are one consonant; the
    diphthongs ai, au, ei, oi stay whole), never leaving fewer than two letters on a line."""
    units = _UNIT.findall(word)
    vowels = [k for k, unit in enumerate(units) if unit in _VOWELS]
    cuts = []
    for a, b in zip(vowels, vowels[1:], strict=False):
        if b - a == 1:
            if (units[a] + units[b]).lower() not in ("ai", "au", "ei", "oi"):
                cuts.append(b)
        elif b - a == 2:
            cuts.append(a + 1)
        else:
            cuts.append(a + 2)
    offsets = [len("".join(units[:c])) for c in cuts]
    bounds = [0, *[o for o in offsets if 2 <= o <= len(word) - 2], len(word)]
    return [word[bounds[i]:bounds[i + 1]] for i in range(len(bounds) - 1)]


def words(text: str) -> list[str]:
    """The pieces a line breaks between: words, and the parts of hyphenated words ("tatap-muka")."""
    return [piece for word in text.split() for piece in _PIECE.findall(word) if piece]


# -- widths ------------------------------------------------------------------------------------------------------

def column_widths(cells: list[list[tuple[str, bool]]], columns: int, available: int, size: Length,
                  full: bool = True) -> tuple[list[int], list[bool]]:
    """(width of each column in twips, whether its words need hyphens) for rows of (text, bold) cells."""
    pad = 2 * reference_docx.CELL_MARGIN.twips
    found: list[set] = [set() for _ in range(columns)]  # (word, bold) of each column, each once
    least, most = [pad] * columns, [pad] * columns
    for row in cells:
        for i, (text, bold) in enumerate(row[:columns]):
            found[i].update((word, bold) for word in words(text))
            for line in text.split("\n"):
                most[i] = max(most[i], text_twips(line, size, bold) * SLACK + pad)
    for i, column in enumerate(found):
        least[i] = max([least[i]] + [text_twips(word, size, bold) * SLACK + pad for word, bold in column])
    most = [max(m, lo) for m, lo in zip(most, least, strict=True)]
    syllable = list(least)
    if sum(least) > available:  # only then: the widest syllable of each column
        for i, column in enumerate(found):
            widest = 0
            for word, bold in column:
                parts = syllables(word)
                pieces = [text_twips(p + "-", size, bold) for p in parts[:-1]] + [text_twips(parts[-1], size, bold)]
                widest = max(widest, *pieces)
            syllable[i] = min(least[i], widest * SLACK + pad)

    def share(floor: list[float]) -> list[float] | None:
        """Every column its floor, the rest by how much more each one wants (a browser's auto layout)."""
        total = sum(floor)
        if total > available:
            return None
        want = [max(m - f, 0) for m, f in zip(most, floor, strict=True)]
        wanted = sum(want)
        if wanted <= available - total:
            natural = [f + x for f, x in zip(floor, want, strict=True)]
            if not full:
                return natural
            return [x * available / sum(natural) for x in natural]
        return [f + (available - total) * x / wanted for f, x in zip(floor, want, strict=True)]

    # the longest words side by side are wider than the page: as few columns as possible give way, each
    # no more than it must, first those of long text (three lines' worth or more), then those whose words
    # gain most by breaking; a column first gives at most half its longest word (a break into two lines)
    floor = list(least)
    deficit = sum(least) - available
    long = [m >= 3 * available / columns for m in most]
    order = sorted(range(columns), key=lambda i: (not long[i], syllable[i] - least[i]))
    for halves in (True, False):
        for i in order:
            if deficit <= 0:
                break
            lowest = max(syllable[i], (least[i] - pad) / 2 + pad) if halves else syllable[i]
            give = min(deficit, floor[i] - lowest)
            if give > 0:
                floor[i] -= give
                deficit -= give
    fitted = share(floor) or [s * available / sum(syllable) for s in syllable]
    widths = [max(1, round(x)) for x in fitted]
    if full or sum(widths) > available:
        widths[-1] += available - sum(widths)  # the columns add up to the text width exactly
    return widths, [x < lo - 1 for x, lo in zip(fitted, least, strict=True)]


# -- the tables of a document ------------------------------------------------------------------------------------

_P, _T, _TAB, _BR, _TC, _VAL, _PSTYLE = (f"{{{W}}}{tag}" for tag in ("p", "t", "tab", "br", "tc", "val", "pStyle"))
_CELL_STYLE = f"{_P}/{{{W}}}pPr/{_PSTYLE}"  # the style of each paragraph directly in a cell


def cell_text(cell) -> str:
    """A cell's text as it is set: paragraphs and line breaks as new lines."""
    paragraphs = []
    for p in cell.iter(_P):
        parts = [(node.text or "") if node.tag == _T else "\n" if node.tag == _BR else " "
                 for node in p.iter(_T, _TAB, _BR)]
        paragraphs.append("".join(parts))
    return "\n".join(paragraphs)


def fit_tables(body, style: Style) -> int:
    """Widths, layout, cell style and repeated header rows of every table; returns how many it fitted."""
    t = style.tables
    available = reference_docx.text_width(style).twips
    size = Length(t.font_size)
    count = 0
    for table in body.findall(w("tbl")):  # a table inside a table keeps what pandoc gave it
        grid = table.find(w("tblGrid"))
        rows = table.findall(w("tr"))
        if grid is None or not len(grid) or not rows:
            continue
        if any(s.get(_VAL) == "SignatureBlock" for s in table.iter(_PSTYLE)):
            _signatures(table, grid, available)
            continue
        columns = len(grid)
        measured, texts = [], {}
        for row in rows:
            header = row.find(f"{w('trPr')}/{w('tblHeader')}") is not None
            cells = row.findall(_TC)
            for cell in cells:
                texts[cell] = cell_text(cell)
            if len(cells) == columns:  # a row with merged cells says nothing about single columns
                measured.append([(texts[cell], header and bool(t.header_bold)) for cell in cells])
        widths, hyphenate = column_widths(measured, columns, available, size, t.width == "full")
        _table_properties(table.find(w("tblPr")), sum(widths), t.width == "full")
        for col, width in zip(grid, widths, strict=False):
            col.set(w("w"), str(width))
        for row in rows:
            trpr = row.find(w("trPr"))
            if trpr is not None and trpr.find(w("tblHeader")) is not None and not t.repeat_header:
                trpr.remove(trpr.find(w("tblHeader")))
            if _lines(row, widths, size, texts) <= KEEP_ROW_LINES:
                _keep_row(row)
            for index, (cell, width) in enumerate(zip(row.findall(_TC), widths, strict=False)):
                _cell_width(cell, width)
                for pstyle in cell.iterfind(_CELL_STYLE):
                    if pstyle.get(_VAL) in ("Compact", "BodyText", "FirstParagraph"):
                        pstyle.set(_VAL, "TableText")
                if hyphenate[index]:
                    _soft_hyphens(cell)
        count += 1
    return count


def _lines(row, widths: list[int], size: Length, texts: dict) -> int:
    """About how many lines the row's tallest cell takes at these column widths."""
    pad = 2 * reference_docx.CELL_MARGIN.twips
    tallest = 1
    for cell, width in zip(row.findall(_TC), widths, strict=False):
        room = max(width - pad, 1)
        lines = sum(max(1, -(-text_twips(line, size) * SLACK // room)) for line in texts[cell].split("\n"))
        tallest = max(tallest, int(lines))
    return tallest


def _keep_row(row) -> None:
    """A short row is not split between two pages (w:cantSplit); a tall one may be, or it would leave a gap."""
    trpr = row.find(w("trPr"))
    if trpr is None:
        trpr = etree.Element(w("trPr"))
        row.insert(1 if row.find(w("tblPrEx")) is not None else 0, trpr)
    if trpr.find(w("cantSplit")) is None:
        later = [c for c in trpr if etree.QName(c).localname in ("trHeight", "tblHeader", "tblCellSpacing", "jc",
                                                                 "hidden", "ins", "del", "trPrChange")]
        element = etree.Element(w("cantSplit"))
        if later:
            later[0].addprevious(element)
        else:
            trpr.append(element)


def _soft_hyphens(cell) -> None:
    """Optional hyphens (w:softHyphen) between the syllables of the cell's long words."""
    for text in list(cell.iter(w("t"))):
        value = text.text or ""
        pieces = []
        last = 0
        for match in _LONG_WORD.finditer(value):
            parts = syllables(match.group(0))
            if len(parts) < 2:
                continue
            pieces.append(value[last:match.start()] + parts[0])
            pieces.extend(parts[1:-1])
            last = match.start() + len(match.group(0)) - len(parts[-1])
        if not pieces:
            continue
        pieces.append(value[last:])
        run = text.getparent()
        position = run.index(text)
        run.remove(text)
        for k, piece in enumerate(pieces):
            if k:
                run.insert(position, etree.Element(w("softHyphen")))
                position += 1
            element = etree.Element(w("t"))
            element.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
            element.text = piece
            run.insert(position, element)
            position += 1


_TCPR, _TCW, _W, _TYPE = (f"{{{W}}}{tag}" for tag in ("tcPr", "tcW", "w", "type"))


def _cell_width(cell, width: int) -> None:
    tcpr = cell.find(_TCPR)
    if tcpr is None:
        tcpr = etree.Element(_TCPR)
        cell.insert(0, tcpr)
    tcw = tcpr.find(_TCW)
    if tcw is None:
        tcw = etree.Element(_TCW)
        tcpr.insert(0, tcw)
    tcw.set(_W, str(width))
    tcw.set(_TYPE, "dxa")


def _signatures(table, grid, available: int) -> None:
    """The signatures of the halaman pengesahan (docx.lua): equal columns, no rules, no header row."""
    tblpr = table.find(w("tblPr"))
    _table_properties(tblpr, available, True)
    borders = etree.Element(w("tblBorders"))
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        etree.SubElement(borders, w(side), {w("val"): "nil"})
    _put(tblpr, borders)
    look = tblpr.find(w("tblLook"))
    if look is not None:
        look.set(w("firstRow"), "0")
    width = available // len(grid)
    for col in grid:
        col.set(w("w"), str(width))
    for cell in table.iter(w("tc")):
        _cell_width(cell, width)


_TBLPR_ORDER = ["tblStyle", "tblpPr", "tblOverlap", "bidiVisual", "tblStyleRowBandSize", "tblStyleColBandSize", "tblW",
                "jc", "tblCellSpacing", "tblInd", "tblBorders", "shd", "tblLayout", "tblCellMar", "tblLook",
                "tblCaption", "tblDescription"]


def _put(tblpr, element) -> None:
    """Set a table property, replacing its old value, at its place in the schema's order."""
    name = etree.QName(element).localname
    for old in tblpr.findall(w(name)):
        tblpr.remove(old)
    rank = _TBLPR_ORDER.index(name)
    for index, child in enumerate(tblpr):
        other = etree.QName(child).localname
        if other in _TBLPR_ORDER and _TBLPR_ORDER.index(other) > rank:
            tblpr.insert(index, element)
            return
    tblpr.append(element)


def _table_properties(tblpr, width: int, full: bool) -> None:
    """Full width (or *width*), centred, and laid out by the grid's widths rather than by Word's autofit."""
    if full:
        _put(tblpr, etree.Element(w("tblW"), {w("w"): "5000", w("type"): "pct"}))
    else:
        _put(tblpr, etree.Element(w("tblW"), {w("w"): str(width), w("type"): "dxa"}))
    _put(tblpr, etree.Element(w("jc"), {w("val"): "center"}))
    _put(tblpr, etree.Element(w("tblLayout"), {w("type"): "fixed"}))
