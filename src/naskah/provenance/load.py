"""Reading a manifest someone hands over — a ``provenance.json`` or the one a received draft carries —
without trusting it.

A manifest is input from outside: edited by hand, truncated by a mail client, or crafted. Before any
command uses it, it is checked against its schema and every path in it must be a plain relative path
inside the project (no ``..``, no absolute or drive path), so ``naskah verify`` can never be made to
read or write outside its clean folder. Every problem is a ``path:line: what — what to do`` message,
never a traceback. Manifests of format 1 (before naskah recorded the coding) are still read by
``trace`` and ``diff``, with the new fields empty.
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path, PurePosixPath

from naskah.core.errors import Diagnostics, InputError
from naskah.provenance.embedded import DRAFT_SUFFIXES, read_embedded

CURRENT = 2
PACKAGE_PREFIX = "naskah:"
DAMAGED = "the manifest was damaged or edited: use the provenance.json that came with the draft"


@cache
def schema() -> dict:
    from importlib import resources

    return json.loads(resources.files("naskah.schemas").joinpath("provenance.schema.json").read_text("utf-8"))


def load_manifest(path: str | Path, *, current: bool = False) -> dict:
    """The manifest in *path* (a ``.json`` file, or a received ``.pdf``/``.docx``/``.html`` draft that
    carries one), validated. *current*: refuse an older format (verify needs the new fields)."""
    path = Path(path)
    shown = path.as_posix()
    if path.suffix.lower() in DRAFT_SUFFIXES:
        text = read_embedded(path)
        if text is None:
            raise InputError("this draft carries no provenance manifest", shown,
                             hint="give the provenance.json that came with it: naskah verify provenance.json "
                                  f"{path.name}")
        shown = f"{shown} (embedded provenance.json)"
    else:
        if not path.is_file():
            raise InputError("manifest not found", shown,
                             hint="build first (snakemake -c2), or give the provenance.json (or draft) you received")
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise InputError(f"cannot read the manifest: {exc}", shown, hint=DAMAGED) from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"not a valid manifest: {exc.msg}", shown, exc.lineno, exc.colno, hint=DAMAGED) from None
    return check_manifest(data, text, shown, current=current)


def check_manifest(data, text: str, shown: str, *, current: bool = False) -> dict:
    """Validate a parsed manifest (schema, then every path); return it in the current format."""
    if not isinstance(data, dict) or "schema" not in data:
        raise InputError("not a naskah provenance manifest (no 'schema' field)", shown,
                         hint="give results/provenance.json of a naskah build")
    version = data.get("schema")
    if version == 1:
        if current:
            raise InputError("this manifest is of format 1 (an older naskah): it does not record the coding and "
                             "settings a verification needs", shown,
                             hint="rebuild with this naskah (snakemake -c2) and use the new results/provenance.json")
        return _upgrade(data)
    if version != CURRENT:
        raise InputError(f"unknown manifest format {version!r} (this naskah reads formats 1 and {CURRENT})", shown,
                         hint="use the naskah version that wrote it (see environment.versions.naskah)")
    import jsonschema

    diags = Diagnostics()
    validator = jsonschema.Draft202012Validator(schema())
    for err in sorted(validator.iter_errors(data), key=lambda e: [str(p) for p in e.absolute_path])[:20]:
        where = pointer(err.absolute_path) or "(top level)"
        diags.error(f"{where}: {_message(err)}", shown, _line(text, err.instance), hint=DAMAGED)
    diags.raise_if_errors()
    for where, value, package_ok in paths_of(data):
        problem = unsafe(value, package_ok)
        if problem:
            diags.error(f"{where}: {json.dumps(value, ensure_ascii=False)} {problem}", shown, _line(text, value),
                        hint=DAMAGED)
    for index, artefact in enumerate(data["artefacts"]):
        if not artefact["path"].startswith("results/"):
            diags.error(f"artefacts[{index}].path: '{artefact['path']}' is not an output under results/", shown,
                        _line(text, artefact["path"]), hint=DAMAGED)
    diags.raise_if_errors()
    return data


def paths_of(data: dict):
    """(where, path, may name a naskah: package file) for every path the manifest names."""
    for i, item in enumerate(data.get("inputs", [])):
        yield f"inputs[{i}].path", item["path"], True
    for i, item in enumerate(data.get("artefacts", [])):
        yield f"artefacts[{i}].path", item["path"], False
        for j, source in enumerate(item["inputs"]):
            yield f"artefacts[{i}].inputs[{j}].path", source["path"], True
    for i, item in enumerate(data.get("tables", [])):
        yield f"tables[{i}].file", item["file"], False
        for j, source in enumerate(item["sources"]):
            yield f"tables[{i}].sources[{j}].path", source["path"], False
    for i, item in enumerate(data.get("figures", [])):
        yield f"figures[{i}].file", item["file"], False
    for i, item in enumerate(data.get("quotes", [])):
        yield f"quotes[{i}].transcript", item["transcript"], False
    for i, item in enumerate(data.get("corpus", {}).get("transcripts", [])):
        yield f"corpus.transcripts[{i}].path", item["path"], False
    if data.get("library", {}).get("path"):
        yield "library.path", data["library"]["path"], False


def unsafe(value: str, package_ok: bool = False) -> str | None:
    """Why *value* is not a plain relative path inside the project (None when it is)."""
    if package_ok and value.startswith(PACKAGE_PREFIX):
        value = value[len(PACKAGE_PREFIX):]
    if not value or "\0" in value or "\\" in value:
        return "is not a path"
    if value.startswith(("/", "~")) or re.match(r"^[A-Za-z]:", value):
        return "is an absolute path; a manifest names files relative to the project"
    parts = PurePosixPath(value).parts
    if any(part in ("..", ".") for part in parts) or value.endswith("/") or "//" in value:
        return "leaves the project folder or is not a plain relative path"
    return None


def pointer(path) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _message(err) -> str:
    if err.validator == "additionalProperties":
        return err.message.replace("Additional properties are not allowed", "unknown field(s)")
    return err.message


def _line(text: str, value) -> int | None:
    """The first line of *text* holding *value* (a string or number), for the message's ``path:line``."""
    if isinstance(value, (dict, list)) or value is None:
        return None
    needle = json.dumps(value, ensure_ascii=False)
    at = text.find(needle)
    return text.count("\n", 0, at) + 1 if at >= 0 else None


def _upgrade(data: dict) -> dict:
    """A format-1 manifest with the fields of format 2 it lacks, empty (trace and diff still work)."""
    return {"language": "id", "settings": {}, "figures": [], "chapters": {}, "redactions": [],
            "corpus": {"fields": "", "transcripts": [], "texts": {}}, "library": {"path": "", "entries": {}},
            **data}
