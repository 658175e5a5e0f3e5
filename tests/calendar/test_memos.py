"""The zone-offset and holiday memos: a second calendar of a zone and country reuses them.

The memos are bounded ``functools.lru_cache``s of pure functions; these tests check
that a second calendar asks neither the zone nor the holidays package again, that
its answers equal a calendar built with the memos empty, and that a caller who
mutates an answer cannot change the memo.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import holidays
import pytest

import slacalc as sc
from slacalc._engine import zones
from slacalc.calendar import _holidays

YEAR = datetime(2061, 6, 1, tzinfo=UTC)  # a year no other test compiles


def office(hours: dict[str, str]) -> sc.Calendar:
    return sc.Calendar.weekly(hours, tz="Europe/London", holidays="GB-ENG")


def test_a_second_calendar_asks_neither_zone_nor_holidays(monkeypatch: pytest.MonkeyPatch) -> None:
    office({"mon-fri": "09:00-17:30"}).is_open(YEAR)
    asked = {"zone": 0, "holidays": 0}
    real_offset, real_holidays = zones._offset_s, holidays.country_holidays

    def offset(*args: object) -> int:
        asked["zone"] += 1
        return real_offset(*args)  # type: ignore[arg-type]

    def country(*args: object, **kw: object) -> object:
        asked["holidays"] += 1
        return real_holidays(*args, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(zones, "_offset_s", offset)
    monkeypatch.setattr(holidays, "country_holidays", country)
    monkeypatch.setattr(_holidays._hol, "country_holidays", country)
    second = office({"mon-fri": "08:00-18:00", "sat": "09:00-12:00"})
    assert second.is_open(YEAR.replace(hour=8))  # a Wednesday, 09:00 BST
    assert asked == {"zone": 0, "holidays": 0}


def test_memoised_answers_equal_fresh_ones() -> None:
    start, end = YEAR - timedelta(days=200), YEAR + timedelta(days=200)
    warm = office({"mon-fri": "09:00-17:30"}).periods(start, end)
    zones._segments.cache_clear()
    _holidays._year_of.cache_clear()
    cold = office({"mon-fri": "09:00-17:30"}).periods(start, end)
    assert warm == cold
    # the year's late-December holidays, as the holidays package has them (not the memo)
    expected = {
        d for d in holidays.country_holidays("GB", subdiv="ENG", years=[2061]) if d.month == 12
    }
    always = office({"daily": "00:00-24:00"})
    december = [datetime(2061, 12, d, 12, tzinfo=UTC) for d in range(1, 32)]
    assert {t.date() for t in december if not always.is_open(t)} == expected
    # Christmas falls on a Sunday in 2061: Boxing Day (Mon 26) and a substitute (Tue 27)
    assert sorted(d.day for d in expected) == [25, 26, 27]


def test_the_memos_are_bounded_and_hold_no_lists() -> None:
    assert zones._segments.cache_info().maxsize == zones.SEGMENTS_MEMO
    assert _holidays._year_of.cache_info().maxsize == _holidays.HOLIDAYS_MEMO
    zone = zones.load_zone("Europe/London")
    lo = (YEAR - datetime(1970, 1, 1, tzinfo=UTC)) // timedelta(microseconds=1)
    hi = lo + 365 * 86_400_000_000
    got = zones.offset_segments(zone, lo, hi)
    got.clear()  # the caller's list, not the memo's
    assert len(zones.offset_segments(zone, lo, hi)) == 3  # BST begins and ends in the year
