"""Benchmark: naskah's parse + lint of a BibTeX library against bibtexparser's bare parse_file, same file.

    python bench/bench_bibliography.py [--entries 10000] [--cited 300] [--repeat 3] [--bib FILE]

Generates a library of --entries entries the way reference managers export them (mixed types,
LaTeX accents, braces protecting case, DOIs, URLs, abstracts on some), unless --bib names a
real one. Each variant runs --repeat times in a fresh Python process (so imports and memory
are its own); the table shows the median wall time of the measured step, its ratio to the
bare parse, and the process's peak resident memory:

  bare parse_file        bibtexparser.parse_file(path)                  (its default parse stack)
  bare, no middleware    bibtexparser.parse_file(path, parse_stack=[])
  with LaTeX decoding    + LatexDecodingMiddleware on every entry        (what we avoid)
  naskah, N cited        read_library + check_literature + cited_subset, N entries cited
  naskah, all cited      the same with every entry cited (every entry fully linted)
  naskah imports only    the naskah variant's imports, nothing parsed: its memory floor
With --pandoc, also pandoc reading the whole library and reading naskah's export of N cited entries
(`pandoc -f biblatex -t csljson`, what every render's --citeproc pays for its --bibliography).
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

FIRST = ["Budi", "Siti", "Joseph", "Nicole", "Ahmad", "Dewi", "Ronald", "Teela", "Jürgen", "Zoë", "Lukas", "Ana"]
LAST = ["Santoso", "Rahmawati", "Walther", "Ellison", "Hidayat", "M{\\\"u}ller", "Weitzer", "Sanders",
        "Garc{\\'i}a", "{\\v{C}}apek", "Nugroho", "{van der Berg}"]
WORDS = ["communication", "interpersonal", "online", "relationship", "disclosure", "intimacy", "platform",
         "{Indonesia}", "qualitative", "stages", "trust", "digital", "work", "media", "identity", "{WhatsApp}"]
JOURNALS = ["Journal of Computer-Mediated Communication", "Human Communication Research", "Jurnal Komunikasi",
            "Communication Research", "New Media {\\&} Society"]


def generate(n: int, seed: int = 1) -> str:
    """A deterministic library of *n* entries in Better BibTeX style."""
    rng = random.Random(seed)
    out = []
    for i in range(n):
        kind = rng.choices(["article", "book", "incollection", "online", "phdthesis"], [60, 20, 10, 6, 4])[0]
        authors = " and ".join(f"{rng.choice(LAST)}, {rng.choice(FIRST)}" for _ in range(rng.randint(1, 4)))
        year = rng.randint(1970, 2025)
        title = " ".join(rng.choice(WORDS) for _ in range(rng.randint(4, 10))).capitalize()
        fields = [("title", "{" + title + "}"), ("author", "{" + authors + "}"), ("year", "{" + str(year) + "}")]
        if kind == "article":
            fields += [("journal", "{" + rng.choice(JOURNALS) + "}"), ("volume", f"{{{rng.randint(1, 60)}}}"),
                       ("number", f"{{{rng.randint(1, 12)}}}"),
                       ("pages", f"{{{rng.randint(1, 300)}--{rng.randint(301, 600)}}}"),
                       ("doi", f"{{10.{rng.randint(1000, 9999)}/j.{i:06d}}}")]
        elif kind in ("book", "incollection"):
            fields += [("publisher", "{Remaja Rosdakarya}"), ("address", "{Bandung}")]
            if kind == "incollection":
                fields += [("booktitle", "{Handbook of " + title + "}"), ("editor", "{Duck, Steve}")]
        elif kind == "online":
            fields += [("url", f"{{https://example.org/page/{i}}}"), ("urldate", "{2024-05-01}")]
        else:
            fields += [("school", "{Universitas Indonesia}")]
        if rng.random() < 0.3:
            fields.append(("abstract", "{" + " ".join(rng.choice(WORDS) for _ in range(80)) + "}"))
        fields += [("langid", "{english}"), ("file", f"{{/home/user/Zotero/storage/{i:08X}/paper.pdf}}")]
        body = ",\n".join(f"  {name} = {value}" for name, value in fields)
        out.append(f"@{kind}{{key{i:05d},\n{body}\n}}\n")
    return "\n".join(out)


VARIANT = r"""
import json, resource, sys, time
path, variant, cited_n = sys.argv[1], sys.argv[2], int(sys.argv[3])
import bibtexparser
from bibtexparser.middlewares import LatexDecodingMiddleware
if variant.startswith("naskah") or variant == "imports":
    from naskah.literature.library import cited_subset, read_library
    from naskah.data.config import config_from_dict
    from naskah.core.errors import Diagnostics
    from naskah.literature.checks import check_literature, previous_studies_frame
    config = config_from_dict({"thesis": {"title": "B", "author": "A", "student_id": "1", "programme": "P",
        "faculty": "F", "university": "U", "city": "C", "year": 2026, "language": "id"},
        "inputs": {}, "literature": {"min_recent_share": 0.8}}, ".")
start = time.perf_counter()
if variant == "imports":
    count = 0
elif variant == "pandoc":
    import resource as _r, subprocess as _s
    import pypandoc
    _s.run([pypandoc.get_pandoc_path(), "-f", "biblatex", "-t", "csljson", path], check=True, capture_output=True)
    count = None
elif variant == "bare":
    library = bibtexparser.parse_file(path)
    count = len(library.entries)
elif variant == "bare-empty":
    count = len(bibtexparser.parse_file(path, parse_stack=[]).entries)
elif variant == "decoding":
    library = bibtexparser.parse_file(path, append_middleware=[LatexDecodingMiddleware()])
    count = len(library.entries)
else:
    diags = Diagnostics()
    # which keys are cited changes only the severity of reading problems, not the work
    bib = read_library(path, "library.bib", diags)
    keys = list(bib.records) if cited_n < 0 else list(bib.records)[:cited_n]
    result = check_literature(bib, keys, config, diags)
    text = cited_subset(bib, result.cited)
    previous_studies_frame(result)
    count = len(bib.records)
elapsed = time.perf_counter() - start
who = resource.RUSAGE_CHILDREN if variant == "pandoc" else resource.RUSAGE_SELF
peak = resource.getrusage(who).ru_maxrss / 1024  # KiB on Linux -> MiB
print(json.dumps({"seconds": elapsed, "peak_mib": peak, "entries": count,
                  "warnings": len(diags.warnings) if variant.startswith("naskah") else None}))
"""


def run(path: Path, variant: str, cited: int, repeat: int) -> dict:
    runs = []
    for _ in range(repeat):
        out = subprocess.run([sys.executable, "-c", VARIANT, str(path), variant, str(cited)], capture_output=True,
                             text=True, check=True).stdout
        runs.append(json.loads(out.strip().splitlines()[-1]))
    return {"seconds": statistics.median(r["seconds"] for r in runs), "peak_mib": max(r["peak_mib"] for r in runs),
            "entries": runs[0]["entries"], "warnings": runs[0]["warnings"]}


def _export(path: Path, cited: int) -> str:
    from naskah.core.errors import Diagnostics
    from naskah.literature.library import cited_subset, read_library

    bib = read_library(path, "library.bib", Diagnostics())
    return cited_subset(bib, list(bib.records)[:cited])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=10_000)
    parser.add_argument("--cited", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--bib", type=Path, help="benchmark this library instead of a generated one")
    parser.add_argument("--no-decoding", action="store_true", help="skip the (slow) LaTeX-decoding variant")
    parser.add_argument("--pandoc", action="store_true", help="also time pandoc reading the library and the export")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = args.bib or Path(tmp) / "library.bib"
        if not args.bib:
            path.write_text(generate(args.entries), encoding="utf-8")
        variants = [("bare parse_file", "bare", 0), ("bare, no middleware", "bare-empty", 0)]
        if not args.no_decoding:
            variants.append(("with LaTeX decoding", "decoding", 0))
        variants += [(f"naskah, {args.cited} cited", "naskah", args.cited), ("naskah, all cited", "naskah-all", -1),
                     ("naskah imports only", "imports", 0)]
        results = {label: run(path, variant, cited, args.repeat) for label, variant, cited in variants}
        if args.pandoc:
            export = Path(tmp) / "references.bib"
            export.write_text(_export(path, args.cited), encoding="utf-8")
            results["pandoc, whole library"] = run(path, "pandoc", 0, args.repeat)
            results[f"pandoc, {args.cited} cited"] = run(export, "pandoc", 0, args.repeat)
    base = results["bare parse_file"]["seconds"]
    size = path.stat().st_size if args.bib else None
    print(f"library: {args.bib or f'generated, {args.entries} entries'}"
          + (f" ({size / 1e6:.1f} MB)" if size else "") + f"; median of {args.repeat} runs, fresh process each\n")
    print(f"| {'variant':<22} | {'entries':>7} | {'seconds':>7} | {'ratio':>5} | {'peak MiB':>8} |")
    print(f"|{'-' * 24}|{'-' * 8}:|{'-' * 8}:|{'-' * 6}:|{'-' * 9}:|")
    for label, r in results.items():
        entries = "" if r["entries"] is None else r["entries"]
        print(f"| {label:<22} | {entries:>7} | {r['seconds']:>7.3f} | {r['seconds'] / base:>5.2f} |"
              f" {r['peak_mib']:>8.0f} |")


if __name__ == "__main__":
    main()
