"""Exact business-time durations written as text: ``15m``, ``4h``, ``1h30m``, ``90s``, ``PT4H``.

A bare day count is refused: a business day is not 24 hours, so "within 3 business
days" is a business-day target (:meth:`slacalc.Calendar.add_days`), not a duration.

>>> from slacalc import parse_duration, format_duration
>>> parse_duration("1h30m")
datetime.timedelta(seconds=5400)
>>> format_duration(parse_duration("PT4H"))
'4h'
"""

from __future__ import annotations

import re
from datetime import timedelta

from slacalc.errors import ArgumentTypeError, ParseError

__all__ = ["format_duration", "parse_duration", "seconds"]

# ASCII digits only (the documented grammar): re.ASCII makes \d mean [0-9].
_SHORT = re.compile(r"(?:(\d+)h)?(?:(\d+)m)?(?:(\d+(?:\.\d{1,6})?)s)?", re.ASCII)
_ISO = re.compile(r"PT(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d{1,6})?)S)?", re.ASCII)
_NUMBER = re.compile(r"[0-9]+(?:\.[0-9]+)?", re.ASCII)
_DAYS = re.compile(r"[0-9.]+\s*(?:d|day|days|bd|business days?)", re.ASCII)
_WORDS = re.compile(r"[0-9.]+\s*(?:hours?|hrs?|minutes?|mins?|seconds?|secs?)", re.ASCII)
_FRACTION = re.compile(r"[0-9]*\.[0-9]+\s*[hm]", re.ASCII)
#: The most digits a duration's number may have (a year is 11 digits of seconds).
_MAX_DIGITS = 15
_TWO = "write e.g. '4h' or '1h30m' (ISO 8601 'PT4H' works too)"


def _why(s: str, where: str) -> str:
    """What is wrong with ``s`` (not a duration), with two valid spellings."""
    low = s.lower()
    days_hint = (
        "for business days use Calendar.add_days"
        if not where  # called from Python: name the method; elsewhere say what it is
        else "a count of business days is a business-day target, not a duration"
    )
    if not s:
        return f"a duration (it is empty): {_TWO}"
    if not s.isascii():
        return f"a duration (only ASCII digits 0-9 are read): {_TWO}"
    if s.startswith("-"):
        return f"a duration here (a negative duration is not allowed here): {_TWO}"
    if _NUMBER.fullmatch(low):
        return (
            f"a duration (a bare number has no unit: hours or minutes?): write '{s}h' or "
            f"'{s}m'; a business day is not 24 hours, so {days_hint}"
        )
    if _DAYS.fullmatch(low):
        return (
            "a duration (a business day is not 24 hours, so days are not a duration unit): "
            f"write hours such as '8h' or '1h30m'; {days_hint}"
        )
    if _WORDS.fullmatch(low):
        return f"a duration (units are written h, m, s, with no space): {_TWO}"
    if _FRACTION.fullmatch(low):
        return "a duration (only seconds may have a fraction): write '1h30m' or 'PT1H30M'"
    return f"a duration: {_TWO}"


def _seconds_us(text: str | None) -> int:
    if not text:
        return 0
    whole, _, frac = text.partition(".")
    return int(whole) * 1_000_000 + int((frac + "000000")[:6])


def parse_duration(text: str, where: str = "", *, negative: bool = False) -> timedelta:
    """Parse ``text`` into an exact :class:`~datetime.timedelta`.

    Hours, minutes and seconds may be combined (``1h30m``, ``2h15m30s``); ISO 8601
    time durations (``PT1H30M``) are accepted too. ``where`` names the source for
    the error message, e.g. a catalogue key path. With ``negative=True`` a leading
    ``-`` gives a negative duration (``-4h``), for operations that accept one.

    >>> parse_duration("90s")
    datetime.timedelta(seconds=90)
    """
    if not isinstance(text, str):
        raise ArgumentTypeError(where or "duration", text, "a duration string such as '4h'")
    s = text.strip()
    sign = 1
    if negative and s.startswith("-"):
        sign, s = -1, s[1:].lstrip()
    m = _ISO.fullmatch(s.upper()) if s.upper().startswith("PT") else _SHORT.fullmatch(s.lower())
    if not s or m is None or not any(m.groups()):
        raise ParseError(text, _why(s if sign == 1 else s.lstrip("-"), where), where)
    h, mi, sec = m.groups()
    if any(len((g or "").partition(".")[0]) > _MAX_DIGITS for g in (h, mi, sec)):
        shown = text if len(text) <= 40 else f"{text[:20]}...({len(text)} characters)"
        raise ParseError(
            shown, f"a duration (at most {_MAX_DIGITS} digits per unit): {_TWO}", where
        )
    try:
        return sign * timedelta(
            microseconds=int(h or 0) * 3_600_000_000 + int(mi or 0) * 60_000_000 + _seconds_us(sec)
        )
    except (OverflowError, ValueError):
        raise ParseError(text, "a duration that a timedelta can hold", where) from None


def format_duration(d: timedelta) -> str:
    """Write ``d`` in the short form :func:`parse_duration` reads (``-`` when negative).

    >>> format_duration(timedelta(hours=26, minutes=5))
    '26h5m'
    """
    us = d // timedelta(microseconds=1)
    sign = "-" if us < 0 else ""
    us = abs(us)
    h, rest = divmod(us, 3_600_000_000)
    m, rest = divmod(rest, 60_000_000)
    s, micro = divmod(rest, 1_000_000)
    parts = []
    if h:
        parts.append(f"{h}h")
    if m:
        parts.append(f"{m}m")
    if s or micro:
        parts.append(f"{s}.{micro:06d}".rstrip("0").rstrip(".") + "s")
    return sign + ("".join(parts) or "0s")


def seconds(d: timedelta) -> int | float:
    """``d`` in seconds as every machine-readable output writes it.

    A whole number of seconds is an ``int``; otherwise a ``float`` carrying the
    microseconds (``*_seconds`` fields in JSON and CSV follow this one rule).

    >>> seconds(timedelta(hours=30)), seconds(timedelta(milliseconds=1500))
    (108000, 1.5)
    """
    whole, rest = divmod(d, timedelta(seconds=1))
    return int(whole) if not rest else d / timedelta(seconds=1)
