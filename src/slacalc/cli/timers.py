"""``slacalc timers``: status, time left and next alert of every open ticket.

    slacalc timers examples/tickets.csv --catalogue examples/catalogue.toml \\
        --at 2026-09-30T15:00:00+01:00

The input is a CSV of open tickets, or an activity log (the long table
``ticket, at, field, value``, told apart by its header): then the open clocks
of :func:`slacalc.activity.evaluate` at ``--at``, SLA, OLA and UC alike.
"""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime, timedelta
from typing import Any

from slacalc.activity import CycleOutcome, CycleState
from slacalc.agreements import Agreement
from slacalc.catalogue.model import Catalogue
from slacalc.cli._activity import add_options, evaluated, is_activity_log, read_log
from slacalc.cli._inputs import catalogue, instant, read
from slacalc.cli._output import FORMATS, Progress, emit
from slacalc.durations import format_duration, seconds
from slacalc.errors import ParseError, SlacalcError
from slacalc.measure import RecordError, sla_for
from slacalc.measure.records import read_open_tickets
from slacalc.timers import DEFAULT_THRESHOLDS
from slacalc.timers.tickets import Ticket, TimerStatus

__all__ = ["alerts", "register", "run"]


def alerts(agreement: Agreement) -> tuple[float, ...]:
    """The alerts of an agreement's timers: its ``warnings`` (else the default
    thresholds), then the breach itself (1.0)."""
    return tuple(dict.fromkeys((*(agreement.warnings or DEFAULT_THRESHOLDS), 1.0)))


def _left(row: TimerStatus) -> str:
    """Business time left, to the second (towards zero), as ``1h30m`` or ``-2h``."""
    second = timedelta(seconds=1)
    left = row.remaining
    whole = left // second if left >= timedelta(0) else -(-left // second)
    return format_duration(timedelta(seconds=whole))


def _alert(row: TimerStatus, tz: Any) -> str:
    if row.next_alert is None:
        return "-"
    fraction, at = row.next_alert
    return f"{fraction:.0%} at {at.astimezone(tz).isoformat(timespec='seconds')}"


#: A row's ticket, service, customer and priority.
Who = tuple[str, str, str, str | None]


def _timer_row(t: Who, row: TimerStatus, tz: Any, *, human: bool) -> dict[str, object]:
    """One output row: a readable table cell per column, or machine-readable values
    (snake_case keys, null for none, the next alert split in two)."""
    out: dict[str, object] = {
        "ticket": t[0],
        "service": t[1],
        "customer": t[2],
        "priority": t[3],
        "metric": row.metric,
        "state": row.state.value,
    }
    deadline = None if row.deadline is None else row.deadline.astimezone(tz)
    if human:
        out["deadline"] = "-" if deadline is None else deadline.isoformat(timespec="seconds")
        out["time left"] = _left(row)
        out["next alert"] = _alert(row, tz)
        return out
    alert = row.next_alert
    out["deadline"] = None if deadline is None else deadline.isoformat()
    out["time_left"] = format_duration(row.remaining)
    out["time_left_seconds"] = seconds(row.remaining)
    out["next_alert_fraction"] = None if alert is None else alert[0]
    out["next_alert_at"] = None if alert is None else alert[1].astimezone(tz).isoformat()
    return out


def _urgency(item: tuple[Who, TimerStatus, Any]) -> tuple[int, datetime, timedelta]:
    """Running and breached timers by deadline; paused ones after, by time left."""
    row = item[1]
    if row.deadline is None:
        return (1, datetime.max.replace(tzinfo=UTC), row.remaining)
    return (0, row.deadline.astimezone(UTC), row.remaining)


def run(args: argparse.Namespace) -> int:
    """Print every live timer of the open tickets, most urgent first."""
    cat = catalogue(args.catalogue)
    now = instant(args.at) if args.at else datetime.now(UTC)
    if is_activity_log(args.tickets):
        return _activity(args, cat, now)
    tickets = read(args.tickets, read_open_tickets)
    rows: list[tuple[Who, TimerStatus, Any]] = []
    problems: list[tuple[str, str]] = []
    progress = Progress(len(tickets), "tickets", not args.no_progress, sys.stderr)
    for done, t in enumerate(tickets, 1):
        where = f"line {t.line}"
        try:
            if t.opened.astimezone(UTC) > now.astimezone(UTC):
                raise ParseError(
                    t.opened.isoformat(), f"an opening time at or before --at ({now})", "opened"
                )
            sla = sla_for(cat, t.service, t.customer)
            tz = sla.calendar.tz
            for row in t.timers(cat).status(now, thresholds=alerts(sla)):
                stopped = row.timer.stopped_at
                if stopped is None or stopped.astimezone(UTC) > now.astimezone(UTC):
                    rows.append(((t.ticket, t.service, t.customer, t.priority), row, tz))
        except (SlacalcError, KeyError) as error:
            problems.append((where, f"ticket {t.ticket!r}: {error}"))
        progress.tick(done)
    if problems:
        raise RecordError(problems, args.tickets)
    _print(
        rows, args.format, f"{len(rows)} live SLA timer(s) on {len(tickets)} open ticket(s)", now
    )
    return 0


def _print(rows: list[tuple[Who, TimerStatus, Any]], fmt: str, head: str, now: datetime) -> None:
    rows.sort(key=_urgency)
    table = [_timer_row(t, row, tz, human=fmt == "table") for t, row, tz in rows]
    if fmt == "table":
        print(f"{head} at {now}")
        print("most urgent first; time left is business time on each target's calendar")
        print()
    emit(table, fmt)


def _open(r: CycleOutcome) -> bool:
    return not r.closed and r.state is not CycleState.CANCELLED


def _activity(args: argparse.Namespace, cat: Catalogue, now: datetime) -> int:
    """The open clocks of an activity log at ``now``: an SLA clock's metric as it is
    (``resolution``), an OLA's or UC's as ``agreement.metric`` (``nimbus.response``)."""
    log = read_log(args.tickets, args.tz)
    results = evaluated(
        log,
        cat,
        now,
        progress=not args.no_progress,
        source=args.tickets,
        unmatched=args.unmatched,
    )
    rows: list[tuple[Who, TimerStatus, Any]] = []
    for r in filter(_open, results):
        agreement = cat.agreement(r.agreement)
        name = r.metric if r.kind == "SLA" else f"{r.agreement}.{r.metric}"
        ticket = Ticket(r.ticket, {name: r.timer()}, priority=r.priority)
        [row] = ticket.status(now, thresholds=alerts(agreement))
        rows.append(((r.ticket, r.service, r.customer, r.priority), row, agreement.calendar.tz))
    tickets = len({r.ticket for r in results if _open(r)})
    _print(rows, args.format, f"{len(rows)} live clock(s) on {tickets} open ticket(s)", now)
    return 0


def register(sub: Any) -> None:
    """Add the command to an argparse subparsers object."""
    p = sub.add_parser(
        "timers",
        help="status, time left and next alert of every open ticket, most urgent first",
    )
    p.add_argument(
        "tickets",
        help="a CSV of open tickets (ticket, service, customer, ...), or an activity log "
        "(ticket, at, field, value)",
    )
    p.add_argument("--catalogue", required=True, help="a TOML catalogue file")
    p.add_argument("--at", help="the instant to judge at, ISO with offset (default: now)")
    p.add_argument("--format", choices=FORMATS, default="table")
    p.add_argument("--no-progress", action="store_true", help="no progress lines on stderr")
    add_options(p, "with an activity log: ")
    p.set_defaults(handler=run)
