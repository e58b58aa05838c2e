"""The bad-input corpus (cases.yaml): every realistic mistake is reported at its ``file:line``, with the
right exit code, without a traceback, without touching a source or the last good draft.

Every case runs through ``naskah check`` in-process (fast); three run through Snakemake after one good
build, to show that the published drafts survive a failed build (tests/workflow/test_safety.py covers a
chapter error and config YAML errors there; these add a transcript, a library and an identity-map error).
"""

from __future__ import annotations

import hashlib
from collections import Counter
from pathlib import Path

import pytest
from badcases import LAST_GOOD, apply_edit, load_cases, make_project, tree_hashes
from conftest import snakemake, source_hashes

CASES = load_cases()
BY_NAME = {case.name: case for case in CASES}
AREAS = ("config", "codebook", "informants", "transcripts", "bib", "chapters", "identity")


def assert_clean_output(output: str) -> None:
    assert "Traceback" not in output, output
    assert "internal error" not in output, output


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_bad_input_is_reported_at_its_line(case, tmp_path, run_cli):
    project = make_project(case, tmp_path / "p")
    before = tree_hashes(project)
    code, stderr = run_cli(project, *case.args)
    assert code == case.exit, stderr
    for fragment in case.expect:
        assert fragment in stderr, f"expected {fragment!r} in:\n{stderr}"
    for secret in case.absent:
        assert secret not in stderr, f"{secret!r} must never be printed:\n{stderr}"
    assert_clean_output(stderr)
    # sources, the private identity map and the last good draft byte-identical; nothing new written
    assert tree_hashes(project) == before


def test_the_corpus_covers_every_input():
    assert len(CASES) >= 60
    per_area = Counter(case.area for case in CASES)
    assert set(per_area) == set(AREAS), per_area
    failing = Counter(case.area for case in CASES if case.exit != 0)
    assert min(failing.values()) >= 7, failing  # the few passing cases guard against false alarms (BOM, ';')


def test_a_case_edit_that_no_longer_matches_the_fixture_fails_loudly(tmp_path):
    """An ``old`` text that the fixture no longer holds must not silently test the unchanged project."""
    project = make_project(BY_NAME["transcript-unknown-speaker"], tmp_path / "p", last_good=False)
    with pytest.raises(AssertionError, match="must occur exactly once"):
        apply_edit(project, {"file": "data/transcripts/A01.csv", "old": "3,P,Lalu?,", "new": "3,X,Lalu?,"})


# ---------------------------------------------------------------- through Snakemake, after a good build

DRAFTS = list(LAST_GOOD)
THROUGH_SNAKEMAKE = ["transcript-unknown-speaker", "bib-unbalanced-brace", "identity-unknown-kind"]


def digests(project: Path) -> dict[str, str]:
    return {d: hashlib.sha256((project / d).read_bytes()).hexdigest() for d in DRAFTS}


@pytest.mark.parametrize("name", THROUGH_SNAKEMAKE)
def test_a_failed_build_keeps_the_last_good_draft(name, built_copy):
    case = BY_NAME[name]
    before = digests(built_copy)
    for edit in case.edits:
        apply_edit(built_copy, edit)
    sources = source_hashes(built_copy)
    private = {p: p.read_bytes() for p in (built_copy / "private").rglob("*") if p.is_file()}
    result = snakemake(built_copy)
    assert result.returncode != 0
    for fragment in case.expect:
        if not fragment.startswith("naskah check"):
            assert fragment in result.stderr, f"expected {fragment!r} in:\n{result.stderr[-3000:]}"
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr, result.stderr[-3000:]
    assert digests(built_copy) == before, "a failed build changed the last good draft"
    for draft in DRAFTS:
        assert f"naskah: {draft} berasal dari pembangunan terakhir yang berhasil (" in result.stderr, \
            result.stderr[-2000:]
    assert source_hashes(built_copy) == sources
    assert {p: p.read_bytes() for p in (built_copy / "private").rglob("*") if p.is_file()} == private
    for secret in case.absent:  # never in a message, a log or anything the build wrote
        assert secret not in result.stdout + result.stderr
        for written in [*(built_copy / "logs").rglob("*"), *(built_copy / "results").rglob("*")]:
            if written.is_file():
                assert secret.encode() not in written.read_bytes(), written
