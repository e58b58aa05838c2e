"""Property tests: whatever a loader is given — arbitrary text, near-miss syntax, arbitrary bytes — it either
succeeds or raises one of naskah's own error types for the user's input (a NaskahError that is not an
InternalError). A TypeError, KeyError, csv.Error or re.error escaping a loader would reach the user as
"internal error in naskah" with a traceback.

Each loader reads a file of one private project (a copy of tests/fixtures/mini made once per module), as
naskah reads it. The examples are derandomised and bounded, so the module stays well under 20 s.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from badcases import MINI
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from naskah.core.errors import Diagnostics, InternalError, NaskahError

# NASKAH_FUZZ_EXAMPLES=5000 pytest tests/bad_inputs/test_properties.py: a longer, random hunt
HUNT = int(os.environ.get("NASKAH_FUZZ_EXAMPLES", "0"))
SETTINGS = settings(max_examples=HUNT or 120, deadline=None, derandomize=not HUNT, database=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])


def near(tokens: list[str], max_size: int = 40) -> st.SearchStrategy[str]:
    """Text made of a format's own syntax, real ids and arbitrary snippets: near-misses of valid files."""
    piece = st.one_of(st.sampled_from(tokens), st.text(max_size=6),
                      st.sampled_from(["\n", "\r\n", "\t", " ", "\x00", "\ufeff", "é", "“", "…"]))
    return st.lists(piece, max_size=max_size).map("".join)


def content(tokens: list[str]) -> st.SearchStrategy[bytes]:
    """What a file may hold: near-miss text in UTF-8 (sometimes UTF-16 or cp1252), or any bytes at all."""
    text = near(tokens)
    return st.one_of(
        text.map(lambda t: t.encode("utf-8")),
        text.map(lambda t: t.encode("utf-16")),
        text.map(lambda t: t.encode("cp1252", errors="replace")),
        st.binary(max_size=200),
    )


def user_error_only(call):
    """Run *call*: success, or a NaskahError meant for the user (never an InternalError, never another type)."""
    try:
        return call()
    except InternalError:
        raise
    except NaskahError as exc:
        assert exc.diagnostics, "an error without a diagnostic"
        for diagnostic in exc.diagnostics:
            assert diagnostic.message.strip()
        return None


def diagnostics_only(call) -> Diagnostics:
    """Run a loader that records problems in a Diagnostics; it may also raise a user error."""
    diags = Diagnostics()
    user_error_only(lambda: call(diags))
    for item in diags.items:
        assert item.message.strip()
    return diags


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    target = tmp_path_factory.mktemp("properties") / "mini"
    shutil.copytree(MINI, target, ignore=shutil.ignore_patterns("results"))
    return target


@pytest.fixture(scope="module")
def config(project):
    from naskah.data.config import load_config

    return load_config(project / "config/config.yaml")


@pytest.fixture(scope="module")
def codebook(project):
    from naskah.data.codebook import load_codebook

    return load_codebook(project / "data/codebook.yaml", "data/codebook.yaml")


YAML_TOKENS = ["thesis:", "inputs:", "tables:", "render:", "style:", "privacy:", "title:", "year:", "language:",
               "codebook:", "codes:", "- ", "id:", "label:", "parent:", "description:", "awal", "akhir", "2026",
               "id", "en", ": ", "{", "}", "[", "]", ",", "  ", "    ", '"', "'", "|", ">", "&a ", "*a", "? ",
               "!!str ", "!!python/object:os.system ", "---", "...", "%YAML 1.1", "#", "~", "null", "true", "0x1F",
               ".inf", "1e400", "<<: *a", "formats: [html, epub]", "preset: default", "allow: ['re:[']"]


@SETTINGS
@given(data=content(YAML_TOKENS))
@example(data="thesis:\n  title: Uji\u0092Mini\n".encode())  # found by this test: libyaml's ReaderError escaped
def test_config_loader(project, data):
    from naskah.data.config import load_config
    from naskah.data.inputs import check_inputs
    from naskah.privacy.detectors import detector_for

    path = project / "config" / "fuzz.yaml"
    path.write_bytes(data)

    def load():
        config = load_config(path, root=project)
        check_inputs(config).raise_if_errors()
        config.style  # noqa: B018 - the style is loaded (and validated) on first use
        detector_for(config)
        return config

    user_error_only(load)


JSON = st.recursive(st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8)
                    | st.sampled_from(["default", "a4", "html", "apa", "12pt", "3cm", "re:[", "../x", "chapters"]),
                    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
                    max_leaves=8)
SETTING_PATHS = [("thesis", "year"), ("thesis", "language"), ("thesis", "citation_style"), ("thesis", "logo"),
                 ("thesis", "supervisors"), ("inputs", "transcripts"), ("inputs", "max_transcript_mb"),
                 ("informants", "categories"), ("informants", "groups"), ("tables", "informant_columns"),
                 ("tables", "captions"), ("tables", "sources"), ("render", "formats"), ("render", "mode"),
                 ("privacy", "allow"), ("privacy", "identities"), ("literature", "previous_studies"),
                 ("literature", "min_recent_share"), ("style", "preset"), ("style", "page"), ("style", "font"),
                 ("style", "headings"), ("style", "captions"), ("style", "front_matter"), ("style", "tables"),
                 ("style", "body"), ("style", "extends")]


# values a student plausibly mistypes: broken expressions, paths out of the project, odd lengths and patterns
TRICKY = st.sampled_from(["re:[", "re:(?P<x", "re:*", "../outside.csv", "/etc/passwd", "", " ", "kunci", "epub",
                          "html", "12pt", "-1cm", "0", "1e9", "BAB {1:I}", "{1:Q}", "{9}", "{", "}", "{1", "%s",
                          "chapters", "data", "figure:x", "tbl:x", "review", "final"])
SETTING_VALUE = st.one_of(JSON, TRICKY, st.lists(TRICKY, max_size=3),
                          st.dictionaries(TRICKY, TRICKY | JSON, max_size=3))


@pytest.mark.parametrize("where", SETTING_PATHS, ids=".".join)
@settings(SETTINGS, max_examples=HUNT or 25)
@given(value=SETTING_VALUE)
@example(value=["re:[", "re:(?P<x"])  # found by this test: a broken privacy.allow expression crashed every command
@example(value="../outside.csv")
@example(value=[{"level": 1, "numbering": "{1:Q}"}])
def test_config_settings(project, config, where, value):
    """Any value of any setting (the style's overrides included): a message about that setting, or a config."""
    import copy

    from naskah.data.config import config_from_dict
    from naskah.data.inputs import check_inputs
    from naskah.privacy.detectors import detector_for

    data = copy.deepcopy(config.data)
    data.setdefault(where[0], {})[where[1]] = value

    def load():
        loaded = config_from_dict(data, project, "config/config.yaml")
        check_inputs(loaded).raise_if_errors()
        loaded.style  # noqa: B018
        detector_for(loaded).mask_text("0812-3456-7890 @rina_99 https://x.org")  # privacy.allow, the identity map
        return loaded

    user_error_only(load)


@SETTINGS
@given(data=content(YAML_TOKENS))
@example(data=b"\xc2\x80")
@example(data=b"%YAML 1.1")  # found by this test: an error marked past the last line raised an IndexError
@example(data=b"codes:\n  - {id: a, id: b}\n")
def test_codebook_loader(project, data):
    from naskah.data.codebook import load_codebook

    path = project / "data" / "fuzz-codebook.yaml"
    path.write_bytes(data)
    user_error_only(lambda: load_codebook(path, "data/fuzz-codebook.yaml"))


CSV_TOKENS = ["informant", "group", "category", "usia", "turn", "speaker", "text", "codes", "codes:ani", "codes:",
              "A01", "A02", "B01", "P", "Kelompok A", "kunci", "utama", "awal", "awal_sapa", "akhir", "1", "2", "3",
              "-1", "1.0", "?", "-", ",", ";", "\t", '"', '""', "\n", "\r", "name", "phone", "handle", "kind",
              "value", "Siti Rahmawati", "0812-3456-7890", "@rina_99", "re:", "(", "[", "\\", "*"]


@SETTINGS
@given(data=content(CSV_TOKENS))
def test_informants_loader(project, config, data):
    from naskah.data.transcripts import read_informants

    (project / "data" / "informants.csv").write_bytes(data)
    try:
        diagnostics_only(lambda diags: read_informants(config, diags))
    finally:
        shutil.copy2(MINI / "data" / "informants.csv", project / "data" / "informants.csv")


@SETTINGS
@given(data=content(CSV_TOKENS), limit=st.sampled_from([None, 64]))
def test_transcript_loader(project, codebook, data, limit):
    from naskah.data.transcripts import read_transcript

    path = project / "data" / "fuzz" / "A01.csv"
    path.parent.mkdir(exist_ok=True)
    path.write_bytes(data)
    diagnostics_only(lambda diags: read_transcript(path, "A01", "data/fuzz/A01.csv", codebook, diags, limit))


BIB_TOKENS = ["@book{", "@article{", "@string{", "@comment{", "@preamble{", "@misc(", "devito2016", "walther1996",
              "x2020", ",", " = ", "=", "{", "}", "(", ")", '"', "#", "%", "\n", "author", "title", "year",
              "date", "doi", "url", "crossref", "keywords", "naskah-metode", "{DeVito, Joseph A.}", "{2016}",
              "{10.1177/0093}", "{https://x.org}", "and", "\\'e", "{\\em}", "@", "}}", "{{"]


@SETTINGS
@given(data=content(BIB_TOKENS), cited=st.sets(st.sampled_from(["devito2016", "walther1996", "x2020", ""])))
def test_library_loader(project, config, data, cited):
    from naskah.literature.checks import check_literature
    from naskah.literature.library import Citation, check_citations, cited_subset, decoded_entries, read_library

    path = project / "references" / "fuzz.bib"
    path.write_bytes(data)

    def load(diags):
        bib = read_library(path, "references/fuzz.bib", diags, cited)
        citations = [Citation(key, "chapters/01-pendahuluan.md", 1, 1) for key in sorted(cited) if key]
        keys = check_citations(citations, bib, diags)
        check_literature(bib, keys, config, diags)
        cited_subset(bib, keys)
        decoded_entries(bib, keys)

    diagnostics_only(load)


CHAPTER_TOKENS = ["# Hasil {#sec:hasil}\n", "## Temuan\n", "{{ ", " }}", "{% ", " %}", "{## ", " ##}", "{#sec:x}",
                  "if ", "endif", "for s in stages", "endfor", "stage.awal.informants", "stage.awl", "informants.total",
                  "corpus.turns", "agreement.overall.alpha", "| pct", "| dec(2)", " / 0", "table(\"stage-coverage\")",
                  "table(\"x\")", "figure(\"stage-informants\")", "quote(\"A01\", 4)", "quote(\"A01\", 3)",
                  "quote(\"A01\", 2, excerpt=\"awalnya … pelan\")", "exemplar_quotes(\"awal\", 2)",
                  "per_stage(\"kesimpulan\")", "@tbl:stage-coverage", "@tbl:tidak-ada", "@sec:hasil", "@fig:x",
                  "[@devito2016, hlm. 12]", "@walther1996", "\"Awalnya saya menyapa dulu\" [A01:2]", "[A01:99]",
                  "[C09:1]", "> ", "\n\n", ": Caption {#tbl:mine}\n", "| a | b |\n|---|---|\n", "![x](f.png){#fig:y}",
                  "```\n", "`", "…", "[…]", "\"", "(", ")", "[", "]", "{", "}", "\\"]


@pytest.fixture(scope="module")
def analysed(project, config, codebook):
    """What `naskah check` computes before it renders the chapters: corpus, tables and facts."""
    from naskah.analysis.tables import result_tables
    from naskah.writing.assemble import load_inputs

    _codebook, corpus = load_inputs(config)
    tables, facts = result_tables(config, corpus, codebook)
    return corpus, {t.id: t for t in tables}, facts


@settings(SETTINGS, max_examples=HUNT or 80)
@given(text=near(CHAPTER_TOKENS, max_size=30))
def test_chapter_through_jinja_and_crossref(project, config, codebook, analysed, text):
    from naskah.writing.assemble import build_markdown

    corpus, tables, facts = analysed
    chapter = project / "chapters" / "02-hasil.md"
    chapter.write_text(text, encoding="utf-8")
    try:
        user_error_only(lambda: build_markdown(config, codebook, corpus, facts, dict(tables)))
    finally:
        shutil.copy2(MINI / "chapters" / "02-hasil.md", chapter)


@SETTINGS
@given(data=content(CSV_TOKENS), probe=near(CSV_TOKENS, max_size=10))
def test_identity_map_loader(project, data, probe):
    from naskah.privacy.detectors import Detector, read_identities

    path = project / "private" / "identities.csv"
    path.parent.mkdir(exist_ok=True)
    path.write_bytes(data)

    def load():
        identities = read_identities(path, "private/identities.csv")
        detector = Detector(identities)
        for identity in identities:  # every value the map holds is found and masked in a text that carries it
            masked = detector.mask_text(f"kata {identity.value} {probe}")
            assert identity.value not in masked or len(identity.value) < 3
        return identities

    user_error_only(load)
