"""Stage ``format_check``: a DOCX or PDF measured against the house style (paper, margins, fonts, spacing,
page numbers, chapters on new pages, captions).

The build checks each draft inside the job that renders it (``naskah render docx|pdf --format-check
REPORT``): a job of its own cost a Python start, a second read of the draft and a scheduling round per
draft, on the build's critical path. ``naskah format-check FILE`` runs the same check on any file, a copy
the student edited in Word included.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from naskah.core import files
from naskah.core.messages import n_


@dataclass
class FormatCheck:
    found: list[str]  # one line per deviation: `file: page N: …`
    summary: str  # what the command prints last


def format_check(style, language: str, paths: list[str], layout: bool | None = None) -> FormatCheck:
    """Check *paths* against *style*. *layout* None: lay a DOCX out with LibreOffice (real page numbers)
    when it is installed."""
    import shutil

    from naskah.style.formatcheck import check_file

    found = []
    for name in paths:
        lay_out = layout
        if lay_out is None:
            lay_out = name.lower().endswith(".docx") and bool(shutil.which("soffice") or shutil.which("libreoffice"))
        found += [str(d) for d in check_file(name, style, language=language, layout=lay_out)]
    checked = ", ".join(paths)
    summary = n_("naskah format-check: {n} deviation from the house style ({style}) in {files}",
                 "naskah format-check: {n} deviations from the house style ({style}) in {files}", len(found),
                 style=style.source, files=checked) if found else n_(
        "naskah format-check: {files} follows the house style ({style})",
        "naskah format-check: {files} follow the house style ({style})", len(paths), files=checked,
        style=style.source)
    return FormatCheck(found, summary)


def write_report(result: FormatCheck, out: Path) -> None:
    """The build's report of its own draft: each deviation, then the summary."""
    files.write_text(out, "\n".join(result.found + [result.summary]) + "\n")
