"""The cited entries as CSL JSON: what every render hands to pandoc's citeproc.

BibTeX titles are written in title case and APA prints them in sentence case. pandoc converts them when
it reads a ``.bib`` file — but only when the *document* language is English: given an Indonesian thesis
(``lang: id-ID``) every title would keep its capitals ("The Interpersonal Communication Book"). So the
literature stage converts the exported ``results/references.bib`` once, with pandoc's own BibLaTeX reader
under an English locale (as an English document would read it: an entry with a non-English ``langid``
keeps its casing, words in {braces} keep theirs), to CSL JSON, in which titles are final. The three
renders then run pandoc's native ``--citeproc`` on it, in whatever language the thesis is written, instead
of each re-reading the library in a Lua filter (which cost every render a tenth of a second and more).

A numeric edition written "2nd" becomes "2" here too, so that the style prints "(2nd ed.)" / "(Ed. ke-2)".
"""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

from naskah.core.errors import ToolError
from naskah.core.tools import pandoc_path

ORDINAL_EDITION = re.compile(r"^(\d+)(st|nd|rd|th)$", re.IGNORECASE)


def start(bibliography: Path) -> subprocess.Popen:
    """Start pandoc converting *bibliography* (BibLaTeX) to CSL JSON; :func:`finish` collects it. Started
    early, the conversion runs beside the rest of the caller's work."""
    env = {"LANG": "en-US"}  # pandoc's BibTeX reader takes its language from LANG (and nothing else from here)
    ext = Path(bibliography).suffix.lower()
    source = "bibtex" if ext == ".bibtex" else "biblatex"  # as with --bibliography: .bib is BibLaTeX
    return subprocess.Popen([pandoc_path(), f"--from={source}", "--to=csljson", str(bibliography)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)


def finish(process: subprocess.Popen, bibliography: Path) -> str:
    """The CSL JSON text of a :func:`start`-ed conversion, editions normalised."""
    out, err = process.communicate()
    if process.returncode != 0:
        raise ToolError(f"pandoc could not read {bibliography} as BibLaTeX: {err.decode('utf-8', 'replace').strip()}")
    items = json.loads(out.decode("utf-8"))
    for item in items:
        edition = item.get("edition")
        if isinstance(edition, str) and (match := ORDINAL_EDITION.match(edition.strip())):
            item["edition"] = match.group(1)
    return json.dumps(items, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def convert(bibliography: Path) -> str:
    """*bibliography* as CSL JSON (see the module docstring)."""
    return finish(start(bibliography), bibliography)
