"""A failed, killed or misconfigured build never replaces, removes or half-publishes the last good draft.

These run Snakemake itself (the venv off PATH, as users and examiners run it), on the small fixture
project: one good build per module, then each test breaks something in a copy of it.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import read, snakemake, source_hashes, write

DRAFTS = ["results/thesis.html", "results/thesis.docx", "results/thesis.pdf"]


def digest(project: Path, relative: str) -> str:
    return hashlib.sha256((project / relative).read_bytes()).hexdigest()


def drafts_of(project: Path) -> dict[str, str]:
    return {d: digest(project, d) for d in DRAFTS}


def assert_last_good_draft_kept(project: Path, before: dict[str, str], stderr: str, language: str = "id") -> None:
    assert drafts_of(project) == before, "a failed build changed the last good draft"
    for draft in DRAFTS:
        said = {"id": f"naskah: {draft} berasal dari pembangunan terakhir yang berhasil (",  # the demo's language
                "en": f"naskah: {draft} is from the last good build ("}[language]
        assert said in stderr, stderr[-2000:]


def test_drafts_are_published_only_after_the_guard(built_once):
    for draft in DRAFTS:
        staged = built_once / draft.replace("results/", "results/staging/")
        assert (built_once / draft).read_bytes() == staged.read_bytes()
    assert "results/thesis.pdf" in read(built_once, "results/privacy/guard.json")


def test_a_failing_chapter_keeps_the_last_good_draft_and_says_so(built_copy):
    before = drafts_of(built_copy)
    chapter = read(built_copy, "chapters/02-hasil.md")
    write(built_copy, "chapters/02-hasil.md", chapter + "\nLihat @tbl:tidak-ada.\n")
    sources = source_hashes(built_copy)
    result = snakemake(built_copy)
    assert result.returncode != 0
    assert "chapters/02-hasil.md:" in result.stderr and "rujukan @tbl:tidak-ada tidak ditemukan" in result.stderr
    assert_last_good_draft_kept(built_copy, before, result.stderr)
    assert source_hashes(built_copy) == sources


def test_a_leak_found_by_the_guard_is_never_published(built_copy):
    before = drafts_of(built_copy)
    chapter = read(built_copy, "chapters/02-hasil.md")
    write(built_copy, "chapters/02-hasil.md", chapter + "\nHubungi 0812-3456-7890 untuk informasi.\n")
    result = snakemake(built_copy)
    assert result.returncode != 0
    assert "0812-3456-7890" not in result.stderr  # masked, never printed
    assert_last_good_draft_kept(built_copy, before, result.stderr)


@pytest.mark.parametrize(("mistake", "expected"), [
    ("  year: 2026\n  extra: [unclosed\n", "config/config.yaml:"),
    ("  year: dua ribu\n", "config/config.yaml:"),
])
def test_a_config_mistake_is_reported_at_its_line_and_keeps_the_draft(built_copy, mistake, expected):
    before = drafts_of(built_copy)
    config = read(built_copy, "config/config.yaml")
    lines = config.split("\n")
    at = next(i for i, line in enumerate(lines) if line.startswith("  year:"))
    lines[at] = mistake.rstrip("\n")
    write(built_copy, "config/config.yaml", "\n".join(lines))
    result = snakemake(built_copy)
    assert result.returncode != 0
    assert expected in result.stderr
    assert "Traceback" not in result.stderr and "WorkflowError" not in result.stderr
    unreadable = "unclosed" in mistake  # a config that does not parse names no thesis language: English
    assert_last_good_draft_kept(built_copy, before, result.stderr, "en" if unreadable else "id")


def test_an_input_pointing_at_a_missing_file_stops_the_build(built_copy):
    before = drafts_of(built_copy)
    config = read(built_copy, "config/config.yaml")
    write(built_copy, "config/config.yaml", config.replace("codebook: data/codebook", "codebook: data/kodebook"))
    result = snakemake(built_copy)
    assert result.returncode != 0
    assert "inputs.codebook: 'data/kodebook.yaml' tidak ada" in result.stderr
    assert_last_good_draft_kept(built_copy, before, result.stderr)


def test_an_input_outside_the_project_is_never_read(built_copy, tmp_path):
    secret = tmp_path / "rahasia.csv"
    secret.write_text("informant,group,category\nRAHASIA-BARIS-PERTAMA,x,y\n", encoding="utf-8")
    config = read(built_copy, "config/config.yaml")
    relative = os.path.relpath(secret, built_copy)
    config = config.replace("informants: data/informants.csv", f"informants: {relative}")
    write(built_copy, "config/config.yaml", config)
    result = snakemake(built_copy)
    assert result.returncode != 0
    assert f"inputs.informants: '{relative}' berada di luar proyek" in result.stderr  # in the thesis language
    assert "RAHASIA" not in result.stderr


def test_config_overlays_reach_the_jobs_and_a_format_switched_off_is_removed(built_copy):
    result = snakemake(built_copy, "--config", "render={formats: [html]}")
    assert result.returncode == 0, result.stderr[-3000:]
    assert (built_copy / "results/thesis.html").is_file()
    assert not (built_copy / "results/thesis.docx").exists() and not (built_copy / "results/thesis.pdf").exists()


def test_a_config_overlay_mistake_names_the_overlay(built_copy):
    overlay = write(built_copy, "final.yaml", "render:\n  formats: [html, pdf, epub]\n")
    result = snakemake(built_copy, "--configfile", str(overlay))
    assert result.returncode != 0
    assert "final.yaml:2: render.formats.2:" in result.stderr, result.stderr[-2000:]


def naskah_build(project: Path, *args: str) -> subprocess.Popen:
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    return subprocess.Popen([sys.executable, "-m", "naskah", "build", "-c2", *args], cwd=project, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)


@pytest.mark.slow
def test_a_build_killed_half_way_publishes_nothing_unscanned_and_the_next_build_recovers(built_copy):
    before = drafts_of(built_copy)
    write(built_copy, "chapters/02-hasil.md", read(built_copy, "chapters/02-hasil.md") + "\nSatu kalimat baru.\n")
    process = naskah_build(built_copy)
    time.sleep(4)
    os.killpg(process.pid, signal.SIGKILL)  # the whole process group, as a power cut would
    process.wait()
    for draft in DRAFTS:  # each published draft is the old one, or one the guard passed — never unscanned
        staged = built_copy / draft.replace("results/", "results/staging/")
        now = digest(built_copy, draft)
        assert now == before[draft] or (staged.is_file() and now == hashlib.sha256(staged.read_bytes()).hexdigest())
    recovered = naskah_build(built_copy)
    out, err = recovered.communicate(timeout=600)
    assert recovered.returncode == 0, err[-3000:]
    assert "Satu kalimat baru." in read(built_copy, "results/thesis.html")
    assert "IncompleteFilesException" not in err and "LockException" not in err


@pytest.mark.slow
def test_the_build_runs_through_a_cluster_executor(built_copy):
    """Snakemake's generic cluster executor, 'submitting' each job with bash: only analyse and the
    renders are submitted, the cheap jobs run locally (localrules)."""
    pytest.importorskip("snakemake_executor_plugin_cluster_generic")
    shutil.rmtree(built_copy / "results")
    shutil.rmtree(built_copy / ".snakemake")
    result = snakemake(built_copy, "--executor", "cluster-generic", "--cluster-generic-submit-cmd", "bash",
                       "--jobs", "2", "--workflow-profile", "none")
    assert result.returncode == 0, result.stderr[-3000:]
    assert (built_copy / "results/thesis.pdf").is_file()
    lines = result.stderr.splitlines()
    local = {line[len("localrule "):].rstrip(":") for line in lines if line.startswith("localrule ")}
    submitted = {line[len("rule "):].rstrip(":") for line in lines if line.startswith("rule ")}
    assert {"analyse", "render_html", "render_docx", "render_pdf"} <= submitted
    assert {"literature", "assemble", "manifest", "guard"} <= local
