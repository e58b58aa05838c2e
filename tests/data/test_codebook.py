"""data/codebook.yaml: stages in order, sub-codes under their stage, every problem reported."""

from __future__ import annotations

import pytest
from conftest import write

from naskah.core.errors import ValidationError
from naskah.data.codebook import load_codebook

SHOWN = "data/codebook.yaml"


def load(project, text=None):
    path = project / SHOWN
    if text is not None:
        write(project, SHOWN, text)
    return load_codebook(path, SHOWN)


def problems(project, text) -> list[str]:
    with pytest.raises(ValidationError) as info:
        load(project, text)
    return str(info.value).split("\n")


def test_stages_keep_the_file_order(mini):
    codebook = load(mini)
    assert codebook.title == "Dua tahap uji"
    assert codebook.stage_ids == ["awal", "akhir"]
    assert [s.label for s in codebook.stages] == ["Awal", "Akhir"]


def test_stage_order_follows_the_file_not_the_alphabet(mini):
    text = """codes:
  - {id: zeta, label: Zeta}
  - {id: alpha, label: Alpha}
  - {id: mid, label: Mid}
"""
    assert load(mini, text).stage_ids == ["zeta", "alpha", "mid"]


def test_subcodes_attach_to_their_parent(mini):
    codebook = load(mini)
    assert [c.id for c in codebook.subcodes["awal"]] == ["awal_sapa"]
    assert [c.id for c in codebook.subcodes["akhir"]] == ["akhir_pisah"]
    assert codebook.subcodes["akhir"][0].label == "Berpisah"
    assert codebook.stage_of("awal_sapa") == "awal"
    assert codebook.stage_of("akhir_pisah") == "akhir"
    assert codebook.stage_of("akhir") == "akhir"
    assert sorted(codebook.codes) == ["akhir", "akhir_pisah", "awal", "awal_sapa"]


def test_duplicate_id_names_both_lines(mini):
    text = """codes:
  - id: awal
    label: Awal
  - id: akhir
    label: Akhir
  - id: awal
    label: Lagi
"""
    lines = problems(mini, text)
    assert len(lines) == 1
    assert lines[0].startswith("data/codebook.yaml:6: ")
    assert "'awal'" in lines[0] and "defined twice" in lines[0] and "first on line 2" in lines[0]


def test_parent_that_is_not_a_stage(mini):
    text = """codes:
  - id: awal
    label: Awal
  - id: sapa
    label: Sapa
    parent: awal
  - id: sapa_lagi
    label: Sapa lagi
    parent: sapa
  - id: pisah
    label: Pisah
    parent: tidak_ada
"""
    lines = problems(mini, text)
    assert len(lines) == 2
    assert lines[0].startswith("data/codebook.yaml:7: ")
    assert "'sapa_lagi'" in lines[0] and "'sapa'" in lines[0] and "sub-code itself" in lines[0]
    assert lines[1].startswith("data/codebook.yaml:10: ")
    assert "'tidak_ada'" in lines[1] and "not a stage" in lines[1]


@pytest.mark.parametrize("bad_id", ["Awal", "tahap awal", "1awal"])
def test_invalid_id(mini, bad_id):
    text = f"""codes:
  - id: awal
    label: Awal
  - id: "{bad_id}"
    label: Buruk
"""
    lines = problems(mini, text)
    assert len(lines) == 1
    assert lines[0].startswith("data/codebook.yaml:4: ")
    assert f"invalid code id '{bad_id}'" in lines[0]
    assert "lowercase" in lines[0]


def test_missing_label(mini):
    text = """codes:
  - id: awal
    label: Awal
  - id: akhir
    description: Tanpa label.
"""
    lines = problems(mini, text)
    assert len(lines) == 1
    assert lines[0].startswith("data/codebook.yaml:4: ")
    assert "'akhir' has no label" in lines[0]


def test_all_problems_of_the_file_are_reported_together(mini):
    text = """codes:
  - id: awal
    label: Awal
  - id: Akhir
    label: Akhir
  - id: tengah
  - id: awal
    label: Dua kali
  - id: sapa
    label: Sapa
    parent: hilang
"""
    with pytest.raises(ValidationError) as info:
        load(mini, text)
    diagnostics = info.value.diagnostics
    assert [d.line for d in diagnostics] == [4, 6, 7, 9]
    messages = [d.message for d in diagnostics]
    assert "invalid code id 'Akhir'" in messages[0]
    assert "no label" in messages[1]
    assert "defined twice" in messages[2]
    assert "'hilang'" in messages[3]
