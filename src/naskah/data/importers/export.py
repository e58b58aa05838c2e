"""``naskah export --qdpx FILE``: the project as a REFI-QDA project, to go back to a QDA tool.

The archive holds ``project.qde`` and one UTF-8 text per interview in ``sources/`` (LF line
ends, no BOM), referenced as ``internal://<guid>.txt``, the way QualCoder and ATLAS.ti read
them. Each interview's text is one line per turn, ``P: …`` or ``I03: …``, so that importing it
back finds the same turns. Each coded turn is one ``PlainTextSelection`` (code points from 0,
end exclusive, as the standard says) with a ``Coding`` per code and coder: the ``codes``
column is the consensus coder's (named after ``thesis.author``), each ``codes:<coder>`` column
its own user. Informants are ``Cases`` with their ``informants.csv`` columns as variables.

What the standard has no place for — the code ids, the turn numbers, each further coder's
range — goes into a project ``Note`` named ``naskah`` (JSON); ``naskah import`` reads it back, so
that importing an export gives the same project. GUIDs are derived from the ids and every
timestamp is the build clock's, so the same project always gives the same bytes. The result is
checked against the standard's XSD before it is written.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

from naskah.core import files
from naskah.core.errors import InternalError
from naskah.data.importers import schema
from naskah.data.importers.refi import NOTE_NAME

NS = "urn:QDA-XML:project:1.0"
NAMESPACE = uuid.UUID("6f1c8a52-3b7e-4d1a-9a57-6e61736b6168")
CONSENSUS_FALLBACK = "peneliti"


def _guid(*parts: object) -> str:
    return str(uuid.uuid5(NAMESPACE, "\x1f".join(map(str, parts)))).upper()


def _el(parent: ET.Element | None, tag: str, **attrs: str) -> ET.Element:
    qualified = f"{{{NS}}}{tag}"
    return ET.Element(qualified, attrs) if parent is None else ET.SubElement(parent, qualified, attrs)


def build_qdpx(config, codebook, corpus, epoch: int) -> tuple[bytes, dict[str, str], dict]:
    """(project.qde, {member: text}, summary) for a loaded project."""
    stamp = dt.datetime.fromtimestamp(epoch, dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    consensus = str(config.thesis.get("author") or CONSENSUS_FALLBACK).strip() or CONSENSUS_FALLBACK
    coders = [column.split(":", 1)[1] for column in corpus.coders]
    users = {name: _guid("user", name) for name in [consensus] + [c for c in coders if c != consensus]}
    root = _el(None, "Project", name=codebook.title or config.thesis.get("title") or "naskah", origin="naskah",
               creatingUserGUID=users[consensus], creationDateTime=stamp)
    xml_users = _el(root, "Users")
    for name, guid in users.items():
        _el(xml_users, "User", guid=guid, name=name)
    code_guid, note_codes = {}, []
    xml_codes = _el(_el(root, "CodeBook"), "Codes")
    for stage in codebook.stages:
        element = _code(xml_codes, stage, code_guid, note_codes, [stage.label])
        for sub in codebook.subcodes.get(stage.id, []):
            _code(element, sub, code_guid, note_codes, [stage.label, sub.label])
    columns = [c for c in corpus.informants[0].fields if c != "informant"] if corpus.informants else []
    variables = {column: _guid("variable", column) for column in columns}
    if variables:
        xml_variables = _el(root, "Variables")
        for column, guid in variables.items():
            _el(xml_variables, "Variable", guid=guid, name=column, typeOfVariable="Text")
    by_informant: dict[str, list] = {}
    for turn in corpus.turns:
        by_informant.setdefault(turn.informant, []).append(turn)
    if corpus.informants:
        xml_cases = _el(root, "Cases")
        for informant in corpus.informants:
            case = _el(xml_cases, "Case", guid=_guid("case", informant.id), name=informant.id)
            for column, guid in variables.items():
                value = _el(case, "VariableValue")
                _el(value, "VariableRef", targetGUID=guid)
                _el(value, "TextValue").text = informant.fields.get(column, "")
            if informant.id in by_informant:
                _el(case, "SourceRef", targetGUID=_guid("source", informant.id))
    texts, note_sources, selections = {}, {}, 0
    xml_sources = _el(root, "Sources")
    for informant, turns in by_informant.items():
        source_guid = _guid("source", informant)
        source = _el(xml_sources, "TextSource", guid=source_guid, name=informant,
                     plainTextPath=f"internal://{source_guid}.txt", creatingUser=users[consensus],
                     creationDateTime=stamp)
        lines, position = [], 0
        for turn in turns:
            label = f"{turn.speaker}: "
            start = position + len(label)
            end = start + len(turn.text)
            lines.append(label + turn.text)
            position = end + 1
            codings = [(consensus, code) for code in turn.codes]
            codings += [(column.split(":", 1)[1], code) for column, codes in turn.coders for code in codes or ()]
            if not codings:
                continue
            selections += 1
            selection = _el(source, "PlainTextSelection", guid=_guid("selection", informant, turn.turn),
                            name=turn.text[:60], startPosition=str(start), endPosition=str(end),
                            creatingUser=users[codings[0][0]], creationDateTime=stamp)
            for coder, code in codings:
                coding = _el(selection, "Coding", guid=_guid("coding", informant, turn.turn, coder, code),
                             creatingUser=users[coder], creationDateTime=stamp)
                _el(coding, "CodeRef", targetGUID=code_guid[code])
        texts[f"sources/{source_guid}.txt"] = "\n".join(lines) + "\n"
        note_sources[informant] = {"informant": informant, "turns": [t.turn for t in turns],
                                   "coders": _ranges(turns)}
    note = {"naskah": 1, "title": codebook.title, "consensus": consensus, "codes": note_codes,
            "sources": note_sources}
    xml_note = _el(_el(root, "Notes"), "Note", guid=_guid("note", NOTE_NAME), name=NOTE_NAME,
                   creatingUser=users[consensus], creationDateTime=stamp)
    _el(xml_note, "Description").text = "naskah: code ids, turn numbers and coder ranges (keep this note)"
    _el(xml_note, "PlainTextContent").text = json.dumps(note, ensure_ascii=False, sort_keys=True)
    ET.indent(root, space="  ")
    ET.register_namespace("", NS)
    data = ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"
    summary = {"sources": len(texts), "codes": len(code_guid), "selections": selections, "users": len(users)}
    return data, texts, summary


def _code(parent: ET.Element, code, code_guid: dict, note_codes: list, path: list[str]) -> ET.Element:
    guid = code_guid.setdefault(code.id, _guid("code", code.id))
    element = _el(parent, "Code", guid=guid, name=code.label, isCodable="true")
    if code.description:
        _el(element, "Description").text = code.description
    note_codes.append({"guid": guid, "id": code.id, "path": path})
    return element


def _ranges(turns) -> dict[str, list]:
    """Each further coder's range in this transcript: first and last turn, and the turns missing inside."""
    out = {}
    columns = dict.fromkeys(column for turn in turns for column, _ in turn.coders)
    for column in columns:
        coded = [t.turn for t in turns for c, codes in t.coders if c == column and codes is not None]
        if not coded:
            continue
        first, last = min(coded), max(coded)
        missing = [t.turn for t in turns for c, codes in t.coders
                   if c == column and codes is None and first <= t.turn <= last]
        out[column.split(":", 1)[1]] = [first, last, missing]
    return out


def export_qdpx(config, target: Path) -> dict:
    """Write *target* (atomically) from the project of *config*; returns a summary."""
    from naskah.core.clock import source_date_epoch
    from naskah.data.codebook import load_codebook
    from naskah.data.transcripts import load_corpus

    codebook_path = config.input_path("codebook")
    codebook = load_codebook(codebook_path, config.shown(codebook_path))
    corpus = load_corpus(config, codebook)
    epoch = source_date_epoch(config)
    qde, texts, summary = build_qdpx(config, codebook, corpus, epoch)
    found, validated = schema.problems(qde, "project")
    if found:
        raise InternalError(f"the exported project.qde does not validate against the REFI-QDA XSD: {found[:3]}")
    summary["validated"] = validated
    when = dt.datetime.fromtimestamp(max(epoch, 315532800), dt.UTC).timetuple()[:6]
    with files.atomic_path(target) as tmp, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in [("project.qde", qde)] + [(n, t.encode("utf-8")) for n, t in sorted(texts.items())]:
            info = zipfile.ZipInfo(name, date_time=when)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, content)
    return summary
