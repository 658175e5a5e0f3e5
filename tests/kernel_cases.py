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
    """The pure path for the calls inside (the kernel switched off in the calendar)."""
    kept = calmod.KERNEL
    calmod.KERNEL = None
    try:
        yield
    finally:
        calmod.KERNEL = kept


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
