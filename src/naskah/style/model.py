"""The house style: a preset of a faculty guideline, overridden field by field from the config.

One style drives all three formats: the DOCX reference document and its sections
(:mod:`naskah.style.docx`), the typst template (:mod:`naskah.style.typst`), the HTML
stylesheet, heading numbering and caption wording in the assembled Markdown, and the
format check (:mod:`naskah.style.formatcheck`). It is data, not code: a preset is a YAML
file shipped in ``naskah/style/presets/`` (or the student's own file), and
``config.yaml``'s ``style:`` section names it and overrides any field::

    style:
      preset: default            # or ui, or a path such as style/my-faculty.yaml
      page: {margins: {top: 3cm}}
      body: {line_spacing: 1.5}

Lengths are written with a unit (``4cm``, ``30mm``, ``1in``, ``12pt``) and read as
:class:`Length`, which converts to every unit a writer needs.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

from naskah.core.errors import Diagnostics, InputError
from naskah.core.yamlsrc import Lines, line_of, load_yaml

PRESET_DIR = "presets"
DEFAULT_PRESET = "default"
_LENGTH = re.compile(r"^\s*(-?\d+(?:\.\d+)?)\s*(cm|mm|in|pt)\s*$")
_POINTS = {"cm": 72 / 2.54, "mm": 72 / 25.4, "in": 72.0, "pt": 1.0}
# paper sizes in millimetres (width, height)
PAPER = {"a4": (210, 297), "letter": (215.9, 279.4), "f4": (215, 330)}


class Length(float):
    """A length in points, from a string such as ``"4cm"``; converts to the units writers need."""

    def __new__(cls, value: str | float | int) -> Length:
        if isinstance(value, int | float):
            return super().__new__(cls, float(value))
        match = _LENGTH.match(str(value))
        if not match:
            raise ValueError(f"'{value}' is not a length (write e.g. 4cm, 30mm, 1in or 12pt)")
        return super().__new__(cls, float(match.group(1)) * _POINTS[match.group(2)])

    @property
    def pt(self) -> float:
        return float(self)

    @property
    def cm(self) -> float:
        return float(self) / _POINTS["cm"]

    @property
    def mm(self) -> float:
        return float(self) / _POINTS["mm"]

    @property
    def twips(self) -> int:
        """Word's twentieths of a point (page setup, indents, spacing)."""
        return round(float(self) * 20)

    @property
    def half_points(self) -> int:
        """Word's font sizes."""
        return round(float(self) * 2)

    @property
    def emu(self) -> int:
        """English Metric Units (python-docx's Length)."""
        return round(float(self) * 12700)

    @property
    def typst(self) -> str:
        return f"{round(float(self), 3):g}pt"

    @property
    def css(self) -> str:
        return f"{round(float(self), 3):g}pt"

    def __repr__(self) -> str:
        return f"Length({self.typst})"


class Section:
    """A mapping read through attributes (``style.page.margins.top``); lists stay lists."""

    def __init__(self, data: dict):
        self._data = data
        for key, value in data.items():
            setattr(self, key, _wrap(key, value))

    def get(self, key: str, default=None):
        return getattr(self, key, default)

    def as_dict(self) -> dict:
        return copy.deepcopy(self._data)

    def __repr__(self) -> str:
        return f"Section({self._data!r})"


# fields holding lengths, wherever they appear
LENGTH_FIELDS = {"top", "left", "right", "bottom", "number_distance", "size", "first_line_indent",
                 "paragraph_spacing", "indent_left", "indent_right", "font_size", "hanging_indent",
                 "space_between", "space_before", "space_after", "source_size"}


def _wrap(key: str, value):
    if isinstance(value, dict):
        return Section(value)
    if isinstance(value, list):
        return [_wrap(key, v) for v in value]
    if key in LENGTH_FIELDS and isinstance(value, str):
        return Length(value)
    return value


@dataclass(frozen=True)
class Style:
    """A complete, validated house style (a preset with the config's overrides applied)."""

    data: dict
    source: str  # the preset's name or path, as shown in messages

    def __getattr__(self, name: str):
        data = object.__getattribute__(self, "data")
        if name in data:
            return _wrap(name, data[name])
        raise AttributeError(name)

    def heading(self, level: int) -> Section | None:
        """The format of heading *level* (1 is the chapter), or None when the style has none."""
        for item in self.data.get("headings", []):
            if item.get("level") == level:
                return Section(item)
        return None

    @property
    def paper_size(self) -> tuple[Length, Length]:
        """(width, height) of the page."""
        width, height = PAPER[self.data["page"]["paper"]]
        return Length(f"{width}mm"), Length(f"{height}mm")


def preset_names() -> list[str]:
    folder = resources.files("naskah.style").joinpath(PRESET_DIR)
    return sorted(p.name[:-5] for p in folder.iterdir() if p.name.endswith(".yaml"))


def preset_path(name: str) -> Path:
    return Path(str(resources.files("naskah.style").joinpath(PRESET_DIR, f"{name}.yaml")))


@cache
def _preset(path: str, shown: str) -> tuple[dict, Lines]:
    data, lines = load_yaml(path, shown)
    if not isinstance(data, dict):
        raise InputError("a house style must be a mapping of settings", shown, 1,
                         hint="start from one of naskah's presets: " + ", ".join(preset_names()))
    return data, lines


def load_style(settings: dict | None = None, root: str | Path = ".", config_path: str = "config/config.yaml",
               config_lines: Lines | None = None) -> Style:
    """The style named by the config's ``style:`` section (*settings*), with its overrides applied.

    A preset is a name of naskah's presets or a path relative to the project *root*. Every
    problem (unknown preset, unknown field, wrong value) is reported as ``file:line``.
    """
    settings = dict(settings or {})
    config_lines = config_lines or {}
    name = settings.pop("preset", DEFAULT_PRESET)
    if name in preset_names():
        path, shown = preset_path(name), f"naskah:style/presets/{name}.yaml"
    else:
        path = Path(root) / name
        shown = Path(name).as_posix()
        if not path.is_file():
            raise InputError(f"style.preset: no preset or file named '{name}'", config_path,
                             line_of(config_lines, ("style", "preset")),
                             hint="use one of " + ", ".join(preset_names()) + ", or the path of a YAML file")
    base, base_lines = _preset(str(path), shown)
    diags = Diagnostics()
    # a student's own file may leave fields out: the default preset fills them
    data = copy.deepcopy(base) if name in preset_names() else _merge(copy.deepcopy(_default()), base)
    _validate(data, shown, base_lines, diags, overrides=False)
    merged = _merge(data, settings)
    override_lines = {k[1:]: v for k, v in config_lines.items() if k[:1] == ("style",)}
    _validate(settings, config_path, override_lines, diags, overrides=True, prefix="style.")
    diags.raise_if_errors()
    _validate(merged, shown, base_lines, diags, overrides=False)
    diags.raise_if_errors()
    return Style(merged, shown)


def _default() -> dict:
    return _preset(str(preset_path(DEFAULT_PRESET)), f"naskah:style/presets/{DEFAULT_PRESET}.yaml")[0]


def _merge(base: dict, overrides: dict) -> dict:
    """Overrides applied field by field; a list (headings, front_matter) replaces, except headings by level."""
    for key, value in overrides.items():
        if key == "headings" and isinstance(value, list):
            by_level = {h.get("level"): h for h in base.get("headings", [])}
            for heading in value:
                if isinstance(heading, dict):
                    by_level[heading.get("level")] = _merge(by_level.get(heading.get("level"), {}), heading)
            base["headings"] = [by_level[k] for k in sorted(by_level, key=lambda x: (x is None, x or 0))]
        elif isinstance(value, dict) and isinstance(base.get(key), dict):
            base[key] = _merge(base[key], value)
        else:
            base[key] = copy.deepcopy(value)
    return base


def _validate(data: dict, shown: str, lines: Lines, diags: Diagnostics, overrides: bool, prefix: str = "") -> None:
    """Schema validation (naskah/schemas/style.schema.yaml), every problem with its line."""
    import jsonschema

    schema = style_schema()
    if overrides:
        schema = {**schema, "required": []}
        schema["properties"] = {**schema["properties"], "preset": {"type": "string"}}
    validator = jsonschema.Draft202012Validator(schema)
    for err in sorted(validator.iter_errors(data), key=lambda e: list(map(str, e.absolute_path))):
        keypath = tuple(err.absolute_path)
        if overrides and err.validator == "required":
            continue
        dotted = prefix + ".".join(str(k) for k in keypath)
        if err.validator == "additionalProperties" and isinstance(err.instance, dict):
            for key in sorted(set(err.instance) - set(err.schema.get("properties", {}))):
                diags.error(f"unknown style setting '{(dotted + '.' if keypath else prefix) + str(key)}'", shown,
                            line_of(lines, keypath + (key,)), hint="see the README's house-style table")
            continue
        diags.error(f"{dotted or 'style'}: {err.message}", shown, line_of(lines, keypath),
                    hint="see the README's house-style table")
    _check_lengths(data, (), shown, lines, diags, prefix)


def _check_lengths(value, keypath: tuple, shown: str, lines: Lines, diags: Diagnostics, prefix: str) -> None:
    if isinstance(value, dict):
        for key, sub in value.items():
            if key in LENGTH_FIELDS and not isinstance(sub, dict):
                try:
                    Length(sub)
                except ValueError as exc:
                    diags.error(f"{prefix}{'.'.join(map(str, keypath + (key,)))}: {exc}", shown,
                                line_of(lines, keypath + (key,)), hint="lengths take cm, mm, in or pt")
            else:
                _check_lengths(sub, keypath + (key,), shown, lines, diags, prefix)
    elif isinstance(value, list):
        for index, sub in enumerate(value):
            _check_lengths(sub, keypath + (index,), shown, lines, diags, prefix)


@cache
def style_schema() -> dict:
    import yaml

    text = resources.files("naskah.schemas").joinpath("style.schema.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(text)
