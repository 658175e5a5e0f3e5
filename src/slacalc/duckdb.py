"""Exact business time in DuckDB SQL: ``business_elapsed`` and ``sla_deadline``.

:func:`register` adds two vectorised (Arrow) functions to a connection, over
the calendars of a catalogue:

- ``business_elapsed(a, b, 'calendar-name')``: the covered time from ``a`` to
  ``b`` as an ``INTERVAL`` (negative when ``b`` is before ``a``), equal to
  ``Calendar.elapsed`` on every row;
- ``sla_deadline(start, duration, 'calendar-name')``: the ``TIMESTAMPTZ``
  reached after ``duration`` of business time, equal to ``Calendar.add``;
  ``duration`` is an ``INTERVAL`` of hours, minutes and seconds (months or
  days are refused: a business day is not 24 hours) or an integer number of
  microseconds.

``a``, ``b`` and ``start`` must be ``TIMESTAMPTZ``: a ``TIMESTAMP`` without a
zone is refused (write ``timezone('Europe/London', ts)`` to read its readings
in a zone). A ``NULL`` argument gives ``NULL``. The calendar name may be a
column; an unknown name is an error naming it and the known ones.

>>> import duckdb
>>> import slacalc as sc
>>> import slacalc.duckdb
>>> catalogue = sc.Catalogue(calendars={
...     "uk-office": sc.Calendar.weekly({"mon-fri": "09:00-17:00"}, tz="Europe/London")})
>>> con = duckdb.connect()
>>> slacalc.duckdb.register(con, catalogue)
>>> con.sql('''SELECT business_elapsed(TIMESTAMPTZ '2026-11-27 16:00+00',
...                                    TIMESTAMPTZ '2026-11-30 10:00+00', 'uk-office')
...     ''').fetchall()
[(datetime.timedelta(seconds=7200),)]
>>> con.sql('''SELECT sla_deadline(TIMESTAMPTZ '2026-11-27 16:00+00', INTERVAL 2 HOUR,
...     'uk-office') AT TIME ZONE 'UTC' ''').fetchall()
[(datetime.datetime(2026, 11, 30, 10, 0),)]
"""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING, Any

from slacalc.errors import ArgumentTypeError, InvalidValueError, NaiveDatetimeError
from slacalc.tables._calendars import resolve

if TYPE_CHECKING:
    from slacalc import Catalogue
    from slacalc.calendar import Calendar

__all__ = ["FUNCTIONS", "register"]

#: The SQL functions :func:`register` creates.
FUNCTIONS = ("business_elapsed", "sla_deadline")


def _instants(values: Any, function: str, what: str) -> Any:
    """A TIMESTAMPTZ argument as ``datetime64[us]`` UTC (nulls ``NaT``)."""
    import pyarrow as pa

    from slacalc.tables._columns import instants_us, one_array

    arr = one_array(values)
    if pa.types.is_timestamp(arr.type) and arr.type.tz is None:
        raise NaiveDatetimeError(
            f"{arr.type!s} (TIMESTAMP without time zone)",
            f"{function}({what}); give a TIMESTAMPTZ, e.g. timezone('Europe/London', ts)",
        )
    if not pa.types.is_timestamp(arr.type):
        raise ArgumentTypeError(f"{function}({what})", str(arr.type), "a TIMESTAMPTZ")
    us, _ = instants_us(arr, f"{function}({what})")
    return us


def _durations(values: Any) -> Any:
    """An INTERVAL or integer-microseconds argument as ``timedelta64[us]`` (nulls ``NaT``)."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    from slacalc.tables._columns import NAT, durations_us, one_array

    what = "sla_deadline(duration)"
    arr = one_array(values)
    if pa.types.is_integer(arr.type):
        ints = pc.fill_null(arr.cast(pa.int64()), NAT) if arr.null_count else arr.cast(pa.int64())
        return ints.to_numpy(zero_copy_only=False).view("timedelta64[us]")
    if pa.types.is_duration(arr.type):
        return durations_us(arr, len(arr), what)
    if arr.type != pa.month_day_nano_interval():
        raise ArgumentTypeError(what, str(arr.type), "an INTERVAL or integer microseconds")
    # An INTERVAL is (int32 months, int32 days, int64 nanoseconds): read the buffer as such.
    layout = np.dtype([("months", "<i4"), ("days", "<i4"), ("nanos", "<i8")])
    raw = np.frombuffer(arr.buffers()[1], dtype=layout, count=arr.offset + len(arr))[arr.offset :]
    valid = ~arr.is_null().to_numpy(zero_copy_only=False) if arr.null_count else True
    calendar_part = valid & ((raw["months"] != 0) | (raw["days"] != 0))
    if calendar_part.any():
        row = raw[calendar_part][0]
        raise InvalidValueError(
            what,
            f"INTERVAL of {row['months']} months {row['days']} days",
            "business time in hours, minutes and seconds (a business day is not 24 hours; "
            "write e.g. INTERVAL 8 HOUR)",
        )
    nanos = raw["nanos"]
    if (valid & (nanos % 1000 != 0)).any():
        raise InvalidValueError(what, "an INTERVAL with nanoseconds", "whole microseconds")
    us = nanos // 1000 if arr.null_count == 0 else np.where(valid, nanos // 1000, NAT)
    return us.view("timedelta64[us]")


def _by_calendar(names: Any, catalogue: Catalogue, function: str, compute: Any, out: Any) -> Any:
    """Run ``compute(calendar, rows)`` once per distinct calendar name in the batch."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    from slacalc.tables._columns import one_array

    arr = one_array(names)
    if not pa.types.is_string(arr.type) and not pa.types.is_large_string(arr.type):
        raise ArgumentTypeError(f"{function}(calendar)", str(arr.type), "a VARCHAR calendar name")
    same = _one_name(arr)
    if same is not None:  # the usual case: a constant, which DuckDB repeats on every row
        compute(_calendar(catalogue, same), slice(None))
        return out
    distinct = [n for n in pc.unique(arr).to_pylist() if n is not None]
    for name in distinct:
        rows = np.flatnonzero(pc.equal(arr, name).fill_null(False).to_numpy(zero_copy_only=False))
        compute(_calendar(catalogue, name), rows)
    return out


def _one_name(arr: Any) -> str | None:
    """The name when every row of a string array holds the same one (no nulls), else None.

    Read from the array's offsets and bytes with NumPy: ``pyarrow.compute.unique``
    costs about a third of a 2,048-row batch.
    """
    import numpy as np
    import pyarrow as pa

    if arr.null_count or not len(arr) or not pa.types.is_string(arr.type):
        return None
    _, offsets_buf, data_buf = arr.buffers()
    offsets = np.frombuffer(offsets_buf, np.int32, arr.offset + len(arr) + 1)[arr.offset :]
    width = int(offsets[1] - offsets[0])
    if not (np.diff(offsets) == width).all():
        return None
    if width == 0:
        return ""
    data = np.frombuffer(data_buf, np.uint8, int(offsets[-1]))[int(offsets[0]) :]
    rows = data.reshape(len(arr), width)
    if not (rows == rows[0]).all():
        return None
    return bytes(rows[0]).decode("utf-8")


def _calendar(catalogue: Catalogue, name: str) -> Calendar:
    return resolve(name, catalogue)


def register(connection: Any, catalogue: Catalogue) -> None:
    """Create ``business_elapsed`` and ``sla_deadline`` on ``connection`` over ``catalogue``.

    Functions of those names already on the connection are replaced (so a
    changed catalogue can be registered again). See the module docstring for
    the SQL signatures and an example.
    """
    import duckdb
    import numpy as np

    import slacalc as sc
    from slacalc.tables._columns import from_durations, from_instants

    if not isinstance(catalogue, sc.Catalogue):
        raise ArgumentTypeError("catalogue", catalogue, "a slacalc Catalogue")

    def business_elapsed(a: Any, b: Any, names: Any) -> Any:
        starts = _instants(a, "business_elapsed", "a")
        ends = _instants(b, "business_elapsed", "b")
        out = np.full(len(starts), np.timedelta64("NaT"), dtype="timedelta64[us]")

        def compute(cal: Calendar, rows: Any) -> None:
            out[rows] = cal.elapsed_many(starts[rows], ends[rows])

        return from_durations(_by_calendar(names, catalogue, "business_elapsed", compute, out))

    def sla_deadline(start: Any, duration: Any, names: Any) -> Any:
        starts = _instants(start, "sla_deadline", "start")
        durations = _durations(duration)
        out = np.full(len(starts), np.datetime64("NaT"), dtype="datetime64[us]")

        def compute(cal: Calendar, rows: Any) -> None:
            out[rows] = cal.add_many(starts[rows], durations[rows])

        return from_instants(_by_calendar(names, catalogue, "sla_deadline", compute, out), "UTC")

    for name, function, returns in (
        ("business_elapsed", business_elapsed, "INTERVAL"),
        ("sla_deadline", sla_deadline, "TIMESTAMPTZ"),
    ):
        with contextlib.suppress(duckdb.InvalidInputException):  # not registered yet
            connection.remove_function(name)
        # parameters=None: DuckDB passes the arguments' own types, so a TIMESTAMP
        # without a zone reaches the function (and is refused) instead of being
        # cast to TIMESTAMPTZ in the session's zone.
        connection.create_function(name, function, None, returns, type="arrow")
