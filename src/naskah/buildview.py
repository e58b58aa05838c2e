"""``naskah build`` and ``naskah open``: Snakemake's run, told as a student needs it.

Snakemake prints some 270 lines for a thesis build — every job's inputs, outputs and reasons — and
ends with its step count and the path of its log. What a student needs is buried in there: where the
draft is, what the build warned about, and what to do next. So ``naskah build`` runs Snakemake with
its output captured to ``logs/build.log`` (nothing is lost), shows one progress line while it runs,
and ends with a summary: each draft with its path, every warning of the jobs that ran (each rule logs
its messages to ``logs/<rule>.log``) once, the elapsed time and the next thing to do. A failed build
shows the messages of the job that failed, which are the student's ``file:line`` problems.
Everything after ``build`` still goes to Snakemake (``-n``, ``--cores``, ``--config``, targets).
The summary is in the thesis language, as are the warnings it gathers (``warning:`` or ``peringatan:``).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
import webbrowser
from dataclasses import dataclass, field
from pathlib import Path

from naskah.core.errors import InputError
from naskah.core.layout import FORMATS, draft
from naskah.core.messages import _, n_
from naskah.core.snakelog import ERROR_IN as FAILED
from naskah.core.snakelog import FINISHED
from naskah.core.snakelog import JOBID as JOB_ID
from naskah.core.snakelog import LOG_LINE as JOB_LOG
from naskah.core.snakelog import RULE_START as JOB
from naskah.core.snakelog import STEPS as PROGRESS

BUILD_LOG = Path("logs/build.log")

WARNING = re.compile(r"(^|: )(warning|peringatan): |\[WARNING\]")  # a warning in any thesis language
# what Snakemake says about itself: never the student's problem
CHATTER = re.compile(r"^(Using workflow specific profile|Assuming unrestricted|host: |Building DAG|Using shell|"
                     r"Provided cores|Rules claiming|Conda environments|Select jobs|Execute \d+ jobs|Job stats|"
                     r"job +count|-+ +-+|total +\d+|Complete log|Elapsed time|WorkflowError|At least one job|"
                     r"Shutting down|Exiting because|RuleException|CalledProcessError|Command 'set|\s|\[|$)")


@dataclass
class Job:
    rule: str
    log: str | None = None
    done: bool = False


@dataclass
class Run:
    """What one Snakemake run did, read from its output."""

    jobs: dict[str, Job] = field(default_factory=dict)
    failed: list[Job] = field(default_factory=list)
    steps: tuple[int, int] = (0, 0)
    nothing_to_do: bool = False
    dry_run: bool = False
    notes: list[str] = field(default_factory=list)  # naskah's own lines ("naskah: … last good build")
    lines: list[str] = field(default_factory=list)
    _current: Job | None = None
    _failing: Job | None = None

    def feed(self, line: str) -> None:
        self.lines.append(line)
        if line.startswith((" ", "\t")):  # a detail of the job block (or error block) just opened
            block = self._current or self._failing
            if block is not None and (match := JOB_LOG.match(line)):
                block.log = match.group(1).rstrip(",")
            elif self._current is not None and (match := JOB_ID.match(line)):
                self.jobs[match.group(1)] = self._current
            return
        self._current = self._failing = None
        if match := JOB.match(line):
            self._current = Job(match.group(1)) if match.group(1) != "all" else None
        elif match := FINISHED.match(line):
            if match.group(1) in self.jobs:
                self.jobs[match.group(1)].done = True
        elif match := PROGRESS.match(line):
            self.steps = (int(match.group(1)), int(match.group(2)))
        elif match := FAILED.match(line):
            self._failing = Job(match.group(1))
            self.failed.append(self._failing)
        elif line.startswith("Nothing to be done"):
            self.nothing_to_do = True
        elif line.startswith("This was a dry-run"):
            self.dry_run = True
        elif line.startswith("naskah: "):
            self.notes.append(line)

    def running(self) -> list[str]:
        return [job.rule for job in self.jobs.values() if not job.done]


def snakemake_command(given: list[str], mode: str | None) -> list[str]:
    """The Snakemake command line: the interpreter running naskah (no PATH lookup), the cores unless given."""
    cores = [] if any(a in ("-c", "--cores", "-j", "--jobs") or a.startswith(("-c", "--cores=", "-j", "--jobs="))
                      for a in given) else [f"-c{os.cpu_count() or 1}"]
    cmd = [sys.executable, "-m", "snakemake", *cores, "--nocolor", *given]
    if mode:  # `naskah --mode final build`: the workflow's jobs read it from Snakemake's config
        setting = f"render={{mode: {mode}}}"
        if "--config" in cmd:
            cmd.insert(cmd.index("--config") + 1, setting)
        else:
            cmd += ["--config", setting]
    return cmd


def run_snakemake(cmd: list[str], stream=sys.stderr, progress: bool | None = None) -> tuple[int, Run]:
    """Run Snakemake, its whole output to logs/build.log; on a terminal, one progress line while it runs."""
    run = Run()
    progress = stream.isatty() if progress is None else progress
    BUILD_LOG.parent.mkdir(parents=True, exist_ok=True)
    with open(BUILD_LOG, "w", encoding="utf-8") as log, subprocess.Popen(
            cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, encoding="utf-8",
            errors="replace") as process:
        for raw in process.stdout:
            log.write(raw)
            run.feed(raw.rstrip("\n"))
            if progress:
                done, total = run.steps
                busy = ", ".join(dict.fromkeys(run.running())) or _("planning")
                stream.write("\r\033[K  " + _("building [{done}/{total}] {rules}", done=done, total=total or "?",
                                                rules=busy))
                stream.flush()
        code = process.wait()
    if progress:
        stream.write("\r\033[K")
        stream.flush()
    return code, run


def build(given: list[str], mode: str | None, say, stream=sys.stderr, progress: bool | None = None) -> int:
    """``naskah build``: run Snakemake quietly, then say what it made, what it warned about, and what next."""
    started = time.monotonic()
    code, run = run_snakemake(snakemake_command(given, mode), stream, progress)
    elapsed = time.monotonic() - started
    for line in summary(code, run, elapsed, given):
        say(line)
    return code


def summary(code: int, run: Run, elapsed: float, given: list[str]) -> list[str]:
    """The lines that end a build (see the module docstring)."""
    took = f"{elapsed:.1f} s"
    ran = [job for job in run.jobs.values()]
    if run.dry_run or any(a in ("-n", "--dry-run", "--dryrun") for a in given):
        return [n_("naskah build -n: {n} job would run ({rules}); nothing was built",
                   "naskah build -n: {n} jobs would run ({rules}); nothing was built", len(ran), rules=_rules(ran))
                if ran else _("naskah build -n: nothing would run: everything is up to date")]
    if code != 0:
        out = problems(run)
        log = BUILD_LOG.as_posix()
        if run.failed:
            out.append(_("naskah build: failed in {rules} after {time} (Snakemake's full output: {log})",
                         rules=", ".join(dict.fromkeys(j.rule for j in run.failed)), time=took, log=log))
        else:
            out.append(_("naskah build: failed after {time} (Snakemake's full output: {log})", time=took, log=log))
        out += run.notes
        out.append(_("next: fix the problems above, then run `naskah build` again"))
        return out
    out = []
    if run.nothing_to_do:
        out.append(_("naskah build: nothing to do, the drafts are up to date ({time})", time=took))
    else:
        out.append(n_("naskah build: done in {time} ({n} job: {rules})", "naskah build: done in {time} ({n} jobs: "
                      "{rules})", len(ran), time=took, rules=_rules(ran)))
    drafts = [Path(draft(fmt)) for fmt in FORMATS if Path(draft(fmt)).is_file()]
    for path in drafts:
        out.append(f"  {path.as_posix():<22} {_size(path.stat().st_size)}")
    tables = _table_count()
    if tables:
        out.append(f"  {'results/tables/':<22} " + n_("{n} table as CSV, as in the draft",
                                                      "{n} tables as CSV, as in the draft", tables))
    warnings = collect_warnings(ran)
    if warnings:
        out.append(n_("{n} warning:", "{n} warnings:", len(warnings)))
        out += [f"  {w}" for w in warnings]
    out.append(_("next: read the draft with `naskah open` (html, pdf or docx); `naskah preview` rebuilds it "
                  "whenever you save a chapter") if drafts else _("next: run `naskah build` for the drafts"))
    return out


def collect_warnings(jobs: list[Job]) -> list[str]:
    """Every warning in the logs of the jobs that ran, each once, in the order of the jobs."""
    seen: dict[str, None] = {}
    for log in dict.fromkeys(job.log for job in jobs if job.log):
        path = Path(log)
        if not path.is_file():
            continue
        for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
            if WARNING.search(line):
                seen.setdefault(line.strip(), None)
    return list(seen)


def problems(run: Run) -> list[str]:
    """The messages of the jobs that failed (their logs), else what Snakemake printed that is not chatter."""
    out: dict[str, None] = {}
    for job in run.failed:
        if job.log and Path(job.log).is_file():
            for line in Path(job.log).read_text(encoding="utf-8", errors="replace").splitlines():
                out.setdefault(line, None)
    if not out:
        for line in run.lines:
            if not CHATTER.match(line) and not line.startswith("naskah: "):
                out.setdefault(line, None)
    lines = list(out)
    return lines[-60:] if len(lines) > 60 else lines


def _table_count() -> int:
    try:
        return len(json.loads(Path("results/tables/tables.json").read_text(encoding="utf-8"))["tables"])
    except (OSError, ValueError, KeyError, TypeError):
        return 0


# the workflow's rules in pipeline order: the summary names the jobs that ran in this order, whatever order
# two cores happened to start them in
RULE_ORDER = ["literature", "analyse", "assemble", "render_html", "render_docx", "render_pdf", "manifest", "guard"]


def _rules(jobs: list[Job]) -> str:
    counts: dict[str, int] = {}
    for job in jobs:
        counts[job.rule] = counts.get(job.rule, 0) + 1
    ordered = sorted(counts, key=lambda rule: RULE_ORDER.index(rule) if rule in RULE_ORDER else len(RULE_ORDER))
    return ", ".join(rule if counts[rule] == 1 else f"{rule} ×{counts[rule]}" for rule in ordered)


def _size(count: int) -> str:
    return f"{count / 1048576:.1f} MB" if count >= 1048576 else f"{max(1, round(count / 1024))} KB"


# -- naskah open --------------------------------------------------------------------------------------
def open_draft(fmt: str | None, formats: list[str], say) -> None:
    """Open results/thesis.<fmt> (default: the HTML, else the first draft there is) with the system's viewer."""
    candidates = [fmt] if fmt else [f for f in ("html", "pdf", "docx") if f in formats] or ["html"]
    path = next((Path(draft(f)) for f in candidates if Path(draft(f)).is_file()), None)
    if path is None:
        wanted = Path(draft(candidates[0])).as_posix()
        hint = _("run `naskah build` first") if candidates[0] in formats else _(
            "'{format}' is not in render.formats of the config; add it, then run `naskah build`", format=candidates[0])
        raise InputError(_("{path} does not exist yet", path=wanted), hint=hint)
    launch(path)
    say(_("opened {path}", path=path.as_posix()))


def launch(path: Path) -> None:
    """Hand *path* to the viewer: ``NASKAH_OPENER`` when set (e.g. ``wslview``), else the system's own."""
    opener = os.environ.get("NASKAH_OPENER")
    if opener:
        subprocess.Popen([*opener.split(), str(path)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        return
    if sys.platform == "darwin":
        subprocess.Popen(["open", str(path)])
    elif os.name == "nt":
        os.startfile(str(path))  # noqa: S606 - the student's own draft, in their own viewer
    elif shutil.which("xdg-open"):
        subprocess.Popen(["xdg-open", str(path)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    elif not webbrowser.open(path.resolve().as_uri()):
        raise InputError(_("there is no program to open {path} here", path=path.as_posix()),
                         hint=_("open the file yourself, or set NASKAH_OPENER to the command that opens files"))
