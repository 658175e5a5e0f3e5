"""``slacalc evaluate``: SLA, OLA and UC outcomes of every ticket in an activity log.

    slacalc evaluate examples/activity.csv --catalogue examples/catalogue.toml \\
        --as-of 2026-10-15T00:00:00Z --format csv

The log is the long table ``ticket, at, field, value`` (docs/activity.md); one
row per ticket, agreement, metric and cycle. The file is read in chunks of
whole tickets (``--chunk-rows``; it must be grouped by ticket) and CSV and JSON
are written as each chunk is judged, so memory stays bounded by the chunk; the
aligned table is written at the end. CSV cells that a spreadsheet would read as
a formula are neutralised; what no rule covers is a warning on stderr.

Each chunk is judged by the vectorised clock (:func:`slacalc.tables.evaluate_log`)
when NumPy and pyarrow are installed and it applies, else by the per-ticket
engine; ``--path`` chooses. Both print the same rows and the same warnings. A
Parquet file is read as Arrow columns, each chunk judged from them
(:mod:`slacalc.tables._stream`), where nothing in it reads otherwise row by row;
there the next chunk is judged on a second thread while one is written (a chunk
left to the rows is judged with no other chunk in flight: the warnings each
records are its own).
"""

from __future__ import annotations

import argparse
import codecs
import csv
import importlib.util
import io
import json
import os
import sys
import textwrap
import warnings
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TextIO

from slacalc._escape import csv_row
from slacalc.activity import ActivityWarning, evaluate, iter_activity
from slacalc.activity.reader import arrow_rows, chunk_log
from slacalc.cli._activity import add_options, print_warnings
from slacalc.cli._csv import CSV_KEYS, csv_bytes
from slacalc.cli._inputs import catalogue, instant, what_if
from slacalc.cli._json import json_bytes
from slacalc.cli._output import FORMATS, emit
from slacalc.cli._rows import row, table_rows
from slacalc.errors import InvalidValueError
from slacalc.measure import RecordError
from slacalc.tables import evaluate_log
from slacalc.tables._stream import fast_chunk, parquet_chunks, readable

__all__ = ["PATHS", "PROGRESS_BYTES", "register", "row", "run"]

#: ``--path``: the vectorised clock where it applies (``auto``), always
#: (``vectorised``: an error where it does not apply), or the per-ticket ``engine``.
PATHS = ("auto", "vectorised", "engine")

#: Files of at least this many bytes get progress lines (each tenth read) on stderr.
PROGRESS_BYTES = 1_000_000


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

    def write_table(self, table: Any, human: bool, as_json: bool) -> None:
        """The rows of the vectorised clock's table: CSV and JSON a column at a time
        with Arrow (:func:`~slacalc.cli._csv.csv_bytes`,
        :func:`~slacalc.cli._json.json_bytes`: the same bytes as :meth:`write` of
        :func:`table_rows`), the aligned table by its rows."""
        n = table.num_rows
        data: Any = None
        if self.fmt == "json" and n:
            data = json_bytes(table)  # None: rows the columns leave to json.dumps
        elif self.fmt == "csv" and n:
            if self.writer is None:
                keys = list(CSV_KEYS)
                self.writer = csv.DictWriter(self.out, fieldnames=keys, lineterminator="\n")
                self.writer.writeheader()
            data = csv_bytes(table)
        if data is None:  # the aligned table, no rows, or JSON left to the rows
            self.write(table_rows(table, human=human, json=as_json))
            return
        pieces = [data]
        if self.fmt == "json":  # the rows of one array: the first opens it
            pieces = [piece for p in data for piece in (b",\n", p)]
            pieces[0] = b",\n" if self.count else b"[\n"
            self.count += n
        raw = _utf8_bytes(self.out)
        if raw is not None:
            self.out.flush()
        for piece in pieces:
            if raw is None:
                self.out.write(bytes(piece).decode("utf-8"))
            else:  # the same bytes, not decoded and encoded again
                raw.write(piece)
        self.out.flush()

    def close(self) -> None:
        if self.fmt == "table":
            emit(self.held, "table", self.out)
        elif self.fmt == "json":
            self.out.write("\n]\n" if self.count else "[]\n")


def _utf8_bytes(out: Any) -> Any:
    """The binary stream under the text stream ``out`` where writing UTF-8 to it gives
    what writing text to ``out`` gives (UTF-8, strict, lines ended by ``\\n``), else
    ``None``."""
    raw = getattr(out, "buffer", None)
    if raw is None or not isinstance(out, io.TextIOWrapper) or os.linesep != "\n":
        return None
    try:
        same = codecs.lookup(out.encoding).name == "utf-8" and out.errors == "strict"
    except LookupError:
        return None
    return raw if same else None


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
    said: list[str] = []  # the warnings of the chunks judged from their Arrow columns
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ActivityWarning)
        for log in _logs(args, progress, cat, as_of, human, as_json, stream, seen, said):
            for a in log:
                seen.update(a.initial)
                seen.update(c.field for c in a.changes)
            _judged(log, cat, as_of, version, args, human, as_json, stream)
    stream.close()
    print_warnings([*said, *(str(w.message) for w in caught)], seen)
    return 0


def _logs(
    args: argparse.Namespace,
    progress: Any,
    cat: Any,
    as_of: Any,
    human: bool,
    as_json: bool,
    stream: _Stream,
    seen: set[str],
    said: list[str],
) -> Iterator[Any]:
    """The file's chunks of whole tickets as activity logs, for :func:`_judged`. A
    Parquet file the vectorised clock can read as it is (``--path`` not ``engine``,
    NumPy and pyarrow installed) is read as Arrow tables instead, and each chunk the
    vectorised clock judges from its columns is written here (its rows, warnings and
    fields): only the chunks it cannot judge so come out as logs, read from the same
    rows by the same reader, so the output is the same."""
    path = args.activity
    if args.path != "engine" and path.endswith(".parquet") and _arrow() and readable(path):
        chunks = parquet_chunks(
            path, chunk_rows=args.chunk_rows, name=path, tz=args.tz, progress=progress
        )

        def written(got: tuple[Any, list[str], set[str]]) -> None:
            stream.write_table(got[0], human, as_json)
            said.extend(got[1])
            seen.update(got[2])

        with ThreadPoolExecutor(1) as pool:

            def judged(chunk: tuple[int, Any] | None) -> Any:
                if chunk is None:
                    return None
                job = pool.submit(fast_chunk, chunk[1], cat, as_of=as_of, unmatched=args.unmatched)
                return chunk, job

            pending = judged(next(chunks, None))
            while pending is not None:
                (first, table), job = pending
                got = job.result()
                if got is None:  # read by rows and judged by the caller: no chunk on the thread
                    yield chunk_log(arrow_rows(table, first), path, args.tz)
                    pending = judged(next(chunks, None))
                    continue
                try:
                    pending = judged(next(chunks, None))  # judged while this one is written
                except BaseException:
                    written(got)  # the chunks before a problem are written first, as ever
                    raise
                written(got)
        return
    yield from iter_activity(path, chunk_rows=args.chunk_rows, progress=progress, tz=args.tz)


def _arrow() -> bool:
    """Whether NumPy and pyarrow are installed (the vectorised clock's extras)."""
    return all(importlib.util.find_spec(name) is not None for name in ("numpy", "pyarrow"))


def _judged(
    log: Any,
    cat: Any,
    as_of: Any,
    version: Any,
    args: argparse.Namespace,
    human: bool,
    as_json: bool,
    stream: _Stream,
) -> None:
    """One chunk's output rows, written: by the vectorised clock where ``--path`` lets
    it and it applies, else by the engine."""
    if args.path != "engine":
        # Without versioned agreements (which the vectorised clock refuses) every
        # --what-if mode judges by the agreements' own targets: the same answer.
        table = evaluate_log(log, cat, as_of=as_of, unmatched=args.unmatched)
        if table is not None:
            stream.write_table(table, human, as_json)
            return
        if args.path == "vectorised":
            raise InvalidValueError(
                "--path",
                "vectorised",
                "auto or engine",
                message="--path vectorised: the vectorised clock does not apply to this "
                "log and catalogue (it needs NumPy and pyarrow, and no versioned "
                "agreements or renew policies; a ticket that cannot be judged is named by "
                "--path engine)",
            )
    try:
        outcomes = evaluate(log, cat, as_of=as_of, version=version, unmatched=args.unmatched)
    except RecordError as error:  # the same problems, named by the file
        raise RecordError(error.problems, args.activity) from None
    stream.write([row(o, human=human, json=as_json) for o in outcomes])


def register(sub: Any) -> None:
    """Add the command to an argparse subparsers object."""
    p = sub.add_parser("evaluate", help="SLA, OLA and UC outcomes of an activity log")
    p.add_argument(
        "activity",
        help="the long table ticket, at, field, value (CSV, or Parquet by its .parquet suffix)",
    )
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
    p.add_argument(
        "--path",
        choices=PATHS,
        default="auto",
        help="the vectorised clock where it applies (auto, the default; it needs NumPy and "
        "pyarrow), always (vectorised), or the per-ticket engine (engine): the same output",
    )
    add_options(p)
    p.set_defaults(handler=run)
