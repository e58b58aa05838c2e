"""``naskah verify``: rebuild a manifest's sources in a clean folder and check every claim it makes.

What is compared is the manifest (and, when given, a received draft) with the rebuild — never a local
``results/``, which an examiner's fresh clone does not have and which proves nothing about the draft
they received. In order:

1. the tool versions (naskah, snakemake, pandoc, typst, python, bibtexparser): a drift is
   reported first, since it explains differing bytes;
2. every input's hash (the checkout's files; confidential ones from ``--data`` when given);
3. the rebuild — with the transcripts, or without them from the coding the manifest records
   (:mod:`naskah.provenance.corpus`), saying plainly what that leaves unverified;
4. every artefact's bytes, and a received draft's own bytes, against the rebuild;
5. every number, table cell, quotation, figure, turn record and lineage the manifest states, against
   the manifest the rebuild wrote (:mod:`naskah.provenance.compare`).
"""

from __future__ import annotations

import json
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from naskah.core.errors import InputError
from naskah.core.files import sha256_file
from naskah.core.layout import DISAGREEMENTS
from naskah.provenance import compare, rebuild
from naskah.provenance.embedded import DRAFT_SUFFIXES
from naskah.provenance.load import PACKAGE_PREFIX, load_manifest
from naskah.provenance.manifest import CONFIDENTIAL, PACKAGE_DIR, sources_fingerprint, tool_versions

REPRODUCED, DIFFERENT, MISSING = "REPRODUCED", "DIFFERENT", "MISSING"
WITHHELD, UNVERIFIED, DRIFT, FAILED = "WITHHELD", "NOT VERIFIED", "DRIFT", "FAILED"
# what needs the transcripts' words themselves, not only their coding
NEEDS_TEXT = {DISAGREEMENTS: "it quotes the transcripts' text"}
PLURAL = {"library entry": "library entries"}


@dataclass
class Row:
    status: str
    kind: str
    name: str
    detail: str = ""


@dataclass
class Report:
    manifest: str
    rows: list[Row] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    withheld: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def add(self, status: str, kind: str, name: str, detail: str = "") -> None:
        self.rows.append(Row(status, kind, name, detail))

    @property
    def failed(self) -> bool:
        return bool(self.errors) or any(r.status in (DIFFERENT, MISSING, FAILED) for r in self.rows)

    def count(self, status: str) -> int:
        return sum(1 for r in self.rows if r.status == status)


def split_sources(sources: list[Path], project: Path) -> tuple[Path, list[Path]]:
    """The manifest to verify and the received drafts among the command's arguments."""
    manifests = [p for p in sources if p.suffix.lower() not in DRAFT_SUFFIXES]
    drafts = [p for p in sources if p.suffix.lower() in DRAFT_SUFFIXES]
    if len(manifests) > 1:
        raise InputError("more than one manifest given: " + ", ".join(p.as_posix() for p in manifests),
                         hint="give one provenance.json and, optionally, the drafts you received")
    if manifests:
        return manifests[0], drafts
    if drafts:
        return drafts[0], drafts  # the manifest the draft carries
    default = project / "results" / "provenance.json"
    if not default.is_file():
        raise InputError("no manifest to verify: this folder has no results/provenance.json",
                         hint="give the provenance.json (or the thesis.pdf/.docx/.html) you received: "
                              "naskah verify provenance.json")
    return default, []


def verify(sources: list[Path], project: Path, data: Path | None = None,
           say: Callable[[str], None] = print, cores: int | None = None) -> Report:
    manifest_path, drafts = split_sources(sources, project)
    manifest = load_manifest(manifest_path, current=True)
    if data is not None and not data.is_dir():
        raise InputError("--data: not a folder", data.as_posix(),
                         hint="give the folder holding the transcripts you were handed (e.g. data/transcripts)")
    report = Report(manifest_path.as_posix())
    git = manifest["environment"].get("git", {})
    say(f"naskah verify: {manifest_path.as_posix()} — {len(manifest['inputs'])} inputs, "
        f"{len(manifest['artefacts'])} artefacts, commit {(git.get('commit') or 'none')[:12]}")
    _drift(manifest, report, say)
    with tempfile.TemporaryDirectory(prefix="naskah-verify-") as tmp:
        clean = Path(tmp) / "project"
        clean.mkdir()
        given = _inputs(manifest, project, data, clean, report)
        withheld_path = None
        if report.withheld:
            withheld_path = Path(tmp) / "withheld.json"
            withheld_path.write_text(json.dumps({
                "inputs": [i for i in manifest["inputs"] if i["kind"] in CONFIDENTIAL],
                "corpus": manifest["corpus"], "redactions": manifest["redactions"]}, ensure_ascii=False),
                encoding="utf-8")
            transcripts = clean / _transcripts_folder(manifest)
            transcripts.mkdir(parents=True, exist_ok=True)  # the configured folder exists, empty
        say(f"checked {given} inputs; rebuilding in a clean folder"
            + (" from the recorded coding (transcripts withheld)" if report.withheld else "") + " …")
        result = rebuild.run(clean, manifest, say, withheld_path, cores)
        report.seconds = result.seconds
        if not result.ok:
            report.errors = result.errors
            report.add(FAILED, "build", "the rebuild failed", "its own messages are below")
        say(f"rebuilt in {result.seconds:.0f} s; comparing")
        _artefacts(manifest, clean, report)
        _received(drafts, manifest, clean, report)
        rebuilt_manifest = clean / "results" / "provenance.json"
        if rebuilt_manifest.is_file():
            _claims(manifest, json.loads(rebuilt_manifest.read_text(encoding="utf-8")), report)
        elif result.ok:
            report.add(MISSING, "manifest", "results/provenance.json", "the rebuild wrote no manifest")
    _scope(manifest, report)
    return report


def _drift(manifest: dict, report: Report, say: Callable[[str], None]) -> None:
    for tool, then, now in compare.drift(manifest["environment"].get("versions", {}), tool_versions()):
        report.add(DRIFT, "tool", tool, f"{then} in the manifest, {now} here: outputs may differ because of it")
        say(f"tool drift: {tool} {then} (manifest) → {now} (here)")


def _locate(item: dict, project: Path, data: Path | None) -> tuple[Path | None, str]:
    """Where an input is found: the --data folder (for confidential files), else the checkout."""
    path = item["path"]
    if item["kind"] in CONFIDENTIAL and data is not None:
        for candidate in (data / path, data / Path(path).name):
            if candidate.is_file():
                return candidate, "--data"
    candidate = project / path
    if candidate.is_file() and candidate.resolve().is_relative_to(project.resolve()):
        return candidate, "checkout"
    return None, ""


def _inputs(manifest: dict, project: Path, data: Path | None, clean: Path, report: Report) -> int:
    """Check every input's hash and copy it into *clean*; returns how many were found. Confidential
    inputs not given are WITHHELD; if any is, none is copied (the rebuild reads the recorded coding)."""
    found = 0
    confidential_missing = [i["path"] for i in manifest["inputs"] if i["kind"] in CONFIDENTIAL
                            and _locate(i, project, data)[0] is None]
    report.withheld = confidential_missing
    for item in sorted(manifest["inputs"], key=lambda i: (i["kind"] not in CONFIDENTIAL, i["path"])):
        path = item["path"]
        if path.startswith(PACKAGE_PREFIX):  # a file of the naskah package: the installed one is used
            installed = PACKAGE_DIR / path[len(PACKAGE_PREFIX):]
            status = (MISSING if not installed.is_file() else
                      REPRODUCED if sha256_file(installed) == item["sha256"] else DIFFERENT)
            if status != REPRODUCED:
                report.add(status, "naskah file", path, "the installed naskah differs from the one that built it")
            found += status == REPRODUCED
            continue
        source, origin = _locate(item, project, data)
        if source is None:
            if item["kind"] in CONFIDENTIAL:
                report.add(WITHHELD, item["kind"], path, "not given (confidential): its hash is recorded")
            else:
                report.add(MISSING, "input", path, "not in this checkout")
            continue
        found += 1
        same = sha256_file(source) == item["sha256"]
        where = f" ({origin})" if origin == "--data" else ""
        report.add(REPRODUCED if same else DIFFERENT, item["kind"] if item["kind"] in CONFIDENTIAL else "input",
                   path + where, "" if same else "its sha256 differs from the manifest's")
        if item["kind"] in CONFIDENTIAL and confidential_missing:
            continue  # the rebuild reads the recorded coding instead
        target = clean / path
        if not target.resolve().is_relative_to(clean.resolve()):  # paths were validated; never write outside
            raise InputError(f"input path '{path}' leaves the clean folder", report.manifest)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
    return found


def _transcripts_folder(manifest: dict) -> str:
    paths = [i["path"] for i in manifest["inputs"] if i["kind"] == "transcript"]
    return paths[0].rsplit("/", 1)[0] if paths else "data/transcripts"


def _artefacts(manifest: dict, clean: Path, report: Report) -> None:
    for artefact in manifest["artefacts"]:
        rebuilt = clean / artefact["path"]
        if not rebuilt.is_file():
            report.add(MISSING, "rebuilt", artefact["path"], "the rebuild did not make it")
        elif sha256_file(rebuilt) == artefact["sha256"]:
            report.add(REPRODUCED, "rebuilt", artefact["path"])
        elif report.withheld and artefact["path"] in NEEDS_TEXT:
            report.add(UNVERIFIED, "rebuilt", artefact["path"], NEEDS_TEXT[artefact["path"]] + ": needs --data")
        else:
            report.add(DIFFERENT, "rebuilt", artefact["path"], "its bytes differ from the manifest's sha256")


def _received(drafts: list[Path], manifest: dict, clean: Path, report: Report) -> None:
    """A received draft's own bytes against the rebuilt draft of its format."""
    for draft in drafts:
        suffix = ".html" if draft.suffix.lower() == ".htm" else draft.suffix.lower()
        name = f"results/thesis{suffix}"
        rebuilt = clean / name
        recorded = next((a for a in manifest["artefacts"] if a["path"] == name), None)
        digest = sha256_file(draft)
        if not rebuilt.is_file():
            report.add(MISSING, "received", draft.as_posix(), f"the rebuild made no {name}")
        elif digest == sha256_file(rebuilt):
            report.add(REPRODUCED, "received", draft.as_posix(), f"byte for byte the rebuilt {name}")
        else:
            also = " (nor the manifest's record of it)" if recorded and recorded["sha256"] != digest else ""
            report.add(DIFFERENT, "received", draft.as_posix(), f"its bytes differ from the rebuilt {name}{also}")


def _claims(manifest: dict, rebuilt: dict, report: Report) -> None:
    findings, agreed = compare.compare(manifest, rebuilt, withheld=bool(report.withheld))
    for finding in findings:
        report.add(DIFFERENT, finding.kind, finding.name, finding.detail)
    for kind, count in agreed.items():
        if count:
            plural = kind if count == 1 else PLURAL.get(kind, kind + "s")
            report.add(REPRODUCED, "recomputed", f"{count} {plural}", "equal to the manifest's")
    fingerprint = sources_fingerprint(manifest["inputs"], manifest["environment"])
    if fingerprint != manifest["sources_sha256"]:
        report.add(DIFFERENT, "manifest", "sources_sha256", "does not match the manifest's own inputs and environment")


def _scope(manifest: dict, report: Report) -> None:
    """Plain statements of what was and was not verified."""
    if not report.withheld:
        report.notes.append("Nothing was withheld: every input, the rebuild of every artefact, and every number, "
                            "table cell, quotation and turn record the manifest states were checked.")
        return
    transcripts = [p for p in report.withheld if p in {i["path"] for i in manifest["inputs"]
                                                        if i["kind"] == "transcript"}]
    other = [p for p in report.withheld if p not in transcripts]
    missing = []
    if transcripts:
        missing.append(f"{len(transcripts)} transcript(s) ({_transcripts_folder(manifest)}/)")
    missing += other
    report.notes += [
        f"Not given (confidential): {', '.join(missing)}. Their hashes are recorded but were not checked.",
        "Verified: the analysis, every table, figure, number and quotation, and the drafts, recomputed from the "
        "coding the manifest records turn by turn, with the chapters, the library and the other inputs above.",
        "Not verified: that the recorded coding and quoted texts are those of the transcripts"
        + (", and " + ", ".join(NEEDS_TEXT) if any(r.status == UNVERIFIED for r in report.rows) else "")
        + ". To verify them: naskah verify " + report.manifest + " --data FOLDER (the transcripts handed over"
        + (", and the identity map" if any(i["kind"] == "identity map" for i in manifest["inputs"]) else "") + ").",
    ]
