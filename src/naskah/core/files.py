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


def write_bytes(target: str | Path, data: bytes) -> None:
    with atomic_path(target) as tmp:
        tmp.write_bytes(data)


def write_json(target: str | Path, data) -> None:
    """Write JSON with sorted keys so equal data gives equal bytes."""
    write_text(target, json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n")


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
            raise InputError(f"the {what} is {_size(size)}, more than the limit of {_size(limit)}",
                             shown, hint="split it, or raise the limit (inputs.max_transcript_mb for transcripts)")
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{what} not found", shown, hint="check the path in config/config.yaml") from None
    except IsADirectoryError:
        raise InputError(f"expected a {what} but found a folder", shown) from None
    text = decode(data, what, shown, notes)  # decode first, then check what the text holds
    _refuse_controls(text, shown)
    return text


UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


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
                notes.warning(f"not UTF-8: read as {name} ({excel})", shown,
                              hint="check its accented letters and quote marks, then save it as 'CSV UTF-8' "
                                   "to silence this warning")
                return text
        line = data[: exc.start].count(b"\n") + 1
        spreadsheet = what in ("table", "identity map")
        hint = "save the file as UTF-8" + (" (in Excel: 'CSV UTF-8')" if spreadsheet else " in your editor")
        if utf16:
            hint = "it is UTF-16 (it starts with a byte-order mark): " + hint
        raise InputError(f"not valid UTF-8 (byte 0x{data[exc.start]:02x})", shown, line, hint=hint) from None


def _fallback(data: bytes, utf16: bool) -> tuple[str, str, str] | None:
    if utf16:
        try:
            return data.decode("utf-16"), "UTF-16", "what Excel saves as 'Unicode Text'"
        except UnicodeDecodeError:
            return None
    try:
        return data.decode("cp1252"), "Windows-1252", "what Excel saves as plain 'CSV' on Windows"
    except UnicodeDecodeError:  # bytes Windows-1252 does not define: some other encoding
        return None


def _size(count: int) -> str:
    if count >= 1024 * 1024:
        return f"{count / 1048576:.1f} MB"
    return f"{count / 1024:.1f} KB" if count >= 1024 else f"{count} bytes"


def _refuse_controls(text: str, shown: str) -> None:
    """Every control character of *text*, at its line and column, in one error."""
    found = list(CONTROL.finditer(text))
    if not found:
        return
    diags = Diagnostics()
    for match in found[:20]:
        line = text.count("\n", 0, match.start()) + 1
        column = match.start() - (text.rfind("\n", 0, match.start()) + 1) + 1
        name = "a NUL byte" if match.group() == "\x00" else f"control character U+{ord(match.group()):04X}"
        diags.error(f"{name} in the text", shown, line, column,
                    hint="delete it (it is invisible in most editors; a corrupt export or a binary file "
                         "carries such characters)")
    if len(found) > 20:
        diags.error(f"and {len(found) - 20} more control characters", shown)
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
