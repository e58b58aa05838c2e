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
    assert lines_of(result, 0)[0] == '# BAB I PENDAHULUAN {#sec:pendahuluan .chapter label="BAB I"}'
    assert lines_of(result, 1)[0] == '# BAB II HASIL {#sec:hasil .chapter label="BAB II"}'


def test_sections_are_numbered_within_the_chapter(result):
    assert "## 1.1 Latar Belakang {#sec:latar}" in lines_of(result, 0)
    assert "## 2.1 Temuan {#sec-2-1}" in lines_of(result, 1)
    assert "### 2.1.1 Rinci {#sec-2-1-1}" in lines_of(result, 1)
    assert [h[:2] for h in result.headings] == [
        (1, "BAB I PENDAHULUAN"), (2, "1.1 Latar Belakang"), (1, "BAB II HASIL"), (2, "2.1 Temuan"),
        (3, "2.1.1 Rinci"),
    ]


def test_tables_are_numbered_per_chapter_and_captions_rewritten(result):
    assert ": [Tabel 1.1]{.caption-label} Karakteristik informan {#tbl:satu}" in lines_of(result, 0)
    assert ": [Tabel 2.1]{.caption-label} Cakupan tahap {#tbl:hasil}" in lines_of(result, 1)
    assert ": [Tabel 2.2]{.caption-label} Kutipan {#tbl:dua}" in lines_of(result, 1)
    assert [(t.label, t.text, t.caption) for t in result.of_kind("table")] == [
        ("tbl:satu", "Tabel 1.1", "Karakteristik informan"),
        ("tbl:hasil", "Tabel 2.1", "Cakupan tahap"),
        ("tbl:dua", "Tabel 2.2", "Kutipan"),
    ]


def test_figures_are_numbered_in_their_alt_text(result):
    assert "![[Gambar 2.1]{.caption-label} Model tahap](img/model.png){#fig:model width=50%}" in lines_of(result, 1)


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
    assert first[0] == '# CHAPTER I PENDAHULUAN {#sec:pendahuluan .chapter label="CHAPTER I"}'
    assert ": [Table 1.1]{.caption-label} Karakteristik informan {#tbl:satu}" in first
    assert "Lihat [Table 2.1](#tbl:hasil) dan [Chapter II](#sec:hasil)." in first
    second = lines_of(result, 1)
    assert "![[Figure 2.1]{.caption-label} Model tahap](img/model.png){#fig:model width=50%}" in second
    assert any("[Section 1.1](#sec:latar)" in line for line in second)


def styled(overrides, *chapters, sources=None, language="id"):
    from naskah.style.model import load_style

    return number_document(list(chapters), language, load_style(overrides), sources)


def test_heading_numbers_follow_the_style_patterns():
    result = styled({"headings": [{"level": 1, "numbering": "BAB {1}", "case": "title"},
                                  {"level": 2, "numbering": "{2:A}."}, {"level": 3, "numbering": "{3:a})"}]},
                    chapter("chapters/01-pendahuluan.md", CH1), chapter("chapters/02-hasil.md", CH2))
    assert [text for _, text, _ in result.headings] == [
        "BAB 1 Pendahuluan", "A. Latar Belakang", "BAB 2 Hasil", "A. Temuan", "a) Rinci"]
    assert 'label="BAB 2"' in lines_of(result, 1)[0]
    assert "Lihat [Tabel 2.1](#tbl:hasil) dan [Bab 2](#sec:hasil)." in lines_of(result, 0)


def test_roman_chapter_numbers_in_lower_case_and_unnumbered_sections():
    result = styled({"headings": [{"level": 1, "numbering": "{1:i}"}, {"level": 2, "numbering": ""}]},
                    chapter("chapters/01-pendahuluan.md", CH1), chapter("chapters/02-hasil.md", CH2))
    assert lines_of(result, 1)[0] == '# ii HASIL {#sec:hasil .chapter label="ii"}'
    assert "## Latar Belakang {#sec:latar}" in lines_of(result, 0)
    # a section without a number is referred to by its title
    assert any("[Latar Belakang](#sec:latar)" in line for line in lines_of(result, 1))


def test_caption_separator_comes_from_the_style():
    result = styled({"captions": {"separator": ". "}}, chapter("chapters/01-pendahuluan.md", INTRO))
    assert ": [Tabel 1.1]{.caption-label}. Karakteristik informan {#tbl:satu}" in lines_of(result, 0)


SOURCE_DIV = ["::: {.caption-source}", "Sumber: Data primer, diolah (2026)", ":::"]


def test_a_source_line_follows_its_table_and_figure():
    sources = {"tbl:hasil": "Data primer, diolah (2026)", "fig:model": "Data primer, diolah (2026)"}
    result = styled({}, chapter("chapters/01-pendahuluan.md", CH1), chapter("chapters/02-hasil.md", CH2),
                    sources=sources)
    lines = lines_of(result, 1)
    caption = lines.index(": [Tabel 2.1]{.caption-label} Cakupan tahap {#tbl:hasil}")
    assert [x for x in lines[caption + 1:caption + 5] if x] == SOURCE_DIV
    figure = [i for i, x in enumerate(lines) if x.startswith("![[Gambar 2.1]")][0]
    assert [x for x in lines[figure + 1:figure + 5] if x] == SOURCE_DIV
    # a table without a source gets none
    assert lines.count("::: {.caption-source}") == 2
    assert "::: {.caption-source}" not in lines_of(result, 0)


def test_a_caption_above_its_table_gets_the_source_below_the_table():
    text = f"# Hasil {{#sec:hasil}}\n\n: Di atas {{#tbl:atas}}\n\n{TABLE}\nTeks berikutnya.\n"
    result = styled({}, chapter("chapters/01-hasil.md", text), sources={"tbl:atas": "Data primer, diolah (2026)"})
    lines = lines_of(result, 0)
    assert lines.index("| x |") < lines.index("::: {.caption-source}") < lines.index("Teks berikutnya.")


def test_source_lines_can_be_switched_off_by_the_style():
    result = styled({"captions": {"source": False}}, chapter("chapters/01-hasil.md", INTRO),
                    sources={"tbl:satu": "Data primer"})
    assert "::: {.caption-source}" not in lines_of(result, 0)


def test_front_matter_texts_are_not_numbered_chapters():
    abstract = RenderedChapter("chapters/00-abstrak.md", "# Abstrak\n\nIsi. Lihat @sec:hasil.\n",
                               "# Abstrak\n\nIsi. Lihat @sec:hasil.\n", part="abstract")
    result = numbered(abstract, chapter("chapters/02-hasil.md", CH2.replace("@sec:latar", "@sec:hasil")))
    assert lines_of(result, 0)[0] == "# ABSTRAK {#abstrak .unnumbered .front}"
    assert "Isi. Lihat [Bab I](#sec:hasil)." in lines_of(result, 0)
    assert lines_of(result, 1)[0].startswith("# BAB I HASIL")
    assert result.parts == {"abstract": ("ABSTRAK", "abstrak")}
    assert [h[1] for h in result.headings][0] == "BAB I HASIL"


def test_caption_words_can_come_from_the_style():
    result = styled({"captions": {"table_label": "Tab.", "source_label": "Sumber data"}},
                    chapter("chapters/01-hasil.md", INTRO), sources={"tbl:satu": "Data primer"})
    lines = lines_of(result, 0)
    assert ": [Tab. 1.1]{.caption-label} Karakteristik informan {#tbl:satu}" in lines
    assert "Sumber data: Data primer" in lines
