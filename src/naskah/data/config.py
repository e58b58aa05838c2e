"""Loading and validating ``config/config.yaml``."""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path

import jsonschema
import yaml

from naskah.core.errors import Diagnostics, InputError
from naskah.core.yamlsrc import line_of, load_yaml

DEFAULT_CONFIG = "config/config.yaml"


@cache
def config_schema() -> dict:
    text = resources.files("naskah.schemas").joinpath("config.schema.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(text)


@dataclass(frozen=True)
class Config:
    """The validated configuration, with defaults filled in and paths resolved against ``root``."""

    data: dict
    root: Path
    path: str  # as shown to the user
    lines: dict = field(default_factory=dict, compare=False)  # keypath -> line in the config file

    def line(self, *keypath) -> int | None:
        """The line of a setting in the config file (for messages about it)."""
        return line_of(self.lines, keypath) if self.lines else None

    @property
    def thesis(self) -> dict:
        return self.data["thesis"]

    @property
    def language(self) -> str:
        return self.thesis["language"]

    def input_path(self, name: str) -> Path:
        return self.root / self.data["inputs"][name]

    def shown(self, path: str | Path) -> str:
        """*path* as a user reads it in messages: relative to the project root."""
        path = Path(path)
        try:
            return path.resolve().relative_to(self.root.resolve()).as_posix()
        except ValueError:
            return path.as_posix()

    @property
    def transcript_files(self) -> list[Path]:
        return sorted(self.input_path("transcripts").glob("*.csv"))

    @property
    def chapter_files(self) -> list[Path]:
        return sorted(self.input_path("chapters").glob("*.md"))

    @property
    def strict(self) -> bool:
        return bool(self.data["render"]["strict"])

    @property
    def style(self):
        """The house style (:class:`naskah.style.model.Style`): the preset with the config's overrides."""
        cached = self.__dict__.get("_style")
        if cached is None:
            from naskah.style.model import load_style

            cached = load_style(self.data.get("style") or {}, self.root, self.path, self.lines)
            object.__setattr__(self, "_style", cached)
        return cached

    def csl_path(self) -> Path:
        style = self.thesis.get("citation_style", "apa")
        if style == "apa":
            return Path(str(resources.files("naskah.resources").joinpath("csl", "apa.csl")))
        return self.root / style


def load_config(path: str | Path = DEFAULT_CONFIG, root: str | Path | None = None) -> Config:
    """Read, validate and complete a config file; all schema problems are reported together."""
    path = Path(path)
    if root is None:
        # config/config.yaml sits one folder below the project root
        parent = path.resolve().parent
        root = parent.parent if parent.name == "config" else parent
    root = Path(root)
    shown = _shown(path, root)
    data, lines = load_yaml(path, shown)
    if not isinstance(data, dict):
        raise InputError("the configuration must be a mapping of settings", shown, 1,
                         hint="start from the README's example config/config.yaml")
    return config_from_dict(data, root, shown, lines)


def config_from_dict(data: dict, root: str | Path, shown: str = DEFAULT_CONFIG, lines=None) -> Config:
    """Validate an already-loaded mapping (e.g. Snakemake's ``config``)."""
    lines = lines or {}
    schema = config_schema()
    diags = Diagnostics()
    validator = jsonschema.Draft202012Validator(schema)
    hint = "see the README's settings tables (schema: naskah/schemas/config.schema.yaml)"
    for err in sorted(validator.iter_errors(data), key=lambda e: list(map(str, e.absolute_path))):
        keypath = tuple(err.absolute_path)
        if err.validator == "additionalProperties" and isinstance(err.instance, dict):
            # point at each unknown key itself, not at the mapping that holds it
            for key in sorted(set(err.instance) - set(err.schema.get("properties", {}))):
                dotted = ".".join(str(k) for k in keypath + (key,))
                diags.error(f"unknown setting '{dotted}'", shown, line_of(lines, keypath + (key,)), hint=hint)
            continue
        dotted = ".".join(str(k) for k in keypath) or "(top level)"
        diags.error(f"{dotted}: {_schema_message(err)}", shown, line_of(lines, keypath), hint=hint)
    diags.raise_if_errors()
    completed = _with_defaults(copy.deepcopy(data), schema)
    return Config(completed, Path(root), shown, lines)


def _schema_message(err: jsonschema.ValidationError) -> str:
    if err.validator == "additionalProperties":
        return err.message.replace("Additional properties are not allowed", "unknown setting")
    if err.validator == "required":
        return err.message.replace("is a required property", "is missing")
    return err.message


def _with_defaults(data: dict, schema: dict) -> dict:
    """Fill ``default`` values from the schema, recursively, for objects present or required."""
    for key, sub in schema.get("properties", {}).items():
        if sub.get("type") == "object" and "properties" in sub:
            data[key] = _with_defaults(data.get(key) or {}, sub)
        elif key not in data and "default" in sub:
            data[key] = copy.deepcopy(sub["default"])
    return data


def _shown(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(Path(root).resolve()).as_posix()
    except ValueError:
        return path.as_posix()
