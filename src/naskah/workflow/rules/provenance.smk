# Provenance: the manifest of inputs, environment, artefacts, tables, numbers and quotations.


rule manifest:
    input:
        config=settings("manifest"),
        config_file=CONFIG_FILE,  # its hash is recorded (build stamp, manifest)
        records="results/crossref.json",
        core="results/provenance/core.json",
        meta="results/tables/tables.json",
        literature_meta="results/literature/tables.json",
        artefacts=manifest_artefacts(),
    output:
        report(
            "results/provenance.json",
            caption="../report/provenance.rst",
            category="Provenance",
        ),
    log:
        "logs/manifest.log",
    conda:
        "../envs/naskah.yaml"
    threads: 1
    resources:
        mem_mb=512,
        runtime=10,
    shell:
        naskah(
            "--config {input.config} --log {log} manifest --records {input.records}"
            " --tables-meta {input.meta} {input.literature_meta} --core {input.core} --out {output}"
            " {input.artefacts}"
        )
