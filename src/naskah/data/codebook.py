"""The analytic model: stages (top-level codes, in order) and their sub-codes."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from naskah.core.errors import Diagnostics
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

    @property
    def codes(self) -> dict[str, Code]:
        out = {stage.id: stage for stage in self.stages}
        for subs in self.subcodes.values():
            out.update({code.id: code for code in subs})
        return out

    def stage_of(self, code_id: str) -> str:
        """The stage a code belongs to (a stage belongs to itself)."""
        code = self.codes[code_id]
        return code.parent or code.id

    @property
    def stage_ids(self) -> list[str]:
        return [stage.id for stage in self.stages]


def load_codebook(path: str | Path, shown: str | None = None) -> Codebook:
    """Read and validate a codebook; every problem in the file is reported together."""
    shown = shown or str(path)
    data, lines = load_yaml(path, shown)
    diags = Diagnostics()
    hint_shape = "the codebook is a mapping with a 'codes:' list of {id, label, description, parent?}"
    if not isinstance(data, dict) or not isinstance(data.get("codes"), list):
        diags.error("no 'codes:' list found", shown, line_of(lines, ("codes",)), hint=hint_shape)
        diags.raise_if_errors()
    raw_codes = data["codes"]
    seen: dict[str, int | None] = {}
    parsed: list[Code] = []
    for index, item in enumerate(raw_codes):
        line = line_of(lines, ("codes", index))
        if not isinstance(item, dict):
            diags.error("each code must be a mapping with id, label and description", shown, line, hint=hint_shape)
            continue
        unknown = sorted(set(item) - {"id", "label", "description", "parent"})
        if unknown:
            diags.error(f"unknown field(s) {', '.join(unknown)}", shown, line,
                        hint="a code has only id, label, description and parent")
        code_id = item.get("id")
        if not isinstance(code_id, str) or not CODE_ID.match(code_id):
            diags.error(f"invalid code id {code_id!r}", shown, line_of(lines, ("codes", index, "id")),
                        hint="use lowercase letters, digits, '_' or '-', starting with a letter (e.g. kontak_sapaan)")
            continue
        if code_id in seen:
            diags.error(f"code id '{code_id}' is defined twice (first on line {seen[code_id]})", shown, line,
                        hint="give every code a unique id")
            continue
        seen[code_id] = line
        label = item.get("label")
        if not isinstance(label, str) or not label.strip():
            diags.error(f"code '{code_id}' has no label", shown, line, hint="add 'label: <name shown in tables>'")
            label = code_id
        description = item.get("description") or ""
        if not isinstance(description, str):
            diags.error(f"code '{code_id}': description must be text", shown, line)
            description = ""
        parent = item.get("parent")
        parsed.append(Code(code_id, label.strip(), description.strip(), parent, line))

    stages = [code for code in parsed if code.parent is None]
    subcodes: dict[str, list[Code]] = {stage.id: [] for stage in stages}
    for code in parsed:
        if code.parent is None:
            continue
        if code.parent not in subcodes:
            where = "is a sub-code itself" if code.parent in seen else "is not a stage in this codebook"
            diags.error(f"sub-code '{code.id}' names parent '{code.parent}', which {where}", shown, code.line,
                        hint="a sub-code's parent must be one of the top-level stages: " + ", ".join(subcodes))
            continue
        subcodes[code.parent].append(code)
    if not stages and not diags.errors:
        diags.error("the codebook defines no stages", shown, line_of(lines, ("codes",)),
                    hint="top-level codes (without 'parent') are the stages, in order")
    diags.raise_if_errors()
    title = data.get("title") or ""
    return Codebook(str(title), stages, subcodes, shown)
