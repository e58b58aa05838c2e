"""Messages in the thesis language (naskah.core.messages): catalogues complete, compiled, and used by every area."""

import subprocess
import sys
from pathlib import Path

import pytest

from naskah.core.messages import _, base_language, current_language, language_scope, n_
from naskah.core.suggest import did_you_mean

ROOT = Path(__file__).resolve().parents[2]


def test_every_marked_message_has_a_translation_and_the_compiled_catalogue_is_current():
    pytest.importorskip("babel")
    assert "\npython tools/messages.py --check\n" in (ROOT / "README.md").read_text(encoding="utf-8")  # as shown there
    proc = subprocess.run([sys.executable, "tools/messages.py", "--check"], cwd=ROOT,
                          capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_the_thesis_language_picks_the_catalogue_and_fields_are_filled_after_the_lookup():
    assert did_you_mean("stag", ["stage"]) == "did you mean 'stage'? "
    with language_scope("id-ID"):
        assert current_language() == "id"
        assert did_you_mean("stag", ["stage"]) == "maksud Anda 'stage'? "
    assert current_language() == "en"


def test_a_language_without_a_catalogue_reads_english():
    with language_scope("fr"):
        assert _("did you mean {name}? ", name="'x'") == "did you mean 'x'? "
        assert n_("({n} in all)", "({n} in all)", 3) == "(3 in all)"
    assert base_language(None) == "en" and base_language("id_ID") == "id"
    assert base_language("/etc/passwd") == "en" and base_language("../../x") == "en"


# -- each area's messages, in both languages ------------------------------------------------------------------

def _problems(run) -> list[str]:
    """The messages of the ValidationError/InputError *run* raises."""
    from naskah.core.errors import NaskahError

    with pytest.raises(NaskahError) as caught:
        run()
    return [str(d) for d in caught.value.diagnostics]


def test_core_a_warning_and_a_table_problem_in_both_languages(tmp_path):
    from naskah.core.errors import WARNING, Diagnostic, Diagnostics
    from naskah.core.tables_io import read_table

    table = tmp_path / "informants.csv"
    table.write_text("informant,kelompok\nA01,x\n", encoding="utf-8")
    warning = Diagnostic("x", "data/informants.csv", 3, severity=WARNING)
    said = {}
    for language in ("en", "id"):
        with language_scope(language):
            diags = Diagnostics()
            read_table(table, "data/informants.csv", ["informant", "group", "category"], diags)
            said[language] = [str(d) for d in diags.items] + [str(warning)]
    assert said["en"] == ["data/informants.csv:1: missing columns group, category (found: informant, kelompok) — the "
                          "header row must name informant, group, category", "data/informants.csv:3: warning: x"]
    assert said["id"] == ["data/informants.csv:1: kolom group, category tidak ada (yang ditemukan: informant, "
                          "kelompok) — baris judul harus memuat informant, group, category",
                          "data/informants.csv:3: peringatan: x"]


def test_core_a_key_written_twice_in_both_languages(tmp_path):
    from naskah.core.yamlsrc import load_yaml

    path = tmp_path / "codebook.yaml"
    path.write_text("title: a\ntitle: b\n", encoding="utf-8")
    with language_scope("en"):
        assert _problems(lambda: load_yaml(path, "data/codebook.yaml")) == [
            "data/codebook.yaml:2:1: 'title' is given twice (first on line 1) — keep one of them: only the last would "
            "count"]
    with language_scope("id"):
        assert _problems(lambda: load_yaml(path, "data/codebook.yaml")) == [
            "data/codebook.yaml:2:1: 'title' ditulis dua kali (pertama kali di baris 1) — pertahankan salah satunya: "
            "hanya yang terakhir yang akan berlaku"]


def test_data_codebook_and_transcript_messages_in_both_languages(mini):
    from conftest import inputs

    from naskah.data.codebook import load_codebook

    text = (mini / "data/codebook.yaml").read_text(encoding="utf-8")
    (mini / "data/codebook.yaml").write_text(text.replace("parent: akhir", "parent: akir"), encoding="utf-8")
    with language_scope("en"):
        english = _problems(lambda: load_codebook(mini / "data/codebook.yaml", "data/codebook.yaml"))
    with language_scope("id"):
        indonesian = _problems(lambda: load_codebook(mini / "data/codebook.yaml", "data/codebook.yaml"))
    assert english == ["data/codebook.yaml:13: sub-code 'akhir_pisah' names parent 'akir', which is not a stage in "
                       "this codebook — a sub-code's parent must be one of the top-level stages: awal, akhir"]
    assert indonesian == ["data/codebook.yaml:13: subkode 'akhir_pisah' menyebut parent 'akir', yang bukan tahap dalam "
                          "buku kode ini — parent sebuah subkode harus salah satu tahap tingkat teratas: awal, akhir"]
    (mini / "data/codebook.yaml").write_text(text, encoding="utf-8")
    transcript = mini / "data/transcripts/A01.csv"
    transcript.write_text(transcript.read_text(encoding="utf-8").replace("awal;awal_sapa", "awal;awal_sap"),
                          encoding="utf-8")
    with language_scope("en"):
        assert _problems(lambda: inputs(mini)) == [
            "data/transcripts/A01.csv:3: unknown code 'awal_sap' in turn 2 — did you mean 'awal_sapa'? use a code id "
            "from data/codebook.yaml"]
    with language_scope("id"):
        assert _problems(lambda: inputs(mini)) == [
            "data/transcripts/A01.csv:3: kode 'awal_sap' tidak dikenal di giliran 2 — maksud Anda 'awal_sapa'? "
            "gunakan id kode dari data/codebook.yaml"]


def test_data_the_config_words_its_own_problems_in_the_language_it_names(mini):
    """Before the config is valid, its thesis.language already decides: the process language does not."""
    from naskah.data.config import load_config

    config = mini / "config/config.yaml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("  year: 2026\n", "  year: 2026\n  tahun: 2026\n"), encoding="utf-8")
    with language_scope("en"):
        assert _problems(lambda: load_config(config))[0].startswith(
            "config/config.yaml:10: setelan 'thesis.tahun' tidak dikenal — lihat tabel setelan di README")
        assert current_language() == "en"  # loading the config changes nothing for later messages
    english = text.replace("language: id", "language: en").replace("  year: 2026\n", "  year: 2026\n  tahun: 2026\n")
    config.write_text(english, encoding="utf-8")
    with language_scope("id"):
        assert _problems(lambda: load_config(config))[0].startswith(
            "config/config.yaml:10: unknown setting 'thesis.tahun' — see the README's settings tables")
    config.write_text(text.replace("thesis:\n", "thesis:\n  title: dua kali\n", 1), encoding="utf-8")
    with language_scope("en"):  # a key written twice: found while parsing, still in the thesis language
        assert _problems(lambda: load_config(config))[0].startswith(
            "config/config.yaml:3:3: 'title' ditulis dua kali (pertama kali di baris 2) — pertahankan salah satunya")


def test_style_an_unknown_preset_in_both_languages(tmp_path):
    from naskah.style.model import load_style

    with language_scope("en"):
        assert _problems(lambda: load_style({"preset": "kampus"}, tmp_path))[0].startswith(
            "config/config.yaml: style.preset: no preset or file named 'kampus' — use one of default, ")
    with language_scope("id"):
        assert _problems(lambda: load_style({"preset": "kampus"}, tmp_path))[0].startswith(
            "config/config.yaml: style.preset: tidak ada preset atau berkas bernama 'kampus' — gunakan salah satu dari "
            "default, ")


def test_cli_the_build_summary_in_both_languages_and_its_warnings_in_either(tmp_path, monkeypatch):
    from naskah.buildview import Job, Run, collect_warnings, summary

    monkeypatch.chdir(tmp_path)
    (tmp_path / "logs").mkdir()
    (tmp_path / "logs/analyse.log").write_text("data/x.csv: peringatan: bukan UTF-8\ndata/y.csv: warning: z\n"
                                               "menganalisis 3 transkrip\n", encoding="utf-8")
    run = Run(jobs={"1": Job("analyse", "logs/analyse.log", True)})
    assert collect_warnings(list(run.jobs.values())) == ["data/x.csv: peringatan: bukan UTF-8",
                                                         "data/y.csv: warning: z"]
    with language_scope("en"):
        english = summary(0, run, 2.0, [])
    with language_scope("id"):
        indonesian = summary(0, run, 2.0, [])
    assert english[0] == "naskah build: done in 2.0 s (1 job: analyse)" and english[1] == "2 warnings:"
    assert english[-1] == "next: run `naskah build` for the drafts"
    assert indonesian[0] == "naskah build: selesai dalam 2.0 s (1 tugas: analyse)" and indonesian[1] == "2 peringatan:"
    assert indonesian[-1] == "berikutnya: jalankan `naskah build` untuk membuat draf"


def test_a_bad_input_through_the_cli_speaks_the_thesis_language(mini, run_cli):
    """The Indonesian demo gets Indonesian, the same project as an English thesis English, and the language of
    the process is as it was after each command."""
    transcript = mini / "data/transcripts/A01.csv"
    transcript.write_text(transcript.read_text(encoding="utf-8").replace("3,P,", "3,X,"), encoding="utf-8")
    code, err = run_cli(mini, "check")
    assert code == 1 and current_language() == "en"
    assert err.startswith("data/transcripts/A01.csv:4: penutur 'X' bukan pewawancara 'P' dan bukan informan A01 — "
                          "gunakan 'P' untuk pertanyaan dan 'A01' untuk jawaban\n"), err
    config = mini / "config/config.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace("language: id", "language: en"), encoding="utf-8")
    code, err = run_cli(mini, "check")
    assert code == 1
    assert err.startswith("data/transcripts/A01.csv:4: speaker 'X' is neither the interviewer 'P' nor the informant "
                          "A01 — use 'P' for questions and 'A01' for answers\n"), err
    assert "penutur" not in err and "peringatan" not in err


def test_data_an_import_warning_and_summary_in_both_languages(tmp_path):
    from naskah.data.importers.run import Options, import_sources

    transcript = tmp_path / "I01.txt"
    transcript.write_text("Wawancara dengan Bu Sari\nP: Bagaimana awalnya?\nI01: Di pasar.\nP: Lalu?\nI01: Ya.\n",
                          encoding="utf-8")
    said = {}
    for language in ("en", "id"):
        with language_scope(language):
            outcome = import_sources([str(transcript)], Options(into=tmp_path / "p", dry_run=True))
            said[language] = [str(d) for d in outcome.diags.warnings][:1] + outcome.native.summary
    shown = transcript.as_posix()
    assert said["en"] == [f"{shown}: warning: line 1 comes before the first speaker and belongs to no turn: 'Wawancara "
                          "dengan Bu Sari' — it is left out of the transcript",
                          "0 codes, 1 transcripts, 4 turns, 0 codings"]
    assert said["id"] == [f"{shown}: peringatan: baris 1 muncul sebelum penutur pertama dan tidak termasuk giliran "
                          "mana pun: 'Wawancara dengan Bu Sari' — baris ini tidak dimasukkan ke transkrip",
                          "0 kode, 1 transkrip, 4 giliran, 0 pengodean"]


def test_style_format_check_findings_in_both_languages():
    from naskah.style import formatcheck as fc
    from naskah.style.model import Length

    said = {}
    for language in ("en", "id"):
        with language_scope(language):
            said[language] = [str(fc.Deviation("thesis.docx", fc.section_ranges([2, 3, 4]),
                                                fc.margin("left", fc.cm(72)), fc.cm(float(Length("4cm"))), "margins")),
                              str(fc.Deviation("thesis.pdf", fc.page_ranges([5, 6, 7, 9]),
                                               fc.caption_misplaced("Tabel 2.1", "below", "table"),
                                               fc.caption_position("above"), "captions", 5))]
    assert said["en"] == ["thesis.docx: sections 2–4: left margin 2.54 cm, style wants 4 cm",
                          "thesis.pdf: pages 5–7, 9: caption 'Tabel 2.1' below its table, style wants the caption "
                          "above"]
    assert said["id"] == ["thesis.docx: bagian 2–4: margin kiri 2.54 cm, gaya selingkung meminta 4 cm",
                          "thesis.pdf: halaman 5–7, 9: keterangan 'Tabel 2.1' di bawah tabelnya, gaya selingkung "
                          "meminta keterangan di atas"]


def test_workflow_the_last_good_draft_in_the_language_of_the_config(tmp_path, monkeypatch):
    import io
    import os

    from naskah.workflow.plan import last_good_drafts

    monkeypatch.chdir(tmp_path)
    (tmp_path / "results").mkdir()
    (tmp_path / "results/thesis.pdf").write_bytes(b"%PDF")
    os.utime(tmp_path / "results/thesis.pdf", (1796220000, 1796220000))
    when = __import__("datetime").datetime.fromtimestamp(1796220000).strftime("%Y-%m-%d %H:%M")
    said = {}
    (tmp_path / "config").mkdir()
    for language in ("en", "id"):  # read from the config, which need not load (a broken build)
        (tmp_path / "config/config.yaml").write_text(f"thesis:\n  language: {language}\nno_such_key: 1\n",
                                                     encoding="utf-8")
        stream = io.StringIO()
        last_good_drafts(stream)
        said[language] = stream.getvalue()
    assert said["en"] == f"naskah: results/thesis.pdf is from the last good build ({when}), not from this one\n"
    assert said["id"] == (f"naskah: results/thesis.pdf berasal dari pembangunan terakhir yang berhasil ({when}), bukan "
                          "dari pembangunan ini\n")
    assert current_language() == "en"
