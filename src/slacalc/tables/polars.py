"""The ``sla`` expression namespace for Polars, registered when this module is imported.

``import slacalc.tables.polars`` registers it (``import slacalc`` does not).
The expressions are elementwise: each batch goes through Arrow (zero copy for
a tz-aware ``Datetime`` column without nulls) to the calendar's bulk kernels.
As Polars names an expression after its left-most column, so do these.

>>> from datetime import datetime, timedelta
>>> import polars as pl
>>> import slacalc as sc
>>> import slacalc.tables.polars
>>> cal = sc.Calendar.weekly({"mon-fri": "09:00-17:00"}, tz="Europe/London")
>>> df = pl.DataFrame({
...     "opened": [datetime(2026, 11, 27, 16), None],
...     "resolved": [datetime(2026, 11, 30, 10), datetime(2026, 11, 30, 10)],
... }).with_columns(pl.all().dt.replace_time_zone("Europe/London"))
>>> out = df.select(
...     pl.col("opened").sla.elapsed("resolved", calendar=cal).alias("business"),
...     pl.col("opened").sla.deadline(timedelta(hours=3), calendar=cal).alias("due"),
... )
>>> out["business"].to_list()
[datetime.timedelta(seconds=7200), None]
>>> out["due"].to_list()[0].isoformat()
'2026-11-30T11:00:00+00:00'

``duration`` is one ``timedelta``, a column name or a Duration expression;
``calendar=`` a :class:`~slacalc.Calendar` or a calendar name with
``catalogue=``. ``deadline`` keeps the start column's type (unit and zone);
``elapsed`` is ``Duration("us")``. Naive ``Datetime`` columns are refused
unless ``tz=`` names the zone their readings are in (the result is then a
``Datetime("us", tz)``).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import TYPE_CHECKING, Any

import polars as pl

from slacalc import tables
from slacalc.errors import SlacalcError
from slacalc.tables._calendars import resolve

if TYPE_CHECKING:
    from slacalc import Catalogue
    from slacalc.calendar import Calendar, Landing

__all__ = ["SlaNamespace"]


def _expr(value: pl.Expr | str) -> pl.Expr:
    return pl.col(value) if isinstance(value, str) else value


def _rebuildable(error: SlacalcError) -> SlacalcError:
    """The same error as a subclass Polars can rebuild from its message alone.

    Polars re-raises an exception from inside an expression as
    ``type(error)(message + context)``; slacalc's errors take structured
    arguments, so the class is narrowed to one whose constructor takes the
    message. The caller still catches it as the original class (and builtin).
    """
    cls = type(error)
    narrowed = type(
        cls.__name__,
        (cls,),
        {
            "__init__": Exception.__init__,
            "__str__": lambda self: str(self.args[0]) if self.args else "",
            "__module__": cls.__module__,
            "__qualname__": cls.__qualname__,
        },
    )
    rebuilt: SlacalcError = narrowed(str(error))
    return rebuilt


def _batch(fn: Callable[[pl.Series], pl.Series]) -> Callable[[pl.Series], pl.Series]:
    """``fn`` for ``map_batches``, its slacalc errors made rebuildable."""

    def run(batch: pl.Series) -> pl.Series:
        try:
            return fn(batch)
        except SlacalcError as e:
            raise _rebuildable(e) from None

    return run


def _pair(batch: pl.Series) -> tuple[pl.Series, pl.Series]:
    """The two fields of a struct batch, as Series."""
    frame = batch.struct.unnest()
    return frame.to_series(0), frame.to_series(1)


@pl.api.register_expr_namespace("sla")
class SlaNamespace:
    """``pl.col(...).sla.deadline(...)`` and ``pl.col(...).sla.elapsed(...)``."""

    def __init__(self, expr: pl.Expr) -> None:
        self._expr = expr

    def deadline(
        self,
        duration: timedelta | pl.Expr | str,
        *,
        calendar: Calendar | str,
        catalogue: Catalogue | None = None,
        landing: Landing = "close",
        tz: str | None = None,
    ) -> pl.Expr:
        """The instant ``duration`` of business time after this column's start, per row."""
        cal = resolve(calendar, catalogue)
        dtype: Any = pl.Datetime("us", tz) if tz is not None else pl.dtype_of(self._expr)

        def shift(starts: pl.Series, durations: Any) -> pl.Series:
            out: pl.Series = tables.deadline(cal, starts, durations, landing=landing, tz=tz)
            return out if tz is not None else out.cast(starts.dtype)

        if isinstance(duration, timedelta):
            return self._expr.map_batches(
                _batch(lambda s: shift(s, duration)), return_dtype=dtype, is_elementwise=True
            )
        both = pl.struct(self._expr.alias("start"), _expr(duration).alias("duration"))
        return both.map_batches(
            _batch(lambda b: shift(*_pair(b))), return_dtype=dtype, is_elementwise=True
        ).name.keep()

    def elapsed(
        self,
        end: pl.Expr | str,
        *,
        calendar: Calendar | str,
        catalogue: Catalogue | None = None,
        tz: str | None = None,
    ) -> pl.Expr:
        """Business time from this column to ``end``, per row (``Duration("us")``)."""
        cal = resolve(calendar, catalogue)
        both = pl.struct(self._expr.alias("start"), _expr(end).alias("end"))
        return both.map_batches(
            _batch(lambda b: tables.elapsed(cal, *_pair(b), tz=tz)),
            return_dtype=pl.Duration("us"),
            is_elementwise=True,
        ).name.keep()
