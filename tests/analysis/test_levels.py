"""Models other than stages: the codebook names its levels, and every header, caption and figure uses them."""

from __future__ import annotations

import pytest
from conftest import read, write

from naskah.analysis.figures import stage_informants_svg
from naskah.analysis.tables import result_tables
from naskah.core.errors import InputError
from naskah.data.codebook import load_codebook
from naskah.data.config import load_config
from naskah.data.transcripts import load_corpus

CODEBOOK = "data/codebook.yaml"


def tables_of(project, language="id"):
    if language == "en":
        write(project, "config/config.yaml", read(project, "config/config.yaml").replace("language: id",
                                                                                         "language: en"))
    config = load_config(project / "config/config.yaml")
    codebook = load_codebook(project / CODEBOOK, CODEBOOK)
    tables, facts = result_tables(config, load_corpus(config, codebook), codebook)
    return {t.id: t for t in tables}, facts


def themed(project, levels="[Tema, Subtema]"):
    write(project, CODEBOOK, read(project, CODEBOOK).replace("codes:\n", f"levels: {levels}\ncodes:\n", 1))


def test_without_levels_the_tables_speak_of_stages(mini):
    tables, _ = tables_of(mini)
    assert list(tables["subcode-frequencies"].frame.columns)[:2] == ["Tahap", "Subkode"]
    assert tables["stage-coverage"].caption == "Matriks cakupan tahap per informan (jumlah tuturan berkode)"


def test_named_levels_head_the_columns_and_word_the_captions(mini):
    themed(mini)
    tables, facts = tables_of(mini)
    assert list(tables["subcode-frequencies"].frame.columns) == ["Tema", "Subtema", "Tuturan", "Informan",
                                                                  "% tuturan tema"]
    assert list(tables["stage-by-group"].frame.columns)[0] == "Tema"
    assert list(tables["exemplar-quotes"].frame.columns)[0] == "Tema"
    assert {table_id: table.caption for table_id, table in tables.items()} == {
        "informants": "Karakteristik informan",
        "stage-by-group": "Tema per kelompok informan: jumlah informan (jumlah tuturan berkode)",
        "stage-coverage": "Matriks cakupan tema per informan (jumlah tuturan berkode)",
        "exemplar-quotes": "Kutipan contoh per tema",
        "subcode-frequencies": "Frekuensi subtema dalam setiap tema",
    }
    assert "<title>Jumlah informan yang menuturkan setiap tema</title>" in stage_informants_svg(facts, "id")


def test_english_captions_use_the_english_level_names(mini):
    themed(mini, "[Theme, Sub-theme]")
    tables, facts = tables_of(mini, "en")
    assert tables["stage-by-group"].caption == "Themes by informant group: number of informants (coded turns)"
    assert tables["subcode-frequencies"].caption == "Sub-theme frequencies within each theme"
    assert list(tables["subcode-frequencies"].frame.columns)[:2] == ["Theme", "Sub-theme"]
    assert "<title>Number of informants in whom each theme occurs</title>" in stage_informants_svg(facts, "en")


def test_a_caption_override_may_use_the_level_names(mini):
    themed(mini)
    write(mini, "config/config.yaml", read(mini, "config/config.yaml") + "  captions:\n"
          "    stage-coverage: \"{Level} menurut informan\"\n")
    tables, _ = tables_of(mini)
    assert tables["stage-coverage"].caption == "Tema menurut informan"


def test_an_unknown_caption_key_is_reported_with_the_nearest(mini):
    write(mini, "config/config.yaml", read(mini, "config/config.yaml") + "  captions:\n"
          "    stage-coverag: \"Cakupan\"\n")
    with pytest.raises(InputError) as info:
        tables_of(mini)
    assert str(info.value) == (
        "config/config.yaml:21: tables.captions: there is no table or figure 'stage-coverag' — did you mean "
        "'stage-coverage'? the keys are: informants, stage-by-group, stage-coverage, exemplar-quotes, "
        "subcode-frequencies, reliabilitas, figure:stage-informants, penelitian-terdahulu")


def test_levels_must_be_one_or_two_names(mini):
    themed(mini, "Tema")
    with pytest.raises(InputError) as info:
        load_codebook(mini / CODEBOOK, CODEBOOK)
    assert str(info.value) == ("data/codebook.yaml:2: levels must name the model's levels, top level first — write "
                               "e.g. levels: [Tema, Subtema] (or [Theme, Sub-theme], [Tahap, Subkode])")


def test_a_comma_in_a_one_line_code_suggests_quoting_the_text(mini):
    text = read(mini, CODEBOOK).replace("  - id: akhir\n    label: Akhir\n    description: Tahap terakhir.\n",
                                        "  - {id: akhir, label: Akhir, description: Tahap terakhir, ketika selesai.}\n")
    write(mini, CODEBOOK, text)
    with pytest.raises(InputError) as info:
        load_codebook(mini / CODEBOOK, CODEBOOK)
    assert str(info.value) == ("data/codebook.yaml:10: unknown field ketika selesai. — in a {…} line a comma ends "
                               'the text: put a text that holds a comma in double quotes, e.g. description: "…, …"')


def test_a_colon_in_a_one_line_code_suggests_quoting_the_text(mini):
    text = read(mini, CODEBOOK).replace("  - id: akhir\n    label: Akhir\n    description: Tahap terakhir.\n",
                                        "  - {id: akhir, label: Akhir, description: Tahap akhir: berpisah}\n")
    write(mini, CODEBOOK, text)
    with pytest.raises(InputError) as info:
        load_codebook(mini / CODEBOOK, CODEBOOK)
    assert str(info.value).endswith("— in a {…} or […] line, put a text that holds ':', ',', '{', '}', '[', ']' or "
                                    "'#' in double quotes, e.g. description: \"Tahap akhir: perpisahan\"")
