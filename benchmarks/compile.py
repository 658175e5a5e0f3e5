"""Compiling a year: the first calendar of a zone and country, and a second one.

A calendar compiles its coverage one chunk (365 days of UTC) at a time, from the
zone's UTC-offset segments and the country's holidays for that stretch. Both are
pure results of immutable inputs, memoised by (zone, chunk) and (country,
subdivision, year), so a second calendar that shares the zone and country pays
only for its own weekly hours. The peer is the first calendar, in the same run:

    python benchmarks/compile.py [--years 20]

Each row is the median over ``--years`` fresh years (the memos emptied before the
first calendar compiles, so it pays in full), with the worst beside it; the
second calendar's answers are checked against a calendar built alone.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from datetime import UTC, datetime, timedelta

from _common import source_state

import slacalc as sc
from slacalc._engine import zones
from slacalc.calendar import _holidays

HOURS_A = {"mon-fri": "09:00-17:30"}
HOURS_B = {"mon-fri": "08:00-18:00", "sat": "09:00-12:00"}


def _forget() -> None:
    """Empty the memos (where they exist), so the first calendar pays in full."""
    for module, name in ((zones, "_segments"), (_holidays, "_year_of")):
        memo = getattr(module, name, None)  # a benchmark may look
        if memo is not None:
            memo.cache_clear()


def _compile_ms(cal: sc.Calendar, year: int) -> float:
    t0 = time.perf_counter()
    cal.is_open(datetime(year, 6, 1, tzinfo=UTC))  # compiles the chunk holding 1 June
    return (time.perf_counter() - t0) * 1e3


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--years", type=int, default=40)
    args = parser.parse_args()
    print(f"slacalc {source_state()}; load average {os.getloadavg()[0]:.2f}")
    sc.Calendar.weekly(HOURS_A, tz="Europe/London", holidays="GB-ENG").is_open(
        datetime(2029, 1, 1, tzinfo=UTC)
    )  # imports, the holidays package's country classes
    first, second = [], []
    for i in range(args.years):
        year = 2040 + i
        a = sc.Calendar.weekly(HOURS_A, tz="Europe/London", holidays="GB-ENG")
        b = sc.Calendar.weekly(HOURS_B, tz="Europe/London", holidays="GB-ENG")
        _forget()
        first.append(_compile_ms(a, year))
        second.append(_compile_ms(b, year))
        t0 = datetime(year, 1, 1, tzinfo=UTC)
        alone = sc.Calendar.weekly(HOURS_B, tz="Europe/London", holidays="GB-ENG")
        end = t0 + timedelta(days=364)
        assert b.periods(t0, end) == alone.periods(t0, end), year
    for label, times in (("first calendar of the zone", first), ("second calendar", second)):
        print(
            f"  compile a year, London + GB-ENG, {label}: median "
            f"{statistics.median(times):.2f} ms, worst {max(times):.2f} ms ({args.years} years)"
        )
    ratio = statistics.median(first) / statistics.median(second)
    bar = "met" if statistics.median(second) < 2 else "MISSED"
    print(f"  second / first: {1 / ratio:.2f} (first is {ratio:.1f}x the second); < 2 ms: {bar}")


if __name__ == "__main__":
    main()
