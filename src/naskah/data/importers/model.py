"""The common in-memory model every importer fills and the native writer reads.

QDA tools disagree on almost everything (how positions are counted, how a code's parent is
written, who coded what), so each format has its own adapter, and they all meet here: sources
with their text, codes with their parents, and codings as ``[start, end)`` spans over the
source's text with the coder who made them. The original spans are kept (not only the turns
they end up coding), so that ``naskah export`` can write them back without loss.

A coding whose position a format does not give (Taguette, QualCoder's report, a spreadsheet of
coded segments) carries the quoted text or paragraph numbers instead; :mod:`.place` finds it
in the source's text once every input file has been read.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from naskah.core.errors import Diagnostics


@dataclass
class Code:
    """A code as the tool names it; ``path`` is the names from the top code down to this one."""

    path: tuple[str, ...]
    description: str = ""
    where: str = ""  # file:line or file:element, for messages

    @property
    def name(self) -> str:
        return self.path[-1]

    @property
    def parent(self) -> tuple[str, ...] | None:
        return self.path[:-1] or None


@dataclass
class Span:
    """One coding: a code given to ``[start, end)`` of a source's text (code points, from 0).

    ``start is None`` means the position is not known yet: ``quote`` (the coded text) or
    ``paragraphs`` (first and last paragraph, from 1) say where it is; ``whole`` codes the
    whole document.
    """

    source: str  # Source.key
    code: tuple[str, ...]  # Code.path
    coder: str | None
    where: str
    start: int | None = None
    end: int | None = None
    quote: str | None = None
    paragraphs: tuple[int, int] | None = None
    whole: bool = False
    document: str = ""  # the document's name as the file writes it (for messages)


@dataclass
class Turn:
    """A turn of a source whose turns are known from the file itself (a spreadsheet transcript)."""

    speaker: str
    start: int  # [start, end) of the turn's text in Source.text
    end: int
    number: int | None = None


@dataclass
class Source:
    key: str  # matching key: the name, case-folded, without extension
    name: str  # as the tool shows it
    where: str
    text: str | None = None  # None: the export carries no text for it
    variables: dict[str, str] = field(default_factory=dict)
    turns: list[Turn] | None = None  # known turns (spreadsheet transcripts); None: find them in the text
    convention: str | None = None  # how the file counted positions, when it gave any
    informant: str | None = None  # a pseudonym the file gives (a case name, the naskah note)
    turn_numbers: list[int] | None = None  # turn numbers a naskah export recorded
    ranges: dict[str, tuple[int, int, list[int]]] = field(default_factory=dict)  # coder -> first, last, missing


@dataclass
class Fragment:
    """What one input file contributed."""

    path: str  # as shown in messages
    kind: str  # "REFI-QDA project", "Taguette highlights", …
    codes: list[Code] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)
    spans: list[Span] = field(default_factory=list)
    code_ids: dict[tuple[str, ...], str] = field(default_factory=dict)  # code path -> id (naskah note)
    consensus: str | None = None  # the coder whose codings are the `codes` column (naskah note)
    title: str = ""


@dataclass
class Project:
    """All fragments merged: one codebook, one source per interview, every span."""

    codes: dict[tuple[str, ...], Code] = field(default_factory=dict)
    sources: dict[str, Source] = field(default_factory=dict)
    spans: list[Span] = field(default_factory=list)
    code_ids: dict[tuple[str, ...], str] = field(default_factory=dict)
    consensus: str | None = None
    title: str = ""
    inputs: list[tuple[str, str]] = field(default_factory=list)  # (path, kind)
    diags: Diagnostics = field(default_factory=Diagnostics)
    notes: list[str] = field(default_factory=list)  # what the import decided, for the report

    def add_code(self, code: Code) -> None:
        """Add a code and every ancestor it names (an ancestor only named keeps an empty description)."""
        for depth in range(1, len(code.path)):
            self.codes.setdefault(code.path[:depth], Code(code.path[:depth], "", code.where))
        known = self.codes.get(code.path)
        if known is None:
            self.codes[code.path] = code
        elif code.description and not known.description:
            known.description = code.description


def source_key(name: str) -> str:
    """How sources from different files are matched: the name without a known extension, case-folded."""
    name = name.strip()
    name = re.sub(r"\.(txt|docx|doc|rtf|odt|pdf|html?|xlsx|csv|md)$", "", name, flags=re.IGNORECASE)
    return " ".join(name.split()).casefold()


def split_path(name: str, separators: tuple[str, ...]) -> tuple[str, ...]:
    """A code name written with its parents (``Coke::diet Coke``, ``a.b``, ``a > b``, ``a\\b``) as a path."""
    for separator in separators:
        if separator in name:
            parts = tuple(part.strip() for part in name.split(separator))
            if all(parts):
                return parts
    return (name.strip(),)


def ascii_fold(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")


def slug(text: str, fallback: str = "kode") -> str:
    """A lowercase id in naskah's alphabet (``a-z``, digits, ``_``), starting with a letter."""
    out = re.sub(r"[^a-z0-9]+", "_", ascii_fold(text).lower()).strip("_")
    if not out:
        return fallback
    return out if out[0].isalpha() else f"{fallback}_{out}"


def squash(text: str) -> str:
    """Whitespace collapsed: how texts are compared across tools that re-flow them."""
    return " ".join(text.split())
