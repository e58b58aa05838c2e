"""The manifest inside a received draft: where each format carries it, and how to read it back.

A draft that travels alone (an e-mailed PDF, a Word file in a review round) can still be verified when
it carries its build's manifest. This module fixes where it sits, so the writer (the render step) and
the reader (``naskah verify thesis.pdf``) agree:

* **PDF**: an embedded file named ``provenance.json`` (typst ``pdf.attach``; pypdf lists it under
  ``PdfReader.attachments``).
* **DOCX**: a custom XML part (``customXml/item<N>.xml``) whose root element is
  ``<provenance xmlns="urn:naskah:provenance">`` and whose text is the manifest's JSON.
* **HTML**: ``<script type="application/json" id="naskah-provenance">…</script>``, the JSON with
  every ``<`` written ``\\u003c`` so that no ``</script>`` can end it early.

:func:`html_script` and :func:`docx_part` build the HTML and DOCX forms (the render step and the tests
use them); a reader never trusts what it finds: ``naskah verify`` recomputes everything in it.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from xml.etree import ElementTree

from naskah.core.errors import InputError

NAMESPACE = "urn:naskah:provenance"
HTML_ID = "naskah-provenance"
PDF_NAME = "provenance.json"
DRAFT_SUFFIXES = (".pdf", ".docx", ".html", ".htm")
SCRIPT = re.compile(r"<script\b[^>]*\bid\s*=\s*[\"']" + HTML_ID + r"[\"'][^>]*>(.*?)</script\s*>",
                    re.DOTALL | re.IGNORECASE)


def html_script(manifest_json: str) -> str:
    """The ``<script>`` element carrying *manifest_json* in an HTML draft."""
    escaped = manifest_json.replace("<", "\\u003c")
    return f'<script type="application/json" id="{HTML_ID}">{escaped}</script>'


def docx_part(manifest_json: str) -> bytes:
    """The custom XML part carrying *manifest_json* in a DOCX draft (its name: ``customXml/item<N>.xml``)."""
    root = ElementTree.Element(f"{{{NAMESPACE}}}provenance")
    root.text = manifest_json
    ElementTree.register_namespace("", NAMESPACE)
    return ElementTree.tostring(root, encoding="utf-8", xml_declaration=True)


def read_embedded(path: Path) -> str | None:
    """The manifest JSON a received draft carries, or None when it carries none."""
    suffix = path.suffix.lower()
    if not path.is_file():
        raise InputError("file not found", path.as_posix(), hint="give the path of the draft you received")
    try:
        if suffix == ".pdf":
            return _from_pdf(path)
        if suffix == ".docx":
            return _from_docx(path)
        if suffix in (".html", ".htm"):
            found = SCRIPT.search(path.read_text(encoding="utf-8", errors="replace"))
            return found.group(1) if found else None
    except (OSError, zipfile.BadZipFile, ElementTree.ParseError, ValueError) as exc:
        raise InputError(f"cannot read this {suffix[1:].upper()} file: {exc}", path.as_posix(),
                         hint="is it the draft as received, complete and unchanged?") from None
    raise InputError(f"'{suffix}' is neither a manifest (.json) nor a draft (.pdf, .docx, .html)", path.as_posix(),
                     hint="give results/provenance.json or the thesis.pdf/.docx/.html you received")


def _from_pdf(path: Path) -> str | None:
    import logging

    import pypdf

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # a damaged PDF is reported as such, not as warnings
    try:
        attachments = pypdf.PdfReader(str(path)).attachments
    except pypdf.errors.PyPdfError as exc:
        raise ValueError(str(exc)) from None
    for name, contents in attachments.items():
        if name == PDF_NAME and contents:
            return contents[0].decode("utf-8")
    return None


def _from_docx(path: Path) -> str | None:
    with zipfile.ZipFile(path) as archive:
        for name in sorted(archive.namelist()):
            if not re.fullmatch(r"customXml/item\d*\.xml", name):
                continue
            root = ElementTree.fromstring(archive.read(name))
            if root.tag == f"{{{NAMESPACE}}}provenance":
                return root.text or ""
    return None
