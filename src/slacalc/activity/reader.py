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
            "give tz= to read local readings)",
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


def _read_csv(lines: Iterable[str], builder: _Builder, name: str) -> None:
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
            builder.problems.append((f"line {reader.line_num}", f"not CSV: {error}"))
            break
        line = reader.line_num
        if not cells:
            continue
        if len(cells) != len(header):
            builder.problems.append(
                (f"line {line}", f"{len(cells)} columns where the header has {len(header)}")
            )
            continue
        row = dict(zip(header, cells, strict=True))
        builder.add(
            f"line {line}",
            row,
            lambda col, line=line: f"line {line}, column {position[col]} ({col})",
        )


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
    if builder.problems:
        raise RecordError(builder.problems, label)
    result = builder.build()
    if builder.problems:
        raise RecordError(builder.problems, label)
    return result


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
