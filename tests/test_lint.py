"""The code and the workflow stay clean: ruff, snakefmt and Snakemake's own linter."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO

BIN = Path(sys.executable).parent


def run(*command: str) -> subprocess.CompletedProcess:
    return subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=300)


def test_ruff_finds_nothing():
    result = run(str(BIN / "ruff"), "check", "src", "tests", "bench", "tools")
    assert result.returncode == 0, result.stdout[-3000:]


def test_the_workflow_is_snakefmt_formatted():
    if not (BIN / "snakefmt").exists() and shutil.which("snakefmt") is None:
        pytest.skip("snakefmt is not installed (pip install -e '.[test]')")
    result = run(str(BIN / "snakefmt"), "--check", "Snakefile", "src/naskah/workflow")
    assert result.returncode == 0, result.stderr[-3000:]


def test_snakemake_lint_is_clean():
    result = run(str(BIN / "snakemake"), "--lint")
    assert result.returncode == 0 and "Congratulations" in result.stdout + result.stderr, result.stdout[-3000:]
