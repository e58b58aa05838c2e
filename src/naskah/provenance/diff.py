"""``naskah diff``: what changed since the draft the advisor read — and why.

Effects alone ("Tabel 4.1: 2 cells changed") send the student hunting for the cause. Both manifests
record the coding turn by turn, a hash per library entry and a hash per input file, so each changed
table cell, number and quotation is listed with the input changes behind it: "I03 turn 12 (line 13):
code kontak → perusakan", "I03 turn 14: text edited", "library entry walther1996 changed",
"chapters/04-hasil.md edited". Rows are matched by their own label (a sub-code row by its stage and
sub-code), not by position, so one inserted row does not make every later row "changed".
"""

from __future__ import annotations

import re

from naskah.provenance.corpus import turns_of

# a count, a share or "6 (20)" (informants and turns): such a column never names a row
NUMERIC = re.compile(r"^([-+]?\d+([.,]\d+)?%?( \(\d+([.,]\d+)?%?\))?|–|)$")


def input_changes(old: dict, new: dict) -> dict:
    """The causes: turns (by ``I03:12``), library entries and files that differ between the manifests."""
    turns: dict[str, str] = {}
    coding: set[str] = set()  # turns whose coding (codes, coders, speaker) changed, or that came or went
    before, after = turns_of(old.get("corpus", {})), turns_of(new.get("corpus", {}))
    paths = {ref: turn["path"] for ref, turn in {**before, **after}.items()}
    for ref in sorted(set(before) | set(after), key=_ref_key):
        a, b = before.get(ref), after.get(ref)
        if a is None or b is None:
            coding.add(ref)
            turns[ref] = (f"{_turn_name(ref, b)}: new turn" + (f", codes {_codes(b['codes'])}" if b["codes"] else "")
                          if a is None else f"{_turn_name(ref, a)}: turn removed")
            continue
        what = []
        if a["codes"] != b["codes"]:
            what.append(f"code {_codes(a['codes'])} → {_codes(b['codes'])}")
        for index, (x, y) in enumerate(zip(a["coders"], b["coders"], strict=False)):
            if x != y:
                what.append(f"coder {index + 2}: {_codes(x)} → {_codes(y)}")
        if a["speaker"] != b["speaker"]:
            what.append(f"speaker {a['speaker']} → {b['speaker']}")
        if what:
            coding.add(ref)
        if a["sha256"] != b["sha256"]:
            what.append("text edited")
        if what:
            turns[ref] = f"{_turn_name(ref, b)}: {', '.join(what)}"
    old_entries = old.get("library", {}).get("entries", {})
    new_entries = new.get("library", {}).get("entries", {})
    entries = {}
    for key in sorted(set(old_entries) | set(new_entries)):
        if old_entries.get(key) != new_entries.get(key):
            state = "added" if key not in old_entries else "removed" if key not in new_entries else "changed"
            entries[key] = f"library entry {key} {state}"
    old_files = {i["path"]: i["sha256"] for i in old["inputs"]}
    new_files = {i["path"]: i["sha256"] for i in new["inputs"]}
    files = {}
    for path in sorted(set(old_files) | set(new_files)):
        if old_files.get(path) != new_files.get(path):
            state = "added" if path not in old_files else "removed" if path not in new_files else "edited"
            files[path] = f"{path} {state}"
    return {"turns": turns, "coding": coding, "turn_paths": paths, "entries": entries, "files": files}


def _ref_key(ref: str) -> tuple:
    informant, _, turn = ref.rpartition(":")
    return informant, int(turn) if turn.isdigit() else 0


def _turn_name(ref: str, turn: dict) -> str:
    informant, _, number = ref.rpartition(":")
    return f"{informant} turn {number} ({turn['path']}:{turn['line']})"


def _codes(codes) -> str:
    if codes is None:
        return "?"
    return ";".join(codes) if codes else "∅"


def diff(old: dict, new: dict) -> list[str]:
    """Changed table cells, numbers and quotations, each with the input changes behind it."""
    causes = input_changes(old, new)
    lines: list[str] = []
    old_tables = {t["id"]: t for t in old["tables"]}
    for table in new["tables"]:
        before = old_tables.pop(table["id"], None)
        if before is None:
            lines.append(f"table {table['id']}: new")
            continue
        changes, touched = _cell_changes(before, table)  # touched: the changed rows
        if changes:
            shown = table.get("number") or f"{table['file']}, not in the draft"
            lines.append(f"table {table['id']} ({shown}): {len(changes)} cell(s) changed")
            lines += [f"  {c}" for c in changes]
            lines += _because(_table_causes(table, before, touched, causes))
    lines += [f"table {ident}: removed" for ident in sorted(old_tables)]
    old_numbers, new_numbers = _keyed_numbers(old["numbers"]), _keyed_numbers(new["numbers"])
    for key, number in new_numbers.items():
        before = old_numbers.get(key)
        if before and before["value"] != number["value"]:
            where = number["chapter"] + (f":{number['line']}" if number.get("line") else "")
            lines.append(f"number {number['expr']} ({where}): {before['value']} → {number['value']}")
            if number.get("sentence"):
                lines.append(f"  “{number['sentence']}”")
            refs = set(before["refs"]) | set(number["refs"])  # a count changes with the coding, not the wording
            lines += _because([causes["turns"][r] for r in sorted(refs, key=_ref_key) if r in causes["coding"]]
                              or _file_causes(causes, ("informants", "codebook", "config")))
    old_quotes = {(q["ref"], q["chapter"]): q for q in old["quotes"]}
    new_quotes = {(q["ref"], q["chapter"]): q for q in new["quotes"]}
    for key in sorted(set(new_quotes) - set(old_quotes)):
        lines.append(f"quote {key[0]} added in {key[1]}")
        lines += _because([causes["turns"][key[0]]] if key[0] in causes["turns"] else
                          [causes["files"][key[1]]] if key[1] in causes["files"] else [])
    for key in sorted(set(old_quotes) - set(new_quotes)):
        lines.append(f"quote {key[0]} removed from {key[1]}")
        lines += _because([causes["turns"][key[0]]] if key[0] in causes["turns"] else
                          [causes["files"][key[1]]] if key[1] in causes["files"] else [])
    for key in sorted(set(old_quotes) & set(new_quotes)):
        a, b = old_quotes[key], new_quotes[key]
        changed = [f for f in ("text", "line", "transcript", "redacted") if f in a and a.get(f) != b.get(f)]
        if changed:
            detail = (f"line {a['line']} → {b['line']}" if changed == ["line"]
                      else ", ".join(f"{f} changed" for f in changed))
            lines.append(f"quote {key[0]} in {key[1]}: {detail}")
            lines += _because([causes["turns"][key[0]]] if key[0] in causes["turns"] else
                              [c for p, c in causes["files"].items() if p == a.get("transcript")])
    return lines


def _because(causes: list[str], limit: int = 8) -> list[str]:
    unique = list(dict.fromkeys(causes))
    out = [f"    because: {c}" for c in unique[:limit]]
    if len(unique) > limit:
        out.append(f"    … and {len(unique) - limit} more input change(s)")
    return out


def _file_causes(causes: dict, hints: tuple[str, ...]) -> list[str]:
    return [c for path, c in causes["files"].items() if any(h in path for h in hints)]


def _table_causes(table: dict, before: dict, changed_rows: list[list[str]], causes: dict) -> list[str]:
    """The input changes behind a table's changed rows: changed coding in its transcripts (of the informants
    whose rows changed, when its rows are informants), edited turns its changed rows show (``I03, giliran
    12``), library entries for the literature table, and other changed source files."""
    sources = {s["path"] for s in table["sources"]} | {s["path"] for s in before["sources"]}
    cells = {cell for row in changed_rows for cell in row}
    coded = [ref for ref in causes["coding"] if causes["turn_paths"][ref] in sources]
    named = [ref for ref in coded if ref.rpartition(":")[0] in cells]
    refs = set(named or coded)
    text = " ".join(cells)
    for ref in causes["turns"]:
        informant, _, number = ref.rpartition(":")
        if causes["turn_paths"][ref] in sources and re.search(rf"\b{re.escape(informant)}\b\D+\b{number}\b", text):
            refs.add(ref)
    found = [causes["turns"][ref] for ref in sorted(refs, key=_ref_key)]
    if table.get("rule") == "literature":
        found += list(causes["entries"].values())
    explained = {causes["turn_paths"][ref] for ref in causes["turns"]}
    found += [c for path, c in causes["files"].items() if path in sources and path not in explained]
    return found


def _row_key(before: list[list[str]], after: list[list[str]], width: int) -> int:
    """How many leading columns name a row: its label columns (those before the first column of counts), at
    least two of them when there are (a sub-code row: stage and sub-code), more while rows are not unique."""
    rows = before + after
    labels = width
    for n in range(width):
        if rows and all(NUMERIC.match(r[n] if n < len(r) else "") for r in rows):
            labels = n
            break
    for n in range(min(max(labels, 1), 2), width + 1):
        if all(len({tuple(r[:n]) for r in side}) == len(side) for side in (before, after)):
            return n
    return width


def _cell_changes(before: dict, after: dict) -> tuple[list[str], list[list[str]]]:
    """Changed cells, rows matched by their label; and the changed rows (old and new)."""
    changes: list[str] = []
    if before["columns"] != after["columns"]:
        changes.append(f"columns: {', '.join(before['columns'])} → {', '.join(after['columns'])}")
    width = max(1, min(len(before["columns"]), len(after["columns"])))
    keyed = _row_key(before["rows"], after["rows"], width)
    old_rows = {tuple(r[:keyed]): r for r in before["rows"]}
    new_rows = {tuple(r[:keyed]): r for r in after["rows"]}
    touched: list[list[str]] = []
    for key in dict.fromkeys(list(new_rows) + list(old_rows)):
        a, b = old_rows.get(key), new_rows.get(key)
        if a == b:
            continue
        touched += [r for r in (a, b) if r is not None]
        label = " / ".join(_short(k) for k in key)
        if a is None or b is None:
            changes.append(f"row {label}: {'added' if a is None else 'removed'}: {' | '.join(map(_short, b or a))}")
            continue
        for column, x, y in zip(after["columns"], a, b, strict=False):
            if x != y:
                changes.append(f"row {label}, {column}: {_short(x) or '∅'} → {_short(y) or '∅'}")
    return changes, touched


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[:limit - 1] + "…"


def _keyed_numbers(numbers: list[dict]) -> dict:
    seen: dict[tuple, int] = {}
    out = {}
    for n in numbers:
        key = (n["chapter"], n["expr"])
        seen[key] = seen.get(key, 0) + 1
        out[key + (seen[key],)] = n
    return out
