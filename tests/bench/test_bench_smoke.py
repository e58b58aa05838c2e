"""The benchmark harness, run at its smallest size from another folder, so that it cannot rot unnoticed.

bench/bench_build.py once stopped running (typst could not find the figures from its temporary
folder) and nobody knew until the next benchmark. These tests run the README's benchmark command at
the small size (10 transcripts, 100 entries, once) and check the table it prints has every step with a
positive time, a peak memory and a ratio to its floor — not how fast anything was.
"""

from __future__ import annotations

import shlex
import subprocess
import sys
from xml.etree import ElementTree

from conftest import REPO

README_COMMAND = "python bench/run.py --size full --out bench/RESULTS.md"
STEPS = ["cold build", "no-op", "one-chapter edit", "one-transcript edit", "analysis", "literature"]
CHANGES = ["thesis title", "one chapter", "one transcript"]


def table(text: str, first_header: str) -> list[list[str]]:
    """The rows of the Markdown table whose header starts with *first_header* (cells stripped)."""
    rows, inside = [], False
    for line in text.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if line.startswith("|") and cells[0] == first_header:
            inside = True
        elif inside and line.startswith("|-"):
            continue
        elif inside and line.startswith("|"):
            rows.append(cells)
        elif inside:
            break
    return rows


def test_the_readme_shows_the_benchmark_command():
    assert README_COMMAND in (REPO / "README.md").read_text(encoding="utf-8")


def test_small_benchmark_prints_every_step_with_time_memory_and_ratio(tmp_path):
    elsewhere = tmp_path / "elsewhere"  # not the repository: the harness must find its way from anywhere
    elsewhere.mkdir()
    out = tmp_path / "report" / "RESULTS.md"
    argv = shlex.split(README_COMMAND)
    argv[0], argv[1] = sys.executable, str(REPO / argv[1])
    argv[argv.index("--size") + 1] = "small"
    argv[argv.index("--out") + 1] = str(out)
    proc = subprocess.run(argv, cwd=elsewhere, capture_output=True, text=True, timeout=900)
    assert proc.returncode == 0, proc.stderr[-4000:]

    rows = table(proc.stdout, "step")
    assert [r[0] for r in rows] == STEPS, proc.stdout
    for step, corpus, runs, seconds, peak, floor, floor_seconds, floor_peak, ratio, target, verdict in rows:
        assert corpus.startswith(("10 transcripts", "100 entries")) and runs == "1", (corpus, runs)
        assert float(seconds) > 0 and float(peak) > 0 and float(floor_seconds) > 0 and float(floor_peak) > 0, step
        assert float(ratio) > 0 and floor and target, step
        assert verdict in ("met", "missed", "—"), step

    reruns = table(proc.stdout, "change")
    assert [r[0] for r in reruns] == CHANGES
    for change, jobs, _needless, verdict in reruns:
        assert "render" in jobs, (change, jobs)  # every one of these changes reaches the drafts
        assert verdict in ("met", "missed")

    report = out.read_text(encoding="utf-8")
    assert table(report, "step") == rows and "## Machine" in report
    assert "(time-vs-corpus.svg)" in report
    svg = ElementTree.parse(out.parent / "time-vs-corpus.svg").getroot()
    assert len(svg.findall(".//{http://www.w3.org/2000/svg}circle")) >= 6  # a point per series


def test_the_bibliography_micro_benchmark_still_runs(tmp_path):
    proc = subprocess.run([sys.executable, str(REPO / "bench" / "bench_bibliography.py"), "--entries", "50",
                           "--repeat", "1", "--no-decoding"], cwd=tmp_path, capture_output=True, text=True,
                          timeout=300)
    assert proc.returncode == 0, proc.stderr[-4000:]
    rows = table(proc.stdout, "variant")
    assert [r[0] for r in rows][:2] == ["bare parse_file", "bare, no middleware"]
    assert all(float(r[2]) > 0 for r in rows[:2])
