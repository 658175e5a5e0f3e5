"""Every calendar calculation against the brute-force oracle, exactly.

Random minute-aligned calendars (weekly windows with overnight and 24:00 ends,
holidays, closures, openings, recurring windows, algebra across zones) in zones
with DST, half-hour and 45-minute offsets, half-hour DST and a skipped day.
Arguments come in assorted tzinfos; results must be the oracle's instants, in
the argument's tzinfo (periods: in the calendar's zone).

Where the oracle's range ends before the answer (``None``), the engine's answer
must lie beyond the range (or be a HorizonError).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, tzinfo
from zoneinfo import ZoneInfo

from hypothesis import event, given, settings
from hypothesis import strategies as st

import slacalc as sc
from oracle import Always, Oracle, Weekly, instant, minute_of
from strategies import (
    COMPARISONS,
    CalPair,
    Scenario,
    algebra_pairs,
    attempt,
    duration_minutes,
    examples,
    minutes,
    scenario_calendar,
    scenarios,
    tzinfos,
    utc,
)

EXAMPLES = examples(200)


def test_oracle_self_check() -> None:
    """The oracle itself on hand-worked values (so that it cannot share a mistake
    with the engine unnoticed)."""

    def m(text: str) -> int:
        return minute_of(datetime.fromisoformat(text + "+00:00"))

    none: tuple[tuple[tuple[int, int], ...], ...] = ((),) * 6
    sunday = Weekly("Europe/London", (*none, ((0, 1440),)))
    lo, hi = m("2026-03-27 00:00"), m("2026-04-01 00:00")
    orc = Oracle(sunday, lo, hi)
    # 00:00 GMT = 00:00Z .. 03-30 00:00 BST = 03-29 23:00Z: 23 h
    assert orc.periods(lo, hi) == [(m("2026-03-29 00:00"), m("2026-03-29 23:00"))]
    # Apia skipped 2011-12-30 (Fri): daily 09-17 covers 29th and 31st only, 16 h
    daily = Weekly("Pacific/Apia", (((540, 1020),),) * 7)
    # 29th 00:00 -10 = 29th 10:00Z .. 2012-01-01 00:00 +14 = 31st 10:00Z
    lo, hi = m("2011-12-29 10:00"), m("2011-12-31 10:00")
    orc = Oracle(daily, lo, hi)
    assert orc.elapsed(lo, hi) == 16 * 60
    assert orc.periods(lo, hi) == [
        (m("2011-12-29 19:00"), m("2011-12-30 03:00")),
        (m("2011-12-30 19:00"), m("2011-12-31 03:00")),
    ]
    # Lord Howe 2026-10-04, 01:30-02:30 with 02:00-02:30 skipped: 30 min
    gap = Weekly("Australia/Lord_Howe", (*none, ((90, 150),)))
    orc = Oracle(gap, m("2026-10-03 00:00"), m("2026-10-05 00:00"))
    assert orc.periods(orc.lo, orc.hi) == [(m("2026-10-03 15:00"), m("2026-10-03 15:30"))]
    # overnight Mon 22:00-06:00 with Tue a holiday: Mon's tail stays, Tue's goes
    night = Weekly("UTC", (((1320, 1800),),) * 7, frozenset({date(2026, 1, 6)}))
    orc = Oracle(night, m("2026-01-05 12:00"), m("2026-01-07 12:00"))
    assert orc.periods(orc.lo, orc.hi) == [(m("2026-01-05 22:00"), m("2026-01-06 06:00"))]
    # 8 h from Mon 09:00 on 09-17 is Mon 17:00; landing open Tue 09:00; subtract back
    office = Weekly("UTC", (((540, 1020),),) * 5 + ((), ()))
    orc = Oracle(office, m("2026-01-04 00:00"), m("2026-01-14 00:00"))
    assert orc.add(m("2026-01-05 09:00"), 480) == m("2026-01-05 17:00")
    assert orc.add_open(m("2026-01-05 09:00"), 480) == m("2026-01-06 09:00")
    assert orc.add(m("2026-01-05 18:00"), 0) == m("2026-01-05 18:00")
    assert orc.subtract(m("2026-01-12 10:00"), 120) == m("2026-01-09 16:00")
    assert orc.next_close(m("2026-01-05 10:00")) == m("2026-01-05 17:00")
    # openings win over closures
    mixed = Weekly(
        "UTC",
        office.days,
        closures=((datetime(2026, 1, 5), datetime(2026, 1, 6)),),
        openings=((datetime(2026, 1, 5, 10), datetime(2026, 1, 5, 11)),),
    )
    orc = Oracle(mixed, m("2026-01-05 00:00"), m("2026-01-06 00:00"))
    assert orc.elapsed(orc.lo, orc.hi) == 60
    assert Oracle(Always(), 0, 10).elapsed(0, 10) == 10


def check_instant(
    what: str,
    got: datetime | sc.HorizonError,
    expected: int | None,
    tz: tzinfo,
    orc: Oracle,
    *,
    forward: bool = True,
    horizon_error: type[sc.HorizonError] = sc.NeverOpenError,
) -> None:
    """``got`` (engine) against ``expected`` (oracle minute, or None: beyond the range)."""
    COMPARISONS[what] += 1
    if expected is None:
        event(f"{what}: answer beyond the oracle's range")
        if isinstance(got, sc.HorizonError):
            assert isinstance(got, horizon_error), f"{what}: {got!r}"
            return
        if forward:
            assert utc(got) >= instant(orc.hi), (
                f"{what}: {got} but nothing before {instant(orc.hi)}"
            )
        else:
            assert utc(got) < instant(orc.lo), f"{what}: {got}, oracle: none after {orc.lo}"
        return
    assert isinstance(got, datetime), f"{what}: expected {instant(expected)}, got {got!r}"
    assert utc(got) == instant(expected), f"{what}: expected {instant(expected)}, got {utc(got)}"
    assert got.tzinfo == tz, f"{what}: result in {got.tzinfo!r}, argument in {tz!r}"


def oracle_for(scn: Scenario, pair: CalPair) -> Oracle:
    return Oracle(pair.desc, scn.lo, scn.hi)


@settings(max_examples=EXAMPLES, deadline=None)
@given(scenario_calendar(), st.data())
def test_add_and_subtract_match_oracle(sp: tuple[Scenario, CalPair], data: st.DataObject) -> None:
    scn, pair = sp
    orc = oracle_for(scn, pair)
    cal = pair.cal
    for _ in range(4):
        m = data.draw(minutes(scn), label="a (UTC minute)")
        tz = data.draw(tzinfos(scn.zone), label="tz")
        d = data.draw(duration_minutes(), label="d (minutes)")
        a, dd = instant(m, tz), timedelta(minutes=d)

        check_instant("add", attempt(cal.add, a, dd), orc.add(m, d), tz, orc)
        check_instant(
            "add landing=open",
            attempt(cal.add, a, dd, landing="open"),
            orc.add_open(m, d),
            tz,
            orc,
        )
        check_instant(
            "add landing=close",
            attempt(cal.add, a, dd, landing="close"),
            orc.add(m, d),
            tz,
            orc,
        )
        check_instant(
            "subtract", attempt(cal.subtract, a, dd), orc.subtract(m, d), tz, orc, forward=False
        )
        # negative durations swap the two
        check_instant(
            "add(-d)", attempt(cal.add, a, -dd), orc.subtract(m, d), tz, orc, forward=False
        )
        check_instant("subtract(-d)", attempt(cal.subtract, a, -dd), orc.add(m, d), tz, orc)


@settings(max_examples=EXAMPLES, deadline=None)
@given(scenario_calendar(), st.data())
def test_elapsed_matches_oracle(sp: tuple[Scenario, CalPair], data: st.DataObject) -> None:
    scn, pair = sp
    orc = oracle_for(scn, pair)
    for _ in range(5):
        ma = data.draw(minutes(scn), label="a")
        mb = data.draw(minutes(scn), label="b")
        a = instant(ma, data.draw(tzinfos(scn.zone)))
        b = instant(mb, data.draw(tzinfos(scn.zone)))
        COMPARISONS["elapsed"] += 2
        got = pair.cal.elapsed(a, b)
        assert isinstance(got, timedelta)
        assert got == timedelta(minutes=orc.elapsed(ma, mb)), (a, b)
        assert pair.cal.elapsed(b, a) == timedelta(minutes=orc.elapsed(mb, ma)), (b, a)


@settings(max_examples=EXAMPLES, deadline=None)
@given(scenario_calendar(), st.data())
def test_point_queries_match_oracle(sp: tuple[Scenario, CalPair], data: st.DataObject) -> None:
    scn, pair = sp
    orc = oracle_for(scn, pair)
    cal = pair.cal
    for _ in range(8):
        m = data.draw(minutes(scn), label="u")
        tz = data.draw(tzinfos(scn.zone), label="tz")
        u = instant(m, tz)
        COMPARISONS["is_open"] += 2
        assert cal.is_open(u) is orc.is_open(m), u
        assert (u in cal) is orc.is_open(m), u
        check_instant("next_open", attempt(cal.next_open, u), orc.next_open(m), tz, orc)
        check_instant(
            "next_close",
            attempt(cal.next_close, u),
            orc.next_close(m),
            tz,
            orc,
            horizon_error=sc.NeverClosesError,
        )


def check_periods(pair: CalPair, orc: Oracle, ma: int, mb: int, tz: tzinfo) -> None:
    COMPARISONS["periods"] += 1
    got = pair.cal.periods(instant(ma, tz), instant(mb, tz))
    expected = orc.periods(ma, mb)
    assert [(utc(p.start), utc(p.end)) for p in got] == [
        (instant(s), instant(e)) for s, e in expected
    ]
    zone = ZoneInfo(pair.zone)
    for p in got:
        assert tuple(p) == (p.start, p.end)
        for x in p:  # a reading of the calendar's zone
            assert x.utcoffset() == utc(x).astimezone(zone).utcoffset(), (x, pair.zone)
            assert x.replace(tzinfo=None) == utc(x).astimezone(zone).replace(tzinfo=None)


@settings(max_examples=EXAMPLES, deadline=None)
@given(scenario_calendar(), st.data())
def test_periods_match_oracle(sp: tuple[Scenario, CalPair], data: st.DataObject) -> None:
    scn, pair = sp
    orc = oracle_for(scn, pair)
    for _ in range(3):
        ma = data.draw(minutes(scn), label="a")
        mb = data.draw(minutes(scn), label="b")
        check_periods(pair, orc, ma, mb, data.draw(tzinfos(scn.zone), label="tz"))
    # the whole query range at once
    check_periods(pair, orc, scn.qlo, scn.qhi, data.draw(tzinfos(scn.zone)))


@st.composite
def scenario_algebra(draw: st.DrawFn) -> tuple[Scenario, CalPair]:
    scn = draw(scenarios())
    return scn, draw(algebra_pairs(scn))


@settings(max_examples=EXAMPLES, deadline=None)
@given(scenario_algebra(), st.data())
def test_algebra_matches_oracle(sp: tuple[Scenario, CalPair], data: st.DataObject) -> None:
    scn, pair = sp
    orc = oracle_for(scn, pair)
    cal = pair.cal
    check_periods(pair, orc, scn.qlo, scn.qhi, data.draw(tzinfos(scn.zone)))
    for _ in range(3):
        m = data.draw(minutes(scn), label="a")
        m2 = data.draw(minutes(scn), label="b")
        tz = data.draw(tzinfos(scn.zone), label="tz")
        d = data.draw(duration_minutes(), label="d")
        a, dd = instant(m, tz), timedelta(minutes=d)
        COMPARISONS["algebra is_open/elapsed"] += 2
        assert cal.is_open(a) is orc.is_open(m)
        assert cal.elapsed(a, instant(m2)) == timedelta(minutes=orc.elapsed(m, m2))
        check_instant("algebra add", attempt(cal.add, a, dd), orc.add(m, d), tz, orc)
        check_instant(
            "algebra subtract",
            attempt(cal.subtract, a, dd),
            orc.subtract(m, d),
            tz,
            orc,
            forward=False,
        )
        check_instant("algebra next_open", attempt(cal.next_open, a), orc.next_open(m), tz, orc)
        check_instant(
            "algebra next_close",
            attempt(cal.next_close, a),
            orc.next_close(m),
            tz,
            orc,
            horizon_error=sc.NeverClosesError,
        )
