# The format check: the build's own DOCX and PDF measured against the house style (paper, margins, fonts,
# spacing, page numbers, chapters on new pages, captions), before the guard may publish them. One job
# per draft: the PDF is checked while the DOCX still renders, and the other way round.


rule format_check:
    input:
        config=settings("render"),
        draft="results/staging/thesis.{fmt}",
    output:
        "results/format-check/{fmt}.txt",
    log:
        "logs/format_check_{fmt}.log",
    wildcard_constraints:
        fmt="docx|pdf",
    conda:
        "../envs/naskah.yaml"
    threads: 1
    resources:
        mem_mb=1024,
        runtime=10,
    shell:
        naskah(
            "--config {input.config} --log {log} format-check --no-layout"
            " --out {output} {input.draft}"
        )
