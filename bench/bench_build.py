"""Benchmark: the demo thesis build against bare pandoc + typst on the same Markdown, in one run.

    python bench/bench_build.py [--repeat 3] [--scale 1]

Copies the demo project to a temporary folder and measures (wall time, median of --repeat runs):
  cold build     `snakemake -c2` from a clean results/ (analysis, literature, assemble, 3 renders)
  no-op rebuild  `snakemake -c2` again, nothing to do
  bare render    pandoc → HTML, pandoc → DOCX, pandoc → typst + typst.compile on results/thesis.md,
                 run the way the rules run them (two at a time), without naskah or Snakemake
--scale N multiplies the corpus (N copies of every transcript under new informant ids) to show how
the analysis grows with the corpus while the job count stays the same.
"""

from __future__ import annotations

import argparse
import csv
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PARTS = ["Snakefile", "config", "data", "references", "chapters"]


def copy_project(target: Path, scale: int) -> None:
    for part in PARTS:
        source = REPO / part
        if source.is_dir():
            shutil.copytree(source, target / part, symlinks=True)
        else:
            shutil.copy2(source, target / part)
    if scale > 1:
        _scale_corpus(target, scale)


def _scale_corpus(project: Path, scale: int) -> None:
    informants = project / "data" / "informants.csv"
    with open(informants, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    fields = list(rows[0])
    out = []
    for copy in range(scale):
        for row in rows:
            new_id = row["informant"] if copy == 0 else f"{row['informant']}x{copy}"
            out.append({**row, "informant": new_id})
            if copy:
                source = project / "data" / "transcripts" / f"{row['informant']}.csv"
                text = source.read_text(encoding="utf-8").replace(f",{row['informant']},", f",{new_id},")
                (project / "data" / "transcripts" / f"{new_id}.csv").write_text(text, encoding="utf-8")
    with open(informants, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(out)


def timed(cmd: list[str], cwd: Path) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, cwd=cwd, check=True, capture_output=True)
    return time.perf_counter() - start


def bare_render(project: Path) -> float:
    """The three renders with plain pandoc and typst, two at a time like `-c2`."""
    import pypandoc
    import typst

    pandoc = pypandoc.get_pandoc_path()
    resources = REPO / "src" / "naskah" / "resources"
    results = project / "results"
    common = [pandoc, str(results / "thesis.md"), "--standalone", "--citeproc",
              f"--bibliography={results / 'references.bib'}", f"--csl={resources / 'csl' / 'apa.csl'}",
              f"--lua-filter={resources / 'naskah.lua'}", "--columns=10000"]
    out = Path(tempfile.mkdtemp())
    env = {**os.environ, "SOURCE_DATE_EPOCH": "0"}

    def html():
        subprocess.run(common + ["-t", "html5", "--embed-resources", f"--css={resources / 'naskah.css'}",
                                 "-o", str(out / "t.html")], check=True, env=env)

    def docx():
        subprocess.run(common + ["-t", "docx", "-o", str(out / "t.docx")], check=True, env=env)

    def pdf():
        subprocess.run(common + ["-t", "typst", f"--template={resources / 'naskah.typst'}",
                                 "-o", str(out / "t.typ")], check=True, env=env)
        typst.compile(str(out / "t.typ"), output=str(out / "t.pdf"), timestamp=0)

    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=2) as pool:
        for future in [pool.submit(f) for f in (pdf, html, docx)]:
            future.result()
    elapsed = time.perf_counter() - start
    shutil.rmtree(out)
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--scale", type=int, default=1)
    args = parser.parse_args()
    snakemake = str(Path(sys.executable).parent / "snakemake")
    cold, noop, bare = [], [], []
    for _ in range(args.repeat):
        with tempfile.TemporaryDirectory() as tmp:
            project = Path(tmp) / "demo"
            project.mkdir()
            copy_project(project, args.scale)
            cold.append(timed([snakemake, "-c2", "-q"], project))
            noop.append(timed([snakemake, "-c2", "-q"], project))
            bare.append(bare_render(project))
            files = list((project / "data" / "transcripts").glob("*.csv"))
            turns = sum(p.read_text(encoding="utf-8").count("\n") - 1 for p in files)
            transcripts = len(files)
    base = statistics.median(bare)
    print(f"demo thesis, {transcripts} transcripts, {turns} turns, 8 jobs, -c2, median of {args.repeat}")
    print(f"{'measure':<34}{'seconds':>10}{'× bare render':>16}")
    for name, values in [("bare pandoc + typst (3 renders)", bare), ("cold build (snakemake -c2)", cold),
                         ("no-op rebuild", noop)]:
        median = statistics.median(values)
        print(f"{name:<34}{median:>10.2f}{median / base:>16.2f}")


if __name__ == "__main__":
    main()
