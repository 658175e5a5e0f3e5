"""Dates at the ends of what datetime can represent work, or fail with a clear error."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

import slacalc as sc


def _uk() -> sc.Calendar:
    return sc.Calendar.weekly(
        {"mon-fri": "09:00-17:30"},
        tz="Europe/London",
        holidays="GB-ENG",
        closures=[sc.Recurring("FREQ=MONTHLY;BYDAY=1MO", "09:00-10:00")],
    )


@pytest.mark.parametrize("year", [1, 2, 1850, 3000, 9998, 9999])
def test_far_years_round_trip(year: int) -> None:
    cal = _uk()
    a = datetime(year, 6, 1, 12, tzinfo=UTC)
    d = timedelta(hours=20)
    b = cal.add(a, d)
    assert cal.elapsed(a, b) == d
    assert cal.subtract(b, d) == cal.next_open(a)


def test_last_friday_of_datetime() -> None:
    # 9999-12-31 is a Friday; London is on GMT: 12:00 UTC is covered, and two
    # hours later is 14:00, still within 09:00-17:30.
    cal = _uk()
    a = datetime(9999, 12, 31, 12, tzinfo=UTC)
    assert cal.is_open(a)
    assert cal.add(a, timedelta(hours=2)) == datetime(9999, 12, 31, 14, tzinfo=UTC)
    with pytest.raises(sc.NeverOpenError):
        cal.add(a, timedelta(hours=20))  # no business day after 9999-12-31


def test_answers_beyond_datetime_raise_a_horizon_error() -> None:
    a = datetime(9999, 12, 31, 12, tzinfo=UTC)
    with pytest.raises(sc.HorizonError):
        sc.Calendar.always().add(a, timedelta(days=2))
    with pytest.raises(sc.NeverOpenError):
        _uk().subtract(datetime(1, 1, 1, 12, tzinfo=UTC), timedelta(hours=3))
