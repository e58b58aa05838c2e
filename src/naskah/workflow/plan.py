"""What the Snakefile needs before Snakemake plans: the project's config and the state of its drafts.

Kept here, not in common.smk, so it is importable and tested without Snakemake, and the
rules files stay declarations.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from pathlib import Path

from naskah.core.errors import InputError
from naskah.core.layout import FORMATS, TRANSCRIPT_INVENTORY, draft
from naskah.core.messages import _, current_language, language_scope
from naskah.core.yamlsrc import load_yaml
from naskah.data.config import Config, load_config, peek_language
from naskah.data.inputs import check_inputs

CONFIG_FILE = "config/config.yaml"
RESOLVED = "results/config/{stage}.json"

# The settings each stage reads: its job depends on these only, so changing the thesis title reruns
# assemble (and what follows from its output), never the analysis or the literature checks. A stage
# reading a setting not listed here fails loudly (naskah.data.config.SettingsSlice).
STAGE_SETTINGS = {
    "analyse": {"thesis": ["language", "year"], "inputs": "*", "informants": "*", "tables": "*", "privacy": "*"},
    "literature": {"thesis": ["language", "year", "citation_style"], "inputs": "*", "literature": "*",
                   "render": ["strict", "mode"], "privacy": "*"},
    "assemble": "*",
    "render": {"thesis": ["language", "year", "citation_style"], "inputs": "*", "render": "*", "style": "*",
               "privacy": "*"},
    "manifest": "*",
    "guard": {"thesis": ["language", "year", "citation_style"], "inputs": "*", "privacy": "*",
              "render": ["formats", "mode", "strict"]},
}


def write_stage_settings(config: Config) -> None:
    """One resolved settings file per stage (rewritten only when its part changed)."""
    from naskah.data.config import write_resolved

    for stage, settings in STAGE_SETTINGS.items():
        write_resolved(config, RESOLVED.format(stage=stage), settings)


def write_transcript_inventory(config: Config) -> bool:
    """Write results/config/transcripts.json, each transcript's path and sha256, only when one changed;
    returns whether it was (re)written.

    Why: as each job ends, Snakemake hashes every input of up to 1 MB once *per output* of the job, to
    tell later whether a newer input really changed. analyse writes 13 files and assemble 6: at 1,000
    transcripts that was 20,000 transcript reads, 0.9 s after analyse and 0.5 s after assemble on the
    build's critical path. Depending on this one file instead keeps what the hashes were for: an edited,
    added or removed transcript reruns the analysis; one saved again unchanged (or touched by a git
    checkout) reruns nothing. Hashing them all here costs 0.05 s at 1,000 transcripts, once per run."""
    import json

    from naskah.core import files

    inventory = {}
    for path in config.transcript_files:
        try:
            digest = files.sha256_file(path)
        except OSError as exc:  # analyse names the file and the problem; here it only has to change
            digest = f"unreadable: {exc.strerror}"
        inventory[config.shown(path)] = digest
    return files.write_text_if_changed(TRANSCRIPT_INVENTORY, json.dumps(
        {"transcripts": inventory}, ensure_ascii=False, indent=1, sort_keys=True) + "\n")


def project_config(configfiles=(), given: dict | None = None, path: str = CONFIG_FILE) -> Config:
    """config/config.yaml read by naskah itself (so every mistake is ``config/config.yaml:LINE``), with
    Snakemake's ``--configfile`` overlays and ``--config key=value`` (dotted keys allowed) over it;
    then every input path is checked — on every build, so a missing input can never be skipped."""
    with language_scope(peek_language(path) or current_language()):  # a --configfile's mistake too
        overlays = [_overlay_file(Path(p)) for p in configfiles]
    values = dotted(given or {})
    if values:
        overlays.append((values, "--config", {}))
    config = load_config(path, root=".", overlays=overlays)
    check_inputs(config).raise_if_errors()
    return config


def _overlay_file(path: Path) -> tuple[dict, str, dict]:
    shown = Path(os.path.relpath(path)).as_posix()
    data, lines = load_yaml(path, shown)
    if not isinstance(data, dict):
        raise InputError(_("a --configfile must be a mapping of settings"), shown, 1,
                         hint=_("write settings as in config/config.yaml, e.g. `render: {example}`",
                                example="{mode: final}"))
    return data, shown, lines


def dotted(values: dict) -> dict:
    """``--config render.mode=final`` as ``{"render": {"mode": "final"}}``."""
    out: dict = {}
    for key, value in values.items():
        *parents, last = str(key).split(".")
        node = out
        for part in parents:
            node = node.setdefault(part, {})
        node[last] = value
    return out


def last_good_drafts(stream=sys.stderr) -> None:
    """After a failed build: say that each published draft is the last good build's, not this one's
    (in the thesis language, read from the config even when it does not load)."""
    with language_scope(peek_language(CONFIG_FILE) or current_language()):
        for fmt in FORMATS:
            path = Path(draft(fmt))
            if path.is_file():
                when = dt.datetime.fromtimestamp(path.stat().st_mtime).strftime("%Y-%m-%d %H:%M")
                stream.write("naskah: " + _("{path} is from the last good build ({when}), not from this one",
                                            path=path.as_posix(), when=when) + "\n")


def republish_missing(config: Config, report: str = "results/privacy/guard.json") -> None:
    """A published draft deleted by hand: forget the guard's report, so the guard runs and publishes again."""
    if Path(report).is_file() and not all(Path(draft(f)).is_file() for f in config.render.formats):
        Path(report).unlink()


def stale_lock(project: Path) -> bool:
    """True when *project* holds a Snakemake lock but no Snakemake process runs in it (a killed build)."""
    locks = project / ".snakemake" / "locks"
    if not locks.is_dir() or not any(locks.iterdir()):
        return False
    here = project.resolve()
    for proc in Path("/proc").glob("[0-9]*"):
        try:
            cmdline = (proc / "cmdline").read_bytes().split(b"\0")
            if any(b"snakemake" in part for part in cmdline[:3]) and (proc / "cwd").resolve() == here:
                return False
        except OSError:  # a process that ended while we looked, or one we may not inspect
            continue
    return Path("/proc").is_dir()  # elsewhere we cannot tell: leave the lock to the user
