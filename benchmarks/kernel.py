"""Scalar Calendar.add / elapsed: the C kernel against the pure path and businesstimedelta.

Run: ``PYTHONPATH=src python benchmarks/kernel.py [calls]`` (default 100,000).
Rounds interleave every measure; each prints ns a call (min over rounds) and the
ratios. Every answer is checked equal between the kernel and the pure path.
"""

from __future__ import annotations

import datetime as dt
import sys
import time
from zoneinfo import ZoneInfo

import businesstimedelta

import slacalc as sc
import slacalc.calendar.calendar as calmod

LONDON = ZoneInfo("Europe/London")


def use(kernel: object) -> None:
    """The compiled path (the kernel module) or the pure one (None), fronts included."""
    calmod.KERNEL = kernel  # type: ignore[assignment]
    calmod._front_methods(kernel)  # type: ignore[arg-type]


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    if calmod.KERNEL is None:
        sys.exit("benchmarks/kernel.py: the C kernel is not built (or SLACALC_PURE=1)")
    cal = sc.Calendar.weekly({"mon-fri": "09:00-17:00"}, tz="Europe/London")
    starts = [
        dt.datetime(2026, 3, 2, 9, tzinfo=LONDON) + dt.timedelta(minutes=37 * i % 400_000)
        for i in range(n)
    ]
    ends = [s + dt.timedelta(hours=30) for s in starts]
    four = dt.timedelta(hours=4)
    kernel = calmod.KERNEL
    ran = {
        "compiled": [cal.add(s, four) for s in starts]
        + [cal.elapsed(*p) for p in zip(starts, ends, strict=False)]
    }
    use(None)
    ran["pure"] = [cal.add(s, four) for s in starts] + [
        cal.elapsed(*p) for p in zip(starts, ends, strict=False)
    ]
    use(kernel)
    assert ran["compiled"] == ran["pure"], "kernel and pure path differ"
    rule = businesstimedelta.WorkDayRule(
        start_time=dt.time(9), end_time=dt.time(17), working_days=[0, 1, 2, 3, 4]
    )
    btd = businesstimedelta.Rules([rule])
    naive = [s.replace(tzinfo=None) for s in starts[: max(n // 100, 100)]]
    best: dict[str, float] = {}
    for _ in range(5):
        for path in ("compiled", "pure"):
            use(kernel if path == "compiled" else None)
            t0 = time.perf_counter_ns()
            for s in starts:
                cal.add(s, four)
            t1 = time.perf_counter_ns()
            for s, e in zip(starts, ends, strict=False):
                cal.elapsed(s, e)
            t2 = time.perf_counter_ns()
            for key, ns in ((f"add {path}", (t1 - t0) / n), (f"elapsed {path}", (t2 - t1) / n)):
                best[key] = min(best.get(key, ns), ns)
        use(kernel)
        t0 = time.perf_counter_ns()
        for s in naive:
            s + businesstimedelta.BusinessTimeDelta(btd, hours=4)
        t1 = time.perf_counter_ns()
        best["add businesstimedelta"] = min(
            best.get("add businesstimedelta", 1e18), (t1 - t0) / len(naive)
        )
    for key, ns in best.items():
        print(f"{key:28s} {ns:10.0f} ns a call")
    for op in ("add", "elapsed"):
        print(f"{op}: pure / compiled = {best[f'{op} pure'] / best[f'{op} compiled']:.1f}x")
    ratio = best["add businesstimedelta"] / best["add compiled"]
    print(f"add: businesstimedelta / compiled = {ratio:.0f}x")


if __name__ == "__main__":
    main()
