"""Benchmark: importing a 300-interview REFI-QDA project (time and peak memory; not a timed test).

    python bench/bench_import.py [--interviews 300] [--turns 60]

Generates a synthetic native project (interviews of --turns turns, every second answer coded, a
second coder on every third interview, emoji and accented text), exports it with
``naskah export --qdpx``, then imports the .qdpx into an empty folder with ``naskah import``, each
as its own process, as a student runs them. Reported: wall time and peak resident memory of each
process (from ``wait4``), the archive's size, and whether the import gave the project back.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

STAGES = {"kontak": ["sapaan", "profil"], "keterlibatan": ["cerita"], "keakraban": ["rahasia"],
          "perusakan": ["konflik"], "pemutusan": ["blokir"]}
WORDS = ["saya", "kami", "dia", "awalnya", "lalu", "akhirnya", "pesan", "grup", "teman", "daring", "ketemu",
         "janji", "kecewa", "senang", "café", "pelan-pelan", "kabar", "🙂", "sekali", "tidak", "iya", "mungkin"]


def make_project(root: Path, interviews: int, turns: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    (root / "config").mkdir(parents=True)
    (root / "data" / "transcripts").mkdir(parents=True)
    for folder in ("chapters", "references"):
        (root / folder).mkdir()
    (root / "references" / "library.bib").write_text("", encoding="utf-8")
    (root / "chapters" / "01-hasil.md").write_text("# Hasil\n", encoding="utf-8")
    (root / "config" / "config.yaml").write_text(
        'thesis: {title: "Bench", author: "Peneliti", student_id: "1", programme: "P", faculty: "F", '
        'university: "U", city: "K", year: 2026, language: id}\n'
        "inputs: {codebook: data/codebook.yaml, informants: data/informants.csv, transcripts: data/transcripts, "
        "bibliography: references/library.bib, chapters: chapters}\n", encoding="utf-8")
    codes = ["title: Bench", "codes:"]
    ids = []
    for stage, subs in STAGES.items():
        codes.append(f"  - {{id: {stage}, label: {stage.title()}, description: Tahap {stage}.}}")
        ids.append(stage)
        for sub in subs:
            codes.append(f"  - {{id: {stage}_{sub}, parent: {stage}, label: {sub.title()}, description: x}}")
            ids.append(f"{stage}_{sub}")
    (root / "data" / "codebook.yaml").write_text("\n".join(codes) + "\n", encoding="utf-8")
    informants = ["informant,group,category,usia"]
    for n in range(1, interviews + 1):
        informant = f"I{n:03d}"
        informants.append(f"{informant},Kelompok {'AB'[n % 2]},utama,{20 + n % 15}")
        second = n % 3 == 0
        lines = ["turn,speaker,text,codes" + (",codes:kedua" if second else "")]
        for turn in range(1, turns + 1):
            speaker = "P" if turn % 2 else informant
            text = " ".join(rng.choice(WORDS) for _ in range(rng.randint(8, 40))).capitalize() + "."
            code = ";".join(rng.sample(ids, rng.randint(1, 2))) if speaker != "P" and turn % 4 == 0 else ""
            other = ";".join(rng.sample(ids, 1)) if second and speaker != "P" and turn % 4 == 0 else ""
            lines.append(f'{turn},{speaker},"{text}",{code}' + (f",{other}" if second else ""))
        (root / "data" / "transcripts" / f"{informant}.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (root / "data" / "informants.csv").write_text("\n".join(informants) + "\n", encoding="utf-8")


def run(args: list[str], cwd: Path) -> tuple[float, float]:
    """(wall seconds, peak RSS in MiB) of one naskah process."""
    start = time.perf_counter()
    env = dict(os.environ, SOURCE_DATE_EPOCH="1700000000")
    proc = subprocess.Popen([sys.executable, "-m", "naskah", *args], cwd=cwd, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _pid, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    if status != 0:
        raise SystemExit(f"naskah {' '.join(args)} failed:\n{proc.stderr.read().decode()[-3000:]}")
    return wall, usage.ru_maxrss / 1024


def corpus(root: Path):
    from naskah.data.codebook import load_codebook
    from naskah.data.config import load_config
    from naskah.data.transcripts import load_corpus

    config = load_config(root / "config" / "config.yaml")
    codebook = load_codebook(config.input_path("codebook"))
    loaded = load_corpus(config, codebook)
    return ([(c.id, c.label, c.parent) for c in codebook.codes.values()],
            [(i.id, i.fields) for i in loaded.informants],
            [(t.informant, t.turn, t.speaker, t.text, t.codes, t.coders) for t in loaded.turns])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--interviews", type=int, default=300)
    parser.add_argument("--turns", type=int, default=60)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="naskah-bench-import-") as tmp:
        project, back = Path(tmp) / "project", Path(tmp) / "back"
        make_project(project, args.interviews, args.turns)
        qdpx = Path(tmp) / "project.qdpx"
        export_wall, export_rss = run(["export", "--qdpx", str(qdpx)], project)
        back.mkdir()
        shutil.copytree(project / "config", back / "config")
        import_wall, import_rss = run(["import", str(qdpx)], back)
        same = corpus(project) == corpus(back)
        print(f"{args.interviews} interviews × {args.turns} turns; archive {qdpx.stat().st_size / 1048576:.1f} MB")
        print(f"export: {export_wall:.2f} s, peak {export_rss:.0f} MiB")
        print(f"import: {import_wall:.2f} s, peak {import_rss:.0f} MiB")
        print(f"import(export(project)) == project (codebook, informants, every turn and coder): {same}")


if __name__ == "__main__":
    main()
