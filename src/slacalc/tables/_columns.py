"""Arrow columns to NumPy int64 microseconds and back, without a Python loop per row.

An Arrow timestamp with a time zone holds UTC instants (the zone is metadata), so
an instant column is its int64 values once cast to microseconds; a null becomes
NumPy's ``NaT``, which the calendar's bulk calls keep missing in place. Results go
back as Arrow arrays in the zone of the input column, nulls where the input had
one.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from slacalc.errors import ArgumentTypeError, InvalidValueError, NaiveDatetimeError
from slacalc.tables._calendars import check_zone

__all__ = ["durations_us", "from_durations", "from_instants", "instants_us", "one_array"]

#: The int64 value NumPy reads as ``NaT``.
NAT = np.iinfo(np.int64).min


def one_array(values: Any) -> pa.Array:
    """A ChunkedArray as one Array (a copy only when it has several chunks)."""
    if isinstance(values, pa.ChunkedArray):
        if values.num_chunks == 1:
            return values.chunk(0)
        return values.combine_chunks()
    if isinstance(values, pa.Array):
        return values
    raise ArgumentTypeError("column", type(values).__name__, "a pyarrow Array or ChunkedArray")


def _int64(values: pa.Array, what: str, target: pa.DataType) -> pa.Array:
    """``values`` cast to ``target`` (microseconds), refusing any loss of precision."""
    try:
        exact = values.cast(target, safe=True)
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError) as e:
        raise InvalidValueError(
            what, str(values.type), f"a column that converts exactly to microseconds ({e})"
        ) from None
    return exact.cast(pa.int64())


def _nat_filled(ints: pa.Array) -> Any:
    """int64 values with nulls as ``NaT``, as a datetime64/timedelta64-ready NumPy array."""
    if ints.null_count:
        ints = pc.fill_null(ints, NAT)
    return ints.to_numpy(zero_copy_only=False)


def instants_us(values: Any, what: str, tz: str | None = None) -> tuple[Any, str]:
    """``values`` (an Arrow timestamp column) as ``datetime64[us]`` UTC, and its zone.

    A timestamp without a zone is refused unless ``tz`` names the zone its
    readings are in; a reading that zone skips or repeats is then an error.
    """
    arr = one_array(values)
    if not pa.types.is_timestamp(arr.type):
        raise ArgumentTypeError(what, str(arr.type), "an Arrow timestamp column with a time zone")
    zone = arr.type.tz
    if zone is None:
        if tz is None:
            raise NaiveDatetimeError(
                f"{arr.type} (no time zone)",
                f"{what} column; pass tz= naming the zone its readings are in",
            )
        arr = _localize(arr, tz, what)
        zone = tz
    elif tz is not None:
        raise InvalidValueError(
            what, f"tz={tz!r}", f"given: the column already has the zone {zone!r}"
        )
    us = _nat_filled(_int64(arr, what, pa.timestamp("us", tz=zone)))
    return us.view("datetime64[us]"), zone


def _localize(arr: pa.Array, tz: str, what: str) -> pa.Array:
    """Naive readings in ``tz`` as instants; a reading ``tz`` skips or repeats is an error.

    Not ``pyarrow.compute.assume_timezone``: it gets summer readings after 2037
    wrong by the DST offset (apache/arrow#36110). pandas' ``tz_localize`` is
    exact there (the tests compare it with ``zoneinfo`` row by row), and without
    pandas each reading goes through ``zoneinfo``.
    """
    zone = check_zone(tz)
    expected = f"readings that occur exactly once in {zone} (not in a DST gap or fold)"
    naive = _nat_filled(_int64(arr, what, pa.timestamp("us"))).view("datetime64[us]")
    try:
        import pandas as pd
    except ImportError:  # pragma: no cover - the tests run with pandas
        return _localize_rows(naive, zone, what, expected)
    try:
        local = pd.Series(naive).dt.tz_localize(zone, ambiguous="raise", nonexistent="raise")
    except ValueError as e:  # pandas' AmbiguousTimeError / NonExistentTimeError
        raise InvalidValueError(what, str(e), expected) from None
    utc = local.dt.tz_convert("UTC").dt.tz_localize(None).to_numpy("datetime64[us]")
    return _column(utc, pa.timestamp("us", tz=zone))


def _localize_rows(naive: Any, tz: str, what: str, expected: str) -> pa.Array:
    """:func:`_localize` one reading at a time, through ``zoneinfo``."""
    from datetime import UTC, datetime
    from zoneinfo import ZoneInfo

    zone = ZoneInfo(tz)
    epoch = datetime(1970, 1, 1)
    out = np.full(len(naive), NAT, dtype=np.int64)
    for i, v in enumerate(naive.view(np.int64)):
        if v == NAT:
            continue
        reading = epoch + timedelta(microseconds=int(v))
        early = reading.replace(tzinfo=zone, fold=0)
        late = reading.replace(tzinfo=zone, fold=1)
        gap = early.astimezone(UTC).astimezone(zone).replace(tzinfo=None) != reading
        if gap or early.utcoffset() != late.utcoffset():
            raise InvalidValueError(what, reading.isoformat(), expected)
        out[i] = (early - epoch.replace(tzinfo=UTC)) // timedelta(microseconds=1)
    return _column(out.view("datetime64[us]"), pa.timestamp("us", tz=tz))


def durations_us(values: Any, n: int, what: str = "durations") -> Any:
    """Durations as ``timedelta64[us]`` (nulls ``NaT``): one timedelta or an Arrow column."""
    if isinstance(values, timedelta):
        return np.full(n, values // timedelta(microseconds=1), dtype="timedelta64[us]")
    if isinstance(values, pa.Array | pa.ChunkedArray):
        arr = one_array(values)
        if not pa.types.is_duration(arr.type):
            raise ArgumentTypeError(what, str(arr.type), "an Arrow duration column")
        return _nat_filled(_int64(arr, what, pa.duration("us"))).view("timedelta64[us]")
    raise ArgumentTypeError(what, values, "a datetime.timedelta or an Arrow duration column")


def _column(result: Any, kind: pa.DataType) -> pa.Array:
    """int64-backed ``datetime64``/``timedelta64`` values (``NaT`` missing) as Arrow, no copy."""
    ints = np.ascontiguousarray(result).view(np.int64)
    missing = ints == NAT
    nulls = int(missing.sum())
    validity = pa.py_buffer(np.packbits(~missing, bitorder="little")) if nulls else None
    return pa.Array.from_buffers(kind, len(ints), [validity, pa.py_buffer(ints)], nulls)


def from_instants(result: Any, zone: str) -> pa.Array:
    """``datetime64[us]`` UTC instants (``NaT`` missing) as an Arrow column in ``zone``."""
    return _column(result, pa.timestamp("us", tz=zone))


def from_durations(result: Any) -> pa.Array:
    """``timedelta64[us]`` (``NaT`` missing) as an Arrow ``duration[us]`` column."""
    return _column(result, pa.duration("us"))
