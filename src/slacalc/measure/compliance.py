"""Compliance: tickets met, breached and pending per group, and its trend by month.

Groups are keyed by record fields (:data:`~slacalc.measure.assessment.GROUP_FIELDS`);
shares are exact :class:`~fractions.Fraction` values (``float(share)`` for display).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from enum import StrEnum
from fractions import Fraction

import attrs

from slacalc._validate import share, whole
from slacalc.agreements.agreements import FrozenMap
from slacalc.errors import ArgumentTypeError, ParseError
from slacalc.measure._grouping import _fields, _group, _outcomes
from slacalc.measure.assessment import Outcome, Status
from slacalc.measure.periods import Month

__all__ = [
    "DEFAULT_GOAL",
    "DEFAULT_TOLERANCE",
    "Compliance",
    "Direction",
    "Trend",
    "compliance",
    "trend",
    "trends",
]

#: The share of tickets on time that counts as green unless a goal is given (95 %).
DEFAULT_GOAL = Fraction(95, 100)


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


def _mean(values: Sequence[Fraction]) -> Fraction | None:
    return sum(values, Fraction(0)) / len(values) if values else None


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
    whole(months, "months", 3, expected="a window of at least 3 months")
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
