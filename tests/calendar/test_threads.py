"""One calendar shared by many threads gives every thread the single-threaded answers."""

from __future__ import annotations

import random
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

import pytest

import slacalc as sc


def _calendar() -> sc.Calendar:
    uk = sc.Calendar.weekly(
        {"mon-fri": "09:00-17:30"},
        tz="Europe/London",
        holidays="GB-ENG",
        closures=[sc.Recurring("FREQ=MONTHLY;BYDAY=1MO", "09:00-10:00")],
    )
    return uk | sc.Calendar.weekly({"sat": "10:00-12:00"}, tz="America/New_York")


def _work(cal: sc.Calendar, seed: int) -> list[tuple[datetime, timedelta]]:
    rng = random.Random(seed)
    out = []
    for _ in range(300):
        # starts spread over 40 years, so threads compile years at the same time
        start = datetime(2000, 1, 1, tzinfo=UTC) + timedelta(minutes=rng.randrange(21_000_000))
        d = timedelta(minutes=rng.randrange(1, 3000))
        out.append((cal.add(start, d), cal.elapsed(start, start + d)))
    return out


@pytest.mark.slow
def test_shared_calendar_matches_single_thread() -> None:
    expected = [_work(_calendar(), seed) for seed in range(8)]
    shared = _calendar()  # fresh: nothing compiled yet
    with ThreadPoolExecutor(max_workers=8) as pool:
        got = list(pool.map(lambda seed: _work(shared, seed), range(8)))
    assert got == expected


def _sharing(shared: object) -> list[sc.Calendar]:
    """Two calendars built on one caller's HolidayBase object."""
    return [
        sc.Calendar.weekly({"mon-fri": "09:00-17:30"}, tz="Europe/London", holidays=shared),
        sc.Calendar.weekly({"daily": "08:00-20:00"}, tz="Europe/London", holidays=shared),
    ]


def _year_long(cal: sc.Calendar, seed: int) -> list[timedelta]:
    rng = random.Random(seed)
    starts = [datetime(rng.randrange(1900, 2100), 1, 1, tzinfo=UTC) for _ in range(25)]
    return [cal.elapsed(s, s + timedelta(days=366)) for s in starts]


@pytest.mark.slow
def test_calendars_sharing_a_holidays_object_match_single_thread() -> None:
    import holidays

    def fresh() -> object:
        return holidays.country_holidays("GB", subdiv="ENG")

    expected = [_year_long(c, seed) for seed in range(8) for c in _sharing(fresh())]
    cals = _sharing(fresh())  # one object, nothing filled yet
    with ThreadPoolExecutor(max_workers=16) as pool:
        got = list(pool.map(lambda job: _year_long(cals[job % 2], job // 2), range(16)))
    assert got == expected
