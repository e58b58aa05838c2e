"""Quotation integrity: a quotation in the thesis must be what the informant said.

Two ways to quote:

* by reference, ``{{ quote("I03", 12) }}`` (or an excerpt with ``…``): the text
  is taken from the transcript, so it cannot drift;
* typed, followed by a reference: ``"kalau dari awal udah kasar … langsung saya diemin" [I01:14]``
  or a block quotation ending in ``[I01:14]``. The build checks the typed text
  against that turn, ignoring only whitespace, quote-mark style and an ellipsis
  standing for omitted words; a mismatch is an error showing the closest turn.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from naskah.core.errors import Diagnostics
from naskah.core.messages import _
from naskah.core.suggest import did_you_mean, word_diff
from naskah.data.transcripts import INTERVIEWER, Corpus, Turn

REFERENCE = r"\[([A-Za-z][A-Za-z0-9_-]*):(\d+)\]"
# a closing quote mark, then the reference: where an inline quotation ends
CLOSING_REFERENCE = re.compile(r"([\"“”])\s*" + REFERENCE)
OPENING_MARKS = "\"“„"
ALL_MARKS = "\"“”„"
BLOCK_REFERENCE = re.compile(r"\s*" + REFERENCE + r"\s*$")
ELLIPSIS = re.compile(r"\s*(?:\[\s*(?:…|\.\.\.)\s*\]|\(\s*(?:…|\.\.\.)\s*\)|…|\.\.\.)\s*")
QUOTE_MARKS = str.maketrans({"“": '"', "”": '"', "„": '"', "«": '"', "»": '"', "‘": "'", "’": "'", "‚": "'"})


@dataclass(frozen=True)
class TypedQuote:
    informant: str
    turn: int
    text: str
    line: int | None


def quote_anchor(ref: str) -> str:
    """The Lampiran anchor of a quoted turn: ``I03:12`` → ``quote-I03-12``."""
    return "quote-" + ref.replace(":", "-")


def normalise(text: str) -> str:
    """Whitespace collapsed and quote marks made straight: the differences a quotation may have."""
    return " ".join(text.translate(QUOTE_MARKS).split())


def fragments(quoted: str) -> list[str]:
    """The parts of a quotation between ellipses (each must appear in the turn, in order)."""
    stripped = normalise(quoted).strip(" \"'")
    return [part.strip(" \"'") for part in ELLIPSIS.split(stripped) if part.strip(" \"'")]


def matches(quoted: str, turn_text: str) -> bool:
    """True when every fragment of *quoted* occurs in *turn_text* in order."""
    haystack = normalise(turn_text)
    position = 0
    parts = fragments(quoted)
    if not parts:
        return False
    for part in parts:
        found = haystack.find(part, position)
        if found < 0:
            return False
        position = found + len(part)
    return True


def turn_matches(quoted: str, turn: Turn) -> bool:
    return matches(quoted, turn.text) or (turn.raw is not None and matches(quoted, turn.raw))


def closest_turn(quoted: str, corpus: Corpus, informant: str | None = None) -> Turn | None:
    """The informant turn most like *quoted* (the informant's own turns first)."""
    candidates = [t for t in corpus.turns if t.speaker != INTERVIEWER]
    exact = [t for t in candidates if turn_matches(quoted, t)]
    if exact:
        own = [t for t in exact if t.informant == informant]
        return (own or exact)[0]
    target = normalise(quoted)
    best, best_score = None, 0.0
    for turn in candidates:
        score = difflib.SequenceMatcher(None, target, normalise(turn.text), autojunk=False).ratio()
        if score > best_score:
            best, best_score = turn, score
    return best if best_score >= 0.5 else None


def quote_difference(quoted: str, turn_text: str) -> str | None:
    """Where a typed quotation departs from the turn, word by word (``… saya [-lihat-] {+liat+} cara …``):
    the first fragment (between ellipses) that is not in the turn, against the stretch of the turn it
    resembles most; None when nothing in the turn resembles it."""
    haystack = normalise(turn_text)
    words = haystack.split()
    for part in fragments(quoted):
        if part in haystack:
            continue
        typed = part.split()
        matcher = difflib.SequenceMatcher(a=typed, b=words, autojunk=False)
        blocks = [b for b in matcher.get_matching_blocks() if b.size]
        if not blocks:
            return None
        low = max(0, blocks[0].b - blocks[0].a)
        high = min(len(words), blocks[-1].b + blocks[-1].size + (len(typed) - blocks[-1].a - blocks[-1].size))
        window = words[low:high]
        # a quotation may begin or end inside a word ("dulu" of "dulu,"): that is no difference
        if window and window[-1] != typed[-1] and window[-1].startswith(typed[-1]):
            window[-1] = typed[-1]
        if window and window[0] != typed[0] and window[0].endswith(typed[0]):
            window[0] = typed[0]
        if difflib.SequenceMatcher(None, part, " ".join(window), autojunk=False).ratio() < 0.6:
            return None  # another text altogether: the closest turn says more than a diff
        return word_diff(part, " ".join(window))
    return None


def _inline_quotes(text: str) -> list[tuple[int, int, TypedQuote]]:
    """Inline quotations closed right before their reference, taken whole: a quotation may itself hold
    quotation marks (``"dia bilang "nanti" gitu" [I01:3]``), so its opening mark is the nearest one,
    going outwards, that leaves an even number of marks inside — never only the last quoted segment."""
    found = []
    floor = 0
    for match in CLOSING_REFERENCE.finditer(text):
        close = match.start(1)
        start = max(text.rfind("\n\n", 0, close) + 2, floor) if "\n\n" in text[:close] else floor
        segment = text[start:close]
        openings = [i for i, ch in enumerate(segment) if ch in OPENING_MARKS
                    and (i == 0 or segment[i - 1].isspace() or segment[i - 1] in "([—–-")
                    and i + 1 < len(segment) and not segment[i + 1].isspace()]
        opening = next((i for i in reversed(openings)
                        if sum(segment.count(mark, i + 1) for mark in ALL_MARKS) % 2 == 0), None)
        floor = match.end()
        if opening is None:
            continue
        found.append((start + opening, match.end(),
                      TypedQuote(match.group(2), int(match.group(3)), segment[opening + 1:], None)))
    return found


def find_typed_quotes(text: str) -> list[tuple[int, int, TypedQuote]]:
    """Typed quotations in rendered chapter text: (start, end of the reference, quote)."""
    found = _inline_quotes(text)
    # block quotations: consecutive "> " lines whose last line ends with a reference
    lines = text.split("\n")
    offset = 0
    block: list[tuple[int, str]] = []
    for line in lines + [""]:
        if line.startswith(">"):
            block.append((offset, line))
        elif block:
            last_offset, last = block[-1]
            ref = BLOCK_REFERENCE.search(last)
            if ref and not CLOSING_REFERENCE.search(last):
                body = " ".join(b[1].lstrip(">").strip() for b in block)
                body = BLOCK_REFERENCE.sub("", body)
                found.append((last_offset + ref.start(), last_offset + ref.end(),
                              TypedQuote(ref.group(1), int(ref.group(2)), body, None)))
            block = []
        offset += len(line) + 1
    return sorted(found, key=lambda item: item[0])


def check_and_render(text: str, source: str, path: str, corpus: Corpus, language_turn: str,
                     diags: Diagnostics, link: bool = False) -> tuple[str, list[str]]:
    """Verify every typed quotation of a chapter and render its reference as "(I03, baris 12)".

    Returns the new text and the ``informant:turn`` references verified.
    """
    verified = []
    pieces = []
    cursor = 0
    seen: dict[str, int] = {}
    for start, end, quote in find_typed_quotes(text):
        token = f"[{quote.informant}:{quote.turn}]"
        seen[token] = seen.get(token, 0) + 1
        line = source_line(source, token, seen[token])  # the same turn quoted twice: each at its own line
        turn = corpus.turn(quote.informant, quote.turn)
        if quote.informant not in corpus.files:
            diags.error(_("quote refers to unknown informant {informant}", informant=quote.informant), path, line,
                        hint=did_you_mean(quote.informant, corpus.files)
                        + _("use an informant id from {path}", path=corpus.informants_path))
        elif turn is None:
            diags.error(_("quote refers to {informant} turn {turn}, which does not exist", informant=quote.informant,
                          turn=quote.turn), path, line,
                        hint=_("check the turn number in {path}", path=corpus.files[quote.informant]))
        elif not turn_matches(quote.text, turn):
            closest = closest_turn(quote.text, corpus, quote.informant)
            hint = (_("the closest turn is {informant} turn {turn} ({path}:{line})", informant=closest.informant,
                      turn=closest.turn, path=closest.path, line=closest.line)
                    if closest and closest is not turn else
                    _("copy the words from the transcript, or quote by reference with quote()"))
            difference = quote_difference(quote.text, turn.raw or turn.text)
            if difference:
                hint = _("[-…-] is in your text, {{+…+}} in the transcript; {hint}", hint=hint)
                message = _("quote does not match {informant} turn {turn}: {difference}", informant=quote.informant,
                            turn=quote.turn, difference=difference)
            else:
                message = _("quote does not match {informant} turn {turn}", informant=quote.informant, turn=quote.turn)
            diags.error(message, path, line, hint=hint)
        else:
            verified.append(f"{quote.informant}:{quote.turn}")
        # the reference token sits at the end of the match: replace it by the thesis's citation form
        ref_start = text.rindex(token, start, end)
        pieces.append(text[cursor:ref_start])
        reference = f"({quote.informant}, {language_turn} {quote.turn})"
        ref = f"{quote.informant}:{quote.turn}"
        pieces.append(f"[{reference}](#{quote_anchor(ref)})" if link and ref in verified else reference)
        cursor = ref_start + len(token)
    pieces.append(text[cursor:])
    return "".join(pieces), verified


def unreferenced_block_quotes(text: str, source: str, path: str, diags: Diagnostics) -> None:
    """Warn about block quotations without an informant reference (in results chapters)."""
    in_block = False
    block: list[str] = []
    for line in text.split("\n") + [""]:
        if line.startswith(">"):
            block.append(line)
            in_block = True
            continue
        if in_block:
            joined = " ".join(block)
            # quotes inserted by quote()/exemplar_quotes() end in "(I03, baris 12)"; typed ones in [I03:12]
            rendered_reference = r"\([A-Za-z][\w-]*, [^)]*\d+\)(\]\(#[\w-]+\))?\s*$"
            if not re.search(REFERENCE, joined) and not re.search(rendered_reference, joined):
                first = block[0].lstrip("> ").strip()[:40]
                diags.warning(_("block quotation without an informant reference"), path,
                              source_line(source, first) if first else None,
                              hint=_("end it with [I03:12] or quote by reference with {{ quote(\"I03\", 12) }}"))
            block, in_block = [], False


def source_line(source: str, needle: str, occurrence: int = 1) -> int | None:
    """The 1-based line of a chapter's template where *needle* is written for the *occurrence*-th time."""
    count = 0
    for number, line in enumerate(source.split("\n"), start=1):
        if needle:
            count += line.count(needle)
            if count >= occurrence:
                return number
    return None
