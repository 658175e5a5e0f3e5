"""DuckDB's ``business_elapsed``: the cost of one batch, and the query rate beside its floor.

Run (from the repository root, with the ``duckdb`` and ``arrow`` extras)::

    python benchmarks/duckdb_batch.py              # 1,000,000 rows, 7 rounds
    python benchmarks/duckdb_batch.py --rounds 3

DuckDB calls a Python function once per vector of 2,048 rows
(``standard_vector_size``, fixed when DuckDB is compiled), so the rate is set
by what one batch costs, DuckDB's share included. Two measures:

1. **One batch, without DuckDB**: the registered function's batch path (a grid
   of the calendar's periods kept by the registration, timestamps read from
   the Arrow buffers) beside the general path it falls back to (the Arrow
   columns converted, ``Calendar.elapsed_many``, which builds its array table
   on each call), on the same 2,048 rows; the answers compared.
2. **The query** ``SELECT id, epoch_us(business_elapsed(opened, resolved,
   'office')) FROM tickets`` fetched as Arrow, beside the same query with a
   function that computes nothing (the floor DuckDB's calls set), in
   interleaved rounds with DuckDB's ``threads`` at 1 and 2; the median, min and
   max of each are printed, and every row checked against ``elapsed_many``.

The rows are those of ``benchmarks/tables.py`` (the reference calendar, starts
over 2026-2027, ends up to 72 hours later).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
import timeit
from pathlib import Path

import duckdb
import numpy as np
import pyarrow as pa

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import reference_calendar, source_state

import slacalc as sc
import slacalc.duckdb
from slacalc.duckdb import _instants, _Registration
from slacalc.tables._columns import from_durations
from tables import FUNCTION_SQL, NOOP_SQL, make_rows


def batch(cal: sc.Calendar, catalogue: sc.Catalogue, seed: int) -> None:
    rows = make_rows(2048, seed)
    ts = pa.timestamp("us", tz="UTC")  # DuckDB hands TIMESTAMPTZ over in UTC
    a = rows.column("opened").chunk(0).cast(ts)
    b = rows.column("resolved").chunk(0).cast(ts)
    names = pa.array(["office"] * len(a))
    held = _Registration(catalogue)

    def general() -> pa.Array:
        starts = _instants(a, "business_elapsed", "a")
        ends = _instants(b, "business_elapsed", "b")
        return from_durations(cal.elapsed_many(starts, ends))

    assert held.elapsed(a, b, names).equals(general())
    fast = min(timeit.repeat(lambda: held.elapsed(a, b, names), number=200, repeat=7)) / 200
    slow = min(timeit.repeat(general, number=50, repeat=7)) / 50
    print("1. one 2,048-row batch, without DuckDB (best of 7)")
    print(
        f"  batch path (grid kept)       {fast * 1e6:8.1f} us  ({2048 / fast / 1e6:.1f} M rows/s)"
    )
    print(
        f"  general path (elapsed_many)  {slow * 1e6:8.1f} us  ({2048 / slow / 1e6:.1f} M rows/s)"
    )
    print(f"  ratio                        {slow / fast:8.1f}x  (every row equal)")


def queries(catalogue: sc.Catalogue, n: int, rounds: int, seed: int) -> None:
    rows = make_rows(n, seed)
    want = catalogue.calendars["office"].elapsed_many(
        rows.column("opened").cast(pa.int64()).to_numpy().view("datetime64[us]"),
        rows.column("resolved").cast(pa.int64()).to_numpy().view("datetime64[us]"),
    )
    cons = {}
    for threads in (1, 2):
        con = duckdb.connect()
        con.execute(f"SET threads = {threads}")
        slacalc.duckdb.register(con, catalogue)
        con.register("tickets", rows)
        con.create_function(
            "noop",
            lambda x, y, z: pa.array(np.zeros(len(x), np.int64), pa.duration("us")),
            None,
            "INTERVAL",
            type="arrow",
        )
        got = con.sql(FUNCTION_SQL).to_arrow_table().sort_by("id").column("business")
        assert got.to_numpy().tolist() == want.view(np.int64).tolist(), "rows differ"
        cons[threads] = con
    times: dict[tuple[int, str], list[float]] = {}
    for _ in range(rounds):
        for threads, con in cons.items():
            for label, sql in (("business_elapsed", FUNCTION_SQL), ("no-op floor", NOOP_SQL)):
                t0 = time.perf_counter()
                con.sql(sql).to_arrow_table()
                times.setdefault((threads, label), []).append(time.perf_counter() - t0)
    print(
        f"\n2. the query over {n:,} rows (M rows/s: median, min-max of {rounds} interleaved rounds)"
    )
    print(f"  every row equal to elapsed_many; load average now {os.getloadavg()[0]:.2f}")
    for (threads, label), ts in times.items():
        rates = sorted(n / t / 1e6 for t in ts)
        med = statistics.median(rates)
        print(f"  threads={threads} {label:18} {med:6.2f} M/s  ({rates[0]:.2f}-{rates[-1]:.2f})")
    for threads in cons:
        ratios = [
            f / g
            for f, g in zip(
                times[threads, "business_elapsed"], times[threads, "no-op floor"], strict=True
            )
        ]
        print(
            f"  threads={threads} function / floor (time): median {statistics.median(ratios):.2f}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    print(source_state(), f"| load average {os.getloadavg()[0]:.2f}")
    print(f"duckdb {duckdb.__version__}, pyarrow {pa.__version__}, numpy {np.__version__}")
    cal = reference_calendar()
    catalogue = sc.Catalogue(calendars={"office": cal})
    cal.elapsed_many(  # compile the years the rows reach before timing
        np.array(["2025-12-01", "2028-02-01"], "datetime64[us]"),
        np.array(["2028-02-01", "2028-02-01"], "datetime64[us]"),
    )
    batch(cal, catalogue, args.seed)
    queries(catalogue, args.rows, args.rounds, args.seed)


if __name__ == "__main__":
    main()
