"""The privacy guard: scan every output for identifying strings and fail the build on a hit.

Each format is read the way a reader (or a search engine) would see it:
CSV cells, HTML text and attributes, every XML part of a DOCX (comments
included), PDF text per page, a PNG's text chunks, and blocks of text lines of Markdown, JSON, BibTeX and
typst files. A file with a hit is deleted — leaked data must not stay on disk
looking like a valid draft — and the message shows the hit masked.
"""

from __future__ import annotations

import csv
import json
import re
import sys
import threading
import zipfile
import zlib
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from xml.etree import ElementTree

from naskah.core.errors import Diagnostics
from naskah.core.messages import _
from naskah.privacy.detectors import Detector

# Attributes that carry markup machinery, not content a reader sees.
_SKIP_ATTRIBUTES = {"class", "id", "style", "xmlns", "role", "lang", "xml:lang", "dir", "aria-hidden", "charset",
                    "http-equiv", "name", "data-entry-spacing", "data-line-spacing", "kind"}
_CITATION_KEY = re.compile(r"@\{?([\w](?:[\w:.#$%&+?<>~/-]*[\w])?)\}?")
_CROSSREF = re.compile(r"@(?:tbl|fig|sec|eq|lst):[\w.:-]*\w")
# typst breaks long URLs after "." or "/": the PDF's text then has a line break inside the URL
_URL_BREAK = re.compile(r"((?:https?://|www\.)\S*[./\-_?=&#%:])\n(?=\S)")


def scan_paths(paths: list[Path], detector: Detector, shown, cited_keys: set[str]) -> Diagnostics:
    """Scan *paths*; one error per hit, naming the file, where in it, and the detector (value masked).

    The guard runs last, alone: with two cores, two forked workers share the files (see
    _scan_in_parallel). The messages come out in the same order either way (sorted paths)."""
    files = [path for path in sorted(set(paths)) if path.is_file()]
    found = _scan_in_parallel(files, detector, cited_keys)
    diags = Diagnostics()
    for path in files:
        for detector_name, masked, where in found[path]:
            diags.error(_("{detector} detected ({value}) in {where}", detector=detector_name, value=masked,
                          where=where), shown(path),
                        hint=_("remove it from the source it came from (transcript, informants, chapter, "
                               "library) or add it to privacy.allow if it is not identifying"))
    return diags


_Found = dict[Path, list[tuple[str, str, str]]]
# worth a second process from this much to read (a fork and its result cost about 20 ms)
_PARALLEL_FROM_BYTES = 2_000_000
# what reading a byte costs, against HTML's (measured at 100 and 1,000 transcripts): a DOCX is compressed
# XML, a PDF's text is extracted page by page, a JSON file repeats lines read once; the order in which the
# workers take the files (the costliest first)
_READING_COST = {".docx": 40, ".pdf": 5, ".csv": 12, ".md": 12, ".typ": 12, ".bib": 12, ".json": 2, ".png": 0.1}
_SHARED: tuple[Detector, set[str]] | None = None  # what the forked workers inherit instead of unpickling


def _scan_files(files: list[Path], detector: Detector, cited_keys: set[str]) -> _Found:
    """Each file's pieces, read by the detectors together (Detector.find_each): a DOCX's 40,000 table-cell
    paragraphs cost 40,000 calls one by one (2 s of a 1,000-transcript guard), a few dozen together."""
    found: _Found = {}
    for path in files:
        pieces = list(_pieces(path, cited_keys))
        hits = detector.find_each([text for _place, text in pieces])
        found[path] = [(hit.detector, hit.masked, _where(*pieces[index], hit.start))
                       for index in sorted(hits) for hit in hits[index]]
    return found


def _scan_shared(path: Path) -> list[tuple[str, str, str]]:
    assert _SHARED is not None
    return _scan_files([path], *_SHARED)[path]


def _scan_in_parallel(files: list[Path], detector: Detector, cited_keys: set[str]) -> _Found:
    import multiprocessing
    import os

    sizes = {path: path.stat().st_size for path in files}
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    # forked only from a process with no other thread (not from `naskah preview`'s server, say)
    forking = ("fork" in multiprocessing.get_all_start_methods() and sys.platform == "linux"
               and threading.active_count() == 1)
    if cores < 2 or not forking or sum(sizes.values()) < _PARALLEL_FROM_BYTES:
        return _scan_files(files, detector, cited_keys)
    # two forked workers take the files one at a time, the costliest first: whichever is free takes the
    # next, so neither waits long for the other however wrong the estimate of a file's cost
    costs = {path: size * _READING_COST.get(path.suffix.lower(), 1) for path, size in sizes.items()}
    order = sorted(files, key=lambda p: (-costs[p], p))
    global _SHARED
    from concurrent.futures import ProcessPoolExecutor

    _SHARED = (detector, cited_keys)
    try:
        with ProcessPoolExecutor(2, mp_context=multiprocessing.get_context("fork")) as workers:
            found = dict(zip(order, workers.map(_scan_shared, order), strict=True))
    finally:
        _SHARED = None
    return found


def _where(where: str | int, text: str, start: int) -> str:
    """Where a hit is: a piece's own place, or for a piece of lines (*where* is its first line's number) the
    line of the hit, counting the piece's line breaks before it."""
    if isinstance(where, int):
        return _("line {line}", line=where + text.count("\n", 0, start))
    return where


def _pieces(path: Path, cited_keys: set[str]) -> Iterator[tuple[str | int, str]]:
    suffix = path.suffix.lower()
    if suffix == ".csv":
        yield from _csv(path)
    elif suffix in (".html", ".htm", ".svg"):
        yield from _html(path)
    elif suffix == ".docx":
        yield from _docx(path)
    elif suffix == ".pdf":
        yield from _pdf(path)
    elif suffix == ".png":
        yield from _png(path)
    elif suffix == ".json":
        yield from _json(path, cited_keys)
    else:
        yield from _lines(path, suffix, cited_keys)


def _csv(path: Path) -> Iterator[tuple[str, str]]:
    with open(path, encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    header = rows[0] if rows else []
    for number, row in enumerate(rows, start=1):
        for index, cell in enumerate(row):
            if index < len(header) and number > 1:
                yield _("row {row}, column '{column}'", row=number, column=header[index]), cell
            else:
                yield _("row {row}, column {column}", row=number, column=index + 1), cell


class _HTMLText(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.pieces: list[tuple[str | int, str]] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("style", "script"):
            self._skip += 1
        line = self.getpos()[0]
        for name, value in attrs:
            if value and name not in _SKIP_ATTRIBUTES and not name.startswith("xmlns"):
                if value.startswith("data:"):
                    continue  # embedded bytes (images, fonts, files), not text
                self.pieces.append((_("line {line}, <{tag} {attribute}>", line=line, tag=tag, attribute=name), value))

    def handle_endtag(self, tag):
        if tag in ("style", "script") and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip and data.strip():
            self.pieces.append((self.getpos()[0], data))


def _html(path: Path) -> Iterator[tuple[str | int, str]]:
    parser = _HTMLText()
    parser.feed(path.read_text(encoding="utf-8"))
    parser.close()
    yield from parser.pieces


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _docx(path: Path) -> Iterator[tuple[str, str]]:
    with zipfile.ZipFile(path) as archive:
        for name in sorted(archive.namelist()):
            if not name.endswith((".xml", ".rels")):
                continue
            root = ElementTree.fromstring(archive.read(name))
            if name.endswith(".rels"):
                for rel in root:
                    if rel.get("TargetMode") == "External":
                        yield _("{part} (link target)", part=name), rel.get("Target", "")
                continue
            paragraphs = list(root.iter(f"{_W}p"))
            if paragraphs:
                # a name can be split over several runs: join a paragraph's text before matching
                for number, paragraph in enumerate(paragraphs, start=1):
                    text = "".join(t.text or "" for t in paragraph.iter(f"{_W}t"))
                    if text.strip():
                        yield _("{part}, paragraph {number}", part=name, number=number), text
                for element in root.iter():
                    if element.tag.endswith("}comment"):
                        author = element.get(f"{_W}author") or ""
                        if author:
                            yield _("{part}, comment author", part=name), author
            else:
                for element in root.iter():
                    if element.text and element.text.strip():
                        place = f"{name}, <{element.tag.rsplit('}', 1)[-1]}>"
                        yield from ((place, text) for text in _json_strings(element.text))


_JSON_TOKEN = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|[^\s",:\[\]{}]+')  # a string, or a number (true, …)


# One transcript turn as the manifest and analyse's snapshot record it (naskah.provenance.corpus.turn_row),
# "TURN LINE SPEAKER WORDS SHA CODES [CODER …]": the numbers are the build's and the hash is hex, so only the
# speaker and the codes are words someone typed. They repeat over 200,000 turns: each is read once, alone.
# A field out of these bounds (a twelve-digit turn number, an escape) leaves the row to be read whole.
# A reference to a row a number counts, "I03:12" or "data/informants.csv:4", is read the same way: its word
# once, its number not at all.
_TURN_ROW = re.compile(r'\d{1,7} \d{1,7} ([^\s"\\]+) \d{1,7} [0-9a-f]{16}((?: [^\s"\\]+)+)|([^\s"\\:]+):\d{1,7}')
_TURN_ROW_LINE = re.compile(f'"(?:{_TURN_ROW.pattern})",?')


def _row_words(row: re.Match, read: set[str]) -> Iterator[str]:
    """The words of a recorded turn (its speaker and codes) or of a reference, those not read before."""
    words = (row.group(1), *row.group(2).split()) if row.group(1) else (row.group(3),)
    for word in words:
        if word not in read:
            read.add(word)
            yield word


def _json_strings(text: str) -> Iterator[str]:
    """An XML element's text; when it is JSON (the manifest a DOCX draft carries, one line of megabytes
    that repeats the same turn references thousands of times), its distinct keys and values instead —
    as a JSON file is read by its distinct lines (_json)."""
    if text.lstrip()[:1] not in ("{", "["):
        yield text
        return
    try:
        json.loads(text)
    except ValueError:
        yield text
        return
    read: set[str] = set()
    for token in dict.fromkeys(_JSON_TOKEN.findall(text)):
        if token[0] == '"':
            token = json.loads(token) if "\\" in token else token[1:-1]
            if row := _TURN_ROW.fullmatch(token):
                yield from _row_words(row, read)
                continue
        elif token in ("true", "false", "null"):
            continue
        if token.strip():
            yield token


def _pdf(path: Path) -> Iterator[tuple[str, str]]:
    """Each page's text as PDFium extracts it (ten times faster than pypdf on a thesis), and the metadata."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(str(path))
    try:
        for number in range(len(document)):
            page = document[number]
            textpage = page.get_textpage()
            # PDF text breaks lines mid-sentence; join them so a number split over two lines is still seen
            text = textpage.get_text_range().replace("\r\n", "\n").replace("\r", "\n")
            # a word hyphenated across lines or inside a table cell must be read whole ("Ami-nah" is a
            # name): drop soft hyphens, and join what PDFium marks as a hyphen at a line's end (U+FFFE)
            text = re.sub("[\u00ad\ufffe]+\n?", "", text)
            textpage.close()
            page.close()
            while _URL_BREAK.search(text):
                text = _URL_BREAK.sub(r"\1", text)
            yield _("page {page}", page=number + 1), " ".join(text.split())
        metadata = document.get_metadata_dict(skip_empty=True)
        for key in sorted(metadata):
            yield _("metadata {key}", key=key), str(metadata[key])
    finally:
        document.close()


def _png(path: Path) -> Iterator[tuple[str, str]]:
    """A PNG's text chunks: its pixels are compressed bytes, in which "@OFO" is noise, not a handle."""
    data = path.read_bytes()
    at = 8  # after the signature
    while at + 8 <= len(data):
        length, kind = int.from_bytes(data[at:at + 4], "big"), data[at + 4:at + 8]
        body = data[at + 8:at + 8 + length]
        at += 12 + length
        keyword, _nul, rest = body.partition(b"\0")
        try:
            if kind == b"tEXt":
                text = rest.decode("latin-1")
            elif kind == b"zTXt":
                text = zlib.decompress(rest[1:]).decode("latin-1")
            elif kind == b"iTXt":  # flag, method, language\0, translated keyword\0, text
                compressed, rest = rest[:1] == b"\1", rest[2:]
                text = rest.split(b"\0", 2)[-1]
                text = (zlib.decompress(text) if compressed else text).decode("utf-8", errors="replace")
            else:
                continue
        except zlib.error:
            text = rest.decode("latin-1")
        yield _("text chunk {keyword}", keyword=keyword.decode("latin-1")), text


_PANDOC_AST = b'{"pandoc-api-version":'
_BREAKS = {"Space": " ", "SoftBreak": " ", "LineBreak": "\n"}


def _pandoc_ast(path: Path, cited_keys: set[str]) -> Iterator[tuple[str, str]]:
    """The thesis as pandoc's AST (results/render/thesis.json): the text of each top-level block, and of the
    metadata, as a reader sees it. Its JSON splits a paragraph into a string per word ("Budi", then a
    space, then "Santoso"): read line by line, a name of two words would never be whole. Raw HTML is read
    as the HTML draft is, its text and attributes."""
    ast = json.loads(path.read_text(encoding="utf-8", errors="replace"))

    def text(node, out: list[str]) -> None:
        if isinstance(node, str):
            out.append(f" {node} ")  # an identifier, a URL, a code span: a word of its own
        elif isinstance(node, list):
            for item in node:
                text(item, out)
        elif isinstance(node, dict):
            kind = node.get("t")
            if kind == "Str":
                out.append(node["c"])
            elif kind in _BREAKS:
                out.append(_BREAKS[kind])
            elif kind in ("RawBlock", "RawInline") and node["c"][0] == "html":
                parser = _HTMLText()  # the text a browser shows, not the house style's CSS (@page is no handle)
                parser.feed(node["c"][1])
                parser.close()
                out.extend(f" {piece} " for _place, piece in parser.pieces)
            else:
                for key, value in node.items():
                    if key != "t":
                        text(value, out)

    meta: list[str] = []
    text(ast.get("meta", {}), meta)
    if "".join(meta).strip():
        yield _("metadata"), _unmark("".join(meta), cited_keys)
    for number, block in enumerate(ast.get("blocks", []), start=1):
        out: list[str] = []
        text(block, out)
        if "".join(out).strip():
            yield _("block {number}", number=number), _unmark("".join(out), cited_keys)


def _json(path: Path, cited_keys: set[str]) -> Iterator[tuple[int | str, str]]:
    """A JSON file's distinct lines, each read once (with the number of the line it is first on).

    naskah writes every JSON file indented (core.files.write_json), so a line holds one value and its
    key, and no string runs over two lines. The analysis's facts and the provenance files repeat the
    same turn references under many numbers: at 200,000 turns, 230 MB of JSON in 12 million lines of
    which 500,000 differ, which the guard used to read as one block (30 s and 1.9 GiB; now 5 s and
    70 MiB). The lines are read by the detectors in batches, as every file's pieces (_scan_files).
    """
    with open(path, "rb") as handle:
        if handle.read(len(_PANDOC_AST)) == _PANDOC_AST:
            yield from _pandoc_ast(path, cited_keys)
            return
    seen: set[str] = set()
    read: set[str] = set()  # the words of recorded turns (_TURN_ROW)
    with open(path, encoding="utf-8", errors="replace", newline="") as handle:
        for number, line in enumerate(handle, start=1):
            line = line.strip()
            if len(line) < 3 or line in seen:  # "{", "}", "[", "]", "]," and lines read already
                continue
            seen.add(line)
            if row := _TURN_ROW_LINE.fullmatch(line):
                yield from ((number, word) for word in _row_words(row, read))
            else:
                yield number, _unmark(line, cited_keys)


def _unmark(text: str, cited_keys: set[str]) -> str:
    """Citation keys of the library and cross-references, written @key: not handles."""
    text = _CROSSREF.sub("", text)
    return _CITATION_KEY.sub(lambda m: m.group(0) if m.group(1) not in cited_keys else "", text)


def _lines(path: Path, suffix: str, cited_keys: set[str]) -> Iterator[tuple[int, str]]:
    """Blocks of non-empty lines: a name wrapped onto the next line of a paragraph is still one name."""
    text = path.read_text(encoding="utf-8", errors="replace")
    block: list[str] = []
    first = 1
    for number, line in enumerate(text.split("\n"), start=1):
        if suffix == ".bib":
            line = re.sub(r"^\s*@\w+\s*\{", "", line)  # the entry type, not a handle
        if suffix in (".md", ".bib", ".typ"):
            line = _unmark(line, cited_keys)
        if line.strip():
            first = number if not block else first
            block.append(line)
        elif block:
            yield first, "\n".join(block)
            block = []
    if block:
        yield first, "\n".join(block)


def cited_keys_of(bib_path: Path) -> set[str]:
    """Keys of the cited-entries export, which chapters write as @key."""
    if not bib_path.is_file():
        return set()
    return set(re.findall(r"^@\w+\s*\{\s*([^,\s]+)\s*,", bib_path.read_text(encoding="utf-8"), flags=re.M))


def library_urls(bib_path: Path, shown: str) -> list[str]:
    """The web addresses of the library's entries, read as the export writes them (TeX escapes undone):
    the Daftar Pustaka and the literature report may print them."""
    from naskah.core.errors import Diagnostics
    from naskah.literature.library import read_library, urls_of

    if not bib_path.is_file():
        return []
    bib = read_library(bib_path, shown, Diagnostics())  # its problems are the literature rule's to report
    return sorted({url for record in bib.records.values() for url in urls_of(record.value("url"))})


def remove(paths: list[Path]) -> list[Path]:
    """Delete files that leaked; returns those removed."""
    removed = []
    for path in paths:
        if path.is_file():
            path.unlink()
            removed.append(path)
    return removed

