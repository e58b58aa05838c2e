"""Rendering the assembled Markdown with pandoc (HTML, DOCX, Typst) and typst (PDF).

pandoc comes from the ``pypandoc-binary`` wheel (pandoc 3.9; the system's pandoc
may be older and lack the typst writer), typst from its PyPI binding, so no
TeX installation is needed. Outputs are deterministic: DOCX dates follow
SOURCE_DATE_EPOCH, and typst is given the same timestamp explicitly because
the binding ignores the variable.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from importlib import resources
from pathlib import Path

from naskah.core import files
from naskah.core.clock import source_date_epoch
from naskah.core.errors import InputError, ToolError
from naskah.core.tools import pandoc_path
from naskah.data.config import Config

FORMATS = ("html", "docx", "pdf")
# pandoc's Lua filters (resources/filters/): one file per concern, run after citeproc so that they see the
# rendered citations and references. pandoc is given only filters/naskah.lua, which runs the concerns of the
# output format (its table says which, in which order) in one Lua state and in as few passes as their order
# allows; each concern file still runs alone for its golden test.
FILTER = "filters/naskah.lua"


def resource(name: str) -> Path:
    return Path(str(resources.files("naskah.resources").joinpath(name)))


def pandoc_args(config: Config, markdown: Path, bibliography: Path, to: str, cited: Path | None = None) -> list[str]:
    """pandoc's arguments for *markdown* → *to*. With *cited* (the AST :func:`citing` wrote from the same
    Markdown), pandoc reads that instead and leaves citeproc out: the output is byte for byte the same, since
    citeproc runs before the filters either way. typst then writes the rendered citations, not ``@key``."""
    csl = _csl(config)
    if cited is None:
        source, citeproc = [str(markdown), "--from=markdown", f"--to={to}"], ["--citeproc"]
    else:
        source, citeproc = [str(cited), "--from=json", f"--to={to}-citations" if to == "typst" else f"--to={to}"], []
    return [pandoc_path(), *source, "--standalone", *_citing_args(csl, bibliography), *citeproc,
            f"--lua-filter={resource(FILTER)}", f"--resource-path={config.root}"]


def _citing_args(csl: Path, bibliography: Path) -> list[str]:
    """What the Markdown reader and citeproc take, in a render and in assemble's citeproc pass alike: the
    bibliography (CSL JSON from the literature stage, titles already in their case), the style, and the width
    pipe tables are sized by, so wide that no row is "too long" and columns size to their content."""
    return [f"--bibliography={bibliography}", f"--csl={csl}", "--columns=10000"]


def _csl(config: Config) -> Path:
    csl = config.csl_path()
    if not csl.is_file():
        raise InputError("citation style not found", config.shown(csl),
                         hint="set thesis.citation_style to 'apa' or to the path of a .csl file")
    return csl


def _check(returncode: int, stderr: str) -> None:
    if returncode != 0:
        raise ToolError(f"pandoc failed (exit {returncode}): {stderr.strip()}",
                        hint="this usually means the assembled Markdown is malformed; see results/thesis.md")
    if stderr.strip():
        # pandoc warnings (e.g. a missing image, a citation citeproc cannot resolve) are the user's business
        print(stderr.strip())


def run_pandoc(args: list[str], epoch: int) -> None:
    env = {**os.environ, "SOURCE_DATE_EPOCH": str(epoch)}
    proc = subprocess.run(args, capture_output=True, text=True, env=env, check=False)
    _check(proc.returncode, proc.stderr)


@contextmanager
def citing(config: Config, markdown: Path, bibliography: Path, out: Path) -> Iterator[None]:
    """pandoc's Markdown reader and citeproc over *markdown* → *out* (pandoc's JSON AST), in a process of its
    own while the caller's block runs; written atomically when the block ends, and checked like a render.

    assemble calls it: the work each render repeated before its own writer, done once, on the core that
    assemble's single process leaves idle."""
    args = [pandoc_path(), str(markdown), "--from=markdown", "--to=json", *_citing_args(_csl(config), bibliography),
            "--citeproc"]
    env = {**os.environ, "SOURCE_DATE_EPOCH": str(source_date_epoch(config))}
    with files.atomic_path(out) as tmp:
        proc = subprocess.Popen([*args, "-o", str(tmp)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                text=True, env=env)
        try:
            yield
        except BaseException:
            proc.kill()
            proc.communicate()
            raise
        _, stderr = proc.communicate()
        _check(proc.returncode, stderr)


def render(config: Config, fmt: str, markdown: Path, bibliography: Path, output: Path,
           typst_source: Path | None = None, provenance: Path | None = None, cited: Path | None = None) -> None:
    """Render *markdown* to *output* (html, docx or pdf), atomically; *provenance* (the build's core
    manifest) travels inside the draft (see naskah.provenance.embedded). *bibliography* is the literature
    stage's CSL JSON; a .bib file is converted the same way first. *cited*: the same Markdown as assemble's
    citeproc pass left it (:func:`citing`), read instead of *markdown*."""
    if Path(bibliography).suffix.lower() in (".bib", ".bibtex"):
        from naskah.literature import csljson

        with tempfile.TemporaryDirectory(prefix="naskah-csl-") as folder:
            converted = Path(folder) / "references.json"
            converted.write_text(csljson.convert(Path(bibliography)), encoding="utf-8")
            return render(config, fmt, markdown, converted, output, typst_source, provenance, cited)
    epoch = source_date_epoch(config)
    if fmt == "html":
        args = pandoc_args(config, markdown, bibliography, "html5", cited)
        # one self-contained file: the house CSS and the images go in through the filters (layout.lua,
        # images.lua), not --embed-resources, which parses the whole written page again (0.5 s a thesis)
        args += ["--section-divs"]
        with files.atomic_path(output) as tmp:
            run_pandoc(args + ["-o", str(tmp)], epoch)
            if provenance is not None:
                _embed_html(tmp, provenance)
    elif fmt == "docx":
        from naskah.render.docx import render_docx  # reference document and sections from the house style

        render_docx(config, markdown, bibliography, output, epoch, provenance, cited)
    elif fmt == "pdf":
        from naskah.render.typst import render_pdf  # the template comes from the house style

        render_pdf(config, markdown, bibliography, output, typst_source or output.with_suffix(".typ"), epoch,
                   provenance, cited)
    else:
        raise InputError(f"unknown format '{fmt}'", hint="use one of: " + ", ".join(FORMATS))


def _embed_html(path: Path, provenance: Path) -> None:
    """The manifest as a JSON script element at the end of the head."""
    from naskah.provenance.embedded import html_script

    html = path.read_text(encoding="utf-8")
    import json

    compact = json.dumps(json.loads(provenance.read_text(encoding="utf-8")), ensure_ascii=False, sort_keys=True,
                         separators=(",", ":"))
    script = html_script(compact)
    at = html.find("</head>")
    path.write_text(html[:at] + script + "\n" + html[at:] if at >= 0 else html + script, encoding="utf-8")
