"""The build's stages, one function each: ``analyse``, ``literature``, ``assemble``, ``render``, ``manifest``,
``guard`` — with ``format_check``, which the DOCX and PDF renders run on their drafts, and ``check``, which
composes the first three and the guard in memory.

A stage takes a config and typed inputs and returns a result object; a separate ``write_*`` function puts
that result on disk. The Snakemake rule, the ``naskah`` subcommand and the module share the stage's name
(rule ``analyse`` → ``naskah analyse`` → :mod:`naskah.stages.analyse`), and the CLI adapters only parse
arguments and print what a stage returns. This layer sits above writing, render, provenance and privacy,
and below the CLI.
"""
