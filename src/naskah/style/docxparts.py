"""What a DOCX asks Word for: its sections, and every paragraph with its effective formatting.

A Word document states formatting in layers — document defaults, the table style, the paragraph
style and the styles it is based on, the character style, and direct formatting on the paragraph
and the run — and what the reader sees is the last layer that says anything. The format check
needs that effective value (is this run Times New Roman 12 pt? is this paragraph double-spaced?),
which python-docx does not compute, so this module reads the package's XML (``word/document.xml``,
``styles.xml``, the theme, headers and footers) with the standard library and resolves each property
through the layers, attribute by attribute, as Word does.
"""

from __future__ import annotations

import contextlib
import re
import xml.etree.ElementTree as ET
import zipfile
from dataclasses import dataclass, field
from functools import cached_property

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
PKG = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_FALSE = {"0", "false", "off", "none"}


@dataclass
class Run:
    text: str
    font: str | None
    size: float | None  # points
    bold: bool
    superscript: bool


@dataclass
class Paragraph:
    index: int  # 1-based among the document's paragraphs with text
    style_id: str
    style_name: str
    text: str
    runs: list[Run]
    props: dict  # effective paragraph properties (see _PARAGRAPH)
    in_table: bool
    section: int  # 0-based
    has_drawing: bool
    page_break_before: bool  # a page or section break comes right before it
    level: int | None  # outline level, 1 = chapter
    ends_with_page_break: bool = False


@dataclass
class Section:
    index: int
    props: dict  # width, height, margins (twips), header/footer distance, fmt, start, title_pg, break type
    headers: dict[str, str | None] = field(default_factory=dict)  # "first"/"default" -> header part (inherited)
    footers: dict[str, str | None] = field(default_factory=dict)
    first_paragraph: int | None = None  # position in Document.blocks


@dataclass
class Document:
    blocks: list  # Paragraph, or ("table", [Paragraph …]) in body order
    sections: list[Section]
    parts: dict[str, ET.Element]  # header/footer part name -> root element
    styles: _Styles

    @cached_property
    def paragraphs(self) -> list[Paragraph]:
        out = []
        for block in self.blocks:
            out.extend(block[1] if isinstance(block, tuple) else [block])
        return out


# effective paragraph properties resolved through the layers: (element, attribute) pairs
_PARAGRAPH = {
    "line": ("spacing", "line"), "line_rule": ("spacing", "lineRule"), "before": ("spacing", "before"),
    "after": ("spacing", "after"), "first_line": ("ind", "firstLine"), "hanging": ("ind", "hanging"),
    "left": ("ind", "left"), "start": ("ind", "start"), "right": ("ind", "right"), "jc": ("jc", "val"),
    "page_break_before": ("pageBreakBefore", "val"), "outline": ("outlineLvl", "val"),
}


class _Styles:
    def __init__(self, root: ET.Element | None, theme: ET.Element | None):
        self.by_id: dict[str, ET.Element] = {}
        self.default_paragraph = "Normal"
        self.doc_ppr = self.doc_rpr = None
        if root is not None:
            for style in root.iter(f"{W}style"):
                self.by_id[style.get(f"{W}styleId")] = style
                if style.get(f"{W}default") in ("1", "true") and style.get(f"{W}type") == "paragraph":
                    self.default_paragraph = style.get(f"{W}styleId")
            defaults = root.find(f"{W}docDefaults")
            if defaults is not None:
                self.doc_ppr = defaults.find(f"{W}pPrDefault/{W}pPr")
                self.doc_rpr = defaults.find(f"{W}rPrDefault/{W}rPr")
        self.theme = {}
        if theme is not None:
            for kind in ("major", "minor"):
                latin = theme.find(f".//{A}{kind}Font/{A}latin")
                if latin is not None:
                    self.theme[kind] = latin.get("typeface")

    def name(self, style_id: str) -> str:
        style = self.by_id.get(style_id)
        node = style.find(f"{W}name") if style is not None else None
        return node.get(f"{W}val") if node is not None else style_id

    def chain(self, style_id: str | None) -> list[ET.Element]:
        """The style and those it is based on, the base first."""
        out: list[ET.Element] = []
        seen = set()
        while style_id and style_id in self.by_id and style_id not in seen:
            seen.add(style_id)
            style = self.by_id[style_id]
            out.append(style)
            based = style.find(f"{W}basedOn")
            style_id = based.get(f"{W}val") if based is not None else None
        return out[::-1]

    def font_name(self, rfonts: ET.Element) -> str | None:
        """The font Word shows for Latin text: a theme font, when named, wins over an explicit one."""
        theme = rfonts.get(f"{W}asciiTheme") or rfonts.get(f"{W}hAnsiTheme")
        if theme:
            return self.theme.get("major" if theme.startswith("major") else "minor", theme)
        return rfonts.get(f"{W}ascii") or rfonts.get(f"{W}hAnsi")


def _layers_ppr(styles: _Styles, style_id: str, direct: ET.Element | None) -> list[ET.Element]:
    layers = [styles.doc_ppr] + [s.find(f"{W}pPr") for s in styles.chain(style_id)] + [direct]
    return [layer for layer in layers if layer is not None]


def _resolve(layers: list[ET.Element], element: str, attribute: str):
    value = None
    for layer in layers:
        node = layer.find(f"{W}{element}")
        if node is not None:
            got = node.get(f"{W}{attribute}")
            if got is None and attribute == "val" and element in ("pageBreakBefore",):
                got = "1"
            if got is not None:
                value = got
    return value


def _run_props(styles: _Styles, table_style: str | None, para_style: str, run: ET.Element) -> tuple:
    rpr = run.find(f"{W}rPr")
    char_style = None
    if rpr is not None:
        node = rpr.find(f"{W}rStyle")
        char_style = node.get(f"{W}val") if node is not None else None
    layers = [styles.doc_rpr]
    layers += [s.find(f"{W}rPr") for s in styles.chain(table_style)] if table_style else []
    layers += [s.find(f"{W}rPr") for s in styles.chain(para_style)]
    layers += [s.find(f"{W}rPr") for s in styles.chain(char_style)] if char_style else []
    layers.append(rpr)
    font = size = None
    bold = False
    superscript = False
    for layer in layers:
        if layer is None:
            continue
        fonts = layer.find(f"{W}rFonts")
        if fonts is not None:
            font = styles.font_name(fonts) or font
        sz = layer.find(f"{W}sz")
        if sz is not None and sz.get(f"{W}val"):
            with contextlib.suppress(ValueError):
                size = float(sz.get(f"{W}val")) / 2
        b = layer.find(f"{W}b")
        if b is not None:
            bold = (b.get(f"{W}val") or "1").lower() not in _FALSE
        vert = layer.find(f"{W}vertAlign")
        if vert is not None:
            superscript = vert.get(f"{W}val") in ("superscript", "subscript")
    return font, size, bold, superscript


def _text(element: ET.Element) -> str:
    out = []
    for node in element.iter():
        if node.tag == f"{W}t" and node.text:
            out.append(node.text)
        elif node.tag in (f"{W}tab",):
            out.append("\t")
        elif node.tag == f"{W}br" and node.get(f"{W}type") not in ("page", "column"):
            out.append("\n")
    return "".join(out)


def read_docx(path) -> Document:
    with zipfile.ZipFile(path) as package:
        names = set(package.namelist())

        def xml(name: str) -> ET.Element | None:
            return ET.fromstring(package.read(name)) if name in names else None

        document = xml("word/document.xml")
        if document is None:
            raise ValueError("no word/document.xml")
        styles = _Styles(xml("word/styles.xml"), xml("word/theme/theme1.xml"))
        rels = xml("word/_rels/document.xml.rels")
        targets = {}
        if rels is not None:
            for rel in rels.iter(f"{PKG}Relationship"):
                targets[rel.get("Id")] = "word/" + rel.get("Target", "").lstrip("/").removeprefix("word/")
        parts = {name: xml(name) for name in set(targets.values()) if re.search(r"(header|footer)\d*\.xml$", name)}
    body = document.find(f"{W}body")
    reader = _Reader(styles)
    reader.walk(body)
    sections = reader.finish(body, targets)
    return Document(reader.blocks, sections, {k: v for k, v in parts.items() if v is not None}, styles)


class _Reader:
    def __init__(self, styles: _Styles):
        self.styles = styles
        self.blocks: list = []
        self.section = 0
        self.count = 0
        self.break_pending = False
        self.sect_props: list[ET.Element] = []
        self.first_of_section: dict[int, int] = {0: 0}

    def walk(self, parent: ET.Element) -> None:
        for child in parent:
            if child.tag == f"{W}p":
                self.blocks.append(self.paragraph(child, None, in_table=False))
            elif child.tag == f"{W}tbl":
                self.blocks.append(("table", self.table(child)))
            elif child.tag in (f"{W}sdt",):
                content = child.find(f"{W}sdtContent")
                if content is not None:
                    self.walk(content)
            elif child.tag in (f"{W}customXml", f"{W}smartTag"):
                self.walk(child)

    def table(self, table: ET.Element) -> list[Paragraph]:
        style = table.find(f"{W}tblPr/{W}tblStyle")
        table_style = style.get(f"{W}val") if style is not None else None
        return [self.paragraph(p, table_style, in_table=True) for p in table.iter(f"{W}p")]

    def paragraph(self, node: ET.Element, table_style: str | None, in_table: bool) -> Paragraph:
        ppr = node.find(f"{W}pPr")
        style_node = ppr.find(f"{W}pStyle") if ppr is not None else None
        style_id = style_node.get(f"{W}val") if style_node is not None else self.styles.default_paragraph
        layers = _layers_ppr(self.styles, style_id, ppr)
        props = {key: _resolve(layers, *where) for key, where in _PARAGRAPH.items()}
        runs = []
        for run in node.iter(f"{W}r"):
            text = "".join(t.text or "" for t in run.iter(f"{W}t"))
            if not text:
                continue
            font, size, bold, superscript = _run_props(self.styles, table_style, style_id, run)
            runs.append(Run(text, font, size, bold, superscript))
        text = _text(node).strip()
        if text:
            self.count += 1
        level = None
        if props["outline"] is not None and props["outline"].isdigit() and int(props["outline"]) < 9:
            level = int(props["outline"]) + 1
        else:
            match = re.fullmatch(r"heading (\d)", self.styles.name(style_id).lower())
            level = int(match.group(1)) if match else None
        breaks = [br for br in node.iter(f"{W}br") if br.get(f"{W}type") == "page"]
        page_break_before = self.break_pending or (props["page_break_before"] or "0").lower() not in _FALSE
        # a page break in a paragraph with no text after it breaks before the next paragraph
        ends_with_break = bool(breaks) and not _text_after(node, breaks[-1]).strip()
        if breaks and not ends_with_break:
            page_break_before = page_break_before or not _text_before(node, breaks[0]).strip()
        drawing = bool(list(node.iter(f"{W}drawing")) or list(node.iter(f"{W}pict")))
        paragraph = Paragraph(self.count if text else 0, style_id, self.styles.name(style_id), text, runs, props,
                              in_table, self.section, drawing, page_break_before, level, ends_with_break)
        self.break_pending = ends_with_break if (text or breaks) else self.break_pending
        sect = ppr.find(f"{W}sectPr") if ppr is not None and not in_table else None
        if sect is not None:
            self.sect_props.append(sect)
            self.section += 1
            self.first_of_section[self.section] = len(self.blocks) + 1
            self.break_pending = (sect.find(f"{W}type") is None
                                  or sect.find(f"{W}type").get(f"{W}val") not in ("continuous",))
        return paragraph

    def finish(self, body: ET.Element, targets: dict[str, str]) -> list[Section]:
        final = body.find(f"{W}sectPr")
        nodes = self.sect_props + ([final] if final is not None else [ET.Element(f"{W}sectPr")])
        sections = []
        inherited = {"header": {}, "footer": {}}
        for index, sect in enumerate(nodes):
            size = sect.find(f"{W}pgSz")
            margin = sect.find(f"{W}pgMar")
            numbers = sect.find(f"{W}pgNumType")
            kind = sect.find(f"{W}type")

            def attr(node, name, default=None):
                value = node.get(f"{W}{name}") if node is not None else None
                return default if value is None else value

            props = {
                "width": _int(attr(size, "w", 11906)), "height": _int(attr(size, "h", 16838)),
                "top": abs(_int(attr(margin, "top", 1440))), "bottom": abs(_int(attr(margin, "bottom", 1440))),
                "left": _int(attr(margin, "left", 1800)), "right": _int(attr(margin, "right", 1800)),
                "header": _int(attr(margin, "header", 720)), "footer": _int(attr(margin, "footer", 720)),
                "fmt": attr(numbers, "fmt", "decimal"), "start": attr(numbers, "start"),
                "title_pg": (attr(sect.find(f"{W}titlePg"), "val", "1") if sect.find(f"{W}titlePg") is not None
                             else "0").lower() not in _FALSE,
                "break": attr(kind, "val", "nextPage"),
            }
            section = Section(index, props, first_paragraph=self.first_of_section.get(index))
            for part in ("header", "footer"):
                refs = {ref.get(f"{W}type", "default"): targets.get(ref.get(f"{R}id"))
                        for ref in sect.findall(f"{W}{part}Reference")}
                for kind_name in ("default", "first", "even"):
                    if kind_name in refs:
                        inherited[part][kind_name] = refs[kind_name]
                chosen = {k: inherited[part].get(k) for k in ("default", "first")}
                if part == "header":
                    section.headers = chosen
                else:
                    section.footers = chosen
            sections.append(section)
        return sections


def _int(value) -> int:
    """A twips value; Word writes integers, other writers sometimes decimals."""
    try:
        return round(float(value))
    except (TypeError, ValueError):
        return 0


def _text_after(paragraph: ET.Element, marker: ET.Element) -> str:
    seen = False
    out = []
    for node in paragraph.iter():
        if node is marker:
            seen = True
        elif seen and node.tag == f"{W}t" and node.text:
            out.append(node.text)
    return "".join(out)


def _text_before(paragraph: ET.Element, marker: ET.Element) -> str:
    out = []
    for node in paragraph.iter():
        if node is marker:
            break
        if node.tag == f"{W}t" and node.text:
            out.append(node.text)
    return "".join(out)


def page_field_position(part: ET.Element | None, kind: str, styles: _Styles) -> str | None:
    """Where a header or footer part prints the page number ("bottom_center" …), or None when it does not."""
    if part is None:
        return None
    vertical = "top" if kind == "header" else "bottom"
    for paragraph in part.iter(f"{W}p"):
        tabs = 0
        found = False
        for node in paragraph.iter():
            if node.tag == f"{W}tab" and not found:
                tabs += 1
            elif node.tag in (f"{W}fldSimple", f"{W}instrText"):
                instruction = node.get(f"{W}instr", "") if node.tag == f"{W}fldSimple" else node.text or ""
                found = bool(re.match(r"\s*PAGE\b", instruction))
            if found:
                break
        if not found:
            continue
        ppr = paragraph.find(f"{W}pPr")
        style_node = ppr.find(f"{W}pStyle") if ppr is not None else None
        style_id = style_node.get(f"{W}val") if style_node is not None else styles.default_paragraph
        jc = _resolve(_layers_ppr(styles, style_id, ppr), "jc", "val") or "left"
        frame = ppr.find(f"{W}framePr") if ppr is not None else None
        if frame is not None and frame.get(f"{W}xAlign"):
            jc = frame.get(f"{W}xAlign")
        horizontal = {"center": "center", "right": "right", "end": "right"}.get(jc)
        if horizontal is None:
            horizontal = {0: "left", 1: "center"}.get(tabs, "right")
        return f"{vertical}_{horizontal}"
    return None
