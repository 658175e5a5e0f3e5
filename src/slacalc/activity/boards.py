"""Time in status and the open-ticket board, from the same replay as :func:`evaluate`.

>>> from datetime import datetime, timedelta, UTC
>>> import slacalc as sc
>>> from slacalc.activity import Activity
>>> t0 = datetime(2026, 3, 2, 9, tzinfo=UTC)                 # a Monday
>>> a = Activity.of("INC-1", t0, {"status": "New"}, [
...     (t0 + timedelta(hours=1), "status", "On hold"),
...     (t0 + timedelta(days=1), "status", "Open")])
>>> office = sc.Calendar.weekly({"mon-fri": "09:00-17:00"}, tz="UTC")
>>> {k: str(v) for k, v in time_in_status(a, office, as_of=t0 + timedelta(days=1, hours=2)).items()}
{'New': '1:00:00', 'On hold': '7:00:00', 'Open': '2:00:00'}
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta

import slacalc as sc
from slacalc._validate import _aware
from slacalc.activity.log import Activity, ActivityLog
from slacalc.activity.outcomes import CycleOutcome, CycleState, evaluate
from slacalc.activity.replay import timeline
from slacalc.activity.rules import ActivityRules
from slacalc.calendar import Calendar
from slacalc.errors import ArgumentTypeError

__all__ = ["UNSET", "board", "open_tickets", "time_in_status"]

#: The key :func:`time_in_status` uses for time in which the field had no value.
UNSET = ""


def time_in_status(
    activity: Activity, calendar: Calendar, *, as_of: datetime, field: str = "status"
) -> dict[str, timedelta]:
    """Business time on ``calendar`` the ticket spent in each value of ``field``, from
    its creation to ``as_of``, summed over re-entries, in first-entered order.

    Time in which the field had no value is under ``""``. The parts sum exactly
    to ``calendar.elapsed(created, as_of)``.
    """
    if not isinstance(activity, Activity):
        raise ArgumentTypeError("activity", activity, "a slacalc.activity.Activity")
    if not isinstance(calendar, Calendar):
        raise ArgumentTypeError("calendar", calendar, "a slacalc.Calendar")
    end = _aware(as_of, "as_of").astimezone(UTC)
    line = timeline(activity, end, events=())
    out: dict[str, timedelta] = {}
    for k, snap in enumerate(line):
        b = line[k + 1].at if k + 1 < len(line) else end
        value = snap.state.get(field, UNSET)
        out[value] = out.get(value, timedelta(0)) + calendar.elapsed(snap.at, b)
    return out


def board(
    activity: Activity | ActivityLog | Iterable[Activity],
    catalogue: object,
    now: datetime,
    *,
    within: timedelta = timedelta(hours=1),
    rules: ActivityRules | None = None,
    include_breached: bool = True,
) -> list[sc.TimerStatus]:
    """The open clocks that breach in ``[now, now + within]`` (and, with
    ``include_breached``, those already breached and still running), soonest first,
    each with its next alert: :func:`slacalc.breaching` over the open cycles of
    :func:`~slacalc.activity.evaluate` at ``now``. A row's ``metric`` is
    ``agreement.metric``.
    """
    now = _aware(now, "now")
    results = evaluate(activity, catalogue, as_of=now, rules=rules)
    return sc.breaching(open_tickets(results), now, within, include_breached=include_breached)


def open_tickets(results: Iterable[CycleOutcome]) -> list[sc.Ticket]:
    """The open cycles of ``results`` as :class:`~slacalc.Ticket` values (one per
    ticket, a timer per ``agreement.metric``), for the existing boards."""
    timers: dict[str, dict[str, sc.Timer]] = {}
    prio: dict[str, str] = {}
    for r in results:
        if r.closed or r.state is CycleState.CANCELLED:
            continue
        timers.setdefault(r.ticket, {})[f"{r.agreement}.{r.metric}"] = r.timer()
        prio.setdefault(r.ticket, r.priority)
    return [sc.Ticket(t, timers[t], priority=prio[t]) for t in timers]
