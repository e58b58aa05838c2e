"""Checking a REFI-QDA file against the standard's XML schemas (bundled in ``xsd/``).

On import this is a warning only: real files fail the schema (Taguette's codebook has an empty
``<Sets/>``, ATLAS.ti 9 and 23 write the namespace ``urn:QDA-XML:codebook:0:4``) and are still
perfectly readable. naskah's own export must pass it (the tests check that).

XSD validation needs lxml (BSD; it comes with python-docx). Without it, a structural check of
the elements and attributes the schema requires is done instead, and the warning says so.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

from naskah.core.errors import Diagnostics
from naskah.data.importers.xmltree import Node

NAMESPACES = {"project": "urn:QDA-XML:project:1.0", "codebook": "urn:QDA-XML:codebook:1.0"}
FILES = {"project": "Project.xsd", "codebook": "Codebook.xsd"}
GUID = re.compile(r"^(\{)?[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}(?(1)\})$")
# element -> attributes the schema requires (the structural check without lxml)
REQUIRED = {
    "Project": ("name",), "User": ("guid",), "Code": ("guid", "name", "isCodable"), "Case": ("guid",),
    "Variable": ("guid", "name", "typeOfVariable"), "Set": ("guid", "name"), "TextSource": ("guid",),
    "PlainTextSelection": ("guid", "startPosition", "endPosition"), "Coding": ("guid",), "Note": ("guid",),
    "CodeRef": ("targetGUID",), "SourceRef": ("targetGUID",), "VariableRef": ("targetGUID",),
    "MemberSource": ("targetGUID",), "MemberCode": ("targetGUID",),
}
NON_EMPTY = ("Users", "Codes", "Cases", "Variables", "Sets", "Notes", "Links", "Graphs")


def problems(data: bytes, kind: str) -> tuple[list[tuple[int, str]], bool]:
    """Schema violations as (line, message), and whether the real XSD was used (else the structural check)."""
    try:
        from lxml import etree
    except ImportError:
        return [], False
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    try:
        document = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        return [(exc.lineno or 1, str(exc))], True
    xsd = _schema(kind)
    if xsd.validate(document):
        return [], True
    return [(entry.line, entry.message) for entry in xsd.error_log], True


@cache
def _schema(kind: str):
    from lxml import etree

    text = resources.files("naskah.data.importers").joinpath("xsd", FILES[kind]).read_bytes()
    return etree.XMLSchema(etree.fromstring(text))


def structural(root: Node) -> list[tuple[int, str]]:
    """What the schema requires of elements and attributes, checked without an XSD validator."""
    found = []
    for node in root.iter():
        for attribute in REQUIRED.get(node.tag, ()):
            if attribute not in node.attrs:
                found.append((node.line, f"<{node.tag}> lacks the required attribute {attribute}"))
        for attribute in ("guid", "targetGUID"):
            if attribute in node.attrs and not GUID.match(node.attrs[attribute]):
                found.append((node.line, f"<{node.tag}> {attribute}={node.attrs[attribute]!r} is not a GUID"))
        if node.tag in NON_EMPTY and not node.children:
            found.append((node.line, f"<{node.tag}> is empty (the schema wants at least one child)"))
        if node.tag == "Coding" and node.find("CodeRef") is None:
            found.append((node.line, "<Coding> lacks its <CodeRef>"))
    return found


def check(data: bytes, root: Node, kind: str, shown: str, diags: Diagnostics) -> None:
    """One warning when the file does not follow the REFI-QDA schema (real exports often do not)."""
    if root.ns != NAMESPACES[kind]:
        diags.warning(f"namespace {root.ns or '(none)'!r} is not the standard's {NAMESPACES[kind]}, so the file "
                      "cannot be validated against the REFI-QDA schema", shown, root.line,
                      hint="read all the same (ATLAS.ti 9 and 23 write urn:QDA-XML:codebook:0:4)")
        return
    found, validated = problems(data, kind)
    how = "the REFI-QDA XSD"
    if not validated:
        found, how = structural(root), "the REFI-QDA structure (lxml is not installed, so no XSD validation)"
    if found:
        line, first = found[0]
        more = f" (and {len(found) - 1} more)" if len(found) > 1 else ""
        diags.warning(f"does not follow {how}: {first}{more}", shown, line,
                      hint="read all the same; real exports often deviate from the schema")
