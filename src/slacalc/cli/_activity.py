"""Activity logs on the command line: told apart by their header, evaluated with progress.

``slacalc timers`` and ``slacalc report`` take an activity log (the long table
``ticket, at, field, value``; docs/activity.md) where they take their own
CSVs: a file whose header is exactly those four columns, in any order, is an
activity log (no other input of theirs has that header). Its clocks follow the
catalogue's ``[activity]`` rules.
"""

from __future__ import annotations

import csv
import io
import sys
import warnings
from collections.abc import Iterator
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
from slacalc.catalogue.model import Catalogue
from slacalc.cli._inputs import read
from slacalc.cli._output import Progress
from slacalc.measure import RecordError

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
    and each :class:`~slacalc.activity.ActivityWarning` (once) on stderr. Tickets
    that cannot be judged are one ``RecordError`` naming ``source``."""
    ticks = Progress(len(log), "tickets", progress, sys.stderr)

    def tickets() -> Iterator[Activity]:
        for done, a in enumerate(log, 1):
            yield a
            ticks.tick(done)

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ActivityWarning)
        try:
            results = evaluate(tickets(), catalogue, as_of=as_of, unmatched=unmatched)
        except RecordError as error:  # the same problems, named by the file they came from
            raise RecordError(error.problems, source or error.source) from None
    for message in dict.fromkeys(str(w.message) for w in caught):
        print(f"slacalc: warning: {message}", file=sys.stderr)
    return results
