"""Matching the identity map however a value is typed: case, accents, spacing, line breaks, prefixes.

The map holds one spelling ("Dédé Sétiawan", "0812-3456-7821", "@mawar_26"); a
transcript, a chapter or a PDF may hold another ("DEDE setiawan", "Dede\\nSetiawan",
"+62 812 3456 7821", "mawar_26"). Text and values are folded the same way —
Unicode NFKD, combining marks and invisible format characters (zero-width
spaces, soft hyphens) dropped, case folded — and a hit in the folded text is
mapped back to the characters it came from, so redaction cuts the original.
All identities are matched by one combined expression, longest value first.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_NON_ASCII = re.compile(r"[^\x00-\x7f]+")
_DIGITS = re.compile(r"\d+")
_SEPARATORS = r"[\s.\-\u2013\u2014/()]{0,3}"  # between the digits of a number


@lru_cache(maxsize=4096)
def _fold_char(char: str) -> str:
    decomposed = unicodedata.normalize("NFKD", char)
    kept = "".join(c for c in decomposed if unicodedata.category(c) not in ("Mn", "Me", "Cf"))
    return kept.casefold()


def fold(text: str) -> tuple[str, list[int] | None]:
    """*text* folded, and for each folded character the index of the original one (None: the same index)."""
    if text.isascii():
        return text.lower(), None
    out: list[str] = []
    origin: list[int] = []
    position = 0
    for m in _NON_ASCII.finditer(text):
        out.append(text[position:m.start()].lower())
        origin.extend(range(position, m.start()))
        for index in range(m.start(), m.end()):
            folded = _fold_char(text[index])
            out.append(folded)
            origin.extend([index] * len(folded))
        position = m.end()
    out.append(text[position:].lower())
    origin.extend(range(position, len(text)))
    return "".join(out), origin


def fold_value(value: str) -> str:
    return fold(value)[0]


def value_pattern(kind: str, value: str) -> tuple[str, str, bool]:
    """A regular expression (over folded text) for one identity-map value, and a probe: a string any match
    contains (among the text's digits when the third item is true), to skip the expression cheaply."""
    folded = fold_value(value.strip())
    if kind == "phone" or re.fullmatch(r"[+\d\s.()/-]+", folded):
        digits = re.sub(r"\D", "", folded)
        if digits.startswith("62"):
            digits = digits[2:]
        elif digits.startswith("0"):
            digits = digits[1:]
        # the same number written +62 812…, 0812-…, (0812) 34/56…: compare the digits only
        body = _SEPARATORS.join(re.escape(d) for d in digits)
        return rf"(?<!\d)(?:(?:\+\s?62|62)\s?(?:\(0\))?|0)?{_SEPARATORS}{body}(?!\d)", digits, True
    if kind == "handle" or folded.startswith("@"):
        handle = folded.lstrip("@")
        return rf"(?<![\w.@])@?\s?{re.escape(handle)}(?![\w])", handle, False
    if "@" in folded:  # an e-mail address
        return rf"(?<![\w.+-]){re.escape(folded)}(?![\w-])", folded, False
    # words of a name, whatever spacing, line break, dot, dash or underscore is typed between them
    words = [w for w in re.split(r"[\s_]+", folded) if w]
    pattern = r"(?<!\w)" + r"[\s._*-]{0,3}".join(map(re.escape, words)) + r"(?!\w)"  # "*Siti* Aminah" too
    return pattern, max(words, key=len), False


class IdentityMatcher:
    """The identity-map values over folded text; hits come back in original offsets.

    Each value has a probe (its longest word, its digits): only the values whose probe occurs in a text are
    matched there, by one expression built (and cached) for that combination — most texts have none.
    """

    def __init__(self, entries: list[tuple[str, str]]):  # (kind, value)
        ordered = sorted(entries, key=lambda e: -len(e[1]))  # the longest value wins where two overlap
        self._entries = [(kind, *value_pattern(kind, value)) for kind, value in ordered]
        self._compiled: dict[tuple[int, ...], re.Pattern] = {}

    def find(self, text: str) -> list[tuple[str, int, int]]:
        """``(kind, start, end)`` of every identity in *text*."""
        if not self._entries:
            return []
        folded, origin = fold(text)
        digits = "".join(_DIGITS.findall(folded)) if any(in_digits for *_, in_digits in self._entries) else ""
        chosen = tuple(index for index, (_, _, probe, in_digits) in enumerate(self._entries)
                       if probe in (digits if in_digits else folded))
        if not chosen:
            return []
        if chosen not in self._compiled:
            self._compiled[chosen] = re.compile("|".join(f"(?P<i{i}>{self._entries[i][1]})" for i in chosen))
        spans = []
        for m in self._compiled[chosen].finditer(folded):
            if m.end() == m.start():
                continue
            start, end = (m.start(), m.end()) if origin is None else (origin[m.start()], origin[m.end() - 1] + 1)
            spans.append((self._entries[int(m.lastgroup[1:])][0], start, end))
        return spans
