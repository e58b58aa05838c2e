"""The reliability coefficients of ``naskah.agreement``, against values published by others.

Sources of the expected values (none is copied from naskah's own output):

- Krippendorff, K. (2011). Computing Krippendorff's Alpha-Reliability. Annenberg School for
  Communication, University of Pennsylvania (repository.upenn.edu/asc_papers/43). Example A: two
  observers, ten binary units, α = 0.095 (the same data as Krippendorff (2004), Content Analysis,
  2nd ed., §11.3.1). Example C: four observers, twelve units, missing values, α_nominal = 0.743.
- Gwet, K. L., irrCAC R package, README (github.com/kgwet/irrCAC), whose dataset ``cac.raw4raters``
  is example C: percent agreement 0.8181818, Gwet's AC1 0.77544, Krippendorff's α 0.74342; and
  whose 3 × 3 table ``cont3x3abstractors`` (two raters, 100 units) gives Cohen's κ 0.7964094,
  AC1 0.8493305, α 0.7972585, percent agreement 0.89.
- Wikipedia, "Krippendorff's alpha", computational example (3 coders, 15 units, missing values):
  α_nominal = 0.691; "Cohen's kappa", simple example (50 grant proposals, 20/5/10/15): κ = 0.4.
"""

from __future__ import annotations

import random
import subprocess
import sys

import pytest

from naskah.agreement import cohen_kappa, gwet_ac1, krippendorff_alpha, percent_agreement, reliability

_ = None

# Krippendorff (2011), example C; columns are observers A, B, C, D (rows: units 1-12)
EXAMPLE_C = [
    [1, 1, _, 1],
    [2, 2, 3, 2],
    [3, 3, 3, 3],
    [3, 3, 3, 3],
    [2, 2, 2, 2],
    [1, 2, 3, 4],
    [4, 4, 4, 4],
    [1, 1, 2, 1],
    [2, 2, 2, 2],
    [_, 5, 5, 5],
    [_, _, 1, 1],
    [_, 3, _, _],
]

# irrCAC's cac.raw4raters: the same data, the single value of unit 12 given by rater 3
RAW4RATERS = [row[:] for row in EXAMPLE_C]
RAW4RATERS[11] = [_, _, 3, _]

# Krippendorff (2004) §11.3.1 / (2011) example A: observer A, observer B
BINARY = list(zip([0, 1, 0, 0, 0, 0, 0, 0, 1, 0], [1, 1, 1, 0, 0, 1, 0, 0, 0, 0], strict=True))

# Wikipedia, "Krippendorff's alpha": coders A, B, C over 15 units ("*" missing)
WIKIPEDIA = list(zip(
    [_, _, _, _, _, 3, 4, 1, 2, 1, 1, 3, 3, _, 3],
    [1, _, 2, 1, 3, 3, 4, 3, _, _, _, _, _, _, _],
    [_, _, 2, 1, 3, 4, 4, _, 2, 1, 1, 3, 3, _, 4],
    strict=True,
))


def from_contingency(table: list[list[int]]) -> list[list[int]]:
    """Units × 2 coders from a contingency table (rows: coder 1's category, columns: coder 2's)."""
    units = []
    for i, row in enumerate(table):
        for j, count in enumerate(row):
            units += [[i, j]] * count
    return units


ABSTRACTORS = from_contingency([[13, 0, 0], [0, 20, 7], [0, 4, 56]])  # irrCAC cont3x3abstractors


def test_krippendorff_2011_example_c():
    assert round(krippendorff_alpha(EXAMPLE_C), 3) == 0.743


def test_krippendorff_2004_binary_example():
    assert round(krippendorff_alpha(BINARY), 3) == 0.095


def test_wikipedia_example_with_missing_values():
    assert round(krippendorff_alpha(WIKIPEDIA), 3) == 0.691


def test_irrcac_raw_ratings_with_missing_values():
    assert krippendorff_alpha(RAW4RATERS) == pytest.approx(0.74342, abs=5e-6)
    assert percent_agreement(RAW4RATERS) == pytest.approx(0.8181818, abs=5e-8)
    assert gwet_ac1(RAW4RATERS) == pytest.approx(0.77544, abs=5e-6)


def test_irrcac_contingency_table():
    assert cohen_kappa(ABSTRACTORS) == pytest.approx(0.7964094, abs=5e-8)
    assert gwet_ac1(ABSTRACTORS) == pytest.approx(0.8493305, abs=5e-8)
    assert krippendorff_alpha(ABSTRACTORS) == pytest.approx(0.7972585, abs=5e-8)
    assert percent_agreement(ABSTRACTORS) == pytest.approx(0.89)


def test_wikipedia_cohen_kappa_example():
    yes, no = "ya", "tidak"
    units = from_contingency([[20, 5], [10, 15]])  # coder A yes/no × coder B yes/no
    units = [[(yes, no)[a], (yes, no)[b]] for a, b in units]
    assert percent_agreement(units) == pytest.approx(0.7)
    assert cohen_kappa(units) == pytest.approx(0.4)


def test_kappa_ignores_units_one_coder_left_out():
    assert cohen_kappa(BINARY + [[1, _], [_, 0], [_, _]]) == pytest.approx(cohen_kappa(BINARY))


def test_kappa_is_for_two_coders():
    with pytest.raises(ValueError, match="two coders"):
        cohen_kappa(EXAMPLE_C)


def test_reliability_gives_all_four_at_once():
    both = reliability(ABSTRACTORS)
    assert both["units"] == 100
    assert both["kappa"] == pytest.approx(0.7964094, abs=5e-8)
    assert both["alpha"] == pytest.approx(0.7972585, abs=5e-8)
    many = reliability(RAW4RATERS)
    assert many["units"] == 11 and many["kappa"] is None  # unit 12 has one value; κ needs exactly two coders
    assert many["ac1"] == pytest.approx(0.77544, abs=5e-6)


def test_undefined_coefficients_are_none():
    assert krippendorff_alpha([[1, _], [_, 2]]) is None  # no unit with two values
    assert percent_agreement([]) is None
    assert cohen_kappa([[_, 1]]) is None
    same = [[True, True]] * 5
    assert percent_agreement(same) == 1.0
    assert krippendorff_alpha(same) is None and cohen_kappa(same) is None  # no variation to correct for
    assert gwet_ac1(same) is None  # one category seen, none other declared
    assert gwet_ac1(same, categories=(False, True)) == 1.0


def test_ac1_checks_the_declared_categories():
    with pytest.raises(ValueError, match="not one of the categories"):
        gwet_ac1([[1, 2]], categories=(1, 3))


def test_perfect_and_systematic_disagreement():
    assert krippendorff_alpha([[0, 0], [1, 1], [0, 0], [1, 1]]) == 1.0
    assert cohen_kappa([[0, 1], [1, 0], [0, 1], [1, 0]]) == pytest.approx(-1.0)
    assert krippendorff_alpha([[0, 1], [1, 0], [0, 1], [1, 0]]) < 0


def test_order_of_units_and_coders_does_not_matter():
    rng = random.Random(12)
    units = [[rng.choice([1, 2, 3, None]) for _ in range(3)] for _ in range(200)]
    shuffled = [list(reversed(u)) for u in units]
    rng.shuffle(shuffled)
    for f in (percent_agreement, krippendorff_alpha, gwet_ac1):
        assert f(shuffled) == pytest.approx(f(units))


def test_importing_the_public_module_stays_light():
    code = ("import sys, naskah.agreement; "
            "print(sorted(m for m in ('pandas', 'numpy', 'yaml', 'jinja2', 'jsonschema') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
