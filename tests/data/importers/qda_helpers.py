"""Helpers for the importer tests: the QDA fixtures and a one-call import into a fresh folder.

(Not a conftest.py: a second module of that name would shadow the suite's own.)
"""

from __future__ import annotations

import csv
from pathlib import Path

from naskah.data.importers.run import Options, import_sources

QDA = Path(__file__).resolve().parents[2] / "fixtures" / "qda"
TAGUETTE = QDA / "taguette"


def run_import(tmp_path: Path, *sources, **options):
    """``(outcome, project folder)`` of importing *sources* into a new folder (``into=`` another one)."""
    into = options.pop("into", tmp_path / "project")
    outcome = import_sources([str(s) for s in sources], Options(into=into, **options))
    return outcome, into


def rows(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def coded(path: Path, column: str = "codes") -> dict[int, str]:
    """turn → the cell of *column*, for turns where it is filled."""
    return {int(r["turn"]): r[column] for r in rows(path) if r.get(column)}


def messages(outcome) -> list[str]:
    return [str(d) for d in outcome.diags.items]
