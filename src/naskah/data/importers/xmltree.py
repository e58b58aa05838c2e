"""A small, safe XML tree that remembers the line of every element.

REFI-QDA files come from many tools and travel by e-mail and USB stick; a message about one
must name ``file:line``, which ``xml.etree`` does not record. We drive expat (the standard
library's parser) ourselves: elements are matched by local name, because the namespaces seen in
real exports differ (``urn:QDA-XML:project:1.0``, ``urn:QDA-XML:codebook:1.0``, ATLAS.ti's
``urn:QDA-XML:codebook:0:4``). A document type declaration is refused outright: no REFI file
has one, and refusing it rules out entity expansion ("billion laughs") and external entities.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from xml.parsers import expat

from naskah.core.errors import InputError

SEPARATOR = "\x1f"  # between namespace and local name in expat's names (never in a real name)


@dataclass
class Node:
    tag: str  # local name
    ns: str  # namespace URI ("" when none)
    attrs: dict[str, str]
    line: int
    children: list[Node] = field(default_factory=list)
    _text: list[str] = field(default_factory=list, repr=False)

    @property
    def text(self) -> str:
        return "".join(self._text)

    def get(self, name: str, default: str | None = None) -> str | None:
        return self.attrs.get(name, default)

    def find(self, tag: str) -> Node | None:
        return next((child for child in self.children if child.tag == tag), None)

    def findall(self, tag: str) -> list[Node]:
        return [child for child in self.children if child.tag == tag]

    def iter(self, tag: str | None = None) -> Iterator[Node]:
        stack = [self]
        while stack:
            node = stack.pop()
            if tag is None or node.tag == tag:
                yield node
            stack.extend(reversed(node.children))


class _Refused(Exception):
    pass


def parse(data: bytes, shown: str) -> Node:
    """Parse *data*; a malformed document is an :class:`InputError` at its line and column."""
    parser = expat.ParserCreate(namespace_separator=SEPARATOR)
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    stack: list[Node] = []
    roots: list[Node] = []

    def start(name: str, attrs: dict[str, str]) -> None:
        ns, _, local = name.rpartition(SEPARATOR)
        clean = {key.rpartition(SEPARATOR)[2]: value for key, value in attrs.items()}
        node = Node(local, ns, clean, parser.CurrentLineNumber)
        (stack[-1].children if stack else roots).append(node)
        stack.append(node)

    def end(_name: str) -> None:
        stack.pop()

    def chars(text: str) -> None:
        if stack:
            stack[-1]._text.append(text)

    def doctype(*_args) -> None:
        raise _Refused("a document type declaration (<!DOCTYPE …>)")

    def entity(*_args) -> None:
        raise _Refused("an entity declaration")

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = chars
    parser.StartDoctypeDeclHandler = doctype
    parser.EntityDeclHandler = entity
    try:
        parser.Parse(data, True)
    except expat.ExpatError as exc:
        message = expat.ErrorString(exc.code)
        raise InputError(f"malformed XML: {message}", shown, exc.lineno, exc.offset + 1,
                         hint="the file is damaged or was cut short: export it again from your QDA program") from None
    except _Refused as exc:
        raise InputError(f"the XML contains {exc}, which REFI-QDA files never have", shown,
                         parser.CurrentLineNumber, hint="this is not a REFI-QDA export; refusing to read it") from None
    if not roots:
        raise InputError("the XML has no root element", shown, 1, hint="export the project again")
    return roots[0]
