"""Helping a student fix a message at once: "did you mean", plurals, and what differs between two texts.

A message that says only "unknown name 'stag'" sends the student to the README; one that says
"did you mean 'stage'?" fixes the typo in the same minute. Suggestions come from the names that
are actually valid at that place (template names, group names, stage ids, citation keys), by edit
distance, so they are never a guess from a fixed list. Plurals and word-level differences live
here too because every layer's messages need them and none should spell "1 entries".
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable

from naskah.core.messages import _, n_


def levenshtein(a: str, b: str) -> int:
    """The edit distance (insertions, deletions, substitutions) between *a* and *b*."""
    if len(a) < len(b):
        a, b = b, a
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, start=1):
        current = [i]
        for j, char_b in enumerate(b, start=1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (char_a != char_b)))
        previous = current
    return previous[-1]


def closest(word: str, candidates: Iterable[str]) -> str | None:
    """The candidate nearest to *word*, when it is near enough to be a typo of it.

    Near enough: at most a third of the word's letters differ (at least one, at most three), ignoring
    case; a candidate equal to *word* but for case counts as the nearest.
    """
    word = str(word)
    best, best_distance = None, None
    limit = min(3, max(1, len(word) // 3))
    for candidate in dict.fromkeys(str(c) for c in candidates):
        if candidate == word:
            continue
        distance = 0 if candidate.casefold() == word.casefold() else levenshtein(word.casefold(), candidate.casefold())
        if distance <= limit and (best_distance is None or distance < best_distance):
            best, best_distance = candidate, distance
    return best


def did_you_mean(word: str, candidates: Iterable[str], quote: str = "'", prefix: str = "") -> str:
    """``"did you mean 'stage'? "`` (with a trailing space), or ``""`` when nothing is close."""
    found = closest(word, candidates)
    if found is None:
        return ""
    shown = quote + prefix + found + quote
    return _("did you mean {name}? ", name=shown)


def one_of(candidates: Iterable[str], limit: int = 12) -> str:
    """``"a, b, c"`` — at most *limit* names, then "… (N in all)"."""
    names = list(dict.fromkeys(str(c) for c in candidates))
    if len(names) <= limit:
        return ", ".join(names)
    return ", ".join(names[:limit]) + " … " + n_("({n} in all)", "({n} in all)", len(names))


# English nouns whose plural is not noun + "s"; Indonesian nouns do not change ("1 informan", "14 informan")
IRREGULAR = {"entry": "entries", "category": "categories", "country": "countries", "is": "are", "was": "were",
             "this": "these", "it": "they", "quotation": "quotations", "child": "children", "person": "people"}


def plural(count: int, noun: str, language: str = "en", many: str | None = None) -> str:
    """``"1 entry"``, ``"2 entries"``; in Indonesian the noun never changes (``"2 entri"``)."""
    return f"{count} {noun_for(count, noun, language, many)}"


def noun_for(count: int, noun: str, language: str = "en", many: str | None = None) -> str:
    """The noun alone, singular or plural for *count* (Indonesian: unchanged)."""
    if language != "en" or count == 1:
        return noun
    if many:
        return many
    if noun in IRREGULAR:
        return IRREGULAR[noun]
    if noun.endswith(("s", "x", "ch", "sh")):
        return noun + "es"
    if noun.endswith("y") and noun[-2:-1] not in "aeiou":
        return noun[:-1] + "ies"
    return noun + "s"


ONES = re.compile(r"(?<![\d.,])\b1 (turn|transcript|row|column|informant|table|file|quotation|number|entr)(s|ies)\b")


def singular_ones(text: str) -> str:
    """"1 turns in 1 transcripts" → "1 turn in 1 transcript": for English templates written with "{n} turns"."""
    return ONES.sub(lambda m: f"1 {m.group(1)}{'y' if m.group(2) == 'ies' else ''}", text)


def word_diff(typed: str, actual: str, context: int = 3) -> str:
    """What differs between a typed quotation and the transcript's words, word by word:
    ``… saya [-lihat-] {+liat+} cara …`` (``[-…-]`` typed but not said, ``{+…+}`` said but not typed),
    with *context* equal words around each difference and ``…`` for what is left out."""
    a, b = typed.split(), actual.split()
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)  # case counts: a quotation is verbatim
    parts: list[str] = []
    opcodes = matcher.get_opcodes()
    for index, (tag, i1, i2, j1, j2) in enumerate(opcodes):
        if tag == "equal":
            words = a[i1:i2]
            first, last = index == 0, index == len(opcodes) - 1
            if len(words) > 2 * context and not (first or last):
                parts += words[:context] + ["…"] + words[-context:]
            elif first and len(words) > context:
                parts += ["…"] + words[-context:]
            elif last and len(words) > context:
                parts += words[:context] + ["…"]
            else:
                parts += words
            continue
        if i2 > i1:
            parts.append("[-" + " ".join(a[i1:i2]) + "-]")
        if j2 > j1:
            parts.append("{+" + " ".join(b[j1:j2]) + "+}")
    return " ".join(parts)
