"""What the advisor and the examiner run on a manifest: trace, verify and diff.

* ``trace`` — the lineage of a table (``tbl:…``), a number (``n12`` or its expression) or a
  quotation (``I03:12``): artefact ← rule ← inputs with hashes ← rows.
* ``verify`` — copy the sources the manifest names into a clean folder, rebuild with the
  manifest's timestamp and commit, and compare every input and artefact hash.
* ``diff`` — what changed between two drafts: table cells, numbers (with their sentence), quotations.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from naskah.core.errors import InputError
from naskah.core.files import sha256_file

REPRODUCED, DIFFERENT, MISSING = "REPRODUCED", "DIFFERENT", "MISSING"


def load_manifest(path: str | Path) -> dict:
    path = Path(path)
    if not path.is_file():
        raise InputError("manifest not found", path.as_posix(),
                         hint="build first (snakemake -c2) or give the path of a saved provenance.json")
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise InputError(f"not a valid manifest: {exc.msg}", path.as_posix(), exc.lineno, exc.colno) from None


def trace(manifest: dict, ident: str) -> list[str]:
    """Lines describing where *ident* comes from."""
    inputs = {i["path"]: i for i in manifest["inputs"]}
    artefacts = {a["path"]: a for a in manifest["artefacts"]}

    def lineage(path: str, indent: str = "  ") -> list[str]:
        artefact = artefacts.get(path)
        if not artefact:
            return [f"{indent}{path} (not in the manifest)"]
        out = [f"{indent}{path}  sha256 {artefact['sha256'][:16]}  ← rule {artefact['rule'] or '?'}"]
        for item in artefact["inputs"]:
            out.append(f"{indent}    ← {item['path']}  sha256 {(item['sha256'] or '?')[:16]}")
        return out

    for table in manifest["tables"]:
        if ident in (table["id"], table["id"].removeprefix("tbl:")):
            lines = [f"{table['id']}: {table['number']} {table['caption']} ({table['shape'][0]}×{table['shape'][1]})"]
            lines += lineage(table["file"])
            lines += ["  sources:"] + [f"    {s['path']}  sha256 {(s['sha256'] or '?')[:16]}" for s in table["sources"]]
            return lines
    numbers = [n for n in manifest["numbers"] if ident in (n["id"], n["expr"])]
    if numbers:
        lines = []
        for number in numbers:
            lines.append(f"{number['id']}: {number['expr']} = {number['value']}  ({number['chapter']})")
            if number.get("sentence"):
                lines.append(f"  “{number['sentence']}”")
            if number["cell"]:
                cell = number["cell"]
                where = ", ".join(x for x in (cell["row"], cell["column"]) if x)
                lines.append(f"  shown in {number['table']} ({cell['table']}): {where}")
                lines += lineage(f"results/tables/{cell['table']}.csv")
            if number["refs"]:
                lines.append(f"  counts {len(number['refs'])} rows: {', '.join(number['refs'])}")
        return lines
    quotes = [q for q in manifest["quotes"] if q["ref"] == ident]
    if quotes:
        first = quotes[0]
        source = inputs.get(first["transcript"], {})
        lines = [f"{ident}: {first['transcript']} line {first['line']}  sha256 {(source.get('sha256') or '?')[:16]}"]
        lines += [f"  quoted in {q['chapter']}" + (" (redacted)" if q["redacted"] else "") for q in quotes]
        return lines
    raise InputError(f"'{ident}' is not a table, number or quotation of this manifest",
                     hint="use a table id (tbl:stage-coverage), a number id (n12) or expression "
                          "(stage.kontak.informants), or a quote reference (I03:12)")


def verify(manifest_path: Path, project: Path, snakemake: str | None = None) -> tuple[list[tuple[str, str, str]], bool]:
    """Rebuild from the manifest's sources in a clean folder and compare every hash.

    Returns rows (status, kind, path) and whether everything was reproduced.
    """
    manifest = load_manifest(manifest_path)
    rows: list[tuple[str, str, str]] = []
    with tempfile.TemporaryDirectory(prefix="naskah-verify-") as tmp:
        clean = Path(tmp) / "project"
        for item in manifest["inputs"]:
            if item["path"].startswith("naskah:"):  # a file of the naskah package itself
                continue
            source = project / item["path"]
            if not source.is_file():
                rows.append((MISSING, "input", item["path"]))
                continue
            status = REPRODUCED if sha256_file(source) == item["sha256"] else DIFFERENT
            rows.append((status, "input", item["path"]))
            target = clean / item["path"]
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
        private = project / "private"
        if private.is_dir():  # the identity map shapes redaction; it is never in the manifest
            shutil.copytree(private, clean / "private")
        env = {**os.environ, "SOURCE_DATE_EPOCH": str(manifest["epoch"])}
        git = manifest["environment"]["git"]
        env["NASKAH_GIT_COMMIT"] = git.get("commit") or ""
        env["NASKAH_GIT_DIRTY"] = "" if git.get("dirty") is None else ("1" if git["dirty"] else "0")
        exe = snakemake or str(Path(sys.executable).parent / "snakemake")
        build = subprocess.run([exe, "-c2", "--nocolor", "-q"], cwd=clean, env=env, capture_output=True, text=True)
        for artefact in manifest["artefacts"]:
            rebuilt = clean / artefact["path"]
            current = project / artefact["path"]
            rebuilt_status = (MISSING if not rebuilt.is_file() else
                              REPRODUCED if sha256_file(rebuilt) == artefact["sha256"] else DIFFERENT)
            current_status = (MISSING if not current.is_file() else
                              REPRODUCED if sha256_file(current) == artefact["sha256"] else DIFFERENT)
            rows.append((rebuilt_status, "rebuilt", artefact["path"]))
            if current_status != REPRODUCED:
                rows.append((current_status, "in results/", artefact["path"]))
        if build.returncode != 0:
            rows.append((DIFFERENT, "build", "snakemake failed: " + build.stderr.strip().splitlines()[-1]
                         if build.stderr.strip() else "snakemake failed"))
    ok = all(status == REPRODUCED for status, _, _ in rows)
    return rows, ok


def diff(old: dict, new: dict) -> list[str]:
    """What changed between two drafts: table cells, numbers (with their sentence), quotations."""
    lines: list[str] = []
    old_tables = {t["id"]: t for t in old["tables"]}
    for table in new["tables"]:
        before = old_tables.pop(table["id"], None)
        if before is None:
            lines.append(f"table {table['id']}: new")
            continue
        changes = _cell_changes(before, table)
        if changes:
            lines.append(f"table {table['id']} ({table['number']}): {len(changes)} cell(s) changed")
            lines += [f"  {c}" for c in changes]
    lines += [f"table {ident}: removed" for ident in sorted(old_tables)]

    def keyed(numbers):
        seen: dict[tuple, int] = {}
        out = {}
        for n in numbers:
            key = (n["chapter"], n["expr"])
            seen[key] = seen.get(key, 0) + 1
            out[key + (seen[key],)] = n
        return out

    old_numbers, new_numbers = keyed(old["numbers"]), keyed(new["numbers"])
    for key, number in new_numbers.items():
        before = old_numbers.get(key)
        if before and before["value"] != number["value"]:
            lines.append(f"number {number['expr']} ({number['chapter']}): {before['value']} → {number['value']}")
            if number.get("sentence"):
                lines.append(f"  “{number['sentence']}”")
    old_quotes = {(q["ref"], q["chapter"]) for q in old["quotes"]}
    new_quotes = {(q["ref"], q["chapter"]) for q in new["quotes"]}
    lines += [f"quote {ref} added in {chapter}" for ref, chapter in sorted(new_quotes - old_quotes)]
    lines += [f"quote {ref} removed from {chapter}" for ref, chapter in sorted(old_quotes - new_quotes)]
    return lines


def _cell_changes(before: dict, after: dict) -> list[str]:
    changes = []
    if before["columns"] != after["columns"]:
        changes.append(f"columns: {', '.join(before['columns'])} → {', '.join(after['columns'])}")
    for index in range(max(len(before["rows"]), len(after["rows"]))):
        old_row = before["rows"][index] if index < len(before["rows"]) else None
        new_row = after["rows"][index] if index < len(after["rows"]) else None
        if old_row == new_row:
            continue
        if old_row is None or new_row is None:
            changes.append(f"row {index + 1}: {'added' if old_row is None else 'removed'}: "
                           f"{' | '.join(new_row or old_row)}")
            continue
        for column, old_value, new_value in zip(after["columns"], old_row, new_row, strict=False):
            if old_value != new_value:
                changes.append(f"row {index + 1} ({new_row[0]}), {column}: {old_value or '∅'} → {new_value or '∅'}")
    return changes
