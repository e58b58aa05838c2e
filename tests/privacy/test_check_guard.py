"""`naskah check` runs the build's guard over what the build would write, so it fails where the build will."""

from __future__ import annotations

from conftest import read, write


def test_check_fails_on_a_number_in_chapter_prose_as_the_build_would(mini, run_cli):
    chapter = read(mini, "chapters/02-hasil.md")
    spoken = "kosong delapan satu dua tiga empat lima enam tujuh delapan"
    write(mini, "chapters/02-hasil.md", chapter + f"\nHubungi {spoken}.\n")
    code, err = run_cli(mini, "check")
    assert code == 1
    assert "results/thesis.md (sebagaimana akan ditulis oleh build): phone terdeteksi" in err
    assert "kosong delapan satu" not in err


def test_check_fails_on_a_handle_in_an_informant_column_shown_in_a_table(mini, run_cli):
    text = read(mini, "data/informants.csv").replace("A02,Kelompok A,utama,26–30", "A02,Kelompok A,utama,IG: mawar.26")
    write(mini, "data/informants.csv", text)
    code, err = run_cli(mini, "check")
    assert code == 1
    assert "results/tables/informants.csv (sebagaimana akan ditulis oleh build): handle terdeteksi" in err


def test_a_clean_project_still_checks_clean(mini, run_cli):
    code, err = run_cli(mini, "check")
    assert code == 0, err
