"""Detectors, masking, the identity map and redaction of quotes."""

from __future__ import annotations

import pytest
from conftest import write

from naskah.core.errors import ValidationError
from naskah.privacy.detectors import Detector, Identity, mask, read_identities


def detectors(text: str, detector: Detector | None = None) -> list[str]:
    return [hit.detector for hit in (detector or Detector()).find(text)]


@pytest.mark.parametrize("number", ["081234567890", "0812-3456-7890", "0812 3456 789", "+62 812 3456 7890",
                                    "62.812.3456.7890", "+628123456789"])
def test_indonesian_phone_numbers_are_found_however_written(number):
    assert detectors(f"hubungi saya di {number} ya") == ["phone"]


@pytest.mark.parametrize("text", ["umurnya 21–25 tahun", "sekitar 2019 sampai 2021", "turn 12", "Rp 150.000",
                                  "tahun 2020-2021"])
def test_ordinary_numbers_are_not_phone_numbers(text):
    assert detectors(text) == []


def test_email_handle_url_and_invite_links_are_found():
    text = ("email rina.s@contoh.co.id, akun @rina_manis99, situs www.contoh-situs.com/profil, "
            "grup chat.whatsapp.com/AbCd12.")
    assert detectors(text) == ["email", "handle", "url", "invite"]


def test_a_bare_at_sign_is_not_a_handle():
    assert detectors("di profil cuma ada tanda @ tanpa nama") == []


def test_allow_list_passes_exact_strings_and_patterns():
    detector = Detector(allow=["@kemkes_ri", r"re:^https?://(dx\.)?doi\.org/"])
    assert detectors("lihat @kemkes_ri dan https://doi.org/10.1177/0093", detector) == []
    assert detectors("lihat @kemkes_ri2", detector) == ["handle"]


def test_identity_map_values_match_case_and_spacing_insensitively():
    detector = Detector([Identity("I01", "name", "Siti Aminah"), Identity("I01", "phone", "0812-3456-7821")])
    assert detectors("kata SITI  aminah kemarin", detector) == ["identity:name"]
    assert detectors("nomornya +62 812 3456 7821", detector) == ["identity:phone"]
    assert detectors("Sitianah bukan orangnya", detector) == []


def test_mask_shows_only_the_ends():
    assert mask("0812345621") == "08••••••21"
    assert mask("Siti Aminah") == "Si•••••••ah"
    assert mask("abc") == "•••"


def test_redaction_replaces_every_hit_with_the_marker():
    detector = Detector([Identity("I02", "alias", "Mawar")])
    text, hits = detector.redact("Panggil saya Mawar, WA 081298765432.", "[disamarkan]")
    assert text == "Panggil saya [disamarkan], WA [disamarkan]."
    assert [h.detector for h in hits] == ["identity:alias", "phone"]


def test_messages_are_masked_with_the_identity_map():
    detector = Detector([Identity("I01", "name", "Siti Aminah")])
    assert detector.mask_text("unknown speaker 'Siti Aminah'") == "unknown speaker 'Si•••••••ah'"


def test_identity_map_problems_never_show_the_value(tmp_path):
    path = write(tmp_path, "identities.csv", "informant,kind,value\nI01,nama,Siti Aminah\nI02,name,ab\n")
    with pytest.raises(ValidationError) as caught:
        read_identities(path, "private/identities.csv")
    message = str(caught.value)
    assert "private/identities.csv:2: unknown kind 'nama'" in message
    assert "private/identities.csv:3: value too short" in message
    assert "Siti" not in message and "ab\n" not in message


def test_missing_identity_map_is_fine(tmp_path):
    assert read_identities(tmp_path / "none.csv", "private/identities.csv") == []


def test_texts_read_together_give_each_text_its_own_hits():
    """Redaction and the guard read many texts in one search (find_each): each text must get exactly the hits
    it gets alone, placed in it — across batches, and never a match joining the end of one text to the next."""
    detector = Detector(identities=[Identity("A01", "name", "Siti Aminah"), Identity("A01", "phone", "081234567890")])
    samples = ["hubungi 0812 3456 7890 ya", "Siti", "Aminah bilang @mawar_99 di IG", "kata Siti Aminah",
               "surel rina@example.org, wa.me/6281311112222", "", "0812", "3456 7890", "tanpa apa-apa"]
    texts = samples * 6000  # ~190,000 characters per batch: several batches
    found = detector.find_each(texts)
    alone = {index: hits for index, text in enumerate(texts) if (hits := detector.find(text))}
    assert found == alone
    assert sum(map(len, found.values())) == 6000 * sum(len(detector.find(text)) for text in samples) > 0
    assert not {1, 6, 7} & set(found)  # "Siti" | "Aminah …", "0812" | "3456 7890"


@pytest.mark.parametrize("odd", ["", "İstanbul", "ſ"])  # a lower case longer than its letter; "ſ" read as "s"
def test_the_texts_that_may_hold_a_contact_are_found_in_one_search(odd):
    """find_each runs the pattern detectors only on the texts that may hold a contact, chosen in one search of
    all the texts: never fewer than the texts' own tests choose, and not the texts without a hint."""
    from naskah.privacy.contacts import may_hold_contact, which_may_hold_contacts
    from naskah.privacy.detectors import SEPARATOR

    hints = ["umur 25", "kirim ke saya (at) gmail", "ketemu at", "nomornya kosong delapan", "wa.me", "Www.contoh.id",
             "HTTP", "satu:dua", "Plus", "nol", "enam"]
    plain = ["tidak ada", "hubungi saja", "ok", "x" * 50, "ſelamat"]
    texts = [odd + text for hint in hints for text in [hint, *plain, *plain]] * 3
    chosen = which_may_hold_contacts(texts, SEPARATOR)
    own = [i for i, text in enumerate(texts) if may_hold_contact(text)]
    assert set(own) <= set(chosen) and chosen == sorted(set(chosen))
    assert all(texts[i].removeprefix(odd) in hints for i in chosen), [texts[i] for i in chosen]
    assert len(own) == (len(hints) - 1) * 3  # all but "ketemu at": an "at" ending a text is no hint
    # where most texts may hold a contact (a JSON file's lines, say), all are read
    dense = [f"I{n:04d}:{n % 7}" for n in range(500)] + plain
    assert which_may_hold_contacts(dense, SEPARATOR) == list(range(len(dense)))
