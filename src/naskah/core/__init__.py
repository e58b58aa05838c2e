"""The lowest layer: errors worded for users, labels per language, atomic files and hashes, line-
numbered CSV/YAML readers, the build clock, Markdown escaping and the names of outputs. Imports
nothing else of naskah.
"""
