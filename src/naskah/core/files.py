"""Reading and writing files safely.

Every output is written to a temporary file beside its target and renamed
into place, so a crash or a failed job never leaves a half-written file that
looks finished.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from naskah.core.errors import Diagnostics, InputError
from naskah.core.messages import _, n_


@contextmanager
def atomic_path(target: str | Path) -> Iterator[Path]:
    """Yield a temporary path; on success it is renamed to *target*, on failure removed."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    os.close(fd)
    tmp_path = Path(tmp)
    try:
        yield tmp_path
        os.chmod(tmp_path, 0o644)
        os.replace(tmp_path, target)
    except BaseException:
        tmp_path.unlink(missing_ok=True)
        raise


def write_text(target: str | Path, text: str) -> None:
    """Write UTF-8 text with LF line endings, atomically."""
    with atomic_path(target) as tmp:
        tmp.write_text(text, encoding="utf-8", newline="\n")


def write_text_if_changed(target: str | Path, text: str) -> bool:
    """:func:`write_text`, only when *target* does not already hold *text*; whether it wrote. For the files a
    Snakemake rule depends on that are written on every run: an unchanged one keeps its time, so reruns nothing."""
    target = Path(target)
    if target.is_file() and target.read_text(encoding="utf-8") == text:
        return False
    write_text(target, text)
    return True


def write_bytes(target: str | Path, data: bytes) -> None:
    with atomic_path(target) as tmp:
        tmp.write_bytes(data)


def write_json(target: str | Path, data) -> None:
    """Write JSON with sorted keys so equal data gives equal bytes.

    The bytes are exactly ``json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True)`` and a newline,
    but streamed by :class:`_JsonWriter`: the standard library's indenting encoder is pure Python and holds
    the whole text (in millions of pieces) before writing it; the analysis's facts repeat the same lists of
    turn references under many numbers (100+ MB at 200,000 turns), which made that most of a job's time
    and memory. Anything but plain JSON data (non-string keys, other types) is left to the standard library.
    """
    with atomic_path(target) as tmp:
        try:
            with open(tmp, "w", encoding="utf-8", newline="\n") as out:
                _JsonWriter().write(data, out.write)
                out.write("\n")
        except _NotPlain:  # encoded — or refused — by the standard library, with its own messages
            tmp.write_text(json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n",
                           encoding="utf-8", newline="\n")


class _NotPlain(Exception):
    """A value :class:`_JsonWriter` leaves to the standard library: a non-string key, another type, a cycle."""


class _JsonWriter:
    """``json.dumps(…, ensure_ascii=False, indent=2, sort_keys=True)`` byte for byte, written piece by piece:
    dictionaries are streamed, a list is encoded in one ``join`` and remembered, so that a list that occurs
    many times at the same depth (one object under several keys) is encoded once."""

    def __init__(self):
        self._lists: dict[tuple[int, int], tuple[object, str]] = {}  # (id, depth) -> (the list, its text)
        self._open: set[int] = set()  # containers being written: a cycle is the standard library's error

    def write(self, data, write) -> None:
        if isinstance(data, dict):
            for piece in self._dict(data, 0):
                write(piece)
        else:
            write(self._value(data, 0))

    def _value(self, value, level: int) -> str:
        if isinstance(value, str):
            return _json_string(value)
        if value is None:
            return "null"
        if value is True:
            return "true"
        if value is False:
            return "false"
        if isinstance(value, int):
            return int.__repr__(value)
        if isinstance(value, float):
            return _json_float(value)
        if isinstance(value, (list, tuple)):
            return self._list(value, level)
        if isinstance(value, dict):
            return "".join(self._dict(value, level))
        raise _NotPlain

    def _list(self, items, level: int) -> str:
        if not items:
            return "[]"
        key = (id(items), level)
        known = self._lists.get(key)
        if known is not None and known[0] is items:
            return known[1]
        self._enter(items)
        inner = "\n" + "  " * (level + 1)
        if all(type(item) is str for item in items):
            body = map(_json_string, items)
        else:
            body = [self._value(item, level + 1) for item in items]
        text = "[" + inner + ("," + inner).join(body) + "\n" + "  " * level + "]"
        self._open.discard(id(items))
        self._lists[key] = (items, text)
        return text

    def _dict(self, mapping: dict, level: int) -> Iterator[str]:
        if not mapping:
            yield "{}"
            return
        if not all(isinstance(key, str) for key in mapping):
            raise _NotPlain
        self._enter(mapping)
        inner = "\n" + "  " * (level + 1)
        opening = "{"
        for key, value in sorted(mapping.items()):
            head = opening + inner + _json_string(key) + ": "
            opening = ","
            if isinstance(value, dict) and value:
                yield head
                yield from self._dict(value, level + 1)
            else:
                yield head + self._value(value, level + 1)
        yield "\n" + "  " * level + "}"
        self._open.discard(id(mapping))

    def _enter(self, container) -> None:
        if id(container) in self._open:
            raise _NotPlain
        self._open.add(id(container))


_json_string = json.encoder.encode_basestring  # ensure_ascii=False: the C encoder where there is one


def _json_float(value: float) -> str:
    if value != value:
        return "NaN"
    if value in (float("inf"), float("-inf")):
        return "Infinity" if value > 0 else "-Infinity"
    return float.__repr__(value)


# a text input larger than this is refused (transcripts have their own, configurable limit)
MAX_BYTES = 50 * 1024 * 1024
# C0 control characters other than tab, line feed and carriage return (form feed and vertical tab
# included): nothing a student types, but what a corrupt export or a binary file carries, and a NUL
# would reach the draft, the CSVs and the logs
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def read_text(path: str | Path, what: str = "file", shown: str | None = None, max_bytes: int | None = None,
              notes: Diagnostics | None = None) -> str:
    """Read a UTF-8 text file (a BOM is accepted), with a clear error for other encodings.

    With *notes* (a table's diagnostics), the two encodings Excel writes besides UTF-8 are read too —
    UTF-16 with its byte-order mark ("Unicode Text") and Windows-1252 (plain "CSV" on Windows) — each
    with a warning naming the file, because a spreadsheet user cannot tell which one they saved.

    *shown* is the path as the user should read it in a message (default: relative to the
    working directory, which is the project root when naskah runs).
    """
    path = Path(path)
    shown = shown or display_path(path)
    limit = MAX_BYTES if max_bytes is None else max_bytes
    try:
        size = path.stat().st_size
        if size > limit:
            raise InputError(_("the {what} is {size}, more than the limit of {limit}", what=noun(what),
                               size=_size(size), limit=_size(limit)),
                             shown, hint=_("split it, or raise the limit (inputs.max_transcript_mb for transcripts)"))
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError(_("{what} not found", what=noun(what)), shown,
                         hint=_("check the path in config/config.yaml")) from None
    except IsADirectoryError:
        raise InputError(_("expected a {what} but found a folder", what=noun(what)), shown) from None
    text = decode(data, what, shown, notes)  # decode first, then check what the text holds
    _refuse_controls(text, shown)
    return text


UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


def noun(what: str) -> str:
    """The kind of file a message names (``"table"``, ``"YAML file"``…) in the thesis language."""
    nouns = {"file": _("file"), "YAML file": _("YAML file"), "table": _("table"), "identity map": _("identity map"),
             "bibliography": _("bibliography"), "chapter": _("chapter")}
    return nouns.get(what, what)


def decode(data: bytes, what: str, shown: str, notes: Diagnostics | None = None) -> str:
    """*data* as text: UTF-8 (with or without a BOM); with *notes*, also UTF-16 with a BOM and Windows-1252,
    each with a warning in *notes*; otherwise a ``not valid UTF-8`` error at the first bad byte's line."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        utf16 = data.startswith(UTF16_BOMS)
        if notes is not None:
            fallback = _fallback(data, utf16)
            if fallback is not None:
                text, name, excel = fallback
                notes.warning(_("not UTF-8: read as {encoding} ({excel})", encoding=name, excel=excel), shown,
                              hint=_("check its accented letters and quote marks, then save it as 'CSV UTF-8' "
                                     "to silence this warning"))
                return text
        line = data[: exc.start].count(b"\n") + 1
        spreadsheet = what in ("table", "identity map")
        hint = _("save the file as UTF-8 (in Excel: 'CSV UTF-8')") if spreadsheet else _(
            "save the file as UTF-8 in your editor")
        if utf16:
            hint = _("it is UTF-16 (it starts with a byte-order mark): {hint}", hint=hint)
        raise InputError(_("not valid UTF-8 (byte 0x{byte:02x})", byte=data[exc.start]), shown, line,
                         hint=hint) from None


def _fallback(data: bytes, utf16: bool) -> tuple[str, str, str] | None:
    if utf16:
        try:
            return data.decode("utf-16"), "UTF-16", _("what Excel saves as 'Unicode Text'")
        except UnicodeDecodeError:
            return None
    try:
        return data.decode("cp1252"), "Windows-1252", _("what Excel saves as plain 'CSV' on Windows")
    except UnicodeDecodeError:  # bytes Windows-1252 does not define: some other encoding
        return None


def _size(count: int) -> str:
    if count >= 1024 * 1024:
        return f"{count / 1048576:.1f} MB"
    return f"{count / 1024:.1f} KB" if count >= 1024 else n_("{n} byte", "{n} bytes", count)


def _refuse_controls(text: str, shown: str) -> None:
    """Every control character of *text*, at its line and column, in one error."""
    found = list(CONTROL.finditer(text))
    if not found:
        return
    diags = Diagnostics()
    for match in found[:20]:
        line = text.count("\n", 0, match.start()) + 1
        column = match.start() - (text.rfind("\n", 0, match.start()) + 1) + 1
        message = _("a NUL byte in the text") if match.group() == "\x00" else _(
            "control character U+{code:04X} in the text", code=ord(match.group()))
        diags.error(message, shown, line, column,
                    hint=_("delete it (it is invisible in most editors; a corrupt export or a binary file "
                           "carries such characters)"))
    if len(found) > 20:
        diags.error(n_("and {n} more control character", "and {n} more control characters", len(found) - 20), shown)
    diags.raise_if_errors()


def sha256_file(path: str | Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def display_path(path: str | Path, root: str | Path | None = None) -> str:
    """A path as the user should see it: relative to the project root when inside it."""
    path = Path(path)
    root = Path(root) if root is not None else Path.cwd()
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def publish(staged: str | Path, target: str | Path) -> None:
    """Copy a staged output to where readers find it, atomically: *target* is the old file or the
    new one, never a mix, whatever happens during the copy (even ``kill -9``)."""
    with atomic_path(target) as tmp:
        shutil.copyfile(staged, tmp)
