"""Calendar inputs that used to be taken silently (issue 14): the zone, host zones."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

import slacalc as sc


def test_a_weekly_calendar_requires_its_zone() -> None:
    with pytest.raises(sc.UnknownZoneError) as info:
        sc.Calendar.weekly({"mon-fri": "09:00-17:30"}, holidays="GB-ENG")
    assert isinstance(info.value, ValueError)
    msg = str(info.value)
    assert "tz is required" in msg and "wall-clock" in msg and "tz='UTC'" in msg


def test_utc_spelled_out_is_fine() -> None:
    cal = sc.Calendar.weekly({"mon-fri": "09:00-17:00"}, tz="UTC")
    start = datetime(2026, 1, 5, 16, 0, tzinfo=UTC)  # a Monday
    assert cal.add(start, timedelta(hours=2)) == datetime(2026, 1, 6, 10, 0, tzinfo=UTC)


@pytest.mark.parametrize("name", ["localtime", "posixrules", "Factory", "LOCALTIME"])
def test_host_zone_names_are_refused(name: str) -> None:
    with pytest.raises(sc.UnknownZoneError) as info:
        sc.Calendar.weekly({"mon-fri": "09:00-17:00"}, tz=name)
    msg = str(info.value)
    assert repr(name) in msg and "never reads the system zone" in msg


def test_holiday_date_strings_are_read_like_closures() -> None:
    with_strings = sc.Calendar.weekly(
        {"mon-fri": "09:00-17:00"}, tz="UTC", holidays=["2026-12-25", "GB-ENG"]
    )
    one = sc.Calendar.weekly({"mon-fri": "09:00-17:00"}, tz="UTC", holidays="2026-12-28")
    start = datetime(2026, 12, 24, 17, 0, tzinfo=UTC)  # Thursday, closing time
    # GB-ENG: 25 (Fri) and 28 (Mon, Boxing Day substitute) off: Tuesday 29th 10:00.
    assert with_strings.add(start, timedelta(hours=1)) == datetime(2026, 12, 29, 10, tzinfo=UTC)
    assert one.add(start, timedelta(hours=1)) == datetime(2026, 12, 25, 10, tzinfo=UTC)
    assert one.add(datetime(2026, 12, 25, 17, tzinfo=UTC), timedelta(hours=1)) == datetime(
        2026, 12, 29, 10, tzinfo=UTC
    )


def test_a_callers_holidays_object_is_copied() -> None:
    import holidays

    mine = holidays.country_holidays("GB", subdiv="ENG", years=[2026])
    cal = sc.Calendar.weekly({"mon-fri": "09:00-17:00"}, tz="UTC", holidays=mine)
    cal.add(datetime(2030, 1, 1, tzinfo=UTC), timedelta(hours=1))
    assert mine.years == {2026}  # filling 2030 happened in the calendar's own copy


def test_clock_times_read_ascii_digits_only() -> None:
    with pytest.raises(sc.ParseError):
        sc.Calendar.weekly({"mon": "\u0660\u0669:\u0660\u0660-17:00"}, tz="UTC")
