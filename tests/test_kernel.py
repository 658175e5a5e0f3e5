"""The C kernel against the pure path: identical answers, errors and types, always."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, tzinfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

import slacalc as sc
from kernel_cases import Shifted, Stamp, mismatches, outcome, pure
from slacalc._engine.switch import KERNEL

pytestmark = pytest.mark.skipif(
    KERNEL is None, reason="the C kernel is not built (or SLACALC_PURE=1): nothing to compare"
)


@given(st.integers(0, 2**32))
def test_kernel_equals_pure_on_random_calendars(seed: int) -> None:
    assert mismatches(seed) == []


def test_kernel_is_in_use() -> None:
    assert sc.compiled is True


def test_hand_worked_add_and_elapsed() -> None:
    cal = sc.Calendar.weekly({"mon-fri": "09:00-17:00"}, tz="UTC")
    friday = datetime(2026, 11, 27, 16, tzinfo=UTC)  # 1 h left on Friday, Monday from 09:00
    assert cal.add(friday, timedelta(hours=2)) == datetime(2026, 11, 30, 10, tzinfo=UTC)
    monday = datetime(2026, 11, 30, 10, tzinfo=UTC)
    assert cal.elapsed(friday, monday) == timedelta(hours=2)
    assert cal.elapsed(monday, friday) == -timedelta(hours=2)
    assert cal.subtract(monday, timedelta(hours=2)) == friday


def test_custom_tzinfo_and_datetime_subclass() -> None:
    cal = sc.Calendar.always()
    tz = Shifted(90)
    start = Stamp(2026, 1, 1, 12, tzinfo=tz)
    got = cal.add(start, timedelta(hours=1))
    assert (got.hour, got.minute, got.tzinfo) == (13, 0, tz)  # in start's tzinfo, 1 h later
    with pure():
        assert outcome(lambda: cal.add(start, timedelta(hours=1))) == outcome(
            lambda: cal.add(start, timedelta(hours=1))
        )


def test_a_tzinfo_that_drops_the_compiled_years_mid_call() -> None:
    # The end's tzinfo runs Python code between the start's conversion (through the
    # compiled chunk) and the sum: it clears the calendar's chunks and reuses their
    # memory. The kernel must not read the dropped chunk (it once answered 0:00:00).
    from zoneinfo import ZoneInfo

    cal = sc.Calendar.weekly({"mon-fri": "09:00-17:00"}, tz="Europe/London")
    start = datetime(2026, 3, 2, 10, tzinfo=ZoneInfo("Europe/London"))
    keep: list[bytes] = []

    class Dropping(tzinfo):
        armed = False

        def utcoffset(self, dt: datetime | None) -> timedelta:
            if Dropping.armed:
                Dropping.armed = False
                size = len(next(iter(cal._chunks.values())).packed)
                cal._chunks.clear()
                keep.extend(b"A" * size for _ in range(200))
            return timedelta(0)

        def dst(self, dt: datetime | None) -> timedelta:
            return timedelta(0)

    end = datetime(2026, 6, 2, 10, tzinfo=Dropping())
    want = sc.Calendar.elapsed.__wrapped__(cal, start, end)
    # Mon 2 Mar 10:00 GMT to Tue 2 Jun 10:00 UTC (11:00 BST): 7 h, 64 weekdays of 8 h,
    # Mon 1 Jun 8 h, Tue 2 Jun 09:00-11:00: 529 h.
    assert want == timedelta(hours=529)
    assert cal.elapsed(start, end) == want  # compiles the years
    for call in (lambda: cal.elapsed(start, end), lambda: cal.elapsed(end, start)):
        Dropping.armed = True
        assert abs(call()) == want


def test_refusals_stay_the_same() -> None:
    cal = sc.Calendar.always()
    with pytest.raises(sc.NaiveDatetimeError):
        cal.add(datetime(2026, 1, 1), timedelta(hours=1))
    with pytest.raises(sc.ArgumentTypeError):
        cal.add("2026-01-01", timedelta(hours=1))  # type: ignore[arg-type]
    with pytest.raises(sc.ArgumentTypeError):
        cal.add(datetime(2026, 1, 1, tzinfo=UTC), 3600)  # type: ignore[arg-type]
    with pytest.raises(sc.NaiveDatetimeError):
        cal.elapsed(datetime(2026, 1, 1), datetime(2026, 1, 2, tzinfo=UTC))


def test_the_kernel_conversions() -> None:
    assert KERNEL is not None
    assert KERNEL.to_us(datetime(1970, 1, 1, 0, 0, 1, tzinfo=UTC)) == 1_000_000
    assert KERNEL.to_us(datetime(1970, 1, 1, tzinfo=Shifted(60))) == -3_600_000_000
    assert KERNEL.to_us(datetime(1970, 1, 1)) is None  # naive: the pure path's refusal
    assert KERNEL.from_us(0, UTC) == datetime(1970, 1, 1, tzinfo=UTC)
    assert KERNEL.from_us(2**62, UTC) is None  # past 9999: the pure path's HorizonError


def test_the_fronted_methods_call_like_the_pure_ones() -> None:
    """Calendar.add / subtract / elapsed are C fronts over the pure methods: every call
    shape answers (or fails) as the pure method does, and help() sees the pure one."""
    import inspect

    import slacalc.calendar.calendar as calmod

    front = sc.Calendar.__dict__["add"]
    assert front.__wrapped__ is calmod._PURE_METHODS["add"]
    assert sc.Calendar.add.__doc__ == calmod._PURE_METHODS["add"].__doc__
    assert (
        "landing"
        in inspect.signature(sc.Calendar.weekly({"mon": "09:00-10:00"}, tz="UTC").add).parameters
    )
    assert sc.Calendar.add.__name__ == "add" and sc.Calendar.add.__module__ == calmod.__name__
    cal = sc.Calendar.weekly({"mon-fri": "09:00-17:00"}, tz="Europe/London")
    short = cal.with_horizon(timedelta(days=3))  # a short horizon: the pure path decides
    friday = datetime(2026, 11, 27, 16, tzinfo=UTC)
    hour = timedelta(hours=1)
    shapes = [
        lambda c: c.add(friday, hour),
        lambda c: c.add(friday, hour, landing="close"),
        lambda c: c.add(friday, hour, landing="open"),
        lambda c: c.add(friday, hour, landing="later"),
        lambda c: c.add(friday, hour, "close"),
        lambda c: c.add(friday, duration=hour),
        lambda c: c.add(start=friday, duration=hour),
        lambda c: c.add(friday),
        lambda c: c.add(friday, hour, landing="close", extra=1),
        lambda c: sc.Calendar.add(c, friday, hour),
        lambda c: sc.Calendar.add("not a calendar", friday, hour),
        lambda c: c.subtract(friday, hour),
        lambda c: c.subtract(friday, -hour),
        lambda c: c.subtract(end=friday, duration=hour),
        lambda c: c.elapsed(friday, friday + 3 * hour),
        lambda c: c.elapsed(friday, end=friday - hour),
        lambda c: c.elapsed(friday, "later"),
    ]
    for c in (cal, short):
        got = [outcome(lambda s=shape, c=c: s(c)) for shape in shapes]  # type: ignore[misc]
        with pure():
            want = [outcome(lambda s=shape, c=c: s(c)) for shape in shapes]  # type: ignore[misc]
        assert got == want
    # the front's own answer, worked by hand: London is on GMT in November, so the
    # hour is 16:00-17:00 on Friday and the deadline lands on the closing instant
    assert outcome(lambda: cal.add(friday, hour)) == outcome(
        lambda: datetime(2026, 11, 27, 17, tzinfo=UTC)
    )
    with pure():
        assert sc.Calendar.__dict__["add"] is calmod._PURE_METHODS["add"]
    assert sc.Calendar.__dict__["add"] is not calmod._PURE_METHODS["add"]
