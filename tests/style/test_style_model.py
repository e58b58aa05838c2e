"""The house style: presets load, the config's overrides merge, every mistake is named at its line."""

from __future__ import annotations

import re

import pytest
import yaml
from conftest import read, write

from naskah.core.errors import InputError, ValidationError
from naskah.data.config import load_config
from naskah.style.model import Length, load_style, preset_names, preset_path, validate_preset

CONFIG = "config/config.yaml"


def with_style(project, block: str) -> str:
    """Append a ``style:`` section to the project's config; returns the config's text."""
    text = read(project, CONFIG).rstrip("\n") + "\n" + block.strip("\n") + "\n"
    write(project, CONFIG, text)
    return text


def line_of(text: str, needle: str) -> int:
    """The 1-based line of the first line containing *needle*."""
    for number, line in enumerate(text.split("\n"), start=1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in text")


def style_of(project):
    return load_config(project / CONFIG).style


def problems(excinfo) -> list[str]:
    return [str(d) for d in excinfo.value.diagnostics]


# --- presets -------------------------------------------------------------------------------------------


def test_naskah_ships_a_default_and_at_least_two_guideline_presets():
    names = preset_names()
    assert "default" in names
    assert len([n for n in names if n != "default"]) >= 2


@pytest.mark.parametrize("name", preset_names())
def test_every_preset_loads_complete(name):
    validate_preset(name)  # what a build does not do: it trusts the presets this test has validated
    style = load_style({"preset": name})
    assert style.source.endswith(f"{name}.yaml")
    width, height = style.paper_size
    assert 0 < style.text_width < width and 0 < style.text_height < height
    assert style.font.size.pt > 0 and style.font.family
    assert style.heading(1) is not None and style.heading(1).new_page in (True, False)
    assert style.page_numbers.title_page == "none"


@pytest.mark.parametrize("name", [n for n in preset_names() if n != "default"])
def test_a_guideline_preset_cites_its_source_and_states_only_what_differs(name):
    path = preset_path(name)
    text = path.read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    assert re.search(r"https?://\S+", data["source"]), "the source names the document's address"
    header = text.split("\nname:")[0]
    assert re.search(r"https?://\S+", header) and "default" in header  # stated vs. taken from the default
    assert data["extends"] == "default"
    # every value it states is one the merged style carries
    style = load_style({"preset": name})
    for key, value in data["page"]["margins"].items() if "page" in data else []:
        assert getattr(style.page.margins, key) == Length(value)
    if "body" in data:
        assert style.body.line_spacing == data["body"].get("line_spacing", style.body.line_spacing)


def test_presets_differ_where_their_guidelines_do():
    default, uin, unpam = (load_style({"preset": n}) for n in ("default", "uin-imam-bonjol", "unpam-hukum"))
    assert uin.body.line_spacing == 1.5 != default.body.line_spacing
    assert uin.heading(2).numbering != default.heading(2).numbering and "{2:A}" in uin.heading(2).numbering
    assert uin.heading(2).case == "title"
    assert unpam.page.number_distance.cm == pytest.approx(2.0)
    assert default.page.number_distance.cm != pytest.approx(2.0)
    # what a guideline does not state falls back to the default
    assert uin.captions.as_dict() == default.captions.as_dict()
    assert unpam.headings == default.headings


def test_lengths_convert_to_every_unit_a_writer_needs():
    four = Length("4cm")
    assert four.cm == pytest.approx(4) and four.mm == pytest.approx(40)
    assert four.twips == round(4 / 2.54 * 1440) and four.emu == 1440000
    assert Length("12pt").half_points == 24 and Length("1in").pt == 72
    with pytest.raises(ValueError, match="not a length"):
        Length("4 cm x")


# --- the config's overrides ----------------------------------------------------------------------------


def test_overrides_merge_field_by_field(mini):
    with_style(mini, """
style:
  preset: uin-imam-bonjol
  page:
    margins: {top: 3cm}
  headings:
    - {level: 2, bold: false}
""")
    style = load_config(mini / CONFIG).style
    base = load_style({"preset": "uin-imam-bonjol"})
    assert style.page.margins.top.cm == pytest.approx(3)
    assert style.page.margins.left == base.page.margins.left  # the other margins stay
    assert style.heading(2).bold is False
    assert style.heading(2).numbering == base.heading(2).numbering  # merged by level, not replaced
    assert style.heading(1).as_dict() == base.heading(1).as_dict()
    assert style.body.line_spacing == 1.5


def test_no_style_section_means_the_default(mini):
    assert load_config(mini / CONFIG).style.data == load_style().data


def test_each_mistake_is_named_at_its_line_all_at_once(mini):
    text = with_style(mini, """
style:
  page:
    paper: a5
    margins:
      top: 4
      left: 4 cm x
    paperr: a4
  body: {line_spacing: "1,5"}
  headings:
    - {level: 1, align: centre}
""")
    with pytest.raises(ValidationError) as excinfo:
        style_of(mini)
    found = problems(excinfo)
    expected = {
        "paper: a5": "style.page.paper",
        "top: 4": "style.page.margins.top: 4 has no unit",
        "left: 4 cm x": "'4 cm x' is not a length",
        "paperr": "unknown style setting 'style.page.paperr'",
        "line_spacing": "write 1.5",
        "centre": "style.headings[0].align: 'centre' is not allowed",
    }
    assert len(found) == len(expected)
    for needle, message in expected.items():
        where = f"{CONFIG}:{line_of(text, needle)}: "
        assert any(p.startswith(where) and message in p for p in found), (needle, found)


def test_an_unknown_preset_lists_the_available_ones(mini):
    text = with_style(mini, "style:\n  preset: ui-2017\n")
    with pytest.raises(InputError) as excinfo:
        style_of(mini)
    message = str(excinfo.value)
    assert message.startswith(f"{CONFIG}:{line_of(text, 'ui-2017')}: ")
    assert "'ui-2017'" in message
    assert all(name in message for name in preset_names())


# --- a student's own style file ------------------------------------------------------------------------


def test_an_own_file_may_be_partial(mini):
    write(mini, "style/fakultas.yaml", "# our faculty\npage:\n  margins: {left: 3.5cm}\nbody:\n  line_spacing: 1.5\n")
    with_style(mini, "style:\n  preset: style/fakultas.yaml\n")
    style = load_config(mini / CONFIG).style
    default = load_style()
    assert style.source == "style/fakultas.yaml"
    assert style.page.margins.left.cm == pytest.approx(3.5)
    assert style.body.line_spacing == 1.5
    assert style.page.margins.top == default.page.margins.top
    assert style.font.family == default.font.family and style.headings == default.headings


def test_an_own_file_can_extend_a_guideline_preset(mini):
    write(mini, "style/prodi.yaml", "extends: uin-imam-bonjol\ntables: {rules: three_line}\n")
    with_style(mini, "style:\n  preset: style/prodi.yaml\n")
    style = load_config(mini / CONFIG).style
    assert style.tables.rules == "three_line"
    assert style.body.line_spacing == load_style({"preset": "uin-imam-bonjol"}).body.line_spacing


def test_mistakes_in_an_own_file_are_named_at_its_lines(mini):
    own = "name: x\nbody:\n  line_spacing: 4\n  indent: 1cm\ncaptions: {table_position: top}\n"
    write(mini, "style/x.yaml", own)
    config_text = with_style(mini, "style:\n  preset: style/x.yaml\n  font: {size: big}\n")
    with pytest.raises(ValidationError) as excinfo:
        style_of(mini)
    found = problems(excinfo)
    assert any(p.startswith(f"style/x.yaml:{line_of(own, 'line_spacing')}: ") and "from 0.5 to 3" in p for p in found)
    assert any(p.startswith(f"style/x.yaml:{line_of(own, 'indent')}: ") and "'body.indent'" in p for p in found)
    assert any(p.startswith(f"style/x.yaml:{line_of(own, 'captions')}: ") and "'top'" in p for p in found)
    assert any(p.startswith(f"{CONFIG}:{line_of(config_text, 'size: big')}: ") for p in found)
    assert len(found) == 4


def test_a_missing_own_file_and_a_circle_are_reported(mini):
    text = with_style(mini, "style:\n  preset: style/nope.yaml\n")
    with pytest.raises(InputError, match=rf"^{CONFIG}:{line_of(text, 'nope')}: .*'style/nope.yaml'"):
        style_of(mini)
    write(mini, "style/a.yaml", "extends: style/b.yaml\n")
    write(mini, "style/b.yaml", "page: {paper: f4}\nextends: style/a.yaml\n")
    write(mini, CONFIG, read(mini, CONFIG).replace("style/nope.yaml", "style/a.yaml"))
    with pytest.raises(InputError, match=r"^style/b.yaml:2: style files extend each other in a circle"):
        style_of(mini)


# --- naskah check ---------------------------------------------------------------------------------------


def test_naskah_check_reports_style_mistakes(mini, run_cli):
    text = with_style(mini, "style:\n  body:\n    first_line_indent: 1,25cm\n  tables: {rules: none}\n")
    code, err = run_cli(mini, "check")
    assert code != 0
    assert f"{CONFIG}:{line_of(text, 'first_line_indent')}: style.body.first_line_indent" in err
    assert f"{CONFIG}:{line_of(text, 'rules')}: style.tables.rules" in err
