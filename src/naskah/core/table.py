"""Tables as the reader sees them: columns and rows of display strings, without pandas.

The analysis builds them, every later stage — assembling the chapters, the literature table, the
provenance Lampiran — handles them finished. naskah does not use pandas: its import alone cost each
job half a second or more, longer than a thesis's counting takes. :class:`DisplayTable` offers the
little of a DataFrame's interface the stages use (``columns``, ``shape``, ``itertuples``,
``frame[column]``, ``to_csv``, with the CSV bytes pandas writes), so the tests can hold it against a
DataFrame.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class DisplayTable:
    columns: list[str]
    rows: list[list[str]] = field(default_factory=list)

    @property
    def shape(self) -> tuple[int, int]:
        return len(self.rows), len(self.columns)

    def __getitem__(self, column: str) -> list[str]:
        at = self.columns.index(column)
        return [row[at] for row in self.rows]

    def itertuples(self, index: bool = False) -> Iterator[tuple[str, ...]]:
        return (tuple(row) for row in self.rows)

    def to_csv(self, index: bool = False, lineterminator: str = "\n") -> str:
        """The same bytes as pandas' ``to_csv(index=False, lineterminator=…)`` of the same strings."""
        out = io.StringIO()
        writer = csv.writer(out, lineterminator=lineterminator)
        writer.writerow(self.columns)
        writer.writerows(self.rows)
        return out.getvalue()

    @classmethod
    def read_csv(cls, path: str | Path) -> DisplayTable:
        """A table naskah wrote (UTF-8, comma-separated, a header row), every cell as written."""
        with open(path, encoding="utf-8", newline="") as handle:
            rows = list(csv.reader(handle))
        return cls(rows[0] if rows else [], rows[1:])


@dataclass
class ResultTable:
    """A generated table of the thesis: its display cells and what it is computed from."""

    id: str
    caption: str
    frame: object  # a DisplayTable, or the analysis's DataFrame of display strings
    numeric: list[str]  # columns aligned right
    sources: list[str]  # input files the table is computed from
    rule: str = "analyse"  # the workflow rule that writes it
    file: str = ""  # where the CSV is, e.g. results/tables/stage-coverage.csv

    @property
    def label(self) -> str:
        return f"tbl:{self.id}"
