# Shared helpers: config validation (with file:line messages), input lists, final targets.
import shutil
import sys
from pathlib import Path

from naskah import __version__ as NASKAH_VERSION
from naskah.core.layout import FIGURE_IDS, TABLE_IDS
from naskah.data.config import load_config
from naskah.core.errors import NaskahError

# naskah through the interpreter running Snakemake, never through PATH: `.venv/bin/snakemake -c2`
# works without an activated venv (quoted: the path may contain spaces)
NASKAH_CMD = f'"{sys.executable}" -m naskah'

CONFIG_FILE = workflow.configfiles[0] if workflow.configfiles else "config/config.yaml"

try:
    NASKAH = load_config(CONFIG_FILE, root=".")
except NaskahError as exc:
    # a config mistake is the user's: print it as `path:line: message` and stop
    sys.stderr.write(f"{exc}\n")
    sys.exit(1)


def input_path(name):
    return NASKAH.shown(NASKAH.input_path(name))


def transcript_files():
    return [NASKAH.shown(p) for p in NASKAH.transcript_files]


def chapter_sources():
    folder = NASKAH.input_path("chapters")
    return sorted(
        NASKAH.shown(p) for p in list(folder.glob("*.md")) + list(folder.glob("*.yaml"))
    )


def csl_file():
    return NASKAH.csl_path().as_posix()


def identity_map():
    path = NASKAH.root / NASKAH.data["privacy"]["identities"]
    return [NASKAH.shown(path)] if path.is_file() else []


def guarded_outputs():
    """Every output a reader or a search engine could see: the guard scans them all."""
    formats = NASKAH.data["render"]["formats"]
    outputs = [f"results/thesis.{fmt}" for fmt in formats]
    outputs += expand("results/tables/{table}.csv", table=TABLE_IDS)
    outputs += expand(
        "results/figures/{figure}.{ext}", figure=FIGURE_IDS, ext=["svg", "png"]
    )
    outputs += [
        "results/tables/tables.json",
        "results/analysis/facts.json",
        "results/thesis.md",
        "results/crossref.json",
        "results/references.bib",
        "results/literature/report.md",
        "results/literature/report.json",
        "results/literature/profile.svg",
        "results/literature/penelitian-terdahulu.csv",
        "results/literature/tables.json",
    ]
    if "pdf" in formats:
        outputs.append("results/render/thesis.typ")
    return outputs


def guard_inputs():
    """The guard runs last: it scans every output, the manifest included."""
    return guarded_outputs() + ["results/provenance.json"]


def manifest_artefacts():
    """Everything the build produces that the manifest records (not the manifest or the guard report)."""
    return guarded_outputs()


def final_outputs():
    formats = NASKAH.data["render"]["formats"]
    return (
        ["results/privacy/guard.json"]
        + [f"results/thesis.{fmt}" for fmt in formats]
        + expand("results/tables/{table}.csv", table=TABLE_IDS)
    )


onerror:
    # a failed build must not leave an older draft looking current
    for stale in (
        "results/thesis.md",
        "results/thesis.html",
        "results/thesis.docx",
        "results/thesis.pdf",
    ):
        if Path(stale).exists():
            Path(stale).unlink()
            sys.stderr.write(
                f"naskah: removed {stale} (stale after this failed build)\n"
            )
