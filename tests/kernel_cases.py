"""Random calendars, instants and tzinfos for the kernel's twin test and its fuzzer.

Shared by tests/test_kernel.py and tests/fuzz_kernel.py; it draws with a
:class:`random.Random` so the fuzzer runs without hypothesis.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from typing import Any
from zoneinfo import ZoneInfo

import slacalc as sc
import slacalc.calendar.bulk as bulkmod
import slacalc.calendar.calendar as calmod

ZONES = ("Europe/London", "America/New_York", "Australia/Lord_Howe", "Asia/Kolkata", "UTC")


class Shifted(tzinfo):
    """A non-zoneinfo tzinfo: a fixed offset with its own fromutc."""

    def __init__(self, minutes: int) -> None:
        self.off = timedelta(minutes=minutes)

    def utcoffset(self, dt: datetime | None) -> timedelta:
        return self.off

    def dst(self, dt: datetime | None) -> timedelta:
        return timedelta(0)

    def tzname(self, dt: datetime | None) -> str:
        return f"shifted{self.off}"


class Stamp(datetime):
    """A datetime subclass, as some libraries hand out."""


def window(rng: random.Random) -> str:
    a = rng.randrange(0, 24 * 4) * 15
    b = rng.randrange(0, 24 * 4 + 1) * 15
    if a == b:
        b = (a + 60) % (24 * 60) or 24 * 60
    return f"{a // 60:02d}:{a % 60:02d}-{b // 60:02d}:{b % 60:02d}"  # b < a: overnight


def calendar(rng: random.Random, depth: int = 1) -> sc.Calendar:
    if depth > 0 and rng.random() < 0.3:
        left, right = calendar(rng, depth - 1), calendar(rng, depth - 1)
        op = rng.choice("|&-~")
        return ~left if op == "~" else {"|": left | right, "&": left & right, "-": left - right}[op]
    if rng.random() < 0.1:
        return sc.Calendar.always()
    days = rng.sample(["mon", "tue", "wed", "thu", "fri", "sat", "sun", "mon-fri", "daily"], 2)
    hours = {d: [window(rng) for _ in range(rng.randint(1, 2))] for d in days}
    return sc.Calendar.weekly(hours, tz=rng.choice(ZONES))


def zone(rng: random.Random) -> tzinfo:
    pick = rng.randrange(5)
    if pick == 0:
        return UTC
    if pick == 1:
        return timezone(timedelta(minutes=rng.randrange(-23 * 60, 23 * 60)))
    if pick == 2:
        return Shifted(rng.randrange(-14 * 60, 14 * 60))
    return ZoneInfo(rng.choice(ZONES))


def instant(rng: random.Random) -> datetime:
    """An aware datetime: mostly near now and DST changes, sometimes years 1 and 9999."""
    roll = rng.random()
    if roll < 0.05:
        base = datetime(1, 1, 2, tzinfo=UTC) + timedelta(minutes=rng.randrange(0, 10**6))
    elif roll < 0.1:
        base = datetime(9999, 12, 30, tzinfo=UTC) - timedelta(minutes=rng.randrange(0, 10**6))
    else:
        year = rng.choice((1970, 2000, 2026, 2027, rng.randrange(1900, 2100)))
        month = rng.choice((3, 4, 10, 11, rng.randrange(1, 13)))
        base = datetime(year, month, 1, tzinfo=UTC) + timedelta(
            minutes=rng.randrange(0, 40 * 24 * 60), microseconds=rng.randrange(0, 3) * 7
        )
    local = base.astimezone(zone(rng))
    if rng.random() < 0.2:
        local = local.replace(fold=1 - local.fold)  # the other reading of a fold, or a gap
    if rng.random() < 0.2:
        local = Stamp(*local.timetuple()[:6], local.microsecond, local.tzinfo, fold=local.fold)
    return local


def duration(rng: random.Random) -> timedelta:
    roll = rng.random()
    if roll < 0.05:
        return timedelta(0)
    if roll < 0.1:
        return -timedelta(minutes=rng.randrange(1, 5000))
    if roll < 0.15:
        return timedelta(days=rng.randrange(300, 800))
    return timedelta(minutes=rng.randrange(1, 6000), microseconds=rng.randrange(0, 2))


@contextmanager
def pure() -> Iterator[None]:
    """The pure path for the calls inside (the kernel switched off in the calendar
    and in the bulk rows)."""
    kept = calmod.KERNEL, bulkmod.KERNEL
    calmod.KERNEL = bulkmod.KERNEL = None
    calmod._front_methods(None)
    try:
        yield
    finally:
        calmod.KERNEL, bulkmod.KERNEL = kept
        calmod._front_methods(calmod.KERNEL)


def outcome(fn: Callable[[], Any]) -> tuple[str, Any]:
    """A call's answer with its exact type, tzinfo and fold, or the error it raised."""
    try:
        got = fn()
    except Exception as exc:
        return ("error", type(exc).__name__)
    if isinstance(got, datetime):
        return ("dt", type(got), got.replace(tzinfo=None), got.tzinfo, got.fold, got.utcoffset())
    return ("value", type(got), got)


def calls(cal: sc.Calendar, rng: random.Random) -> Iterator[tuple[str, Callable[[], Any]]]:
    """One of each scalar call the kernel serves, on random arguments."""
    a, d = instant(rng), duration(rng)
    try:  # a second instant near the first: far pairs only compile more years
        b = (a + timedelta(minutes=rng.randrange(-9000, 9000))).astimezone(zone(rng))
    except OverflowError:
        b = a
    yield "add", lambda: cal.add(a, d)
    landing = rng.choice(("close", "open"))
    yield f"add landing={landing}", lambda: cal.add(a, d, landing=landing)  # type: ignore[arg-type]
    yield "subtract", lambda: cal.subtract(a, d)
    yield "elapsed", lambda: cal.elapsed(a, b)
    yield "next_open", lambda: cal.next_open(a)
    yield "next_close", lambda: cal.next_close(a)


def mismatches(seed: int) -> list[str]:
    """Every call on one random calendar where the kernel and the pure path differ."""
    rng = random.Random(seed)
    cal = calendar(rng)
    found = []
    for _ in range(8):
        for name, call in calls(cal, rng):
            with pure():
                want = outcome(call)
            got = outcome(call)
            if got != want:
                found.append(f"seed {seed}: {name} on {cal!r}: kernel {got} pure {want}")
    return found


# ---- bulk rows ---------------------------------------------------------------------------

#: The shapes of bulk input the twin test draws: no row, one row, many rows close
#: together, and many rows spread over years (across compiled-chunk and year edges).
BULK_SHAPES = ("empty", "one", "many", "years")
_DAY_US = 86_400 * 10**6
_SPAN_US = 365 * _DAY_US
_MIN_US = (datetime.min.replace(tzinfo=UTC) - datetime(1970, 1, 1, tzinfo=UTC)) // timedelta(
    microseconds=1
)
_MAX_US = (datetime.max.replace(tzinfo=UTC) - datetime(1970, 1, 1, tzinfo=UTC)) // timedelta(
    microseconds=1
)
_NS_LO, _NS_HI = -(2**63) // 1000 + 1, (2**63 - 1) // 1000  # datetime64[ns]'s range, in us


def _clamp(u: int) -> int:
    return min(max(u, _MIN_US), _MAX_US)


def bulk_rows(
    rng: random.Random, shape: str
) -> tuple[list[int | None], list[int | None], list[int | None]]:
    """Starts, durations and ends as UTC microseconds (None: a missing row)."""
    n = {"empty": 0, "one": 1}.get(shape, rng.randint(2, 200))
    base = (instant(rng) - datetime(1970, 1, 1, tzinfo=UTC)) // timedelta(microseconds=1)
    spread = 3 * _SPAN_US if shape == "years" else 10 * _DAY_US
    edge = (base // _SPAN_US + 1) * _SPAN_US  # a compiled-chunk edge near the rows
    gaps = rng.random() < 0.3
    starts: list[int | None] = []
    durations: list[int | None] = []
    ends: list[int | None] = []
    one = rng.random() < 0.3  # every row the same duration, as a timedelta would give
    d_one = duration(rng) // timedelta(microseconds=1)
    for _ in range(n):
        if shape == "years" and rng.random() < 0.1:
            s = _clamp(edge + rng.randrange(-3, 4))
        else:
            s = _clamp(base + rng.randrange(-spread, spread + 1))
        far = 400 * _DAY_US if shape == "years" else 3 * _DAY_US
        starts.append(None if gaps and rng.random() < 0.1 else s)
        d = d_one if one else duration(rng) // timedelta(microseconds=1)
        durations.append(None if gaps and not one and rng.random() < 0.1 else d)
        ends.append(None if gaps and rng.random() < 0.1 else _clamp(s + rng.randrange(-far, far)))
    return starts, durations, ends


def _bulk_inputs(
    rng: random.Random, starts: list[int | None], ends: list[int | None]
) -> tuple[str, Any, Any]:
    """The rows in one of the accepted input kinds: datetime64 arrays, pandas Series, lists."""
    import numpy as np

    in_ns = all(u is None or _NS_LO <= u <= _NS_HI for u in starts + ends)
    kinds = ["array", "list"] + (["array-ns", "series"] if in_ns else [])
    kind = rng.choice(kinds)

    def array(us: list[int | None], unit: str) -> Any:
        out = np.array([0 if u is None else u for u in us], dtype=np.int64).view("M8[us]")
        out[[u is None for u in us]] = np.datetime64("NaT")
        return out.astype(unit)

    if kind in ("array", "array-ns"):
        unit = "M8[us]" if kind == "array" else "M8[ns]"
        return kind, array(starts, unit), array(ends, unit)
    if kind == "series":
        import pandas as pd

        tz = rng.choice(ZONES)
        index = pd.RangeIndex(7, 7 + len(starts))

        def series(us: list[int | None]) -> Any:
            utc = pd.Series(array(us, "M8[ns]"), index=index, name="at").dt.tz_localize("UTC")
            return utc.dt.tz_convert(tz)

        return kind, series(starts), series(ends)
    epoch = datetime(1970, 1, 1, tzinfo=UTC)

    def listed(us: list[int | None]) -> list[datetime | None]:
        out: list[datetime | None] = []
        for u in us:
            if u is None:
                out.append(None)
                continue
            when = epoch + timedelta(microseconds=u)
            try:
                out.append(when.astimezone(zone(rng)))
            except (OverflowError, ValueError):  # past the range in that zone: keep UTC
                out.append(when)
        return out

    return kind, listed(starts), listed(ends)


def _bulk_durations(rng: random.Random, kind: str, durations: list[int | None]) -> Any:
    import numpy as np

    if kind == "list":
        return [None if d is None else timedelta(microseconds=d) for d in durations]
    d0 = durations[0] if durations else None
    if d0 is not None and all(d == d0 for d in durations) and rng.random() < 0.5:
        return timedelta(microseconds=d0) if rng.random() < 0.5 else np.timedelta64(d0, "us")
    out = np.array([0 if d is None else d for d in durations], dtype=np.int64).view("m8[us]")
    out[[d is None for d in durations]] = np.timedelta64("NaT")
    return out


def bulk_outcome(fn: Callable[[], Any]) -> tuple[Any, ...]:
    """A bulk call's answer, exactly (dtype, every row, index, zone), or its error."""
    import numpy as np

    try:
        got = fn()
    except Exception as exc:
        return ("error", type(exc).__name__, str(exc))
    if isinstance(got, np.ndarray):
        return ("array", got.dtype.str, got.shape, got.view(np.int64).tolist())
    if isinstance(got, list):
        return ("list", [outcome(lambda v=v: v) for v in got])
    if getattr(got.dtype, "tz", None) is not None:  # tz-aware instants: as UTC readings
        values = got.dt.tz_convert("UTC").dt.tz_localize(None).to_numpy("datetime64[ns]")
    else:
        values = got.to_numpy()
    return ("series", str(got.dtype), got.name, list(got.index), values.view(np.int64).tolist())


def bulk_calls(cal: sc.Calendar, rng: random.Random, shape: str) -> Iterator[tuple[str, Any]]:
    """Each bulk call on one random draw of rows of the given shape."""
    starts, durations, ends = bulk_rows(rng, shape)
    kind, a, b = _bulk_inputs(rng, starts, ends)
    d = _bulk_durations(rng, kind, durations)
    yield f"add_many close ({kind})", lambda: cal.add_many(a, d)
    yield f"add_many open ({kind})", lambda: cal.add_many(a, d, landing="open")
    yield f"subtract_many ({kind})", lambda: cal.subtract_many(b, d)
    yield f"elapsed_many ({kind})", lambda: cal.elapsed_many(a, b)


def bulk_mismatches(seed: int, shape: str, block: int) -> list[str]:
    """Every bulk call on one random calendar where the kernel's row loops (in blocks
    of ``block`` rows) and the pure NumPy path differ."""
    rng = random.Random(seed)
    cal = calendar(rng)
    kept = bulkmod._KERNEL_BLOCK
    bulkmod._KERNEL_BLOCK = block
    found = []
    try:
        for name, call in bulk_calls(cal, rng, shape):
            with pure():
                want = bulk_outcome(call)
            got = bulk_outcome(call)
            if got != want:
                found.append(
                    f"seed {seed} {shape} block {block}: {name} on {cal!r}:"
                    f" kernel {got!r:.300} pure {want!r:.300}"
                )
    finally:
        bulkmod._KERNEL_BLOCK = kept
    return found
