"""slacalc.tables over Apache Arrow: every row equals the scalar call; bad input refused."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

pa = pytest.importorskip("pyarrow")

import slacalc as sc  # noqa: E402
from slacalc import tables  # noqa: E402
from slacalc.errors import (  # noqa: E402
    ArgumentTypeError,
    InvalidValueError,
    NaiveDatetimeError,
    UnknownCalendarError,
    UnknownZoneError,
)
from strategies import examples, fine_durations, fine_instants, scenario_calendar  # noqa: E402
from table_rows import (  # noqa: E402
    CALENDARS,
    CATALOGUE,
    arrow_instants,
    expected_deadlines,
    expected_elapsed,
    make_rows,
    to_us,
)

ROWS = make_rows(3000, seed=12)


def ints(column) -> list[int | None]:  # type: ignore[no-untyped-def]
    return column.cast(pa.int64()).to_pylist()


@pytest.mark.parametrize("name", sorted(CALENDARS))
@pytest.mark.parametrize("zone", ["Europe/London", "America/New_York", "UTC"])
def test_deadline_equals_scalar_add(name: str, zone: str) -> None:
    cal = CALENDARS[name]
    starts = arrow_instants(ROWS.starts, ROWS.start_null, zone)
    durations = pa.array(ROWS.durations, pa.duration("us"), mask=ROWS.duration_null)
    got = tables.deadline(cal, starts, durations)
    assert got.type == pa.timestamp("us", tz=zone)  # kept in the zone of the input
    assert ints(got) == expected_deadlines(cal, ROWS)
    assert got.null_count == sum(
        a or b for a, b in zip(ROWS.start_null, ROWS.duration_null, strict=True)
    )


@pytest.mark.parametrize("name", sorted(CALENDARS))
def test_deadline_landing_open(name: str) -> None:
    cal = CALENDARS[name]
    starts = arrow_instants(ROWS.starts, ROWS.start_null, "Europe/London")
    durations = pa.array(ROWS.durations, pa.duration("us"), mask=ROWS.duration_null)
    got = tables.deadline(cal, starts, durations, landing="open")
    assert ints(got) == expected_deadlines(cal, ROWS, landing="open")


@pytest.mark.parametrize("name", sorted(CALENDARS))
def test_elapsed_equals_scalar_elapsed(name: str) -> None:
    cal = CALENDARS[name]
    a = arrow_instants(ROWS.starts, ROWS.start_null, "America/New_York")
    b = arrow_instants(ROWS.ends, ROWS.end_null, "Europe/London")  # zones may differ
    got = tables.elapsed(cal, a, b)
    assert got.type == pa.duration("us")
    assert ints(got) == expected_elapsed(cal, ROWS)
    assert any(v is not None and v < 0 for v in ints(got))  # ends before starts are negative


def test_chunked_arrays_and_other_units() -> None:
    cal = CALENDARS["uk-office"]
    rows = make_rows(500, seed=3, whole_seconds=True)
    starts = arrow_instants(rows.starts, rows.start_null, "Europe/London", unit="ns")
    chunked = pa.chunked_array([starts[:100], starts[100:]])
    seconds = pa.array(rows.durations // 1_000_000, pa.duration("s"), mask=rows.duration_null)
    got = tables.deadline(cal, chunked, seconds)
    assert isinstance(got, pa.ChunkedArray)
    assert ints(got) == expected_deadlines(cal, rows)
    ends = pa.chunked_array([arrow_instants(rows.ends, rows.end_null, "UTC", unit="ms")])
    assert ints(tables.elapsed(cal, chunked, ends)) == expected_elapsed(cal, rows)


def test_one_timedelta_for_every_row_and_calendar_by_name() -> None:
    starts = arrow_instants(ROWS.starts, ROWS.start_null, "Europe/London")
    got = tables.deadline("ny-night", starts, timedelta(hours=3), catalogue=CATALOGUE)
    cal = CALENDARS["ny-night"]
    want = [
        None if m else to_us(cal.add(s, timedelta(hours=3)))
        for s, m in zip(ROWS.datetimes("starts"), ROWS.start_null, strict=True)
    ]
    assert ints(got) == want


def test_hand_worked_dst_rows() -> None:
    """Checked by hand: London 00:00-06:00 on the spring-forward night covers 5 hours."""
    cal = CALENDARS["uk-early"]
    ts = pa.timestamp("us", tz="Europe/London")
    sat_night = pa.array([datetime(2026, 3, 29, 0, 0, tzinfo=UTC)], ts)  # 00:00 GMT
    # 00:00-01:00 GMT, then 02:00-06:00 BST (01:00-05:00 UTC): 5 covered hours that night.
    noon = pa.array([datetime(2026, 3, 29, 12, tzinfo=UTC)], ts)
    assert tables.elapsed(cal, sat_night, noon).to_pylist() == [timedelta(hours=5)]
    # 2 h from 00:15 GMT: 45 min to 01:00 GMT (= 02:00 BST), 1h15m more: 03:15 BST.
    got = tables.deadline(
        cal, pa.array([datetime(2026, 3, 29, 0, 15, tzinfo=UTC)], ts), timedelta(hours=2)
    )
    assert got.to_pylist()[0] == datetime(2026, 3, 29, 2, 15, tzinfo=UTC)
    # Fall back: 01:00-02:00 happens twice and is covered twice: 7 hours that night.
    fall = pa.array([datetime(2026, 10, 24, 23, 0, tzinfo=UTC)], ts)  # 00:00 BST
    end = pa.array([datetime(2026, 10, 25, 12, 0, tzinfo=UTC)], ts)
    assert tables.elapsed(cal, fall, end).to_pylist() == [timedelta(hours=7)]


def test_empty_and_all_null_columns() -> None:
    cal = CALENDARS["uk-office"]
    ts = pa.timestamp("us", tz="Europe/London")
    assert len(tables.deadline(cal, pa.array([], ts), timedelta(hours=1))) == 0
    assert len(tables.elapsed(cal, pa.array([], ts), pa.array([], ts))) == 0
    nulls = pa.array([None, None], ts)
    assert tables.deadline(cal, nulls, timedelta(hours=1)).to_pylist() == [None, None]
    assert tables.elapsed(cal, nulls, nulls).null_count == 2


@settings(max_examples=examples(40), deadline=None)
@given(data=st.data(), pair=scenario_calendar())
def test_random_calendars_equal_scalar(data: st.DataObject, pair: tuple) -> None:  # type: ignore[type-arg]
    """Random minute-aligned calendars (algebra, DST zones) against the scalar calls."""
    scn, cp = pair
    cal = cp.cal
    n = data.draw(st.integers(1, 10))
    starts = [data.draw(fine_instants(scn)) for _ in range(n)]
    ends = [data.draw(fine_instants(scn)) for _ in range(n)]
    durations = [data.draw(fine_durations(30)) for _ in range(n)]
    zone = data.draw(st.sampled_from(["UTC", "Europe/London", "America/New_York"]))
    ts = pa.timestamp("us", tz=zone)
    a, b = pa.array(starts, ts), pa.array(ends, ts)
    assert tables.elapsed(cal, a, b).to_pylist() == [
        cal.elapsed(x, y) for x, y in zip(starts, ends, strict=True)
    ]
    try:
        want = [cal.add(s, d).astimezone(UTC) for s, d in zip(starts, durations, strict=True)]
    except sc.HorizonError:
        with pytest.raises(sc.HorizonError):
            tables.deadline(cal, a, pa.array(durations, pa.duration("us")))
        return
    got = tables.deadline(cal, a, pa.array(durations, pa.duration("us")))
    assert [g.astimezone(UTC) for g in got.to_pylist()] == want


# --------------------------------------------------------------------------- bad input

TS = pa.timestamp("us", tz="Europe/London")
ONE = pa.array([datetime(2026, 11, 27, 16, tzinfo=UTC)], TS)


def test_naive_timestamps_refused() -> None:
    naive = pa.array([datetime(2026, 11, 27, 16)], pa.timestamp("us"))
    cal = CALENDARS["uk-office"]
    with pytest.raises(NaiveDatetimeError, match=r"starts column; pass tz="):
        tables.deadline(cal, naive, timedelta(hours=1))
    with pytest.raises(NaiveDatetimeError, match="ends column"):
        tables.elapsed(cal, ONE, naive)


def test_naive_timestamps_read_in_an_explicit_zone() -> None:
    cal = CALENDARS["uk-office"]
    naive = pa.array([datetime(2026, 7, 3, 16, 0), None], pa.timestamp("us"))  # 16:00 BST
    got = tables.deadline(cal, naive, timedelta(hours=2), tz="Europe/London")
    assert got.type == pa.timestamp("us", tz="Europe/London")
    # Fri 16:00 BST + 2 h on 09:00-17:30: 1h30m on Friday, 30 min on Monday: Mon 09:30 BST.
    assert got.to_pylist()[0] == datetime(2026, 7, 6, 8, 30, tzinfo=UTC)
    assert got.to_pylist()[1] is None


def test_naive_reading_in_a_gap_or_fold_is_an_error() -> None:
    cal = CALENDARS["uk-office"]
    gap = pa.array([datetime(2026, 3, 29, 1, 30)], pa.timestamp("us"))
    with pytest.raises(InvalidValueError, match="exactly once in Europe/London"):
        tables.deadline(cal, gap, timedelta(hours=1), tz="Europe/London")
    fold = pa.array([datetime(2026, 10, 25, 1, 30)], pa.timestamp("us"))
    with pytest.raises(InvalidValueError, match="exactly once"):
        tables.elapsed(cal, fold, fold, tz="Europe/London")
    with pytest.raises(UnknownZoneError):
        tables.deadline(cal, gap, timedelta(hours=1), tz="Europe/Lundon")


def test_tz_argument_with_an_aware_column_is_an_error() -> None:
    with pytest.raises(InvalidValueError, match="already has the zone 'Europe/London'"):
        tables.deadline(CALENDARS["uk-office"], ONE, timedelta(hours=1), tz="UTC")


def test_wrong_types_and_lengths() -> None:
    cal = CALENDARS["uk-office"]
    with pytest.raises(ArgumentTypeError, match="timestamp column"):
        tables.deadline(cal, pa.array([1, 2]), timedelta(hours=1))
    with pytest.raises(ArgumentTypeError, match="duration column"):
        tables.deadline(cal, ONE, pa.array([3600]))
    with pytest.raises(ArgumentTypeError, match="duration column"):
        tables.deadline(cal, ONE, 3600)
    with pytest.raises(InvalidValueError, match="same length"):
        tables.deadline(cal, ONE, pa.array([timedelta(1), timedelta(2)], pa.duration("us")))
    with pytest.raises(InvalidValueError, match="same length"):
        tables.elapsed(cal, ONE, pa.array([None, None], TS))
    with pytest.raises(ArgumentTypeError, match="pyarrow Array"):
        tables.deadline(cal, [datetime(2026, 1, 1, tzinfo=UTC)], timedelta(hours=1))
    with pytest.raises(ArgumentTypeError):
        tables.elapsed(cal, ONE, [datetime(2026, 1, 1, tzinfo=UTC)])


def test_sub_microsecond_values_refused() -> None:
    ns = pa.array([1_764_259_200_000_000_001], pa.timestamp("ns", tz="UTC"))
    with pytest.raises(InvalidValueError, match="exactly to microseconds"):
        tables.deadline(CALENDARS["uk-office"], ns, timedelta(hours=1))


def test_unknown_calendar_names() -> None:
    with pytest.raises(UnknownCalendarError) as info:
        tables.deadline("uk-ofice", ONE, timedelta(hours=1), catalogue=CATALOGUE)
    assert isinstance(info.value, KeyError)
    assert str(info.value) == (
        "calendar 'uk-ofice' is not in the catalogue; known: 'uk-office', 'uk-early', 'ny-night'"
    )
    with pytest.raises(ArgumentTypeError, match="needed to look up the calendar 'uk-office'"):
        tables.elapsed("uk-office", ONE, ONE)
    with pytest.raises(ArgumentTypeError, match="a Calendar or a calendar name"):
        tables.elapsed(42, ONE, ONE)  # type: ignore[arg-type]


def _reading_once(reading: datetime, zone: str) -> datetime | None:
    """The instant of a local reading, or None when the zone skips or repeats it."""
    from zoneinfo import ZoneInfo

    z = ZoneInfo(zone)
    early, late = reading.replace(tzinfo=z, fold=0), reading.replace(tzinfo=z, fold=1)
    if early.astimezone(UTC).astimezone(z).replace(tzinfo=None) != reading:
        return None
    return early if early.utcoffset() == late.utcoffset() else None


@settings(max_examples=examples(200), deadline=None)
@given(
    readings=st.lists(
        st.datetimes(min_value=datetime(1970, 1, 2), max_value=datetime(2099, 12, 30)),
        min_size=1,
        max_size=4,
    ),
    zone=st.sampled_from(["Europe/London", "America/New_York", "Australia/Lord_Howe"]),
)
def test_naive_readings_in_a_zone_equal_zoneinfo_far_from_today(
    readings: list[datetime], zone: str
) -> None:
    """Far past 2037 too, where pyarrow's assume_timezone is an hour out in summer."""
    from slacalc.tables._columns import _localize_rows

    # Readings near DST changes are where it matters: pull some onto 01:00-03:00.
    readings = [r.replace(hour=1 + r.minute % 2) if r.second % 2 else r for r in readings]
    arr = pa.array(readings, pa.timestamp("us"))
    want = [_reading_once(r, zone) for r in readings]
    cal = sc.Calendar.always()
    if any(w is None for w in want):
        with pytest.raises(InvalidValueError, match="exactly once"):
            tables.elapsed(cal, arr, arr, tz=zone)
        with pytest.raises(InvalidValueError, match="exactly once"):
            _localize_rows(arr.to_numpy().astype("datetime64[us]"), zone, "at", "exactly once")
        return
    got = tables.deadline(cal, arr, timedelta(0), tz=zone)  # always() + 0: the instants
    assert got.to_pylist() == want
    rows = _localize_rows(arr.to_numpy().astype("datetime64[us]"), zone, "at", "")
    assert rows.to_pylist() == want


def test_summer_readings_after_2037() -> None:
    """12:00 on 1 July 2040 in London is 11:00 UTC (BST), not 12:00."""
    arr = pa.array([datetime(2040, 7, 1, 12, 0)], pa.timestamp("us"))
    got = tables.deadline(sc.Calendar.always(), arr, timedelta(0), tz="Europe/London")
    assert got.cast(pa.int64()).to_pylist() == [to_us(datetime(2040, 7, 1, 11, 0, tzinfo=UTC))]
    gap = pa.array([datetime(2050, 3, 27, 1, 30)], pa.timestamp("us"))  # last Sunday of March
    with pytest.raises(InvalidValueError, match="exactly once in Europe/London"):
        tables.deadline(sc.Calendar.always(), gap, timedelta(0), tz="Europe/London")
