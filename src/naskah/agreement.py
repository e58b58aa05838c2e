"""Inter-coder reliability coefficients, for use outside the workflow (a notebook, another tool).

The same functions the workflow uses for the "Reliabilitas antarkoder" table. Each takes a
*units × coders* table: a list of rows, one per unit, one value per coder, ``None`` where a coder
gave no value (missing). Values are nominal: any hashable (a code, ``True``/``False``).

>>> from naskah.agreement import krippendorff_alpha
>>> round(krippendorff_alpha([[0, 1], [1, 1], [0, 1], [0, 0], [0, 0], [0, 1], [0, 0], [0, 0], [1, 0], [0, 0]]), 3)
0.095

Each function returns a float, or ``None`` when the coefficient is undefined (no unit coded by two
coders, or no variation to correct for). Importing this module loads neither pandas nor numpy.
"""

from naskah.analysis.agreement import cohen_kappa, gwet_ac1, krippendorff_alpha, percent_agreement, reliability

__all__ = ["percent_agreement", "cohen_kappa", "krippendorff_alpha", "gwet_ac1", "reliability"]
