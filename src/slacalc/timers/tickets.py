"""Tickets: several SLA timers driven by one event log, and many tickets at once.

A :class:`Ticket` runs one :class:`~slacalc.Timer` per metric (``response``,
``resolution``, any named metric), each on its own target and calendar, all
driven by the ticket's event log::

    >>> from datetime import datetime, timedelta, UTC
    >>> import slacalc as sc
    >>> cal = sc.Calendar.always()
    >>> targets = {"response": sc.Target(timedelta(minutes=30), cal),
    ...            "resolution": sc.Target(timedelta(hours=8), cal)}
    >>> t0 = datetime(2026, 3, 2, 9, tzinfo=UTC)
    >>> ticket = sc.Ticket.from_events("INC-1", targets, [
    ...     (t0, "open"), (t0 + timedelta(minutes=20), "respond")])
    >>> [(s.metric, s.state) for s in ticket.status(t0 + timedelta(hours=1))]
    [('response', <TimerState.MET: 'met'>), ('resolution', <TimerState.RUNNING: 'running'>)]

:func:`statuses` and :func:`breaching` answer for many tickets in one call.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

import attrs

from slacalc._validate import _aware, _u, items_of, string, string_or_none
from slacalc.agreements.agreements import FrozenMap
from slacalc.errors import ArgumentTypeError, ParseError, TimerEventError
from slacalc.priority import _Target
from slacalc.timers.timer import (
    DEFAULT_THRESHOLDS,
    DEFAULT_WARN_AT,
    Timer,
    TimerState,
    _fraction,
    _read_events,
)

if TYPE_CHECKING:
    pass

__all__ = ["TICKET_EVENTS", "Ticket", "TimerStatus", "breaching", "statuses"]

#: The ticket-level event kinds :meth:`Ticket.from_events` understands (besides milestones).
TICKET_EVENTS = ("open", "pause", "resume", "respond", "resolve", "reopen")


@attrs.frozen
class TimerStatus:
    """One timer of one ticket at an instant: the row of an SLA board.

    ``deadline`` is ``None`` while paused; ``remaining`` is negative once breached;
    ``next_alert`` is the first ``(threshold, instant)`` at or after ``now`` while
    the clock runs, else ``None``. ``timer`` is the timer itself, for drilling down.

    >>> from datetime import datetime, timedelta, UTC
    >>> import slacalc as sc
    >>> t0 = datetime(2026, 3, 2, 9, tzinfo=UTC)
    >>> timer = sc.Timer(sc.Calendar.always(), timedelta(hours=4), t0)
    >>> row = sc.Ticket("INC-1", {"resolution": timer}).status(t0)[0]
    >>> row.state, row.next_alert[0]
    (<TimerState.RUNNING: 'running'>, 0.5)
    """

    ticket: str
    metric: str
    priority: str | None
    state: TimerState
    deadline: datetime | None
    remaining: timedelta
    fraction: float
    next_alert: tuple[float, datetime] | None
    timer: Timer = attrs.field(repr=False)

    @classmethod
    def of(
        cls,
        ticket: Ticket,
        metric: str,
        now: datetime,
        thresholds: Iterable[float] = DEFAULT_THRESHOLDS,
    ) -> TimerStatus:
        """The status of ``ticket.timers[metric]`` at ``now``."""
        timer = ticket.timers[metric]
        state, deadline, used, alert = timer._snapshot(_aware(now, "now"), tuple(thresholds))
        remaining, fraction = timer.target - used, _fraction(used, timer.target)
        return cls(
            ticket.id, metric, ticket.priority, state, deadline, remaining, fraction, alert, timer
        )


def _timers(value: Mapping[str, Timer]) -> FrozenMap[str, Timer]:
    if not isinstance(value, Mapping):
        raise ArgumentTypeError("timers", value, "a mapping of metric -> Timer")
    for metric, timer in value.items():
        if not isinstance(metric, str):
            raise ArgumentTypeError("timers metric", metric, "a metric name (a string)")
        if not isinstance(timer, Timer):
            raise ArgumentTypeError(f"timers[{metric!r}]", timer, "a slacalc.Timer")
    return FrozenMap(value)


@attrs.frozen
class Ticket:
    """A ticket's SLA timers, one per metric, and its priority if known.

    Build one from timers you hold, or from an event log with :meth:`from_events`.

    >>> from datetime import datetime, timedelta, UTC
    >>> import slacalc as sc
    >>> t0 = datetime(2026, 3, 2, 9, tzinfo=UTC)
    >>> timer = sc.Timer(sc.Calendar.always(), timedelta(hours=4), t0)
    >>> sc.Ticket("INC-7", {"resolution": timer}, priority="P2").timers["resolution"].deadline.hour
    13
    """

    id: str = attrs.field(validator=string)
    timers: FrozenMap[str, Timer] = attrs.field(converter=_timers)
    priority: str | None = attrs.field(default=None, validator=string_or_none)

    @classmethod
    def from_events(
        cls,
        id: str,
        targets: Mapping[str, _Target],
        events: Iterable[tuple[datetime, str]],
        *,
        priority: str | None = None,
        milestones: Collection[str] = ("response",),
        warn_at: float = DEFAULT_WARN_AT,
    ) -> Ticket:
        """A ticket whose timers (one per ``targets`` metric) follow one event log.

        Event kinds, matched case-insensitively:

        - ``open``: every timer starts;
        - ``pause`` / ``resume``: every timer not yet stopped pauses / resumes;
        - ``respond``: stops the ``response`` timer (a later ``respond`` changes
          nothing); an event named after any milestone metric stops that timer;
        - ``resolve``: stops every timer still going (a resolution answers too);
        - ``reopen``: restarts every timer that is not a milestone (``resolution``).

        Events are sorted by instant, stably, and none is dropped; an impossible
        sequence (``resume`` while running, anything before ``open``, ``pause``
        after ``resolve``) raises :class:`~slacalc.errors.TimerEventError` naming
        the event and its index in ``events``.

        >>> from datetime import datetime, timedelta, UTC
        >>> import slacalc as sc
        >>> cal = sc.Calendar.always()
        >>> t0 = datetime(2026, 3, 2, 9, tzinfo=UTC)
        >>> ticket = sc.Ticket.from_events(
        ...     "INC-2", {"resolution": sc.Target(timedelta(hours=4), cal)},
        ...     [(t0, "open"), (t0 + timedelta(hours=5), "resolve")])
        >>> ticket.timers["resolution"].met
        False
        """
        marks = _milestones(milestones)
        log = _read_events(events, (*TICKET_EVENTS, *marks))
        replay = _Replay(targets, marks, warn_at)
        for i in sorted(range(len(log)), key=lambda k: _u(log[k][0])):
            at, kind = log[i]
            try:
                replay.apply(kind, at)
            except TimerEventError as error:
                raise TimerEventError(
                    f"events[{i}] ({at.isoformat()}, {kind!r}): {error}", (at, kind), i
                ) from None
        if not replay.timers:
            raise TimerEventError("no 'open' event: a ticket's timers start when it opens")
        return cls(id, replay.timers, priority)

    def status(
        self, now: datetime, *, thresholds: Iterable[float] = DEFAULT_THRESHOLDS
    ) -> list[TimerStatus]:
        """One :class:`TimerStatus` per timer at ``now``, in the ticket's metric order.

        >>> from datetime import datetime, timedelta, UTC
        >>> import slacalc as sc
        >>> t0 = datetime(2026, 3, 2, 9, tzinfo=UTC)
        >>> timer = sc.Timer(sc.Calendar.always(), timedelta(hours=4), t0)
        >>> sc.Ticket("INC-1", {"resolution": timer}).status(t0 + timedelta(hours=5))[0].state
        <TimerState.BREACHED: 'breached'>
        """
        now = _aware(now, "now")
        limits = tuple(thresholds)
        return [TimerStatus.of(self, metric, now, limits) for metric in self.timers]


def _milestones(value: Collection[str]) -> dict[str, str]:
    """Event kind -> milestone metric, lower-cased (``respond`` -> ``response``)."""
    if isinstance(value, str) or not isinstance(value, Collection):
        raise ArgumentTypeError("milestones", value, "a collection of metric names")
    marks = {"respond": "response"}
    for metric in value:
        if not isinstance(metric, str) or metric.strip().lower() in TICKET_EVENTS:
            raise ParseError(metric, "a metric name that is not a ticket event", "milestones")
        marks[metric.strip().lower()] = metric.strip().lower()
    return marks


class _Replay:
    """The ticket as its events replay: which timers run, whether it is paused or resolved."""

    def __init__(self, targets: Mapping[str, _Target], marks: dict[str, str], warn_at: float):
        if not isinstance(targets, Mapping) or not targets:
            raise ArgumentTypeError("targets", targets, "a non-empty mapping of metric -> Target")
        self.targets = targets
        self.marks = marks
        self.milestones = set(marks.values())
        self.warn_at = warn_at
        self.timers: dict[str, Timer] = {}
        self.paused = False
        self.resolved: datetime | None = None

    def _each(self, verb: str, at: datetime, *, only: str = "live") -> None:
        for metric, timer in self.timers.items():
            stopped = timer.stopped_at is not None
            if only == "live" and stopped:
                continue
            if only == "not milestone" and metric.lower() in self.milestones:
                continue
            self.timers[metric] = getattr(timer, verb)(at)

    def apply(self, kind: str, at: datetime) -> None:
        if not self.timers and kind != "open":
            raise TimerEventError("comes before the ticket is opened (no earlier 'open')")
        if self.resolved is not None and kind in ("pause", "resume"):
            raise TimerEventError(f"the ticket was resolved at {self.resolved.isoformat()}")
        if kind == "open":
            if self.timers:
                raise TimerEventError("a second 'open' (use 'reopen' after 'resolve')")
            self.timers = {
                m: Timer(t.calendar, t.duration, at, warn_at=self.warn_at)
                for m, t in self.targets.items()
            }
        elif kind in ("pause", "resume"):
            if self.paused == (kind == "pause"):
                state = "already paused" if self.paused else "running, not paused"
                raise TimerEventError(f"the ticket is {state}")
            self.paused = kind == "pause"
            self._each(kind, at)
        elif kind == "resolve":
            if self.resolved is not None:
                raise TimerEventError(f"already resolved at {self.resolved.isoformat()}")
            self._each("stop", at)
            self.resolved, self.paused = at, False
        elif kind == "reopen":
            if self.resolved is None:
                raise TimerEventError("the ticket is not resolved")
            self._each("restart", at, only="not milestone")
            self.resolved = None
        else:
            for metric, timer in self.timers.items():
                if metric.lower() == self.marks[kind] and timer.stopped_at is None:
                    self.timers[metric] = timer.stop(at)


def _tickets(tickets: Iterable[Ticket]) -> list[Ticket]:
    return items_of(tickets, Ticket, "tickets", "a slacalc.Ticket")


def statuses(
    tickets: Iterable[Ticket],
    now: datetime,
    *,
    thresholds: Iterable[float] = DEFAULT_THRESHOLDS,
) -> list[TimerStatus]:
    """Every timer of every ticket at ``now``, in input order (tickets, then metrics).

    >>> from datetime import datetime, timedelta, UTC
    >>> import slacalc as sc
    >>> t0 = datetime(2026, 3, 2, 9, tzinfo=UTC)
    >>> timer = sc.Timer(sc.Calendar.always(), timedelta(hours=4), t0)
    >>> [s.remaining for s in sc.statuses([sc.Ticket("A", {"fix": timer})], t0)]
    [datetime.timedelta(seconds=14400)]
    """
    now = _aware(now, "now")
    limits = tuple(thresholds)
    return [row for ticket in _tickets(tickets) for row in ticket.status(now, thresholds=limits)]


def breaching(
    tickets: Iterable[Ticket],
    now: datetime,
    within: timedelta = timedelta(hours=4),
    *,
    include_breached: bool = False,
    thresholds: Iterable[float] = DEFAULT_THRESHOLDS,
) -> list[TimerStatus]:
    """The running timers whose deadline falls in ``[now, now + within]``, soonest first.

    Paused and stopped timers cannot breach while they stay so, and are left
    out. With ``include_breached``, running timers already past their deadline
    come first.

    >>> from datetime import datetime, timedelta, UTC
    >>> import slacalc as sc
    >>> t0 = datetime(2026, 3, 2, 9, tzinfo=UTC)
    >>> cal = sc.Calendar.always()
    >>> soon = sc.Ticket("A", {"fix": sc.Timer(cal, timedelta(hours=2), t0)})
    >>> later = sc.Ticket("B", {"fix": sc.Timer(cal, timedelta(hours=8), t0)})
    >>> [s.ticket for s in sc.breaching([soon, later], t0, timedelta(hours=4))]
    ['A']
    """
    now = _aware(now, "now")
    if not isinstance(within, timedelta):
        raise ArgumentTypeError("within", within, "a datetime.timedelta")
    if within < timedelta(0):
        raise ParseError(within, "a look-ahead of zero or more", "within")
    n = _u(now)
    horizon = n + within
    due: list[TimerStatus] = []
    for row in statuses(tickets, now, thresholds=thresholds):
        stop = row.timer.stopped_at
        if row.deadline is None or (stop is not None and _u(stop) <= n):
            continue
        if row.state in (TimerState.RUNNING, TimerState.WARNING):
            if n <= _u(row.deadline) <= horizon:
                due.append(row)
        elif row.state is TimerState.BREACHED and include_breached:
            due.append(row)
    return sorted(due, key=lambda r: (_u(r.deadline or now), r.ticket, r.metric))
