"""Citations in the thesis language: the strings a reader sees in the text and in the reference list.

Each test renders with pandoc's citeproc, the bundled APA CSL and ``filters/citations.lua``, the way
``naskah.render.pandoc`` does, on a small library converted to CSL JSON as the literature stage converts
the cited entries (``naskah.literature.csljson``): one entry of each BibTeX type the demo
library uses (article, book, incollection) and of the types theses add (edited book, thesis, web page
with and without a date, report). Expected strings are APA 7 as Indonesian guides write it: "dan"
between two authors in running text but "&" in parentheses and in the list, "dkk.", "(Ed. ke-14)",
"Dalam … (Eds.)", "hlm.", "t.t.", "Diakses pada …, dari …", the day before the month; English theses
keep "and", "et al.", "(14th ed.)". Titles are in sentence case in both. Italics are written *so*.

The golden test runs the filter alone on ``golden/citations.md`` (its library ``golden/citations.json`` is
``golden/citations.bib`` converted, and a test keeps the two in step) and compares pandoc's Markdown with
``golden/citations.<lang>.expected.md``; ``NASKAH_UPDATE_GOLDEN=1`` rewrites those files.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from naskah.core.tools import pandoc_path
from naskah.data.config import load_config
from naskah.literature import csljson
from naskah.render.pandoc import pandoc_args, resource

GOLDEN = Path(__file__).parent / "golden"
LANGS = {"id": "id-ID", "en": "en-US"}

LIBRARY = r"""
@article{berger1975,
  author  = {Berger, Charles R. and Calabrese, Richard J.},
  title   = {Some Explorations in Initial Interaction and Beyond:
             Toward a Developmental Theory of Interpersonal Communication},
  journal = {Human Communication Research},
  volume  = {1},
  number  = {2},
  pages   = {99--112},
  year    = {1975},
  doi     = {10.1111/j.1468-2958.1975.tb00258.x}
}

@article{ellison2006,
  author  = {Ellison, Nicole and Heino, Rebecca and Gibbs, Jennifer},
  title   = {Managing Impressions Online: Self-Presentation Processes in the Online Dating Environment},
  journal = {Journal of Computer-Mediated Communication},
  volume  = {11},
  number  = {2},
  pages   = {415--441},
  year    = {2006},
  doi     = {10.1111/j.1083-6101.2006.00020.x}
}

@article{hull2017,
  author  = {Hull, Terence H.},
  title   = {From Concubines to Prostitutes: A Partial History of Trade in Sexual Services in {Indonesia}},
  journal = {Moussons},
  number  = {29},
  pages   = {65--93},
  year    = {2017},
  doi     = {10.4000/moussons.3771}
}

@book{devito2016,
  author    = {DeVito, Joseph A.},
  title     = {The Interpersonal Communication Book},
  edition   = {14},
  year      = {2016},
  publisher = {Pearson},
  address   = {Boston}
}

@book{sugiyono2017,
  author    = {Sugiyono},
  title     = {Metode Penelitian Kuantitatif, Kualitatif, dan {R\&D}},
  year      = {2017},
  publisher = {Alfabeta},
  address   = {Bandung}
}

@incollection{rollie2006,
  author    = {Rollie, Stephanie and Duck, Steve},
  title     = {Divorce and Dissolution of Romantic Relationships: Stage Models and Their Limitations},
  booktitle = {Handbook of Divorce and Relationship Dissolution},
  editor    = {Fine, Mark A. and Harvey, John H.},
  pages     = {223--240},
  year      = {2006},
  publisher = {Lawrence Erlbaum Associates},
  address   = {Mahwah, NJ}
}

@incollection{duck1982,
  author    = {Duck, Steve},
  title     = {A Topography of Relationship Disengagement and Dissolution},
  booktitle = {Personal Relationships 4: Dissolving Personal Relationships},
  editor    = {Duck, Steve},
  year      = {1982},
  publisher = {Academic Press},
  address   = {London}
}

@book{fine2006,
  editor    = {Fine, Mark A. and Harvey, John H.},
  title     = {Handbook of Divorce and Relationship Dissolution},
  year      = {2006},
  publisher = {Lawrence Erlbaum Associates},
  address   = {Mahwah, NJ}
}

@phdthesis{lestari2019,
  author = {Lestari, Dewi},
  title  = {Pengungkapan Diri dalam Aplikasi Kencan Daring},
  school = {Universitas Indonesia},
  year   = {2019},
  type   = {Disertasi}
}

@online{kemkes2024,
  author  = {{Kementerian Kesehatan Republik Indonesia}},
  title   = {Pencegahan {HIV} dan Infeksi Menular Seksual},
  url     = {https://www.kemkes.go.id/},
  urldate = {2024-01-02}
}

@online{wijaya2023,
  author       = {Wijaya, Andi},
  title        = {Aplikasi Pesan Jadi Ruang Transaksi},
  organization = {Kompas.id},
  date         = {2023-05-17},
  url          = {https://www.kompas.id/}
}

@report{apjii2015,
  author      = {{Asosiasi Penyelenggara Jasa Internet Indonesia}},
  title       = {Profil Pengguna Internet {Indonesia} 2014},
  institution = {Pusat Kajian Komunikasi Universitas Indonesia},
  year        = {2015}
}
"""

# key → language → (narrative "@key", parenthetical "[@key]", reference)
EXPECTED = {
    "berger1975": {  # article, two authors
        "id": ("Berger dan Calabrese (1975)", "(Berger & Calabrese, 1975)",
               "Berger, C. R., & Calabrese, R. J. (1975). Some explorations in initial interaction and beyond: "
               "Toward a developmental theory of interpersonal communication. *Human Communication Research*, "
               "*1*(2), 99–112. https://doi.org/10.1111/j.1468-2958.1975.tb00258.x"),
        "en": ("Berger and Calabrese (1975)", "(Berger & Calabrese, 1975)",
               "Berger, C. R., & Calabrese, R. J. (1975). Some explorations in initial interaction and beyond: "
               "Toward a developmental theory of interpersonal communication. *Human Communication Research*, "
               "*1*(2), 99–112. https://doi.org/10.1111/j.1468-2958.1975.tb00258.x"),
    },
    "ellison2006": {  # article, three authors
        "id": ("Ellison dkk. (2006)", "(Ellison dkk., 2006)",
               "Ellison, N., Heino, R., & Gibbs, J. (2006). Managing impressions online: Self-presentation processes "
               "in the online dating environment. *Journal of Computer-Mediated Communication*, *11*(2), 415–441. "
               "https://doi.org/10.1111/j.1083-6101.2006.00020.x"),
        "en": ("Ellison et al. (2006)", "(Ellison et al., 2006)",
               "Ellison, N., Heino, R., & Gibbs, J. (2006). Managing impressions online: Self-presentation processes "
               "in the online dating environment. *Journal of Computer-Mediated Communication*, *11*(2), 415–441. "
               "https://doi.org/10.1111/j.1083-6101.2006.00020.x"),
    },
    "hull2017": {  # article with an issue and no volume; {Indonesia} keeps its capital
        "id": ("Hull (2017)", "(Hull, 2017)",
               "Hull, T. H. (2017). From concubines to prostitutes: A partial history of trade in sexual services "
               "in Indonesia. *Moussons*, (29), 65–93. https://doi.org/10.4000/moussons.3771"),
        "en": ("Hull (2017)", "(Hull, 2017)",
               "Hull, T. H. (2017). From concubines to prostitutes: A partial history of trade in sexual services "
               "in Indonesia. *Moussons*, (29), 65–93. https://doi.org/10.4000/moussons.3771"),
    },
    "devito2016": {  # book with an edition
        "id": ("DeVito (2016)", "(DeVito, 2016)",
               "DeVito, J. A. (2016). *The interpersonal communication book* (Ed. ke-14). Pearson."),
        "en": ("DeVito (2016)", "(DeVito, 2016)",
               "DeVito, J. A. (2016). *The interpersonal communication book* (14th ed.). Pearson."),
    },
    "sugiyono2017": {  # book, Indonesian title, a one-word name
        "id": ("Sugiyono (2017)", "(Sugiyono, 2017)",
               "Sugiyono. (2017). *Metode penelitian kuantitatif, kualitatif, dan R&D*. Alfabeta."),
        "en": ("Sugiyono (2017)", "(Sugiyono, 2017)",
               "Sugiyono. (2017). *Metode penelitian kuantitatif, kualitatif, dan R&D*. Alfabeta."),
    },
    "rollie2006": {  # chapter in an edited book, two editors, pages
        "id": ("Rollie dan Duck (2006)", "(Rollie & Duck, 2006)",
               "Rollie, S., & Duck, S. (2006). Divorce and dissolution of romantic relationships: Stage models and "
               "their limitations. Dalam M. A. Fine & J. H. Harvey (Eds.), *Handbook of divorce and relationship "
               "dissolution* (hlm. 223–240). Lawrence Erlbaum Associates."),
        "en": ("Rollie and Duck (2006)", "(Rollie & Duck, 2006)",
               "Rollie, S., & Duck, S. (2006). Divorce and dissolution of romantic relationships: Stage models and "
               "their limitations. In M. A. Fine & J. H. Harvey (Eds.), *Handbook of divorce and relationship "
               "dissolution* (pp. 223–240). Lawrence Erlbaum Associates."),
    },
    "duck1982": {  # chapter, one editor, no pages
        "id": ("Duck (1982)", "(Duck, 1982)",
               "Duck, S. (1982). A topography of relationship disengagement and dissolution. Dalam S. Duck (Ed.), "
               "*Personal relationships 4: Dissolving personal relationships*. Academic Press."),
        "en": ("Duck (1982)", "(Duck, 1982)",
               "Duck, S. (1982). A topography of relationship disengagement and dissolution. In S. Duck (Ed.), "
               "*Personal relationships 4: Dissolving personal relationships*. Academic Press."),
    },
    "fine2006": {  # edited book
        "id": ("Fine dan Harvey (2006)", "(Fine & Harvey, 2006)",
               "Fine, M. A., & Harvey, J. H. (Eds.). (2006). *Handbook of divorce and relationship dissolution*. "
               "Lawrence Erlbaum Associates."),
        "en": ("Fine and Harvey (2006)", "(Fine & Harvey, 2006)",
               "Fine, M. A., & Harvey, J. H. (Eds.). (2006). *Handbook of divorce and relationship dissolution*. "
               "Lawrence Erlbaum Associates."),
    },
    "lestari2019": {  # thesis; `type` as the literature step writes it (here the Indonesian word in both)
        "id": ("Lestari (2019)", "(Lestari, 2019)",
               "Lestari, D. (2019). *Pengungkapan diri dalam aplikasi kencan daring* [Disertasi]. "
               "Universitas Indonesia."),
        "en": ("Lestari (2019)", "(Lestari, 2019)",
               "Lestari, D. (2019). *Pengungkapan diri dalam aplikasi kencan daring* [Disertasi]. "
               "Universitas Indonesia."),
    },
    "kemkes2024": {  # web page without a date: the access date
        "id": ("Kementerian Kesehatan Republik Indonesia (t.t.)", "(Kementerian Kesehatan Republik Indonesia, t.t.)",
               "Kementerian Kesehatan Republik Indonesia. (t.t.). *Pencegahan HIV dan infeksi menular seksual*. "
               "Diakses pada 2 Januari 2024, dari https://www.kemkes.go.id/"),
        "en": ("Kementerian Kesehatan Republik Indonesia (n.d.)", "(Kementerian Kesehatan Republik Indonesia, n.d.)",
               "Kementerian Kesehatan Republik Indonesia. (n.d.). *Pencegahan HIV dan infeksi menular seksual*. "
               "Retrieved January 2, 2024, from https://www.kemkes.go.id/"),
    },
    "wijaya2023": {  # web page with a full date
        "id": ("Wijaya (2023)", "(Wijaya, 2023)",
               "Wijaya, A. (2023, 17 Mei). *Aplikasi pesan jadi ruang transaksi*. Kompas.id. https://www.kompas.id/"),
        "en": ("Wijaya (2023)", "(Wijaya, 2023)",
               "Wijaya, A. (2023, May 17). *Aplikasi pesan jadi ruang transaksi*. Kompas.id. https://www.kompas.id/"),
    },
    "apjii2015": {  # report by an organisation
        "id": ("Asosiasi Penyelenggara Jasa Internet Indonesia (2015)",
               "(Asosiasi Penyelenggara Jasa Internet Indonesia, 2015)",
               "Asosiasi Penyelenggara Jasa Internet Indonesia. (2015). *Profil pengguna internet Indonesia 2014*. "
               "Pusat Kajian Komunikasi Universitas Indonesia."),
        "en": ("Asosiasi Penyelenggara Jasa Internet Indonesia (2015)",
               "(Asosiasi Penyelenggara Jasa Internet Indonesia, 2015)",
               "Asosiasi Penyelenggara Jasa Internet Indonesia. (2015). *Profil pengguna internet Indonesia 2014*. "
               "Pusat Kajian Komunikasi Universitas Indonesia."),
    },
}

# citations with a locator, typed as a writer of each language types them → what the reader sees
LOCATORS = {
    "id": {"@berger1975 [hlm. 5]": "Berger dan Calabrese (1975, hlm. 5)",
           "[@devito2016, hlm. 12; @ellison2006]": "(DeVito, 2016, hlm. 12; Ellison dkk., 2006)"},
    "en": {"@berger1975 [p. 5]": "Berger and Calabrese (1975, p. 5)",
           "[@devito2016, p. 12; @ellison2006]": "(DeVito, 2016, p. 12; Ellison et al., 2006)"},
}


def run_pandoc(*args: str, cwd: Path | None = None) -> str:
    proc = subprocess.run([pandoc_path(), *args], capture_output=True, text=True, check=False, cwd=cwd)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def citeproc_args(lang: str) -> list[str]:
    """What naskah.render.pandoc passes for citations: the CSL, --citeproc, then citations.lua (and lang)."""
    return [f"--metadata=lang:{LANGS[lang]}", f"--csl={resource('csl/apa.csl')}", "--citeproc",
            f"--lua-filter={resource('filters/citations.lua')}"]


def csl_library(folder: Path) -> Path:
    """LIBRARY as the literature stage hands it to the renders: CSL JSON."""
    (folder / "library.bib").write_text(LIBRARY, encoding="utf-8")
    (folder / "library.json").write_text(csljson.convert(folder / "library.bib"), encoding="utf-8")
    return folder / "library.json"


def text(inlines: list[dict]) -> str:
    """Inlines of pandoc's JSON as a reader sees them, italics as *…*."""
    out = []
    for inline in inlines:
        kind, content = inline["t"], inline.get("c")
        if kind == "Str":
            out.append(content)
        elif kind in ("Space", "SoftBreak", "LineBreak"):
            out.append(" ")
        elif kind == "Emph":
            out.append(f"*{text(content)}*")
        elif kind in ("Span", "Link", "Cite"):
            out.append(text(content[1]))
        else:
            raise AssertionError(f"unexpected inline {kind} in {inlines}")
    return "".join(out)


@pytest.fixture(scope="module")
def rendered(tmp_path_factory) -> dict[str, tuple[dict[str, str], dict[str, str]]]:
    """lang → (citation source → its paragraph as rendered, key → its reference), one pandoc run per language."""
    folder = tmp_path_factory.mktemp("citations")
    csl_library(folder)
    out = {}
    for lang in LANGS:
        sources = [s for key in EXPECTED for s in (f"@{key}", f"[@{key}]")] + list(LOCATORS[lang])
        (folder / f"{lang}.md").write_text("\n\n".join(sources) + "\n", encoding="utf-8")
        doc = json.loads(run_pandoc(f"{lang}.md", "--to=json", "--bibliography=library.json",
                                    "--metadata=link-citations", *citeproc_args(lang), cwd=folder))
        paragraphs = [text(block["c"]) for block in doc["blocks"] if block["t"] == "Para"]
        refs = next(block["c"][1] for block in doc["blocks"] if block["t"] == "Div" and block["c"][0][0] == "refs")
        references = {div["c"][0][0].removeprefix("ref-"): text(div["c"][1][0]["c"]) for div in refs}
        out[lang] = (dict(zip(sources, paragraphs, strict=True)), references)
    return out


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("key", EXPECTED)
def test_each_reference_type_reads_as_apa_in_the_thesis_language(rendered, key, lang):
    citations, references = rendered[lang]
    assert (citations[f"@{key}"], citations[f"[@{key}]"], references[key]) == EXPECTED[key][lang]


@pytest.mark.parametrize("lang", LANGS)
def test_locators_keep_the_word_and_the_ampersand_where_they_belong(rendered, lang):
    citations, _ = rendered[lang]
    assert {source: citations[source] for source in LOCATORS[lang]} == LOCATORS[lang]


def test_the_renderer_cites_in_the_thesis_language_and_lists_each_reference_once(mini, tmp_path):
    # naskah's own pandoc arguments and every filter: citeproc runs once, the filters word its output
    markdown = tmp_path / "thesis.md"
    markdown.write_text("---\nlang: id-ID\n---\n\n@berger1975 dan [@devito2016].\n\n::: {#refs}\n:::\n",
                        encoding="utf-8")
    args = pandoc_args(load_config(mini / "config" / "config.yaml"), markdown, csl_library(tmp_path), "html5")
    html = run_pandoc(*args[1:])
    assert "Berger dan Calabrese (" in html and "(DeVito, " in html
    assert html.count('id="ref-berger1975"') == 1
    assert "(Ed. ke-14)" in html


def test_the_golden_library_is_its_bib_file_converted():
    assert (GOLDEN / "citations.json").read_text(encoding="utf-8") == csljson.convert(GOLDEN / "citations.bib")


def test_titles_are_sentence_case_and_editions_numbers_in_the_csl_json(tmp_path):
    items = {item["id"]: item for item in json.loads(csl_library(tmp_path).read_text(encoding="utf-8"))}
    assert items["hull2017"]["title"].startswith("From concubines to prostitutes")
    assert items["hull2017"]["title"].endswith("Indonesia")  # {braces} keep their case
    golden = {item["id"]: item for item in json.loads((GOLDEN / "citations.json").read_text(encoding="utf-8"))}
    assert golden["baym2015"]["edition"] == "2"  # written "2nd" in citations.bib


@pytest.mark.parametrize("lang", LANGS)
def test_golden_file(lang):
    """The filter alone on a sample: narrative and parenthetical citations, locators, "&" in names, editions."""
    got = run_pandoc("citations.md", "--to=markdown-citations", "--wrap=none", *citeproc_args(lang), cwd=GOLDEN)
    expected = GOLDEN / f"citations.{lang}.expected.md"
    if os.environ.get("NASKAH_UPDATE_GOLDEN"):
        expected.write_text(got, encoding="utf-8")
    assert got == expected.read_text(encoding="utf-8")


def test_typst_gets_the_text_citeproc_wrote_not_typst_citations():
    got = run_pandoc("citations.md", "--to=typst", "--standalone", "--wrap=none", *citeproc_args("id"), cwd=GOLDEN)
    assert "Berger dan Calabrese (1975)" in got
    assert "Baym, N. K. (2015). #emph[Personal connections in the digital age] (Ed. ke-2). Polity Press." in got
    assert "#cite" not in got and "#bibliography" not in got
