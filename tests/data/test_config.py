"""config/config.yaml: defaults, and schema problems reported at their line."""

from __future__ import annotations

import re

import pytest
from conftest import insert_line, read, replace_line, write

from naskah.core.errors import InputError, ValidationError
from naskah.data.config import load_config

CONFIG = "config/config.yaml"


def test_defaults_are_filled_in(mini):
    config = load_config(mini / CONFIG)
    assert config.data["render"]["formats"] == ["html", "docx", "pdf"]
    assert config.data["render"]["paper"] == "a4"
    assert config.data["render"]["strict"] is False
    assert config.strict is False
    assert config.data["informants"]["categories"] == ["kunci", "utama", "pendukung"]
    assert config.thesis["citation_style"] == "apa"


def test_values_given_by_the_user_are_kept(mini):
    config = load_config(mini / CONFIG)
    # the schema's default is 2; the mini project sets 1
    assert config.data["tables"]["exemplar_quotes_per_stage"] == 1
    assert config.data["tables"]["informant_columns"] == ["informant", "group", {"column": "usia", "label": "Usia"}]
    assert config.thesis["year"] == 2026
    assert config.language == "id"


def test_paths_resolve_against_the_project_root(mini):
    config = load_config(mini / CONFIG)
    assert config.root.resolve() == mini.resolve()
    assert config.path == CONFIG
    assert config.input_path("codebook") == mini / "data/codebook.yaml"
    assert [p.name for p in config.transcript_files] == ["A01.csv", "A02.csv", "B01.csv"]
    assert [p.name for p in config.chapter_files] == ["01-pendahuluan.md", "02-hasil.md"]
    assert config.shown(mini / "data/informants.csv") == "data/informants.csv"


def test_unknown_top_level_setting_names_its_line(mini):
    text = read(mini, CONFIG)
    assert text.endswith("exemplar_quotes_per_stage: 1\n")  # 19 lines; the new key is line 20
    write(mini, CONFIG, text + "extra_key: 1\n")
    with pytest.raises(ValidationError) as info:
        load_config(mini / CONFIG)
    message = str(info.value)
    assert "setelan 'extra_key' tidak dikenal" in message  # the config's problems in its thesis.language
    assert message.startswith("config/config.yaml:20:"), message


def test_unknown_nested_setting_names_its_line(mini):
    insert_line(mini, CONFIG, 3, '  titel: "typo"')
    with pytest.raises(ValidationError) as info:
        load_config(mini / CONFIG)
    message = str(info.value)
    assert "titel" in message
    assert message.startswith("config/config.yaml:3:"), message


def test_wrong_type_names_the_line_of_the_setting(mini):
    replace_line(mini, CONFIG, 9, '  year: "twenty"')
    with pytest.raises(ValidationError) as info:
        load_config(mini / CONFIG)
    assert len(info.value.diagnostics) == 1
    message = str(info.value)
    assert message.startswith("config/config.yaml:9: thesis.year:")
    assert "'twenty' bukan bertipe 'integer'" in message


def test_every_schema_problem_is_reported_at_once(mini):
    replace_line(mini, CONFIG, 9, '  year: "twenty"')
    replace_line(mini, CONFIG, 10, "  language: fr")
    replace_line(mini, CONFIG, 19, "  exemplar_quotes_per_stage: 0")
    with pytest.raises(ValidationError) as info:
        load_config(mini / CONFIG)
    lines = str(info.value).split("\n")
    assert len(lines) == 3
    assert lines[0].startswith("config/config.yaml:9: thesis.year")
    assert lines[1].startswith("config/config.yaml:10: thesis.language") and "'fr'" in lines[1]
    assert lines[2].startswith("config/config.yaml:19: tables.exemplar_quotes_per_stage")


def test_missing_required_setting_is_reported(mini):
    replace_line(mini, CONFIG, 4, "")  # drop student_id
    with pytest.raises(ValidationError, match=r"'student_id' tidak ada"):
        load_config(mini / CONFIG)


def test_invalid_yaml_gives_path_line_and_column(mini):
    replace_line(mini, CONFIG, 3, '   author: "Penulis Uji"')  # one space too many
    with pytest.raises(InputError) as info:
        load_config(mini / CONFIG)
    message = str(info.value)
    assert re.match(r"config/config\.yaml:3:\d+: invalid YAML", message), message
    assert "indentation" in message
