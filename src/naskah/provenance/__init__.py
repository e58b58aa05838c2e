"""Provenance: the manifest of a build (manifest, corpus), and what advisors and examiners run on it:
trace, verify (load, rebuild, compare, embedded), diff and bundle.
"""
