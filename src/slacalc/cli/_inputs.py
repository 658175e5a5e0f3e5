"""Reading the command line's options: instants, dates, files and the calendar options."""

from __future__ import annotations

import argparse
import io
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import TypeVar

from slacalc.calendar.calendar import Calendar
from slacalc.catalogue.model import Catalogue
from slacalc.catalogue.reader import load
from slacalc.errors import ParseError, UnknownZoneError
from slacalc.measure.assessment import RecordError

__all__: list[str] = []

T = TypeVar("T")


def instant(text: str) -> datetime:
    """An ISO 8601 instant with an offset (a naive reading is refused)."""
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        raise ParseError(
            text, "an ISO 8601 instant with an offset, e.g. 2026-12-24T16:00:00+00:00"
        ) from None
    if value.tzinfo is None:
        raise ParseError(text, "an instant with a UTC offset or 'Z' (slacalc never guesses a zone)")
    try:
        value.astimezone(UTC)
    except OverflowError:
        raise ParseError(text, "an instant whose UTC reading is in the years 1-9999") from None
    return value


def _is_date(text: str) -> bool:
    return len(text.strip()) == 10 and "T" not in text and " " not in text.strip()


def day(text: str | None) -> date:
    """``--as-of`` as a date (an instant gives its date in its own offset); today
    (UTC) without it."""
    if text is None:
        return datetime.now(UTC).date()
    if not _is_date(text):
        return instant(text).date()
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise ParseError(
            text, "a date YYYY-MM-DD or an instant 2026-09-30T17:00:00+01:00", "--as-of"
        ) from None


def as_of_instant(text: str) -> datetime:
    """``--as-of`` as an instant; a date means the end of that day in UTC (the next
    day's 00:00Z), so "as of 2026-09-30" counts all of the 30th."""
    if _is_date(text):
        d = day(text)
        return datetime(d.year, d.month, d.day, tzinfo=UTC) + timedelta(days=1)
    return instant(text)


def what_if(text: str | None) -> str | datetime | date:
    """``--what-if``: ``latest``, a date (00:00 in each agreement's zone) or an instant;
    without it, each cycle by the version in force at its start (``"in-force"``)."""
    if text is None:
        return "in-force"
    if text.strip() == "latest":
        return "latest"
    try:
        return date.fromisoformat(text.strip()) if _is_date(text) else instant(text)
    except (ValueError, ParseError):
        raise ParseError(
            text, "'latest', a date YYYY-MM-DD or an instant with an offset", "--what-if"
        ) from None


def _path(path: str, option: str) -> str:
    if "\0" in path:
        raise ParseError(path, "a file path (it contains a NUL byte)", option)
    return path


def catalogue(path: str) -> Catalogue:
    """The catalogue in a TOML file."""
    return load(_path(path, "catalogue"))


def read(path: str, reader: Callable[..., T]) -> T:
    """The records a reader finds in a UTF-8 CSV file, named by its path in problems.

    A UTF-8 byte-order mark is accepted; a file that is not UTF-8 (Latin-1, UTF-16)
    is a ``RecordError`` at the line of its first bad byte.
    """
    data = Path(_path(path, "records")).read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        utf16 = data.startswith((b"\xff\xfe", b"\xfe\xff"))
        why = "it is UTF-16" if utf16 else f"byte 0x{data[exc.start]:02x} is not UTF-8"
        raise RecordError(
            [(f"line {line}", f"not UTF-8 text ({why}): save the file as UTF-8 CSV")], path
        ) from None
    return reader(io.StringIO(text, newline=""), source=path)


def calendar_options(p: argparse.ArgumentParser) -> None:
    """Add the options that name or build a calendar (see :func:`calendar`)."""
    g = p.add_argument_group("calendar (either a catalogue calendar or one built here)")
    g.add_argument("--catalogue", help="a TOML catalogue file")
    g.add_argument("--calendar", help="the name of a calendar in --catalogue")
    g.add_argument(
        "--tz",
        help="IANA time zone, e.g. Europe/London (required with --hours, --holidays, --closure)",
    )
    g.add_argument(
        "--hours",
        action="append",
        metavar="DAYS=WINDOWS",
        help="weekly hours, e.g. mon-fri=09:00-17:30 (repeatable; comma-separate windows); "
        "default every day 00:00-24:00",
    )
    g.add_argument(
        "--holidays", action="append", metavar="CODE", help="ISO holiday code, e.g. GB-ENG"
    )
    g.add_argument(
        "--closure",
        action="append",
        metavar="START/END",
        help="a local closure, e.g. '2026-12-24 13:00/2026-12-27 00:00' (repeatable)",
    )


def calendar(args: argparse.Namespace) -> Calendar:
    """The calendar the options describe: a catalogue's, or one built from the options.

    Without ``--hours`` a built calendar covers every day (00:00-24:00) in ``--tz``,
    less ``--holidays`` and ``--closure``; with no option at all it is 24x7 UTC.
    """
    built = args.hours or args.holidays or args.closure or args.tz is not None
    if args.catalogue or args.calendar:
        if not (args.catalogue and args.calendar):
            raise ParseError(
                args.catalogue or args.calendar,
                "--catalogue FILE together with --calendar NAME",
                "--catalogue/--calendar",
            )
        if built:
            raise ParseError(
                "--tz/--hours/--holidays/--closure",
                "either a catalogue calendar or one built from options, not both",
                "--calendar",
            )
        cat = load(args.catalogue)
        if args.calendar not in cat.calendars:
            known = ", ".join(sorted(cat.calendars))
            raise ParseError(args.calendar, f"a calendar of the catalogue ({known})", "--calendar")
        return cat.calendars[args.calendar]
    if not built:
        return Calendar.always()
    hours: dict[str, list[str]] = {}
    for item in args.hours or ["daily=00:00-24:00"]:
        key, sep, windows = item.partition("=")
        if not sep or not windows.strip(","):
            raise ParseError(item, "DAYS=HH:MM-HH:MM[,HH:MM-HH:MM...]", "--hours")
        hours.setdefault(key, []).extend(w for w in windows.split(",") if w)
    closures = []
    for c in args.closure or []:
        start, sep, end = c.partition("/")
        if not sep:
            raise ParseError(
                c, "START/END local readings, e.g. '2026-12-24 13:00/2026-12-27 00:00'", "--closure"
            )
        closures.append((start, end))
    if args.tz is None and (args.hours or args.holidays or args.closure):
        raise UnknownZoneError(
            None,
            "--tz is required with --hours, --holidays or --closure: hours such as "
            "09:00-17:30 are wall-clock readings, and without the zone they would silently "
            "be read in UTC; add --tz Europe/London (or --tz UTC if UTC is meant)",
        )
    return Calendar.weekly(hours, tz=args.tz, holidays=args.holidays or None, closures=closures)
