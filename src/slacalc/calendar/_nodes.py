"""What a calendar is made of: weekly windows in a zone, 24x7, and the algebra nodes.

Each node compiles one chunk of the UTC line (``spans(k)``) into sorted, merged
``(starts, ends)`` lists; :class:`slacalc.Calendar` caches and queries them.
Weekly nodes build *local* intervals date by date (windows of non-holiday dates,
less closures, plus openings) and map them to instants through the zone's
constant-offset segments, so coverage is defined on wall-clock readings.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime, tzinfo
from typing import TYPE_CHECKING, Protocol

import attrs

from slacalc._engine import spans as _spans
from slacalc._engine.instants import DAY, local_us, ordinal_us, us_ordinal
from slacalc._engine.timeline import SPAN
from slacalc._engine.zones import local_to_utc, zone_name
from slacalc.calendar._holidays import HolidaySet
from slacalc.calendar._hours import DAYS, Window, format_clock
from slacalc.calendar.recurring import Recurring
from slacalc.errors import InvalidValueError, ParseError

if TYPE_CHECKING:
    from slacalc.calendar.calendar import Calendar

_MIN_ORDINAL = date.min.toordinal()
_MAX_ORDINAL = date.max.toordinal()
_RANGE_TEXT = "a (start, end) pair of 'YYYY-MM-DD HH:MM' readings, a date, or a Recurring"


#: The longest text one part of a calendar's repr may take; a longer part keeps its
#: beginning and end around " ... ", so a repr costs at most this much per node.
REPR_LIMIT = 1_000


class _Node(Protocol):
    def spans(self, k: int) -> _spans.Spans: ...

    def describe(self, memo: dict[int, str]) -> str: ...


@attrs.frozen(eq=False)
class _Always:
    def spans(self, k: int) -> _spans.Spans:
        return [k * SPAN], [(k + 1) * SPAN]

    def describe(self, memo: dict[int, str]) -> str:
        return "Calendar.always()"


def _reading(value: object, where: str) -> int:
    """A wall-clock reading (naive datetime, date, or ISO text) on the local timeline."""
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            raise ParseError(
                value, "a wall-clock reading (naive datetime) in the calendar's zone", where
            )
        return local_us(value)
    if isinstance(value, date):
        return ordinal_us(value.toordinal())
    if isinstance(value, str):
        try:
            parsed = datetime.fromisoformat(value.strip())
        except ValueError:
            parsed = None
        if parsed is None or parsed.tzinfo is not None:
            raise ParseError(value, "a local reading 'YYYY-MM-DD HH:MM' (no offset)", where)
        return local_us(parsed)
    raise ParseError(value, _RANGE_TEXT, where)


def _ranges(
    items: Iterable[object] | None, where: str
) -> tuple[_spans.Spans, tuple[Recurring, ...]]:
    fixed: list[tuple[int, int]] = []
    recurring: list[Recurring] = []
    if items is None:
        return ([], []), ()
    if isinstance(items, str | Recurring | date) or not isinstance(items, Iterable):
        items = [items]
    for i, item in enumerate(items):
        path = f"{where}[{i}]"
        if isinstance(item, Recurring):
            recurring.append(item)
        elif isinstance(item, date | str) and not isinstance(item, datetime):
            start = _reading(item, path)
            if isinstance(item, str) and start % DAY:
                raise ParseError(item, _RANGE_TEXT, path)
            fixed.append((start, start + DAY))
        elif isinstance(item, Sequence) and len(item) == 2:
            start, end = _reading(item[0], path), _reading(item[1], path)
            if end <= start:
                raise ParseError(list(item), "a range whose end is after its start", path)
            fixed.append((start, end))
        else:
            raise ParseError(item, _RANGE_TEXT, path)
    return _spans.merge(fixed), tuple(recurring)


def _ranges_on(
    fixed: _spans.Spans, recurring: tuple[Recurring, ...], o_lo: int, o_hi: int
) -> _spans.Spans:
    """Closures or openings on the local dates ``o_lo..o_hi``: the fixed ranges clipped
    to them (and a day on), merged with the recurring windows of those dates."""
    spans = _spans.clip(fixed, ordinal_us(o_lo), ordinal_us(o_hi) + DAY)
    if recurring:
        extra = [p for r in recurring for p in r.local_spans(o_lo, o_hi)]
        spans = _spans.merge([*zip(*spans, strict=True), *extra])
    return spans


@attrs.frozen(eq=False)
class _Weekly:
    zone: tzinfo
    week: tuple[tuple[Window, ...], ...]
    holidays: HolidaySet
    closures: _spans.Spans
    openings: _spans.Spans
    recurring_closures: tuple[Recurring, ...]
    recurring_openings: tuple[Recurring, ...]

    def _local(self, o_lo: int, o_hi: int) -> _spans.Spans:
        hol: set[int] = set()
        if self.holidays:
            for year in range(date.fromordinal(o_lo).year, date.fromordinal(o_hi - 1).year + 1):
                hol |= self.holidays.ordinals(year)
        week = self.week
        pairs: list[tuple[int, int]] = []
        base = ordinal_us(o_lo)
        for o in range(o_lo, o_hi):
            if o not in hol:
                for s, e in week[(o - 1) % 7]:
                    pairs.append((base + s, base + e))
            base += DAY
        covered = _spans.merge(pairs)
        if self.closures[0] or self.recurring_closures:
            closed = _ranges_on(self.closures, self.recurring_closures, o_lo, o_hi)
            covered = _spans.difference(covered, closed)
        if self.openings[0] or self.recurring_openings:
            opened = _ranges_on(self.openings, self.recurring_openings, o_lo, o_hi)
            covered = _spans.union(covered, opened)
        return covered

    def spans(self, k: int) -> _spans.Spans:
        lo, hi = k * SPAN, (k + 1) * SPAN
        # Readings of [lo, hi) lie within a day and a bit of it; windows reach 2 days on.
        o_lo = max(us_ordinal(lo) - 4, _MIN_ORDINAL)
        o_hi = min(us_ordinal(hi) + 3, _MAX_ORDINAL + 1)
        if o_lo >= o_hi:
            return [], []
        starts, ends = self._local(o_lo, o_hi)
        return _spans.merge(local_to_utc(self.zone, starts, ends, lo, hi))

    def describe(self, memo: dict[int, str]) -> str:
        hours = {}
        for i, windows in enumerate(self.week):
            if windows:
                hours[DAYS[i]] = [
                    f"{format_clock(s)}-{format_clock(e if e == DAY else e % DAY)}"
                    for s, e in windows
                ]
        text = f"Calendar.weekly({hours!r}, tz={zone_name(self.zone)!r}"
        if self.holidays:
            codes = [s if isinstance(s, str) else "..." for s in self.holidays.sources]
            text += f", holidays={codes!r}"
        if self.closures[0] or self.recurring_closures:
            text += ", closures=[...]"
        if self.openings[0] or self.recurring_openings:
            text += ", openings=[...]"
        return text + ")"


#: How deep calendar operators may nest (as the catalogue's expressions: MAX_EXPR_DEPTH).
MAX_DEPTH = 100


def depth(node: _Node) -> int:
    """How deep ``node``'s operators nest (0 for a weekly or 24x7 calendar)."""
    return node.depth if isinstance(node, _Op) else 0


@attrs.frozen(eq=False)
class _Op:
    op: str
    left: Calendar
    right: Calendar | None = None
    depth: int = attrs.field(init=False)

    def __attrs_post_init__(self) -> None:
        below = max(depth(self.left._node), 0 if self.right is None else depth(self.right._node))
        if below + 1 > MAX_DEPTH:
            raise InvalidValueError(
                f"calendar {self.op}",
                f"{below + 1} nested operators",
                f"at most {MAX_DEPTH} levels of |, &, - and ~ (combine a flat list of "
                "calendars, e.g. functools.reduce over a balanced pairing, or one "
                "Calendar.weekly with several windows a day)",
            )
        object.__setattr__(self, "depth", below + 1)

    def spans(self, k: int) -> _spans.Spans:
        a = self.left._chunk(k)
        sa = (a.starts, a.ends)
        if self.right is None:
            return _spans.complement(sa, a.lo, a.hi)
        b = self.right._chunk(k)
        sb = (b.starts, b.ends)
        if self.op == "|":
            return _spans.union(sa, sb)
        if self.op == "&":
            return _spans.intersection(sa, sb)
        return _spans.difference(sa, sb)

    def describe(self, memo: dict[int, str]) -> str:
        if self.right is None:
            return f"~{_part(self.left, memo)}"
        return f"({_part(self.left, memo)} {self.op} {_part(self.right, memo)})"


def _part(cal: Calendar, memo: dict[int, str]) -> str:
    """One operand's text, once per calendar object, at most about REPR_LIMIT long.

    A calendar combined with itself (``c | c``, again and again) is one object
    reached many ways: its text is built once, so a repr costs no more than
    the calendar has distinct parts.
    """
    key = id(cal)
    if key not in memo:
        text = cal._node.describe(memo)
        if len(text) > REPR_LIMIT:
            half = REPR_LIMIT // 2
            text = f"{text[:half]} ... {text[-half:]}"
        memo[key] = text
    return memo[key]


def weekly_parts(node: _Node) -> Iterator[_Weekly]:
    """The distinct weekly calendars a node is built from, left to right (each once)."""
    seen: set[int] = set()
    stack: list[_Node] = [node]
    while stack:
        here = stack.pop()
        if id(here) in seen:
            continue
        seen.add(id(here))
        if isinstance(here, _Weekly):
            yield here
        elif isinstance(here, _Op):
            if here.right is not None:
                stack.append(here.right._node)
            stack.append(here.left._node)
