"""Data text reaches the reader exactly as written: checked by running pandoc itself.

Every string is put in a one-cell pipe table (markdown.pipe_table) and in a block
quotation (markdown.block_quote); all of them go into one document, which pandoc
converts twice (to its JSON AST and to plain text), so the whole module costs two
pandoc runs.
"""

from __future__ import annotations

import json
import subprocess

import pandas as pd
import pypandoc
import pytest

from naskah.core.markdown import block_quote, escape, pipe_table

TRICKY = [
    "a | b",
    "*bold*",
    "**strong**",
    "_x_",
    "@walther1996",
    "lihat @tbl:x",
    "[link](x)",
    "<b>",
    "$x$",
    "~sub~",
    "~~strike~~",
    "^sup^",
    '"quoted"',
    "'single'",
    "1. not a list",
    "2) not a list",
    "# not a heading",
    "- not a list",
    "+ not a list",
    "> not a quote",
    "a...b",
    "a -- b",
    "a --- b",
    "\\backslash",
    "{#id}",
    "&amp;",
    "`code`",
    "[^1]",
    "<!-- c -->",
    "tanda @ saja",
    "nama@contoh.id",
]
# An ordered-list marker made of a letter or a roman numeral also starts a list in a block quote.
LIST_MARKERS = ["(a) pilihan pertama", "a. pilihan pertama", "b) pilihan kedua", "iv. pilihan keempat"]
STRINGS = TRICKY + LIST_MARKERS
SOURCE = "A01, baris 2"

# pandoc elements that must never come out of escaped data text
FORBIDDEN = {
    "Cite", "Emph", "Strong", "Link", "RawInline", "RawBlock", "Math", "Subscript", "Superscript", "Strikeout",
    "Quoted", "Code", "Note", "Image", "Span", "Header", "BulletList", "OrderedList", "DefinitionList",
    "LineBlock", "CodeBlock", "HorizontalRule", "Underline", "SmallCaps",
}


def separator(index: int) -> str:
    return f"SEPARATOR{index}X"


def document() -> str:
    parts = []
    for index, text in enumerate(STRINGS):
        parts.append(separator(index))
        parts.append(pipe_table(pd.DataFrame({"A": [text]}), "Cap", "tbl:t"))
        parts.append(block_quote(text, SOURCE))
    parts.append(separator(len(STRINGS)))
    return "\n\n".join(parts) + "\n"


def pandoc(source: str, to: str) -> str:
    args = [pypandoc.get_pandoc_path(), "-f", "markdown", "-t", to, "--wrap=none"]
    proc = subprocess.run(args, input=source, capture_output=True, text=True, check=True)
    return proc.stdout


def types_in(node) -> set[str]:
    found = set()
    if isinstance(node, dict):
        if "t" in node:
            found.add(node["t"])
        for value in node.values():
            found |= types_in(value)
    elif isinstance(node, list):
        for item in node:
            found |= types_in(item)
    return found


def inline_text(inlines) -> str:
    out = []
    for item in inlines:
        kind = item["t"]
        if kind == "Str":
            out.append(item["c"])
        elif kind in ("Space", "SoftBreak"):
            out.append(" ")
        else:
            out.append(f"<{kind}>")
    return "".join(out)


@pytest.fixture(scope="module")
def converted():
    """For each string: (blocks of its section in the AST, its section of the plain-text output)."""
    source = document()
    ast = json.loads(pandoc(source, "json"))
    plain = pandoc(source, "plain")
    sections: list[list] = []
    for block in ast["blocks"]:
        if block["t"] == "Para" and inline_text(block["c"]).startswith("SEPARATOR"):
            sections.append([])
        elif sections:
            sections[-1].append(block)
    chunks = []
    for index in range(len(STRINGS)):
        start = plain.index(separator(index)) + len(separator(index))
        chunks.append(plain[start:plain.index(separator(index + 1))])
    return dict(zip(STRINGS, zip(sections[: len(STRINGS)], chunks, strict=True), strict=True))


@pytest.mark.parametrize("text", TRICKY)
def test_table_cell_shows_the_text_verbatim_in_one_column(converted, text):
    blocks, plain = converted[text]
    tables = [b for b in blocks if b["t"] == "Table"]
    assert len(tables) == 1
    _attr, _caption, colspecs, _head, bodies, _foot = tables[0]["c"]
    assert len(colspecs) == 1
    body_rows = bodies[0][3]
    assert len(body_rows) == 1
    cells = body_rows[0][1]
    assert len(cells) == 1
    cell_blocks = cells[0][4]
    assert [b["t"] for b in cell_blocks] == ["Plain"]
    assert inline_text(cell_blocks[0]["c"]) == text
    assert text in plain
    assert not types_in(tables[0]) & FORBIDDEN


@pytest.mark.parametrize("text", STRINGS)
def test_block_quote_shows_the_text_verbatim(converted, text):
    blocks, plain = converted[text]
    quotes = [b for b in blocks if b["t"] == "BlockQuote"]
    assert len(quotes) == 1
    inner = quotes[0]["c"]
    assert not types_in(quotes[0]) & FORBIDDEN, types_in(quotes[0]) & FORBIDDEN
    assert [b["t"] for b in inner] == ["Para"]
    assert inline_text(inner[0]["c"]) == f"{text} ({SOURCE})"
    assert f"{text} ({SOURCE})" in plain


def test_escape_flattens_newlines_and_tabs():
    assert escape("baris satu\nbaris\tdua") == "baris satu baris dua"
    assert escape(None) == ""


def test_empty_cells_stay_empty_and_caption_carries_the_label():
    frame = pd.DataFrame({"Informan": ["A01", "A02"], "Akhir": ["1", ""]})
    text = pipe_table(frame, "Matriks", "tbl:cov", numeric=["Akhir"])
    lines = text.split("\n")
    assert lines[0] == "| Informan | Akhir |"
    assert lines[1].startswith("|:") and lines[1].endswith(":|")  # text left, numbers right
    assert lines[3] == "| A02 |   |"
    assert lines[-1] == ": Matriks {#tbl:cov}"
