"""What is printed where on each page of a PDF: lines of text with their extent, font and size, and
the boxes of drawings and images.

The format check needs the right edge of every line (is the right margin kept?), the font and size
of every run, and where tables and figures are drawn (is the caption above or below?). PDFium (through
pypdfium2's C API) has already parsed each page into objects: text objects with their matrix, font
size and font (base name, embedded or not), paths and images with their bounds, form XObjects with
the objects inside; its text page gives each text object's characters (decoded as PDF readers do)
and each character's advance. Walking the content streams in Python (as this module did with pypdf's
parser) cost seconds on a thesis, on the build's critical path; PDFium does it in C (a third of the time).
A run is one text object; a path's box is that of its points (as drawn, without the stroke's width).
Coordinates are PDF points from the bottom-left corner of the page (the MediaBox's).
"""

from __future__ import annotations

import ctypes
import math
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property

IDENTITY = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
_SUBSET = re.compile(r"^[A-Z]{6}\+")


def mul(m, n):
    """The product of two PDF matrices (a b c d e f), *m* applied first."""
    a, b, c, d, e, f = m
    a2, b2, c2, d2, e2, f2 = n
    return (a * a2 + b * c2, a * b2 + b * d2, c * a2 + d * c2, c * b2 + d * d2,
            e * a2 + f * c2 + e2, e * b2 + f * d2 + f2)


def apply(m, x, y):
    return m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]


@dataclass
class Run:
    """Text shown by one text operator."""

    text: str
    x0: float
    x1: float
    y: float  # the baseline
    size: float
    font: str  # base font name without the subset prefix


def _inked(text: str) -> int:
    """How many characters of *text* are not white space."""
    return len("".join(text.split()))


def _most(weighted) -> object:
    """The value with the largest total weight (the first seen among equals), from (value, weight) pairs;
    pairs of weight 0 count as absent — what counting the characters one by one gave, in a fraction of the
    time (the lines of a 60-page thesis have some hundred thousand characters)."""
    totals: Counter = Counter()
    for value, weight in weighted:
        if weight:
            totals[value] += weight
    return totals.most_common(1)[0][0]


@dataclass
class Line:
    """Runs sharing a baseline, left to right."""

    runs: list[Run]

    @cached_property
    def text(self) -> str:
        out = ""
        previous = None
        for run in self.runs:
            if previous is not None and run.x0 - previous.x1 > 0.2 * run.size and not out.endswith(" "):
                out += " "
            out += run.text
            previous = run
        return re.sub(r"\s+", " ", out).strip()

    @cached_property
    def x0(self) -> float:
        return min(r.x0 for r in self.runs)

    @cached_property
    def x1(self) -> float:
        return max(r.x1 for r in self.runs)

    @cached_property
    def y(self) -> float:
        return _most((round(r.y, 1), len(r.text)) for r in self.runs)

    @cached_property
    def size(self) -> float:
        """The size most of the line's characters have."""
        return _most((round(r.size, 1), _inked(r.text)) for r in self.runs)

    @cached_property
    def font(self) -> str:
        return _most((r.font, _inked(r.text)) for r in self.runs)

    @cached_property
    def top(self) -> float:
        return self.y + 0.7 * self.size  # cap height of a serif face

    @cached_property
    def bottom(self) -> float:
        return self.y - 0.22 * self.size  # descender

    def starts_bold(self) -> bool:
        first = next((r for r in self.runs if r.text.strip()), None)
        return first is not None and is_bold(first.font)


@dataclass
class Page:
    number: int  # 1-based physical page
    width: float
    height: float
    label: str | None
    lines: list[Line] = field(default_factory=list)
    boxes: list[tuple[float, float, float, float]] = field(default_factory=list)  # x0, y0, x1, y1 drawn
    fonts: dict[str, bool] = field(default_factory=dict)  # font name -> embedded


def is_bold(font: str) -> bool:
    return bool(re.search(r"bold|black|heavy|semibold|demi", font, re.I))


def read_pages(path) -> list[Page]:
    """Every page of the PDF at *path*, its lines top to bottom and its drawings."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(str(path))
    try:
        reader = _Reader(document.raw)
        return [reader.page(index) for index in range(len(document))]
    finally:
        document.close()


class _Reader:
    """Reads pages one by one through PDFium's C API, reusing its buffers and the names of its fonts."""

    def __init__(self, document):
        import pypdfium2.raw as raw

        self.raw, self.document = raw, document
        self.fonts: dict[int, tuple[str, bool]] = {}  # font handle -> name, embedded
        self._text_buffer(1024)
        self.name = ctypes.create_string_buffer(256)
        self.matrix = raw.FS_MATRIX()
        self.size = ctypes.c_float()
        self.edges = [ctypes.c_float() for _ in range(4)]
        self.point = (ctypes.c_float(), ctypes.c_float())
        self.box = raw.FS_RECTF()
        # the text object owning a character, as an address: a check compares owners tens of thousands of
        # times a thesis, and turning pypdfium2's pointer into one with ctypes.cast cost a tenth of a second
        self.owner_address = ctypes.CFUNCTYPE(ctypes.c_void_p, ctypes.c_void_p, ctypes.c_int)(
            ctypes.cast(raw.FPDFText_GetTextObject, ctypes.c_void_p).value)
        self.cursor: int | None = None  # the text page's next character
        self.count = 0

    def _text_buffer(self, size: int) -> None:
        self.text = ctypes.create_string_buffer(size)
        self.text_pointer = ctypes.cast(self.text, ctypes.POINTER(ctypes.c_ushort))

    def page(self, index: int) -> Page:
        raw = self.raw
        handle = raw.FPDF_LoadPage(self.document, index)
        if not handle:
            raise ValueError(f"PDFium cannot load page {index + 1}")
        try:
            left, bottom, right, top = self._mediabox(handle)
            out = Page(index + 1, right - left, top - bottom, self._label(index))
            textpage = raw.FPDFText_LoadPage(handle)
            self.cursor = None
            try:
                runs: list[Run] = []
                origin = (1.0, 0.0, 0.0, 1.0, -left, -bottom)
                self._walk(raw.FPDFPage_CountObjects(handle), raw.FPDFPage_GetObject, handle, origin, textpage,
                           runs, out)
            finally:
                raw.FPDFText_ClosePage(textpage)
        finally:
            raw.FPDF_ClosePage(handle)
        out.lines = _lines(runs)
        return out

    def _mediabox(self, handle) -> tuple[float, float, float, float]:
        raw, (left, bottom, right, top) = self.raw, self.edges
        if raw.FPDFPage_GetMediaBox(handle, left, bottom, right, top):
            return left.value, bottom.value, right.value, top.value
        # PDFium reads a MediaBox only from the page itself: one inherited from the page tree is in the page's box
        rect = raw.FS_RECTF()
        raw.FPDF_GetPageBoundingBox(handle, rect)
        return rect.left, rect.bottom, rect.right, rect.top

    def _label(self, index: int) -> str | None:
        """The page label, or None when the PDF defines no labels."""
        raw = self.raw
        length = raw.FPDF_GetPageLabel(self.document, index, None, 0)
        if length <= 0:
            return None
        buffer = ctypes.create_string_buffer(length)
        raw.FPDF_GetPageLabel(self.document, index, buffer, length)
        return buffer.raw[:length - 2].decode("utf-16-le", errors="replace")

    def _walk(self, count: int, get, parent, ctm, textpage, runs: list[Run], page: Page) -> None:
        """The objects of a page or a form XObject, *ctm* mapping their space to the page's."""
        raw = self.raw
        for i in range(count):
            obj = get(parent, i)
            kind = raw.FPDFPageObj_GetType(obj)
            if kind == raw.FPDF_PAGEOBJ_TEXT:
                self._text(obj, ctm, textpage, runs, page)
            elif kind == raw.FPDF_PAGEOBJ_PATH:
                self._path(obj, ctm, page)
            elif kind == raw.FPDF_PAGEOBJ_IMAGE:
                corners = [apply(ctm, x, y) for x, y in _corners(*self._bounds(obj))]
                page.boxes.append(_box(corners))
            elif kind == raw.FPDF_PAGEOBJ_FORM:
                self._walk(raw.FPDFFormObj_CountObjects(obj), raw.FPDFFormObj_GetObject, obj,
                           mul(self._matrix(obj), ctm), textpage, runs, page)

    def _matrix(self, obj) -> tuple[float, float, float, float, float, float]:
        m = self.matrix
        self.raw.FPDFPageObj_GetMatrix(obj, m)
        return m.a, m.b, m.c, m.d, m.e, m.f

    def _bounds(self, obj) -> tuple[float, float, float, float]:
        left, bottom, right, top = self.edges
        self.raw.FPDFPageObj_GetBounds(obj, left, bottom, right, top)
        return left.value, bottom.value, right.value, top.value

    def _text(self, obj, ctm, textpage, runs: list[Run], page: Page) -> None:
        raw = self.raw
        length = raw.FPDFTextObj_GetText(obj, textpage, self.text_pointer, len(self.text))
        if length > len(self.text):
            self._text_buffer(length)
            length = raw.FPDFTextObj_GetText(obj, textpage, self.text_pointer, length)
        text = self.text.raw[:max(length - 2, 0)].decode("utf-16-le", errors="replace")
        if not text.strip():
            return
        matrix = mul(self._matrix(obj), ctm)
        raw.FPDFTextObj_GetFontSize(obj, self.size)
        size = abs(self.size.value * math.hypot(matrix[2], matrix[3]))
        name, embedded = self._font(raw.FPDFTextObj_GetFont(obj))
        x1, text = self._end(obj, text, textpage, ctm)
        x0, text = matrix[4], _visible(text)
        runs.append(Run(text, min(x0, x1), max(x0, x1), matrix[5], size, name))
        page.fonts.setdefault(name, embedded)

    def _end(self, obj, text: str, textpage, ctm) -> tuple[float, str]:
        """Where the object's last glyph that is not a space ends (its advance, not its ink), from the text page.

        The text page holds the characters of each text object in turn (with spaces and line ends PDFium
        adds between them); *text* is the object's characters, and a space PDFium put after them. A
        character's loose box spans its advance. Returns the end, and the text without a space PDFium put
        after it (the lines put spaces between runs where the gap is wide, as for any other PDF).
        """
        raw = self.raw
        count = raw.FPDFText_CountChars(textpage) if self.cursor is None else self.count
        if self.cursor is None:
            self.cursor, self.count = 0, count
        key = ctypes.cast(obj, ctypes.c_void_p).value
        start = self.cursor
        while start < count and start - self.cursor < 4 and self._owner(textpage, start) != key:
            start += 1  # the line ends and spaces PDFium generated
        last = start + len(text) - 1
        if start >= count or self._owner(textpage, start) != key:
            return self._ink_end(obj, ctm), text
        if self._owner(textpage, last) != key:
            last -= 1  # the text ends with a space that is not the object's
            text = text[:-1]
        self.cursor = last + 1
        stripped = len(text.rstrip())
        index = start + stripped - 1
        if stripped == 0 or text[stripped - 1] == "\x02" or self._owner(textpage, index) != key:
            return self._ink_end(obj, ctm), text  # a hyphen PDFium marks has no advance of its own there
        box = self.box
        raw.FPDFText_GetLooseCharBox(textpage, index, box)
        return box.right + ctm[4], text

    def _owner(self, textpage, index: int) -> int | None:
        return self.owner_address(textpage, index)

    def _ink_end(self, obj, ctm) -> float:
        """The right edge of the object's glyphs, when its characters are not found on the text page."""
        left, bottom, right, top = self._bounds(obj)
        return max(apply(ctm, x, y)[0] for x, y in _corners(left, bottom, right, top))

    def _font(self, font) -> tuple[str, bool]:
        key = ctypes.cast(font, ctypes.c_void_p).value or 0
        if key not in self.fonts:
            raw = self.raw
            name = "unknown"
            if font:
                length = raw.FPDFFont_GetBaseFontName(font, self.name, len(self.name))
                if length > len(self.name):
                    self.name = ctypes.create_string_buffer(length)
                    length = raw.FPDFFont_GetBaseFontName(font, self.name, length)
                name = self.name.value.decode("utf-8", errors="replace") or name
            name = re.sub(r"-Identity-[HV]$", "", _SUBSET.sub("", name))
            self.fonts[key] = (name, bool(font) and bool(raw.FPDFFont_GetIsEmbedded(font)))
        return self.fonts[key]

    def _path(self, obj, ctm, page: Page) -> None:
        """The box of the path's points (a stroke's width left out, as its bounds from PDFium would not)."""
        raw = self.raw
        matrix = mul(self._matrix(obj), ctm)
        x, y = self.point
        points = []
        for i in range(raw.FPDFPath_CountSegments(obj)):
            segment = raw.FPDFPath_GetPathSegment(obj, i)
            if segment and raw.FPDFPathSegment_GetPoint(segment, x, y):
                points.append(apply(matrix, x.value, y.value))
        if points:
            page.boxes.append(_box(points))


def _visible(text: str) -> str:
    """The text as printed: PDFium marks a hyphen ending a line as U+0002, and keeps soft hyphens."""
    return text.replace("\x02", "-").replace("\xad", "")


def _corners(left, bottom, right, top):
    return ((left, bottom), (right, bottom), (left, top), (right, top))


def _box(points) -> tuple[float, float, float, float]:
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    return min(xs), min(ys), max(xs), max(ys)


def _lines(runs: list[Run]) -> list[Line]:
    """Group runs into lines: the same baseline (superscripts join the line they sit on)."""
    lines: list[list[Run]] = []
    for run in sorted((r for r in runs if r.text.strip()), key=lambda r: (-r.y, r.x0)):
        for line in lines:
            base = line[0]
            if abs(base.y - run.y) <= 0.35 * max(base.size, run.size):
                line.append(run)
                break
        else:
            lines.append([run])
    result = [Line(sorted(line, key=lambda r: r.x0)) for line in lines]
    return sorted(result, key=lambda ln: -ln.y)
