"""Citations in chapters, the BibTeX library, and the cited subset handed to pandoc."""

from __future__ import annotations

import json
import subprocess

import pypandoc
import pytest

from naskah.bibliography import check_citations, cited_subset, find_citations, read_library
from naskah.errors import Diagnostics, ValidationError

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
