"""Informant privacy: the identity map, detectors, redaction of quotes and masking of messages.

Informants of a qualitative thesis can be vulnerable people; a real name, a
phone number or a chat handle in a draft can harm them. Three layers:

1. quotes are redacted before they reach a chapter (the transcript stays untouched);
2. every message naskah prints or logs is masked (``08••••••21``);
3. the guard (:mod:`naskah.privacy.guard`) scans every output and fails the build on a hit.

The identity map (``private/identities.csv``: informant, kind, value) is read
when present; its values never reach an output, a log or an error message.
How values are matched however they are typed is :mod:`naskah.privacy.names`;
the pattern detectors (phone numbers, e-mails, handles, links as Indonesians
write them, and what is not one) are :mod:`naskah.privacy.contacts`.
"""

from __future__ import annotations

import csv
import io
import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from itertools import chain
from pathlib import Path

from naskah.core.errors import Diagnostics, InputError
from naskah.core.files import read_text
from naskah.core.messages import _, n_
from naskah.core.suggest import did_you_mean
from naskah.core.tables_io import DELIMITERS
from naskah.privacy.contacts import (
    emails,
    handles,
    links,
    may_hold_contact,
    phone_digits,
    phones,
    which_may_hold_contacts,
)
from naskah.privacy.names import IdentityMatcher

# DOI links are how APA cites articles; they identify a publication, never a person. The reserved example
# domains (RFC 2606) identify no one either: pandoc's reference DOCX links to http://example.com.
DEFAULT_ALLOW = [r"re:^https?://(dx\.)?doi\.org/", r"re:^https?://(www\.)?example\.(com|org|net)(/|$)"]
KINDS = ("name", "alias", "phone", "handle", "place", "other")
MARKERS = {"id": "[disamarkan]", "en": "[redacted]"}
# Between texts read together (Detector.find_each): a line break and a NUL, which no detector lets a match
# run across (a name's words, a number's groups and an address allow spaces, dots, dashes — never a NUL),
# so each hit stays inside its text, as when the texts are read one by one.
SEPARATOR = "\n\x00\n"
_BATCH_CHARACTERS = 200_000
_CITED = re.compile(r"\b(?:citation|sitasi) $")  # naskah's messages about a chapter's citation syntax
_ENTRY_KEY = re.compile(r"^[ \t]*@(?!string\b|comment\b|preamble\b)\w+\s*[{(]\s*([^,\s{}()]+)\s*,",
                        re.MULTILINE | re.IGNORECASE)


@dataclass(frozen=True)
class Identity:
    informant: str
    kind: str
    value: str


@dataclass(frozen=True)
class Hit:
    detector: str  # identity:<kind>, phone, email, handle, url, invite, profile
    start: int
    end: int
    value: str

    @property
    def masked(self) -> str:
        return mask(self.value)


def mask(value: str) -> str:
    """Show only the ends of an identifying string: ``081234567821`` → ``08••••••••21``."""
    value = value.strip()
    if len(value) <= 4:
        return "•" * len(value)
    keep = 1 if len(value) <= 6 else 2
    return value[:keep] + "•" * (len(value) - 2 * keep) + value[-keep:]


def read_identities(path: Path, shown: str) -> list[Identity]:
    """Read the private identity map; problems are reported without ever showing a value."""
    if not path.is_file():
        return []
    # UTF-8 (a BOM is fine), no NUL or control character: a value hidden behind one would never match.
    # read_text's messages give the line and column, never the text
    text = read_text(path, "identity map", shown)
    diags = Diagnostics()
    header = text.split("\n", 1)[0]
    delimiter = max(DELIMITERS, key=header.count)  # ';' or tab, as spreadsheets export it, like every other CSV
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter)
    missing = {"informant", "kind", "value"} - set(reader.fieldnames or [])
    if missing:
        raise InputError(n_("missing column {columns}", "missing columns {columns}", len(missing),
                            columns=", ".join(sorted(missing))), shown, 1,
                         hint=_("the identity map has the columns informant,kind,value"))
    identities = []
    for row in reader:
        line = reader.line_num
        kind = (row.get("kind") or "").strip()
        value = (row.get("value") or "").strip()
        if kind not in KINDS:
            diags.error(_("unknown kind {kind!r}", kind=kind), shown, line,
                        hint=did_you_mean(kind, KINDS) + _("use one of: {names}", names=", ".join(KINDS)))
        if len(value) < 3:
            diags.error(_("value too short to detect safely (fewer than 3 characters)"), shown, line,
                        hint=_("write the full name, number or handle"))
            continue
        identities.append(Identity((row.get("informant") or "").strip(), kind, value))
    diags.raise_if_errors()
    return identities


@dataclass
class Detector:
    """Finds identifying strings in text: the identity map plus pattern detectors, minus the allow-list.

    One object serves redaction of quoted turns, the guard and the masking of messages, so the three
    always agree on what is identifying. *citation_keys* are the library's keys: ``@devito2016`` is a
    citation, not a handle.
    """

    identities: list[Identity] = field(default_factory=list)
    allow: list[str] = field(default_factory=list)  # exact strings, or regular expressions written "re:…"
    citation_keys: set[str] = field(default_factory=set)

    def __post_init__(self):
        self._identities = IdentityMatcher([(i.kind, i.value) for i in self.identities])
        # a map number spoken or grouped in a way the map's pattern misses is still recognised as that informant's
        self._identity_phones = {phone_digits(i.value) for i in self.identities
                                 if i.kind == "phone" or re.fullmatch(r"[+\d\s.()/-]+", i.value)}
        self._identity_phones.discard("")
        self._allow_exact = {a for a in self.allow if not a.startswith("re:")}
        self._allow_patterns = [re.compile(a[3:]) for a in self.allow if a.startswith("re:")]
        self._keys = frozenset(self.citation_keys)

    def find(self, text: str) -> list[Hit]:
        hits = self._identity_hits(text)
        if may_hold_contact(text):  # most turns: one search instead of every pattern detector
            hits += self._contact_hits(text)
        return _without_overlaps(hits)

    def find_each(self, texts: Sequence[str]) -> dict[int, list[Hit]]:
        """The hits of the texts that have any, by index, placed in their text as ``find`` gives them — in a
        few calls: the texts are read together, about 200,000 characters at a time, the identity map in all
        of them, the pattern detectors in those that may hold a contact (most turns do not). A corpus's
        200,000 turns or a DOCX's 40,000 table cells cost a few dozen searches instead of one each."""
        found: dict[int, list[Hit]] = {}
        first = 0
        while first < len(texts):
            size, last = 0, first
            while last < len(texts) and size < _BATCH_CHARACTERS:
                size += len(texts[last]) + len(SEPARATOR)
                last += 1
            batch = range(first, last)
            if self.identities:
                _found_together(texts, batch, self._identity_hits, found)
            chosen = which_may_hold_contacts(texts[first:last], SEPARATOR)
            _found_together(texts, batch if len(chosen) == len(batch) else [first + i for i in chosen],
                            self._contact_hits, found)
            first = last
        for index, hits in found.items():
            if len(hits) > 1:
                found[index] = _without_overlaps(hits)
        return found

    def _identity_hits(self, text: str) -> list[Hit]:
        return [Hit(f"identity:{kind}", start, end, text[start:end])
                for kind, start, end in self._identities.find(text)]

    def _contact_hits(self, text: str) -> list[Hit]:
        hits = []
        for name, start, end in chain(phones(text), emails(text), links(text), handles(text, self._keys)):
            value = text[start:end]
            if name == "phone" and phone_digits(value) in self._identity_phones:
                name = "identity:phone"
            elif self._allowed(value):
                continue
            hits.append(Hit(name, start, end, value))
        return hits

    def _allowed(self, value: str) -> bool:
        return value in self._allow_exact or any(a.search(value) for a in self._allow_patterns)

    def redact(self, text: str, marker: str) -> tuple[str, list[Hit]]:
        """Replace every hit with *marker*; returns the new text and what was replaced."""
        hits = self.find(text)
        return _replace(text, hits, lambda hit: marker), hits

    def mask_text(self, text: str) -> str:
        """Mask every hit in a message (``08••••••21``): a value typed into a codes cell is still a value.

        naskah's own "citation @key is not in the library" names a key of the chapter's citation syntax,
        which the author must see to fix it: that is kept (identity-map values are masked even there)."""
        hits = [hit for hit in self.find(text)
                if not (hit.detector == "handle" and _CITED.search(text, 0, hit.start))]
        return _replace(text, hits, lambda hit: hit.masked)


def _found_together(texts: Sequence[str], chosen: Sequence[int], search, found: dict[int, list[Hit]]) -> None:
    """*search* in the *chosen* texts joined by SEPARATOR; each hit added to its own text's list in *found*,
    placed in that text."""
    if not chosen:
        return
    starts: list[int] = []
    size = 0
    for index in chosen:
        starts.append(size)
        size += len(texts[index]) + len(SEPARATOR)
    joined = SEPARATOR.join(texts[index] for index in chosen)
    for hit in search(joined):
        at = bisect_right(starts, hit.start) - 1
        if hit.start >= starts[at] + len(texts[chosen[at]]):
            at += 1  # it begins in the separator: a pattern's optional leading space took its line break
        # within its own text, as found alone (where no line break precedes or follows it)
        start, end = max(hit.start, starts[at]), min(hit.end, starts[at] + len(texts[chosen[at]]))
        if start < end:
            found.setdefault(chosen[at], []).append(
                replace(hit, start=start - starts[at], end=end - starts[at], value=joined[start:end]))


def _replace(text: str, hits: list[Hit], by) -> str:
    out = text
    for hit in sorted(hits, key=lambda h: h.start, reverse=True):
        out = out[: hit.start] + by(hit) + out[hit.end:]
    return out


def _without_overlaps(hits: list[Hit]) -> list[Hit]:
    """Keep the earliest, longest hit where detectors overlap (an e-mail also contains a handle)."""
    kept: list[Hit] = []
    for hit in sorted(hits, key=lambda h: (h.start, -(h.end - h.start))):
        if kept and hit.start < kept[-1].end:
            continue
        kept.append(hit)
    return kept


def redact_corpus(corpus, detector: Detector, marker: str):
    """A copy of *corpus* whose turn texts have every detector hit replaced by *marker*.

    The transcript files are untouched; each turn keeps its original text in
    ``raw`` so typed quotations can still be checked against it.
    """
    turns = []
    redactions = []
    found = detector.find_each([turn.text for turn in corpus.turns])
    for index, turn in enumerate(corpus.turns):
        if hits := found.get(index):
            turns.append(replace(turn, text=_replace(turn.text, hits, lambda hit: marker), raw=turn.text))
            redactions += [{"ref": turn.ref, "detector": hit.detector} for hit in hits]
        else:
            turns.append(turn)
    return replace(corpus, turns=turns, redactions=redactions)


def detector_for(config, extra_allow: list[str] | None = None) -> Detector:
    """The detector configured for a project (identity map if present, allow-list from the config)."""
    settings = config.data.get("privacy", {})
    path = config.root / settings.get("identities", "private/identities.csv")
    identities = read_identities(path, config.shown(path))
    diags = Diagnostics()
    for index, entry in enumerate(settings.get("allow", [])):  # a broken "re:" must be a message, not a crash
        try:
            re.compile(entry[3:] if entry.startswith("re:") else "")
        except re.error as exc:
            diags.error(_("privacy.allow: {entry!r} is not a valid regular expression ({error})", entry=entry,
                          error=exc), config.path, config.line("privacy", "allow", index),
                        hint=_("fix the expression after 're:', or give the exact string without 're:'"))
    diags.raise_if_errors()
    allow = DEFAULT_ALLOW + list(settings.get("allow", [])) + list(extra_allow or [])
    library = config.data.get("inputs", {}).get("bibliography")
    return Detector(identities, allow, library_keys(config.root / library) if library else set())


def library_keys(path: Path) -> set[str]:
    """The citation keys of a BibTeX library, read with one expression (no full parse: every command needs it)."""
    try:
        text = path.read_text(encoding="utf-8-sig", errors="replace")
    except OSError:
        return set()
    return set(_ENTRY_KEY.findall(text))
