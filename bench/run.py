"""naskah's benchmark: one command, one table, every figure next to its floor from the same run.

    python bench/run.py [--size small|full] [--out bench/RESULTS.md]

Generates the corpora (corpus.py: the demo thesis at 10 / 100 / 1,000 transcripts of 200 turns, with
libraries of 100 / 1,000 / 10,000 entries; `small` is the first size only, run once; `full` all three,
median of 3), builds each in a temporary folder and prints one Markdown table:

  cold build, no-op, one-chapter edit, one-transcript edit   `snakemake -c2` (bench_build.py)
  analysis      `naskah analyse` on the whole corpus (200k turns at 1,000 transcripts)
  literature    `naskah literature` with the generated library (10k entries at full size)

each with its median wall time, the peak memory of its largest process, and its ratio to the floor
measured in the same run, in turns with it (floors.py), then the jobs that a title change, a chapter edit and a
transcript edit rerun. With --out it also writes that file (the machine, the versions, the tables) and
time-vs-corpus.svg beside it. It runs from any folder: the project is copied from the repository that
holds this file, and the work happens in a temporary folder. A test (tests/bench/) runs the small
size, so the harness cannot silently stop working again.
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))  # the sibling modules, from any working directory

import corpus  # noqa: E402
from bench_build import NEEDLESS, BuildResults, build_benchmarks  # noqa: E402
from chart import line_chart  # noqa: E402
from floors import analysis_floor, literature_floor  # noqa: E402
from measure import (  # noqa: E402
    ROUND_BUDGET,
    Measurement,
    MeasurementError,
    Task,
    fresh_log,
    interleaved,
    python,
    step,
)

SIZES = {"small": [(10, 100)], "full": [(10, 100), (100, 1_000), (1_000, 10_000)]}
REPEAT = {"small": 1, "full": 3}
PLOT = "time-vs-corpus.svg"
STEPS = ["cold build", "no-op", "one-chapter edit", "one-transcript edit", "analysis", "literature"]


@dataclass
class Row:
    step: str
    corpus: str
    measured: Measurement
    floor_name: str
    floor: Measurement
    target: str = ""
    verdict: str = "—"
    x: int = 0  # transcripts (or entries, for the literature) — the plot's x

    @property
    def ratio(self) -> float:
        return self.measured.seconds / self.floor.seconds


def say(text: str) -> None:
    print(f"[bench {datetime.datetime.now():%H:%M:%S}] {text}", file=sys.stderr, flush=True)


def _met(ok: bool) -> str:
    return "met" if ok else "missed"


def naskah_stage(project: Path, *args: str) -> list[list[dict]]:
    """One naskah stage through its CLI, writing into scratch/ (not results/, which Snakemake owns)."""
    return [[step(python("-m", "naskah", "--config", "config/config.yaml", *args), project)]]


def bench_size(work: Path, transcripts: int, entries: int, turns: int, repeat: int
               ) -> tuple[list[Row], dict[str, dict[str, int]]]:
    name = f"t{transcripts}-e{entries}"
    say(f"{name}: generating {transcripts} transcripts × {turns} turns, {entries} library entries")
    project = corpus.make_project(work / name, transcripts, entries, turns)
    logs = work / "logs" / name
    say(f"{name}: builds (cold and render floor, no-op and Snakemake floor, edits), {repeat}× each")
    build: BuildResults = build_benchmarks(project, logs, repeat)
    size = f"{transcripts:,} transcripts, {entries:,} entries"
    floor = "bare pandoc + typst"
    rows = [
        Row("cold build", size, build.cold, floor, build.render_floor, "≤ 2.5× floor",
            _met(build.cold.seconds <= 2.5 * build.render_floor.seconds), transcripts),
        Row("no-op", size, build.noop, "snakemake, nothing to do", build.noop_floor, "≤ 1.2 s",
            _met(build.noop.seconds <= 1.2), transcripts),
    ]
    for label, change, measured in [("one-chapter edit", "one chapter", build.chapter),
                                    ("one-transcript edit", "one transcript", build.transcript)]:
        needless = NEEDLESS[change] & set(build.reruns[change])
        rows.append(Row(label, size, measured, floor, build.render_floor, "reruns only what it must",
                        _met(bool(build.reruns[change]) and not needless), transcripts))

    scratch = "scratch"
    say(f"{name}: naskah analyse and its floor")
    analyse = naskah_stage(project, "analyse", "--tables-dir", f"{scratch}/tables", "--meta",
                           f"{scratch}/tables/tables.json", "--facts", f"{scratch}/facts.json",
                           "--figures-dir", f"{scratch}/figures")
    pair = interleaved({"step": Task(analyse, fresh_log(logs / "analyse.log")),
                        "floor": Task(analysis_floor(project), fresh_log(logs / "analyse-floor.log"))}, repeat)
    analysis, read_csvs = pair["step"], pair["floor"]
    total_turns = transcripts * turns
    at_scale = total_turns >= 200_000
    rows.append(Row("analysis", f"{transcripts:,} transcripts, {total_turns:,} turns", analysis,
                    "pandas.read_csv, same CSVs", read_csvs, "≤ 10 s, ≤ 1 GiB at 200k turns",
                    _met(analysis.seconds <= 10 and analysis.peak_mib <= 1024) if at_scale else "—", transcripts))

    say(f"{name}: naskah literature and its floor")
    literature_stage = naskah_stage(project, "literature", "--out", f"{scratch}/references.bib",
                                    "--report-dir", f"{scratch}/literature")
    pair = interleaved({"step": Task(literature_stage, fresh_log(logs / "literature.log")),
                        "floor": Task(literature_floor(project), fresh_log(logs / "literature-floor.log"))}, repeat)
    literature, parse = pair["step"], pair["floor"]
    rows.append(Row("literature", f"{entries:,} entries", literature, "bibtexparser raw parse", parse,
                    "≤ 1.5× floor at 10k entries",
                    _met(literature.seconds <= 1.5 * parse.seconds) if entries >= 10_000 else "—", entries))
    return rows, build.reruns


def results_table(rows: list[Row]) -> str:
    head = ("| step | corpus | runs | seconds | peak MiB | floor | floor s | floor MiB | × floor | target | |\n"
            "|---|---|--:|--:|--:|---|--:|--:|--:|---|---|")
    ordered = sorted(rows, key=lambda r: (STEPS.index(r.step), r.x))
    lines = [f"| {r.step} | {r.corpus} | {len(r.measured.runs)} | {r.measured.seconds:.2f} | "
             f"{r.measured.peak_mib:.0f} | {r.floor_name} | {r.floor.seconds:.2f} | {r.floor.peak_mib:.0f} | "
             f"{r.ratio:.2f} | {r.target} | {r.verdict} |" for r in ordered]
    return "\n".join([head, *lines])


def _jobs(jobs: dict[str, int]) -> str:
    if not jobs:
        return "none"
    names = ", ".join(f"{job} ×{n}" if n > 1 else job for job, n in jobs.items())
    return f"{names} ({sum(jobs.values())})"


def reruns_table(reruns: dict[str, dict[str, int]]) -> str:
    lines = ["| change | jobs rerun | rerun without need | |", "|---|---|---|---|"]
    for change in ("thesis title", "one chapter", "one transcript"):
        jobs = reruns.get(change, {})
        needless = sorted(NEEDLESS[change] & set(jobs))
        lines.append(f"| {change} | {_jobs(jobs)} | {', '.join(needless) or 'none'} | "
                     f"{_met(bool(jobs) and not needless)} |")
    return "\n".join(lines)


def _git(*args: str) -> str:
    proc = subprocess.run(["git", "--no-optional-locks", "-C", str(corpus.REPO), *args], capture_output=True,
                          text=True, check=False)
    return proc.stdout.strip() if proc.returncode == 0 else ""


def machine() -> dict[str, str]:
    info = {"os": platform.platform(), "cores": str(os.cpu_count())}
    for path, key, label in [("/proc/cpuinfo", "model name", "cpu"), ("/proc/meminfo", "MemTotal", "memory")]:
        try:
            for line in Path(path).read_text().splitlines():
                if line.startswith(key):
                    info[label] = line.split(":", 1)[1].strip()
                    break
        except OSError:
            pass
    if "memory" in info and info["memory"].endswith("kB"):
        info["memory"] = f"{int(info['memory'].split()[0]) / 2**20:.1f} GiB"
    return info


def versions() -> dict[str, str]:
    import pypandoc

    import naskah

    out = {"python": platform.python_version(), "naskah": f"{naskah.__version__} ({Path(naskah.__file__).parent})"}
    for package in ("snakemake", "pandas", "bibtexparser", "typst", "pypandoc-binary"):
        try:
            out[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            out[package] = "not installed"
    pandoc = subprocess.run([pypandoc.get_pandoc_path(), "--version"], capture_output=True, text=True, check=False)
    out["pandoc"] = pandoc.stdout.splitlines()[0].split()[-1] if pandoc.stdout else "?"
    commit = _git("rev-parse", "--short", "HEAD")
    if commit:
        dirty = bool(_git("status", "--porcelain", "--untracked-files=no"))
        out["commit"] = commit + (" with uncommitted changes" if dirty else "")
    else:
        out["commit"] = "not a git checkout"
    return out


def load() -> str:
    try:
        return ", ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "?"


def plot(rows: list[Row]) -> str:
    def series(step: str, floor: bool = False) -> list[tuple[float, float]]:
        return [(r.x, (r.floor if floor else r.measured).seconds) for r in rows if r.step == step]

    panels = [
        {"title": "Build and analysis against corpus size", "x_label": "transcripts (200 turns each)",
         "series": {"cold build": series("cold build"), "render floor": series("cold build", True),
                    "naskah analyse": series("analysis"), "read_csv floor": series("analysis", True)}},
        {"title": "Literature against library size", "x_label": "library entries",
         "series": {"naskah literature": series("literature"), "raw parse floor": series("literature", True)}},
    ]
    return line_chart(panels, "median wall time; dashed: the floor measured in the same run")


def report(rows: list[Row], reruns: dict, info: dict, env: dict, args, repeat: int, started: str) -> str:
    builds = [r.corpus for r in rows if r.step == "cold build"]
    machine_lines = "\n".join(f"- {key}: {value}" for key, value in info.items())
    env_lines = "\n".join(f"- {key}: {value}" for key, value in env.items())
    return f"""# naskah benchmark results

Written by `python bench/run.py --size {args.size} --out …` on {started}; median of {repeat} runs per
figure (fewer where one round of a step and its floor took over {ROUND_BUDGET:.0f} s: column "runs"), each
run in a fresh process, naskah's modules compiled to bytecode beforehand as an installation has them
(PYTHONDONTWRITEBYTECODE is unset for the runs). Rebuild this file with
`python bench/run.py --size full --out bench/RESULTS.md` (see bench/run.py for what is measured).
{args.note}

## Machine

{machine_lines}
- load average (1, 5, 15 min) at the start: {args.load_before}; at the end: {args.load_after}

## Versions

{env_lines}

## Corpora

The demo project copied to a temporary folder, its interviews replicated under new informant ids and
grown to {args.turns} turns each (bench/corpus.py); the library is the demo's, followed by copies of its
entries with new keys, titles and DOIs. Each build row uses the library of its size; `snakemake -c2`.

## Results

{results_table(rows)}

- **seconds**: median wall time of **runs** runs; **peak MiB**: the peak resident memory of the largest single process
  (Snakemake, a naskah job, pandoc or typst), highest over the runs — not the sum of processes running
  side by side.
- **floor**: the same work done bare, on the same input, in the same run, taking turns with the step
  (step, floor, step, floor …) so both see the same load (bench/floors.py): pandoc to
  HTML ∥ DOCX, then pandoc to typst, on the build's own `results/thesis.md` with naskah's `pandoc_args`,
  and typst.compile of the typst source the build wrote; Snakemake with nothing to do in a one-rule
  workflow; `pandas.read_csv` of the same CSVs; `bibtexparser.parse_file(path, parse_stack=[])` of the
  same library. The edits are compared with the render floor because every edit has to re-render.
- **target**: the targets of issue 9, reported, not tuned for; "—" where the target is set for a larger
  size than this row's.

## What each change reruns

{reruns_table(reruns)}

From the Snakemake "Job stats" of the edit runs (the title change: `snakemake -n` after the edit),
at {builds[-1] if builds else "—"}. "Rerun without need": a job among those the change gives no
reason to rerun (bench/bench_build.py, NEEDLESS).

The literature step in more detail (bibtexparser variants, LaTeX decoding, pandoc reading the
library): `python bench/bench_bibliography.py --help`.

## Time against corpus size

![time against corpus size]({PLOT})
"""


def warm_bytecode() -> None:
    """Measure naskah as installed: its modules compiled once (as pip does), not recompiled by every job.
    An environment with PYTHONDONTWRITEBYTECODE (some CI images and sandboxes set it) would make each of
    a build's jobs compile naskah's source again and charge that to the build."""
    import compileall

    import naskah

    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    compileall.compile_dir(str(Path(naskah.__file__).parent), quiet=1)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", choices=sorted(SIZES), default="small",
                        help="small: 10 transcripts and 100 entries, once; full: also 100/1,000 and 1,000/10,000, 3×")
    parser.add_argument("--out", type=Path, help=f"write the results (Markdown) here and {PLOT} beside it")
    parser.add_argument("--repeat", type=int, help="runs per figure (default: 1 small, 3 full)")
    parser.add_argument("--turns", type=int, default=200, help="turns per transcript (default: %(default)s)")
    parser.add_argument("--note", default="", help="a sentence for the results file (what was measured, why)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary projects and logs, and say where")
    args = parser.parse_args(argv)
    repeat = args.repeat or REPEAT[args.size]
    warm_bytecode()
    started = datetime.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z")
    args.load_before = load()
    work = Path(tempfile.mkdtemp(prefix="naskah-bench-"))
    rows, reruns = [], {}
    say(f"working in {work}; load average {args.load_before}")
    try:
        for transcripts, entries in SIZES[args.size]:
            size_rows, reruns = bench_size(work, transcripts, entries, args.turns, repeat)
            rows += size_rows
    except MeasurementError as exc:
        say(f"{exc}\nbench: failed; the projects and logs are kept in {work}")
        return 1
    if args.keep:
        say(f"kept {work}")
    else:
        shutil.rmtree(work, ignore_errors=True)
    args.load_after = load()
    print(results_table(rows))
    print()
    print(reruns_table(reruns))
    if args.out:
        out = args.out.resolve()
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(report(rows, reruns, machine(), versions(), args, repeat, started), encoding="utf-8")
        (out.parent / PLOT).write_text(plot(rows), encoding="utf-8")
        say(f"wrote {out} and {out.parent / PLOT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
