"""The typst template is a function of the house style: the style's page, font and spacing reach the PDF's layout,
an override in the config changes them, and the line pitch is Word's for the shipped Times-compatible font."""

from __future__ import annotations

import re
import subprocess

import pytest
import typst

from naskah.style.model import Length, load_style
from naskah.style.typst import body_metrics, font_dir, leading, line_metrics, template


def compiled(style, body: str, tmp_path) -> bytes:
    """The template with pandoc's variables filled in by hand and *body*, compiled to PDF bytes."""
    source = template(style, "id").replace("$pagetitle$", "Uji").replace("$body$", body)
    source = re.sub(r"\$if\(highlighting-definitions\)\$.*?\$endif\$\n", "", source, flags=re.S)
    source = source.replace("$$", "$")
    (tmp_path / "t.typ").write_text(source, encoding="utf-8")
    return typst.compile(str(tmp_path / "t.typ"), font_paths=[str(font_dir())], ignore_system_fonts=True)


def test_template_carries_the_styles_page_font_and_spacing():
    style = load_style({})
    text = template(style, "id")
    margins = style.page.margins
    for side in ("top", "left", "right"):
        assert f'"{side}": {margins.get(side).typst}' in text
    # the bottom margin keeps room for a double-spaced line's space below its letters, as LibreOffice does
    bottom = float(re.search(r'"bottom": ([\d.]+)pt', text).group(1))
    box, single = body_metrics(style)
    assert bottom == pytest.approx(margins.bottom.pt + (2 * single - box) * style.font.size.pt, abs=0.01)
    width, height = style.paper_size
    assert f'"width": {width.typst}' in text and f'"height": {height.typst}' in text
    assert f'"font": ("{style.font.pdf_family}", )' in text
    assert f'"leading": {leading(style.body.line_spacing, body_metrics(style))}' in text
    assert f'"indent": {style.body.first_line_indent.typst}' in text
    assert '"rules": "grid"' in text and '"continued": "(lanjutan)"' in text


def test_an_override_in_the_config_changes_the_template():
    default = template(load_style({}), "id")
    changed = template(load_style({"page": {"margins": {"top": "3cm"}, "paper": "letter"},
                                   "body": {"line_spacing": 1.5}, "tables": {"rules": "three_line"},
                                   "page_numbers": {"front": "upper_roman"}}), "en")
    assert f'"top": {Length("3cm").typst}' in changed and f'"top": {Length("3cm").typst}' not in default
    assert f'"leading": {leading(1.5, body_metrics(load_style({})))}' in changed
    assert '"rules": "three_line"' in changed and '"front": "I"' in changed
    assert '"continued": "(continued)"' in changed and '"lang": "en"' in changed


def test_line_pitch_is_words_for_times_new_roman():
    box, single = line_metrics(str(font_dir() / "LiberationSerif-Regular.ttf"))
    assert single * 12 == pytest.approx(13.8, abs=0.01)  # Word's single line of Times New Roman 12 pt
    # typst's line box plus the leading is Word's "double" (27.6 pt) and "1.5" (20.7 pt)
    for spacing, pitch in ((2, 27.6), (1.5, 20.7), (1, 13.8)):
        em = float(leading(spacing, (box, single)).removesuffix("em"))
        assert (box + em) * 12 == pytest.approx(pitch, abs=0.01)


def test_template_compiles_for_other_paper_and_rules(tmp_path):
    style = load_style({"page": {"paper": "letter"}, "tables": {"rules": "three_line"}})
    body = ('#naskah-table(first: <t>, caption: [Tabel 1.1 Uji], columns: 2, align: (left, right),\n'
            ' head: (((0, [A], none), (1, [B], none)),), body: (((0, [x], none), (1, [1], none)),),\n'
            ' words: (("x",), ("1",)), syllables: (("x",), ("1",)), lines: (("x",), ("1",)),\n'
            ' head-words: (("A",), ("B",)), head-syllables: (("A",), ("B",)), head-lines: (("A",), ("B",))) <t>\n')
    pdf = tmp_path / "t.pdf"
    pdf.write_bytes(compiled(style, body, tmp_path))
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "612 x 792 pts (letter)" in info
    assert "Tabel 1.1 Uji" in subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                                             check=True).stdout


def test_the_fonts_ship_with_their_licence():
    faces = {p.name for p in font_dir().glob("*.ttf")}
    assert {"LiberationSerif-Regular.ttf", "LiberationSerif-Bold.ttf", "LiberationSerif-Italic.ttf",
            "LiberationSerif-BoldItalic.ttf"} <= faces
    licence = (font_dir() / "OFL.txt").read_text(encoding="utf-8")
    assert "SIL OPEN FONT LICENSE Version 1.1" in licence and "Reserved Font Name Liberation" in licence
