"""The files students have: read as meant, or refused with one message that says what to do."""

from __future__ import annotations

import pytest
from conftest import read, write

from naskah.core.errors import ValidationError
from naskah.data.codebook import load_codebook
from naskah.data.config import load_config
from naskah.data.transcripts import load_corpus

A01 = "data/transcripts/A01.csv"
INFORMANTS = "data/informants.csv"


def corpus(project):
    config = load_config(project / "config/config.yaml")
    return load_corpus(config, load_codebook(project / "data/codebook.yaml", "data/codebook.yaml"))


def messages(project) -> list[str]:
    with pytest.raises(ValidationError) as info:
        corpus(project)
    return [str(d) for d in info.value.diagnostics]


def test_excels_sep_line_names_the_delimiter_and_lines_still_count_from_the_file(mini):
    text = read(mini, A01).replace("awal;awal_sapa", "awal,awal_sapa").replace(",", ";")
    text = text.replace('"Awalnya saya menyapa dulu; pelan-pelan."', '"Awalnya saya menyapa dulu, pelan-pelan."')
    write(mini, A01, "sep=;\n" + text.replace(";awal;awal_sapa", ';"awal,awal_sapa"'))
    c = corpus(mini)
    assert c.turn("A01", 2).text == "Awalnya saya menyapa dulu, pelan-pelan."
    assert c.turn("A01", 4).line == 6  # the sep= line is line 1, the header line 2


def test_empty_columns_after_the_last_named_one_are_ignored(mini):
    lines = read(mini, A01).split("\n")
    write(mini, A01, "\n".join(line + ",," if line else line for line in lines))
    assert corpus(mini).turn("A01", 6).codes == ("akhir_pisah",)


def test_a_value_under_an_unnamed_column_is_reported(mini):
    lines = read(mini, A01).split("\n")
    lines = [line + ",," if line else line for line in lines]
    lines[2] += "lupa"
    write(mini, A01, "\n".join(lines))
    assert messages(mini) == [f"{A01}:3: a value in column 6, which has no name in the header — name the column "
                              "in the header row, or delete the value"]


def test_turns_written_as_whole_decimals_are_turn_numbers(mini):
    text = read(mini, A01)
    for n in range(1, 7):
        text = text.replace(f"\n{n},", f"\n{n}.0,")
    write(mini, A01, text)
    assert [t.turn for t in corpus(mini).turns if t.informant == "A01"] == [1, 2, 3, 4, 5, 6]
    write(mini, A01, text.replace("\n4.0,", "\n4.5,"))
    assert messages(mini) == [f"{A01}:5: turn '4.5' is not a whole number — number the turns 1, 2, 3 … in the "
                              "'turn' column"]


def test_a_file_column_names_the_transcript_of_an_informant(mini):
    (mini / A01).rename(mini / "data/transcripts/A01 wawancara pertama.csv")
    text = read(mini, INFORMANTS).replace("informant,group,category,usia", "informant,group,category,usia,file")
    text = text.replace("A01,Kelompok A,utama,20–25", "A01,Kelompok A,utama,20–25,A01 wawancara pertama.csv")
    text = text.replace("A02,Kelompok A,utama,26–30", "A02,Kelompok A,utama,26–30,")
    write(mini, INFORMANTS, text.replace("B01,Kelompok B,kunci,31–35", "B01,Kelompok B,kunci,31–35,"))
    c = corpus(mini)
    assert c.files["A01"] == "data/transcripts/A01 wawancara pertama.csv"
    assert c.turn("A01", 2).path == "data/transcripts/A01 wawancara pertama.csv"


def test_a_file_column_naming_a_missing_file_suggests_the_nearest(mini):
    text = read(mini, INFORMANTS).replace("informant,group,category,usia", "informant,group,category,usia,file")
    text = text.replace("A01,Kelompok A,utama,20–25", "A01,Kelompok A,utama,20–25,A0l")
    write(mini, INFORMANTS, text.replace("26–30", "26–30,").replace("31–35", "31–35,"))
    assert f"{INFORMANTS}:2: informant A01: file 'A0l' is not among the transcripts — did you mean 'A01.csv'? " \
           "name a .csv file of the transcripts folder, or leave the cell empty to match the file by the informant " \
           "id" in messages(mini)


def test_a_file_name_matches_its_informant_without_regard_to_case(mini):
    (mini / "data/transcripts/B01.csv").rename(mini / "data/transcripts/b01.csv")
    c = corpus(mini)
    assert c.files["B01"] == "data/transcripts/b01.csv"
    assert c.turn("B01", 2).text == "Banyak yang berhenti setelah ada masalah."


def test_a_file_named_after_its_informant_and_more_says_how_to_claim_it(mini):
    (mini / "data/transcripts/A02.csv").rename(mini / "data/transcripts/A02 interview.csv")
    assert messages(mini) == [
        f"{INFORMANTS}:3: informant A02 has no transcript — add data/transcripts/A02.csv, write 'pending' in a "
        "'status' column while the interview is not done, or remove this row",
        "data/transcripts/A02 interview.csv:1: transcript of 'A02 interview', who is not in data/informants.csv — "
        "if it is A02's interview, rename it A02.csv or write its name in a 'file' column of data/informants.csv"]


def test_a_code_written_as_its_label_is_read_as_the_code_with_one_warning(mini):
    text = read(mini, A01).replace("awal;awal_sapa", "awal;Sapaan").replace(",akhir_pisah", ",berpisah")
    write(mini, A01, text)
    c = corpus(mini)
    assert c.turn("A01", 2).codes == ("awal", "awal_sapa")
    assert c.turn("A01", 6).codes == ("akhir_pisah",)
    assert [str(w) for w in c.warnings] == [
        f"{A01}:3: warning: 'Sapaan' is the label of code 'awal_sapa', read as awal_sapa — write the code id "
        "awal_sapa in the codes column",
        f"{A01}:7: warning: 'berpisah' is the label of code 'akhir_pisah', read as akhir_pisah — write the code id "
        "akhir_pisah in the codes column"]


def test_every_file_in_the_transcripts_folder_that_is_not_read_is_named(mini):
    folder = mini / "data/transcripts"
    for name in ("C01.docx", "catatan.pdf", "C02.CSV", ".DS_Store", "~$C01.docx"):
        (folder / name).write_bytes(b"x")
    assert [str(w) for w in corpus(mini).warnings] == [
        "data/transcripts/C01.docx: warning: not read: only .csv files in this folder are transcripts — turn it "
        "into a transcript with `naskah import data/transcripts/C01.docx`",
        "data/transcripts/C02.CSV: warning: not read: only .csv files in this folder are transcripts — rename it to "
        "C02.csv (the extension in lower case)",
        "data/transcripts/catatan.pdf: warning: not read: only .csv files in this folder are transcripts — save it "
        "as a .csv transcript (turn, speaker, text, codes), or move it out of this folder"]


def pending_project(mini):
    text = read(mini, INFORMANTS).replace("informant,group,category,usia", "informant,group,category,usia,status")
    text = text.replace("20–25", "20–25,").replace("26–30", "26–30,").replace("31–35", "31–35,")
    write(mini, INFORMANTS, text.rstrip("\n") + "\nC01,Kelompok B,utama,36–40,pending\n")


def test_a_pending_informant_builds_with_a_warning_and_counts_nowhere(mini):
    pending_project(mini)
    c = corpus(mini)
    assert [i.id for i in c.informants] == ["A01", "A02", "B01"]
    assert [i.id for i in c.pending] == ["C01"]
    assert [str(w) for w in c.warnings] == [
        f"{INFORMANTS}:5: warning: informant C01 is pending: left out of the counts until the interview is done — "
        "clear the status once the transcript is in place"]


def test_a_pending_informant_is_listed_as_pending_in_the_informants_table(mini):
    from naskah.analysis.tables import result_tables

    pending_project(mini)
    config = load_config(mini / "config/config.yaml")
    codebook = load_codebook(mini / "data/codebook.yaml", "data/codebook.yaml")
    tables, facts = result_tables(config, load_corpus(config, codebook), codebook)
    table = next(t for t in tables if t.id == "informants").frame
    assert list(table["Informan"]) == ["A01", "A02", "B01", "C01 (belum diwawancarai)"]
    assert facts["informants"]["total"] == 3 and facts["informants"]["pending"] == 1


def test_a_pending_informants_transcript_is_not_read(mini):
    pending_project(mini)
    write(mini, "data/transcripts/C01.csv", "turn,speaker,text,codes\n1,P,Halo?,\n2,C01,Setengah jadi.,awal\n")
    c = corpus(mini)
    assert c.turn("C01", 2) is None
    assert ("data/transcripts/C01.csv: warning: C01 is pending (status in data/informants.csv): this transcript is "
            "not read — clear the status once the interview is transcribed") in [str(w) for w in c.warnings]


def test_an_unknown_status_is_an_error(mini):
    pending_project(mini)
    write(mini, INFORMANTS, read(mini, INFORMANTS).replace(",pending", ",nanti"))
    assert f"{INFORMANTS}:5: informant C01: unknown status 'nanti' — write 'pending' while the interview is not " \
           "done yet, otherwise leave the cell empty" in messages(mini)


def test_an_unreadable_informants_file_hides_the_errors_that_follow_from_it(mini):
    write(mini, INFORMANTS, read(mini, INFORMANTS).replace("informant,group,", "informant,kelompok,"))
    assert messages(mini) == [
        f"{INFORMANTS}:1: missing column group (found: informant, kelompok, category, usia) — the header row must "
        "name informant, group, category",
        "data/transcripts: and 3 follow-on errors hidden: the transcripts cannot be matched to informants until "
        f"{INFORMANTS} can be read — fix the problem in {INFORMANTS} first"]


def test_one_unknown_code_on_many_lines_is_one_error_and_one_list(mini):
    text = read(mini, A01).replace("awal;awal_sapa", "awal;bingung").replace(",awal\n", ",bingung\n")
    write(mini, A01, text.replace(",akhir_pisah", ",bingung"))
    assert messages(mini) == [
        f"{A01}:3: unknown code 'bingung' in turn 2 — use a code id from data/codebook.yaml",
        f"{A01}:5: the same unknown code 'bingung' on 2 more lines: 5, 7 — fix it once for all of them (see the "
        "first one)"]
