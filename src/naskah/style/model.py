"""The house style: a preset of a faculty guideline, overridden field by field from the config.

One style drives all three formats: the DOCX reference document and its sections
(:mod:`naskah.style.docx`), the typst template (:mod:`naskah.style.typst`), the HTML
stylesheet, heading numbering and caption wording in the assembled Markdown, and the
format check (:mod:`naskah.style.formatcheck`). It is data, not code: a preset is a YAML
file shipped in ``naskah/style/presets/`` (or the student's own file), and
``config.yaml``'s ``style:`` section names it and overrides any field::

    style:
      preset: default            # or uin-imam-bonjol, unpam-hukum, or a path such as style/my-faculty.yaml
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
from naskah.core.messages import _
from naskah.core.yamlsrc import Lines, line_of, load_yaml, schema_message

PRESET_DIR = "presets"
DEFAULT_PRESET = "default"
_LENGTH = re.compile(r"^\s*(-?\d+(?:\.\d+)?)\s*(cm|mm|in|pt)\s*$")
_POINTS = {"cm": 72 / 2.54, "mm": 72 / 25.4, "in": 72.0, "pt": 1.0}
# paper sizes in millimetres (width, height)
PAPER = {"a4": (210, 297), "letter": (215.9, 279.4), "f4": (215, 330)}
_LABELS = {"id": {"table": "Tabel", "figure": "Gambar", "source": "Sumber"},
           "en": {"table": "Table", "figure": "Figure", "source": "Source"}}


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

    def __eq__(self, other) -> bool:
        return isinstance(other, Section) and self._data == other._data

    __hash__ = None  # mutable data: not hashable

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
            # wrapped once: the format check reads `style.body` for each of a thesis's 800 paragraphs
            value = _wrap(name, data[name])
            object.__setattr__(self, name, value)
            return value
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

    @property
    def text_width(self) -> Length:
        """The width of the type area: the page less the left and right margins."""
        margins = self.data["page"]["margins"]
        return Length(self.paper_size[0] - Length(margins["left"]) - Length(margins["right"]))

    @property
    def text_height(self) -> Length:
        """The height of the type area: the page less the top and bottom margins."""
        margins = self.data["page"]["margins"]
        return Length(self.paper_size[1] - Length(margins["top"]) - Length(margins["bottom"]))

    def label(self, kind: str, language: str = "id") -> str:
        """The word before a ``table`` or ``figure`` number, or before a ``source`` line.

        The style's ``captions.<kind>_label`` when it sets one, else the thesis language's word.
        """
        words = _LABELS["en" if language == "en" else "id"]
        return self.data.get("captions", {}).get(f"{kind}_label") or words[kind]


def preset_names() -> list[str]:
    folder = resources.files("naskah.style").joinpath(PRESET_DIR)
    return sorted(p.name[:-5] for p in folder.iterdir() if p.name.endswith(".yaml"))


def preset_path(name: str) -> Path:
    return Path(str(resources.files("naskah.style").joinpath(PRESET_DIR, f"{name}.yaml")))


def _preset(path: str, shown: str) -> tuple[dict, Lines]:
    """A preset or style file, parsed once per version of the file (its mtime and size)."""
    try:
        stat = Path(path).stat()
        version = (stat.st_mtime_ns, stat.st_size)
    except OSError:
        version = None
    return _parsed(path, shown, version)


@cache
def _parsed(path: str, shown: str, version) -> tuple[dict, Lines]:
    data, lines = load_yaml(path, shown)
    if data is None:
        data = {}  # an empty file of one's own: the default preset fills everything
    if not isinstance(data, dict):
        raise InputError(_("a house style must be a mapping of settings"), shown, 1,
                         hint=_("start from one of naskah's presets: {presets}", presets=", ".join(preset_names())))
    return data, lines


def load_style(settings: dict | None = None, root: str | Path = ".", config_path: str = "config/config.yaml",
               config_lines: Lines | None = None, check_presets: bool = False) -> Style:
    """The style named by the config's ``style:`` section (*settings*), with its overrides applied.

    A preset is a name of naskah's presets or the path of a YAML file relative to the project *root*.
    A style file states what its guideline states and ``extends`` another (a student's own file
    extends ``default`` unless it says otherwise), so it may be partial. Every problem (unknown
    preset, unknown field, wrong type, bad length) is reported as ``file:line``, all at once.
    *check_presets*: validate naskah's own presets too (the tests do; a build trusts them).
    """
    settings = dict(settings or {})
    config_lines = config_lines or {}
    name = settings.pop("preset", DEFAULT_PRESET)
    chain = _chain(name, Path(root), config_path, line_of(config_lines, ("style", "preset")))
    # naskah's own presets are valid (tests/style/test_style_model.py validates each, alone and complete):
    # validating them again in every job cost each a third of a second (jsonschema), so only what the
    # student wrote is validated here — their own style files, their overrides, and the combination
    own = [link for link in chain if check_presets or not link[2].startswith(BUILTIN_PREFIX)]
    diags = Diagnostics()
    for data, lines, shown in own:
        _validate(data, shown, lines, diags, partial=shown != _builtin_shown(DEFAULT_PRESET))
    override_lines = {k[1:]: v for k, v in config_lines.items() if k[:1] == ("style",)}
    if settings:
        _validate(settings, config_path, override_lines, diags, partial=True, prefix="style.")
    diags.raise_if_errors()
    merged: dict = {}
    for data, _lines, _shown in chain:
        merged = _merge(merged, {k: v for k, v in data.items() if k != "extends"})
    merged = _merge(merged, settings)
    _data, leaf_lines, leaf = chain[-1]
    if own or settings:
        _validate(merged, leaf, leaf_lines, diags, partial=False)  # what only the combination can break
    diags.raise_if_errors()
    return Style(merged, leaf)


def validate_preset(name: str) -> Style:
    """One of naskah's presets, validated with every preset it extends and as a whole (the tests)."""
    return load_style({"preset": name}, check_presets=True)


BUILTIN_PREFIX = "naskah:style/presets/"


def _builtin_shown(name: str) -> str:
    return f"{BUILTIN_PREFIX}{name}.yaml"


def _chain(name, root: Path, where: str, line: int | None) -> list[tuple[dict, Lines, str]]:
    """The style files from the root preset (``default``) down to *name*, following ``extends``."""
    available = preset_names()
    found: list[tuple[dict, Lines, str]] = []
    while True:
        hint = _("use one of {presets}, or the path of a YAML file relative to the project folder",
                 presets=", ".join(available))
        setting = "extends" if found else "style.preset"
        if not isinstance(name, str) or not name.strip():
            raise InputError(_("{setting}: {name!r} is not a preset name or a file path", setting=setting, name=name),
                             where, line, hint=hint)
        if name in available:
            path, shown = preset_path(name), _builtin_shown(name)
        else:
            path, shown = root / name, Path(name).as_posix()
            if not path.is_file():
                raise InputError(_("{setting}: no preset or file named '{name}'", setting=setting, name=name),
                                 where, line, hint=hint)
        if shown in [f[2] for f in found]:
            circle = " → ".join([f[2] for f in found] + [shown])
            raise InputError(_("style files extend each other in a circle: {circle}", circle=circle), where, line,
                             hint=_("let the last one extend a preset such as default"))
        data, lines = _preset(str(path), shown)
        found.append((data, lines, shown))
        if shown == _builtin_shown(DEFAULT_PRESET):
            break  # the root: complete by itself
        name, where, line = data.get("extends", DEFAULT_PRESET), shown, line_of(lines, ("extends",))
    return found[::-1]


def _default() -> dict:
    return _preset(str(preset_path(DEFAULT_PRESET)), f"naskah:style/presets/{DEFAULT_PRESET}.yaml")[0]


def _merge(base: dict, overrides: dict) -> dict:
    """Overrides applied field by field; a list (front_matter) replaces, headings merge by level."""
    for key, value in overrides.items():
        if key == "headings" and isinstance(value, list):
            by_level = {h.get("level"): h for h in base.get("headings", [])}
            for heading in value:
                if isinstance(heading, dict):
                    by_level[heading.get("level")] = _merge(copy.deepcopy(by_level.get(heading.get("level"), {})),
                                                            heading)
            base["headings"] = [by_level[k] for k in sorted(by_level, key=lambda x: (x is None, x or 0))]
        elif isinstance(value, dict) and isinstance(base.get(key), dict):
            base[key] = _merge(base[key], value)
        else:
            base[key] = copy.deepcopy(value)
    return base


def _hint() -> str:
    return _("see the house-style table in the README (schema: naskah/schemas/style.schema.yaml)")


def _validate(data: dict, shown: str, lines: Lines, diags: Diagnostics, partial: bool, prefix: str = "") -> None:
    """Schema validation (naskah/schemas/style.schema.yaml), every problem with its line.

    *partial*: a style file that extends another, or the config's ``style:`` section (*prefix*
    ``style.``, where ``preset`` names the style): nothing is required at the top level.
    """
    import jsonschema

    schema = dict(style_schema())
    if partial:
        schema = {**schema, "required": []}
    if prefix == "style.":
        schema["properties"] = {k: v for k, v in schema["properties"].items() if k != "extends"}
        schema["properties"]["preset"] = {"type": "string"}
    validator = jsonschema.Draft202012Validator(schema)
    for err in sorted(validator.iter_errors(data), key=lambda e: list(map(str, e.absolute_path))):
        keypath = tuple(err.absolute_path)
        dotted = prefix + _dotted(keypath)
        if err.validator == "additionalProperties" and isinstance(err.instance, dict):
            for key in sorted(set(err.instance) - set(err.schema.get("properties", {}))):
                known = ", ".join(sorted(err.schema.get("properties", {})))
                diags.error(_("unknown style setting '{name}'", name=prefix + _dotted(keypath + (key,))), shown,
                            line_of(lines, keypath + (key,)), hint=_("known here: {names}", names=known))
            continue
        message, hint = _explain(err)
        diags.error(f"{dotted or 'style'}: {message}", shown, line_of(lines, keypath), hint=hint)
    _check_headings(data, shown, lines, diags, prefix)


def _dotted(keypath: tuple) -> str:
    """``headings[0].align``: keys joined by dots, list positions in brackets."""
    text = ""
    for key in keypath:
        text += f"[{key}]" if isinstance(key, int) else (f".{key}" if text else str(key))
    return text


def _explain(err) -> tuple[str, str]:
    """A schema error in words a student understands, and what to do."""
    value = err.instance
    if isinstance(err.schema, dict) and err.schema.get("pattern") == style_schema()["$defs"]["length"]["pattern"]:
        if isinstance(value, int | float) and not isinstance(value, bool):
            return _("{value} has no unit", value=value), _("write e.g. {value:g}cm, {value:g}mm or {value:g}pt",
                                                            value=value)
        return _("{value!r} is not a length", value=value), _("write e.g. 4cm, 30mm, 1in or 12pt")
    if err.validator == "type" and err.schema.get("type") == "number" and isinstance(value, str):
        if re.fullmatch(r"\s*\d+,\d+\s*", value):
            return _("{value!r} is not a number", value=value), _("write {number} (a decimal point)",
                                                                  number=value.strip().replace(",", "."))
        return _("{value!r} is not a number", value=value), _("write e.g. 1, 1.5 or 2")
    if err.validator in ("minimum", "maximum"):
        low, high = err.schema.get("minimum"), err.schema.get("maximum")
        hint = _("use a value from {low:g} to {high:g}", low=low, high=high) if low is not None and high is not None \
            else schema_message(err)
        return _("{value!r} is out of range", value=value), hint
    if err.validator == "enum":
        return _("{value!r} is not allowed", value=value), _("use one of {names}",
                                                             names=", ".join(map(str, err.validator_value)))
    return schema_message(err), _hint()


def _check_headings(data: dict, shown: str, lines: Lines, diags: Diagnostics, prefix: str) -> None:
    headings = data.get("headings") if isinstance(data, dict) else None
    if not isinstance(headings, list):
        return
    seen: dict = {}
    for index, heading in enumerate(headings):
        level = heading.get("level") if isinstance(heading, dict) else None
        if level is None:
            continue
        if level in seen:
            diags.error(_("{setting}: level {level} is given twice (items {first} and {second})",
                          setting=prefix + "headings", level=level, first=seen[level] + 1, second=index + 1),
                        shown, line_of(lines, ("headings", index)), hint=_("give each heading level once"))
        seen.setdefault(level, index)


@cache
def style_schema() -> dict:
    import yaml

    text = resources.files("naskah.schemas").joinpath("style.schema.yaml").read_text(encoding="utf-8")
    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # noqa: S506 - a safe loader
