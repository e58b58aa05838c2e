"""The PDF, read back as a reader sees it (poppler): paper and margins from the house style, only the shipped
Liberation fonts, page numbers per kind of page, chapters on new pages, a Daftar Isi whose numbers are the pages'
numbers, table words inside their cells, "(lanjutan)" on a continued table, byte-identical renders."""

from __future__ import annotations

import contextlib
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest
from conftest import MINI

from naskah import cli
from naskah.core.i18n import roman
from naskah.style.model import load_style

STYLE = load_style({})
WIDTH, HEIGHT = (float(x) for x in STYLE.paper_size)
LEFT, TOP = float(STYLE.page.margins.left), float(STYLE.page.margins.top)
RIGHT, BOTTOM = WIDTH - float(STYLE.page.margins.right), HEIGHT - float(STYLE.page.margins.bottom)
ROWS = 70

LONG_WORDS = """\
| Kolom | Keterangan | Catatan | Lainnya | Tambahan | Penutup |
|:------|:-----------|:--------|:--------|:---------|:--------|
| Pertanggungjawabannya | Ketidakberkesinambungan | Keanekaragamannya | Memperjualbelikannya | \
Dipertanggungjawabkan | Berkesinambungan |
| pendek | Penyelenggaraan pertanggungjawaban tahunan | singkat | Mempertimbangkannya | kata | Ketidakseimbangan |"""

# a chapter that stresses the layout: a table over several pages, and a table of words too long for six columns
LAYOUT_CHAPTER = f"""# Uji Tata Letak {{#sec:uji}}

## Tabel panjang

Tabel berikut memuat banyak baris sehingga berlanjut ke halaman berikutnya.

| No | Uraian | Sumber |
|---:|:-------|:-------|
{chr(10).join(f"| {i} | Informan ke-{i} menjelaskan tahap kontak | Baris {i} |" for i in range(1, ROWS + 1))}

: Tabel panjang untuk uji {{#tbl:panjang}}

## Kata panjang

{LONG_WORDS}

: Tabel kata panjang {{#tbl:kata-panjang}}
"""


@dataclass
class Word:
    text: str
    x0: float
    y0: float
    x1: float
    y1: float


@dataclass
class Line:
    words: list[Word]

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)

    @property
    def y0(self) -> float:
        return min(w.y0 for w in self.words)


@dataclass
class Page:
    number: int  # 1-based index in the PDF
    lines: list[Line]

    @property
    def words(self) -> list[Word]:
        return [w for line in self.lines for w in line.words]

    def in_margins(self) -> list[Word]:
        """Words outside the text area: the page number and nothing else."""
        return [w for w in self.words if w.y1 <= TOP + 0.5 or w.y0 >= BOTTOM - 0.5]

    def body_lines(self) -> list[Line]:
        return [line for line in self.lines if not all(w in self.in_margins() for w in line.words)]

    @property
    def shown_number(self) -> str | None:
        numbers = self.in_margins()
        return numbers[0].text if len(numbers) == 1 else None

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)


def read_pages(pdf: Path) -> list[Page]:
    xhtml = subprocess.run(["pdftotext", "-bbox-layout", str(pdf), "-"], capture_output=True, text=True,
                           check=True).stdout
    ns = {"h": "http://www.w3.org/1999/xhtml"}
    pages = []
    for index, page in enumerate(ET.fromstring(xhtml).iterfind(".//h:page", ns), start=1):
        lines = []
        for line in page.iterfind(".//h:line", ns):
            words = [Word(w.text.replace("\u00ad", ""), *(float(w.get(k)) for k in ("xMin", "yMin", "xMax", "yMax")))
                     for w in line.iterfind("h:word", ns)]
            lines.append(Line(words))
        pages.append(Page(index, lines))
    return pages


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    """The mini project with the layout chapter, built to results/thesis.pdf once for this module."""
    target = tmp_path_factory.mktemp("pdf") / "mini"
    shutil.copytree(MINI, target, ignore=shutil.ignore_patterns("results"))
    (target / "chapters" / "03-uji.md").write_text(LAYOUT_CHAPTER, encoding="utf-8")
    with contextlib.chdir(target):
        for step in (["analyse"], ["literature"], ["assemble"],
                     ["render", "pdf", "--out", "results/thesis.pdf", "--typst", "results/render/thesis.typ"]):
            assert cli.main(step) == 0, step
    return target


@pytest.fixture(scope="module")
def pages(project) -> list[Page]:
    return read_pages(project / "results" / "thesis.pdf")


def chapter_pages(pages: list[Page]) -> list[Page]:
    """Pages that open a chapter: their first body line is "BAB <roman>"."""
    return [p for p in pages if p.body_lines() and re.fullmatch(r"BAB [IVXLC]+", p.body_lines()[0].text)]


def test_paper_is_the_styles(project):
    info = subprocess.run(["pdfinfo", str(project / "results" / "thesis.pdf")], capture_output=True, text=True,
                          check=True).stdout
    size = re.search(r"Page size:\s+([\d.]+) x ([\d.]+) pts", info)
    assert (float(size.group(1)), float(size.group(2))) == pytest.approx((WIDTH, HEIGHT), abs=0.01)
    assert "(A4)" in info


def test_text_fills_the_area_inside_the_styles_margins(pages):
    body = pages[1:]  # after the title page
    for page in body:
        for word in page.words:
            assert word.x0 >= LEFT - 0.5 and word.x1 <= RIGHT + 0.5, (page.number, word)
        assert len(page.in_margins()) <= 1, (page.number, page.in_margins())  # only the page number
    # lines start at the left margin, justified lines end at the right one, a chapter starts at the top one
    assert min(w.x0 for p in body for w in p.words) == pytest.approx(LEFT, abs=0.5)
    assert max(w.x1 for p in body for w in p.words) == pytest.approx(RIGHT, abs=0.5)
    for page in chapter_pages(pages):
        assert page.body_lines()[0].y0 == pytest.approx(TOP, abs=1)


def test_only_the_shipped_liberation_fonts_embedded(project):
    listing = subprocess.run(["pdffonts", str(project / "results" / "thesis.pdf")], capture_output=True,
                             text=True, check=True).stdout.splitlines()[2:]
    fonts = [line.split()[0].split("+")[-1] for line in listing]
    embedded = [line.split()[-5] for line in listing]
    assert fonts and all(name.startswith(("LiberationSerif", "LiberationMono")) for name in fonts), fonts
    assert "LiberationSerif" in fonts and "LiberationSerif-Bold" in fonts
    assert set(embedded) == {"yes"}


def test_page_numbers_roman_in_front_arabic_from_bab_one(pages):
    assert pages[0].in_margins() == []  # the title page has no number
    first = chapter_pages(pages)[0]
    assert first.shown_number == "1"
    # the title page counts as i, the front matter goes on ii, iii …
    assert [p.shown_number for p in pages[1:first.number - 1]] == [roman(n).lower() for n in range(2, first.number)]
    for offset, page in enumerate(pages[first.number - 1:], start=1):
        assert page.shown_number == str(offset), page.number


def test_chapter_opening_pages_number_at_the_foot_others_at_the_top_right(pages):
    openings = {p.number for p in chapter_pages(pages)}
    first = min(openings)
    for page in pages[first - 1:]:
        (number,) = page.in_margins()
        if page.number in openings:
            assert number.y0 >= BOTTOM and (number.x0 + number.x1) / 2 == pytest.approx((LEFT + RIGHT) / 2, abs=1)
        elif page.body_lines() and page.body_lines()[0].text.isupper():
            continue  # Daftar Pustaka, Lampiran: a part's first page, numbered at the foot as well
        else:
            assert number.y1 <= TOP and number.x1 == pytest.approx(RIGHT, abs=0.5), page.number


def test_each_chapter_starts_a_new_page_label_and_title_on_two_lines(pages):
    openings = chapter_pages(pages)
    assert [p.body_lines()[0].text for p in openings] == ["BAB I", "BAB II", "BAB III"]
    assert [p.body_lines()[1].text for p in openings] == ["PENDAHULUAN", "HASIL", "UJI TATA LETAK"]


LISTS = ("DAFTAR ISI", "DAFTAR TABEL", "DAFTAR GAMBAR", "DAFTAR LAMPIRAN")


def is_list(page: Page) -> bool:
    return bool(page.body_lines()) and page.body_lines()[0].text in LISTS


def entries(pages: list[Page], title: str) -> list[tuple[str, str]]:
    """(entry text, page number) of a list (Daftar Isi, Daftar Tabel): dotted entries, numbers beside them."""
    out = []
    for page in pages:
        if page.body_lines() and page.body_lines()[0].text == title:
            numbers = {round(line.y0): line.text for line in page.body_lines()
                       if re.fullmatch(r"[ivxlc]+|\d+", line.text)}
            for line in page.body_lines()[1:]:
                if line.text.endswith("."):
                    out.append((re.sub(r"[ .]+$", "", line.text), numbers.get(round(line.y0))))
    return out


def test_daftar_isi_numbers_are_the_pages_the_headings_land_on(pages):
    listed = entries(pages, "DAFTAR ISI")
    front = dict(listed)
    assert re.fullmatch(r"[ivx]+", front["LEMBAR PENGESAHAN"])  # the front matter is listed, with roman numbers
    assert any(text == "DAFTAR TABEL" for text, _ in listed)
    for text, number in listed:
        landing = [p for p in pages if (not is_list(p) or p.body_lines()[0].text == text)
                   and any(line.text == text or (line.text + " " + nxt.text) == text
                           for line, nxt in zip(p.body_lines(), p.body_lines()[1:] + [Line([])], strict=True))]
        assert landing, text
        assert landing[0].shown_number == number, (text, number, landing[0].number)
    chapters = [n for text, n in listed if text.startswith("BAB")]
    assert chapters == [p.shown_number for p in chapter_pages(pages)]


def test_daftar_tabel_numbers_are_the_pages_the_tables_start_on(pages):
    listed = dict(entries(pages, "DAFTAR TABEL"))
    start = next(p for p in pages if not is_list(p)
                 and any(line.text == "Tabel 3.1 Tabel panjang untuk uji" for line in p.lines))
    assert listed["Tabel 3.1 Tabel panjang untuk uji"] == start.shown_number


def test_a_continued_table_repeats_its_caption_with_lanjutan(pages):
    caption = "Tabel 3.1 Tabel panjang untuk uji"
    shown = [(p.number, line.text) for p in pages if not is_list(p) for line in p.lines
             if line.text.startswith(caption)]
    assert len(shown) >= 2  # the table runs over more than one page
    assert shown[0][1] == caption
    assert all(text == caption + " (lanjutan)" for _, text in shown[1:])
    assert [number for number, _ in shown] == list(range(shown[0][0], shown[0][0] + len(shown)))
    last = pages[shown[-1][0] - 1]
    assert f"Informan ke-{ROWS} menjelaskan" in last.text  # the last row


def vertical_rules(pdf: Path, page: int, tmp: Path) -> list[tuple[float, float, float]]:
    """The table rules drawn on *page*: (x, y top, y bottom) in points, from the rendered pixels."""
    dpi = 144
    subprocess.run(["pdftoppm", "-gray", "-r", str(dpi), "-f", str(page), "-l", str(page), str(pdf),
                    str(tmp / "p")], check=True)
    raw = next(tmp.glob("p*.pgm")).read_bytes()
    next(tmp.glob("p*.pgm")).unlink()
    _, width, height, _, pixels = raw.split(maxsplit=4)
    image = np.frombuffer(pixels, dtype=np.uint8).reshape(int(height), int(width)) < 160
    scale = 72 / dpi
    rules = []
    for x in range(image.shape[1]):
        column = image[:, x]
        # runs of dark pixels at least 20 pt long: a rule, not a letter
        edges = np.flatnonzero(np.diff(np.concatenate(([0], column.astype(np.int8), [0]))))
        for top, bottom in zip(edges[::2], edges[1::2], strict=True):
            if (bottom - top) * scale >= 20:
                rules.append((x * scale, top * scale, bottom * scale))
    return rules


def test_no_word_in_a_table_crosses_its_cells_border(project, pages, tmp_path):
    pdf = project / "results" / "thesis.pdf"
    with_tables = [p for p in pages if not is_list(p)
                   and any(re.match(r"Tabel \d+\.\d+ ", line.text) for line in p.lines)]
    long_words = next(p for p in with_tables if any(line.text.startswith("Tabel 3.2 Tabel kata") for line in p.lines))
    assert long_words in with_tables
    checked = 0
    for page in with_tables:
        rules = vertical_rules(pdf, page.number, tmp_path)
        assert rules, page.number
        for word in page.words:
            for x, top, bottom in rules:
                if top < word.y1 - 1 and word.y0 + 1 < bottom:  # the rule runs beside this word
                    assert not (word.x0 + 0.5 < x < word.x1 - 0.5), (page.number, word.text, x)
                    checked += 1
    assert checked > 100
    # the long words are all there, whole or hyphenated between syllables (a cell's lines are read in order)
    joined = "".join(w.text for w in long_words.words)
    for word in ("Pertanggungjawabannya", "Ketidakberkesinambungan", "Memperjualbelikannya", "Ketidakseimbangan"):
        assert word in joined, word


def test_two_renders_are_byte_identical(project):
    with contextlib.chdir(project):
        assert cli.main(["render", "pdf", "--out", "results/again.pdf", "--typst", "results/render/again.typ"]) == 0
    results = project / "results"
    assert (results / "again.pdf").read_bytes() == (results / "thesis.pdf").read_bytes()
    assert str(project) not in (results / "render" / "again.typ").read_text(encoding="utf-8")
