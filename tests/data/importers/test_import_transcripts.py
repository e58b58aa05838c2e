"""Transcripts from Word, text files and spreadsheets; finding speaker turns in a text."""

from __future__ import annotations

import docx
import pytest
from qda_helpers import QDA, coded, messages, rows, run_import

from naskah.core.errors import ValidationError
from naskah.data.importers.transcripts import roles, segment


def said(text: str) -> list[tuple[str, str]]:
    found = segment(text)
    return [(t.speaker, text[t.start:t.end]) for t in found.turns]


@pytest.mark.parametrize("text", [
    "P: Halo?\nAni: Halo juga.\nP: Apa kabar?\nAni: Baik.",
    "[P] Halo?\n[Ani] Halo juga.\n[P] Apa kabar?\n[Ani] Baik.",
    "#P: Halo?\n#Ani: Halo juga.\n#P: Apa kabar?\n#Ani: Baik.",
    "[00:01:02] P: Halo?\n00:01:09 Ani: Halo juga.\n(00:02:00) P: Apa kabar?\n00:02:05 Ani: Baik.",
])
def test_every_prefix_style(text):
    assert said(text) == [("P", "Halo?"), ("Ani", "Halo juga."), ("P", "Apa kabar?"), ("Ani", "Baik.")]


def test_the_style_with_most_turns_wins_and_a_sentence_with_a_colon_is_no_speaker():
    text = ("Transkrip wawancara 3\n[catatan] direkam di kafe\nP: Bagaimana awalnya?\n"
            "I03: Jadi begini: saya dikenalkan teman.\nLalu kami mengobrol.\nP: Kapan?\nI03: Tahun lalu.")
    found = segment(text)
    assert found.style == "Name:"
    assert [(t.speaker, text[t.start:t.end]) for t in found.turns][1] == (
        "I03", "Jadi begini: saya dikenalkan teman.\nLalu kami mengobrol.")
    assert found.unassigned == [(1, "Transkrip wawancara 3"), (2, "[catatan] direkam di kafe")]


def test_the_interviewer_is_who_asks_unless_named():
    text = "Rina: Sejak kapan?\nBudi: Sejak SMA.\nRina: Kenapa berhenti?\nBudi: Sibuk kerja."
    turns = segment(text).turns
    assert roles(turns, text, "I01", set())[0] == {"rina"}
    assert roles(turns, text, "I01", {"Budi"}) == ({"budi"}, "named with --interviewer")
    text = "Peneliti: Ceritakan.\nInforman: Baik.\nPeneliti: Lalu?\nInforman: Selesai."
    assert roles(segment(text).turns, text, "I01", set()) == ({"peneliti"}, "a usual interviewer label")


def test_a_word_transcript_with_paragraphs_breaks_and_a_table(tmp_path):
    document = docx.Document()
    document.add_paragraph("Wawancara dengan informan kunci")
    document.add_paragraph("Peneliti: Bagaimana awalnya?")
    document.add_paragraph("Narasumber: Kenal di grup,")
    document.add_paragraph("lalu berlanjut lewat pesan pribadi.")
    table = document.add_table(rows=2, cols=2)
    for row, (who, text) in zip(table.rows, [("Peneliti", "Sampai sekarang?"), ("Narasumber", "Masih.")],
                                strict=True):
        row.cells[0].text, row.cells[1].text = who, text
    document.save(tmp_path / "I04.docx")
    outcome, project = run_import(tmp_path, tmp_path / "I04.docx")
    assert [(r["turn"], r["speaker"], r["text"]) for r in rows(project / "data/transcripts/I04.csv")] == [
        ("1", "P", "Bagaimana awalnya?"), ("2", "I04", "Kenal di grup, lalu berlanjut lewat pesan pribadi."),
        ("3", "P", "Sampai sekarang?"), ("4", "I04", "Masih.")]
    assert any("line 1 comes before the first speaker and belongs to no turn: 'Wawancara dengan informan kunci'"
               in m for m in messages(outcome))
    assert "no codes in the input files: codebook.yaml is not written" in "\n".join(messages(outcome))


def test_a_workbook_with_one_sheet_per_interview(tmp_path):
    _outcome, project = run_import(tmp_path, QDA / "sheets" / "transcripts.xlsx")
    turns = rows(project / "data/transcripts/I04.csv")
    assert [t["turn"] for t in turns] == ["1", "2", "3", "4", "5", "6", "7"]  # 1.0 from calamine is turn 1
    assert turns[3]["text"].endswith("🙂 lalu kami saling mengikuti.")
    assert coded(project / "data/transcripts/I05.csv") == {2: "kontak"}


def test_a_sheet_with_an_informant_column_and_semicolons(tmp_path):
    sheet = tmp_path / "semua.csv"
    sheet.write_text("\ufeffinforman;giliran;pembicara;teks\nI08;1;P;Halo?\nI08;2;I08;Halo.\n"
                     "I09;1;P;Siapa?\nI09;3;I09;Saya.\n", encoding="utf-8")
    _outcome, project = run_import(tmp_path, sheet)
    assert [(r["turn"], r["speaker"]) for r in rows(project / "data/transcripts/I09.csv")] == [("1", "P"),
                                                                                              ("3", "I09")]


@pytest.mark.parametrize("name, content, expected", [
    ("lama.doc", b"\xd0\xcf\x11\xe0", "lama.doc: Word 97 files cannot be imported directly"),
    ("rusak.docx", b"PK\x03\x04rusak", "rusak.docx: not a complete .docx file"),
    ("latin.txt", "P: caf\xe9?\nI01: ya.".encode("latin-1"), "latin.txt:1: unknown encoding: not UTF-8 (byte 0xe9)"),
    ("aneh.json", b"{}", "aneh.json: unknown file type '.json'"),
])
def test_bad_transcript_files(tmp_path, monkeypatch, name, content, expected):
    monkeypatch.chdir(tmp_path)
    (tmp_path / name).write_bytes(content)
    with pytest.raises(ValidationError) as caught:
        run_import(tmp_path, name)
    assert expected in str(caught.value)
