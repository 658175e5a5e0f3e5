"""Calendar months and reporting periods (a month, a quarter, a half, a year).

Measurement buckets tickets by the local month in which their clock started, in
the zone of the SLA's calendar; a report covers a run of whole months.

>>> Month(2026, 7).shift(-1), str(Month.parse("2026-07"))
(Month(year=2026, month=6), '2026-07')
>>> [str(m) for m in ReportingPeriod.parse("2026-Q3").months]
['2026-07', '2026-08', '2026-09']
"""

from __future__ import annotations

import re
from datetime import datetime, tzinfo

import attrs

from slacalc._validate import whole
from slacalc.errors import ArgumentTypeError, ParseError

__all__ = ["Month", "ReportingPeriod"]

_MONTH = re.compile(r"(\d{4})-(\d{2})")
_PERIOD = re.compile(r"(\d{4})(?:-(?:(\d{2})|Q([1-4])|H([12])))?", re.IGNORECASE)
_PERIOD_TEXT = "a period 'YYYY-MM', 'YYYY-Qn', 'YYYY-Hn' or 'YYYY' (e.g. '2026-Q3')"


def _year(inst: object, attr: attrs.Attribute[int], value: object) -> None:
    whole(value, attr.name, 1, 9999, "a year from 1 to 9999")


def _month(inst: object, attr: attrs.Attribute[int], value: object) -> None:
    whole(value, attr.name, 1, 12, "a month from 1 to 12")


@attrs.frozen(order=True)
class Month:
    """A calendar month; ordered, hashable, written ``YYYY-MM``.

    >>> Month(2026, 12).shift(1)
    Month(year=2027, month=1)
    """

    year: int = attrs.field(validator=_year)
    month: int = attrs.field(validator=_month)

    @classmethod
    def parse(cls, text: str, where: str = "month") -> Month:
        """Read ``YYYY-MM``.

        >>> Month.parse("2026-03")
        Month(year=2026, month=3)
        """
        m = _MONTH.fullmatch(text.strip()) if isinstance(text, str) else None
        if m is None or not 1 <= int(m[2]) <= 12:
            raise ParseError(text, "a month 'YYYY-MM'", where)
        return cls(int(m[1]), int(m[2]))

    @classmethod
    def of(cls, instant: datetime, tz: tzinfo) -> Month:
        """The month of ``instant``'s local reading in ``tz``."""
        local = instant.astimezone(tz)
        return cls(local.year, local.month)

    @property
    def index(self) -> int:
        """Months since year 0: consecutive months have consecutive indexes."""
        return self.year * 12 + self.month - 1

    def shift(self, months: int) -> Month:
        """The month ``months`` later (earlier when negative)."""
        year, month = divmod(self.index + months, 12)
        return Month(year, month + 1)

    def start(self, tz: tzinfo) -> datetime:
        """Local midnight on the first of the month in ``tz``, as an aware datetime."""
        return datetime(self.year, self.month, 1, tzinfo=tz)

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"


def _month_value(inst: object, attr: attrs.Attribute[Month], value: object) -> None:
    if not isinstance(value, Month):
        raise ArgumentTypeError(attr.name, value, "a Month")


@attrs.frozen
class ReportingPeriod:
    """A run of whole months, ``first`` to ``last`` inclusive, with a label.

    >>> p = ReportingPeriod.parse("2026-H1")
    >>> p.label, str(p.first), str(p.last), len(p.months)
    ('2026-H1', '2026-01', '2026-06', 6)
    """

    first: Month = attrs.field(validator=_month_value)
    last: Month = attrs.field(validator=_month_value)
    label: str = ""

    def __attrs_post_init__(self) -> None:
        if self.last < self.first:
            raise ParseError(f"{self.first}..{self.last}", "a period whose last month >= first")
        if not self.label:
            text = str(self.first) if self.first == self.last else f"{self.first}..{self.last}"
            object.__setattr__(self, "label", text)

    @classmethod
    def parse(cls, text: str, where: str = "period") -> ReportingPeriod:
        """Read ``2026-07`` (a month), ``2026-Q3``, ``2026-H2`` or ``2026`` (a year).

        >>> ReportingPeriod.parse("2026-q4").label
        '2026-Q4'
        """
        m = _PERIOD.fullmatch(text.strip()) if isinstance(text, str) else None
        if m is None:
            raise ParseError(text, _PERIOD_TEXT, where)
        year = int(m[1])
        if m[2]:
            if not 1 <= int(m[2]) <= 12:
                raise ParseError(text, _PERIOD_TEXT, where)
            month = Month(year, int(m[2]))
            return cls(month, month, str(month))
        if m[3]:
            q = int(m[3])
            return cls(Month(year, 3 * q - 2), Month(year, 3 * q), f"{year}-Q{q}")
        if m[4]:
            h = int(m[4])
            return cls(Month(year, 6 * h - 5), Month(year, 6 * h), f"{year}-H{h}")
        return cls(Month(year, 1), Month(year, 12), str(year))

    @property
    def months(self) -> tuple[Month, ...]:
        """Every month of the period, in order."""
        return tuple(self.first.shift(i) for i in range(self.last.index - self.first.index + 1))

    def start(self, tz: tzinfo) -> datetime:
        """The period's first instant: local midnight starting its first month in ``tz``."""
        return self.first.start(tz)

    def end(self, tz: tzinfo) -> datetime:
        """The instant after the period: local midnight starting the following month."""
        return self.last.shift(1).start(tz)

    def __contains__(self, month: object) -> bool:
        return isinstance(month, Month) and self.first <= month <= self.last
