"""The ``naskah`` command: thin over the package's modules and over Snakemake.

Each sub-command is one stage of the workflow (a Snakemake rule calls exactly
one of them) or a whole-project helper (``check``, ``build``).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import traceback
from pathlib import Path

from naskah import __version__
from naskah.core import files
from naskah.core.errors import Diagnostics, InternalError, NaskahError, ValidationError

RESULTS = Path("results")
TABLE_METAS = [str(RESULTS / "tables" / "tables.json"), str(RESULTS / "literature" / "tables.json")]


class Output:
    """Messages go to stderr and, when a rule gives ``--log``, to its log file too."""

    def __init__(self, log: str | None, config_path: str):
        if log:
            Path(log).parent.mkdir(parents=True, exist_ok=True)
        self.log = open(log, "w", encoding="utf-8") if log else None  # noqa: SIM115
        self.mask = _identity_masker(config_path)

    def say(self, text: str) -> None:
        text = self.mask(text)  # no identity-map value reaches the terminal or a log
        print(text, file=sys.stderr)
        if self.log:
            self.log.write(text + "\n")
            self.log.flush()

    def close(self) -> None:
        if self.log:
            self.log.close()


def _identity_masker(config_path: str):
    """A function masking identity-map values in messages (identity when there is no map)."""
    from naskah.data.config import load_config
    from naskah.privacy.detectors import detector_for

    try:
        detector = detector_for(load_config(config_path))
    except NaskahError:
        return lambda text: text  # the command itself will report the problem
    if not detector.identities:
        return lambda text: text
    return detector.mask_text


def _config(args):
    from naskah.data.config import load_config

    return load_config(args.config)


def cmd_check(args, out: Output) -> None:
    """Run every validation without rendering anything."""
    from naskah.analysis.tables import ResultTable, result_tables
    from naskah.literature.checks import TABLE_ID, previous_studies_frame, table_meta
    from naskah.writing.assemble import build_markdown, load_inputs

    config = _config(args)
    diags = Diagnostics()
    literature = _literature(config, diags)
    try:
        codebook, corpus = load_inputs(config, diags)
        if not diags.errors:  # the chapters need valid data and library
            tables, facts = result_tables(config, corpus, codebook)
            by_id = {t.id: t for t in tables}
            frame = previous_studies_frame(literature)
            meta = table_meta(literature, frame)
            by_id[TABLE_ID] = ResultTable(TABLE_ID, meta["caption"], frame, meta["numeric"], meta["sources"],
                                          "literature")
            _markdown, _numbered, context = build_markdown(config, codebook, corpus, facts, by_id)
            diags.extend(context.warnings)
    except NaskahError as exc:
        diags.absorb(exc)
    strict = args.strict or config.strict
    if not strict:  # in strict mode the warnings are reported as errors below
        for warning in diags.warnings:
            out.say(str(warning))
    diags.raise_if_errors(strict=strict)
    warned = f"; {len(diags.warnings)} warning(s) above" if diags.warnings else ""
    out.say(f"naskah check: no errors{warned}")


def _literature(config, diags: Diagnostics, strict: bool = False):
    """Citations against the library and every literature check; returns a LiteratureResult."""
    from naskah.core.errors import Diagnostic
    from naskah.literature.checks import check_literature
    from naskah.literature.library import check_citations, find_citations, read_library

    citations = []
    chapters_dir = config.input_path("chapters")
    for path in sorted(chapters_dir.glob("*.md")) + sorted(chapters_dir.glob("*.yaml")):
        citations += find_citations(files.read_text(path, "chapter", config.shown(path)), config.shown(path))
    bib_path = config.input_path("bibliography")
    found = Diagnostics()  # this library's problems only: the report lists them, literature.strict promotes them
    # problems with an entry a chapter cites are errors, with any other entry warnings
    bib = read_library(bib_path, config.shown(bib_path), found, cited={c.key for c in citations})
    keys = check_citations(citations, bib, found)
    result = check_literature(bib, keys, config, found, strict=strict)
    if strict or result.settings.strict:
        found = Diagnostics([Diagnostic(d.message, d.path, d.line, d.column, d.hint) for d in found.items])
    result.diagnostics = sorted(found.items, key=Diagnostic.sort_key)
    diags.extend(found)
    return result


def cmd_analyse(args, out: Output) -> None:
    from naskah.analysis.tables import result_tables
    from naskah.writing.assemble import load_inputs

    config = _config(args)
    codebook, corpus = load_inputs(config)
    tables, facts = result_tables(config, corpus, codebook)
    tables_dir = Path(args.tables_dir)
    meta = []
    for table in tables:
        target = tables_dir / f"{table.id}.csv"
        files.write_text(target, table.frame.to_csv(index=False, lineterminator="\n"))
        meta.append({"id": table.id, "label": table.label, "caption": table.caption, "file": f"{table.id}.csv",
                     "rule": "analyse",
                     "numeric": table.numeric, "sources": table.sources,
                     "shape": [int(table.frame.shape[0]), int(table.frame.shape[1])]})
    files.write_json(Path(args.meta), {"tables": meta})
    files.write_json(Path(args.facts), facts)
    from naskah.analysis.figures import FIGURES, write_figure

    for figure_id, draw in FIGURES.items():
        write_figure(draw(facts, config.language), Path(args.figures_dir) / f"{figure_id}.svg")
    out.say(f"analysed {facts['corpus']['transcripts']} transcripts, {facts['corpus']['turns']} informant turns "
            f"→ {len(tables)} tables in {args.tables_dir}")


def cmd_literature(args, out: Output) -> None:
    """Check the library, write the cited entries for pandoc and the literature report and tables."""
    from naskah.literature.library import cited_subset
    from naskah.literature.report import write_outputs

    config = _config(args)
    diags = Diagnostics()
    result = _literature(config, diags, strict=args.strict)
    strict = args.strict or config.strict
    if not strict:  # in strict mode the warnings are reported as errors below
        for warning in diags.warnings:
            out.say(str(warning))
    diags.raise_if_errors(strict=strict)
    files.write_text(Path(args.out), cited_subset(result.bib, result.cited, config.language))
    write_outputs(result, Path(args.report_dir))
    out.say(f"{len(result.cited)} cited of {len(result.bib.entries)} entries in {result.bib.path} → {args.out}; "
            f"report in {Path(args.report_dir) / 'report.md'}")


def cmd_assemble(args, out: Output) -> None:
    from naskah.writing.assemble import build_markdown, load_inputs, read_results, write_thesis

    config = _config(args)
    codebook, corpus = load_inputs(config)
    tables, facts = read_results([Path(p) for p in args.tables_meta], Path(args.facts))
    markdown, numbered, context = build_markdown(config, codebook, corpus, facts, tables)
    context.warnings.raise_if_errors(strict=config.strict)
    for warning in context.warnings.warnings:
        out.say(str(warning))
    write_thesis(markdown, numbered, context, Path(args.out), Path(args.crossref))
    out.say(f"assembled {len(config.chapter_files)} chapters, {len(numbered.of_kind('table'))} tables → {args.out}")


def cmd_render(args, out: Output) -> None:
    from naskah.render.pandoc import render

    config = _config(args)
    typst_source = Path(args.typst) if args.typst else None
    render(config, args.format, Path(args.markdown), Path(args.bibliography), Path(args.out), typst_source)
    out.say(f"rendered {args.out}")


def cmd_manifest(args, out: Output) -> None:
    """Write results/provenance.json: inputs, environment, artefacts, tables, numbers, quotes."""
    from naskah.core.clock import source_date_epoch
    from naskah.provenance.manifest import build_manifest

    config = _config(args)
    records = json.loads(Path(args.records).read_text(encoding="utf-8"))
    manifest = build_manifest(config, [Path(p) for p in args.artefacts], records,
                              [Path(p) for p in args.tables_meta], source_date_epoch(config))
    files.write_json(Path(args.out), manifest)
    out.say(f"manifest: {len(manifest['inputs'])} inputs, {len(manifest['artefacts'])} artefacts, "
            f"{len(manifest['numbers'])} numbers, {len(manifest['quotes'])} quotations → {args.out}")


def cmd_trace(args, out: Output) -> None:
    from naskah.provenance.audit import load_manifest, trace

    for line in trace(load_manifest(args.manifest), args.id):
        print(line)


def cmd_verify(args, out: Output) -> None:
    from naskah.provenance.audit import verify

    rows, ok = verify(Path(args.manifest), Path.cwd())
    width = max(len(kind) for _, kind, _ in rows) if rows else 6
    for status, kind, path in rows:
        print(f"{status:<11} {kind:<{width}}  {path}")
    counts = {s: sum(1 for r in rows if r[0] == s) for s in ("REPRODUCED", "DIFFERENT", "MISSING")}
    summary = ", ".join(f"{n} {s.lower()}" for s, n in counts.items())
    if not ok:
        raise NaskahError(f"verification failed: {summary}", args.manifest,
                          hint="the rows marked DIFFERENT or MISSING are not what the manifest recorded")
    out.say(f"verified: {summary}")


def cmd_diff(args, out: Output) -> None:
    from naskah.provenance.audit import diff, load_manifest

    lines = diff(load_manifest(args.old), load_manifest(args.new))
    for line in lines:
        print(line)
    if not lines:
        out.say("no changes in tables, numbers or quotations")


def cmd_guard(args, out: Output) -> None:
    """Scan outputs for identifying strings; delete every file with a hit and fail."""
    from naskah.privacy import guard
    from naskah.privacy.detectors import detector_for

    config = _config(args)
    bib = Path(args.bibliography)
    # URLs of the user's own library are bibliographic, not personal (reports list them too)
    library = config.input_path("bibliography")
    detector = detector_for(config, extra_allow=guard.library_urls(library, config.shown(library)))
    report = Path(args.out).resolve()
    paths = []
    for given in map(Path, args.paths):  # a folder means every file in it, so nothing new slips past
        found = sorted(p for p in given.rglob("*") if p.is_file()) if given.is_dir() else [given]
        paths += [p for p in found if p.resolve() != report and not p.name.endswith(".part")]
    diags = guard.scan_paths(paths, detector, config.shown, guard.cited_keys_of(bib))
    if diags.errors:
        leaked = sorted({Path(d.path) for d in diags.errors}, key=str)
        for path in guard.remove([config.root / p for p in leaked]):
            diags.error("removed this output because it contains identifying information", config.shown(path),
                        hint="fix the source and rebuild")
        diags.raise_if_errors()
    files.write_json(Path(args.out), {"scanned": sorted(config.shown(p) for p in paths if p.is_file()),
                                      "hits": 0, "identity_map": bool(detector.identities)})
    out.say(f"privacy guard: {len(paths)} outputs scanned, nothing identifying found")


def cmd_init(args, out: Output) -> None:
    """Create a new thesis project: a Snakefile pointing at naskah's rules, a config and a tiny example corpus."""
    from importlib import resources

    target = Path(args.directory)
    if target.exists() and any(target.iterdir()):
        raise NaskahError("the folder is not empty", target.as_posix(),
                          hint="choose a new folder; naskah init never overwrites files")
    package = Path(str(resources.files("naskah")))
    scaffold = package / "resources" / "scaffold"
    for source in sorted(scaffold.rglob("*")):
        if source.is_file():
            name = source.relative_to(scaffold).as_posix()
            destination = target / (".gitignore" if name == "gitignore" else name)
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, destination)
    out.say(f"created {target.as_posix()}: fill in config/config.yaml, then run `snakemake -c2` there "
            "(private/ is git-ignored: keep the identity map there)")


def cmd_build(args, out: Output) -> None:
    """Run the whole workflow with Snakemake (what ``snakemake -c2`` does at the project root)."""
    snakemake = shutil.which("snakemake")
    if snakemake is None:
        raise NaskahError("snakemake is not installed", hint="pip install -e . in the project root")
    cmd = [snakemake, f"-c{args.cores}", *args.snakemake_args]
    sys.exit(subprocess.call(cmd))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="naskah", description=__doc__.splitlines()[0])
    parser.add_argument("--version", action="version", version=f"naskah {__version__}")
    parser.add_argument("--config", default="config/config.yaml", help="config file (default: %(default)s)")
    parser.add_argument("--log", help="also write messages to this file")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("check", help="run every validation without rendering")
    p.add_argument("--strict", action="store_true", help="treat warnings as errors (final submission)")
    p.set_defaults(func=cmd_check)

    p = sub.add_parser("analyse", help="compute the Bab IV tables and facts")
    p.add_argument("--tables-dir", default=str(RESULTS / "tables"))
    p.add_argument("--meta", default=str(RESULTS / "tables" / "tables.json"))
    p.add_argument("--facts", default=str(RESULTS / "analysis" / "facts.json"))
    p.add_argument("--figures-dir", default=str(RESULTS / "figures"))
    p.set_defaults(func=cmd_analyse)

    p = sub.add_parser("literature", help="check the library, export the cited entries, write the report")
    p.add_argument("--out", default=str(RESULTS / "references.bib"))
    p.add_argument("--report-dir", default=str(RESULTS / "literature"),
                   help="where report.md/.json, profile.svg and the Penelitian Terdahulu table go")
    p.add_argument("--strict", action="store_true", help="treat warnings as errors (final submission)")
    p.set_defaults(func=cmd_literature)

    p = sub.add_parser("assemble", help="fill the chapters and assemble results/thesis.md")
    p.add_argument("--tables-meta", nargs="+", default=TABLE_METAS, help="tables.json of analyse and literature")
    p.add_argument("--facts", default=str(RESULTS / "analysis" / "facts.json"))
    p.add_argument("--out", default=str(RESULTS / "thesis.md"))
    p.add_argument("--crossref", default=str(RESULTS / "crossref.json"))
    p.set_defaults(func=cmd_assemble)

    p = sub.add_parser("render", help="render the assembled thesis to html, docx or pdf")
    p.add_argument("format", choices=["html", "docx", "pdf"])
    p.add_argument("--markdown", default=str(RESULTS / "thesis.md"))
    p.add_argument("--bibliography", default=str(RESULTS / "references.bib"))
    p.add_argument("--out", required=True)
    p.add_argument("--typst", help="where to keep the intermediate .typ (pdf only)")
    p.set_defaults(func=cmd_render)

    p = sub.add_parser("manifest", help="write the provenance manifest")
    p.add_argument("artefacts", nargs="+", help="the artefacts to record")
    p.add_argument("--records", default=str(RESULTS / "crossref.json"))
    p.add_argument("--tables-meta", nargs="+", default=TABLE_METAS)
    p.add_argument("--out", default=str(RESULTS / "provenance.json"))
    p.set_defaults(func=cmd_manifest)

    p = sub.add_parser("trace", help="where a table, number or quotation comes from")
    p.add_argument("id", help="tbl:<id>, a number id (n12) or expression, or a quote reference I03:12")
    p.add_argument("--manifest", default=str(RESULTS / "provenance.json"))
    p.set_defaults(func=cmd_trace)

    p = sub.add_parser("verify", help="rebuild from the manifest's sources in a clean folder and compare hashes")
    p.add_argument("manifest", nargs="?", default=str(RESULTS / "provenance.json"))
    p.set_defaults(func=cmd_verify)

    p = sub.add_parser("diff", help="what changed since an earlier draft's manifest")
    p.add_argument("old")
    p.add_argument("new", nargs="?", default=str(RESULTS / "provenance.json"))
    p.set_defaults(func=cmd_diff)

    p = sub.add_parser("guard", help="scan outputs for identifying information (fails on a hit)")
    p.add_argument("paths", nargs="+", help="output files or folders to scan (folders: every file in them)")
    p.add_argument("--bibliography", default=str(RESULTS / "references.bib"))
    p.add_argument("--out", default=str(RESULTS / "privacy" / "guard.json"))
    p.set_defaults(func=cmd_guard)

    p = sub.add_parser("init", help="create a new thesis project in a new folder")
    p.add_argument("directory")
    p.set_defaults(func=cmd_init)

    p = sub.add_parser("build", help="build everything with snakemake")
    p.add_argument("--cores", "-c", type=int, default=os.cpu_count() or 1)
    p.add_argument("snakemake_args", nargs=argparse.REMAINDER)
    p.set_defaults(func=cmd_build)

    args = parser.parse_args(argv)
    out = Output(args.log, args.config)
    try:
        args.func(args, out)
        return 0
    except ValidationError as exc:
        for diagnostic in exc.diagnostics:
            out.say(str(diagnostic))
        out.say(f"naskah {args.command}: {len(exc.diagnostics)} problem(s); nothing was written")
        return exc.exit_code
    except NaskahError as exc:
        out.say(str(exc))
        return exc.exit_code
    except KeyboardInterrupt:
        out.say("naskah: interrupted")
        return 130
    except Exception as exc:  # a bug in naskah: say so, with the traceback for the report
        out.say(str(InternalError(f"{type(exc).__name__}: {exc}")))
        out.say(traceback.format_exc())
        return InternalError.exit_code
    finally:
        out.close()


if __name__ == "__main__":
    sys.exit(main())
