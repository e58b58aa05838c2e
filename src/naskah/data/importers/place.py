"""Merging what every input file contributed, and placing codings that came without positions.

``naskah import`` takes several files at once, because several tools split one project over
several files: Taguette exports highlights without offsets (and without the documents), a
QualCoder report quotes the coded text, a MAXQDA sheet gives paragraph numbers. Sources from
different files are matched by name (case and extension ignored). A coding given as a quote is
found in its source's text with all whitespace ignored (tools re-flow text: Taguette joins
paragraphs with a space), the first occurrence at or after the previous coding of the same
file being preferred, because exports list codings in document order. A coding given as
paragraphs covers those paragraphs (lines of the text, from 1), narrowed to its quote when it
has one. What cannot be placed is reported with its ``file:row``.
"""

from __future__ import annotations

import re
from bisect import bisect_right

from naskah.core.errors import Diagnostics
from naskah.core.messages import _, n_
from naskah.data.importers.model import Fragment, Project, Source, Span, squash

WHITESPACE = re.compile(r"\s+")


def merge(fragments: list[Fragment], diags: Diagnostics) -> Project:
    project = Project(diags=diags)
    for fragment in fragments:
        project.inputs.append((fragment.path, fragment.kind))
        project.title = project.title or fragment.title
        project.consensus = project.consensus or fragment.consensus
        project.code_ids.update(fragment.code_ids)
        for code in fragment.codes:
            project.add_code(code)
        for source in fragment.sources:
            known = project.sources.get(source.key)
            if known is None:
                project.sources[source.key] = source
            else:
                _merge_source(known, source, diags)
        project.spans.extend(fragment.spans)
    for span in project.spans:
        if span.code not in project.codes:
            project.add_code(_code_for(span))
    return project


def _code_for(span: Span):
    from naskah.data.importers.model import Code

    return Code(span.code, "", span.where)


def _merge_source(known: Source, other: Source, diags: Diagnostics) -> None:
    """The same interview from two files: keep one text (they must agree), merge the rest."""
    if other.text is not None:
        if known.text is None:
            known.text, known.turns, known.convention = other.text, other.turns, other.convention
        elif squash(known.text) != squash(other.text):
            diags.error(_("two different texts for {name}: {first} and {second}", name=repr(known.name),
                          first=known.where, second=other.where), other.where,
                        hint=_("import each interview's text once (the codings may come from several files)"))
    for key, value in other.variables.items():
        known.variables.setdefault(key, value)
    known.informant = known.informant or other.informant


def place(project: Project) -> None:
    """Give every span a position in its source's text, or report it and drop it."""
    placed, cursors, missing = [], {}, {}
    indexes: dict[str, _Index] = {}
    for span in project.spans:
        source = project.sources.get(span.source)
        if source is None:
            first, count = missing.get(span.source, (span, 0))
            missing[span.source] = (first, count + 1)
            continue
        if source.text is None:
            continue  # reported once per source by the reader or the writer
        if span.whole or span.start is not None:
            placed.append(span)
            continue
        index = indexes.setdefault(source.key, _Index(source.text))
        lo, hi = 0, len(source.text)
        if span.paragraphs:
            lo, hi = index.paragraphs(*span.paragraphs)
            if lo is None:
                project.diags.warning(_("paragraphs {first}–{last} lie past the end of {name} ({count} paragraphs)",
                                        first=span.paragraphs[0], last=span.paragraphs[1], name=repr(source.name),
                                        count=index.count), span.where,
                                      hint=_("the sheet and the transcript are not the same version of the interview"))
                continue
        if span.quote and squash(span.quote):
            cursor_key = (span.where.rsplit(":", 1)[0], source.key)
            found = index.find(span.quote, lo, hi, cursors.get(cursor_key, lo))
            if found is None and span.paragraphs:
                found = index.find(span.quote, 0, len(source.text), 0)
            if found is None:
                if not span.paragraphs:
                    project.diags.warning(_("the coded text {quote} ({code}) is not in {name}",
                                            quote=repr(_excerpt(span.quote)), code=span.code[-1],
                                            name=repr(source.name)), span.where,
                                          hint=_("the transcript differs from the one that was coded; this coding is "
                                                 "left out"))
                    continue
                found = (lo, hi)
            cursors[cursor_key] = found[0]
            span.start, span.end = found
        else:
            span.start, span.end = lo, hi
        placed.append(span)
    project.spans = placed
    for first, count in missing.values():
        project.diags.warning(n_("{n} coding of document {document}, which no input file holds, left out",
                                 "{n} codings of document {document}, which no input file holds, left out", count,
                                 document=repr(first.document or first.source)), first.where,
                              hint=_("import that document's transcript too"))


def _excerpt(text: str, size: int = 50) -> str:
    text = squash(text)
    return text if len(text) <= size else text[: size - 1] + "…"


class _Index:
    """A text with its whitespace removed, and the way back to positions in the text."""

    def __init__(self, text: str):
        self.text = text
        self.positions = [m.start() for m in re.finditer(r"\S", text)]
        self.dense = "".join(text[i] for i in self.positions)
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
        self.count = len(self.line_starts)

    def find(self, quote: str, lo: int, hi: int, prefer: int) -> tuple[int, int] | None:
        needle = WHITESPACE.sub("", quote).rstrip("…")
        if not needle:
            return None
        dlo, dhi = bisect_right(self.positions, lo - 1), bisect_right(self.positions, hi - 1)
        dprefer = max(dlo, bisect_right(self.positions, prefer - 1))
        at = self.dense.find(needle, dprefer, dhi)
        if at < 0:
            at = self.dense.find(needle, dlo, dhi)
        if at < 0:
            return None
        return self.positions[at], self.positions[at + len(needle) - 1] + 1

    def paragraphs(self, first: int, last: int) -> tuple[int | None, int]:
        if first < 1 or first > self.count:
            return None, 0
        last = min(max(last, first), self.count)
        end = self.line_starts[last] - 1 if last < self.count else len(self.text)
        return self.line_starts[first - 1], end
