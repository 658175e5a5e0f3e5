"""A brute-force coverage oracle, written only from SPEC section 3.

It shares no code with slacalc (and must never import it). Time is cut into UTC
minutes, numbered from the Unix epoch. For each minute the zone is asked for the
local reading (``datetime.fromtimestamp(t, ZoneInfo(zone))`` made naive), and the
minute is covered iff that reading lies

* in a weekly window ``[D + s, D + e)`` of a local date D that is not a holiday
  (an overnight window has ``e > 1440`` and spans into D + 1), or
* in an opening,

and not in a closure; openings win over closures and holidays. Every zone the
tests use has offsets that are whole minutes and transitions on minute
boundaries, so coverage is constant inside each UTC minute and all measures are
whole minutes.

The calculations are then the SPEC's definitions read literally over a boolean
array of minutes ``[lo, hi)``: ``add(a, d)`` is the least T >= a with
cov(a, T) == d, ``subtract(b, d)`` the greatest T <= b with cov(T, b) == d, and so
on. A result that would lie outside the array is ``None`` ("not before hi", or
"not after lo").
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import numpy as np
import numpy.typing as npt

Bools = npt.NDArray[np.bool_]
Ints = npt.NDArray[np.int64]

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
EPOCH_NAIVE = datetime(1970, 1, 1)
MINUTE = timedelta(minutes=1)
DAY = 1440  # minutes in a civil day of readings
WEEKDAY_OF_EPOCH = 3  # 1970-01-01 was a Thursday (Monday == 0)


# --------------------------------------------------------------------------- instants


def minute_of(dt: datetime) -> int:
    """The UTC minute number of an aware datetime that lies on a minute boundary."""
    if dt.tzinfo is None or dt.utcoffset() is None:
        raise ValueError(f"{dt!r} is naive")
    q, r = divmod(dt.astimezone(UTC) - EPOCH, MINUTE)
    if r:
        raise ValueError(f"{dt!r} is not on a UTC minute boundary")
    return int(q)


def instant(m: int, tz: object = UTC) -> datetime:
    """UTC minute number -> aware datetime in ``tz`` (a tzinfo)."""
    return (EPOCH + m * MINUTE).astimezone(tz)  # type: ignore[arg-type]


def reading_minute(reading: datetime) -> int:
    """A naive local reading -> minutes since 1970-01-01 00:00 (of readings)."""
    if reading.tzinfo is not None:
        raise ValueError(f"{reading!r} is not a naive reading")
    q, r = divmod(reading - EPOCH_NAIVE, MINUTE)
    if r:
        raise ValueError(f"{reading!r} is not on a minute")
    return int(q)


def day_number(d: date) -> int:
    return d.toordinal() - EPOCH_NAIVE.toordinal()


@functools.lru_cache(maxsize=128)
def local_readings(zone: str, lo: int, hi: int) -> Ints:
    """For each UTC minute t in [lo, hi): the local reading of t in ``zone``, as a
    reading minute number. Asked of zoneinfo minute by minute."""
    z = ZoneInfo(zone)
    out = np.empty(hi - lo, dtype=np.int64)
    for i, t in enumerate(range(lo, hi)):
        out[i] = reading_minute(datetime.fromtimestamp(t * 60, z).replace(tzinfo=None))
    out.flags.writeable = False
    return out


# --------------------------------------------------------------------------- descriptions

Window = tuple[int, int]
"""Minutes from local midnight of the day the window starts: 0 <= s < 1440, s < e <= s + 1440."""

Span = tuple[datetime, datetime]
"""A naive local half-open range of readings [start, end)."""


@dataclass(frozen=True)
class Weekly:
    zone: str
    days: tuple[tuple[Window, ...], ...]  # index 0 is Monday, 7 entries
    holidays: frozenset[date] = frozenset()
    closures: tuple[Span, ...] = ()
    openings: tuple[Span, ...] = ()

    def __post_init__(self) -> None:
        assert len(self.days) == 7
        for windows in self.days:
            for s, e in windows:
                assert 0 <= s < DAY and s < e <= s + DAY, (s, e)


@dataclass(frozen=True)
class Always:
    zone: str = "UTC"


@dataclass(frozen=True)
class Op:
    op: str  # "or", "and", "sub", "not"
    left: Desc
    right: Desc | None = None

    @property
    def zone(self) -> str:
        return self.left.zone


Desc = Weekly | Always | Op


def coverage(desc: Desc, lo: int, hi: int) -> Bools:
    """Boolean coverage of each UTC minute in [lo, hi)."""
    if isinstance(desc, Always):
        return np.ones(hi - lo, dtype=bool)
    if isinstance(desc, Op):
        left = coverage(desc.left, lo, hi)
        if desc.op == "not":
            return ~left
        assert desc.right is not None
        right = coverage(desc.right, lo, hi)
        if desc.op == "or":
            return left | right
        if desc.op == "and":
            return left & right
        if desc.op == "sub":
            return left & ~right
        raise ValueError(desc.op)
    return _weekly_coverage(desc, lo, hi)


def _weekly_coverage(desc: Weekly, lo: int, hi: int) -> Bools:
    r = local_readings(desc.zone, lo, hi)  # reading of each minute
    today = r // DAY  # local date number of the reading
    clock = r % DAY  # minutes after local midnight
    holidays = np.array(sorted(day_number(d) for d in desc.holidays), dtype=np.int64)
    in_window = np.zeros(len(r), dtype=bool)
    # The reading lies in [D + s, D + e) of D = today (offset = clock) or, for an
    # overnight window, of D = yesterday (offset = clock + 1440). No other D can
    # contain it: 0 <= s and e <= s + 1440 < 2880.
    for back in (0, 1):
        d = today - back
        offset = clock + back * DAY
        weekday = (d + WEEKDAY_OF_EPOCH) % 7
        working = ~np.isin(d, holidays)  # a holiday D removes the windows starting on D
        for wd, windows in enumerate(desc.days):
            for s, e in windows:
                in_window |= working & (weekday == wd) & (offset >= s) & (offset < e)
    closed = _in_spans(r, desc.closures)
    opened = _in_spans(r, desc.openings)
    return opened | (in_window & ~closed)


def _in_spans(r: Ints, spans: tuple[Span, ...]) -> Bools:
    out = np.zeros(len(r), dtype=bool)
    for start, end in spans:
        out |= (r >= reading_minute(start)) & (r < reading_minute(end))
    return out


# --------------------------------------------------------------------------- calculations


class Oracle:
    """The SPEC's calculations over UTC minutes [lo, hi); all values in minutes."""

    def __init__(self, desc: Desc, lo: int, hi: int) -> None:
        self.desc = desc
        self.lo = lo
        self.hi = hi
        self.cov = coverage(desc, lo, hi)
        # csum[k] = number of covered minutes in [lo, lo + k)
        self.csum = np.concatenate(([0], np.cumsum(self.cov, dtype=np.int64)))

    def _ix(self, t: int) -> int:
        if not self.lo <= t <= self.hi:
            raise ValueError(f"minute {t} outside the oracle's range [{self.lo}, {self.hi}]")
        return t - self.lo

    def cov_between(self, a: int, b: int) -> int:
        """cov(a, b): covered minutes in [a, b), for a <= b."""
        assert a <= b
        return int(self.csum[self._ix(b)] - self.csum[self._ix(a)])

    def elapsed(self, a: int, b: int) -> int:
        return self.cov_between(a, b) if a <= b else -self.cov_between(b, a)

    def is_open(self, u: int) -> bool:
        assert self.lo <= u < self.hi
        return bool(self.cov[u - self.lo])

    def add(self, a: int, d: int) -> int | None:
        """Least T in [a, hi] with cov(a, T) == d (None: none up to hi)."""
        assert d >= 0
        i = self._ix(a)
        hits = np.flatnonzero(self.csum[i:] - self.csum[i] == d)
        return self.lo + i + int(hits[0]) if len(hits) else None

    def add_open(self, a: int, d: int) -> int | None:
        """``add(a, d, landing="open")``: the deadline moved to next_open."""
        t = self.add(a, d)
        return None if t is None else self.next_open(t)

    def subtract(self, b: int, d: int) -> int | None:
        """Greatest T in [lo, b] with cov(T, b) == d (None: none down to lo)."""
        assert d >= 0
        j = self._ix(b)
        hits = np.flatnonzero(self.csum[j] - self.csum[: j + 1] == d)
        return self.lo + int(hits[-1]) if len(hits) else None

    def next_open(self, u: int) -> int | None:
        """Earliest covered minute >= u (None: none before hi)."""
        i = self._ix(u)
        hits = np.flatnonzero(self.cov[i:])
        return u + int(hits[0]) if len(hits) else None

    def next_close(self, u: int) -> int | None:
        """Earliest uncovered minute >= u (None: none before hi)."""
        i = self._ix(u)
        hits = np.flatnonzero(~self.cov[i:])
        return u + int(hits[0]) if len(hits) else None

    def periods(self, a: int, b: int) -> list[tuple[int, int]]:
        """Maximal covered runs, clipped to [a, b)."""
        if a >= b:
            return []
        return list(_runs(self.cov[self._ix(a) : self._ix(b)], a))


def _runs(cov: Bools, base: int) -> Iterator[tuple[int, int]]:
    start: int | None = None
    for k, c in enumerate(cov.tolist()):
        if c and start is None:
            start = base + k
        elif not c and start is not None:
            yield start, base + k
            start = None
    if start is not None:
        yield start, base + len(cov)
