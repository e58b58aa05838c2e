"""The ``naskah`` command: thin over the package's modules and over Snakemake.

Each sub-command is one stage of the workflow (a Snakemake rule calls exactly
one of them) or a whole-project helper (``new``, ``check``, ``build``, ``open``,
``preview``; the last three are in ``naskah.buildview`` and ``naskah.preview``). What a command tells
the student is in the thesis language (naskah.core.messages); what it tells an examiner checking a
manifest (``trace``, ``verify``, ``diff``, ``bundle``) and its ``--help`` stay English.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import traceback
from pathlib import Path

from naskah import __version__
from naskah.core import files
from naskah.core.errors import Diagnostics, InternalError, NaskahError, ValidationError
from naskah.core.layout import FORMATS, PANEL, RECORDS
from naskah.core.messages import _, current_language, n_, set_language

RESULTS = Path("results")
TABLE_METAS = [str(RESULTS / "tables" / "tables.json"), str(RESULTS / "literature" / "tables.json")]


class Output:
    """Messages go to stderr and, when a rule gives ``--log``, to its log file too."""

    def __init__(self, log: str | None, config_path: str):
        if log:
            Path(log).parent.mkdir(parents=True, exist_ok=True)
        self.log = open(log, "w", encoding="utf-8") if log else None  # noqa: SIM115
        self.config_path = config_path
        self._mask = None  # made at the first message, from the config the command has read by then

    def mask(self, text: str) -> str:
        if self._mask is None:
            self._mask = _identity_masker(self.config_path)
        return self._mask(text)

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
    from naskah.privacy.detectors import Detector, detector_for

    try:
        detector = detector_for(_loaded(config_path))
    except NaskahError:
        detector = Detector()  # the command itself will report the problem; pattern hits are still masked
    return detector.mask_text


_LOADED: dict = {}  # config path → the config as read in this command (main() forgets it at the end)


def _loaded(path: str):
    """The config at *path*, read once per command (the command and the message masker share it)."""
    from naskah.data.config import load_config

    if path not in _LOADED:
        _LOADED[path] = load_config(path)
    return _LOADED[path]


def _config(args):
    # `naskah --mode final …` overrides render.mode: the submission copy, without touching the config
    config = _loaded(args.config).with_mode(getattr(args, "mode", None))
    set_language(config.language)  # from here on the student's messages are in the thesis language
    return config


def _language_of(config_path: str | Path) -> None:
    """Speak the thesis language of *config_path* (when it names one) in a command that does not load the
    config itself, or before the config can be validated (``build``, ``open``, ``preview``, ``import``)."""
    from naskah.data.config import peek_language

    language = peek_language(config_path)
    if language:
        set_language(language)



def cmd_check(args, out: Output) -> None:
    """Run every validation without rendering anything (naskah.stages.check)."""
    from naskah.stages.check import check

    config = _config(args)
    diags = check(config)
    strict = args.strict or config.strict
    if not strict:  # in strict mode the warnings are reported as errors below
        for warning in diags.warnings:
            out.say(str(warning))
    diags.raise_if_errors(strict=strict)
    count = len(diags.warnings)
    out.say(n_("naskah check: no errors; {n} warning above", "naskah check: no errors; {n} warnings above", count)
            if count else _("naskah check: no errors"))



def cmd_analyse(args, out: Output) -> None:
    from naskah.stages.analyse import analyse, write_analysis

    result = analyse(_config(args))
    for warning in result.corpus.warnings:  # files read with a fallback, pending informants, codes written as labels
        out.say(str(warning))
    write_analysis(result, Path(args.tables_dir), Path(args.meta), Path(args.facts), Path(args.figures_dir),
                   Path(args.disagreements), Path(args.corpus) if args.corpus else None)
    corpus = result.facts["corpus"]
    out.say(_("analysed {transcripts}, {turns} → {tables} in {folder}",
              transcripts=n_("{n} transcript", "{n} transcripts", corpus["transcripts"]),
              turns=n_("{n} informant turn", "{n} informant turns", corpus["turns"]),
              tables=n_("{n} table", "{n} tables", len(result.tables)), folder=args.tables_dir))



def cmd_literature(args, out: Output) -> None:
    """Check the library, write the cited entries for pandoc and the literature report and tables."""
    from naskah.stages.literature import literature, write_literature

    config = _config(args)
    diags = Diagnostics()
    result = literature(config, diags, strict=args.strict)
    strict = args.strict or config.strict
    if not strict:  # in strict mode the warnings are reported as errors below
        for warning in diags.warnings:
            out.say(str(warning))
    diags.raise_if_errors(strict=strict)
    write_literature(result, config, Path(args.out), Path(args.report_dir), Path(args.csl_json))
    out.say(n_("{cited} cited of {n} entry in {library} → {out}; report in {report}",
               "{cited} cited of {n} entries in {library} → {out}; report in {report}", len(result.bib.entries),
               cited=len(result.cited), library=result.bib.path, out=args.out,
               report=Path(args.report_dir) / "report.md"))



def cmd_assemble(args, out: Output) -> None:
    from naskah.stages.assemble import assemble, write_draft

    config = _config(args)
    draft = assemble(config, [Path(p) for p in args.tables_meta], Path(args.facts),
                     Path(args.corpus) if args.corpus else None)
    for warning in draft.context.warnings.warnings:
        out.say(str(warning))
    write_draft(draft, Path(args.out), Path(args.crossref), Path(args.core) if args.core else None,
                Path(args.panel), Path(args.records), Path(args.cited) if args.cited else None,
                Path(args.bibliography))
    tables = len(draft.numbered.of_kind("table"))
    out.say(_("assembled {chapters}, {tables} → {out}",
              chapters=n_("{n} chapter", "{n} chapters", len(config.body_files)),
              tables=n_("{n} table", "{n} tables", tables), out=args.out))



def cmd_render(args, out: Output) -> None:
    from naskah.stages.format_check import format_check
    from naskah.stages.render import render

    config = _config(args)
    if args.format_check and args.format == "html":
        raise NaskahError(_("--format-check measures a DOCX or a PDF, not the HTML draft"))
    render(config, args.format, Path(args.markdown), Path(args.bibliography), Path(args.out),
           Path(args.typst) if args.typst else None, Path(args.provenance) if args.provenance else None,
           Path(args.cited) if args.cited else None)
    out.say(_("rendered {path}", path=args.out))
    if args.format_check:  # what the build does: the draft checked in the job that made it
        _report_format(format_check(config.style, config.language, [args.out], layout=False), config.strict,
                       args.format_check, out)



def cmd_manifest(args, out: Output) -> None:
    """Write results/provenance.json: inputs, environment, artefacts, tables, numbers, quotes."""
    from naskah.stages.manifest import manifest, write_manifest

    result = manifest(_config(args), [Path(p) for p in args.artefacts], Path(args.records),
                      [Path(p) for p in args.tables_meta], Path(args.core) if args.core else None)
    write_manifest(result, Path(args.out))
    out.say(_("manifest: {inputs} inputs, {artefacts} artefacts, {numbers} numbers, {quotes} quotations → {out}",
              inputs=len(result["inputs"]), artefacts=len(result["artefacts"]), numbers=len(result["numbers"]),
              quotes=len(result["quotes"]), out=args.out))


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
    files = n_("{n} file", "{n} files", len(members))
    out.say(_("bundle: {archive} ({files}, {data} confidential: hand it over in person)", archive=target.as_posix(),
              files=files, data=data) if data else
            _("bundle: {archive} ({files}, no confidential data)", archive=target.as_posix(), files=files))



def cmd_guard(args, out: Output) -> None:
    """Scan outputs for identifying strings; delete every file with a hit and fail; else publish the drafts."""
    from naskah.stages.guard import guard

    report = guard(_config(args), [Path(p) for p in args.paths], Path(args.bibliography), Path(args.out),
                   Path(args.publish) if args.publish else None)
    files.write_json(Path(args.out), report.as_json())
    out.say(n_("privacy guard: {n} output scanned, nothing identifying found",
               "privacy guard: {n} outputs scanned, nothing identifying found", len(report.scanned)))
    for path in report.published:
        out.say(_("published {path}", path=path))


def cmd_format_check(args, out: Output) -> None:
    """Check DOCX/PDF files against the house style: one line per deviation, exit 1 when there is any.
    With ``--out`` (a report of the build's own draft): deviations are warnings, errors in a final copy."""
    from naskah.stages.format_check import format_check
    from naskah.style.model import load_style

    strict = True
    if args.preset:  # a file from outside a naskah project: check it against a preset or a style file
        language = args.language or "id"
        if args.language:  # no project to name the thesis language: the option's, else naskah's English
            set_language(args.language)
        style = load_style({"preset": args.preset}, Path.cwd())
    else:
        config = _config(args)
        style, language = config.style, args.language or config.language
        strict = not args.out or config.strict
    _report_format(format_check(style, language, args.files, args.layout), strict, args.out, out)


def _report_format(result, strict: bool, report: str | None, out: Output) -> None:
    """Print a format check's deviations (errors when *strict*: then fail) and write its *report*."""
    from naskah.stages.format_check import write_report

    if result.found and strict:
        for line in result.found:
            out.say(line)
        raise NaskahError(result.summary)
    if report:
        write_report(result, Path(report))
    for line in result.found:
        path, _colon, rest = line.partition(": ")
        out.say(f"{path}: " + _("warning: ") + rest)
    out.say(result.summary)


def cmd_new(args, out: Output) -> None:
    """Create a new thesis project (``naskah init`` is the same command): see naskah.project."""
    from naskah.project import new_project

    set_language(args.lang)  # the new thesis's language
    for line in new_project(Path(args.directory), args.lang, args.model, args.style, git=args.git):
        out.say(line)


def cmd_import(args, out: Output) -> None:
    """Import QDA exports and transcripts into data/codebook.yaml, informants.csv and transcripts/."""
    from naskah.data.importers.run import REPORT, Options, import_sources

    _language_of(Path(args.into) / "config" / "config.yaml")  # a project's language; a new one's: English
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
        out.say(n_("… and {n} more warning in {report}", "… and {n} more warnings in {report}", len(warnings) - 20,
                   report=report))
    for rel in outcome.files:
        path = (Path(args.into) / rel).as_posix()
        out.say(_("would write {path}", path=path) if args.dry_run else _("wrote {path}", path=path))
    if args.dry_run:
        out.say(n_("naskah import: {summary}; {n} warning (dry run: nothing written)",
                   "naskah import: {summary}; {n} warnings (dry run: nothing written)", len(warnings),
                   summary=outcome.native.summary[0]))
    else:
        out.say(n_("naskah import: {summary}; {n} warning; report in {report}",
                   "naskah import: {summary}; {n} warnings; report in {report}", len(warnings),
                   summary=outcome.native.summary[0], report=report))


def cmd_export(args, out: Output) -> None:
    """Write the project as a REFI-QDA project (.qdpx) that QualCoder, ATLAS.ti and others open."""
    from naskah.data.importers.export import export_qdpx

    summary = export_qdpx(_config(args), Path(args.qdpx))
    checked = _("valid against the REFI-QDA XSD") if summary["validated"] else _("not XSD-validated (lxml missing)")
    out.say(_("exported {interviews} interviews, {codes} codes, {turns} coded turns, {coders} coder(s) → {out} "
              "({checked})", interviews=summary["sources"], codes=summary["codes"], turns=summary["selections"],
              coders=summary["users"], out=args.qdpx, checked=checked))


def cmd_build(args, out: Output) -> None:
    """Run the whole workflow with Snakemake, its output summarised (naskah.buildview)."""
    from naskah.buildview import build
    from naskah.workflow.plan import stale_lock

    _language_of(args.config)  # the summary in the thesis language (the workflow reports a broken config)
    if stale_lock(Path.cwd()):
        # a build killed with kill -9 leaves its lock behind; no Snakemake runs here, so it is safe to clear
        out.say(_("naskah: clearing the lock of a build that was killed (no Snakemake is running here)"))
        subprocess.call([sys.executable, "-m", "snakemake", "--unlock", "-q"], stdout=subprocess.DEVNULL,
                        stderr=subprocess.DEVNULL)
        for leftover in Path("results").rglob(".*.part"):  # the killed jobs' unfinished atomic writes
            leftover.unlink(missing_ok=True)
    code = build(args.snakemake_args, args.mode, out.say)
    if code:
        sys.exit(code)


def cmd_open(args, out: Output) -> None:
    """Open a published draft with the system's viewer."""
    from naskah.buildview import open_draft

    _language_of(args.config)
    try:
        formats = _config(args).data["render"]["formats"]
    except NaskahError:
        formats = list(FORMATS)
    open_draft(args.format, formats, out.say)


def cmd_preview(args, out: Output) -> None:
    """Rebuild the HTML draft on every save and serve it with live reload (naskah.preview)."""
    from naskah.preview import serve

    _language_of(args.config)
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
    p.add_argument("--corpus", help="also write the corpus's per-turn lines (no text), which `naskah assemble "
                   "--corpus` reads instead of every transcript (what the build does)")
    p.set_defaults(func=cmd_analyse)

    p = sub.add_parser("literature", help="check the library, export the cited entries, write the report")
    p.add_argument("--out", default=str(RESULTS / "references.bib"))
    p.add_argument("--csl-json", default=str(RESULTS / "references.json"),
                   help="the cited entries as CSL JSON, titles in their final case (what the renders cite from)")
    p.add_argument("--report-dir", default=str(RESULTS / "literature"),
                   help="where report.md/.json, profile.svg and the Penelitian Terdahulu table go")
    p.add_argument("--strict", action="store_true", help="treat warnings as errors (final submission)")
    p.set_defaults(func=cmd_literature)

    p = sub.add_parser("assemble", help="fill the chapters and assemble results/thesis.md")
    p.add_argument("--tables-meta", nargs="+", default=TABLE_METAS, help="tables.json of analyse and literature")
    p.add_argument("--facts", default=str(RESULTS / "analysis" / "facts.json"))
    p.add_argument("--out", default=str(RESULTS / "thesis.md"))
    p.add_argument("--crossref", default=str(RESULTS / "crossref.json"))
    p.add_argument("--core", help="also write the core of the build's manifest (embedded in every draft)")
    p.add_argument("--panel", default=PANEL, help="where the HTML provenance panel's accounts go "
                   "(default: %(default)s)")
    p.add_argument("--records", default=RECORDS, help="where the one-line provenance records (HTML tooltips, "
                   "Word comments) go (default: %(default)s)")
    p.add_argument("--corpus", help="the per-turn lines `naskah analyse --corpus` wrote: the transcripts are then "
                   "read only for the turns the draft shows (what the build does)")
    p.add_argument("--cited", help="also write the thesis as pandoc's AST with its citations rendered, which the "
                   "renders read instead of the Markdown (what the build does)")
    p.add_argument("--bibliography", default=str(RESULTS / "references.json"),
                   help="CSL JSON from `naskah literature`, for --cited (default: %(default)s)")
    p.set_defaults(func=cmd_assemble)

    p = sub.add_parser("render", help="render the assembled thesis to html, docx or pdf")
    p.add_argument("format", choices=["html", "docx", "pdf"])
    p.add_argument("--markdown", default=str(RESULTS / "thesis.md"))
    p.add_argument("--bibliography", default=str(RESULTS / "references.json"),
                   help="CSL JSON from `naskah literature` (a .bib file is converted first)")
    p.add_argument("--out", required=True)
    p.add_argument("--typst", help="where to keep the intermediate .typ (pdf only)")
    p.add_argument("--provenance", help="the core manifest to embed in the draft (what the build does)")
    p.add_argument("--cited", help="assemble's AST of --markdown with its citations rendered (`naskah assemble "
                   "--cited`), read instead of --markdown (what the build does)")
    p.add_argument("--format-check", metavar="REPORT", help="check the DOCX or PDF against the house style and "
                   "write the deviations to REPORT: warnings, errors only in a final copy (what the build does)")
    p.set_defaults(func=cmd_render)

    p = sub.add_parser("manifest", help="write the provenance manifest")
    p.add_argument("artefacts", nargs="+", help="the artefacts to record")
    p.add_argument("--records", default=str(RESULTS / "crossref.json"))
    p.add_argument("--tables-meta", nargs="+", default=TABLE_METAS)
    p.add_argument("--out", default=str(RESULTS / "provenance.json"))
    p.add_argument("--core", help="assemble's core manifest: only the artefacts are added (what the build does)")
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
    p.add_argument("--out", help="write the deviations to this report; they are then warnings, errors only in a "
                   "final copy (what the build does)")
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
    language = current_language()  # _config() sets the thesis language; main() leaves it as it found it
    try:
        args.func(args, out)
        return 0
    except ValidationError as exc:
        for diagnostic in exc.diagnostics:
            out.say(str(diagnostic))
        out.say(n_("naskah {command}: {n} problem; nothing was written",
                   "naskah {command}: {n} problems; nothing was written", len(exc.diagnostics), command=args.command))
        return exc.exit_code
    except NaskahError as exc:
        out.say(str(exc))
        return exc.exit_code
    except KeyboardInterrupt:
        out.say(_("naskah: interrupted"))
        return 130
    except Exception as exc:  # a bug in naskah: say so, with the traceback for the report
        out.say(str(InternalError(f"{type(exc).__name__}: {exc}")))
        out.say(traceback.format_exc())
        return InternalError.exit_code
    finally:
        out.close()
        set_language(language)
        _LOADED.clear()


if __name__ == "__main__":
    sys.exit(main())
