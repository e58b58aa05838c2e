"""The front matter: title page, approval page, originality statement, the 00-*.md texts and the lists,
each switchable and ordered by the house style; "Sumber: …" lines under tables and figures."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import yaml
from conftest import read, write

ABSTRAK = "# Abstrak\n\nPenelitian ini melibatkan {{ informants.total }} informan.\n\n**Kata kunci:** uji\n"
ABSTRACT = "# Abstract\n\nThis study involved {{ informants.total }} informants.\n\n**Keywords:** test\n"
PREFACE = "# Kata Pengantar\n\nTerima kasih.\n"
LOGO = Path(__file__).resolve().parents[2] / "config" / "logo.png"


def configure(project: Path, **sections) -> None:
    """Merge settings into the project's config (section -> mapping)."""
    path = project / "config" / "config.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    for section, values in sections.items():
        data.setdefault(section, {}).update(values)
    write(project, "config/config.yaml", yaml.safe_dump(data, allow_unicode=True, sort_keys=False))


def assemble(run_cli, project: Path, *options: str) -> str:
    assert run_cli(project, "analyse")[0] == 0
    code, err = run_cli(project, *options, "assemble")
    assert code == 0, err
    return read(project, "results/thesis.md")


def with_texts(project: Path) -> None:
    write(project, "chapters/00-abstrak.md", ABSTRAK)
    write(project, "chapters/00-abstract.md", ABSTRACT)
    write(project, "chapters/00-kata-pengantar.md", PREFACE)


def front_order(markdown: str) -> list[str]:
    """The front-matter parts in the order they appear (title page, parts, lists)."""
    pattern = r'^::: \{\.(title-page)\}|^::: \{\.front-part part="(\w+)"\}|^::: \{\.naskah-list kind="(\w+)"\}'
    found = re.findall(pattern, markdown, flags=re.M)
    return ["".join(match) for match in found]


def test_front_matter_follows_the_style_order_with_the_texts_as_parts(mini, run_cli):
    with_texts(mini)
    markdown = assemble(run_cli, mini)
    assert front_order(markdown) == ["title-page", "approval", "originality", "preface", "abstract", "abstract_en",
                                     "toc", "tables", "appendices"]
    # a text's own heading is its part's title; its numbers are bound like a chapter's
    assert "# ABSTRAK {#abstrak .unnumbered .front}" in markdown
    assert "# ABSTRACT {#abstract .unnumbered .front}" in markdown
    assert "# KATA PENGANTAR {#kata-pengantar .unnumbered .front}" in markdown
    assert re.search(r"melibatkan \[3\]\{#n\d+ \.naskah-num\} informan", markdown)
    # the texts are not chapters: Bab I is still the first chapter, and the body starts after the lists
    body = markdown.index("::: {.main-matter}\n:::")
    assert markdown.index('# BAB I PENDAHULUAN {#sec:pendahuluan .chapter label="BAB I"}') > body
    assert markdown.index("# DAFTAR TABEL") < body


def test_the_style_switches_parts_off_and_reorders_them(mini, run_cli):
    with_texts(mini)
    configure(mini, style={"front_matter": ["title_page", "abstract_en", "abstract", "toc"]})
    markdown = assemble(run_cli, mini)
    assert front_order(markdown) == ["title-page", "abstract_en", "abstract", "toc"]
    assert "LEMBAR PENGESAHAN" not in markdown and "KATA PENGANTAR" not in markdown


def test_a_text_the_style_leaves_out_is_not_rendered_at_all(mini, run_cli):
    with_texts(mini)
    configure(mini, style={"front_matter": ["title_page", "abstract_en", "toc"]})
    markdown = assemble(run_cli, mini)
    assert "ABSTRACT" in markdown
    assert "ABSTRAK" not in markdown  # nor is its number listed in the Lampiran


def test_missing_texts_are_left_out_without_an_error(mini, run_cli):
    markdown = assemble(run_cli, mini)
    assert "abstract" not in front_order(markdown) and "preface" not in front_order(markdown)
    assert "# ABSTRAK" not in markdown


def test_approval_page_has_a_signature_for_every_supervisor_and_examiner(mini, run_cli):
    configure(mini, thesis={"supervisors": ["Dr. Satu", "Dr. Dua"], "examiners": ["Prof. Tiga"],
                            "approval_date": "20 Juli 2026"})
    markdown = assemble(run_cli, mini)
    approval = markdown[markdown.index('::: {.front-part part="approval"}'):markdown.index("PERNYATAAN KEASLIAN")]
    assert "20 Juli 2026" in approval
    signatures = re.findall(r"::: \{\.signature\}\n(.*?)\n:::", approval, flags=re.S)
    assert [s.split("\\")[0] for s in signatures] == ["Pembimbing I,", "Pembimbing II,", "Penguji I,"]
    assert [s.rsplit("\n", 1)[-1] for s in signatures] == ["**Dr. Satu**", "**Dr. Dua**", "**Prof. Tiga**"]


def test_without_an_examination_date_the_approval_page_awaits_it(mini, run_cli):
    markdown = assemble(run_cli, mini)
    assert "disetujui untuk dipertahankan" in markdown and "tanggal ...................." in markdown


def test_title_page_has_the_logo_and_oleh(mini, run_cli):
    shutil.copyfile(LOGO, mini / "config" / "logo.png")
    configure(mini, thesis={"logo": "config/logo.png"})
    markdown = assemble(run_cli, mini)
    title_page = markdown[markdown.index("::: {.title-page}"):markdown.index("\n:::\n")]
    assert "![](config/logo.png){.logo width=3cm}" in title_page
    assert "Oleh:\\\n**Penulis Uji**\\\nNIM 123" in title_page
    assert title_page.index("{.logo width=3cm}") < title_page.index("Oleh:") < title_page.index("UNIVERSITAS UJI")


def test_a_missing_logo_names_the_config_line(mini, run_cli):
    configure(mini, thesis={"logo": "config/tidak-ada.png"})
    assert run_cli(mini, "analyse")[0] == 0
    code, err = run_cli(mini, "assemble")
    line = read(mini, "config/config.yaml").split("\n").index("  logo: config/tidak-ada.png") + 1
    assert code != 0
    assert f"config/config.yaml:{line}: thesis.logo: tidak ada berkas bernama 'config/tidak-ada.png'" in err


def test_english_theses_get_the_english_front_matter(mini, run_cli):
    with_texts(mini)
    configure(mini, thesis={"language": "en", "examiners": ["Prof. Three"]})
    markdown = assemble(run_cli, mini)
    for text in ("# APPROVAL PAGE {#pengesahan", "# STATEMENT OF ORIGINALITY", "By:\\", "Examiner I,",
                 "# CONTENTS {#daftar-toc", "# LIST OF TABLES", "# LIST OF APPENDICES", "# REFERENCES",
                 "# APPENDIX 1 DATA PROVENANCE", '"continued": "(continued)"',
                 "Source: Primary data, processed (2026)"):
        assert text in markdown, text
    for text in ("LEMBAR PENGESAHAN", "Oleh:", "DAFTAR", "Sumber:", "LAMPIRAN"):
        assert text not in markdown, text


def test_the_lists_link_to_every_part_table_and_appendix(mini, run_cli):
    with_texts(mini)
    markdown = assemble(run_cli, mini)
    toc = markdown[markdown.index('::: {.naskah-list kind="toc"}'):]
    toc = toc[:toc.index("\n:::\n")]
    assert "- [LEMBAR PENGESAHAN](#pengesahan)" in toc and "- [ABSTRAK](#abstrak)" in toc
    assert "- [BAB II HASIL](#sec:hasil)" in toc and "- [DAFTAR PUSTAKA](#daftar-pustaka)" in toc
    assert "- [LAMPIRAN 1 ASAL-USUL DATA](#lampiran-provenance)" in toc
    appendices = markdown[markdown.index('::: {.naskah-list kind="appendices"}'):]
    assert appendices.split("\n")[3] == "- [LAMPIRAN 1 ASAL-USUL DATA](#lampiran-provenance)"
    # every link of every list has its target in the draft
    for ident in re.findall(r"^\s*- \[[^\]]*\]\(#([^)]+)\)", markdown, flags=re.M):
        assert re.search(r"\{#" + re.escape(ident) + r"[\s}]", markdown), ident


def test_back_matter_is_marked(mini, run_cli):
    markdown = assemble(run_cli, mini)
    assert "# DAFTAR PUSTAKA {#daftar-pustaka .unnumbered .back}" in markdown
    assert "# LAMPIRAN 1 ASAL-USUL DATA {#lampiran-provenance .unnumbered .appendix}" in markdown


def source_after(markdown: str, label: str) -> str:
    """The source line following the caption (or figure) with *label*."""
    after = markdown[markdown.index("{#" + label + "}"):]
    return re.search(r"::: \{\.caption-source\}\n(.*)\n:::", after).group(1)


def test_tables_carry_their_source_line(mini, run_cli):
    configure(mini, tables={"sources": {"stage-coverage": "Data primer dari wawancara, diolah (2026)"}},
              literature={"previous_studies": ["walther1996"]})
    assert run_cli(mini, "literature")[0] == 0
    write(mini, "chapters/02-hasil.md", read(mini, "chapters/02-hasil.md") + '\n{{ table("penelitian-terdahulu") }}\n')
    markdown = assemble(run_cli, mini)
    assert source_after(markdown, "tbl:informants") == "Sumber: Data primer, diolah (2026)"
    assert source_after(markdown, "tbl:stage-coverage") == "Sumber: Data primer dari wawancara, diolah (2026)"
    assert "references/library.bib" in source_after(markdown, "tbl:penelitian-terdahulu")


def test_front_matter_text_without_heading_is_an_error(mini, run_cli):
    write(mini, "chapters/00-abstrak.md", "Tanpa judul.\n")
    assert run_cli(mini, "analyse")[0] == 0
    code, err = run_cli(mini, "assemble")
    assert code != 0 and "chapters/00-abstrak.md:1: teks bagian awal ini tidak memiliki judul tingkat 1" in err


def test_another_front_matter_text_becomes_a_part_before_the_lists(mini, run_cli):
    write(mini, "chapters/00-persembahan.md", "# Persembahan\n\nUntuk keluarga.\n")
    markdown = assemble(run_cli, mini)
    assert front_order(markdown) == ["title-page", "approval", "originality", "persembahan", "toc", "tables",
                                     "appendices"]
    assert "# PERSEMBAHAN {#persembahan .unnumbered .front}" in markdown
