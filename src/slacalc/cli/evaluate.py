"""``slacalc evaluate``: SLA, OLA and UC outcomes of every ticket in an activity log.

    slacalc evaluate examples/activity.csv --catalogue examples/catalogue.toml \\
        --as-of 2026-10-15T00:00:00Z --format csv

The log is the long table ``ticket, at, field, value`` (docs/activity.md); one
row per ticket, agreement, metric and cycle. The file is read in chunks of
whole tickets (``--chunk-rows``; it must be grouped by ticket) and CSV and JSON
are written as each chunk is judged, so memory stays bounded by the chunk; the
aligned table is written at the end. CSV cells that a spreadsheet would read as
a formula are neutralised; what no rule covers is a warning on stderr.
"""

from __future__ import annotations

import argparse
import ast
import csv
import json
import os
import re
import sys
import textwrap
import warnings
from collections.abc import Iterable
from typing import Any, TextIO

from slacalc._escape import csv_row
from slacalc.activity import ActivityWarning, CycleOutcome, evaluate, iter_activity
from slacalc.activity.outcomes import ABSENT_FIELDS
from slacalc.cli._activity import add_options
from slacalc.cli._inputs import catalogue, instant, what_if
from slacalc.cli._output import FORMATS, emit
from slacalc.durations import format_duration, seconds
from slacalc.measure import RecordError

__all__ = ["PROGRESS_BYTES", "register", "row", "run"]

#: Files of at least this many bytes get progress lines (each tenth read) on stderr.
PROGRESS_BYTES = 1_000_000


def row(o: CycleOutcome, *, human: bool, json: bool = False) -> dict[str, object]:
    """One output row (machine formats: snake_case keys, seconds beside durations; in
    JSON the breached underpinning agreements a list and the attribution's seconds an
    object, in CSV and the table both ``; ``-joined)."""

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
        "underpinning": list(o.underpinning) if json else "; ".join(o.underpinning),
        "attribution": "; ".join(f"{p}={format_duration(t)}" for p, t in o.attribution),
    }
    if human and not o.underpinning:
        out["underpinning"] = "-"
    if not human:
        out["elapsed_seconds"] = seconds(o.elapsed)
        out["paused_seconds"] = seconds(o.paused)
        shares = {p: seconds(t) for p, t in o.attribution}
        out["seconds_by_party"] = (
            shares if json else "; ".join(f"{p}={n}" for p, n in shares.items())
        )
    return out


class _Stream:
    """Rows written as they come: CSV with one header, JSON as one array (the same
    bytes :func:`emit` writes for the whole list); the table, which aligns its
    columns, is written at the end."""

    def __init__(self, fmt: str, out: TextIO) -> None:
        self.fmt, self.out = fmt, out
        self.count = 0
        self.held: list[dict[str, object]] = []
        self.writer: csv.DictWriter[str] | None = None

    def write(self, rows: list[dict[str, object]]) -> None:
        if self.fmt == "table":
            self.held.extend(rows)
        elif self.fmt == "csv":
            for r in rows:
                if self.writer is None:
                    self.writer = csv.DictWriter(self.out, fieldnames=list(r), lineterminator="\n")
                    self.writer.writeheader()
                self.writer.writerow(csv_row(r))
        else:
            for r in rows:
                text = textwrap.indent(json.dumps(r, indent=2, default=str), "  ")
                self.out.write(("[\n" if not self.count else ",\n") + text)
                self.count += 1
        self.out.flush()

    def close(self) -> None:
        if self.fmt == "table":
            emit(self.held, "table", self.out)
        elif self.fmt == "json":
            self.out.write("\n]\n" if self.count else "[]\n")


def run(args: argparse.Namespace) -> int:
    """Print every cycle's outcome, chunk by chunk of whole tickets."""
    cat = catalogue(args.catalogue)
    as_of = instant(args.as_of)
    version = what_if(args.what_if)
    human = args.format == "table"
    as_json = args.format == "json"
    stream = _Stream(args.format, sys.stdout)
    shown = 0

    def progress(fraction: float) -> None:
        nonlocal shown
        tenth = int(fraction * 10)
        if not args.no_progress and big and tenth > shown:
            shown = tenth
            print(f"slacalc: reading {args.activity}: {tenth * 10}%", file=sys.stderr, flush=True)

    big = (
        os.path.getsize(args.activity) >= PROGRESS_BYTES if os.path.exists(args.activity) else False
    )
    seen: set[str] = set()  # the fields some ticket of the file has
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ActivityWarning)
        chunks = iter_activity(
            args.activity, chunk_rows=args.chunk_rows, progress=progress, tz=args.tz
        )
        for log in chunks:
            for a in log:
                seen.update(a.initial)
                seen.update(c.field for c in a.changes)
            try:
                outcomes = evaluate(
                    log, cat, as_of=as_of, version=version, unmatched=args.unmatched
                )
            except RecordError as error:  # the same problems, named by the file
                raise RecordError(error.problems, args.activity) from None
            stream.write([row(o, human=human, json=as_json) for o in outcomes])
    stream.close()
    for message, count in _tally((str(w.message) for w in caught), seen).items():
        times = f" ({count} times)" if count > 1 else ""
        print(f"slacalc: warning: {message}{times}", file=sys.stderr)
    return 0


_TIMES = re.compile(r"^(.*) \((\d+) times\)$", re.S)


_UNNAMED = re.compile(r"^status value\(s\) (.*) (are named by no policy.*)$", re.S)
_ABSENT = re.compile(rf"^field\(s\) (.*) ({re.escape(ABSENT_FIELDS)}.*)$", re.S)


def _tally(messages: Iterable[str], seen: set[str] | None = None) -> dict[str, int]:
    """Each chunk's warnings summed over the file: a message and how often it held
    (the statuses no policy names, listed per chunk, are listed once for the file; a
    field a chunk's conditions name but its tickets lack is listed only if no ticket
    of the file, ``seen``, has it)."""
    counts: dict[str, int] = {}
    unnamed: dict[str, None] = {}
    absent: dict[str, None] = {}
    tail = absent_tail = ""
    for text in messages:
        if u := _UNNAMED.match(text):
            unnamed.update(dict.fromkeys(ast.literal_eval(f"[{u[1]}]")))
            tail = u[2]
            continue
        if f := _ABSENT.match(text):
            absent.update(dict.fromkeys(ast.literal_eval(f"[{f[1]}]")))
            absent_tail = f[2]
            continue
        m = _TIMES.match(text)
        message, n = (m[1], int(m[2])) if m else (text, 1)
        counts[message] = counts.get(message, 0) + n
    missing = sorted(set(absent) - (seen or set()))
    if missing:
        counts = {f"field(s) {', '.join(map(repr, missing))} {absent_tail}": 1, **counts}
    if unnamed:
        listed = ", ".join(map(repr, sorted(unnamed)))
        return {f"status value(s) {listed} {tail}": 1, **counts}
    return counts


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
    p.add_argument(
        "--chunk-rows",
        type=int,
        default=100_000,
        metavar="N",
        help="rows read at a time, in whole tickets (the file must be grouped by ticket)",
    )
    p.add_argument("--no-progress", action="store_true", help="no progress lines on stderr")
    add_options(p)
    p.set_defaults(handler=run)
