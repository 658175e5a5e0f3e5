"""``slacalc elapsed``: business time between two instants.

    slacalc elapsed --tz Europe/London --hours mon-fri=09:00-17:30 \\
        --start 2026-12-24T16:00:00+00:00 --end 2026-12-29T10:00:00+00:00
"""

from __future__ import annotations

import argparse
from typing import Any

from slacalc.cli._inputs import calendar, calendar_options, instant
from slacalc.cli._output import FORMATS, emit
from slacalc.durations import format_duration, seconds

__all__ = ["register", "run"]


def run(args: argparse.Namespace) -> int:
    """Print the business time between ``--start`` and ``--end``."""
    cal = calendar(args)
    start, end = instant(args.start), instant(args.end)
    spent = cal.elapsed(start, end)
    row = {
        "start": start.isoformat(),
        "end": end.isoformat(),
        "elapsed": format_duration(spent),
        "seconds": seconds(spent),
    }
    emit([row], args.format)
    return 0


def register(sub: Any) -> None:
    """Add the command to an argparse subparsers object."""
    p = sub.add_parser("elapsed", help="business time between two instants")
    calendar_options(p)
    p.add_argument("--start", required=True, help="ISO instant with offset")
    p.add_argument("--end", required=True, help="ISO instant with offset")
    p.add_argument("--format", choices=FORMATS, default="table")
    p.set_defaults(handler=run)
