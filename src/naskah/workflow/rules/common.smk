# Shared helpers: config validation (with file:line messages), input lists, final targets.
import sys
from pathlib import Path

from naskah import __version__ as NASKAH_VERSION
from naskah.core.errors import NaskahError
from naskah.core.layout import (
    CITED,
    CORPUS,
    DISAGREEMENTS,
    FIGURE_IDS,
    STAGING,
    TABLE_IDS,
    TRANSCRIPT_INVENTORY,
    staged,
)
from naskah.workflow.ending import cancel_rate_limit_timers, skip_final_collection
from naskah.workflow.plan import (
    CONFIG_FILE,
    RESOLVED,
    last_good_drafts,
    project_config,
    republish_missing,
    write_stage_settings,
    write_transcript_inventory,
)

# naskah through the interpreter running Snakemake, never through PATH: `.venv/bin/snakemake -c2`
# works without an activated venv (quoted: the path may contain spaces). Its version is part of the
# command, so a new naskah reruns every job: Snakemake's "code" trigger compares each rule's shell
# command. Not params: Snakemake hashes params through pandas whenever pandas is installed, an import of
# pandas in Snakemake's own process that held up every build by half a second. So no rule has params.
NASKAH_CMD = f'NASKAH_VERSION={NASKAH_VERSION} "{sys.executable}" -m naskah'.replace(
    "{", "{{"
).replace("}", "}}")


def naskah(arguments):
    """The shell command running naskah with *arguments* ({placeholders} as in any shell command)."""
    return f"{NASKAH_CMD} {arguments}"


try:
    NASKAH = project_config(
        workflow.config_settings.configfiles, dict(workflow.config_settings.config)
    )
    # the merged, validated settings each job reads (results/config/<stage>.json): rewritten only when
    # its part changes, so `--config`/`--configfile` overlays reach every job and a change reruns
    # only the stages that read it
    write_stage_settings(NASKAH)
    # what the rules depend on for the transcripts (plan.py says why)
    write_transcript_inventory(NASKAH)
except NaskahError as exc:
    # a config mistake is the user's: print it as `path:line: message` and stop (no traceback)
    for diagnostic in exc.diagnostics:
        sys.stderr.write(f"{diagnostic}\n")
    last_good_drafts(sys.stderr)
    sys.exit(1)

republish_missing(NASKAH)


def settings(stage):
    return RESOLVED.format(stage=stage)


def input_path(name):
    return NASKAH.shown(NASKAH.input_path(name))


def transcript_files():
    """The transcripts as the rules see them: one file of their paths and hashes (plan.py says why)."""
    return [TRANSCRIPT_INVENTORY]


def chapter_sources():
    folder = NASKAH.input_path("chapters")
    return sorted(
        NASKAH.shown(p) for p in list(folder.glob("*.md")) + list(folder.glob("*.yaml"))
    )


def csl_file():
    return NASKAH.csl_path().as_posix()


def logo_file():
    """The title page's logo, when the config names one: embedded by the renders."""
    logo = NASKAH.thesis.get("logo")
    return [NASKAH.shown(NASKAH.root / logo)] if logo else []


def identity_map():
    path = NASKAH.root / NASKAH.data["privacy"]["identities"]
    return [NASKAH.shown(path)] if path.is_file() else []


def guarded_outputs():
    """Every output a reader or a search engine could see: the guard scans them all."""
    formats = NASKAH.data["render"]["formats"]
    outputs = [staged(fmt) for fmt in formats]
    outputs += expand("results/tables/{table}.csv", table=TABLE_IDS)
    outputs += expand(
        "results/figures/{figure}.{ext}", figure=FIGURE_IDS, ext=["svg", "png"]
    )
    outputs += [
        "results/tables/tables.json",
        "results/analysis/facts.json",
        CORPUS,
        DISAGREEMENTS,  # quotes the turns the coders disagree on
        "results/thesis.md",
        CITED,
        "results/crossref.json",
        "results/provenance/core.json",
        "results/provenance/panel.json",
        "results/provenance/records.json",
        "results/references.bib",
        "results/references.json",
        "results/literature/report.md",
        "results/literature/report.json",
        "results/literature/profile.svg",
        "results/literature/penelitian-terdahulu.csv",
        "results/literature/tables.json",
    ]
    if "pdf" in formats:
        outputs.append("results/render/thesis.typ")
    return outputs


def render_inputs():
    """What every render reads: the assembled thesis, its citations, the core manifest it embeds, the
    logo, the citation style and the figures."""
    return {
        "config": settings("render"),
        "markdown": "results/thesis.md",
        "cited": CITED,  # the same thesis through citeproc (assemble.smk)
        "bib": "results/references.json",
        "provenance": "results/provenance/core.json",
        "logo": logo_file(),
        "csl": csl_file(),
        "figures": expand(
            "results/figures/{figure}.{ext}", figure=FIGURE_IDS, ext=["svg", "png"]
        ),
    }


def format_checked():
    """The format check's reports, one per draft the render jobs measure (DOCX and PDF; the HTML has no
    pages)."""
    return [
        f"results/format-check/{fmt}.txt"
        for fmt in NASKAH.render.formats
        if fmt in ("docx", "pdf")
    ]


def sources():
    """The student's files a draft is made from. The guard lists them too: Snakemake does not remake an
    intermediate file that is missing when what follows it is up to date, so after a failed job (whose
    outputs Snakemake deletes) an edited chapter would otherwise leave the last good draft standing as
    if it were current."""
    files = chapter_sources() + transcript_files() + [CONFIG_FILE]
    files += [input_path(name) for name in ("codebook", "informants", "bibliography")]
    return sorted(set(files))


def guard_inputs():
    """The guard runs last: it scans every output, the manifest included, and publishes only drafts that
    follow the house style and were made from the sources as they are now."""
    return guarded_outputs() + ["results/provenance.json"] + format_checked()


def manifest_artefacts():
    """Everything the build produces that the manifest records (not the manifest or the guard report)."""
    return guarded_outputs()


def final_outputs():
    """What `snakemake -c2` builds: the guard's report (it publishes the drafts) and the tables."""
    return ["results/privacy/guard.json"] + expand(
        "results/tables/{table}.csv", table=TABLE_IDS
    )


# Snakemake's process ends when its last job has, not a second later (naskah/workflow/ending.py)
skip_final_collection()


onsuccess:
    cancel_rate_limit_timers()


onerror:
    # a failed build never replaces or removes the last good draft (the guard publishes only what it
    # passed), and never lets it look current: say which build each draft is from
    last_good_drafts(sys.stderr)
    cancel_rate_limit_timers()
