"""Configured inputs are checked before anything is read: inside the project, existing, the right kind."""

from __future__ import annotations

import os

import pytest
from conftest import read, write

from naskah.core.errors import ValidationError
from naskah.data.config import load_config
from naskah.data.inputs import check_inputs


def problems(project) -> list[str]:
    return [str(d) for d in check_inputs(load_config(project / "config/config.yaml")).errors]


def set_input(project, name: str, value: str) -> None:
    config = read(project, "config/config.yaml")
    old = next(line for line in config.split("\n") if line.startswith(f"  {name}:"))
    write(project, "config/config.yaml", config.replace(old, f"  {name}: {value}"))


def test_the_fixture_inputs_pass(mini):
    assert problems(mini) == []


@pytest.mark.parametrize(("name", "value", "message"), [  # in the mini project's thesis language, Indonesian
    ("codebook", "data/tidak-ada.yaml", "inputs.codebook: 'data/tidak-ada.yaml' tidak ada"),
    ("transcripts", "data/informants.csv", "inputs.transcripts: 'data/informants.csv' adalah berkas, bukan folder"),
    ("bibliography", "references", "inputs.bibliography: 'references' adalah folder, bukan berkas"),
    ("chapters", "../../../../etc", "inputs.chapters: '../../../../etc' berada di luar proyek"),
])
def test_each_bad_input_path_is_reported_at_its_config_line(mini, name, value, message):
    set_input(mini, name, value)
    line = next(n for n, text in enumerate(read(mini, "config/config.yaml").split("\n"), 1)
                if text.startswith(f"  {name}:"))
    assert problems(mini) == [f"config/config.yaml:{line}: {message}" + problems(mini)[0].split(message, 1)[1]]
    assert problems(mini)[0].startswith(f"config/config.yaml:{line}: {message} — ")


def test_a_symlink_leading_out_of_the_project_is_outside(mini, tmp_path):
    outside = tmp_path / "elsewhere.yaml"
    outside.write_text("title: x\ncodes: []\n", encoding="utf-8")
    os.symlink(outside, mini / "data" / "tautan.yaml")
    set_input(mini, "codebook", "data/tautan.yaml")
    assert any("inputs.codebook: 'data/tautan.yaml' berada di luar proyek" in p for p in problems(mini))


def test_every_problem_is_reported_at_once(mini):
    set_input(mini, "codebook", "x.yaml")
    set_input(mini, "informants", "y.csv")
    with pytest.raises(ValidationError) as caught:
        check_inputs(load_config(mini / "config/config.yaml")).raise_if_errors()
    assert len(caught.value.diagnostics) == 2
