"""The PDF's tables as ``filters/typst-tables.lua`` hands them to the template (run alone, as pandoc runs it).

A table too narrow for its longest words gets a hyphenated twin of each cell: soft hyphens between the
syllables of every word of five letters or more, as Indonesian divides them (PUEBI; typst has no
Indonesian patterns), in the cell's text only — a link's address, code and math keep their letters, or
the PDF would print a broken URL or formula. A table whose words fit gets no twins. The filter reads each
table as pandoc's JSON (one call instead of one per cell property), so its columns, spans and texts are
checked here as a reader sees them in the template's call.
"""

from __future__ import annotations

import subprocess

from naskah.core.tools import pandoc_path
from naskah.render.pandoc import resource

SHY = "\u00ad"

TIGHT = """\
| Pertanggungjawabannya | Ketidakberkesinambungan | Memperjualbelikannya | Penyelenggaraan |
|---|---|---|---|
| *pertanggungjawaban* dan **keberlangsungan** | [tautan panjangnya](https://example.org/pertanggungjawaban) \
| `kodeprogramnya` dan $keseimbangan$ | mengapa bersyukur akhirnya pantai |
"""

LOOSE = """\
+-----+---------+--------+
| No  | Tahap   | Jumlah |
+=====+=========+========+
| 1   | kontak  | 12     |
+-----+---------+--------+
| 2   | Dua kolom        |
+-----+------------------+
"""


def table_call(markdown: str) -> str:
    proc = subprocess.run([pandoc_path(), "--from=markdown", "--to=typst",
                           f"--lua-filter={resource('filters/typst-tables.lua')}"],
                          input=markdown, capture_output=True, text=True, check=True)
    return proc.stdout


def test_a_tight_tables_words_break_between_syllables_in_its_text_only():
    call = table_call(TIGHT).replace(SHY, "|")
    # every long word of the text, in the header and in the body, also in emphasis
    assert "[Per|tang|gung|ja|wab|an|nya]" not in call  # "b-an": a break is before a consonant, never after it
    assert "[Per|tang|gung|ja|wa|ban|nya]" in call and "[Ke|ti|dak|ber|ke|si|nam|bu|ngan]" in call
    assert "#emph[per|tang|gung|ja|wa|ban] dan #strong[ke|ber|lang|su|ngan]" in call
    assert "me|nga|pa ber|syu|kur akhir|nya pan|tai" in call  # ng, sy, kh one consonant; ai one vowel
    # the link's address, code and math are left whole; the link's text is not
    assert '#link("https://example.org/pertanggungjawaban")[tau|tan pan|jang|nya]' in call
    assert "`kodeprogramnya`" in call and "$k e s e i m b a n g a n$" in call
    # the cell itself comes first, untouched: the twin is only taken where the column needs it
    assert "[#emph[pertanggungjawaban] dan #strong[keberlangsungan]]" in call


def test_a_loose_table_has_no_twins_and_keeps_its_spans():
    call = table_call(LOOSE)
    assert "#naskah-table(" in call and SHY not in call
    assert "(0, [No], none)" in call and "(2, [Jumlah], none)" in call
    # the merged cell spans two columns and the next row's columns are counted past it
    assert "((0, [2], none), (1, table.cell(colspan: 2)[Dua kolom], none),)" in call
    # the measures the template sizes the columns by: the longest words of each column (a spanning cell's
    # are nobody's) and, as no cell has two words, no lines
    assert 'words: (("1", "2",), ("kontak",), ("12",),)' in call
    assert 'lines: ((), (), (),)' in call
