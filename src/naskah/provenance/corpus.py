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
from naskah.core.messages import _

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
    """Per transcript, one line per turn; the texts of the *shown* turns only. A corpus rebuilt from a record
    (:func:`recorded_corpus`) gives that record's lines, and reads the shown texts from their transcripts."""
    if corpus.record is not None:
        texts = {}
        for ref in shown:
            informant, _colon, number = ref.rpartition(":")
            if number.isdigit() and (turn := corpus.turn(informant, int(number))) is not None:
                texts[ref] = turn.text
        return {**corpus.record, "texts": dict(sorted(texts.items()))}
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


def corpus_snapshot(corpus) -> dict:
    """What ``analyse`` leaves for ``assemble`` (results/analysis/corpus.json): the per-turn lines, without a
    single text, the redactions and the coders, so that assemble need not read and redact every transcript
    again (2.8 s of its 7.6 at 1,000 transcripts). It shows nothing the manifest does not."""
    return {"corpus": corpus_record(corpus, set()), "coders": corpus.coders, "redactions": corpus.redactions}


def recorded_corpus(config, codebook, snapshot: dict, shown: str):
    """The corpus from ``analyse``'s snapshot (*shown*: its path as messages name it): informants from
    ``informants.csv``, turns as recorded; a turn's text is read, validated and redacted from its transcript
    when asked for, one informant at a time, and must still hash as recorded."""
    from naskah.data.transcripts import INTERVIEWER, Corpus, TurnsOnDemand, read_informants, read_transcript
    from naskah.privacy.detectors import MARKERS, detector_for, redact_corpus
    from naskah.privacy.displayed import load_inputs

    diags = Diagnostics()
    informants, groups = read_informants(config, diags, [])
    diags.raise_if_errors()
    record = snapshot["corpus"]
    coded = []  # what the exemplar pick reads (naskah.analysis.exemplars): (informant, turn, words, codes)
    for transcript in record["transcripts"]:
        for row in transcript["turns"]:
            number, _line, speaker, words, _sha, codes = row.split(" ", 6)[:6]
            if speaker != INTERVIEWER and codes not in (NONE, MISSING):
                coded.append((transcript["informant"], int(number), int(words), tuple(codes.split(";"))))
    files = {t["informant"]: t["path"] for t in record["transcripts"]}
    rows = {t["informant"]: t["turns"] for t in record["transcripts"]}
    paths = {config.shown(path): path for path in config.transcript_files}
    detector = []  # built on the first transcript read: it reads the identity map
    max_bytes = int(config.inputs.max_transcript_mb * 1024 * 1024)

    def displayed(informant: str) -> list:
        path = paths.get(files[informant])
        diags = Diagnostics()
        turns = read_transcript(path, informant, files[informant], codebook, diags, max_bytes) if path else []
        if not detector:
            detector.append(detector_for(config))
        corpus = redact_corpus(Corpus([], [], turns), detector[0], MARKERS[config.language])
        if diags.errors or [turn_row(t) for t in corpus.turns] != rows[informant]:
            raise InputError(_("the per-turn lines of the analysis are older than {path}", path=files[informant]),
                             shown, hint=_("run `naskah analyse` again (`snakemake -c2` does)"))
        return corpus.turns

    return Corpus(informants, groups, TurnsOnDemand(lambda: load_inputs(config)[1].turns), files,
                  config.shown(config.input_path("informants")), redactions=list(snapshot["redactions"]),
                  coders=list(snapshot["coders"]), record=record, loader=displayed, coded=coded)


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
                  redactions=list(redactions), coders=coders, record=record)


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


def build_inputs(config, snapshot: Path | None = None):
    """The codebook and the displayed corpus a job computes from: the transcripts, or — in a verification
    without them — the records of the manifest (see the module docstring). With *snapshot* (``analyse``'s
    results/analysis/corpus.json), the corpus is rebuilt from it, the transcripts read only for the turns
    shown; not in a final copy, where assemble reports what reading every transcript warns about."""
    from naskah.data.codebook import load_codebook
    from naskah.privacy.displayed import load_inputs

    withheld = withheld_record()
    if withheld is None and (snapshot is None or config.strict):
        return load_inputs(config)
    path = config.input_path("codebook")
    codebook = load_codebook(path, config.shown(path))
    if withheld is None:
        try:
            recorded = json.loads(snapshot.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as exc:
            raise InputError(_("cannot read the per-turn lines of the analysis ({error})", error=exc),
                             config.shown(snapshot), hint=_("run `naskah analyse --corpus {path}` first",
                                                            path=config.shown(snapshot))) from None
        return codebook, recorded_corpus(config, codebook, recorded, config.shown(snapshot))
    return codebook, withheld_corpus(config, codebook, withheld["corpus"], withheld.get("redactions", []))
