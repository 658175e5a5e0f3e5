"""The df.sla accessor: every row equals the scalar call, zones kept, bad input refused."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime, timedelta

import pytest

pd = pytest.importorskip("pandas")

import slacalc.tables.pandas  # noqa: E402,F401  (registers df.sla)
from slacalc.errors import (  # noqa: E402
    ArgumentTypeError,
    InvalidValueError,
    NaiveDatetimeError,
    UnknownCalendarError,
)
from table_rows import (  # noqa: E402
    CALENDARS,
    CATALOGUE,
    expected_deadlines,
    expected_elapsed,
    make_rows,
    to_us,
)

ROWS = make_rows(3000, seed=7)


def column(values, nulls, zone: str):  # type: ignore[no-untyped-def]
    utc = pd.to_datetime(pd.Series(values).where(~nulls), unit="us", utc=True)
    return utc.dt.tz_convert(zone)


def frame(zone: str = "Europe/London"):  # type: ignore[no-untyped-def]
    df = pd.DataFrame(
        {
            "opened": column(ROWS.starts, ROWS.start_null, zone),
            "resolved": column(ROWS.ends, ROWS.end_null, "America/New_York"),
            "target": pd.to_timedelta(
                pd.Series(ROWS.durations).where(~ROWS.duration_null), unit="us"
            ),
        }
    )
    return df.set_axis(pd.RangeIndex(100, 100 + len(ROWS)))  # not the default index


def as_us(series) -> list[int | None]:  # type: ignore[no-untyped-def]
    return [None if pd.isna(v) else to_us(v.to_pydatetime()) for v in series]


@pytest.mark.parametrize("name", sorted(CALENDARS))
@pytest.mark.parametrize("zone", ["Europe/London", "America/New_York"])
def test_deadline_equals_scalar_add(name: str, zone: str) -> None:
    df = frame(zone)
    got = df.sla.deadline("opened", "target", calendar=CALENDARS[name])
    assert str(got.dt.tz) == zone  # kept in the zone of the start column
    assert got.index.equals(df.index) and got.name == "deadline"
    assert as_us(got) == expected_deadlines(CALENDARS[name], ROWS)


@pytest.mark.parametrize("name", sorted(CALENDARS))
def test_elapsed_equals_scalar_elapsed(name: str) -> None:
    df = frame()
    got = df.sla.elapsed("opened", "resolved", calendar=name, catalogue=CATALOGUE)
    assert got.index.equals(df.index) and got.name == "elapsed"
    want = expected_elapsed(CALENDARS[name], ROWS)
    assert [None if pd.isna(v) else v // pd.Timedelta(microseconds=1) for v in got] == want


def test_series_arguments_and_one_timedelta() -> None:
    df = frame()
    cal = CALENDARS["ny-night"]
    got = df.sla.deadline(df["opened"], timedelta(hours=6), calendar=cal, landing="open")
    want = [
        None if m else to_us(cal.add(s, timedelta(hours=6), landing="open"))
        for s, m in zip(ROWS.datetimes("starts"), ROWS.start_null, strict=True)
    ]
    assert as_us(got) == want


def test_hand_worked_rows() -> None:
    """Fri 16:00 London + 2 h on Mon-Fri 09:00-17:30: Mon 09:30 (1h30m Friday, 30 min Monday)."""
    df = pd.DataFrame({"opened": pd.to_datetime(["2026-11-27 16:00"]).tz_localize("Europe/London")})
    got = df.sla.deadline("opened", timedelta(hours=2), calendar=CALENDARS["uk-office"])
    assert got.iloc[0] == pd.Timestamp("2026-11-30 09:30", tz="Europe/London")
    df["closed"] = pd.to_datetime(["2026-11-30 09:30"]).tz_localize("Europe/London")
    got = df.sla.elapsed("opened", "closed", calendar=CALENDARS["uk-office"])
    assert got.iloc[0] == pd.Timedelta(hours=2)


def test_naive_columns_refused_or_read_in_a_zone() -> None:
    df = pd.DataFrame({"opened": pd.to_datetime(["2026-07-03 16:00", None])})
    cal = CALENDARS["uk-office"]
    with pytest.raises(NaiveDatetimeError, match="pass tz="):
        df.sla.deadline("opened", timedelta(hours=2), calendar=cal)
    got = df.sla.deadline("opened", timedelta(hours=2), calendar=cal, tz="Europe/London")
    assert got.iloc[0] == pd.Timestamp("2026-07-06 09:30", tz="Europe/London")
    assert pd.isna(got.iloc[1])
    gap = pd.DataFrame({"opened": pd.to_datetime(["2026-03-29 01:30"])})
    with pytest.raises(InvalidValueError, match="exactly once in Europe/London"):
        gap.sla.deadline("opened", timedelta(hours=2), calendar=cal, tz="Europe/London")


def test_bad_columns_and_calendars() -> None:
    df = frame()
    cal = CALENDARS["uk-office"]
    with pytest.raises(InvalidValueError, match="a column of the frame"):
        df.sla.elapsed("opened", "closed", calendar=cal)
    with pytest.raises(ArgumentTypeError, match="column name or a pandas Series"):
        df.sla.elapsed("opened", 3, calendar=cal)
    with pytest.raises(InvalidValueError, match="same index"):
        df.sla.elapsed("opened", df["resolved"].reset_index(drop=True), calendar=cal)
    with pytest.raises(ArgumentTypeError, match="datetime Series"):
        df.sla.elapsed("opened", "target", calendar=cal)
    with pytest.raises(UnknownCalendarError, match=r"'uk' is not in the catalogue; known: 'uk-off"):
        df.sla.elapsed("opened", "resolved", calendar="uk", catalogue=CATALOGUE)


def test_registered_only_on_explicit_import() -> None:
    code = (
        "import sys, slacalc, slacalc.tables\n"
        "heavy = {'pandas', 'pyarrow', 'polars', 'duckdb', 'pyspark'} & set(sys.modules)\n"
        "assert not heavy, heavy\n"
        "import pandas as pd\n"
        "assert not hasattr(pd.DataFrame, 'sla')\n"
        "import slacalc.tables.pandas\n"
        "assert hasattr(pd.DataFrame, 'sla')\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)


def test_utc_datetime_rows() -> None:
    df = pd.DataFrame({"a": [pd.Timestamp(datetime(2026, 3, 28, 23, 30, tzinfo=UTC))]})
    got = df.sla.deadline("a", timedelta(hours=3), calendar=CALENDARS["uk-early"])
    # 23:30 GMT Sat is closed; Sunday 00:00-01:00 GMT then 02:00 BST on: 00:00 + 3 h -> 03:00 UTC.
    assert got.iloc[0] == pd.Timestamp("2026-03-29 03:00", tz="UTC")
