"""What is printed where on each page of a PDF: lines of text with their extent, font and size, and
the boxes of drawings and images.

The format check needs the right edge of every line (is the right margin kept?), the font and size
of every run, and where tables and figures are drawn (is the caption above or below?). pypdf's text
extraction gives neither widths nor drawings, so this module walks each page's content stream
itself (with pypdf's public parser): the text state and the current transformation matrix, glyph
widths from the font dictionaries (``/Widths``, or ``/W`` of a CID font), text decoded through the
font's ``/ToUnicode`` map, and the bounding box of every painted path and image, form XObjects
included. Coordinates are PDF points from the bottom-left corner of the page.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property

from pypdf import PdfReader
from pypdf.generic import ContentStream

IDENTITY = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
_PAINT = {b"S", b"s", b"f", b"F", b"f*", b"B", b"B*", b"b", b"b*"}
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
        return Counter(round(r.y, 1) for r in self.runs for _ in r.text).most_common(1)[0][0]

    @cached_property
    def size(self) -> float:
        """The size most of the line's characters have."""
        return Counter(round(r.size, 1) for r in self.runs for ch in r.text if not ch.isspace()).most_common(1)[0][0]

    @cached_property
    def font(self) -> str:
        return Counter(r.font for r in self.runs for ch in r.text if not ch.isspace()).most_common(1)[0][0]

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
    reader = PdfReader(str(path))
    try:
        labels = list(reader.page_labels) if "/PageLabels" in reader.trailer["/Root"] else []
    except Exception:  # a malformed label tree is no reason to fail the check
        labels = []
    pages = []
    fonts: dict[int, _Font] = {}
    for index, page in enumerate(reader.pages):
        box = page.mediabox
        out = Page(index + 1, float(box.width), float(box.height), labels[index] if index < len(labels) else None)
        runs: list[Run] = []
        origin = (1.0, 0.0, 0.0, 1.0, -float(box.left), -float(box.bottom))
        _walk(page.get_contents(), page.get("/Resources"), origin, reader, runs, out, fonts, depth=0)
        out.lines = _lines(runs)
        pages.append(out)
    return pages


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


class _Font:
    """Widths and text decoding of one font dictionary."""

    def __init__(self, font):
        self.name = _SUBSET.sub("", str(font.get("/BaseFont", "unknown")).lstrip("/"))
        self.two_byte = font.get("/Subtype") == "/Type0"
        self.widths: dict[int, float] = {}
        self.default_width = 500.0
        self.embedded = False
        if self.two_byte:
            descendant = font["/DescendantFonts"][0].get_object()
            self.default_width = float(descendant.get("/DW", 1000))
            self._cid_widths(descendant.get("/W"))
            descriptor = descendant.get("/FontDescriptor")
            self.name = _SUBSET.sub("", str(descendant.get("/BaseFont", self.name)).lstrip("/")) or self.name
        else:
            first = int(font.get("/FirstChar", 0))
            for offset, width in enumerate(font.get("/Widths", []) or []):
                self.widths[first + offset] = float(width)
            descriptor = font.get("/FontDescriptor")
            if descriptor is not None:
                self.default_width = float(descriptor.get_object().get("/MissingWidth", 500) or 500)
        if descriptor is not None:
            descriptor = descriptor.get_object()
            self.embedded = any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
        elif str(font.get("/Subtype")) == "/Type3":
            self.embedded = True
        self.name = re.sub(r"-Identity-[HV]$", "", self.name)
        self.unicode = _to_unicode(font.get("/ToUnicode"))
        encoding = font.get("/Encoding")
        self.codec = "mac_roman" if encoding == "/MacRomanEncoding" else "cp1252"

    def _cid_widths(self, array) -> None:
        if array is None:
            return
        items = list(array.get_object())
        i = 0
        while i < len(items):
            start = int(items[i])
            following = items[i + 1].get_object() if i + 1 < len(items) else None
            if isinstance(following, list):
                for offset, width in enumerate(following):
                    self.widths[start + offset] = float(width)
                i += 2
            else:
                end, width = int(items[i + 1]), float(items[i + 2])
                for cid in range(start, end + 1):
                    self.widths[cid] = width
                i += 3

    def codes(self, data: bytes) -> list[int]:
        if self.two_byte:
            return [int.from_bytes(data[i:i + 2], "big") for i in range(0, len(data) - 1, 2)]
        return list(data)

    def char(self, code: int) -> str:
        if code in self.unicode:
            return self.unicode[code]
        if self.two_byte:
            return ""
        return bytes([code]).decode(self.codec, errors="replace")

    def width(self, code: int) -> float:
        return self.widths.get(code, self.default_width) / 1000.0


_HEX = re.compile(rb"<([0-9A-Fa-f]+)>")


def _to_unicode(stream) -> dict[int, str]:
    """The code → text map of a ``/ToUnicode`` CMap (bfchar and bfrange sections)."""
    if stream is None:
        return {}
    try:
        data = stream.get_object().get_data()
    except Exception:
        return {}
    mapping: dict[int, str] = {}

    def text(hexbytes: bytes) -> str:
        raw = bytes.fromhex(hexbytes.decode())
        return raw.decode("utf-16-be", errors="replace") if len(raw) >= 2 else raw.decode("latin-1")

    for block in re.findall(rb"beginbfchar(.*?)endbfchar", data, re.S):
        pairs = _HEX.findall(block)
        for src, dst in zip(pairs[::2], pairs[1::2], strict=False):
            mapping[int(src, 16)] = text(dst)
    for block in re.findall(rb"beginbfrange(.*?)endbfrange", data, re.S):
        for lo, hi, rest in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*(\[[^\]]*\]|<[0-9A-Fa-f]+>)", block):
            lo, hi = int(lo, 16), int(hi, 16)
            if rest.startswith(b"["):
                for offset, dst in enumerate(_HEX.findall(rest)):
                    mapping[lo + offset] = text(dst)
            else:
                base = bytes.fromhex(rest[1:-1].decode())
                if len(base) < 2:
                    continue
                start = int.from_bytes(base, "big")
                width = len(base)
                for code in range(lo, min(hi, lo + 65535) + 1):
                    value = (start + code - lo).to_bytes(width, "big")
                    mapping[code] = value.decode("utf-16-be", errors="replace")
    return mapping


def _bytes(value) -> bytes:
    """The raw bytes of a string operand (pypdf decodes some of them to text)."""
    original = getattr(value, "original_bytes", None)
    if original is not None:
        return bytes(original)
    return bytes(value) if isinstance(value, bytes | bytearray) else str(value).encode("latin-1", "replace")


def _font(resources, name, reader, cache: dict[int, _Font]) -> _Font | None:
    try:
        ref = resources["/Font"].raw_get(name)
    except Exception:
        return None
    key = ref.idnum if hasattr(ref, "idnum") else id(ref)
    if key not in cache:
        try:
            cache[key] = _Font(ref.get_object())
        except Exception:
            return None
    return cache[key]


def _walk(contents, resources, ctm, reader, runs, page: Page, fonts, depth: int) -> None:
    """Interpret one content stream (a page's or a form XObject's)."""
    if contents is None or depth > 8:
        return
    resources = resources.get_object() if resources is not None else {}
    try:
        stream = contents if isinstance(contents, ContentStream) else ContentStream(contents, reader)
        operations = stream.operations
    except Exception:
        return
    stack = []
    font: _Font | None = None
    size = 0.0
    char_space = word_space = rise = 0.0
    scale = 1.0
    leading = 0.0
    tm = tlm = IDENTITY
    path: list[tuple[float, float]] = []

    def show(data: bytes) -> None:
        nonlocal tm
        if font is None:
            return
        start = mul(mul((size * scale, 0, 0, size, 0, rise), tm), ctm)
        chars = []
        end = start  # after the last glyph that is not a space: a trailing space prints nothing
        for code in font.codes(data):
            char = font.char(code)
            chars.append(char)
            advance = font.width(code) * size + char_space
            if not font.two_byte and code == 32:
                advance += word_space
            tm = mul((1, 0, 0, 1, advance * scale, 0), tm)
            if char.strip():
                end = mul(mul((size * scale, 0, 0, size, 0, rise), tm), ctm)
        text = "".join(chars)
        if not text.strip():
            return
        x0, y0 = start[4], start[5]
        x1 = end[4]
        effective = size * math.hypot(tm[2] * ctm[0] + tm[3] * ctm[2], tm[2] * ctm[1] + tm[3] * ctm[3])
        runs.append(Run(text, min(x0, x1), max(x0, x1), y0, abs(effective), font.name))
        page.fonts.setdefault(font.name, font.embedded)

    for operands, op in operations:
        try:
            if op == b"q":
                stack.append(ctm)
            elif op == b"Q":
                ctm = stack.pop() if stack else ctm
            elif op == b"cm":
                ctm = mul(tuple(float(v) for v in operands), ctm)
            elif op == b"BT":
                tm = tlm = IDENTITY
            elif op == b"Tf":
                font = _font(resources, operands[0], reader, fonts)
                size = float(operands[1])
            elif op == b"Tc":
                char_space = float(operands[0])
            elif op == b"Tw":
                word_space = float(operands[0])
            elif op == b"Tz":
                scale = float(operands[0]) / 100
            elif op == b"TL":
                leading = float(operands[0])
            elif op == b"Ts":
                rise = float(operands[0])
            elif op in (b"Td", b"TD"):
                tx, ty = float(operands[0]), float(operands[1])
                if op == b"TD":
                    leading = -ty
                tlm = mul((1, 0, 0, 1, tx, ty), tlm)
                tm = tlm
            elif op == b"Tm":
                tm = tlm = tuple(float(v) for v in operands)
            elif op == b"T*":
                tlm = mul((1, 0, 0, 1, 0, -leading), tlm)
                tm = tlm
            elif op == b"Tj":
                show(_bytes(operands[0]))
            elif op in (b"'", b'"'):
                if op == b'"':
                    word_space, char_space = float(operands[0]), float(operands[1])
                tlm = mul((1, 0, 0, 1, 0, -leading), tlm)
                tm = tlm
                show(_bytes(operands[-1]))
            elif op == b"TJ":
                for item in operands[0]:
                    if isinstance(item, int | float) or hasattr(item, "as_numeric"):
                        tm = mul((1, 0, 0, 1, -float(item) / 1000 * size * scale, 0), tm)
                    else:
                        show(_bytes(item))
            elif op in (b"m", b"l"):
                path.append(apply(ctm, float(operands[0]), float(operands[1])))
            elif op in (b"c", b"v", b"y"):
                values = [float(v) for v in operands]
                path.extend(apply(ctm, values[i], values[i + 1]) for i in range(0, len(values), 2))
            elif op == b"re":
                x, y, w, h = (float(v) for v in operands)
                path.extend(apply(ctm, px, py) for px, py in ((x, y), (x + w, y), (x, y + h), (x + w, y + h)))
            elif op in _PAINT:
                if path:
                    xs, ys = [p[0] for p in path], [p[1] for p in path]
                    page.boxes.append((min(xs), min(ys), max(xs), max(ys)))
                path = []
            elif op == b"n":
                path = []
            elif op == b"Do":
                xobject = resources["/XObject"][operands[0]].get_object()
                if xobject.get("/Subtype") == "/Image":
                    corners = [apply(ctm, px, py) for px, py in ((0, 0), (1, 0), (0, 1), (1, 1))]
                    xs, ys = [p[0] for p in corners], [p[1] for p in corners]
                    page.boxes.append((min(xs), min(ys), max(xs), max(ys)))
                elif xobject.get("/Subtype") == "/Form":
                    matrix = tuple(float(v) for v in xobject.get("/Matrix", IDENTITY))
                    _walk(xobject, xobject.get("/Resources", resources), mul(matrix, ctm), reader, runs, page,
                          fonts, depth + 1)
            elif op == b"INLINE IMAGE":
                corners = [apply(ctm, px, py) for px, py in ((0, 0), (1, 0), (0, 1), (1, 1))]
                xs, ys = [p[0] for p in corners], [p[1] for p in corners]
                page.boxes.append((min(xs), min(ys), max(xs), max(ys)))
        except (IndexError, KeyError, TypeError, ValueError, AttributeError):
            continue  # one odd operator does not spoil the page
