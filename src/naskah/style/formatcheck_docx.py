"""The format check of a DOCX: what the document asks Word for, measured against the house style.

Without laying the document out there are no pages, so a deviation names its section ("section 2,
from 'KATA PENGANTAR'") or its paragraph and the heading it falls under — which is also how a
student finds it in Word. Checked: each section's paper, margins and header/footer distance and
page numbering (the format, the restart at 1 for the body, where the PAGE field sits on a chapter's
first page and on the others, none on the title page); the font and size of every run; line spacing,
first-line indent, space between paragraphs and alignment of body text; block quotations, reference
entries and table cells single-spaced; chapter headings on a new page, in capitals, centred; captions
above tables and below figures with their source line.

With ``layout=True`` the DOCX is converted to PDF by LibreOffice (when ``soffice`` is installed):
each deviation then also names its page (found by the paragraph's text), and the printed page
numbers and chapter starts are checked on the pages as laid out. LibreOffice's layout can differ
from Word's by a line here and there, so those page numbers are close, not exact.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from naskah.core.errors import InputError
from naskah.core.messages import _, n_
from naskah.style.docxparts import Document, Paragraph, page_field_position, read_docx
from naskah.style.formatcheck import (
    NUMERALS,
    POSITIONS,
    SIZE_TOLERANCE,
    Deviation,
    Words,
    caption_misplaced,
    caption_missing,
    caption_position,
    caption_wanted,
    cm,
    differs,
    margin,
    numbering_pattern,
    pt,
    same_family,
    section_ranges,
    source_missing,
    source_wanted,
    spacing,
)
from naskah.style.model import Length, Style

TWIP = 1 / 20  # points
_FORMATS = {"lower_roman": "lowerRoman", "upper_roman": "upperRoman", "arabic": "decimal"}
_FORMAT_NAMES = Words({"lowerRoman": lambda: _("lower-case roman"), "upperRoman": lambda: _("upper-case roman"),
                        "decimal": lambda: _("arabic")})
_REFERENCES = re.compile(r"^(daftar pustaka|daftar referensi|referensi|references|bibliography|kepustakaan)$", re.I)


def check_docx(path, style: Style, shown: str, language: str = "id", layout: bool = False) -> list[Deviation]:
    try:
        document = read_docx(path)
    except Exception as exc:  # zipfile.BadZipFile, an XML ParseError, a part missing
        raise InputError(_("not a readable Word document ({error})", error=type(exc).__name__ + ": " + str(exc)), shown,
                         hint=_("save it from Word as .docx (Word Document), not .doc")) from None
    check = _Check(document, style, shown, language)
    check.sections()
    if not layout:
        check.page_numbers()
    check.paragraphs()
    check.headings(new_page=not layout)
    check.captions()
    deviations = check.grouped()
    if layout:
        deviations = _with_layout(Path(path), deviations, style, shown, language, check)
    return deviations


class _Check:
    def __init__(self, document: Document, style: Style, shown: str, language: str):
        self.document, self.style, self.shown, self.language = document, style, shown, language
        self.out: list[tuple[Deviation, Paragraph | None, int | None]] = []  # (…, the section's index)
        self.anchor: Paragraph | None = None
        self.size = float(style.font.size)
        heading = style.heading(1)
        self.chapter = numbering_pattern(heading.get("numbering", "") if heading else "")
        # where each paragraph sits: the heading it falls under
        self.under: dict[int, str] = {}
        current = ""  # the beginning
        for paragraph in document.paragraphs:
            if paragraph.level is not None and paragraph.text:
                current = " ".join(paragraph.text.split())
            self.under[id(paragraph)] = current
        paragraphs = [p for p in document.paragraphs if not p.in_table]
        self.first_chapter = next((p for p in paragraphs if p.level == 1 and self._is_chapter(p)), None)
        # the body: from the first chapter on (the front matter's prose has its own conventions)
        start = document.paragraphs.index(self.first_chapter) if self.first_chapter is not None else 0
        self.in_body = {id(p) for p in document.paragraphs[start:]}
        # the title page: everything before the first page or section break
        self.title_page: set[int] = set()
        for paragraph in paragraphs:
            if paragraph.page_break_before or paragraph.section > 0:
                break
            self.title_page.add(id(paragraph))
            if paragraph.ends_with_page_break:
                break

    def _is_chapter(self, paragraph: Paragraph) -> bool:
        return bool(self.chapter and self.chapter.match(paragraph.text.replace("\n", " ")))

    def add(self, where: str, found: str, wanted: str, check: str, paragraph: Paragraph | None = None,
            section: int | None = None) -> None:
        """One deviation at *where*: a *paragraph*'s, or (*section* given) a section's, or the document's."""
        if paragraph is None and section is not None:
            paragraph = self.anchor  # a section's deviation is placed at its first paragraph
        self.out.append((Deviation(self.shown, where, found, wanted, check), paragraph, section))

    def where(self, paragraph: Paragraph) -> str:
        snippet = " ".join(paragraph.text.split())
        snippet = snippet if len(snippet) <= 40 else snippet[:40].rstrip() + "…"
        under = self.under.get(id(paragraph), "")
        if under and under != snippet:
            if paragraph.index:
                return _("paragraph {n} under '{heading}' (\"{text}\")", n=paragraph.index, heading=under,
                         text=snippet)
            return _("a paragraph under '{heading}' (\"{text}\")", heading=under, text=snippet)
        if paragraph.index:
            return _("paragraph {n} (\"{text}\")", n=paragraph.index, text=snippet)
        return _("a paragraph (\"{text}\")", text=snippet)

    def section_name(self, index: int) -> str:
        first = next((p for p in self.document.paragraphs if p.section == index and p.text and not p.in_table), None)
        if index == 0:
            return _("section {n} (title page)", n=index + 1)
        if first is None:
            return _("section {n}", n=index + 1)
        return _("section {n} (from '{text}')", n=index + 1, text=" ".join(first.text.split())[:40])

    # --- sections: paper, margins, numbering ------------------------------------------------------------

    def sections(self) -> None:
        width, height = (float(v) for v in self.style.paper_size)
        margins = self.style.page.margins
        for section in self.document.sections:
            props = section.props
            where = self.section_name(section.index)
            self.anchor = self._first_text(section)
            w, h = props["width"] * TWIP, props["height"] * TWIP
            if differs(min(w, h), min(width, height), 2.9) or differs(max(w, h), max(width, height), 2.9):
                self.add(where, _("paper {width} × {height} mm", width=format(w / 72 * 25.4, ".0f"),
                                  height=format(h / 72 * 25.4, ".0f")),
                         f"{self.style.page.paper.upper()} ({width / 72 * 25.4:.0f} × {height / 72 * 25.4:.0f} mm)",
                         "paper", section=section.index)
            for side in ("top", "bottom", "left", "right"):
                found = props[side] * TWIP
                wanted = float(getattr(margins, side))
                if differs(found, wanted, float(Length("1mm"))):
                    self.add(where, margin(side, cm(found)), cm(wanted), "margins", section=section.index)

    def page_numbers(self) -> None:
        numbers = self.style.page_numbers
        sections = self.document.sections
        parts = self.document.parts
        styles = self.document.styles
        distance = float(self.style.page.number_distance)

        def at(found: str) -> str:
            return _("no page number") if found == "none" else _("page number at the {position}",
                                                                 position=POSITIONS.get(found, found))

        def position(section, kind: str) -> str:
            """Where the page number sits on the first ("first") or other ("default") pages of a section."""
            use = "first" if kind == "first" and section.props["title_pg"] else "default"
            for part, refs in (("header", section.headers), ("footer", section.footers)):
                found = page_field_position(parts.get(refs.get(use) or ""), part, styles)
                if found:
                    return found
            return "none"

        body = self.first_chapter.section if self.first_chapter is not None else None
        if self.chapter is not None and self.first_chapter is None:
            self.add(_("whole document"), _("no chapter heading numbered as the style numbers them"),
                     _("chapters headed '{numbering}' (BAB I, BAB II …)", numbering=self.style.heading(1).numbering),
                     "chapters")
        self.anchor = self._first_text(sections[0])
        title = position(sections[0], "first")
        if title != "none" and numbers.title_page == "none":
            self.add(self.section_name(0), _("a page number on the title page, at the {position}",
                                             position=POSITIONS[title]),
                     _("none on the title page"), "page-numbers", section=0)
        if body is not None:
            first_in_body = [p for p in self.document.paragraphs if p.section == body and p.text and not p.in_table]
            if body == 0 or (first_in_body and first_in_body[0] is not self.first_chapter):
                self.add(self.where(self.first_chapter), _("the first chapter does not begin a section"),
                         _("a section break before it, so that the body is numbered from 1 in arabic numerals"),
                         "page-numbers", self.first_chapter)
        for section in sections:
            where = self.section_name(section.index)
            self.anchor = self._first_text(section)
            props = section.props
            front = body is None or section.index < body
            wanted_format = _FORMATS[numbers.front] if front else "decimal"
            shows = [position(section, "first"), position(section, "default")]
            if section.index == 0:
                shows = shows[1:] if props["title_pg"] else shows
            if any(s != "none" for s in shows) and props["fmt"] != wanted_format:
                self.add(where, _("page numbers in {numerals} numerals",
                                  numerals=_FORMAT_NAMES.get(props["fmt"], props["fmt"])),
                         NUMERALS[numbers.front] if front else NUMERALS["arabic"], "page-numbers",
                         section=section.index)
            if body is not None and section.index > body and props["start"] is not None:
                self.add(where, _("page numbering restarts at {start}", start=props["start"]),
                         _("one count through the body (only the first chapter restarts at 1)"), "page-numbers",
                         section=section.index)
            if body and section.index == body and props["start"] != "1":
                found = _("numbering starts at {start}", start=props["start"]) if props["start"] else \
                    _("numbering continues from the front matter")
                self.add(where, found, _("the body numbered from 1 at the first chapter"), "page-numbers",
                         section=section.index)
            if front and section.index == 0 and not any(
                    p.section == 0 and p.text and id(p) not in self.title_page for p in self.document.paragraphs):
                continue  # a section of the title page alone
            if front:
                wanted_other = numbers.front_pages
                for kind in (["default"] if section.index == 0 and not props["title_pg"] else ["first", "default"]):
                    if section.index == 0 and kind == "first":
                        continue
                    found = position(section, kind)
                    if found not in (wanted_other, numbers.chapter_opening if kind == "first" else wanted_other):
                        self.add(where, _("{found} (front matter)", found=at(found)),
                                 _("the {position}", position=POSITIONS[wanted_other]), "page-numbers",
                                 section=section.index)
                        break
            else:
                opening = self._opens_with_chapter(section)
                found_first, found_other = position(section, "first"), position(section, "default")
                if opening and found_first != numbers.chapter_opening:
                    self.add(where, _("{found} on the chapter's first page", found=at(found_first)),
                             _("one at the {position}", position=POSITIONS[numbers.chapter_opening]), "page-numbers",
                             section=section.index)
                if found_other != numbers.other:
                    self.add(where, _("{found} on the other pages", found=at(found_other)),
                             _("one at the {position}", position=POSITIONS[numbers.other]), "page-numbers",
                             section=section.index)
                if numbers.chapter_opening != numbers.other and body:
                    for paragraph in self.document.paragraphs:
                        if (paragraph.section == section.index and paragraph.level == 1 and not paragraph.in_table
                                and paragraph is not self._first_text(section)):
                            self.add(self.where(paragraph),
                                     _("the heading does not begin a section with a different first page, so its "
                                       "first page shows {found}", found=at(found_other)),
                                     _("the {position} on a chapter's first page",
                                       position=POSITIONS[numbers.chapter_opening]),
                                     "page-numbers", paragraph)
            if any(s != "none" for s in shows):
                used = props["footer"] if any(s.startswith("bottom") for s in shows) else props["header"]
                if differs(used * TWIP, distance, float(Length("2mm"))):
                    self.add(where, _("page number {distance} from the edge", distance=cm(used * TWIP)), cm(distance),
                             "page-numbers", section=section.index)

    def _first_text(self, section) -> Paragraph | None:
        return next((p for p in self.document.paragraphs if p.section == section.index and p.text
                     and not p.in_table), None)

    def _opens_with_chapter(self, section) -> bool:
        first = self._first_text(section)
        return first is not None and first.level == 1

    # --- paragraphs: fonts, sizes, spacing, indent ---------------------------------------------------------

    def kind(self, paragraph: Paragraph, references: bool) -> str:
        name = paragraph.style_name.lower()
        text = paragraph.text
        if id(paragraph) in self.title_page or "title" in name or name in ("subtitle", "author", "date"):
            return "title"
        if paragraph.level is not None:
            return "heading"
        if paragraph.in_table:
            return "table"
        if name.startswith("toc") or "table of contents" in name or re.search(r"(\.\s?){4,}\s*\S*$|\t\S+$", text):
            return "toc"
        if "caption" in name or self._caption_kind(paragraph):
            return "caption"
        if text.startswith(self.style.label("source", self.language)):
            return "source"
        if "bibliograph" in name or references:
            return "references"
        if "quote" in name or "block" in name:
            return "quote"
        if paragraph.has_drawing or "figure" in name:
            return "figure"
        if "list" in name or name in ("compact",) or "footnote" in name or "header" in name or "footer" in name:
            return "other"
        return "body"

    def paragraphs(self) -> None:
        style = self.style
        references = False
        for paragraph in self.document.paragraphs:
            if paragraph.level == 1 and not paragraph.in_table:
                references = bool(_REFERENCES.match(" ".join(paragraph.text.split())))
            if not paragraph.text:
                continue
            kind = self.kind(paragraph, references)
            if kind == "table" and id(paragraph) not in self.in_body:
                kind = "other"  # a layout table of the front matter (the approval page's signatures)
            self._fonts(paragraph, kind)
            props = paragraph.props
            wanted_spacing = {"body": style.body.line_spacing, "quote": style.block_quote.line_spacing,
                              "references": style.references.line_spacing,
                              "table": style.tables.line_spacing}.get(kind)
            if id(paragraph) not in self.in_body:
                continue  # front matter: fonts and sizes only
            if wanted_spacing is not None:
                found = _line_spacing(props, self._size(paragraph))
                if found is not None and abs(found - wanted_spacing) > 0.07 * wanted_spacing:
                    what = {"body": lambda v: _("line spacing {value}", value=v),
                            "quote": lambda v: _("block quotation spacing {value}", value=v),
                            "references": lambda v: _("reference list spacing {value}", value=v),
                            "table": lambda v: _("table spacing {value}", value=v)}[kind]
                    self.add(self.where(paragraph), what(spacing(found)), spacing(wanted_spacing),
                             "spacing", paragraph)
            if kind == "body":
                self._body(paragraph)
            elif kind == "quote":
                left = _twips(props.get("left") or props.get("start"))
                if differs(left, float(style.block_quote.indent_left), float(Length("1mm"))):
                    self.add(self.where(paragraph), _("block quotation indented {length}", length=cm(left)),
                             cm(style.block_quote.indent_left), "indent", paragraph)
            elif kind == "references":
                hanging = _twips(props.get("hanging"))
                if differs(hanging, float(style.references.hanging_indent), float(Length("1mm"))):
                    self.add(self.where(paragraph), _("hanging indent {length}", length=cm(hanging)),
                             cm(style.references.hanging_indent), "indent", paragraph)

    def _body(self, paragraph: Paragraph) -> None:
        style, props = self.style, paragraph.props
        first = _twips(props.get("first_line")) - _twips(props.get("hanging"))
        if differs(first, float(style.body.first_line_indent), float(Length("1mm"))):
            self.add(self.where(paragraph), _("first-line indent {length}", length=cm(first)),
                     cm(style.body.first_line_indent), "indent", paragraph)
        between = _twips(props.get("before")) + _twips(props.get("after"))
        if differs(between, float(style.body.paragraph_spacing), 2.0):
            self.add(self.where(paragraph), _("{space} between paragraphs", space=pt(between)),
                     pt(style.body.paragraph_spacing), "spacing", paragraph)
        align = {"both": "justify", "distribute": "justify", "center": "center", "right": "right", "end": "right"}.get(
            props.get("jc") or "left", "left")
        if align != style.body.align:
            self.add(self.where(paragraph), _("body text aligned {align}", align=align), style.body.align, "alignment",
                     paragraph)

    def _size(self, paragraph: Paragraph) -> float:
        sizes = {}
        for run in paragraph.runs:
            if run.size:
                sizes[run.size] = sizes.get(run.size, 0) + len(run.text)
        return max(sizes, key=sizes.get) if sizes else 10.0

    def _fonts(self, paragraph: Paragraph, kind: str) -> None:
        foreign = [r for r in paragraph.runs if r.text.strip() and r.font and not same_family(r.font, self.style)]
        if foreign:
            self.add(self.where(paragraph), _("font {font}", font=foreign[0].font), self.style.font.family, "fonts",
                     paragraph)
        if kind in ("title", "toc", "other", "figure", "caption"):
            return
        wanted = {"body": self.size, "references": self.size, "table": float(self.style.tables.font_size),
                  "quote": float(self.style.block_quote.font_size),
                  "source": float(self.style.captions.get("source_size", self.style.font.size))}.get(kind)
        if kind == "heading":
            heading = self.style.heading(paragraph.level)
            wanted = float(heading.size) if heading is not None and heading.get("size") is not None else None
        if wanted is None:
            return
        runs = [r for r in paragraph.runs if r.text.strip() and not r.superscript]
        found = max(({r.size or 10.0 for r in runs}), key=lambda s: sum(len(r.text) for r in runs if
                                                                            (r.size or 10.0) == s), default=None)
        if found is not None and differs(found, wanted, SIZE_TOLERANCE):
            size = pt(found)
            what = {"heading": lambda: _("heading {level} {size}", level=paragraph.level, size=size),
                    "table": lambda: _("table text {size}", size=size),
                    "quote": lambda: _("block quotation {size}", size=size),
                    "source": lambda: _("source line {size}", size=size),
                    "references": lambda: _("reference list {size}", size=size)}.get(
                kind, lambda: _("text {size}", size=size))
            self.add(self.where(paragraph), what(), pt(wanted), "size", paragraph)

    # --- headings ----------------------------------------------------------------------------------------

    def headings(self, new_page: bool) -> None:
        for paragraph in self.document.paragraphs:
            if paragraph.level is None or paragraph.in_table or not paragraph.text:
                continue
            heading = self.style.heading(paragraph.level)
            if heading is None:
                continue
            text = " ".join(paragraph.text.split())
            where = self.where(paragraph)
            if new_page and paragraph.level == 1 and heading.get("new_page") and not paragraph.page_break_before \
                    and id(paragraph) not in self.title_page and self._previous_text(paragraph) is not None:
                self.add(where, _("no page break before the chapter"), _("each chapter on a new page"), "chapters",
                         paragraph)
            align = {"center": "center", "right": "right", "end": "right", "both": "left"}.get(
                paragraph.props.get("jc") or "left", "left")
            if heading.get("align") and align != heading.align:
                self.add(where, _("heading {level} aligned {align}", level=paragraph.level, align=align),
                         heading.align, "alignment", paragraph)
            if heading.get("case") == "upper" and text != text.upper():
                self.add(where, _("heading {level} not in capitals", level=paragraph.level), _("upper case"),
                         "chapters", paragraph)
            bold = all(r.bold for r in paragraph.runs if r.text.strip())
            if heading.get("bold") is not None and bold != bool(heading.bold):
                self.add(where, _("heading {level} bold", level=paragraph.level) if bold else
                         _("heading {level} not bold", level=paragraph.level),
                         _("bold") if heading.bold else _("not bold"), "chapters", paragraph)

    def _previous_text(self, paragraph: Paragraph) -> Paragraph | None:
        previous = None
        for candidate in self.document.paragraphs:
            if candidate is paragraph:
                return previous
            if candidate.text and not candidate.in_table:
                previous = candidate
        return previous

    # --- captions -------------------------------------------------------------------------------------------

    def _caption_kind(self, paragraph: Paragraph) -> str | None:
        text = " ".join(paragraph.text.split())
        for kind in ("table", "figure"):
            if re.match(rf"^{re.escape(self.style.label(kind, self.language))}\s+\d+(\.\d+)*\b", text):
                return kind
        return None

    def captions(self) -> None:
        captions = self.style.captions
        blocks = self.document.blocks
        source = self.style.label("source", self.language)

        def near(index: int, step: int) -> Paragraph | None:
            index += step
            while 0 <= index < len(blocks):
                block = blocks[index]
                if isinstance(block, tuple):
                    return None
                if block.text or block.has_drawing:
                    return block
                index += step
            return None

        for index, block in enumerate(blocks):
            cells = []
            if isinstance(block, tuple):
                kind, anchor = "table", None
                cells = block[1]
                place = self.where(cells[0]) if cells else _("a table")
                if cells and id(cells[0]) not in self.in_body:
                    continue  # a layout table of the front matter
            elif block.has_drawing and not block.text and id(block) in self.in_body:
                kind, anchor, place = "figure", block, None
            else:
                continue
            before, after = near(index, -1), near(index, 1)
            is_caption = [p is not None and self._caption_kind(p) == kind for p in (before, after)]
            wanted = captions.table_position if kind == "table" else captions.figure_position
            caption = before if is_caption[0] else after if is_caption[1] else None
            where = self.where(caption) if caption is not None else (place or self.where(anchor))
            if caption is None:
                self.add(where, caption_missing(kind), caption_wanted(wanted, kind), "captions",
                         anchor or (cells[0] if cells else None))
                continue
            found = "above" if caption is before else "below"
            label = " ".join(caption.text.split()[:2])
            if found != wanted:
                self.add(where, caption_misplaced(label, found, kind), caption_position(wanted), "captions", caption)
            align = {"center": "center", "both": "left"}.get(caption.props.get("jc") or "left", "left")
            if align != captions.align:
                self.add(where, _("caption '{label}' aligned {align}", label=label, align=align), captions.align,
                         "alignment", caption)
            if captions.get("source"):
                follow = near(index, 1)
                if follow is caption:
                    follow = near(blocks.index(caption), 1)
                if follow is None or not follow.text.startswith(source):
                    self.add(where, source_missing(source, label), source_wanted(source, kind), "captions", caption)

    # --- reporting --------------------------------------------------------------------------------------------

    def grouped(self) -> list[Deviation]:
        """One line per kind of deviation: the first paragraph it occurs in, and how many more."""
        groups: dict[tuple, list[tuple[Deviation, Paragraph | None, int | None]]] = {}
        for item in self.out:
            deviation, paragraph, section = item
            key = (deviation.check, deviation.found, deviation.wanted)
            if section is not None or paragraph is None:
                key += (deviation.where,)  # a section's or the document's: each stands alone
            groups.setdefault(key, []).append(item)
        # a section's deviation repeated in the next sections: one line, "sections 2–17"
        sections: dict[tuple, list[tuple[int, tuple]]] = {}
        for key, items in list(groups.items()):
            if items[0][2] is not None and len(items) == 1:
                sections.setdefault(key[:3], []).append((items[0][2] + 1, key))
        for key, numbered in sections.items():
            if len(numbered) < 2:
                continue
            items = [groups.pop(k)[0] for _n, k in numbered]
            first = items[0]
            spans = section_ranges(sorted(n for n, _k in numbered))
            groups[key + (spans,)] = [(Deviation(first[0].file, spans, first[0].found, first[0].wanted,
                                                 first[0].check), first[1], first[2])]
        out = []
        order = {id(p): n for n, p in enumerate(self.document.paragraphs)}
        for items in sorted(groups.values(), key=lambda its: -1 if its[0][1] is None else order[id(its[0][1])]):
            first, paragraph, _section = items[0]
            where = first.where
            if len(items) > 1:
                where = n_("{where} and {n} more", "{where} and {n} more", len(items) - 1, where=where)
            out.append((Deviation(first.file, where, first.found, first.wanted, first.check), paragraph))
        self.first_paragraph = {id(d): p for d, p in out}
        return [d for d, _ in out]


def _twips(value) -> float:
    try:
        return int(value) * TWIP
    except (TypeError, ValueError):
        return 0.0


def _line_spacing(props: dict, size: float) -> float | None:
    """Word's spacing as a multiple of single lines: "auto" is in 240ths, exact and at-least in twips."""
    line = props.get("line")
    if line is None:
        return 1.0
    try:
        value = int(line)
    except ValueError:
        return None
    if (props.get("line_rule") or "auto") == "auto":
        return value / 240
    return value * TWIP / (1.15 * size)


def _with_layout(path: Path, deviations: list[Deviation], style: Style, shown: str, language: str,
                 check: _Check) -> list[Deviation]:
    """The deviations with the page each is on, and the page checks, on LibreOffice's layout of the DOCX."""
    from naskah.style.formatcheck_pdf import LAYOUT, check_pdf
    from naskah.style.pdfpages import read_pages

    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise InputError(_("laying the document out needs LibreOffice (soffice), which is not installed"), shown,
                         hint=_("install LibreOffice, or check without --layout (deviations then name paragraphs)"))
    with tempfile.TemporaryDirectory(prefix="naskah-layout-") as tmp:
        profile = Path(tmp, "profile").as_uri()
        result = subprocess.run([soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
                                 "--outdir", tmp, str(path)], capture_output=True, text=True, timeout=300)
        pdf = Path(tmp) / (path.stem + ".pdf")
        if result.returncode != 0 or not pdf.is_file():
            raise InputError(_("LibreOffice could not lay the document out"), shown,
                             hint=(result.stderr or result.stdout).strip()[:200] or _("open it in Word and save again"))
        pages = read_pages(pdf)
    where_is = _pages_of(check.document.paragraphs, pages)
    out = []
    for deviation in deviations:
        paragraph = check.first_paragraph.get(id(deviation))
        page = where_is.get(id(paragraph)) if paragraph is not None else None
        where = _("page {page}, {where}", page=page, where=deviation.where) if page else deviation.where
        out.append(Deviation(deviation.file, where, deviation.found, deviation.wanted, deviation.check, page))
    out += check_pdf(path, style, shown, language, checks=LAYOUT, pages=pages)
    return sorted(out, key=lambda d: (d.page is None, d.page or 0))


def _pages_of(paragraphs: list[Paragraph], pages) -> dict[int, int]:
    """The page each paragraph is on: its text found in the laid-out text, in reading order."""
    stream = ""
    starts = []
    for page in pages:
        starts.append(len(stream))
        stream += re.sub(r"\s+", "", "".join(line.text for line in page.lines)).lower()
    found: dict[int, int] = {}
    cursor, last = 0, 1
    for paragraph in paragraphs:
        key = re.sub(r"\s+", "", paragraph.text).lower()[:40]
        position = stream.find(key, cursor) if len(key) >= 12 and not paragraph.in_table else -1
        if position >= 0:  # short texts and table cells are too common to place: they take the page before
            cursor = position + len(key)
            last = next(n for n in range(len(starts), 0, -1) if starts[n - 1] <= position)
        found[id(paragraph)] = last
    return found
