"""The Bab IV numbers of the mini project, computed by hand from its transcripts.

Coded informant turns of the mini project (codebook: awal > awal_sapa, akhir > akhir_pisah):

    A01 (Kelompok A)  turn 2  awal;awal_sapa   turn 4  awal   turn 6  akhir_pisah
    A02 (Kelompok A)  turn 2  awal_sapa        turn 4  (no code)
    B01 (Kelompok B)  turn 2  akhir
"""

from __future__ import annotations

import pytest
from conftest import analyse, inputs, insert_line, read, replace_line, write

from naskah.analysis.exemplars import exemplar_quotes, stage_turns
from naskah.core.errors import NaskahError


def rows(table) -> list[list[str]]:
    return [list(map(str, r)) for r in table.frame.itertuples(index=False)]


def stage(facts, stage_id):
    return next(s for s in facts["stages"] if s["id"] == stage_id)


def test_stage_awal(mini):
    _, facts = analyse(mini)
    awal = stage(facts, "awal")
    assert awal["turns"] == 3
    assert awal["informants"] == 2
    assert awal["informant_ids"] == ["A01", "A02"]
    assert awal["turn_refs"] == ["A01:2", "A01:4", "A02:2"]
    assert awal["label"] == "Awal" and awal["number"] == 1


def test_stage_akhir(mini):
    _, facts = analyse(mini)
    akhir = stage(facts, "akhir")
    assert akhir["turns"] == 2
    assert akhir["informants"] == 2
    assert akhir["informant_ids"] == ["A01", "B01"]
    assert akhir["turn_refs"] == ["A01:6", "B01:2"]
    assert akhir["number"] == 2


def test_stages_follow_the_codebook_order(mini):
    _, facts = analyse(mini)
    assert [s["id"] for s in facts["stages"]] == ["awal", "akhir"]


def test_numbers_per_group(mini):
    _, facts = analyse(mini)
    assert stage(facts, "awal")["groups"] == {
        "Kelompok A": {"turns": 3, "informants": 2},
        "Kelompok B": {"turns": 0, "informants": 0},
    }
    assert stage(facts, "akhir")["groups"] == {
        "Kelompok A": {"turns": 1, "informants": 1},
        "Kelompok B": {"turns": 1, "informants": 1},
    }


def test_informant_and_corpus_totals(mini):
    _, facts = analyse(mini)
    assert facts["informants"]["total"] == 3
    assert facts["informants"]["by_group"] == {"Kelompok A": 2, "Kelompok B": 1}
    assert facts["informants"]["by_category"] == {"kunci": 1, "utama": 2}
    assert [g["informants"] for g in facts["informants"]["groups"]] == [["A01", "A02"], ["B01"]]
    # informant turns: A01 2,4,6; A02 2,4; B01 2 — of which all but A02:4 are coded
    assert facts["corpus"] == {"transcripts": 3, "turns": 6, "coded_turns": 5}


def test_subcode_facts(mini):
    _, facts = analyse(mini)
    sapa = stage(facts, "awal")["subcodes"]
    assert [(s["id"], s["label"], s["turns"], s["informants"], s["turn_refs"]) for s in sapa] == [
        ("awal_sapa", "Sapaan", 2, 2, ["A01:2", "A02:2"])
    ]
    pisah = stage(facts, "akhir")["subcodes"]
    assert [(s["id"], s["turns"], s["informants"], s["turn_refs"]) for s in pisah] == [
        ("akhir_pisah", 1, 1, ["A01:6"])
    ]


def test_turn_refs_point_at_the_counted_transcript_rows(mini):
    _, facts = analyse(mini)
    config, codebook, corpus = inputs(mini)
    for s in facts["stages"]:
        assert len(s["turn_refs"]) == s["turns"]
        for ref in s["turn_refs"]:
            informant, number = ref.split(":")
            turn = corpus.turn(informant, int(number))
            assert turn is not None and turn.speaker == informant
            assert any(code in (s["id"], *[c["id"] for c in s["subcodes"]]) for code in turn.codes)


def test_turn_refs_sort_turns_as_numbers(mini):
    # turn 10 must come after turn 9, not after turn 1
    text = read(mini, "data/transcripts/B01.csv")
    write(mini, "data/transcripts/B01.csv", text + "9,B01,Lalu selesai.,akhir\n10,B01,Begitulah.,akhir\n")
    _, facts = analyse(mini)
    assert stage(facts, "akhir")["turn_refs"] == ["A01:6", "B01:2", "B01:9", "B01:10"]


def test_stage_by_group_table(mini):
    tables, _ = analyse(mini)
    table = tables["stage-by-group"]
    assert list(table.frame.columns) == ["Tahap", "Kelompok A (n = 2)", "Kelompok B (n = 1)", "Total (n = 3)"]
    assert rows(table) == [
        ["Awal", "2 (3)", "0 (0)", "2 (3)"],
        ["Akhir", "1 (1)", "1 (1)", "2 (2)"],
    ]


def test_stage_coverage_leaves_absent_stages_empty(mini):
    tables, _ = analyse(mini)
    table = tables["stage-coverage"]
    assert list(table.frame.columns) == ["Informan", "Kelompok", "Awal", "Akhir"]
    assert rows(table) == [
        ["A01", "Kelompok A", "2", "1"],
        ["A02", "Kelompok A", "1", ""],
        ["B01", "Kelompok B", "", "1"],
    ]
    assert table.numeric == ["Awal", "Akhir"]


def test_subcode_frequency_table(mini):
    tables, _ = analyse(mini)
    table = tables["subcode-frequencies"]
    assert list(table.frame.columns) == ["Tahap", "Subkode", "Tuturan", "Informan", "% tuturan tahap"]
    assert rows(table) == [
        ["Awal", "Sapaan", "2", "2", "66,7%"],
        ["Akhir", "Berpisah", "1", "1", "50,0%"],
    ]


def test_exemplar_quote_table_is_verbatim(mini):
    tables, _ = analyse(mini)
    table = tables["exemplar-quotes"]
    assert list(table.frame.columns) == ["Tahap", "Kutipan", "Sumber"]
    # one quote per stage (config: exemplar_quotes_per_stage: 1); A01 has the most "awal" turns,
    # and its longest one is turn 4
    assert rows(table) == [
        ["Awal", "Pilihannya cuma dua | mau atau tidak *serius*.", "A01, giliran 4"],
        ["Akhir", "Akhirnya kami berpisah baik-baik.", "A01, giliran 6"],
    ]


def picks(project, stage_id, n):
    config, codebook, corpus = inputs(project)
    return [t.ref for t in exemplar_quotes(corpus, stage_turns(corpus, codebook)[stage_id], n)]


def test_exemplar_quotes_spread_over_informants_and_groups(mini):
    assert picks(mini, "awal", 2) == ["A01:4", "A02:2"]
    assert picks(mini, "akhir", 2) == ["A01:6", "B01:2"]
    # only two informants have "awal" turns, and each gives one quote
    assert picks(mini, "awal", 5) == ["A01:4", "A02:2"]


def test_exemplar_quotes_are_deterministic(mini):
    first = picks(mini, "awal", 2)
    assert picks(mini, "awal", 2) == first
    # the order of rows within a group does not matter
    lines = read(mini, "data/informants.csv").split("\n")
    lines[1], lines[2] = lines[2], lines[1]
    write(mini, "data/informants.csv", "\n".join(lines))
    assert picks(mini, "awal", 2) == first


def test_exemplar_quotes_skip_overlong_turns(mini):
    long_text = " ".join(["kata"] * 70)
    insert_line(mini, "data/transcripts/A01.csv", 8, f"7,A01,{long_text},awal")
    assert picks(mini, "awal", 1) == ["A01:4"]


def test_informant_table_shows_only_the_configured_columns(mini):
    tables, _ = analyse(mini)
    table = tables["informants"]
    # config: informant_columns: [informant, group, {column: usia, label: Usia}]
    assert list(table.frame.columns) == ["Informan", "Kelompok", "Usia"]
    assert rows(table) == [
        ["A01", "Kelompok A", "20–25"],
        ["A02", "Kelompok A", "26–30"],
        ["B01", "Kelompok B", "31–35"],
    ]
    assert "utama" not in table.frame.to_csv()


def test_default_informant_table_localises_the_category_header(mini):
    text = read(mini, "config/config.yaml").replace(
        "  informant_columns: [informant, group, {column: usia, label: Usia}]\n", "")
    write(mini, "config/config.yaml", text)
    tables, _ = analyse(mini)
    columns = list(tables["informants"].frame.columns)
    assert columns[:2] == ["Informan", "Kelompok"]
    assert len(columns) == 3
    # an Indonesian thesis must not show the raw CSV column name
    assert columns[2] != "category"


def test_informant_column_missing_from_informants_csv_is_an_error(mini):
    text = read(mini, "config/config.yaml").replace("{column: usia, label: Usia}", "{column: umur, label: Umur}")
    write(mini, "config/config.yaml", text)
    # informants.csv has no column 'umur': the table would silently show an empty column
    with pytest.raises(NaskahError, match="umur"):
        analyse(mini)


def test_stage_that_no_turn_is_coded_to(mini):
    # recode the two "akhir" turns (A01 turn 6 on line 7, B01 turn 2 on line 3) as "awal":
    # an absent stage is a normal finding and must be reported as zero, not crash the analysis
    replace_line(mini, "data/transcripts/A01.csv", 7, "6,A01,Akhirnya kami berpisah baik-baik.,awal")
    replace_line(mini, "data/transcripts/B01.csv", 3, "2,B01,Banyak yang berhenti setelah ada masalah.,awal")
    tables, facts = analyse(mini)
    akhir = stage(facts, "akhir")
    assert (akhir["turns"], akhir["informants"], akhir["turn_refs"]) == (0, 0, [])
    assert [(s["id"], s["turns"], s["informants"]) for s in akhir["subcodes"]] == [("akhir_pisah", 0, 0)]
    assert stage(facts, "awal")["turn_refs"] == ["A01:2", "A01:4", "A01:6", "A02:2", "B01:2"]
    assert rows(tables["stage-coverage"]) == [
        ["A01", "Kelompok A", "3", ""],
        ["A02", "Kelompok A", "1", ""],
        ["B01", "Kelompok B", "1", ""],
    ]
