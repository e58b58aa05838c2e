# Chapters: fill the Jinja2 templates from the analysis, number and cross-reference, assemble one Markdown file.


rule assemble:
    input:
        config=CONFIG_FILE,
        chapters=chapter_sources(),
        codebook=input_path("codebook"),
        informants=input_path("informants"),
        transcripts=transcript_files(),
        meta="results/tables/tables.json",
        tables=expand("results/tables/{table}.csv", table=TABLE_IDS),
        literature_meta="results/literature/tables.json",
        literature_tables="results/literature/penelitian-terdahulu.csv",
        facts="results/analysis/facts.json",
        figures=expand(
            "results/figures/{figure}.{ext}", figure=FIGURE_IDS, ext=["svg", "png"]
        ),
    output:
        markdown="results/thesis.md",
        crossref="results/crossref.json",
    log:
        "logs/assemble.log",
    conda:
        "../envs/naskah.yaml"
    params:
        naskah=NASKAH_VERSION,  # a new naskah version reruns the job
        naskah_cmd=NASKAH_CMD,  # the interpreter running Snakemake, not PATH
    shell:
        "{params.naskah_cmd} --config {input.config} --log {log} assemble --tables-meta {input.meta} {input.literature_meta}"
        " --facts {input.facts} --out {output.markdown} --crossref {output.crossref}"
