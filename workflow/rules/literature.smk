# Literature: check every citation against the library and export only the cited entries for pandoc.


rule literature:
    input:
        config=CONFIG_FILE,
        library=input_path("bibliography"),
        chapters=chapter_sources(),
    output:
        bib="results/references.bib",
    log:
        "logs/literature.log",
    conda:
        "../envs/naskah.yaml"
    shell:
        "naskah --config {input.config} --log {log} literature --out {output.bib}"
