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
