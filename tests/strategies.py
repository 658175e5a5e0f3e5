"""Hypothesis strategies and instant helpers for the calendar tests.

Every calendar strategy yields a :class:`CalPair`: the slacalc calendar, the
matching :mod:`oracle` description, and the Python source that rebuilds the
calendar (its ``repr``, so a falsifying example is a ready-made reproducer).

Scenarios are a few weeks of UTC minutes around a DST transition (or a plain
date for zones without DST) of one of the zones SPEC names, so the brute-force
oracle stays fast.
"""

from __future__ import annotations

import calendar as pycal
import functools
import os
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from hypothesis import strategies as st

import slacalc as sc
from oracle import DAY, Always, Desc, Op, Span, Weekly, Window, instant, minute_of

T = TypeVar("T")


def examples(n: int) -> int:
    """``max_examples`` for a test; SLACALC_EXAMPLES_SCALE=10 searches ten times harder.

    Under the developer's profile (HYPOTHESIS_PROFILE=dev) at most 10; CI runs them all.
    """
    if os.environ.get("HYPOTHESIS_PROFILE") == "dev":
        return min(n, 10)
    return n * int(os.environ.get("SLACALC_EXAMPLES_SCALE", "1"))


COMPARISONS: Counter[str] = Counter()
"""Oracle comparisons made, by calculation (conftest reports them at the end)."""

# --------------------------------------------------------------------------- instants


def at(zone: str | tzinfo, text: str, fold: int = 0) -> datetime:
    """An aware datetime from a local reading ``"YYYY-MM-DD HH:MM[:SS]"`` in ``zone``."""
    tz = ZoneInfo(zone) if isinstance(zone, str) else zone
    return datetime.fromisoformat(text).replace(tzinfo=tz, fold=fold)


def utc(dt: datetime) -> datetime:
    """The same instant in UTC (compare and subtract instants only this way:
    aware datetimes sharing a tzinfo compare and subtract by wall clock)."""
    assert dt.tzinfo is not None and dt.utcoffset() is not None, dt
    return dt.astimezone(UTC)


def same_instant(x: datetime, y: datetime) -> bool:
    return utc(x) == utc(y)


def attempt(fn: Callable[..., T], *args: Any, **kwargs: Any) -> T | sc.HorizonError:
    """Call ``fn``; a HorizonError is returned instead of raised."""
    try:
        return fn(*args, **kwargs)
    except sc.HorizonError as exc:
        return exc


# --------------------------------------------------------------------------- zones, scenarios

MIN = 60  # seconds in a minute
ZONE_CENTRES: dict[str, tuple[date, ...]] = {
    "UTC": (date(2026, 1, 7), date(2026, 6, 10)),
    "Europe/London": (date(2026, 3, 29), date(2026, 10, 25)),
    "America/New_York": (date(2026, 3, 8), date(2026, 11, 1)),
    "Australia/Adelaide": (date(2026, 4, 5), date(2026, 10, 4)),
    "Asia/Kolkata": (date(2026, 3, 1),),
    "Asia/Kathmandu": (date(2026, 3, 1),),
    "Australia/Lord_Howe": (date(2026, 4, 5), date(2026, 10, 4)),
    "Pacific/Apia": (date(2011, 12, 30), date(2011, 9, 24)),
}
ZONES: tuple[str, ...] = tuple(ZONE_CENTRES)
SPAN_BEFORE = 10 * DAY  # oracle range around the centre, in minutes
SPAN_AFTER = 18 * DAY
QUERY = 4 * DAY  # queries within +- this of the centre


@functools.lru_cache(maxsize=256)
def transitions(zone: str, lo: int, hi: int) -> tuple[int, ...]:
    """UTC minutes in (lo, hi) at which ``zone``'s UTC offset changes, found by
    probing utcoffset hourly and bisecting to the minute."""
    z = ZoneInfo(zone)

    def offset(m: int) -> timedelta | None:
        return instant(m, z).utcoffset()

    found: list[int] = []
    for h in range(lo, hi, 60):
        a, b = h, min(h + 60, hi)
        if offset(a) != offset(b):
            while b - a > 1:  # offset(a) != offset(b); one change per hour at most
                mid = (a + b) // 2
                if offset(mid) == offset(a):
                    a = mid
                else:
                    b = mid
            found.append(b)
    return tuple(found)


@functools.lru_cache(maxsize=256)
def local_pivots(zone: str, lo: int, hi: int) -> tuple[datetime, ...]:
    """Naive local readings at each transition in (lo, hi): the reading the clock
    would show just after the last minute before it, and the one it shows after."""
    z = ZoneInfo(zone)
    out: set[datetime] = set()
    for t in transitions(zone, lo, hi):
        before = instant(t - 1, z).replace(tzinfo=None, fold=0) + timedelta(minutes=1)
        out |= {before, instant(t, z).replace(tzinfo=None, fold=0)}
    return tuple(sorted(out))


@dataclass(frozen=True)
class Scenario:
    zone: str
    centre: int  # a UTC minute (midnight UTC of the centre date)
    lo: int  # oracle range [lo, hi)
    hi: int
    qlo: int  # query instants in [qlo, qhi]
    qhi: int

    @property
    def transitions(self) -> tuple[int, ...]:
        return transitions(self.zone, self.lo, self.hi)

    def local_centre(self, zone: str) -> date:
        return instant(self.centre, ZoneInfo(zone)).date()


def make_scenario(zone: str, centre: date) -> Scenario:
    c = minute_of(datetime.combine(centre, time(), UTC))
    return Scenario(zone, c, c - SPAN_BEFORE, c + SPAN_AFTER, c - QUERY, c + QUERY)


SCENARIOS: tuple[Scenario, ...] = tuple(
    make_scenario(z, c) for z, cs in ZONE_CENTRES.items() for c in cs
)


def scenarios() -> st.SearchStrategy[Scenario]:
    return st.sampled_from(SCENARIOS)


def minutes(scn: Scenario) -> st.SearchStrategy[int]:
    """Query instants as UTC minutes, weighted towards the zone's transitions and
    towards quarter hours (where window boundaries of random calendars fall)."""
    anywhere = st.integers(scn.qlo, scn.qhi)
    quarter = st.integers(scn.qlo // 15, scn.qhi // 15).map(lambda q: q * 15)
    choices = [anywhere, quarter]
    if scn.transitions:
        near = st.tuples(st.sampled_from(scn.transitions), st.integers(-300, 300)).map(
            lambda p: p[0] + p[1]
        )
        near_quarter = st.tuples(st.sampled_from(scn.transitions), st.integers(-20, 20)).map(
            lambda p: p[0] + 15 * p[1]
        )
        choices += [near, near_quarter]
    return st.one_of(choices).map(lambda m: min(max(m, scn.qlo), scn.qhi))


def duration_minutes(max_hours: int = 60) -> st.SearchStrategy[int]:
    return st.one_of(
        st.integers(0, 30),
        st.integers(0, max_hours * 60),
        st.integers(0, max_hours * 4).map(lambda q: q * 15),
        st.integers(0, max_hours).map(lambda h: h * 60),
    )


def tzinfos(zone: str) -> st.SearchStrategy[tzinfo]:
    """The tzinfo an argument is given in; results must come back in it."""
    return st.sampled_from(
        [
            UTC,
            ZoneInfo(zone),
            ZoneInfo("America/New_York"),
            ZoneInfo("Australia/Lord_Howe"),
            timezone(timedelta(hours=5, minutes=45)),
            timezone(-timedelta(hours=11)),
        ]
    )


@st.composite
def fine_instants(draw: st.DrawFn, scn: Scenario) -> datetime:
    """An instant near the scenario with arbitrary seconds and microseconds, in a
    random tzinfo (for the laws, which need no oracle)."""
    m = draw(minutes(scn))
    extra = draw(
        st.one_of(
            st.just(timedelta(0)),
            st.integers(0, 59).map(lambda s: timedelta(seconds=s)),
            st.integers(0, 60_000_000 - 1).map(lambda us: timedelta(microseconds=us)),
        )
    )
    tz = draw(tzinfos(scn.zone))
    return (instant(m) + extra).astimezone(tz)


def fine_durations(max_hours: int = 60) -> st.SearchStrategy[timedelta]:
    return st.one_of(
        duration_minutes(max_hours).map(lambda m: timedelta(minutes=m)),
        st.integers(0, max_hours * 3600 * 1_000_000).map(lambda us: timedelta(microseconds=us)),
        st.integers(0, 5).map(lambda us: timedelta(microseconds=us)),
    )


# --------------------------------------------------------------------------- windows


def clock_text(m: int, style: int) -> str:
    h, mm = divmod(m, 60)
    if style == 1:
        return f"{h}:{mm:02d}"
    if style == 2:
        return f"{h:02d}:{mm:02d}:00"
    return f"{h:02d}:{mm:02d}"


@st.composite
def windows(draw: st.DrawFn, pivots: tuple[int, ...] = ()) -> tuple[str, Window]:
    """A window text and its oracle form (s, e) with s < e <= s + 1440; overnight
    windows and 24:00 ends included. ``pivots``: clock minutes (of the zone's
    transitions) that starts and ends are drawn near."""
    grid = draw(st.sampled_from([60, 60, 30, 15, 1]))
    s = draw(st.integers(0, (DAY - 1) // grid)) * grid
    length = draw(st.integers(1, DAY // grid)) * grid
    if pivots and draw(st.booleans()):
        grid = 15
        s = (draw(st.sampled_from(pivots)) + 15 * draw(st.integers(-4, 4))) % DAY
        length = 15 * draw(st.integers(1, 12))
        if draw(st.booleans()):  # end near a pivot instead
            s = (s - length) % DAY
    if s and length == DAY:
        length -= grid  # a whole day from a non-midnight start would be end == start
    e = s + length
    style_s, style_e = draw(st.integers(0, 2)), draw(st.integers(0, 2))
    if e == DAY:
        end = "24:00" if s == 0 or draw(st.booleans()) else clock_text(0, style_e)
    else:
        end = clock_text(e % DAY, style_e)
    return f"{clock_text(s, style_s)}-{end}", (s, e)


DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DAY_KEYS: dict[str, tuple[int, ...]] = {
    **{name: (i,) for i, name in enumerate(DAY_NAMES)},
    "mon-fri": (0, 1, 2, 3, 4),
    "sat-sun": (5, 6),
    "fri-mon": (4, 5, 6, 0),
    "tue-thu": (1, 2, 3),
    "sun-tue": (6, 0, 1),
    "daily": (0, 1, 2, 3, 4, 5, 6),
}


@st.composite
def weekly_hours(
    draw: st.DrawFn, pivots: tuple[int, ...] = ()
) -> tuple[dict[str, str | list[str]], tuple[tuple[Window, ...], ...]]:
    """A weekly ``hours`` mapping (possibly empty, keys possibly overlapping) and the
    oracle's windows per weekday (the union over every key naming the day)."""
    size = draw(st.sampled_from([1, 1, 2, 2, 3, 4, 0]))  # 0: never open but for openings
    keys = draw(
        st.lists(st.sampled_from(sorted(DAY_KEYS)), min_size=size, max_size=size, unique=True)
    )
    mapping: dict[str, str | list[str]] = {}
    days: list[list[Window]] = [[] for _ in range(7)]
    for key in keys:
        ws = draw(st.lists(windows(pivots), min_size=1, max_size=3))
        single = len(ws) == 1 and draw(st.booleans())
        mapping[key] = ws[0][0] if single else [text for text, _ in ws]
        for wd in DAY_KEYS[key]:
            days[wd] += [w for _, w in ws]
    return mapping, tuple(tuple(d) for d in days)


# --------------------------------------------------------------------------- closures, openings

RULES: dict[str, Callable[[date], bool]] = {
    "FREQ=DAILY": lambda d: True,
    "FREQ=WEEKLY;BYDAY=SU": lambda d: d.weekday() == 6,
    "FREQ=WEEKLY;BYDAY=MO,WE": lambda d: d.weekday() in (0, 2),
    "FREQ=MONTHLY;BYDAY=1SU": lambda d: d.weekday() == 6 and d.day <= 7,
    "FREQ=MONTHLY;BYDAY=-1SU": lambda d: (
        d.weekday() == 6 and d.day + 7 > pycal.monthrange(d.year, d.month)[1]
    ),
}


@dataclass(frozen=True)
class SpanItem:
    """One closure/opening item: the object given to slacalc, its source, and the
    oracle's spans (a Recurring is expanded over the dates in ``days``)."""

    value: object
    source: str
    spans: tuple[Span, ...]


def _dt_source(d: datetime) -> str:
    return f"datetime({d.year}, {d.month}, {d.day}, {d.hour}, {d.minute})"


@st.composite
def span_items(
    draw: st.DrawFn, centre: date, first: date, last: date, pivots: tuple[datetime, ...] = ()
) -> SpanItem:
    """``pivots``: local readings at the zone's transitions, that ranges start near."""
    kinds = ["range", "range", "range", "date", "recurring"] + ["pivot"] * 2 * bool(pivots)
    kind = draw(st.sampled_from(kinds))
    if kind == "date":
        d = centre + timedelta(days=draw(st.integers(-6, 8)))
        whole = (datetime.combine(d, time()), datetime.combine(d + timedelta(days=1), time()))
        return SpanItem(d, f"date({d.year}, {d.month}, {d.day})", (whole,))
    if kind == "recurring":
        rule = draw(st.sampled_from(sorted(RULES)))
        text, (s, e) = draw(windows(tuple(p.hour * 60 + p.minute for p in pivots)))
        spans = []
        d = first
        while d <= last:
            if RULES[rule](d):
                midnight = datetime.combine(d, time())
                spans.append((midnight + timedelta(minutes=s), midnight + timedelta(minutes=e)))
            d += timedelta(days=1)
        return SpanItem(sc.Recurring(rule, text), f"sc.Recurring({rule!r}, {text!r})", tuple(spans))
    grid = draw(st.sampled_from([60, 30, 15, 1]))
    day0 = centre + timedelta(days=draw(st.integers(-6, 8)))
    start = datetime.combine(day0, time()) + timedelta(
        minutes=grid * draw(st.integers(0, (DAY - 1) // grid))
    )
    end = start + timedelta(minutes=grid * draw(st.integers(1, 2 * DAY // grid)))
    if kind == "pivot":
        start = draw(st.sampled_from(pivots)) + timedelta(minutes=15 * draw(st.integers(-8, 8)))
        end = start + timedelta(minutes=15 * draw(st.integers(1, 16)))
        if draw(st.booleans()):  # end near the pivot instead
            start, end = start - (end - start), start
    if draw(st.booleans()):
        fmt = "%Y-%m-%d %H:%M"
        pair: object = (start.strftime(fmt), end.strftime(fmt))
        source = repr(pair)
    else:
        pair = (start, end)
        source = f"({_dt_source(start)}, {_dt_source(end)})"
    return SpanItem(pair, source, ((start, end),))


# --------------------------------------------------------------------------- calendars


@dataclass(frozen=True)
class CalPair:
    cal: sc.Calendar
    desc: Desc
    source: str

    @property
    def zone(self) -> str:
        return self.desc.zone

    def __repr__(self) -> str:
        return self.source

    def _repr_pretty_(self, p: Any, cycle: bool) -> None:  # hypothesis' falsifying examples
        p.text(self.source)


@st.composite
def weekly_pairs(draw: st.DrawFn, scn: Scenario, zone: str | None = None) -> CalPair:
    zone = zone or scn.zone
    centre = scn.local_centre(zone)
    z = ZoneInfo(zone)
    first = instant(scn.lo, z).date() - timedelta(days=2)
    last = instant(scn.hi, z).date() + timedelta(days=2)
    pivots = local_pivots(zone, scn.lo, scn.hi)
    hours, days = draw(weekly_hours(tuple(p.hour * 60 + p.minute for p in pivots)))
    holidays = sorted(
        {centre + timedelta(days=k) for k in draw(st.lists(st.integers(-6, 8), max_size=3))}
    )
    closures = draw(st.lists(span_items(centre, first, last, pivots), max_size=2))
    openings = draw(st.lists(span_items(centre, first, last, pivots), max_size=2))
    kwargs: dict[str, Any] = {"tz": zone}
    parts = [repr(hours), f"tz={zone!r}"]
    if holidays:
        kwargs["holidays"] = holidays
        parts.append(
            "holidays=[" + ", ".join(f"date({d.year}, {d.month}, {d.day})" for d in holidays) + "]"
        )
    for name, items in (("closures", closures), ("openings", openings)):
        if items:
            kwargs[name] = [i.value for i in items]
            parts.append(f"{name}=[" + ", ".join(i.source for i in items) + "]")
    cal = sc.Calendar.weekly(hours, **kwargs)
    desc = Weekly(
        zone,
        days,
        frozenset(holidays),
        tuple(s for i in closures for s in i.spans),
        tuple(s for i in openings for s in i.spans),
    )
    return CalPair(cal, desc, "sc.Calendar.weekly(" + ", ".join(parts) + ")")


def always_pair() -> CalPair:
    return CalPair(sc.Calendar.always(), Always(), "sc.Calendar.always()")


def never_pair(zone: str = "UTC") -> CalPair:
    return CalPair(
        sc.Calendar.weekly({}, tz=zone),
        Weekly(zone, ((),) * 7),
        f"sc.Calendar.weekly({{}}, tz={zone!r})",
    )


@st.composite
def operands(draw: st.DrawFn, scn: Scenario) -> CalPair:
    kind = draw(st.sampled_from(["same", "same", "other", "other", "always", "never"]))
    if kind == "always":
        return always_pair()
    if kind == "never":
        return never_pair(draw(st.sampled_from(ZONES)))
    zone = scn.zone if kind == "same" else draw(st.sampled_from(ZONES))
    return draw(weekly_pairs(scn, zone))


def combine(op: str, left: CalPair, right: CalPair | None = None) -> CalPair:
    if op == "not":
        return CalPair(~left.cal, Op("not", left.desc), f"~({left.source})")
    assert right is not None
    sym = {"or": "|", "and": "&", "sub": "-"}[op]
    cal = {"or": left.cal | right.cal, "and": left.cal & right.cal, "sub": left.cal - right.cal}[op]
    return CalPair(cal, Op(op, left.desc, right.desc), f"({left.source} {sym} {right.source})")


@st.composite
def algebra_pairs(draw: st.DrawFn, scn: Scenario, depth: int = 2) -> CalPair:
    op = draw(st.sampled_from(["or", "and", "sub", "not"]))

    def operand() -> CalPair:
        if depth > 1 and draw(st.integers(0, 3)) == 0:
            return draw(algebra_pairs(scn, depth - 1))
        return draw(operands(scn))

    left = operand()
    return combine(op, left, None if op == "not" else operand())


def calendars(scn: Scenario, algebra: bool = True) -> st.SearchStrategy[CalPair]:
    if not algebra:
        return weekly_pairs(scn)
    return st.one_of(weekly_pairs(scn), weekly_pairs(scn), algebra_pairs(scn))


@st.composite
def scenario_calendar(draw: st.DrawFn, algebra: bool = True) -> tuple[Scenario, CalPair]:
    scn = draw(scenarios())
    return scn, draw(calendars(scn, algebra))


def sorted_instants(xs: Sequence[datetime]) -> list[datetime]:
    return sorted(xs, key=utc)
