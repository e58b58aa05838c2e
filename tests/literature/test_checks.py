"""Literature checks, the report and the Penelitian Terdahulu table (expected values counted by hand)."""

from __future__ import annotations

import json

import pytest
from conftest import read, write

from naskah.core.errors import Diagnostics, ValidationError
from naskah.data.config import config_from_dict
from naskah.literature.checks import check_literature, previous_studies_frame, table_meta
from naskah.literature.library import parse_library
from naskah.literature.report import profile_svg, report_json, report_json_text, report_markdown

LIBRARY = "references/library.bib"
BIB = """@article{baru2020,
  author = {Santoso, Budi and Rahma, Dewi},
  title = {Komunikasi Daring di Indonesia},
  journal = {Jurnal Komunikasi},
  volume = {5},
  pages = {1--10},
  year = {2020},
  keywords = {penelitian-terdahulu, lain},
  naskah-metode = {Wawancara},
  naskah-hasil = {Temuan {A}},
  naskah-persamaan = {Sama},
  naskah-perbedaan = {Beda}
}

@book{batas2016,
  author = {Nugroho, Agus},
  title = {Buku Batas Jendela},
  publisher = {Penerbit},
  year = {2016}
}

@book{lama2015,
  author = {Putri, Sari and Wijaya, Adi and Hidayat, Rina},
  title = {Buku Lama},
  year = {2015},
  keywords = {Penelitian-Terdahulu}
}

@misc{tanpatahun,
  author = {Lestari, Ayu},
  title = {Tanpa Tahun}
}

@article{tidakdikutip2021,
  author = {Lain, Orang},
  title = {Tidak Dikutip},
  journal = {Jurnal Lain},
  volume = {1},
  pages = {1},
  year = {2021},
  doi = {10.5555/abc.1}
}

@article{salinan2021,
  author = {Lain, O.},
  title = {Tidak dikutip},
  journal = {J. Lain},
  volume = {1},
  pages = {1},
  year = {2021},
  doi = {https://doi.org/10.5555/ABC.1}
}
"""
# entries start on lines 1, 15, 22, 29, 34, 44
CITED = ["baru2020", "batas2016", "lama2015", "tanpatahun"]


def config(language="id", **literature):
    return config_from_dict({
        "thesis": {"title": "T", "author": "A", "student_id": "1", "programme": "P", "faculty": "F",
                   "university": "U", "city": "C", "year": 2026, "language": language},
        "inputs": {}, "literature": literature}, ".")


def run(cited=CITED, language="id", strict=False, **literature):
    diags = Diagnostics()
    bib = parse_library(BIB, LIBRARY, diags)
    assert diags.items == []
    result = check_literature(bib, cited, config(language, **literature), diags, strict=strict)
    return result, diags


def messages(diags):
    return [(d.path, d.line, d.message) for d in diags.items]


def test_uncited_entries_are_one_warning_listing_them():
    result, diags = run()
    assert result.uncited == [("tidakdikutip2021", 34), ("salinan2021", 44)]
    assert (LIBRARY, 34, "2 entries are never cited: tidakdikutip2021 (line 34), salinan2021 (line 44)") \
        in messages(diags)


def test_same_doi_in_another_case_and_as_url_is_a_likely_duplicate():
    result, diags = run()
    assert (LIBRARY, 44, "'salinan2021' is likely the same work as 'tidakdikutip2021' (line 34): "
            "same DOI 10.5555/abc.1") in messages(diags)
    # same title and year too, but one warning per pair of entries
    assert result.duplicates == [{"reason": "same DOI 10.5555/abc.1", "keys": ["tidakdikutip2021", "salinan2021"],
                                  "lines": [34, 44]}]


def test_same_title_and_year_without_doi_is_a_likely_duplicate():
    diags = Diagnostics()
    bib = parse_library("@book{a, title = {Relasi {Digital} Remaja}, year = 2020}\n"
                        "@book{b, title = {Relasi digital remaja.}, year = {2020}}\n", LIBRARY, diags)
    check_literature(bib, [], config(), diags)
    assert (LIBRARY, 2, "'b' is likely the same work as 'a' (line 1): same title and year (2020)") in messages(diags)


def test_incomplete_cited_entries_are_warnings_naming_what_apa_needs():
    _, diags = run()
    found = messages(diags)
    assert (LIBRARY, 22, "'lama2015' (@book) lacks publisher, which its APA 7 reference needs") in found
    assert (LIBRARY, 29, "'tanpatahun' (@misc) lacks year or date, which its APA 7 reference needs") in found
    # complete entries and uncited ones are not reported
    assert not [m for m in found if "APA 7" in m[2] and ("baru2020" in m[2] or "tidakdikutip" in m[2])]


def test_recency_counts_cited_works_in_the_window():
    result, diags = run(min_recent_share=0.8)
    # 2020 and 2016 are in 2016-2026; 2015 is older; one work has no year
    assert result.recency == {"window": [2016, 2026], "recent_years": 10, "cited": 4, "recent": 2, "older": 1,
                              "undated": 1, "share": 0.5, "min_share": 0.8, "passes": False}
    (recency,) = [d for d in diags.warnings if "were published" in d.message]
    assert recency.message == ("2 of 4 cited works (50,0%) were published in 2016–2026; "
                               "the rule asks for at least 80%")
    assert recency.path == "config/config.yaml"


def test_recency_rule_passes_and_window_follows_the_setting():
    result, diags = run(recent_years=11, min_recent_share=0.75)
    assert result.recency["window"] == [2015, 2026]
    assert result.recency["recent"] == 3 and result.recency["passes"] is True
    assert not [d for d in diags.items if "were published" in d.message]


def test_literature_strict_turns_its_warnings_into_errors():
    _, diags = run(strict=True, min_recent_share=0.8)
    assert diags.warnings == []
    assert any("were published" in d.message for d in diags.errors)
    _, diags = run(min_recent_share=0.8, **{"strict": True})
    assert diags.warnings == [] and diags.errors
    with pytest.raises(ValidationError):
        diags.raise_if_errors()


def test_profile_by_type_and_year():
    result, _ = run()
    assert result.by_kind == {"article": 1, "book": 2, "other": 1}
    assert result.by_year == {"2015": 1, "2016": 1, "2020": 1, "t.t.": 1}


def test_previous_studies_come_from_the_keyword_in_year_order():
    result, diags = run()
    assert result.previous == ["lama2015", "baru2020"]
    assert (LIBRARY, 22, "'lama2015' is in the Penelitian Terdahulu table but lacks naskah-metode, naskah-hasil, "
            "naskah-persamaan, naskah-perbedaan") in messages(diags)
    frame = previous_studies_frame(result)
    assert list(frame.columns) == ["No", "Peneliti (Tahun)", "Judul", "Metode", "Hasil", "Persamaan", "Perbedaan"]
    assert frame.rows == [
        ["1", "Putri dkk. (2015)", "Buku Lama", "—", "—", "—", "—"],
        ["2", "Santoso & Rahma (2020)", "Komunikasi Daring di Indonesia", "Wawancara", "Temuan A", "Sama", "Beda"],
    ]


def test_previous_studies_listed_in_the_config_come_first_and_must_exist():
    result, diags = run(previous_studies=["baru2020", "hilang2000"])
    assert result.previous == ["baru2020", "lama2015"]
    (error,) = diags.errors
    assert error.message == f"literature.previous_studies names 'hilang2000', which is not in {LIBRARY}"


def test_an_uncited_previous_study_is_a_warning():
    _, diags = run(previous_studies=["tidakdikutip2021"])
    assert (LIBRARY, 34, "'tidakdikutip2021' is in the Penelitian Terdahulu table but no chapter cites it") \
        in messages(diags)


def test_english_table_and_meta():
    result, _ = run(language="en")
    frame = previous_studies_frame(result)
    assert list(frame.columns) == ["No", "Author (Year)", "Title", "Method", "Findings", "Similarities",
                                   "Differences"]
    assert frame.rows[0][1] == "Putri et al. (2015)"
    assert table_meta(result, frame) == {
        "id": "penelitian-terdahulu", "label": "tbl:penelitian-terdahulu", "caption": "Previous studies",
        "rule": "literature",
        "file": "penelitian-terdahulu.csv", "numeric": ["No"], "sources": [LIBRARY], "shape": [2, 7]}


def test_report_states_the_counts_and_the_rule():
    result, _ = run(min_recent_share=0.8)
    text = report_markdown(result)
    assert "Library `references/library.bib`: 6 readable entries (0 unreadable blocks), 4 cited, 2 never cited." \
        in text
    assert "| published 2016–2026 | 2 | 50,0% |" in text
    assert "| without a year | 1 | 25,0% |" in text
    assert "The list does **not** meet the rule of at least 80% recent works" in text
    assert "- `salinan2021` (line 44)" in text
    data = report_json(result)
    assert data["cited"] == sorted(CITED) and data["uncited"][0] == {"key": "tidakdikutip2021", "line": 34}


@pytest.mark.parametrize("cited", [CITED, []])
def test_report_json_text_is_what_write_json_would_write(cited):
    result, _ = run(cited=cited)  # every entry cited but two, or none
    result.uncited.append(('kunci "aneh"\\ é', 7))  # a key JSON must escape
    result.diagnostics = result.diagnostics or [d for d in run()[1].items]
    expected = json.dumps(report_json(result), ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    assert report_json_text(result) == expected
    result.uncited.clear()
    assert report_json_text(result) == json.dumps(report_json(result), ensure_ascii=False, indent=2,
                                                  sort_keys=True) + "\n"


def test_profile_figure_is_deterministic_and_marks_the_window():
    result, _ = run()
    svg = profile_svg(result)
    assert svg == profile_svg(run()[0])
    assert svg.count('fill="#1f4e79"') == 2  # 2016 and 2020, inside the window
    assert svg.count('fill="#9db7d5"') == 1  # 2015


# --- the command ---------------------------------------------------------------------------------

REPORT_FILES = ["penelitian-terdahulu.csv", "profile.svg", "report.json", "report.md", "tables.json"]


def add_literature_settings(project, text):
    cfg = read(project, "config/config.yaml")
    write(project, "config/config.yaml", cfg.rstrip("\n") + "\nliterature:\n" + text)
    return len(cfg.rstrip("\n").split("\n")) + 1  # the line of "literature:"


def test_literature_writes_the_report_and_tables(mini, run_cli):
    code, err = run_cli(mini, "literature")
    assert code == 0, err
    assert sorted(p.name for p in (mini / "results" / "literature").iterdir()) == REPORT_FILES
    assert json.loads(read(mini, "results/literature/tables.json")) == {"tables": []}
    assert read(mini, "results/literature/penelitian-terdahulu.csv") == \
        "No,Peneliti (Tahun),Judul,Metode,Hasil,Persamaan,Perbedaan\n"


def test_recency_rule_warns_and_strict_stops(mini, run_cli):
    line = add_literature_settings(mini, "  min_recent_share: 0.8\n")
    code, err = run_cli(mini, "literature")
    assert code == 0, err
    # devito2016 is in 2016-2026, walther1996 is not
    assert (f"config/config.yaml:{line + 1}: peringatan: 1 dari 2 karya yang dikutip (50,0%) terbit pada 2016–2026; "
            "ketentuannya paling sedikit 80%") in err
    code, err = run_cli(mini, "literature", "--strict")
    assert code == 1
    assert f"config/config.yaml:{line + 1}: 1 dari 2 karya yang dikutip" in err
    assert "tidak ada yang ditulis" in err


def test_literature_strict_setting_fails_check_too(mini, run_cli):
    add_literature_settings(mini, "  min_recent_share: 0.8\n  strict: true\n")
    code, err = run_cli(mini, "check")
    assert code == 1
    assert "1 dari 2 karya yang dikutip (50,0%)" in err and "peringatan:" not in err


def test_penelitian_terdahulu_from_custom_fields(mini, run_cli):
    bib = read(mini, LIBRARY)
    fields = ("  keywords = {penelitian-terdahulu},\n  naskah-metode = {Kajian teori},\n"
              "  naskah-hasil = {Model hiperpersonal},\n  naskah-persamaan = {Komunikasi bermedia komputer},\n"
              "  naskah-perbedaan = {Tanpa informan},\n")
    write(mini, LIBRARY, bib.replace("  doi = {10.1177/009365096023001001}\n",
                                     "  doi = {10.1177/009365096023001001},\n" + fields.rstrip(",\n") + "\n"))
    code, err = run_cli(mini, "literature")
    assert code == 0, err
    assert read(mini, "results/literature/penelitian-terdahulu.csv").split("\n")[1] == (
        '1,Walther (1996),"Computer-Mediated Communication: Impersonal, Interpersonal, and Hyperpersonal '
        'Interaction",Kajian teori,Model hiperpersonal,Komunikasi bermedia komputer,Tanpa informan')
    (meta,) = json.loads(read(mini, "results/literature/tables.json"))["tables"]
    assert meta["shape"] == [1, 7] and meta["label"] == "tbl:penelitian-terdahulu"
    assert "naskah-" not in read(mini, "results/references.bib")


def test_report_lists_the_problems_of_reading_the_library(mini, run_cli):
    bib = read(mini, LIBRARY)
    write(mini, LIBRARY, "// diekspor dari JabRef\n" + bib)
    code, err = run_cli(mini, "literature")
    assert code == 0, err
    assert f"{LIBRARY}:1: peringatan: teks di luar entri diabaikan: '// diekspor dari JabRef'" in err
    report = read(mini, "results/literature/report.md")
    assert f"- {LIBRARY}:1: peringatan: teks di luar entri diabaikan" in report


def test_a_library_that_is_not_utf8_stops_with_its_line(mini, run_cli):
    bib = read(mini, LIBRARY)
    write(mini, LIBRARY, bib.replace("DeVito", "D\u00e9Vito"), encoding="latin-1")
    code, err = run_cli(mini, "literature")
    assert code == 1
    assert f"{LIBRARY}:2: bukan UTF-8 yang valid (bita 0xe9)" in err
    assert not (mini / "results").exists()
