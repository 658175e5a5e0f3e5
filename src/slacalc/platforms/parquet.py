"""The long activity table (ticket, at, field, value) from Parquet, through pyarrow.

pyarrow is an optional extra (``pip install pyarrow``, or the ``arrow`` extra), imported only
when :func:`read_parquet` is called. The table has the long layout of
:func:`slacalc.activity.read_activity` (a ``created`` row per ticket, rows at
the creation instant as its initial fields, later rows as changes), read in
record batches. ``at`` is a timestamp column: with a zone it is exact; without
one (``timestamp[us]``, naive local readings) a
:class:`~slacalc.platforms.LocalReadings` must say which zone and how folds
and gaps resolve. Column names can be mapped (``columns={"at": "changed_at"}``).
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from datetime import datetime
from typing import Any

from slacalc.activity import ACTIVITY_COLUMNS, ActivityLog, read_activity
from slacalc.errors import ArgumentTypeError, SlacalcError
from slacalc.platforms._readings import LocalReadings

__all__ = ["ParquetUnavailableError", "read_parquet"]

_BATCH = 65_536


class ParquetUnavailableError(SlacalcError, ImportError):
    """Parquet was asked for, but pyarrow (the optional ``arrow`` extra) is not installed."""


def _rows(
    path: str, names: Mapping[str, str], readings: LocalReadings | None
) -> Iterator[dict[str, Any]]:
    try:
        import pyarrow.parquet as pq
    except ImportError:
        raise ParquetUnavailableError(
            "reading Parquet needs pyarrow, which is not installed"
            " (pip install pyarrow, or the arrow extra of slacalc)"
        ) from None
    source = pq.ParquetFile(path)
    wanted = [names[c] for c in ACTIVITY_COLUMNS]
    for batch in source.iter_batches(batch_size=_BATCH, columns=wanted):
        for row in batch.to_pylist():
            out = {c: row[names[c]] for c in ACTIVITY_COLUMNS}
            at = out["at"]
            if isinstance(at, datetime) and at.utcoffset() is None and readings is not None:
                out["at"] = readings.resolve(at)
            if out["value"] is None:
                out["value"] = ""
            yield out


def read_parquet(
    path: str | os.PathLike[str],
    *,
    readings: LocalReadings | None = None,
    columns: Mapping[str, str] | None = None,
) -> ActivityLog:
    """An activity log from a Parquet file holding the long table.

    ``columns`` maps ``ticket``, ``at``, ``field`` and ``value`` to the file's
    column names (each defaults to itself); a null ``value`` is ``""``.
    Naive ``at`` values need ``readings``; problems are reported as
    :func:`~slacalc.activity.read_activity` reports them (``rows[i].at``).
    """
    names = {c: c for c in ACTIVITY_COLUMNS}
    for key, name in (columns or {}).items():
        if key not in names:
            raise ArgumentTypeError("columns", key, f"one of {', '.join(ACTIVITY_COLUMNS)}")
        names[key] = name
    source = os.fspath(path)
    return read_activity(_rows(source, names, readings), name=source)
