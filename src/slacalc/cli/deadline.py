"""``slacalc deadline``: when a duration of business time from a start ends.

    slacalc deadline --tz Europe/London --hours mon-fri=09:00-17:30 --holidays GB-ENG \\
        --start 2026-12-24T16:00:00+00:00 --duration 4h
"""

from __future__ import annotations

import argparse
from datetime import timedelta
from typing import Any

from slacalc.calendar.calendar import Explanation
from slacalc.cli._inputs import calendar, calendar_options, instant
from slacalc.cli._output import FORMATS, emit
from slacalc.durations import format_duration, parse_duration

__all__ = ["register", "run"]


def run(args: argparse.Namespace) -> int:
    """Print the deadline and the open periods it consumes."""
    cal = calendar(args)
    start = instant(args.start)
    duration = parse_duration(args.duration, "--duration", negative=True)
    if duration < timedelta(0):
        # Backwards, as Calendar.add does (add(a, -d) is subtract(a, d)): the periods
        # are the covered time between the deadline and the start, in time order.
        end = cal.add(start, duration, landing=args.landing)
        periods = tuple(cal.periods(end, start))
        ex = Explanation(start, duration, end, args.landing, periods)
    else:
        ex = cal.explain(start, duration, landing=args.landing)
    if args.format == "table":
        print(f"calendar  {cal!r}")
        print(f"start     {start.isoformat()}")
        print(f"duration  {format_duration(duration)} of business time")
        print(f"deadline  {ex.deadline.isoformat()}  (in the start's offset)")
        print(f"          {ex.deadline.astimezone(cal.tz).isoformat()}  (calendar time)")
        print("periods consumed:")
        rows = [
            {
                "start": p.start.isoformat(),
                "end": p.end.isoformat(),
                "business time": format_duration(p.duration),
            }
            for p in ex.periods
        ]
        emit(rows, "table")
        return 0
    row: dict[str, Any] = {
        "start": start.isoformat(),
        "duration": format_duration(duration),
        "deadline": ex.deadline.isoformat(),
        "landing": ex.landing,
        "periods": [[p.start.isoformat(), p.end.isoformat()] for p in ex.periods],
    }
    if args.format == "csv":
        row["periods"] = ";".join(f"{a}/{b}" for a, b in row["periods"])
    emit([row], args.format)
    return 0


def register(sub: Any) -> None:
    """Add the command to an argparse subparsers object."""
    p = sub.add_parser("deadline", help="when a duration of business time from a start ends")
    calendar_options(p)
    p.add_argument("--start", required=True, help="ISO instant with offset")
    p.add_argument("--duration", required=True, help="business time, e.g. 4h, 1h30m, PT4H")
    p.add_argument("--landing", choices=("close", "open"), default="close")
    p.add_argument("--format", choices=FORMATS, default="table")
    p.set_defaults(handler=run)
