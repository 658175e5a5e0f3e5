"""A compiled stretch of a calendar: covered intervals as UTC microseconds.

Each chunk covers a fixed span of the UTC line (``SPAN``, 365 days) and holds the
covered intervals clipped to it, with the covered time accumulated before each.
Every calculation is a binary search in one or a few chunks, never a walk over days.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterator, Sequence
from datetime import tzinfo
from typing import NamedTuple

from slacalc._engine.instants import DAY
from slacalc._engine.switch import COMPILED

SPAN = 365 * DAY


class Chunk:
    """Covered intervals of ``[lo, lo + SPAN)`` and their running total."""

    __slots__ = ("acc", "ends", "hi", "lo", "packed", "starts", "total")

    def __init__(
        self,
        lo: int,
        hi: int,
        starts: list[int],
        ends: list[int],
        zone: Sequence[tuple[int, int, int]] = (),
    ) -> None:
        self.lo = lo
        self.hi = hi
        self.starts = starts
        self.ends = ends
        acc = [0]
        total = 0
        for s, e in zip(starts, ends, strict=True):
            total += e - s
            acc.append(total)
        self.acc = acc
        self.total = total
        #: For the C kernel (empty without it): starts, ends and acc as native int64
        #: bytes, then the calendar zone's offsets over the span (``zone``: the
        #: ``(start, end, offset)`` segments of :func:`~slacalc._engine.zones.offset_segments`)
        #: as their starts, their offsets and their count.
        self.packed = b""
        if COMPILED:
            cuts = [seg[0] for seg in zone] + [seg[2] for seg in zone] + [len(zone)]
            self.packed = array("q", starts + ends + acc + cuts).tobytes()

    def covered_before(self, t: int) -> int:
        """Covered time in ``[lo, t)`` for ``lo <= t <= hi``."""
        i = bisect_right(self.starts, t) - 1
        if i < 0:
            return 0
        e = self.ends[i]
        return self.acc[i] + (t if t < e else e) - self.starts[i]

    def earliest(self, need: int) -> int:
        """The earliest ``T`` with ``covered_before(T) == need`` for ``0 < need <= total``."""
        j = bisect_left(self.acc, need, 1) - 1
        return self.starts[j] + need - self.acc[j]

    def latest(self, need: int) -> int:
        """The latest ``T`` with ``covered_before(T) == need`` for ``0 <= need < total``."""
        j = bisect_right(self.acc, need) - 1
        return self.starts[j] + need - self.acc[j]

    def is_open(self, t: int) -> bool:
        i = bisect_right(self.starts, t) - 1
        return i >= 0 and t < self.ends[i]

    def index_after(self, t: int) -> int:
        """Index of the first interval ending after ``t``."""
        return bisect_right(self.ends, t)

    def nbytes(self) -> int:
        """Approximate memory held, in bytes (lists and their integers)."""
        import sys

        lists = (self.starts, self.ends, self.acc)
        held = sum(sys.getsizeof(x) + sum(sys.getsizeof(v) for v in x) for x in lists)
        return held + sys.getsizeof(self.packed)


class DstEdge(NamedTuple):
    """An opening or closing reading of a weekly calendar that falls in a DST gap or fold."""

    reading: int  #: the wall-clock reading, microseconds from local 1970-01-01 00:00
    label: str  #: ``"opening"`` or ``"closing"``
    gap: bool  #: True when the clock skips the reading, False when it repeats it
    zone: tzinfo


class Timeline(NamedTuple):
    """A calendar's covered time on the UTC line, in integer microseconds.

    The engine's named operations, for slacalc's own modules that work in integers
    (bulk rows, the overrun analysis, the gap checks); get one from
    ``Calendar.timeline``. ``cov(a, b)`` is the covered time in ``[a, b)``;
    ``add(a, d)`` the earliest ``T`` with ``cov(a, T) == d``; ``subtract(b, d)`` the
    latest ``T`` with ``cov(T, b) == d``; ``next_open``/``next_close`` the next
    covered or uncovered instant; ``periods(a, b)`` the merged covered intervals;
    ``chunk(k)`` the compiled :class:`Chunk` of ``[k * SPAN, (k + 1) * SPAN)``;
    ``dst_edges(lo, hi)`` the weekly readings that fall in a DST gap or fold.
    """

    cov: Callable[[int, int], int]
    add: Callable[[int, int], int]
    subtract: Callable[[int, int], int]
    next_open: Callable[[int], int]
    next_close: Callable[[int], int]
    periods: Callable[[int, int], list[tuple[int, int]]]
    chunk: Callable[[int], Chunk]
    dst_edges: Callable[[int, int], Iterator[DstEdge]]
