# naskah: coded interview transcripts + a BibTeX library -> a cited, cross-referenced thesis draft.
# Build everything with `snakemake -c2`; see README.md for the data contract.
from snakemake.utils import min_version

min_version("9.0")


configfile: "config/config.yaml"


include: "workflow/rules/common.smk"
include: "workflow/rules/analysis.smk"
include: "workflow/rules/literature.smk"
include: "workflow/rules/thesis.smk"
include: "workflow/rules/render.smk"
include: "workflow/rules/provenance.smk"


rule all:
    default_target: True
    input:
        final_outputs(),
