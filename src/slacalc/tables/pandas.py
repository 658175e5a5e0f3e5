"""The ``df.sla`` pandas accessor, registered when this module is imported.

``import slacalc.tables.pandas`` registers it (``import slacalc`` does not):

>>> from datetime import datetime, timedelta
>>> import pandas as pd
>>> import slacalc as sc
>>> import slacalc.tables.pandas
>>> cal = sc.Calendar.weekly({"mon-fri": "09:00-17:00"}, tz="Europe/London")
>>> df = pd.DataFrame({
...     "opened": pd.to_datetime(["2026-11-27 16:00", None]).tz_localize("Europe/London"),
...     "resolved": pd.to_datetime(["2026-11-30 10:00", "2026-11-30 10:00"]).tz_localize(
...         "Europe/London"),
... })
>>> df.sla.elapsed("opened", "resolved", calendar=cal).tolist()
[Timedelta('0 days 02:00:00'), NaT]
>>> df.sla.deadline("opened", timedelta(hours=3), calendar=cal).iloc[0]
Timestamp('2026-11-30 11:00:00+0000', tz='Europe/London')

Columns are named (or given as Series on the frame's index); a duration is one
``timedelta`` or the name of a ``timedelta64`` column. ``calendar=`` is a
:class:`~slacalc.Calendar` or a calendar name with ``catalogue=``. Results are
Series on the frame's index (``deadline`` in the zone of the start column,
``elapsed`` as ``timedelta64[us]``), missing where an input is missing.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

import pandas as pd

from slacalc import tables
from slacalc.errors import ArgumentTypeError, InvalidValueError
from slacalc.tables._series import aware_series

if TYPE_CHECKING:
    from slacalc import Catalogue
    from slacalc.activity import ActivityRules
    from slacalc.calendar import Calendar, Landing

__all__ = ["SlaAccessor"]


@pd.api.extensions.register_dataframe_accessor("sla")
class SlaAccessor:
    """Business time over a DataFrame: ``df.sla.elapsed``, ``.deadline`` and ``.evaluate``."""

    def __init__(self, frame: pd.DataFrame) -> None:
        self._frame = frame

    def _instants(self, column: Any, what: str, tz: str | None) -> Any:
        """A column of instants, checked under its own name (naive read in ``tz``)."""
        label = f"{what} column {column!r}" if isinstance(column, str) else f"{what} Series"
        return aware_series(self._column(column, what), label, tz)

    def _column(self, column: Any, what: str) -> Any:
        if isinstance(column, pd.Series):
            if not column.index.equals(self._frame.index):
                raise InvalidValueError(what, "a Series", "on the same index as the DataFrame")
            return column
        if isinstance(column, str):
            if column not in self._frame.columns:
                known = ", ".join(repr(c) for c in self._frame.columns)
                raise InvalidValueError(what, column, f"a column of the frame ({known})")
            return self._frame[column]
        raise ArgumentTypeError(what, column, "a column name or a pandas Series")

    def elapsed(
        self,
        start: str | pd.Series,
        end: str | pd.Series,
        *,
        calendar: Calendar | str,
        catalogue: Catalogue | None = None,
        tz: str | None = None,
    ) -> pd.Series:
        """Business time from ``start`` to ``end`` on every row (``timedelta64[us]``)."""
        a = self._instants(start, "start", tz)
        b = self._instants(end, "end", tz)
        return tables.elapsed(calendar, a, b, catalogue=catalogue)

    def deadline(
        self,
        start: str | pd.Series,
        duration: timedelta | str | pd.Series,
        *,
        calendar: Calendar | str,
        catalogue: Catalogue | None = None,
        landing: Landing = "close",
        tz: str | None = None,
    ) -> pd.Series:
        """The instant ``duration`` of business time after ``start`` on every row."""
        a = self._instants(start, "start", tz)
        d = duration if isinstance(duration, timedelta) else self._column(duration, "duration")
        return tables.deadline(calendar, a, d, catalogue=catalogue, landing=landing)

    def evaluate(
        self,
        catalogue: Catalogue,
        *,
        as_of: datetime,
        rules: ActivityRules | None = None,
        tz: str | None = None,
    ) -> pd.DataFrame:
        """:func:`slacalc.tables.evaluate` on this frame of activity: outcomes as a DataFrame."""
        out: pd.DataFrame = tables.evaluate(self._frame, catalogue, as_of=as_of, rules=rules, tz=tz)
        return out
