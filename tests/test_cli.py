"""The ``naskah`` command on the mini project: exit codes, messages, and what is (not) written."""

from __future__ import annotations

import json
import os

import pytest
from conftest import as_read, read, replace_line, source_hashes, write

import naskah.analysis.tables
import naskah.core.files

A01 = "data/transcripts/A01.csv"
# results/tables/*.csv in name order; reliabilitas is a header only without a second coder
TABLES = ["exemplar-quotes", "informants", "reliabilitas", "stage-by-group", "stage-coverage", "subcode-frequencies"]


def plant_unknown_code(project):
    # line 5 of A01.csv is turn 4
    replace_line(project, A01, 5, "4,A01,Pilihannya cuma dua.,awal;bingung")


def files_under(folder):
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())


def test_check_passes_on_the_mini_project(mini, run_cli):
    code, err = run_cli(mini, "check")
    assert code == 0, err
    assert "naskah check: tidak ada kesalahan" in err  # the demo thesis is Indonesian
    assert not (mini / "results").exists()


def test_check_reports_a_bad_transcript_row(mini, run_cli):
    plant_unknown_code(mini)
    code, err = run_cli(mini, "check")
    assert code == 1
    assert f"{A01}:5: kode 'bingung' tidak dikenal di giliran 4" in err
    assert "tidak ada yang ditulis" in err
    assert not (mini / "results").exists()


def test_check_reports_data_and_citation_problems_together(mini, run_cli):
    plant_unknown_code(mini)
    replace_line(mini, "chapters/02-hasil.md", 7, "dan dibahas oleh @walther1997.")
    code, err = run_cli(mini, "check")
    assert code == 1
    assert f"{A01}:5:" in err
    assert "chapters/02-hasil.md:7:18: sitasi @walther1997 tidak ada di references/library.bib" in err


def test_check_reports_each_problem_once(mini, run_cli):
    plant_unknown_code(mini)
    code, err = run_cli(mini, "check")
    assert code == 1
    assert err.count("kode 'bingung' tidak dikenal") == 1, err
    assert "naskah check: 1 masalah; tidak ada yang ditulis" in err


def test_check_strict_turns_library_warnings_into_errors(mini, run_cli):
    bib = read(mini, "references/library.bib")
    write(mini, "references/library.bib", bib + "\n@misc{walther1996,\n  title = {Lagi},\n  year = {1997}\n}\n")
    # walther1996 is cited by 02-hasil.md, so a duplicate of it is an error even without --strict
    code, err = run_cli(mini, "check")
    assert code == 1 and "ambigu:" in err
    write(mini, "references/library.bib", bib + "\n@misc{extra2000,\n  title = {A},\n  year = {2000}\n}\n"
          "\n@misc{extra2000,\n  title = {B},\n  year = {2001}\n}\n")
    code, err = run_cli(mini, "check")
    assert code == 0, err
    assert "references/library.bib:26: peringatan: " in err and "'extra2000'" in err
    code, err = run_cli(mini, "check", "--strict")
    assert code == 1
    assert "references/library.bib:26: kunci ganda 'extra2000'" in err


def test_analyse_writes_the_tables_and_facts(mini, run_cli):
    code, err = run_cli(mini, "analyse")
    assert code == 0, err
    results = mini / "results"
    assert files_under(results) == ["agreement/disagreements.csv", "analysis/facts.json",
                                    "figures/stage-informants.png", "figures/stage-informants.svg"] + [
        f"tables/{t}.csv" for t in TABLES] + ["tables/tables.json"]
    assert read(mini, "results/tables/stage-coverage.csv") == (
        "Informan,Kelompok,Awal,Akhir\nA01,Kelompok A,2,1\nA02,Kelompok A,1,\nB01,Kelompok B,,1\n")
    meta = json.loads(read(mini, "results/tables/tables.json"))
    assert [t["id"] for t in meta["tables"]] == [
        "informants", "stage-by-group", "stage-coverage", "exemplar-quotes", "subcode-frequencies"]
    facts = json.loads(read(mini, "results/analysis/facts.json"))
    assert [(s["id"], s["turns"], s["informants"]) for s in facts["stages"]] == [("awal", 3, 2), ("akhir", 2, 2)]
    assert "3 transkrip, 6 giliran informan" in err


def test_failed_analyse_writes_nothing(mini, run_cli):
    plant_unknown_code(mini)
    code, err = run_cli(mini, "analyse")
    assert code == 1
    assert f"{A01}:5:" in err
    assert not (mini / "results").exists()


def test_failed_analyse_leaves_earlier_results_alone(mini, run_cli):
    assert run_cli(mini, "analyse")[0] == 0
    before = {p: (mini / "results" / p).read_bytes() for p in files_under(mini / "results")}
    plant_unknown_code(mini)
    code, _ = run_cli(mini, "analyse")
    assert code == 1
    after = {p: (mini / "results" / p).read_bytes() for p in files_under(mini / "results")}
    assert after == before


def test_write_failure_leaves_no_temporary_files(mini, run_cli, monkeypatch):
    real_replace = os.replace

    def disk_full(src, dst, *args, **kwargs):
        if str(dst).endswith("facts.json"):
            raise OSError(28, "No space left on device")
        return real_replace(src, dst, *args, **kwargs)

    monkeypatch.setattr(naskah.core.files.os, "replace", disk_full)
    code, _ = run_cli(mini, "analyse")
    monkeypatch.undo()
    assert code != 0
    left = files_under(mini / "results")
    assert not [p for p in left if p.endswith(".part")], left
    assert "analysis/facts.json" not in left


def test_literature_reports_a_missing_key_at_line_and_column(mini, run_cli):
    replace_line(mini, "chapters/02-hasil.md", 7, "dan dibahas oleh @walther1997.")
    code, err = run_cli(mini, "literature")
    assert code == 1
    assert ("chapters/02-hasil.md:7:18: sitasi @walther1997 tidak ada di references/library.bib"
            " — maksud Anda '@walther1996'? tambahkan entrinya ke pustaka atau perbaiki kuncinya") in err
    assert not (mini / "results").exists()


def test_literature_finds_citations_in_per_stage_text(mini, run_cli):
    write(mini, "chapters/kesimpulan.yaml",
          "awal: |\n  Tahap awal.\nakhir: |\n  Tahap akhir [@tidakada2020].\n")
    code, err = run_cli(mini, "literature")
    assert code == 1
    assert "chapters/kesimpulan.yaml:4:16: sitasi @tidakada2020 tidak ada di references/library.bib" in err


def test_literature_exports_the_cited_entries(mini, run_cli):
    code, err = run_cli(mini, "literature")
    assert code == 0, err
    out = read(mini, "results/references.bib")
    assert out.index("@book{devito2016,") < out.index("@article{walther1996,")
    assert "2 dikutip dari 2 entri" in err


def test_user_files_are_never_changed(mini, run_cli):
    before = source_hashes(mini)
    assert len(before) == 10
    for args in (["check"], ["analyse"], ["literature"], ["assemble"],
                 ["render", "html", "--out", "results/thesis.html"]):
        code, err = run_cli(mini, *args)
        assert code == 0, (args, err)
        assert source_hashes(mini) == before, args
    assert (mini / "results/thesis.html").stat().st_size > 0
    plant_unknown_code(mini)
    planted = source_hashes(mini)
    for args in (["check"], ["analyse"], ["literature"], ["assemble"]):
        run_cli(mini, *args)
        assert source_hashes(mini) == planted, args


def test_assemble_numbers_the_chapters(mini, run_cli):
    assert run_cli(mini, "analyse")[0] == 0
    code, err = run_cli(mini, "assemble")
    assert code == 0, err
    lines = as_read(read(mini, "results/thesis.md")).split("\n")
    assert '# BAB I PENDAHULUAN {#sec:pendahuluan .chapter label="BAB I"}' in lines
    assert '# BAB II HASIL {#sec:hasil .chapter label="BAB II"}' in lines
    assert ": [Tabel 1.1]{.caption-label} Karakteristik informan {#tbl:informants}" in lines
    assert "3 informan (lihat [Tabel 1.1](#tbl:informants) dan [Bab II](#sec:hasil))." in lines
    crossref = json.loads(read(mini, "results/crossref.json"))
    assert crossref["tables_used"] == ["informants", "stage-coverage"]
    assert [(q["ref"], q["transcript"], q["line"]) for q in crossref["quotes"]] == [
        ("A01:4", "data/transcripts/A01.csv", 5), ("A02:2", "data/transcripts/A02.csv", 3)]


def test_log_option_copies_the_messages(mini, run_cli):
    plant_unknown_code(mini)
    code, err = run_cli(mini, "--log", "check.log", "check")
    assert code == 1
    log = read(mini, "check.log")
    assert f"{A01}:5: kode 'bingung' tidak dikenal" in log
    assert log.strip().split("\n") == err.strip().split("\n")


@pytest.mark.parametrize("command", ["analyse", "check"])
def test_unexpected_exception_is_reported_as_a_bug(mini, run_cli, monkeypatch, command):
    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(naskah.analysis.tables, "result_tables", broken)
    code, err = run_cli(mini, command)
    assert code == 70
    assert "internal error in naskah" in err
    assert "RuntimeError: boom" in err
    assert not (mini / "results").exists()


def test_chapter_not_saved_as_utf8_is_a_user_error(mini, run_cli):
    text = read(mini, "chapters/02-hasil.md").replace("dan dibahas oleh", "dan dibahas oleh café")
    (mini / "chapters/02-hasil.md").write_bytes(text.encode("cp1252"))
    assert run_cli(mini, "analyse")[0] == 0  # the analysis does not read chapters
    for command in ("check", "assemble"):
        code, err = run_cli(mini, command)
        assert "internal error" not in err, (command, err)
        assert code == 1, command
        assert "chapters/02-hasil.md:7" in err and "UTF-8" in err, command


def test_assemble_before_analyse_is_a_user_error(mini, run_cli):
    code, err = run_cli(mini, "assemble")
    assert "internal error" not in err, err
    assert code == 1
    assert "results/tables/tables.json" in err
