"""Costs that should grow with the work: find_gaps by catalogue size, timers by event count.

Run (from the repository root):

    python benchmarks/costs.py                       # 100, 1,000 and 3,000 SLAs; 1k-10k pauses
    python benchmarks/costs.py --slas 100 1000 --pauses 1000 10000

1. ``find_gaps`` on catalogues written by ``benchmarks/gen_catalogue.py`` (5
   priorities, 3-stage chains, 12-month horizon from 2026-11-29), each loaded
   fresh; the time per SLA should stay flat as the catalogue grows.
2. ``Timer.from_events`` on a log of ``n`` pause/resume pairs (Europe/London
   office calendar); the time per event should stay flat as ``n`` grows. The
   timer is checked against one built verb by verb.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from _common import LONDON, reference_calendar, source_state

import slacalc as sc
from slacalc.gaps import _context

HERE = Path(__file__).resolve().parent


def gaps(sizes: list[int]) -> None:
    print("find_gaps (loaded fresh; 5 priorities, 3-stage chains, horizon 12 months)")
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            path = Path(tmp) / f"cat{n}.toml"
            subprocess.run(
                [sys.executable, str(HERE / "gen_catalogue.py"), str(path), "--slas", str(n)],
                check=True,
                capture_output=True,
            )
            cat = sc.load(path)
            spent = [0.0, 0]
            inner = _context.overrun

            def timed(*a: Any, inner: Any = inner, spent: list[Any] = spent) -> Any:
                # the overrun profiles' share of the run
                t = time.perf_counter()
                try:
                    return inner(*a)
                finally:
                    spent[0] += time.perf_counter() - t
                    spent[1] += 1

            _context.overrun = timed
            try:
                t0 = time.perf_counter()
                found = sc.find_gaps(cat, as_of=date(2026, 11, 29))
                dt = time.perf_counter() - t0
            finally:
                _context.overrun = inner
            print(
                f"  {n:>6,} SLAs: {dt:7.2f} s  {dt / n * 1e3:6.2f} ms/SLA  "
                f"({len(found):,} findings; overrun profiles {spent[0]:.2f} s "
                f"in {spent[1]:,} computations)"
            )


def timers(sizes: list[int]) -> None:
    print("Timer.from_events (n pause/resume pairs, Europe/London office calendar)")
    cal = reference_calendar()
    t0 = datetime(2026, 1, 5, 9, tzinfo=LONDON)
    for n in sizes:
        log = [(t0, "start")]
        for i in range(n):
            at = t0 + timedelta(minutes=10 * i)
            log += [(at + timedelta(minutes=2), "pause"), (at + timedelta(minutes=7), "resume")]
        start = time.perf_counter()
        timer = sc.Timer.from_events(cal, timedelta(hours=8), log)
        dt = time.perf_counter() - start
        if n <= 2000:  # the verb-by-verb build is quadratic: check it on small logs only
            step = sc.Timer(cal, timedelta(hours=8), t0)
            for at, kind in log[1:]:
                step = getattr(step, kind)(at)
            assert step == timer and step.pauses == timer.pauses, "results differ"
        assert len(timer.pauses) == n
        print(f"  {2 * n:>7,} events: {dt * 1e3:8.1f} ms  {dt / (2 * n) * 1e6:6.2f} us/event")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--slas", type=int, nargs="*", default=[100, 1000, 3000])
    ap.add_argument("--pauses", type=int, nargs="*", default=[1000, 5000, 10000])
    args = ap.parse_args()
    print(source_state(), "compiled" if getattr(sc, "compiled", False) else "pure")
    timers(args.pauses)
    gaps(args.slas)


if __name__ == "__main__":
    main()
