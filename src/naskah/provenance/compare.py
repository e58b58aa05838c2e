"""Every claim of a manifest against the manifest its rebuild wrote: nothing is taken on trust.

A file hash only vouches for the file. A manifest also states numbers, table cells, quotations (text,
informant, turn, line), the coding turn by turn and the lineage of each artefact — any of which could
be edited by hand while every hash still matches. :func:`compare` recomputes them all by rebuilding
(the caller's job) and names each claim that differs: ``number n12 (stage.kontak.informants): value
'999' in the manifest, '14' rebuilt``. Tool versions are compared separately (:func:`drift`), since a
different pandoc is a reason for different bytes, not a forgery.
"""

from __future__ import annotations

from dataclasses import dataclass

from naskah.provenance.corpus import parse_row


@dataclass(frozen=True)
class Finding:
    """One claim that differs: what (``number n12 (…)``), which field, the manifest's and the rebuild's value."""

    kind: str
    name: str
    detail: str


TRACKED = ["naskah", "snakemake", "pandoc", "typst", "python", "bibtexparser"]


def drift(recorded: dict, here: dict) -> list[tuple[str, str | None, str | None]]:
    """(tool, recorded version, version here) for every tool whose version differs."""
    tools = TRACKED + sorted(k for k in set(recorded) | set(here) if k not in TRACKED)
    return [(tool, recorded.get(tool), here.get(tool)) for tool in tools if recorded.get(tool) != here.get(tool)]


def _show(value) -> str:
    if isinstance(value, str):
        return repr(value) if len(value) <= 80 else repr(value[:77] + "…")
    return repr(value)


def _fields(kind: str, name: str, old: dict, new: dict, fields: list[str]) -> list[Finding]:
    out = []
    for field in fields:
        if old.get(field) != new.get(field):
            out.append(Finding(kind, name, f"{field}: {_show(old.get(field))} in the manifest, "
                                           f"{_show(new.get(field))} rebuilt"))
    return out


def _keyed(kind: str, old: list[dict], new: list[dict], key, name, fields: list[str]) -> tuple[list[Finding], int]:
    """Compare two lists of records matched by *key*; returns the findings and how many records agreed."""
    old_by, new_by = {key(r): r for r in old}, {key(r): r for r in new}
    findings, equal = [], 0
    for k, record in old_by.items():
        if k not in new_by:
            findings.append(Finding(kind, name(record), "in the manifest, not in the rebuild"))
            continue
        found = _fields(kind, name(record), record, new_by[k], fields)
        if kind == "table" and not found:
            found = _cells(record, new_by[k])
        findings += found
        equal += not found
    for k, record in new_by.items():
        if k not in old_by:
            findings.append(Finding(kind, name(record), "in the rebuild, not in the manifest"))
    return findings, equal


def _cells(old: dict, new: dict) -> list[Finding]:
    out = []
    name = f"{old['id']} ({old.get('number') or '—'})"
    if old["columns"] != new["columns"]:
        out.append(Finding("table", name, f"columns: {old['columns']} in the manifest, {new['columns']} rebuilt"))
    for index in range(max(len(old["rows"]), len(new["rows"]))):
        before = old["rows"][index] if index < len(old["rows"]) else None
        after = new["rows"][index] if index < len(new["rows"]) else None
        if before == after:
            continue
        if before is None or after is None:
            where = "rebuilt" if before is None else "in the manifest"
            out.append(Finding("table", name, f"row {index + 1} only {where}"))
            continue
        for column, a, b in zip(new["columns"], before, after, strict=False):
            if a != b:
                out.append(Finding("table", name, f"row {index + 1} ({after[0]}), {column}: {_show(a)} in the "
                                                  f"manifest, {_show(b)} rebuilt"))
    return out


def compare(recorded: dict, rebuilt: dict, *, withheld: bool = False) -> tuple[list[Finding], dict[str, int]]:
    """Every claim of *recorded* against *rebuilt*. Returns the findings and, per kind, how many records
    were recomputed and equal. *withheld*: the rebuild read the coding from the manifest itself, so the
    coding and what rule inputs the transcripts were are not claims it can check."""
    findings: list[Finding] = []
    agreed: dict[str, int] = {}

    def add(kind: str, result: tuple[list[Finding], int]) -> None:
        findings.extend(result[0])
        agreed[kind] = result[1]

    add("table", _keyed("table", recorded["tables"], rebuilt["tables"], lambda t: t["id"],
                        lambda t: f"{t['id']} ({t.get('number') or '—'})",
                        ["number", "caption", "file", "rule", "shape", "sources"]))
    add("figure", _keyed("figure", recorded["figures"], rebuilt["figures"], lambda f: f["id"],
                         lambda f: f"{f['id']} ({f.get('number') or '—'})", ["number", "caption", "chapter", "file",
                                                                             "rule"]))
    add("number", _keyed("number", recorded["numbers"], rebuilt["numbers"], lambda n: n["id"],
                         lambda n: f"{n['id']} ({n['expr']})",
                         ["expr", "value", "chapter", "line", "cell", "table", "refs", "sentence"]))
    add("quotation", _keyed("quotation", recorded["quotes"], rebuilt["quotes"], lambda q: (q["ref"], q["chapter"]),
                            lambda q: f"{q['ref']} in {q['chapter']}",
                            ["informant", "turn", "transcript", "line", "redacted", "text", "transcript_sha256"]))
    artefact_fields = ["rule"] if withheld else ["rule", "inputs"]
    if recorded["artefacts"]:  # a draft's embedded manifest has none: its own bytes are compared instead
        add("artefact record", _keyed("artefact record", recorded["artefacts"], rebuilt["artefacts"],
                                      lambda a: a["path"], lambda a: a["path"], artefact_fields))
    for field in ("language", "settings", "chapters"):
        if recorded.get(field) != rebuilt.get(field):
            findings.append(Finding("manifest", field, f"{_show(recorded.get(field))} in the manifest, "
                                                       f"{_show(rebuilt.get(field))} rebuilt"))
    if sorted(map(str, recorded["redactions"])) != sorted(map(str, rebuilt["redactions"])):
        findings.append(Finding("manifest", "redactions", "the recorded redactions differ from the rebuild's"))
    old_entries, new_entries = recorded["library"]["entries"], rebuilt["library"]["entries"]
    changed = sorted(k for k in set(old_entries) | set(new_entries) if old_entries.get(k) != new_entries.get(k))
    findings += [Finding("library entry", key, "its recorded hash differs from the library's") for key in changed]
    agreed["library entry"] = len(set(old_entries) - set(changed))
    if not withheld:
        add("transcript record", _corpus(recorded["corpus"], rebuilt["corpus"]))
    return findings, agreed


def _corpus(old: dict, new: dict) -> tuple[list[Finding], int]:
    """The coding turn by turn, and the recorded texts."""
    findings, equal = [], 0
    new_by = {t["path"]: t for t in new["transcripts"]}
    for transcript in old["transcripts"]:
        other = new_by.pop(transcript["path"], None)
        name = transcript["path"]
        if other is None:
            findings.append(Finding("transcript record", name, "in the manifest, not in the rebuild"))
            continue
        found = _fields("transcript record", name, transcript, other, ["informant", "coders"])
        if transcript["turns"] != other["turns"]:
            rebuilt = {parse_row(r)["turn"]: r for r in other["turns"]}
            for row in transcript["turns"]:
                turn = parse_row(row)
                if rebuilt.get(turn["turn"]) != row:
                    found.append(Finding("transcript record", name,
                                         f"turn {turn['turn']}: {row!r} in the manifest, "
                                         f"{rebuilt.get(turn['turn'])!r} rebuilt"))
            if len(other["turns"]) != len(transcript["turns"]):
                found.append(Finding("transcript record", name, f"{len(transcript['turns'])} turns in the manifest, "
                                                                f"{len(other['turns'])} rebuilt"))
        findings += found
        equal += not found
    findings += [Finding("transcript record", path, "in the rebuild, not in the manifest") for path in new_by]
    for ref in sorted(set(old["texts"]) | set(new["texts"])):
        if old["texts"].get(ref) != new["texts"].get(ref):
            findings.append(Finding("transcript record", ref, f"text: {_show(old['texts'].get(ref))} in the "
                                                              f"manifest, {_show(new['texts'].get(ref))} rebuilt"))
    return findings, equal
