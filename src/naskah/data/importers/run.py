"""``naskah import``: read every input file, merge, place, and write the native project.

The format of each file is told by its extension and, for tables, by its header row (a
Taguette highlights sheet, a QualCoder report, coded segments, a transcript). All files are
read and every problem of every file is collected before anything is written; an error stops
the import with nothing written, a coding that cannot be placed is a warning that goes into the
report. The native files are checked with naskah's own loaders before they replace anything,
existing files are replaced only with ``--force``, and ``--dry-run`` writes nothing at all.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from naskah.core import files
from naskah.core.errors import Diagnostics, InputError, InternalError, NaskahError
from naskah.core.messages import _
from naskah.data.importers import qualcoder, readers, refi, segments, taguette, transcripts
from naskah.data.importers.model import Fragment
from naskah.data.importers.place import merge, place
from naskah.data.importers.write import Native, build

REFI = (".qdpx", ".qde", ".qdc")
TABLES = (".csv", ".xlsx", ".xlsm", ".xls", ".ods")
TEXTS = (".txt", ".md")
UNSUPPORTED = {".doc": "Word 97", ".rtf": "RTF", ".odt": "OpenDocument", ".pdf": "PDF", ".nvp": "NVivo",
               ".nvpx": "NVivo", ".atlproj": "ATLAS.ti", ".mx24": "MAXQDA", ".qda": "QualCoder"}
REPORT = "private/import-report.md"
DEFAULTS = {"codebook": "data/codebook.yaml", "informants": "data/informants.csv", "transcripts": "data/transcripts"}


@dataclass
class Options:
    into: Path = Path(".")
    force: bool = False
    dry_run: bool = False
    coder: str | None = None  # every file's coder
    coders: dict[str, str] = field(default_factory=dict)  # one file's coder (the path as given)
    interviewer: set[str] = field(default_factory=set)
    columns: Path | None = None


@dataclass
class Outcome:
    files: list[str]  # written (or, in a dry run, to be written), relative to the project
    native: Native
    diags: Diagnostics
    report: str


def read_input(path: Path, shown: str, diags: Diagnostics, coder: str | None,
               columns: dict[str, list[str]]) -> list[Fragment]:
    suffix = path.suffix.lower()
    if suffix in REFI:
        return [refi.read_refi(path, shown, diags, coder)]
    if suffix == ".docx":
        return [transcripts.read_docx(path, shown, diags)]
    if suffix in TEXTS:
        return [transcripts.read_text_file(path, shown, diags)]
    if suffix in TABLES:
        return _tables(path, shown, diags, coder, columns)
    if suffix in UNSUPPORTED:
        raise InputError(_("{kind} files cannot be imported directly", kind=UNSUPPORTED[suffix]), shown,
                         hint=_("export a REFI-QDA project (.qdpx) from your QDA program, or save the transcript "
                                "as .docx or .txt"))
    raise InputError(_("unknown file type {suffix}", suffix=repr(suffix or _("(no extension)"))), shown,
                     hint=_("naskah imports .qdpx/.qde/.qdc, .docx, .txt, and .csv/.xlsx exports of Taguette, "
                            "QualCoder, MAXQDA and ATLAS.ti"))


def _tables(path: Path, shown: str, diags: Diagnostics, coder: str | None,
            columns: dict[str, list[str]]) -> list[Fragment]:
    out, sheets_of_turns = [], []
    for sheet in readers.read_tables(path, shown, diags):
        if taguette.is_highlights(sheet):
            out.append(taguette.read_highlights(sheet, diags, coder))
        elif taguette.is_codebook(sheet):
            out.append(taguette.read_codebook(sheet))
        elif qualcoder.is_report(sheet):
            out.append(qualcoder.read_report(sheet, diags, coder))
        elif transcripts.is_transcript_sheet(sheet):
            sheets_of_turns.append(sheet)
        elif segments.is_segments(sheet, columns):
            out.append(segments.read_segments(sheet, columns, diags, coder))
        else:
            diags.warning(_("sheet not recognised (columns: {columns})",
                            columns=", ".join(h for h in sheet.header if h)), sheet.shown, sheet.header_row,
                          hint=_("it is neither a Taguette, QualCoder or coded-segments export nor a transcript "
                                 "(speaker and text columns); see --columns"))
    if sheets_of_turns:
        out.append(transcripts.read_transcript_sheets(sheets_of_turns, path, diags, coder))
    return out


def targets(into: Path) -> tuple[dict[str, str], list[str]]:
    """Where the native files go (the project's config when it has one) and its informant categories."""
    paths, categories = dict(DEFAULTS), ["kunci", "utama", "pendukung"]
    config_path = into / "config" / "config.yaml"
    if config_path.is_file():
        from naskah.data.config import load_config

        try:
            config = load_config(config_path)
            paths = {name: config.inputs[name] for name in DEFAULTS}
            categories = list(config.informants.categories)
        except NaskahError:
            pass  # the defaults; `naskah check` reports the config's problems
    return paths, categories


def import_sources(sources: list[str], options: Options) -> Outcome:
    diags = Diagnostics()
    columns = segments.load_columns(options.columns, options.columns.as_posix() if options.columns else "")
    fragments: list[Fragment] = []
    for given in sources:
        path = Path(given)
        shown = files.display_path(path)
        coder = options.coders.get(given) or options.coder
        try:
            fragments.extend(read_input(path, shown, diags, coder, columns))
        except NaskahError as exc:
            diags.absorb(exc)
    diags.raise_if_errors()
    project = merge(fragments, diags)
    place(project)
    paths, categories = targets(options.into)
    native = build(project, options.interviewer, categories)
    diags.raise_if_errors()
    contents = {paths["codebook"]: native.codebook} if project.codes else {}
    if not project.codes:
        diags.warning(_("no codes in the input files: {file} is not written", file=Path(paths["codebook"]).name),
                      paths["codebook"],
                      hint=_("write the codebook yourself, or import the tool's codebook export too"))
    if native.informants is not None:
        contents[paths["informants"]] = native.informants
    for informant, text in native.transcripts.items():
        contents[f"{paths['transcripts'].rstrip('/')}/{informant}.csv"] = text
    _self_check(contents, paths)
    report = _report(project, native, diags, sorted(contents))
    contents[REPORT] = report
    existing = [rel for rel in sorted(contents) if rel != REPORT and (options.into / rel).exists()]
    if existing and not options.force and not options.dry_run:
        problems = Diagnostics()
        for rel in existing:
            problems.error(_("exists already; naskah import does not overwrite"), rel,
                           hint=_("use --force to replace it, or --into NEW_FOLDER"))
        problems.raise_if_errors()
    stale = _stale(options.into, paths["transcripts"], set(native.transcripts))
    for rel in stale:
        diags.warning(_("this transcript is not part of the import"), rel,
                      hint=_("remove it, or naskah will look for its informant in {file}",
                             file=Path(paths["informants"]).name))
    if not options.dry_run:
        for rel, text in contents.items():
            files.write_text(options.into / rel, text)
    return Outcome(sorted(contents), native, diags, report)


def _stale(into: Path, folder: str, written: set[str]) -> list[str]:
    directory = into / folder
    if not directory.is_dir():
        return []
    return [f"{folder.rstrip('/')}/{p.name}" for p in sorted(directory.glob("*.csv")) if p.stem not in written]


def _self_check(contents: dict[str, str], paths: dict[str, str]) -> None:
    """The files must load with naskah's own readers; anything else is a bug in the importer."""
    from naskah.data.codebook import Codebook, load_codebook
    from naskah.data.transcripts import read_transcript

    with tempfile.TemporaryDirectory(prefix="naskah-import-") as tmp:
        root = Path(tmp)
        for rel, text in contents.items():
            (root / rel).parent.mkdir(parents=True, exist_ok=True)
            (root / rel).write_text(text, encoding="utf-8")
        diags = Diagnostics()
        codebook = Codebook("", [], {})
        if paths["codebook"] in contents:
            try:
                codebook = load_codebook(root / paths["codebook"], paths["codebook"])
            except NaskahError as exc:
                raise InternalError(f"the imported codebook does not load: {exc}") from None
        folder = paths["transcripts"].rstrip("/")
        for rel in contents:
            if rel.startswith(folder + "/"):
                read_transcript(root / rel, Path(rel).stem, rel, codebook, diags)
        if diags.errors:
            raise InternalError("the imported transcripts do not load: " + "; ".join(map(str, diags.errors[:5])))


def _report(project, native: Native, diags: Diagnostics, written: list[str]) -> str:
    lines = ["# naskah import report", "",
             "This file may name documents after real people: it stays in `private/` (git-ignored).", "",
             "## Inputs", ""]
    lines += [f"- {path} ({kind})" for path, kind in project.inputs]
    lines += ["", "## Written", ""] + [f"- {rel}" for rel in written]
    lines += ["", "## Decisions", ""] + native.report + project.notes
    lines += ["", "## Not placed, and other warnings", ""]
    lines += [f"- {d}" for d in diags.warnings] or ["- none"]
    return "\n".join(lines) + "\n"
