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
