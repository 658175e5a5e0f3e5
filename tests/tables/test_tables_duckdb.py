"""DuckDB SQL functions against the scalar calls on a few hundred thousand rows."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

duckdb = pytest.importorskip("duckdb")
pa = pytest.importorskip("pyarrow")

import slacalc.duckdb  # noqa: E402
from strategies import examples, fine_durations, fine_instants, scenario_calendar  # noqa: E402
from table_rows import (  # noqa: E402
    CALENDARS,
    CATALOGUE,
    arrow_instants,
    expected_deadlines,
    expected_elapsed,
    make_rows,
)

BIG = make_rows(300_000, seed=5)
MIXED = make_rows(6_000, seed=6)


def connection(rows, zone: str = "America/New_York"):  # type: ignore[no-untyped-def]
    con = duckdb.connect()
    con.execute(f"SET TimeZone = '{zone}'")  # the session zone must not matter
    slacalc.duckdb.register(con, CATALOGUE)
    names = sorted(CALENDARS)
    table = pa.table(
        {
            "opened": arrow_instants(rows.starts, rows.start_null, "Europe/London"),
            "resolved": arrow_instants(rows.ends, rows.end_null, "UTC"),
            "target_us": pa.array(rows.durations, pa.int64(), mask=rows.duration_null),
            "calendar": pa.array([names[i % len(names)] for i in range(len(rows))]),
        }
    )
    con.register("tickets", table)
    return con


def column(con, sql: str) -> list[int | None]:  # type: ignore[no-untyped-def]
    return con.sql(sql).to_arrow_table().column(0).to_pylist()


def test_business_elapsed_equals_scalar_on_300k_rows() -> None:
    con = connection(BIG)
    got = column(
        con, "SELECT epoch_us(business_elapsed(opened, resolved, 'uk-office')) FROM tickets"
    )
    assert got == expected_elapsed(CALENDARS["uk-office"], BIG)


def test_sla_deadline_equals_scalar_on_300k_rows() -> None:
    con = connection(BIG, zone="Europe/London")
    got = column(
        con,
        "SELECT epoch_us(sla_deadline(opened, target_us, 'ny-night')) FROM tickets",
    )
    assert got == expected_deadlines(CALENDARS["ny-night"], BIG)
    as_interval = column(
        con,
        "SELECT epoch_us(sla_deadline(opened, to_microseconds(target_us), 'ny-night'))"
        " FROM tickets",
    )
    assert as_interval == got


def test_calendar_name_from_a_column() -> None:
    con = connection(MIXED)
    names = sorted(CALENDARS)
    got_e = column(
        con, "SELECT epoch_us(business_elapsed(opened, resolved, calendar)) FROM tickets"
    )
    got_d = column(con, "SELECT epoch_us(sla_deadline(opened, target_us, calendar)) FROM tickets")
    want_e = {n: expected_elapsed(CALENDARS[n], MIXED) for n in names}
    want_d = {n: expected_deadlines(CALENDARS[n], MIXED) for n in names}
    assert got_e == [want_e[names[i % 3]][i] for i in range(len(MIXED))]
    assert got_d == [want_d[names[i % 3]][i] for i in range(len(MIXED))]


def test_hand_worked_sql() -> None:
    con = duckdb.connect()
    slacalc.duckdb.register(con, CATALOGUE)
    # London 00:00-06:00 daily; spring forward on Sun 29 Mar 2026: 1 h GMT + 4 h BST.
    got = con.sql(
        "SELECT business_elapsed(TIMESTAMPTZ '2026-03-29 00:00+00', "
        "TIMESTAMPTZ '2026-03-29 12:00+00', 'uk-early'), "
        "sla_deadline(TIMESTAMPTZ '2026-03-29 00:15+00', INTERVAL 2 HOUR, 'uk-early')"
        " AT TIME ZONE 'UTC', "
        "business_elapsed(TIMESTAMPTZ '2026-03-29 12:00+00', "
        "TIMESTAMPTZ '2026-03-29 00:00+00', 'uk-early')"
    ).fetchall()
    assert got == [(timedelta(hours=5), datetime(2026, 3, 29, 2, 15), -timedelta(hours=5))]


def test_nulls_give_null() -> None:
    con = duckdb.connect()
    slacalc.duckdb.register(con, CATALOGUE)
    got = con.sql(
        "SELECT business_elapsed(NULL::TIMESTAMPTZ, TIMESTAMPTZ '2026-03-29 00:00+00', 'uk-early'),"
        " sla_deadline(TIMESTAMPTZ '2026-03-29 00:00+00', NULL::INTERVAL, 'uk-early'),"
        " business_elapsed(TIMESTAMPTZ '2026-03-29 00:00+00', TIMESTAMPTZ '2026-03-30 00:00+00',"
        " NULL)"
    ).fetchall()
    assert got == [(None, None, None)]


def test_unknown_calendar_names_the_known_ones() -> None:
    con = connection(MIXED)
    with pytest.raises(duckdb.Error) as info:
        con.sql("SELECT business_elapsed(opened, resolved, 'uk-ofice') FROM tickets").fetchall()
    assert (
        "UnknownCalendarError: calendar 'uk-ofice' is not in the catalogue; "
        "known: 'uk-office', 'uk-early', 'ny-night'"
    ) in str(info.value)


@pytest.mark.parametrize(
    ("sql", "message"),
    [
        (
            "SELECT business_elapsed(TIMESTAMP '2026-03-29 00:00', now(), 'uk-early')",
            "NaiveDatetimeError: business_elapsed(a); give a TIMESTAMPTZ",
        ),
        (
            "SELECT sla_deadline(TIMESTAMP '2026-03-29 00:00', INTERVAL 1 HOUR, 'uk-early')",
            "NaiveDatetimeError: sla_deadline(start)",
        ),
        (
            "SELECT sla_deadline(now(), INTERVAL 1 DAY, 'uk-early')",
            "a business day is not 24 hours",
        ),
        (
            "SELECT sla_deadline(now(), INTERVAL 1 MONTH, 'uk-early')",
            "INTERVAL of 1 months 0 days",
        ),
        ("SELECT sla_deadline(now(), 'soon', 'uk-early')", "an INTERVAL or integer microseconds"),
        ("SELECT business_elapsed(now(), now(), 42)", "a VARCHAR calendar name"),
        ("SELECT business_elapsed(DATE '2026-01-01', now(), 'uk-early')", "a TIMESTAMPTZ"),
    ],
)
def test_bad_sql_arguments(sql: str, message: str) -> None:
    con = duckdb.connect()
    slacalc.duckdb.register(con, CATALOGUE)
    with pytest.raises(duckdb.Error, match=message.replace("(", r"\(").replace(")", r"\)")):
        con.sql(sql).fetchall()


def test_register_again_replaces_and_checks_its_argument() -> None:
    import slacalc as sc

    con = duckdb.connect()
    slacalc.duckdb.register(con, CATALOGUE)
    other = sc.Catalogue(calendars={"all": sc.Calendar.always()})
    slacalc.duckdb.register(con, other)
    got = con.sql(
        "SELECT business_elapsed(TIMESTAMPTZ '2026-03-29 00:00+00',"
        " TIMESTAMPTZ '2026-03-30 00:00+00', 'all')"
    ).fetchall()
    assert got == [(timedelta(hours=24),)]
    with pytest.raises(sc.SlacalcError, match="a slacalc Catalogue"):
        slacalc.duckdb.register(con, {"all": sc.Calendar.always()})


def test_whole_second_instants_only_at_the_edges() -> None:
    """Sub-second instants are exact too (DuckDB keeps microseconds)."""
    con = duckdb.connect()
    slacalc.duckdb.register(con, CATALOGUE)
    got = con.sql(
        "SELECT business_elapsed(TIMESTAMPTZ '2026-11-27 16:59:59.999999+00',"
        " TIMESTAMPTZ '2026-11-30 09:00:00.000001+00', 'uk-office')"
    ).fetchall()
    cal = CALENDARS["uk-office"]
    a = datetime(2026, 11, 27, 16, 59, 59, 999999, tzinfo=UTC)
    b = datetime(2026, 11, 30, 9, 0, 0, 1, tzinfo=UTC)
    assert got == [(cal.elapsed(a, b),)] == [(timedelta(minutes=30, microseconds=2),)]


@pytest.mark.parametrize(
    ("values", "want"),
    [
        (["office"] * 2048, "office"),
        (["a", "b"], None),
        (["ab", "ab", "ac"], None),  # same width, other bytes
        (["x", None], None),
        (["é", "é"], "é"),
        (["", ""], ""),
        ([], None),
    ],
)
def test_one_name_shortcut(values: list[str | None], want: str | None) -> None:
    from slacalc.duckdb import _one_name

    assert _one_name(pa.array(values, pa.string())) == want
    sliced = pa.array(["zz", *values, "zz"], pa.string()).slice(1, len(values))
    assert _one_name(sliced) == want  # offsets into a larger buffer


@settings(max_examples=examples(30), deadline=None)
@given(data=st.data(), pair=scenario_calendar())
def test_random_calendars_in_sql_equal_scalar(data: st.DataObject, pair: tuple) -> None:  # type: ignore[type-arg]
    """Random minute-aligned calendars (algebra, DST zones) in SQL, against the scalar calls."""
    import slacalc as sc

    scn, cp = pair
    cal = cp.cal
    n = data.draw(st.integers(1, 8))
    starts = [data.draw(fine_instants(scn)) for _ in range(n)]
    ends = [data.draw(fine_instants(scn)) for _ in range(n)]
    durations = [data.draw(fine_durations(30)) for _ in range(n)]
    con = duckdb.connect()
    slacalc.duckdb.register(con, sc.Catalogue(calendars={"c": cal}))
    ts = pa.timestamp("us", tz="UTC")
    con.register(
        "t",
        pa.table(
            {
                "i": list(range(n)),
                "a": pa.array(starts, ts),
                "b": pa.array(ends, ts),
                "d": pa.array([d // timedelta(microseconds=1) for d in durations], pa.int64()),
            }
        ),
    )
    got = con.sql("SELECT business_elapsed(a, b, 'c') FROM t ORDER BY i").fetchall()
    assert [g for (g,) in got] == [cal.elapsed(x, y) for x, y in zip(starts, ends, strict=True)]
    try:
        want = [cal.add(s, d).astimezone(UTC) for s, d in zip(starts, durations, strict=True)]
    except sc.HorizonError:
        with pytest.raises(duckdb.Error, match=r"NeverOpenError|HorizonError"):
            con.sql("SELECT sla_deadline(a, d, 'c') FROM t").fetchall()
        return
    due = con.sql("SELECT sla_deadline(a, d, 'c') FROM t ORDER BY i").fetchall()
    assert [g.astimezone(UTC) for (g,) in due] == want


# -- the batch path: rows without nulls, one calendar name --------------------------

CLEAN = make_rows(40_000, seed=8, null_share=0.0)


@pytest.mark.parametrize("name", sorted(CALENDARS))
def test_rows_without_nulls_equal_scalar(name: str) -> None:
    """The batch path (no nulls, one name) against the scalar calls, on every calendar."""
    con = connection(CLEAN)
    got_e = column(
        con, f"SELECT epoch_us(business_elapsed(opened, resolved, '{name}')) FROM tickets"
    )
    assert got_e == expected_elapsed(CALENDARS[name], CLEAN)
    got_d = column(con, f"SELECT epoch_us(sla_deadline(opened, target_us, '{name}')) FROM tickets")
    assert got_d == expected_deadlines(CALENDARS[name], CLEAN)
    assert 0 in CLEAN.durations  # a zero target gives the start itself


def _edges(cal, lo: int, hi: int) -> list[int]:  # type: ignore[no-untyped-def]
    """Every period start and end in ``[lo, hi)``, one microsecond either side too."""
    from table_rows import from_us, to_us

    out = []
    for p in cal.periods(from_us(lo), from_us(hi)):
        for edge in (to_us(p.start), to_us(p.end)):
            out += [edge - 1, edge, edge + 1]
    return [t for t in out if lo <= t < hi]


@pytest.mark.parametrize("grid", [True, False])
@pytest.mark.parametrize("name", sorted(CALENDARS))
def test_grid_at_every_period_edge(name: str, grid: bool) -> None:
    """Covered time at each period's start and end (and a microsecond either side), the
    bucket grid and the plain search, against ``Calendar.elapsed`` from the grid's start."""
    import numpy as np

    from slacalc._engine.timeline import SPAN
    from slacalc.duckdb import _Grid
    from table_rows import US, from_us, to_us

    cal = CALENDARS[name]
    k = to_us(datetime(2026, 3, 1, tzinfo=UTC)) // SPAN
    g = _Grid(cal, k, k + 1)
    assert g.shift >= 0  # these calendars' starts are hours apart: a small grid
    if not grid:
        g.shift = -1
    ts = np.array([g.lo, *_edges(cal, g.lo, g.hi), g.hi - 1], dtype=np.int64)
    want = [cal.elapsed(from_us(g.lo), from_us(int(t))) // US for t in ts]
    assert g.covered(ts).tolist() == want
    d = np.full(len(ts), 90 * 60_000_000, dtype=np.int64)
    due = g.deadline(ts[ts < g.hi - SPAN], d[ts < g.hi - SPAN])
    assert due is not None
    want_due = [
        to_us(cal.add(from_us(int(t)), timedelta(minutes=90))) for t in ts[ts < g.hi - SPAN]
    ]
    assert due.tolist() == want_due


def test_crowded_starts_use_the_plain_search() -> None:
    """Starts a minute apart would need too many buckets: the grid falls back, still exact."""
    import numpy as np

    import slacalc as sc

    windows = [f"{h:02d}:{m:02d}-{h:02d}:{m + 1:02d}" for h in (9, 10) for m in range(0, 58, 2)]
    cal = sc.Calendar.weekly({"mon-fri": windows}, tz="Europe/London")
    con = duckdb.connect()
    slacalc.duckdb.register(con, sc.Catalogue(calendars={"c": cal}))
    rows = make_rows(3_000, seed=9, null_share=0.0)
    ts = pa.timestamp("us", tz="UTC")
    con.register(
        "t",
        pa.table(
            {
                "i": np.arange(len(rows)),
                "a": pa.array(rows.starts, ts),
                "b": pa.array(rows.ends, ts),
            }
        ),
    )
    got = column(con, "SELECT epoch_us(business_elapsed(a, b, 'c')) FROM t ORDER BY i")
    assert got == expected_elapsed(cal, rows)

    from slacalc._engine.timeline import SPAN
    from slacalc.duckdb import _Grid

    assert _Grid(cal, int(rows.starts[0]) // SPAN, int(rows.starts[0]) // SPAN).shift == -1


def test_grids_kept_per_registration_are_bounded() -> None:
    """Many year ranges on one connection: the registration's grids stay few."""
    import slacalc as sc
    from slacalc.duckdb import _KEEP, _Registration

    held = _Registration(sc.Catalogue(calendars={"c": sc.Calendar.always()}))
    names = pa.array(["c"] * 2)
    for year in range(60):
        lo = year * 365 * 86_400_000_000
        assert held.grid(names, lo, lo + 1, 0) is not None
        assert len(held.grids) <= _KEEP


def test_a_calendar_that_never_opens() -> None:
    """No period at all: elapsed 0, a zero target the start itself, any other an error."""
    import numpy as np

    import slacalc as sc

    never = sc.Calendar.always() - sc.Calendar.always()
    con = duckdb.connect()
    slacalc.duckdb.register(con, sc.Catalogue(calendars={"never": never}))
    ts = pa.timestamp("us", tz="UTC")
    starts = np.array([1_780_000_000_000_000 + i * 3_600_000_000 for i in range(3000)])
    con.register("t", pa.table({"a": pa.array(starts, ts), "b": pa.array(starts + 86_400, ts)}))
    got = column(con, "SELECT epoch_us(business_elapsed(a, b, 'never')) FROM t")
    assert got == [0] * len(starts)
    due = column(con, "SELECT epoch_us(sla_deadline(a, 0, 'never')) FROM t")
    assert sorted(due) == sorted(starts.tolist())
    with pytest.raises(duckdb.Error, match="NeverOpenError"):
        con.sql("SELECT sla_deadline(a, INTERVAL 1 MINUTE, 'never') FROM t").fetchall()


def test_infinity_and_years_outside_1_to_9999_are_refused() -> None:
    # 'infinity' (a common stand-in for "still open") and instants outside the years
    # calendars answer for: an error naming the argument, never a clamped or wrapped value.
    con = duckdb.connect()
    slacalc.duckdb.register(con, CATALOGUE)
    day = "TIMESTAMPTZ '2026-01-01 00:00+00'"
    for sql, what in (
        (f"business_elapsed(TIMESTAMPTZ '-infinity', {day}, 'uk-early')", r"business_elapsed\(a\)"),
        (f"business_elapsed({day}, TIMESTAMPTZ 'infinity', 'uk-early')", r"business_elapsed\(b\)"),
        ("sla_deadline(TIMESTAMPTZ 'infinity', INTERVAL 1 HOUR, 'uk-early')", "sla_deadline"),
    ):
        with pytest.raises(duckdb.Error, match=what + r".*'infinity' is not a finite instant"):
            con.sql(f"SELECT {sql}").fetchall()
    with pytest.raises(duckdb.Error, match="outside years 1-9999"):
        con.sql(
            f"SELECT business_elapsed({day} - INTERVAL 8000 YEAR, {day}, 'uk-early')"
        ).fetchall()
    with pytest.raises(duckdb.Error, match="outside years 1-9999"):
        con.sql(
            f"SELECT business_elapsed({day}, {day} + INTERVAL 9000 YEAR, 'uk-early')"
        ).fetchall()
