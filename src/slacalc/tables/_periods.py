"""The covered-periods export: a calendar's periods as a table of UTC intervals."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from slacalc.errors import InvalidValueError

if TYPE_CHECKING:
    from slacalc.calendar import Calendar

__all__ = ["periods_table"]

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_US = timedelta(microseconds=1)
_TARGETS = ("arrow", "pandas", "polars")


def periods_table(cal: Calendar, name: str | None, start: datetime, end: datetime, to: str) -> Any:
    """``cal.periods(start, end)`` as columns ``calendar, start, end, duration``."""
    if to not in _TARGETS:
        raise InvalidValueError("to", to, f"one of {', '.join(map(repr, _TARGETS))}")
    import numpy as np
    import pyarrow as pa

    periods = cal.periods(start, end)  # checks the instants (aware datetimes) itself
    # One Python step per period (a few hundred a year), none per ticket.
    starts = np.array([(p.start - _EPOCH) // _US for p in periods], dtype=np.int64)
    ends = np.array([(p.end - _EPOCH) // _US for p in periods], dtype=np.int64)
    table = pa.table(
        {
            "calendar": pa.array([name] * len(periods), pa.string()),
            "start": pa.array(starts, pa.timestamp("us", tz="UTC")),
            "end": pa.array(ends, pa.timestamp("us", tz="UTC")),
            "duration": pa.array(ends - starts, pa.duration("us")),
        }
    )
    if to == "pandas":
        return table.to_pandas()
    if to == "polars":
        import polars as pl

        return pl.from_arrow(table)
    return table
