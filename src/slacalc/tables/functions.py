"""The column functions of :mod:`slacalc.tables`: ``deadline``, ``elapsed``, ``covered_periods``."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from slacalc.errors import ArgumentTypeError, InvalidValueError
from slacalc.tables._calendars import calendar_name, resolve
from slacalc.tables._series import aware_series, is_series

if TYPE_CHECKING:
    from slacalc import Catalogue
    from slacalc.calendar import Calendar, Landing

__all__ = ["covered_periods", "deadline", "elapsed"]


def _family(values: object, what: str) -> str:
    """``"arrow"``, ``"pandas"`` or ``"polars"``: which kind of column ``values`` is."""
    module = type(values).__module__
    if module.startswith("pyarrow"):
        return "arrow"
    if module.startswith("polars"):
        return "polars"
    if is_series(values):
        return "pandas"
    raise ArgumentTypeError(
        what, type(values).__name__, "a pyarrow Array/ChunkedArray, pandas Series or Polars Series"
    )


def _check_rows(a: int, b: int) -> None:
    if a != b:
        raise InvalidValueError("rows", f"{a} and {b}", "two columns of the same length")


def _arrow_deadline(
    cal: Calendar, starts: Any, durations: Any, landing: Landing, tz: str | None
) -> Any:
    import pyarrow as pa

    from slacalc.tables._columns import durations_us, from_instants, instants_us

    us, zone = instants_us(starts, "starts", tz)
    d = durations_us(durations, len(us))
    _check_rows(len(us), len(d))
    out = from_instants(cal.add_many(us, d, landing=landing) if len(us) else us, zone)
    return pa.chunked_array([out]) if isinstance(starts, pa.ChunkedArray) else out


def _arrow_elapsed(cal: Calendar, starts: Any, ends: Any, tz: str | None) -> Any:
    import pyarrow as pa

    from slacalc.tables._columns import from_durations, instants_us

    a, _ = instants_us(starts, "starts", tz)
    b, _ = instants_us(ends, "ends", tz)
    _check_rows(len(a), len(b))
    out = from_durations(cal.elapsed_many(a, b) if len(a) else b - a)
    return pa.chunked_array([out]) if isinstance(starts, pa.ChunkedArray) else out


def _polars_arrow(values: Any) -> Any:
    """A Polars Series as Arrow (other values, such as a timedelta, as they are)."""
    return values.to_arrow() if type(values).__module__.startswith("polars") else values


def deadline(
    calendar: Calendar | str,
    starts: Any,
    durations: Any,
    *,
    landing: Landing = "close",
    catalogue: Catalogue | None = None,
    tz: str | None = None,
) -> Any:
    """:meth:`Calendar.add <slacalc.Calendar.add>` for every row of a column.

    ``durations`` is one ``timedelta`` or a duration column of the same kind
    and length. The result is a timestamp column (microseconds) in the zone of
    ``starts`` (or ``tz``), null where a start or a duration is null.

    >>> from datetime import datetime, timedelta, UTC
    >>> import pandas as pd
    >>> import slacalc as sc
    >>> from slacalc import tables
    >>> cal = sc.Calendar.weekly({"mon-fri": "09:00-17:00"}, tz="Europe/London")
    >>> opened = pd.Series(pd.to_datetime(["2026-11-27 16:00"]).tz_localize("Europe/London"))
    >>> tables.deadline(cal, opened, timedelta(hours=2)).iloc[0]
    Timestamp('2026-11-30 10:00:00+0000', tz='Europe/London')
    """
    cal = resolve(calendar, catalogue)
    family = _family(starts, "starts")
    if family == "pandas":
        series = aware_series(starts, "starts column", tz)
        return cal.add_many(series, durations, landing=landing).rename("deadline")
    if family == "polars":
        import polars as pl

        arrow = _arrow_deadline(cal, starts.to_arrow(), _polars_arrow(durations), landing, tz)
        return pl.Series("deadline", arrow)
    return _arrow_deadline(cal, starts, durations, landing, tz)


def elapsed(
    calendar: Calendar | str,
    starts: Any,
    ends: Any,
    *,
    catalogue: Catalogue | None = None,
    tz: str | None = None,
) -> Any:
    """:meth:`Calendar.elapsed <slacalc.Calendar.elapsed>` for every row of two columns.

    The result is a duration column (microseconds; negative where an end comes
    before its start), null where either instant is null.

    >>> from datetime import datetime, UTC
    >>> import pyarrow as pa
    >>> import slacalc as sc
    >>> from slacalc import tables
    >>> cal = sc.Calendar.weekly({"mon-fri": "09:00-17:00"}, tz="Europe/London")
    >>> ts = pa.timestamp("us", tz="UTC")
    >>> a = pa.array([datetime(2026, 11, 27, 16, tzinfo=UTC)], ts)
    >>> b = pa.array([datetime(2026, 11, 30, 10, tzinfo=UTC)], ts)
    >>> tables.elapsed(cal, a, b).to_pylist()
    [datetime.timedelta(seconds=7200)]
    """
    cal = resolve(calendar, catalogue)
    family = _family(starts, "starts")
    if _family(ends, "ends") != family:
        raise ArgumentTypeError("ends", type(ends).__name__, f"a {family} column like starts")
    if family == "pandas":
        a = aware_series(starts, "starts column", tz)
        b = aware_series(ends, "ends column", tz)
        return cal.elapsed_many(a, b).rename("elapsed")
    if family == "polars":
        import polars as pl

        return pl.Series("elapsed", _arrow_elapsed(cal, starts.to_arrow(), ends.to_arrow(), tz))
    return _arrow_elapsed(cal, starts, ends, tz)


def covered_periods(
    calendar: Calendar | str,
    start: datetime,
    end: datetime,
    *,
    catalogue: Catalogue | None = None,
    to: str = "arrow",
) -> Any:
    """The covered periods of ``calendar`` in ``[start, end)`` as a table of UTC intervals.

    One row per maximal covered interval, clipped to the range, in order:
    ``calendar`` (the name, or null for a Calendar without one), ``start`` and
    ``end`` (timestamps in UTC, half-open) and ``duration``. ``to`` is
    ``"arrow"`` (a ``pyarrow.Table``), ``"pandas"`` or ``"polars"``. This is the
    "schedule spine" for SQL users who prefer a join to a function call; it is
    exact on DST days, because the periods are the calendar's own.

    >>> from datetime import datetime, UTC
    >>> import slacalc as sc
    >>> from slacalc import tables
    >>> cal = sc.Calendar.weekly({"mon-fri": "09:00-17:00"}, tz="Europe/London")
    >>> t = tables.covered_periods(cal, datetime(2026, 3, 27, tzinfo=UTC),
    ...                            datetime(2026, 3, 31, tzinfo=UTC))
    >>> [(p["start"].isoformat(), str(p["duration"])) for p in t.to_pylist()]
    [('2026-03-27T09:00:00+00:00', '8:00:00'), ('2026-03-30T08:00:00+00:00', '8:00:00')]
    """
    from slacalc.tables._periods import periods_table

    cal = resolve(calendar, catalogue)
    return periods_table(cal, calendar_name(calendar, catalogue), start, end, to)
