"""The exact chain-overrun analysis agrees with a brute-force minute-grid search."""

from __future__ import annotations

import random
from datetime import UTC, datetime

import pytest

import slacalc as sc
from slacalc._engine.instants import HOUR, MINUTE, to_us
from slacalc.gaps._overrun import _overrun_py, overrun
from slacalc.gaps._overrun_np import overrun_np as _overrun_np

ZONES = ["Europe/London", "America/New_York", "Asia/Kolkata", "UTC", "Australia/Lord_Howe"]
DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]


def _random_calendar(rng: random.Random) -> sc.Calendar:
    if rng.random() < 0.15:
        return sc.Calendar.always()
    hours = {}
    for day in DAYS:
        if rng.random() < 0.7:
            s = rng.randrange(0, 24 * 60, 15)
            e = (s + rng.randrange(15, 20 * 60, 15)) % (24 * 60)
            hours[day] = f"{s // 60:02d}:{s % 60:02d}-{e // 60:02d}:{e % 60:02d}"
    return sc.Calendar.weekly(hours or {"mon": "09:00-17:00"}, tz=rng.choice(ZONES))


def _apply(steps: list[tuple[sc.Calendar, int]], t: int) -> int:
    for cal, d in steps:
        if d:
            t = cal._add(t, d)
    return t


def _brute(
    sla: tuple[sc.Calendar, int], chain: list[tuple[sc.Calendar, int]], lo: int, hi: int
) -> tuple[int, int, int]:
    best: int | None = None
    best_at = lo
    exposed = 0
    for t in range(lo, hi, MINUTE):
        g = _apply(chain, t) - _apply([sla], t)
        if best is None or g > best:
            best, best_at = g, t
        if g > 0 and sla[0]._chunk(t // (365 * 24 * HOUR)).is_open(t):
            exposed += MINUTE
    assert best is not None
    return best, best_at, exposed


@pytest.mark.parametrize("impl", [_overrun_np, _overrun_py], ids=["numpy", "python"])
@pytest.mark.parametrize("seed", range(16))
def test_overrun_matches_minute_grid(seed: int, impl) -> None:  # type: ignore[no-untyped-def]
    rng = random.Random(seed)
    sla = (_random_calendar(rng), rng.randrange(1, 12) * 30 * MINUTE)
    chain = [
        (_random_calendar(rng), rng.randrange(0, 10) * 15 * MINUTE)
        for _ in range(rng.randrange(1, 4))
    ]
    month = rng.choice([3, 10, 6])  # DST months included
    lo = to_us(datetime(2026, month, rng.randrange(1, 25), tzinfo=UTC))
    hi = lo + 10 * 24 * HOUR
    got = impl(sla, chain, lo, hi)
    worst, at, exposed = _brute(sla, chain, lo, hi)
    assert got.resolution == MINUTE
    assert (got.worst, got.at, got.exposed) == (worst, at, exposed)
    assert got.covered == sla[0]._cov(lo, hi)


def test_hand_worked_vendor_on_us_hours() -> None:
    # SLA: 4h on 24x7. One stage: a vendor with 8 business hours on New York
    # Mon-Fri 09:00-17:00 (UTC-5 in November).
    # A ticket raised Friday 09:01 New York (14:01 UTC, 2026-11-27) uses 7h59m of
    # Friday and 1 minute on Monday: it ends Monday 09:01 New York = 14:01 UTC on
    # 30 November. Its SLA deadline is Friday 18:01 UTC. Overrun: from Friday
    # 18:01 to Monday 14:01 = 2 days 20 hours. Any start later on Friday (up to
    # 17:00 New York) moves both ends by the same amount: a plateau. At exactly
    # 09:00 the vendor ends Friday 17:00 (landing on the closing instant), only
    # 20 hours after the SLA deadline; weekend starts all end Monday 17:00 New
    # York but have later SLA deadlines (at most 2 days 18 hours late). So the
    # worst is 2 days 20 hours, first reached on the minute grid at Friday 09:01.
    always = sc.Calendar.always()
    vendor = sc.Calendar.weekly({"mon-fri": "09:00-17:00"}, tz="America/New_York")
    lo = to_us(datetime(2026, 11, 23, tzinfo=UTC))  # Monday
    hi = lo + 7 * 24 * HOUR
    got = overrun((always, 4 * HOUR), [(vendor, 8 * HOUR)], lo, hi)
    assert got.worst == (2 * 24 + 20) * HOUR
    assert got.at == to_us(datetime(2026, 11, 27, 14, 1, tzinfo=UTC))
    # Eight business hours take at least eight wall-clock hours, more than the
    # four the SLA allows, so every start overruns: exposure is all covered time.
    assert got.exposed == got.covered == 7 * 24 * HOUR
