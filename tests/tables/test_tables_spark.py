"""Spark: the same kernels inside mapInPandas and applyInPandas, on a local session.

Skipped only where PySpark or Java is missing (the reason says which).
"""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Iterator
from datetime import timedelta

import pytest

pytest.importorskip("pyspark", reason="PySpark is not installed (pip install 'slacalc[spark]')")
pytest.importorskip("pyarrow")
pd = pytest.importorskip("pandas")
if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
    pytest.skip(
        "Java is not installed: PySpark needs a JVM (apt-get install default-jre-headless)",
        allow_module_level=True,
    )

from table_rows import CALENDARS, US, from_us, make_rows, to_us  # noqa: E402

pytestmark = [  # PySpark 4.3 about pandas 3 (its own code, not slacalc's)
    pytest.mark.filterwarnings("ignore:PySpark does not yet fully support pandas"),
    pytest.mark.filterwarnings("ignore:The copy keyword is deprecated"),
    pytest.mark.slow,  # a local Spark session: about 40 s, out of the developer's loop
]

ROWS = make_rows(20_000, seed=31, whole_seconds=False)


@pytest.fixture(scope="module")
def spark():  # type: ignore[no-untyped-def]
    from pyspark.sql import SparkSession

    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    session = (
        SparkSession.builder.master("local[2]")
        .appName("slacalc-tables-test")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.execution.arrow.pyspark.enabled", "true")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "4")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


def tickets(spark):  # type: ignore[no-untyped-def]
    """ticket, opened, resolved (Spark timestamps: instants), target_us."""
    utc = "UTC"
    frame = pd.DataFrame(
        {
            "ticket": range(len(ROWS)),
            "opened": pd.to_datetime(
                pd.Series(ROWS.starts).where(~ROWS.start_null), unit="us", utc=True
            ).dt.tz_convert(utc),
            "resolved": pd.to_datetime(
                pd.Series(ROWS.ends).where(~ROWS.end_null), unit="us", utc=True
            ).dt.tz_convert(utc),
            "target_us": ROWS.durations,
        }
    )
    return spark.createDataFrame(frame).repartition(4)


def test_map_in_pandas_equals_scalar(spark) -> None:  # type: ignore[no-untyped-def]
    cal = CALENDARS["uk-office"]

    def business(batches: Iterator[pd.DataFrame]) -> Iterator[pd.DataFrame]:
        from slacalc import tables

        for frame in batches:
            # Spark gives instants as naive readings in the session zone (UTC here):
            # tz= says so explicitly, as slacalc never guesses a zone.
            elapsed = tables.elapsed(cal, frame["opened"], frame["resolved"], tz="UTC")
            due = tables.deadline(
                cal, frame["opened"], pd.to_timedelta(frame["target_us"], unit="us"), tz="UTC"
            )
            yield pd.DataFrame(
                {
                    "ticket": frame["ticket"],
                    "business_us": elapsed.to_numpy().astype("int64").tolist(),
                    "business_missing": elapsed.isna(),
                    "due": due,
                }
            )

    schema = "ticket long, business_us long, business_missing boolean, due timestamp"
    out = tickets(spark).mapInPandas(business, schema=schema).toPandas()
    out = out.sort_values("ticket").reset_index(drop=True)
    assert len(out) == len(ROWS)
    want_elapsed = []
    want_due = []
    for a, b, d, ma, mb in zip(
        ROWS.starts, ROWS.ends, ROWS.durations, ROWS.start_null, ROWS.end_null, strict=True
    ):
        want_elapsed.append(
            None if ma or mb else cal.elapsed(from_us(int(a)), from_us(int(b))) // US
        )
        want_due.append(
            None if ma else to_us(cal.add(from_us(int(a)), timedelta(microseconds=int(d))))
        )
    got_elapsed = [
        None if m else int(v)
        for v, m in zip(out["business_us"], out["business_missing"], strict=True)
    ]
    assert got_elapsed == want_elapsed
    due_utc = out["due"].dt.tz_localize("UTC") if out["due"].dt.tz is None else out["due"]
    assert [None if pd.isna(v) else to_us(v.to_pydatetime()) for v in due_utc] == want_due


def test_apply_in_pandas_grouped_by_ticket(spark) -> None:  # type: ignore[no-untyped-def]
    """Work intervals (several per ticket) summed per ticket, against the scalar sum."""
    cal = CALENDARS["ny-night"]
    n = 2_000
    frame = pd.DataFrame(
        {
            "ticket": [i % 300 for i in range(n)],
            "start": pd.to_datetime(pd.Series(ROWS.starts[:n]), unit="us", utc=True),
            "end": pd.to_datetime(pd.Series(ROWS.ends[:n]), unit="us", utc=True),
        }
    )

    def per_ticket(group: pd.DataFrame) -> pd.DataFrame:
        from slacalc import tables

        elapsed = tables.elapsed(cal, group["start"], group["end"], tz="UTC")
        total = int(elapsed.to_numpy().astype("int64").sum())
        return pd.DataFrame({"ticket": [int(group["ticket"].iloc[0])], "business_us": [total]})

    out = (
        spark.createDataFrame(frame)
        .groupBy("ticket")
        .applyInPandas(per_ticket, schema="ticket long, business_us long")
        .toPandas()
    )
    got = dict(zip(out["ticket"], out["business_us"], strict=True))
    want: dict[int, int] = {}
    for t, a, b in zip(frame["ticket"], ROWS.starts[:n], ROWS.ends[:n], strict=True):
        want[t] = want.get(t, 0) + cal.elapsed(from_us(int(a)), from_us(int(b))) // US
    assert got == want
