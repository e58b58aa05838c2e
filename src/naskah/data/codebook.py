"""The analytic model: stages (top-level codes, in order) and their sub-codes.

A model need not be stages: a thematic analysis has themes and sub-themes. The codebook names its two
levels (``levels: [Tema, Subtema]``) and every table header, caption and figure uses those names, so a
thematic thesis never reads "Tahap" or "Sub-code". Internally, and in the chapter templates
(``stage.<id>``, ``stages``), the top level keeps the name "stage".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from naskah.core.errors import Diagnostics
from naskah.core.messages import _, n_
from naskah.core.yamlsrc import line_of, load_yaml

CODE_ID = re.compile(r"^[a-z][a-z0-9_-]*$")


@dataclass(frozen=True)
class Code:
    id: str
    label: str
    description: str
    parent: str | None
    line: int | None = None


@dataclass
class Codebook:
    """Stages in the order the model defines them, each with its sub-codes."""

    title: str
    stages: list[Code]
    subcodes: dict[str, list[Code]] = field(default_factory=dict)  # stage id -> sub-codes
    path: str = ""
    levels: tuple[str, ...] = ()  # the model's names of its two levels (`levels:`); () = the language's default

    @cached_property
    def codes(self) -> dict[str, Code]:
        """Every code by id (computed once: the transcript reader asks for it on every row)."""
        out = {stage.id: stage for stage in self.stages}
        for subs in self.subcodes.values():
            out.update({code.id: code for code in subs})
        return out

    def stage_of(self, code_id: str) -> str:
        """The stage a code belongs to (a stage belongs to itself)."""
        code = self.codes[code_id]
        return code.parent or code.id

    def stage_map(self) -> dict[str, str]:
        """Every code id → its stage (:meth:`stage_of` as a dict, for loops over every coded turn)."""
        return {code_id: self.stage_of(code_id) for code_id in self.codes}

    @property
    def stage_ids(self) -> list[str]:
        return [stage.id for stage in self.stages]


def load_codebook(path: str | Path, shown: str | None = None) -> Codebook:
    """Read and validate a codebook; every problem in the file is reported together."""
    shown = shown or str(path)
    data, lines = load_yaml(path, shown)
    lines_text = Path(path).read_text(encoding="utf-8-sig", errors="replace").split("\n")
    diags = Diagnostics()
    hint_shape = _("the codebook is a mapping with a 'codes:' list of {id, label, description, parent?}")
    if not isinstance(data, dict) or not isinstance(data.get("codes"), list):
        diags.error(_("no 'codes:' list found"), shown, line_of(lines, ("codes",)), hint=hint_shape)
        diags.raise_if_errors()
    raw_codes = data["codes"]
    seen: dict[str, int | None] = {}
    parsed: list[Code] = []
    for index, item in enumerate(raw_codes):
        line = line_of(lines, ("codes", index))
        if not isinstance(item, dict):
            diags.error(_("each code must be a mapping with id, label and description"), shown, line, hint=hint_shape)
            continue
        unknown = sorted(set(item) - {"id", "label", "description", "parent"})
        if unknown:
            cut = [key for key in unknown if item[key] is None and _flow_style(lines_text, line)]
            hint = _("in a {…} line a comma ends the text: put a text that holds a comma in double quotes, e.g. "
                     'description: "…, …"') if cut else _("a code has only id, label, description and parent")
            diags.error(n_("unknown field {names}", "unknown fields {names}", len(unknown), names=", ".join(unknown)),
                        shown, line, hint=hint)
        code_id = item.get("id")
        if not isinstance(code_id, str) or not CODE_ID.match(code_id):
            diags.error(_("invalid code id {id!r}", id=code_id), shown, line_of(lines, ("codes", index, "id")),
                        hint=_("use lowercase letters, digits, '_' or '-', starting with a letter "
                               "(e.g. kontak_sapaan)"))
            continue
        if code_id in seen:
            diags.error(_("code id '{id}' is defined twice (first on line {line})", id=code_id, line=seen[code_id]),
                        shown, line, hint=_("give every code a unique id"))
            continue
        seen[code_id] = line
        label = item.get("label")
        if not isinstance(label, str) or not label.strip():
            diags.error(_("code '{id}' has no label", id=code_id), shown, line,
                        hint=_("add 'label: <name shown in tables>'"))
            label = code_id
        description = item.get("description") or ""
        if not isinstance(description, str):
            diags.error(_("code '{id}': description must be text", id=code_id), shown, line)
            description = ""
        parent = item.get("parent")
        parsed.append(Code(code_id, label.strip(), description.strip(), parent, line))

    stages = [code for code in parsed if code.parent is None]
    subcodes: dict[str, list[Code]] = {stage.id: [] for stage in stages}
    for code in parsed:
        if code.parent is None:
            continue
        if code.parent not in subcodes:
            message = _("sub-code '{id}' names parent '{parent}', which is a sub-code itself", id=code.id,
                        parent=code.parent) if code.parent in seen else _(
                "sub-code '{id}' names parent '{parent}', which is not a stage in this codebook", id=code.id,
                parent=code.parent)
            diags.error(message, shown, code.line, hint=_("a sub-code's parent must be one of the top-level stages: "
                                                          "{stages}", stages=", ".join(subcodes)))
            continue
        subcodes[code.parent].append(code)
    if not stages and not diags.errors:
        diags.error(_("the codebook defines no stages"), shown, line_of(lines, ("codes",)),
                    hint=_("top-level codes (without 'parent') are the stages, in order"))
    levels = _levels(data.get("levels"), shown, line_of(lines, ("levels",)), diags)
    diags.raise_if_errors()
    title = data.get("title") or ""
    return Codebook(str(title), stages, subcodes, shown, levels)


def _flow_style(text_lines: list[str], line: int | None) -> bool:
    """Whether the code at *line* is written on one line in braces (``- {id: …, description: …}``)."""
    return bool(line) and 0 < line <= len(text_lines) and "{" in text_lines[line - 1]


def _levels(value, shown: str, line: int | None, diags: Diagnostics) -> tuple[str, ...]:
    """``levels: [Tema, Subtema]``: the names of the model's top level and of its sub-codes."""
    if value is None:
        return ()
    if (not isinstance(value, list) or not 1 <= len(value) <= 2
            or not all(isinstance(v, str) and v.strip() for v in value)):
        diags.error(_("levels must name the model's levels, top level first"), shown, line,
                    hint=_("write e.g. levels: [Tema, Subtema] (or [Theme, Sub-theme], [Tahap, Subkode])"))
        return ()
    return tuple(v.strip() for v in value)
