# Chapters: fill the Jinja2 templates from the analysis, number and cross-reference, assemble one Markdown file.


rule assemble:
    input:
        config=settings("assemble"),
        config_file=CONFIG_FILE,  # its hash is recorded (build stamp, manifest)
        chapters=chapter_sources(),
        codebook=input_path("codebook"),
        informants=input_path("informants"),
        identities=identity_map(),  # redaction of quoted turns follows the identity map
        transcripts=transcript_files(),
        meta="results/tables/tables.json",
        tables=expand("results/tables/{table}.csv", table=TABLE_IDS),
        literature_meta="results/literature/tables.json",
        literature_tables="results/literature/penelitian-terdahulu.csv",
        facts="results/analysis/facts.json",
        corpus=CORPUS,  # analyse's per-turn lines: the transcripts above are read only where quoted
        bib="results/references.json",  # citeproc, for the renders' AST
        csl=csl_file(),
        logo=logo_file(),
        figures=expand(
            "results/figures/{figure}.{ext}", figure=FIGURE_IDS, ext=["svg", "png"]
        ),
    output:
        markdown="results/thesis.md",
        crossref="results/crossref.json",
        core="results/provenance/core.json",  # the manifest without the drafts: embedded in each
        panel="results/provenance/panel.json",  # the HTML provenance panel's accounts
        records="results/provenance/records.json",  # tooltips, Word comments
        cited=CITED,  # thesis.md through pandoc's reader and citeproc: what every render starts from
    log:
        "logs/assemble.log",
    conda:
        "../envs/naskah.yaml"
    threads: 1
    resources:
        mem_mb=1024,
        runtime=10,
    shell:
        naskah(
            "--config {input.config} --log {log} assemble --tables-meta {input.meta} {input.literature_meta}"
            " --facts {input.facts} --corpus {input.corpus} --out {output.markdown} --crossref {output.crossref} --core {output.core}"
            " --panel {output.panel} --records {output.records} --cited {output.cited} --bibliography {input.bib}"
        )
