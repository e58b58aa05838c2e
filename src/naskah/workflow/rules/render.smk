# Rendering: pandoc to HTML and DOCX, pandoc -> typst -> PDF; one job per format, two at a time. Each starts
# from assemble's AST of the thesis, its citations already rendered by citeproc (layout.CITED).
# The DOCX and PDF jobs then measure their draft against the house style (naskah.stages.format_check):
# in the same process, which cost a job, a Python start and a second read of the draft each when the
# check was a rule of its own. Drafts go to results/staging/: only the guard publishes them (guard.smk).
# Order with two cores: the PDF (longest) first, then the DOCX, so the HTML (shortest) runs last.


rule render_html:
    input:
        **render_inputs(),
        panel="results/provenance/panel.json",  # the panel's accounts
        records="results/provenance/records.json",  # tooltips
    output:
        report(
            "results/staging/thesis.html",
            caption="../report/thesis.rst",
            category="Thesis draft",
        ),
    log:
        "logs/render_html.log",
    conda:
        "../envs/naskah.yaml"
    threads: 1
    resources:
        mem_mb=1024,
        runtime=15,
    shell:
        naskah(
            "--config {input.config} --log {log} render html"
            " --markdown {input.markdown} --bibliography {input.bib} --out {output}"
            " --provenance {input.provenance} --cited {input.cited}"
        )


rule render_docx:
    input:
        **render_inputs(),
        records="results/provenance/records.json",  # Word comments
    output:
        docx=report(
            "results/staging/thesis.docx",
            caption="../report/thesis.rst",
            category="Thesis draft",
        ),
        check="results/format-check/docx.txt",
    log:
        "logs/render_docx.log",
    priority: 5
    conda:
        "../envs/naskah.yaml"
    threads: 1
    resources:
        mem_mb=1024,
        runtime=15,
    shell:
        naskah(
            "--config {input.config} --log {log} render docx"
            " --markdown {input.markdown} --bibliography {input.bib} --out {output.docx}"
            " --provenance {input.provenance} --format-check {output.check}"
            " --cited {input.cited}"
        )


rule render_pdf:
    input:
        **render_inputs(),
    output:
        pdf=report(
            "results/staging/thesis.pdf",
            caption="../report/thesis.rst",
            category="Thesis draft",
        ),
        typst="results/render/thesis.typ",
        check="results/format-check/pdf.txt",
    log:
        "logs/render_pdf.log",
    priority: 10
    conda:
        "../envs/naskah.yaml"
    threads: 1
    resources:
        mem_mb=1024,
        runtime=15,
    shell:
        naskah(
            "--config {input.config} --log {log} render pdf"
            " --markdown {input.markdown} --bibliography {input.bib} --out {output.pdf} --typst {output.typst}"
            " --provenance {input.provenance} --format-check {output.check}"
            " --cited {input.cited}"
        )
