"""The C kernel's bulk row loops against the pure NumPy path: identical on every shape.

``add_many``, ``subtract_many`` and ``elapsed_many`` run through the kernel's row
loops when it is built; the same calls with the kernel switched off run the NumPy
path. Random calendars (DST zones, overnight windows, algebra, never-open ones),
rows from year 1 to 9999, zero and negative durations, missing rows, every input
kind, and blocks small enough that every array crosses block edges.
"""

from __future__ import annotations

import os
import subprocess
import sys
from contextlib import nullcontext
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import slacalc as sc
import slacalc.calendar.bulk as bulk
from kernel_cases import BULK_SHAPES, bulk_mismatches, pure
from slacalc._engine.switch import KERNEL
from strategies import examples

np = pytest.importorskip("numpy")
pytest.importorskip("pandas")

needs_kernel = pytest.mark.skipif(
    KERNEL is None, reason="the C kernel is not built (or SLACALC_PURE=1): nothing to compare"
)


@needs_kernel
@settings(max_examples=examples(150), deadline=None)
@given(
    seed=st.integers(0, 2**32),
    shape=st.sampled_from(BULK_SHAPES),
    block=st.sampled_from([1, 3, 64, 1 << 16]),
)
def test_bulk_kernel_equals_pure_on_random_calendars(seed: int, shape: str, block: int) -> None:
    assert bulk_mismatches(seed, shape, block) == []


@needs_kernel
def test_bulk_kernel_is_in_use() -> None:
    assert bulk.KERNEL is KERNEL


@needs_kernel
def test_hand_worked_rows_both_ways() -> None:
    cal = sc.Calendar.weekly({"mon-fri": "09:00-17:00"}, tz="UTC")
    fri = np.array(["2026-11-27T16:00", "NaT", "2026-12-31T16:30"], "M8[us]")
    mon = np.array(["2026-11-30T10:00", "2026-11-30T10:00", "2027-01-01T10:00"], "M8[us]")
    two = np.array([2, 2, 2], "m8[h]").astype("m8[us]")
    for run in ("kernel", "pure"):
        with pure() if run == "pure" else nullcontext():
            added = cal.add_many(fri, two)
            # Friday 16:00 + 2 h: 1 h on Friday, 1 h from Monday 09:00; Thursday 31 December
            # 16:30 + 2 h: 30 min, then Friday 1 January 09:00-10:30 (no holidays here)
            assert added.tolist()[0] == datetime(2026, 11, 30, 10)
            assert np.isnat(added[1])
            assert added.tolist()[2] == datetime(2027, 1, 1, 10, 30)
            spent = cal.elapsed_many(fri, mon)
            assert spent.tolist()[0] == timedelta(hours=2)
            assert np.isnat(spent[1])
            assert spent.tolist()[2] == timedelta(minutes=30 + 60)
            back = cal.subtract_many(mon, two)
            assert back.tolist()[0] == datetime(2026, 11, 27, 16)


def test_rows_past_the_compiled_table_take_the_scalar_search() -> None:
    """A deadline five years on lies past every table the bulk path tries (four chunks)."""
    cal = sc.Calendar.weekly({"mon": "09:00-10:00"}, tz="Europe/London")
    starts = np.array(["2026-01-05T08:00", "2026-01-05T09:30"], "M8[us]")
    hour = 3600 * 10**6
    long = np.array([260 * hour + 1, 1], "m8[us]")  # 260 Monday hours and 1 us; 1 us
    got = cal.add_many(starts, long).tolist()
    # Monday 5 January 2026 is the first of the 260 Mondays; the 261st starts the last
    # microsecond, in December (GMT, so 09:00 in London is 09:00 UTC)
    assert got == [
        datetime(2026, 1, 5, 9) + timedelta(weeks=260, microseconds=1),
        datetime(2026, 1, 5, 9, 30, 0, 1),
    ]
    with pure():
        assert cal.add_many(starts, long).tolist() == got
    back = cal.subtract_many(starts + long, long)
    with pure():
        assert np.array_equal(cal.subtract_many(starts + long, long), back)


def test_never_open_calendar_raises_the_same_error_both_ways() -> None:
    never = sc.Calendar.always() - sc.Calendar.always()
    rows = np.array(["2026-01-05T00:00", "2026-02-05T00:00"], "M8[us]")
    with pytest.raises(sc.NeverOpenError) as compiled:
        never.add_many(rows, timedelta(hours=1))
    with pure(), pytest.raises(sc.NeverOpenError) as pure_run:
        never.add_many(rows, timedelta(hours=1))
    assert str(compiled.value) == str(pure_run.value)
    assert never.elapsed_many(rows, rows + np.timedelta64(1, "D")).tolist() == [timedelta(0)] * 2


def test_slacalc_pure_runs_the_pure_bulk_path() -> None:
    """With SLACALC_PURE=1 the kernel is not even imported, and bulk rows still answer."""
    code = (
        "import sys, numpy as np, slacalc as sc, slacalc.calendar.bulk as b\n"
        "assert sc.compiled is False and b.KERNEL is None\n"
        "assert 'slacalc._engine._kernel' not in sys.modules\n"
        "cal = sc.Calendar.weekly({'mon-fri': '09:00-17:00'}, tz='UTC')\n"
        "s = np.array(['2026-11-27T16:00'], 'M8[us]')\n"
        "print(cal.add_many(s, np.array([2], 'm8[h]'))[0],"
        " cal.elapsed_many(s, s + np.timedelta64(66, 'h'))[0])\n"
    )
    src = str(Path(sc.__file__).resolve().parent.parent)
    env = {**os.environ, "SLACALC_PURE": "1", "PYTHONPATH": src}
    run = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert run.stdout.split() == ["2026-11-30T10:00:00.000000", "7200000000", "microseconds"]


@needs_kernel
@given(seed=st.integers(0, 2**32), d=st.integers(1, 900 * 24 * 3600 * 10**6))
@settings(max_examples=examples(60), deadline=None)
def test_one_duration_for_every_row(seed: int, d: int) -> None:
    """The engine's own callers (the overrun profiles) pass one integer duration."""
    import random

    from kernel_cases import bulk_rows, calendar

    rng = random.Random(seed)
    cal = calendar(rng)
    starts = [u for u in bulk_rows(rng, "years")[0] if u is not None]
    if not starts:
        return
    rows = np.array(starts, dtype=np.int64)
    for fn in (bulk.add_us, bulk.subtract_us):
        with pure():
            want = _outcome(lambda fn=fn: fn(cal, rows, d))
        assert _outcome(lambda fn=fn: fn(cal, rows, d)) == want


def _outcome(fn: object) -> object:
    try:
        return fn().tolist()  # type: ignore[operator]
    except Exception as exc:
        return (type(exc).__name__, str(exc))


@st.composite
def _tables(draw: st.DrawFn) -> tuple[list[int], list[int], list[int]]:
    """Sorted disjoint intervals: even, clustered (many keys in one bucket), or sparse."""
    n = draw(st.integers(0, 60))
    small = st.integers(1, 50)
    big = st.integers(1, 10**15)
    t = draw(st.integers(-(10**17), 10**17))
    s, e = [], []
    for _ in range(n):
        t += draw(st.one_of(small, big))  # a gap (at least 1: the periods are merged)
        s.append(t)
        t += draw(st.one_of(small, big))
        e.append(t)
    acc = [0]
    for a, b in zip(s, e, strict=True):
        acc.append(acc[-1] + b - a)
    return s, e, acc


def _covered_before(s: list[int], e: list[int], acc: list[int], x: int) -> int:
    from bisect import bisect_right

    i = bisect_right(s, x) - 1
    return 0 if i < 0 else acc[i] + min(x, e[i]) - s[i]


@needs_kernel
@settings(max_examples=examples(200), deadline=None)
@given(table=_tables(), data=st.data())
def test_row_loops_equal_a_plain_bisect(
    table: tuple[list[int], list[int], list[int]], data: st.DataObject
) -> None:
    """The loops' bucket index against Python's bisect, on synthetic tables."""
    from bisect import bisect_left, bisect_right

    assert KERNEL is not None
    s, e, acc = table
    keys = s + e + acc + [0]
    near = st.sampled_from(keys).flatmap(lambda k: st.integers(k - 2, k + 2))
    anywhere = st.integers(-(2**62), 2**62)
    xs = data.draw(st.lists(st.one_of(near, anywhere), max_size=40))
    ds = data.draw(
        st.lists(st.one_of(near, st.integers(-5, 10**16)), min_size=len(xs), max_size=len(xs))
    )
    total = acc[-1]
    arr = [np.array(v, dtype=np.int64) for v in (s, e, acc, xs, ds)]
    for forward in (True, False):
        out = np.zeros(len(xs), np.int64)
        far = np.zeros(len(xs), np.bool_)
        loop = KERNEL.add_rows if forward else KERNEL.subtract_rows
        missed = loop(*arr, out, far)
        want_far = []
        for r, (x, d) in enumerate(zip(xs, ds, strict=True)):
            need = _covered_before(s, e, acc, x) + (d if forward else -d)
            bad = not s or d <= 0 or (need > total if forward else need < 0)
            want_far.append(bad)
            if bad:
                continue
            j = bisect_left(acc, need, 1) - 1 if forward else bisect_right(acc, need) - 1
            assert out[r] == s[j] + need - acc[j], (forward, x, d)
        assert far.tolist() == want_far
        assert missed == sum(want_far)
    ys = data.draw(st.lists(st.one_of(near, anywhere), min_size=len(xs), max_size=len(xs)))
    out = np.zeros(len(xs), np.int64)
    far = np.ones(len(xs), np.bool_)
    assert KERNEL.elapsed_rows(*arr[:3], arr[3], np.array(ys, np.int64), out, far) == 0
    assert not far.any()
    assert out.tolist() == [
        _covered_before(s, e, acc, y) - _covered_before(s, e, acc, x)
        for x, y in zip(xs, ys, strict=True)
    ]


def test_a_duration_near_int64_max_is_the_scalar_error_both_ways() -> None:
    """Covered time before the start plus such a duration passes int64: the NumPy path
    wrapped round to a date in year -290252 before; now both paths refuse as ``add``."""
    cal = sc.Calendar.weekly({"mon-fri": "09:00-17:00"}, tz="UTC")
    starts = np.array(["2026-01-05T10:00", "2026-01-06T10:00"], "M8[us]")
    huge = np.array([2**63 - 10, 3600 * 10**6], "m8[us]")
    with pytest.raises(sc.NeverOpenError) as scalar:
        cal.add(datetime(2026, 1, 5, 10, tzinfo=UTC), timedelta(microseconds=2**63 - 10))
    for run in ("kernel", "pure"):
        with pure() if run == "pure" else nullcontext(), pytest.raises(sc.NeverOpenError) as got:
            cal.add_many(starts, huge)
        assert str(got.value) == str(scalar.value)
