"""Coverage calendars: when a service, team or supplier is on the clock.

A :class:`Calendar` answers business-time questions exactly (integer
microseconds inside): is it open, when does it next open or close, how much
covered time lies between two instants, when does a duration of covered time
end. Coverage is defined on **wall-clock readings** in the calendar's zone (see
docs/concepts.md): an instant is covered when its local reading lies in a
weekly window of a non-holiday date, or in an opening, and not in a closure.

>>> from datetime import datetime, timedelta
>>> from zoneinfo import ZoneInfo
>>> import slacalc as sc
>>> uk = sc.Calendar.weekly({"mon-fri": "09:00-17:00"}, tz="Europe/London")
>>> friday = datetime(2026, 11, 27, 16, 0, tzinfo=ZoneInfo("Europe/London"))
>>> uk.add(friday, timedelta(hours=2))
datetime.datetime(2026, 11, 30, 10, 0, tzinfo=zoneinfo.ZoneInfo(key='Europe/London'))
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from itertools import pairwise
from types import ModuleType
from typing import Any, Final, Literal, NamedTuple
from zoneinfo import ZoneInfo

import attrs

from slacalc._engine import spans as _spans
from slacalc._engine.instants import (
    DAY,
    EPOCH,
    MAX_US,
    MIN_US,
    ONE_US,
    duration_us,
    from_us,
    local_us,
    ordinal_us,
    to_us,
    us_ordinal,
)
from slacalc._engine.switch import KERNEL
from slacalc._engine.timeline import SPAN, Chunk, DstEdge, Timeline
from slacalc._engine.zones import load_zone, local_to_utc, offset_segments
from slacalc._validate import check_landing, whole
from slacalc.calendar._holidays import HolidaySet
from slacalc.calendar._hours import parse_week
from slacalc.calendar._nodes import (
    _MAX_ORDINAL,
    _Always,
    _Node,
    _Op,
    _part,
    _ranges,
    _Weekly,
    weekly_parts,
)
from slacalc.errors import (
    ArgumentTypeError,
    NeverClosesError,
    NeverOpenError,
    ParseError,
    UnknownZoneError,
)

__all__ = ["DEFAULT_HORIZON", "Calendar", "Explanation", "Landing", "Period", "deadline", "elapsed"]

Landing = Literal["close", "open"]
#: Why a weekly calendar has no default zone.
MISSING_ZONE = (
    "tz is required: business hours such as 09:00-17:30 are wall-clock readings, and "
    "without the zone they would silently be read in UTC; give an IANA name such as "
    "tz='Europe/London', or tz='UTC' if UTC is meant"
)
#: How far a search for coverage runs before giving up (about ten years).
DEFAULT_HORIZON = timedelta(days=3653)
_SPAN_TD = timedelta(microseconds=SPAN)


class Period(NamedTuple):
    """A maximal covered interval ``[start, end)`` (half-open: open at start, closed at end)."""

    start: datetime
    end: datetime

    @property
    def duration(self) -> timedelta:
        """Its length (an exact instant difference, whatever the tzinfo)."""
        return timedelta(microseconds=to_us(self.end) - to_us(self.start))


@attrs.frozen
class Explanation:
    """Why a deadline fell where it did: the covered periods it consumed.

    >>> import slacalc as sc
    >>> from datetime import datetime, timedelta, UTC
    >>> cal = sc.Calendar.weekly({"mon-fri": "09:00-17:00"}, tz="UTC")
    >>> ex = cal.explain(datetime(2026, 11, 27, 16, tzinfo=UTC), timedelta(hours=2))
    >>> [(p.start.hour, p.end.hour) for p in ex.periods]
    [(16, 17), (9, 10)]
    """

    start: datetime
    duration: timedelta
    deadline: datetime
    landing: Landing
    periods: tuple[Period, ...]


def _packs_zone(zone: tzinfo) -> bool:
    """Whether the kernel may convert readings in ``zone`` from its offsets: only with
    the kernel, for a ZoneInfo or a fixed offset itself (not a subclass, whose
    ``utcoffset`` might say otherwise)."""
    return KERNEL is not None and type(zone) in (ZoneInfo, timezone)


def _check_horizon(horizon: object) -> timedelta:
    if not isinstance(horizon, timedelta):
        raise ArgumentTypeError("horizon", horizon, "a datetime.timedelta")
    if horizon <= timedelta(0):
        raise ParseError(horizon, "a positive search horizon", "horizon")
    return horizon


@attrs.frozen(eq=False, repr=False)
class Calendar:
    """Agreed service hours in a time zone, compiled lazily into exact UTC periods.

    Build one with :meth:`weekly` or :meth:`always`, combine them with ``|``,
    ``&``, ``-`` and ``~``. A calendar is an immutable value, safe to share
    between threads; it compiles a year of periods at a time, on first use.

    >>> from datetime import datetime, timedelta, UTC
    >>> cal = Calendar.weekly({"mon-fri": "09:00-17:00"}, tz="UTC")
    >>> cal.add(datetime(2026, 11, 30, 9, tzinfo=UTC), timedelta(hours=8))
    datetime.datetime(2026, 11, 30, 17, 0, tzinfo=datetime.timezone.utc)
    """

    _node: _Node
    tz: tzinfo
    horizon: timedelta = DEFAULT_HORIZON
    _chunks: dict[int, Chunk] = attrs.field(factory=dict, init=False)
    _tables: dict[tuple[int, int], object] = attrs.field(factory=dict, init=False)
    _timeline: list[Timeline] = attrs.field(factory=list, init=False)  # built once, on use
    #: What the C kernel's fronts read, in one attribute: the compiled chunks, the zone,
    #: and whether the horizon covers a compiled year (add and subtract's shortcut).
    _kernel_view: tuple[dict[int, Chunk], tzinfo, bool] = attrs.field(init=False)

    @_kernel_view.default
    def _kernel_view_default(self) -> tuple[dict[int, Chunk], tzinfo, bool]:
        return (self._chunks, self.tz, self.horizon >= _SPAN_TD)

    # -- construction -----------------------------------------------------------------

    @classmethod
    def weekly(
        cls,
        hours: Mapping[str, str | Sequence[str]],
        *,
        tz: str | tzinfo | None = None,
        holidays: object = None,
        closures: Iterable[object] | None = (),
        openings: Iterable[object] | None = (),
        horizon: timedelta = DEFAULT_HORIZON,
    ) -> Calendar:
        """Weekly windows in a zone, less holidays and closures, plus openings.

        ``hours`` maps day keys (``mon``..``sun``, ``mon-fri``, ``fri-mon``,
        ``daily``) to a window ``"HH:MM-HH:MM"`` or a list of them. ``holidays`` is
        an ISO code (``"GB-ENG"``), a ``holidays.HolidayBase``, dates, or a list
        mixing them. ``closures`` and ``openings`` are local ``(start, end)``
        readings, whole dates, or :class:`~slacalc.Recurring` windows.

        >>> uk = Calendar.weekly(
        ...     {"mon-fri": "09:00-17:30"}, tz="Europe/London", holidays="GB-ENG",
        ...     closures=[("2026-12-24 13:00", "2026-12-27 00:00")])
        """
        if tz is None:
            raise UnknownZoneError(None, MISSING_ZONE)
        zone = load_zone(tz)
        node = _Weekly(
            zone=zone,
            week=parse_week(hours),
            holidays=HolidaySet(holidays),
            closures=(c := _ranges(closures, "closures"))[0],
            openings=(o := _ranges(openings, "openings"))[0],
            recurring_closures=c[1],
            recurring_openings=o[1],
        )
        return cls(node, zone, _check_horizon(horizon))

    @classmethod
    def always(cls, *, horizon: timedelta = DEFAULT_HORIZON) -> Calendar:
        """Covered at every instant (24x7), in UTC.

        >>> from datetime import datetime, timedelta, UTC
        >>> Calendar.always().add(datetime(2026, 1, 1, tzinfo=UTC), timedelta(hours=30)).day
        2
        """
        return cls(_Always(), UTC, _check_horizon(horizon))

    def __repr__(self) -> str:
        return _part(self, {})

    @property
    def holiday_codes(self) -> tuple[str, ...]:
        """The ISO holiday codes this calendar's weekly parts use, sorted, each once.

        Holidays given as a ``holidays.HolidayBase`` object count by their
        country (and subdivision) code; plain dates name no code.

        >>> uk = Calendar.weekly({"mon-fri": "09:00-17:30"}, tz="Europe/London",
        ...                      holidays="GB-ENG")
        >>> (uk | Calendar.weekly({"sat": "10:00-14:00"}, tz="UTC", holidays="DE-HE")).holiday_codes
        ('DE-HE', 'GB-ENG')
        """
        return tuple(
            sorted({code for node in weekly_parts(self._node) for code in node.holidays.codes()})
        )

    def __reduce__(self) -> tuple[object, ...]:
        return (Calendar, (self._node, self.tz, self.horizon))

    # -- algebra ----------------------------------------------------------------------

    def _op(self, op: str, other: object) -> Calendar:
        if not isinstance(other, Calendar):
            raise ArgumentTypeError(f"calendar {op} operand", other, "a Calendar")
        return Calendar(_Op(op, self, other), self.tz, self.horizon)

    def __or__(self, other: Calendar) -> Calendar:
        return self._op("|", other)

    def __and__(self, other: Calendar) -> Calendar:
        return self._op("&", other)

    def __sub__(self, other: Calendar) -> Calendar:
        return self._op("-", other)

    def __invert__(self) -> Calendar:
        return Calendar(_Op("~", self), self.tz, self.horizon)

    def union(self, other: Calendar) -> Calendar:
        """Covered where either covers (``self | other``)."""
        return self | other

    def intersection(self, other: Calendar) -> Calendar:
        """Covered where both cover (``self & other``)."""
        return self & other

    def difference(self, other: Calendar) -> Calendar:
        """Covered where ``self`` covers and ``other`` does not (``self - other``)."""
        return self - other

    def complement(self) -> Calendar:
        """Out of hours: covered exactly where ``self`` is not (``~self``)."""
        return ~self

    def with_horizon(self, horizon: timedelta) -> Calendar:
        """The same coverage with another search horizon."""
        return Calendar(self._node, self.tz, _check_horizon(horizon))

    # -- compiled chunks --------------------------------------------------------------

    def _chunk(self, k: int) -> Chunk:
        chunk = self._chunks.get(k)
        if chunk is None:
            starts, ends = self._node.spans(k)
            lo, hi = k * SPAN, (k + 1) * SPAN
            # The kernel converts readings in the calendar's own zone with its offsets
            # over the span; a subclass of a zone might convert otherwise: not packed.
            zone = offset_segments(self.tz, lo, hi) if _packs_zone(self.tz) else []
            chunk = self._chunks.setdefault(k, Chunk(lo, hi, starts, ends, zone))
        return chunk

    def _never_open(self, at: int, direction: str, edge: bool = False) -> NeverOpenError:
        when = from_us(min(max(at, MIN_US), MAX_US), UTC).isoformat()
        span = self.horizon // ONE_US
        edge = edge or (at + span > MAX_US if direction == "after" else at - span < MIN_US)
        where = " (the search reached the end of the range datetime can represent)" if edge else ""
        return NeverOpenError(
            f"no covered time within the search horizon ({self.horizon}) {direction} {when}"
            f"{where} on {self!r}"
        )

    def _cov(self, a: int, b: int) -> int:
        """Covered microseconds in ``[a, b)``, ``a <= b``."""
        ka, kb = a // SPAN, b // SPAN
        ch = self._chunk(ka)
        if ka == kb:
            return ch.covered_before(b) - ch.covered_before(a)
        total = ch.total - ch.covered_before(a)
        for k in range(ka + 1, kb):
            total += self._chunk(k).total
        return total + self._chunk(kb).covered_before(b)

    def _add(self, a: int, d: int) -> int:
        """The earliest ``T >= a`` with ``cov(a, T) == d``, ``d > 0``."""
        if self.horizon < _SPAN_TD:  # a short horizon is checked exactly
            self._next_open(a)
        k = a // SPAN
        ch = self._chunk(k)
        need = ch.covered_before(a) + d
        if need <= ch.total:
            return ch.earliest(need)
        d = need - ch.total
        horizon = self.horizon // ONE_US
        limit = a + horizon
        if ch.total and ch.ends[-1] > a:
            limit = max(limit, ch.ends[-1] + horizon)
        while True:
            k += 1
            if k * SPAN > limit or k * SPAN > MAX_US:
                raise self._never_open(a, "after", edge=k * SPAN > MAX_US)
            ch = self._chunk(k)
            if ch.total and ch.starts[0] > limit:
                raise self._never_open(a, "after")
            if d <= ch.total:
                return ch.earliest(d)
            d -= ch.total
            if ch.total:
                limit = max(limit, ch.ends[-1] + horizon)

    def _subtract(self, b: int, d: int) -> int:
        """The latest ``T <= b`` with ``cov(T, b) == d``, ``d > 0``."""
        if self.horizon < _SPAN_TD:  # a short horizon is checked exactly
            self._prev_close(b)
        k = b // SPAN
        ch = self._chunk(k)
        need = ch.covered_before(b) - d
        if need >= 0:
            return ch.latest(need)
        d = -need
        horizon = self.horizon // ONE_US
        limit = b - horizon
        if ch.total and ch.starts[0] < b:
            limit = min(limit, ch.starts[0] - horizon)
        while True:
            k -= 1
            if (k + 1) * SPAN < limit or (k + 1) * SPAN < MIN_US:
                raise self._never_open(b, "before", edge=(k + 1) * SPAN < MIN_US)
            ch = self._chunk(k)
            if ch.total and ch.ends[-1] < limit:
                raise self._never_open(b, "before")
            if d <= ch.total:
                return ch.latest(ch.total - d)
            d -= ch.total
            if ch.total:
                limit = min(limit, ch.starts[0] - horizon)

    def _next_open(self, u: int) -> int:
        k = u // SPAN
        ch = self._chunk(k)
        i = bisect_right(ch.starts, u) - 1
        if i >= 0 and u < ch.ends[i]:
            return u
        limit = u + self.horizon // ONE_US
        if i + 1 < len(ch.starts):
            found = ch.starts[i + 1]
        else:
            while True:
                k += 1
                if k * SPAN > limit or k * SPAN > MAX_US:
                    raise self._never_open(u, "after")
                ch = self._chunk(k)
                if ch.starts:
                    found = ch.starts[0]
                    break
        if found > limit:
            raise self._never_open(u, "after")
        return found

    def _prev_close(self, u: int) -> int:
        """The end of the last coverage at or before ``u`` (``u`` itself when covered just
        before it), within the horizon."""
        k = (u - 1) // SPAN
        ch = self._chunk(k)
        i = bisect_right(ch.starts, u - 1) - 1
        limit = u - self.horizon // ONE_US
        while i < 0:
            if k * SPAN < limit or k * SPAN < MIN_US:
                raise self._never_open(u, "before")
            k -= 1
            ch = self._chunk(k)
            i = len(ch.starts) - 1
        found = min(ch.ends[i], u)
        if found < limit:
            raise self._never_open(u, "before")
        return found

    def _next_close(self, u: int) -> int:
        k = u // SPAN
        ch = self._chunk(k)
        i = bisect_right(ch.starts, u) - 1
        if i < 0 or u >= ch.ends[i]:
            return u
        end = ch.ends[i]
        limit = u + self.horizon // ONE_US
        while end == ch.hi:
            if end > limit or end > MAX_US:
                raise self._never_closes(u)
            k += 1
            ch = self._chunk(k)
            if not ch.starts or ch.starts[0] != end:
                break
            end = ch.ends[0]
        if end > limit:
            raise self._never_closes(u)
        return end

    def _never_closes(self, u: int) -> NeverClosesError:
        return NeverClosesError(
            f"no uncovered time within the search horizon ({self.horizon}) after "
            f"{from_us(u, UTC).isoformat()} on {self!r}"
        )

    def _periods(self, a: int, b: int) -> list[tuple[int, int]]:
        out: list[tuple[int, int]] = []
        if a >= b:
            return out
        for k in range(a // SPAN, (b - 1) // SPAN + 1):
            ch = self._chunk(k)
            starts, ends = ch.starts, ch.ends
            i = ch.index_after(a)
            while i < len(starts) and starts[i] < b:
                s, e = max(starts[i], a), min(ends[i], b)
                if out and out[-1][1] == s:
                    out[-1] = (out[-1][0], e)
                else:
                    out.append((s, e))
                i += 1
        return out

    def _dst_edges(self, lo: int, hi: int) -> Iterator[DstEdge]:
        for node in weekly_parts(self._node):
            segments = offset_segments(node.zone, lo, hi)
            reported: set[tuple[int, bool]] = set()
            for (_, cut, before), (_, _, after) in pairwise(segments):
                a, b = sorted((cut + before, cut + after))  # readings skipped or repeated
                gap = after > before
                for day in range(a // DAY - 1, b // DAY + 1):
                    for s, e in node.week[(day + 3) % 7]:  # 1970-01-01, local day 0, a Thursday
                        for edge, label in ((s, "opening"), (e, "closing")):
                            reading = day * DAY + edge
                            if a <= reading < b and (edge % DAY, gap) not in reported:
                                reported.add((edge % DAY, gap))
                                yield DstEdge(reading, label, gap, node.zone)

    @property
    def timeline(self) -> Timeline:
        """This calendar's covered time as integer UTC microseconds (the engine's face).

        >>> Calendar.always().timeline.cov(0, 10)
        10
        """
        if self._timeline:
            return self._timeline[0]
        made = Timeline(
            cov=self._cov,
            add=self._add,
            subtract=self._subtract,
            next_open=self._next_open,
            next_close=self._next_close,
            periods=self._periods,
            chunk=self._chunk,
            dst_edges=self._dst_edges,
        )
        self._timeline[:] = [made]  # a race builds two equal ones: either is right
        return self._timeline[0]

    def is_always(self) -> bool:
        """Whether this calendar is ``Calendar.always()`` (covered around the clock).

        >>> mondays = Calendar.weekly({"mon": "09:00-17:00"}, tz="UTC")
        >>> Calendar.always().is_always(), mondays.is_always()
        (True, False)
        """
        return isinstance(self._node, _Always)

    # -- questions --------------------------------------------------------------------

    def elapsed(self, start: datetime, end: datetime) -> timedelta:
        """Covered time between two instants (negative when ``end`` is before ``start``).

        >>> from datetime import datetime, UTC
        >>> cal = Calendar.weekly({"mon-fri": "09:00-17:00"}, tz="UTC")
        >>> friday = datetime(2026, 11, 27, 16, tzinfo=UTC)
        >>> monday = datetime(2026, 11, 30, 10, tzinfo=UTC)
        >>> cal.elapsed(friday, monday)
        datetime.timedelta(seconds=7200)
        """
        try:
            a = (start - EPOCH) // ONE_US
            b = (end - EPOCH) // ONE_US
        except TypeError:
            a = to_us(start, "start")
            b = to_us(end, "end")
        k = a // SPAN
        if k == b // SPAN:  # both in one compiled year: two binary searches
            ch = self._chunks.get(k) or self._chunk(k)
            return timedelta(microseconds=ch.covered_before(b) - ch.covered_before(a))
        if a <= b:
            return timedelta(microseconds=self._cov(a, b))
        return timedelta(microseconds=-self._cov(b, a))

    def add(self, start: datetime, duration: timedelta, *, landing: Landing = "close") -> datetime:
        """The deadline: the earliest instant by which ``duration`` of coverage has passed.

        A deadline that lands on a closing instant stays there (``landing="close"``,
        the default); ``landing="open"`` moves it to the next opening. A negative
        duration subtracts. The result is in ``start``'s tzinfo.

        >>> from datetime import datetime, timedelta, UTC
        >>> cal = Calendar.weekly({"mon-fri": "09:00-17:00"}, tz="UTC")
        >>> monday = datetime(2026, 11, 30, 9, tzinfo=UTC)
        >>> cal.add(monday, timedelta(hours=8)).hour
        17
        >>> cal.add(monday, timedelta(hours=8), landing="open").day
        1
        """
        try:  # the common case first: an aware datetime
            a = (start - EPOCH) // ONE_US
        except TypeError:
            a = to_us(start, "start")  # raises the error that fits
        d = duration_us(duration)
        if landing == "close" and d > 0 and self.horizon >= _SPAN_TD:
            ch = self._chunks.get(a // SPAN) or self._chunk(a // SPAN)
            starts, acc = ch.starts, ch.acc
            i = bisect_right(starts, a) - 1
            if i >= 0:
                e = ch.ends[i]
                need = acc[i] + (a if a < e else e) - starts[i] + d
            else:
                need = d
            if need <= ch.total:  # the deadline lies in the same compiled year
                j = bisect_left(acc, need, 1) - 1
                return from_us(starts[j] + need - acc[j], start.tzinfo)  # type: ignore[arg-type]
        check_landing(landing)
        if d < 0:
            return self.subtract(start, -duration)
        t = self._add(a, d) if d else a
        if landing == "open":
            t = self._next_open(t)
        return start if t == a else from_us(t, start.tzinfo)  # type: ignore[arg-type]

    def subtract(self, end: datetime, duration: timedelta) -> datetime:
        """The latest instant from which ``duration`` of coverage runs up to ``end``.

        >>> from datetime import datetime, timedelta, UTC
        >>> cal = Calendar.weekly({"mon-fri": "09:00-17:00"}, tz="UTC")
        >>> cal.subtract(datetime(2026, 11, 30, 10, tzinfo=UTC), timedelta(hours=2)).day
        27
        """
        b = to_us(end, "end")
        d = duration_us(duration)
        if d < 0:
            return self.add(end, -duration)
        if d == 0:
            return end
        return from_us(self._subtract(b, d), end.tzinfo)  # type: ignore[arg-type]

    def is_open(self, instant: datetime) -> bool:
        """Whether ``instant`` is covered (periods are open at their start, closed at their end).

        >>> from datetime import datetime, UTC
        >>> cal = Calendar.weekly({"mon-fri": "09:00-17:00"}, tz="UTC")
        >>> cal.is_open(datetime(2026, 11, 30, 17, tzinfo=UTC))
        False
        """
        u = to_us(instant)
        return self._chunk(u // SPAN).is_open(u)

    def __contains__(self, instant: datetime) -> bool:
        return self.is_open(instant)

    def next_open(self, instant: datetime) -> datetime:
        """The earliest covered instant at or after ``instant`` (itself when covered).

        >>> from datetime import datetime, UTC
        >>> cal = Calendar.weekly({"mon-fri": "09:00-17:00"}, tz="UTC")
        >>> cal.next_open(datetime(2026, 11, 28, tzinfo=UTC)).day
        30
        """
        if KERNEL is not None:
            found: datetime | None = KERNEL.next_open(self._chunks, instant, self.horizon // ONE_US)
            if found is not None:
                return found
        u = to_us(instant)
        t = self._next_open(u)
        return instant if t == u else from_us(t, instant.tzinfo)  # type: ignore[arg-type]

    def next_close(self, instant: datetime) -> datetime:
        """The earliest uncovered instant at or after ``instant`` (itself when uncovered).

        >>> from datetime import datetime, UTC
        >>> cal = Calendar.weekly({"mon-fri": "09:00-17:00"}, tz="UTC")
        >>> cal.next_close(datetime(2026, 11, 30, 10, tzinfo=UTC)).hour
        17
        """
        if KERNEL is not None:
            found: datetime | None = KERNEL.next_close(
                self._chunks, instant, self.horizon // ONE_US
            )
            if found is not None:
                return found
        u = to_us(instant)
        t = self._next_close(u)
        return instant if t == u else from_us(t, instant.tzinfo)  # type: ignore[arg-type]

    def periods(self, start: datetime, end: datetime) -> list[Period]:
        """The maximal covered intervals within ``[start, end)``, in the calendar's zone.

        >>> from datetime import datetime, UTC
        >>> cal = Calendar.weekly({"daily": ["00:00-06:00", "18:00-24:00"]}, tz="UTC")
        >>> [(p.start.hour, p.end.hour) for p in cal.periods(
        ...     datetime(2026, 1, 1, 12, tzinfo=UTC), datetime(2026, 1, 2, 12, tzinfo=UTC))]
        [(18, 6)]
        """
        a = to_us(start, "start")
        b = to_us(end, "end")
        tz = self.tz
        return [Period(from_us(s, tz), from_us(e, tz)) for s, e in self._periods(a, b)]

    def explain(
        self, start: datetime, duration: timedelta, *, landing: Landing = "close"
    ) -> Explanation:
        """The deadline for ``duration`` from ``start`` and the covered periods it consumed.

        >>> from datetime import datetime, timedelta, UTC
        >>> ex = Calendar.always().explain(datetime(2026, 1, 1, tzinfo=UTC), timedelta(hours=1))
        >>> len(ex.periods), ex.deadline.hour
        (1, 1)
        """
        if duration_us(duration) < 0:
            raise ParseError(duration, "a duration >= 0", "duration")
        check_landing(landing)
        deadline = self.add(start, duration)  # the one search; "open" moves to the next opening
        moved = self.next_open(deadline) if landing == "open" else deadline
        return Explanation(start, duration, moved, landing, tuple(self.periods(start, deadline)))

    # -- many rows at once -------------------------------------------------------------

    def add_many(self, starts: Any, durations: Any, *, landing: Landing = "close") -> Any:
        """:meth:`add` for every row: lists of aware datetimes, NumPy ``datetime64``
        arrays (UTC) or pandas Series; ``durations`` likewise, or one timedelta for all.

        Vectorised with NumPy, row by row without it; either way identical to
        :meth:`add`. Missing rows (``None``, ``NaT``) stay missing in place.

        >>> from datetime import datetime, timedelta, UTC
        >>> cal = Calendar.weekly({"mon-fri": "09:00-17:00"}, tz="UTC")
        >>> cal.add_many([datetime(2026, 11, 30, 9, tzinfo=UTC)], timedelta(hours=8))[0].hour
        17
        """
        from slacalc.calendar.bulk import add_many

        return add_many(self, starts, durations, landing=landing)

    def subtract_many(self, ends: Any, durations: Any) -> Any:
        """:meth:`subtract` for every row (shapes as in :meth:`add_many`)."""
        from slacalc.calendar.bulk import subtract_many

        return subtract_many(self, ends, durations)

    def elapsed_many(self, starts: Any, ends: Any) -> Any:
        """:meth:`elapsed` for every row: a list of timedeltas for lists, a
        ``timedelta64[us]`` array for arrays, a Series for Series.

        >>> from datetime import datetime, UTC
        >>> cal = Calendar.always()
        >>> cal.elapsed_many([datetime(2026, 1, 1, tzinfo=UTC)], [datetime(2026, 1, 2, tzinfo=UTC)])
        [datetime.timedelta(days=1)]
        """
        from slacalc.calendar.bulk import elapsed_many

        return elapsed_many(self, starts, ends)

    # -- business days ----------------------------------------------------------------

    def _day_instants(self, ordinal: int) -> list[tuple[int, int]]:
        """The instants whose local reading falls on the local date ``ordinal``."""
        lo = ordinal_us(ordinal)
        pieces = local_to_utc(self.tz, [lo], [lo + DAY], lo - 2 * DAY, lo + 3 * DAY)
        return list(zip(*_spans.merge(pieces), strict=True))

    def _first_reading(self, reading: int) -> int:
        """The earliest instant whose local reading is at or after ``reading``."""
        pieces = local_to_utc(
            self.tz, [reading], [reading + 3 * DAY], reading - 2 * DAY, reading + 3 * DAY
        )
        return min(s for s, _ in pieces)

    def add_days(
        self, start: datetime, days: int, *, at: Literal["same_time", "close"] = "same_time"
    ) -> datetime:
        """A business-day target: the ``days``-th following local date that has coverage.

        ``at="same_time"`` gives the same local clock time on that date (then
        :meth:`next_open`); ``at="close"`` gives the close of coverage on that date:
        the end of its last covered period, cut at the date's end (so an overnight
        shift's date closes at midnight, and a 24-hour day at the next midnight).
        A date *has coverage* when some covered instant's local reading falls on it.

        >>> from datetime import datetime, UTC
        >>> cal = Calendar.weekly({"mon-fri": "09:00-17:00"}, tz="UTC")
        >>> cal.add_days(datetime(2026, 11, 27, 11, tzinfo=UTC), 1)   # Friday -> Monday
        datetime.datetime(2026, 11, 30, 11, 0, tzinfo=datetime.timezone.utc)
        """
        u = to_us(start, "start")
        whole(days, "days", 1, expected="a number of business days >= 1")
        if at not in ("same_time", "close"):
            raise ParseError(at, "'same_time' or 'close'", "at")
        reading = local_us(from_us(u, self.tz).replace(tzinfo=None))
        ordinal = us_ordinal(reading)
        limit = u + self.horizon // ONE_US
        found = 0
        while found < days:
            ordinal += 1
            if ordinal > _MAX_ORDINAL or ordinal_us(ordinal) - 2 * DAY > limit:
                raise self._never_open(u, "after")
            ranges = self._day_instants(ordinal)
            if any(self._cov(s, e) for s, e in ranges):
                found += 1
                if ranges:
                    limit = max(limit, ranges[-1][1] + self.horizon // ONE_US)
        if at == "same_time":
            t = self._next_open(self._first_reading(ordinal_us(ordinal) + reading % DAY))
        else:
            t = max(p[1] for s, e in ranges for p in self._periods(s, e))
        return from_us(t, start.tzinfo)  # type: ignore[arg-type]


#: The pure-Python methods the kernel fronts (``_kernel.front``).
_PURE_METHODS: Final = {name: Calendar.__dict__[name] for name in ("add", "subtract", "elapsed")}


def _front_methods(kernel: ModuleType | None) -> None:
    """Put the C kernel's methods in front of ``add``, ``subtract`` and ``elapsed``
    (``kernel`` None: the pure methods alone). Done once at import; the tests and
    benchmarks call it to time or check the pure path in the same process.

    A front answers the common case in C and hands every other call, and every
    error, to the pure method, whose docstring and signature it shows.
    """
    for name, pure in _PURE_METHODS.items():
        setattr(Calendar, name, pure if kernel is None else kernel.front(name, pure))


_front_methods(KERNEL)


def deadline(
    calendar: Calendar, start: datetime, duration: timedelta, *, landing: Landing = "close"
) -> datetime:
    """When ``duration`` of business time from ``start`` runs out: ``calendar.add``.

    >>> from datetime import datetime, timedelta, UTC
    >>> import slacalc as sc
    >>> sc.deadline(sc.Calendar.always(), datetime(2026, 1, 1, tzinfo=UTC), timedelta(hours=4)).hour
    4
    """
    return calendar.add(start, duration, landing=landing)


def elapsed(calendar: Calendar, start: datetime, end: datetime) -> timedelta:
    """Business time between ``start`` and ``end``: ``calendar.elapsed``.

    >>> from datetime import datetime, UTC
    >>> import slacalc as sc
    >>> sc.elapsed(sc.Calendar.always(), datetime(2026, 1, 1, tzinfo=UTC),
    ...            datetime(2026, 1, 2, tzinfo=UTC))
    datetime.timedelta(days=1)
    """
    return calendar.elapsed(start, end)
