"""Measurement: availability over agreed hours, compliance, trends, breaches, baselines.

Everything here takes records and returns values; nothing reads a file
(:mod:`slacalc.records` reads CSV). Time is exact integer microseconds; shares
are exact :class:`~fractions.Fraction` values (``float(share)`` for display).

>>> from datetime import datetime, timedelta, UTC
>>> import slacalc as sc
>>> from slacalc.measure import availability
>>> office = sc.Calendar.weekly({"mon-fri": "09:00-17:00"})
>>> monday = datetime(2026, 11, 30, tzinfo=UTC)
>>> a = availability([(monday + timedelta(hours=16), monday + timedelta(hours=20))],
...                  office, monday, monday + timedelta(days=7))
>>> a.down, a.share                     # only the hour inside 09:00-17:00 counts
(datetime.timedelta(seconds=3600), Fraction(39, 40))
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction
from numbers import Rational, Real

import attrs

from slacalc._instants import ONE_US, from_us, to_us
from slacalc._months import Month, ReportingPeriod
from slacalc.agreements import SLA, Catalogue, FrozenMap
from slacalc.calendar import Calendar
from slacalc.errors import (
    ArgumentTypeError,
    NaiveDatetimeError,
    ParseError,
    SlacalcError,
    TimerEventError,
    UnknownLevelError,
)
from slacalc.timer import Timer, TimerState

__all__ = [
    "DEFAULT_CATEGORIES",
    "DEFAULT_GOAL",
    "GROUP_FIELDS",
    "Availability",
    "Baseline",
    "BreachCategory",
    "Compliance",
    "Direction",
    "Month",
    "Outage",
    "Outcome",
    "ProblemCandidate",
    "RecordError",
    "ReportingPeriod",
    "Status",
    "TicketRecord",
    "Trend",
    "assess",
    "availability",
    "baselines",
    "breaches_by_category",
    "category",
    "compliance",
    "problem_candidates",
    "share",
    "sla_for",
    "trend",
    "trends",
]

#: The breach categories of the practice; pass your own tuple to add more.
DEFAULT_CATEGORIES: tuple[str, ...] = ("capacity", "third party", "process", "staffing")
#: The share of tickets on time that counts as green unless a goal is given (95 %).
DEFAULT_GOAL = Fraction(95, 100)
#: The fields records can be grouped by.
GROUP_FIELDS = ("sla", "service", "customer", "priority", "metric", "month")
_UNCATEGORISED = "uncategorised"


class RecordError(SlacalcError, ValueError):
    """Records with problems; ``problems`` lists every one as ``(where, message)``.

    ``where`` is ``line N`` for a record read from a file, else ``records[i]``.
    """

    def __init__(self, problems: Sequence[tuple[str, str]], source: str = "") -> None:
        self.problems = tuple(problems)
        self.source = source
        head = f"{source}: " if source else ""
        lines = [f"{head}{len(self.problems)} problem(s) in the records:"]
        lines += [f"  {where}: {msg}" for where, msg in self.problems]
        super().__init__("\n".join(lines))


# --- small checks -------------------------------------------------------------------------


def share(value: object, what: str = "share") -> Fraction:
    """An exact share from 0 to 1: ``0.995``, ``Fraction(199, 200)`` or text ``"99.5%"``.

    A bare number above 1 is refused rather than read as a percentage.

    >>> share("99.5%"), share(0.9)
    (Fraction(199, 200), Fraction(9, 10))
    """
    if isinstance(value, str):
        text = value.strip()
        scale = 100 if text.endswith("%") else 1
        try:
            exact = Fraction(text.removesuffix("%").strip()) / scale
        except (ValueError, ZeroDivisionError):
            raise ParseError(value, "a share such as 0.995 or '99.5%'", what) from None
    elif isinstance(value, bool) or not isinstance(value, Real | Decimal):
        raise ArgumentTypeError(what, value, "a share such as 0.995 or '99.5%'")
    elif isinstance(value, float) and not math.isfinite(value):
        raise ParseError(value, "a share from 0 to 1", what)
    else:
        exact = Fraction(value) if isinstance(value, Rational | Decimal) else Fraction(str(value))
    if not 0 <= exact <= 1:
        raise ParseError(value, "a share from 0 to 1 (write percentages as '99.5%')", what)
    return exact


def _aware(value: object, what: str) -> datetime:
    if not isinstance(value, datetime):
        raise ArgumentTypeError(what, value, "a timezone-aware datetime")
    if value.utcoffset() is None:
        raise NaiveDatetimeError(value, what)
    return value


def _text(what: str, value: object) -> str:
    if not isinstance(value, str):
        raise ArgumentTypeError(what, value, "a string")
    if not value.strip():
        raise ParseError(value, "a non-empty string", what)
    return value


def _u(value: datetime) -> datetime:
    return value.astimezone(UTC)


# --- availability -------------------------------------------------------------------------


@attrs.frozen
class Outage:
    """The service was down in ``[start, end)``; ``service`` and ``cause`` are labels.

    >>> from datetime import datetime, UTC
    >>> Outage(datetime(2026, 7, 1, 9, tzinfo=UTC), datetime(2026, 7, 1, 10, tzinfo=UTC),
    ...        service="email").duration
    datetime.timedelta(seconds=3600)
    """

    start: datetime = attrs.field(validator=lambda i, a, v: _aware(v, "start"))
    end: datetime = attrs.field(validator=lambda i, a, v: _aware(v, "end"))
    service: str = ""
    cause: str = ""

    def __attrs_post_init__(self) -> None:
        if _u(self.end) < _u(self.start):
            raise ParseError(
                f"{self.start.isoformat()} .. {self.end.isoformat()}",
                "an outage whose end is not before its start",
                "outage",
            )

    @property
    def duration(self) -> timedelta:
        """Its length in clock time."""
        return _u(self.end) - _u(self.start)


@attrs.frozen
class Availability:
    """How much of the agreed service hours in ``[start, end)`` the service was up.

    ``agreed`` is the time the calendar covers; ``down`` the covered time inside
    at least one outage. With no agreed hours nothing was promised, and
    :attr:`share` is 1.

    >>> from datetime import datetime, timedelta, UTC
    >>> a = Availability(datetime(2026, 7, 1, tzinfo=UTC), datetime(2026, 8, 1, tzinfo=UTC),
    ...                  agreed=timedelta(hours=100), down=timedelta(minutes=30))
    >>> a.share, a.budget("99%"), a.left("99%")
    (Fraction(199, 200), datetime.timedelta(seconds=3600), datetime.timedelta(seconds=1800))
    """

    start: datetime
    end: datetime
    agreed: timedelta
    down: timedelta

    @property
    def up(self) -> timedelta:
        """Agreed time the service was up."""
        return self.agreed - self.down

    @property
    def share(self) -> Fraction:
        """``up / agreed`` exactly, from 0 to 1 (1 when nothing was agreed)."""
        agreed = self.agreed // ONE_US
        return Fraction(self.up // ONE_US, agreed) if agreed else Fraction(1)

    def budget(self, target: object) -> timedelta:
        """The most downtime the period allows at ``target`` availability (whole microseconds)."""
        spare = 1 - share(target, "target")
        return timedelta(microseconds=math.floor(spare * (self.agreed // ONE_US)))

    def left(self, target: object) -> timedelta:
        """Downtime still allowed at ``target`` (negative once the budget is overspent)."""
        return self.budget(target) - self.down

    def meets(self, target: object) -> bool:
        """Whether the share reached ``target``."""
        return self.share >= share(target, "target")


def _spans(outages: Iterable[Outage | tuple[datetime, datetime]], a: int, b: int) -> list[int]:
    pieces: list[tuple[int, int]] = []
    for i, item in enumerate(outages):
        if not isinstance(item, Outage):
            if isinstance(item, str) or not isinstance(item, Sequence) or len(item) != 2:
                raise ArgumentTypeError(f"outages[{i}]", item, "an Outage or (start, end) pair")
            item = Outage(
                _aware(item[0], f"outages[{i}] start"), _aware(item[1], f"outages[{i}] end")
            )
        s, e = max(to_us(item.start), a), min(to_us(item.end), b)
        if s < e:
            pieces.append((s, e))
    merged: list[int] = []
    for s, e in sorted(pieces):
        if merged and s <= merged[-1]:
            merged[-1] = max(merged[-1], e)
        else:
            merged += [s, e]
    return merged


def availability(
    outages: Iterable[Outage | tuple[datetime, datetime]],
    calendar: Calendar,
    start: datetime,
    end: datetime,
) -> Availability:
    """The share of ``calendar``'s hours in ``[start, end)`` outside every outage.

    Outages are clipped to the period and to coverage (downtime at 3 a.m. breaks
    no office-hours promise); overlapping outages count once.

    >>> from datetime import datetime, timedelta, UTC
    >>> import slacalc as sc
    >>> day = datetime(2026, 7, 1, tzinfo=UTC)
    >>> hour = timedelta(hours=1)
    >>> a = availability([(day, day + 2 * hour), (day + hour, day + 3 * hour)],
    ...                  sc.Calendar.always(), day, day + 24 * hour)
    >>> a.down, a.share
    (datetime.timedelta(seconds=10800), Fraction(7, 8))
    """
    if not isinstance(calendar, Calendar):
        raise ArgumentTypeError("calendar", calendar, "a slacalc.Calendar")
    a, b = to_us(_aware(start, "start")), to_us(_aware(end, "end"))
    if b < a:
        raise ParseError(end.isoformat(), f"an end not before start {start.isoformat()}", "end")
    merged = _spans(outages, a, b)
    down = timedelta(0)
    for s, e in zip(merged[::2], merged[1::2], strict=True):
        down += calendar.elapsed(from_us(s, UTC), from_us(e, UTC))
    return Availability(start, end, calendar.elapsed(start, end), down)


# --- ticket records and their outcomes ----------------------------------------------------


def _pauses(
    value: Iterable[Sequence[datetime | None]],
) -> tuple[tuple[datetime, datetime | None], ...]:
    if isinstance(value, str) or not isinstance(value, Iterable):
        raise ArgumentTypeError("pauses", value, "a sequence of (start, end) pairs")
    out: list[tuple[datetime, datetime | None]] = []
    for i, pair in enumerate(value):
        if isinstance(pair, str) or not isinstance(pair, Sequence) or len(pair) != 2:
            raise ArgumentTypeError(f"pauses[{i}]", pair, "a (start, end) pair")
        begin = _aware(pair[0], f"pauses[{i}] start")
        out.append((begin, None if pair[1] is None else _aware(pair[1], f"pauses[{i}] end")))
    return tuple(out)


def _csat(value: object) -> Fraction | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, Real | Decimal | str):
        raise ArgumentTypeError("csat", value, "a satisfaction score (a number)")
    try:
        score = Fraction(str(value).strip())
    except (ValueError, ZeroDivisionError):
        raise ParseError(value, "a satisfaction score (a number)", "csat") from None
    if score < 0:
        raise ParseError(value, "a satisfaction score of 0 or more", "csat")
    return score


@attrs.frozen(kw_only=True)
class TicketRecord:
    """One ticket's clock for one metric: when it started, stopped and paused.

    ``stop`` is ``None`` while the ticket is open; a last pause may be open
    (``end`` ``None``). ``cause`` is the breach category if the ticket breached;
    ``first_contact`` and ``csat`` are carried where the service desk records them.
    ``line`` says where the record came from, for error messages.

    >>> from datetime import datetime, UTC
    >>> r = TicketRecord(ticket="INC-1", service="email", customer="Finance", priority="P2",
    ...                  metric="resolution", start=datetime(2026, 7, 1, 9, tzinfo=UTC),
    ...                  stop=datetime(2026, 7, 1, 12, tzinfo=UTC))
    >>> r.stop.hour
    12
    """

    ticket: str = attrs.field(validator=lambda i, a, v: _text("ticket", v))
    service: str = attrs.field(validator=lambda i, a, v: _text("service", v))
    customer: str = attrs.field(validator=lambda i, a, v: _text("customer", v))
    priority: str = attrs.field(validator=lambda i, a, v: _text("priority", v))
    metric: str = attrs.field(validator=lambda i, a, v: _text("metric", v))
    start: datetime = attrs.field(validator=lambda i, a, v: _aware(v, "start"))
    stop: datetime | None = attrs.field(
        default=None, validator=lambda i, a, v: None if v is None else _aware(v, "stop")
    )
    pauses: tuple[tuple[datetime, datetime | None], ...] = attrs.field(
        default=(), converter=_pauses
    )
    cause: str | None = attrs.field(
        default=None, validator=lambda i, a, v: None if v is None else _text("cause", v)
    )
    first_contact: bool | None = attrs.field(default=None)
    csat: Fraction | None = attrs.field(default=None, converter=_csat)
    line: int | None = attrs.field(default=None, eq=False)

    def __attrs_post_init__(self) -> None:
        if self.first_contact is not None and not isinstance(self.first_contact, bool):
            raise ArgumentTypeError("first_contact", self.first_contact, "a bool or None")
        last, what = self.start, "start"
        for i, (begin, end) in enumerate(self.pauses):
            if _u(begin) < _u(last):
                raise ParseError(
                    begin.isoformat(), f"a pause start not before {what}", f"pauses[{i}]"
                )
            if end is None and i != len(self.pauses) - 1:
                raise ParseError(None, "an end (only the last pause may be open)", f"pauses[{i}]")
            last, what = (begin, "its start") if end is None else (end, f"pauses[{i}] end")
            if end is not None and _u(end) < _u(begin):
                raise ParseError(
                    end.isoformat(), "a pause end not before its start", f"pauses[{i}]"
                )
        if self.stop is not None and _u(self.stop) < _u(last):
            raise ParseError(self.stop.isoformat(), f"a stop not before {what}", "stop")

    def timer(self, target: timedelta, calendar: Calendar) -> Timer:
        """The SLA clock of this record against ``target`` on ``calendar``."""
        timer = Timer(calendar, target, self.start)
        for begin, end in self.pauses:
            timer = timer.pause(begin)
            if end is not None:
                timer = timer.resume(end)
        return timer if self.stop is None else timer.stop(self.stop)


class Status(StrEnum):
    """How a record stands: ``met``, ``breached``, or ``pending`` (open, not yet breached)."""

    MET = "met"
    BREACHED = "breached"
    PENDING = "pending"


@attrs.frozen
class Outcome:
    """A record judged against its SLA target.

    ``elapsed`` is business time on the target's calendar (to the stop, or to
    ``as_of`` for an open record); ``closed`` says whether the stop is known;
    ``month`` is the local month of the start in the SLA calendar's zone.
    """

    record: TicketRecord
    sla: str
    target: timedelta
    status: Status
    elapsed: timedelta
    deadline: datetime | None
    month: Month
    closed: bool

    @property
    def met(self) -> bool:
        """Whether the target was met."""
        return self.status is Status.MET

    @property
    def breached(self) -> bool:
        """Whether the target was breached (a breach known while open counts)."""
        return self.status is Status.BREACHED

    def field(self, name: str) -> str:
        """The grouping value ``name`` (one of :data:`GROUP_FIELDS`)."""
        if name == "sla":
            return self.sla
        if name == "month":
            return str(self.month)
        return str(getattr(self.record, name))


def sla_for(catalogue: Catalogue, service: str, customer: str) -> SLA:
    """The one SLA for ``service`` and ``customer``; :class:`UnknownLevelError` otherwise.

    >>> import slacalc as sc
    >>> sla_for(sc.load("examples/catalogue.toml"), "email", "Finance").id
    'email-finance'
    """
    found = [s for s in catalogue.slas_for(service) if s.customer == customer]
    if len(found) == 1:
        return found[0]
    if found:
        ids = ", ".join(s.id for s in found)
        raise UnknownLevelError(f"one SLA for service {service!r}, customer", customer, (ids,))
    known = [s.customer for s in catalogue.slas_for(service)]
    if not known:
        raise UnknownLevelError("service with an SLA", service, [s.service for s in catalogue.slas])
    raise UnknownLevelError(f"customer of service {service!r}", customer, known)


def _judge(r: TicketRecord, sla: SLA, as_of: datetime | None) -> Outcome:
    target = sla.target(r.priority, r.metric)
    timer = r.timer(target.duration, target.calendar)
    closed = r.stop is not None and (as_of is None or _u(r.stop) <= _u(as_of))
    if closed:
        assert r.stop is not None
        status = Status.MET if timer.met else Status.BREACHED
        used = timer.elapsed(r.stop)
    else:
        assert as_of is not None
        breached = timer.state(as_of) is TimerState.BREACHED
        status = Status.BREACHED if breached else Status.PENDING
        used = timer.elapsed(as_of)
    month = Month.of(r.start, sla.calendar.tz)
    return Outcome(r, sla.id, target.duration, status, used, timer.deadline, month, closed)


def _where(r: TicketRecord, i: int) -> str:
    return f"line {r.line}" if r.line is not None else f"records[{i}]"


def assess(
    records: Iterable[TicketRecord], catalogue: Catalogue, *, as_of: datetime | None = None
) -> tuple[Outcome, ...]:
    """Judge every record against its SLA target in ``catalogue``.

    The SLA is the catalogue's one SLA for the record's service and customer; the
    target is its ``priority`` / ``metric`` target, counted on that target's
    calendar. An open record (or one that stops after ``as_of``) is ``breached``
    if its deadline passed by ``as_of``, else ``pending``. Every unresolvable
    record is reported at once in a :class:`RecordError`.

    >>> from datetime import datetime, UTC
    >>> import slacalc as sc
    >>> cat = sc.load("examples/catalogue.toml")
    >>> r = TicketRecord(ticket="INC-1", service="email", customer="Finance", priority="P2",
    ...                  metric="resolution", start=datetime(2026, 7, 1, 9, tzinfo=UTC),
    ...                  stop=datetime(2026, 7, 1, 15, tzinfo=UTC))
    >>> [(o.status, o.elapsed) for o in assess([r], cat)]   # 6h of an 8h target
    [(<Status.MET: 'met'>, datetime.timedelta(seconds=21600))]
    """
    if not isinstance(catalogue, Catalogue):
        raise ArgumentTypeError("catalogue", catalogue, "a slacalc.Catalogue")
    if as_of is not None:
        _aware(as_of, "as_of")
    problems: list[tuple[str, str]] = []
    out: list[Outcome] = []
    open_records = 0
    for i, r in enumerate(records):
        if not isinstance(r, TicketRecord):
            problems.append((f"records[{i}]", f"{r!r} is not a TicketRecord"))
            continue
        if as_of is None and r.stop is None:
            open_records += 1
            continue
        try:
            out.append(_judge(r, sla_for(catalogue, r.service, r.customer), as_of))
        except (UnknownLevelError, TimerEventError) as error:
            problems.append((_where(r, i), f"ticket {r.ticket!r}: {error}"))
    if open_records:
        problems.append(
            ("as_of", f"{open_records} record(s) have no stop: give as_of to judge them")
        )
    if problems:
        raise RecordError(problems)
    return tuple(out)


# --- compliance and trends ----------------------------------------------------------------


def _fields(by: Sequence[str]) -> tuple[str, ...]:
    if isinstance(by, str) or not isinstance(by, Sequence):
        raise ArgumentTypeError("by", by, f"a sequence of field names from {GROUP_FIELDS}")
    for name in by:
        if name not in GROUP_FIELDS:
            raise ParseError(name, f"a field from {', '.join(GROUP_FIELDS)}", "by")
    return tuple(by)


def _outcomes(outcomes: Iterable[Outcome]) -> list[Outcome]:
    out = list(outcomes)
    for i, o in enumerate(out):
        if not isinstance(o, Outcome):
            raise ArgumentTypeError(f"outcomes[{i}]", o, "an Outcome (see assess)")
    return out


def _group(
    outcomes: Iterable[Outcome], by: Sequence[str]
) -> dict[FrozenMap[str, str], list[Outcome]]:
    names = _fields(by)
    groups: dict[FrozenMap[str, str], list[Outcome]] = {}
    for o in _outcomes(outcomes):
        key = FrozenMap((n, o.field(n)) for n in names)
        groups.setdefault(key, []).append(o)
    return dict(sorted(groups.items(), key=lambda kv: tuple(kv[0].values())))


def _mean(values: Sequence[Fraction]) -> Fraction | None:
    return sum(values, Fraction(0)) / len(values) if values else None


@attrs.frozen
class Compliance:
    """Tickets met, breached and pending in one group, and what the records say besides.

    ``first_contact`` is the share of tickets resolved at first contact and
    ``csat`` the mean satisfaction score, each over the distinct tickets that
    carry the value (``None`` if none does).

    >>> c = Compliance(FrozenMap({"service": "email"}), met=19, breached=1, pending=2)
    >>> c.rate, c.total
    (Fraction(19, 20), 22)
    """

    key: FrozenMap[str, str]
    met: int
    breached: int
    pending: int = 0
    first_contact: Fraction | None = None
    csat: Fraction | None = None

    @property
    def total(self) -> int:
        """Every record in the group."""
        return self.met + self.breached + self.pending

    @property
    def rate(self) -> Fraction | None:
        """Met over judged (met + breached); ``None`` when nothing was judged yet."""
        judged = self.met + self.breached
        return Fraction(self.met, judged) if judged else None


def _compliance(key: FrozenMap[str, str], group: Sequence[Outcome]) -> Compliance:
    fcr: dict[str, bool] = {}
    csat: dict[str, Fraction] = {}
    for o in group:
        r = o.record
        if r.first_contact is not None:
            fcr.setdefault(r.ticket, r.first_contact)
        if r.csat is not None:
            csat.setdefault(r.ticket, r.csat)
    return Compliance(
        key,
        sum(o.met for o in group),
        sum(o.breached for o in group),
        sum(o.status is Status.PENDING for o in group),
        _mean([Fraction(int(v)) for v in fcr.values()]),
        _mean(list(csat.values())),
    )


def compliance(
    outcomes: Iterable[Outcome], *, by: Sequence[str] = ("service", "priority", "month")
) -> tuple[Compliance, ...]:
    """Compliance per group of ``by`` fields (from :data:`GROUP_FIELDS`), sorted by key.

    ``by=()`` gives one overall figure.

    >>> compliance([], by=("service",))
    ()
    """
    return tuple(_compliance(key, group) for key, group in _group(outcomes, by).items())


class Direction(StrEnum):
    """Which way a trend goes; ``insufficient`` with fewer than 3 months of data."""

    IMPROVING = "improving"
    STEADY = "steady"
    DECLINING = "declining"
    INSUFFICIENT = "insufficient"


@attrs.frozen
class Trend:
    """Monthly shares, their least-squares slope per month and its direction.

    ``green_but_declining`` flags what needs attention before it becomes a
    breach: every month with data meets the goal, but the trend is down.
    """

    points: tuple[tuple[Month, Fraction | None], ...]
    slope: Fraction | None
    direction: Direction
    goal: Fraction | None = None
    key: FrozenMap[str, str] = attrs.field(factory=FrozenMap)

    @property
    def latest(self) -> Fraction | None:
        """The last month's share that has data."""
        known = [v for _, v in self.points if v is not None]
        return known[-1] if known else None

    @property
    def meets_goal(self) -> bool | None:
        """Whether every month with data reaches the goal (``None`` without goal or data)."""
        known = [v for _, v in self.points if v is not None]
        if self.goal is None or not known:
            return None
        return all(v >= self.goal for v in known)

    @property
    def green_but_declining(self) -> bool:
        """Meets the goal now, but declining."""
        return bool(self.meets_goal) and self.direction is Direction.DECLINING


#: A change smaller than half a percentage point a month is steady.
DEFAULT_TOLERANCE = Fraction(1, 200)


def trend(
    points: Iterable[tuple[Month, Fraction | None]],
    *,
    goal: object = None,
    tolerance: object = DEFAULT_TOLERANCE,
) -> Trend:
    """The exact least-squares slope of monthly shares (per month) and its direction.

    Months without data (``None``) are left out of the fit but keep their place.

    >>> t = trend([(Month(2026, 4), Fraction(99, 100)), (Month(2026, 5), Fraction(98, 100)),
    ...            (Month(2026, 6), Fraction(97, 100))], goal="95%")
    >>> t.slope, t.direction.value, t.green_but_declining
    (Fraction(-1, 100), 'declining', True)
    """
    pts = tuple(sorted(points, key=lambda p: p[0]))
    for m, v in pts:
        if not isinstance(m, Month):
            raise ArgumentTypeError("trend month", m, "a Month")
        if v is not None:
            share(v, f"share for {m}")
    if len({m for m, _ in pts}) != len(pts):
        raise ParseError([str(m) for m, _ in pts], "distinct months", "points")
    tol = share(tolerance, "tolerance")
    data = [(Fraction(m.index), Fraction(v)) for m, v in pts if v is not None]
    if len(data) < 3:
        slope = None if len(data) < 2 else _slope(data)
        return Trend(pts, slope, Direction.INSUFFICIENT, _goal(goal))
    slope = _slope(data)
    direction = (
        Direction.IMPROVING
        if slope > tol
        else Direction.DECLINING
        if slope < -tol
        else Direction.STEADY
    )
    return Trend(pts, slope, direction, _goal(goal))


def _goal(goal: object) -> Fraction | None:
    return None if goal is None else share(goal, "goal")


def _slope(data: Sequence[tuple[Fraction, Fraction]]) -> Fraction:
    mx = sum((x for x, _ in data), Fraction(0)) / len(data)
    my = sum((y for _, y in data), Fraction(0)) / len(data)
    sxx = sum(((x - mx) ** 2 for x, _ in data), Fraction(0))
    sxy = sum(((x - mx) * (y - my) for x, y in data), Fraction(0))
    return sxy / sxx


def trends(
    outcomes: Iterable[Outcome],
    *,
    last: Month,
    months: int = 6,
    by: Sequence[str] = ("service",),
    goal: object = DEFAULT_GOAL,
    tolerance: object = DEFAULT_TOLERANCE,
) -> tuple[Trend, ...]:
    """The compliance trend of each ``by`` group over the ``months`` months ending ``last``.

    The practice looks at three to six months; fewer than three is refused.

    >>> trends([], last=Month(2026, 9))
    ()
    """
    if not isinstance(last, Month):
        raise ArgumentTypeError("last", last, "a Month")
    if isinstance(months, bool) or not isinstance(months, int):
        raise ArgumentTypeError("months", months, "an int")
    if months < 3:
        raise ParseError(months, "a window of at least 3 months", "months")
    window = [last.shift(k - months + 1) for k in range(months)]
    span = set(window)
    names = [n for n in _fields(by) if n != "month"]
    out = []
    for key, group in _group((o for o in _outcomes(outcomes) if o.month in span), names).items():
        rates = {m: None for m in window} | {
            Month.parse(c.key["month"]): c.rate for c in compliance(group, by=("month",))
        }
        t = trend(list(rates.items()), goal=goal, tolerance=tolerance)
        out.append(attrs.evolve(t, key=key))
    return tuple(out)


# --- breaches, problems, baselines --------------------------------------------------------


def category(text: str) -> str:
    """A breach cause in canonical form: lower case, ``-`` and ``_`` read as spaces.

    >>> category(" Third-Party ")
    'third party'
    """
    return " ".join(_text("cause", text).replace("-", " ").replace("_", " ").lower().split())


@attrs.frozen
class BreachCategory:
    """The breaches of one category (``uncategorised`` when the record gives no cause)."""

    name: str
    breaches: tuple[Outcome, ...]

    @property
    def count(self) -> int:
        """How many breaches."""
        return len(self.breaches)


def breaches_by_category(
    outcomes: Iterable[Outcome], *, categories: Iterable[str] = DEFAULT_CATEGORIES
) -> tuple[BreachCategory, ...]:
    """Breaches grouped by cause, largest group first (then in ``categories`` order).

    A cause outside ``categories`` is an error listing every such record, so a
    typo never becomes a category of its own.

    >>> breaches_by_category([])
    ()
    """
    allowed = [category(c) for c in _strings("categories", categories)]
    groups: dict[str, list[Outcome]] = {}
    problems: list[tuple[str, str]] = []
    for i, o in enumerate(_outcomes(outcomes)):
        if not o.breached:
            continue
        cause = _UNCATEGORISED if o.record.cause is None else category(o.record.cause)
        if cause != _UNCATEGORISED and cause not in allowed:
            where = _where(o.record, i)
            known = ", ".join(allowed)
            problems.append(
                (where, f"ticket {o.record.ticket!r}: cause {cause!r} is not one of {known}")
            )
        groups.setdefault(cause, []).append(o)
    if problems:
        raise RecordError(problems)
    order = [*allowed, _UNCATEGORISED]
    names = sorted(groups, key=lambda n: (-len(groups[n]), order.index(n)))
    return tuple(BreachCategory(n, tuple(groups[n])) for n in names)


def _strings(what: str, value: Iterable[str]) -> tuple[str, ...]:
    if isinstance(value, str) or not isinstance(value, Iterable):
        raise ArgumentTypeError(what, value, "a sequence of strings")
    return tuple(_text(what, v) for v in value)


@attrs.frozen
class ProblemCandidate:
    """Recurring breaches on one service: a signal for problem management.

    ``breaches`` are the evidence (every breach of the tickets involved), in
    order of the instant the target was missed.
    """

    service: str
    breaches: tuple[Outcome, ...]

    @property
    def tickets(self) -> tuple[str, ...]:
        """The distinct tickets, in order of their first breach."""
        return tuple(dict.fromkeys(o.record.ticket for o in self.breaches))

    @property
    def first(self) -> datetime:
        """When the first of these breaches happened."""
        return _breached_at(self.breaches[0])

    @property
    def last(self) -> datetime:
        """When the last of these breaches happened."""
        return _breached_at(self.breaches[-1])

    @property
    def causes(self) -> tuple[tuple[str, int], ...]:
        """Breach counts by cause, most frequent first."""
        counts: dict[str, int] = {}
        for o in self.breaches:
            name = _UNCATEGORISED if o.record.cause is None else category(o.record.cause)
            counts[name] = counts.get(name, 0) + 1
        return tuple(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


def _breached_at(o: Outcome) -> datetime:
    return o.deadline if o.deadline is not None else o.record.stop or o.record.start


def problem_candidates(
    outcomes: Iterable[Outcome], *, window: timedelta = timedelta(days=28), threshold: int = 3
) -> tuple[ProblemCandidate, ...]:
    """Services where at least ``threshold`` tickets breached within some ``window``.

    Overlapping busy windows on one service merge into one candidate; a ticket
    counts once however many of its metrics breached.

    >>> problem_candidates([])
    ()
    """
    if not isinstance(window, timedelta):
        raise ArgumentTypeError("window", window, "a datetime.timedelta")
    if window <= timedelta(0):
        raise ParseError(window, "a window longer than zero", "window")
    if isinstance(threshold, bool) or not isinstance(threshold, int):
        raise ArgumentTypeError("threshold", threshold, "an int")
    if threshold < 2:
        raise ParseError(threshold, "a threshold of 2 or more (recurring)", "threshold")
    by_service: dict[str, list[Outcome]] = {}
    for o in _outcomes(outcomes):
        if o.breached:
            by_service.setdefault(o.record.service, []).append(o)
    found = []
    for service in sorted(by_service):
        breaches = sorted(by_service[service], key=lambda o: _u(_breached_at(o)))
        first: dict[str, datetime] = {}
        for o in breaches:
            first.setdefault(o.record.ticket, _u(_breached_at(o)))
        tickets = list(first)
        for cluster in _clusters([first[t] for t in tickets], window, threshold):
            ids = {tickets[k] for k in cluster}
            evidence = tuple(o for o in breaches if o.record.ticket in ids)
            found.append(ProblemCandidate(service, evidence))
    return tuple(found)


def _clusters(times: Sequence[datetime], window: timedelta, threshold: int) -> list[range]:
    """Maximal index runs covered by windows ``[t_i, t_i + window)`` holding ``threshold``."""
    runs: list[range] = []
    j = 0
    for i, t in enumerate(times):
        j = max(j, i)
        while j + 1 < len(times) and times[j + 1] - t < window:
            j += 1
        if j - i + 1 >= threshold:
            if runs and i < runs[-1].stop:
                runs[-1] = range(runs[-1].start, max(runs[-1].stop, j + 1))
            else:
                runs.append(range(i, j + 1))
    return runs


@attrs.frozen
class Baseline:
    """Business time taken for one SLA priority and metric, and the target it supports.

    ``percentiles`` are nearest-rank (each an observed value); ``suggested`` is
    the tightest target that ``attainment`` of the samples would have met
    (business time taken at most the target); ``current`` is today's target.
    """

    sla: str
    priority: str
    metric: str
    samples: int
    percentiles: tuple[tuple[Fraction, timedelta], ...]
    attainment: Fraction
    suggested: timedelta
    current: timedelta
    current_attainment: Fraction
    first: datetime
    last: datetime

    @property
    def span(self) -> timedelta:
        """From the first sample's start to the last one's."""
        return _u(self.last) - _u(self.first)

    @property
    def enough_history(self) -> bool:
        """Whether the samples span at least four weeks (the practice asks four to six)."""
        return self.span >= timedelta(weeks=4)

    def rounded(self, step: timedelta) -> timedelta:
        """:attr:`suggested` rounded up to a whole ``step`` (say 15 minutes)."""
        if not isinstance(step, timedelta) or step <= timedelta(0):
            raise ParseError(step, "a positive timedelta", "step")
        return math.ceil(self.suggested / step) * step


def _rank(ordered: Sequence[timedelta], p: Fraction) -> timedelta:
    return ordered[max(math.ceil(p * len(ordered)), 1) - 1]


def baselines(
    outcomes: Iterable[Outcome],
    *,
    attainment: object = Fraction(9, 10),
    percentiles: Iterable[object] = ("50%", "75%", "90%", "95%"),
) -> tuple[Baseline, ...]:
    """Baselines per SLA, priority and metric from closed records (open ones are left out).

    Feed it four to six weeks of history before committing to a target.

    >>> baselines([])
    ()
    """
    level = share(attainment, "attainment")
    points = tuple(share(p, "percentile") for p in percentiles)
    if level == 0 or 0 in points:
        raise ParseError(0, "a share above 0", "attainment" if level == 0 else "percentile")
    closed = [o for o in _outcomes(outcomes) if o.closed]
    out = []
    for key, group in _group(closed, ("sla", "priority", "metric")).items():
        ordered = sorted(o.elapsed for o in group)
        current = group[-1].target
        starts = sorted(_u(o.record.start) for o in group)
        out.append(
            Baseline(
                key["sla"],
                key["priority"],
                key["metric"],
                len(ordered),
                tuple((p, _rank(ordered, p)) for p in points),
                level,
                _rank(ordered, level),
                current,
                Fraction(sum(e <= current for e in ordered), len(ordered)),
                starts[0],
                starts[-1],
            )
        )
    return tuple(out)
