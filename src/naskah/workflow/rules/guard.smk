# The privacy guard: scans every output for identifying information; the build fails on a hit.


rule guard:
    input:
        config=CONFIG_FILE,
        identities=identity_map(),
        outputs=guard_inputs(),
    output:
        report="results/privacy/guard.json",
    log:
        "logs/guard.log",
    conda:
        "../envs/naskah.yaml"
    params:
        naskah=NASKAH_VERSION,  # a new naskah version reruns the job
        naskah_cmd=NASKAH_CMD,  # the interpreter running Snakemake, not PATH
    shell:
        "{params.naskah_cmd} --config {input.config} --log {log} guard --out {output.report} results"
