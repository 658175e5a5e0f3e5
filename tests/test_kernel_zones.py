"""The kernel's readings in a calendar's own zone against zoneinfo itself.

With the kernel, a reading whose tzinfo is the calendar's own zone is converted with
the zone's offsets stored in the compiled chunk instead of a call to the tzinfo's
``utcoffset`` and ``fromutc``. The oracle here shares nothing with that: on a
calendar that is open all the time, ``add`` is UTC arithmetic and ``elapsed`` the
difference of UTC instants, both converted by zoneinfo (``astimezone``), compared
with the exact reading, fold and tzinfo of the answer. The readings are placed on
each change of offset (both readings of a fold, readings in a gap with either fold),
near the edges of the compiled spans and of datetime's range, and at random.
"""

from __future__ import annotations

import random
import zoneinfo
from datetime import UTC, datetime, timedelta, tzinfo
from zoneinfo import ZoneInfo

import pytest

import slacalc as sc
from slacalc._engine.switch import KERNEL
from slacalc._engine.timeline import SPAN
from slacalc._engine.zones import offset_segments

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
US = timedelta(microseconds=1)
#: Zones whose offsets change in awkward ways: half-hour DST (Lord Howe), negative DST
#: (Dublin), DST suspended in Ramadan (Casablanca), 45-minute offsets (Chatham,
#: Kathmandu), a change of a whole day (Apia, 2011), southern DST, none at all.
AWKWARD = (
    "Europe/London",
    "America/New_York",
    "Australia/Lord_Howe",
    "Europe/Dublin",
    "Africa/Casablanca",
    "Pacific/Chatham",
    "Asia/Kathmandu",
    "Pacific/Apia",
    "America/Santiago",
    "Asia/Tehran",
    "America/St_Johns",
    "Asia/Kolkata",
)
DURATIONS = (
    US,
    timedelta(seconds=1),
    timedelta(minutes=45),
    timedelta(hours=3),
    timedelta(hours=25),
)


def _state(dt: datetime) -> tuple[object, ...]:
    return (type(dt), dt.replace(tzinfo=None), dt.fold, dt.tzinfo, dt.utcoffset())


def _instants(zone: tzinfo, years: tuple[int, ...], rng: random.Random) -> list[datetime]:
    """UTC instants on and around every change of offset in the spans of the years,
    near the spans' edges, and at random."""
    out: list[int] = []
    for year in years:
        u = (datetime(year, 6, 1, tzinfo=UTC) - EPOCH) // US
        k = u // SPAN
        lo, hi = k * SPAN, (k + 1) * SPAN
        for start, _, _ in offset_segments(zone, lo, hi)[1:]:
            for step in (0, 1, -1, 10**6, -(10**6), 1800 * 10**6, -1800 * 10**6, 3600 * 10**6):
                out.append(start + step)
        day = 86_400 * 10**6
        for edge in (lo, hi):
            for step in (-2 * day, -day - 1, -day, -1, 0, 1, day - 1, day, day + 1, 2 * day):
                out.append(edge + step)
        out += [rng.randrange(lo, hi) for _ in range(20)]
    return [EPOCH + timedelta(microseconds=u) for u in out]


def _mismatches(name: str, years: tuple[int, ...], seed: int = 0) -> list[str]:
    tz = ZoneInfo(name)
    cal = sc.Calendar.weekly({"daily": "00:00-24:00"}, tz=name)
    assert cal.tz is tz  # the readings below are in the calendar's own zone
    rng = random.Random(seed)
    bad: list[str] = []
    instants = _instants(tz, years, rng)
    for u in instants:
        local = u.astimezone(tz)
        for reading in (local, local.replace(fold=1 - local.fold)):
            at = reading.astimezone(UTC)  # zoneinfo's instant of the reading
            for d in DURATIONS:
                for fn, want in (
                    (cal.add, (at + d).astimezone(tz)),
                    (cal.subtract, (at - d).astimezone(tz)),
                ):
                    got = fn(reading, d)
                    if _state(got) != _state(want):
                        bad.append(f"{name} {fn.__name__}({reading!r}, {d}): {got!r} != {want!r}")
            other = instants[rng.randrange(len(instants))].astimezone(tz)
            other = other.replace(fold=rng.randrange(2))
            want_e = other.astimezone(UTC) - at
            got_e = cal.elapsed(reading, other)
            if got_e != want_e:
                bad.append(f"{name} elapsed({reading!r}, {other!r}): {got_e} != {want_e}")
    return bad


@pytest.mark.parametrize("name", AWKWARD)
def test_own_zone_readings_agree_with_zoneinfo(name: str) -> None:
    # 1970 and 2026: explicit transitions; 2100: the zone's rule after its last one.
    assert _mismatches(name, (1970, 2011, 2026, 2100)) == []


def test_own_zone_readings_at_the_ends_of_time() -> None:
    cal = sc.Calendar.weekly({"daily": "00:00-24:00"}, tz="Europe/London")
    tz = ZoneInfo("Europe/London")
    for reading in (
        datetime(1, 1, 3, 12, tzinfo=tz),
        datetime(9999, 12, 29, 12, tzinfo=tz),
        datetime(1, 2, 1, tzinfo=tz),
        datetime(9999, 11, 1, tzinfo=tz),
    ):
        at = reading.astimezone(UTC)
        for d in (timedelta(hours=1), timedelta(days=2)):
            want = (at + d).astimezone(tz) if at + d < datetime.max.replace(tzinfo=UTC) else None
            if want is not None:
                assert _state(cal.add(reading, d)) == _state(want)


def test_a_second_object_of_the_same_zone_is_converted_by_its_own_tzinfo() -> None:
    cal = sc.Calendar.weekly({"daily": "00:00-24:00"}, tz="Europe/London")
    other = ZoneInfo.no_cache("Europe/London")  # equal offsets, a distinct object
    reading = datetime(2026, 10, 25, 1, 30, tzinfo=other, fold=1)
    got = cal.add(reading, timedelta(minutes=10))
    assert got.tzinfo is other
    assert got == datetime(2026, 10, 25, 1, 40, tzinfo=other, fold=1)


def test_hand_worked_fold_and_gap() -> None:
    cal = sc.Calendar.weekly({"daily": "00:00-24:00"}, tz="Europe/London")
    tz = ZoneInfo("Europe/London")
    # 2026-10-25 01:00-02:00 happens twice: 00:30 UTC and 01:30 UTC read 01:30.
    first = datetime(2026, 10, 25, 1, 30, tzinfo=tz)
    second = cal.add(first, timedelta(hours=1))
    assert (second.hour, second.minute, second.fold) == (1, 30, 1)
    assert cal.elapsed(first, second) == timedelta(hours=1)
    # 2026-03-29 01:00-02:00 never happens: 01:30 (fold 0) is 00:30 UTC, fold 1 is 01:30 UTC... read
    # as 00:30 UTC (the offset before) and 00:30 UTC + 1 h is 02:30 BST.
    gap = datetime(2026, 3, 29, 1, 30, tzinfo=tz)
    after = cal.add(gap, timedelta(hours=1))
    assert (after.hour, after.minute, after.utcoffset()) == (3, 30, timedelta(hours=1))
    assert cal.add(gap.replace(fold=1), timedelta(hours=1)).hour == 2


@pytest.mark.slow
@pytest.mark.skipif(KERNEL is None, reason="the pure path converts through zoneinfo itself")
def test_every_zone_agrees_with_zoneinfo() -> None:
    bad: list[str] = []
    for i, name in enumerate(sorted(zoneinfo.available_timezones())):
        if name.casefold() in ("factory", "localtime", "posixrules") or name.upper() == "UTC":
            continue  # refused by slacalc, or read as datetime.UTC (not a ZoneInfo)
        bad += _mismatches(name, (1975, 2026), seed=i)[:3]
    assert bad == []


def test_the_kernel_is_what_is_tested() -> None:
    if KERNEL is None:
        pytest.skip("the C kernel is not built: the pure path converts through zoneinfo itself")
    cal = sc.Calendar.weekly({"daily": "00:00-24:00"}, tz="Europe/London")
    cal.add(datetime(2026, 6, 1, tzinfo=UTC), US)  # compiles 2026's chunk
    chunk = next(iter(cal._chunks.values()))
    assert len(chunk.packed) > 8 * (3 * len(chunk.starts) + 1)  # the zone's offsets packed


@pytest.mark.slow
@pytest.mark.skipif(KERNEL is None, reason="the pure path converts through zoneinfo itself")
def test_every_zone_hour_by_hour_without_the_probe() -> None:
    # The readings above sit on the changes the library's own probe found; these are
    # every hour of 2026 in every zone, found by nothing but zoneinfo: a change the
    # probe missed would show here as an hour converted with the wrong offset.
    bad: list[str] = []
    hour = timedelta(hours=1)
    start = datetime(2026, 1, 3, tzinfo=UTC)
    for name in sorted(zoneinfo.available_timezones()):
        if name.casefold() in ("factory", "localtime", "posixrules") or name.upper() == "UTC":
            continue
        tz = ZoneInfo(name)
        cal = sc.Calendar.weekly({"daily": "00:00-24:00"}, tz=name)
        for h in range(0, 24 * 360, 1):
            at = start + h * hour
            reading = at.astimezone(tz)
            got = cal.add(reading, US)
            if got.astimezone(UTC) != at + US or got.fold != (at + US).astimezone(tz).fold:
                bad.append(f"{name} {reading!r}: {got!r}")
                break
    assert bad == []
