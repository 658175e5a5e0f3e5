"""Bulk calls give exactly the scalar answers, row by row, whatever the input shape."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import slacalc as sc
from strategies import examples, fine_durations, fine_instants, scenario_calendar


@settings(max_examples=examples(60), deadline=None)
@given(data=st.data(), pair=scenario_calendar())
def test_bulk_equals_scalar(data: st.DataObject, pair: tuple) -> None:  # type: ignore[type-arg]
    scn, cp = pair
    cal = cp.cal
    n = data.draw(st.integers(1, 12))
    starts = [data.draw(fine_instants(scn)) for _ in range(n)]
    durations = [
        data.draw(fine_durations(30)) * data.draw(st.sampled_from([1, 1, -1])) for _ in range(n)
    ]
    ends = [data.draw(fine_instants(scn)) for _ in range(n)]
    try:
        expected = [cal.add(s, d) for s, d in zip(starts, durations, strict=True)]
    except sc.HorizonError:
        with pytest.raises(sc.HorizonError):
            cal.add_many(starts, durations)
        return
    assert cal.add_many(starts, durations) == expected
    assert cal.elapsed_many(starts, ends) == [
        cal.elapsed(a, b) for a, b in zip(starts, ends, strict=True)
    ]
    try:
        back = [cal.subtract(s, d) for s, d in zip(starts, durations, strict=True)]
    except sc.HorizonError:
        with pytest.raises(sc.HorizonError):
            cal.subtract_many(starts, durations)
    else:
        assert cal.subtract_many(starts, durations) == back
    arr = np.array([s.astimezone(UTC).replace(tzinfo=None) for s in starts], "datetime64[us]")
    got = cal.add_many(arr, np.array(durations, "timedelta64[us]"))
    assert [g.item().replace(tzinfo=UTC) for g in got] == [e.astimezone(UTC) for e in expected]


def test_missing_rows_stay_in_place() -> None:
    cal = sc.Calendar.weekly({"mon-fri": "09:00-17:00"}, tz="Europe/London")
    fri = datetime(2026, 11, 27, 16, tzinfo=UTC)
    got = cal.add_many([fri, None, fri], [timedelta(hours=2), timedelta(hours=1), None])
    assert got == [datetime(2026, 11, 30, 10, tzinfo=UTC), None, None]
    arr = np.array(["2026-11-27T16:00", "NaT"], "datetime64[us]")
    out = cal.add_many(arr, timedelta(hours=2))
    assert out[0] == np.datetime64("2026-11-30T10:00", "us")
    assert np.isnat(out[1])
    el = cal.elapsed_many(arr, np.array(["2026-11-30T10:00", "2026-11-30T10:00"], "datetime64[us]"))
    assert el[0] == np.timedelta64(2, "h") and np.isnat(el[1])


def test_pandas_series_keep_their_zone() -> None:
    pd = pytest.importorskip("pandas")
    cal = sc.Calendar.weekly({"mon-fri": "09:00-17:00"}, tz="Europe/London")
    s = pd.Series(pd.to_datetime(["2026-11-27 16:00", None]).tz_localize("Europe/London"))
    out = cal.add_many(s, timedelta(hours=2))
    assert str(out.dt.tz) == "Europe/London"
    assert out[0] == pd.Timestamp("2026-11-30 10:00", tz="Europe/London")
    assert pd.isna(out[1])


def test_bad_bulk_input_is_refused() -> None:
    cal = sc.Calendar.always()
    with pytest.raises(sc.NaiveDatetimeError):
        cal.add_many([datetime(2026, 1, 1)], timedelta(hours=1))
    with pytest.raises(TypeError):
        cal.add_many([datetime(2026, 1, 1, tzinfo=UTC)], [3600])
    with pytest.raises(sc.InvalidValueError, match="same length") as info:
        cal.add_many([datetime(2026, 1, 1, tzinfo=UTC)] * 2, [timedelta(0)])
    assert isinstance(info.value, ValueError)
    with pytest.raises(TypeError):
        cal.add_many(np.array([1, 2]), timedelta(0))


@pytest.mark.parametrize("side", ["left", "right"])
def test_bucket_index_equals_binary_search(side: str) -> None:
    from slacalc.calendar.bulk import _Index

    rng = np.random.default_rng(7)
    for _ in range(50):
        keys = np.unique(rng.integers(-10_000, 10_000, rng.integers(0, 400))).astype(np.int64)
        t = rng.integers(-12_000, 12_000, 5000).astype(np.int64)
        got = _Index(keys, side).search(t)  # type: ignore[arg-type]
        assert (got == np.searchsorted(keys, t, side=side)).all()  # type: ignore[call-overload]


@pytest.mark.parametrize(
    "hours",
    [{"mon-fri": "09:00-17:30"}, {"daily": "00:00-06:00"}, {"daily": "22:00-06:00"}],
)
def test_large_batches_equal_scalar(hours: dict[str, str]) -> None:
    cal = sc.Calendar.weekly(hours, tz="Europe/London", holidays="GB-ENG")
    rng = np.random.default_rng(11)
    n = 6000
    base = np.datetime64("2026-01-01T00:00", "us")
    starts = base + rng.integers(0, 2 * 365 * 96, n) * np.timedelta64(15, "m")
    durations = (rng.integers(0, 200, n) * np.timedelta64(15, "m")).astype("timedelta64[us]")
    added = cal.add_many(starts, durations)
    spent = cal.elapsed_many(starts, starts + durations * 3)
    for i in rng.integers(0, n, 400):
        s = starts[i].item().replace(tzinfo=UTC)
        d = durations[i].item()
        assert added[i].item().replace(tzinfo=UTC) == cal.add(s, d)
        assert spent[i].item() == cal.elapsed(s, s + 3 * d)


def test_without_numpy_rows_are_scalar_calls(monkeypatch: pytest.MonkeyPatch) -> None:
    import slacalc.calendar.bulk

    monkeypatch.setattr(slacalc.calendar.bulk, "np", None)
    cal = sc.Calendar.weekly({"mon-fri": "09:00-17:00"}, tz="Europe/London")
    fri = datetime(2026, 11, 27, 16, tzinfo=UTC)
    mon = datetime(2026, 11, 30, 10, tzinfo=UTC)
    assert cal.add_many([fri, None], timedelta(hours=2)) == [mon, None]
    assert cal.subtract_many([mon, mon], [timedelta(hours=2), None]) == [fri, None]
    assert cal.elapsed_many([fri, fri], [mon, None]) == [timedelta(hours=2), None]
    with pytest.raises(sc.InvalidValueError):
        cal.add_many([fri, fri], [timedelta(hours=1)])
    with pytest.raises(sc.NaiveDatetimeError):
        cal.add_many([datetime(2026, 1, 1)], timedelta(hours=1))


# -------------------------------------------- branches: each against the scalar calls

OFFICE = sc.Calendar.weekly({"mon-fri": "09:00-17:30"}, tz="Europe/London", holidays="GB-ENG")


def _grid(n: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """``n`` starts on a 15-minute grid over 2026-2027 (UTC) and signed durations."""
    rng = np.random.default_rng(seed)
    base = np.datetime64("2026-01-01T00:00", "us")
    starts = base + rng.integers(0, 2 * 365 * 96, n) * np.timedelta64(15, "m")
    quarters = rng.integers(-40, 200, n)  # some backward rows, some zero
    return starts, (quarters * np.timedelta64(15, "m")).astype("timedelta64[us]")


def _aware(x: np.datetime64) -> datetime:
    return x.item().replace(tzinfo=UTC)


@pytest.mark.parametrize("n", [50, 3000])  # below and above the bucket index's 2048 rows
def test_vectorised_open_landing_equals_scalar(n: int) -> None:
    starts, durations = _grid(n, 5)
    got = OFFICE.add_many(starts, durations, landing="open")
    for i in range(n):
        want = OFFICE.add(_aware(starts[i]), durations[i].item(), landing="open")
        assert _aware(got[i]) == want, (i, starts[i], durations[i])


def test_open_landing_moves_a_closing_deadline_and_keeps_the_rest() -> None:
    # Fri 27 Nov 2026 16:30 UTC (16:30 GMT) + 1 h ends on the 17:30 close: "open" moves
    # it to Mon 30 Nov 09:00; 16:00 + 1 h ends at 17:00, open already, and stays.
    starts = np.array(["2026-11-27T16:30", "2026-11-27T16:00"], "datetime64[us]")
    got = OFFICE.add_many(starts, timedelta(hours=1), landing="open")
    assert list(got) == list(np.array(["2026-11-30T09:00", "2026-11-27T17:00"], "datetime64[us]"))


@pytest.mark.parametrize("n", [40, 2500])
def test_short_horizon_arrays_are_the_scalar_calls(n: int) -> None:
    cal = OFFICE.with_horizon(timedelta(days=30))
    starts, durations = _grid(n, 9)
    durations = np.abs(durations)
    got = cal.add_many(starts, durations)
    back = cal.subtract_many(starts, durations)
    for i in range(0, n, max(n // 200, 1)):
        s, d = _aware(starts[i]), durations[i].item()
        assert _aware(got[i]) == cal.add(s, d)
        assert _aware(back[i]) == cal.subtract(s, d)
    never = sc.Calendar.weekly(
        {"mon-fri": "09:00-17:30"}, tz="Europe/London", closures=[("2026-01-01", "2026-06-01")]
    ).with_horizon(timedelta(days=30))
    with pytest.raises(sc.HorizonError):
        never.add(datetime(2026, 1, 5, tzinfo=UTC), timedelta(hours=1))
    with pytest.raises(sc.HorizonError):
        never.add_many(np.array(["2026-01-05T00:00"], "datetime64[us]"), timedelta(hours=1))


def test_elapsed_many_gives_a_series_for_a_series() -> None:
    pd = pytest.importorskip("pandas")
    starts = pd.Series(
        pd.to_datetime(["2026-11-27 16:00", None, "2026-03-27 12:00"]).tz_localize("Europe/London"),
        index=[10, 20, 30],
    )
    ends = starts + pd.Timedelta(days=3)
    got = OFFICE.elapsed_many(starts, ends)
    assert isinstance(got, pd.Series) and got.name == "elapsed"
    assert list(got.index) == [10, 20, 30] and pd.isna(got[20])
    for k in (10, 30):
        a, b = starts[k].to_pydatetime(), ends[k].to_pydatetime()
        assert got[k].to_pytimedelta() == OFFICE.elapsed(a, b)
    # by hand: Fri 27 Nov 16:00 + 3 days is Mon 30 Nov 16:00: Fri 16:00-17:30, Mon 09:00-16:00
    assert got[10].to_pytimedelta() == timedelta(hours=1, minutes=30) + timedelta(hours=7)


def test_large_batches_subtract_as_the_scalar_call() -> None:
    starts, durations = _grid(4000, 13)
    durations = np.abs(durations)
    back = OFFICE.subtract_many(starts, durations)
    for i in range(0, 4000, 10):
        assert _aware(back[i]) == OFFICE.subtract(_aware(starts[i]), durations[i].item())


def test_one_numpy_duration_is_broadcast_and_a_number_is_refused() -> None:
    starts = np.array(["2026-11-27T16:30", "NaT"], "datetime64[us]")
    got = OFFICE.add_many(starts, np.timedelta64(1, "h"))
    assert got[0] == np.datetime64("2026-11-27T17:30", "us") and np.isnat(got[1])
    assert np.isnat(OFFICE.add_many(starts, np.timedelta64("NaT"))).all()
    with pytest.raises(sc.ArgumentTypeError, match="durations"):
        OFFICE.add_many(starts, 3600)


def test_bulk_rows_never_rounded_or_clamped() -> None:
    # Rows finer than a microsecond are refused (never floored), and instants outside
    # years 1-9999 in UTC refused (never clamped), whatever the container.
    pd = pytest.importorskip("pandas")
    cal = sc.Calendar.weekly({"mon-fri": "09:00-17:00"}, tz="Europe/London")
    noon = np.array(["2026-03-27T12:00"], dtype="datetime64[us]")
    fine = pd.Series([pd.Timestamp("2026-03-27 12:00:00.000000999", tz="UTC")])
    with pytest.raises(sc.InvalidValueError, match=r"starts\[0\].*whole microseconds"):
        cal.add_many(fine, timedelta(hours=1))
    with pytest.raises(sc.InvalidValueError, match=r"starts\[0\].*whole microseconds"):
        cal.elapsed_many(fine, fine)
    with pytest.raises(sc.InvalidValueError, match=r"durations\[0\].*whole microseconds"):
        cal.add_many(noon, np.array([1], dtype="timedelta64[ns]"))
    with pytest.raises(sc.InvalidValueError, match=r"durations.*whole microseconds"):
        cal.add_many(noon, pd.Timedelta(1, "ns"))
    whole = np.array(["2026-03-27T12:00:00.000001000"], dtype="datetime64[ns]")
    assert cal.add_many(whole, timedelta(hours=1))[0] == np.datetime64("2026-03-27T13:00:00.000001")
    far = np.array(["2026-01-01T00:00", "12000-01-01T00:00"], dtype="datetime64[us]")
    with pytest.raises(sc.HorizonError, match=r"ends\[1\].*outside years 1-9999"):
        cal.elapsed_many(noon.repeat(2), far)
    with pytest.raises(sc.HorizonError, match=r"starts\[1\].*outside years 1-9999"):
        cal.add_many(far, timedelta(hours=1))
