"""The PDF: pandoc writes typst with a template built from the house style, typst compiles it.

The template is not a file in the package but :func:`naskah.style.typst.template` of the
config's style, written to a temporary folder for pandoc (it is an input of this step, not an
output of the build). typst is given the fonts shipped with naskah and, when the style's PDF
font is one of them, no system font at all: the PDF then looks the same on every machine and
embeds only Liberation fonts. typst ignores SOURCE_DATE_EPOCH, so the timestamp is passed
explicitly; with it the PDF is byte-identical from one build to the next.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from naskah.core import files
from naskah.core.errors import ToolError
from naskah.data.config import Config
from naskah.render.pandoc import pandoc_args, run_pandoc
from naskah.style import typst as typst_style


def render_pdf(config: Config, markdown: Path, bibliography: Path, output: Path, typst_source: Path,
               epoch: int, provenance: Path | None = None, cited: Path | None = None) -> None:
    """*markdown* -> *typst_source* (pandoc) -> *output* (typst), both written atomically; *provenance*
    (the build's core manifest) is attached to the PDF as ``provenance.json``."""
    style = config.style
    with tempfile.TemporaryDirectory(prefix="naskah-typst-") as folder:
        template = Path(folder) / "naskah.typst"
        template.write_text(typst_style.template(style, config.language), encoding="utf-8")
        args = pandoc_args(config, markdown, bibliography, "typst", cited) + [f"--template={template}"]
        with files.atomic_path(typst_source) as tmp:
            run_pandoc(args + ["-o", str(tmp)], epoch)
            if provenance is not None:
                with tmp.open("a", encoding="utf-8") as source:
                    source.write(attachment(provenance, config.root))
    compile_typst(typst_source, output, epoch, config.root, typst_style.uses_shipped_fonts(style))


def compile_typst(source: Path, output: Path, epoch: int, root: Path, shipped_fonts_only: bool = True) -> None:
    import typst

    with files.atomic_path(output) as tmp:
        try:
            # root: the project, so figures under results/ resolve ("/results/figures/x.svg")
            typst.compile(str(source), output=str(tmp), root=str(Path(root).resolve()), timestamp=epoch,
                          font_paths=[str(typst_style.font_dir())], ignore_system_fonts=shipped_fonts_only)
        except Exception as exc:  # the binding raises its own TypstError with the diagnostics
            raise ToolError(f"typst failed: {exc}", source) from None


def attachment(provenance: Path, root: Path) -> str:
    """The typst line attaching the manifest (naskah.provenance.embedded reads it back), from the project root."""
    from naskah.provenance.embedded import PDF_NAME

    inside = Path(provenance).resolve().relative_to(Path(root).resolve()).as_posix()
    return (f'\n#pdf.attach("/{PDF_NAME}", read("/{inside}", encoding: none), relationship: "supplement", '
            'mime-type: "application/json", description: "naskah: the manifest of the build that made this draft")\n')
