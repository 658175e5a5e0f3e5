"""Activity logs on the command line: told apart by their header, evaluated with progress.

``slacalc timers`` and ``slacalc report`` take an activity log (the long table
``ticket, at, field, value``; docs/activity.md) where they take their own
CSVs: a file whose header is exactly those four columns, in any order, is an
activity log (no other input of theirs has that header). Its clocks follow the
catalogue's ``[activity]`` rules.
"""

from __future__ import annotations

import ast
import csv
import io
import re
import sys
import warnings
from collections.abc import Iterable, Iterator
from datetime import datetime
from typing import Any

from slacalc.activity import (
    ACTIVITY_COLUMNS,
    UNMATCHED,
    Activity,
    ActivityLog,
    ActivityWarning,
    CycleOutcome,
    evaluate,
    read_activity,
)
from slacalc.activity.outcomes import ABSENT_FIELDS
from slacalc.catalogue.model import Catalogue
from slacalc.cli._inputs import read
from slacalc.cli._output import Progress
from slacalc.measure import RecordError
from slacalc.tables import cycle_outcomes

__all__: list[str] = []


def is_activity_log(path: str) -> bool:
    """Whether the CSV file's header is the activity table's ``ticket, at, field, value``.

    A file that cannot be read is not one (its own reader then reports why).
    """
    try:
        with open(path, encoding="utf-8-sig", newline="") as handle:
            first = handle.readline(4096)
    except (OSError, UnicodeDecodeError, ValueError):
        return False
    header = next(csv.reader([first]), [])
    return len(header) == len(ACTIVITY_COLUMNS) and set(header) == set(ACTIVITY_COLUMNS)


def add_options(p: Any, only: str = "") -> None:
    """The options every command that reads an activity log shares: ``--tz`` (the zone
    of readings without an offset) and ``--unmatched`` (tickets no SLA covers)."""
    p.add_argument(
        "--tz",
        metavar="ZONE",
        help=f"{only}the IANA zone in which readings without a UTC offset were taken "
        "(default: such readings are refused)",
    )
    p.add_argument(
        "--unmatched",
        choices=UNMATCHED,
        default="error",
        help=f"{only}tickets whose service and customer no SLA covers: an error naming "
        "them (default), or skip them with one warning per service and customer",
    )


def read_log(path: str, tz: str | None = None) -> ActivityLog:
    """The activity log in a UTF-8 CSV file, problems named by its path."""

    def reader(stream: io.StringIO, source: str) -> ActivityLog:
        return read_activity(stream, name=source, tz=tz)

    return read(path, reader)


def evaluated(
    log: ActivityLog,
    catalogue: Catalogue,
    as_of: datetime,
    *,
    progress: bool,
    source: str = "",
    unmatched: str = "error",
) -> tuple[CycleOutcome, ...]:
    """Every cycle of the log at ``as_of`` by the catalogue's rules; progress lines
    and each :class:`~slacalc.activity.ActivityWarning` (once, with its count) on
    stderr. The vectorised clock (:func:`slacalc.tables.cycle_outcomes`) judges the
    log where NumPy and pyarrow are installed and it applies, else the per-ticket
    engine: the same outcomes and warnings. Tickets that cannot be judged are one
    ``RecordError`` naming ``source``."""
    ticks = Progress(len(log), "tickets", progress, sys.stderr)

    def tickets() -> Iterator[Activity]:
        for done, a in enumerate(log, 1):
            yield a
            ticks.tick(done)

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ActivityWarning)
        try:
            results = cycle_outcomes(log, catalogue, as_of=as_of, unmatched=unmatched)
            if results is not None:
                ticks.tick(len(log))
            else:
                results = evaluate(tickets(), catalogue, as_of=as_of, unmatched=unmatched)
        except RecordError as error:  # the same problems, named by the file they came from
            raise RecordError(error.problems, source or error.source) from None
    seen = {f for a in log for f in (*a.initial, *(c.field for c in a.changes))}
    print_warnings((str(w.message) for w in caught), seen)
    return results


def print_warnings(messages: Iterable[str], seen: set[str] | None = None) -> None:
    """``slacalc: warning: ...`` on stderr for each of :func:`tally`'s messages."""
    for message, count in tally(messages, seen).items():
        times = f" ({count} times)" if count > 1 else ""
        print(f"slacalc: warning: {message}{times}", file=sys.stderr)


_TIMES = re.compile(r"^(.*) \((\d+) times\)$", re.S)


_UNNAMED = re.compile(r"^status value\(s\) (.*) (are named by no policy.*)$", re.S)
_ABSENT = re.compile(rf"^field\(s\) (.*) ({re.escape(ABSENT_FIELDS)}.*)$", re.S)


def tally(messages: Iterable[str], seen: set[str] | None = None) -> dict[str, int]:
    """Each chunk's warnings summed over the file: a message and how often it held, in
    the order of the messages (the statuses no policy names, listed per chunk, are
    listed once for the file, first; a field a chunk's conditions name but its
    tickets lack is listed only if no ticket of the file, ``seen``, has it)."""
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
    # In one order whichever path judged the chunks (the engine gives them ticket by
    # ticket, the vectorised clock those of the clocks last): sorted.
    counts = dict(sorted(counts.items()))
    missing = sorted(set(absent) - (seen or set()))
    if missing:
        counts = {f"field(s) {', '.join(map(repr, missing))} {absent_tail}": 1, **counts}
    if unnamed:
        listed = ", ".join(map(repr, sorted(unnamed)))
        return {f"status value(s) {listed} {tail}": 1, **counts}
    return counts
