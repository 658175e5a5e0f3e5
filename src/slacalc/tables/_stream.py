"""A Parquet activity file read as Arrow tables of whole tickets, for the vectorised clock.

:func:`parquet_chunks` cuts the file where :func:`slacalc.activity.iter_activity`
cuts it (before the first row of a new ticket once a chunk holds ``chunk_rows``
rows), and refuses a ticket that comes back after another with the same
problem, so each chunk can be judged by the vectorised clock straight from its
Arrow columns (:func:`fast_chunk`) and, where that does not apply, by the rows
the reader builds from the same chunk (:func:`slacalc.activity.reader.chunk_log`):
the same output either way. ``slacalc evaluate FILE.parquet`` reads so.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from datetime import datetime
from typing import Any

from slacalc.activity.log import CREATED
from slacalc.activity.reader import (
    ACTIVITY_COLUMNS,
    arrow_rows,
    comes_back,
    parquet_file,
    row_problems,
    zone_of,
)
from slacalc.errors import ArgumentTypeError, SlacalcError
from slacalc.measure import RecordError

__all__ = ["BATCH_ROWS", "fast_chunk", "parquet_chunks", "read_parquet", "readable"]

#: Rows read from the file at a time.
BATCH_ROWS = 65_536


def read_parquet(path: str | os.PathLike[str]) -> Any:
    """A Parquet activity file as a ``pyarrow.Table`` for :func:`slacalc.tables.evaluate`,
    ``field`` and ``value`` read as dictionaries (as Parquet stores such columns: no
    string is decoded or hashed again, and the vectorised clock reads them by their
    codes). A file without exactly the columns ``ticket, at, field, value`` is a
    :class:`~slacalc.measure.RecordError` naming them.

    >>> import pathlib, tempfile
    >>> from datetime import UTC, datetime
    >>> import pyarrow as pa, pyarrow.parquet as pq
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "a.parquet"
    >>> t0 = datetime(2026, 3, 2, 9, tzinfo=UTC)
    >>> pq.write_table(pa.table({"ticket": ["A", "A"], "at": [t0, t0],
    ...     "field": ["created", "status"], "value": [None, "New"]}), path)
    >>> read_parquet(path).column("field").type
    DictionaryType(dictionary<values=string, indices=int32, ordered=0>)
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    name = os.fspath(path)
    schema = parquet_file(name, name).schema_arrow
    if sorted(schema.names) != sorted(ACTIVITY_COLUMNS):
        columns, expected = ", ".join(schema.names), ", ".join(ACTIVITY_COLUMNS)
        raise RecordError([("schema", f"columns {columns}; expected {expected}")], name)
    words = [c for c in ("field", "value") if _is_text(pa, schema.field(c).type, plain=True)]
    return pq.read_table(name, columns=list(ACTIVITY_COLUMNS), read_dictionary=words or None)


def readable(path: str) -> bool:
    """Whether the Parquet file's columns are those the vectorised clock reads as they
    are: text ``ticket``, ``field``, ``value`` (plain or dictionary-encoded) and ``at``
    a timestamp with a zone. Any other file is read row by row (its own messages)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        schema = pq.ParquetFile(path).schema_arrow
    except (OSError, pa.ArrowException):
        return False  # the reader names the problem in its own words
    if sorted(schema.names) != sorted(ACTIVITY_COLUMNS):
        return False

    at = schema.field("at").type
    return (
        all(_is_text(pa, schema.field(c).type) for c in ("ticket", "field", "value"))
        and pa.types.is_timestamp(at)
        and at.tz is not None
    )


def _is_text(pa: Any, kind: Any, plain: bool = False) -> bool:
    """Whether a column type is text (or, unless ``plain``, dictionary-encoded text)."""
    if pa.types.is_dictionary(kind) and not plain:
        kind = kind.value_type
    return bool(pa.types.is_string(kind) or pa.types.is_large_string(kind))


def parquet_chunks(
    path: str | os.PathLike[str],
    *,
    chunk_rows: int,
    name: str,
    tz: Any = None,
    progress: Callable[[float], None] | None = None,
) -> Iterator[tuple[int, Any]]:
    """The file's chunks of whole tickets: ``(first row, table)``, the ids as the file
    has them (the vectorised clock refuses ids the reader would trim, so such a chunk
    is read by the reader). A file for :func:`readable` only; the problems
    :func:`~slacalc.activity.iter_activity` raises for a ticket that comes back are
    raised here, for the same rows, with those of the chunk's rows before it."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if not isinstance(chunk_rows, int) or isinstance(chunk_rows, bool) or chunk_rows < 1:
        raise ArgumentTypeError("chunk_rows", chunk_rows, "a positive number of rows")
    zone_of(tz)  # an unknown zone is refused before any row, as the reader refuses it
    handle = parquet_file(os.fspath(path), name, read_dictionary=["field", "value"])
    total = max(handle.metadata.num_rows, 1)
    held: list[Any] = []  # the batches of the chunk being read, from row held_at on
    held_at = start = row = 0
    current: str | None = None  # the chunk's last ticket (trimmed, as the reader keeps it)
    last_raw: str | None = None  # the last row's id as the file has it
    seen: set[str] = set()

    def chunk(end: int) -> Any:
        table = pa.Table.from_batches(held, schema=schema) if held else schema.empty_table()
        return table.slice(start - held_at, end - start)

    schema = handle.schema_arrow
    batches = handle.iter_batches(batch_size=BATCH_ROWS, columns=list(ACTIVITY_COLUMNS))
    while True:
        try:
            batch = next(batches)
        except StopIteration:
            break
        except pa.ArrowException as error:
            raise RecordError(
                [(f"row {row}", f"the file cannot be read on: {error}")], name
            ) from None
        schema = batch.schema
        held.append(batch)
        ticket = batch.column("ticket")
        if pa.types.is_dictionary(ticket.type):
            ticket = ticket.cast(ticket.type.value_type)
        if ticket.null_count:  # the reader's rule, row by row: a null starts no ticket
            heads = []
            for i, t in enumerate(ticket.to_pylist()):
                if t is not None and t != last_raw:
                    heads.append((i, t))
                    last_raw = t
        else:  # where the id differs from the row before (a run's rows are one ticket)
            n = len(ticket)
            differs = pc.not_equal(ticket.slice(1), ticket.slice(0, n - 1))
            idx = ([0] if n and ticket[0].as_py() != last_raw else []) + (
                pc.indices_nonzero(differs).to_numpy() + 1
            ).tolist()
            heads = list(zip(idx, ticket.take(pa.array(idx, pa.int64())).to_pylist(), strict=True))
            if heads:
                last_raw = heads[-1][1]
        for i, raw_name in heads:
            name_ = raw_name.strip()
            if name_ == current:  # two ids the reader trims to one
                continue
            r = row + i
            if name_ in seen:
                problems = row_problems(arrow_rows(chunk(r), start), tz)
                raise RecordError([*problems, (f"row {r}", comes_back(name_))], name)
            if current is not None:
                seen.add(current)
            if r - start >= chunk_rows:
                yield start, chunk(r)
                while held and held_at + held[0].num_rows <= r:
                    held_at += held.pop(0).num_rows
                start = r
                if progress is not None:
                    progress(min(r / total, 1.0))
            current = name_
        row += batch.num_rows
    if row > start:
        yield start, chunk(row)
    if progress is not None:
        progress(1.0)


def _used(pa: Any, pc: Any, column: Any) -> set[str]:
    """The texts a column's rows hold (a dictionary's entries no row uses left out)."""
    if not pa.types.is_dictionary(column.type):
        return set(column.unique().to_pylist())
    out: set[str] = set()
    for chunk in column.chunks:
        out.update(chunk.dictionary.take(pc.unique(chunk.indices).drop_null()).to_pylist())
    return out


def fast_chunk(
    table: Any,
    catalogue: Any,
    *,
    as_of: datetime,
    unmatched: str,
) -> tuple[Any, list[str], set[str]] | None:
    """One chunk judged by the vectorised clock from its Arrow columns: the outcome
    table (UTC), the warnings' messages and the fields its tickets have; ``None``
    where the reader would read a row otherwise than the columns say (text to trim,
    an empty ticket or field, a null, a value on a ``created`` row) or the vectorised
    clock does not apply: the caller then reads the rows."""
    import pyarrow as pa
    import pyarrow.compute as pc

    from slacalc.tables._evaluate import OUTCOME_COLUMNS, _as_arrow, _vectorised
    from slacalc.tables._vclock import _SPACE

    # What the vectorised clock would read otherwise than the reader refuses it (ids and
    # fields to trim, empty ones, nulls): left is a value on a 'created' row, which it
    # ignores and the reader refuses unless blank as str.strip() sees it.
    field, value = table.column("field"), table.column("value")
    on_created = pc.filter(value, pc.equal(field, CREATED)).drop_null()
    if (
        len(on_created)
        and not pc.all(
            pc.match_substring_regex(on_created.cast(pa.string()), f"^{_SPACE}*$")
        ).as_py()
    ):
        return None
    seen = _used(pa, pc, field) - {CREATED}
    # The warnings' messages come back as a list: no warning filter is set on this
    # thread (filters are the whole process's; slacalc evaluate judges here on a second).
    messages: list[str] = []
    try:
        arrow, _ = _as_arrow(table)
        got = _vectorised(arrow, catalogue, as_of, None, None, "vectorised", unmatched, messages)
    except (SlacalcError, pa.ArrowException):
        return None
    utc = pa.timestamp("us", tz="UTC")
    cols = [
        got.column(c).cast(utc) if pa.types.is_timestamp(got.column(c).type) else got.column(c)
        for c in OUTCOME_COLUMNS
    ]
    return pa.table(dict(zip(OUTCOME_COLUMNS, cols, strict=True))), messages, seen
