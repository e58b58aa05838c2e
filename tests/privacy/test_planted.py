"""Recall on planted contact details, precision on hard negatives and on the demo project.

``planted.csv`` has one row per form: ``kind`` (the detector that must find it, or ``none`` for a
hard negative), ``value`` (the part a hit must cover, so redaction removes all of it), ``named``
(``yes``: a form issue 10 names — all of them must be found) and ``text``; ``\\n`` in a cell stands
for a line break. Rows marked ``no`` include forms naskah knowingly misses (a letter O for a zero,
filler words inside a spoken number); the overall recall is measured, printed with ``-s`` and held
above a floor.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

import pytest

from naskah.data.config import load_config
from naskah.privacy.detectors import DEFAULT_ALLOW, Detector, Identity, detector_for
from naskah.privacy.guard import library_urls

HERE = Path(__file__).parent
REPO = HERE.parents[1]
MAP = [Identity("I01", "name", "Dédé Sétiawan"), Identity("I02", "name", "Siti Aminah"),
       Identity("I03", "phone", "0812-3456-7821"), Identity("I04", "handle", "@mawar_26"),
       Identity("I05", "place", "Kampung Cibeureum")]
DETECTOR = Detector(MAP, DEFAULT_ALLOW, {"devito2016", "knapp1978"})


@dataclass(frozen=True)
class Planted:
    kind: str
    value: str
    named: bool
    text: str


def planted() -> list[Planted]:
    with open(HERE / "planted.csv", encoding="utf-8", newline="") as handle:
        return [Planted(row["kind"], row["value"].replace("\\n", "\n"), row["named"] == "yes",
                        row["text"].replace("\\n", "\n")) for row in csv.DictReader(handle)]


ROWS = planted()
POSITIVES = [row for row in ROWS if row.kind != "none"]
NEGATIVES = [row for row in ROWS if row.kind == "none"]


def found(row: Planted) -> bool:
    """A hit of the expected detector covers the whole planted value."""
    start = row.text.index(row.value)
    end = start + len(row.value)
    return any(hit.detector == row.kind and hit.start <= start and hit.end >= end for hit in DETECTOR.find(row.text))


def test_the_planted_corpus_is_big_enough_and_consistent():
    assert len(POSITIVES) >= 60 and len(NEGATIVES) >= 60
    assert all(row.value and row.value in row.text for row in POSITIVES)
    assert {row.kind for row in POSITIVES} >= {"phone", "email", "handle", "identity:name", "identity:phone"}


@pytest.mark.parametrize("row", [row for row in POSITIVES if row.named], ids=lambda row: row.text[:40])
def test_every_form_the_issue_names_is_found_and_redacted_whole(row):
    assert found(row), [(h.detector, h.value) for h in DETECTOR.find(row.text)]
    redacted, _ = DETECTOR.redact(row.text, "[disamarkan]")
    assert row.value not in redacted


@pytest.mark.parametrize("row", NEGATIVES, ids=lambda row: row.text[:40])
def test_hard_negatives_are_not_identifying(row):
    assert [(h.detector, h.value) for h in DETECTOR.find(row.text)] == []


def test_overall_recall_and_precision_on_the_planted_corpus():
    hits = [row for row in POSITIVES if found(row)]
    false_alarms = [row for row in NEGATIVES if DETECTOR.find(row.text)]
    recall = len(hits) / len(POSITIVES)
    precision = 1 - len(false_alarms) / len(NEGATIVES)
    missed = [row.text for row in POSITIVES if row not in hits]
    print(f"\nplanted corpus: recall {len(hits)}/{len(POSITIVES)} = {recall:.1%}; "
          f"negatives without a hit {len(NEGATIVES) - len(false_alarms)}/{len(NEGATIVES)} = {precision:.1%}; "
          f"missed: {missed}")
    assert precision == 1
    assert recall >= 0.9, missed


def demo_texts() -> list[tuple[str, str]]:
    """What a user of the demo wrote: every transcript and informant cell, the chapters, codebook, library."""
    texts = []
    for path in sorted((REPO / "data").rglob("*.csv")):
        with open(path, encoding="utf-8", newline="") as handle:
            for number, row in enumerate(csv.reader(handle), start=1):
                texts += [(f"{path.relative_to(REPO)}:{number}", cell) for cell in row]
    for pattern in ("chapters/*", "data/*.yaml", "data/*.md", "references/*.bib", "config/*.yaml"):
        texts += [(str(p.relative_to(REPO)), p.read_text("utf-8")) for p in sorted(REPO.glob(pattern)) if p.is_file()]
    return texts


def test_the_demo_project_produces_no_hit():
    config = load_config(REPO / "config" / "config.yaml")
    library = config.input_path("bibliography")
    detector = detector_for(config, extra_allow=library_urls(library, str(library)))
    texts = demo_texts()
    assert len(texts) > 500  # the transcripts were read
    hits = [(where, hit.detector, hit.masked) for where, text in texts for hit in detector.find(text)]
    assert hits == []


def test_the_planted_forms_read_together_are_found_as_one_by_one():
    """Redaction and the guard read many texts in one search: every planted form and hard negative, read together
    (find_each), gets the hits it gets alone."""
    texts = [row.text for row in ROWS]
    alone = {index: hits for index, text in enumerate(texts) if (hits := DETECTOR.find(text))}
    assert DETECTOR.find_each(texts) == alone
