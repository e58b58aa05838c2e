"""YAML loading that remembers where each value was written.

Schema and data errors in YAML files must name ``file:line``; PyYAML's
composed node tree knows the line of every node, so we keep a map from the
value's path (a tuple of keys and indices) to its 1-based line.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from naskah.core.errors import InputError
from naskah.core.files import read_text

Lines = dict[tuple, int]
# libyaml's loader when PyYAML was built with it (it is in the wheels): several times faster
LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_yaml(path: str | Path, shown: str | None = None) -> tuple[object, Lines]:
    """Load a YAML file; return ``(data, lines)`` where ``lines[keypath]`` is 1-based."""
    shown = shown or str(path)
    text = read_text(path, "YAML file", shown)
    try:
        node = yaml.compose(text, Loader=LOADER)
        data = yaml.load(text, Loader=LOADER)  # noqa: S506 - a safe loader
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        column = mark.column + 1 if mark else None
        problem = exc.problem or exc.context or "invalid YAML"
        raise InputError(f"invalid YAML: {problem}", shown, line, column,
                         hint="check indentation and quoting on this line") from None
    lines: Lines = {}
    if node is not None:
        _walk(node, (), lines)
    return data, lines


def _walk(node, keypath: tuple, lines: Lines) -> None:
    lines[keypath] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = key_node.value
            _walk(value_node, keypath + (key,), lines)
            # a key's own line is more useful than its value's (block scalars start below)
            lines[keypath + (key,)] = key_node.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _walk(item, keypath + (index,), lines)


def line_of(lines: Lines, keypath: tuple) -> int | None:
    """The line of *keypath*, or of its nearest ancestor that has one."""
    keypath = tuple(keypath)
    while keypath:
        if keypath in lines:
            return lines[keypath]
        keypath = keypath[:-1]
    return lines.get(())
