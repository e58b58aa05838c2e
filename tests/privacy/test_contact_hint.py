"""contacts.may_hold_contact lets the detector skip a text: it must never say no where a detector finds something."""

from __future__ import annotations

import csv
import random
from pathlib import Path

from naskah.privacy.contacts import emails, handles, links, may_hold_contact, phones
from naskah.privacy.detectors import Detector

HERE = Path(__file__).parent
PIECES = ["0812", "０８１２", "+62", "62", "08", " 8", "0", "nol", "Kosong", "KOſONG", "koſong", "enam", "plus", "zero",
          "@", " at ", "[at]", "(AT)", "<at>", " dot ", "[dot]", "gmail", ".com", "wa.me/", "t.me/", "http://", "www.",
          "www.-x", "instagram.com/", "IG", "ig:", "IG = ", "wa", "line", "FB: Rina Kartika", "rina_99", "rina.manis",
          "İ", "ı", "K", "ſ", "é", "…", " ", "  ", "\n", "-", "/", "(", ")", ".", ",", "kak", "Rina", "x", "1", "9"]


def demo_texts() -> list[str]:
    texts = []
    for path in sorted((HERE.parent.parent / "data" / "transcripts").glob("*.csv")):
        with open(path, encoding="utf-8", newline="") as handle:
            texts += [row["text"] for row in csv.DictReader(handle)]
    return texts


def corpus_texts() -> list[str]:
    with open(HERE / "planted.csv", encoding="utf-8", newline="") as handle:
        texts = [row["text"] for row in csv.DictReader(handle)] + demo_texts()
    rng = random.Random(20261202)
    texts += ["".join(rng.choice(PIECES) for _ in range(rng.randint(1, 12))) for _ in range(20000)]
    return texts


def spans(text: str) -> list:
    return [*phones(text), *emails(text), *links(text), *handles(text)]


def test_a_text_the_hint_passes_over_holds_nothing_the_detectors_find():
    missed = [text for text in corpus_texts() if not may_hold_contact(text) and spans(text)]
    assert missed == []


def test_the_planted_values_are_all_looked_at():
    with open(HERE / "planted.csv", encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert rows and all(may_hold_contact(row["text"]) for row in rows if spans(row["text"]))


def test_most_turns_of_the_demo_need_no_closer_look():
    texts = demo_texts()
    assert sum(not may_hold_contact(t) for t in texts) > len(texts) // 2
    detector = Detector()
    assert all(detector.find(t) == [] for t in texts if not may_hold_contact(t))
