"""Informants and transcripts: every bad row is reported at its ``file:line`` (the header is line 1)."""

from __future__ import annotations

import pytest
from conftest import insert_line, read, replace_line, write

from naskah.core.errors import ValidationError
from naskah.data.codebook import load_codebook
from naskah.data.config import load_config
from naskah.data.transcripts import load_corpus

A01 = "data/transcripts/A01.csv"
INFORMANTS = "data/informants.csv"

# data/transcripts/A01.csv of the mini project, line by line:
#  1 turn,speaker,text,codes
#  2 1,P,Bagaimana awalnya?,
#  3 2,A01,"Awalnya saya menyapa dulu, pelan-pelan.",awal;awal_sapa
#  4 3,P,Lalu?,
#  5 4,A01,Pilihannya cuma dua | mau atau tidak *serius*.,awal
#  6 5,P,Bagaimana akhirnya?,
#  7 6,A01,Akhirnya kami berpisah baik-baik.,akhir_pisah


def corpus(project):
    config = load_config(project / "config/config.yaml")
    codebook = load_codebook(project / "data/codebook.yaml", "data/codebook.yaml")
    return load_corpus(config, codebook)


def problems(project) -> ValidationError:
    with pytest.raises(ValidationError) as info:
        corpus(project)
    return info.value


def only_problem(project) -> str:
    error = problems(project)
    assert len(error.diagnostics) == 1, str(error)
    return str(error)


def test_mini_corpus_reads(mini):
    c = corpus(mini)
    assert [i.id for i in c.informants] == ["A01", "A02", "B01"]
    assert c.groups == ["Kelompok A", "Kelompok B"]
    assert len(c.turns) == 6 + 4 + 2
    turn = c.turn("A01", 2)
    assert turn.speaker == "A01"
    assert turn.text == "Awalnya saya menyapa dulu, pelan-pelan."
    assert turn.codes == ("awal", "awal_sapa")
    assert turn.line == 3
    assert c.turn("A01", 4).text == "Pilihannya cuma dua | mau atau tidak *serius*."
    assert c.files == {"A01": A01, "A02": "data/transcripts/A02.csv", "B01": "data/transcripts/B01.csv"}


def test_unknown_code(mini):
    replace_line(mini, A01, 5, "4,A01,Pilihannya cuma dua.,awal;bingung")
    message = only_problem(mini)
    assert message.startswith(f"{A01}:5: ")
    assert "unknown code 'bingung' in turn 4" in message


def test_unknown_code_suggests_the_near_miss(mini):
    replace_line(mini, A01, 3, "2,A01,Awalnya saya menyapa.,awal;awal_sap")
    message = only_problem(mini)
    assert message.startswith(f"{A01}:3: ")
    assert "unknown code 'awal_sap'" in message
    assert "did you mean 'awal_sapa'?" in message


def test_duplicate_turn(mini):
    replace_line(mini, A01, 6, "4,P,Bagaimana akhirnya?,")
    message = only_problem(mini)
    assert message.startswith(f"{A01}:6: ")
    assert "turn 4 appears twice (first on line 5)" in message


def test_turns_must_increase(mini):
    replace_line(mini, A01, 5, "9,A01,Pilihannya cuma dua.,awal")
    error = problems(mini)
    first = str(error.diagnostics[0])
    assert first.startswith(f"{A01}:6: ")
    assert "turn 5 comes after turn 9" in first
    assert "must increase" in first


def test_turn_that_is_not_a_number(mini):
    replace_line(mini, A01, 4, "tiga,P,Lalu?,")
    message = only_problem(mini)
    assert message.startswith(f"{A01}:4: ")
    assert "turn 'tiga' is not a whole number" in message


def test_missing_codes_column(mini):
    write(mini, A01, "turn,speaker,text\n1,P,Halo?\n2,A01,Halo juga.\n")
    message = only_problem(mini)
    assert message.startswith(f"{A01}:1: ")
    assert "missing column codes" in message


def test_empty_text(mini):
    replace_line(mini, A01, 7, "6,A01,,akhir_pisah")
    message = only_problem(mini)
    assert message.startswith(f"{A01}:7: ")
    assert "turn 6 has no text" in message


def test_speaker_neither_interviewer_nor_informant(mini):
    replace_line(mini, A01, 5, "4,B01,Pilihannya cuma dua.,awal")
    message = only_problem(mini)
    assert message.startswith(f"{A01}:5: ")
    assert "speaker 'B01'" in message and "neither" in message and "A01" in message


def test_codes_on_an_interviewer_turn(mini):
    replace_line(mini, A01, 4, "3,P,Lalu?,awal")
    message = only_problem(mini)
    assert message.startswith(f"{A01}:4: ")
    assert "turn 3 is the interviewer's but carries codes (awal)" in message


def test_row_with_too_many_fields(mini):
    replace_line(mini, A01, 5, "4,A01,Pilihannya, katanya, cuma dua.,awal")
    message = only_problem(mini)
    assert message.startswith(f"{A01}:5: ")
    assert "this row has 6 fields but the header has 4" in message


def test_transcript_of_an_informant_not_in_informants_csv(mini):
    write(mini, "data/transcripts/C01.csv", "turn,speaker,text,codes\n1,P,Halo?,\n2,C01,Halo.,awal\n")
    message = only_problem(mini)
    assert message.startswith("data/transcripts/C01.csv:1: ")
    assert "'C01'" in message and "not in data/informants.csv" in message


def test_informant_without_transcript(mini):
    insert_line(mini, INFORMANTS, 5, "C01,Kelompok B,pendukung,40–45")
    message = only_problem(mini)
    assert message.startswith(f"{INFORMANTS}:5: ")
    assert "informant C01 has no transcript" in message


def test_duplicate_informant(mini):
    insert_line(mini, INFORMANTS, 5, "A02,Kelompok A,utama,26–30")
    message = only_problem(mini)
    assert message.startswith(f"{INFORMANTS}:5: ")
    assert "informant A02 is listed twice (first on line 3)" in message


def test_unknown_category(mini):
    replace_line(mini, INFORMANTS, 4, "B01,Kelompok B,lainnya,31–35")
    message = only_problem(mini)
    assert message.startswith(f"{INFORMANTS}:4: ")
    assert "unknown category 'lainnya'" in message
    assert "kunci, utama, pendukung" in message


def test_two_problems_in_one_file_are_both_reported(mini):
    replace_line(mini, A01, 4, "tiga,P,Lalu?,")
    replace_line(mini, A01, 7, "6,A01,Akhirnya kami berpisah.,akhir_pisa")
    error = problems(mini)
    texts = [str(d) for d in error.diagnostics]
    assert len(texts) == 2
    assert texts[0].startswith(f"{A01}:4: ") and "not a whole number" in texts[0]
    assert texts[1].startswith(f"{A01}:7: ") and "unknown code 'akhir_pisa'" in texts[1]


def test_problems_in_several_files_are_reported_in_one_run(mini):
    replace_line(mini, A01, 4, "tiga,P,Lalu?,")
    replace_line(mini, "data/transcripts/B01.csv", 3, "2,B01,Banyak yang berhenti.,akhr")
    replace_line(mini, INFORMANTS, 4, "B01,Kelompok B,lainnya,31–35")
    error = problems(mini)
    where = [(d.path, d.line) for d in error.diagnostics]
    assert where == [(INFORMANTS, 4), (A01, 4), ("data/transcripts/B01.csv", 3)]


def test_excel_csv_with_bom_and_semicolons_reads_fine(mini):
    rows = [
        "turn;speaker;text;codes",
        "1;P;Bagaimana awalnya?;",
        "2;A01;Awalnya saya menyapa dulu, pelan-pelan.;awal;awal_sapa",
        "3;P;Lalu?;",
        "4;A01;Pilihannya cuma dua | mau atau tidak *serius*.;awal",
        "5;P;Bagaimana akhirnya?;",
        "6;A01;Akhirnya kami berpisah baik-baik.;akhir_pisah",
    ]
    # codes of turn 2 contain the delimiter, so Excel quotes that cell
    rows[2] = '2;A01;Awalnya saya menyapa dulu, pelan-pelan.;"awal;awal_sapa"'
    (mini / A01).write_bytes(b"\xef\xbb\xbf" + "\r\n".join(rows).encode("utf-8") + b"\r\n")
    c = corpus(mini)
    turns = [(t.turn, t.speaker, t.text, t.codes, t.line) for t in c.turns if t.informant == "A01"]
    assert turns == [
        (1, "P", "Bagaimana awalnya?", (), 2),
        (2, "A01", "Awalnya saya menyapa dulu, pelan-pelan.", ("awal", "awal_sapa"), 3),
        (3, "P", "Lalu?", (), 4),
        (4, "A01", "Pilihannya cuma dua | mau atau tidak *serius*.", ("awal",), 5),
        (5, "P", "Bagaimana akhirnya?", (), 6),
        (6, "A01", "Akhirnya kami berpisah baik-baik.", ("akhir_pisah",), 7),
    ]


def test_a_windows_1252_file_is_read_with_a_warning_naming_it(mini):
    text = read(mini, A01).replace("Pilihannya cuma dua", "Pilihannya “cuma” dua, café")
    text = text.replace("4,A01,Pilihannya “cuma” dua, café | mau atau tidak *serius*.",
                        '4,A01,"Pilihannya “cuma” dua, café | mau atau tidak *serius*."')
    (mini / A01).write_bytes(text.encode("cp1252"))
    c = corpus(mini)
    assert c.turn("A01", 4).text.startswith("Pilihannya “cuma” dua, café")
    assert [str(w) for w in c.warnings] == [
        f"{A01}: warning: not UTF-8: read as Windows-1252 (what Excel saves as plain 'CSV' on Windows) — check its "
        "accented letters and quote marks, then save it as 'CSV UTF-8' to silence this warning"]


def test_bytes_of_no_known_encoding_ask_for_utf8_at_their_line(mini):
    data = read(mini, A01).encode("utf-8").replace(b"Pilihannya", b"Pilih\x81annya")
    (mini / A01).write_bytes(data)
    error = problems(mini)
    # every other message shows paths relative to the project root
    assert error.diagnostics[0].path == A01
    assert str(error).startswith(f"{A01}:5: not valid UTF-8 (byte 0x81)")


def test_a_utf16_file_with_its_byte_order_mark_is_read_with_a_warning(mini):
    (mini / A01).write_bytes(read(mini, A01).replace(",", "\t").encode("utf-16"))
    c = corpus(mini)
    assert c.turn("A01", 6).text == "Akhirnya kami berpisah baik-baik."
    assert [str(w).split(" — ")[0] for w in c.warnings] == [
        f"{A01}: warning: not UTF-8: read as UTF-16 (what Excel saves as 'Unicode Text')"]


def test_multiline_text_cell_keeps_later_line_numbers(mini):
    replace_line(mini, A01, 3, '2,A01,"Awalnya saya menyapa dulu,\npelan-pelan.",awal;awal_sapa')
    # the file now has one more line: turn 4 is on line 6
    replace_line(mini, A01, 6, "4,A01,Pilihannya cuma dua.,awal;bingung")
    message = only_problem(mini)
    assert message.startswith(f"{A01}:6: ")
    assert "unknown code 'bingung' in turn 4" in message


def test_multiline_text_cell_is_read_as_one_turn(mini):
    replace_line(mini, A01, 3, '2,A01,"Awalnya saya menyapa dulu,\npelan-pelan.",awal;awal_sapa')
    c = corpus(mini)
    assert c.turn("A01", 2).text == "Awalnya saya menyapa dulu, pelan-pelan."
    assert c.turn("A01", 2).line == 3
    assert c.turn("A01", 3).line == 5
    assert c.turn("A01", 6).line == 8
