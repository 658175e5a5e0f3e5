"""Calendars combined in Python cost what their distinct parts cost.

``c | c`` again and again is one object reached many ways: its repr doubled
with every step (16 steps: 10 MB of text) and its walks visited every path.
Nesting has a bound, as the catalogue's expressions have.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import holidays
import pytest

import slacalc as sc
from slacalc.calendar._nodes import MAX_DEPTH, REPR_LIMIT

OFFICE = sc.Calendar.weekly({"mon-fri": "09:00-17:00"}, tz="Europe/London", holidays="GB-ENG")
JAN = (datetime(2026, 1, 1, tzinfo=UTC), datetime(2026, 2, 1, tzinfo=UTC))


def test_self_union_repr_is_bounded_and_coverage_unchanged() -> None:
    cal = OFFICE
    for _ in range(16):
        cal = cal | cal
    assert len(repr(cal)) <= REPR_LIMIT + len(" ... ")
    assert repr(cal).startswith("((((") and " ... " in repr(cal)
    # January 2026 (Thursday 1st to Saturday 31st): 22 weekdays, less New Year's Day: 21 x 8h.
    assert cal.elapsed(*JAN) == OFFICE.elapsed(*JAN) == timedelta(hours=168)
    assert cal.holiday_codes == ("GB-ENG",)


def test_a_short_repr_is_whole() -> None:
    text = repr(OFFICE | ~OFFICE)
    assert text == f"({OFFICE!r} | ~{OFFICE!r})" and " ... " not in text


def test_nesting_has_a_bound() -> None:
    cal = OFFICE
    for _ in range(MAX_DEPTH):
        cal = cal | OFFICE
    with pytest.raises(sc.InvalidValueError, match="nested operators"):
        cal | OFFICE
    with pytest.raises(ValueError, match="at most 100 levels"):
        ~cal  # noqa: B018
    assert cal.elapsed(*JAN) == OFFICE.elapsed(*JAN)


def test_holiday_codes_of_a_composite() -> None:
    hesse = sc.Calendar.weekly(
        {"sat": "10:00-14:00"}, tz="Europe/Berlin", holidays=holidays.country_holidays("DE", "HE")
    )
    plain = sc.Calendar.weekly({"sun": "10:00-12:00"}, tz="UTC", holidays=["2026-12-25"])
    assert ((OFFICE | hesse) - plain).holiday_codes == ("DE-HE", "GB-ENG")
    assert plain.holiday_codes == () and sc.Calendar.always().holiday_codes == ()
