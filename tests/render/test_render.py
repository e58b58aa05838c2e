"""Rendering: APA 7 in Indonesian (access dates, hanging indent) in HTML, DOCX and PDF."""

from __future__ import annotations

import zipfile

import pypdf
from conftest import read, write

WEB_SOURCE = """
@online{kemkes2024,
  author = {{Kementerian Kesehatan Republik Indonesia}},
  title = {Pencegahan {HIV} dan infeksi menular seksual},
  url = {https://www.kemkes.go.id/},
  urldate = {2024-01-02}
}
"""


def build(run_cli, project):
    for step in (["analyse"], ["literature"], ["assemble"], ["render", "html", "--out", "results/thesis.html"],
                 ["render", "docx", "--out", "results/thesis.docx"], ["render", "pdf", "--out", "results/thesis.pdf"]):
        code, err = run_cli(project, *step)
        assert code == 0, (step, err)


def test_web_sources_read_diakses_pada_in_every_format(mini, run_cli):
    write(mini, "references/library.bib", read(mini, "references/library.bib") + WEB_SOURCE)
    chapter = read(mini, "chapters/01-pendahuluan.md").replace("[@devito2016]", "[@devito2016; @kemkes2024]")
    write(mini, "chapters/01-pendahuluan.md", chapter)
    build(run_cli, mini)
    assert "Diakses pada 2 Januari 2024, dari" in read(mini, "results/thesis.html")
    pdf = " ".join(" ".join(p.extract_text().split()) for p in pypdf.PdfReader(str(mini / "results/thesis.pdf")).pages)
    assert "Diakses pada 2 Januari 2024, dari https://www.kemkes." in pdf  # typst may break the URL
    with zipfile.ZipFile(mini / "results" / "thesis.docx") as archive:
        assert "Diakses pada 2 Januari 2024, dari" in archive.read("word/document.xml").decode("utf-8")


def test_reference_list_has_a_hanging_indent(mini, run_cli):
    build(run_cli, mini)
    assert 'class="references csl-bib-body hanging-indent"' in read(mini, "results/thesis.html")
    with zipfile.ZipFile(mini / "results" / "thesis.docx") as archive:
        styles = archive.read("word/styles.xml").decode("utf-8")
        document = archive.read("word/document.xml").decode("utf-8")
    bibliography_style = styles[styles.index('w:styleId="Bibliography"'):]
    bibliography_style = bibliography_style[:bibliography_style.index("</w:style>")]
    assert 'w:hanging="709"' in bibliography_style  # 1.25 cm, the house style's references.hanging_indent
    assert '<w:pStyle w:val="Bibliography"' in document
    from naskah.data.config import load_config

    hanging = load_config(mini / "config/config.yaml").style.references.hanging_indent
    typ = read(mini, "results/thesis.typ")
    assert f'"hanging": {hanging.typst}' in typ and "set par(hanging-indent: S.refs.hanging" in typ


def test_english_theses_use_english_labels_and_terms(mini, run_cli):
    write(mini, "config/config.yaml", read(mini, "config/config.yaml").replace("language: id", "language: en"))
    build(run_cli, mini)
    html = read(mini, "results/thesis.html")
    assert "CHAPTER I PENDAHULUAN" in html and "Table 1.1" in html and "REFERENCES" in html
    assert "(A01, turn 4)" in html
