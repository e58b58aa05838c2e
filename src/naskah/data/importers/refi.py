"""REFI-QDA projects (``.qdpx``, or an unpacked ``.qde`` with its sources folder) and codebooks (``.qdc``).

The exchange standard that NVivo, ATLAS.ti, MAXQDA and QualCoder export. What real exports do,
and what this reader therefore accepts: the project file is ``project.qde``, ``Project.qde`` or
``<Name>.qde``; the texts sit in ``sources/`` or ``Sources/``, UTF-8 with or without a BOM, LF or
CRLF; some exports carry no text at all (the codebook is still imported, and the report says
so). Elements are matched by local name, whatever the namespace. Code hierarchies are nested
``<Code>`` elements (NVivo, the standard) or ``Parent::child`` names in a flat list (ATLAS.ti).
Positions are counted as :mod:`.positions` finds out. The coder of a coding is its
``Coding@creatingUser``, else the selection's, matched to ``<Users>`` by name (GUIDs change from
one export to the next). A ``PlainTextSelection`` without ``Coding`` is a comment, not a code; a
``Coding`` directly under a source codes the whole document. Cases and their variables, and
ATLAS.ti's document groups named ``variable: value``, become informant columns.

The archive is read in memory, member by member, under a cap on its total uncompressed size:
nothing is extracted anywhere, and a member's name can never point outside it.
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path, PurePosixPath

from naskah.core.errors import Diagnostics, InputError
from naskah.core.messages import _, n_
from naskah.data.importers import positions, readers, schema
from naskah.data.importers.model import Code, Fragment, Source, Span, source_key, split_path
from naskah.data.importers.transcripts import PSEUDONYM
from naskah.data.importers.xmltree import Node, parse

MAX_ARCHIVE_BYTES = 1024 * 1024 * 1024  # total uncompressed size of a .qdpx
NOTE_NAME = "naskah"  # the Note a naskah export writes: code ids, turn numbers, coder ranges
KNOWN_NAMESPACES = ("urn:QDA-XML:project:1.0", "urn:QDA-XML:codebook:1.0", "urn:QDA-XML:codebook:0:4")
OTHER_SOURCES = ("PictureSource", "PDFSource", "AudioSource", "VideoSource")
VALUE_TAGS = ("TextValue", "BooleanValue", "IntegerValue", "FloatValue", "DateValue", "DateTimeValue")


class _Texts:
    """Where a project's ``internal://`` texts come from: the archive, or the folder beside a .qde."""

    def __init__(self, shown: str, archive: zipfile.ZipFile | None = None, base: str = "",
                 folder: Path | None = None):
        self.shown, self.archive, self.base, self.folder = shown, archive, base, folder
        self.names = {}
        if archive is not None:
            self.names = {info.filename.casefold(): info for info in archive.infolist() if not info.is_dir()}

    def read(self, internal: str) -> tuple[bytes | None, str]:
        """The bytes of ``internal://name`` (None when the export does not carry it) and its shown path."""
        name = PurePosixPath(internal).name  # a bare file name: never a path out of the sources folder
        for folder in ("sources", "Sources"):
            if self.archive is not None:
                info = self.names.get(f"{self.base}{folder}/{name}".casefold())
                if info is not None:
                    return _member(self.archive, info, self.shown), f"{self.shown}/{info.filename}"
            elif self.folder is not None:
                path = self.folder / folder / name
                if path.is_file():
                    return readers.read_bytes(path, f"{self.shown}/{folder}/{name}"), f"{self.shown}/{folder}/{name}"
        return None, f"{self.shown}/sources/{name}"


def _member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, shown: str) -> bytes:
    try:
        with archive.open(info) as handle:
            return handle.read()
    except (zipfile.BadZipFile, EOFError, OSError, NotImplementedError) as exc:
        raise InputError(_("cannot read {member} from the archive: {error}", member=info.filename, error=exc), shown,
                         hint=_("the file is damaged or was cut short: export the project again")) from None


def read_refi(path: Path, shown: str, diags: Diagnostics, coder: str | None = None) -> Fragment:
    """A ``.qdpx``, ``.qde`` or ``.qdc`` file as a :class:`Fragment`."""
    suffix = path.suffix.lower()
    if suffix == ".qdc":
        data = readers.read_bytes(path, shown)
        return _codebook_file(data, parse(data, shown), shown, diags)
    if suffix == ".qde":
        data = readers.read_bytes(path, shown)
        return _project(data, shown, _Texts(Path(shown).parent.as_posix(), folder=path.parent), diags, coder)
    readers.read_bytes(path, shown, limit=MAX_ARCHIVE_BYTES)  # not found, a folder
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise InputError(_("not a complete zip archive ({error})", error=exc), shown,
                         hint=_("a .qdpx is a zip file: it was cut short or damaged; export the project again")
                         ) from None
    with archive:
        total = sum(info.file_size for info in archive.infolist())
        if total > MAX_ARCHIVE_BYTES:
            raise InputError(_("the archive unpacks to {size} MB, more than the limit of {limit} MB",
                               size=format(total / 1048576, ".1f"),
                               limit=format(MAX_ARCHIVE_BYTES / 1048576, ".0f")), shown,
                             hint=_("export the project without its media files (audio, video, pictures)"))
        qde = _find_qde(archive, shown)
        base = qde.filename.rpartition("/")[0]
        base = f"{base}/" if base else ""
        data = _member(archive, qde, shown)
        return _project(data, f"{shown}/{qde.filename}", _Texts(shown, archive, base), diags, coder)


def _find_qde(archive: zipfile.ZipFile, shown: str) -> zipfile.ZipInfo:
    found = [info for info in archive.infolist() if info.filename.lower().endswith(".qde")]
    if not found:
        raise InputError(_("the archive holds no .qde project file"), shown,
                         hint=_("this is not a REFI-QDA project export (.qdpx)"))
    if len(found) > 1:
        top = [info for info in found if "/" not in info.filename]
        preferred = [info for info in top if info.filename.lower() == "project.qde"] or top
        if len(preferred) != 1:
            raise InputError(_("the archive holds {n} .qde files: {names}", n=len(found),
                               names=", ".join(info.filename for info in found)), shown,
                             hint=_("export one project per .qdpx"))
        return preferred[0]
    return found[0]


def _codebook_file(data: bytes, root: Node, shown: str, diags: Diagnostics) -> Fragment:
    fragment = Fragment(shown, "REFI-QDA codebook")
    if root.tag != "CodeBook":
        raise InputError(_("the root element is <{tag}>, not <{wanted}>", tag=root.tag, wanted="CodeBook"), shown,
                         root.line, hint=_("a .qdc file is a REFI-QDA codebook"))
    _check_namespace(root, shown, diags)
    schema.check(data, root, "codebook", shown, diags)
    codes = root.find("Codes")
    if codes is not None:
        _codes(codes, shown, fragment, {})
    return fragment


def _check_namespace(root: Node, shown: str, diags: Diagnostics) -> None:
    if root.ns not in KNOWN_NAMESPACES:
        diags.warning(_("unknown namespace {namespace}", namespace=repr(root.ns or _("(none)"))), shown, root.line,
                      hint=_("REFI-QDA files use {namespace}; read as REFI-QDA all the same",
                             namespace=KNOWN_NAMESPACES[0]))


def _codes(parent: Node, shown: str, fragment: Fragment, by_guid: dict[str, tuple[str, ...]]) -> None:
    """Nested codes, or a flat list whose names carry their parents (``Parent::child``)."""
    nested = any(code.find("Code") is not None for code in parent.iter("Code") if code is not parent)

    def walk(node: Node, above: tuple[str, ...]) -> None:
        for code in node.findall("Code"):
            name = (code.get("name") or "").strip()
            if not name:
                fragment.codes.append(Code(above + ("(unnamed)",), "", f"{shown}:{code.line}"))
                name = "(unnamed)"
            path = above + (name,) if nested or above else split_path(name, ("::",))
            description = code.find("Description")
            fragment.codes.append(Code(path, (description.text if description is not None else "").strip(),
                                       f"{shown}:{code.line}"))
            if code.get("guid"):
                by_guid[code.get("guid").strip("{}").lower()] = path
            walk(code, path)

    walk(parent, ())


def _project(data: bytes, shown: str, texts: _Texts, diags: Diagnostics, coder: str | None) -> Fragment:
    root = parse(data, shown)
    if root.tag != "Project":
        raise InputError(_("the root element is <{tag}>, not <{wanted}>", tag=root.tag, wanted="Project"), shown,
                         root.line, hint=_("a .qde file is a REFI-QDA project"))
    _check_namespace(root, shown, diags)
    schema.check(data, root, "project", shown, diags)
    fragment = Fragment(shown, "REFI-QDA project", title=root.get("name") or "")
    users = {_guid(u.get("guid")): (u.get("name") or "").strip() for u in root.iter("User")}
    by_guid: dict[str, tuple[str, ...]] = {}
    book = root.find("CodeBook")
    if book is not None and book.find("Codes") is not None:
        _codes(book.find("Codes"), shown, fragment, by_guid)
    note = _naskah_note(root, shown, diags)
    if note:
        fragment.consensus = note.get("consensus")
        fragment.title = note.get("title", fragment.title)
        for entry in note.get("codes", []):
            path = by_guid.get(_guid(entry.get("guid"))) or tuple(entry.get("path") or ())
            if path and entry.get("id"):
                fragment.code_ids[path] = entry["id"]
    variables = {_guid(v.get("guid")): (v.get("name") or "").strip() for v in root.iter("Variable")}
    sources_node = root.find("Sources")
    skipped: dict[str, int] = {}
    comments = 0
    for node in sources_node.children if sources_node is not None else []:
        if node.tag != "TextSource":
            skipped[node.tag] = skipped.get(node.tag, 0) + 1
            continue
        source, n_comments = _text_source(node, shown, texts, users, by_guid, variables, fragment, diags, coder)
        comments += n_comments
        if note and source.name in note.get("sources", {}):
            recorded = note["sources"][source.name]
            source.informant = recorded.get("informant")
            source.turn_numbers = recorded.get("turns")
            source.ranges = {name: (r[0], r[1], list(r[2])) for name, r in (recorded.get("coders") or {}).items()}
        fragment.sources.append(source)
    for tag, count in sorted(skipped.items()):
        diags.warning(n_("{n} {element} element not imported: naskah imports the text of interviews",
                         "{n} {element} elements not imported: naskah imports the text of interviews", count,
                         element=tag), shown, hint=_("their codings are left out of the transcripts"))
    if comments:
        diags.warning(n_("{n} selection without a code (a comment or memo) not imported",
                         "{n} selections without a code (comments or memos) not imported", comments), shown,
                      hint=_("a PlainTextSelection without <Coding> is a comment, not a code"))
    _cases(root, shown, variables, fragment, diags)
    return fragment


def _guid(value: str | None) -> str:
    return (value or "").strip().strip("{}").lower()


def _naskah_note(root: Node, shown: str, diags: Diagnostics) -> dict | None:
    for note in root.iter("Note"):
        if note.get("name") == NOTE_NAME and note.find("PlainTextContent") is not None:
            try:
                data = json.loads(note.find("PlainTextContent").text)
            except ValueError:
                diags.warning(_("the naskah note is not readable; code ids are made from code names"), shown,
                              note.line)
                return None
            return data if isinstance(data, dict) and data.get("naskah") == 1 else None
    return None


def _text_source(node: Node, shown: str, texts: _Texts, users: dict[str, str], by_guid: dict,
                 variables: dict[str, str], fragment: Fragment, diags: Diagnostics,
                 coder: str | None) -> tuple[Source, int]:
    name = (node.get("name") or "").strip() or node.get("guid") or _("source at line {line}", line=node.line)
    where = f"{shown}:{node.line}"
    source = Source(source_key(name), name, where)
    for value in node.findall("VariableValue"):
        key, text = _variable_value(value, variables)
        if key:
            source.variables[key] = text
    raw = _source_text(node, shown, texts, diags)

    def who(*elements: Node) -> str | None:
        if coder:
            return coder
        for element in elements:
            guid = _guid(element.get("creatingUser"))
            if guid:
                if guid not in users:
                    diags.warning(_("user {guid} is not in <Users>", guid=element.get("creatingUser")), shown,
                                  element.line, hint=_("the coding is imported under this GUID as the coder's name"))
                return users.get(guid) or guid
        return None

    def code_of(coding: Node) -> tuple[str, ...] | None:
        ref = coding.find("CodeRef")
        path = by_guid.get(_guid(ref.get("targetGUID"))) if ref is not None else None
        if path is None:
            diags.error(_("a coding refers to a code that is not in the codebook"), shown, coding.line,
                        hint=_("the export is incomplete: export the project again with its codebook"))
        return path

    selections, pending, comments = [], [], 0
    for selection in node.findall("PlainTextSelection"):
        codings = selection.findall("Coding")
        if not codings:
            comments += 1
            continue
        try:
            start, end = int(selection.get("startPosition", "")), int(selection.get("endPosition", ""))
        except ValueError:
            diags.error(_("a PlainTextSelection without whole-number startPosition and endPosition"), shown,
                        selection.line, hint=_("the export is damaged: export the project again"))
            continue
        for coding in codings:
            path = code_of(coding)
            if path is not None:
                pending.append((len(selections), path, who(coding, selection), selection.line))
        selections.append(positions.Selection(start, end, selection.get("name") or ""))
    for coding in node.findall("Coding"):  # directly under the source: the whole document
        path = code_of(coding)
        if path is not None:
            fragment.spans.append(Span(source.key, path, who(coding, node), f"{shown}:{coding.line}", whole=True))
    if raw is None:
        if pending:
            diags.warning(n_("source {name}: the export carries no text, so its {n} coding cannot be placed",
                             "source {name}: the export carries no text, so its {n} codings cannot be placed",
                             len(pending), name=repr(name)), shown, node.line,
                          hint=_("export the project again with its documents, or import the transcripts too"))
        return source, comments
    text = positions.SourceText(raw)
    source.text = text.text
    if selections:
        found = positions.detect(text, selections)
        source.convention = found.label
        for index, path, by, line in pending:
            span = found.spans[index]
            if span is None:
                sel = selections[index]
                diags.error(_("selection [{start}, {end}) lies past the end of the text of {name} ({length} "
                              "characters)", start=sel.start, end=sel.end, name=repr(name), length=len(raw)),
                            shown, line, hint=_("the export and its text files do not match: export the project again"))
                continue
            fragment.spans.append(Span(source.key, path, by, f"{shown}:{line}", span[0], span[1]))
    return source, comments


def _source_text(node: Node, shown: str, texts: _Texts, diags: Diagnostics) -> str | None:
    content = node.find("PlainTextContent")
    if content is not None:
        return content.text
    path = node.get("plainTextPath") or ""
    if not path:
        return None
    if not path.startswith("internal://"):
        diags.warning(_("the text of {name} lies outside the export ({path})", name=repr(node.get("name")), path=path),
                      shown, node.line,
                      hint=_("naskah reads only texts inside the export; export the project with its documents"))
        return None
    data, member = texts.read(path[len("internal://"):])
    return None if data is None else readers.decode(data, member, diags)


def _variable_value(node: Node, variables: dict[str, str]) -> tuple[str | None, str]:
    ref = node.find("VariableRef")
    name = variables.get(_guid(ref.get("targetGUID"))) if ref is not None else None
    value = next((child.text.strip() for child in node.children if child.tag in VALUE_TAGS), "")
    if name and name.lower().startswith("cases:"):
        name = name[len("cases:"):].strip()
    return name, value


def _cases(root: Node, shown: str, variables: dict[str, str], fragment: Fragment, diags: Diagnostics) -> None:
    """Cases (with their variables) and ``variable: value`` sets name the informant of each source."""
    by_guid = {}
    for source, node in zip(fragment.sources, [n for n in _children(root, "Sources") if n.tag == "TextSource"],
                            strict=True):
        by_guid[_guid(node.get("guid"))] = source
    for case in root.iter("Case"):
        values = dict(_variable_value(v, variables) for v in case.findall("VariableValue"))
        values.pop(None, None)
        members = [by_guid[g] for g in (_guid(r.get("targetGUID")) for r in case.findall("SourceRef")) if g in by_guid]
        name = (case.get("name") or "").strip()
        for source in members:
            for key, value in values.items():
                source.variables.setdefault(key, value)
            if name and len(members) == 1 and not source.informant and PSEUDONYM.match(name):
                source.informant = name
    for group in root.iter("Set"):
        name = group.get("name") or ""
        variable, colon, value = name.partition(":")
        members = [by_guid[g] for g in (_guid(m.get("targetGUID")) for m in group.findall("MemberSource"))
                   if g in by_guid]
        if colon and variable.strip() and value.strip() and members:
            for source in members:
                source.variables.setdefault(variable.strip(), value.strip())
        elif members:
            diags.warning(_("document group {name} not imported (only groups named 'variable: value' become "
                            "informant columns)", name=repr(name)), shown, group.line)


def _children(root: Node, tag: str) -> list[Node]:
    node = root.find(tag)
    return node.children if node is not None else []
