"""The provenance manifest: what went in, what came out, and the lineage of every table, number and quote.

``results/provenance.json`` (schema: ``src/naskah/schemas/provenance.schema.json``) records
every input with its sha256 and size, the environment, every artefact with its
sha256 and the rule (and that rule's inputs) that made it, every generated
table and figure, every number a chapter prints (with its chapter line) and every
quotation (with its text as displayed). For ``naskah verify`` without the confidential
transcripts and for ``naskah diff``'s causes it also records the coding turn by turn and a
hash per library entry (:mod:`naskah.provenance.corpus`), and the settings a build took from
``--config``/``--configfile``. It is deterministic: sorted keys, project-relative paths, no
timestamps but the build's epoch.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import json
import os
import platform
import re
import subprocess
from importlib import metadata
from pathlib import Path

from naskah import __version__
from naskah.core.files import sha256_file
from naskah.core.layout import TRANSCRIPT_INVENTORY, published_name
from naskah.data.config import Config

SCHEMA_VERSION = 2
# what a project may keep out of git and hand over separately (naskah verify --data)
CONFIDENTIAL = ("transcript", "identity map")
PACKAGES = ["snakemake", "bibtexparser", "jinja2", "typst", "pypandoc-binary", "pyyaml", "jsonschema",
            "pypdf", "pypdfium2", "python-docx"]


PACKAGE_DIR = Path(__file__).resolve().parent.parent
WORKFLOW_DIR = PACKAGE_DIR / "workflow"


def input_files(config: Config) -> list[tuple[str, Path]]:
    """Every file the build reads, with its kind. The private identity map is listed by its hash only
    (it shapes redaction, so a verification must know whether it was given the same one)."""
    found: list[tuple[str, Path]] = [("config", config.root / config.path)]
    found.append(("codebook", config.input_path("codebook")))
    found.append(("informants", config.input_path("informants")))
    found += [("transcript", p) for p in config.transcript_files]
    found.append(("library", config.input_path("bibliography")))
    chapters = config.input_path("chapters")
    found += [("chapter", p) for p in sorted(list(chapters.glob("*.md")) + list(chapters.glob("*.yaml")))]
    # images a chapter shows (![…](chapters/fig.png)) live beside the chapters
    found += [("image", p) for p in sorted(chapters.rglob("*"))
              if p.is_file() and p.suffix.lower() not in (".md", ".yaml") and not p.name.startswith(".")]
    found.append(("citation style", config.csl_path()))
    if config.thesis.get("logo"):
        found.append(("logo", config.root / config.thesis["logo"]))
    found += [("style", p) for p in _style_files(config)]
    identities = config.root / config.privacy.identities
    if identities.is_file():
        found.append(("identity map", identities))
    if (config.root / "Snakefile").is_file():
        found.append(("workflow", config.root / "Snakefile"))
    profiles = config.root / "profiles"  # Snakemake's workflow profile may set config too
    found += [("workflow", p) for p in sorted(profiles.rglob("*")) if p.is_file() and "__pycache__" not in p.parts]
    # the rules themselves ship in the package: recorded as naskah:workflow/…
    found += [("workflow", p) for p in sorted(WORKFLOW_DIR.rglob("*"))
              if p.is_file() and "__pycache__" not in p.parts]
    return found


def _style_files(config: Config) -> list[Path]:
    """The project's own house-style files (a preset given as a path, and what it extends)."""
    import yaml

    out: list[Path] = []
    name = (config.data.get("style") or {}).get("preset")
    while isinstance(name, str) and (config.root / name).is_file() and len(out) < 10:
        path = config.root / name
        if path in out:
            break
        out.append(path)
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        except (OSError, yaml.YAMLError, UnicodeDecodeError):
            break
        name = data.get("extends") if isinstance(data, dict) else None
    return out


def _shown(config: Config, path: Path, kind: str) -> str:
    """Project-relative, without resolving symlinks (a checkout and a copy of it must agree);
    files of the naskah package (the bundled CSL style, the rules) as ``naskah:<path>``."""
    if path.resolve().is_relative_to(PACKAGE_DIR):
        return "naskah:" + path.resolve().relative_to(PACKAGE_DIR).as_posix()
    return Path(os.path.relpath(path, config.root)).as_posix()


def inputs_record(config: Config) -> list[dict]:
    records = {}
    for kind, path in input_files(config):
        if path.is_file():
            shown = _shown(config, path, kind)
            records[shown] = {"path": shown, "kind": kind, "sha256": sha256_file(path), "size": path.stat().st_size}
    from naskah.provenance.corpus import withheld_record

    withheld = withheld_record()  # `naskah verify` without the confidential files: they count as recorded
    for item in (withheld or {}).get("inputs", []):
        records.setdefault(item["path"], item)
    return sorted(records.values(), key=lambda r: r["path"])


def git_state(root: Path) -> dict:
    """The commit the sources are at, and whether the work tree differs from it.

    NASKAH_GIT_COMMIT / NASKAH_GIT_DIRTY override what git says, the way SOURCE_DATE_EPOCH
    overrides the clock: `naskah verify` rebuilds a copy that is not a git checkout and must
    stamp it as the original was stamped.
    """
    if "NASKAH_GIT_COMMIT" in os.environ:
        commit = os.environ["NASKAH_GIT_COMMIT"] or None
        dirty = os.environ.get("NASKAH_GIT_DIRTY", "")
        return {"commit": commit, "dirty": None if dirty == "" else dirty == "1"}
    try:
        commit = subprocess.run(["git", "rev-parse", "HEAD"], cwd=root, capture_output=True, text=True,
                                timeout=10, check=False)
        if commit.returncode != 0:
            return {"commit": None, "dirty": None}
        # --no-optional-locks: reading the state must not rewrite the user's .git/index
        status = subprocess.run(["git", "--no-optional-locks", "status", "--porcelain", "--untracked-files=no"],
                                cwd=root, capture_output=True, text=True, timeout=10, check=False)
        return {"commit": commit.stdout.strip(), "dirty": bool(status.stdout.strip())}
    except (OSError, subprocess.SubprocessError):
        return {"commit": None, "dirty": None}


def tool_versions() -> dict:
    """naskah, Python, pandoc and the Python packages a build uses, as installed here."""
    from naskah.core.tools import pandoc_path

    versions = {"naskah": __version__, "python": platform.python_version()}
    for package in PACKAGES:
        try:
            versions[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            versions[package] = None
    try:
        out = subprocess.run([pandoc_path(), "--version"], capture_output=True, text=True, timeout=30, check=False)
        versions["pandoc"] = out.stdout.split("\n", 1)[0].split()[-1] if out.returncode == 0 else None
    except OSError:
        versions["pandoc"] = None
    return versions


def environment(config: Config) -> dict:
    return {"versions": tool_versions(), "git": git_state(config.root)}


def sources_fingerprint(inputs: list[dict], env: dict) -> str:
    """One hash for everything a build depends on (inputs + environment); printed in the build stamp."""
    text = json.dumps({"inputs": inputs, "environment": env}, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def rule_of(root: Path, output: str) -> dict:
    """The Snakemake rule that wrote *output* and its inputs, from Snakemake's own records
    (``.snakemake/metadata/<base64 of the path>``); empty when the file was made outside Snakemake."""
    name = base64.urlsafe_b64encode(output.encode("utf-8")).decode("ascii")
    record = root / ".snakemake" / "metadata" / name
    if not record.is_file():
        return {"rule": None, "inputs": []}
    data = json.loads(record.read_text(encoding="utf-8"))
    inputs = [i for i in data.get("input", []) if not Path(i).is_absolute()]
    if TRANSCRIPT_INVENTORY in inputs:  # the rules depend on it for the transcripts: name the transcripts
        inputs.remove(TRANSCRIPT_INVENTORY)
        inputs += _inventory(root / TRANSCRIPT_INVENTORY)
    return {"rule": data.get("rule"), "inputs": sorted(inputs)}


@functools.cache
def _inventory(path: Path) -> tuple[str, ...]:
    try:
        return tuple(json.loads(path.read_text(encoding="utf-8"))["transcripts"])
    except (OSError, ValueError, KeyError):
        return ()


def artefacts_record(config: Config, paths: list[Path], inputs: list[dict]) -> list[dict]:
    hashes = {i["path"]: i["sha256"] for i in inputs}
    records = []
    for path in sorted(set(paths)):
        if not path.is_file():
            continue
        made = config.shown(path)
        lineage = rule_of(config.root, made)
        shown = published_name(made)  # a staged draft is recorded under the name readers receive
        records.append({
            "path": shown, "sha256": sha256_file(path), "size": path.stat().st_size, "rule": lineage["rule"],
            "inputs": [{"path": i, "sha256": hashes.get(i) or _maybe_hash(config.root / i)}
                       for i in lineage["inputs"]],
        })
    return records


def _table_cells(path: Path) -> dict:
    """The table's header and rows as shown, so `naskah diff` can name the cells that changed."""
    import csv

    if not path.is_file():
        return {"columns": [], "rows": []}
    with open(path, encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    return {"columns": rows[0] if rows else [], "rows": rows[1:]}


def _maybe_hash(path: Path) -> str | None:
    return sha256_file(path) if path.is_file() else None


def settings_overlay(config: Config) -> dict:
    """The settings this build took from ``--config``/``--configfile`` rather than from the config file
    (``naskah --mode final build``): ``naskah verify`` rebuilds with them."""
    from naskah.core.errors import NaskahError
    from naskah.data.config import changed_settings, load_config

    if config.overlay is not None:  # known when the config was read (the workflow's jobs: always)
        return config.overlay
    try:
        plain = load_config(config.root / config.path, root=config.root).data
    except NaskahError:
        return {}
    return changed_settings(plain, dict(config.data))


ENTRY = re.compile(r"^[ \t]*@([A-Za-z]+)[ \t]*[{(][ \t]*([^,\s{}()]+)[ \t]*,", re.MULTILINE)


def library_record(config: Config) -> dict:
    """A short hash per entry of the library, so ``naskah diff`` can say which entry changed."""
    path = config.input_path("bibliography")
    try:
        text = path.read_text(encoding="utf-8-sig", errors="replace")
    except OSError:
        return {"path": config.shown(path), "entries": {}}
    starts = list(ENTRY.finditer(text))
    entries: dict[str, str] = {}
    for index, match in enumerate(starts):
        if match.group(1).lower() in ("string", "preamble", "comment"):
            continue
        end = starts[index + 1].start() if index + 1 < len(starts) else len(text)
        block = " ".join(text[match.start():end].split())
        entries.setdefault(match.group(2), hashlib.sha256(block.encode("utf-8")).hexdigest()[:16])
    return {"path": config.shown(path), "entries": dict(sorted(entries.items()))}


def build_manifest(config: Config, artefacts: list[Path], records: dict, tables_metas: list[Path],
                   epoch: int, loaded: tuple | None = None) -> dict:
    """Everything the advisor and the examiner need to trace and re-check this build. *loaded* is the
    (codebook, displayed corpus) when the caller has them already (assemble does)."""
    from naskah.provenance.corpus import build_inputs, corpus_record, shown_refs

    inputs = inputs_record(config)
    env = environment(config)
    hashes = {i["path"]: i["sha256"] for i in inputs}
    tables = []
    for meta_path in tables_metas:
        for table in json.loads(meta_path.read_text(encoding="utf-8")).get("tables", []):
            target = records.get("targets", {}).get(table["label"], {})
            csv_path = meta_path.parent / table["file"]
            tables.append({
                "id": table["label"], "number": target.get("text"), "caption": table["caption"],
                "file": config.shown(csv_path), "rule": table.get("rule", "analyse"), "shape": table["shape"],
                "sources": [{"path": s, "sha256": hashes.get(s)} for s in table["sources"]],
                **_table_cells(csv_path),
            })
    figures = [{"id": label, "number": target.get("text"), "caption": target.get("caption", ""),
                "chapter": target.get("chapter"), "file": f"results/figures/{label.removeprefix('fig:')}.svg",
                "rule": "analyse"}
               for label, target in sorted(records.get("targets", {}).items()) if target.get("kind") == "figure"]
    quotes = []
    for quote in records.get("quotes", []):
        quotes.append({**quote, "transcript_sha256": hashes.get(quote["transcript"])})
    from naskah.provenance.corpus import withheld_record

    withheld = withheld_record()
    codebook, corpus = loaded or build_inputs(config)
    shown = shown_refs(config, corpus, codebook, [q["ref"] for q in quotes])
    return {
        "schema": SCHEMA_VERSION,
        "epoch": epoch,
        "language": config.language,
        "settings": settings_overlay(config),
        "inputs": inputs,
        "environment": env,
        "sources_sha256": sources_fingerprint(inputs, env),
        "artefacts": artefacts_record(config, artefacts, inputs),
        "tables": tables,
        "figures": figures,
        "chapters": {t["chapter"]: t["text"] for t in sorted(records.get("targets", {}).values(),
                                                             key=lambda t: t.get("chapter") or "")
                     if t.get("kind") in ("chapter", "front") and t.get("chapter")},
        "numbers": records.get("numbers", []),
        "quotes": quotes,
        "redactions": records.get("redactions", []),
        # rebuilt without the transcripts (`naskah verify`), the per-turn records are the received ones: the
        # texts behind them were not there to hash again
        "corpus": withheld["corpus"] if withheld else corpus_record(corpus, shown),
        "library": library_record(config),
    }


def with_artefacts(config: Config, core: dict, artefacts: list[Path]) -> dict:
    """The build's manifest: the core one (written by assemble, embedded in every draft) plus the hashes
    of the artefacts — the inputs are not hashed again."""
    return {**core, "artefacts": artefacts_record(config, artefacts, core["inputs"])}
