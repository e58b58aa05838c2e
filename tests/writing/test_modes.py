"""Review copy vs submission copy (render.mode, `naskah --mode`), and the provenance Lampiran for people."""

from __future__ import annotations

import json
import re

from conftest import read, write
from test_frontmatter import assemble, configure

UNREFERENCED_QUOTE = "\n> Kutipan tanpa sumber.\n"


def metadata(markdown: str) -> dict:
    return json.loads(markdown.split("---\n")[1])


def test_a_review_copy_carries_the_stamp_comments_popovers_and_lampiran(mini, run_cli):
    markdown = assemble(run_cli, mini)
    meta = metadata(markdown)
    assert meta["naskah-style"]["mode"] == "review"
    assert meta["naskah-comments"] is True
    assert meta["naskah-annotations"] == {"records": "results/provenance/records.json",
                                          "panel": "results/provenance/panel.json"}
    records = json.loads(read(mini, "results/provenance/records.json"))
    assert records["tbl:informants"] and all(key.startswith(("n", "tbl:", "fig:")) for key in records)
    assert "::: {.build-stamp}" in markdown
    assert "{#lampiran-provenance .unnumbered .appendix}" in markdown
    assert "](#quote-A01-4)" in markdown  # quotation references link to the Lampiran


def test_a_final_copy_has_none_of_them(mini, run_cli):
    markdown = assemble(run_cli, mini, "--mode", "final")
    meta = metadata(markdown)
    assert meta["naskah-style"]["mode"] == "final"
    assert meta["naskah-comments"] is False and meta["naskah-annotations"] == {}
    assert json.loads(read(mini, "results/provenance/records.json")) == {}
    for text in ("build-stamp", "lampiran-provenance", "LAMPIRAN", "#quote-", 'kind="appendices"'):
        assert text not in markdown, text
    assert "(A01, giliran 4)" in markdown


def test_the_config_chooses_the_mode_and_explicit_switches_override_it(mini, run_cli):
    configure(mini, render={"mode": "final", "docx_comments": True, "stamp": True})
    markdown = assemble(run_cli, mini)
    assert metadata(markdown)["naskah-comments"] is True and "::: {.build-stamp}" in markdown
    assert "lampiran-provenance" not in markdown
    # the command line wins over the config
    assert "lampiran-provenance" in assemble(run_cli, mini, "--mode", "review")


def test_the_stamp_has_its_own_switch(mini, run_cli):
    configure(mini, render={"stamp": False})
    markdown = assemble(run_cli, mini)
    assert "build-stamp" not in markdown and "lampiran-provenance" in markdown


def test_a_final_copy_turns_warnings_into_errors(mini, run_cli):
    configure(mini, privacy={"results_chapters": [2]})
    write(mini, "chapters/02-hasil.md", read(mini, "chapters/02-hasil.md") + UNREFERENCED_QUOTE)
    line = read(mini, "chapters/02-hasil.md").split("\n").index("> Kutipan tanpa sumber.") + 1
    assert run_cli(mini, "analyse")[0] == 0
    code, err = run_cli(mini, "assemble")
    assert code == 0 and f"chapters/02-hasil.md:{line}: peringatan: kutipan blok tanpa rujukan" in err
    code, err = run_cli(mini, "--mode", "final", "assemble")
    assert code != 0 and f"chapters/02-hasil.md:{line}: kutipan blok tanpa rujukan" in err
    assert run_cli(mini, "--mode", "final", "check")[0] != 0


def lampiran(markdown: str) -> str:
    return markdown[markdown.index("{#lampiran-provenance"):]


def test_the_lampiran_speaks_plain_words_in_the_thesis_language(mini, run_cli):
    text = lampiran(assemble(run_cli, mini))
    tables = re.findall(r"^- \*\*Tabel (\d+)\.(\d+)\*\*", text, flags=re.M)
    assert tables == sorted(tables, key=lambda t: (int(t[0]), int(t[1]))) and len(tables) == 2
    assert ("- **Tabel 2.1** (Matriks cakupan tahap per informan (jumlah tuturan berkode)) dihitung dari "
            "3 transkrip (data/transcripts/), kolom *codes*") in text
    assert "- [A01, giliran 4: data/transcripts/A01.csv, baris 5]{#quote-A01-4}" in text
    assert ("- angka 2 pada Bab II, “Tahap awal muncul pada 2 dari 3 informan (66,7%), seperti terlihat …”: "
            "dihitung dari 3 giliran dalam 2 transkrip.") in text
    assert ("- angka 3 pada Bab I, “Penelitian ini melibatkan 3 informan (lihat Tabel 1.1 dan Bab …”: sama dengan "
            "Tabel 1.1 (Informan); dihitung dari 3 baris data/informants.csv.") in text
    # no template expressions, hashes or English labels
    for word in ("stage.", "informants.total", "sha256", "| pct", "Rule", "Caption"):
        assert word not in text, word
    items = re.findall(r"^- .*$", text, flags=re.M)
    assert len(items) == len(set(items))  # nothing listed twice


def test_quote_references_say_turn_in_english(mini, run_cli):
    configure(mini, thesis={"language": "en"})
    markdown = assemble(run_cli, mini)
    assert "(A01, turn 4)" in markdown and "baris" not in markdown and "giliran" not in markdown
    assert "- [A01, turn 4: data/transcripts/A01.csv, line 5]{#quote-A01-4}" in lampiran(markdown)


def test_naskah_build_passes_the_mode_to_snakemake(mini, run_cli, monkeypatch):
    import pytest

    from naskah import buildview

    calls = []  # naskah build runs Snakemake through naskah.buildview (its output summarised)
    monkeypatch.setattr(buildview, "run_snakemake", lambda cmd, *_a, **_k: (calls.append(cmd), (1, buildview.Run()))[1])
    with pytest.raises(SystemExit):
        run_cli(mini, "--mode", "final", "build", "-c", "1", "results/thesis.md")
    assert calls[0][-3:] == ["results/thesis.md", "--config", "render={mode: final}"]
