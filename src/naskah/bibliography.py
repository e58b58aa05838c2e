"""The BibTeX library: reading it, finding what chapters cite, exporting the cited subset.

We parse with bibtexparser 2 and *no* decoding middleware: decoding LaTeX in
every entry of a large Zotero export is slow, and pandoc only needs the
entries a chapter cites, which we hand it raw. The user's file is never
rewritten.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import bibtexparser
from bibtexparser import model

from .errors import Diagnostics
from .files import read_text

# pandoc's citation syntax: @key or @{key}; a key starts with a letter, digit or _ and may
# contain internal punctuation. An @ after a word character (an e-mail) or a backslash is not one.
CITATION = re.compile(r"(?<![\w\\@])@(?:\{([^{}\s]+)\}|([\w](?:[\w:.#$%&+?<>~/-]*[\w])?))")
CROSSREF_PREFIXES = ("tbl:", "fig:", "sec:", "eq:", "lst:")


@dataclass(frozen=True)
class Citation:
    key: str
    path: str
    line: int
    column: int


@dataclass
class BibLibrary:
    path: str
    library: model.Library
    entries: dict[str, model.Entry]
    duplicates: dict[str, list[int]]  # key -> 1-based lines of the repeated definitions


def find_citations(text: str, shown: str) -> list[Citation]:
    """Every ``@key`` citation in a chapter source, with its 1-based line and column."""
    found = []
    in_fence = False
    for number, line in enumerate(text.split("\n"), start=1):
        if line.startswith(("```", "~~~")):
            in_fence = not in_fence
        if in_fence:
            continue
        for match in CITATION.finditer(line):
            key = match.group(1) or match.group(2)
            if key.startswith(CROSSREF_PREFIXES):
                continue
            found.append(Citation(key, shown, number, match.start() + 1))
    return found


def read_library(path: str | Path, shown: str, diags: Diagnostics) -> BibLibrary:
    """Parse a .bib file, recording blocks that failed (with their 1-based line) in *diags* as warnings."""
    text = read_text(path, "bibliography")
    library = bibtexparser.parse_string(text, parse_stack=[])
    entries = {entry.key: entry for entry in library.entries}
    duplicates: dict[str, list[int]] = {}
    for block in library.failed_blocks:
        line = block.start_line + 1  # bibtexparser counts lines from 0
        if isinstance(block, model.DuplicateBlockKeyBlock):
            duplicates.setdefault(block.key, []).append(line)
            diags.warning(f"duplicate key '{block.key}' (first defined on line {entries[block.key].start_line + 1})"
                          if block.key in entries else f"duplicate key '{block.key}'", shown, line,
                          hint="rename or delete one of the entries")
        else:
            message = str(getattr(block, "error", "")) or "cannot parse this block"
            diags.warning(f"unreadable entry: {message.splitlines()[0]}", shown, line,
                          hint="check braces and commas in this entry")
    return BibLibrary(shown, library, entries, duplicates)


def check_citations(citations: list[Citation], bib: BibLibrary, diags: Diagnostics) -> list[str]:
    """Errors for citations of keys missing from (or ambiguous in) the library; returns the cited keys."""
    cited = []
    for citation in citations:
        if citation.key in bib.duplicates:
            diags.error(f"citation @{citation.key} is ambiguous: the key is defined more than once in {bib.path} "
                        f"(lines {', '.join(map(str, bib.duplicates[citation.key]))})",
                        citation.path, citation.line, citation.column, hint="keep one entry per key")
        elif citation.key not in bib.entries:
            diags.error(f"citation @{citation.key} is not in {bib.path}", citation.path, citation.line,
                        citation.column, hint="add the entry to the library or fix the key")
        else:
            cited.append(citation.key)
    return sorted(set(cited))


def cited_subset(bib: BibLibrary, keys: list[str]) -> str:
    """The cited entries (and the @string macros they may use), sorted by key, as BibTeX text."""
    blocks: list[model.Block] = [b for b in bib.library.blocks if isinstance(b, model.String)]
    blocks += [bib.entries[key] for key in sorted(keys)]
    # values are still raw BibTeX (no middleware ran), so write them back untouched
    return bibtexparser.write_string(bibtexparser.Library(blocks), unparse_stack=[])
