"""Chapter templates: facts, tables and quotes filled in; template mistakes reported at ``chapter:line``.

chapters/02-hasil.md of the mini project, line by line:

     1 # Hasil {#sec:hasil}
     3 ## Temuan
     5 Tahap awal muncul pada {{ stage.awal.informants }} dari {{ informants.total }} informan
     6 ({{ (stage.awal.informants / informants.total) | pct }}), seperti terlihat pada @tbl:stage-coverage
     7 dan dibahas oleh @walther1996.
     9 {{ table("stage-coverage") }}
    11 {{ exemplar_quotes("awal", 2) }}
    13 {{ quote("A01", 4) }}
    15 ## Kesimpulan
    17 {{ per_stage("kesimpulan") }}

(lines 2, 4, 8, 10, 12, 14 and 16 are empty)
"""

from __future__ import annotations

import pytest
from conftest import as_read, replace_line, write

from naskah.analysis.tables import result_tables
from naskah.core.errors import ValidationError
from naskah.data.config import load_config
from naskah.writing.assemble import build_markdown, load_inputs
from naskah.writing.chapters import ChapterContext, render_chapters

HASIL = "chapters/02-hasil.md"
PENDAHULUAN = "chapters/01-pendahuluan.md"
KESIMPULAN = "chapters/kesimpulan.yaml"


def prepared(project):
    config = load_config(project / "config/config.yaml")
    codebook, corpus = load_inputs(config)
    tables, facts = result_tables(config, corpus, codebook)
    return config, codebook, corpus, facts, {t.id: t for t in tables}


def rendered(project) -> dict[str, str]:
    """Each chapter's Markdown after Jinja (before numbering), by path."""
    config, codebook, corpus, facts, tables = prepared(project)
    context = ChapterContext(config, codebook, corpus, facts, tables)
    return {c.path: as_read(c.text) for c in render_chapters(config, context)}


def thesis(project) -> str:
    markdown, _, _ = build_markdown(*prepared(project))
    return as_read(markdown)


def problems(project) -> list:
    with pytest.raises(ValidationError) as info:
        thesis(project)
    return info.value.diagnostics


def only_problem(project):
    found = problems(project)
    assert len(found) == 1, [str(d) for d in found]
    return found[0]


def test_facts_are_filled_in(mini):
    text = rendered(mini)[HASIL]
    assert "Tahap awal muncul pada 2 dari 3 informan\n(66,7%), seperti" in text
    assert "Penelitian ini melibatkan\n3 informan" in rendered(mini)[PENDAHULUAN]


def test_quote_is_verbatim_and_escaped(mini):
    lines = rendered(mini)[HASIL].split("\n")
    assert "> Pilihannya cuma dua \\| mau atau tidak \\*serius\\*. (A01, giliran 4)" in lines


def test_quote_of_a_range_skips_the_interviewer(mini):
    replace_line(mini, HASIL, 13, '{{ quote("A01", 2, 4) }}')
    lines = rendered(mini)[HASIL].split("\n")
    assert ("> Awalnya saya menyapa dulu, pelan\\-pelan. … Pilihannya cuma dua \\| mau atau tidak \\*serius\\*. "
            "(A01, giliran 2–4)") in lines


def test_exemplar_quotes_in_a_chapter(mini):
    lines = rendered(mini)[HASIL].split("\n")
    assert "> Di profil cuma ada tanda \\@ tanpa nama. (A02, giliran 2)" in lines


def test_generated_table_is_inserted(mini):
    lines = rendered(mini)[HASIL].split("\n")
    assert "| Informan | Kelompok | Awal | Akhir |" in lines
    assert "| A02 | Kelompok A | 1 |   |" in lines
    assert ": Matriks cakupan tahap per informan (jumlah tuturan berkode) {#tbl:stage-coverage}" in lines


def test_undefined_variable_names_the_chapter_line(mini):
    replace_line(mini, HASIL, 10, "{{ stage.nope.informants }}")
    d = only_problem(mini)
    assert str(d).startswith(f"{HASIL}:10: undefined template variable")
    assert "nope" in d.message


def test_template_syntax_error_names_its_line(mini):
    replace_line(mini, HASIL, 12, "{% if %}")
    d = only_problem(mini)
    assert str(d).startswith(f"{HASIL}:12: template syntax error")


def test_quote_of_a_missing_turn(mini):
    replace_line(mini, HASIL, 13, '{{ quote("A01", 99) }}')
    d = only_problem(mini)
    assert (d.path, d.line) == (HASIL, 13)
    assert "A01 has no turn 99" in d.message
    assert "data/transcripts/A01.csv" in d.hint


def test_quote_of_an_interviewer_turn(mini):
    replace_line(mini, HASIL, 13, '{{ quote("A01", 1) }}')
    d = only_problem(mini)
    assert (d.path, d.line) == (HASIL, 13)
    assert "A01 turn 1 is the interviewer's" in d.message


def test_quote_of_an_unknown_informant(mini):
    replace_line(mini, HASIL, 13, '{{ quote("Z99", 2) }}')
    d = only_problem(mini)
    assert (d.path, d.line) == (HASIL, 13)
    assert "'Z99'" in d.message


def test_unknown_table_lists_the_known_ones(mini):
    replace_line(mini, HASIL, 9, '{{ table("nope") }}')
    d = only_problem(mini)
    assert (d.path, d.line) == (HASIL, 9)
    assert d.message == "unknown table 'nope'"
    assert d.hint == "use one of: exemplar-quotes, informants, stage-by-group, stage-coverage, subcode-frequencies"


def test_per_stage_follows_the_codebook_order_and_labels(mini):
    write(mini, KESIMPULAN, "akhir: |\n  Teks akhir.\nawal: |\n  Teks awal {{ stage.awal.turns }}.\n")
    text = rendered(mini)[HASIL]
    assert "### Awal\n\nTeks awal 3.\n" in text
    assert "### Akhir\n\nTeks akhir.\n" in text
    assert text.index("### Awal") < text.index("### Akhir")


def test_per_stage_sections_are_numbered(mini):
    lines = thesis(mini).split("\n")
    assert "### 2.2.1 Awal {#sec-2-2-1}" in lines
    assert "### 2.2.2 Akhir {#sec-2-2-2}" in lines
    assert "Tahap akhir ditemukan pada 2 informan." in lines


def test_per_stage_with_a_missing_stage(mini):
    write(mini, KESIMPULAN, "awal: |\n  Teks awal.\n")
    d = only_problem(mini)
    assert d.path == KESIMPULAN
    assert "no text for stage 'akhir'" in d.message


def test_per_stage_with_an_unknown_stage(mini):
    text = (mini / KESIMPULAN).read_text(encoding="utf-8")
    write(mini, KESIMPULAN, text + "tengah: |\n  Teks tengah.\n")
    d = only_problem(mini)
    assert (d.path, d.line) == (KESIMPULAN, 5)
    assert "'tengah' is not a stage of the codebook" in d.message


def test_per_stage_reports_every_problem_of_the_file(mini):
    # a misspelt key is both an unknown key (line 3) and a missing stage
    write(mini, KESIMPULAN, "awal: |\n  Teks awal.\nakhr: |\n  Teks akhir.\n")
    found = [(d.path, d.line, d.message) for d in problems(mini)]
    assert (KESIMPULAN, 3, "'akhr' is not a stage of the codebook") in found
    assert any(path == KESIMPULAN and "no text for stage 'akhir'" in message for path, _, message in found)


def test_pct_filter_uses_the_decimal_comma(mini):
    replace_line(mini, HASIL, 10, "Nilai {{ 0.6667 | pct }} dan {{ 0.5 | pct(0) }}.")
    assert "Nilai 66,7% dan 50%." in rendered(mini)[HASIL].split("\n")


def test_pct_filter_in_english(mini):
    config = (mini / "config/config.yaml").read_text(encoding="utf-8")
    write(mini, "config/config.yaml", config.replace("language: id", "language: en"))
    replace_line(mini, HASIL, 10, "Nilai {{ 0.6667 | pct }}.")
    assert "Nilai 66.7%." in rendered(mini)[HASIL].split("\n")


def test_problems_in_two_chapters_are_reported_together(mini):
    replace_line(mini, PENDAHULUAN, 7, "{{ informants.nope }}")
    replace_line(mini, HASIL, 10, "{{ stage.nope.informants }}")
    found = [(d.path, d.line) for d in problems(mini)]
    assert found == [(PENDAHULUAN, 7), (HASIL, 10)]
