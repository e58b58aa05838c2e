"""YAML loading that remembers where each value was written.

Schema and data errors in YAML files must name ``file:line``; PyYAML's
composed node tree knows the line of every node, so we keep a map from the
value's path (a tuple of keys and indices) to its 1-based line. The schema problems
of such files (config, house style) are worded here too (:func:`schema_message`).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import yaml

from naskah.core.errors import Diagnostics, InputError
from naskah.core.files import read_text
from naskah.core.messages import _, current_language, language_scope

Lines = dict[tuple, int]
# libyaml's loader when PyYAML was built with it (it is in the wheels): several times faster
LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_yaml(path: str | Path, shown: str | None = None,
              language: Callable[[object], str | None] | None = None) -> tuple[object, Lines]:
    """Load a YAML file; return ``(data, lines)`` where ``lines[keypath]`` is 1-based.

    *language* gives, from the parsed data, the language to word the file's own problems in (the
    config's ``thesis.language``): a key written twice is reported in it."""
    shown = shown or str(path)
    text = read_text(path, "YAML file", shown)
    try:
        node = yaml.compose(text, Loader=LOADER)
        data = yaml.load(text, Loader=LOADER)  # noqa: S506 - a safe loader
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        column = mark.column + 1 if mark else None
        problem = exc.problem or exc.context
        hint = _("check indentation and quoting on this line")
        source_lines = text.split("\n")  # the mark may lie past the last line (an error at the end of the file)
        if "flow" in str(exc.context or "") or (line and line <= len(source_lines) and "{" in source_lines[line - 1]):
            # TRANSLATORS: a message without fields is not formatted: its braces are literal
            hint = _("in a {…} or […] line, put a text that holds ':', ',', '{', '}', '[', ']' or '#' in double "
                     'quotes, e.g. description: "Tahap akhir: perpisahan"')
        raise InputError(_("invalid YAML: {problem}", problem=problem) if problem else _("invalid YAML"), shown, line,
                         column, hint=hint) from None
    except yaml.YAMLError:  # a character YAML does not allow (U+0080-U+009F, U+FFFE): libyaml gives no line
        bad = yaml.reader.Reader.NON_PRINTABLE.search(text)
        at = bad.start() if bad else 0
        message = _("invalid YAML: character U+{code:04X} is not allowed in a YAML file", code=ord(text[at])) \
            if bad else _("invalid YAML: a character is not allowed in a YAML file")
        raise InputError(message, shown, text.count("\n", 0, at) + 1, at - text.rfind("\n", 0, at),
                         hint=_("delete it (it is invisible in most editors; text pasted from another program can "
                                "carry it)")) from None
    lines: Lines = {}
    repeated = Diagnostics()
    with language_scope((language(data) if language else None) or current_language()):
        if node is not None:
            _walk(node, (), lines, repeated, shown)
        repeated.raise_if_errors()  # PyYAML keeps the last of two equal keys without a word: a typo goes unseen
    return data, lines


def _walk(node, keypath: tuple, lines: Lines, repeated: Diagnostics, shown: str) -> None:
    lines[keypath] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        first: dict[tuple, int] = {}
        for key_node, value_node in node.value:
            key = key_node.value
            if isinstance(key_node, yaml.ScalarNode) and key_node.tag != "tag:yaml.org,2002:merge":
                line = key_node.start_mark.line + 1
                if (key_node.tag, key) in first:
                    repeated.error(_("'{key}' is given twice (first on line {line})", key=key,
                                     line=first[key_node.tag, key]), shown, line, key_node.start_mark.column + 1,
                                   hint=_("keep one of them: only the last would count"))
                first.setdefault((key_node.tag, key), line)
            _walk(value_node, keypath + (key,), lines, repeated, shown)
            # a key's own line is more useful than its value's (block scalars start below)
            lines[keypath + (key,)] = key_node.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _walk(item, keypath + (index,), lines, repeated, shown)


def line_of(lines: Lines, keypath: tuple) -> int | None:
    """The line of *keypath*, or of its nearest ancestor that has one."""
    keypath = tuple(keypath)
    while keypath:
        if keypath in lines:
            return lines[keypath]
        keypath = keypath[:-1]
    return lines.get(())


def schema_message(err) -> str:
    """What a JSON-schema violation (a ``jsonschema.ValidationError``) of a YAML file means, in the current
    language (jsonschema's own English for the rare kinds a config or style file meets only by accident)."""
    value, limit = err.instance, err.validator_value
    if err.validator == "additionalProperties":
        return err.message.replace("Additional properties are not allowed", _("unknown setting"))
    if err.validator == "required":
        return _("{name} is missing", name=err.message.removesuffix(" is a required property"))
    if err.validator == "type":
        types = ", ".join(repr(t) for t in (limit if isinstance(limit, list) else [limit]))
        return _("{value!r} is not of type {types}", value=value, types=types)
    if err.validator == "enum":
        return _("{value!r} is not one of {options!r}", value=value, options=limit)
    if err.validator == "minimum":
        return _("{value!r} is less than the minimum of {limit!r}", value=value, limit=limit)
    if err.validator == "exclusiveMinimum":
        return _("{value!r} is less than or equal to the minimum of {limit!r}", value=value, limit=limit)
    if err.validator == "maximum":
        return _("{value!r} is greater than the maximum of {limit!r}", value=value, limit=limit)
    if err.validator == "minItems":
        return _("{value!r} is too short", value=value) if limit != 1 else _("{value!r} should be non-empty",
                                                                                 value=value)
    if err.validator == "pattern":
        return _("{value!r} does not match {pattern!r}", value=value, pattern=limit)
    return err.message
