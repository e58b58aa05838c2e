"""Names of what the workflow produces, shared by the package and the Snakemake rules.

Kept free of heavy imports: the Snakefile imports it on every run, including no-op ones.
"""

# The generated tables, in the order the analysis writes them; each is results/tables/<id>.csv and is
# cross-referenced as @tbl:<id>. "reliabilitas" (Bab III) exists only with a second coder: without one its
# CSV is a header and tables.json does not list it.
TABLE_IDS = ["informants", "stage-by-group", "stage-coverage", "exemplar-quotes", "subcode-frequencies",
             "reliabilitas"]

# Inter-coder reliability: every turn the coders disagree on, for reconciliation (rule analyse).
DISAGREEMENTS = "results/agreement/disagreements.csv"

# Figures drawn from the analysis: results/figures/<id>.svg, cross-referenced as @fig:<id>.
FIGURE_IDS = ["stage-informants"]

# The drafts a reader receives. Renders write them to STAGING; the guard scans staging and only
# then publishes them into results/ (an atomic replace per file), so a failed or killed build
# never replaces, removes or half-writes the last good draft.
FORMATS = ["html", "docx", "pdf"]
RESULTS = "results"
STAGING = "results/staging"


def draft(fmt: str) -> str:
    """The published draft of *fmt*: results/thesis.<fmt>."""
    return f"{RESULTS}/thesis.{fmt}"


def staged(fmt: str) -> str:
    """Where the render writes the draft of *fmt* before the guard has passed it."""
    return f"{STAGING}/thesis.{fmt}"


def published_name(path: str) -> str:
    """The published path of a staged file (a manifest records drafts under the names readers get)."""
    prefix = STAGING + "/"
    return RESULTS + "/" + path[len(prefix):] if path.startswith(prefix) else path


# The HTML panel's accounts (what `naskah trace` says of each traceable number, table and quotation):
# read by the HTML filter from this file, not through pandoc's metadata, which would parse every string
# of it as Markdown in every format's render.
# the literature stage's report: its "urls" are the library's web addresses, which the guard allows
LITERATURE_REPORT = "results/literature/report.json"
PANEL = "results/provenance/panel.json"
# One line per traceable number and table (the HTML tooltips, the DOCX's Word comments), for the same reason
# a JSON file the filters decode rather than metadata: as metadata it cost every render a fifth of a second.
RECORDS = "results/provenance/records.json"
# Each transcript's path and content hash (naskah.workflow.plan.write_transcript_inventory): what the rules
# depend on in place of the transcripts; the manifest names the transcripts it lists as the inputs.
TRANSCRIPT_INVENTORY = "results/config/transcripts.json"
# What analyse leaves for assemble: the corpus's per-turn lines (no text), redactions and coders, so that
# assemble reads a transcript only for the turns the draft shows (naskah.provenance.corpus.corpus_snapshot).
CORPUS = "results/analysis/corpus.json"
# The assembled thesis as pandoc's AST (JSON), its citations and reference list already rendered by citeproc:
# written by assemble, read by every render. citeproc and pandoc's Markdown reader took about 0.45 s of each
# render at 100 transcripts, three times over; assemble runs them once, beside its own writing.
CITED = "results/render/thesis.json"
