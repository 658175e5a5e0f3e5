"""Reading an activity log from a normalised long table: ``ticket, at, field, value``.

The table has one row per fact; the four columns are required, and no other
column is allowed:

- a row whose ``field`` is ``created`` gives the ticket's creation instant in
  ``at`` (its ``value`` must be empty); every ticket has exactly one;
- a row at the creation instant gives a field of the ticket *as created*
  (its initial value); each field at most once;
- every other row is a change of ``field`` to ``value`` at ``at``.

Rows may come in any order. A ticket's changes are sorted by instant, stably:
rows at the same instant keep their order in the file. Tickets come in the
order of their first row. Instants are ISO 8601 with a UTC offset
(``2026-03-02T09:00:00+00:00`` or ``...Z``); naive readings are refused unless
``tz=`` names the zone they were read in, and then a reading that zone skips
or repeats (a DST gap or fold) is refused too, never guessed.

Every problem in every row is collected and raised at once as a
:class:`~slacalc.measure.RecordError` naming the line and column.

>>> rows = ["ticket,at,field,value",
...         "INC-1,2026-03-02T09:00Z,created,",
...         "INC-1,2026-03-02T09:00Z,status,New",
...         "INC-1,2026-03-02T11:30Z,status,Resolved"]
>>> log = read_activity(rows)
>>> a = log["INC-1"]
>>> dict(a.initial), [(c.field, c.value) for c in a.changes]
({'status': 'New'}, [('status', 'Resolved')])
"""

from __future__ import annotations

import contextlib
import csv
import io
import os
from collections.abc import Iterable, Iterator, Mapping
from datetime import UTC, datetime, tzinfo
from typing import IO, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from slacalc.activity.log import CREATED, Activity, ActivityLog, Change
from slacalc.errors import ArgumentTypeError, SlacalcError, UnknownZoneError
from slacalc.measure import RecordError

__all__ = ["ACTIVITY_COLUMNS", "read_activity"]

#: The columns of the long table, in their usual order.
ACTIVITY_COLUMNS = ("ticket", "at", "field", "value")

_Source = str | os.PathLike[str] | IO[str] | Iterable[str] | Iterable[Mapping[str, Any]]


class _Bad(Exception):
    def __init__(self, column: str, message: str) -> None:
        self.column = column
        super().__init__(message)


def zone_of(tz: str | tzinfo | None) -> tzinfo | None:
    """The zone ``tz=`` names for readings without an offset (``None``: refuse them);
    an unknown zone name is an :class:`~slacalc.errors.UnknownZoneError`."""
    return _zone(tz)


def _zone(tz: str | tzinfo | None) -> tzinfo | None:
    if tz is None or isinstance(tz, tzinfo):
        return tz
    if not isinstance(tz, str):
        raise ArgumentTypeError("tz", tz, "an IANA zone name or a tzinfo")
    try:
        return ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError):
        raise UnknownZoneError(tz) from None


def _local(reading: datetime, zone: tzinfo) -> datetime:
    """A naive reading in ``zone``; a reading the zone skips or repeats is refused."""
    early, late = reading.replace(tzinfo=zone, fold=0), reading.replace(tzinfo=zone, fold=1)
    if early.astimezone(UTC).astimezone(zone).replace(tzinfo=None) != reading:
        raise _Bad("at", f"{reading.isoformat()} does not exist in {zone} (a DST gap)")
    if early.utcoffset() != late.utcoffset():
        raise _Bad("at", f"{reading.isoformat()} occurs twice in {zone} (a DST fold)")
    return early


def _instant(value: object, zone: tzinfo | None) -> datetime:
    if isinstance(value, datetime):
        stamp = value
    elif isinstance(value, str):
        text = value.strip()
        try:
            stamp = datetime.fromisoformat(text)
        except ValueError:
            raise _Bad("at", f"{value!r} is not an ISO 8601 instant") from None
    else:
        raise _Bad("at", f"{value!r} ({type(value).__name__}) is not an instant")
    if stamp.utcoffset() is not None:
        return stamp
    if zone is None:
        raise _Bad(
            "at",
            f"{value!r} has no UTC offset (slacalc never guesses a zone; "
            "give tz=, or --tz on the command line, to read local readings)",
        )
    return _local(stamp.replace(tzinfo=None), zone)


class _Builder:
    """Collects rows per ticket; reports every problem with where it came from."""

    def __init__(self, zone: tzinfo | None) -> None:
        self.zone = zone
        self.problems: list[tuple[str, str]] = []
        self.rows: dict[str, list[tuple[str, datetime, str, str]]] = {}

    def add(self, where: str, row: Mapping[str, Any], column_where: Any) -> None:
        bad = False
        cells: dict[str, Any] = {}
        for col in ACTIVITY_COLUMNS:
            value = row.get(col)
            if col != "at" and not isinstance(value, str):
                self.problems.append(
                    (
                        column_where(col),
                        f"{value!r} is not text" if value is not None else "missing",
                    )
                )
                bad = True
                continue
            cells[col] = value.strip() if isinstance(value, str) and col != "value" else value
        if bad:
            return
        for col in ("ticket", "field"):
            if not cells[col]:
                self.problems.append((column_where(col), "empty (a required column)"))
                bad = True
        try:
            at = _instant(cells["at"], self.zone)
        except _Bad as error:
            self.problems.append((column_where(error.column), str(error)))
            return
        if bad:
            return
        if cells["field"] == CREATED and cells["value"].strip():
            self.problems.append(
                (column_where("value"), f"{cells['value']!r}: a 'created' row has an empty value")
            )
            return
        self.rows.setdefault(cells["ticket"], []).append(
            (where, at, cells["field"], cells["value"])
        )

    def build(self) -> ActivityLog:
        tickets: list[Activity] = []
        for ticket, rows in self.rows.items():
            created = [r for r in rows if r[2] == CREATED]
            if len(created) != 1:
                where = rows[0][0] if not created else created[1][0]
                what = "no 'created' row" if not created else "a second 'created' row"
                self.problems.append((where, f"ticket {ticket!r} has {what} (exactly one needed)"))
                continue
            start = created[0][1]
            initial: dict[str, str] = {}
            firsts: dict[str, str] = {}
            changes: list[Change] = []
            for where, at, field, value in rows:
                if field == CREATED:
                    continue
                if at.astimezone(UTC) < start.astimezone(UTC):
                    self.problems.append(
                        (
                            where,
                            f"ticket {ticket!r}: {field} at {at.isoformat()} is before its "
                            f"creation at {start.isoformat()} ({created[0][0]})",
                        )
                    )
                elif at.astimezone(UTC) == start.astimezone(UTC):
                    if field in initial:
                        self.problems.append(
                            (
                                where,
                                f"ticket {ticket!r}: initial field {field!r} "
                                f"repeats {firsts[field]}",
                            )
                        )
                    initial[field] = value
                    firsts.setdefault(field, where)
                else:
                    changes.append(Change(at, field, value))
            try:
                tickets.append(Activity(ticket, start, initial, changes))
            except SlacalcError as error:  # pragma: no cover - every check is made above
                self.problems.append((created[0][0], str(error)))
        return ActivityLog(tickets)


def _lines(source: _Source) -> Iterator[str] | None:
    if isinstance(source, str | os.PathLike):
        return None
    if isinstance(source, io.TextIOBase) or hasattr(source, "read"):
        return iter(source)  # type: ignore[return-value]
    return None


_Row = tuple[str, dict[str, Any], Any]  # (where, row, column_where)


def _csv_rows(lines: Iterable[str], problems: list[tuple[str, str]], name: str) -> Iterator[_Row]:
    """The data rows of an activity CSV, each with where it came from; a bad header
    is a RecordError at once, bad lines are added to ``problems`` (and skipped)."""
    it = iter(lines)
    reader = csv.reader(it, strict=True)
    try:
        header = next(reader)
    except StopIteration:
        raise RecordError([("line 1", "no header row")], name) from None
    except csv.Error as error:
        raise RecordError([("line 1", f"not CSV: {error}")], name) from None
    if header:
        header[0] = header[0].removeprefix("\ufeff")
    header = [h.strip() for h in header]
    unknown = [h for h in header if h not in ACTIVITY_COLUMNS]
    missing = [c for c in ACTIVITY_COLUMNS if c not in header]
    repeated = sorted({h for h in header if header.count(h) > 1})
    if unknown or missing or repeated:
        parts = [f"unknown column(s) {', '.join(map(repr, unknown))}"] if unknown else []
        parts += [f"missing column(s) {', '.join(map(repr, missing))}"] if missing else []
        parts += [f"repeated column(s) {', '.join(map(repr, repeated))}"] if repeated else []
        expected = ", ".join(ACTIVITY_COLUMNS)
        raise RecordError([("line 1", f"{'; '.join(parts)}; expected columns {expected}")], name)
    position = {c: header.index(c) + 1 for c in ACTIVITY_COLUMNS}
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            problems.append((f"line {reader.line_num}", f"not CSV: {error}"))
            break
        line = reader.line_num
        if not cells:
            continue
        if len(cells) != len(header):
            problems.append(
                (f"line {line}", f"{len(cells)} columns where the header has {len(header)}")
            )
            continue
        yield (
            f"line {line}",
            dict(zip(header, cells, strict=True)),
            lambda col, line=line: f"line {line}, column {position[col]} ({col})",
        )


def _read_csv(lines: Iterable[str], builder: _Builder, name: str) -> None:
    for where, row, column_where in _csv_rows(lines, builder.problems, name):
        builder.add(where, row, column_where)


def _parquet_rows(path: str, problems: list[tuple[str, str]], name: str) -> Iterator[_Row]:
    """The rows of a Parquet activity file, read in record batches (pyarrow)."""
    import pyarrow as pa

    handle = parquet_file(path, name)
    names = handle.schema_arrow.names
    if sorted(names) != sorted(ACTIVITY_COLUMNS):
        raise RecordError(
            [("schema", f"columns {', '.join(names)}; expected {', '.join(ACTIVITY_COLUMNS)}")],
            name,
        )
    i = 0
    batches = handle.iter_batches(batch_size=65_536, columns=list(ACTIVITY_COLUMNS))
    while True:
        try:
            batch = next(batches)
        except StopIteration:
            return
        except pa.ArrowException as error:
            problem = (f"row {i}", f"the file cannot be read on: {error}")
            raise RecordError([problem], name) from None
        yield from arrow_rows(batch, i)
        i += batch.num_rows


def parquet_file(path: str, name: str, **options: Any) -> Any:
    """``pyarrow.parquet.ParquetFile(path)``; a file that is not Parquet is a
    :class:`~slacalc.measure.RecordError` naming it (a missing one stays an ``OSError``)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    if not os.path.exists(path):
        raise FileNotFoundError(2, "No such file or directory", path)
    try:
        return pq.ParquetFile(path, **options)
    except (pa.ArrowException, OSError) as error:
        raise RecordError([("file", f"not a Parquet file: {error}")], name) from None


def arrow_rows(batch: Any, first: int) -> Iterator[_Row]:
    """The rows of an Arrow batch or table of a Parquet activity file whose first row is
    the file's row ``first``, each with where it came from (``row i``)."""
    for i, row in enumerate(batch.to_pylist(), first):
        if row["field"] == CREATED and row["value"] is None:
            row["value"] = ""  # a 'created' row has no value
        yield f"row {i}", row, lambda col, i=i: f"row {i}, column {col}"


def row_problems(rows: Iterable[_Row], tz: str | tzinfo | None = None) -> list[tuple[str, str]]:
    """The problems :func:`iter_activity` finds in rows before it builds their tickets
    (what it has collected when a ticket comes back)."""
    builder = _Builder(_zone(tz))
    for where, row, column_where in rows:
        builder.add(where, row, column_where)
    return builder.problems


def chunk_log(
    rows: Iterable[_Row],
    name: str,
    tz: str | tzinfo | None = None,
    problems: Iterable[tuple[str, str]] = (),
) -> ActivityLog:
    """The activity log of one chunk's rows, as :func:`iter_activity` builds it: every
    problem of the rows (after ``problems``, those found before them) one
    :class:`~slacalc.measure.RecordError` naming ``name``."""
    builder = _Builder(_zone(tz))
    builder.problems = list(problems)
    for where, row, column_where in rows:
        builder.add(where, row, column_where)
    return _finish(builder, name)


def _finish(builder: _Builder, name: str) -> ActivityLog:
    """The builder's log, or every problem of its rows and tickets as one error."""
    if builder.problems:
        raise RecordError(builder.problems, name)
    log = builder.build()
    if builder.problems:
        raise RecordError(builder.problems, name)
    return log


def comes_back(ticket: str) -> str:
    """The problem of a ticket whose rows come back after another ticket's."""
    return (
        f"ticket {ticket!r} comes back after other tickets: the file must be grouped by "
        "ticket (docs/activity.md)"
    )


def iter_activity(
    path: str | os.PathLike[str],
    *,
    chunk_rows: int = 100_000,
    tz: str | tzinfo | None = None,
    name: str = "",
    progress: Any = None,
) -> Iterator[ActivityLog]:
    """An activity file (CSV, or Parquet by its ``.parquet`` suffix) in chunks of whole tickets.

    The file must be grouped by ticket (every row of a ticket together, in any
    order within the group; ``sort -t, -k1,1 -s`` or DuckDB's ``ORDER BY
    ticket`` makes it so): each chunk holds about ``chunk_rows`` rows (at most
    ``chunk_rows`` plus one ticket's), so a file larger than memory is read
    in bounded memory (the ids of the tickets already read are remembered, to
    refuse a ticket that comes back: it would be split silently). Problems are
    a :class:`~slacalc.measure.RecordError` for the chunk they are in, every
    problem of that chunk at once; chunks before it have been yielded.
    ``progress``, when given, is called with the fraction of the file read.

    >>> import pathlib, tempfile
    >>> f = pathlib.Path(tempfile.mkdtemp()) / "a.csv"
    >>> _ = f.write_text("ticket,at,field,value\\nA,2026-03-02T09:00Z,created,\\n"
    ...                  "B,2026-03-02T10:00Z,created,\\nB,2026-03-02T11:00Z,status,Open\\n")
    >>> [[a.ticket for a in log] for log in iter_activity(f, chunk_rows=1)]
    [['A'], ['B']]
    """
    if not isinstance(chunk_rows, int) or isinstance(chunk_rows, bool) or chunk_rows < 1:
        raise ArgumentTypeError("chunk_rows", chunk_rows, "a positive number of rows")
    path = os.fspath(path)
    label = name or path
    zone = _zone(tz)
    size = max(os.path.getsize(path), 1)
    problems: list[tuple[str, str]] = []  # shared by the row reader and each chunk's builder
    count = 0
    seen: set[str] = set()
    current: str | None = None

    def builder_() -> _Builder:
        b = _Builder(zone)
        b.problems = problems
        return b

    builder = builder_()

    def flush() -> ActivityLog:
        nonlocal builder, count
        if problems:
            raise RecordError(problems, label)
        log = builder.build()
        if problems:
            raise RecordError(problems, label)
        builder, count = builder_(), 0
        return log

    with contextlib.ExitStack() as stack:
        counted: _Counted | None = None
        if path.endswith(".parquet"):
            rows = _parquet_rows(path, problems, label)
        else:
            handle = stack.enter_context(open(path, encoding="utf-8-sig", newline=""))
            counted = _Counted(handle)
            rows = _csv_rows(counted, problems, label)
        for where, row, column_where in rows:
            ticket = row.get("ticket")
            ticket = ticket.strip() if isinstance(ticket, str) else ticket
            if isinstance(ticket, str) and ticket != current:
                if ticket in seen:
                    problems.append((where, comes_back(ticket)))
                    raise RecordError(problems, label)
                if current is not None:
                    seen.add(current)
                if count >= chunk_rows:
                    yield flush()
                    if progress is not None and counted is not None:
                        progress(min(counted.chars / size, 1.0))
                current = ticket
            builder.add(where, row, column_where)
            count += 1
    if count or problems:
        yield flush()
    if progress is not None:
        progress(1.0)


class _Counted:
    """Lines of a text file, counting the characters read (for a progress fraction)."""

    def __init__(self, handle: Iterable[str]) -> None:
        self.handle = handle
        self.chars = 0

    def __iter__(self) -> Iterator[str]:
        for line in self.handle:
            self.chars += len(line)
            yield line


def read_activity(
    source: _Source, *, tz: str | tzinfo | None = None, name: str = ""
) -> ActivityLog:
    """An :class:`~slacalc.activity.ActivityLog` from the long table ``ticket, at, field, value``.

    ``source`` is a CSV file path, an open text stream or any iterable of CSV
    lines (the first is the header; a UTF-8 byte-order mark is accepted), or an
    iterable of row mappings with the four keys (``at`` text or an aware
    ``datetime``). ``tz`` is the zone naive readings were taken in; without it a
    naive reading is an error. ``name`` names the source in error messages (a
    path's own name by default). Every bad row is reported at once in a
    :class:`~slacalc.measure.RecordError`, ``line N, column C (name)`` (or
    ``rows[i]`` for mappings).

    >>> rows = [{"ticket": "INC-1", "at": "2026-03-02 09:00", "field": "created", "value": ""}]
    >>> read_activity(rows, tz="Europe/London")["INC-1"].created.isoformat()
    '2026-03-02T09:00:00+00:00'
    >>> try:
    ...     read_activity(rows)
    ... except RecordError as error:
    ...     print(error.problems[0][0])
    rows[0].at
    """
    zone = _zone(tz)
    builder = _Builder(zone)
    if isinstance(source, str | os.PathLike):
        path = os.fspath(source)
        label = name or path
        with open(path, encoding="utf-8-sig", newline="") as handle:
            _read_csv(handle, builder, label)
    else:
        label = name
        stream = _lines(source)
        if stream is not None:
            _read_csv(stream, builder, label)
        else:
            if isinstance(source, Mapping) or not isinstance(source, Iterable):
                raise ArgumentTypeError(
                    "source", source, "a CSV path, a text stream, CSV lines or row mappings"
                )
            items = iter(source)
            first = next(items, None)
            if first is None:
                return ActivityLog(())
            if isinstance(first, str):
                _read_csv(_chain(first, items), builder, label)
            else:
                _read_rows(_chain(first, items), builder)
    return _finish(builder, label)


def _chain(first: Any, rest: Iterator[Any]) -> Iterator[Any]:
    yield first
    yield from rest


def _read_rows(rows: Iterable[Any], builder: _Builder) -> None:
    for i, row in enumerate(rows):
        if not isinstance(row, Mapping):
            builder.problems.append((f"rows[{i}]", f"{row!r} is not a mapping of column -> value"))
            continue
        extra = [k for k in row if k not in ACTIVITY_COLUMNS]
        if extra:
            builder.problems.append((f"rows[{i}]", f"unknown key(s) {', '.join(map(repr, extra))}"))
            continue
        builder.add(f"rows[{i}]", row, lambda col, i=i: f"rows[{i}].{col}")
