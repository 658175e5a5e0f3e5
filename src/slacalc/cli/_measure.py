"""The ``timers`` and ``report`` commands of the ``slacalc`` command line.

``register(sub)`` adds them to the subparsers of :func:`slacalc.cli.main`::

    slacalc timers examples/tickets.csv --catalogue examples/catalogue.toml \\
        --at 2026-09-30T15:00:00+01:00
    slacalc report examples/history.csv --catalogue examples/catalogue.toml \\
        --period 2026-Q3 --outages examples/outages.csv
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, TextIO

from slacalc.catalogue.model import Catalogue
from slacalc.durations import format_duration
from slacalc.errors import ParseError, SlacalcError
from slacalc.measure import RecordError, ReportingPeriod, assess, share, sla_for
from slacalc.measure.records import OpenTicket, read_history, read_open_tickets, read_outages
from slacalc.timers.tickets import TimerStatus

__all__ = ["ALERTS", "PROGRESS_EVERY", "register"]

#: Files with at least this many tickets report progress on stderr.
PROGRESS_EVERY = 1000
#: Warnings at half, three quarters and nine tenths of the target, then the breach itself.
ALERTS = (0.5, 0.75, 0.9, 1.0)


def _instant(text: str) -> datetime:
    from slacalc.cli.app import _instant as parse  # imported late: cli imports this module

    return parse(text)


def _emit(rows: list[dict[str, Any]], fmt: str, out: TextIO) -> None:
    from slacalc.cli.app import _emit as emit

    emit(rows, fmt, out)


def _read(path: str, reader: Callable[..., list[Any]]) -> list[Any]:
    with open(path, newline="", encoding="utf-8") as f:
        return reader(f, source=path)


def _catalogue(path: str) -> Catalogue:
    from slacalc.catalogue.reader import load

    return load(path)


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


def _timer_row(t: OpenTicket, row: TimerStatus, tz: Any, *, human: bool) -> dict[str, object]:
    """One output row: a readable table cell per column, or machine-readable values
    (snake_case keys, null for none, the next alert split in two)."""
    out: dict[str, object] = {
        "ticket": t.ticket,
        "service": t.service,
        "customer": t.customer,
        "priority": t.priority,
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
    out["time_left_seconds"] = row.remaining.total_seconds()
    out["next_alert_fraction"] = None if alert is None else alert[0]
    out["next_alert_at"] = None if alert is None else alert[1].astimezone(tz).isoformat()
    return out


def _urgency(item: tuple[OpenTicket, TimerStatus, Any]) -> tuple[int, datetime, timedelta]:
    """Running and breached timers by deadline; paused ones after, by time left."""
    row = item[1]
    if row.deadline is None:
        return (1, datetime.max.replace(tzinfo=UTC), row.remaining)
    return (0, row.deadline.astimezone(UTC), row.remaining)


class _Progress:
    def __init__(self, total: int, what: str, enabled: bool, out: TextIO) -> None:
        self.total, self.what, self.out = total, what, out
        self.enabled = enabled and total >= PROGRESS_EVERY
        self.step = max(total // 10, 1)

    def tick(self, done: int) -> None:
        if self.enabled and (done % self.step == 0 or done == self.total):
            self.out.write(f"slacalc: {self.what}: {done} of {self.total}\n")
            self.out.flush()


def _cmd_timers(args: argparse.Namespace) -> int:
    catalogue = _catalogue(args.catalogue)
    now = _instant(args.at) if args.at else datetime.now(UTC)
    tickets = _read(args.tickets, read_open_tickets)
    rows: list[tuple[OpenTicket, TimerStatus, Any]] = []
    problems: list[tuple[str, str]] = []
    progress = _Progress(len(tickets), "tickets", not args.no_progress, sys.stderr)
    for done, t in enumerate(tickets, 1):
        where = f"line {t.line}"
        try:
            if t.opened.astimezone(UTC) > now.astimezone(UTC):
                raise ParseError(
                    t.opened.isoformat(), f"an opening time at or before --at ({now})", "opened"
                )
            tz = sla_for(catalogue, t.service, t.customer).calendar.tz
            for row in t.timers(catalogue).status(now, thresholds=ALERTS):
                stopped = row.timer.stopped_at
                if stopped is None or stopped.astimezone(UTC) > now.astimezone(UTC):
                    rows.append((t, row, tz))
        except (SlacalcError, KeyError) as error:
            problems.append((where, f"ticket {t.ticket!r}: {error}"))
        progress.tick(done)
    if problems:
        raise RecordError(problems, args.tickets)
    rows.sort(key=_urgency)
    table = [_timer_row(t, row, tz, human=args.format == "table") for t, row, tz in rows]
    if args.format == "table":
        print(f"{len(table)} live SLA timer(s) on {len(tickets)} open ticket(s) at {now}")
        print("most urgent first; time left is business time on each target's calendar")
        print()
    _emit(table, args.format, sys.stdout)
    return 0


def _targets(items: list[str] | None) -> tuple[object, dict[str, object]]:
    default: object = None
    named: dict[str, object] = {}
    for item in items or []:
        key, sep, value = item.rpartition("=")
        if sep:
            named[key] = share(value, f"--availability-target {item}")
        else:
            default = share(value, "--availability-target")
    return default, named


def _report_rows(data: dict[str, Any]) -> list[dict[str, Any]]:
    """One CSV row per customer and service, the figures of the report side by side."""
    rows = []
    for c in data["customers"]:
        for line in c["services"]:
            a = line["availability"] or {}
            res, resp, trend = line["resolution"], line["response"], line["trend"]
            rows.append(
                {
                    "period": data["period"],
                    "customer": c["customer"],
                    "sla": line["sla"],
                    "service": line["service"],
                    "availability": a.get("share"),
                    "availability_target": a.get("target"),
                    "resolved_on_time": res["on_time"],
                    "resolved_met": res["met"],
                    "resolved_late": res["late"],
                    "answered_on_time": resp["on_time"],
                    "first_contact": res["first_contact"],
                    "csat": res["csat"],
                    "trend_per_month": trend["slope_per_month"],
                    "direction": trend["direction"],
                    "green_but_declining": trend["green_but_declining"],
                    "problem_candidates": len(line["problems"]),
                }
            )
    return rows


def _cmd_report(args: argparse.Namespace) -> int:
    from slacalc.measure.report import build_report, to_dict, to_markdown, write_chart

    catalogue = _catalogue(args.catalogue)
    period = ReportingPeriod.parse(args.period, "--period")
    as_of = _instant(args.as_of) if args.as_of else None
    records = _read(args.history, read_history)
    try:
        outcomes = assess(records, catalogue, as_of=as_of)
    except RecordError as error:
        raise RecordError(
            [(w, m.replace("give as_of", "give --as-of")) for w, m in error.problems],
            args.history,
        ) from None
    outages = _read(args.outages, read_outages) if args.outages else None
    default, named = _targets(args.availability_target)
    report = build_report(
        catalogue,
        outcomes,
        outages,
        period=period,
        goal=share(args.goal, "--goal"),
        availability_target=default,
        availability_targets=named,
        trend_months=args.months,
        customers=args.customer,
    )
    if args.format == "json":
        json.dump(to_dict(report), sys.stdout, indent=2)
        sys.stdout.write("\n")
    elif args.format == "csv":
        _emit(_report_rows(to_dict(report)), "csv", sys.stdout)
    else:
        sys.stdout.write(to_markdown(report))
    if args.chart:
        written = write_chart(report, Path(args.chart))
        print(f"slacalc: chart written to {written}", file=sys.stderr)
    return 0


def register(sub: Any) -> None:
    """Add the ``timers`` and ``report`` commands to an argparse subparsers object."""
    p = sub.add_parser(
        "timers",
        help="status, time left and next alert of every open ticket, most urgent first",
    )
    p.add_argument("tickets", help="a CSV of open tickets (ticket, service, customer, ...)")
    p.add_argument("--catalogue", required=True, help="a TOML catalogue file")
    p.add_argument("--at", help="the instant to judge at, ISO with offset (default: now)")
    p.add_argument("--format", choices=("table", "json", "csv"), default="table")
    p.add_argument("--no-progress", action="store_true", help="no progress lines on stderr")
    p.set_defaults(handler=_cmd_timers)

    p = sub.add_parser("report", help="a customer-language service report for a period")
    p.add_argument("history", help="a CSV of ticket records (one row per ticket and metric)")
    p.add_argument("--catalogue", required=True, help="a TOML catalogue file")
    p.add_argument("--period", required=True, help="2026-Q3, 2026-07, 2026-H2 or 2026")
    p.add_argument("--outages", help="a CSV outage log (service, start, end, cause)")
    p.add_argument(
        "--availability-target",
        action="append",
        metavar="[ID=]SHARE",
        help="e.g. 99.5%% for every SLA, or wms=99.9%% for a service or SLA (repeatable)",
    )
    p.add_argument("--goal", default="95%", help="share of requests on time that is green")
    p.add_argument("--months", type=int, default=6, help="months in the trend (default 6)")
    p.add_argument("--customer", action="append", help="only this customer (repeatable)")
    p.add_argument("--as-of", help="judge open records at this instant (ISO with offset)")
    p.add_argument("--format", choices=("markdown", "json", "csv"), default="markdown")
    p.add_argument("--chart", help="also draw the compliance trend to this .png or .svg")
    p.set_defaults(handler=_cmd_report)
