"""Bulk rows in blocks against the whole array at once: rows per second and peak memory.

Run (from the repository root, with NumPy installed):

    python benchmarks/blocks.py                     # 100k, 1M and 10M rows
    python benchmarks/blocks.py --sizes 100000,1000000 --reps 3

``add_many`` and ``elapsed_many`` on NumPy ``datetime64[us]`` arrays over the
reference calendar (Europe/London Mon-Fri 09:00-17:30, England holidays; starts
on a 15-minute grid over 2026-2027, durations 15 minutes to 40 hours, ends 0 to
72 hours after the start), in the same run: blocks of
``slacalc.calendar.bulk._BLOCK`` rows (the default) and the whole array as one
block. Results are checked equal. Peak memory is the Python heap's peak
(``tracemalloc``, which NumPy reports to) above the inputs, per row, in a separate
untimed call.
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any

import numpy as np
from _common import best_of, bulk_rows, fmt_rate, peak_per_row, reference_calendar, source_state

import slacalc.calendar.bulk as bulk

WHOLE = 1 << 62


def rows(n: int, seed: int = 9) -> tuple[Any, Any, Any]:
    return bulk_rows(n, seed)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="100000,1000000,10000000")
    ap.add_argument("--reps", type=int, default=3)
    args = ap.parse_args()
    sizes = [int(x) for x in args.sizes.split(",")]
    print(f"load average {os.getloadavg()[0]:.2f} | {source_state()} | block {bulk._BLOCK:,} rows")
    cal = reference_calendar()
    s, d, e = rows(10)
    cal.add_many(s, d), cal.elapsed_many(s, e)  # compile the years outside the timings
    default = bulk._BLOCK
    print(f"  {'rows':>11} {'measure':<13} {'whole array':>24} {'blocks':>24} {'speed-up':>9}")
    for n in sizes:
        s, d, e = rows(n)
        calls = {
            "add_many": lambda s=s, d=d: cal.add_many(s, d),
            "elapsed_many": lambda s=s, e=e: cal.elapsed_many(s, e),
        }
        for name, fn in calls.items():
            figures = {}
            for label, block in (("whole", WHOLE), ("blocks", default)):
                bulk._BLOCK = block
                try:
                    out, t = best_of(fn, args.reps if n < 10_000_000 else 1)
                    mem = peak_per_row(fn, n)
                finally:
                    bulk._BLOCK = default
                figures[label] = (out, t, mem)
            (w_out, w_t, w_mem), (b_out, b_t, b_mem) = figures["whole"], figures["blocks"]
            assert np.array_equal(w_out, b_out), f"{name}: results differ"
            print(
                f"  {n:>11,} {name:<13} {fmt_rate(n / w_t):>12} {w_mem:>6.1f} B/row"
                f" {fmt_rate(n / b_t):>12} {b_mem:>6.1f} B/row {w_t / b_t:>8.2f}x"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
