"""The corpus as outputs may show it: validated, and its turns redacted (see :mod:`naskah.privacy.detectors`).

Every stage that prints turns — the analysis's exemplar table, the chapters' quotations, provenance's
per-turn records — starts from this one function, so none of them can show a turn unredacted.
"""

from __future__ import annotations

from naskah.core.errors import Diagnostics
from naskah.data.codebook import Codebook, load_codebook
from naskah.data.config import Config
from naskah.data.transcripts import Corpus, load_corpus
from naskah.privacy.detectors import MARKERS, detector_for, redact_corpus


def load_inputs(config: Config, diags: Diagnostics | None = None) -> tuple[Codebook, Corpus]:
    """The codebook and the validated corpus, its turns redacted for display."""
    codebook_path = config.input_path("codebook")
    codebook = load_codebook(codebook_path, config.shown(codebook_path))
    corpus = load_corpus(config, codebook, diags)
    return codebook, redact_corpus(corpus, detector_for(config), MARKERS[config.language])
