"""Every calendar error: its slacalc class, the builtin it also is, and a message
that quotes the value given (SPEC section 2 and the precise points of section 3)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta

import numpy as np
import pytest

import slacalc as sc
from strategies import at, utc

H = timedelta(hours=1)
MON = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)  # a Monday


def nine_to_five() -> sc.Calendar:
    return sc.Calendar.weekly({"mon-fri": "09:00-17:00"}, tz="Europe/London")


def raises(
    cls: type[sc.SlacalcError],
    builtin: type[Exception],
    fn: Callable[[], object],
    *quoted: str,
) -> BaseException:
    """``fn()`` raises ``cls``, which is also ``builtin`` and a SlacalcError, and the
    message contains one of ``quoted`` (the bad value as given, or the bad part of it)."""
    with pytest.raises(cls) as info:
        fn()
    exc = info.value
    assert isinstance(exc, builtin)
    assert isinstance(exc, sc.SlacalcError)
    msg = str(exc)
    if quoted:
        assert any(q in msg for q in quoted), f"{msg!r} quotes none of {quoted!r}"
    return exc


# --------------------------------------------------------------------------- instants


NAIVE = datetime(2026, 1, 5, 9, 0)


@pytest.mark.parametrize(
    "call",
    [
        lambda c: c.add(NAIVE, H),
        lambda c: c.add(NAIVE, H, landing="open"),
        lambda c: c.subtract(NAIVE, H),
        lambda c: c.elapsed(NAIVE, MON),
        lambda c: c.elapsed(MON, NAIVE),
        lambda c: c.is_open(NAIVE),
        lambda c: NAIVE in c,
        lambda c: c.next_open(NAIVE),
        lambda c: c.next_close(NAIVE),
        lambda c: c.periods(NAIVE, MON + H),
        lambda c: c.add_days(NAIVE, 1),
        lambda c: c.explain(NAIVE, H),
        lambda c: sc.deadline(c, NAIVE, H),
        lambda c: sc.elapsed(c, MON, NAIVE),
    ],
)
def test_naive_datetime(call: Callable[[sc.Calendar], object]) -> None:
    raises(sc.NaiveDatetimeError, ValueError, lambda: call(nine_to_five()), repr(NAIVE), str(NAIVE))


@pytest.mark.parametrize(
    "bad", [date(2026, 1, 5), "2026-01-05 09:00", 1_767_603_600, 1.5, None], ids=repr
)
@pytest.mark.parametrize(
    "call",
    [
        lambda c, x: c.add(x, H),
        lambda c, x: c.subtract(x, H),
        lambda c, x: c.elapsed(x, MON),
        lambda c, x: c.elapsed(MON, x),
        lambda c, x: c.is_open(x),
        lambda c, x: c.next_open(x),
        lambda c, x: c.next_close(x),
        lambda c, x: c.periods(MON, x),
        lambda c, x: c.add_days(x, 1),
    ],
)
def test_non_datetime_instant(call: Callable[[sc.Calendar, object], object], bad: object) -> None:
    raises(sc.ArgumentTypeError, TypeError, lambda: call(nine_to_five(), bad), repr(bad))


@pytest.mark.parametrize("bad", [3600, 1.5, 0, "4h", None, np.timedelta64(1, "h")], ids=repr)
@pytest.mark.parametrize(
    "call",
    [
        lambda c, d: c.add(MON, d),
        lambda c, d: c.add(MON, d, landing="open"),
        lambda c, d: c.subtract(MON, d),
        lambda c, d: c.explain(MON, d),
        lambda c, d: sc.deadline(c, MON, d),
    ],
)
def test_non_timedelta_duration(call: Callable[[sc.Calendar, object], object], bad: object) -> None:
    raises(sc.ArgumentTypeError, TypeError, lambda: call(nine_to_five(), bad), repr(bad))


# --------------------------------------------------------------------------- parsing


@pytest.mark.parametrize(
    ("window", "quoted"),
    [
        ("9:00-17:00x", ("'9:00-17:00x'",)),
        ("09:00-25:00", ("'09:00-25:00'", "'25:00'")),
        ("25:00-26:00", ("'25:00-26:00'", "'25:00'")),
        ("09:00-09:00", ("'09:00-09:00'",)),  # end == start
        ("00:00-00:00", ("'00:00-00:00'",)),
        ("24:00-05:00", ("'24:00-05:00'", "'24:00'")),  # 24:00 only as an end
        ("09:60-10:00", ("'09:60-10:00'", "'09:60'")),
        ("09:00", ("'09:00'",)),
        ("9-17", ("'9-17'",)),
        ("", ("''",)),
    ],
)
def test_malformed_window(window: str, quoted: tuple[str, ...]) -> None:
    raises(
        sc.ParseError, ValueError, lambda: sc.Calendar.weekly({"mon": window}, tz="UTC"), *quoted
    )
    # also inside a list of windows
    raises(
        sc.ParseError,
        ValueError,
        lambda: sc.Calendar.weekly({"mon": ["08:00-09:00", window]}, tz="UTC"),
        *quoted,
    )


@pytest.mark.parametrize("key", ["mon-fry", "monday", "weekdays", "", "mon-"])
def test_unknown_day_key(key: str) -> None:
    raises(
        sc.ParseError,
        ValueError,
        lambda: sc.Calendar.weekly({key: "09:00-17:00"}, tz="UTC"),
        repr(key),
    )


def test_unknown_zone() -> None:
    raises(
        sc.UnknownZoneError,
        ValueError,
        lambda: sc.Calendar.weekly({"mon": "09:00-17:00"}, tz="Europe/Londn"),
        "'Europe/Londn'",
    )


@pytest.mark.parametrize("code", ["XX", "GB-NOPE", ["GB-ENG", "XX"]], ids=repr)
def test_unknown_country(code: str | list[str]) -> None:
    bad = code[-1] if isinstance(code, list) else code
    raises(
        sc.UnknownCountryError,
        ValueError,
        lambda: sc.Calendar.weekly({"mon": "09:00-17:00"}, holidays=code, tz="UTC"),
        repr(bad),
        *(["'NOPE'"] if bad == "GB-NOPE" else []),
    )


def test_malformed_closure_and_rule() -> None:
    raises(
        sc.ParseError,
        ValueError,
        lambda: sc.Calendar.weekly(
            {}, closures=[("2026-12-24 25:00", "2026-12-25 00:00")], tz="UTC"
        ),
        "'2026-12-24 25:00'",
    )
    with pytest.raises(ValueError) as info:
        sc.Calendar.weekly({}, closures=[sc.Recurring("FREQ=SOMETIMES", "02:00-06:00")], tz="UTC")
    assert isinstance(info.value, sc.SlacalcError)
    assert "FREQ=SOMETIMES" in str(info.value)


@pytest.mark.parametrize("landing", ["middle", "OPEN", "", None], ids=repr)
def test_bad_landing(landing: object) -> None:
    cal = nine_to_five()
    for fn in (
        lambda: cal.add(MON, H, landing=landing),  # type: ignore[arg-type]
        lambda: cal.explain(MON, H, landing=landing),  # type: ignore[arg-type]
        lambda: sc.deadline(cal, MON, H, landing=landing),  # type: ignore[arg-type]
    ):
        with pytest.raises(ValueError) as info:
            fn()
        assert isinstance(info.value, sc.SlacalcError)
        assert repr(landing) in str(info.value)


def test_bad_add_days_at() -> None:
    with pytest.raises(ValueError) as info:
        nine_to_five().add_days(MON, 1, at="noon")  # type: ignore[arg-type]
    assert isinstance(info.value, sc.SlacalcError)
    assert "'noon'" in str(info.value)


def test_algebra_with_a_non_calendar() -> None:
    cal = nine_to_five()
    for fn in (lambda: cal | 5, lambda: cal & "x", lambda: cal - None):
        with pytest.raises(TypeError):
            fn()  # type: ignore[operator]


# --------------------------------------------------------------------------- horizon


def test_never_open_calendar() -> None:
    never = sc.Calendar.weekly({}, tz="UTC")
    a = at("Europe/London", "2026-01-05 09:00")
    for fn in (
        lambda: never.add(a, H),
        lambda: never.add(a, timedelta(microseconds=1)),
        lambda: never.next_open(a),
        lambda: never.subtract(a, H),
        lambda: never.add(a, -H),
        lambda: never.add(a, timedelta(0), landing="open"),  # next_open(a) does not exist
        lambda: never.add_days(a, 1),
    ):
        exc = raises(sc.NeverOpenError, LookupError, fn)
        assert isinstance(exc, sc.HorizonError)
    # where an answer exists there is no error
    assert utc(never.add(a, timedelta(0))) == utc(a)
    assert never.add(a, timedelta(0)).tzinfo == a.tzinfo
    assert utc(never.subtract(a, timedelta(0))) == utc(a)
    assert never.elapsed(a, a + 1000 * H) == timedelta(0)
    assert not never.is_open(a)
    assert utc(never.next_close(a)) == utc(a)
    assert never.periods(a, a + 1000 * H) == []
    # an identity for |: Mon 09:00 + 100 h is Fri 13:00 (GMT): 4 * 8 h + 4 h
    cal = nine_to_five()
    assert (cal | never).elapsed(a, a + 100 * H) == cal.elapsed(a, a + 100 * H) == 36 * H


def test_never_closes() -> None:
    always = sc.Calendar.always()
    exc = raises(sc.NeverClosesError, LookupError, lambda: always.next_close(MON))
    assert isinstance(exc, sc.HorizonError)
    # a daily 00:00-24:00 calendar never closes either
    daily = sc.Calendar.weekly({"daily": "00:00-24:00"}, tz="Europe/London")
    raises(sc.NeverClosesError, LookupError, lambda: daily.next_close(MON))


def test_horizon_keyword() -> None:
    assert sc.Calendar.always().horizon == timedelta(days=3653)
    mondays = sc.Calendar.weekly({"mon": "09:00-17:00"}, horizon=timedelta(days=3), tz="UTC")
    assert mondays.horizon == timedelta(days=3)
    # from Tue 6 Jan the next Monday is 6 days away: beyond the horizon
    raises(sc.NeverOpenError, LookupError, lambda: mondays.next_open(MON + 24 * H))
    # from Sat 10 Jan it is 2 days 9 hours away
    sat = datetime(2026, 1, 10, tzinfo=UTC)
    assert utc(mondays.next_open(sat)) == datetime(2026, 1, 12, 9, tzinfo=UTC)
    # an always-open calendar with a short horizon: next_close raises quickly
    short = sc.Calendar.always(horizon=timedelta(days=1))
    raises(sc.NeverClosesError, LookupError, lambda: short.next_close(MON))


def test_coverage_only_in_the_past() -> None:
    past = sc.Calendar.weekly({}, openings=[("2020-01-06 09:00", "2020-01-06 10:00")], tz="UTC")
    now = datetime(2026, 1, 5, tzinfo=UTC)
    # subtract searches backwards (6 years, within the 10-year horizon)
    assert utc(past.subtract(now, 30 * timedelta(minutes=1))) == datetime(
        2020, 1, 6, 9, 30, tzinfo=UTC
    )
    raises(sc.NeverOpenError, LookupError, lambda: past.next_open(now))
    raises(sc.NeverOpenError, LookupError, lambda: past.add(now, H))
    jan1 = datetime(2020, 1, 1, tzinfo=UTC)
    assert utc(past.add(jan1, H)) == datetime(2020, 1, 6, 10, tzinfo=UTC)
    raises(sc.NeverOpenError, LookupError, lambda: past.add(jan1, 2 * H))
