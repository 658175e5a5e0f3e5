"""Public holidays from ISO codes (via the ``holidays`` package), HolidayBase objects or dates."""

from __future__ import annotations

import threading
from collections.abc import Iterable
from datetime import date, datetime

import holidays as _hol

from slacalc.errors import ArgumentTypeError, UnknownCountryError

Source = str | _hol.HolidayBase | frozenset[date]


def _country(code: str) -> tuple[str, str | None]:
    country, _, subdiv = code.strip().partition("-")
    return country.upper(), (subdiv.upper() or None)


def _make(code: str, years: Iterable[int]) -> _hol.HolidayBase:
    country, subdiv = _country(code)
    try:
        return _hol.country_holidays(country, subdiv=subdiv, years=list(years))
    except NotImplementedError as exc:
        raise UnknownCountryError(code, str(exc)) from None


class HolidaySet:
    """The holidays of a calendar, expanded year by year on demand (thread-safe)."""

    __slots__ = ("_cache", "_lock", "sources")

    def __init__(self, value: object) -> None:
        self.sources: tuple[Source, ...] = tuple(_normalise(value))
        self._cache: dict[int, frozenset[int]] = {}
        self._lock = threading.Lock()
        for src in self.sources:
            if isinstance(src, str):
                _make(src, ())  # refuse unknown codes now, not at first use

    def __bool__(self) -> bool:
        return bool(self.sources)

    def __getstate__(self) -> tuple[Source, ...]:
        return self.sources

    def __setstate__(self, state: tuple[Source, ...]) -> None:
        self.sources = state
        self._cache = {}
        self._lock = threading.Lock()

    def ordinals(self, year: int) -> frozenset[int]:
        """Holiday dates of ``year`` as proleptic ordinals."""
        cached = self._cache.get(year)
        if cached is not None:
            return cached
        found: set[int] = set()
        for src in self.sources:
            if isinstance(src, frozenset):
                found.update(d.toordinal() for d in src if d.year == year)
                continue
            try:
                if isinstance(src, str):
                    obj = _make(src, (year,))
                    found.update(d.toordinal() for d in obj if d.year == year)
                else:
                    with self._lock:  # HolidayBase fills years in place when asked
                        date(year, 1, 1) in src  # noqa: B015
                        found.update(d.toordinal() for d in list(src) if d.year == year)
            except (ValueError, OverflowError, KeyError, NotImplementedError):
                continue  # beyond what the holidays package knows
        result = frozenset(found)
        self._cache[year] = result
        return result


def _normalise(value: object) -> list[Source]:
    if value is None:
        return []
    if isinstance(value, str | _hol.HolidayBase):
        return [value]
    if isinstance(value, date) and not isinstance(value, datetime):
        return [frozenset({value})]
    if not isinstance(value, Iterable):
        raise ArgumentTypeError(
            "holidays", value, "an ISO code, a holidays.HolidayBase, or an iterable of dates"
        )
    out: list[Source] = []
    dates: set[date] = set()
    for item in value:
        if isinstance(item, str | _hol.HolidayBase):
            out.append(item)
        elif isinstance(item, date) and not isinstance(item, datetime):
            dates.add(item)
        else:
            raise ArgumentTypeError(
                "holidays item", item, "an ISO code, a holidays.HolidayBase, or a date"
            )
    if dates:
        out.append(frozenset(dates))
    return out
