"""Figures drawn from the analysis, as small deterministic SVG files.

We write the SVG ourselves rather than use a plotting library: one bar chart
does not justify matplotlib's size, and our own writer gives byte-identical
files on every machine (no embedded dates, fonts or random ids).
"""

from __future__ import annotations

import shutil
from pathlib import Path
from xml.sax.saxutils import escape as xml_escape

from naskah.core import files
from naskah.core.i18n import caption, labels

WIDTH, BAR_HEIGHT, GAP, LEFT, RIGHT, TOP = 560, 22, 10, 130, 40, 34


def stage_informants_svg(facts: dict, language: str) -> str:
    """Horizontal bars: in how many informants each stage occurs, stages in codebook order."""
    lab = labels(language)
    stages = facts["stages"]
    total = max(facts["informants"]["total"], 1)
    height = TOP + len(stages) * (BAR_HEIGHT + GAP) + 20
    scale = (WIDTH - LEFT - RIGHT) / total
    title = xml_escape(caption("figure:stage-informants", language, facts.get("levels", ())))
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" '
             f'viewBox="0 0 {WIDTH} {height}" font-family="sans-serif" font-size="12">',
             f"<title>{title}</title>",
             f'<rect x="0" y="0" width="{WIDTH}" height="{height}" fill="#ffffff"/>']
    for index, stage in enumerate(stages):
        y = TOP + index * (BAR_HEIGHT + GAP)
        width = stage["informants"] * scale
        parts.append(f'<text x="{LEFT - 8}" y="{y + BAR_HEIGHT * 0.7:.1f}" text-anchor="end">'
                     f'{xml_escape(stage["label"])}</text>')
        parts.append(f'<rect x="{LEFT}" y="{y}" width="{width:.1f}" height="{BAR_HEIGHT}" fill="#1f4e79"/>')
        parts.append(f'<text x="{LEFT + width + 6:.1f}" y="{y + BAR_HEIGHT * 0.7:.1f}">{stage["informants"]}</text>')
    axis_y = TOP + len(stages) * (BAR_HEIGHT + GAP) - GAP / 2
    parts.append(f'<line x1="{LEFT}" y1="{TOP - 6}" x2="{LEFT}" y2="{axis_y:.1f}" stroke="#333333"/>')
    parts.append(f'<text x="{LEFT}" y="{TOP - 14}">{xml_escape(lab["informants"])} (n = {total})</text>')
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


FIGURES = {"stage-informants": stage_informants_svg}


def write_figure(svg: str, target_svg: Path) -> None:
    """Write the SVG and a PNG beside it: Word shows SVG only from 2016 on, and pandoc needs
    rsvg-convert (not a Python package) to make the fallback itself. typst draws the PNG."""
    import tempfile

    import typst

    files.write_text(target_svg, svg)
    with tempfile.TemporaryDirectory() as tmp:
        page = Path(tmp) / "figure.typ"
        shutil.copyfile(target_svg, Path(tmp) / "figure.svg")
        page.write_text('#set page(width: auto, height: auto, margin: 0pt)\n#image("figure.svg")\n',
                        encoding="utf-8")
        png = typst.compile(str(page), format="png", ppi=200)
    files.write_bytes(target_svg.with_suffix(".png"), png)
