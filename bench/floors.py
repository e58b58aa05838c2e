"""The floors: what each benchmarked step cannot be faster than, measured on the same input in the same run.

A time alone says little on a shared machine; its ratio to a floor measured minutes earlier on the
same machine says how much naskah adds. Each floor does the unavoidable work with the bare tool:

- render floor: pandoc to HTML and to DOCX side by side, then pandoc to typst and typst.compile, on the
  build's own results/thesis.md and results/references.bib, with the arguments naskah's renders
  share (`naskah.render.pandoc.pandoc_args`: the CSL, the Lua filters), nothing else: no naskah
  process, no Snakemake, no post-processing. typst compiles the typst source the build wrote
  (results/**/*.typ): the filters emit calls that only naskah's house-style template defines, and
  that template is made by the PDF render itself — compiling its output keeps the floor the same
  document without reaching into how the render makes it;
- Snakemake floor: `snakemake` with nothing to do in a one-rule workflow (the price of starting it);
- analysis floor: pandas.read_csv of the same transcript and informant CSVs;
- literature floor: bibtexparser's raw parse of the same library (`parse_file(path, parse_stack=[])`).

Floors run in a fresh process like everything measured, so interpreter start-up and imports count on
both sides of a ratio.
"""

from __future__ import annotations

from pathlib import Path

from measure import python, snakemake, step

TYPST_COMPILE = ("import sys, typst; typst.compile(sys.argv[1], output=sys.argv[2], root=sys.argv[3], timestamp=0)")
READ_CSVS = ("import glob, pandas; pandas.read_csv('data/informants.csv');"
             " [pandas.read_csv(p) for p in sorted(glob.glob('data/transcripts/*.csv'))]")
PARSE_BIB = "import sys, bibtexparser; bibtexparser.parse_file(sys.argv[1], parse_stack=[])"


def render_floor(project: Path) -> list[list[dict]]:
    """Bare pandoc (HTML ∥ DOCX), then pandoc → typst and typst.compile, on the project's built thesis.md."""
    from naskah.data.config import load_config
    from naskah.render.pandoc import pandoc_args

    config = load_config(project / "config" / "config.yaml", root=project)
    markdown, bib = Path("results/thesis.md"), Path("results/references.bib")
    out = Path("bench-floor")
    (project / out).mkdir(exist_ok=True)
    env = {"SOURCE_DATE_EPOCH": "0"}

    def pandoc(to: str, target: Path) -> dict:
        return step([*pandoc_args(config, markdown, bib, to), "-o", target], project, env)

    typ = out / "thesis.typ"
    built = sorted((project / "results").rglob("*.typ"))
    source = built[0].relative_to(project) if built else typ
    return [
        [pandoc("html5", out / "thesis.html"), pandoc("docx", out / "thesis.docx")],
        [pandoc("typst", typ)],
        # root: the project, where the figures under results/ are (the filters write "/results/…")
        [step(python("-c", TYPST_COMPILE, str(source), str(out / "thesis.pdf"), str(project)), project)],
    ]


def snakemake_floor(folder: Path) -> list[list[dict]]:
    """A one-rule workflow, already built: `snakemake` with nothing to do."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "Snakefile").write_text('rule all:\n    output: "done.txt"\n    shell: "touch {output}"\n',
                                      encoding="utf-8")
    return [[step(snakemake(), folder)]]


def analysis_floor(project: Path) -> list[list[dict]]:
    return [[step(python("-c", READ_CSVS), project)]]


def literature_floor(project: Path) -> list[list[dict]]:
    return [[step(python("-c", PARSE_BIB, "references/library.bib"), project)]]
