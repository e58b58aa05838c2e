"""How a REFI-QDA export counted its selection positions, found per source.

The standard (REFI-QDA 1.5, §10.2) counts Unicode code points from 0, end exclusive, and
ATLAS.ti does so. NVivo counts UTF-16 code units over the raw text, a carriage return
included (an emoji counts 2); some tools count a CRLF line end once. On an ASCII text with LF
line ends all of these agree; where they differ, each candidate is tried on every selection of
the source and the one that fits best is used: no selection past the end of the text or inside
a surrogate pair, then the most selections whose text starts with the selection's ``name``
(ATLAS.ti and QualCoder write the quoted text there), then the most selections that start and
end at a line boundary (NVivo codes whole paragraphs). Every position is converted to code
points over the text with its line ends normalised to LF, the text naskah works on.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass

from naskah.data.importers.model import squash

STANDARD = "code points (the REFI-QDA standard)"
ASTRAL = re.compile("[\U00010000-\U0010FFFF]")
GENERIC_NAME = re.compile(r"^(Quotation|Kutipan|Zitat)\s+\d+:\d+$", re.IGNORECASE)


@dataclass(frozen=True)
class Selection:
    start: int
    end: int
    name: str = ""


class SourceText:
    """A source's text as read (BOM removed) and as naskah uses it (LF line ends)."""

    def __init__(self, raw: str):
        self.raw = raw
        self.text = raw.replace("\r\n", "\n").replace("\r", "\n")
        self._dropped = [m.start() for m in re.finditer("\r\n", raw)]  # CRs that normalisation removes
        self._astral_raw = _astral_units(raw)
        self._astral_text = _astral_units(self.text) if self._dropped else self._astral_raw

    def candidates(self) -> list[tuple[str, Callable[[int], int | None]]]:
        """(label, offset → code point in ``text`` or None), distinct ones only, the standard first."""
        out: list[tuple[str, Callable[[int], int | None]]] = [(STANDARD, self._from_raw_points)]
        if self._dropped:
            out.append(("code points, a CRLF line end counted once", self._from_text_points))
        if self._astral_raw:
            out.append(("UTF-16 code units (NVivo's way)", self._from_raw_units))
            if self._dropped:
                out.append(("UTF-16 code units, a CRLF line end counted once", self._from_text_units))
        return out

    def _from_raw_points(self, offset: int) -> int | None:
        if not 0 <= offset <= len(self.raw):
            return None
        return offset - bisect_left(self._dropped, offset)

    def _from_text_points(self, offset: int) -> int | None:
        return offset if 0 <= offset <= len(self.text) else None

    def _from_raw_units(self, offset: int) -> int | None:
        point = _units_to_points(offset, self._astral_raw)
        return None if point is None else self._from_raw_points(point)

    def _from_text_units(self, offset: int) -> int | None:
        point = _units_to_points(offset, self._astral_text)
        return None if point is None else self._from_text_points(point)


def _astral_units(text: str) -> list[int]:
    """The UTF-16 offset of every character outside the Basic Multilingual Plane (a surrogate pair)."""
    return [m.start() + k for k, m in enumerate(ASTRAL.finditer(text))]


def _units_to_points(offset: int, astral: list[int]) -> int | None:
    before = bisect_left(astral, offset)  # surrogate pairs starting before the offset
    if before and astral[before - 1] + 1 == offset:
        return None  # between the two halves of a surrogate pair
    return offset - before if offset >= 0 else None


@dataclass
class Detected:
    label: str
    spans: list[tuple[int, int] | None]  # per selection: [start, end) in SourceText.text, or None (does not fit)


def detect(source: SourceText, selections: list[Selection]) -> Detected:
    """The counting convention that fits *selections* best, with every selection converted."""
    best: tuple[tuple[int, int, int], Detected] | None = None
    text = source.text
    for label, convert in source.candidates():
        spans: list[tuple[int, int] | None] = []
        bad = names = bounds = 0
        for selection in selections:
            start, end = convert(selection.start), convert(selection.end)
            if start is None or end is None or start > end:
                spans.append(None)
                bad += 1
                continue
            spans.append((start, end))
            names += _name_fits(selection.name, text[start:end])
            bounds += (start == 0 or text[start - 1] == "\n") + (end == len(text) or text[end] == "\n")
        score = (-bad, names, bounds)
        if best is None or score > best[0]:  # ties keep the earlier candidate: the standard first
            best = (score, Detected(label, spans))
    assert best is not None
    return best[1]


def _name_fits(name: str, selected: str) -> int:
    name = squash(name).rstrip("…").rstrip(".").strip()
    if len(name) < 3 or GENERIC_NAME.match(name):
        return 0
    size = min(len(name), 40)
    return int(squash(selected)[:size] == name[:size])
