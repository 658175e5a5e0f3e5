"""SLA timers: a target of business time, a clock that can pause, stop and restart.

A :class:`Timer` is a value. It counts the time its calendar covers from ``start``,
leaving out the paused intervals, and answers the questions a service desk asks
(deadline, time left, state, when to warn) for any instant ``now``::

    >>> from datetime import datetime, timedelta, UTC
    >>> import slacalc as sc
    >>> t0 = datetime(2026, 3, 2, 9, tzinfo=UTC)
    >>> t = sc.Timer(sc.Calendar.always(), timedelta(hours=4), t0)
    >>> t = t.pause(t0 + timedelta(hours=1)).resume(t0 + timedelta(hours=3))
    >>> t.deadline.isoformat()
    '2026-03-02T15:00:00+00:00'
    >>> t.state(t0 + timedelta(hours=2))
    <TimerState.PAUSED: 'paused'>

Conventions (docs/reference-timers.md has them in full):

- queries take ``now`` and read the history as of ``now``: an event after ``now``
  has not happened yet;
- every instant is compared as an instant (in UTC), never as a wall-clock reading;
- times are exact integer microseconds (the calendar's ``add`` / ``elapsed``); only
  :meth:`Timer.fraction` is a float;
- a zero target is legal (its deadline is the start); a negative one is an error.
"""

from __future__ import annotations

import copy
import math
from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta
from enum import StrEnum
from fractions import Fraction
from numbers import Real

import attrs

from slacalc._validate import _aware, _u
from slacalc.calendar.calendar import Calendar
from slacalc.errors import ArgumentTypeError, ParseError, TimerEventError
from slacalc.timers._events import _event_error
from slacalc.timers._events import _read_events as _read_events

__all__ = ["DEFAULT_THRESHOLDS", "DEFAULT_WARN_AT", "EVENT_KINDS", "Pause", "Timer", "TimerState"]

#: The event kinds :meth:`Timer.from_events` understands.
EVENT_KINDS = ("start", "pause", "resume", "stop", "restart")
#: The fractions of the target at which timers warn by default (:meth:`Timer.alerts`,
#: ``Ticket.status``, ``slacalc timers`` for an SLA without ``warnings``). The one
#: default for alerts: the warning state begins at the middle one
#: (:data:`DEFAULT_WARN_AT`), and the command line adds the breach itself (1.0).
DEFAULT_THRESHOLDS: tuple[float, ...] = (0.5, 0.75, 0.9)
#: The fraction used at which :meth:`Timer.state` says ``warning``: a default threshold.
DEFAULT_WARN_AT: float = DEFAULT_THRESHOLDS[1]

_ZERO = timedelta(0)
_US = timedelta(microseconds=1)

#: Business time of running stretches already walked, by ``(begin, end)``.
_Memo = dict[tuple[datetime, datetime], timedelta]


class TimerState(StrEnum):
    """Where a timer stands at an instant.

    >>> TimerState("met") is TimerState.MET
    True
    """

    RUNNING = "running"
    PAUSED = "paused"
    WARNING = "warning"
    BREACHED = "breached"
    MET = "met"


# --- argument checks --------------------------------------------------------------


def _key(value: datetime | None) -> datetime | None:
    return None if value is None else _u(value)


def _target(value: object) -> timedelta:
    if not isinstance(value, timedelta):
        raise ArgumentTypeError("target", value, "a datetime.timedelta")
    if value < _ZERO:
        raise ParseError(value, "a target of zero or more", "target")
    return value


def _fraction(used: timedelta, target: timedelta) -> float:
    """The share of ``target`` that ``used`` is; a zero target: 1.0, then ``inf``."""
    if not target:
        return 1.0 if not used else math.inf
    return used / target


def _exact(value: object, what: str, *, at_most_one: bool) -> Fraction:
    """A fraction of the target as an exact rational: 0.9 means 9/10, not 0.9000000000000000222."""
    if isinstance(value, bool) or not isinstance(value, Real):
        raise ArgumentTypeError(what, value, "a number such as 0.75")
    expected = "a fraction from 0 to 1" if at_most_one else "a fraction of 0 or more"
    if not math.isfinite(value):
        raise ParseError(value, expected, what)
    try:
        exact = Fraction(str(value))  # str(0.9) == "0.9": the decimal the caller wrote
    except ValueError:
        exact = Fraction(float(value))
    if exact < 0 or (at_most_one and exact > 1):
        raise ParseError(value, expected, what)
    return exact


def _share(target: timedelta, fraction: Fraction) -> timedelta:
    """The least whole number of microseconds that is at least ``fraction`` of ``target``."""
    return math.ceil(fraction * (target // _US)) * _US


_LIVE = (TimerState.RUNNING, TimerState.WARNING, TimerState.BREACHED)

#: A timer at an instant: state, deadline, elapsed time and next alert.
_Snapshot = tuple[TimerState, datetime | None, timedelta, tuple[float, datetime] | None]


# --- the timer --------------------------------------------------------------------


@attrs.frozen
class Pause:
    """A closed pause: the clock stood still in ``[start, end)``.

    >>> from datetime import datetime, UTC
    >>> Pause(datetime(2026, 3, 2, 10, tzinfo=UTC), datetime(2026, 3, 2, 11, tzinfo=UTC)).end.hour
    11
    """

    start: datetime = attrs.field(eq=_u)
    end: datetime = attrs.field(eq=_u)


@attrs.frozen(init=False)
class Timer:
    """An SLA clock: ``target`` of time covered by ``calendar``, counted from ``start``.

    Build one with ``Timer(calendar, target, start)`` and the verbs :meth:`pause`,
    :meth:`resume`, :meth:`stop` and :meth:`restart` (each returns a new timer), or
    from an event log with :meth:`from_events`. The attributes describe the current
    cycle; :attr:`cycles` lists every cycle, each as a single-cycle timer.

    >>> from datetime import datetime, timedelta, UTC
    >>> import slacalc as sc
    >>> t0 = datetime(2026, 3, 2, 9, tzinfo=UTC)
    >>> t = sc.Timer(sc.Calendar.always(), timedelta(hours=4), t0).stop(t0 + timedelta(hours=3))
    >>> t.met, t.state(t0 + timedelta(days=1))
    (True, <TimerState.MET: 'met'>)
    """

    calendar: Calendar
    target: timedelta
    start: datetime = attrs.field(eq=_u)
    #: Closed pauses of the current cycle, in order.
    pauses: tuple[Pause, ...]
    #: The start of an open pause, if the clock is paused.
    paused_at: datetime | None = attrs.field(eq=_key)
    #: The stop of the current cycle, if stopped.
    stopped_at: datetime | None = attrs.field(eq=_key)
    warn_at: float
    #: Earlier cycles (ended by :meth:`restart`), oldest first.
    previous: tuple[Timer, ...]

    def __init__(
        self,
        calendar: Calendar,
        target: timedelta,
        start: datetime,
        *,
        warn_at: float = DEFAULT_WARN_AT,
    ) -> None:
        if not isinstance(calendar, Calendar):
            raise ArgumentTypeError("calendar", calendar, "a slacalc.Calendar")
        _exact(warn_at, "warn_at", at_most_one=True)
        self.__attrs_init__(
            calendar, _target(target), _aware(start, "start"), (), None, None, float(warn_at), ()
        )

    def _with(self, **changes: object) -> Timer:
        new = copy.copy(self)
        for name, value in changes.items():
            object.__setattr__(new, name, value)
        return new

    # --- building ---------------------------------------------------------------

    @classmethod
    def from_events(
        cls,
        calendar: Calendar,
        target: timedelta,
        events: Iterable[tuple[datetime, str]],
        *,
        warn_at: float = DEFAULT_WARN_AT,
    ) -> Timer:
        """A timer from an event log of ``(instant, kind)`` pairs, in any order.

        Kinds are ``"start"``, ``"pause"``, ``"resume"``, ``"stop"`` and ``"restart"``
        (case-insensitive). Events are sorted by instant, stably: events at the same
        instant keep the caller's order. None is dropped: an impossible sequence
        raises :class:`~slacalc.errors.TimerEventError` naming the event and its
        index in ``events``.

        >>> from datetime import datetime, timedelta, UTC
        >>> import slacalc as sc
        >>> t0 = datetime(2026, 3, 2, 9, tzinfo=UTC)
        >>> log = [(t0 + timedelta(hours=2), "stop"), (t0, "start")]
        >>> sc.Timer.from_events(sc.Calendar.always(), timedelta(hours=4), log).met
        True
        """
        log = _read_events(events, EVENT_KINDS)
        order = sorted(range(len(log)), key=lambda i: _u(log[i][0]))
        if not order:
            raise TimerEventError("no events: a timer needs a 'start' event first", None, None)
        first = order[0]
        at, kind = log[first]
        if kind != "start":
            raise _event_error(log, first, "comes before the timer starts (no earlier 'start')")
        timer = Timer(calendar, target, at, warn_at=warn_at)
        # The verbs copy ``pauses`` and ``previous`` at every event (quadratic in a long
        # log): here the current cycle's pauses and the ended cycles are gathered in
        # lists, the timer carrying only its last pause (all its checks read), and the
        # tuples are built once.
        pauses: list[Pause] = []
        cycles: list[Timer] = []
        for i in order[1:]:
            at, kind = log[i]
            reason = timer._refusal(kind, at)
            if reason:
                raise _event_error(log, i, reason)
            if kind == "resume":
                assert timer.paused_at is not None
                pauses.append(Pause(timer.paused_at, timer._check("resume", at)))
                timer = timer._with(pauses=(pauses[-1],), paused_at=None)
            elif kind == "restart":
                timer = timer._with(pauses=tuple(pauses)).restart(at)
                cycles.append(timer.previous[-1])
                pauses = []
                timer = timer._with(previous=())
            else:
                timer = getattr(timer, kind)(at)
        return timer._with(pauses=tuple(pauses), previous=tuple(cycles))

    def _last_event(self) -> tuple[str, datetime]:
        if self.stopped_at is not None:
            return "stop", self.stopped_at
        if self.paused_at is not None:
            return "pause", self.paused_at
        if self.pauses:
            return "resume", self.pauses[-1].end
        return "start", self.start

    def _refusal(self, kind: str, at: datetime) -> str:
        """Why ``kind`` at ``at`` is impossible now, or ``""`` if it is possible."""
        if kind == "start":
            return "a second 'start': a timer starts once (use 'restart' to begin a new cycle)"
        last, when = self._last_event()
        if _u(at) < _u(when):
            return f"is before the timer's last event ({last} at {when.isoformat()})"
        if kind == "restart":
            return ""
        if self.stopped_at is not None:
            return f"the timer was stopped at {self.stopped_at.isoformat()}"
        if kind == "pause" and self.paused_at is not None:
            return f"the timer is already paused (since {self.paused_at.isoformat()})"
        if kind == "resume" and self.paused_at is None:
            return "the timer is running, not paused"
        return ""

    def _check(self, kind: str, at: object) -> datetime:
        instant = _aware(at, kind)
        reason = self._refusal(kind, instant)
        if reason:
            raise TimerEventError(f"{kind} at {instant.isoformat()}: {reason}", (instant, kind))
        return instant.astimezone(self.start.tzinfo)

    def pause(self, at: datetime) -> Timer:
        """Stop the clock at ``at`` (awaiting the customer, say) until :meth:`resume`.

        >>> from datetime import datetime, timedelta, UTC
        >>> import slacalc as sc
        >>> t0 = datetime(2026, 3, 2, 9, tzinfo=UTC)
        >>> sc.Timer(sc.Calendar.always(), timedelta(hours=4), t0).pause(t0).deadline is None
        True
        """
        return self._with(paused_at=self._check("pause", at))

    def resume(self, at: datetime) -> Timer:
        """Start the clock again at ``at`` after a :meth:`pause`.

        >>> from datetime import datetime, timedelta, UTC
        >>> import slacalc as sc
        >>> t0 = datetime(2026, 3, 2, 9, tzinfo=UTC)
        >>> t = sc.Timer(sc.Calendar.always(), timedelta(hours=4), t0)
        >>> t.pause(t0).resume(t0 + timedelta(hours=1)).deadline.hour
        14
        """
        at = self._check("resume", at)
        assert self.paused_at is not None
        return self._with(pauses=(*self.pauses, Pause(self.paused_at, at)), paused_at=None)

    def stop(self, at: datetime) -> Timer:
        """End the cycle at ``at`` (the response was made, the ticket resolved).

        Stopping while paused is valid: elapsed time ends at the pause. The timer
        keeps the deadline it had; it is met iff stopped at or before it.

        >>> from datetime import datetime, timedelta, UTC
        >>> import slacalc as sc
        >>> t0 = datetime(2026, 3, 2, 9, tzinfo=UTC)
        >>> sc.Timer(sc.Calendar.always(), timedelta(hours=4), t0).stop(t0 + timedelta(hours=5)).met
        False
        """
        return self._with(stopped_at=self._check("stop", at))

    def restart(self, at: datetime) -> Timer:
        """End the current cycle at ``at`` (unless stopped) and begin a new one there.

        For a reopened ticket. Valid when running, paused or stopped; every cycle
        is kept in :attr:`cycles`.

        >>> from datetime import datetime, timedelta, UTC
        >>> import slacalc as sc
        >>> t0 = datetime(2026, 3, 2, 9, tzinfo=UTC)
        >>> t = sc.Timer(sc.Calendar.always(), timedelta(hours=4), t0).stop(t0)
        >>> len(t.restart(t0 + timedelta(days=1)).cycles)
        2
        """
        at = self._check("restart", at)
        ended = self if self.stopped_at is not None else self._with(stopped_at=at)
        return self._with(
            start=at,
            pauses=(),
            paused_at=None,
            stopped_at=None,
            previous=(*self.previous, ended._with(previous=())),
        )

    @property
    def cycles(self) -> tuple[Timer, ...]:
        """Every cycle, oldest first, each as a single-cycle timer (the last is current).

        >>> from datetime import datetime, timedelta, UTC
        >>> import slacalc as sc
        >>> t0 = datetime(2026, 3, 2, 9, tzinfo=UTC)
        >>> t = sc.Timer(sc.Calendar.always(), timedelta(hours=4), t0).restart(t0)
        >>> [c.stopped_at is not None for c in t.cycles]
        [True, False]
        """
        return (*self.previous, self._with(previous=()))

    # --- the clock --------------------------------------------------------------

    def _running(self) -> list[tuple[datetime, datetime | None]]:
        """The running stretches of the current cycle; ``None`` ends an open one."""
        stretches: list[tuple[datetime, datetime | None]] = []
        begin = self.start
        for p in self.pauses:
            stretches.append((begin, p.start))
            begin = p.end
        stretches.append((begin, self.paused_at))
        return stretches

    def _span(self, begin: datetime, end: datetime, memo: _Memo | None) -> timedelta:
        """The calendar's business time in ``[begin, end)``, once per stretch with a memo."""
        if memo is None:
            return self.calendar.elapsed(begin, end)
        got = memo.get((begin, end))
        if got is None:
            got = memo[(begin, end)] = self.calendar.elapsed(begin, end)
        return got

    def _reach(
        self, amount: timedelta, *, stop_ends: bool, memo: _Memo | None = None
    ) -> datetime | None:
        """The earliest instant elapsed time reaches ``amount``, given the pauses so far.

        ``None`` when it is not reached before an open pause (or before the stop,
        if ``stop_ends``). One calendar ``elapsed`` per closed stretch (none for a
        stretch already in ``memo``), one ``add``.
        """
        left = amount
        cal = self.calendar
        for begin, end in self._running():
            if end is None and stop_ends and self.stopped_at is not None:
                end = self.stopped_at
            if end is None:
                return cal.add(begin, left)
            got = self._span(begin, end, memo)
            if got >= left:
                return cal.add(begin, left)
            left -= got
        return None

    def _elapsed(self, now: datetime, memo: _Memo | None = None) -> timedelta:
        end = now if self.stopped_at is None else min(now, self.stopped_at, key=_u)
        total = _ZERO
        for begin, stretch_end in self._running():
            upto = end if stretch_end is None else min(end, stretch_end, key=_u)
            if _u(upto) > _u(begin):
                total += self._span(begin, upto, memo)
        return total

    def _snapshot(self, now: datetime, thresholds: Sequence[float]) -> _Snapshot:
        """State, deadline, time used and the next alert at ``now``, the clock walked once.

        The same answers as :meth:`state`, :attr:`deadline`, :meth:`elapsed` and the
        first of :meth:`alerts` at or after ``now``, with each running stretch's
        business time computed once, one ``add`` for the deadline and one per
        threshold not yet passed (``TimerStatus.of`` reads it).
        """
        n = _u(now)
        memo: _Memo = {}
        used = self._elapsed(now, memo)
        reached = self._reach(self.target, stop_ends=True, memo=memo)
        if self.paused_at is not None and self.stopped_at is None:
            deadline = None
        elif self.stopped_at is not None and self.paused_at is None:
            deadline = self._reach(self.target, stop_ends=False, memo=memo)
        else:  # the last stretch ends at the pause either way: the same search
            deadline = reached
        stopped = self.stopped_at is not None and _u(self.stopped_at) <= n
        if stopped:
            assert self.stopped_at is not None
            met = deadline is None or _u(self.stopped_at) <= _u(deadline)
            state = TimerState.MET if met else TimerState.BREACHED
        elif reached is not None and _u(reached) < n:
            state = TimerState.BREACHED
        elif self._paused_at(n):
            state = TimerState.PAUSED
        elif used >= _share(self.target, _exact(self.warn_at, "warn_at", at_most_one=True)):
            state = TimerState.WARNING
        else:
            state = TimerState.RUNNING
        upcoming: list[tuple[float, datetime]] = []
        if state in _LIVE and not stopped:
            for threshold in thresholds:
                share = _share(self.target, _exact(threshold, "fraction", at_most_one=False))
                if share < used:  # reached before now (elapsed time only grows)
                    continue
                at = self._reach(share, stop_ends=True, memo=memo)
                if at is not None and _u(at) >= n:
                    upcoming.append((threshold, at))
        alert = min(upcoming, key=lambda pair: _u(pair[1])) if upcoming else None
        return state, deadline, used, alert

    @property
    def deadline(self) -> datetime | None:
        """The earliest instant elapsed time reaches the target, given the pauses so far.

        ``None`` while paused (even when the target was used up before the pause:
        :meth:`state` still says ``breached``, and :meth:`projected_deadline` gives
        the instant). A stopped timer keeps the deadline it had when stopped.

        >>> from datetime import datetime, timedelta, UTC
        >>> import slacalc as sc
        >>> t0 = datetime(2026, 3, 2, 9, tzinfo=UTC)
        >>> sc.Timer(sc.Calendar.always(), timedelta(hours=4), t0).deadline.hour
        13
        """
        if self.paused_at is not None and self.stopped_at is None:
            return None
        return self._reach(self.target, stop_ends=False)

    def projected_deadline(self, now: datetime) -> datetime:
        """The deadline as if a paused timer were resumed at ``now``; else :attr:`deadline`.

        >>> from datetime import datetime, timedelta, UTC
        >>> import slacalc as sc
        >>> t0 = datetime(2026, 3, 2, 9, tzinfo=UTC)
        >>> t = sc.Timer(sc.Calendar.always(), timedelta(hours=4), t0).pause(t0)
        >>> t.projected_deadline(t0 + timedelta(hours=1)).hour
        14
        """
        now = _aware(now, "now")
        deadline = self._reach(self.target, stop_ends=False)
        if deadline is not None:
            return deadline
        assert self.paused_at is not None
        left = self.target - self.elapsed(self.paused_at)
        resume = max(now, self.paused_at, key=_u).astimezone(self.start.tzinfo)
        return self.calendar.add(resume, left)

    def elapsed(self, now: datetime) -> timedelta:
        """Covered time in ``[start, min(now, stop))`` outside the pauses (zero before start).

        >>> from datetime import datetime, timedelta, UTC
        >>> import slacalc as sc
        >>> t0 = datetime(2026, 3, 2, 9, tzinfo=UTC)
        >>> t = sc.Timer(sc.Calendar.always(), timedelta(hours=4), t0).pause(t0)
        >>> t.elapsed(t0 + timedelta(hours=1))
        datetime.timedelta(0)
        """
        return self._elapsed(_aware(now, "now"))

    def remaining(self, now: datetime) -> timedelta:
        """Target minus elapsed: negative once covered time accrues past the deadline.

        It is zero in closed time just after a deadline that fell on a closing
        instant, although :meth:`state` is already ``breached`` then.

        >>> from datetime import datetime, timedelta, UTC
        >>> import slacalc as sc
        >>> t0 = datetime(2026, 3, 2, 9, tzinfo=UTC)
        >>> t = sc.Timer(sc.Calendar.always(), timedelta(hours=4), t0)
        >>> t.remaining(t0 + timedelta(hours=5))
        datetime.timedelta(days=-1, seconds=82800)
        """
        return self.target - self.elapsed(now)

    def fraction(self, now: datetime) -> float:
        """The share of the target used up at ``now`` (above 1 once past it).

        A zero target is all used up at once: 1.0 while nothing has elapsed, then
        ``inf``.

        >>> from datetime import datetime, timedelta, UTC
        >>> import slacalc as sc
        >>> t0 = datetime(2026, 3, 2, 9, tzinfo=UTC)
        >>> sc.Timer(sc.Calendar.always(), timedelta(hours=4), t0).fraction(t0 + timedelta(hours=3))
        0.75
        """
        return _fraction(self.elapsed(now), self.target)

    def when(self, fraction: float) -> datetime | None:
        """The instant ``fraction`` of the target is used up, given the pauses so far.

        ``None`` when it is not reached before a stop or an open pause. Fractions
        above 1 are allowed (an escalation at 150 %); ``0.9`` means exactly 9/10.

        >>> from datetime import datetime, timedelta, UTC
        >>> import slacalc as sc
        >>> t0 = datetime(2026, 3, 2, 9, tzinfo=UTC)
        >>> sc.Timer(sc.Calendar.always(), timedelta(hours=4), t0).when(0.5).hour
        11
        """
        share = _share(self.target, _exact(fraction, "fraction", at_most_one=False))
        return self._reach(share, stop_ends=True)

    def alerts(
        self, thresholds: Sequence[float] = DEFAULT_THRESHOLDS
    ) -> list[tuple[float, datetime]]:
        """``(threshold, instant)`` pairs to schedule warnings at, in the order given.

        A threshold not reached before a stop or an open pause is left out.

        >>> from datetime import datetime, timedelta, UTC
        >>> import slacalc as sc
        >>> t0 = datetime(2026, 3, 2, 9, tzinfo=UTC)
        >>> t = sc.Timer(sc.Calendar.always(), timedelta(hours=4), t0)
        >>> [(f, at.strftime("%H:%M")) for f, at in t.alerts()]
        [(0.5, '11:00'), (0.75, '12:00'), (0.9, '12:36')]
        """
        pairs = []
        for threshold in thresholds:
            at = self.when(threshold)
            if at is not None:
                pairs.append((threshold, at))
        return pairs

    @property
    def met(self) -> bool:
        """True iff stopped at or before the deadline.

        >>> from datetime import datetime, timedelta, UTC
        >>> import slacalc as sc
        >>> t0 = datetime(2026, 3, 2, 9, tzinfo=UTC)
        >>> sc.Timer(sc.Calendar.always(), timedelta(hours=4), t0).met
        False
        """
        if self.stopped_at is None:
            return False
        deadline = self.deadline
        return deadline is None or _u(self.stopped_at) <= _u(deadline)

    def state(self, now: datetime) -> TimerState:
        """Where the current cycle stands at ``now``.

        ``met`` / ``breached`` once stopped (met iff stopped at or before the
        deadline); else ``breached`` as soon as ``now`` is after the instant the
        target was reached; else ``paused`` inside a pause; else ``warning`` once
        the fraction used reaches :attr:`warn_at`; else ``running``.

        >>> from datetime import datetime, timedelta, UTC
        >>> import slacalc as sc
        >>> t0 = datetime(2026, 3, 2, 9, tzinfo=UTC)
        >>> sc.Timer(sc.Calendar.always(), timedelta(hours=4), t0).state(t0 + timedelta(hours=3))
        <TimerState.WARNING: 'warning'>
        """
        now = _aware(now, "now")
        n = _u(now)
        if self.stopped_at is not None and _u(self.stopped_at) <= n:
            return TimerState.MET if self.met else TimerState.BREACHED
        reached = self._reach(self.target, stop_ends=True)
        if reached is not None and _u(reached) < n:
            return TimerState.BREACHED
        if self._paused_at(n):
            return TimerState.PAUSED
        warn = _share(self.target, _exact(self.warn_at, "warn_at", at_most_one=True))
        if self.elapsed(now) >= warn:
            return TimerState.WARNING
        return TimerState.RUNNING

    def _paused_at(self, n: datetime) -> bool:
        if self.paused_at is not None and _u(self.paused_at) <= n:
            return True
        return any(_u(p.start) <= n < _u(p.end) for p in self.pauses)
