"""``slacalc evaluate``: SLA, OLA and UC outcomes of every ticket in an activity log.

    slacalc evaluate examples/activity.csv --catalogue examples/catalogue.toml \\
        --as-of 2026-10-15T00:00:00Z --format csv

The log is the long table ``ticket, at, field, value`` (docs/activity.md); one
row per ticket, agreement, metric and cycle. CSV cells that a spreadsheet would
read as a formula are neutralised; what no rule covers is a warning on stderr.
"""

from __future__ import annotations

import argparse
import sys
import warnings
from typing import Any

from slacalc.activity import ActivityLog, ActivityWarning, CycleOutcome, evaluate, read_activity
from slacalc.cli._inputs import catalogue, instant, what_if
from slacalc.cli._output import FORMATS, Progress, emit
from slacalc.durations import format_duration, seconds

__all__ = ["register", "row", "run"]


def row(o: CycleOutcome, *, human: bool) -> dict[str, object]:
    """One output row (machine formats: snake_case keys, seconds beside durations)."""

    def at(value: Any) -> object:
        if value is None:
            return "-" if human else None
        return value.isoformat(timespec="seconds") if human else value.isoformat()

    pct = o.percentage
    out: dict[str, object] = {
        "ticket": o.ticket,
        "kind": o.kind,
        "agreement": o.agreement,
        "metric": o.metric,
        "cycle": o.cycle,
        "state": str(o.state),
        "priority": o.priority,
        "target": format_duration(o.target),
        "version": at(o.version_from),
        "start": at(o.start),
        "deadline": at(o.deadline),
        "stop": at(o.stop),
        "elapsed": format_duration(o.elapsed),
        "paused": format_duration(o.paused),
        "breach": at(o.breach),
        "percentage": (f"{float(pct):.1f}" if human else float(pct)) if pct is not None else None,
        "category": o.category or ("-" if human else None),
        "attribution": "; ".join(f"{p}={format_duration(t)}" for p, t in o.attribution),
    }
    if not human:
        out["elapsed_seconds"] = seconds(o.elapsed)
        out["paused_seconds"] = seconds(o.paused)
    return out


def run(args: argparse.Namespace) -> int:
    """Print every cycle's outcome."""
    cat = catalogue(args.catalogue)
    as_of = instant(args.as_of)
    version = what_if(args.what_if)
    log = read_activity(args.activity)
    progress = Progress(len(log), "tickets", not args.no_progress, sys.stderr)
    step = max(len(log) // 10, 1)
    results: list[CycleOutcome] = []
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ActivityWarning)
        for i in range(0, len(log), step):
            chunk = ActivityLog(log.tickets[i : i + step])
            results.extend(evaluate(chunk, cat, as_of=as_of, version=version))
            progress.tick(min(i + step, len(log)))
    for message in dict.fromkeys(str(w.message) for w in caught):
        print(f"slacalc: warning: {message}", file=sys.stderr)
    human = args.format == "table"
    emit([row(o, human=human) for o in results], args.format)
    return 0


def register(sub: Any) -> None:
    """Add the command to an argparse subparsers object."""
    p = sub.add_parser("evaluate", help="SLA, OLA and UC outcomes of an activity log")
    p.add_argument("activity", help="the long table ticket, at, field, value (CSV)")
    p.add_argument("--catalogue", required=True, help="a TOML catalogue file")
    p.add_argument("--as-of", required=True, help="the instant to judge at, ISO with offset")
    p.add_argument("--format", choices=FORMATS, default="table")
    p.add_argument(
        "--what-if",
        metavar="latest|DATE|INSTANT",
        help="judge every cycle by each agreement's latest version, or the one in force then "
        "(default: the version in force when the cycle started)",
    )
    p.add_argument("--no-progress", action="store_true", help="no progress lines on stderr")
    p.set_defaults(handler=run)
