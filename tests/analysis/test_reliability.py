"""Inter-coder reliability of a project: ``codes:<coder>`` columns, the facts, the table, the disagreements.

The mini project with a second coder (``codes:coder2``) in A01 and A02, worked by hand:

    turn     codes            codes:coder2    stage awal (codes / coder2)   stage akhir
    A01:2    awal;awal_sapa   awal_sapa       yes / yes                     no / no
    A01:4    awal             akhir           yes / no                      no / yes
    A01:6    akhir_pisah      akhir_pisah     no / no                       yes / yes
    A02:2    awal_sapa        ?  (missing)    -  not a unit: one coder only
    A02:4    (none)           -  (no code)    no / no                       no / no

Four units per stage. For each stage: 3 of 4 agree (75%); values yes 3, no 5, one disagreeing unit, so
α = 1 − (8 − 1)·2 / (8² − 3² − 5²) = 1 − 14/30 = 0.5333; κ = (0.75 − 0.5)/(1 − 0.5) = 0.5 (the marginals
are 2/2 and 1/3, or 1/3 and 2/2); AC1: π_yes = (1 + ½ + 0 + 0)/4 = 0.375, p_e = 2 · 0.375 · 0.625 = 0.46875,
AC1 = (0.75 − 0.46875)/(1 − 0.46875) = 0.5294. Overall (8 turn × stage units): 6 of 8 agree; yes 6, no 10,
two disagreeing units: α = 1 − 15·4/(16² − 6² − 10²) = 0.5; κ: both coders said yes 3 times of 8, so
p_e = (3·3 + 5·5)/64 = 0.53125 and κ = (0.75 − 0.53125)/(1 − 0.53125) = 0.4667.
"""

from __future__ import annotations

import csv
import io
import json

import pytest
from conftest import analyse, inputs, read, replace_line, write

from naskah.analysis.tables import result_tables
from naskah.core.errors import ValidationError
from naskah.data.config import load_config
from naskah.writing.assemble import build_markdown, load_inputs

A01 = "data/transcripts/A01.csv"
A02 = "data/transcripts/A02.csv"
HASIL = "chapters/02-hasil.md"

A01_CODED = """turn,speaker,text,codes,codes:coder2
1,P,Bagaimana awalnya?,,
2,A01,"Awalnya saya menyapa dulu, pelan-pelan.",awal;awal_sapa,awal_sapa
3,P,Lalu?,,
4,A01,Pilihannya cuma dua | mau atau tidak *serius*.,awal,akhir
5,P,Bagaimana akhirnya?,,
6,A01,Akhirnya kami berpisah baik-baik.,akhir_pisah,akhir_pisah
"""

A02_CODED = """turn,speaker,text,codes,codes:coder2
1,P,Ceritakan awalnya.,,
2,A02,Di profil cuma ada tanda @ tanpa nama.,awal_sapa,?
3,P,Terima kasih.,,
4,A02,Sama-sama.,,-
"""


def second_coder(project):
    write(project, A01, A01_CODED)
    write(project, A02, A02_CODED)
    return project


def csv_rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


# --- the data ----------------------------------------------------------------------------------------


def test_coder_columns_are_read_with_missing_values_and_no_code(mini):
    corpus = inputs(second_coder(mini))[2]
    assert corpus.coders == ["codes:coder2"]
    assert dict(corpus.turn("A01", 4).coders) == {"codes:coder2": ("akhir",)}
    assert dict(corpus.turn("A02", 2).coders) == {"codes:coder2": None}  # "?"
    assert dict(corpus.turn("A02", 4).coders) == {"codes:coder2": ()}  # "-"
    assert corpus.turn("A01", 4).codes == ("awal",)  # `codes` stays what the analysis uses


def test_turns_outside_a_coders_range_are_missing(mini):
    # coder2 coded A01 up to turn 4 only: turn 6 is outside the range, not "no code"
    write(mini, A01, A01_CODED.replace(",akhir_pisah,akhir_pisah", ",akhir_pisah,"))
    corpus = inputs(mini)[2]
    assert dict(corpus.turn("A01", 4).coders) == {"codes:coder2": ("akhir",)}
    assert dict(corpus.turn("A01", 6).coders) == {"codes:coder2": None}


def test_an_empty_cell_inside_the_range_is_no_code(mini):
    write(mini, A01, A01_CODED.replace(",awal,akhir", ",awal,"))
    assert dict(inputs(mini)[2].turn("A01", 4).coders) == {"codes:coder2": ()}


def test_coder_column_problems_are_reported_at_file_line(mini):
    text = A01_CODED.replace("codes:coder2", "codes:coder2,codes:two words")
    text = "\n".join(line + "," if i else line for i, line in enumerate(text.strip().split("\n"))) + "\n"
    text = text.replace("akhir_pisah,akhir_pisah", "akhir_pisah,akhir_pish").replace("awalnya?,,", "awalnya?,,awal")
    write(mini, A01, text)
    with pytest.raises(ValidationError) as info:
        inputs(mini)
    found = sorted(str(d) for d in info.value.diagnostics)
    assert len(found) == 3, found
    assert found[0].startswith(f"{A01}:1: column 'codes:two words': 'two words' is not a valid coder name")
    assert found[1].startswith(f"{A01}:2: turn 1 is the interviewer's but carries codes (awal) (column codes:coder2)")
    assert found[2].startswith(f"{A01}:7: unknown code 'akhir_pish' in turn 6 (column codes:coder2)")
    assert "did you mean 'akhir_pisah'?" in found[2]


# --- the facts ---------------------------------------------------------------------------------------


def test_without_a_second_coder_there_is_no_agreement(mini):
    tables, facts = analyse(mini)
    assert "agreement" not in facts
    assert "reliabilitas" not in tables
    assert not any(key.startswith("agreement") for key in facts["sources"])


def test_agreement_per_stage_overall_and_code(mini):
    tables, facts = analyse(second_coder(mini))
    agreement = facts["agreement"]
    assert agreement["coders"] == ["codes", "codes:coder2"] and agreement["consensus_compared"]
    assert agreement["turns"] == 4 and agreement["transcripts"] == 2
    assert agreement["turn_refs"] == ["A01:2", "A01:4", "A01:6", "A02:4"]
    for stage_id in ("awal", "akhir"):
        stage = agreement["stages"][stage_id]
        assert stage["units"] == 4
        assert stage["percent"] == pytest.approx(0.75)
        assert stage["alpha"] == pytest.approx(1 - 14 / 30)
        assert stage["kappa"] == pytest.approx(0.5)
        assert stage["ac1"] == pytest.approx(0.28125 / 0.53125)
        assert stage["disagreements"] == ["A01:4"]
        assert stage["band"] == "unreliable" and stage["band_label"] == "belum andal"
    overall = agreement["overall"]
    assert overall["units"] == 8
    assert overall["percent"] == pytest.approx(0.75)
    assert overall["alpha"] == pytest.approx(0.5)
    assert overall["kappa"] == pytest.approx(0.21875 / 0.46875)
    sapa = agreement["codes"]["awal_sapa"]
    assert sapa["percent"] == 1.0 and sapa["alpha"] == 1.0 and sapa["disagreements"] == []
    assert agreement["disagreeing_turns"] == 1 and agreement["disagreement_refs"] == ["A01:4"]


def test_agreement_numbers_have_their_cell_and_turns(mini):
    _, facts = analyse(second_coder(mini))
    source = facts["sources"]["agreement.overall.alpha"]
    assert source["cell"] == {"table": "reliabilitas", "row": "Keseluruhan (tuturan × tahap)",
                              "column": "α Krippendorff"}
    assert source["refs"] == ["A01:2", "A01:4", "A01:6", "A02:4"]
    assert facts["sources"]["agreement.stages.awal.kappa"]["cell"]["row"] == "Awal"
    assert facts["sources"]["agreement.disagreeing_turns"]["refs"] == ["A01:4"]


def test_two_extra_coders_are_compared_with_each_other(mini):
    write(mini, A01, "turn,speaker,text,codes,codes:ani,codes:budi\n"
                     "1,P,Bagaimana awalnya?,,,\n"
                     "2,A01,Awalnya menyapa.,awal,awal,awal\n"
                     "3,P,Lalu?,,,\n"
                     "4,A01,Lalu berpisah.,akhir,awal,akhir\n")
    agreement = analyse(mini)[1]["agreement"]
    assert agreement["coders"] == ["codes:ani", "codes:budi"] and not agreement["consensus_compared"]
    assert agreement["turn_refs"] == ["A01:2", "A01:4"]
    assert agreement["stages"]["awal"]["percent"] == 0.5


def test_three_coders_have_no_kappa(mini):
    write(mini, A01, "turn,speaker,text,codes,codes:ani,codes:budi,codes:cici\n"
                     "1,P,Bagaimana awalnya?,,,,\n"
                     "2,A01,Awalnya menyapa.,awal,awal,awal,awal\n"
                     "3,P,Lalu?,,,,\n"
                     "4,A01,Lalu berpisah.,akhir,akhir,akhir,awal\n")
    overall = analyse(mini)[1]["agreement"]["overall"]
    assert overall["kappa"] is None and overall["alpha"] is not None


# --- the table, the disagreements, the chapter ----------------------------------------------------------


def test_reliability_table(mini):
    tables, _ = analyse(second_coder(mini))
    table = tables["reliabilitas"]
    assert table.caption == "Reliabilitas antarkoder per tahap"
    assert list(table.frame.columns) == ["Tahap", "Unit", "Kesepakatan", "κ Cohen", "α Krippendorff", "AC1 Gwet"]
    assert table.frame.rows == [
        ["Awal", "4", "75,0%", "0,500", "0,533", "0,529"],
        ["Akhir", "4", "75,0%", "0,500", "0,533", "0,529"],
        ["Keseluruhan (tuturan × tahap)", "8", "75,0%", "0,467", "0,500", "0,529"],
    ]
    assert table.numeric == ["Unit", "Kesepakatan", "κ Cohen", "α Krippendorff", "AC1 Gwet"]
    assert table.sources == ["data/codebook.yaml", A01, A02]


def test_analyse_writes_the_table_and_the_disagreements(mini, run_cli):
    second_coder(mini)
    code, err = run_cli(mini, "analyse")
    assert code == 0, err
    meta = json.loads(read(mini, "results/tables/tables.json"))
    assert "reliabilitas" in [t["id"] for t in meta["tables"]]
    assert csv_rows(read(mini, "results/agreement/disagreements.csv")) == [
        ["informant", "turn", "source", "codes", "codes:coder2", "differs", "text"],
        ["A01", "4", f"{A01}:5", "awal", "akhir", "awal;akhir", "Pilihannya cuma dua | mau atau tidak *serius*."],
    ]


def test_analyse_without_a_second_coder(mini, run_cli):
    code, err = run_cli(mini, "analyse")
    assert code == 0, err
    meta = json.loads(read(mini, "results/tables/tables.json"))
    assert "reliabilitas" not in [t["id"] for t in meta["tables"]]
    assert read(mini, "results/tables/reliabilitas.csv") == \
        "Tahap,Unit,Kesepakatan,κ Cohen,α Krippendorff,AC1 Gwet\n"
    assert read(mini, "results/agreement/disagreements.csv") == "informant,turn,source,differs,text\n"


def thesis(project) -> str:
    config = load_config(project / "config/config.yaml")
    codebook, corpus = load_inputs(config)
    tables, facts = result_tables(config, corpus, codebook)
    markdown, _, _ = build_markdown(config, codebook, corpus, facts, {t.id: t for t in tables})
    return markdown


def test_a_chapter_binds_the_coefficients(mini):
    second_coder(mini)
    replace_line(mini, HASIL, 10, "Nilai α {{ agreement.overall.alpha | dec }} ({{ agreement.overall.band_label }}), "
                                  "κ {{ agreement.stages.awal.kappa | dec(2) }}.\n\n{{ table(\"reliabilitas\") }}")
    markdown = thesis(mini)
    assert "Nilai α [0,500]{#n" in markdown
    assert "(belum andal), κ [0,50]{#n" in markdown
    assert "{#tbl:reliabilitas}" in markdown


def test_a_chapter_without_a_second_coder_is_told_why(mini):
    replace_line(mini, HASIL, 10, '{{ table("reliabilitas") }}')
    replace_line(mini, HASIL, 12, "{{ agreement.overall.alpha | dec }}")
    with pytest.raises(ValidationError) as info:
        thesis(mini)
    found = sorted(info.value.diagnostics, key=lambda d: d.line)
    assert [(d.path, d.line) for d in found] == [(HASIL, 10)]  # a chapter stops at its first template error
    assert found[0].message == ("there is no table 'reliabilitas': no transcript has a second coder's codings "
                                "(a codes:<coder> column)")
    replace_line(mini, HASIL, 10, "")
    with pytest.raises(ValidationError) as info:
        thesis(mini)
    (d,) = info.value.diagnostics
    assert (d.path, d.line) == (HASIL, 12)
    assert d.message.startswith("'agreement' is not available: no transcript has a second coder's codings")


def test_a_chapter_can_test_for_a_second_coder(mini):
    replace_line(mini, HASIL, 10, "{% if agreement %}ADA{% else %}TIDAK ADA{% endif %} KODER KEDUA")
    assert "TIDAK ADA KODER KEDUA" in thesis(mini)
    second_coder(mini)
    assert "\nADA KODER KEDUA" in thesis(mini)
