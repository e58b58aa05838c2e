"""The typst template (pandoc's ``--template`` for the PDF) built from the house style, and its fonts.

The PDF must look like the DOCX a supervisor opens in Word: same paper, margins, font metrics,
line pitch, headings, page numbers and table layout. So the template is not a file kept in step
by hand but a function of :class:`~naskah.style.model.Style`: a typst dictionary ``naskah-style``
with every value the layout needs, followed by naskah's typst functions
(``resources/typst-functions.typ``, which read only that dictionary) and pandoc's ``$body$``. An
override under ``style:`` in the config changes the PDF exactly as it changes the DOCX.

Line spacing follows Word. A "single" line of a font is its ascent + descent + line gap
(Times New Roman and its metric twin Liberation Serif: 1.15 em, 13.8 pt at 12 pt) and "double"
is twice that. typst sets each line from the ascender to the descender and puts ``leading``
between lines, so the leading is computed from the font's own metric tables.

The fonts ship with naskah (``style/fonts/``: Liberation Serif, metric-compatible with Times New
Roman, and Liberation Mono for code; SIL OFL 1.1, licence beside them) and typst is told to ignore
the system's fonts, so a PDF built on any machine breaks its lines where Word does and embeds only
those fonts.
"""

from __future__ import annotations

import json
import struct
from functools import cache
from importlib import resources
from pathlib import Path

from naskah.core.i18n import labels
from naskah.style.model import Length, Style

# fonts shipped in style/fonts/: family -> its regular face
SHIPPED_FONTS = {"Liberation Serif": "LiberationSerif-Regular.ttf", "Liberation Mono": "LiberationMono-Regular.ttf"}
MONO_FAMILY = "Liberation Mono"  # code (Word's "Verbatim Char"), metric-compatible with Courier New
NUMBERING = {"lower_roman": "i", "upper_roman": "I", "arabic": "1"}
FUNCTIONS = "typst-functions.typ"  # in naskah/resources/


def font_dir() -> Path:
    """The folder of the fonts shipped with naskah (typst's only font path)."""
    return Path(str(resources.files("naskah.style").joinpath("fonts")))


def uses_shipped_fonts(style: Style) -> bool:
    """True when the PDF needs no system font, so typst may ignore them all."""
    return style.font.pdf_family in SHIPPED_FONTS


@cache
def line_metrics(font_file: str) -> tuple[float, float]:
    """(box, single) in em: typst's line box, and Word's single line, from the font's tables.

    typst sets a line from the OS/2 typographic ascender to the descender (``top-edge: "ascender"``);
    Word's single line is the Windows ascent + descent + the ``hhea`` line gap (Times New Roman 12 pt:
    13.8 pt).
    """
    data = Path(font_file).read_bytes()
    tables = {}
    for i in range(struct.unpack(">H", data[4:6])[0]):
        tag, _, offset, _ = struct.unpack(">4sIII", data[12 + 16 * i:28 + 16 * i])
        tables[tag] = offset
    units = struct.unpack(">H", data[tables[b"head"] + 18:tables[b"head"] + 20])[0]
    gap = struct.unpack(">h", data[tables[b"hhea"] + 8:tables[b"hhea"] + 10])[0]
    os2 = tables[b"OS/2"]
    typo_ascender, typo_descender = struct.unpack(">hh", data[os2 + 68:os2 + 72])
    win_ascent, win_descent = struct.unpack(">HH", data[os2 + 74:os2 + 78])
    return (typo_ascender - typo_descender) / units, (win_ascent + win_descent + max(gap, 0)) / units


def body_metrics(style: Style) -> tuple[float, float]:
    """The line metrics of the PDF font (Liberation Serif's when the style names a font naskah does not ship)."""
    face = SHIPPED_FONTS.get(style.font.pdf_family, SHIPPED_FONTS["Liberation Serif"])
    return line_metrics(str(font_dir() / face))


class Code(str):
    """A typst expression written as it is (a length, a ratio, an alignment), not as a string."""


def leading(spacing: float, metrics: tuple[float, float]) -> Code:
    """typst ``leading`` (from one line's descender to the next one's ascender) for Word's line *spacing*."""
    box, single = metrics
    return Code(f"{round(spacing * single - box, 4):g}em")


def _length(value, default: str = "0pt") -> Code:
    return Code(Length(value if value is not None else default).typst)


def _position(name: str) -> str:
    return name.replace("_", "-")  # top_right -> top-right


def _typst(value, indent: str = "") -> str:
    """A Python value as a typst literal (dicts become typst dictionaries)."""
    if isinstance(value, Code):
        return str(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)  # a JSON string is a valid typst string
    if isinstance(value, int | float):
        return f"{value:g}"
    if isinstance(value, tuple | list):
        return "(" + "".join(_typst(v) + ", " for v in value) + ")"
    if isinstance(value, dict):
        inner = indent + "  "
        items = ",\n".join(f"{inner}{json.dumps(str(k))}: {_typst(v, inner)}" for k, v in value.items())
        return "(\n" + items + ",\n" + indent + ")"
    raise TypeError(f"no typst literal for {value!r}")


def _heading(h, base_size: Length) -> dict:
    return {
        "size": _length(h.get("size"), str(base_size)),
        "bold": bool(h.get("bold", True)),
        "italic": bool(h.get("italic", False)),
        "upper": h.get("case") == "upper",
        "align": h.get("align", "left"),
        "above": _length(h.get("space_before")),
        "below": _length(h.get("space_after")),
    }


def style_values(style: Style, language: str = "id") -> dict:
    """Every value the typst layout reads (the ``naskah-style`` dictionary), from *style*."""
    metrics = body_metrics(style)
    margins, numbers = style.page.margins, style.page_numbers
    width, height = style.paper_size
    size = Length(style.font.size)
    distance = Length(style.page.number_distance)
    body, quote, refs, tables, captions = style.body, style.block_quote, style.references, style.tables, \
        style.captions
    chapter = style.heading(1)
    body_leading = leading(body.line_spacing, metrics)
    reserve = (body.line_spacing * metrics[1] - metrics[0]) * size.pt  # a body line's space below its letters
    return {
        "lang": language,
        "page": {
            "width": Code(width.typst), "height": Code(height.typst),
            "margin": {side: _length(margins.get(side)) for side in ("top", "left", "right")}
            # a line of body text needs its whole spacing above the bottom margin, as in LibreOffice and Word
            # (the last line of a double-spaced page does not fit in the space of its letters alone)
            | {"bottom": Code(Length(float(margins.bottom) + reserve).typst)},
            "number-distance": Code(distance.typst),  # from the page's edge to the page number's line
        },
        "numbering": {"front": NUMBERING[numbers.front], "body": NUMBERING[numbers.body]},
        "positions": {
            "front": {"opening": _position(numbers.chapter_opening), "other": _position(numbers.front_pages)},
            "body": {"opening": _position(numbers.chapter_opening), "other": _position(numbers.other)},
        },
        "font": (style.font.pdf_family,),
        "mono": MONO_FAMILY,
        "size": Code(size.typst),
        "single": leading(1, metrics),
        "body": {
            "justify": body.get("align", "justify") == "justify",
            "leading": body_leading,
            "spacing": Code(f"{body_leading} + {_length(body.get('paragraph_spacing'))}"),
            "indent": _length(body.get("first_line_indent")),
        },
        "headings": {str(h["level"]): _heading(style.heading(h["level"]), size) for h in style.data["headings"]},
        "chapter": {
            "new-page": bool(chapter.get("new_page", True)) if chapter else True,
            "title-on-new-line": bool(chapter.get("title_on_new_line", False)) if chapter else False,
        },
        "quote": {
            "left": _length(quote.get("indent_left")), "right": _length(quote.get("indent_right")),
            "size": _length(quote.get("font_size"), str(size)), "italic": bool(quote.get("italic", False)),
            "leading": leading(quote.get("line_spacing", 1), metrics),
        },
        "refs": {
            "hanging": _length(refs.get("hanging_indent"), "1.25cm"),
            "leading": leading(refs.get("line_spacing", 1), metrics),
            "spacing": _length(refs.get("space_between"), "12pt"),
        },
        "captions": {
            "label-bold": bool(captions.get("label_bold", True)),
            "separator": captions.get("separator", " "),
            "align": captions.get("align", "center"),
            "figure-position": Code("top" if captions.get("figure_position", "below") == "above" else "bottom"),
            "source-size": _length(captions.get("source_size"), "10pt"),
        },
        "tables": {
            "size": _length(tables.get("font_size"), "11pt"),
            "leading": leading(tables.get("line_spacing", 1), metrics),
            "header-bold": bool(tables.get("header_bold", True)),
            "repeat": bool(tables.get("repeat_header", True)),
            "full": tables.get("width", "full") == "full",
            "rules": tables.get("rules", "grid"),
        },
        "continued": labels(language)["continued"],
    }


def template(style: Style, language: str = "id") -> str:
    """The pandoc typst template for *style* and the thesis *language* (``$body$`` at its end)."""
    functions = resources.files("naskah.resources").joinpath(FUNCTIONS).read_text(encoding="utf-8")
    return (
        f"// naskah: the PDF layout for the house style '{style.source}'. Generated by naskah.style.typst:\n"
        "// change the style under `style:` in config/config.yaml, not this file.\n"
        f"#let naskah-style = {_typst(style_values(style, language))}\n"
        "#set document(title: [$pagetitle$])\n"
        "$if(highlighting-definitions)$\n$highlighting-definitions$\n$endif$\n"
        + functions.replace("$", "$$")  # pandoc reads the template: a literal dollar is written twice
        + "\n$body$\n"
    )
