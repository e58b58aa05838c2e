"""The Word reference document built from the house style: what a student finds in Word's style gallery
and page setup, the page-number parts the draft's sections use, and the same bytes for the same style."""

from __future__ import annotations

import io
import zipfile

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.oxml.ns import qn

from naskah.style import docx as reference_docx
from naskah.style.model import Length, load_style

STYLE = load_style()


@pytest.fixture(scope="module")
def built() -> bytes:
    return reference_docx.build_reference(STYLE)


@pytest.fixture(scope="module")
def document(built):
    return docx.Document(io.BytesIO(built))


def by_id(document, style_id: str):
    return next(s for s in document.styles if s.style_id == style_id)


def near(length, wanted: Length, tolerance: float = 0.5) -> bool:
    """A python-docx length (EMU) within *tolerance* points of *wanted*."""
    return length is not None and abs(length / 12700 - wanted.pt) <= tolerance


def page_fields(part_xml: str) -> int:
    return part_xml.count(" PAGE </w:instrText>")


def test_a4_with_the_guideline_margins_in_every_section(document):
    margins = STYLE.page.margins
    assert len(document.sections) == 2  # the front matter's and the body's page-number parts
    for section in document.sections:
        assert near(section.page_width, Length("210mm")) and near(section.page_height, Length("297mm"))
        assert near(section.top_margin, margins.top) and near(section.left_margin, margins.left)
        assert near(section.right_margin, margins.right) and near(section.bottom_margin, margins.bottom)
        assert near(section.footer_distance, STYLE.page.number_distance)
        assert section.different_first_page_header_footer


def test_body_text_is_times_12_double_spaced_justified_with_a_first_line_indent(document, built):
    normal = by_id(document, "Normal")
    assert normal.font.name == "Times New Roman" and normal.font.size.pt == 12
    body = by_id(document, "BodyText")
    fmt = body.paragraph_format
    assert fmt.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY
    assert near(fmt.first_line_indent, Length("1.25cm"))
    ppr = body.element.pPr
    assert ppr.spacing.get(qn("w:line")) == "480" and ppr.spacing.get(qn("w:lineRule")) == "auto"  # Word's "double"
    styles = zipfile.ZipFile(io.BytesIO(built)).read("word/styles.xml").decode("utf-8")
    assert "Aptos" not in styles and "Theme" not in styles.split("<w:latentStyles")[0]  # no theme font anywhere
    assert "<w:color " not in styles  # no blue headings, links or titles


def test_chapter_headings_are_centred_bold_upper_case_black_on_a_new_page(document):
    h1 = by_id(document, "Heading1")
    assert h1.font.bold and h1.font.all_caps and h1.font.size.pt == 12 and h1.font.name == "Times New Roman"
    assert h1.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert h1.paragraph_format.page_break_before and h1.paragraph_format.keep_with_next
    h2 = by_id(document, "Heading2")
    assert h2.font.bold and not h2.font.all_caps
    assert h2.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.LEFT
    assert by_id(document, "TOCHeading").paragraph_format.alignment == WD_ALIGN_PARAGRAPH.CENTER


def test_quotations_references_tables_and_captions_are_single_spaced(document):
    quote = by_id(document, "BlockText").paragraph_format
    assert quote.line_spacing == 1.0 and near(quote.left_indent, Length("1.25cm")) and quote.first_line_indent == 0
    bib = by_id(document, "Bibliography").paragraph_format
    assert bib.line_spacing == 1.0
    assert near(bib.left_indent, Length("1.25cm")) and near(bib.first_line_indent, Length("-1.25cm"))
    cell = by_id(document, "TableText")
    assert cell.font.size.pt == 11 and cell.paragraph_format.line_spacing == 1.0
    caption = by_id(document, "Caption")
    assert not caption.font.italic and caption.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert by_id(document, "CaptionLabel").font.bold
    assert by_id(document, "TableCaption").paragraph_format.keep_with_next  # the caption stays with its table
    assert by_id(document, "CaptionSource").font.size.pt == 10
    table = by_id(document, "Table").element
    borders = table.find(f"{qn('w:tblPr')}/{qn('w:tblBorders')}")
    assert {b.tag.split("}")[1] for b in borders} >= {"top", "bottom", "insideH", "insideV"}  # rules: grid


def test_contents_and_figure_lists_have_right_aligned_dotted_page_numbers(document):
    width = reference_docx.text_width(STYLE)
    for style_id in ("TOC1", "TOC2", "TOC3", "TableofFigures"):
        tabs = list(by_id(document, style_id).paragraph_format.tab_stops)
        assert [(t.alignment, t.leader) for t in tabs] == [(WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS)], style_id
        assert near(tabs[0].position, width, 1)
    assert by_id(document, "TOC1").name == "toc 1" and by_id(document, "TableofFigures").name == "table of figures"


def test_page_number_parts_follow_the_style(built):
    archive = zipfile.ZipFile(io.BytesIO(built))
    parts = {(kind, page, part): archive.read(reference_docx.part_name(kind, page, part)).decode("utf-8")
             for kind, page, part in reference_docx.PARTS}
    # default style: chapter openings bottom centre, other body pages top right, front pages bottom centre
    opening, other = parts["body", "first", "footer"], parts["body", "default", "header"]
    assert page_fields(opening) == 1 and 'w:val="center"' in opening
    assert page_fields(other) == 1 and 'w:val="right"' in other
    assert page_fields(parts["body", "first", "header"]) == page_fields(parts["body", "default", "footer"]) == 0
    assert page_fields(parts["front", "default", "footer"]) == 1
    assert page_fields(parts["front", "default", "header"]) == 0
    settings = archive.read("word/settings.xml").decode("utf-8")
    assert '<w:updateFields w:val="true"/>' in settings  # Word refreshes the contents and lists on opening


def test_the_same_style_gives_the_same_bytes_and_an_override_changes_them(built):
    assert reference_docx.build_reference(load_style()) == built
    names = zipfile.ZipFile(io.BytesIO(built)).namelist()
    assert names == sorted(names)
    assert {i.date_time for i in zipfile.ZipFile(io.BytesIO(built)).infolist()} == {(1980, 1, 1, 0, 0, 0)}
    other = load_style({"page": {"margins": {"left": "3cm"}}, "body": {"line_spacing": 1.5},
                        "page_numbers": {"other": "bottom_right"}})
    assert reference_docx.reference_key(other) != reference_docx.reference_key(STYLE)
    changed = reference_docx.build_reference(other)
    document = docx.Document(io.BytesIO(changed))
    assert near(document.sections[-1].left_margin, Length("3cm"))
    assert by_id(document, "BodyText").element.pPr.spacing.get(qn("w:line")) == "360"
    archive = zipfile.ZipFile(io.BytesIO(changed))
    header = archive.read(reference_docx.part_name("body", "default", "header")).decode("utf-8")
    footer = archive.read(reference_docx.part_name("body", "default", "footer")).decode("utf-8")
    assert page_fields(header) == 0 and page_fields(footer) == 1 and 'w:val="right"' in footer
