"""Availability: the share of the agreed service hours a service was up.

Outages are clipped to the period and to the calendar's coverage; overlapping
outages count once. Time is exact integer microseconds; the share is an exact
:class:`~fractions.Fraction`.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime, timedelta
from fractions import Fraction

import attrs

from slacalc._engine.instants import ONE_US, from_us, to_us
from slacalc._validate import _aware, _u, share
from slacalc.calendar.calendar import Calendar
from slacalc.errors import ArgumentTypeError, ParseError

__all__ = ["Availability", "Outage", "availability"]


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
