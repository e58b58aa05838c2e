"""Benchmark projects: the demo thesis grown to a given number of transcripts and library entries.

A benchmark is only comparable from run to run if its input is, so every corpus here is derived
deterministically from the demo project (nothing random, nothing downloaded): the demo's own
chapters, codebook and config, with

- transcripts: the demo interviews replicated under new informant ids (I0001 …), each one grown to a
  fixed number of turns by repeating its own turns, so that 1,000 transcripts are 200,000 turns;
  data/informants.csv gets one row per new id, copied from the interview's original informant;
- the library: the demo library.bib (whose entries the chapters cite) followed by mutated copies of
  its entries (new key, title, DOI; no Penelitian Terdahulu keyword, so Bab II's table keeps its
  size) until the library holds the number of entries asked for.

The project is copied from the repository that holds this file, so the benchmark measures the
working tree it sits in, whichever folder it is started from.
"""

from __future__ import annotations

import csv
import io
import re
import shutil
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
# what `naskah init` makes a project of (profiles/: Snakemake's defaults for it, when the repository has them)
PROJECT_PARTS = ["Snakefile", "profiles", "config", "data", "references", "chapters"]


def make_project(target: Path, transcripts: int, entries: int, turns: int = 200, source: Path = REPO) -> Path:
    """A copy of the demo project at *target* with *transcripts* interviews of *turns* turns and *entries* entries."""
    target.mkdir(parents=True)
    for part in PROJECT_PARTS:
        path = source / part
        if not path.exists():
            continue
        if path.is_dir():
            shutil.copytree(path, target / part, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(path, target / part)
    write_corpus(target, transcripts, turns)
    write_library(source / "references" / "library.bib", target / "references" / "library.bib", entries)
    return target


def _read_csv(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with open(path, encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames or []), list(reader)


def _write_csv(path: Path, fields: list[str], rows: list[dict[str, str]]) -> None:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=fields, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")


def write_corpus(project: Path, transcripts: int, turns: int) -> None:
    """Replace the project's transcripts and informants with *transcripts* generated interviews."""
    folder = project / "data" / "transcripts"
    fields, informants = _read_csv(project / "data" / "informants.csv")
    demo = {row["informant"]: _read_csv(folder / f"{row['informant']}.csv") for row in informants}
    for path in folder.glob("*.csv"):
        path.unlink()
    width = max(4, len(str(transcripts)))
    rows = []
    for i in range(transcripts):
        original = informants[i % len(informants)]
        new_id = f"I{i + 1:0{width}d}"
        rows.append({**original, "informant": new_id})
        turn_fields, source = demo[original["informant"]]
        out = []
        for n in range(turns):
            row = dict(source[n % len(source)])
            row["turn"] = str(n + 1)
            if row["speaker"] == original["informant"]:
                row["speaker"] = new_id
            out.append(row)
        _write_csv(folder / f"{new_id}.csv", turn_fields, out)
    _write_csv(project / "data" / "informants.csv", fields, rows)


ENTRY = re.compile(r"^@(\w+)\{([^,\s]+),", re.MULTILINE)
DROPPED_FIELDS = re.compile(r"^\s*(keywords|naskah-[a-z]+)\s*=.*\n", re.MULTILINE)


def write_library(source: Path, target: Path, entries: int) -> None:
    """*source* followed by mutated copies of its entries, *entries* entries in all (at least the source's)."""
    text = source.read_text(encoding="utf-8")
    starts = [m for m in ENTRY.finditer(text) if m.group(1).lower() not in ("string", "preamble", "comment")]
    blocks = []
    for m, nxt in zip(starts, [*starts[1:], None], strict=True):
        block = text[m.start():nxt.start() if nxt else len(text)]
        blocks.append((m.group(2), block[:block.rfind("}") + 1]))
    out = [text.rstrip("\n"), ""]
    for n in range(max(0, entries - len(blocks))):
        key, block = blocks[n % len(blocks)]
        copy = n // len(blocks) + 1
        block = block.replace(f"{{{key},", f"{{{key}-b{copy},", 1)
        block = DROPPED_FIELDS.sub("", block)
        # a new title and DOI per copy: a library of copies would otherwise be one long duplicate warning
        block = re.sub(r"(\btitle\s*=\s*\{)", rf"\g<1>Jilid {copy}: ", block, count=1)
        block = re.sub(r"(\bdoi\s*=\s*\{[^}]*)\}", rf"\g<1>.b{copy}}}", block, count=1)
        out += [block, ""]
    target.write_text("\n".join(out), encoding="utf-8")


def count_entries(path: Path) -> int:
    return sum(1 for m in ENTRY.finditer(path.read_text(encoding="utf-8"))
               if m.group(1).lower() not in ("string", "preamble", "comment"))


def edit_chapter(project: Path, revision: int) -> str:
    """Append a sentence to the last chapter (a different one each revision); returns the file edited."""
    chapter = sorted((project / "chapters").glob("*.md"))[-1]
    with open(chapter, "a", encoding="utf-8") as handle:
        handle.write(f"\nCatatan revisi ke-{revision} untuk pengukuran.\n")
    return chapter.relative_to(project).as_posix()


def edit_transcript(project: Path, revision: int) -> str:
    """Change the interviewer's first turn of the first transcript; returns the file edited."""
    path = sorted((project / "data" / "transcripts").glob("*.csv"))[0]
    fields, rows = _read_csv(path)
    row = next((r for r in rows if r["speaker"] == "P"), rows[0])
    row["text"] = f"{row['text']} (revisi {revision})"
    _write_csv(path, fields, rows)
    return path.relative_to(project).as_posix()


def edit_title(project: Path, revision: int) -> str:
    """Change thesis.title in the config (the first `title:` under `thesis:`); returns the file edited."""
    path = project / "config" / "config.yaml"
    text, count = re.subn(r"^(  title:\s*\"?)", rf"\g<1>(revisi {revision}) ", path.read_text(encoding="utf-8"),
                          count=1, flags=re.MULTILINE)
    if not count:
        raise RuntimeError(f"{path}: no thesis title to change")
    path.write_text(text, encoding="utf-8")
    return path.relative_to(project).as_posix()
