# Literature: check the library against the chapters (missing, uncited, duplicate, incomplete, recency),
# export only the cited entries for pandoc, write the literature report and the Penelitian Terdahulu table.


rule literature:
    input:
        config=settings("literature"),
        library=input_path("bibliography"),
        chapters=chapter_sources(),
    output:
        bib="results/references.bib",
        csl_json="results/references.json",  # what the renders cite from
        report="results/literature/report.md",
        report_json="results/literature/report.json",
        profile="results/literature/profile.svg",
        previous_studies="results/literature/penelitian-terdahulu.csv",
        tables="results/literature/tables.json",
    log:
        "logs/literature.log",
    conda:
        "../envs/naskah.yaml"
    threads: 1
    resources:
        mem_mb=1024,
        runtime=10,
    shell:
        naskah(
            "--config {input.config} --log {log} literature --out {output.bib}"
            " --csl-json {output.csl_json} --report-dir results/literature"
        )
