"""How problems are worded: ``path:line:col: message — hint``."""

from __future__ import annotations

import pytest

from naskah.core.errors import Diagnostic, Diagnostics, InputError, NaskahError, ValidationError


def test_diagnostic_reads_path_line_column_message_and_hint():
    d = Diagnostic("unknown code 'x'", "data/transcripts/A01.csv", 3, 7, hint="use a code id")
    assert str(d) == "data/transcripts/A01.csv:3:7: unknown code 'x' — use a code id"


def test_diagnostic_omits_what_is_unknown():
    assert str(Diagnostic("bad", "a.csv", 4)) == "a.csv:4: bad"
    assert str(Diagnostic("bad", "a.csv")) == "a.csv: bad"
    assert str(Diagnostic("bad")) == "bad"


def test_lines_and_columns_are_shown_as_given_counting_from_one():
    # the first line of a file is line 1, not line 0
    assert str(Diagnostic("bad", "a.csv", 1, 1)).startswith("a.csv:1:1: ")


def test_warning_is_prefixed():
    d = Diagnostic("duplicate key 'x'", "references/library.bib", 12, hint="rename one", severity="warning")
    assert str(d) == "references/library.bib:12: warning: duplicate key 'x' — rename one"


def test_naskah_error_message_is_the_formatted_diagnostic():
    exc = InputError("table not found", "data/informants.csv", 2, hint="check the path")
    assert str(exc) == "data/informants.csv:2: table not found — check the path"
    assert isinstance(exc, NaskahError)
    assert exc.exit_code == 1
    assert [str(d) for d in exc.diagnostics] == [str(exc)]


def test_raise_if_errors_raises_every_error_sorted_by_path_and_line():
    diags = Diagnostics()
    diags.error("third", "b.csv", 2)
    diags.error("second", "a.csv", 10)
    diags.warning("a warning", "a.csv", 5)
    diags.error("first", "a.csv", 3)
    with pytest.raises(ValidationError) as info:
        diags.raise_if_errors()
    lines = str(info.value).split("\n")
    assert lines == ["a.csv:3: first", "a.csv:10: second", "b.csv:2: third"]
    assert [d.message for d in info.value.diagnostics] == ["first", "second", "third"]


def test_raise_if_errors_does_nothing_with_only_warnings():
    diags = Diagnostics()
    diags.warning("just so you know", "a.csv", 1)
    diags.raise_if_errors()  # must not raise
    assert len(diags.warnings) == 1 and diags.errors == []


def test_strict_turns_warnings_into_errors():
    diags = Diagnostics()
    diags.warning("duplicate key 'x'", "references/library.bib", 12)
    diags.error("missing column", "data/informants.csv", 1)
    with pytest.raises(ValidationError) as info:
        diags.raise_if_errors(strict=True)
    text = str(info.value)
    assert text.split("\n") == [
        "data/informants.csv:1: missing column",
        "references/library.bib:12: duplicate key 'x'",
    ]
    assert "warning" not in text
    assert all(d.severity == "error" for d in info.value.diagnostics)


def test_strict_with_only_warnings_raises():
    diags = Diagnostics()
    diags.warning("unreadable entry", "references/library.bib", 3)
    with pytest.raises(ValidationError, match=r"references/library\.bib:3: unreadable entry"):
        diags.raise_if_errors(strict=True)
