# Bab IV analysis: one job over the whole corpus (validation + tables + facts).


rule analyse:
    input:
        config=settings("analyse"),
        codebook=input_path("codebook"),
        informants=input_path("informants"),
        identities=identity_map(),  # redaction of quoted turns follows the identity map
        transcripts=transcript_files(),
    output:
        tables=report(
            expand("results/tables/{table}.csv", table=TABLE_IDS),
            caption="../report/tables.rst",
            category="Result tables",
        ),
        figures=expand(
            "results/figures/{figure}.{ext}", figure=FIGURE_IDS, ext=["svg", "png"]
        ),
        meta="results/tables/tables.json",
        facts="results/analysis/facts.json",
        corpus=CORPUS,  # per-turn lines for assemble, which then reads only the transcripts it quotes
        disagreements=DISAGREEMENTS,
    log:
        "logs/analyse.log",
    conda:
        "../envs/naskah.yaml"
    threads: 1
    resources:
        mem_mb=2048,
        runtime=30,
    shell:
        naskah(
            "--config {input.config} --log {log} analyse"
            " --tables-dir results/tables --meta {output.meta} --facts {output.facts} --figures-dir results/figures"
            " --disagreements {output.disagreements} --corpus {output.corpus}"
        )
