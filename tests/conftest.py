"""Shared fixtures: a private copy of the mini project, a CLI runner and a file rewriter."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from naskah import cli

FIXTURES = Path(__file__).parent / "fixtures"
MINI = FIXTURES / "mini"

# Inputs a user writes; no naskah command may change them.
SOURCE_DIRS = ("config", "data", "chapters", "references")


@pytest.fixture
def mini(tmp_path: Path) -> Path:
    """A fresh copy of tests/fixtures/mini.

    The fixture folder also holds the outputs of an earlier build (results/);
    they are left out so that every test starts from a project that has never
    been built and "naskah wrote X" cannot be satisfied by a stale file.
    """
    target = tmp_path / "mini"
    shutil.copytree(MINI, target, ignore=shutil.ignore_patterns("results"))
    return target


@pytest.fixture
def run_cli(monkeypatch, capsys):
    """``run_cli(project, *args) -> (exit_code, stderr_text)``: run ``naskah`` inside *project*."""

    def run(project: Path, *args: str) -> tuple[int, str]:
        capsys.readouterr()  # drop anything printed before
        with monkeypatch.context() as patch:
            patch.chdir(project)
            code = cli.main(list(args))
        captured = capsys.readouterr()
        return code, captured.err

    return run


def write(project: Path, relative: str, text: str, encoding: str = "utf-8") -> Path:
    """Replace one file of a copied project (parents are created); returns its path."""
    path = project / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode(encoding))
    return path


def read(project: Path, relative: str) -> str:
    return (project / relative).read_text(encoding="utf-8")


REPO = Path(__file__).resolve().parent.parent


def snakemake(project: Path, *args: str) -> subprocess.CompletedProcess:
    """`.venv/bin/snakemake -c2` in *project*, as a user or an examiner runs it: the venv is NOT activated
    (its bin/ is not on PATH) and there is no SOURCE_DATE_EPOCH from the test runner."""
    venv_bin = Path(sys.executable).parent
    env = {k: v for k, v in os.environ.items() if k not in ("SOURCE_DATE_EPOCH", "VIRTUAL_ENV")}
    env["PATH"] = os.pathsep.join(p for p in env.get("PATH", "").split(os.pathsep)
                                  if p and Path(p).resolve() != venv_bin.resolve())
    exe = venv_bin / "snakemake"
    return subprocess.run([str(exe), "-c2", "--nocolor", *args], cwd=project, capture_output=True, text=True,
                          env=env, timeout=600)


NUMBER_SPAN = re.compile(r"\[([^\]]*)\]\{#n\d+ \.naskah-num\}")
QUOTE_LINK = re.compile(r"\[(\([^()]*\))\]\(#quote-[\w-]+\)")


def as_read(markdown: str) -> str:
    """The Markdown without provenance markup: bound numbers and quote references as plain text."""
    return QUOTE_LINK.sub(r"\1", NUMBER_SPAN.sub(r"\1", markdown))


def replace_line(project: Path, relative: str, line: int, text: str) -> Path:
    """Replace the 1-based *line* of a file with *text* (no newline)."""
    lines = read(project, relative).split("\n")
    lines[line - 1] = text
    return write(project, relative, "\n".join(lines))


def insert_line(project: Path, relative: str, line: int, text: str) -> Path:
    """Insert *text* so that it becomes the 1-based *line* of the file."""
    lines = read(project, relative).split("\n")
    lines.insert(line - 1, text)
    return write(project, relative, "\n".join(lines))


def source_hashes(project: Path) -> dict[str, str]:
    """sha256 of every user source file of *project*."""
    out = {}
    for folder in SOURCE_DIRS:
        for path in sorted((project / folder).rglob("*")):
            if path.is_file():
                out[path.relative_to(project).as_posix()] = hashlib.sha256(path.read_bytes()).hexdigest()
    return out


@pytest.fixture
def rewrite():
    """``rewrite(project, "data/x.csv", text)``: overwrite one file of a copied project."""
    return write


def snakemake_project(target: Path) -> Path:
    shutil.copytree(MINI, target, ignore=shutil.ignore_patterns("results"))
    shutil.copy2(REPO / "Snakefile", target / "Snakefile")
    shutil.copytree(REPO / "profiles", target / "profiles")
    return target


@pytest.fixture(scope="module")
def built_once(tmp_path_factory) -> Path:
    """A project built once, successfully."""
    project = snakemake_project(tmp_path_factory.mktemp("built") / "project")
    result = snakemake(project)
    assert result.returncode == 0, result.stderr[-3000:]
    return project


@pytest.fixture
def built_copy(built_once, tmp_path) -> Path:
    """A private copy of the good build (results, logs and Snakemake's records included)."""
    target = tmp_path / "p"
    shutil.copytree(built_once, target, symlinks=True)
    return target


def inputs(project: Path):
    """(config, codebook, corpus) of *project*, loaded the way the analysis loads them."""
    from naskah.data.codebook import load_codebook
    from naskah.data.config import load_config
    from naskah.data.transcripts import load_corpus

    config = load_config(project / "config/config.yaml")
    codebook = load_codebook(project / "data/codebook.yaml", "data/codebook.yaml")
    return config, codebook, load_corpus(config, codebook)


def analyse(project: Path):
    """The analysis's tables (by id) and facts for *project*."""
    from naskah.analysis.tables import result_tables

    config, codebook, corpus = inputs(project)
    tables, facts = result_tables(config, corpus, codebook)
    return {t.id: t for t in tables}, facts
