"""Informant privacy: the identity map, detectors, redaction of quotes and masking of messages.

Informants of a qualitative thesis can be vulnerable people; a real name, a
phone number or a chat handle in a draft can harm them. Three layers:

1. quotes are redacted before they reach a chapter (the transcript stays untouched);
2. every message naskah prints or logs is masked (``08••••••21``);
3. the guard (:mod:`naskah.privacy.guard`) scans every output and fails the build on a hit.

The identity map (``private/identities.csv``: informant, kind, value) is read
when present; its values never reach an output, a log or an error message.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field, replace
from pathlib import Path

from naskah.core.errors import Diagnostics, InputError

# DOI links are how APA cites articles; they identify a publication, never a person.
DEFAULT_ALLOW = [r"re:^https?://(dx\.)?doi\.org/"]
KINDS = ("name", "alias", "phone", "handle", "place", "other")
MARKERS = {"id": "[disamarkan]", "en": "[redacted]"}

# Indonesian mobile numbers: +62 / 62 / 0 then 8xx, 9–13 digits after the prefix, with spaces, dots or dashes.
PHONE = re.compile(r"(?<![\w+])(?:\+62|62|0)[\s.-]?8\d(?:[\s.-]?\d){6,11}(?!\d)")
EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
HANDLE = re.compile(r"(?<![\w@\\])@[A-Za-z_][A-Za-z0-9_.]{2,29}(?<!\.)")
# braces end a URL: in BibTeX, JSON and typst they delimit the value around it
URL = re.compile(r"(?:https?://|www\.)[^\s<>\"'()\[\]{}]+[^\s<>\"'()\[\]{}.,;:!?]", re.IGNORECASE)
# chat-invite and contact links people paste without a scheme
INVITE = re.compile(r"(?<![\w.])(?:chat\.whatsapp\.com|wa\.me|t\.me|telegram\.me|line\.me|m\.me|s\.id|bit\.ly)"
                    r"/[^\s<>\"'()\[\]]*[^\s<>\"'()\[\].,;:!?]", re.IGNORECASE)


@dataclass(frozen=True)
class Identity:
    informant: str
    kind: str
    value: str


@dataclass(frozen=True)
class Hit:
    detector: str  # identity:<kind>, phone, email, handle, url, invite
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
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise InputError("the identity map is not valid UTF-8", shown, hint="save it as UTF-8") from None
    diags = Diagnostics()
    reader = csv.DictReader(io.StringIO(text, newline=""))
    missing = {"informant", "kind", "value"} - set(reader.fieldnames or [])
    if missing:
        raise InputError(f"missing column(s) {', '.join(sorted(missing))}", shown, 1,
                         hint="the identity map has the columns informant,kind,value")
    identities = []
    for row in reader:
        line = reader.line_num
        kind = (row.get("kind") or "").strip()
        value = (row.get("value") or "").strip()
        if kind not in KINDS:
            diags.error(f"unknown kind {kind!r}", shown, line, hint=f"use one of: {', '.join(KINDS)}")
        if len(value) < 3:
            diags.error("value too short to detect safely (fewer than 3 characters)", shown, line,
                        hint="write the full name, number or handle")
            continue
        identities.append(Identity((row.get("informant") or "").strip(), kind, value))
    diags.raise_if_errors()
    return identities


@dataclass
class Detector:
    """Finds identifying strings in text: the identity map plus pattern detectors, minus the allow-list."""

    identities: list[Identity] = field(default_factory=list)
    allow: list[str] = field(default_factory=list)  # exact strings, or regular expressions written "re:…"

    def __post_init__(self):
        self._identity_patterns = [(f"identity:{i.kind}", _identity_pattern(i)) for i in self.identities]
        self._allow_exact = {a for a in self.allow if not a.startswith("re:")}
        self._allow_patterns = [re.compile(a[3:]) for a in self.allow if a.startswith("re:")]

    def find(self, text: str) -> list[Hit]:
        hits: list[Hit] = []
        for name, pattern in self._identity_patterns:
            hits += [Hit(name, m.start(), m.end(), m.group(0)) for m in pattern.finditer(text)]
        for name, pattern in (("phone", PHONE), ("email", EMAIL), ("url", URL), ("invite", INVITE),
                              ("handle", HANDLE)):
            for m in pattern.finditer(text):
                if not self._allowed(m.group(0)):
                    hits.append(Hit(name, m.start(), m.end(), m.group(0)))
        return _without_overlaps(hits)

    def _allowed(self, value: str) -> bool:
        return value in self._allow_exact or any(a.search(value) for a in self._allow_patterns)

    def redact(self, text: str, marker: str) -> tuple[str, list[Hit]]:
        """Replace every hit with *marker*; returns the new text and what was replaced."""
        hits = self.find(text)
        out = text
        for hit in sorted(hits, key=lambda h: h.start, reverse=True):
            out = out[: hit.start] + marker + out[hit.end:]
        return out, hits

    def mask_text(self, text: str) -> str:
        """Mask identity-map values (only) in a message; pattern hits in messages are the user's own text."""
        out = text
        for _, pattern in self._identity_patterns:
            out = pattern.sub(lambda m: mask(m.group(0)), out)
        return out


def _identity_pattern(identity: Identity) -> re.Pattern:
    value = identity.value
    if identity.kind == "phone" or re.fullmatch(r"[+\d\s.-]+", value):
        digits = re.sub(r"\D", "", value)
        if digits.startswith("62"):
            digits = digits[2:]
        elif digits.startswith("0"):
            digits = digits[1:]
        # the same number written +62 812…, 0812-…, 62.812…: compare the digits only
        body = r"[\s.-]?".join(re.escape(d) for d in digits)
        return re.compile(rf"(?<!\d)(?:\+62|62|0)?[\s.-]?{body}(?!\d)")
    words = [re.escape(w) for w in value.split()]
    return re.compile(r"(?<!\w)" + r"\s+".join(words) + r"(?!\w)", re.IGNORECASE)


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
    for turn in corpus.turns:
        text, hits = detector.redact(turn.text, marker)
        if hits:
            turns.append(replace(turn, text=text, raw=turn.text))
            redactions += [{"ref": turn.ref, "detector": hit.detector} for hit in hits]
        else:
            turns.append(turn)
    return replace(corpus, turns=turns, redactions=redactions)


def detector_for(config, extra_allow: list[str] | None = None) -> Detector:
    """The detector configured for a project (identity map if present, allow-list from the config)."""
    settings = config.data.get("privacy", {})
    path = config.root / settings.get("identities", "private/identities.csv")
    identities = read_identities(path, config.shown(path))
    allow = DEFAULT_ALLOW + list(settings.get("allow", [])) + list(extra_allow or [])
    return Detector(identities, allow)
