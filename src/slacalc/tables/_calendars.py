"""A calendar given as a Calendar, or as a name looked up in a catalogue."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from slacalc.calendar import Calendar
from slacalc.errors import ArgumentTypeError, UnknownCalendarError

if TYPE_CHECKING:
    from slacalc import Catalogue

__all__ = ["calendar_name", "check_zone", "resolve"]


def resolve(calendar: Any, catalogue: Catalogue | None) -> Calendar:
    """``calendar`` itself, or the catalogue's calendar of that name.

    >>> import slacalc as sc
    >>> resolve("always", sc.Catalogue(calendars={"always": sc.Calendar.always()})).is_open
    <bound method ...>
    """
    if isinstance(calendar, Calendar):
        return calendar
    if isinstance(calendar, str):
        if catalogue is None:
            raise ArgumentTypeError(
                "catalogue", None, f"a Catalogue (needed to look up the calendar {calendar!r})"
            )
        found = catalogue.calendars.get(calendar)
        if found is None:
            raise UnknownCalendarError(calendar, list(catalogue.calendars))
        return found
    raise ArgumentTypeError("calendar", calendar, "a Calendar or a calendar name")


def calendar_name(calendar: Any, catalogue: Catalogue | None) -> str | None:
    """The name ``calendar`` goes by: itself when a name, else its catalogue name."""
    if isinstance(calendar, str):
        return calendar
    return None if catalogue is None else catalogue.calendar_name(calendar)


def check_zone(tz: str) -> str:
    """``tz`` if the IANA database knows it, else :class:`~slacalc.errors.UnknownZoneError`."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    from slacalc.errors import UnknownZoneError

    try:
        ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError, TypeError):
        raise UnknownZoneError(tz) from None
    return tz
