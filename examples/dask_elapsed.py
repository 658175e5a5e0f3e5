"""Business time for more tickets than one machine holds: elapsed_many under Dask.

The same function that runs on a laptop, ``business_elapsed(frame, calendar)``, is
mapped over the partitions of a Dask dataframe. The calendar travels to the
workers by pickle (a few hundred bytes: its definition, not its compiled years),
and each worker compiles the years its rows reach on first use.

Run it from a clone, after ``pip install '.[dask]'`` (docs/install.md):

    python examples/dask_elapsed.py                      # 200,000 tickets, local cluster
    python examples/dask_elapsed.py --rows 2000000 --partitions 16
    python examples/dask_elapsed.py --scheduler processes   # without dask.distributed

It writes a synthetic ticket log as a Parquet dataset partitioned by month,
reads it back with ``dask.dataframe.read_parquet``, adds a ``business_elapsed``
column with ``map_partitions`` on a ``distributed.LocalCluster`` of worker
processes, and checks every row against the plain single-process call.
docs/scale-out.md shows the same function under PySpark.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

import slacalc as sc

#: The column the partition function adds.
COLUMN = "business_elapsed"


def service_desk_calendar() -> sc.Calendar:
    """Mon-Fri 08:00-18:00 London, England's bank holidays, a Christmas shutdown."""
    return sc.Calendar.weekly(
        {"mon-fri": "08:00-18:00"},
        tz="Europe/London",
        holidays="GB-ENG",
        closures=[("2026-12-24 13:00", "2027-01-04 00:00")],
    )


def business_elapsed(frame: pd.DataFrame, calendar: sc.Calendar) -> pd.Series:
    """Business time from ``opened`` to ``resolved`` for every row of one partition.

    A plain pandas function: it runs as it is on a whole DataFrame, on a Dask
    partition, or on a Spark Arrow batch. Open tickets (``resolved`` is NaT) stay
    NaT.
    """
    out = calendar.elapsed_many(frame["opened"], frame["resolved"])
    return out.rename(COLUMN)


def ticket_log(rows: int, seed: int = 5) -> pd.DataFrame:
    """A synthetic ticket log: opened on a minute grid over 2026, ~2% still open."""
    rng = np.random.default_rng(seed)
    minute = np.timedelta64(60_000_000, "us")
    opened = np.datetime64("2026-01-01T00:00", "us") + rng.integers(0, 365 * 1440, rows) * minute
    resolved = opened + rng.integers(1, 14 * 1440, rows) * minute
    resolved[rng.random(rows) < 0.02] = np.datetime64("NaT")
    order = np.argsort(opened, kind="stable")
    utc = pd.DataFrame(
        {
            "ticket": np.arange(rows, dtype=np.int64),
            "opened": pd.to_datetime(opened[order]).tz_localize("UTC"),
            "resolved": pd.to_datetime(resolved[order]).tz_localize("UTC"),
            "priority": rng.choice(np.array(["P1", "P2", "P3", "P4"]), rows),
        }
    )
    utc["opened"] = utc["opened"].dt.tz_convert("Europe/London")
    utc["resolved"] = utc["resolved"].dt.tz_convert("Europe/London")
    utc["month"] = utc["opened"].dt.strftime("%Y-%m")
    return utc


def with_business_elapsed(ddf: Any, calendar: sc.Calendar) -> Any:
    """The Dask dataframe with a ``business_elapsed`` column, computed per partition."""
    meta = pd.Series(pd.array([], dtype="timedelta64[us]"), name=COLUMN)
    elapsed = ddf.map_partitions(business_elapsed, calendar, meta=meta)
    return ddf.assign(**{COLUMN: elapsed})


def run(
    frame: pd.DataFrame,
    calendar: sc.Calendar,
    *,
    partitions: int = 4,
    scheduler: str = "distributed",
    workers: int = 2,
    parquet_dir: Path | None = None,
) -> pd.DataFrame:
    """Compute ``business_elapsed`` with Dask and return the result as one DataFrame.

    ``scheduler`` is ``"distributed"`` (a ``LocalCluster`` of worker processes),
    ``"processes"`` (dask's multiprocessing scheduler) or ``"sync"`` (one thread,
    for debugging). With ``parquet_dir`` the frame is first written there as a
    Parquet dataset partitioned by month and read back lazily.
    """
    import dask.dataframe as dd

    if parquet_dir is not None:
        frame.to_parquet(parquet_dir, partition_cols=["month"], index=False)
        ddf = dd.read_parquet(parquet_dir)
    else:
        ddf = dd.from_pandas(frame, npartitions=partitions)
    result = with_business_elapsed(ddf, calendar)
    if scheduler != "distributed":
        return result.compute(scheduler=scheduler)
    from distributed import Client, LocalCluster

    with (
        LocalCluster(
            n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        Client(cluster) as client,
    ):
        return client.compute(result).result()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--partitions", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--scheduler", choices=["distributed", "processes", "sync"], default="distributed"
    )
    parser.add_argument(
        "--in-memory", action="store_true", help="skip the Parquet round trip (dd.from_pandas)"
    )
    args = parser.parse_args()
    calendar = service_desk_calendar()
    frame = ticket_log(args.rows)
    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        got = run(
            frame,
            calendar,
            partitions=args.partitions,
            scheduler=args.scheduler,
            workers=args.workers,
            parquet_dir=None if args.in_memory else Path(tmp) / "tickets",
        )
        t_dask = time.perf_counter() - t0
    t0 = time.perf_counter()
    plain = business_elapsed(frame, calendar)
    t_plain = time.perf_counter() - t0
    # Parquet partitions come back grouped by month: line rows up by ticket number.
    got = got.set_index("ticket").sort_index()
    want = pd.Series(plain.to_numpy(), index=frame["ticket"].to_numpy()).sort_index()
    same = np.array_equal(got[COLUMN].to_numpy(), want.to_numpy(), equal_nan=True)
    print(
        f"{len(frame):,} tickets: Dask ({args.scheduler}, {args.workers} workers) "
        f"{t_dask:.2f} s including start-up; plain call {t_plain:.2f} s; "
        f"results {'identical' if same else 'DIFFER'}"
    )
    print(got[[COLUMN, "opened", "resolved"]].head(3).to_string())
    if not same:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
