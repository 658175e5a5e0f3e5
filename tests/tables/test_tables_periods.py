"""covered_periods: the calendar's own periods as UTC intervals, and the SQL join over them."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

pa = pytest.importorskip("pyarrow")

from slacalc import tables  # noqa: E402
from slacalc.errors import InvalidValueError, NaiveDatetimeError  # noqa: E402
from table_rows import CALENDARS, CATALOGUE, from_us, make_rows  # noqa: E402

START = datetime(2026, 1, 1, tzinfo=UTC)
END = datetime(2028, 1, 1, tzinfo=UTC)


@pytest.mark.parametrize("name", sorted(CALENDARS))
def test_rows_are_the_calendar_periods_in_utc(name: str) -> None:
    cal = CALENDARS[name]
    got = tables.covered_periods(name, START, END, catalogue=CATALOGUE)
    assert got.schema.names == ["calendar", "start", "end", "duration"]
    assert got.schema.field("start").type == pa.timestamp("us", tz="UTC")
    want = cal.periods(START, END)
    assert [(r["start"], r["end"]) for r in got.to_pylist()] == [
        (p.start.astimezone(UTC), p.end.astimezone(UTC)) for p in want
    ]
    assert set(got.column("calendar").to_pylist()) == {name}
    durations = got.column("duration").to_pylist()
    assert sum(durations, timedelta()) == cal.elapsed(START, END)
    assert all(d > timedelta() for d in durations)


def test_hand_worked_dst_periods() -> None:
    """London 00:00-06:00 on 29 Mar 2026 is 00:00-01:00 GMT then 02:00-06:00 BST: one period."""
    got = tables.covered_periods(
        CALENDARS["uk-early"],
        datetime(2026, 3, 29, tzinfo=ZoneInfo("Europe/London")),
        datetime(2026, 3, 29, 12, tzinfo=ZoneInfo("Europe/London")),
    )
    assert got.to_pylist() == [
        {
            "calendar": None,
            "start": datetime(2026, 3, 29, 0, 0, tzinfo=UTC),
            "end": datetime(2026, 3, 29, 5, 0, tzinfo=UTC),
            "duration": timedelta(hours=5),
        }
    ]


def test_pandas_and_polars_outputs() -> None:
    pd = pytest.importorskip("pandas")
    pl = pytest.importorskip("polars")
    cal = CALENDARS["ny-night"]
    arrow = tables.covered_periods(cal, START, END, catalogue=CATALOGUE)
    frame = tables.covered_periods(cal, START, END, catalogue=CATALOGUE, to="pandas")
    assert isinstance(frame, pd.DataFrame) and str(frame["start"].dt.tz) == "UTC"
    assert frame["calendar"].iloc[0] == "ny-night"  # found by its catalogue name
    assert len(frame) == arrow.num_rows
    assert frame["duration"].sum() == cal.elapsed(START, END)
    polars = tables.covered_periods(cal, START, END, to="polars")
    assert isinstance(polars, pl.DataFrame)
    assert polars["end"].to_list() == arrow.column("end").to_pylist()


def test_bad_arguments() -> None:
    cal = CALENDARS["uk-office"]
    with pytest.raises(InvalidValueError, match="one of 'arrow', 'pandas', 'polars'"):
        tables.covered_periods(cal, START, END, to="csv")
    with pytest.raises(NaiveDatetimeError):
        tables.covered_periods(cal, datetime(2026, 1, 1), END)
    assert tables.covered_periods(cal, END, START).num_rows == 0


def test_spine_join_in_duckdb_equals_business_elapsed() -> None:
    """The analysts' join over the exported periods gives the SQL function's answers."""
    duckdb = pytest.importorskip("duckdb")
    import slacalc.duckdb

    rows = make_rows(5_000, seed=9)
    ends = rows.ends.copy()
    lo = rows.starts <= ends  # the join sums forward intervals only
    con = duckdb.connect()
    slacalc.duckdb.register(con, CATALOGUE)
    con.register(
        "tickets",
        pa.table(
            {
                "id": pa.array(range(len(rows))),
                "opened": pa.array(rows.starts, pa.timestamp("us", tz="UTC"), mask=~lo),
                "resolved": pa.array(ends, pa.timestamp("us", tz="UTC"), mask=~lo),
            }
        ),
    )
    # The spine must cover every ticket's range (ends run up to 10 days past 2027).
    spine_end = datetime(2028, 2, 1, tzinfo=UTC)
    con.register(
        "periods", tables.covered_periods("uk-office", START, spine_end, catalogue=CATALOGUE)
    )
    # An inner join, then the tickets without any covered period as 0. (A LEFT JOIN
    # would be wrong: DuckDB's LEAST and GREATEST skip NULLs, so an unmatched
    # ticket would count its whole wall-clock duration.)
    joined = con.sql(
        """
        WITH covered AS (
            SELECT t.id, SUM(epoch_us(LEAST(t.resolved, p."end"))
                             - epoch_us(GREATEST(t.opened, p.start))) AS business
            FROM tickets t JOIN periods p ON p.start < t.resolved AND p."end" > t.opened
            GROUP BY t.id
        )
        SELECT t.id, COALESCE(c.business, 0)::BIGINT
        FROM tickets t LEFT JOIN covered c USING (id)
        WHERE t.opened IS NOT NULL ORDER BY t.id
        """
    ).fetchall()
    function = con.sql(
        "SELECT id, epoch_us(business_elapsed(opened, resolved, 'uk-office')) FROM tickets"
        " WHERE opened IS NOT NULL ORDER BY id"
    ).fetchall()
    assert joined == function
    cal = CALENDARS["uk-office"]
    expected = [
        cal.elapsed(from_us(int(a)), from_us(int(b))) // timedelta(microseconds=1)
        for a, b, ok in zip(rows.starts, ends, lo, strict=True)
        if ok
    ]
    assert [b for _, b in function] == expected
    assert len(expected) > 4_000
