"""naskah format-check: a document built to the style passes; each deliberate deviation is named.

The documents are made here: a DOCX with python-docx (sections, page-number fields, styles as a
student's Word file has them) and PDFs with typst (pages as printed). Each wrong variant changes one
thing from the correct document, so each assertion is about exactly the deviation a reviewer would
notice.
"""

from __future__ import annotations

import shutil
import struct
import zlib
from pathlib import Path

import pytest
from conftest import read, write

from naskah.style.formatcheck import check_file
from naskah.style.model import load_style

docx = pytest.importorskip("docx")
from docx.enum.section import WD_SECTION  # noqa: E402
from docx.enum.text import WD_ALIGN_PARAGRAPH  # noqa: E402
from docx.oxml import OxmlElement  # noqa: E402
from docx.oxml.ns import qn  # noqa: E402
from docx.shared import Cm, Pt  # noqa: E402

STYLE = load_style()
LOREM = ("Penelitian ini mengkaji tahapan hubungan antarpribadi yang berlangsung melalui aplikasi percakapan, "
         "dari kontak pertama sampai pemutusan, dengan data wawancara yang dikode per tuturan. ") * 3


# --- a DOCX built to the default style (or, with one argument, away from it) ------------------------------


def _png(path: Path) -> Path:
    """A small grey PNG (a figure needs a picture)."""
    width, height = 40, 20
    raw = b"".join(b"\x00" + b"\x99" * width for _ in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
                     + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))
    return path


def _page_field(paragraph, align) -> None:
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), " PAGE ")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)
    paragraph.alignment = align


def _numbering(section, fmt: str, start: int | None) -> None:
    sect = section._sectPr
    for old in sect.findall(qn("w:pgNumType")):
        sect.remove(old)
    element = OxmlElement("w:pgNumType")
    element.set(qn("w:fmt"), fmt)
    if start is not None:
        element.set(qn("w:start"), str(start))
    sect.find(qn("w:pgMar")).addnext(element)


def _setup(section, paper, margins) -> None:
    section.page_width, section.page_height = paper
    section.top_margin, section.bottom_margin = margins["top"], margins["bottom"]
    section.left_margin, section.right_margin = margins["left"], margins["right"]
    section.header_distance = section.footer_distance = Cm(1.5)


def _chapter(doc, number: str, title: str):
    heading = doc.add_heading(level=1)
    heading.add_run(f"BAB {number}").add_break()
    heading.add_run(title.upper())
    return heading


def build_docx(path: Path, *, paper=None, margins=None, body_font="Times New Roman",
               chapter_break=True, table_caption="above") -> Path:
    paper = paper or (Cm(21), Cm(29.7))
    margins = {"top": Cm(4), "bottom": Cm(3), "left": Cm(4), "right": Cm(3), **(margins or {})}
    doc = docx.Document()
    normal = doc.styles["Normal"]
    normal.font.name, normal.font.size = "Times New Roman", Pt(12)
    fmt = normal.paragraph_format
    fmt.line_spacing, fmt.first_line_indent = 2.0, Cm(1.25)
    fmt.space_before = fmt.space_after = Pt(0)
    fmt.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    for level in (1, 2):
        style = doc.styles[f"Heading {level}"]
        style.font.name, style.font.size, style.font.bold = "Times New Roman", Pt(12), True
        fonts = style.element.rPr.find(qn("w:rFonts"))
        for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            fonts.attrib.pop(qn(attribute), None)  # Word shows a theme font over a named one
        style.font.color.rgb = None
        style.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER if level == 1 else WD_ALIGN_PARAGRAPH.LEFT
        style.paragraph_format.first_line_indent = Cm(0)
        style.paragraph_format.page_break_before = level == 1 and chapter_break
    caption = doc.styles["Caption"]
    caption.font.name, caption.font.color.rgb = "Times New Roman", None
    caption.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER

    def body(text: str = LOREM):
        paragraph = doc.add_paragraph()
        paragraph.add_run(text).font.name = None if body_font == "Times New Roman" else body_font
        return paragraph

    def source():
        paragraph = doc.add_paragraph()
        paragraph.add_run("Sumber: data primer, diolah (2026)").font.size = Pt(10)
        paragraph.paragraph_format.first_line_indent = Cm(0)

    # section 1: the title page (no number) and the front matter (i, ii … at the bottom centre)
    first = doc.sections[0]
    _setup(first, paper, margins)
    first.different_first_page_header_footer = True
    _page_field(first.footer.paragraphs[0], WD_ALIGN_PARAGRAPH.CENTER)
    _numbering(first, "lowerRoman", None)
    for line in ("SKRIPSI", "TAHAPAN HUBUNGAN INTERPERSONAL", "Nama Mahasiswa"):
        doc.add_paragraph(line).alignment = WD_ALIGN_PARAGRAPH.CENTER
    doc.add_page_break()
    doc.add_heading("KATA PENGANTAR", level=1).paragraph_format.page_break_before = False
    body()
    # section 2: BAB I, numbered from 1; its first page at the bottom centre, the others at the top right
    second = doc.add_section(WD_SECTION.NEW_PAGE)
    _setup(second, paper, margins)
    second.different_first_page_header_footer = True
    second.header.is_linked_to_previous = False
    second.footer.is_linked_to_previous = False
    second.first_page_header.is_linked_to_previous = False
    second.first_page_footer.is_linked_to_previous = False
    _page_field(second.header.paragraphs[0], WD_ALIGN_PARAGRAPH.RIGHT)
    _page_field(second.first_page_footer.paragraphs[0], WD_ALIGN_PARAGRAPH.CENTER)
    _numbering(second, "decimal", 1)
    _chapter(doc, "I", "Pendahuluan").paragraph_format.page_break_before = False  # the section breaks the page
    doc.add_heading("1.1 Latar Belakang", level=2)
    body()
    table_caption_paragraph = None
    if table_caption == "above":
        table_caption_paragraph = doc.add_paragraph("Tabel 1.1 Karakteristik informan", style="Caption")
    table = doc.add_table(rows=2, cols=2, style="Table Grid")
    for row, values in zip(table.rows, (("Informan", "Usia"), ("I01", "24")), strict=True):
        for cell, value in zip(row.cells, values, strict=True):
            paragraph = cell.paragraphs[0]
            paragraph.paragraph_format.line_spacing = 1.0
            paragraph.paragraph_format.first_line_indent = Cm(0)
            paragraph.add_run(value).font.size = Pt(11)
    if table_caption == "below":
        table_caption_paragraph = doc.add_paragraph("Tabel 1.1 Karakteristik informan", style="Caption")
    assert table_caption_paragraph is not None
    source()
    body()
    picture = doc.add_paragraph()
    picture.paragraph_format.first_line_indent = Cm(0)
    picture.add_run().add_picture(str(_png(path.with_suffix(".png"))), width=Cm(6))
    doc.add_paragraph("Gambar 1.1 Tahapan hubungan", style="Caption")
    source()
    # section 3: BAB II, the count goes on
    third = doc.add_section(WD_SECTION.NEW_PAGE)
    _setup(third, paper, margins)
    third.different_first_page_header_footer = True
    _numbering(third, "decimal", None)
    _chapter(doc, "II", "Tinjauan Pustaka").paragraph_format.page_break_before = False
    body()
    if not chapter_break:
        _chapter(doc, "III", "Metode Penelitian")
        body()
    # section 4: the Daftar Pustaka opens like a chapter
    fourth = doc.add_section(WD_SECTION.NEW_PAGE)
    _setup(fourth, paper, margins)
    fourth.different_first_page_header_footer = True
    _numbering(fourth, "decimal", None)
    doc.add_heading("DAFTAR PUSTAKA", level=1).paragraph_format.page_break_before = False
    entry = doc.add_paragraph("DeVito, J. A. (2016). The interpersonal communication book (14th ed.). Pearson.")
    entry.paragraph_format.line_spacing = 1.0
    entry.paragraph_format.left_indent, entry.paragraph_format.first_line_indent = Cm(1.25), Cm(-1.25)
    doc.save(str(path))
    return path


def findings(deviations) -> list[str]:
    return [f"{d.found}, style wants {d.wanted}" for d in deviations]


@pytest.fixture
def good_docx(tmp_path) -> Path:
    return build_docx(tmp_path / "thesis.docx")


def test_a_docx_built_to_the_style_has_no_deviation(good_docx):
    assert [str(d) for d in check_file(good_docx, STYLE)] == []


def test_a_docx_with_other_margins_is_named_per_side(tmp_path):
    path = build_docx(tmp_path / "margins.docx", margins={"left": Cm(2.54), "top": Cm(3)})
    deviations = check_file(path, STYLE)
    found = findings(deviations)
    assert "left margin 2.54 cm, style wants 4 cm" in found
    assert "top margin 3 cm, style wants 4 cm" in found
    assert not any("right margin" in f or "bottom margin" in f for f in found)
    assert all(d.check == "margins" for d in deviations)
    sections = len(docx.Document(str(path)).sections)
    assert {d.where for d in deviations} == {f"sections 1–{sections}"}  # every section, on one line


def test_a_docx_in_another_font_is_named_with_the_paragraph(tmp_path):
    deviations = check_file(build_docx(tmp_path / "font.docx", body_font="Arial"), STYLE)
    fonts = [d for d in deviations if d.check == "fonts"]
    assert len(fonts) == 1 and fonts[0].found == "font Arial" and fonts[0].wanted == "Times New Roman"
    # where: the first such paragraph, the heading it falls under, and how many more
    assert "under 'KATA PENGANTAR'" in fonts[0].where and "more" in fonts[0].where
    assert [d for d in deviations if d.check != "fonts"] == []


def test_a_docx_on_letter_paper_is_named_for_its_sections(tmp_path):
    path = build_docx(tmp_path / "letter.docx", paper=(Cm(21.59), Cm(27.94)))
    paper = [d for d in check_file(path, STYLE) if d.check == "paper"]
    assert [d.where for d in paper] == [f"sections 1–{len(docx.Document(str(path)).sections)}"]
    assert paper[0].found == "paper 216 × 279 mm" and paper[0].wanted == "A4 (210 × 297 mm)"


def test_chapters_and_captions_out_of_place_are_named(tmp_path):
    path = build_docx(tmp_path / "layout.docx", chapter_break=False, table_caption="below")
    found = findings(check_file(path, STYLE))
    assert "no page break before the chapter, style wants each chapter on a new page" in found
    assert "caption 'Tabel 1.1' below its table, style wants the caption above" in found


def test_the_same_docx_checked_against_another_preset_deviates_where_the_presets_differ(good_docx):
    uin = load_style({"preset": "uin-imam-bonjol"})
    found = findings(check_file(good_docx, uin))
    assert "line spacing 2, style wants 1.5" in found
    assert all("margin" not in f and "font" not in f for f in found)  # both want 4-3-4-3 cm and Times New Roman


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_a_laid_out_docx_names_pages(tmp_path):
    good = check_file(build_docx(tmp_path / "good.docx"), STYLE, layout=True)
    assert [str(d) for d in good] == []
    wrong = check_file(build_docx(tmp_path / "wrong.docx", chapter_break=False, body_font="Arial"), STYLE,
                       layout=True)
    chapter = [d for d in wrong if d.check == "chapters"]
    assert [d.found for d in chapter] == ["BAB III begins below other text"]
    assert chapter[0].where == f"page {chapter[0].page}"
    font = next(d for d in wrong if d.check == "fonts")
    assert font.page is not None and font.where.startswith(f"page {font.page}, paragraph")
    assert font.page < chapter[0].page  # the first Arial paragraph comes before BAB III


# --- PDFs made with typst --------------------------------------------------------------------------------

TYPST = """
#set page(paper: "{paper}", margin: {margin})
#set text(font: "{font}", size: 12pt, lang: "id")
#show: body => context {{
  let lead = {spacing} * 1.15 * 12pt - measure[H].height
  set par(leading: lead, spacing: lead, first-line-indent: (amount: 1.25cm, all: true), justify: true)
  body
}}
#let chapter(number, title) = {{
  {chapter_break}
  align(center, strong[BAB #number #linebreak() #upper(title)])
  v(12pt)
}}
// page numbers 1.5 cm from the paper's edge: none on the title page, i, ii … at the bottom centre of the
// front matter; from BAB I arabic from 1, at the bottom centre of a chapter's first page, else top right
#let bottom-number(style) = place(bottom + center, dy: -1.5cm, counter(page).display(style))
#let top-number(style) = place(top + right, dx: -3cm, dy: 1.5cm, counter(page).display(style))
#set page(numbering: none)
#align(center)[#strong[JUDUL SKRIPSI] #v(2cm) Nama Mahasiswa]
#pagebreak()
#set page(numbering: "i", footer: none, foreground: context bottom-number("i"))
#counter(page).update(2)
#align(center, strong[KATA PENGANTAR])
#lorem(120)
#pagebreak()
#counter(page).update(1)
#set page(numbering: "1", header: none, footer: none, foreground: context {{
  if query(<chapter>).any(c => c.location().page() == here().page()) {{ bottom-number("1") }} else {{ top-number("1") }}
}})
#[#chapter("I", "Pendahuluan")<chapter>]
#lorem(400)

#align(center)[Tabel 1.1 Contoh tabel]
#text(size: 11pt, table(columns: (1fr, 1fr), stroke: 0.5pt, [Kolom], [Nilai], [a], [1], [b], [2]))
#text(size: 10pt)[Sumber: data contoh]

#lorem(60)

#align(center, rect(width: 6cm, height: 3cm, fill: luma(200)))
#align(center)[Gambar 1.1 Contoh gambar]
#text(size: 10pt)[Sumber: data contoh]

#[#chapter("II", "Tinjauan pustaka")<chapter>]
#lorem(500)
"""
# typst embeds Libertinus Serif; the style's PDF font is set to it so that no system font is needed
PDF_STYLE = load_style({"font": {"pdf_family": "Libertinus Serif"}})


def build_pdf(path: Path, *, paper="a4", margin="(top: 4cm, bottom: 3cm, left: 4cm, right: 3cm)", spacing=2,
              font="Libertinus Serif", chapter_break="pagebreak(weak: true)") -> Path:
    typst = pytest.importorskip("typst")
    source = path.with_suffix(".typ")
    source.write_text(TYPST.format(paper=paper, margin=margin, spacing=spacing, font=font,
                                   chapter_break=chapter_break), encoding="utf-8")
    typst.compile(str(source), output=str(path))
    return path


def test_a_pdf_built_to_the_style_has_no_deviation(tmp_path):
    assert [str(d) for d in check_file(build_pdf(tmp_path / "good.pdf"), PDF_STYLE)] == []


def test_a_pdf_with_wrong_margins_names_each_margin_and_page(tmp_path):
    deviations = check_file(build_pdf(tmp_path / "margins.pdf", margin="2.54cm"), PDF_STYLE)
    found = {d.found: d for d in deviations}
    assert found["left margin 2.54 cm"].wanted == "4 cm"
    assert found["right margin 2.54 cm"].wanted == "3 cm"
    assert any(f.startswith("text in the top margin") for f in found)
    # a body page is named by its number; every deviation here is about margins
    assert found["left margin 2.54 cm"].where.startswith("pages 2–")
    assert {d.check for d in deviations} == {"margins"}


def test_a_pdf_with_other_paper_font_and_spacing(tmp_path):
    found = findings(check_file(build_pdf(tmp_path / "wrong.pdf", paper="us-letter", spacing=1.5,
                                          font="New Computer Modern"), PDF_STYLE))
    assert "paper 216 × 279 mm, style wants A4 (210 × 297 mm)" in found
    assert any(f.startswith("font New CM") and f.endswith("style wants Times New Roman") for f in found)
    assert any(f.startswith("line spacing 1.5 (20.7 pt between lines)") for f in found)


def test_a_pdf_whose_chapter_does_not_start_a_page(tmp_path):
    deviations = check_file(build_pdf(tmp_path / "run-on.pdf", chapter_break=""), PDF_STYLE)
    chapter = [d for d in deviations if d.check == "chapters"]
    assert [d.found for d in chapter] == ["BAB II begins below other text"]
    assert chapter[0].wanted == "each chapter on a new page" and chapter[0].page is not None


# --- the command -----------------------------------------------------------------------------------------------


def test_naskah_format_check_exits_non_zero_on_any_deviation(mini, run_cli, tmp_path):
    good, wrong = build_docx(tmp_path / "good.docx"), build_docx(tmp_path / "wrong.docx", body_font="Arial")
    code, err = run_cli(mini, "format-check", "--no-layout", str(good))
    assert code == 0 and "sesuai dengan gaya selingkung" in err  # the demo's thesis language
    code, err = run_cli(mini, "format-check", "--no-layout", str(wrong))
    assert code != 0
    assert f"{wrong.as_posix()}: paragraf " in err and "font Arial, gaya selingkung meminta Times New Roman" in err
    assert "1 penyimpangan dari gaya selingkung" in err


def test_format_check_uses_the_configs_style(mini, run_cli, tmp_path):
    good = build_docx(tmp_path / "good.docx")
    write(mini, "config/config.yaml", read(mini, "config/config.yaml") + "style:\n  body: {line_spacing: 1.5}\n")
    code, err = run_cli(mini, "format-check", "--no-layout", str(good))
    assert code != 0 and "spasi baris 2, gaya selingkung meminta 1.5" in err


def test_format_check_names_a_file_it_cannot_read(mini, run_cli, tmp_path):
    odt = tmp_path / "thesis.odt"
    odt.write_text("x")
    code, err = run_cli(mini, "format-check", str(odt))
    assert code != 0 and f"{odt.as_posix()}: berkas '.odt' tidak dapat diperiksa" in err
    fake = tmp_path / "fake.docx"
    fake.write_text("not a zip")
    code, err = run_cli(mini, "format-check", "--no-layout", str(fake))
    assert code != 0 and "bukan dokumen Word yang dapat dibaca" in err


def test_the_render_job_checks_its_own_draft(mini, run_cli):
    """The build measures the DOCX and the PDF in the job that renders them (`--format-check REPORT`)."""
    for step in (["analyse"], ["literature"], ["assemble"]):
        assert run_cli(mini, *step)[0] == 0
    code, err = run_cli(mini, "render", "docx", "--out", "results/staging/thesis.docx",
                        "--format-check", "results/format-check/docx.txt")
    assert code == 0, err
    report = read(mini, "results/format-check/docx.txt").splitlines()
    summary = "naskah format-check: results/staging/thesis.docx sesuai dengan gaya selingkung"
    assert report[-1].startswith(summary), report
    assert report[-1] in err
    code, err = run_cli(mini, "render", "html", "--out", "results/staging/thesis.html",
                        "--format-check", "results/format-check/html.txt")
    assert code != 0 and "--format-check" in err and not (mini / "results/staging/thesis.html").exists()
