"""Bulk shapes, compile cost and memory, and find_gaps on a large catalogue.

Run (from the repository root, with the ``bench`` extra installed):

    python benchmarks/bulk.py            # 10k, 100k and 1M rows
    python benchmarks/bulk.py --quick    # 10k and 100k rows

Sections, each against its SPEC section 9 bar:

1. ``add_many`` / ``elapsed_many`` on the reference calendar (Europe/London
   Mon-Fri 09:00-17:30, England holidays) over the three input shapes: NumPy
   ``datetime64[us]`` arrays (UTC), tz-aware pandas Series, and lists of aware
   datetimes; then lists with NumPy switched off (``slacalc.calendar.bulk.np = None``, the
   pure-Python path), which must reach at least the scalar rate.
2. Compiling a calendar for a year (first use of a fresh calendar in a year not
   seen before, holidays included): time, and memory held per compiled year.
3. ``find_gaps`` on the catalogue written by ``benchmarks/gen_catalogue.py``
   (100 SLAs x 5 priorities x 3-stage chains, 12-month horizon from 2026-11-29),
   each run on a freshly loaded catalogue so calendar compilation is included.

Row inputs: starts on a 15-minute grid over 2026-2027, durations 15 minutes to 40
hours on the same grid, ends 0 to 72 hours after the start (seeded).
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import statistics
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np
from _common import EPOCH, best_of, rate, reference_calendar, source_state, to_datetimes

import slacalc as sc
import slacalc.calendar.bulk

MIN_US = 60_000_000
BULK_BAR_RATE = 9_000_000  # SPEC: about 3,000x businesstimedelta's ~3,000 deadlines/s
COMPILE_BAR_MS = 5.0
MEMORY_BAR_KIB = 64.0
GAPS_BAR_S = 2.0


def rows(n: int, seed: int = 11) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    base = (datetime(2026, 1, 1, tzinfo=UTC) - EPOCH) // timedelta(microseconds=1)
    start = base + rng.integers(0, 2 * 365 * 96, n) * 15 * MIN_US
    dur = rng.integers(1, 161, n) * 15 * MIN_US
    end = start + rng.integers(0, 72 * 4 + 1, n) * 15 * MIN_US
    return start, dur, end


def section_bulk(sizes: list[int], reps: int) -> None:
    import pandas as pd

    print(f"\n== 1. Bulk over the reference calendar (best of {reps}; compiled before timing)")
    cal = reference_calendar()
    cal.elapsed(datetime(2025, 1, 1, tzinfo=UTC), datetime(2029, 1, 1, tzinfo=UTC))
    print(f"  {'rows':>10} {'shape':<34} {'add_many':>12} {'elapsed_many':>13}")
    for n in sizes:
        s_us, d_us, e_us = rows(n)
        s64, e64 = s_us.astype("datetime64[us]"), e_us.astype("datetime64[us]")
        d64 = d_us.astype("timedelta64[us]")
        _, ta = best_of(lambda s=s64, d=d64: cal.add_many(s, d), reps)
        _, te = best_of(lambda s=s64, e=e64: cal.elapsed_many(s, e), reps)
        flag = "" if n < 1_000_000 else ("  (bar 9 M/s: " + _verdict(n / ta, n / te) + ")")
        print(
            f"  {n:>10,} {'NumPy datetime64[us] arrays (UTC)':<34} {rate(n, ta):>12} "
            f"{rate(n, te):>13}{flag}"
        )
        ss = pd.Series(s64).dt.tz_localize("UTC").dt.tz_convert("Europe/London")
        es = pd.Series(e64).dt.tz_localize("UTC").dt.tz_convert("Europe/London")
        ds = pd.Series(d64)
        _, ta = best_of(lambda s=ss, d=ds: cal.add_many(s, d), reps)
        _, te = best_of(lambda s=ss, e=es: cal.elapsed_many(s, e), reps)
        print(
            f"  {'':>10} {'pandas Series (Europe/London)':<34} {rate(n, ta):>12} {rate(n, te):>13}"
        )
        if n > 100_000:
            continue  # lists of a million datetimes measure object creation, not slacalc
        sl = to_datetimes(s_us)
        el = to_datetimes(e_us)
        dl = [timedelta(microseconds=int(x)) for x in d_us]
        _, ta = best_of(lambda s=sl, d=dl: cal.add_many(s, d), reps)
        _, te = best_of(lambda s=sl, e=el: cal.elapsed_many(s, e), reps)
        print(f"  {'':>10} {'lists of aware datetimes':<34} {rate(n, ta):>12} {rate(n, te):>13}")
        _, tsa = best_of(lambda s=sl, d=dl: [cal.add(a, x) for a, x in zip(s, d)], reps)  # noqa: B905
        _, tse = best_of(lambda s=sl, e=el: [cal.elapsed(a, b) for a, b in zip(s, e)], reps)  # noqa: B905
        saved = slacalc.calendar.bulk.np
        slacalc.calendar.bulk.np = None  # the pure-Python path, as on a machine without NumPy
        try:
            got, ta = best_of(lambda s=sl, d=dl: cal.add_many(s, d), reps)
            _, te = best_of(lambda s=sl, e=el: cal.elapsed_many(s, e), reps)
        finally:
            slacalc.calendar.bulk.np = saved
        assert isinstance(got, list)
        verdicts = [
            f"{what} {'met' if t <= ts else f'MISSED, {ts / t:.0%} of it'}"
            for what, t, ts in (("add", ta, tsa), ("elapsed", te, tse))
        ]
        print(
            f"  {'':>10} {'lists, NumPy switched off':<34} {rate(n, ta):>12} {rate(n, te):>13}"
            f"  (scalar loop: {rate(n, tsa)}, {rate(n, tse)}; bar, the scalar rate: "
            f"{', '.join(verdicts)})"
        )


def _verdict(add_rate: float, el_rate: float) -> str:
    parts = []
    for name, r in (("add", add_rate), ("elapsed", el_rate)):
        ok = r >= BULK_BAR_RATE
        parts.append(f"{name} {'met' if ok else f'MISSED, {r / BULK_BAR_RATE:.0%} of it'}")
    return ", ".join(parts)


def section_compile(reps: int) -> None:
    print("\n== 2. Compiling a calendar year (reference calendar, holidays included)")
    reference_calendar().is_open(datetime(2029, 1, 1, tzinfo=UTC))  # imports, holiday classes
    times = []
    for i in range(reps):
        fresh = reference_calendar()
        u = datetime(2040 + i, 6, 1, tzinfo=UTC)
        t0 = time.perf_counter()
        fresh.is_open(u)  # compiles the chunk (365 days of UTC) holding u
        times.append(time.perf_counter() - t0)
    med, worst = statistics.median(times) * 1e3, max(times) * 1e3
    ok = "met" if med < COMPILE_BAR_MS else f"MISSED by {med / COMPILE_BAR_MS:.1f}x"
    print(
        f"  fresh calendar, first use in a new year: median {med:.2f} ms, worst {worst:.2f} ms "
        f"over {reps} years (bar {COMPILE_BAR_MS:.0f} ms: {ok})"
    )
    for label, cal in (
        ("24x7 London with a monthly closure", _maintenance_calendar()),
        ("night shift 22:00-06:00 London, holidays", _night_calendar()),
    ):
        times = []
        for i in range(max(reps // 4, 3)):
            fresh = cal()
            u = datetime(2040 + i, 6, 1, tzinfo=UTC)
            t0 = time.perf_counter()
            fresh.is_open(u)
            times.append(time.perf_counter() - t0)
        print(f"  {label}: median {statistics.median(times) * 1e3:.2f} ms")
    fresh = reference_calendar()
    u = datetime(2031, 6, 1, tzinfo=UTC)
    tracemalloc.start()
    fresh.is_open(u)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    chunk = next(iter(fresh._chunks.values()))  # one compiled year (a benchmark may look)
    held = chunk.nbytes() / 1024
    ok = "met" if held < MEMORY_BAR_KIB else f"MISSED by {held / MEMORY_BAR_KIB:.1f}x"
    print(
        f"  memory held per compiled year: {held:.1f} KiB ({len(chunk.starts)} periods; "
        f"peak {peak / 1024:.1f} KiB while compiling) (bar {MEMORY_BAR_KIB:.0f} KiB: {ok})"
    )


def _maintenance_calendar() -> Callable[[], sc.Calendar]:
    return lambda: sc.Calendar.weekly(
        {"daily": "00:00-24:00"},
        tz="Europe/London",
        closures=[sc.Recurring("FREQ=MONTHLY;BYDAY=1SU", "02:00-06:00")],
    )


def _night_calendar() -> Callable[[], sc.Calendar]:
    return lambda: sc.Calendar.weekly(
        {"daily": "22:00-06:00"}, tz="Europe/London", holidays="GB-ENG"
    )


def section_gaps(reps: int, catalogue: str | None) -> None:
    print("\n== 3. find_gaps on 100 SLAs x 5 priorities x 3-stage chains (12 months)")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(catalogue) if catalogue else Path(tmp) / "big_catalogue.toml"
        if catalogue is None:
            gen = _load_generator()
            path.write_text(gen.generate(100, 7), encoding="utf-8")
        loads, runs = [], []
        found: list[sc.Finding] = []
        for _ in range(reps):
            t0 = time.perf_counter()
            cat = sc.load(path)
            t1 = time.perf_counter()
            found = sc.find_gaps(cat, as_of=date(2026, 11, 29))
            runs.append(time.perf_counter() - t1)
            loads.append(t1 - t0)
    kinds: dict[str, int] = {}
    for f in found:
        kinds[str(f.kind)] = kinds.get(str(f.kind), 0) + 1
    med = statistics.median(runs)
    ok = "met" if med < GAPS_BAR_S else f"MISSED by {med / GAPS_BAR_S:.1f}x"
    print(
        f"  slacalc.load: median {statistics.median(loads):.2f} s; "
        f"find_gaps: median {med:.2f} s, worst {max(runs):.2f} s over {reps} runs "
        f"(bar {GAPS_BAR_S:.0f} s: {ok})"
    )
    print(f"  {len(found)} findings: " + ", ".join(f"{v} {k}" for k, v in sorted(kinds.items())))


def _load_generator() -> Any:
    spec = importlib.util.spec_from_file_location(
        "gen_catalogue", Path(__file__).with_name("gen_catalogue.py")
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="10k and 100k rows only")
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument("--catalogue", help="a catalogue to check instead of the generated one")
    args = parser.parse_args(argv)
    sizes = [10_000, 100_000] if args.quick else [10_000, 100_000, 1_000_000]
    import pandas as pd

    print(
        f"slacalc {sc.__version__} | numpy {np.__version__} | pandas {pd.__version__} | "
        f"Python {sys.version.split()[0]} | {date.today().isoformat()} | "
        f"load average {os.getloadavg()[0]:.2f} | {source_state()}"
    )
    section_bulk(sizes, args.reps)
    section_compile(40)
    section_gaps(args.reps, args.catalogue)
    return 0


if __name__ == "__main__":
    sys.exit(main())
