"""The DOCX: pandoc with the house style's reference document, then Word's sections and table widths.

pandoc writes a single section, without page numbers, and leaves table widths to Word. After
pandoc (and the ``docx.lua`` filter, which writes the fields and marks where sections start),
this module:

* turns each section marker into a Word section: the title page without a number, the front
  matter numbered i, ii … from its first page, the body from 1 on BAB I's page, one section per
  chapter (a chapter starts on a new page, and its first page can carry the number elsewhere than
  the others, ``style.page_numbers``). A section that continues the numbering has no header or
  footer of its own: Word's "Link to Previous", so a student edits the page number once;
* fits every table to the page (:mod:`naskah.render.docx_tables`): the text width shared between
  the columns by what they hold, no column narrower than its longest word, header rows repeated.

The reference document is built from the style by :mod:`naskah.style.docx` and cached under
``results/render/`` by a hash of the style, so a render pays for python-docx only when the style
changes. The post-processing uses lxml directly (python-docx's own XML layer; importing
python-docx alone would cost a tenth of a render), and writes a ZIP with sorted entries and the
build's timestamp, so the same inputs give the same bytes.
"""

from __future__ import annotations

import copy
import datetime as dt
import io
import zipfile
from pathlib import Path

from lxml import etree

from naskah.core import files
from naskah.core.layout import RESULTS
from naskah.data.config import Config
from naskah.render.docx_tables import fit_tables
from naskah.render.pandoc import pandoc_args, run_pandoc
from naskah.style import docx as reference_docx
from naskah.style.model import Style

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
MARKER_STYLE = "NaskahSection"


def w(tag: str) -> str:
    return f"{{{W}}}{tag}"


# -- the reference document ------------------------------------------------------------------------------------

def reference(style: Style, root: Path) -> Path:
    """The style's reference document, built once per style under results/render/ and reused."""
    folder = Path(root) / RESULTS / "render"
    key = reference_docx.reference_key(style)
    path = folder / f"reference-{key}.docx"
    if not path.is_file():
        files.write_bytes(path, reference_docx.build_reference(style))
        for stale in folder.glob("reference-*.docx"):
            if stale != path:
                stale.unlink(missing_ok=True)
    return path


# -- sections ----------------------------------------------------------------------------------------------------

def _header_footer_ids(rels: bytes) -> dict[str, str]:
    """Relationship id of each header/footer part, by its name in the package (word/header1.xml → rId9)."""
    ids = {}
    for rel in etree.fromstring(rels).iter(f"{{{PKG_REL}}}Relationship"):
        target = rel.get("Target", "")
        if rel.get("Type", "").endswith(("/header", "/footer")):
            ids["word/" + target.lstrip("/").removeprefix("word/")] = rel.get("Id")
    return ids


def _section_properties(template, style: Style, kind: str, first_of_kind: bool, ids: dict[str, str]):
    """The w:sectPr of a section of *kind* (title, front, body) from pandoc's (the reference's) own."""
    sect = copy.deepcopy(template)
    for child in list(sect):
        if etree.QName(child).localname in ("headerReference", "footerReference", "pgNumType", "titlePg", "vAlign",
                                            "type"):
            sect.remove(child)
    numbers = style.page_numbers
    if kind == "title":
        # the title page carries no number: the first section has no header or footer at all; its content
        # is spread over the page (Word's vertical justification)
        _insert(sect, etree.Element(w("vAlign"), {w("val"): "both"}))
        return sect
    if first_of_kind:
        references = []
        for page in ("default", "first"):
            for part in ("header", "footer"):
                rid = ids.get(reference_docx.part_name(kind, page, part))
                if rid:
                    references.append(etree.Element(w(f"{part}Reference"), {w("type"): page, f"{{{R}}}id": rid}))
        # schema order: all header references, then all footer references
        references.sort(key=lambda e: etree.QName(e).localname != "headerReference")
        for index, element in enumerate(references):
            sect.insert(index, element)
    number_format = reference_docx.NUMBER_FORMAT[numbers.front if kind == "front" else numbers.body]
    attrs = {w("fmt"): number_format}
    if first_of_kind:
        # the title page is page i without showing it (as in the PDF): the front matter goes on from ii
        counted_title = kind == "front" and "title_page" in style.front_matter
        attrs[w("start")] = "2" if counted_title else "1"
    _insert(sect, etree.Element(w("pgNumType"), attrs))
    if reference_docx.number_position(style, kind, "first") != reference_docx.number_position(style, kind, "default"):
        _insert(sect, etree.Element(w("titlePg")))
    return sect


# CT_SectPr's children in schema order (after the header/footer references)
_SECT_ORDER = ["footnotePr", "endnotePr", "type", "pgSz", "pgMar", "paperSrc", "pgBorders", "lnNumType", "pgNumType",
               "cols", "formProt", "vAlign", "noEndnote", "titlePg", "textDirection", "bidi", "rtlGutter", "docGrid",
               "printerSettings", "sectPrChange"]


def _insert(sect, element) -> None:
    """Insert *element* into a w:sectPr at its place in the schema's order."""
    rank = _SECT_ORDER.index(etree.QName(element).localname)
    for index, child in enumerate(sect):
        name = etree.QName(child).localname
        if name in _SECT_ORDER and _SECT_ORDER.index(name) > rank:
            sect.insert(index, element)
            return
    sect.append(element)


def _carrier(marker):
    """The paragraph that ends the section before *marker*: the last paragraph before it, or None."""
    previous = marker.getprevious()
    while previous is not None and previous.tag not in (w("p"), w("tbl"), w("sdt")):
        previous = previous.getprevious()  # bookmark ends of the previous chapter
    if previous is None:
        return None
    if previous.tag == w("p"):
        # a paragraph that already ends a section: two markers in a row (the main matter, its first chapter)
        return "same" if previous.find(f"{w('pPr')}/{w('sectPr')}") is not None else previous
    return "keep"  # after a table: the marker itself carries the section (Word needs a paragraph there)


def make_sections(body, style: Style, ids: dict[str, str]) -> list[str]:
    """Turn the section markers of docx.lua into sections; returns the kinds of the sections, in order."""
    final = body.find(w("sectPr"))
    if final is None:
        final = etree.SubElement(body, w("sectPr"))
    template = copy.deepcopy(final)
    kinds: list[str] = ["title"]
    seen: set[str] = set()
    for element in body.xpath(f'w:p[w:pPr/w:pStyle/@w:val="{MARKER_STYLE}"]', namespaces={"w": W}):
        kind = "".join(element.itertext()).strip() or "body"
        carrier = _carrier(element)
        if carrier is None or carrier == "same":  # the document, or the section just begun, is of this kind
            body.remove(element)
            kinds[-1] = kind
            continue
        ending = kinds[-1]
        sect = _section_properties(template, style, ending, ending not in seen, ids)
        seen.add(ending)
        if carrier == "keep":
            # an empty paragraph, as small as Word allows, holds the section break after a table
            for child in list(element):
                element.remove(child)
            ppr = etree.SubElement(element, w("pPr"))
            etree.SubElement(ppr, w("spacing"), {w("before"): "0", w("after"): "0", w("line"): "20",
                                                 w("lineRule"): "exact"})
            rpr = etree.SubElement(ppr, w("rPr"))
            etree.SubElement(rpr, w("sz"), {w("val"): "2"})
            ppr.append(sect)
        else:
            ppr = carrier.find(w("pPr"))
            if ppr is None:
                ppr = etree.Element(w("pPr"))
                carrier.insert(0, ppr)
            change = ppr.find(w("pPrChange"))
            if change is not None:
                change.addprevious(sect)
            else:
                ppr.append(sect)
            body.remove(element)
        kinds.append(kind)
    last = _section_properties(template, style, kinds[-1], kinds[-1] not in seen, ids)
    body.replace(final, last)
    return kinds


# -- the whole document ------------------------------------------------------------------------------------------

def finish(data: bytes, style: Style, epoch: int, provenance: str | None = None) -> bytes:
    """pandoc's DOCX with sections and fitted tables, as a deterministic ZIP (timestamps from *epoch*);
    *provenance* (the build's core manifest, JSON) goes in as a custom XML part."""
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        entries = {name: source.read(name) for name in source.namelist()}
    if provenance is not None:
        _add_custom_xml(entries, provenance)
    root = etree.fromstring(entries["word/document.xml"])
    body = root.find(w("body"))
    ids = _header_footer_ids(entries["word/_rels/document.xml.rels"])
    make_sections(body, style, ids)
    fit_tables(body, style)
    entries["word/document.xml"] = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    stamp = dt.datetime.fromtimestamp(max(epoch, 315532800), dt.UTC).timetuple()[:6]  # ZIP dates start in 1980
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name in sorted(entries):
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            target.writestr(info, entries[name])
    return out.getvalue()


def render_docx(config: Config, markdown: Path, bibliography: Path, output: Path, epoch: int,
                provenance: Path | None = None, cited: Path | None = None) -> None:
    """*markdown* -> *output*: pandoc with the style's reference document, then :func:`finish`, atomically."""
    style = config.style
    args = pandoc_args(config, markdown, bibliography, "docx", cited)
    args.append(f"--reference-doc={reference(style, config.root)}")
    manifest = provenance.read_text(encoding="utf-8") if provenance is not None else None
    with files.atomic_path(output) as tmp:
        run_pandoc(args + ["-o", str(tmp)], epoch)
        tmp.write_bytes(finish(tmp.read_bytes(), style, epoch, manifest))


def _add_custom_xml(entries: dict[str, bytes], manifest: str) -> None:
    """customXml/item<N>.xml with the manifest (naskah.provenance.embedded reads it back), related to the
    main document as Word relates its custom XML parts."""
    import json

    from naskah.provenance.embedded import docx_part

    number = 1
    while f"customXml/item{number}.xml" in entries:
        number += 1
    compact = json.dumps(json.loads(manifest), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    entries[f"customXml/item{number}.xml"] = docx_part(compact)
    rels = entries["word/_rels/document.xml.rels"].decode("utf-8")
    relation = ('<Relationship Id="rIdNaskahProvenance" Type="http://schemas.openxmlformats.org/officeDocument/'
                f'2006/relationships/customXml" Target="../customXml/item{number}.xml"/>')
    entries["word/_rels/document.xml.rels"] = rels.replace("</Relationships>", relation + "</Relationships>").encode()
    types = entries["[Content_Types].xml"].decode("utf-8")
    if 'Extension="xml"' not in types:
        types = types.replace("</Types>", '<Default Extension="xml" ContentType="application/xml"/></Types>')
        entries["[Content_Types].xml"] = types.encode("utf-8")
