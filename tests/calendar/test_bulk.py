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
