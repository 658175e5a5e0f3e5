"""Public holidays from ISO codes (via the ``holidays`` package), HolidayBase objects or dates."""

from __future__ import annotations

import copy
import functools
import threading
from collections.abc import Iterable, Iterator
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


#: How many (country, subdivision, year) holiday sets :func:`_year_of` keeps.
HOLIDAYS_MEMO = 256


@functools.lru_cache(maxsize=HOLIDAYS_MEMO)
def _year_of(country: str, subdiv: str | None, year: int) -> frozenset[int]:
    """The holidays of one country (and subdivision) in one year, as ordinals.

    A pure function of immutable inputs, memoised in a bounded, thread-safe
    :func:`functools.lru_cache`: calendars that share a country share the answer.
    Not state: clearing the memo changes nothing but time.
    """
    try:
        obj = _hol.country_holidays(country, subdiv=subdiv, years=[year])
    except NotImplementedError as exc:
        raise UnknownCountryError(f"{country}-{subdiv}" if subdiv else country, str(exc)) from None
    return frozenset(d.toordinal() for d in obj if d.year == year)


@functools.lru_cache(maxsize=HOLIDAYS_MEMO)
def _known(code: str) -> None:
    """Refuse an unknown code (remembered when known: the check builds a holidays object)."""
    _make(code, ())


class HolidaySet:
    """The holidays of a calendar, expanded year by year on demand (thread-safe)."""

    __slots__ = ("_cache", "_lock", "sources")

    def __init__(self, value: object) -> None:
        self.sources: tuple[Source, ...] = tuple(_normalise(value))
        self._cache: dict[int, frozenset[int]] = {}
        self._lock = threading.Lock()
        for src in self.sources:
            if isinstance(src, str):
                _known(src)  # refuse unknown codes now, not at first use

    def __bool__(self) -> bool:
        return bool(self.sources)

    def codes(self) -> Iterator[str]:
        """The ISO code of every source that has one (a HolidayBase by its country)."""
        for src in self.sources:
            if isinstance(src, str):
                yield src
            elif isinstance(src, _hol.HolidayBase) and getattr(src, "country", None):
                subdiv = getattr(src, "subdiv", None)
                yield f"{src.country}-{subdiv}" if subdiv else str(src.country)

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
                    found.update(_year_of(*_country(src), year))
                else:
                    with self._lock:  # HolidayBase fills years in place when asked
                        date(year, 1, 1) in src  # noqa: B015
                        found.update(d.toordinal() for d in list(src) if d.year == year)
            except (ValueError, OverflowError, KeyError, NotImplementedError):
                continue  # beyond what the holidays package knows
        result = frozenset(found)
        self._cache[year] = result
        return result


def _source(item: str | _hol.HolidayBase) -> Source:
    """A code as given, an ISO date string as that date (like closures), and a copy
    of a caller's HolidayBase: it fills years in place when asked, so a calendar
    must own the one it fills (calendars sharing one object raced on it)."""
    if isinstance(item, _hol.HolidayBase):
        return copy.deepcopy(item)
    text = item.strip()
    if len(text) == 10 and text[:4].isdigit():
        try:
            return frozenset({date.fromisoformat(text)})
        except ValueError:
            pass
    return item


def _normalise(value: object) -> list[Source]:
    if value is None:
        return []
    if isinstance(value, str | _hol.HolidayBase):
        return [_source(value)]
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
            found = _source(item)
            if isinstance(found, frozenset):
                dates.update(found)
            else:
                out.append(found)
        elif isinstance(item, date) and not isinstance(item, datetime):
            dates.add(item)
        else:
            raise ArgumentTypeError(
                "holidays item", item, "an ISO code, a holidays.HolidayBase, or a date"
            )
    if dates:
        out.append(frozenset(dates))
    return out
