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

from slacalc._engine.instants import MAX_US, MIN_US, ONE_US
from slacalc._engine.timeline import SPAN
from slacalc.errors import ArgumentTypeError, InvalidValueError, NaiveDatetimeError
from slacalc.tables._calendars import resolve

if TYPE_CHECKING:
    from slacalc import Catalogue
    from slacalc.calendar import Calendar

__all__ = ["FUNCTIONS", "register"]

#: DuckDB's TIMESTAMPTZ 'infinity' (and, negated, '-infinity') in microseconds.
_INFINITY = 2**63 - 1
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
    raw = us.view("int64")
    if len(raw) and (raw.max() == _INFINITY or (raw == -_INFINITY).any()):
        raise InvalidValueError(
            f"{function}({what})",
            "infinity",
            "a finite instant in years 1-9999: for a ticket still open, give the instant "
            "it is judged at (COALESCE(resolved, TIMESTAMPTZ '...')), not 'infinity'",
        )
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

    Read from the array's offsets and bytes: ``pyarrow.compute.unique`` costs
    about a third of a 2,048-row batch. The bytes compare as one ``bytes``
    value against the first name repeated.
    """
    import numpy as np
    import pyarrow as pa

    n = len(arr)
    if arr.null_count or not n or not pa.types.is_string(arr.type):
        return None
    _, offsets_buf, data_buf = arr.buffers()
    offsets = np.frombuffer(offsets_buf, np.int32, arr.offset + n + 1)[arr.offset :]
    first, width = int(offsets[0]), int(offsets[1] - offsets[0])
    if int(offsets[-1]) - first != n * width:
        return None
    if width == 0:
        return ""
    data = bytes(memoryview(data_buf)[first : first + n * width])
    name = data[:width]
    if data != name * n or not (np.diff(offsets) == width).all():
        return None
    return name.decode("utf-8")


def _calendar(catalogue: Catalogue, name: str) -> Calendar:
    return resolve(name, catalogue)


#: The fewest microseconds of horizon for which a deadline inside the compiled
#: table is the scalar ``Calendar.add``'s answer (as in ``Calendar.add_many``).
_VECTOR_HORIZON = 5 * SPAN
#: Grids one registration keeps; a longer-running connection that reaches more
#: calendar and year ranges starts afresh.
_KEEP = 16
#: The most buckets a grid holds (two int64 arrays of this length).
_MAX_BUCKETS = 1 << 18
_LOW = -(2**62)  # a sentinel period before every instant
_HIGH = 2**62  # past every instant


class _Grid:
    """Covered time and deadlines over chunks ``k_lo..k_hi`` of one calendar, per batch.

    Built once from the calendar's array table (:func:`slacalc.calendar.bulk.table`)
    and kept by the registration, so a 2,048-row batch pays only for its
    lookups. ``covered(t)`` is ``base[i] + min(t, ends[i])`` for the last period
    ``i`` starting at or before ``t`` (a sentinel period first, so there is no
    case for "before every period"). ``i`` comes from a grid of equal buckets, a
    power of two microseconds wide and no wider than the smallest gap between
    two starts, so each bucket holds at most one start: the bucket's first
    period, plus one where ``t`` has passed the next start. A calendar whose
    starts crowd too closely for a small grid uses ``np.searchsorted``.
    """

    __slots__ = (
        "acc",
        "base",
        "ends",
        "hi",
        "index",
        "lo",
        "next_start",
        "shift",
        "starts",
        "total",
    )

    def __init__(self, cal: Calendar, k_lo: int, k_hi: int) -> None:
        import numpy as np

        from slacalc.calendar import bulk

        tab = bulk.table(cal, k_lo, k_hi)
        self.lo, self.hi = k_lo * SPAN, (k_hi + 1) * SPAN
        low = np.array([_LOW], np.int64)
        self.starts = np.concatenate((low, tab.s))
        self.ends = np.concatenate((low, tab.e))
        self.base = np.concatenate(([0], tab.acc[:-1])).astype(np.int64) - self.starts
        self.acc, self.total = tab.acc, tab.total
        self.shift = -1
        self.index = self.next_start = self.starts
        gap = int(np.diff(tab.s).min()) if len(tab.s) > 1 else self.hi - self.lo
        shift = gap.bit_length() - 1  # 2 ** shift <= gap
        if gap >= 1 and ((self.hi - self.lo) >> shift) < _MAX_BUCKETS:
            edges = self.lo + (
                np.arange(((self.hi - self.lo) >> shift) + 1, dtype=np.int64) << shift
            )
            index = np.searchsorted(self.starts, edges, "right") - 1
            self.next_start = np.append(self.starts, _HIGH)[index + 1]
            self.index, self.shift = index, shift

    def covered(self, t: Any) -> Any:
        """Covered microseconds before each ``t`` (``lo <= t < hi``), from the table's start."""
        import numpy as np

        if self.shift < 0:
            i = np.searchsorted(self.starts, t, "right") - 1
        else:
            bucket = (t - self.lo) >> self.shift
            i = self.index[bucket]
            i += self.next_start[bucket] <= t
        return self.base[i] + np.minimum(t, self.ends[i])

    def deadline(self, a: Any, d: Any) -> Any:
        """``Calendar.add`` for positive ``d``, or None when a deadline lies past the table.

        Rows with ``d == 0`` get a meaningless value: the caller puts the start there.
        """
        import numpy as np

        need = self.covered(a) + d
        if int(need.max()) > self.total:
            return None
        # The period the deadline falls in: the first whose end has ``need`` covered.
        return need - self.base[np.searchsorted(self.acc, need, "left")]


def _plain_us(values: Any) -> Any:
    """A TIMESTAMPTZ batch without nulls as its int64 microseconds (no copy), else None."""
    import numpy as np
    import pyarrow as pa

    from slacalc.tables._columns import one_array

    arr = one_array(values)
    kind = arr.type
    if arr.null_count or not len(arr) or not pa.types.is_timestamp(kind):
        return None
    if kind.tz is None or kind.unit != "us":
        return None
    return np.frombuffer(arr.buffers()[1], np.int64, arr.offset + len(arr))[arr.offset :]


class _Registration:
    """The catalogue one :func:`register` call serves, and the grids it has built."""

    __slots__ = ("catalogue", "grids")

    def __init__(self, catalogue: Catalogue) -> None:
        self.catalogue = catalogue
        self.grids: dict[tuple[str, int, int], _Grid] = {}

    def grid(self, names: Any, lo: int, hi: int, headroom: int) -> tuple[Calendar, _Grid] | None:
        """The calendar every row names and a grid over ``[lo, hi]``, or None."""
        from slacalc.tables._columns import one_array

        name = _one_name(one_array(names))
        if name is None:
            return None
        cal = _calendar(self.catalogue, name)
        k_lo, k_hi = lo // SPAN, hi // SPAN + headroom
        if (k_hi + 1) * SPAN > MAX_US:
            return None
        key = (name, k_lo, k_hi)
        found = self.grids.get(key)
        if found is None:
            if len(self.grids) >= _KEEP:
                self.grids.clear()
            found = self.grids[key] = _Grid(cal, k_lo, k_hi)
        return cal, found

    def elapsed(self, a: Any, b: Any, names: Any) -> Any:
        """``business_elapsed`` on a batch of the usual kind, or None for the general path."""
        import pyarrow as pa

        starts, ends = _plain_us(a), _plain_us(b)
        if starts is None or ends is None or len(starts) != len(ends):
            return None
        lo = min(int(starts.min()), int(ends.min()))
        hi = max(int(starts.max()), int(ends.max()))
        if lo < MIN_US or hi > MAX_US:  # 'infinity' or years outside 1-9999: refused there
            return None
        found = self.grid(names, lo, hi, 0)
        if found is None:
            return None
        grid = found[1]
        out = grid.covered(ends) - grid.covered(starts)
        return pa.Array.from_buffers(pa.duration("us"), len(out), [None, pa.py_buffer(out)])

    def deadline(self, start: Any, durations: Any, names: Any) -> Any:
        """``sla_deadline`` on a batch of the usual kind, or None for the general path."""
        import numpy as np
        import pyarrow as pa

        starts = _plain_us(start)
        if starts is None:
            return None
        d = durations.view(np.int64)
        if not (d >= 0).all():  # a negative duration or NaT (the int64 minimum)
            return None
        if int(starts.min()) < MIN_US or int(starts.max()) > MAX_US:
            return None  # 'infinity' or years outside 1-9999: the general path refuses them
        found = self.grid(names, int(starts.min()), int(starts.max()), 1)
        if found is None or found[0].horizon // ONE_US < _VECTOR_HORIZON:
            return None
        out = found[1].deadline(starts, d)
        if out is None:
            return None
        if not d.all():  # no duration: the start itself, open or not (as Calendar.add)
            out = np.where(d == 0, starts, out)
        kind = pa.timestamp("us", tz="UTC")
        return pa.Array.from_buffers(kind, len(out), [None, pa.py_buffer(out)])


def register(connection: Any, catalogue: Catalogue) -> None:
    """Create ``business_elapsed`` and ``sla_deadline`` on ``connection`` over ``catalogue``.

    Functions of those names already on the connection are replaced (so a
    changed catalogue can be registered again). See the module docstring for
    the SQL signatures and an example. The registration keeps the array tables
    it builds per calendar and year range (a bounded number), so each batch
    DuckDB hands over pays only for its own rows.
    """
    import duckdb
    import numpy as np

    import slacalc as sc
    from slacalc.tables._columns import from_durations, from_instants

    if not isinstance(catalogue, sc.Catalogue):
        raise ArgumentTypeError("catalogue", catalogue, "a slacalc Catalogue")
    held = _Registration(catalogue)

    def business_elapsed(a: Any, b: Any, names: Any) -> Any:
        fast = held.elapsed(a, b, names)
        if fast is not None:
            return fast
        starts = _instants(a, "business_elapsed", "a")
        ends = _instants(b, "business_elapsed", "b")
        out = np.full(len(starts), np.timedelta64("NaT"), dtype="timedelta64[us]")

        def compute(cal: Calendar, rows: Any) -> None:
            out[rows] = cal.elapsed_many(starts[rows], ends[rows])

        return from_durations(_by_calendar(names, catalogue, "business_elapsed", compute, out))

    def sla_deadline(start: Any, duration: Any, names: Any) -> Any:
        durations = _durations(duration)
        fast = held.deadline(start, durations, names)
        if fast is not None:
            return fast
        starts = _instants(start, "sla_deadline", "start")
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
