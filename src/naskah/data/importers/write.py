"""From the common model to naskah's native files, and the report of what could not be placed.

Decisions the native format forces, all written into the report:

- **Codebook.** Top-level codes are the stages, in the tool's order; a deeper code becomes a
  sub-code of its top-level code (the native format has two levels; the label keeps the path).
  Ids are made from the names (``Sapaan pertama`` → ``sapaan_pertama``; on a clash the parent's
  name is put in front); a naskah export's note gives them back exactly.
- **Turns.** Known turns (a spreadsheet) are kept; otherwise they are found in the text
  (:func:`.transcripts.segment`). Interviewer turns are ``P``, the rest the informant's.
- **Codings onto turns.** A span codes every turn it overlaps; a span covering several turns
  codes each. The native format codes informant turns only, so a span on interviewer turns
  alone is reported, as is a span that meets no turn.
- **Coders.** One coder: the ``codes`` column. Several: a ``codes:<coder>`` column each, and
  ``codes`` is the **union** of their codes — a provisional consensus in which nothing any
  coder saw is missing, to be reconciled with ``results/agreement/disagreements.csv``. A naskah
  export names its consensus coder, whose codings are ``codes`` again. A coder who coded
  anything in a transcript coded all of it (their range is the whole transcript).
- **Informants.** A pseudonym the export gives (a case named ``I03``, a document named
  ``I03.docx``) is kept; other names (often real ones) are replaced by ``I01``, ``I02`` … and the
  mapping is written only to the report, which goes into the git-ignored ``private/`` folder.
  Case variables become ``informants.csv`` columns; a missing ``group`` or ``category`` gets a
  placeholder that the report asks you to fill in.
"""

from __future__ import annotations

import csv
import io
import re
from bisect import bisect_right
from dataclasses import dataclass, field

import yaml

from naskah.core.messages import _, n_
from naskah.data.importers.model import Project, Source, slug
from naskah.data.importers.transcripts import PSEUDONYM, canonical, roles, segment

CODE_ID = re.compile(r"^[a-z][a-z0-9_-]*$")
CODER_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_-]*$")
INFORMANT_ID = re.compile(r"^[A-Za-z][A-Za-z0-9_-]*$")
GROUP_KEYS = ("group", "kelompok", "grup")
CATEGORY_KEYS = ("category", "kategori")
GROUP_PLACEHOLDER = "(belum diisi)"
UNNAMED_CODER = "tanpa_nama"


@dataclass
class Native:
    """The native files (path relative to the project → text) and the report."""

    codebook: str
    informants: str | None
    transcripts: dict[str, str]
    report: list[str] = field(default_factory=list)
    summary: list[str] = field(default_factory=list)


@dataclass
class _Turn:
    number: int
    speaker: str  # "P" or the informant id
    start: int
    end: int
    text: str
    codes: dict[str, list[str]] = field(default_factory=dict)  # coder -> code ids


def build(project: Project, interviewer: set[str] | None = None, categories: list[str] | None = None) -> Native:
    report: list[str] = []
    ids, codebook_text = _codebook(project, report)
    transcripts, informant_rows = {}, []
    used_ids: set[str] = set()
    sources = [s for s in project.sources.values() if s.text is not None]
    for source in project.sources.values():
        if source.text is None:
            project.diags.warning(_("no text for {name}: no transcript written for it", name=repr(source.name)),
                                  source.where, hint=_("export the project with its documents, or add the transcript "
                                                       "(.docx, .txt) to the import"))
    assigned = _informant_ids(sources, used_ids, report)
    coders = sorted({_coder(span.coder) for span in project.spans}) or []
    consensus = _coder(project.consensus) if project.consensus else None
    columns = _coder_columns(coders, consensus, report)
    turn_count = 0
    by_source: dict[str, list] = {}
    for span in project.spans:
        by_source.setdefault(span.source, []).append(span)
    for source in sources:
        informant = assigned[source.key]
        turns = _turns(source, informant, interviewer or set(), project, report)
        turn_count += len(turns)
        _code_turns(source, turns, ids, project, by_source.get(source.key, []))
        transcripts[informant] = _transcript_csv(turns, columns, source, consensus if consensus in coders else None)
        informant_rows.append((informant, source))
    informants_text = _informants_csv(informant_rows, categories or ["kunci", "utama", "pendukung"], report)
    native = Native(codebook_text, informants_text if informant_rows else None, transcripts, report)
    native.summary = [_("{codes} codes, {transcripts} transcripts, {turns} turns, {codings} codings",
                        codes=len(project.codes), transcripts=len(transcripts), turns=turn_count,
                        codings=len(project.spans))]
    return native


def _coder(name: str | None) -> str:
    if not name:
        return UNNAMED_CODER
    clean = re.sub(r"[^A-Za-z0-9_-]+", "_", _fold(name)).strip("_")
    return clean if CODER_NAME.match(clean) else f"coder_{clean}" if clean else UNNAMED_CODER


def _fold(text: str) -> str:
    from naskah.data.importers.model import ascii_fold

    return ascii_fold(text)


def _codebook(project: Project, report: list[str]) -> tuple[dict[tuple[str, ...], str], str]:
    ids: dict[tuple[str, ...], str] = {}
    taken: set[str] = set()

    def claim(path: tuple[str, ...]) -> str:
        wanted = project.code_ids.get(path)
        if wanted and CODE_ID.match(wanted) and wanted not in taken:
            taken.add(wanted)
            return wanted
        candidates = [slug(path[-1])] + ([slug("_".join(path[-2:]))] if len(path) > 1 else [])
        for candidate in candidates:
            if candidate not in taken:
                taken.add(candidate)
                return candidate
        number = 2
        while f"{candidates[-1]}_{number}" in taken:
            number += 1
        taken.add(f"{candidates[-1]}_{number}")
        return f"{candidates[-1]}_{number}"

    stages = [path for path in project.codes if len(path) == 1]
    for path in stages:
        ids[path] = claim(path)
    entries = []
    flattened = []
    for stage in stages:
        code = project.codes[stage]
        entries.append({"id": ids[stage], "label": stage[0], "description": code.description})
        for path, sub in project.codes.items():
            if len(path) > 1 and path[0] == stage[0]:
                ids[path] = claim(path)
                if len(path) > 2:
                    flattened.append(" / ".join(path))
                entries.append({"id": ids[path], "parent": ids[stage], "label": " / ".join(path[1:]),
                                "description": sub.description})
    report.append(f"- codebook: {len(stages)} stages (top-level codes, in the tool's order), "
                  f"{len(entries) - len(stages)} sub-codes")
    if flattened:
        report.append(f"- {len(flattened)} code(s) deeper than two levels became sub-codes of their top-level code: "
                      + "; ".join(flattened[:10]) + (" …" if len(flattened) > 10 else ""))
    renamed = [f"{' / '.join(p)} → {i}" for p, i in ids.items() if project.code_ids.get(p) != i]
    if renamed:
        more = " …" if len(renamed) > 30 else ""
        report.append("- code ids made from the names: " + "; ".join(renamed[:30]) + more)
    data = {"title": project.title or "Codebook", "codes": entries}
    return ids, yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=1000)


class _Dumper(yaml.SafeDumper):
    """Lists indented under their key, as the README's codebook is written."""

    def increase_indent(self, flow=False, indentless=False):
        return super().increase_indent(flow, False)


def _informant_ids(sources: list[Source], used: set[str], report: list[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for source in sources:  # pseudonyms given by the export first
        for candidate in (source.informant, source.name if PSEUDONYM.match(source.name) else None):
            if candidate and INFORMANT_ID.match(candidate) and candidate != "P" and candidate not in used:
                out[source.key] = candidate
                used.add(candidate)
                break
    number = 1
    for source in sources:
        if source.key in out:
            continue
        while f"I{number:02d}" in used:
            number += 1
        out[source.key] = f"I{number:02d}"
        used.add(out[source.key])
        report.append(f"- informant {out[source.key]} is the document {source.name!r} ({source.where})")
    return out


def _coder_columns(coders: list[str], consensus: str | None, report: list[str]) -> list[str]:
    """The ``codes:<coder>`` columns; empty when there is one coder (``codes`` is theirs)."""
    if consensus and consensus in coders:
        others = [c for c in coders if c != consensus]
        report.append(f"- coders: `codes` is {consensus}'s coding (the consensus the naskah export named)"
                      + (f"; further coders: {', '.join(others)}" if others else ""))
        return others
    if len(coders) <= 1:
        report.append(f"- coder: {coders[0] if coders else 'none'} (the `codes` column)")
        return []
    report.append(f"- coders: {', '.join(coders)}, a `codes:<coder>` column each; `codes` is the union of their "
                  "codes (a provisional consensus: reconcile it with results/agreement/disagreements.csv)")
    return coders


def _turns(source: Source, informant: str, interviewer: set[str], project: Project,
           report: list[str]) -> list[_Turn]:
    text = source.text or ""
    if source.turns is not None:
        found, style, unassigned = source.turns, "rows of the sheet", []
    else:
        segmented = segment(text, {informant} | interviewer)
        found, style, unassigned = segmented.turns, segmented.style, segmented.unassigned
    asks, how = roles(found, text, informant, interviewer)
    numbers = [t.number for t in found]
    if None in numbers or len(set(numbers)) != len(numbers):
        numbers = source.turn_numbers if source.turn_numbers and len(source.turn_numbers) == len(found) \
            else list(range(1, len(found) + 1))
    turns = []
    for number, turn in zip(numbers, found, strict=True):
        said = " ".join(text[turn.start:turn.end].split())
        if not said:
            continue
        speaker = "P" if canonical(turn.speaker) in asks else informant
        turns.append(_Turn(number, speaker, turn.start, turn.end, said))
    labels = sorted({t.speaker for t in found if t.speaker and canonical(t.speaker) not in asks})
    where = f"{source.where}"
    if source.convention:
        report.append(f"- {informant}: positions counted as {source.convention}")
    report.append(f"- {informant}: {len(turns)} turns ({style}); interviewer: {', '.join(sorted(asks)) or 'none'} "
                  f"({how})")
    if len(labels) > 1:
        project.diags.warning(_("{n} speakers besides the interviewer ({labels}): all their turns are {informant}'s",
                                n=len(labels), labels=", ".join(labels), informant=informant), where,
                              hint=_("the native format has one informant per transcript"))
    if not asks and found and found[0].speaker:
        project.diags.warning(_("no interviewer found among the speakers of {name}", name=repr(source.name)), where,
                              hint=_("name the interviewer's label with --interviewer LABEL"))
    for line, content in unassigned:
        project.diags.warning(_("line {line} comes before the first speaker and belongs to no turn: {text}",
                                line=line, text=repr(content[:60])), where,
                              hint=_("it is left out of the transcript"))
    if not turns:
        project.diags.error(_("no turns found in {name}", name=repr(source.name)), where,
                            hint=_("the document is empty"))
    return turns


def _code_turns(source: Source, turns: list[_Turn], ids: dict, project: Project, spans: list) -> None:
    ends = [t.end for t in turns]
    on_interviewer = 0
    for span in spans:
        if span.whole:
            hit = turns
        else:
            first = bisect_right(ends, span.start) if span.end > span.start else bisect_right(ends, span.start - 1)
            hit = []
            for turn in turns[first:]:
                if turn.start >= span.end and not (span.start == span.end and turn.start == span.start):
                    break
                hit.append(turn)
        mine = [t for t in hit if t.speaker != "P"]
        if not hit:
            project.diags.warning(_("the coding of {code} at [{start}, {end}) matches no turn of {name}",
                                    code=repr(span.code[-1]), start=span.start, end=span.end, name=repr(source.name)),
                                  span.where, hint=_("it lies between turns or on a speaker label"))
        elif not mine:
            on_interviewer += 1
        for turn in mine:
            codes = turn.codes.setdefault(_coder(span.coder), [])
            if ids[span.code] not in codes:
                codes.append(ids[span.code])
    if on_interviewer:
        project.diags.warning(n_("{n} coding of {name} lies on interviewer turns only and is left out",
                                 "{n} codings of {name} lie on interviewer turns only and are left out",
                                 on_interviewer, name=repr(source.name)), source.where,
                              hint=_("naskah codes the informant's answers, not the questions"))


def _transcript_csv(turns: list[_Turn], columns: list[str], source: Source, main_coder: str | None) -> str:
    informant_turns = [t.number for t in turns if t.speaker != "P"]
    ranges = {}
    for coder in columns:
        recorded = {_coder(k): v for k, v in source.ranges.items()}.get(coder)
        if recorded:
            ranges[coder] = recorded
        elif any(coder in t.codes for t in turns) and informant_turns:
            ranges[coder] = (informant_turns[0], informant_turns[-1], [])
    columns = [c for c in columns if c in ranges]  # a coder's column only where they coded
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["turn", "speaker", "text", "codes"] + [f"codes:{c}" for c in columns])
    for turn in turns:
        main = turn.codes.get(main_coder, []) if main_coder else _union(turn.codes)
        row = [turn.number, turn.speaker, turn.text, ";".join(main)]
        for coder in columns:
            row.append(_cell(turn, coder, ranges.get(coder)))
        writer.writerow(row)
    return buffer.getvalue()


def _union(codes: dict[str, list[str]]) -> list[str]:
    return list(dict.fromkeys(code for coder in sorted(codes) for code in codes[coder]))


def _cell(turn: _Turn, coder: str, span: tuple[int, int, list[int]] | None) -> str:
    if turn.speaker == "P" or span is None:
        return ""
    first, last, missing = span
    if not first <= turn.number <= last:
        return ""
    if turn.number in missing:
        return "?"
    codes = turn.codes.get(coder, [])
    if codes:
        return ";".join(codes)
    return "-" if turn.number in (first, last) else ""


def _informants_csv(rows: list[tuple[str, Source]], categories: list[str], report: list[str]) -> str:
    extra: list[str] = []
    for _informant, source in rows:
        for key in source.variables:
            if key.casefold() not in GROUP_KEYS + CATEGORY_KEYS + ("informant",) and key not in extra:
                extra.append(key)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["informant", "group", "category"] + extra)
    placeholder_category = "utama" if "utama" in categories else categories[0]
    missing = []
    for informant, source in sorted(rows):
        values = {k.casefold(): v for k, v in source.variables.items()}
        group = next((values[k] for k in GROUP_KEYS if values.get(k)), "")
        category = next((values[k] for k in CATEGORY_KEYS if values.get(k)), "")
        if not group or not category:
            missing.append(informant)
        writer.writerow([informant, group or GROUP_PLACEHOLDER, category or placeholder_category]
                        + [source.variables.get(k, "") for k in extra])
    if missing:
        report.append(f"- informants.csv: fill in `group` (now '{GROUP_PLACEHOLDER}') and check `category` (now "
                      f"'{placeholder_category}') for {', '.join(missing)}: the export did not give them")
    return buffer.getvalue()
