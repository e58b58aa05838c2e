"""Numbers and data text as chapter templates see them: traceable and escaped.

Templates read the analysis through :class:`FactsView`. A number read from it
is a :class:`Bound` int that remembers its expression (``stage.kontak.informants``),
the table cell it is shown in and the transcript turns it counts; arithmetic
keeps that lineage (``stage.kontak.informants / informants.total``). When a
template prints one, :func:`finalize` records it and wraps it in a pandoc span
``[6]{#n3 .naskah-num}`` that the renderer turns into an HTML popover or a
Word comment. Text from the data (codebook labels, group names) is escaped for
Markdown when a template prints it, so a ``*`` in a label cannot italicise.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field

from naskah.core.markdown import escape


class _Lineage:
    expr: str
    refs: tuple[str, ...]
    cell: dict | None

    def _combine(self, other, op: str, result):
        expr_other = other.expr if isinstance(other, _Lineage) else repr(other)
        mine = set(self.refs)  # not the tuple: 100,000 turns on each side made this minutes of `in`
        refs = self.refs + tuple(r for r in getattr(other, "refs", ()) if r not in mine)
        return bound(result, f"{self.expr} {op} {expr_other}", refs, None)

    def __truediv__(self, other):
        return self._combine(other, "/", float(self) / float(other))

    def __mul__(self, other):
        return self._combine(other, "*", _plain(self) * _plain(other))

    __rmul__ = __mul__

    def __add__(self, other):
        return self._combine(other, "+", _plain(self) + _plain(other))

    __radd__ = __add__

    def __sub__(self, other):
        return self._combine(other, "-", _plain(self) - _plain(other))


class Bound(_Lineage, int):
    """An int from the analysis that knows where it comes from."""

    def __new__(cls, value, expr: str, refs=(), cell=None):
        obj = int.__new__(cls, value)
        obj.expr, obj.refs, obj.cell = expr, tuple(refs), cell
        return obj


class BoundFloat(_Lineage, float):
    def __new__(cls, value, expr: str, refs=(), cell=None):
        obj = float.__new__(cls, value)
        obj.expr, obj.refs, obj.cell = expr, tuple(refs), cell
        return obj


class DataText(str):
    """Text from the data (a label, a group name). It stays usable as an id or a key inside the
    template; when printed it is escaped, so a ``*`` or ``@`` in a label cannot become markup."""


class BoundText(str):
    """A formatted bound number (e.g. the result of ``| pct``)."""

    def __new__(cls, value, expr: str, refs=(), cell=None):
        obj = str.__new__(cls, value)
        obj.expr, obj.refs, obj.cell = expr, tuple(refs), cell
        return obj


class Phrase(str):
    """Words made of parts — plain text, :class:`DataText` and bound numbers — as the helper filters
    (``naskah.writing.helpers``) say them: printed, each number in it is recorded and marked on its
    own, and each data text escaped, exactly as if the chapter had printed the parts one by one."""

    def __new__(cls, parts):
        flat: list = []
        for part in parts:
            flat += part.parts if isinstance(part, Phrase) else [part]
        obj = str.__new__(cls, "".join(str(p) for p in flat))
        obj.parts = tuple(p for p in flat if str(p) != "" or isinstance(p, (Bound, BoundFloat, BoundText)))
        return obj


def _plain(value):
    if isinstance(value, Bound):
        return int(value)
    if isinstance(value, BoundFloat):
        return float(value)
    return value


def bound(value, expr: str, refs=(), cell=None):
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return Bound(value, expr, refs, cell)
    if isinstance(value, float):
        return BoundFloat(value, expr, refs, cell)
    return value


def _dotted(path: tuple) -> str:
    out = ""
    for index, key in enumerate(path):
        if index == 0:
            out = "stage" if key == "stages" else str(key)
        elif isinstance(key, str) and key.isidentifier():
            out += f".{key}"
        else:
            out += f"[{key!r}]".replace("'", '"')
    return out


class FactsView:
    """Read-only view of facts.json for templates: attribute or item access, lineage on every number."""

    def __init__(self, data, path: tuple, sources: dict):
        self._data, self._path, self._sources = data, path, sources

    def _child(self, key, value):
        if isinstance(value, dict) and isinstance(self._data, list) and ("id" in value or "name" in value):
            path = self._path + (value.get("id", value.get("name")),)  # list items are addressed by id or name
        else:
            path = self._path + (key,)
        if isinstance(value, (dict, list)):
            return FactsView(value, path, self._sources)
        if isinstance(value, str):
            return DataText(value)  # escaped when printed (see Recorder.finalize)
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            expr = _dotted(path)
            source = self._sources.get(expr, {})
            return bound(value, expr, source.get("refs", ()), source.get("cell"))
        return value

    def __getattr__(self, name):
        if name.startswith("_"):
            raise AttributeError(name)
        try:
            return self[name]
        except (KeyError, IndexError, TypeError):
            raise AttributeError(name) from None

    def __getitem__(self, key):
        if isinstance(self._data, list):
            return self._child(key, self._data[key])
        return self._child(key, self._data[key])

    def __iter__(self):
        if isinstance(self._data, list):
            return (self._child(i, v) for i, v in enumerate(self._data))
        return iter(self._data)

    def __len__(self):
        return len(self._data)

    def __contains__(self, key):
        return key in self._data

    def keys(self):
        return list(self._data) if isinstance(self._data, dict) else []

    def values(self):
        return [self[k] for k in self.keys()]

    def items(self):
        return [(k, self[k]) for k in self.keys()]

    def __repr__(self):
        return _dotted(self._path) or "facts"


def stage_index(facts: dict, sources: dict) -> FactsView:
    """``stage.<id>``: the stages addressed by id (same lineage as ``stages``)."""
    return FactsView({s["id"]: s for s in facts["stages"]}, ("stages",), sources)


def template_line() -> int | None:
    """The line of the chapter file printing the value being finalised (for ``naskah trace``): the
    innermost Jinja frame of a file template (a ``per_stage`` text reports the line that calls it)."""
    frame = sys._getframe(1)
    while frame is not None:
        template = frame.f_globals.get("__jinja_template__")
        if template is not None and template.filename and not template.filename.startswith("<"):  # not from_string
            return template.get_corresponding_lineno(frame.f_lineno)
        frame = frame.f_back
    return None


@dataclass
class Recorder:
    """Collects every bound number a chapter prints."""

    records: list[dict] = field(default_factory=list)
    chapter: str = ""

    def finalize(self, value):
        if isinstance(value, Phrase):
            return "".join(str(self.finalize(part)) for part in value.parts)
        if isinstance(value, (Bound, BoundFloat, BoundText)):
            ident = f"n{len(self.records) + 1}"
            text = str(value)
            self.records.append({"id": ident, "expr": value.expr, "value": text, "chapter": self.chapter,
                                 "line": template_line(), "cell": value.cell, "refs": list(value.refs)})
            return f"[{text}]{{#{ident} .naskah-num}}"
        if isinstance(value, DataText):
            return escape(value)
        return value
