"""The build benchmarks on one project: cold build, no-op, edits, and the jobs each change reruns.

All through `snakemake -c2` in the project folder, as a student runs it:

  cold build           results/, logs/ and .snakemake/ removed first
  no-op                again, nothing to do
  one-chapter edit     a sentence appended to the last chapter
  one-transcript edit  the interviewer's first turn of the first transcript changed
  thesis-title change  `snakemake -n` only: which jobs it would rerun (the reruns table)

Each cold build is followed by its render floor (floors.render_floor, on the thesis.md it wrote) and
each no-op by Snakemake's own floor, run after run, so that a step and its floor share the load. The
Snakemake "Job stats" table of each edit's run names the jobs it reran; a change reruns "only what
it must" when none of the jobs it has no reason to touch is among them (NEEDLESS below).

It used to copy the project by hand and render with its own idea of naskah's arguments, which broke
when the PDF's figures moved; it now goes through bench/run.py (`python bench/run.py`), which uses
this module for each corpus size.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path

import corpus
from floors import render_floor, snakemake_floor
from measure import Measurement, Task, fresh_log, interleaved, job_stats, measure, probe, snakemake, step

# jobs a change has no reason to rerun (a new rule elsewhere in the workflow does not make this list wrong)
NEEDLESS = {
    "thesis title": {"analyse", "literature"},
    "one chapter": {"analyse"},
    "one transcript": {"literature"},
}


@dataclass
class BuildResults:
    cold: Measurement
    noop: Measurement
    chapter: Measurement
    transcript: Measurement
    render_floor: Measurement
    noop_floor: Measurement
    reruns: dict[str, dict[str, int]] = field(default_factory=dict)  # change -> {job: count}


def clean(project: Path) -> None:
    for name in ("results", "logs", ".snakemake", "bench-floor"):
        shutil.rmtree(project / name, ignore_errors=True)


def build_benchmarks(project: Path, logs: Path, repeat: int) -> BuildResults:
    build = [[step(snakemake(), project)]]
    empty = snakemake_floor(project.parent / f"{project.name}-snakemake-floor")
    probe(empty, fresh_log(logs / "snakemake-floor.log"))  # built once: the measured runs have nothing to do
    first = interleaved({
        "cold": Task(build, fresh_log(logs / "cold.log"), before=lambda run: clean(project)),
        "render floor": Task(lambda: render_floor(project), fresh_log(logs / "render-floor.log")),
        "noop": Task(build, fresh_log(logs / "noop.log")),
        "noop floor": Task(empty, logs / "snakemake-floor.log"),
    }, repeat)
    reruns = {}

    chapter_log = fresh_log(logs / "chapter-edit.log")
    chapter = measure(build, chapter_log, repeat, before=lambda run: corpus.edit_chapter(project, run + 1))
    reruns["one chapter"] = job_stats(chapter_log.read_text(encoding="utf-8"))

    transcript_log = fresh_log(logs / "transcript-edit.log")
    transcript = measure(build, transcript_log, repeat,
                         before=lambda run: corpus.edit_transcript(project, run + 1))
    reruns["one transcript"] = job_stats(transcript_log.read_text(encoding="utf-8"))

    corpus.edit_title(project, 1)
    title_log = fresh_log(logs / "title-dry-run.log")
    probe([[step(snakemake("-n"), project)]], title_log)
    reruns["thesis title"] = job_stats(title_log.read_text(encoding="utf-8"))
    return BuildResults(first["cold"], first["noop"], chapter, transcript, first["render floor"], first["noop floor"],
                        reruns)
