"""The exact chain-overrun analysis agrees with brute-force minute-grid searches.

Two twins: ``_brute`` walks the minute grid but computes each deadline with the
engine's own ``Calendar._add`` (it checks the overrun search, not the calendar
maths); ``_oracle_overrun`` shares no code with slacalc: every deadline comes
from the minute-walk oracle of tests/oracle.py, and so does the covered time.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime

import numpy as np
import pytest

import slacalc as sc
from oracle import Always, Oracle, Weekly
from slacalc._engine.instants import HOUR, MINUTE, to_us
from slacalc.gaps._context import overrun
from slacalc.gaps._overrun import overrun_py as _overrun_py
from slacalc.gaps._overrun_np import overrun_np as _overrun_np

ZONES = ["Europe/London", "America/New_York", "Asia/Kolkata", "UTC", "Australia/Lord_Howe"]
DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]


def _random_calendar(rng: random.Random) -> tuple[sc.Calendar, Always | Weekly]:
    """A random calendar and the oracle's description of the same hours."""
    if rng.random() < 0.15:
        return sc.Calendar.always(), Always()
    hours = {}
    days: list[tuple[tuple[int, int], ...]] = [() for _ in DAYS]
    for i, day in enumerate(DAYS):
        if rng.random() < 0.7:
            s = rng.randrange(0, 24 * 60, 15)
            e = (s + rng.randrange(15, 20 * 60, 15)) % (24 * 60)
            hours[day] = f"{s // 60:02d}:{s % 60:02d}-{e // 60:02d}:{e % 60:02d}"
            days[i] = ((s, e if e > s else e + 24 * 60),)
    if not hours:
        hours, days[0] = {"mon": "09:00-17:00"}, ((9 * 60, 17 * 60),)
    zone = rng.choice(ZONES)
    return sc.Calendar.weekly(hours, tz=zone), Weekly(zone, tuple(days))


def _random_case(
    seed: int,
) -> tuple[tuple[sc.Calendar, int], list[tuple[sc.Calendar, int]], list[Always | Weekly], int, int]:
    rng = random.Random(seed)
    cal, desc = _random_calendar(rng)
    sla = (cal, rng.randrange(1, 12) * 30 * MINUTE)
    chain, descs = [], [desc]
    for _ in range(rng.randrange(1, 4)):
        stage_cal, stage_desc = _random_calendar(rng)
        chain.append((stage_cal, rng.randrange(0, 10) * 15 * MINUTE))
        descs.append(stage_desc)
    month = rng.choice([3, 10, 6])  # DST months included
    lo = to_us(datetime(2026, month, rng.randrange(1, 25), tzinfo=UTC))
    return sla, chain, descs, lo, lo + 10 * 24 * HOUR


# The first twin keeps the engine's own Calendar._add for every deadline (and
# _chunk for "is the SLA open"): it checks the overrun search over the start grid,
# not the calendar maths. test_overrun_matches_the_minute_walk_oracle checks both.
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


def _oracle_overrun(
    sla: tuple[sc.Calendar, int],
    chain: list[tuple[sc.Calendar, int]],
    descs: list[Always | Weekly],
    lo: int,
    hi: int,
) -> tuple[int, int, int, int]:
    """(worst, at, exposed, covered) in microseconds, every deadline from the oracle."""
    m_lo, m_hi = lo // MINUTE, hi // MINUTE
    top = m_hi + 40 * 24 * 60  # room for the slowest chain to end
    oracles = [Oracle(d, m_lo, top) for d in descs]

    def add(o: Oracle, t: np.ndarray, d_min: int) -> np.ndarray:
        # the least T >= t with cov(t, T) == d: the first prefix sum reaching cov(lo, t) + d
        out = m_lo + np.searchsorted(o.csum, o.csum[t - m_lo] + d_min, side="left")
        assert (out < top).all()
        return out

    starts = np.arange(m_lo, m_hi, dtype=np.int64)
    sla_end = add(oracles[0], starts, sla[1] // MINUTE)
    end = starts
    for o, (_, d) in zip(oracles[1:], chain, strict=True):
        end = add(o, end, d // MINUTE) if d else end
    gap = end - sla_end
    best = int(np.argmax(gap))  # the first of the worst
    exposed = int((oracles[0].cov[: m_hi - m_lo] & (gap > 0)).sum())
    covered = oracles[0].cov_between(m_lo, m_hi)
    return int(gap[best]) * MINUTE, int(starts[best]) * MINUTE, exposed * MINUTE, covered * MINUTE


@pytest.mark.parametrize("impl", [_overrun_np, _overrun_py], ids=["numpy", "python"])
@pytest.mark.parametrize("seed", range(16))
def test_overrun_matches_minute_grid(seed: int, impl) -> None:  # type: ignore[no-untyped-def]
    sla, chain, descs, lo, hi = _random_case(seed)
    got = impl(sla, chain, lo, hi)
    worst, at, exposed = _brute(sla, chain, lo, hi)
    assert got.resolution == MINUTE
    assert (got.worst, got.at, got.exposed) == (worst, at, exposed)
    # the SLA calendar's covered time in the window, counted by the oracle minute by minute
    m_lo, m_hi = lo // MINUTE, hi // MINUTE
    assert got.covered == Oracle(descs[0], m_lo, m_hi).cov_between(m_lo, m_hi) * MINUTE


@pytest.mark.parametrize("impl", [_overrun_np, _overrun_py], ids=["numpy", "python"])
@pytest.mark.parametrize("seed", [0, 3, 7, 11])
def test_overrun_matches_the_minute_walk_oracle(seed: int, impl) -> None:  # type: ignore[no-untyped-def]
    sla, chain, descs, lo, hi = _random_case(seed)
    got = impl(sla, chain, lo, hi)
    assert (got.worst, got.at, got.exposed, got.covered) == _oracle_overrun(
        sla, chain, descs, lo, hi
    )


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
