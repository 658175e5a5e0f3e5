"""The ten laws of SPEC section 3 as hypothesis properties.

Calendars are random (weekly windows, holidays, closures, openings, recurring
windows, algebra across zones); instants carry arbitrary seconds and
microseconds and come in assorted tzinfos; durations are exact to the
microsecond. All comparisons and arithmetic are on instants (via UTC): aware
datetimes sharing a tzinfo compare and subtract by wall clock, which is not what
the laws mean.
"""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta

from hypothesis import assume, given, settings
from hypothesis import strategies as st

import slacalc as sc
from strategies import (
    ZONES,
    CalPair,
    Scenario,
    attempt,
    calendars,
    examples,
    fine_durations,
    fine_instants,
    scenario_calendar,
    scenarios,
    sorted_instants,
    tzinfos,
    utc,
    weekly_pairs,
)

N = examples(100)
ZERO = timedelta(0)


def add(cal: sc.Calendar, a: datetime, d: timedelta, **kw: str) -> datetime:
    """``cal.add``, rejecting the example when no answer exists (never-open calendars)."""
    got = attempt(cal.add, a, d, **kw)
    assume(not isinstance(got, sc.HorizonError))
    assert isinstance(got, datetime)
    assert got.tzinfo == a.tzinfo
    return got


def next_open(cal: sc.Calendar, a: datetime) -> datetime:
    got = attempt(cal.next_open, a)
    assume(not isinstance(got, sc.HorizonError))
    assert isinstance(got, datetime)
    return got


@st.composite
def with_instants(
    draw: st.DrawFn, n: int, algebra: bool = True
) -> tuple[Scenario, CalPair, list[datetime]]:
    scn, pair = draw(scenario_calendar(algebra))
    return scn, pair, sorted_instants([draw(fine_instants(scn)) for _ in range(n)])


# 1. C.elapsed(a, C.add(a, d)) == d
@settings(max_examples=N, deadline=None)
@given(with_instants(1), fine_durations())
def test_law1_elapsed_of_add(sci: tuple[Scenario, CalPair, list[datetime]], d: timedelta) -> None:
    _, pair, (a,) = sci
    t = add(pair.cal, a, d)
    assert utc(t) >= utc(a)
    assert pair.cal.elapsed(a, t) == d


# 2. C.add(C.add(a, d1), d2) == C.add(a, d1 + d2)
@settings(max_examples=N, deadline=None)
@given(with_instants(1), fine_durations(), fine_durations())
def test_law2_add_composes(
    sci: tuple[Scenario, CalPair, list[datetime]], d1: timedelta, d2: timedelta
) -> None:
    _, pair, (a,) = sci
    cal = pair.cal
    assert utc(add(cal, add(cal, a, d1), d2)) == utc(add(cal, a, d1 + d2))


# 3. elapsed is additive and antisymmetric
@settings(max_examples=N, deadline=None)
@given(with_instants(3))
def test_law3_elapsed_additive(sci: tuple[Scenario, CalPair, list[datetime]]) -> None:
    _, pair, (a, b, c) = sci
    e = pair.cal.elapsed
    assert e(a, c) == e(a, b) + e(b, c)
    assert e(b, a) == -e(a, b)
    assert e(c, a) == -e(a, c)


# 4. 0 <= C.elapsed(a, b) <= b - a
@settings(max_examples=N, deadline=None)
@given(with_instants(2))
def test_law4_elapsed_bounded(sci: tuple[Scenario, CalPair, list[datetime]]) -> None:
    _, pair, (a, b) = sci
    assert ZERO <= pair.cal.elapsed(a, b) <= utc(b) - utc(a)


# 5. subtract undoes add (to the next opening); elapsed of subtract
@settings(max_examples=N, deadline=None)
@given(with_instants(2), fine_durations())
def test_law5_subtract(sci: tuple[Scenario, CalPair, list[datetime]], d: timedelta) -> None:
    _, pair, (a, b) = sci
    cal = pair.cal
    if d > ZERO:
        back = cal.subtract(add(cal, a, d), d)
        assert utc(back) == utc(next_open(cal, a))
    s = attempt(cal.subtract, b, d)
    assume(not isinstance(s, sc.HorizonError))
    assert isinstance(s, datetime)
    assert s.tzinfo == b.tzinfo
    assert utc(s) <= utc(b)
    assert cal.elapsed(s, b) == d


# 6. add is monotone in a and in d
@settings(max_examples=N, deadline=None)
@given(with_instants(2), fine_durations(), fine_durations())
def test_law6_monotone(
    sci: tuple[Scenario, CalPair, list[datetime]], d1: timedelta, d2: timedelta
) -> None:
    _, pair, (a, b) = sci
    cal = pair.cal
    d1, d2 = min(d1, d2), max(d1, d2)
    assert utc(add(cal, a, d1)) <= utc(add(cal, b, d1))
    assert utc(add(cal, a, d1)) <= utc(add(cal, a, d2))


# 7. Calendar.always() is plain time
@settings(max_examples=N, deadline=None)
@given(scenarios().flatmap(lambda s: st.lists(fine_instants(s), min_size=2, max_size=2)))
def test_law7_always(ab: list[datetime]) -> None:
    a, b = ab
    always = sc.Calendar.always()
    d = abs(utc(b) - utc(a))
    assert utc(always.add(a, d)) == utc(a) + d
    assert utc(always.subtract(a, d)) == utc(a) - d
    assert always.elapsed(a, b) == utc(b) - utc(a)
    assert always.is_open(a)
    assert utc(always.next_open(a)) == utc(a)


@st.composite
def two_calendars(draw: st.DrawFn) -> tuple[CalPair, CalPair, list[datetime]]:
    scn = draw(scenarios())
    a = draw(calendars(scn))
    b = draw(
        st.one_of(calendars(scn), st.sampled_from(ZONES).flatmap(lambda z: weekly_pairs(scn, z)))
    )
    xs = sorted_instants([draw(fine_instants(scn)) for _ in range(2)])
    return a, b, xs


# 8. inclusion-exclusion, difference and complement (operands in any zones)
@settings(max_examples=N, deadline=None)
@given(two_calendars())
def test_law8_algebra(abx: tuple[CalPair, CalPair, list[datetime]]) -> None:
    pa, pb, (x, y) = abx
    a, b = pa.cal, pb.cal
    for s, t in ((x, y), (y, x)):
        ea, eb = a.elapsed(s, t), b.elapsed(s, t)
        assert (a | b).elapsed(s, t) + (a & b).elapsed(s, t) == ea + eb
        assert (a - b).elapsed(s, t) == ea - (a & b).elapsed(s, t)
        assert (~a).elapsed(s, t) == (utc(t) - utc(s)) - ea
        # the named twins are the operators
        assert a.union(b).elapsed(s, t) == (a | b).elapsed(s, t)
        assert a.intersection(b).elapsed(s, t) == (a & b).elapsed(s, t)
        assert a.difference(b).elapsed(s, t) == (a - b).elapsed(s, t)
        assert a.complement().elapsed(s, t) == (~a).elapsed(s, t)
    assert (a | b).is_open(x) == (a.is_open(x) or b.is_open(x))
    assert (a & b).is_open(x) == (a.is_open(x) and b.is_open(x))
    assert (a - b).is_open(x) == (a.is_open(x) and not b.is_open(x))
    assert (~a).is_open(x) == (not a.is_open(x))
    # the zone of an algebra result is its left operand's
    assert (a | b).tz == a.tz
    assert (b - a).tz == b.tz


# 9. next_open is open and costs nothing
@settings(max_examples=N, deadline=None)
@given(with_instants(1))
def test_law9_next_open(sci: tuple[Scenario, CalPair, list[datetime]]) -> None:
    _, pair, (a,) = sci
    cal = pair.cal
    n = next_open(cal, a)
    assert n.tzinfo == a.tzinfo
    assert utc(n) >= utc(a)
    assert cal.is_open(n)
    assert cal.elapsed(a, n) == ZERO
    assert (utc(n) == utc(a)) == cal.is_open(a)


# 10. the same instants in another tzinfo give the same instants back
@settings(max_examples=N, deadline=None)
@given(with_instants(2), fine_durations(), st.data())
def test_law10_tzinfo_irrelevant(
    sci: tuple[Scenario, CalPair, list[datetime]], d: timedelta, data: st.DataObject
) -> None:
    scn, pair, (a, b) = sci
    cal = pair.cal
    tz2 = data.draw(tzinfos(scn.zone), label="other tzinfo")
    a2, b2 = a.astimezone(tz2), b.astimezone(tz2)
    assert utc(a2) == utc(a)

    def both(name: str, x: datetime, x2: datetime, *rest: object, **kw: object) -> None:
        r1 = attempt(getattr(cal, name), x, *rest, **kw)
        r2 = attempt(getattr(cal, name), x2, *rest, **kw)
        if isinstance(r1, sc.HorizonError) or isinstance(r2, sc.HorizonError):
            assert type(r1) is type(r2), (name, r1, r2)
            return
        assert isinstance(r1, datetime) and isinstance(r2, datetime)
        assert utc(r1) == utc(r2), (name, r1, r2)
        assert r1.tzinfo == x.tzinfo
        assert r2.tzinfo == x2.tzinfo

    both("add", a, a2, d)
    both("add", a, a2, d, landing="open")
    both("subtract", b, b2, d)
    both("next_open", a, a2)
    both("next_close", a, a2)
    assert cal.elapsed(a, b) == cal.elapsed(a2, b2) == cal.elapsed(a.astimezone(UTC), b2)
    assert cal.is_open(a) == cal.is_open(a2)
    p1, p2 = cal.periods(a, b), cal.periods(a2, b2)
    assert [(utc(s), utc(e)) for s, e in p1] == [(utc(s), utc(e)) for s, e in p2]
    assert [(s.utcoffset(), e.utcoffset()) for s, e in p1] == [
        (s.utcoffset(), e.utcoffset()) for s, e in p2
    ]


# Beside the laws: periods, next_close and landing="open" agree with the rest.
@settings(max_examples=N, deadline=None)
@given(with_instants(2), fine_durations())
def test_consistency_of_periods_next_close_landing(
    sci: tuple[Scenario, CalPair, list[datetime]], d: timedelta
) -> None:
    _, pair, (a, b) = sci
    cal = pair.cal
    ps = cal.periods(a, b)
    assert sum((utc(e) - utc(s) for s, e in ps), ZERO) == cal.elapsed(a, b)
    for (_, e1), (s2, _) in itertools.pairwise(ps):
        assert utc(e1) < utc(s2)  # maximal: no two periods touch
    for s, e in ps:
        assert utc(a) <= utc(s) < utc(e) <= utc(b)
        assert cal.is_open(s)
        assert (utc(e) == utc(b)) or not cal.is_open(e)
    c = attempt(cal.next_close, a)
    if not isinstance(c, sc.HorizonError):
        assert not cal.is_open(c)
        assert cal.elapsed(a, c) == utc(c) - utc(a)
    t = add(cal, a, d)
    assert utc(add(cal, a, d, landing="open")) == utc(next_open(cal, t))


@st.composite
def far_pairs(draw: st.DrawFn) -> tuple[datetime, datetime]:
    """Instants a <= b from year 2 to year 9997 (b within 60 days of a), to the
    microsecond, in assorted tzinfos."""
    lo = datetime(2, 1, 1, tzinfo=UTC)
    span = datetime(9997, 10, 1, tzinfo=UTC) - lo
    a = lo + timedelta(microseconds=draw(st.integers(0, span // timedelta(microseconds=1))))
    gap = timedelta(microseconds=draw(st.integers(0, 60 * 86_400 * 10**6)))
    tz = tzinfos("Europe/London")
    return a.astimezone(draw(tz)), (a + gap).astimezone(draw(tz))


# Laws 1, 3, 4, 5 and 9 far from today (the zones' old local mean times and their
# rules projected into the future), with long durations.
@settings(max_examples=N, deadline=None)
@given(
    scenario_calendar(),
    far_pairs(),
    st.one_of(fine_durations(), st.integers(0, 2000).map(lambda h: timedelta(hours=h))),
)
def test_laws_far_from_today(
    sp: tuple[Scenario, CalPair], ab: tuple[datetime, datetime], d: timedelta
) -> None:
    _, pair = sp
    cal = pair.cal
    a, b = ab
    t = attempt(cal.add, a, d)
    if isinstance(t, datetime):
        assert cal.elapsed(a, t) == d  # 1
        if d > ZERO:
            assert utc(cal.subtract(t, d)) == utc(cal.next_open(a))  # 5
    mid = utc(a) + (utc(b) - utc(a)) / 3
    assert cal.elapsed(a, b) == cal.elapsed(a, mid) + cal.elapsed(mid, b)  # 3
    assert ZERO <= cal.elapsed(a, mid) <= mid - utc(a)  # 4
    n = attempt(cal.next_open, a)
    if isinstance(n, datetime):
        assert cal.is_open(n)  # 9
        assert cal.elapsed(a, n) == ZERO
