"""Loading and validating ``config/config.yaml``.

The config's own problems are worded in the language it names (``thesis.language``), read from the
parsed YAML before anything is validated: a student writing in Indonesian reads "setelan tidak dikenal"
about a typo in ``thesis``, even though the config is not valid yet. A file that is not even YAML is
reported in the language naskah was already speaking (English on the command line).
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field, replace
from functools import cache, cached_property
from importlib import resources
from pathlib import Path

from naskah.core.errors import Diagnostics, InputError, NaskahError
from naskah.core.messages import _, current_language, language_scope

# PyYAML and jsonschema (with naskah.core.yamlsrc) are imported where a YAML config is read and validated:
# a workflow job reads the resolved JSON config (results/config/*.json) and needs neither; jsonschema alone
# costs a job more start-up than some of them spend working (the literature stage: issue 9)

DEFAULT_CONFIG = "config/config.yaml"


@cache
def config_schema() -> dict:
    import yaml

    text = resources.files("naskah.schemas").joinpath("config.schema.yaml").read_text(encoding="utf-8")
    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # noqa: S506 - a safe loader


class Settings:
    """One section of the config read through attributes (``config.tables.exemplar_quotes_per_stage``):
    every value is there, because the schema's defaults were filled in when the config was loaded —
    the schema is the one place a default is written."""

    def __init__(self, section: str, values: dict):
        self._section = section
        self._values = values

    def __getattr__(self, name: str):
        values = object.__getattribute__(self, "_values")
        if name.startswith("_") or name not in values:
            raise AttributeError(f"config section '{self._section}' has no setting '{name}'")
        value = values[name]
        return Settings(f"{self._section}.{name}", value) if isinstance(value, dict) else value

    def __getitem__(self, name: str):
        return self._values[name]

    def get(self, name: str, default=None):
        return self._values.get(name, default)


@dataclass(frozen=True)
class Config:
    """The validated configuration, with defaults filled in and paths resolved against ``root``."""

    data: dict
    root: Path
    path: str  # as shown to the user
    lines: dict = field(default_factory=dict, compare=False)  # keypath -> line in the config file
    # the settings `--config`/`--configfile` changed from the config file ({}: none), when known; the
    # manifest records them so that `naskah verify` rebuilds with them (None: compare with the file)
    overlay: dict | None = field(default=None, compare=False)

    def line(self, *keypath) -> int | None:
        """The line of a setting in the config file (for messages about it)."""
        from naskah.core.yamlsrc import line_of

        return line_of(self.lines, keypath) if self.lines else None

    @property
    def inputs(self) -> Settings:
        return Settings("inputs", self.data["inputs"])

    @property
    def informants(self) -> Settings:
        return Settings("informants", self.data["informants"])

    @property
    def tables(self) -> Settings:
        return Settings("tables", self.data["tables"])

    @property
    def render(self) -> Settings:
        return Settings("render", self.data["render"])

    @property
    def privacy(self) -> Settings:
        return Settings("privacy", self.data["privacy"])

    @property
    def literature(self) -> Settings:
        return Settings("literature", self.data["literature"])

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
            return path.resolve().relative_to(self._resolved_root).as_posix()
        except ValueError:
            return path.as_posix()

    @cached_property
    def _resolved_root(self) -> Path:  # resolved once: a thousand transcripts are shown several times a build
        return self.root.resolve()

    @property
    def transcript_files(self) -> list[Path]:
        return sorted(self.input_path("transcripts").glob("*.csv"))

    @property
    def chapter_files(self) -> list[Path]:
        return sorted(self.input_path("chapters").glob("*.md"))

    @property
    def strict(self) -> bool:
        """Warnings are errors: ``render.strict``, or a final (submission) copy."""
        return bool(self.data["render"]["strict"]) or self.mode == "final"

    @property
    def mode(self) -> str:
        """``review`` (the advisor's copy, with provenance) or ``final`` (the submission copy)."""
        return self.data["render"].get("mode", "review")

    def render_switch(self, name: str) -> bool:
        """``render.stamp``, ``docx_comments`` or ``provenance_appendix``: as set, else on in review mode only."""
        value = self.data["render"].get(name)
        return self.mode == "review" if value is None else bool(value)

    def with_mode(self, mode: str | None) -> Config:
        """This config with ``render.mode`` overridden (``naskah --mode final``); itself when *mode* is None."""
        if mode is None:
            return self
        data = copy.deepcopy(self.data)
        data["render"]["mode"] = mode
        return Config(data, self.root, self.path, self.lines)  # its overlay: to be compared with the file

    @property
    def front_files(self) -> list[Path]:
        """Front-matter texts: ``00-*.md`` (abstrak, abstract, kata pengantar …), not numbered chapters."""
        return [p for p in self.chapter_files if p.name.startswith("00-")]

    @property
    def body_files(self) -> list[Path]:
        """The numbered chapters (Bab I …), in reading order."""
        return [p for p in self.chapter_files if not p.name.startswith("00-")]

    @property
    def style(self):
        """The house style (:class:`naskah.style.model.Style`): the preset with the config's overrides."""
        cached = self.__dict__.get("_style")
        if cached is None:
            from naskah.style.model import load_style

            cached = load_style(self.data["style"] or {}, self.root, self.path, self.lines)
            object.__setattr__(self, "_style", cached)
        return cached

    def csl_path(self) -> Path:
        style = self.thesis.get("citation_style", "apa")
        if style == "apa":
            return Path(str(resources.files("naskah.resources").joinpath("csl", "apa.csl")))
        return self.root / style


def load_config(path: str | Path = DEFAULT_CONFIG, root: str | Path | None = None,
                overlays: list[tuple[dict, str, dict]] | None = None) -> Config:
    """Read, validate and complete a config file; all schema problems are reported together.

    *overlays* are ``(data, shown, lines)`` applied over the file in order, key by key — what
    Snakemake's ``--configfile`` and ``--config`` give (see the workflow's common.smk). A
    *path* ending in ``.json`` is a resolved config written by :func:`write_resolved`: the
    merged settings a workflow job reads, still naming ``config/config.yaml`` and its lines.
    """
    path = Path(path)
    if root is None and path.suffix == ".json":
        root = path.resolve().parents[2]  # results/config/resolved.json
    if root is None:
        # config/config.yaml sits one folder below the project root
        parent = path.resolve().parent
        root = parent.parent if parent.name == "config" else parent
    root = Path(root)
    if path.suffix == ".json":
        return _load_resolved(path, root)
    from naskah.core.yamlsrc import load_yaml

    shown = _shown(path, root)
    data, lines = load_yaml(path, shown, language=thesis_language)
    if not isinstance(data, dict):
        raise InputError(_("the configuration must be a mapping of settings"), shown, 1,
                         hint=_("start from the README's example config/config.yaml"))
    if not overlays:
        return replace(config_from_dict(data, root, shown, lines), overlay={})
    plain = copy.deepcopy(data)
    origins = {}
    for overlay, overlay_shown, overlay_lines in overlays:
        data = _overlay(data, overlay)
        # a setting an overlay gives is reported at the overlay's place
        origins.update({keypath: (overlay_shown, overlay_lines) for keypath in _leaves(overlay)})
    config = config_from_dict(data, root, shown, lines, origins)
    try:
        return replace(config, overlay=changed_settings(config_from_dict(plain, root, shown, lines).data, config.data))
    except NaskahError:  # the file alone is not valid (an overlay completes it): compare when recording
        return config


def changed_settings(base: dict, given: dict) -> dict:
    """The settings of *given* whose values differ from *base* (nested sections compared key by key)."""
    out = {}
    for key, value in given.items():
        if isinstance(value, dict) and isinstance(base.get(key), dict):
            inner = changed_settings(base[key], value)
            if inner:
                out[key] = inner
        elif base.get(key, object()) != value:
            out[key] = value
    return out


def thesis_language(data) -> str | None:
    """``thesis.language`` of a parsed config that is not validated yet (None when it does not say)."""
    thesis = data.get("thesis") if isinstance(data, dict) else None
    language = thesis.get("language") if isinstance(thesis, dict) else None
    return language if isinstance(language, str) else None


def peek_language(path: str | Path = DEFAULT_CONFIG) -> str | None:
    """``thesis.language`` of a config file, without validating it (None when it cannot be read): for
    commands that speak before, or without, loading the config (``naskah build``, ``open``, ``preview``)."""
    import yaml

    try:
        with open(path, encoding="utf-8-sig") as handle:
            return thesis_language(yaml.safe_load(handle))
    except (OSError, ValueError, yaml.YAMLError):
        return None


def _leaves(data: dict, prefix: tuple = ()) -> list[tuple]:
    out = []
    for key, value in data.items():
        out += _leaves(value, prefix + (key,)) if isinstance(value, dict) and value else [prefix + (key,)]
    return out


def _overlay(base: dict, overlay: dict) -> dict:
    out = dict(base)
    for key, value in overlay.items():
        out[key] = _overlay(out[key], value) if isinstance(value, dict) and isinstance(out.get(key), dict) else value
    return out


class SettingsSlice(dict):
    """The settings one workflow stage reads (see naskah.workflow.plan.STAGE_SETTINGS): reading any
    other is a bug in naskah, said loudly, never a silent default."""

    def __missing__(self, key):
        raise KeyError(f"setting '{key}' is not among this stage's settings (naskah.workflow.plan.STAGE_SETTINGS)")


def sliced(data: dict, settings) -> dict:
    """*data* restricted to *settings*: "*" (everything), or {section: "*" | [keys]}."""
    if settings == "*":
        return data
    out = {}
    for section, keys in settings.items():
        if section in data:
            value = data[section]
            out[section] = value if keys == "*" or not isinstance(value, dict) else {
                k: value[k] for k in keys if k in value}
    return out


def write_resolved(config: Config, target: str | Path, settings="*") -> bool:
    """Write the merged, validated settings a workflow job reads (*settings*: the part of them its
    stage uses); only when they changed, so that a setting a stage does not read never reruns it.
    Returns whether the file was (re)written."""
    import json

    from naskah.core import files

    data = sliced(config.data, settings)
    keep = {section for section in data} if settings != "*" else None
    lines = [[list(k), v] for k, v in sorted(config.lines.items(), key=str)
             if keep is None or (k and k[0] in keep)]
    resolved = {"source": config.path, "data": data, "lines": lines, "settings": settings}
    if config.overlay is not None:
        # the overlay's part this stage reads: a title given on the command line is not the analysis's
        resolved["overlay"] = {section: value for section, value in sliced(config.overlay, settings).items()
                               if value != {}}
    return files.write_text_if_changed(target, json.dumps(resolved, ensure_ascii=False, indent=1, sort_keys=True)
                                       + "\n")


def _load_resolved(path: Path, root: Path) -> Config:
    import json

    resolved = json.loads(path.read_text(encoding="utf-8"))
    lines = {tuple(k): v for k, v in resolved["lines"]}
    data = resolved["data"]
    if resolved.get("settings", "*") != "*":
        data = SettingsSlice({k: SettingsSlice(v) if isinstance(v, dict) else v for k, v in data.items()})
    return Config(data, root, resolved["source"], lines, resolved.get("overlay"))


def config_from_dict(data: dict, root: str | Path, shown: str = DEFAULT_CONFIG, lines=None,
                     origins: dict | None = None) -> Config:
    """Validate an already-loaded mapping. *origins* maps the key paths an overlay set to
    ``(shown, lines)`` of that overlay, so a problem there is reported where it was written."""
    import jsonschema

    from naskah.core.yamlsrc import line_of, schema_message

    lines = lines or {}
    origins = origins or {}

    def place(keypath: tuple) -> tuple[str, int | None]:
        for n in range(len(keypath), 0, -1):
            if keypath[:n] in origins:
                where, where_lines = origins[keypath[:n]]
                return where, line_of(where_lines, keypath)
        return shown, line_of(lines, keypath)

    schema = config_schema()
    diags = Diagnostics()
    validator = jsonschema.Draft202012Validator(schema)
    # the config's problems in the language it names, even before it is valid
    with language_scope(thesis_language(data) or current_language()):
        hint = _("see the README's settings tables (schema: naskah/schemas/config.schema.yaml)")
        for err in sorted(validator.iter_errors(data), key=lambda e: list(map(str, e.absolute_path))):
            keypath = tuple(err.absolute_path)
            if err.validator == "additionalProperties" and isinstance(err.instance, dict):
                # point at each unknown key itself, not at the mapping that holds it
                for key in sorted(set(err.instance) - set(err.schema.get("properties", {}))):
                    dotted = ".".join(str(k) for k in keypath + (key,))
                    diags.error(_("unknown setting '{name}'", name=dotted), *place(keypath + (key,)), hint=hint)
                continue
            dotted = ".".join(str(k) for k in keypath) or _("(top level)")
            diags.error(f"{dotted}: {schema_message(err)}", *place(keypath), hint=hint)
        diags.raise_if_errors()
    completed = _with_defaults(copy.deepcopy(data), schema)
    return Config(completed, Path(root), shown, lines)


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
