"""Messages in the thesis language (naskah.core.messages): catalogues complete, compiled, and used."""

import subprocess
import sys
from pathlib import Path

import pytest

from naskah.core.messages import _, base_language, current_language, language_scope, n_
from naskah.core.suggest import did_you_mean

ROOT = Path(__file__).resolve().parents[2]


def test_every_marked_message_has_a_translation_and_the_compiled_catalogue_is_current():
    pytest.importorskip("babel")
    proc = subprocess.run([sys.executable, str(ROOT / "tools" / "messages.py"), "--check"],
                          capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_the_thesis_language_picks_the_catalogue_and_fields_are_filled_after_the_lookup():
    assert did_you_mean("stag", ["stage"]) == "did you mean 'stage'? "
    with language_scope("id-ID"):
        assert current_language() == "id"
        assert did_you_mean("stag", ["stage"]) == "maksud Anda 'stage'? "
    assert current_language() == "en"


def test_a_language_without_a_catalogue_reads_english():
    with language_scope("fr"):
        assert _("did you mean {name}? ", name="'x'") == "did you mean 'x'? "
        assert n_("({n} in all)", "({n} in all)", 3) == "(3 in all)"
    assert base_language(None) == "en" and base_language("id_ID") == "id"
