"""Quotation integrity: typed quotations are checked against the transcript turn they cite."""

from __future__ import annotations

from conftest import as_read, insert_line, read, write

from naskah.writing.quotes import fragments, matches


def test_matching_ignores_whitespace_quote_marks_and_ellipsis():
    turn = 'Dia bilang, "nanti aku kabari lagi, ya," tapi   nggak pernah ada kabar.'
    assert matches("Dia bilang, “nanti aku kabari lagi, ya,” tapi nggak pernah ada kabar.", turn)
    assert matches("Dia bilang … tapi nggak pernah ada kabar", turn)
    assert matches("Dia bilang [...] nggak pernah ada kabar.", turn)


def test_matching_rejects_changed_words_and_wrong_order():
    turn = "Awalnya saya menyapa dulu, pelan-pelan."
    assert not matches("Awalnya saya menyapa duluan, pelan-pelan.", turn)
    assert not matches("pelan-pelan … Awalnya saya", turn)
    assert not matches("awalnya saya menyapa dulu", turn)  # case matters: a quotation is verbatim


def test_fragments_split_at_ellipses():
    assert fragments('"satu dua … tiga (...) empat"') == ["satu dua", "tiga", "empat"]


def _assemble(run_cli, project):
    assert run_cli(project, "analyse")[0] == 0
    return run_cli(project, "assemble")


def test_a_correct_typed_quote_renders_its_reference(mini, run_cli):
    insert_line(mini, "chapters/02-hasil.md", 4, 'Ia berkata "Awalnya saya menyapa dulu, pelan-pelan." [A01:2]\n')
    code, err = _assemble(run_cli, mini)
    assert code == 0, err
    assert '"Awalnya saya menyapa dulu, pelan-pelan." (A01, giliran 2)' in as_read(read(mini, "results/thesis.md"))


def test_a_tampered_typed_quote_fails_with_its_line_and_the_closest_turn(mini, run_cli):
    insert_line(mini, "chapters/02-hasil.md", 4, 'Ia berkata "Awalnya saya menyapa duluan, pelan-pelan." [A02:2]\n')
    code, err = _assemble(run_cli, mini)
    assert code == 1
    assert "chapters/02-hasil.md:4: kutipan tidak cocok dengan A02, giliran 2" in err
    assert "giliran yang paling mirip adalah A01, giliran 2 (data/transcripts/A01.csv:3)" in err
    assert not (mini / "results" / "thesis.md").exists()


def test_a_typed_block_quote_is_checked(mini, run_cli):
    insert_line(mini, "chapters/02-hasil.md", 4, "> Banyak yang berhenti setelah ada masalah besar. [B01:2]\n")
    code, err = _assemble(run_cli, mini)
    assert code == 1
    assert "chapters/02-hasil.md:4: kutipan tidak cocok dengan B01, giliran 2" in err


def test_a_quote_of_a_missing_turn_is_an_error(mini, run_cli):
    insert_line(mini, "chapters/02-hasil.md", 4, '"Sama-sama." [A02:9]\n')
    code, err = _assemble(run_cli, mini)
    assert code == 1
    assert "chapters/02-hasil.md:4: kutipan merujuk ke A02, giliran 9, yang tidak ada" in err


def test_quote_by_reference_with_an_excerpt(mini, run_cli):
    insert_line(mini, "chapters/02-hasil.md", 4, '{{ quote("A01", 2, excerpt="Awalnya saya … pelan-pelan.") }}\n')
    code, err = _assemble(run_cli, mini)
    assert code == 0, err
    assert "> Awalnya saya … pelan\\-pelan. (A01, giliran 2)" in as_read(read(mini, "results/thesis.md"))


def test_an_excerpt_that_is_not_in_the_turn_is_an_error(mini, run_cli):
    insert_line(mini, "chapters/02-hasil.md", 4, '{{ quote("A01", 2, excerpt="Awalnya kami … pelan-pelan.") }}\n')
    code, err = _assemble(run_cli, mini)
    assert code == 1
    assert "chapters/02-hasil.md:4: petikan itu tidak terdapat dalam A01, giliran 2" in err


def test_unreferenced_block_quote_in_a_results_chapter_is_a_warning(mini, run_cli):
    config = read(mini, "config/config.yaml") + "privacy:\n  results_chapters: [2]\n"
    write(mini, "config/config.yaml", config)
    insert_line(mini, "chapters/02-hasil.md", 4, "> Kutipan tanpa sumber apa pun.\n")
    code, err = _assemble(run_cli, mini)
    assert code == 0, err
    assert "chapters/02-hasil.md:4: peringatan: kutipan blok tanpa rujukan informan" in err
    write(mini, "config/config.yaml", config + "render:\n  strict: true\n")
    code, err = _assemble(run_cli, mini)
    assert code == 1  # strict mode: the warning stops the build
