"""The agreement facts count each distinct coding once (_Units): every coefficient must stay the unit-by-unit one."""

from __future__ import annotations

import random

import pytest

from naskah.analysis.agreement import _measures, _Units

CODES = ["a", "a1", "a2", "b", "b1", "c"]


def codings(rng: random.Random, coders: int, units: int) -> list[list[frozenset | None]]:
    out = []
    for _ in range(units):
        row = [None if rng.random() < 0.2 else frozenset(rng.sample(CODES, rng.randint(0, 3))) for _ in range(coders)]
        out.append(row)
    return out


@pytest.mark.parametrize(("coders", "seed"), [(2, 1), (2, 2), (2, 3), (3, 4), (4, 5)])
def test_counted_measures_are_the_unit_by_unit_ones_to_the_last_bit(coders, seed):
    rng = random.Random(seed)
    expanded = codings(rng, coders, rng.randint(0, 3000))
    units = _Units(expanded)
    tables = []
    for code in CODES:
        rows = [[None if c is None else code in c for c in unit] for unit in expanded]
        counted_rows = units.rows(code)
        assert units.measures([counted_rows], coders == 2) == _measures(rows, coders == 2)
        assert units.differing(counted_rows) == [i for i, row in enumerate(rows)
                                                 if len({v for v in row if v is not None}) > 1]
        tables.append((rows, counted_rows))
    pooled = [row for rows, _ in tables for row in rows]
    assert units.measures([counted for _, counted in tables], coders == 2) == _measures(pooled, coders == 2)
