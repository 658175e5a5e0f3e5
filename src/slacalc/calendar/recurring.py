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


def _rule_parts(rule: str) -> dict[str, str]:
    text = rule.strip()
    if text.upper().startswith("RRULE:"):
        text = text[6:]
    parts: dict[str, str] = {}
    for item in text.split(";"):
        key, sep, value = item.partition("=")
        if not sep:
            raise ParseError(rule, "an RRULE such as 'FREQ=MONTHLY;BYDAY=1SU'")
        parts[key.strip().upper()] = value.strip().upper()
    return parts


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
        try:
            self._rrule(self.start or _DEFAULT_START)
        except (ValueError, TypeError) as exc:
            raise ParseError(self.rule, f"a valid RRULE ({exc})") from None
        object.__setattr__(self, "_parts", parts)
        object.__setattr__(self, "_window", parse_window(self.hours, "hours"))

    def _rrule(self, anchor: date) -> rrule:
        text = self.rule.strip()
        if text.upper().startswith("RRULE:"):
            text = text[6:]
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
        freq = parts["FREQ"]
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

    def _dates(self, lo: date, last: date) -> list[date]:
        """The dates in ``[lo, last]`` on which the window recurs."""
        start = datetime(lo.year, lo.month, lo.day)
        end = datetime(last.year, last.month, last.day)
        out: list[date] = []
        occurrences = iter(self._rrule(self._anchor_near(lo)))
        while True:
            try:
                found = next(occurrences)
            except (StopIteration, ValueError):  # ValueError: the rule passed year 9999
                return out
            if found > end:
                return out
            if found >= start:
                out.append(found.date())

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
