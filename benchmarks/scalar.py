"""Scalar add / elapsed throughput and compile cost on the reference calendar.

Run: python benchmarks/scalar.py [--n 200000]

The reference calendar is SPEC section 9's: Europe/London, Mon-Fri 09:00-17:30,
England's bank holidays. Starts lie on a 15-minute grid over 2026-2027, durations
vary from 15 minutes to 40 hours of business time.
"""

from __future__ import annotations

import argparse
import random
import time
import tracemalloc
from datetime import UTC, datetime, timedelta

from _common import LONDON, reference_calendar


def inputs(n: int, seed: int = 1) -> tuple[list[datetime], list[timedelta], list[datetime]]:
    rng = random.Random(seed)
    base = datetime(2026, 1, 1, tzinfo=UTC)
    starts = [
        (base + timedelta(minutes=15 * rng.randrange(2 * 365 * 96))).astimezone(LONDON)
        for _ in range(n)
    ]
    durations = [timedelta(minutes=15 * rng.randrange(1, 160)) for _ in range(n)]
    ends = [s + timedelta(minutes=15 * rng.randrange(0, 2000)) for s in starts]
    return starts, durations, ends


def rate(fn: object, n: int) -> float:
    t0 = time.perf_counter()
    fn()  # type: ignore[operator]
    return n / (time.perf_counter() - t0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=200_000)
    args = parser.parse_args()
    n = args.n
    starts, durations, ends = inputs(n)

    cal = reference_calendar()
    cal.add(starts[0], durations[0])  # compile outside the timing
    for s in starts[:2000]:
        cal.elapsed(s, s + timedelta(days=800))
    add = cal.add
    el = cal.elapsed
    add_rate = rate(lambda: [add(s, d) for s, d in zip(starts, durations, strict=True)], n)
    el_rate = rate(lambda: [el(a, b) for a, b in zip(starts, ends, strict=True)], n)
    print(f"scalar add:     {add_rate:>12,.0f} per second ({1e6 / add_rate:.2f} us a call)")
    print(f"scalar elapsed: {el_rate:>12,.0f} per second ({1e6 / el_rate:.2f} us a call)")

    reps = 50
    t0 = time.perf_counter()
    for i in range(reps):
        fresh = reference_calendar()
        fresh.is_open(datetime(2030 + i, 6, 1, tzinfo=UTC))
    compile_ms = (time.perf_counter() - t0) / reps * 1e3
    print(f"compile one year (incl. holidays): {compile_ms:.2f} ms")
    fresh = reference_calendar()
    tracemalloc.start()
    fresh.is_open(datetime(2031, 6, 1, tzinfo=UTC))
    size, _ = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    chunk = next(iter(fresh._chunks.values()))
    print(
        f"memory per compiled year: {chunk.nbytes() / 1024:.1f} KiB held "
        f"({len(chunk.starts)} periods; {size / 1024:.1f} KiB traced while compiling)"
    )


if __name__ == "__main__":
    main()
