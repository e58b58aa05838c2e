"""Text inputs: control characters and oversized files are refused with their place, nothing is read past them."""

from __future__ import annotations

import pytest
from conftest import write

from naskah.core.errors import NaskahError
from naskah.core.files import read_text


def test_a_nul_byte_and_a_bell_are_reported_at_line_and_column(tmp_path):
    path = tmp_path / "I01.csv"
    path.write_bytes(b"turn,speaker,text,codes\n1,P,ha\x00lo,\n2,I01,x\x07y,\n")
    with pytest.raises(NaskahError) as caught:
        read_text(path, "table", "data/transcripts/I01.csv")
    messages = [str(d) for d in caught.value.diagnostics]
    assert messages[0].startswith("data/transcripts/I01.csv:2:7: a NUL byte in the text — delete it")
    assert messages[1].startswith("data/transcripts/I01.csv:3:8: control character U+0007 in the text")


def test_tabs_and_windows_line_ends_are_ordinary_text(tmp_path):
    path = tmp_path / "x.csv"
    path.write_bytes(b"a\tb\r\nc\r\n")
    assert read_text(path) == "a\tb\r\nc\r\n"


def test_a_file_over_the_limit_is_refused_without_reading_it(tmp_path):
    path = tmp_path / "besar.csv"
    path.write_bytes(b"x" * 2048)
    with pytest.raises(NaskahError) as caught:
        read_text(path, "table", "data/transcripts/besar.csv", max_bytes=1024)
    assert "data/transcripts/besar.csv: the table is 2.0 KB, more than the limit of 1.0 KB" in str(caught.value)


def test_a_transcript_with_only_a_header_is_an_error(mini, run_cli):
    write(mini, "data/transcripts/A02.csv", "turn,speaker,text,codes\n")
    code, err = run_cli(mini, "check")
    assert code == 1
    assert "data/transcripts/A02.csv:1: transkrip ini tidak memiliki giliran (hanya baris judul)" in err  # Indonesian


def test_the_transcript_size_limit_is_configurable(mini, run_cli):
    config = (mini / "config/config.yaml").read_text(encoding="utf-8")
    write(mini, "config/config.yaml", config.replace("  chapters: chapters", "  chapters: chapters\n"
                                                     "  max_transcript_mb: 0.0001"))
    code, err = run_cli(mini, "check")
    assert code == 1
    assert "data/transcripts/A01.csv: tabel ini berukuran" in err and "melebihi batas 104 bita" in err
