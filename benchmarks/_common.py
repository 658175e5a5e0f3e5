"""Helpers shared by the benchmark scripts: the reference calendar, timing, rates,
and the commit measured. Not a benchmark itself; the scripts import it from their
own folder."""

from __future__ import annotations

import subprocess
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import numpy as np

import slacalc as sc

LONDON = ZoneInfo("Europe/London")
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def reference_calendar() -> sc.Calendar:
    """SPEC section 9's calendar: Europe/London, Mon-Fri 09:00-17:30, England's holidays."""
    return sc.Calendar.weekly({"mon-fri": "09:00-17:30"}, tz="Europe/London", holidays="GB-ENG")


def best_of(fn: Callable[[], Any], reps: int) -> tuple[Any, float]:
    """The last result of ``fn`` and its fastest time in seconds over ``reps`` runs."""
    best, out = float("inf"), None
    for _ in range(reps):
        t0 = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t0)
    return out, best


def fmt_rate(r: float) -> str:
    """A rate per second, in millions from a million up."""
    if r >= 1e6:
        return f"{r / 1e6:,.2f} M/s"
    return f"{r:,.0f}/s"


def rate(n: int, seconds: float) -> str:
    """``n`` calls in ``seconds``, as a rate per second."""
    return fmt_rate(n / seconds)


def to_datetimes(us: np.ndarray) -> list[datetime]:
    """UTC microseconds as aware datetimes in Europe/London."""
    return [(EPOCH + timedelta(microseconds=int(u))).astimezone(LONDON) for u in us]


def source_state() -> str:
    """The commit measured, and whether src/ had uncommitted changes."""
    root = Path(__file__).resolve().parent.parent
    try:
        head = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=root, capture_output=True, text=True
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "src"], cwd=root, capture_output=True, text=True
        ).stdout.strip()
    except OSError:
        return "source: unknown"
    return f"source: {head or 'unknown'}{' + uncommitted src/ changes' if dirty else ''}"


def bulk_rows(n: int, seed: int) -> tuple[Any, Any, Any]:
    """``n`` seeded bulk rows: starts on a 15-minute grid over 2026-2027, durations of
    15 minutes to 40 hours, ends 0 to 72 hours after the start (``datetime64[us]`` UTC,
    ``timedelta64[us]``)."""
    rng = np.random.default_rng(seed)
    grid = 15 * 60 * 10**6
    base = 1_767_225_600 * 10**6  # 2026-01-01 UTC
    s = base + rng.integers(0, 2 * 365 * 96, n) * grid
    d = rng.integers(1, 160, n) * grid
    e = s + rng.integers(0, 72 * 4, n) * grid
    return s.view("M8[us]"), d.view("m8[us]"), e.view("M8[us]")


def peak_per_row(fn: Callable[[], Any], n: int) -> float:
    """The Python heap's peak above its level before ``fn()``, per row of ``n``."""
    import tracemalloc

    tracemalloc.start()
    tracemalloc.reset_peak()
    base = tracemalloc.get_traced_memory()[0]
    out = fn()  # held until measured: the output counts
    peak = tracemalloc.get_traced_memory()[1] - base
    tracemalloc.stop()
    del out
    return peak / n
