# Rendering: pandoc (+ citeproc) to HTML and DOCX, pandoc -> typst -> PDF; the three jobs run in parallel.
# Drafts go to results/staging/: only the guard publishes them to results/ (see guard.smk).


rule render:
    input:
        config=settings("render"),
        markdown="results/thesis.md",
        bib="results/references.json",
        provenance="results/provenance/core.json",
        panel="results/provenance/panel.json",  # the HTML filter reads the panel's accounts
        records="results/provenance/records.json",  # tooltips (HTML), Word comments (DOCX)
        logo=logo_file(),
        csl=csl_file(),
        figures=expand(
            "results/figures/{figure}.{ext}", figure=FIGURE_IDS, ext=["svg", "png"]
        ),
    output:
        report(
            "results/staging/thesis.{fmt}",
            caption="../report/thesis.rst",
            category="Thesis draft",
        ),
    log:
        "logs/render_{fmt}.log",
    wildcard_constraints:
        fmt="html|docx",
    conda:
        "../envs/naskah.yaml"
    threads: 1
    resources:
        mem_mb=1024,
        runtime=15,
    shell:
        naskah(
            "--config {input.config} --log {log} render {wildcards.fmt}"
            " --markdown {input.markdown} --bibliography {input.bib} --out {output}"
            " --provenance {input.provenance}"
        )


rule render_pdf:
    input:
        config=settings("render"),
        markdown="results/thesis.md",
        bib="results/references.json",
        provenance="results/provenance/core.json",
        logo=logo_file(),
        csl=csl_file(),
        figures=expand(
            "results/figures/{figure}.{ext}", figure=FIGURE_IDS, ext=["svg", "png"]
        ),
    output:
        pdf=report(
            "results/staging/thesis.pdf",
            caption="../report/thesis.rst",
            category="Thesis draft",
        ),
        typst="results/render/thesis.typ",
    log:
        "logs/render_pdf.log",
    # the longest render starts first: with two cores, HTML and DOCX then share the other one
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
            " --provenance {input.provenance}"
        )
