"""Citations in chapters, the BibTeX library, and the cited subset handed to pandoc."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pypandoc
import pytest

from naskah.core.errors import Diagnostic, Diagnostics, ValidationError
from naskah.literature.library import check_citations, cited_subset, decoded_entries, find_citations, read_library

CHAPTER = "chapters/02-hasil.md"
LIBRARY = "references/library.bib"

BIB = """@string{pub = "Pearson"}

@book{devito2016,
  author = {{DeVito}, Joseph A.},
  title = {The Interpersonal Communication Book},
  publisher = pub,
  year = 2016
}

@article{broken,
  author = {Tanpa Tutup,
  year = {2000}

@article{walther1996,
  author = {Walther, Joseph B.},
  title = {Computer-Mediated Communication},
  year = {1996}
}

@misc{devito2016,
  title = {Lagi},
  year = {2017}
}

@misc{zeta2020,
  title = {Zeta},
  year = {2020}
}

@misc{key.with.dots,
  title = {Bertitik},
  year = {2021}
}
"""
# line 1 @string, 3 devito2016, 10 broken (never closed), 14 walther1996, 20 devito2016 again,
# 25 zeta2020, 30 key.with.dots


@pytest.fixture
def library(tmp_path):
    path = tmp_path / "library.bib"
    path.write_text(BIB, encoding="utf-8")
    diags = Diagnostics()
    return read_library(path, LIBRARY, diags), diags


def found(text):
    return [(c.key, c.line, c.column) for c in find_citations(text, CHAPTER)]


def test_bracketed_citation_with_locator():
    assert found("Hubungan berkembang [@devito2016, hlm. 5].") == [("devito2016", 1, 22)]


def test_in_text_citation_at_line_start():
    assert found("Pendahuluan.\n@walther1996 menyatakan bahwa") == [("walther1996", 2, 1)]


def test_several_keys_in_one_bracket():
    assert found("Lihat [@a; @b].") == [("a", 1, 8), ("b", 1, 12)]


def test_braced_key_with_dots():
    assert found("Kunci bertitik @{key.with.dots}.") == [("key.with.dots", 1, 16)]


def test_suppressed_author_and_sentence_end():
    assert found("[-@devito2016] dan oleh @walther1996.") == [("devito2016", 1, 3), ("walther1996", 1, 25)]


def test_citation_path_is_kept():
    (citation,) = find_citations("[@x]", CHAPTER)
    assert citation.path == CHAPTER


@pytest.mark.parametrize("text", [
    "Surel: nama@contoh.id atau n.a-ma@kampus.ac.id",
    "Bukan kutipan: \\@devito2016",
    "Lihat @tbl:informants, @fig:model dan @sec:hasil.",
])
def test_not_citations(text):
    assert found(text) == []


def test_fenced_code_is_ignored():
    text = "Sebelum @a.\n```\n@dalamkode\n```\nSesudah @b.\n~~~\n@juga_kode\n~~~\n@c"
    assert found(text) == [("a", 1, 9), ("b", 5, 9), ("c", 9, 1)]


def test_inline_code_is_not_a_citation():
    # pandoc does not cite inside `code`, so neither should the check
    assert found("Aturan CSS `@media print` dipakai.") == []


def test_mini_library_reads_cleanly(mini):
    diags = Diagnostics()
    bib = read_library(mini / LIBRARY, LIBRARY, diags)
    assert diags.items == []
    assert sorted(bib.entries) == ["devito2016", "walther1996"]


def test_failed_block_is_a_warning_with_its_line(library):
    _, diags = library
    assert diags.errors == []
    unreadable = [str(d) for d in diags.warnings if "unreadable" in d.message]
    assert len(unreadable) == 1
    assert unreadable[0].startswith(f"{LIBRARY}:10: warning: unreadable entry")


def test_duplicate_key_is_a_warning_with_both_lines(library):
    bib, diags = library
    duplicate = [str(d) for d in diags.warnings if "duplicate" in d.message]
    assert duplicate == [
        f"{LIBRARY}:20: warning: duplicate key 'devito2016' (first defined on line 3)"
        " — rename or delete one of the entries"
    ]
    assert bib.duplicates == {"devito2016": [20]}


def test_entries_after_a_broken_block_are_still_read(library):
    bib, _ = library
    assert sorted(bib.entries) == ["devito2016", "key.with.dots", "walther1996", "zeta2020"]


def test_missing_key_is_an_error_at_the_citation(library):
    bib, _ = library
    diags = Diagnostics()
    text = "# Hasil\n\nSeperti kata @walther1996 dan [@tidakada2020, hlm. 3].\n"
    keys = check_citations(find_citations(text, CHAPTER), bib, diags)
    assert keys == ["walther1996"]
    assert [str(d) for d in diags.errors] == [
        f"{CHAPTER}:3:32: citation @tidakada2020 is not in {LIBRARY} — add the entry to the library or fix the key"
    ]
    with pytest.raises(ValidationError):
        diags.raise_if_errors()


def test_citing_a_duplicated_key_is_an_error(library):
    bib, _ = library
    diags = Diagnostics()
    keys = check_citations(find_citations("Lihat @devito2016.", CHAPTER), bib, diags)
    assert keys == []
    (error,) = diags.errors
    assert str(error).startswith(f"{CHAPTER}:1:7: citation @devito2016 is ambiguous")
    assert "lines 20" in str(error)


def test_check_returns_each_cited_key_once_sorted(library):
    bib, _ = library
    diags = Diagnostics()
    text = "@zeta2020 dan @walther1996; lagi @zeta2020 dan @{key.with.dots}"
    assert check_citations(find_citations(text, CHAPTER), bib, diags) == ["key.with.dots", "walther1996", "zeta2020"]
    assert diags.items == []


def test_cited_subset_keeps_only_cited_entries_sorted(library):
    bib, _ = library
    subset = cited_subset(bib, ["zeta2020", "key.with.dots"])
    assert "walther1996" not in subset
    assert "devito2016" not in subset
    assert "broken" not in subset
    assert subset.index("@misc{key.with.dots,") < subset.index("@misc{zeta2020,")


def test_cited_subset_keeps_string_macros_and_raw_values(library):
    bib, _ = library
    subset = cited_subset(bib, ["devito2016", "walther1996"])
    assert '@string{pub = "Pearson"}' in subset
    assert "publisher = pub," in subset  # the macro is still a macro, not a quoted "pub"
    assert "author = {{DeVito}, Joseph A.}," in subset  # braces that protect case are kept
    assert "year = 2016" in subset
    assert "title = {Lagi}" not in subset  # the repeated definition is not exported
    assert subset.index("@book{devito2016,") < subset.index("@article{walther1996,")


def test_cited_subset_is_read_by_pandoc(library, tmp_path):
    bib, _ = library
    path = tmp_path / "references.bib"
    path.write_text(cited_subset(bib, ["devito2016"]), encoding="utf-8")
    out = subprocess.run([pypandoc.get_pandoc_path(), "-f", "bibtex", "-t", "csljson", str(path)],
                         capture_output=True, text=True, check=True).stdout
    (entry,) = json.loads(out)
    assert entry["id"] == "devito2016"
    assert entry["publisher"] == "Pearson"
    assert entry["author"] == [{"family": "DeVito", "given": "Joseph A."}]


# --- real and messy exports (tests/fixtures/bib, see SOURCES.md) ------------------------------------

FIXTURES = Path(__file__).parent.parent / "fixtures" / "bib"


def read_fixture(name, cited=frozenset()):
    diags = Diagnostics()
    return read_library(FIXTURES / name, LIBRARY, diags, cited), diags


def test_messy_export_every_problem_has_its_line():
    # lines counted by hand in messy-synthetic.bib
    _, diags = read_fixture("messy-synthetic.bib")
    assert [(d.line, d.severity, d.message) for d in sorted(diags.items, key=Diagnostic.sort_key)] == [
        (4, "warning", "missing comma before field 'title' in 'nocomma2020': it was read as part of 'author'"),
        (10, "warning", "text outside any entry is ignored: '// ekspor dari aplikasi lain'"),
        (11, "warning", "unreadable entry 'unclosed2019': it is not closed before the next entry (line 18)"),
        (18, "warning", "@article entry without a citation key"),
        (26, "warning", "field 'title' appears twice in 'twice2017'; the first value is used"),
        (33, "warning", "duplicate key 'twice2017' (first defined on line 23)"),
    ]


def test_problems_with_cited_entries_are_errors():
    _, diags = read_fixture("messy-synthetic.bib", cited={"unclosed2019", "nocomma2020"})
    assert [(d.line, d.severity) for d in diags.errors] == [(4, "error"), (11, "error")]
    assert len(diags.warnings) == 4


def test_missing_comma_recovers_both_fields():
    bib, _ = read_fixture("messy-synthetic.bib")
    record = bib.records["nocomma2020"]
    assert record.value("author") == "Santoso, Budi"
    assert record.value("title") == "Komunikasi Daring"


def test_repeated_field_and_repeated_key_keep_the_first_definition():
    bib, _ = read_fixture("messy-synthetic.bib")
    assert bib.records["twice2017"].line == 23
    assert bib.records["twice2017"].value("title") == "Judul Pertama"
    assert bib.duplicates == {"twice2017": [33]}


def test_citing_an_unreadable_entry_names_its_line():
    bib, _ = read_fixture("messy-synthetic.bib")
    diags = Diagnostics()
    assert check_citations(find_citations("Lihat @unclosed2019.", CHAPTER), bib, diags) == []
    assert [str(d) for d in diags.errors] == [
        f"{CHAPTER}:1:7: citation @unclosed2019: its entry in {LIBRARY} (line 11) could not be read"
        " — fix the entry (see the message for that line)"]


def test_mendeley_banner_is_not_stray_text():
    bib, diags = read_fixture("mendeley-adriaanrol-excerpt.bib")
    assert diags.items == []
    assert len(bib.records) == 8


def test_mendeley_tex_escaped_url_is_exported_as_a_plain_address():
    bib, diags = read_fixture("mendeley-czapla-excerpt.bib")
    assert diags.items == []
    exported = cited_subset(bib, ["Mittal2007"])
    assert "url = {https://books.google.com/books?id=4TBsVxw0pbkC&dq=polyimide+1342+cm&source=gbs_navlinks_s}" \
        in exported
    assert "{\\_}" not in exported and "{\\&}" not in exported


def test_real_zotero_and_biblatex_exports_read_cleanly():
    for name, count in (("zotero-celeritas-excerpt.bib", 6), ("biblatex-examples-excerpt.bib", 6)):
        bib, diags = read_fixture(name)
        assert diags.items == [], name
        assert len(bib.records) == count


def test_year_comes_from_year_or_biblatex_date():
    bib, _ = read_fixture("biblatex-examples-excerpt.bib")
    assert bib.records["aksin"].year == 2006  # date = 2006, a bare number
    assert bib.records["ctan"].year == 2006
    bib, _ = read_fixture("messy-synthetic.bib")
    assert bib.records["online2023"].year == 2023  # date = {2023-05-01}


def test_only_the_displayed_entries_are_latex_decoded():
    bib, _ = read_fixture("biblatex-examples-excerpt.bib")
    decoded = decoded_entries(bib, ["aksin"])
    assert list(decoded) == ["aksin"]
    authors = decoded["aksin"]["author"]
    assert [" ".join(a.last) for a in authors][:2] == ["Aksın", "Türkmen"]
    assert decoded["aksin"]["journaltitle"] == "J.\xa0Organomet. Chem."  # @string jomch resolved, ~ decoded
    assert bib.records["aksin"].fields["author"].startswith("{Aks{\\i}n")  # the library itself stays raw


# --- the export handed to pandoc -----------------------------------------------------------------


def exported(name, keys, language="id"):
    bib, _ = read_fixture(name)
    return cited_subset(bib, keys, language)


def test_export_drops_private_and_bulky_fields():
    text = exported("zotero-celeritas-excerpt.bib", ["agostiniLiquidArgonLight2023"])
    assert "abstract" not in text and "file =" not in text and "/Users/seth" not in text
    assert "doi = {10.1140/epjc/s10052-023-11354-9}" in text


def test_export_normalises_doi_urls_and_theses():
    text = exported("messy-synthetic.bib", ["doiurl2021", "web2022", "diss2015"])
    assert "doi = {10.1234/JKM.2021.045}" in text  # https://doi.org/ removed, pandoc adds it back
    assert "url = {kominfo.go.id/siaran-pers}" in text  # the first of two addresses
    assert "type = {Disertasi}" in text
    assert "type = {Doctoral dissertation}" in exported("messy-synthetic.bib", ["diss2015"], "en")


def test_export_translates_biblatex_thesis_keys():
    text = exported("biblatex-examples-excerpt.bib", ["geer", "loh"])
    assert "type = {Disertasi}" in text and "type = {Tesis}" in text
    assert "phdthesis" not in text.replace("@thesis", "")


def test_export_includes_crossref_parents():
    text = exported("biblatex-examples-excerpt.bib", ["westfahl:space"])
    assert "@collection{westfahl:frontier," in text
    assert "@string{jomch" in text  # macros travel with the entries


def test_export_never_touches_the_users_file(tmp_path):
    source = FIXTURES / "messy-synthetic.bib"
    before = source.read_bytes()
    exported("messy-synthetic.bib", ["doiurl2021"])
    assert source.read_bytes() == before


def _csljson(text, tmp_path):
    path = tmp_path / "references.bib"
    path.write_text(text, encoding="utf-8")
    out = subprocess.run([pypandoc.get_pandoc_path(), "-f", "biblatex", "-t", "csljson", str(path)],
                         capture_output=True, text=True, check=True).stdout
    return {item["id"]: item for item in json.loads(out)}


def test_pandoc_reads_the_normalised_export(tmp_path):
    items = _csljson(exported("messy-synthetic.bib", ["doiurl2021", "diss2015", "online2023"])
                     + exported("biblatex-examples-excerpt.bib", ["ctan"]), tmp_path)
    assert items["doiurl2021"]["DOI"] == "10.1234/JKM.2021.045"
    assert items["diss2015"]["genre"] == "Disertasi"  # not "[Phdthesis]" under lang id-ID
    assert items["ctan"]["type"] == "webpage"
    assert items["ctan"]["accessed"] == {"date-parts": [[2006, 10, 1]]}  # urldate survives for "diakses"


def test_a_parser_crash_is_reported_not_raised(tmp_path, monkeypatch):
    def crash(*args, **kwargs):
        raise RuntimeError("splitter state")

    monkeypatch.setattr("naskah.literature.library.bibtexparser.parse_string", crash)
    path = tmp_path / "library.bib"
    path.write_text("@misc{a, title = {A}}\n", encoding="utf-8")
    diags = Diagnostics()
    bib = read_library(path, LIBRARY, diags)
    assert bib.records == {}
    assert [str(d) for d in diags.errors] == [
        f"{LIBRARY}:1: bibtexparser could not read this file (RuntimeError: splitter state) — find the entry it "
        "stopped at by halving the file, and fix or remove it"]
