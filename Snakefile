# naskah: build this thesis with `snakemake -c2` (see README.md). The rules ship inside the naskah
# package (src/naskah/workflow/); this file includes them and names what a build makes.
import naskah.workflow


include: naskah.workflow.SNAKEFILE


rule all:
    default_target: True
    input:
        final_outputs(),
