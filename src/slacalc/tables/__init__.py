"""Business time as columns: Apache Arrow, pandas and Polars over the bulk kernels.

Every function here is a thin layer over the calendar's vectorised bulk calls
(:meth:`~slacalc.Calendar.add_many`, :meth:`~slacalc.Calendar.elapsed_many`):
columns become NumPy int64 microseconds (UTC) without a Python loop per row,
the kernel computes, and the result goes back in the type you gave, in the zone
of the input column, with nulls where the input had one. Every row equals the
scalar :meth:`~slacalc.Calendar.add` / :meth:`~slacalc.Calendar.elapsed`.

A column type is kept: a ``pyarrow.Array`` / ``ChunkedArray`` gives one back, a
pandas ``Series`` a ``Series``, a Polars ``Series`` a ``Series``. Timestamps
without a zone are refused unless ``tz=`` names the zone their readings are in.
``calendar`` is a :class:`~slacalc.Calendar`, or a calendar name with
``catalogue=``.

>>> from datetime import datetime, timedelta, UTC
>>> import pyarrow as pa
>>> import slacalc as sc
>>> from slacalc import tables
>>> office = sc.Calendar.weekly({"mon-fri": "09:00-17:00"}, tz="Europe/London")
>>> opened = pa.array([datetime(2026, 11, 27, 16, tzinfo=UTC), None],
...                   pa.timestamp("us", tz="Europe/London"))
>>> tables.deadline(office, opened, timedelta(hours=2)).to_pylist()
[datetime.datetime(2026, 11, 30, 10, 0, tzinfo=zoneinfo.ZoneInfo(key='Europe/London')), None]

:func:`evaluate` takes a table of activity (``ticket, at, field, value``) and
gives the SLA outcomes as a table of the same kind: with NumPy, by the
vectorised clock where the catalogue allows it, else through the per-ticket
engine :func:`slacalc.activity.evaluate` (``path=`` chooses); :func:`evaluate_log`
does the same for an :class:`~slacalc.activity.ActivityLog` (what ``slacalc
evaluate`` runs on each chunk), and :func:`cycle_outcomes` gives the engine's
:class:`~slacalc.activity.CycleOutcome` objects for one by the vectorised clock
(what ``slacalc timers`` and ``slacalc report`` run on an activity log).
:func:`read_parquet` reads a Parquet activity file for it (``field`` and ``value``
as dictionaries, the cheapest form to read and to evaluate).

The optional integrations register themselves on an explicit import only:
``import slacalc.tables.pandas`` (the ``df.sla`` accessor), ``import
slacalc.tables.polars`` (the ``pl.col(...).sla`` namespace) and
:func:`slacalc.duckdb.register` (SQL functions).
"""

from slacalc.tables._evaluate import OUTCOME_COLUMNS, cycle_outcomes, evaluate, evaluate_log
from slacalc.tables._stream import read_parquet
from slacalc.tables._vclock import VClockUnsupported
from slacalc.tables.functions import covered_periods, deadline, elapsed

__all__ = [
    "OUTCOME_COLUMNS",
    "VClockUnsupported",
    "covered_periods",
    "cycle_outcomes",
    "deadline",
    "elapsed",
    "evaluate",
    "evaluate_log",
    "read_parquet",
]
