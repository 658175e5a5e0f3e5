"""Business time as columns: DuckDB functions beside a schedule-spine join, and dataframes.

Run (from the repository root, with the ``test`` extra or ``arrow,polars,duckdb``):

    python benchmarks/tables.py               # 1,000,000 rows
    python benchmarks/tables.py --rows 200000 # a quicker run

Sections:

1. DuckDB: ``business_elapsed(opened, resolved, 'office')`` over every row
   (registered with ``slacalc.duckdb.register``) beside the approach analysts
   use without it, a schedule spine: the calendar's covered intervals as a
   table (``slacalc.tables.covered_periods``), joined to each ticket's interval
   and summed. Both queries produce one business time per ticket, fetched as
   Arrow; the results are compared row for row, and a sample against the
   scalar ``Calendar.elapsed``. Also ``sla_deadline`` alone.
2. pandas: ``df.sla.elapsed`` and ``df.sla.deadline`` on tz-aware columns.
3. Arrow and Polars: ``slacalc.tables.elapsed`` on ``pyarrow`` columns and
   the ``pl.col(...).sla.elapsed`` expression.

Rows: starts uniform over 2026-2027 at microsecond resolution (seeded), ends 0
to 72 hours after their start, durations 15 minutes to 40 hours, on the
reference calendar (Europe/London Mon-Fri 09:00-17:30, England holidays).
"""

from __future__ import annotations

import argparse
import os
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import polars as pl
import pyarrow as pa

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import EPOCH, best_of, fmt_rate, reference_calendar, source_state

import slacalc as sc
import slacalc.duckdb
import slacalc.tables.pandas
import slacalc.tables.polars
from slacalc import tables

US = timedelta(microseconds=1)
SPINE_SQL = """
WITH covered AS (
    SELECT t.id, SUM(epoch_us(LEAST(t.resolved, p."end"))
                     - epoch_us(GREATEST(t.opened, p.start))) AS business
    FROM tickets t JOIN periods p ON p.start < t.resolved AND p."end" > t.opened
    GROUP BY t.id
)
SELECT t.id, COALESCE(c.business, 0)::BIGINT AS business
FROM tickets t LEFT JOIN covered c USING (id)
"""
FUNCTION_SQL = """
SELECT id, epoch_us(business_elapsed(opened, resolved, 'office')) AS business
FROM tickets
"""
NOOP_SQL = "SELECT id, epoch_us(noop(opened, resolved, 'office')) AS business FROM tickets"
DEADLINE_SQL = "SELECT id, sla_deadline(opened, target, 'office') AS due FROM tickets"


def make_rows(n: int, seed: int) -> pa.Table:
    rng = np.random.default_rng(seed)
    lo = (datetime(2026, 1, 1, tzinfo=UTC) - EPOCH) // US
    hi = (datetime(2028, 1, 1, tzinfo=UTC) - EPOCH) // US
    starts = rng.integers(lo, hi, n)
    ends = starts + rng.integers(0, 72 * 3_600_000_000, n)
    targets = rng.integers(1, 160, n) * 15 * 60_000_000
    ts = pa.timestamp("us", tz="Europe/London")
    return pa.table(
        {
            "id": pa.array(np.arange(n)),
            "opened": pa.array(starts, ts),
            "resolved": pa.array(ends, ts),
            "target": pa.array(targets, pa.duration("us")),
        }
    )


def scalar_sample(cal: sc.Calendar, rows: pa.Table, got: list[int], k: int, seed: int) -> int:
    """How many of ``k`` random rows differ from the scalar ``Calendar.elapsed``."""
    rng = np.random.default_rng(seed)
    opened = rows.column("opened").cast(pa.int64()).to_numpy()
    resolved = rows.column("resolved").cast(pa.int64()).to_numpy()
    bad = 0
    for i in rng.integers(0, rows.num_rows, k):
        a = EPOCH + timedelta(microseconds=int(opened[i]))
        b = EPOCH + timedelta(microseconds=int(resolved[i]))
        bad += cal.elapsed(a, b) // US != got[i]
    return bad


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    n = args.rows
    print(source_state(), f"| load average {os.getloadavg()[0]:.2f}")
    print(
        f"duckdb {duckdb.__version__}, pyarrow {pa.__version__}, pandas {pd.__version__}, "
        f"polars {pl.__version__}, numpy {np.__version__}; {n:,} rows"
    )
    cal = reference_calendar()
    catalogue = sc.Catalogue(calendars={"office": cal})
    rows = make_rows(n, args.seed)
    cal.elapsed_many(  # compile the years the rows reach before timing
        np.array(["2025-12-01", "2028-02-01"], "datetime64[us]"),
        np.array(["2028-02-01", "2028-02-01"], "datetime64[us]"),
    )

    # 1. DuckDB ----------------------------------------------------------------------
    con = duckdb.connect()
    con.execute("SET threads = 2")
    slacalc.duckdb.register(con, catalogue)
    con.register("tickets", rows)
    spine = tables.covered_periods(
        cal, datetime(2026, 1, 1, tzinfo=UTC), datetime(2028, 1, 5, tzinfo=UTC)
    )
    con.register("periods", spine)
    con.create_function(  # the floor: an Arrow UDF that computes nothing
        "noop",
        lambda a, b, c: pa.array(np.zeros(len(a), np.int64), pa.duration("us")),
        None,
        "INTERVAL",
        type="arrow",
    )
    fn_out, fn_s = best_of(lambda: con.sql(FUNCTION_SQL).to_arrow_table(), args.reps)
    sp_out, sp_s = best_of(lambda: con.sql(SPINE_SQL).to_arrow_table(), args.reps)
    dl_out, dl_s = best_of(lambda: con.sql(DEADLINE_SQL).to_arrow_table(), args.reps)
    _, no_s = best_of(lambda: con.sql(NOOP_SQL).to_arrow_table(), args.reps)
    # Queries return rows in any order: compare by ticket id (outside the timing).
    fn_vals = fn_out.sort_by("id").column("business").to_pylist()
    sp_vals = sp_out.sort_by("id").column("business").to_pylist()
    differ = sum(a != b for a, b in zip(fn_vals, sp_vals, strict=True))
    print("\n1. DuckDB, one business time per ticket (query + fetch as Arrow), best of", args.reps)
    print(f"  business_elapsed function    {fmt_rate(n / fn_s):>12}  ({fn_s:.3f} s)")
    print(
        f"  schedule-spine join          {fmt_rate(n / sp_s):>12}  ({sp_s:.3f} s; "
        f"{spine.num_rows:,} covered periods)"
    )
    print(f"  ratio function / spine       {sp_s / fn_s:>11.2f}x")
    print(f"  rows differing               {differ:>12,}  (function vs spine, every row)")
    print(
        f"  scalar check                 {scalar_sample(cal, rows, fn_vals, 20_000, 1):>12,}"
        "  rows of a 20,000-row sample differ from Calendar.elapsed"
    )
    print(f"  bar: >= 5 M/s for business_elapsed: {'met' if n / fn_s >= 5e6 else 'missed'}")
    print(
        f"  floor: a no-op Arrow UDF     {fmt_rate(n / no_s):>12}  ({no_s:.3f} s; DuckDB calls a"
        " Python UDF once per 2,048-row vector)"
    )
    due = dl_out.sort_by("id").column("due").cast(pa.int64()).to_numpy()
    want_due = cal.add_many(
        rows.column("opened").cast(pa.int64()).to_numpy().view("datetime64[us]"),
        rows.column("target").cast(pa.int64()).to_numpy().view("timedelta64[us]"),
    ).view(np.int64)
    print(
        f"  sla_deadline function        {fmt_rate(n / dl_s):>12}  ({dl_s:.3f} s; "
        f"{int((due != want_due).sum()):,} rows differ from add_many)"
    )

    # 2. pandas ----------------------------------------------------------------------
    df = rows.to_pandas()
    el, el_s = best_of(lambda: df.sla.elapsed("opened", "resolved", calendar=cal), args.reps)
    dd, dd_s = best_of(lambda: df.sla.deadline("opened", "target", calendar=cal), args.reps)
    el_vals = (el.to_numpy().astype("timedelta64[us]").astype(np.int64)).tolist()
    dd_vals = dd.dt.tz_convert("UTC").dt.tz_localize(None).to_numpy("datetime64[us]").view(np.int64)
    print("\n2. pandas accessor (tz-aware Europe/London columns), best of", args.reps)
    print(
        f"  df.sla.elapsed               {fmt_rate(n / el_s):>12}  ({el_s:.3f} s; "
        f"{sum(a != b for a, b in zip(el_vals, fn_vals, strict=True)):,} rows differ from DuckDB)"
    )
    print(
        f"  df.sla.deadline              {fmt_rate(n / dd_s):>12}  ({dd_s:.3f} s; "
        f"{int((dd_vals != want_due).sum()):,} rows differ from add_many)"
    )

    # 3. Arrow and Polars ------------------------------------------------------------
    a_out, a_s = best_of(
        lambda: tables.elapsed(cal, rows.column("opened"), rows.column("resolved")), args.reps
    )
    frame = pl.from_arrow(rows)
    assert isinstance(frame, pl.DataFrame)
    expr = pl.col("opened").sla.elapsed("resolved", calendar=cal)
    p_out, p_s = best_of(lambda: frame.select(expr), args.reps)
    a_vals = a_out.cast(pa.int64()).to_pylist()
    p_vals = p_out.to_series().to_physical().to_list()
    print("\n3. Arrow and Polars, best of", args.reps)
    print(
        f"  tables.elapsed (pyarrow)     {fmt_rate(n / a_s):>12}  ({a_s:.3f} s; "
        f"{sum(a != b for a, b in zip(a_vals, fn_vals, strict=True)):,} rows differ from DuckDB)"
    )
    print(
        f"  pl.col().sla.elapsed         {fmt_rate(n / p_s):>12}  ({p_s:.3f} s; "
        f"{sum(a != b for a, b in zip(p_vals, fn_vals, strict=True)):,} rows differ from DuckDB)"
    )


if __name__ == "__main__":
    main()
