"""Issue 10, item 3, end to end: contact details as Indonesians write them never reach the draft, the log or
the terminal; citation syntax and BibTeX entry types are not taken for handles."""

from __future__ import annotations

import pytest
from conftest import insert_line, read, write
from test_guard import build, everything_written

from naskah.core.messages import language_scope
from naskah.privacy.detectors import Detector, Identity, library_keys
from naskah.privacy.guard import _where

# (what the informant says, the identifying part) — each one reached the published draft with exit 0 before
SPOKEN = [
    ("nomornya kosong delapan satu tiga dua dua dua dua empat empat empat empat", "empat empat empat empat"),
    ("atau 0813 2222 4444 juga bisa", "0813 2222 4444"),
    ("yang kantor (0813) 2222/4444", "2222/4444"),
    ("email mawar.putih [at] gmail [dot] com", "mawar.putih"),
    ("IG: mawar.putih26", "mawar.putih26"),
    ("kenalan sama Dede Setiawan", "Setiawan"),
]


def plant_turn(project, text: str) -> None:
    write(project, "data/transcripts/A02.csv",
          f'turn,speaker,text,codes\n1,P,Ceritakan awalnya.,\n2,A02,"{text}",awal_sapa\n')
    insert_line(project, "chapters/02-hasil.md", 4, '{{ quote("A02", 2) }}\n')


@pytest.mark.parametrize(("said", "secret"), SPOKEN, ids=[s for s, _ in SPOKEN])
def test_contact_details_in_a_quoted_turn_are_redacted_everywhere(mini, run_cli, said, secret):
    write(mini, "private/identities.csv", "informant,kind,value\nA02,name,Dédé Sétiawan\n")
    plant_turn(mini, said)
    code, err = build(run_cli, mini)
    assert code == 0, err
    assert "[disamarkan]" in read(mini, "results/thesis.html")
    assert secret not in everything_written(mini) and secret not in err


def test_a_citation_key_spoken_in_a_turn_is_not_redacted(mini, run_cli):
    plant_turn(mini, "katanya baca @devito2016 dulu")
    code, err = build(run_cli, mini)
    assert code == 0, err
    assert "[disamarkan]" not in read(mini, "results/thesis.html")
    assert '"detector": "handle"' not in read(mini, "results/crossref.json")


def test_an_uncited_entry_without_a_key_does_not_stop_the_build(mini, run_cli):
    # Mendeley writes "@misc{," for an entry it has no key for; the literature report names its type
    write(mini, "references/library.bib", read(mini, "references/library.bib")
          + "\n@misc{,\n  title = {Catatan tanpa kunci},\n  author = {Anonim},\n  year = {2020}\n}\n")
    code, err = build(run_cli, mini)
    assert code == 0, err
    assert "@misc" in read(mini, "results/literature/report.json") + read(mini, "results/literature/report.md")


def test_a_phone_number_typed_into_a_codes_cell_is_masked_on_the_terminal_and_in_the_log(mini, run_cli):
    write(mini, "data/transcripts/A02.csv",
          "turn,speaker,text,codes\n1,P,Ceritakan awalnya.,\n2,A02,Sama-sama.,0812 9876 5432\n")
    code, err = run_cli(mini, "--log", "logs/analyse.log", "analyse")
    assert code == 1
    log = read(mini, "logs/analyse.log")
    assert "08••••••••••32" in err and "08••••••••••32" in log
    assert "9876" not in err and "9876" not in log


def test_a_mapped_name_wrapped_onto_the_next_line_of_a_chapter_fails_the_guard_at_its_line(mini, run_cli):
    write(mini, "private/identities.csv", "informant,kind,value\nA01,name,Dédé Sétiawan\n")
    insert_line(mini, "chapters/01-pendahuluan.md", 4, "Terima kasih kepada Pak Dede\nSetiawan yang membantu.\n")
    code, err = build(run_cli, mini)
    assert code == 1
    assert "identity:name terdeteksi (De•••••••••an)" in err
    assert "Setiawan" not in err and "Setiawan" not in everything_written(mini)


def test_a_hit_in_a_block_is_reported_at_its_own_line():
    text = "baris satu\nbaris dua 0812 3456 7890"
    hit = Detector().find(text)[0]
    assert _where(7, text, hit.start) == "line 8"  # a piece of lines: where is its first line
    assert _where("page 2", text, hit.start) == "page 2"
    with language_scope("id"):
        assert _where(7, text, hit.start) == "baris 8"


def test_messages_keep_the_citation_key_a_chapter_gets_wrong_but_mask_everything_else():
    detector = Detector([Identity("A01", "handle", "@mawar_26")], citation_keys={"devito2016"})
    message = "chapters/02.md:7:18: citation @walther1997 is not in references/library.bib"
    assert detector.mask_text(message) == message
    indonesian = "chapters/02.md:7:18: sitasi @walther1997 tidak ada di references/library.bib"  # the same, in id
    assert detector.mask_text(indonesian) == indonesian
    assert detector.mask_text("citation @mawar_26 is not in references/library.bib") == (
        "citation @m•••••26 is not in references/library.bib")
    assert detector.mask_text("unknown code '0812 9876 5432' or @budi_99 (see @devito2016)") == (
        "unknown code '08••••••••••32' or @b••••99 (see @devito2016)")


def test_library_keys_are_read_without_a_full_parse(tmp_path):
    path = tmp_path / "library.bib"
    path.write_text("@string{jk = {Jurnal}}\n@Article{smith-2019,\n}\n  @misc{ walther1996 ,\n}\n@misc{,\n}\n",
                    encoding="utf-8")
    assert library_keys(path) == {"smith-2019", "walther1996"}
    assert library_keys(tmp_path / "none.bib") == set()
    # a key with a dash is one key, not the handle "@smith"
    assert Detector(citation_keys=library_keys(path)).find("lihat @smith-2019 dan @walther1996") == []
