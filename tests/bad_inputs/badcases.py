"""The bad-input corpus: each case of cases.yaml is the mini project plus a few edits.

An edit names one file of the project and does exactly one thing to it:

- ``old``/``new``: replace a substring (it must occur exactly once, so that a case whose fixture line
  changed fails loudly instead of silently testing nothing);
- ``write``: the file's whole new content (``encoding`` defaults to utf-8; ``latin-1`` writes the
  code points 0-255 as raw bytes, e.g. ``"PK\\x03\\x04"``);
- ``append``: text added at the end;
- ``reencode``: the file's current text saved in another encoding (``cp1252``, ``utf-16``, ``utf-8-sig``);
- ``crlf: true``: Windows line endings;
- ``delete: true``: remove the file.

A case expects an ``exit`` code, the ``expect`` fragments (each a ``file:line: …`` message or part of
one) and optionally ``absent`` strings that must never be printed (identity-map values).
"""

from __future__ import annotations

import hashlib
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import yaml

HERE = Path(__file__).parent
MINI = HERE.parent / "fixtures" / "mini"
CASES = HERE / "cases.yaml"
OPS = ("old", "write", "append", "reencode", "crlf", "delete")
# what the project's last good build left behind: naskah check must never touch it
LAST_GOOD = {"results/thesis.html": b"<p>last good draft</p>\n", "results/thesis.docx": b"PK\x03\x04 last good docx",
             "results/thesis.pdf": b"%PDF-1.7 last good pdf\n"}


@dataclass(frozen=True)
class Case:
    name: str
    area: str
    edits: list[dict]
    exit: int
    expect: list[str]
    absent: list[str] = field(default_factory=list)
    args: list[str] = field(default_factory=lambda: ["check"])
    why: str = ""


def load_cases(path: Path = CASES) -> list[Case]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    cases = []
    for item in data:
        unknown = set(item) - {"name", "area", "edits", "exit", "expect", "absent", "args", "why"}
        assert not unknown, f"case {item.get('name')}: unknown field(s) {unknown}"
        cases.append(Case(item["name"], item["area"], item.get("edits") or [], item["exit"], item["expect"],
                          item.get("absent") or [], item.get("args") or ["check"], item.get("why", "")))
    names = [c.name for c in cases]
    assert len(names) == len(set(names)), "case names must be unique"
    return cases


def apply_edit(project: Path, edit: dict) -> None:
    ops = [op for op in OPS if op in edit]
    assert len(ops) == 1 or (ops == ["old"] and "new" in edit), f"one operation per edit: {edit}"
    op = ops[0]
    path = project / edit["file"]
    encoding = edit.get("encoding", "utf-8")
    if op == "old":
        text = path.read_text(encoding="utf-8")
        assert text.count(edit["old"]) == 1, f"{edit['file']}: {edit['old']!r} must occur exactly once"
        path.write_bytes(text.replace(edit["old"], edit["new"]).encode(encoding))
    elif op == "write":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(edit["write"].encode(encoding))
    elif op == "append":
        path.write_bytes(path.read_bytes() + edit["append"].encode(encoding))
    elif op == "reencode":
        path.write_bytes(path.read_text(encoding="utf-8").encode(edit["reencode"]))
    elif op == "crlf":
        path.write_bytes(path.read_bytes().replace(b"\r\n", b"\n").replace(b"\n", b"\r\n"))
    elif op == "delete":
        path.unlink()


def make_project(case: Case, target: Path, last_good: bool = True) -> Path:
    """The mini project with the case's edits, and (by default) a last good draft in results/."""
    shutil.copytree(MINI, target, ignore=shutil.ignore_patterns("results"))
    if last_good:
        for relative, data in LAST_GOOD.items():
            (target / relative).parent.mkdir(parents=True, exist_ok=True)
            (target / relative).write_bytes(data)
    for edit in case.edits:
        apply_edit(target, edit)
    return target


def tree_hashes(project: Path) -> dict[str, str]:
    """sha256 of every file of the project: sources, the private identity map and results/ alike."""
    return {p.relative_to(project).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(project.rglob("*")) if p.is_file()}
