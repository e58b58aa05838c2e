"""The DOCX a Word user keeps working in, checked as LibreOffice lays it out and prints it.

The mini project is rendered once; LibreOffice opens the DOCX, updates its fields and indexes
(Word does the same on opening, ``w:updateFields``) and exports a PDF, and the assertions are about
that PDF: the paper, the margins, the fonts, the page numbers and where they sit, every chapter on a
new page, and a Daftar Isi/Tabel whose page numbers are the pages the headings and captions land
on. A few checks read the DOCX itself: what Word will find there (fields, sections, table widths) and
that two renders give the same bytes.
"""

from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from conftest import MINI

import naskah as naskah_package
from naskah import cli
from naskah.style import docx as reference_docx
from naskah.style.model import load_style

EPOCH = "1764633600"
STYLE = load_style()
PAGE_W, PAGE_H = (float(x) for x in STYLE.paper_size)
MARGIN = STYLE.page.margins
SYSTEM_PYTHON = "/usr/bin/python3"  # Debian's python3-uno belongs to the system Python

# Open a DOCX in LibreOffice through UNO, update every index and field, export PDF. A plain
# `soffice --convert-to pdf` keeps the fields' cached results; Word and LibreOffice users update them.
UPDATE_AND_EXPORT = r'''
import os, subprocess, sys, time, uuid
import uno
from com.sun.star.beans import PropertyValue

def prop(name, value):
    p = PropertyValue()
    p.Name, p.Value = name, value
    return p

source, target, profile = sys.argv[1:4]
pipe = "naskah" + uuid.uuid4().hex[:8]
office = subprocess.Popen(["soffice", "--headless", "--invisible", "--norestore", "--nologo", "--nodefault",
                           "-env:UserInstallation=" + uno.systemPathToFileUrl(profile),
                           "--accept=pipe,name=%s;urp;" % pipe], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
try:
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    for _ in range(600):
        try:
            ctx = resolver.resolve("uno:pipe,name=%s;urp;StarOffice.ComponentContext" % pipe)
            break
        except Exception:
            time.sleep(0.1)
    desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
    doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(source), "_blank", 0, (prop("Hidden", True),))
    doc.getTextFields().refresh()
    indexes = doc.getDocumentIndexes()
    for i in range(indexes.getCount()):
        indexes.getByIndex(i).update()
    doc.getTextFields().refresh()
    doc.storeToURL(uno.systemPathToFileUrl(target), (prop("FilterName", "writer_pdf_Export"),))
    doc.close(True)
    try:
        desktop.terminate()
    except Exception:
        pass
finally:
    try:
        office.wait(timeout=30)
    except subprocess.TimeoutExpired:
        office.kill()
'''


def naskah(project: Path, *args: str) -> None:
    cwd = Path.cwd()
    os.chdir(project)
    try:
        assert cli.main(list(args)) == 0, args
    finally:
        os.chdir(cwd)


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    target = tmp_path_factory.mktemp("docx") / "mini"
    shutil.copytree(MINI, target, ignore=shutil.ignore_patterns("results"))
    old = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = EPOCH
    try:
        for step in (["analyse"], ["literature"], ["assemble"], ["render", "docx", "--out", "results/thesis.docx"]):
            naskah(target, *step)
    finally:
        if old is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = old
    return target


def document_xml(path: Path) -> str:
    with zipfile.ZipFile(path) as archive:
        return archive.read("word/document.xml").decode("utf-8")


# --- the DOCX itself ---------------------------------------------------------------------------------------


def test_two_renders_give_the_same_bytes(project, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    naskah(project, "render", "docx", "--out", "results/again.docx")  # the cached reference this time
    assert (project / "results/again.docx").read_bytes() == (project / "results/thesis.docx").read_bytes()
    with zipfile.ZipFile(project / "results/thesis.docx") as archive:
        names = archive.namelist()
        assert names == sorted(names)
        assert 'w:author="naskah"' in archive.read("word/comments.xml").decode("utf-8")  # provenance comments
        # no path of this machine: where naskah is installed (the CSL file's path once rode along as a
        # document property) or where the project is; an examiner's rebuild elsewhere gives the same bytes
        installed = str(Path(naskah_package.__file__).parent)
        for name in names:
            text = archive.read(name).decode("utf-8", errors="replace")
            assert installed not in text and str(project) not in text, name


def test_word_finds_fields_sections_and_fitted_tables(project):
    xml = document_xml(project / "results/thesis.docx")
    assert 'TOC \\o "1-3" \\h \\z \\u' in xml and 'TOC \\h \\z \\c "Tabel"' in xml  # Daftar Isi, Daftar Tabel
    assert "SEQ Bab \\* ROMAN" in xml and "SEQ Tabel \\* ARABIC \\s 1" in xml  # BAB I; Tabel {Bab}.{n}
    assert "NaskahSection" not in xml
    sections = re.findall(r"<w:sectPr\b.*?</w:sectPr>", xml, re.S)
    assert "headerReference" not in sections[0] and "footerReference" not in sections[0]  # the title page
    starts = [re.search(r'<w:pgNumType w:fmt="(\w+)"(?: w:start="(\d+)")?', s).groups() for s in sections[1:]]
    assert starts[0] == ("lowerRoman", "2") and ("decimal", "1") in starts  # the title page counts as i
    assert starts.index(("decimal", "1")) == sum(1 for fmt, _ in starts if fmt == "lowerRoman")
    with zipfile.ZipFile(project / "results/thesis.docx") as archive:
        rels = archive.read("word/_rels/document.xml.rels").decode("utf-8")
    for rid in set(re.findall(r'(?:header|footer)Reference w:type="\w+" r:id="(\w+)"', xml)):
        assert re.search(rf'Id="{rid}"[^>]*Target="(header|footer)\d\.xml"|Target="(header|footer)\d\.xml"[^>]*'
                         rf'Id="{rid}"', rels), rid
    width = reference_docx.text_width(STYLE).twips
    tables = re.findall(r"<w:tbl>.*?</w:tbl>", xml, re.S)
    data_tables = [t for t in tables if "SignatureBlock" not in t]
    assert len(data_tables) >= 2
    for table in data_tables:
        assert '<w:tblW w:w="5000" w:type="pct"/>' in table and '<w:tblLayout w:type="fixed"/>' in table
        assert sum(int(x) for x in re.findall(r'<w:gridCol w:w="(\d+)"', table)) == width
        assert '<w:tblHeader w:val="on"/>' in table


# --- as LibreOffice lays it out ------------------------------------------------------------------------------


def _uno_available() -> str | None:
    if not shutil.which("soffice") or not shutil.which("pdftotext"):
        return "LibreOffice and poppler are needed: apt-get install libreoffice-writer-nogui poppler-utils"
    probe = subprocess.run([SYSTEM_PYTHON, "-c", "import uno"], capture_output=True) \
        if Path(SYSTEM_PYTHON).exists() else None
    if probe is None or probe.returncode != 0:
        return "LibreOffice's Python bridge is needed to update the fields: apt-get install python3-uno"
    return None


def _without_comments(source: Path, target: Path) -> None:
    """The DOCX without its Word comments: headless LibreOffice 7.4 without its GUI files crashes when a
    comment's margin window opens in a document loaded through UNO. Comments take no room on the page."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for name in old.namelist():
            data = old.read(name)
            if name == "word/document.xml":
                data = re.sub(rb"<w:commentRange(?:Start|End)[^>]*/>", b"", data)
                data = re.sub(rb"<w:r><w:rPr><w:rStyle w:val=\"CommentReference\" ?/></w:rPr>"
                              rb"<w:commentReference[^>]*/></w:r>", b"", data)
            new.writestr(name, data)


class Line:
    def __init__(self, text: str, x0: float, y0: float, x1: float, y1: float):
        self.text, self.x0, self.y0, self.x1, self.y1 = text, x0, y0, x1, y1

    def __repr__(self) -> str:
        return f"Line({self.text!r}, {self.x0:.1f}, {self.y0:.1f}, {self.x1:.1f}, {self.y1:.1f})"


class Page:
    """A printed page: its lines of text, and the page number printed in its header or footer."""

    NUMBER = re.compile(r"^(?:[ivxlcdm]+|\d+)$")

    def __init__(self, width: float, height: float, lines: list[Line]):
        self.width, self.height = width, height
        top, bottom = float(MARGIN.top) - 5, PAGE_H - float(MARGIN.bottom) + 5
        margin_lines = [ln for ln in lines if ln.y1 < top or ln.y0 > bottom]
        numbers = [ln for ln in margin_lines if self.NUMBER.match(ln.text)]
        self.number = numbers[0] if numbers else None
        self.body = [ln for ln in lines if ln not in margin_lines]
        self.texts = [ln.text for ln in self.body]

    @property
    def label(self) -> str | None:
        return self.number.text if self.number else None

    def starts_with(self, *texts: str) -> bool:
        return self.texts[:len(texts)] == list(texts)

    def has(self, text: str) -> bool:
        """*text* is a line of the page, or the start of one, or two lines read as one (BAB I / PENDAHULUAN)."""
        lines = [t for t in self.texts if "...." not in t]  # not an entry of the Daftar Isi or Daftar Tabel
        pairs = [a + " " + b for a, b in zip(lines, lines[1:], strict=False)]
        return any(t == text or t.startswith(text + " ") for t in lines + pairs)


@pytest.fixture(scope="module")
def pages(project, tmp_path_factory) -> list[Page]:
    reason = _uno_available()
    if reason:
        pytest.skip(reason)
    work = tmp_path_factory.mktemp("lo")
    source = work / "thesis.docx"
    _without_comments(project / "results/thesis.docx", source)
    script = work / "update_and_export.py"
    script.write_text(UPDATE_AND_EXPORT, encoding="utf-8")
    pdf = work / "thesis.pdf"
    for _attempt in range(2):  # a first start of LibreOffice with a new profile sometimes restarts itself
        subprocess.run([SYSTEM_PYTHON, str(script), str(source), str(pdf), str(work / "profile")],
                       capture_output=True, timeout=300)
        if pdf.exists():
            break
    assert pdf.exists(), "LibreOffice did not export the DOCX"
    layout = subprocess.run(["pdftotext", "-bbox-layout", str(pdf), "-"], capture_output=True, text=True,
                            check=True).stdout
    out = []
    for page in re.finditer(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', layout, re.S):
        lines = []
        for line in re.finditer(r'<line xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</line>',
                                page.group(3), re.S):
            words = [html.unescape(w) for w in re.findall(r"<word [^>]*>(.*?)</word>", line.group(5))]
            lines.append(Line(" ".join(words), *(float(line.group(i)) for i in range(1, 5))))
        out.append(Page(float(page.group(1)), float(page.group(2)), lines))
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    out[0].fonts = [row.split()[0] for row in fonts.splitlines()[2:]]
    return out


def test_a4_and_the_guideline_margins(pages):
    assert all(abs(p.width - PAGE_W) < 1 and abs(p.height - PAGE_H) < 1 for p in pages)
    body = [ln for p in pages for ln in p.body]
    left, top = float(MARGIN.left), float(MARGIN.top)
    right, bottom = PAGE_W - float(MARGIN.right), PAGE_H - float(MARGIN.bottom)
    assert abs(min(ln.x0 for ln in body) - left) < 1.5  # text starts 4 cm from the left edge
    assert abs(max(ln.x1 for ln in body) - right) < 1.5  # justified lines end 3 cm from the right edge
    assert all(ln.x1 <= right + 1 and ln.y1 <= bottom + 1 for ln in body)
    assert all(ln.y0 >= top - 1 for ln in body) and abs(min(ln.y0 for ln in body) - top) < 3


def test_the_fonts_are_times_new_roman_or_its_metric_twin(pages):
    fonts = pages[0].fonts
    assert any("LiberationSerif" in f for f in fonts)
    # OpenSymbol: LibreOffice's bullets for Word's Symbol font
    assert all(re.search(r"(LiberationSerif|TimesNewRoman|OpenSymbol)", f) for f in fonts), fonts


def test_page_numbers_roman_in_the_front_matter_arabic_from_bab_i(pages):
    labels = [p.label for p in pages]
    assert labels[0] is None  # the title page
    chapter_one = next(i for i, p in enumerate(pages) if p.starts_with("BAB I"))
    front = labels[1:chapter_one]
    roman = ["i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x"]
    assert front == roman[1:len(front) + 1] and len(front) >= 3  # the title page is i, unprinted, as in the PDF
    assert labels[chapter_one:] == [str(n) for n in range(1, len(pages) - chapter_one + 1)]
    centre = (float(MARGIN.left) + PAGE_W - float(MARGIN.right)) / 2
    right = PAGE_W - float(MARGIN.right)
    openings = 0
    for page in pages[1:]:
        number = page.number
        opening = page.texts[0].isupper()  # a chapter, the Daftar Pustaka, a Lampiran, a front-matter part
        openings += opening
        if opening or not page.label.isdigit():  # chapter openings and front pages: bottom centre
            assert number.y0 > PAGE_H - float(MARGIN.bottom), page.texts[0]
            assert abs((number.x0 + number.x1) / 2 - centre) < 3, page.texts[0]
        else:  # the other pages of the body: top right
            assert number.y1 < float(MARGIN.top) and abs(number.x1 - right) < 1.5, page.texts[0]
    assert openings >= 8 and any(not p.texts[0].isupper() and p.label.isdigit() for p in pages[1:])


def test_every_chapter_starts_a_new_page(pages):
    for heading in (("BAB I", "PENDAHULUAN"), ("BAB II", "HASIL"), ("DAFTAR PUSTAKA",)):
        found = [p for p in pages if p.has(" ".join(heading))]
        assert any(p.starts_with(*heading) for p in found), heading


def _entries(pages: list[Page], title: str) -> list[tuple[str, str]]:
    """The entries (text, page number) of the list headed *title*, over as many pages as it fills."""
    start = next(i for i, p in enumerate(pages) if p.starts_with(title))
    entries = []
    for index in range(start, len(pages)):
        if index > start and pages[index].texts[0].isupper() and "...." not in pages[index].texts[0]:
            break  # the next part
        for text in pages[index].texts:
            match = re.match(r"^(.*?)\s*\.{4,}\s*([ivxlcdm]+|\d+)$", text)
            if match:
                entries.append((match.group(1).strip(), match.group(2)))
    return entries


def test_daftar_isi_and_daftar_tabel_give_the_pages_the_headings_land_on(pages):
    toc = _entries(pages, "DAFTAR ISI")
    titles = [t for t, _ in toc]
    assert {"LEMBAR PENGESAHAN", "DAFTAR TABEL", "BAB I PENDAHULUAN", "1.1 Latar Belakang", "BAB II HASIL",
            "2.2.1 Awal", "DAFTAR PUSTAKA"} <= set(titles)
    assert "DAFTAR ISI" not in titles  # its own title is not an entry
    tables = _entries(pages, "DAFTAR TABEL")
    assert [t.split(" ")[1] for t, _ in tables] == ["1.1", "2.1"]  # Word's caption numbers, per chapter
    for text, number in toc + tables:
        landed = [p.label for p in pages if p.has(text)]
        assert landed and landed[0] == number, (text, number, landed)
