"""The HTML draft of the assembled Markdown: chapter labels on their own line, the style's CSS, the modes."""

from __future__ import annotations

import re

from conftest import read
from test_frontmatter import configure


def html_of(run_cli, project, *options: str) -> str:
    for command in ("analyse", "literature", "assemble"):
        code, err = run_cli(project, *options, command)
        assert code == 0, err
    code, err = run_cli(project, *options, "render", "html", "--out", "results/thesis.html")
    assert code == 0, err
    return read(project, "results/thesis.html")


def test_chapter_label_and_title_on_two_lines_with_captions_and_sources(mini, run_cli):
    html = html_of(run_cli, mini)
    assert re.search(r'<span class="chapter-label">BAB II</span><br />\s*<span class="chapter-title">HASIL</span>',
                     html)
    assert re.search(r'<caption><span class="caption-label"[^>]*>Tabel 1\.1</span> Karakteristik informan', html)
    after = html[html.index("Karakteristik informan</caption>"):]
    assert re.search(r'^.*?</table>\s*<div class="caption-source">\s*<p>Sumber: Data primer, diolah \(2026\)</p>',
                     after, flags=re.S)
    assert 'class="build-stamp"' in html and 'title="informants.total = 3' in html


def test_one_line_chapter_headings_when_the_style_says_so(mini, run_cli):
    configure(mini, style={"headings": [{"level": 1, "title_on_new_line": False}]})
    html = html_of(run_cli, mini)
    assert 'class="chapter-label"' not in html and re.search(r"<h1[^>]*>BAB II HASIL</h1>", html)


def test_the_page_follows_the_style(mini, run_cli):
    configure(mini, style={"font": {"family": "Arial"}, "page": {"margins": {"left": "3cm"}},
                           "tables": {"rules": "three_line"}, "captions": {"align": "left"}})
    html = html_of(run_cli, mini)
    assert '--naskah-font: "Arial"' in html and "--naskah-caption-align: left;" in html
    assert re.search(r"@page \{ size: 210mm 297mm; margin: 113\.386pt 85\.039pt 85\.039pt 85\.039pt; \}", html)
    assert "border-top: 1.5px solid #000" in html  # three-line tables


def test_a_final_copy_has_no_popovers_stamp_or_lampiran(mini, run_cli):
    html = html_of(run_cli, mini, "--mode", "final")
    for text in ('class="naskah-num"', 'title="informants.total', 'class="build-stamp"', "ASAL-USUL", 'href="#quote-'):
        assert text not in html, text
    assert "(A01, giliran 4)" in html
