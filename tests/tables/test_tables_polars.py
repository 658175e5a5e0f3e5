"""Polars: the ``sla`` expression namespace and Series through Arrow, against the scalar calls."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime, timedelta

import pytest

pl = pytest.importorskip("polars")
pytest.importorskip("pyarrow")

import slacalc.tables.polars  # noqa: E402,F401  (registers the namespace)
from slacalc import tables  # noqa: E402
from slacalc.errors import InvalidValueError, NaiveDatetimeError, UnknownCalendarError  # noqa: E402
from table_rows import (  # noqa: E402
    CALENDARS,
    CATALOGUE,
    arrow_instants,
    expected_deadlines,
    expected_elapsed,
    make_rows,
)

ROWS = make_rows(3000, seed=21)


def frame(zone: str = "Europe/London", unit: str = "us"):  # type: ignore[no-untyped-def]
    import pyarrow as pa

    return pl.from_arrow(
        pa.table(
            {
                "opened": arrow_instants(ROWS.starts, ROWS.start_null, zone),
                "resolved": arrow_instants(ROWS.ends, ROWS.end_null, "America/New_York"),
                "target": pa.array(ROWS.durations, pa.duration("us"), mask=ROWS.duration_null),
            }
        )
    ).with_columns(pl.col("opened").dt.cast_time_unit(unit))


def ints(series) -> list[int | None]:  # type: ignore[no-untyped-def]
    return series.to_physical().cast(pl.Int64).to_list()


@pytest.mark.parametrize("name", sorted(CALENDARS))
@pytest.mark.parametrize("zone", ["Europe/London", "America/New_York"])
def test_expression_deadline_equals_scalar_add(name: str, zone: str) -> None:
    df = frame(zone)
    out = df.select(pl.col("opened").sla.deadline("target", calendar=CALENDARS[name]))
    assert out.columns == ["opened"]  # named after the left-most column, as Polars does
    assert out["opened"].dtype == pl.Datetime("us", zone)
    assert ints(out["opened"]) == expected_deadlines(CALENDARS[name], ROWS)


@pytest.mark.parametrize("name", sorted(CALENDARS))
def test_expression_elapsed_equals_scalar_elapsed(name: str) -> None:
    out = frame().select(
        pl.col("opened").sla.elapsed("resolved", calendar=name, catalogue=CATALOGUE).alias("e")
    )
    assert out["e"].dtype == pl.Duration("us")
    assert ints(out["e"]) == expected_elapsed(CALENDARS[name], ROWS)


def test_lazy_frames_nanoseconds_and_one_timedelta() -> None:
    cal = CALENDARS["ny-night"]
    lazy = (
        frame(unit="ns")
        .lazy()
        .with_columns(due=pl.col("opened").sla.deadline(timedelta(hours=5), calendar=cal))
    )
    assert lazy.collect_schema()["due"] == pl.Datetime("ns", "Europe/London")
    got = lazy.collect()["due"]
    want = [
        None if m else cal.add(s, timedelta(hours=5)).astimezone(UTC)
        for s, m in zip(ROWS.datetimes("starts"), ROWS.start_null, strict=True)
    ]
    assert [None if g is None else g.astimezone(UTC) for g in got.to_list()] == want


def test_series_in_series_out() -> None:
    df = frame()
    cal = CALENDARS["uk-office"]
    got = tables.elapsed(cal, df["opened"], df["resolved"])
    assert isinstance(got, pl.Series) and got.name == "elapsed"
    assert ints(got) == expected_elapsed(cal, ROWS)
    due = tables.deadline(cal, df["opened"], df["target"])
    assert due.name == "deadline" and ints(due) == expected_deadlines(cal, ROWS)


def test_naive_refused_or_read_in_a_zone() -> None:
    df = pl.DataFrame({"opened": [datetime(2026, 7, 3, 16, 0)]})
    cal = CALENDARS["uk-office"]
    with pytest.raises(NaiveDatetimeError, match=r"^starts column; pass tz=.*no time zone") as e:
        df.select(pl.col("opened").sla.deadline(timedelta(hours=2), calendar=cal))
    assert isinstance(e.value, ValueError)
    with pytest.raises(InvalidValueError, match="exactly once in Europe/London"):
        pl.DataFrame({"opened": [datetime(2026, 3, 29, 1, 30)]}).select(
            pl.col("opened").sla.elapsed("opened", calendar=cal, tz="Europe/London")
        )
    with pytest.raises(NaiveDatetimeError):
        tables.deadline(cal, df["opened"], timedelta(hours=2))
    out = df.select(
        pl.col("opened").sla.deadline(timedelta(hours=2), calendar=cal, tz="Europe/London")
    )
    # Fri 16:00 BST + 2 h on Mon-Fri 09:00-17:30: Mon 09:30 BST = 08:30 UTC.
    assert out["opened"].dtype == pl.Datetime("us", "Europe/London")
    assert out["opened"][0].astimezone(UTC) == datetime(2026, 7, 6, 8, 30, tzinfo=UTC)


def test_unknown_calendar_name_when_building_the_expression() -> None:
    with pytest.raises(UnknownCalendarError, match="known: 'uk-office'"):
        pl.col("opened").sla.elapsed("resolved", calendar="nope", catalogue=CATALOGUE)


def test_registered_only_on_explicit_import() -> None:
    code = (
        "import slacalc, slacalc.tables, polars as pl\n"
        "assert not hasattr(pl.col('a'), 'sla')\n"
        "import slacalc.tables.polars\n"
        "assert hasattr(pl.col('a'), 'sla')\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)
