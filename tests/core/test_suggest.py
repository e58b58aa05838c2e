"""Suggestions, plurals and word differences: the pieces every helpful message is made of."""

from __future__ import annotations

from naskah.core.suggest import closest, did_you_mean, levenshtein, noun_for, one_of, plural, word_diff


def test_levenshtein_counts_insertions_deletions_and_substitutions():
    assert levenshtein("stage", "stage") == 0
    assert levenshtein("stag", "stage") == 1
    assert levenshtein("golden2009", "golden2008") == 1
    assert levenshtein("kitten", "sitting") == 3
    assert levenshtein("", "abc") == 3


def test_closest_picks_a_near_candidate_and_ignores_far_ones():
    assert closest("stag", ["thesis", "stage", "stages"]) == "stage"
    assert closest("transcript", ["transcripts", "turns", "coded_turns"]) == "transcripts"
    assert closest("junior", ["Pekerja seks", "Pengguna jasa"]) is None
    assert closest("JUNIOR STAFF", ["Junior staff", "Senior staff"]) == "Junior staff"  # case alone differs


def test_did_you_mean_is_empty_when_nothing_is_close():
    assert did_you_mean("golden2009", ["golden2008", "walther1996"], prefix="@") == "did you mean '@golden2008'? "
    assert did_you_mean("xyz", ["golden2008"]) == ""


def test_plurals_in_english_and_indonesian():
    assert plural(1, "entry") == "1 entry"
    assert plural(2, "entry") == "2 entries"
    assert plural(1, "table") == "1 table"
    assert plural(0, "table") == "0 tables"
    assert plural(3, "match") == "3 matches"
    assert plural(2, "informant turn") == "2 informant turns"
    assert plural(5, "informan", "id") == "5 informan"
    assert noun_for(2, "day") == "days"
    assert noun_for(2, "person") == "people"


def test_one_of_shortens_a_long_list():
    assert one_of(["a", "b"]) == "a, b"
    assert one_of([str(i) for i in range(20)], limit=3) == "0, 1, 2 … (20 in all)"


def test_word_diff_marks_what_was_typed_and_what_was_said():
    assert word_diff("saya liat cara", "saya lihat cara") == "saya [-liat-] {+lihat+} cara"
    assert word_diff("saya cara", "saya lihat cara") == "saya {+lihat+} cara"
    long = "a b c d e f g h i j"
    assert word_diff(long + " x", long + " y") == "… h i j [-x-] {+y+}"


def test_english_counts_of_one_are_singular():
    from naskah.core.suggest import singular_ones

    assert singular_ones("Counts 1 turns in 1 transcripts") == "Counts 1 turn in 1 transcript"
    assert singular_ones("counted from 11 turns in 2 transcripts") == "counted from 11 turns in 2 transcripts"
    assert singular_ones("x.csv (1 rows × 4 columns); 1 entries") == "x.csv (1 row × 4 columns); 1 entry"
