"""Recurring windows: "first Sunday of each month, 02:00-06:00".

A :class:`Recurring` is an RFC 5545 RRULE over *local dates* (python-dateutil
does the rule) and a window on each date it yields. It is used as a closure or an
opening of a weekly calendar, matched on wall-clock readings like the weekly hours.

>>> import slacalc as sc
>>> patching = sc.Recurring("FREQ=MONTHLY;BYDAY=1SU", "02:00-06:00")
>>> cal = sc.Calendar.weekly({"daily": "00:00-24:00"}, tz="Europe/London", closures=[patching])
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

import attrs
from dateutil.relativedelta import relativedelta
from dateutil.rrule import rrule, rrulestr

from slacalc._engine.instants import ordinal_us
from slacalc.calendar._hours import Window, parse_window
from slacalc.errors import ArgumentTypeError, ParseError

__all__ = ["Recurring"]

_DEFAULT_START = date(1970, 1, 1)
_FREQS = {"DAILY", "WEEKLY", "MONTHLY", "YEARLY"}


#: RFC 5545's ranges for the numeric rule parts (a value outside can never match).
_RANGES = {
    "BYMONTH": (1, 12),
    "BYMONTHDAY": (-31, 31),
    "BYYEARDAY": (-366, 366),
    "BYWEEKNO": (-53, 53),
    "BYSETPOS": (-366, 366),
}
#: The window gives the time of day, so these parts would be ignored: refused.
_TIME_PARTS = {"BYHOUR", "BYMINUTE", "BYSECOND"}
#: Largest INTERVAL and COUNT accepted (both bound the work one rule can cause).
_MAX_INTERVAL, _MAX_COUNT = 1000, 100_000
#: The Gregorian calendar repeats every 400 years (weekdays included), so a rule
#: with no date in 400 * INTERVAL years has none ever.
_CYCLE_YEARS = 400
_DAY_PARTS = ("BYWEEKNO", "BYYEARDAY", "BYMONTHDAY", "BYDAY")


def _integer(rule: str, key: str, value: str, lo: int, hi: int) -> int:
    digits = value.removeprefix("-").removeprefix("+")
    if not (digits.isascii() and digits.isdigit() and len(digits) <= 4):
        raise ParseError(rule, f"an RRULE whose {key} is an integer ({value!r} is not)")
    n = int(value)
    if not lo <= n <= hi or n == 0:
        span = f"{lo}..{hi}" + (", not 0" if lo < 0 else "")
        raise ParseError(rule, f"an RRULE whose {key} is in {span} ({n} is not)")
    return n


def _rule_parts(rule: str) -> dict[str, str]:
    text = rule.strip()
    if text.upper().startswith("RRULE:"):
        text = text[6:]
    parts: dict[str, str] = {}
    for item in text.split(";"):
        key, sep, value = item.partition("=")
        if not sep:
            raise ParseError(rule, "an RRULE such as 'FREQ=MONTHLY;BYDAY=1SU'")
        key = key.strip().upper()
        if key in parts:
            raise ParseError(rule, f"an RRULE that gives {key} once")
        if key in _TIME_PARTS:
            raise ParseError(
                rule, f"an RRULE of dates ({key} is not used: the window gives the hours)"
            )
        parts[key] = value.strip().upper()
    freq = parts.get("FREQ")
    for key, (lo, hi) in _RANGES.items():
        for v in filter(None, parts.get(key, "").split(",")):
            _integer(rule, key, v, lo, hi)
    if "INTERVAL" in parts:
        _integer(rule, "INTERVAL", parts["INTERVAL"], 1, _MAX_INTERVAL)
    if "COUNT" in parts:
        _integer(rule, "COUNT", parts["COUNT"], 1, _MAX_COUNT)
    for v in filter(None, parts.get("BYDAY", "").split(",")):
        n = v[:-2]
        if n not in ("", "+", "-"):
            bound = 5 if freq == "MONTHLY" or "BYMONTH" in parts else 53
            _integer(rule, "BYDAY ordinal", n, -bound, bound)
    return parts


def _search_text(text: str, parts: dict[str, str]) -> str:
    """The same dates as a YEARLY rule where that is exact, so a search costs one
    step per year, not per day: INTERVAL 1, no COUNT or BYSETPOS, a day-level part,
    and no ordinal weekday (whose meaning depends on the frequency)."""
    if (
        parts["FREQ"] == "YEARLY"
        or parts.get("INTERVAL", "1") != "1"
        or "COUNT" in parts
        or "BYSETPOS" in parts
        or not any(k in parts for k in _DAY_PARTS)
        or any(not v[:1].isalpha() for v in parts.get("BYDAY", "").split(",") if v)
    ):
        return text
    return ";".join(f"{k}={'YEARLY' if k == 'FREQ' else v}" for k, v in parts.items())


@attrs.frozen
class Recurring:
    """A window recurring on the local dates an RRULE yields.

    ``rule`` is an RRULE body such as ``"FREQ=WEEKLY;BYDAY=SA"`` (no DTSTART: give
    ``start``, the date the rule counts from, default 1970-01-01; it matters only
    for ``INTERVAL`` and ``COUNT``). ``hours`` is a window ``HH:MM-HH:MM`` (an
    overnight window belongs to the date the rule yields).

    >>> Recurring("FREQ=MONTHLY;BYDAY=1SU", "02:00-06:00").dates(date(2026, 1, 1), date(2026, 4, 1))
    [datetime.date(2026, 1, 4), datetime.date(2026, 2, 1), datetime.date(2026, 3, 1)]
    """

    rule: str
    hours: str
    start: date | None = None
    _window: Window = attrs.field(init=False, repr=False, eq=False)
    _parts: dict[str, str] = attrs.field(init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        if not isinstance(self.rule, str):
            raise ArgumentTypeError("rule", self.rule, "an RRULE string")
        if self.start is not None and (
            not isinstance(self.start, date) or isinstance(self.start, datetime)
        ):
            raise ArgumentTypeError("start", self.start, "a datetime.date")
        parts = _rule_parts(self.rule)
        if "DTSTART" in self.rule.upper():
            raise ParseError(self.rule, "an RRULE without DTSTART (give start=date instead)")
        if parts.get("FREQ") not in _FREQS:
            raise ParseError(self.rule, "an RRULE with FREQ=DAILY, WEEKLY, MONTHLY or YEARLY")
        object.__setattr__(self, "_parts", parts)
        try:
            self._rrule(self.start or _DEFAULT_START)
        except (ValueError, TypeError, IndexError) as exc:
            raise ParseError(self.rule, f"a valid RRULE ({exc})") from None
        object.__setattr__(self, "_window", parse_window(self.hours, "hours"))
        self._check_matches()

    def _check_matches(self) -> None:
        """Refuse a rule that yields no date in a whole 400-year cycle: it never does."""
        anchor = self.start or _DEFAULT_START
        years = _CYCLE_YEARS * int(self._parts.get("INTERVAL", "1"))
        last = date(min(anchor.year + years, date.max.year), 12, 31)
        if not self._dates(anchor, last, first_only=True):
            raise ParseError(
                self.rule,
                f"an RRULE that matches some date (this one yields none in {years} years "
                f"from {anchor.isoformat()}, so it never does)",
            )

    def _rrule(self, anchor: date, search: bool = False) -> rrule:
        text = self.rule.strip()
        if text.upper().startswith("RRULE:"):
            text = text[6:]
        if search:
            text = _search_text(text, self._parts)
        r = rrulestr(text, dtstart=datetime(anchor.year, anchor.month, anchor.day))
        assert isinstance(r, rrule)
        return r

    def _anchor_near(self, lo: date) -> date:
        """A start with the same occurrences from ``lo`` on, close before ``lo``.

        Moving the start by whole periods keeps the rule's phase, so far dates cost
        no more than near ones. Rules with COUNT, or whose start day does not exist in
        every period, are counted from their real start.
        """
        anchor = self.start or _DEFAULT_START
        parts = self._parts
        if "COUNT" in parts or lo <= anchor:
            return anchor
        step = int(parts.get("INTERVAL", "1"))
        freq = "YEARLY" if _search_text("", parts) else parts["FREQ"]
        if freq in ("DAILY", "WEEKLY"):
            days = step * (7 if freq == "WEEKLY" else 1)
            k = (lo.toordinal() - anchor.toordinal() - 7) // days
            return date.fromordinal(anchor.toordinal() + k * days) if k > 0 else anchor
        months = step * (12 if freq == "YEARLY" else 1)
        if anchor.day > 28:
            return anchor
        gap = (lo.year - anchor.year) * 12 + lo.month - anchor.month - 12
        k = gap // months
        if k <= 0:
            return anchor
        return anchor + relativedelta(months=k * months)  # the day is at most 28

    def dates(self, lo: date, hi: date) -> list[date]:
        """The dates in ``[lo, hi)`` on which the window recurs."""
        if hi <= lo:
            return []
        return self._dates(lo, hi - timedelta(days=1))

    def _dates(self, lo: date, last: date, first_only: bool = False) -> list[date]:
        """The dates in ``[lo, last]`` on which the window recurs.

        The rule starts near ``lo`` and stops at ``last`` (``until``), so the cost is
        bounded by the span, not by the distance from the rule's start.
        """
        start = datetime(lo.year, lo.month, lo.day)
        end = datetime(last.year, last.month, last.day)
        out: list[date] = []
        occurrences = iter(self._rrule(self._anchor_near(lo), search=True).replace(until=end))
        while True:
            try:
                found = next(occurrences)
            except (StopIteration, ValueError):  # ValueError: the rule passed year 9999
                return out
            if found > end:
                return out
            if found >= start:
                out.append(found.date())
                if first_only:
                    return out

    def local_spans(self, lo_ordinal: int, hi_ordinal: int) -> list[tuple[int, int]]:
        """Local-timeline intervals for the occurrences on ordinals ``[lo, hi)``."""
        s, e = self._window
        last = min(hi_ordinal - 1, date.max.toordinal())
        if last < lo_ordinal:
            return []
        out = []
        for d in self._dates(date.fromordinal(lo_ordinal), date.fromordinal(last)):
            base = ordinal_us(d.toordinal())
            out.append((base + s, base + e))
        return out
