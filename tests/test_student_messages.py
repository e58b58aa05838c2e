"""Messages a student reads: right plurals, the thesis's own words, and a mistyped quotation's difference."""

from __future__ import annotations

from conftest import read, replace_line, write


def test_one_uncited_entry_is_one_entry_and_an_english_thesis_has_a_reference_list(mini, run_cli):
    library = read(mini, "references/library.bib")
    write(mini, "references/library.bib", library + "\n@misc{extra2000,\n  title = {Tambahan},\n  year = {2000}\n}\n")
    line = library.count("\n") + 2
    code, err = run_cli(mini, "literature")
    assert code == 0, err
    assert err.splitlines()[0] == (
        f"references/library.bib:{line}: peringatan: 1 entri tidak pernah dikutip: extra2000 (baris {line}) — kutip "
        "atau hapus entri tersebut; Daftar Pustaka hanya memuat karya yang dikutip (daftar lengkap di "
        "results/literature/report.md)")
    assert err.splitlines()[1].startswith("2 dikutip dari 3 entri di references/library.bib → ")
    write(mini, "config/config.yaml", read(mini, "config/config.yaml").replace("language: id", "language: en"))
    code, err = run_cli(mini, "literature")
    assert "— cite it or remove it; the reference list lists cited works only" in err and "Daftar" not in err


def test_stage_messages_count_in_the_singular_when_there_is_one(mini, run_cli):
    code, err = run_cli(mini, "analyse")
    assert code == 0, err
    assert err == "menganalisis 3 transkrip, 6 giliran informan → 5 tabel di results/tables\n"
    code, err = run_cli(mini, "literature")
    code, err = run_cli(mini, "assemble")
    assert code == 0, err
    assert err == "menyusun 2 bab, 2 tabel → results/thesis.md\n"
    hasil = read(mini, "chapters/02-hasil.md")  # without its stage-coverage table: one table is left
    write(mini, "chapters/02-hasil.md", hasil.replace('{{ table("stage-coverage") }}', "").replace(
        "seperti terlihat pada @tbl:stage-coverage", "seperti terlihat"))
    code, err = run_cli(mini, "assemble")
    assert code == 0, err
    assert err == "menyusun 2 bab, 1 tabel → results/thesis.md\n"


def test_a_mistyped_quotation_shows_what_differs_word_by_word(mini, run_cli):
    # A01 turn 2 is "Awalnya saya menyapa dulu, pelan-pelan."
    replace_line(mini, "chapters/02-hasil.md", 7, 'dan dibahas oleh @walther1996: "saya menyapa duluan" [A01:2].')
    code, err = run_cli(mini, "check")
    assert code == 1
    assert err.splitlines()[0] == (
        "chapters/02-hasil.md:7: kutipan tidak cocok dengan A01, giliran 2: saya menyapa [-duluan-] {+dulu,+} — "
        "[-…-] ada di teks Anda, {+…+} di transkrip; salin kata-kata dari transkrip, atau kutip dengan rujukan "
        "memakai quote()")


def test_an_image_the_chapter_names_must_be_there_and_its_line_is_named(mini, run_cli):
    # before, the build went on to the PDF's render and stopped there, on typst's "file not found" in
    # results/render/thesis.typ; the chapter's line was nowhere
    hasil = read(mini, "chapters/02-hasil.md")
    write(mini, "chapters/02-hasil.md",
          hasil + "\n![Peta lokasi](figures/peta.png)\n\n```\n![contoh](tidak/ada.png)\n```\n")
    line = hasil.count("\n") + 2
    code, err = run_cli(mini, "check")
    assert code == 1
    assert err.splitlines()[0] == (
        f"chapters/02-hasil.md:{line}: gambar 'figures/peta.png' tidak ditemukan — letakkan gambar di "
        "figures/peta.png (dihitung dari folder proyek) atau perbaiki path-nya")
    assert "tidak/ada.png" not in err  # an example inside a code block is not an image
    (mini / "figures").mkdir()
    (mini / "figures" / "peta.png").write_bytes(b"\x89PNG\r\n\x1a\n")  # there now: the check passes
    code, err = run_cli(mini, "check")
    assert code == 0, err
