"""The house style: presets of faculty guidelines, the DOCX reference document and typst template built
from a style, and the format check.
"""
