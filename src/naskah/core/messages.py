"""Messages in the thesis language: gettext catalogues for what naskah tells the student.

A student writing an Indonesian *skripsi* reads naskah's messages about their own files — a typo in a
template, a quote that differs from the transcript, a column missing in ``informants.csv`` — in
Indonesian; an English thesis gets English. naskah's source is written in English, and every message
that is the student's goes through :func:`_` (or :func:`n_` when it counts something), the way gettext
projects mark their strings. Translations live in standard gettext catalogues
(``naskah/locale/<lang>/LC_MESSAGES/naskah.po``, compiled to the ``.mo`` beside it, both committed), so a
translator uses the usual tools (Poedit, Weblate) and Babel extracts and compiles them
(``python tools/messages.py``; a test fails when a marked message has no translation or the ``.mo`` is
stale). Messages of naskah's own bugs and of tool failures stay English: they go to a developer.

The language is one per process: the CLI sets it from ``thesis.language`` as soon as the config is read
(:func:`set_language`); code run in-process (tests, ``naskah check``) can use :func:`language_scope`.
Templates use ``str.format`` fields, ``_("unknown group {name}", name=…)``, so the translator sees the
whole sentence and may reorder it; the fields are filled in after the lookup.
"""

from __future__ import annotations

import gettext
import re
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from importlib import resources

DOMAIN = "naskah"
SOURCE_LANGUAGE = "en"

_current = SOURCE_LANGUAGE


@cache
def _catalogue(language: str) -> gettext.NullTranslations:
    """The compiled catalogue of *language* (``en``: the source text itself)."""
    if language == SOURCE_LANGUAGE:
        return gettext.NullTranslations()
    path = resources.files("naskah").joinpath("locale", language, "LC_MESSAGES", f"{DOMAIN}.mo")
    try:
        with path.open("rb") as handle:
            return gettext.GNUTranslations(handle)
    except OSError:
        return gettext.NullTranslations()  # a language without a catalogue reads naskah's English


def base_language(tag: str | None) -> str:
    """``"id-ID"`` → ``"id"``; unknown or empty → English."""
    if not tag:
        return SOURCE_LANGUAGE
    base = str(tag).replace("_", "-").split("-")[0].lower()
    return base if re.fullmatch(r"[a-z]{2,3}", base) else SOURCE_LANGUAGE  # never a path to a catalogue


def set_language(tag: str | None) -> None:
    """Messages from now on in *tag*'s language (``id``, ``id-ID``, ``en``…)."""
    global _current
    _current = base_language(tag)


def current_language() -> str:
    return _current


@contextmanager
def language_scope(tag: str | None) -> Iterator[None]:
    """Messages in *tag*'s language inside the ``with`` block (tests, in-process callers)."""
    global _current
    before = _current
    set_language(tag)
    try:
        yield
    finally:
        _current = before


def _(message: str, /, **fields: object) -> str:
    """*message* in the current language, its ``{fields}`` filled in."""
    text = _catalogue(_current).gettext(message)
    return text.format(**fields) if fields else text


def n_(singular: str, plural: str, n: int, /, **fields: object) -> str:
    """The form of *singular*/*plural* for the count *n* in the current language; ``{n}`` is *n*."""
    text = _catalogue(_current).ngettext(singular, plural, n)
    return text.format(n=n, **fields)
