# The privacy guard: scans every output for identifying information; the build fails on a hit.
# Only when everything passed does it publish the staged drafts to results/thesis.* (atomically, one
# file at a time). The published drafts are deliberately not Snakemake outputs: Snakemake deletes the
# outputs of a failed job, and a failed build must leave the last good draft untouched.


rule guard:
    input:
        config=settings("guard"),
        identities=identity_map(),
        outputs=guard_inputs(),
        sources=sources(),  # see common.smk
    output:
        report="results/privacy/guard.json",
    log:
        "logs/guard.log",
    conda:
        "../envs/naskah.yaml"
    threads: 1
    resources:
        mem_mb=1024,
        runtime=10,
    # the staged drafts first, then the rest of results/
    shell:
        naskah(
            "--config {input.config} --log {log} guard --out {output.report}"
            f" --publish {STAGING} results"
        )
