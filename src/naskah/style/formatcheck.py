"""Check a finished DOCX or PDF against the house style, the way a faculty's format reviewer does.

Students edit the draft in Word, and the copy they submit is checked against the faculty guideline
by a person with a ruler: paper, margins, font and size, line spacing, where the page numbers sit and
in which numerals, every chapter on a new page, captions above tables and below figures, no number on
the title page. :func:`check_file` does that check on the file itself — ours, or the student's after
editing — and returns every deviation with where it is (a page, or in a DOCX without layout the
section or the paragraph and the heading it falls under), so that the build can run it on its own
outputs and a student on the copy they are about to print.

The readers are per format: :mod:`naskah.style.formatcheck_pdf` (what is printed where on each page)
and :mod:`naskah.style.formatcheck_docx` (what the document asks Word for). A DOCX can also be laid
out with LibreOffice (``layout=True``) so that its deviations carry real page numbers and the printed
page numbers and chapter starts can be checked as pages.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from naskah.core.errors import InputError
from naskah.core.messages import _, n_
from naskah.style.model import Length, Style

# tolerances: what a ruler on paper (and rounding in Word's twips) cannot tell apart
MARGIN_TOLERANCE = Length("1.5mm")
SIZE_TOLERANCE = 0.3  # points
SPACING_TOLERANCE = 0.07  # of the wanted line distance
SINGLE_LINE = 1.15  # a single-spaced line of Times New Roman / Liberation Serif, in em (Word's "single")


class Words:
    """Words for the style's values, looked up when used: the message language is the process's, set late."""

    def __init__(self, words: dict):
        self._words = words

    def __getitem__(self, key: str) -> str:
        return self._words[key]()

    def get(self, key: str, default: str | None = None) -> str | None:
        return self._words[key]() if key in self._words else default


POSITIONS = Words({"top_left": lambda: _("top left"), "top_center": lambda: _("top centre"),
                    "top_right": lambda: _("top right"), "bottom_left": lambda: _("bottom left"),
                    "bottom_center": lambda: _("bottom centre"), "bottom_right": lambda: _("bottom right"),
                    "none": lambda: _("no page number")})
NUMERALS = Words({"lower_roman": lambda: _("lower-case roman (i, ii, iii)"),
                   "upper_roman": lambda: _("upper-case roman (I, II, III)"), "arabic": lambda: _("arabic (1, 2, 3)")})


@dataclass(frozen=True)
class Deviation:
    """One way the document departs from the style, and where."""

    file: str  # as shown to the user
    where: str  # "page 3", "pages 5–36", "section 2", "paragraph 14 under 'BAB II TINJAUAN PUSTAKA' …"
    found: str  # "left margin 2.54 cm"
    wanted: str  # "4 cm"
    check: str  # paper, margins, font, size, spacing, indent, alignment, page-numbers, chapters, captions, …
    page: int | None = None  # first page concerned, when known

    def __str__(self) -> str:
        return f"{self.file}: {self.where}: " + _("{found}, style wants {wanted}", found=self.found, wanted=self.wanted)


def check_file(path: str | Path, style: Style, *, language: str = "id", layout: bool = False,
               shown: str | None = None) -> list[Deviation]:
    """Every deviation of the DOCX or PDF at *path* from *style*, in document order.

    *language* is the thesis language (it decides the caption words "Tabel"/"Table" unless the style
    sets them); *layout* lays a DOCX out with LibreOffice for page numbers (needs ``soffice``).
    """
    path = Path(path)
    shown = shown or path.as_posix()
    if not path.is_file():
        raise InputError(_("no such file"), shown, hint=_("give the path of a .docx or .pdf file"))
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        from naskah.style.formatcheck_pdf import check_pdf

        return check_pdf(path, style, shown, language)
    if suffix == ".docx":
        from naskah.style.formatcheck_docx import check_docx

        return check_docx(path, style, shown, language, layout=layout)
    raise InputError(_("cannot check a '{kind}' file", kind=suffix or path.name), shown,
                     hint=_("format-check reads .docx (Word) and .pdf files"))


# --- wording shared by both readers -------------------------------------------------------------------


def cm(length: float) -> str:
    """A length in points as a reader of the guideline writes it: "2.54 cm", "4 cm"."""
    return f"{round(Length(length).cm, 2):g} cm"


def pt(value: float) -> str:
    return f"{round(float(value), 1):g} pt"


def spacing(value: float) -> str:
    return f"{round(float(value), 2):g}"


def margin(side: str, length: str) -> str:
    """"left margin 2.54 cm"."""
    return {"top": lambda: _("top margin {length}", length=length),
            "bottom": lambda: _("bottom margin {length}", length=length),
            "left": lambda: _("left margin {length}", length=length),
            "right": lambda: _("right margin {length}", length=length)}[side]()


def caption_missing(kind: str) -> str:
    """"a table without a caption"."""
    return _("a table without a caption") if kind == "table" else _("a figure without a caption")


def caption_wanted(position: str, kind: str) -> str:
    """"a caption above every table" (*position*: the style's ``above``/``below``)."""
    return {("above", "table"): lambda: _("a caption above every table"),
            ("below", "table"): lambda: _("a caption below every table"),
            ("above", "figure"): lambda: _("a caption above every figure"),
            ("below", "figure"): lambda: _("a caption below every figure")}[(position, kind)]()


def caption_misplaced(label: str, position: str, kind: str) -> str:
    """"caption 'Tabel 2.1' below its table"."""
    return {("above", "table"): lambda: _("caption '{label}' above its table", label=label),
            ("below", "table"): lambda: _("caption '{label}' below its table", label=label),
            ("above", "figure"): lambda: _("caption '{label}' above its figure", label=label),
            ("below", "figure"): lambda: _("caption '{label}' below its figure", label=label)}[(position, kind)]()


def caption_position(position: str) -> str:
    """"the caption above"."""
    return _("the caption above") if position == "above" else _("the caption below")


def source_missing(source: str, label: str) -> str:
    """"no 'Sumber: …' line under 'Tabel 2.1'"."""
    return _("no '{source}: …' line under '{label}'", source=source, label=label)


def source_wanted(source: str, kind: str) -> str:
    """"'Sumber: …' under every table"."""
    return _("'{source}: …' under every table", source=source) if kind == "table" else \
        _("'{source}: …' under every figure", source=source)


def differs(found: float, wanted: float, tolerance: float) -> bool:
    return abs(float(found) - float(wanted)) > tolerance


@cache
def family_key(name: str) -> str:
    """A font name reduced to its family: "ABCDEF+TimesNewRomanPS-BoldMT" → "timesnewroman"."""
    name = re.sub(r"^[A-Z]{6}\+", "", name or "")
    name = re.split(r"[-,]", name)[0]
    name = re.sub(r"(PSMT|PS|MT)$", "", name)
    name = re.sub(r"(Bold|Italic|Oblique|Regular)+$", "", name) or name
    return re.sub(r"[^a-z0-9]", "", name.lower())


def same_family(font: str, style: Style) -> bool:
    """Whether *font* is the style's font (the DOCX's, or its metric twin in the PDF)."""
    section = style.font  # a new view of the style's data on every access: read once
    return _same_family(font, section.family, section.get("pdf_family", section.family))


@cache
def _same_family(font: str, family: str, pdf_family: str) -> bool:
    """same_family for the style's two names: a check asks it of every run of text, with a few fonts."""
    key = family_key(font)
    if not key:
        return True
    wanted = {family_key(family), family_key(pdf_family)}
    return any(key == w or (len(w) >= 5 and (key.startswith(w) or w.startswith(key))) for w in wanted if w)


def font_label(font: str) -> str:
    """A font name as a person reads it: "LiberationSerif-Bold" → "Liberation Serif"."""
    base = re.split(r"[-,]", re.sub(r"^[A-Z]{6}\+", "", font or ""))[0]
    base = re.sub(r"(PSMT|PS|MT)$", "", base)
    return re.sub(r"(?<=[a-z])(?=[A-Z])", " ", base) or font


def to_roman(number: int, upper: bool = False) -> str:
    values = [(1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"), (40, "xl"),
              (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")]
    out = ""
    for value, letters in values:
        while number >= value:
            out += letters
            number -= value
    return out.upper() if upper else out


def from_roman(text: str) -> int | None:
    text = text.lower()
    if not text or not re.fullmatch(r"m{0,3}(cm|cd|d?c{0,3})(xc|xl|l?x{0,3})(ix|iv|v?i{0,3})", text):
        return None
    values = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100, "d": 500, "m": 1000}
    total = 0
    for index, char in enumerate(text):
        value = values[char]
        total += -value if index + 1 < len(text) and values[text[index + 1]] > value else value
    return total


def numbering_pattern(template: str) -> re.Pattern | None:
    """A regex for a heading numbering template ("BAB {1:I}" → ``^BAB\\s+[IVXLCDM]+``); None when empty."""
    if not template or not template.strip():
        return None
    out = ""
    for part in re.split(r"(\{[^}]*\})", template.strip()):
        if part.startswith("{"):
            kind = part[1:-1].split(":")[1] if ":" in part else ""
            out += {"I": "[IVXLCDM]+", "i": "[ivxlcdm]+", "A": "[A-Z]", "a": "[a-z]"}.get(kind, r"\d+")
        else:
            # the presets say "BAB"; an English thesis says it as "CHAPTER" (naskah.writing.crossref.CHAPTER_WORD)
            out += r"\s+".join("(?:BAB|CHAPTER)" if word == "BAB" else re.escape(word) for word in part.split(" "))
    return re.compile("^" + out + r"(?!\w)")


def merge_pages(deviations: list[Deviation]) -> list[Deviation]:
    """Deviations that differ only in their page, one line per kind: "pages 5–9, 12"."""
    groups: dict[tuple, list[Deviation]] = {}
    order: list[tuple] = []
    for deviation in deviations:
        key = (deviation.file, deviation.check, deviation.found, deviation.wanted)
        if deviation.page is None or deviation.where != page_ranges([deviation.page]):
            key = key + (deviation.where,)
        if key not in groups:
            groups[key] = []
            order.append(key)
        groups[key].append(deviation)
    merged = []
    for key in order:
        items = groups[key]
        if len(items) == 1:
            merged.append(items[0])
            continue
        pages = sorted({d.page for d in items if d.page is not None})
        first = items[0]
        merged.append(Deviation(first.file, page_ranges(pages), first.found, first.wanted, first.check, pages[0]))
    return sorted(merged, key=lambda d: (d.page is None, d.page or 0))


def page_ranges(pages: list[int]) -> str:
    """[5, 6, 7, 9] → "pages 5–7, 9"."""
    return n_("page {pages}", "pages {pages}", len(pages), pages=number_ranges(pages))


def section_ranges(sections: list[int]) -> str:
    """[2, 3, 4] → "sections 2–4"."""
    return n_("section {sections}", "sections {sections}", len(sections), sections=number_ranges(sections))


def number_ranges(numbers: list[int]) -> str:
    """[5, 6, 7, 9] → "5–7, 9"."""
    spans: list[list[int]] = []
    for number in numbers:
        if spans and number == spans[-1][-1] + 1:
            spans[-1].append(number)
        else:
            spans.append([number])
    return ", ".join(f"{s[0]}–{s[-1]}" if len(s) > 1 else str(s[0]) for s in spans)
