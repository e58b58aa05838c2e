"""Which turns a stage's exemplar quotes are: the table of Bab IV and ``{{ exemplar_quotes(…) }}`` in a chapter.

The pick is plain Python over the corpus, without pandas: ``assemble`` (a chapter quoting exemplars, the
manifest recording the turns a draft shows) needs it as much as ``analyse`` does, and importing pandas
there cost the job more than all its other work. Both stages call this one function, so the table and
the chapters always quote the same turns.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from naskah.data.codebook import Codebook
from naskah.data.transcripts import INTERVIEWER, Corpus

QUOTE_MAX_WORDS = 60  # an exemplar quote longer than this is taken only when an informant has no shorter one


@dataclass(frozen=True)
class CodedTurn:
    """An informant turn coded to a stage (one per turn and stage), with the sub-codes of that stage it
    carries and its informant's group: what the exemplar pick and the analysis's counts read."""

    informant: str
    turn: int
    words: int
    subcodes: tuple[str, ...] = ()
    group: str | None = None


_LAST: tuple = (None, None, {})  # the last corpus and codebook asked for, and their answer


def stage_turns(corpus: Corpus, codebook: Codebook) -> dict[str, list[CodedTurn]]:
    """Stage id → the informant turns coded to it (to the stage or one of its sub-codes), in corpus order.

    ``assemble`` asks twice for the same corpus (the chapters' quotes, then the turns the drafts show): the
    second time gets the first answer (half a second at 200,000 turns). Callers only read it."""
    global _LAST
    if _LAST[0] is corpus and _LAST[1] is codebook:
        return _LAST[2]
    stage_of = codebook.stage_map()
    group_of = {i.id: i.group for i in corpus.informants}
    out: dict[str, list[CodedTurn]] = {stage: [] for stage in codebook.stage_ids}
    for informant, number, words, codes in _coded_turns(corpus):
        by_stage: dict[str, list[str]] = {}
        for code in codes:
            subs = by_stage.setdefault(stage_of[code], [])
            if code != stage_of[code]:
                subs.append(code)
        group = group_of.get(informant)
        for stage, subs in by_stage.items():
            out.setdefault(stage, []).append(CodedTurn(informant, number, words, tuple(subs), group))
    _LAST = (corpus, codebook, out)
    return out


def _coded_turns(corpus: Corpus) -> list[tuple[str, int, int, tuple[str, ...]]]:
    """(informant, turn, words, codes) of each coded informant turn, in corpus order; as recorded when the
    corpus was rebuilt from its record (assemble), without reading a transcript."""
    if corpus.coded is not None:
        return corpus.coded
    return [(t.informant, t.turn, len(t.text.split()), t.codes) for t in corpus.turns
            if t.speaker != INTERVIEWER and t.codes]


def exemplar_quotes(corpus: Corpus, turns: list[CodedTurn], n: int) -> list:
    """Pick *n* of a stage's coded *turns* to quote, deterministically and spread over groups and informants.

    Groups take turns (in group order); within a group the informant with the most coded turns for the
    stage goes first (then by id); from each informant we take the longest turn of at most QUOTE_MAX_WORDS
    words (earliest on ties), or the shortest if all are longer (earliest on ties).
    """
    if not turns:
        return []
    group_of = {i.id: i.group for i in corpus.informants}
    counts = Counter(t.informant for t in turns)
    queues = []
    for group in corpus.groups:
        members = sorted((i for i in counts if group_of.get(i) == group), key=lambda i: (-counts[i], i))
        if members:
            queues.append(members)
    chosen = []
    while len(chosen) < n and any(queues):
        for queue in queues:
            if queue and len(chosen) < n:
                informant = queue.pop(0)
                own = [t for t in turns if t.informant == informant]
                fitting = [t for t in own if t.words <= QUOTE_MAX_WORDS]
                pick = (min(fitting, key=lambda t: (-t.words, t.turn)) if fitting
                        else min(own, key=lambda t: (t.words, t.turn)))
                chosen.append(corpus.turn(informant, pick.turn))
    return chosen
