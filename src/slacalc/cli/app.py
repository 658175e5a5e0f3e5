"""The ``slacalc`` command line: deadlines, elapsed business time and gap reports.

Human tables by default, ``--format json`` or ``--format csv`` for machines::

    slacalc deadline --tz Europe/London --hours mon-fri=09:00-17:30 --holidays GB-ENG \\
        --start 2026-12-24T16:00:00+00:00 --duration 4h
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import sys
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime, timedelta
from typing import Any

from slacalc.calendar.calendar import Calendar
from slacalc.durations import format_duration, parse_duration
from slacalc.errors import ParseError, SlacalcError

__all__ = ["main"]

Handler = Callable[[argparse.Namespace], int]


def _instant(text: str) -> datetime:
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        raise ParseError(
            text, "an ISO 8601 instant with an offset, e.g. 2026-12-24T16:00:00+00:00"
        ) from None
    if value.tzinfo is None:
        raise ParseError(text, "an instant with a UTC offset or 'Z' (slacalc never guesses a zone)")
    return value


def _calendar(args: argparse.Namespace) -> Calendar:
    """The calendar the options describe: a catalogue's, or one built from the options.

    Without ``--hours`` a built calendar covers every day (00:00-24:00) in ``--tz``,
    less ``--holidays`` and ``--closure``; with no option at all it is 24x7 UTC.
    """
    built = args.hours or args.holidays or args.closure or args.tz is not None
    if args.catalogue or args.calendar:
        if not (args.catalogue and args.calendar):
            raise ParseError(
                args.catalogue or args.calendar,
                "--catalogue FILE together with --calendar NAME",
                "--catalogue/--calendar",
            )
        if built:
            raise ParseError(
                "--tz/--hours/--holidays/--closure",
                "either a catalogue calendar or one built from options, not both",
                "--calendar",
            )
        from slacalc.catalogue.reader import load

        cat = load(args.catalogue)
        if args.calendar not in cat.calendars:
            known = ", ".join(sorted(cat.calendars))
            raise ParseError(args.calendar, f"a calendar of the catalogue ({known})", "--calendar")
        return cat.calendars[args.calendar]
    if not built:
        return Calendar.always()
    hours: dict[str, list[str]] = {}
    for item in args.hours or ["daily=00:00-24:00"]:
        key, sep, windows = item.partition("=")
        if not sep or not windows.strip(","):
            raise ParseError(item, "DAYS=HH:MM-HH:MM[,HH:MM-HH:MM...]", "--hours")
        hours.setdefault(key, []).extend(w for w in windows.split(",") if w)
    closures = []
    for c in args.closure or []:
        start, sep, end = c.partition("/")
        if not sep:
            raise ParseError(
                c, "START/END local readings, e.g. '2026-12-24 13:00/2026-12-27 00:00'", "--closure"
            )
        closures.append((start, end))
    return Calendar.weekly(
        hours, tz=args.tz or "UTC", holidays=args.holidays or None, closures=closures
    )


def _emit(rows: list[dict[str, Any]], fmt: str, out: io.TextIOBase | Any) -> None:
    if fmt == "json":
        json.dump(rows, out, indent=2, default=str)
        out.write("\n")
        return
    if not rows:
        return
    keys = list(rows[0])
    if fmt == "csv":
        writer = csv.DictWriter(out, fieldnames=keys, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        return
    widths = {k: max(len(k), *(len(str(r[k])) for r in rows)) for k in keys}
    out.write("  ".join(k.ljust(widths[k]) for k in keys).rstrip() + "\n")
    for r in rows:
        out.write("  ".join(str(r[k]).ljust(widths[k]) for k in keys).rstrip() + "\n")


def _cmd_deadline(args: argparse.Namespace) -> int:
    cal = _calendar(args)
    start = _instant(args.start)
    duration = parse_duration(args.duration, "--duration")
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
        _emit(rows, "table", sys.stdout)
        return 0
    row = {
        "start": start.isoformat(),
        "duration": format_duration(duration),
        "deadline": ex.deadline.isoformat(),
        "landing": ex.landing,
        "periods": [[p.start.isoformat(), p.end.isoformat()] for p in ex.periods],
    }
    if args.format == "csv":
        row["periods"] = ";".join(f"{a}/{b}" for a, b in row["periods"])
    _emit([row], args.format, sys.stdout)
    return 0


def _cmd_elapsed(args: argparse.Namespace) -> int:
    cal = _calendar(args)
    start, end = _instant(args.start), _instant(args.end)
    spent = cal.elapsed(start, end)
    row = {
        "start": start.isoformat(),
        "end": end.isoformat(),
        "elapsed": format_duration(spent),
        "seconds": spent // timedelta(seconds=1)
        if spent % timedelta(seconds=1) == timedelta(0)
        else spent.total_seconds(),
    }
    _emit([row], args.format, sys.stdout)
    return 0


def _cmd_gaps(args: argparse.Namespace) -> int:
    from slacalc.catalogue.reader import load
    from slacalc.gaps.analysis import Severity, find_gaps

    cat = load(args.catalogue)
    as_of = _as_of(args.as_of)
    findings = find_gaps(cat, as_of=as_of, horizon=args.horizon)
    floor = Severity(args.min_severity)
    failing = [f for f in findings if f.severity >= floor]
    if args.format == "json":
        json.dump([f.to_dict() for f in findings], sys.stdout, indent=2)
        sys.stdout.write("\n")
    elif args.format == "csv":
        rows = [
            {k: v for k, v in f.to_dict().items() if k != "evidence"}
            | {"evidence": json.dumps(f.to_dict()["evidence"])}
            for f in findings
        ]
        _emit(rows, "csv", sys.stdout)
    else:
        print(f"Structural gaps in {args.catalogue} as of {as_of} (horizon {args.horizon}):")
        print()
        rows = [
            {
                "severity": str(f.severity),
                "kind": str(f.kind),
                "sla": f.sla or "-",
                "priority": f.priority or "-",
                "metric": f.metric or "-",
                "at fault": f.agreement or "-",
                "worst overrun": _overrun_text(f),
            }
            for f in findings
        ]
        _emit(rows, "table", sys.stdout)
        print()
        for i, f in enumerate(findings, 1):
            print(f"{i}. [{f.severity}] {f.kind}: {f.explanation}")
        print()
        counts = {str(s): sum(1 for f in findings if f.severity == s) for s in Severity}
        summary = ", ".join(f"{n} {s}" for s, n in reversed(counts.items()) if n)
        print(f"{len(findings)} finding(s): {summary or 'none'}.")
    if failing and not args.exit_zero:
        print(
            f"slacalc: {len(failing)} finding(s) at or above severity {floor}",
            file=sys.stderr,
        )
        return 1
    return 0


def _overrun_text(f: Any) -> str:
    worst = f.evidence.get("worst_overrun")
    return format_duration(worst) if worst is not None else "-"


def _as_of(text: str | None) -> date:
    if text is None:
        return datetime.now(UTC).date()
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ParseError(text, "a date YYYY-MM-DD", "--as-of") from None


def _calendar_options(p: argparse.ArgumentParser) -> None:
    g = p.add_argument_group("calendar (either a catalogue calendar or one built here)")
    g.add_argument("--catalogue", help="a TOML catalogue file")
    g.add_argument("--calendar", help="the name of a calendar in --catalogue")
    g.add_argument("--tz", help="IANA time zone, e.g. Europe/London (default UTC)")
    g.add_argument(
        "--hours",
        action="append",
        metavar="DAYS=WINDOWS",
        help="weekly hours, e.g. mon-fri=09:00-17:30 (repeatable; comma-separate windows); "
        "default every day 00:00-24:00",
    )
    g.add_argument(
        "--holidays", action="append", metavar="CODE", help="ISO holiday code, e.g. GB-ENG"
    )
    g.add_argument(
        "--closure",
        action="append",
        metavar="START/END",
        help="a local closure, e.g. '2026-12-24 13:00/2026-12-27 00:00' (repeatable)",
    )


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="slacalc",
        description="Exact business-time maths and SLA -> OLA -> UC gap analysis.",
    )
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("deadline", help="when a duration of business time from a start ends")
    _calendar_options(p)
    p.add_argument("--start", required=True, help="ISO instant with offset")
    p.add_argument("--duration", required=True, help="business time, e.g. 4h, 1h30m, PT4H")
    p.add_argument("--landing", choices=("close", "open"), default="close")
    p.add_argument("--format", choices=("table", "json", "csv"), default="table")
    p.set_defaults(handler=_cmd_deadline)

    p = sub.add_parser("elapsed", help="business time between two instants")
    _calendar_options(p)
    p.add_argument("--start", required=True, help="ISO instant with offset")
    p.add_argument("--end", required=True, help="ISO instant with offset")
    p.add_argument("--format", choices=("table", "json", "csv"), default="table")
    p.set_defaults(handler=_cmd_elapsed)

    p = sub.add_parser(
        "gaps",
        help="structural gaps of a catalogue (exit status 1 when findings reach --min-severity)",
    )
    p.add_argument("catalogue", help="a TOML catalogue file")
    p.add_argument("--as-of", help="the date of the analysis, YYYY-MM-DD (default: today, UTC)")
    p.add_argument("--horizon", default="12mo", help="tickets considered: 12mo, 1y, 90d, 8w")
    p.add_argument(
        "--min-severity",
        default="high",
        choices=("info", "low", "medium", "high", "critical"),
        help="exit with status 1 when a finding is at least this severe (default: high)",
    )
    p.add_argument("--exit-zero", action="store_true", help="report only: exit 0 whatever is found")
    p.add_argument("--format", choices=("table", "json", "csv"), default="table")
    p.set_defaults(handler=_cmd_gaps)

    for register in _EXTRA_COMMANDS:
        register(sub)
    return parser


def _measure_commands(sub: Any) -> None:
    from slacalc.cli._measure import register

    register(sub)


_EXTRA_COMMANDS: list[Callable[[Any], None]] = [_measure_commands]


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status.

    0: done (``gaps``: no finding at or above ``--min-severity``); 1: ``gaps`` found
    some; 2: bad input (the message says what and where); 3: an internal error.
    """
    args = _parser().parse_args(argv)
    handler: Handler = args.handler
    try:
        return handler(args)
    except SlacalcError as exc:
        print(f"slacalc: error: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # e.g. `slacalc gaps ... | head`: the reader left
        sys.stderr.close()
        return 0
    except OSError as exc:
        print(f"slacalc: error: {exc}", file=sys.stderr)
        return 2
    except Exception as exc:  # never a bare traceback, never the "findings" status
        print(f"slacalc: internal error: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 3
