"""Importers from QDA tools and transcripts into the native files, and the REFI-QDA export back.

One common model (:mod:`.model`), one reader per format (:mod:`.refi`, :mod:`.taguette`,
:mod:`.qualcoder`, :mod:`.segments`, :mod:`.transcripts`), the placing of codings that came
without positions (:mod:`.place`), the native writer and its report (:mod:`.write`), the command
(:mod:`.run`) and the ``.qdpx`` writer (:mod:`.export`).
"""
