"""Per-turn records of the transcripts, and the corpus rebuilt from them when the transcripts are withheld.

Why: transcripts are often confidential (a project may keep ``data/transcripts/`` out of git), yet an
examiner must be able to check everything that follows from the coding, and ``naskah diff`` must name the
turn behind a changed number. So the manifest records, per transcript, one short line per turn — its
number, line, speaker, the number of words and a hash of the text as the draft would display it, and its
codes — and the text itself only of the turns the outputs already show (quotations and exemplar quotes).
A hash of the *displayed* (redacted) text, never of the raw turn: a redacted phone number or name cannot
be recovered by trying candidates against it.

``naskah verify`` without the transcripts sets ``NASKAH_WITHHELD`` to a file holding these records; the
``analyse``, ``assemble`` and ``manifest`` jobs then read the corpus from it (:func:`build_inputs`), so every
table, number and draft is recomputed from the recorded coding, while what needs the words themselves
(the reconciliation list of disagreeing turns) is reported as not verified.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from naskah.core.errors import Diagnostics, InputError

WITHHELD_ENV = "NASKAH_WITHHELD"
# one turn: "TURN LINE SPEAKER WORDS SHA CODES [CODER …]"; codes joined by ';', '-' for none, '?' missing
TURN_FIELDS = "turn line speaker words sha256 codes coders..."
NONE, MISSING = "-", "?"


def turn_hash(text: str) -> str:
    """A short hash of a turn's displayed text: enough to tell that it was edited, nothing more."""
    return hashlib.sha256(("naskah-turn\0" + text).encode("utf-8")).hexdigest()[:16]


def _codes(codes) -> str:
    if codes is None:
        return MISSING
    return ";".join(codes) if codes else NONE


def _parse_codes(field: str):
    if field == MISSING:
        return None
    return () if field == NONE else tuple(field.split(";"))


def turn_row(turn) -> str:
    fields = [str(turn.turn), str(turn.line), turn.speaker, str(len(turn.text.split())), turn_hash(turn.text),
              _codes(turn.codes)]
    fields += [_codes(codes) for _, codes in turn.coders]
    return " ".join(fields)


def parse_row(row: str) -> dict:
    """A recorded turn line as a mapping (``turn``, ``line``, ``speaker``, ``words``, ``sha256``, ``codes``,
    ``coders``); a ValueError when it is not one."""
    fields = row.split(" ")
    if len(fields) < 6:
        raise ValueError(f"expected {TURN_FIELDS}")
    return {"turn": int(fields[0]), "line": int(fields[1]), "speaker": fields[2], "words": int(fields[3]),
            "sha256": fields[4], "codes": _parse_codes(fields[5]), "coders": [_parse_codes(f) for f in fields[6:]]}


def shown_refs(config, corpus, codebook, quoted: list[str]) -> set[str]:
    """The turns whose text an output shows: the quotations, and the exemplar quotes the analysis picks."""
    from naskah.analysis.exemplars import exemplar_quotes, stage_turns

    refs = set(quoted)
    by_stage = stage_turns(corpus, codebook)
    n = config.tables.exemplar_quotes_per_stage
    for stage_id in codebook.stage_ids:
        refs |= {t.ref for t in exemplar_quotes(corpus, by_stage.get(stage_id, []), n) if t is not None}
    return refs


def corpus_record(corpus, shown: set[str]) -> dict:
    """Per transcript, one line per turn; the texts of the *shown* turns only."""
    by_informant: dict[str, list] = {}
    for turn in corpus.turns:
        by_informant.setdefault(turn.informant, []).append(turn)
    transcripts = []
    for informant, path in sorted(corpus.files.items(), key=lambda item: item[1]):
        turns = by_informant.get(informant, [])
        coders = next(([c for c, _ in t.coders] for t in turns if t.coders), [])
        transcripts.append({"path": path, "informant": informant, "coders": coders,
                            "turns": [turn_row(t) for t in turns]})
    texts = {t.ref: t.text for t in corpus.turns if t.ref in shown}
    return {"fields": TURN_FIELDS, "transcripts": transcripts, "texts": dict(sorted(texts.items()))}


def turns_of(record: dict) -> dict[str, dict]:
    """Every recorded turn by its reference (``I03:12``), with its transcript path."""
    out = {}
    for transcript in record.get("transcripts", []):
        for row in transcript["turns"]:
            turn = parse_row(row)
            turn["path"] = transcript["path"]
            out[f"{transcript['informant']}:{turn['turn']}"] = turn
    return out


def withheld_corpus(config, codebook, record: dict, redactions: list[dict]):
    """The corpus as the original build saw it (texts displayed, redactions recorded), from the records:
    informants from ``informants.csv`` (it is committed), turns from the per-turn lines, the shown texts
    verbatim and every other text as as many placeholder words as it had."""
    from dataclasses import replace

    from naskah.data.transcripts import Corpus, Turn, read_informants

    diags = Diagnostics()
    informants, groups = read_informants(config, diags)
    diags.raise_if_errors()
    texts = record.get("texts", {})
    redacted = {r["ref"] for r in redactions}
    turns, files = [], {}
    for transcript in record["transcripts"]:
        informant = transcript["informant"]
        files[informant] = transcript["path"]
        for row in transcript["turns"]:
            item = parse_row(row)
            ref = f"{informant}:{item['turn']}"
            text = texts.get(ref, " ".join(["x"] * item["words"]))
            coders = tuple(zip(transcript["coders"], item["coders"], strict=False))
            turn = Turn(informant, item["turn"], item["speaker"], text, item["codes"] or (), transcript["path"],
                        item["line"], raw=text if ref in redacted else None)
            turns.append(replace(turn, coders=coders) if coders else turn)
    coders = sorted({column for turn in turns for column, codes in turn.coders if codes is not None})
    return Corpus(informants, groups, turns, files, config.shown(config.input_path("informants")),
                  redactions=list(redactions), coders=coders)


def withheld_record() -> dict | None:
    """What ``naskah verify`` recorded for a rebuild without the transcripts (``NASKAH_WITHHELD``), or None."""
    path = os.environ.get(WITHHELD_ENV)
    if not path:
        return None
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise InputError(f"{WITHHELD_ENV}={path}: cannot read the withheld-transcripts record ({exc})",
                         hint="it is written by `naskah verify`; unset the variable for a normal build") from None


def build_inputs(config):
    """The codebook and the displayed corpus a job computes from: the transcripts, or — in a verification
    without them — the records of the manifest (see the module docstring)."""
    from naskah.data.codebook import load_codebook
    from naskah.privacy.displayed import load_inputs

    withheld = withheld_record()
    if withheld is None:
        return load_inputs(config)
    path = config.input_path("codebook")
    codebook = load_codebook(path, config.shown(path))
    return codebook, withheld_corpus(config, codebook, withheld["corpus"], withheld.get("redactions", []))
