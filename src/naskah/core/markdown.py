"""Turning data into pandoc Markdown: the one place where data text is escaped.

Text from the data (quotations, code labels, informant fields) must reach the
reader exactly as written: a ``|`` must not split a table cell, a ``*`` must
not italicise, an ``@`` must not become a citation or a cross-reference.
"""

from __future__ import annotations

import re

# Characters with inline meaning in pandoc Markdown (emphasis, code, links,
# citations, raw HTML, math, sub/superscript, smart quotes, entities, spans).
_INLINE = re.compile(r"""([\\`*_{}\[\]<>|@$~^&"'#=+!-])""")
# A run of dots would become an ellipsis; "1." at the start would start a list.
_DOTS = re.compile(r"\.(?=\.)")
# a line opening or closing a fenced code block: what is inside is code, not Markdown to read
FENCE = re.compile(r"^(```|~~~)")
# Ordered-list markers pandoc knows: 1. 1) (1) a. a) (a) iv. (iv) — escape the delimiter.
_LEADING_MARKER = re.compile(r"^(\(?)([A-Za-z]|[ivxlcdm]+|[IVXLCDM]+|\d+)([.)])")


def escape(text: object) -> str:
    """Escape data text for pandoc Markdown, on one line."""
    if text is None:
        return ""
    flat = " ".join(str(text).split())  # newlines/tabs would end a table row or start a block
    out = _INLINE.sub(r"\\\1", flat)
    out = _DOTS.sub(r"\\.", out)
    out = _LEADING_MARKER.sub(lambda m: ("\\(" if m.group(1) else "") + m.group(2) + "\\" + m.group(3), out)
    return out


def pipe_table(frame, caption: str, label: str, numeric: list[str] | None = None,
               caption_line: bool = True) -> str:
    """A pandoc pipe table with its caption and ``{#tbl:label}`` attribute; cells are escaped."""
    numeric = numeric or []
    header = "| " + " | ".join(escape(c) for c in frame.columns) + " |"
    # pandoc sizes the columns of a long table by the dashes of this rule
    widths = [_width(frame, c) for c in frame.columns]
    rule = "|" + "|".join(("-" * w + ":") if c in numeric else (":" + "-" * w)
                          for c, w in zip(frame.columns, widths, strict=True)) + "|"
    lines = [header, rule]
    for row in frame.itertuples(index=False):
        lines.append("| " + " | ".join(escape(v) if v != "" else " " for v in row) + " |")
    if caption_line:
        lines.append("")
        lines.append(f": {caption} {{#{label}}}")
    return "\n".join(lines)


def block_quote(text: str, source: str, anchor: str | None = None) -> str:
    """A block quotation of data text followed by its source reference (a link to *anchor* if given)."""
    reference = f"({escape(source)})"
    return f"> {escape(text)} " + (f"[{reference}](#{anchor})" if anchor else reference)


def _width(frame, column: str) -> int:
    longest = max([len(str(column))] + [len(str(v)) for v in frame[column]])
    return max(3, min(longest, 60))
