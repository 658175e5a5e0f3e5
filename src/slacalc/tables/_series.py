"""pandas Series checks shared by :mod:`slacalc.tables` and the ``df.sla`` accessor.

pandas needs no Arrow here: the calendar's bulk calls take tz-aware Series
directly (vectorised, results in the zone of the input).
"""

from __future__ import annotations

from typing import Any

from slacalc.errors import ArgumentTypeError, InvalidValueError, NaiveDatetimeError
from slacalc.tables._calendars import check_zone

__all__ = ["aware_series", "is_series"]


def is_series(values: object) -> bool:
    """Whether ``values`` is a pandas Series (checked without importing pandas)."""
    return type(values).__module__.startswith("pandas") and hasattr(values, "dt")


def aware_series(values: Any, what: str, tz: str | None = None) -> Any:
    """``values`` as a tz-aware datetime Series; a naive one read in ``tz`` if given."""
    import pandas as pd

    if not isinstance(values, pd.Series) or not pd.api.types.is_datetime64_any_dtype(values):
        dtype = getattr(values, "dtype", type(values).__name__)
        raise ArgumentTypeError(what, str(dtype), "a pandas datetime Series with a time zone")
    zone = getattr(values.dtype, "tz", None)
    if zone is None:
        if tz is None:
            raise NaiveDatetimeError(
                f"{values.dtype} (no time zone)",
                f"{what}; pass tz= naming the zone its readings are in",
            )
        try:
            return values.dt.tz_localize(check_zone(tz), ambiguous="raise", nonexistent="raise")
        except ValueError as e:  # pytz/pandas AmbiguousTimeError, NonExistentTimeError
            raise InvalidValueError(
                what, str(e), f"readings that occur exactly once in {tz} (not in a DST gap or fold)"
            ) from None
    if tz is not None:
        raise InvalidValueError(
            what, f"tz={tz!r}", f"given: the column already has the zone {str(zone)!r}"
        )
    return values
