"""The Word reference document of a house style: styles, page setup and page-number footers.

pandoc takes every paragraph, character and table style, the page setup and the header and
footer parts of a DOCX from its *reference document*; a student who keeps working in Word
then finds the house style in Word's own style gallery (Normal, Heading 1–3, Caption, Block
Text, Bibliography, toc 1–3, Table of Figures …) instead of direct formatting. We start from
pandoc's default reference document, so that every style pandoc writes exists, and change
it with python-docx, the well-kept library for styles, sections and headers.

The reference holds eight header/footer parts, always in the same order (:data:`PARTS`):
the default and first-page header and footer of the front matter and of the body, each
empty or holding a PAGE field where ``style.page_numbers`` puts the number. The sections of
the thesis itself (title page, front matter i, ii …, body from 1, one per chapter) are made
after pandoc by :mod:`naskah.render.docx`, which points them at these parts; the field shows
the number in the format of its section, so one part serves roman and arabic pages alike.

The bytes are the same for the same style (fixed ZIP timestamps, sorted entries), so the
reference can be cached by a hash of the style (:func:`reference_key`).
"""

from __future__ import annotations

import hashlib
import io
import json
import subprocess
import zipfile
from pathlib import Path

from naskah.core.tools import pandoc_path
from naskah.style.model import Length, Style

# header/footer parts in the order they are created: (kind of section, which pages, header or footer)
PARTS = [(kind, page, part) for part in ("header", "footer") for kind in ("front", "body")
         for page in ("default", "first")]

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
ZIP_DATE = (1980, 1, 1, 0, 0, 0)
ALIGN = {"left": "left", "center": "center", "right": "right", "justify": "both"}
NUMBER_FORMAT = {"lower_roman": "lowerRoman", "upper_roman": "upperRoman", "arabic": "decimal"}
CELL_MARGIN = Length("0.19cm")  # left and right inside every table cell (Word's default, the PDF's inset)


def part_name(kind: str, page: str, part: str) -> str:
    """The package name of a header/footer part (``word/header3.xml``), by its place in :data:`PARTS`."""
    index = [p for p in PARTS if p[2] == part].index((kind, page, part)) + 1
    return f"word/{part}{index}.xml"


def number_position(style: Style, kind: str, page: str) -> str:
    """Where the page number goes on *page* ("default" or "first") of a *kind* ("front"/"body") section."""
    numbers = style.page_numbers
    if page == "first":
        return numbers.chapter_opening
    return numbers.front_pages if kind == "front" else numbers.other


def text_width(style: Style) -> Length:
    width, _ = style.paper_size
    return Length(width - style.page.margins.left - style.page.margins.right)


def reference_key(style: Style) -> str:
    """A short hash of everything the reference depends on: the style, this builder, pandoc (its default)."""
    digest = hashlib.sha256(json.dumps(style.data, sort_keys=True, default=str).encode("utf-8"))
    digest.update(Path(__file__).read_bytes())
    digest.update(pandoc_path().encode("utf-8"))
    return digest.hexdigest()[:16]


def pandoc_default_reference() -> bytes:
    return subprocess.run([pandoc_path(), "--print-default-data-file", "reference.docx"],
                          capture_output=True, check=True).stdout


def build_reference(style: Style) -> bytes:
    """The reference document of *style*, as DOCX bytes (the same bytes for the same style)."""
    import docx

    document = docx.Document(io.BytesIO(pandoc_default_reference()))
    builder = _Builder(document, style)
    builder.styles()
    builder.page_setup()
    builder.headers_and_footers()
    builder.settings()
    out = io.BytesIO()
    document.save(out)
    return normalise_zip(out.getvalue())


def normalise_zip(data: bytes, date_time: tuple = ZIP_DATE) -> bytes:
    """The same archive with sorted entries and one fixed timestamp, so equal content gives equal bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name in sorted(source.namelist()):
            entry = zipfile.ZipInfo(name, date_time=date_time)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            target.writestr(entry, source.read(name))
    return out.getvalue()


class _Builder:
    def __init__(self, document, style: Style):
        from docx.oxml.ns import qn

        self.doc = document
        self.style = style
        self.qn = qn
        self.by_id = {s.style_id: s for s in document.styles}

    # -- helpers over python-docx's style objects --------------------------------------------------------------

    def get(self, style_id: str, name: str | None = None, kind: str = "paragraph", based_on: str | None = None):
        """The style *style_id*, created (with Word's *name*) when pandoc's default lacks it."""
        from docx.enum.style import WD_STYLE_TYPE

        found = self.by_id.get(style_id)
        if found is None:
            types = {"paragraph": WD_STYLE_TYPE.PARAGRAPH, "character": WD_STYLE_TYPE.CHARACTER}
            found = self.doc.styles.add_style(name or style_id, types[kind])
            found.style_id = style_id
            self.by_id[style_id] = found
        if based_on:
            found.base_style = self.by_id[based_on]
        return found

    def font(self, style, family: str | None = None, size: Length | None = None, bold: bool | None = None,
             italic: bool | None = None) -> None:
        rpr = style.element.get_or_add_rPr()
        if family:
            fonts = rpr.get_or_add_rFonts()
            for attr in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
                fonts.attrib.pop(self.qn(f"w:{attr}"), None)
            for attr in ("ascii", "hAnsi", "eastAsia", "cs"):
                fonts.set(self.qn(f"w:{attr}"), family)
        if size is not None:
            style.font.size = size.emu
            style.font.complex_script = False
            szcs = rpr.find(self.qn("w:szCs"))
            if szcs is None:
                szcs = rpr.makeelement(self.qn("w:szCs"), {})
                rpr.find(self.qn("w:sz")).addnext(szcs)
            szcs.set(self.qn("w:val"), str(size.half_points))
        if bold is not None:
            style.font.bold = bold
        if italic is not None:
            style.font.italic = italic

    def paragraph(self, style, spacing: float | None = None, before: Length | None = None,
                  after: Length | None = None, first_line: Length | None = None, left: Length | None = None,
                  right: Length | None = None, hanging: Length | None = None, align: str | None = None,
                  keep_next: bool | None = None) -> None:
        fmt = style.paragraph_format
        if spacing is not None:
            fmt.line_spacing = float(spacing)  # a multiple: w:line=240×n, w:lineRule=auto ("double" = 480)
        if before is not None:
            fmt.space_before = before.emu
        if after is not None:
            fmt.space_after = after.emu
        if left is not None:
            fmt.left_indent = left.emu
        if right is not None:
            fmt.right_indent = right.emu
        if hanging is not None:
            fmt.first_line_indent = -hanging.emu
        elif first_line is not None:
            fmt.first_line_indent = first_line.emu
        if align is not None:
            from docx.enum.text import WD_ALIGN_PARAGRAPH

            fmt.alignment = {"left": WD_ALIGN_PARAGRAPH.LEFT, "center": WD_ALIGN_PARAGRAPH.CENTER,
                             "right": WD_ALIGN_PARAGRAPH.RIGHT, "justify": WD_ALIGN_PARAGRAPH.JUSTIFY}[align]
        if keep_next is not None:
            fmt.keep_with_next = keep_next

    def right_tab(self, style, leader: bool = True) -> None:
        from docx.enum.text import WD_TAB_ALIGNMENT, WD_TAB_LEADER

        style.paragraph_format.tab_stops.add_tab_stop(
            text_width(self.style).emu, WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS if leader else WD_TAB_LEADER.SPACES)

    def strip_colours(self) -> None:
        """No theme colours (pandoc's blue headings, links, title): a thesis is printed in black."""
        for element in self.doc.styles.element.iter(self.qn("w:color")):
            element.getparent().remove(element)

    # -- the parts of the reference ----------------------------------------------------------------------------

    def styles(self) -> None:
        s = self.style
        family, size = s.font.family, s.font.size
        self.strip_colours()
        # every style that names a theme font (Aptos, Calibri Light) gets the house font instead
        for style in self.doc.styles:
            rpr = style.element.rPr
            if rpr is not None and rpr.rFonts is not None:
                self.font(style, family)
        defaults = self.doc.styles.element.find(self.qn("w:docDefaults"))
        rpr_default = defaults.find(f"{self.qn('w:rPrDefault')}/{self.qn('w:rPr')}")
        fonts = rpr_default.find(self.qn("w:rFonts"))
        for attr in list(fonts.attrib):
            del fonts.attrib[attr]
        for attr in ("ascii", "hAnsi", "eastAsia", "cs"):
            fonts.set(self.qn(f"w:{attr}"), family)
        for tag in ("w:sz", "w:szCs"):
            rpr_default.find(self.qn(tag)).set(self.qn("w:val"), str(size.half_points))
        spacing = defaults.find(f"{self.qn('w:pPrDefault')}/{self.qn('w:pPr')}/{self.qn('w:spacing')}")
        spacing.set(self.qn("w:after"), "0")

        zero = Length(0)
        normal = self.get("Normal")
        self.font(normal, family, size)
        self.paragraph(normal, spacing=1, before=zero, after=zero)

        body = s.body
        text = self.get("BodyText")
        self.paragraph(text, spacing=body.line_spacing, before=zero, after=body.paragraph_spacing,
                       first_line=body.first_line_indent, align=body.align)
        # tight lists: the body's spacing, no first-line indent (the list marker is the indent)
        self.paragraph(self.get("Compact"), spacing=body.line_spacing, before=zero, after=zero, first_line=zero)

        for level in range(1, 10):
            self.heading(level)
        chapter = self.heading_spec(1)
        toc_heading = self.get("TOCHeading")  # Daftar Isi's own title: like a chapter, not in the contents
        self.font(toc_heading, family, Length(chapter.get("size", size)), bold=bool(chapter.get("bold", True)))
        self.paragraph(toc_heading, spacing=body.line_spacing, before=zero,
                       after=Length(chapter.get("space_after", "12pt")), align=chapter.get("align", "center"))

        quote = s.block_quote
        block = self.get("BlockText")
        self.font(block, size=quote.font_size, italic=bool(quote.get("italic")))
        self.paragraph(block, spacing=quote.line_spacing, before=Length("12pt"), after=Length("12pt"),
                       left=quote.indent_left, right=quote.indent_right, first_line=zero, align=body.align)

        refs = s.references
        bib = self.get("Bibliography")
        self.paragraph(bib, spacing=refs.line_spacing, before=zero, after=refs.space_between,
                       left=refs.hanging_indent, hanging=refs.hanging_indent, align="left")

        self.captions()
        self.tables()
        self.lists_of_contents()
        self.page_parts()
        self.misc()

    def heading_spec(self, level: int):
        spec = self.style.heading(level)
        if spec is None:  # levels the style leaves out look like its deepest one
            levels = [h["level"] for h in self.style.data.get("headings", []) if h.get("level")]
            spec = self.style.heading(max(levels)) if levels else None
        return spec.as_dict() if spec is not None else {}

    def heading(self, level: int) -> None:
        spec = self.heading_spec(level)
        s = self.style
        style = self.get(f"Heading{level}")
        self.font(style, s.font.family, Length(spec.get("size", s.font.size)), bold=bool(spec.get("bold", True)),
                  italic=bool(spec.get("italic", False)))
        self.paragraph(style, spacing=s.body.line_spacing, before=Length(spec.get("space_before", "0pt")),
                       after=Length(spec.get("space_after", "0pt")), first_line=Length(0),
                       align=spec.get("align", "left"), keep_next=True)
        style.font.all_caps = spec.get("case") == "upper"
        style.paragraph_format.page_break_before = bool(spec.get("new_page", False))
        char = self.by_id.get(f"Heading{level}Char")
        if char is not None:
            self.font(char, s.font.family, Length(spec.get("size", s.font.size)), bold=bool(spec.get("bold", True)))

    def captions(self) -> None:
        c = self.style.captions
        zero = Length(0)
        caption = self.get("Caption")
        self.font(caption, italic=False)
        self.paragraph(caption, spacing=1, before=zero, after=zero, first_line=zero, align=c.align)
        table_caption = self.get("TableCaption")
        self.paragraph(table_caption, before=Length("12pt"), after=Length("6pt"), keep_next=True)
        image_caption = self.get("ImageCaption")
        self.paragraph(image_caption, before=Length("6pt"), after=Length("12pt"))
        figure = self.get("Figure")
        self.paragraph(figure, spacing=1, before=Length("12pt"), after=zero, first_line=zero, align="center",
                       keep_next=True)
        label = self.get("CaptionLabel", "Caption Label", kind="character")
        self.font(label, bold=bool(c.label_bold))
        source = self.get("CaptionSource", "Caption Source", based_on="Normal")
        source.next_paragraph_style = self.by_id["BodyText"]
        self.font(source, size=c.source_size)
        self.paragraph(source, spacing=1, before=Length("3pt"), after=Length("12pt"), first_line=zero, align="left")

    def tables(self) -> None:
        t = self.style.tables
        cell = self.get("TableText", "Table Text", based_on="Normal")
        self.font(cell, size=t.font_size)
        self.paragraph(cell, spacing=t.line_spacing, before=Length("1pt"), after=Length("1pt"),
                       first_line=Length(0), align="left")
        table = self.by_id["Table"].element
        self._table_style(table, t.rules, bool(t.header_bold))

    def _table_style(self, table, rules: str, header_bold: bool) -> None:
        from docx.oxml import parse_xml

        qn = self.qn
        for old in table.findall(qn("w:tblStylePr")):
            table.remove(old)
        tblpr = table.find(qn("w:tblPr"))
        for old in tblpr.findall(qn("w:tblBorders")):
            tblpr.remove(old)
        line = '<w:{side} w:val="single" w:sz="{size}" w:space="0" w:color="auto"/>'
        if rules == "grid":
            sides = ("top", "left", "bottom", "right", "insideH", "insideV")
            borders = "".join(line.format(side=side, size=4) for side in sides)
        else:  # three_line: a rule above and below the table and one under its header row
            borders = line.format(side="top", size=8) + line.format(side="bottom", size=8)
        tblpr.find(qn("w:tblInd")).addnext(parse_xml(f'<w:tblBorders xmlns:w="{W_NS}">{borders}</w:tblBorders>'))
        margins = tblpr.find(qn("w:tblCellMar"))
        for side in ("left", "right"):
            margins.find(qn(f"w:{side}")).set(qn("w:w"), str(CELL_MARGIN.twips))
        bold = "<w:rPr><w:b/><w:bCs/></w:rPr>" if header_bold else ""
        under = '<w:tcBorders><w:bottom w:val="single" w:sz="4" w:space="0" w:color="auto"/></w:tcBorders>' \
            if rules == "three_line" else ""
        table.append(parse_xml(f'<w:tblStylePr xmlns:w="{W_NS}" w:type="firstRow">{bold}'
                               f'<w:tcPr>{under}<w:vAlign w:val="bottom"/></w:tcPr></w:tblStylePr>'))

    def lists_of_contents(self) -> None:
        """toc 1–3 and Table of Figures: what Word's TOC fields write their entries in."""
        zero = Length(0)
        step = Length("0.75cm")
        for level in (1, 2, 3):
            toc = self.get(f"TOC{level}", f"toc {level}", based_on="Normal")
            toc.next_paragraph_style = self.by_id["BodyText"]
            # a wrapped title stays clear of the page numbers and indented under its own text
            self.paragraph(toc, spacing=1, before=zero, after=Length("6pt"), left=Length(step * (level - 1)),
                           right=Length("1cm"), first_line=zero)
            self.right_tab(toc)
        figures = self.get("TableofFigures", "table of figures", based_on="Normal")
        figures.next_paragraph_style = self.by_id["BodyText"]
        self.paragraph(figures, spacing=1, before=zero, after=Length("6pt"), left=Length("2cm"),
                       right=Length("1cm"), hanging=Length("2cm"))
        self.right_tab(figures)

    def page_parts(self) -> None:
        width = text_width(self.style)
        for style_id, name in (("Header", "header"), ("Footer", "footer")):
            part = self.get(style_id, name, based_on="Normal")
            self.paragraph(part, spacing=1, before=Length(0), after=Length(0), first_line=Length(0))
            from docx.enum.text import WD_TAB_ALIGNMENT

            part.paragraph_format.tab_stops.add_tab_stop(Length(width / 2).emu, WD_TAB_ALIGNMENT.CENTER)
            part.paragraph_format.tab_stops.add_tab_stop(width.emu, WD_TAB_ALIGNMENT.RIGHT)

    def misc(self) -> None:
        zero = Length(0)
        title_page = self.get("TitlePage", "Title Page", based_on="Normal")
        self.paragraph(title_page, spacing=1.15, before=zero, after=Length("12pt"), first_line=zero, align="center")
        # a signature: a block on the right half of the page; side by side in the pengesahan (a table cell)
        signature = self.get("Signature", based_on="Normal")
        self.paragraph(signature, spacing=1, before=Length("12pt"), after=zero,
                       left=Length(text_width(self.style) / 2), first_line=zero, align="left")
        signature.paragraph_format.keep_together = True
        block = self.get("SignatureBlock", "Signature Block", based_on="Normal")
        self.paragraph(block, spacing=1, before=Length("12pt"), after=Length("12pt"), first_line=zero,
                       align="center")
        block.paragraph_format.keep_together = True
        stamp = self.get("BuildStamp", "Build Stamp", based_on="Normal")
        self.font(stamp, size=Length("8pt"))
        self.paragraph(stamp, spacing=1, before=Length("12pt"), after=zero, first_line=zero, align="center")
        footnote = self.get("FootnoteText")
        self.font(footnote, size=Length("10pt"))
        self.paragraph(footnote, spacing=1, before=zero, after=zero, first_line=zero, align=self.style.body.align)
        self.paragraph(self.get("FirstParagraph"), first_line=self.style.body.first_line_indent)
        hyperlink = self.by_id.get("Hyperlink")
        if hyperlink is not None:
            hyperlink.font.underline = False

    def page_setup(self) -> None:
        s = self.style
        section = self.doc.sections[-1]
        width, height = s.paper_size
        section.page_width, section.page_height = width.emu, height.emu
        margins = s.page.margins
        section.top_margin, section.bottom_margin = margins.top.emu, margins.bottom.emu
        section.left_margin, section.right_margin = margins.left.emu, margins.right.emu
        section.header_distance = section.footer_distance = s.page.number_distance.emu
        section.gutter = 0

    def headers_and_footers(self) -> None:
        """The eight parts of :data:`PARTS`, made in that order (header1 … header4, footer1 … footer4).

        The reference gets two sections, the front matter's and the body's, each pointing at its four
        parts, so that Word shows them when the reference is opened as a template; pandoc copies every
        header and footer part of the reference into the draft.
        """
        self.doc.add_section()
        self.doc.add_paragraph()
        sections = {"front": self.doc.sections[0], "body": self.doc.sections[-1]}
        for kind, page, part in PARTS:
            section = sections[kind]
            section.different_first_page_header_footer = True
            holder = getattr(section, ("first_page_" if page == "first" else "") + part)
            holder.is_linked_to_previous = False  # python-docx makes the part and points the section at it
            paragraph = holder.paragraphs[0]
            paragraph.style = self.by_id["Header" if part == "header" else "Footer"]
            position = number_position(self.style, kind, page)
            if position != "none" and position.startswith("top" if part == "header" else "bottom"):
                self.page_field(paragraph, position.split("_")[1])
            name = str(holder.part.partname).lstrip("/")
            if name != part_name(kind, page, part):  # the draft's sections find the parts by these names
                raise AssertionError(f"python-docx named the {kind} {page}-page {part} {name}")

    def page_field(self, paragraph, align: str) -> None:
        """A PAGE field: Word shows the number in the format of the page's section (i, ii … or 1, 2 …)."""
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.oxml import parse_xml

        paragraph.alignment = {"left": WD_ALIGN_PARAGRAPH.LEFT, "center": WD_ALIGN_PARAGRAPH.CENTER,
                               "right": WD_ALIGN_PARAGRAPH.RIGHT}[align]
        runs = ('<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
                '<w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>'
                '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>1</w:t></w:r>'
                '<w:r><w:fldChar w:fldCharType="end"/></w:r>')
        for run in parse_xml(f'<w:p xmlns:w="{W_NS}">{runs}</w:p>'):
            paragraph._p.append(run)

    def settings(self) -> None:
        """Word refreshes the fields (contents, lists, captions, page references) when it opens the draft."""
        from docx.oxml import parse_xml

        settings = self.doc.settings.element
        if settings.find(self.qn("w:updateFields")) is not None:
            return
        update = parse_xml(f'<w:updateFields xmlns:w="{W_NS}" w:val="true"/>')
        # schema order: updateFields comes before these (CT_Settings)
        later = ("hdrShapeDefaults", "footnotePr", "endnotePr", "compat", "docVars", "rsids", "mathPr",
                 "attachedSchema", "themeFontLang", "clrSchemeMapping", "doNotIncludeSubdocsInStats",
                 "doNotAutoCompressPictures", "forceUpgrade", "captions", "readModeInkLockDown", "smartTagType",
                 "schemaLibrary", "shapeDefaults", "doNotEmbedSmartTags", "decimalSymbol", "listSeparator")
        for child in settings:
            if child.tag in {self.qn(f"w:{name}") for name in later}:
                child.addprevious(update)
                return
        settings.append(update)
