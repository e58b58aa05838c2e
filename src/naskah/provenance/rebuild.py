"""Rebuilding a manifest's sources in a clean folder, the way ``naskah verify`` needs it.

The rebuild runs Snakemake through the interpreter running naskah (no PATH lookup), stamped as the
original was (``SOURCE_DATE_EPOCH``, ``NASKAH_GIT_COMMIT``/``NASKAH_GIT_DIRTY``) and with the settings it
took from ``--config`` (recorded in the manifest). While it runs, one progress line per finished job;
when it fails, the failing rule's own naskah messages, read from its log — not Snakemake's
"At least one job did not complete successfully", which names no cause.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from naskah.core.snakelog import ERROR_IN, FINISHED, JOBID, LOG_LINE, RULE_START, STEPS

BOILERPLATE = re.compile(r"^(Using |Assuming |Building DAG|Provided cores|Rules claiming|Select jobs|Execute \d|"
                         r"Job stats|job\s+count|-{3,}|total\s+\d|\[\w{3} |Shutting down|Exiting because|"
                         r"Complete log|WorkflowError|At least one job|Nothing to be done|host:|Conda environments)")


@dataclass
class Rebuild:
    ok: bool
    seconds: float
    errors: list[str] = field(default_factory=list)  # the failing rules' own messages


def run(clean: Path, manifest: dict, say: Callable[[str], None], withheld: Path | None = None,
        cores: int | None = None) -> Rebuild:
    """Run the whole workflow in *clean*; *withheld*: the records standing in for withheld transcripts."""
    import time

    env = {k: v for k, v in os.environ.items() if k not in ("NASKAH_WITHHELD",)}
    env["SOURCE_DATE_EPOCH"] = str(manifest["epoch"])
    git = manifest["environment"].get("git", {})
    env["NASKAH_GIT_COMMIT"] = git.get("commit") or ""
    env["NASKAH_GIT_DIRTY"] = "" if git.get("dirty") is None else ("1" if git["dirty"] else "0")
    if withheld is not None:
        env["NASKAH_WITHHELD"] = str(withheld)
    command = [sys.executable, "-m", "snakemake", f"-c{cores or os.cpu_count() or 1}", "--nocolor"]
    if manifest.get("settings"):
        overlay = clean.parent / "settings.json"
        overlay.write_text(json.dumps(manifest["settings"], ensure_ascii=False), encoding="utf-8")
        command += ["--configfile", str(overlay)]
    started = time.monotonic()
    lines: list[str] = []
    rules: dict[str, str] = {}  # jobid -> rule, from the job's start block
    starting = finished = None
    with subprocess.Popen(command, cwd=clean, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          text=True, encoding="utf-8", errors="replace") as process:
        assert process.stdout is not None
        for line in process.stdout:
            line = line.rstrip("\n")
            lines.append(line)
            match = RULE_START.match(line)
            starting = match.group(1) if match else starting
            match = JOBID.match(line)
            if match and starting:
                rules[match.group(1)] = starting
                starting = None
            match = FINISHED.search(line)
            if match:
                finished = match.group(2) or rules.get(match.group(1))
            match = STEPS.match(line)
            if match:
                rule = f" ({finished})" if finished and finished != "all" else ""
                say(f"  {match.group(1)}/{match.group(2)} jobs done{rule}, {time.monotonic() - started:.0f} s")
                finished = None
        code = process.wait()
    seconds = time.monotonic() - started
    if code == 0:
        return Rebuild(True, seconds)
    return Rebuild(False, seconds, failure_messages(lines, clean))


def failure_messages(lines: list[str], clean: Path) -> list[str]:
    """What made the build fail, in naskah's words: each failing rule's log, else the messages Snakemake
    printed before planning (a config mistake), else the end of its output."""
    failed: list[tuple[str, str | None]] = []
    for index, line in enumerate(lines):
        found = ERROR_IN.match(line)
        if not found:
            continue
        log = None
        for follow in lines[index + 1:index + 15]:
            match = LOG_LINE.match(follow)
            if match:
                log = match.group(1)
                break
        failed.append((found.group(1), log))
    messages: list[str] = []
    for rule, log in dict.fromkeys(failed):
        path = clean / (log or f"logs/{rule}.log")
        text = path.read_text(encoding="utf-8", errors="replace").strip() if path.is_file() else ""
        shown = [f"  {line}" for line in text.splitlines()[-30:]] if text else ["  (the rule wrote no log)"]
        messages += [f"rule {rule} failed ({path.relative_to(clean).as_posix()}):", *shown]
    if messages:
        return messages
    meaningful = [line for line in lines if line.strip() and not BOILERPLATE.match(line.strip())
                  and not line.startswith((" ", "\t"))]
    return [f"  {line}" for line in meaningful[-20:]] or [f"  {line}" for line in lines[-20:]]
