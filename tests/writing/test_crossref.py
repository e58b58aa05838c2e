"""Numbering per chapter (BAB II, 2.1, Tabel 2.1, Gambar 2.1) and resolving @tbl/@fig/@sec references."""

from __future__ import annotations

import pytest

from naskah.core.errors import ValidationError
from naskah.writing.chapters import RenderedChapter
from naskah.writing.crossref import number_document

TABLE = "| A |\n|:--|\n| x |\n"

CH1 = f"""# Pendahuluan {{#sec:pendahuluan}}

## Latar Belakang {{#sec:latar}}

Lihat @tbl:hasil dan @sec:hasil.

{TABLE}
: Karakteristik informan {{#tbl:satu}}
"""

CH2 = f"""# Hasil {{#sec:hasil}}

## Temuan

### Rinci

![Model tahap](img/model.png){{#fig:model width=50%}}

{TABLE}
: Cakupan tahap {{#tbl:hasil}}

{TABLE}
: Kutipan {{#tbl:dua}}

Lihat @tbl:hasil, @fig:model, @sec:latar dan \\@tbl:hasil.
"""


# a first chapter that refers to nothing outside itself
INTRO = f"""# Pendahuluan {{#sec:pendahuluan}}

{TABLE}
: Karakteristik informan {{#tbl:satu}}
"""


def chapter(path, text, source=None):
    return RenderedChapter(path, source if source is not None else text, text)


def numbered(*chapters, language="id"):
    return number_document(list(chapters), language)


@pytest.fixture
def result():
    return numbered(chapter("chapters/01-pendahuluan.md", CH1), chapter("chapters/02-hasil.md", CH2))


def lines_of(result, index):
    return result.chapters[index].split("\n")


def test_chapter_headings_read_bab_and_roman_number(result):
    assert lines_of(result, 0)[0] == "# BAB I PENDAHULUAN {#sec:pendahuluan}"
    assert lines_of(result, 1)[0] == "# BAB II HASIL {#sec:hasil}"


def test_sections_are_numbered_within_the_chapter(result):
    assert "## 1.1 Latar Belakang {#sec:latar}" in lines_of(result, 0)
    assert "## 2.1 Temuan {#sec-2-1}" in lines_of(result, 1)
    assert "### 2.1.1 Rinci {#sec-2-1-1}" in lines_of(result, 1)
    assert [h[:2] for h in result.headings] == [
        (1, "BAB I PENDAHULUAN"), (2, "1.1 Latar Belakang"), (1, "BAB II HASIL"), (2, "2.1 Temuan"),
        (3, "2.1.1 Rinci"),
    ]


def test_tables_are_numbered_per_chapter_and_captions_rewritten(result):
    assert ": Tabel 1.1 Karakteristik informan {#tbl:satu}" in lines_of(result, 0)
    assert ": Tabel 2.1 Cakupan tahap {#tbl:hasil}" in lines_of(result, 1)
    assert ": Tabel 2.2 Kutipan {#tbl:dua}" in lines_of(result, 1)
    assert [(t.label, t.text, t.caption) for t in result.of_kind("table")] == [
        ("tbl:satu", "Tabel 1.1", "Karakteristik informan"),
        ("tbl:hasil", "Tabel 2.1", "Cakupan tahap"),
        ("tbl:dua", "Tabel 2.2", "Kutipan"),
    ]


def test_figures_are_numbered_in_their_alt_text(result):
    assert "![Gambar 2.1 Model tahap](img/model.png){#fig:model width=50%}" in lines_of(result, 1)


def test_references_become_links_with_the_number(result):
    assert "Lihat [Tabel 2.1](#tbl:hasil) dan [Bab II](#sec:hasil)." in lines_of(result, 0)
    last = [line for line in lines_of(result, 1) if line.startswith("Lihat")][0]
    assert last.startswith("Lihat [Tabel 2.1](#tbl:hasil), [Gambar 2.1](#fig:model), [Subbab 1.1](#sec:latar) dan ")


def test_escaped_reference_is_left_alone(result):
    last = [line for line in lines_of(result, 1) if line.startswith("Lihat")][0]
    assert last.endswith(" dan \\@tbl:hasil.")


def test_references_in_fenced_code_are_left_alone():
    text = "# Hasil {#sec:hasil}\n\n```\n# bukan judul\n@tbl:tidakada\n```\n"
    out = numbered(chapter("chapters/02.md", text)).chapters[0].split("\n")
    assert out[3:5] == ["# bukan judul", "@tbl:tidakada"]


def test_unresolved_reference_names_the_source_line_and_known_labels():
    source = "# Hasil {#sec:hasil}\n\n{{ table('informants') }}\n\nLihat @tbl:nope.\n"
    # the rendered text is longer than the template: the table expanded
    text = f"# Hasil {{#sec:hasil}}\n\n{TABLE}\n: Informan {{#tbl:informants}}\n\nLihat @tbl:nope.\n"
    with pytest.raises(ValidationError) as info:
        numbered(chapter("chapters/01-pendahuluan.md", INTRO), chapter("chapters/02-hasil.md", text, source))
    (d,) = info.value.diagnostics
    assert (d.path, d.line) == ("chapters/02-hasil.md", 5)
    assert d.message == "unresolved reference @tbl:nope"
    assert "tbl:informants" in d.hint and "tbl:satu" in d.hint
    assert "sec:hasil" not in d.hint  # only labels of the same kind are listed


def test_every_unresolved_reference_is_reported():
    text = "# Hasil {#sec:hasil}\n\nLihat @tbl:satu.\n\nLalu @fig:dua.\n"
    with pytest.raises(ValidationError) as info:
        numbered(chapter("chapters/02-hasil.md", text))
    assert [(d.line, d.message) for d in info.value.diagnostics] == [
        (3, "unresolved reference @tbl:satu"), (5, "unresolved reference @fig:dua"),
    ]


def test_duplicate_label_across_chapters():
    other = f"# Lain {{#sec:lain}}\n\n{TABLE}\n: Lagi {{#tbl:satu}}\n"
    with pytest.raises(ValidationError) as info:
        numbered(chapter("chapters/01-pendahuluan.md", INTRO), chapter("chapters/03-lain.md", other))
    (d,) = info.value.diagnostics
    assert d.path == "chapters/03-lain.md"
    assert "label 'tbl:satu' is defined twice (also in chapters/01-pendahuluan.md)" in d.message


def test_duplicate_label_names_the_line_of_the_second_definition():
    text = f"""# Hasil {{#sec:hasil}}

Ringkasan data awal.

{TABLE}
: Pertama {{#tbl:data}}

{TABLE}
: Kedua {{#tbl:data}}
"""
    # line 9 is ": Pertama", line 15 is ": Kedua"
    assert text.split("\n")[8] == ": Pertama {#tbl:data}"
    assert text.split("\n")[14] == ": Kedua {#tbl:data}"
    with pytest.raises(ValidationError) as info:
        numbered(chapter("chapters/02-hasil.md", text))
    (d,) = info.value.diagnostics
    assert "defined twice" in d.message
    assert d.line == 15


def test_chapter_without_level_one_heading():
    text = "## Hanya subbab\n\nIsi.\n"
    with pytest.raises(ValidationError) as info:
        numbered(chapter("chapters/01-pendahuluan.md", INTRO), chapter("chapters/02-hasil.md", text))
    (d,) = info.value.diagnostics
    assert str(d).startswith("chapters/02-hasil.md:1: the chapter has no level-1 heading")


def test_second_level_one_heading_is_an_error():
    text = "# Hasil {#sec:hasil}\n\nIsi.\n\n# Lagi\n"
    with pytest.raises(ValidationError) as info:
        numbered(chapter("chapters/02-hasil.md", text))
    (d,) = info.value.diagnostics
    assert d.line == 5 and "second" in d.message


def test_english_labels():
    result = numbered(chapter("chapters/01-introduction.md", CH1), chapter("chapters/02-results.md", CH2),
                      language="en")
    first = lines_of(result, 0)
    assert first[0] == "# CHAPTER I PENDAHULUAN {#sec:pendahuluan}"
    assert ": Table 1.1 Karakteristik informan {#tbl:satu}" in first
    assert "Lihat [Table 2.1](#tbl:hasil) dan [Chapter II](#sec:hasil)." in first
    second = lines_of(result, 1)
    assert "![Figure 2.1 Model tahap](img/model.png){#fig:model width=50%}" in second
    assert any("[Section 1.1](#sec:latar)" in line for line in second)
