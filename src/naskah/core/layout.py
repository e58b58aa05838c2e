"""Names of what the workflow produces, shared by the package and the Snakemake rules.

Kept free of heavy imports: the Snakefile imports it on every run, including no-op ones.
"""

# The generated Bab IV tables, in the order the analysis writes them; each is
# results/tables/<id>.csv and is cross-referenced as @tbl:<id>.
TABLE_IDS = ["informants", "stage-by-group", "stage-coverage", "exemplar-quotes", "subcode-frequencies"]

# Figures drawn from the analysis: results/figures/<id>.svg, cross-referenced as @fig:<id>.
FIGURE_IDS = ["stage-informants"]
