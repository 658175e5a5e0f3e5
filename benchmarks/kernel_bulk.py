"""Bulk add_many / elapsed_many: the C kernel's row loops against the pure NumPy path.

Run (from the repository root, with the kernel built and NumPy installed):

    PYTHONPATH=src python benchmarks/kernel_bulk.py                  # 1M and 10M rows
    PYTHONPATH=src python benchmarks/kernel_bulk.py --sizes 100000 --rounds 5
    PYTHONPATH=old/src python benchmarks/kernel_bulk.py --pure-only   # an older tree

``--pure-only`` times the NumPy path alone (the same rows and rounds), for a source
tree from before the bulk rows went through the kernel.

NumPy ``datetime64[us]`` rows on the reference calendar (Europe/London Mon-Fri
09:00-17:30, England holidays): starts on a 15-minute grid over 2026-2027,
durations of 15 minutes to 40 hours, ends 0 to 72 hours after the start. Every
round times every measure once, compiled and pure in turns, so a ratio compares
calls seconds apart; rates and ratios are given as min / median / max over the
rounds. The compiled answers are checked equal to the pure path's. Peak memory
is the Python heap's peak above the inputs (``tracemalloc``, which NumPy reports
to; the kernel's index too), per row, the 8-byte output included, in a separate
untimed call; beside it the inputs and the output, 24 bytes a row.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable
from typing import Any

import numpy as np
from _common import bulk_rows, peak_per_row, reference_calendar, source_state

import slacalc.calendar.bulk as bulk

KERNEL = getattr(bulk, "KERNEL", None)


def rows(n: int, seed: int = 13) -> tuple[Any, Any, Any]:
    return bulk_rows(n, seed)


def switch(path: str) -> None:
    bulk.KERNEL = KERNEL if path == "compiled" else None


def timed(fn: Callable[[], Any]) -> tuple[Any, float]:
    t0 = time.perf_counter()
    out = fn()
    return out, time.perf_counter() - t0


def spread(xs: list[float], fmt: str) -> str:
    return " / ".join(format(x, fmt) for x in (min(xs), statistics.median(xs), max(xs)))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="1000000,10000000")
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--pause", type=float, default=1.0, help="seconds between rounds")
    ap.add_argument("--pure-only", action="store_true", help="the NumPy path alone")
    args = ap.parse_args()
    paths = ("pure",) if args.pure_only else ("compiled", "pure")
    if KERNEL is None and not args.pure_only:
        sys.exit("benchmarks/kernel_bulk.py: the C kernel is not built (or SLACALC_PURE=1)")
    sizes = [int(x) for x in args.sizes.split(",")]
    print(f"load average {os.getloadavg()[0]:.2f} | {source_state()} | {args.rounds} rounds")
    print(f"slacalc from {os.path.dirname(os.path.dirname(os.path.dirname(bulk.__file__)))}")
    cal = reference_calendar()
    s, d, e = rows(10)
    cal.add_many(s, d), cal.elapsed_many(s, e)  # compile the years outside the timings
    bars: list[str] = []
    for n in sizes:
        s, d, e = rows(n)
        calls = {
            "add_many": lambda s=s, d=d: cal.add_many(s, d),
            "elapsed_many": lambda s=s, e=e: cal.elapsed_many(s, e),
        }
        for name, fn in calls.items():  # equal answers, and memory, outside the timings
            if args.pure_only:
                break
            switch("pure")
            want = fn()
            switch("compiled")
            got = fn()
            assert np.array_equal(got.view(np.int64), want.view(np.int64)), f"{name} differs"
            del got, want
        mem = {}
        for name, fn in calls.items():
            for path in paths:
                switch(path)
                mem[name, path] = peak_per_row(fn, n)
        times: dict[tuple[str, str], list[float]] = {k: [] for k in mem}
        for r in range(args.rounds):
            if r:
                time.sleep(args.pause)
            for name, fn in calls.items():
                for path in paths if r % 2 == 0 else paths[::-1]:
                    switch(path)
                    times[name, path].append(timed(fn)[1])
        switch("compiled")
        print(f"\n{n:,} rows (rate M rows/s and pure/compiled ratio: min / median / max)")
        for name in calls:
            p = times[name, "pure"]
            if args.pure_only:
                print(
                    f"  {name:<13} pure {spread([n / t / 1e6 for t in p], '.2f'):>22}"
                    f"  peak heap per row {mem[name, 'pure']:.1f} B"
                )
                continue
            c = times[name, "compiled"]
            ratios = [tp / tc for tc, tp in zip(c, p, strict=True)]
            print(
                f"  {name:<13} compiled {spread([n / t / 1e6 for t in c], '.2f'):>22}"
                f"  pure {spread([n / t / 1e6 for t in p], '.2f'):>22}"
                f"  ratio {spread(ratios, '.2f')}"
            )
            print(
                f"  {'':<13} peak heap per row: compiled {mem[name, 'compiled']:.1f} B,"
                f" pure {mem[name, 'pure']:.1f} B (inputs + output: 24 B)"
            )
            rate = n / statistics.median(c) / 1e6
            ratio = statistics.median(ratios)
            if n >= 10_000_000:
                bars.append(
                    f"{name} at {n:,} rows >= 50 M rows/s: {rate:.1f} M/s, "
                    f"{'met' if rate >= 50 else 'missed'}"
                )
            if n == 1_000_000:
                bars.append(
                    f"{name} at {n:,} rows >= 2x pure: {ratio:.2f}x, "
                    f"{'met' if ratio >= 2 else 'missed'}"
                )
            peak = mem[name, "compiled"]
            bars.append(
                f"{name} at {n:,} rows, peak <= 24 B/row: {peak:.1f} B, "
                f"{'met' if peak <= 24 else 'missed'}"
            )
    if not bars:
        return 0
    print(f"\nbars (medians), load average {os.getloadavg()[0]:.2f} at the end:")
    for line in bars:
        print(f"  {line}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
