"""The ``naskah`` command: thin over the package's modules and over Snakemake.

Each sub-command is one stage of the workflow (a Snakemake rule calls exactly
one of them) or a whole-project helper (``new``, ``check``, ``build``, ``open``,
``preview``; the last three are in ``naskah.buildview`` and ``naskah.preview``).
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import traceback
from pathlib import Path

from naskah import __version__
from naskah.core import files
from naskah.core.errors import Diagnostics, InternalError, NaskahError, ValidationError
from naskah.core.layout import FORMATS, draft
from naskah.core.suggest import plural

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
    """A function masking every detector hit in messages: identity-map values, and phone numbers, e-mails and
    handles typed anywhere (a number in a codes cell is quoted back in its error message)."""
    from naskah.data.config import load_config
    from naskah.privacy.detectors import Detector, detector_for

    try:
        detector = detector_for(load_config(config_path))
    except NaskahError:
        detector = Detector()  # the command itself will report the problem; pattern hits are still masked
    return detector.mask_text


def _config(args):
    from naskah.data.config import load_config

    # `naskah --mode final …` overrides render.mode: the submission copy, without touching the config
    return load_config(args.config).with_mode(getattr(args, "mode", None))


def cmd_check(args, out: Output) -> None:
    """Run every validation without rendering anything."""
    from naskah.analysis.tables import ResultTable, result_tables
    from naskah.data.inputs import check_inputs
    from naskah.literature.checks import TABLE_ID, previous_studies_frame, table_meta
    from naskah.writing.assemble import build_markdown, load_inputs

    config = _config(args)
    diags = Diagnostics()
    try:
        config.style  # noqa: B018 - the house style: its preset and the config's overrides, file:line errors
    except NaskahError as exc:
        diags.absorb(exc)
    # as the workflow does before planning: an input outside the project is never read, a missing one is
    # reported at its config line (not as a file that cannot be found)
    check_inputs(config, diags).raise_if_errors()
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
            markdown, _numbered, context = build_markdown(config, codebook, corpus, facts, by_id)
            diags.extend(context.warnings)
            _guard_in_memory(config, codebook, markdown, list(by_id.values()), literature, diags)
    except NaskahError as exc:
        diags.absorb(exc)
    strict = args.strict or config.strict
    if not strict:  # in strict mode the warnings are reported as errors below
        for warning in diags.warnings:
            out.say(str(warning))
    diags.raise_if_errors(strict=strict)
    warned = f"; {len(diags.warnings)} warning(s) above" if diags.warnings else ""
    out.say(f"naskah check: no errors{warned}")


def _guard_in_memory(config, codebook, markdown: str, tables: list, literature, diags: Diagnostics) -> None:
    """The build's privacy guard over what the build would write (the assembled Markdown, every table,
    the texts figures draw), so that `naskah check` fails where the build will."""
    import tempfile

    from naskah.privacy import guard
    from naskah.privacy.detectors import detector_for

    try:
        _guard_figure_text(config, codebook)
    except NaskahError as exc:
        diags.absorb(exc)
    library = config.input_path("bibliography")
    detector = detector_for(config, extra_allow=guard.library_urls(library, config.shown(library)))
    with tempfile.TemporaryDirectory(prefix="naskah-check-") as tmp:
        would_be = {Path(tmp) / "thesis.md": "results/thesis.md"}
        (Path(tmp) / "thesis.md").write_text(markdown, encoding="utf-8")
        for table in tables:
            path = Path(tmp) / f"{table.id}.csv"
            path.write_text(table.frame.to_csv(index=False, lineterminator="\n"), encoding="utf-8")
            would_be[path] = table.file or f"results/tables/{table.id}.csv"
        found = guard.scan_paths(list(would_be), detector, lambda p: would_be[p] + " (as the build would write it)",
                                 set(literature.cited))
    diags.extend(found)


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
    from naskah.provenance.corpus import build_inputs

    config = _config(args)
    codebook, corpus = build_inputs(config)  # the transcripts (or, in `naskah verify` without them, their records)
    for warning in corpus.warnings:  # files read with a fallback, pending informants, codes written as labels
        out.say(str(warning))
    tables, facts = result_tables(config, corpus, codebook)
    _guard_figure_text(config, codebook)  # before anything is written: a PNG cannot be scanned afterwards
    tables_dir = Path(args.tables_dir)
    meta = []
    for table in tables:
        target = tables_dir / f"{table.id}.csv"
        files.write_text(target, table.frame.to_csv(index=False, lineterminator="\n"))
        meta.append({"id": table.id, "label": table.label, "caption": table.caption, "file": f"{table.id}.csv",
                     "rule": "analyse",
                     "numeric": table.numeric, "sources": table.sources,
                     "shape": [int(table.frame.shape[0]), int(table.frame.shape[1])]})
    from naskah.analysis.agreement import TABLE_ID, disagreements_frame, reliability_frame

    if TABLE_ID not in {t.id for t in tables}:  # no second coder: a header only, and tables.json leaves it out
        files.write_text(tables_dir / f"{TABLE_ID}.csv",
                         reliability_frame(config, None).to_csv(index=False, lineterminator="\n"))
    files.write_text(Path(args.disagreements),
                     disagreements_frame(corpus, codebook).to_csv(index=False, lineterminator="\n"))
    files.write_json(Path(args.meta), {"tables": meta})
    files.write_json(Path(args.facts), facts)
    from naskah.analysis.figures import FIGURES, write_figure

    for figure_id, draw in FIGURES.items():
        write_figure(draw(facts, config.language), Path(args.figures_dir) / f"{figure_id}.svg")
    out.say(f"analysed {plural(facts['corpus']['transcripts'], 'transcript')}, "
            f"{plural(facts['corpus']['turns'], 'informant turn')} → {plural(len(tables), 'table')} "
            f"in {args.tables_dir}")


def _guard_figure_text(config, codebook) -> None:
    """The texts figures draw (code labels) pass the privacy detectors first: the guard reads the SVG, but
    no one can read a name out of the PNG's pixels once it is drawn."""
    from naskah.privacy.detectors import detector_for

    detector = detector_for(config)
    shown = config.shown(config.input_path("codebook"))
    diags = Diagnostics()
    for code in codebook.codes.values():
        for hit in detector.find(code.label):
            diags.error(f"the label of code '{code.id}' contains identifying information ({hit.detector}: "
                        f"{hit.masked}); it would be drawn into a figure", shown, code.line,
                        hint="use a label without names, numbers or handles")
    diags.raise_if_errors()


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
    out.say(f"{len(result.cited)} cited of {plural(len(result.bib.entries), 'entry')} in {result.bib.path} → "
            f"{args.out}; report in {Path(args.report_dir) / 'report.md'}")


def cmd_assemble(args, out: Output) -> None:
    from naskah.provenance.corpus import build_inputs
    from naskah.writing.assemble import build_markdown, read_results, write_thesis

    config = _config(args)
    codebook, corpus = build_inputs(config)  # the transcripts (or, in `naskah verify` without them, their records)
    tables, facts = read_results([Path(p) for p in args.tables_meta], Path(args.facts))
    markdown, numbered, context = build_markdown(config, codebook, corpus, facts, tables)
    if config.strict:  # the corpus's warnings (printed by analyse) are errors in a final copy
        context.warnings.extend(corpus.warnings)
    context.warnings.raise_if_errors(strict=config.strict)
    for warning in context.warnings.warnings:
        out.say(str(warning))
    write_thesis(markdown, numbered, context, Path(args.out), Path(args.crossref))
    out.say(f"assembled {plural(len(config.body_files), 'chapter')}, {plural(len(numbered.of_kind('table')), 'table')}"
            f" → {args.out}")


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
    from naskah.provenance.load import load_manifest
    from naskah.provenance.trace import account, render

    manifest = load_manifest(args.manifest)
    found = account(manifest, args.id)
    if args.json:
        print(json.dumps(found if len(found) > 1 else found[0], ensure_ascii=False, indent=2, sort_keys=True))
        return
    for line in render(found, manifest):
        print(line)


def cmd_verify(args, out: Output) -> None:
    """Rebuild in a clean folder; compare with the manifest (and received drafts); exit 1 on any difference,
    3 when nothing differs but confidential inputs were withheld."""
    from naskah.provenance.verify import verify

    report = verify([Path(p) for p in args.sources], Path.cwd(), Path(args.data) if args.data else None, out.say)
    kind_width = max((len(r.kind) for r in report.rows), default=6)
    for row in report.rows:
        detail = f"  {row.detail}" if row.detail else ""
        print(f"{row.status:<12} {row.kind:<{kind_width}}  {row.name}{detail}")
    for note in report.notes:
        print(note)
    for line in report.errors:
        out.say(line)
    statuses = ("REPRODUCED", "DIFFERENT", "MISSING", "WITHHELD", "NOT VERIFIED", "DRIFT")
    summary = ", ".join(f"{report.count(s)} {s.lower()}" for s in statuses if report.count(s))
    if report.failed:
        raise NaskahError(f"verification failed: {summary}", report.manifest,
                          hint="the rows marked DIFFERENT, MISSING or FAILED are not what the manifest records")
    if report.withheld:
        raise PartlyVerified(f"partly verified: {summary} — nothing differs, but confidential inputs were not given",
                             report.manifest, hint="see the lines above for what was and was not verified")
    out.say(f"verified: {summary} ({report.seconds:.0f} s)")


class PartlyVerified(NaskahError):
    """Nothing differs, but part of the build could not be checked (exit status 3)."""

    exit_code = 3


def cmd_diff(args, out: Output) -> None:
    from naskah.provenance.diff import diff
    from naskah.provenance.load import load_manifest

    lines = diff(load_manifest(args.old), load_manifest(args.new))
    for line in lines:
        print(line)
    if not lines:
        out.say("no changes in tables, numbers or quotations")
    elif args.exit_code:
        sys.exit(1)


def cmd_bundle(args, out: Output) -> None:
    from naskah.provenance.bundle import bundle
    from naskah.provenance.load import load_manifest

    manifest = load_manifest(args.manifest, current=True)
    commit = (manifest["environment"].get("git", {}).get("commit") or manifest["sources_sha256"])[:12]
    target = Path(args.out or f"naskah-verify-{commit}.tar.gz")
    members = bundle(manifest, Path(args.manifest).read_bytes(), Path.cwd(), target, args.with_data)
    data = sum(1 for m in members if m.startswith("data/"))
    out.say(f"bundle: {target.as_posix()} ({len(members)} files"
            + (f", {data} confidential: hand it over in person" if data else ", no confidential data") + ")")


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
    # the published drafts are the last good build's (already scanned): the staged ones replace them
    published = {Path(draft(fmt)).resolve() for fmt in FORMATS} if args.publish else set()
    paths = []
    for given in map(Path, args.paths):  # a folder means every file in it, so nothing new slips past
        found = sorted(p for p in given.rglob("*") if p.is_file()) if given.is_dir() else [given]
        paths += [p for p in found if p.resolve() not in published | {report} and not p.name.endswith(".part")]
    diags = guard.scan_paths(paths, detector, config.shown, guard.cited_keys_of(bib))
    if diags.errors:
        leaked = sorted({Path(d.path) for d in diags.errors}, key=str)
        for path in guard.remove([config.root / p for p in leaked]):
            diags.error("removed this output because it contains identifying information", config.shown(path),
                        hint="fix the source and rebuild")
        diags.raise_if_errors()
    drafts = _publish(config, Path(args.publish)) if args.publish else []
    files.write_json(Path(args.out), {"scanned": sorted(config.shown(p) for p in paths if p.is_file()),
                                      "hits": 0, "identity_map": bool(detector.identities), "published": drafts})
    out.say(f"privacy guard: {len(paths)} outputs scanned, nothing identifying found")
    for path in drafts:
        out.say(f"published {path}")


def _publish(config, staging: Path) -> list[str]:
    """Publish the staged drafts of the configured formats; remove the drafts of formats switched off."""
    done = []
    formats = config.data["render"]["formats"]
    for fmt in FORMATS:
        target, source = Path(draft(fmt)), staging / f"thesis.{fmt}"
        if fmt in formats and source.is_file():
            files.publish(source, target)
            done.append(target.as_posix())
        elif fmt not in formats:
            target.unlink(missing_ok=True)
            source.unlink(missing_ok=True)
    return done


def cmd_format_check(args, out: Output) -> None:
    """Check DOCX/PDF files against the house style: one line per deviation, exit 1 when there is any."""
    from naskah.style.formatcheck import check_file
    from naskah.style.model import load_style

    if args.preset:  # a file from outside a naskah project: check it against a preset or a style file
        style, language = load_style({"preset": args.preset}, Path.cwd()), args.language or "id"
    else:
        config = _config(args)
        style, language = config.style, args.language or config.language
    total = 0
    for name in args.files:
        layout = args.layout
        if layout is None:  # lay a DOCX out for real page numbers when LibreOffice is there
            layout = name.lower().endswith(".docx") and bool(shutil.which("soffice") or shutil.which("libreoffice"))
        deviations = check_file(name, style, language=language, layout=layout)
        for deviation in deviations:
            out.say(str(deviation))
        total += len(deviations)
    checked = ", ".join(args.files)
    if total:
        raise NaskahError(f"naskah format-check: {total} deviation(s) from the house style ({style.source}) "
                          f"in {checked}")
    out.say(f"naskah format-check: {checked} follow(s) the house style ({style.source})")


def cmd_new(args, out: Output) -> None:
    """Create a new thesis project (``naskah init`` is the same command): see naskah.project."""
    from naskah.project import new_project

    for line in new_project(Path(args.directory), args.lang, args.model, args.style, git=args.git):
        out.say(line)


def cmd_import(args, out: Output) -> None:
    """Import QDA exports and transcripts into data/codebook.yaml, informants.csv and transcripts/."""
    from naskah.data.importers.run import REPORT, Options, import_sources

    every = [c for c in args.coder if "=" not in c]
    options = Options(Path(args.into), args.force, args.dry_run, every[-1] if every else None,
                      dict(c.split("=", 1) for c in args.coder if "=" in c), set(args.interviewer),
                      Path(args.columns) if args.columns else None)
    outcome = import_sources(args.sources, options)
    warnings = outcome.diags.warnings
    for warning in warnings[:20]:
        out.say(str(warning))
    report = (Path(args.into) / REPORT).as_posix()
    if len(warnings) > 20:
        out.say(f"… and {len(warnings) - 20} more warnings in {report}")
    verb = "would write" if args.dry_run else "wrote"
    for rel in outcome.files:
        out.say(f"{verb} {(Path(args.into) / rel).as_posix()}")
    done = " (dry run: nothing written)" if args.dry_run else f"; report in {report}"
    out.say(f"naskah import: {outcome.native.summary[0]}; {len(warnings)} warning(s){done}")


def cmd_export(args, out: Output) -> None:
    """Write the project as a REFI-QDA project (.qdpx) that QualCoder, ATLAS.ti and others open."""
    from naskah.data.importers.export import export_qdpx

    summary = export_qdpx(_config(args), Path(args.qdpx))
    checked = "valid against the REFI-QDA XSD" if summary["validated"] else "not XSD-validated (lxml missing)"
    out.say(f"exported {summary['sources']} interviews, {summary['codes']} codes, {summary['selections']} coded "
            f"turns, {summary['users']} coder(s) → {args.qdpx} ({checked})")


def cmd_build(args, out: Output) -> None:
    """Run the whole workflow with Snakemake, its output summarised (naskah.buildview)."""
    from naskah.buildview import build
    from naskah.workflow.plan import stale_lock

    if stale_lock(Path.cwd()):
        # a build killed with kill -9 leaves its lock behind; no Snakemake runs here, so it is safe to clear
        out.say("naskah: clearing the lock of a build that was killed (no Snakemake is running here)")
        subprocess.call([sys.executable, "-m", "snakemake", "--unlock", "-q"], stdout=subprocess.DEVNULL,
                        stderr=subprocess.DEVNULL)
    code = build(args.snakemake_args, args.mode, out.say)
    if code:
        sys.exit(code)


def cmd_open(args, out: Output) -> None:
    """Open a published draft with the system's viewer."""
    from naskah.buildview import open_draft

    try:
        formats = _config(args).data["render"]["formats"]
    except NaskahError:
        formats = list(FORMATS)
    open_draft(args.format, formats, out.say)


def cmd_preview(args, out: Output) -> None:
    """Rebuild the HTML draft on every save and serve it with live reload (naskah.preview)."""
    from naskah.preview import serve

    serve(args.port, args.config, args.mode, out.say, open_browser=args.open,
          announce=lambda text: print(text, file=sys.stderr, flush=True))  # naskah's own address, not masked


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="naskah", description=__doc__.splitlines()[0])
    parser.add_argument("--version", action="version", version=f"naskah {__version__}")
    parser.add_argument("--config", default="config/config.yaml", help="config file (default: %(default)s)")
    parser.add_argument("--log", help="also write messages to this file")
    parser.add_argument("--mode", choices=["review", "final"],
                        help="review copy (stamp, comments, provenance Lampiran) or final submission copy "
                             "(none of them; warnings are errors); default: render.mode of the config")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("check", help="run every validation without rendering")
    p.add_argument("--strict", action="store_true", help="treat warnings as errors (final submission)")
    p.set_defaults(func=cmd_check)

    p = sub.add_parser("analyse", help="compute the Bab IV tables and facts")
    p.add_argument("--tables-dir", default=str(RESULTS / "tables"))
    p.add_argument("--meta", default=str(RESULTS / "tables" / "tables.json"))
    p.add_argument("--facts", default=str(RESULTS / "analysis" / "facts.json"))
    p.add_argument("--figures-dir", default=str(RESULTS / "figures"))
    p.add_argument("--disagreements", default=str(RESULTS / "agreement" / "disagreements.csv"),
                   help="where to list the turns the coders disagree on")
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

    p = sub.add_parser("trace", help="where a table, figure, number or quotation comes from")
    p.add_argument("id", help="as the draft shows it ('Tabel 4.2', 'Gambar 4.1', '4.2', I03:12) or an id "
                   "(tbl:stage-coverage, n12, stage.kontak.informants)")
    p.add_argument("--manifest", default=str(RESULTS / "provenance.json"),
                   help="a provenance.json or a received draft carrying one")
    p.add_argument("--json", action="store_true", help="the record as JSON, for programs")
    p.set_defaults(func=cmd_trace)

    p = sub.add_parser("verify", help="rebuild in a clean folder and check every claim of a manifest")
    p.add_argument("sources", nargs="*", metavar="MANIFEST|DRAFT",
                   help="a provenance.json and/or received drafts (.pdf/.docx/.html; one carrying its manifest "
                        "is enough); default results/provenance.json")
    p.add_argument("--data", metavar="DIR", help="the confidential files handed over separately (transcripts, "
                   "identity map), by their project path or file name")
    p.set_defaults(func=cmd_verify)

    p = sub.add_parser("diff", help="what changed since an earlier draft's manifest, and why")
    p.add_argument("old")
    p.add_argument("new", nargs="?", default=str(RESULTS / "provenance.json"))
    p.add_argument("--exit-code", action="store_true", help="exit 1 when anything differs (as git diff --exit-code)")
    p.set_defaults(func=cmd_diff)

    p = sub.add_parser("bundle", help="one archive for an examiner: manifest, hashes, instructions, sources")
    p.add_argument("manifest", nargs="?", default=str(RESULTS / "provenance.json"))
    p.add_argument("--out", help="the archive to write (default naskah-verify-<commit>.tar.gz)")
    p.add_argument("--with-data", action="store_true",
                   help="include the confidential transcripts and identity map (hand the archive over in person)")
    p.set_defaults(func=cmd_bundle)

    p = sub.add_parser("guard", help="scan outputs for identifying information (fails on a hit)")
    p.add_argument("paths", nargs="+", help="output files or folders to scan (folders: every file in them)")
    p.add_argument("--bibliography", default=str(RESULTS / "references.bib"))
    p.add_argument("--out", default=str(RESULTS / "privacy" / "guard.json"))
    p.add_argument("--publish", metavar="STAGING", help="when nothing is found, publish the drafts staged in this "
                   "folder to results/thesis.* (what the build does)")
    p.set_defaults(func=cmd_guard)

    p = sub.add_parser("format-check", help="check a DOCX or PDF (ours, or edited in Word) against the house style")
    p.add_argument("files", nargs="+", metavar="FILE", help=".docx or .pdf files")
    p.add_argument("--preset", help="check against this preset or style file instead of the config's style")
    p.add_argument("--language", choices=["id", "en"], help="caption words Tabel/Gambar or Table/Figure "
                   "(default: thesis.language)")
    p.add_argument("--layout", action=argparse.BooleanOptionalAction, default=None,
                   help="lay a DOCX out with LibreOffice to report pages (default: when soffice is installed)")
    p.set_defaults(func=cmd_format_check)

    for name in ("new", "init"):  # `init` is the old name of `new`
        p = sub.add_parser(name, help="start a new thesis project in a new folder" + (" (= new)" if name == "init"
                                                                                      else ""))
        p.add_argument("directory")
        p.add_argument("--lang", choices=["id", "en"], default="id", help="the thesis language (default: %(default)s)")
        p.add_argument("--model", choices=["devito", "thematic", "blank"], default="devito",
                       help="the example codebook: DeVito's stages, a thematic analysis, or a blank model "
                            "(default: %(default)s)")
        p.add_argument("--style", default="default", metavar="PRESET", help="the house style preset "
                       "(default: %(default)s)")
        p.add_argument("--no-git", dest="git", action="store_false", help="do not make a git repository")
        p.set_defaults(func=cmd_new)

    p = sub.add_parser("import", help="import QDA exports (.qdpx, .qdc, Taguette, QualCoder, coded segments) and "
                       "transcripts (.docx, .txt, .xlsx) into the native data files")
    p.add_argument("sources", nargs="+", metavar="SOURCE", help="exported files; several at once (e.g. Taguette "
                   "highlights with the transcripts that were coded)")
    p.add_argument("--into", default=".", metavar="DIR", help="the project folder (default: the current one)")
    p.add_argument("--force", action="store_true", help="replace existing data files")
    p.add_argument("--dry-run", action="store_true", help="show what would be written, write nothing")
    p.add_argument("--coder", action="append", default=[], metavar="NAME|FILE=NAME",
                   help="the coder of every file (or of one file) that names none, or instead of the one it names")
    p.add_argument("--interviewer", action="append", default=[], metavar="LABEL",
                   help="the speaker label of the interviewer in the transcripts (default: guessed)")
    p.add_argument("--columns", metavar="FILE", help="a YAML file of header aliases for coded-segment sheets")
    p.set_defaults(func=cmd_import)

    p = sub.add_parser("export", help="write the project as a REFI-QDA project for QualCoder, ATLAS.ti, NVivo …")
    p.add_argument("--qdpx", required=True, metavar="FILE", help="the .qdpx file to write")
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("build", help="build everything with snakemake and summarise; further arguments go to "
                       "snakemake (-n, --cores N, --config KEY=VALUE, --configfile F, targets …)")
    p.set_defaults(func=cmd_build)

    p = sub.add_parser("open", help="open the draft (results/thesis.html, .pdf or .docx)")
    p.add_argument("format", nargs="?", choices=["html", "pdf", "docx"], help="default: html, else the first draft")
    p.set_defaults(func=cmd_open)

    p = sub.add_parser("preview", help="rebuild the HTML draft whenever a source is saved and show it in the browser")
    p.add_argument("--port", type=int, default=8765, help="port on 127.0.0.1 (0: any free port; default %(default)s)")
    p.add_argument("--no-open", dest="open", action="store_false", help="do not open the browser")
    p.set_defaults(func=cmd_preview)

    argv = list(sys.argv[1:] if argv is None else argv)
    passed: list[str] = []
    if "build" in argv:  # everything after `build` is Snakemake's, options included
        at = argv.index("build")
        argv, passed = argv[:at + 1], argv[at + 1:]
    args = parser.parse_args(argv)
    args.snakemake_args = passed
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
