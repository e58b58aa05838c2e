"""Wall time and peak memory of commands, each measurement in a fresh probe process.

The probe is a small Python process that starts the measured commands, waits for them and reports
its wall time and `getrusage(RUSAGE_CHILDREN).ru_maxrss`. Because it is new for every
measurement, that figure belongs to this measurement alone: on Linux it is the peak resident memory
of the largest single process in the measured tree (Snakemake itself, a naskah job, pandoc, the
typst compiler), not the sum over processes running at the same time. Commands are given as
groups: the commands of a group run in parallel, groups one after the other (that is how the bare
render floor runs HTML and DOCX side by side, then the PDF).

Only commands are measured, never Python calls into naskah, so the figures do not depend on how
naskah is organised inside: the workflow through `python -m snakemake`, naskah stages through
`python -m naskah`, floors through the tools themselves.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

PROBE = r"""
import json, os, resource, subprocess, sys, time
spec = json.loads(sys.argv[1])
with open(spec["log"], "a", encoding="utf-8") as log:
    start = time.perf_counter()
    for group in spec["groups"]:
        procs = []
        for step in group:
            log.write("$ " + " ".join(step["cmd"]) + "\n")
            log.flush()
            procs.append(subprocess.Popen(step["cmd"], cwd=step["cwd"], stdout=log, stderr=subprocess.STDOUT,
                                          env={**os.environ, **step.get("env", {})}))
        codes = [p.wait() for p in procs]
        if any(codes):
            print(json.dumps({"failed": [s["cmd"] for s, c in zip(group, codes) if c], "codes": codes}))
            sys.exit(1)
    seconds = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(json.dumps({"seconds": seconds, "peak_bytes": peak if sys.platform == "darwin" else peak * 1024}))
"""


class MeasurementError(RuntimeError):
    pass


@dataclass
class Measurement:
    seconds: float  # median over the runs
    peak_mib: float  # the highest peak over the runs
    runs: list[float] = field(default_factory=list)


def step(cmd: list[str], cwd: Path, env: dict[str, str] | None = None) -> dict:
    return {"cmd": [str(c) for c in cmd], "cwd": str(cwd), "env": env or {}}


def probe(groups: list[list[dict]], log: Path) -> tuple[float, float]:
    """Run *groups* once in a fresh probe process; (seconds, peak MiB)."""
    spec = json.dumps({"groups": groups, "log": str(log)})
    proc = subprocess.run([sys.executable, "-c", PROBE, spec], capture_output=True, text=True, check=False)
    lines = proc.stdout.strip().splitlines()
    result = json.loads(lines[-1]) if lines and lines[-1].startswith("{") else {}
    if proc.returncode != 0 or "seconds" not in result:
        tail = log.read_text(encoding="utf-8", errors="replace")[-3000:] if log.exists() else ""
        raise MeasurementError(f"measured command failed: {result.get('failed') or proc.stderr.strip()}\n"
                               f"--- last lines of {log} ---\n{tail}")
    return result["seconds"], result["peak_bytes"] / 2**20


@dataclass
class Task:
    """Something to measure: its command groups (or a function making them, called before each run),
    its log, and an untimed preparation *before(run)*."""

    groups: list[list[dict]] | Callable[[], list[list[dict]]]
    log: Path
    before: Callable[[int], None] | None = None


# a round of runs longer than this is not repeated: noise of seconds does not move a median of minutes,
# and three 12-minute builds would make the full benchmark a morning's work
ROUND_BUDGET = 120.0


def interleaved(tasks: dict[str, Task], repeat: int, budget: float = ROUND_BUDGET) -> dict[str, Measurement]:
    """Median wall time and highest peak memory of up to *repeat* runs of each task, the tasks taking turns.

    A step and its floor measured in turns (step, floor, step, floor …) see the same machine: on a
    shared machine whose load changes by the minute, that is what keeps their ratio meaningful.
    After a round that took longer than *budget* seconds, no further round is run.
    """
    runs: dict[str, list[tuple[float, float]]] = {name: [] for name in tasks}
    for run in range(repeat):
        for name, task in tasks.items():
            if task.before:
                task.before(run)
            groups = task.groups() if callable(task.groups) else task.groups
            runs[name].append(probe(groups, task.log))
        if sum(values[-1][0] for values in runs.values()) > budget:
            break
    return {name: Measurement(statistics.median(s for s, _ in values), max(p for _, p in values),
                              [s for s, _ in values]) for name, values in runs.items()}


def measure(groups: list[list[dict]], log: Path, repeat: int, before: Callable[[int], None] | None = None
            ) -> Measurement:
    """Median wall time and highest peak memory of *repeat* runs; *before(run)* prepares each run, untimed."""
    return interleaved({"it": Task(groups, log, before)}, repeat)["it"]


def python(*args: str) -> list[str]:
    """A command line for this interpreter (naskah and Snakemake are run through it, never through PATH)."""
    return [sys.executable, *args]


def snakemake(*args: str) -> list[str]:
    return python("-m", "snakemake", "-c2", "--nocolor", *args)


def job_stats(log_text: str) -> dict[str, int]:
    """The jobs of the last Snakemake run in *log_text*, from its "Job stats" table (without `all`)."""
    block = log_text.rsplit("Job stats:", 1)
    if len(block) < 2:
        return {}
    jobs = {}
    for line in block[1].splitlines()[3:]:
        parts = line.split()
        if len(parts) != 2 or not parts[1].isdigit() or parts[0] == "total":
            break
        if parts[0] != "all":
            jobs[parts[0]] = int(parts[1])
    return jobs


def fresh_log(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists():
        os.remove(path)
    return path
