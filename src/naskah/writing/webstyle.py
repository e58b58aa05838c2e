"""The house style for the browser: CSS variables and the printed page, from the style.

``naskah.css`` holds the rules that never change (how a title page, a front-matter part, a caption
or a source line is laid out); what a faculty decides — font, size, spacing, indent, caption
alignment, table rules, paper and margins — comes from the style, so the HTML draft reads like the
printed one and prints on the right paper. It reaches the page as ``header-includes`` (raw HTML that
the DOCX and typst writers ignore).
"""

from __future__ import annotations

from naskah.style.model import Length


def _css_string(text: str) -> str:
    return '"' + str(text).replace("\\", "\\\\").replace('"', '\\"') + '"'


def html_style(style) -> str:
    """A ``<style>`` block, as a raw-HTML Markdown block, with the style's values."""
    width, height = style.paper_size
    margins = style.page.margins
    chapter = style.heading(1)
    text_width = Length(float(width) - float(margins.left) - float(margins.right))
    captions = style.captions
    variables = {
        "--naskah-font": f"{_css_string(style.font.family)}, {_css_string(style.font.pdf_family)}, serif",
        "--naskah-font-size": style.font.size.css,
        "--naskah-line-height": f"{1.15 * float(style.body.line_spacing):g}",
        "--naskah-indent": style.body.first_line_indent.css,
        "--naskah-paragraph-spacing": style.body.paragraph_spacing.css,
        "--naskah-align": style.body.align,
        "--naskah-text-width": text_width.css,
        "--naskah-quote-indent": style.block_quote.indent_left.css,
        "--naskah-quote-line-height": f"{1.15 * float(style.block_quote.line_spacing):g}",
        "--naskah-quote-style": "italic" if style.block_quote.italic else "normal",
        "--naskah-chapter-align": (chapter.get("align") if chapter else None) or "center",
        "--naskah-caption-align": captions.align,
        "--naskah-caption-label-weight": "bold" if captions.label_bold else "normal",
        "--naskah-table-caption-side": "top" if captions.table_position == "above" else "bottom",
        "--naskah-figure-caption-order": "-1" if captions.figure_position == "above" else "1",
        "--naskah-source-size": captions.source_size.css,
        "--naskah-table-size": style.tables.font_size.css,
        "--naskah-hanging-indent": style.references.hanging_indent.css,
    }
    lines = ["<style>", ":root {"]
    lines += [f"  {name}: {value};" for name, value in variables.items()]
    lines.append("}")
    if style.tables.rules == "three_line":
        # top rule, a rule below the header, bottom rule; no vertical lines
        lines += ["table th, table td { border: none; }",
                  "table { border-top: 1.5px solid #000; border-bottom: 1.5px solid #000; }",
                  "table thead th { border-bottom: 1px solid #000; }"]
    lines += [f"@page {{ size: {Length(width).mm:g}mm {Length(height).mm:g}mm; "
              f"margin: {margins.top.css} {margins.right.css} {margins.bottom.css} {margins.left.css}; }}",
              "</style>"]
    return "```{=html}\n" + "\n".join(lines) + "\n```\n"
