"""Benchmark: the inter-coder reliability coefficients on a large units × coders table.

    python bench/bench_agreement.py [--units 20000] [--coders 3] [--categories 5] [--missing 0.1] [--repeat 7]

Generates --units units coded by --coders coders into --categories nominal categories, coders
agreeing most of the time and a share --missing of the values missing (``None``), and times
``naskah.agreement``'s functions on it: each on its own, and ``reliability`` (all four from one
pass, what the workflow calls). The target is well under 0.2 s for 3 coders × 20,000 units.
Prints the median wall time of --repeat runs (after one warm-up run) per function.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time

from naskah.agreement import cohen_kappa, gwet_ac1, krippendorff_alpha, percent_agreement, reliability

TARGET = 0.2  # seconds, 3 coders × 20,000 units (issue 12)


def make_table(units: int, coders: int, categories: int, missing: float, seed: int = 12) -> list[list]:
    rng = random.Random(seed)
    table = []
    for _ in range(units):
        truth = rng.randrange(categories)
        row = []
        for _ in range(coders):
            if rng.random() < missing:
                row.append(None)
            else:
                row.append(truth if rng.random() < 0.85 else rng.randrange(categories))
        table.append(row)
    return table


def median_time(function, repeat: int) -> float:
    function()  # warm-up
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--units", type=int, default=20000)
    parser.add_argument("--coders", type=int, default=3)
    parser.add_argument("--categories", type=int, default=5)
    parser.add_argument("--missing", type=float, default=0.1)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    table = make_table(args.units, args.coders, args.categories, args.missing)
    pair = [row[:2] for row in table]
    cases = [
        ("percent_agreement", lambda: percent_agreement(table)),
        ("krippendorff_alpha", lambda: krippendorff_alpha(table)),
        ("gwet_ac1", lambda: gwet_ac1(table)),
        ("cohen_kappa (first two coders)", lambda: cohen_kappa(pair)),
        ("reliability (all, one pass)", lambda: reliability(table)),
    ]
    print(f"{args.coders} coders × {args.units:,} units, {args.categories} categories, "
          f"{args.missing:.0%} missing; median of {args.repeat} runs")
    total = 0.0
    for name, function in cases:
        seconds = median_time(function, args.repeat)
        if not name.startswith("reliability"):
            total += seconds
        print(f"  {name:32} {seconds * 1000:8.1f} ms")
    print(f"  {'the four functions, one by one':32} {total * 1000:8.1f} ms  (target < {TARGET * 1000:.0f} ms)")
    values = reliability(table)
    print("  α = {alpha:.3f}, AC1 = {ac1:.3f}, agreement = {percent:.3f}, {units:,} pairable units".format(**values))


if __name__ == "__main__":
    main()
