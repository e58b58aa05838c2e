"""Issue 13: the student's messages in the thesis language — the same mistake worded in Indonesian for an
Indonesian thesis and in English for an English one, exactly, with the names, paths, keys and the quotation's
``[-…-]``/``{+…+}`` difference left as they are."""

from __future__ import annotations

import jinja2
import pytest
from conftest import read, replace_line, write

from naskah.core.errors import Diagnostic
from naskah.core.messages import language_scope
from naskah.privacy.detectors import Detector, read_identities
from naskah.privacy.guard import scan_paths
from naskah.writing.bindings import FactsView
from naskah.writing.chapters import _Undefined, undefined_problem
from naskah.writing.helpers import Helpers


def in_english(project):
    config = read(project, "config/config.yaml")
    assert "  language: id\n" in config
    write(project, "config/config.yaml", config.replace("  language: id\n", "  language: en\n"))


def first_line(run_cli, project, command="check") -> str:
    code, err = run_cli(project, command)
    assert code == 1, err
    return err.splitlines()[0]


def first_lines(run_cli, project, command="check") -> tuple[str, str]:
    """The first line of the same failure with the thesis in Indonesian, then with it in English."""
    indonesian = first_line(run_cli, project, command)
    in_english(project)
    return indonesian, first_line(run_cli, project, command)


# ---------------------------------------------------------------- chapters (naskah check on the mini project)


def test_an_undefined_name_with_its_nearest_valid_name(mini, run_cli):
    text = read(mini, "chapters/01-pendahuluan.md").replace("{{ informants.total }} informan", "{{ informan.total }} "
                                                            "informan")
    write(mini, "chapters/01-pendahuluan.md", text)
    names = "agreement, corpus, exemplar_quotes, figure, informants, per_stage, quote, stage, stages, table, thesis"
    assert first_lines(run_cli, mini) == (
        (
            "chapters/01-pendahuluan.md:6: variabel templat tidak terdefinisi: tidak ada nama 'informan' — maksud Anda "
            f"'informants'? nama yang tersedia: {names}"
        ),
        (
            "chapters/01-pendahuluan.md:6: undefined template variable: there is no name 'informan' — did you mean "
            f"'informants'? the names are: {names}"
        ),
    )


def test_a_mistyped_quotation_and_its_word_by_word_difference(mini, run_cli):
    # A01 turn 2 is "Awalnya saya menyapa dulu, pelan-pelan."
    replace_line(mini, "chapters/02-hasil.md", 7, 'dan dibahas oleh @walther1996: "saya menyapa duluan" [A01:2].')
    assert first_lines(run_cli, mini) == (
        (
            "chapters/02-hasil.md:7: kutipan tidak cocok dengan A01, giliran 2: saya menyapa [-duluan-] {+dulu,+} — "
            "[-…-] ada di teks Anda, {+…+} di transkrip; salin kata-kata dari transkrip, atau kutip dengan rujukan "
            "memakai quote()"
        ),
        (
            "chapters/02-hasil.md:7: quote does not match A01 turn 2: saya menyapa [-duluan-] {+dulu,+} — [-…-] is in "
            "your text, {+…+} in the transcript; copy the words from the transcript, or quote by reference with quote()"
        ),
    )


def test_an_unresolved_cross_reference_with_its_nearest_label(mini, run_cli):
    write(mini, "chapters/02-hasil.md", read(mini, "chapters/02-hasil.md").replace("@tbl:stage-coverage",
                                                                                   "@tbl:stage-coverge"))
    assert first_lines(run_cli, mini) == (
        (
            "chapters/02-hasil.md:6: rujukan @tbl:stage-coverge tidak ditemukan — maksud Anda '@tbl:stage-coverage'? "
            "label yang dikenal: tbl:informants, tbl:stage-coverage"
        ),
        (
            "chapters/02-hasil.md:6: unresolved reference @tbl:stage-coverge — did you mean '@tbl:stage-coverage'? "
            "known labels: tbl:informants, tbl:stage-coverage"
        ),
    )


# ---------------------------------------------------------------- the library


def test_an_unknown_citation_key_with_its_nearest_key(mini, run_cli):
    write(mini, "chapters/02-hasil.md", read(mini, "chapters/02-hasil.md").replace("@walther1996", "@walther1997"))
    code, err = run_cli(mini, "check")
    assert code == 1
    assert "chapters/02-hasil.md:7:18: sitasi @walther1997 tidak ada di references/library.bib — maksud Anda " \
           "'@walther1996'? tambahkan entrinya ke pustaka atau perbaiki kuncinya" in err.splitlines()
    in_english(mini)
    code, err = run_cli(mini, "check")
    assert "chapters/02-hasil.md:7:18: citation @walther1997 is not in references/library.bib — did you mean " \
           "'@walther1996'? add the entry to the library or fix the key" in err.splitlines()


def test_uncited_entries_are_counted_in_the_plural(mini, run_cli):
    library = read(mini, "references/library.bib")
    extra = "\n@misc{extra2000,\n  title = {Tambahan},\n  year = {2000}\n}\n@misc{extra2001,\n  title = {Lagi},\n" \
            "  year = {2001}\n}\n"
    write(mini, "references/library.bib", library + extra)
    line = library.count("\n") + 2
    code, err = run_cli(mini, "literature")
    assert code == 0, err
    assert err.splitlines()[0] == (
        f"references/library.bib:{line}: peringatan: 2 entri tidak pernah dikutip: extra2000 (baris {line}), "
        f"extra2001 (baris {line + 4}) — kutip atau hapus entri tersebut; Daftar Pustaka hanya memuat karya yang "
        "dikutip (daftar lengkap di results/literature/report.md)")
    in_english(mini)
    code, err = run_cli(mini, "literature")
    assert err.splitlines()[0].startswith(
        f"references/library.bib:{line}: warning: 2 entries are never cited: extra2000 (line {line}), "
        f"extra2001 (line {line + 4}) — cite them or remove them; the reference list lists cited works only")


# ---------------------------------------------------------------- in-process: the message alone, in each language


def undefined_attribute() -> str:
    stage = FactsView({"awal": {"informants": 2}, "akhir": {"informants": 1}}, ("stage",), {})
    with pytest.raises(jinja2.UndefinedError) as raised:
        jinja2.Environment(undefined=_Undefined).from_string("{{ stage.awl.informants }}").render(stage=stage)
    message, hint = undefined_problem(raised.value, {"stage": stage})
    return str(Diagnostic(message, "chapters/02-hasil.md", 5, hint=hint))


def test_an_attribute_a_value_lacks_names_what_it_has():
    assert undefined_attribute() == (
        "chapters/02-hasil.md:5: undefined template variable: stage has no 'awl' — did you mean 'awal'? it has: "
        "akhir, awal")
    with language_scope("id"):
        assert undefined_attribute() == (
            "chapters/02-hasil.md:5: variabel templat tidak terdefinisi: stage tidak memiliki 'awl' — maksud Anda "
            "'awal'? isinya: akhir, awal")


def test_a_helper_given_the_wrong_value_says_what_to_write():
    informants = FactsView({"total": 3, "by_group": {}, "groups": []}, ("informants",), {})
    helpers = Helpers("id", informants, FactsView({}, ("stages",), {}))
    with pytest.raises(Exception) as english:
        helpers.spread("separuh")
    assert str(english.value) == (
        "| sebaran needs a stage, a sub-code, a stage's group or a number of informants, not str 'separuh' — "
        "write e.g. {{ stage.<id> | sebaran }} or {{ stage.<id>.groups[\"…\"] | sebaran }}")
    with language_scope("id"), pytest.raises(Exception) as indonesian:
        helpers.spread("separuh")
    assert str(indonesian.value) == (
        "| sebaran memerlukan tahap, subkode, kelompok dalam tahap, atau jumlah informan, bukan str 'separuh' — "
        "tulis misalnya {{ stage.<id> | sebaran }} atau {{ stage.<id>.groups[\"…\"] | sebaran }}")


def test_a_guard_finding_names_the_detector_the_masked_value_and_where(tmp_path):
    table = tmp_path / "informants.csv"
    table.write_text("informant,catatan\nA01,hubungi 0812 3456 7890\n", encoding="utf-8")
    hint_en = ("remove it from the source it came from (transcript, informants, chapter, library) or add it to "
               "privacy.allow if it is not identifying")

    def found() -> list[str]:
        return [str(d) for d in scan_paths([table], Detector(), lambda p: "results/tables/informants.csv", set()).items]

    assert found() == [f"results/tables/informants.csv: phone detected (08••••••••••90) in row 2, column 'catatan' — "
                       f"{hint_en}"]
    with language_scope("id"):
        assert found() == ["results/tables/informants.csv: phone terdeteksi (08••••••••••90) di baris 2, kolom "
                           "'catatan' — hapus dari sumber asalnya (transkrip, informan, bab, pustaka), atau tambahkan "
                           "ke privacy.allow bila tidak mengidentifikasi siapa pun"]


@pytest.mark.parametrize("header, english, indonesian", [
    ("informant,value", "missing column kind", "kolom kind tidak ada"),
    ("informant", "missing columns kind, value", "kolom kind, value tidak ada"),
])
def test_missing_identity_map_columns_are_counted(tmp_path, header, english, indonesian):
    path = tmp_path / "identities.csv"
    path.write_text(header + "\nA01\n", encoding="utf-8")
    with pytest.raises(Exception) as raised:
        read_identities(path, "private/identities.csv")
    assert str(raised.value) == (f"private/identities.csv:1: {english} — the identity map has the columns "
                                 "informant,kind,value")
    with language_scope("id"), pytest.raises(Exception) as raised:
        read_identities(path, "private/identities.csv")
    assert str(raised.value) == (f"private/identities.csv:1: {indonesian} — peta identitas memiliki kolom "
                                 "informant,kind,value")
