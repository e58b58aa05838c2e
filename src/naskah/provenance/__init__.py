"""Provenance: the manifest of inputs, environment, artefacts, tables, numbers and quotations; trace,
verify and diff.
"""
