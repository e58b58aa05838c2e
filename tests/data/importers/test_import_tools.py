"""Taguette (real exports of Taguette 1.5.2), QualCoder's coding report and coded-segment sheets."""

from __future__ import annotations

import pytest
import yaml
from qda_helpers import QDA, TAGUETTE, coded, messages, rows, run_import

TRANSCRIPTS = [TAGUETTE / "I01.txt", TAGUETTE / "I02.txt", TAGUETTE / "I03.docx"]


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_taguette_highlights_are_found_in_the_transcripts(tmp_path, kind):
    outcome, project = run_import(tmp_path, TAGUETTE / f"highlights.{kind}", TAGUETTE / f"codebook.{kind}",
                                  *TRANSCRIPTS, coder="ani")
    book = yaml.safe_load((project / "data/codebook.yaml").read_text(encoding="utf-8"))
    assert [(c["id"], c.get("parent")) for c in book["codes"]][1:3] == [("kontak", None), ("sapaan", "kontak")]
    assert book["codes"][1]["description"] == "Tahap kontak: perkenalan pertama."
    # a highlight over two turns (with an emoji in the first) codes both, with both of its tags
    assert coded(project / "data/transcripts/I01.csv") == {2: "sapaan", 4: "keterlibatan;keakraban",
                                                           5: "keterlibatan;keakraban", 7: "perusakan"}
    assert coded(project / "data/transcripts/I02.csv") == {2: "kontak", 4: "keakraban", 6: "perusakan;pemutusan"}
    assert coded(project / "data/transcripts/I03.csv") == {2: "pemutusan"}  # from the .docx
    said = "\n".join(messages(outcome))
    assert "1 coding of 'I01' lies on interviewer turns only and is left out" in said
    assert "- coder: ani (the `codes` column)" in outcome.report


def test_taguette_qdc_codebook_and_the_xlsx_give_the_same_project(tmp_path):
    _o, from_csv = run_import(tmp_path, TAGUETTE / "highlights.csv", TAGUETTE / "codebook.qdc", *TRANSCRIPTS,
                              into=tmp_path / "a")
    _o, from_xlsx = run_import(tmp_path, TAGUETTE / "highlights.xlsx", TAGUETTE / "codebook.qdc", *TRANSCRIPTS,
                               into=tmp_path / "b")
    for name in ("codebook.yaml", "transcripts/I01.csv", "transcripts/I02.csv", "transcripts/I03.csv"):
        assert (from_csv / "data" / name).read_bytes() == (from_xlsx / "data" / name).read_bytes()


def test_highlights_without_their_transcripts_say_what_is_missing(tmp_path):
    outcome, project = run_import(tmp_path, TAGUETTE / "highlights.csv", TAGUETTE / "I01.txt")
    said = "\n".join(messages(outcome))
    assert "highlights.csv:7: warning: 4 codings of document 'I02', which no input file holds, left out" in said
    assert sorted(p.name for p in (project / "data/transcripts").iterdir()) == ["I01.csv"]


def test_a_changed_transcript_leaves_the_highlight_out_with_its_row(tmp_path):
    changed = tmp_path / "I03.txt"
    changed.write_text("P: Bagaimana pertemanan daring Anda berakhir?\nI03: Saya lupa.\n", encoding="utf-8")
    outcome, _project = run_import(tmp_path, TAGUETTE / "highlights.csv", changed)
    assert any("highlights.csv:11: warning: the coded text 'Pesan saya tidak dibalas, lalu akunnya hilang dar…' "
               "(pemutusan) is not in 'I03'" in m for m in messages(outcome))


def test_qualcoder_report(tmp_path):
    outcome, project = run_import(tmp_path, QDA / "qualcoder" / "report_codings.csv", TAGUETTE / "I01.txt",
                                  TAGUETTE / "I02.txt")
    book = yaml.safe_load((project / "data/codebook.yaml").read_text(encoding="utf-8"))
    assert {(c["id"], c.get("parent")) for c in book["codes"]} == {("kontak", None), ("sapaan", "kontak"),
                                                                    ("keterlibatan", None), ("keakraban", None),
                                                                    ("perusakan", None)}
    assert coded(project / "data/transcripts/I01.csv", "codes:ani") == {2: "sapaan", 5: "keterlibatan", 7: "-"}
    assert coded(project / "data/transcripts/I02.csv", "codes:budi") == {2: "-", 4: "keakraban", 6: "-"}
    said = "\n".join(messages(outcome))
    assert "1 coding of an image or audio/video left out" in said
    assert "report_codings.csv:6: warning: the coded text 'kalimat yang tidak ada di transkrip' (perusakan)" in said


def test_maxqda_coded_segments_with_paragraph_numbers(tmp_path):
    outcome, project = run_import(tmp_path, QDA / "sheets" / "maxqda_coded_segments.xlsx", TAGUETTE / "I01.txt",
                                  TAGUETTE / "I02.txt")
    assert coded(project / "data/transcripts/I01.csv") == {2: "sapaan"}
    assert coded(project / "data/transcripts/I02.csv") == {4: "keakraban", 6: "perusakan"}
    said = "\n".join(messages(outcome))
    # the row Excel shows (a title row and an empty row above the header)
    assert "maxqda_coded_segments.xlsx[Coded Segments]:7: warning: paragraphs 40–41 lie past the end of 'I02'" in said


def test_a_mapping_file_names_a_students_own_columns(tmp_path):
    sheet = tmp_path / "kode.csv"
    sheet.write_text("Informan;Kategori;Kutipan langsung\nI01;Kontak > Sapaan;menyapa duluan\n", encoding="utf-8")
    outcome, _p = run_import(tmp_path, sheet, TAGUETTE / "I01.txt", into=tmp_path / "a")
    assert "sheet not recognised (columns: Informan, Kategori, Kutipan langsung)" in "\n".join(messages(outcome))
    mapping = tmp_path / "kolom.yaml"
    mapping.write_text("code: [Kategori]\ntext: [Kutipan langsung]\n", encoding="utf-8")
    _o, project = run_import(tmp_path, sheet, TAGUETTE / "I01.txt", into=tmp_path / "b", columns=mapping)
    assert coded(project / "data/transcripts/I01.csv") == {2: "sapaan"}
    assert rows(project / "data/informants.csv")[0]["informant"] == "I01"
