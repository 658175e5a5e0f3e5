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

__all__ = ["format_duration", "parse_duration"]

_EXPECTED = (
    "a business-time duration such as '15m', '4h', '1h30m', '90s' or ISO 8601 'PT4H' "
    "(a bare day count is refused: a business day is not 24 hours; "
    "use Calendar.add_days for business-day targets)"
)
_SHORT = re.compile(r"(?:(\d+)h)?(?:(\d+)m)?(?:(\d+(?:\.\d{1,6})?)s)?")
_ISO = re.compile(r"PT(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d{1,6})?)S)?")


def _seconds_us(text: str | None) -> int:
    if not text:
        return 0
    whole, _, frac = text.partition(".")
    return int(whole) * 1_000_000 + int((frac + "000000")[:6])


def parse_duration(text: str, where: str = "") -> timedelta:
    """Parse ``text`` into an exact :class:`~datetime.timedelta`.

    Hours, minutes and seconds may be combined (``1h30m``, ``2h15m30s``); ISO 8601
    time durations (``PT1H30M``) are accepted too. ``where`` names the source for
    the error message, e.g. a catalogue key path.

    >>> parse_duration("90s")
    datetime.timedelta(seconds=90)
    """
    if not isinstance(text, str):
        raise ArgumentTypeError(where or "duration", text, "a duration string such as '4h'")
    s = text.strip()
    m = _ISO.fullmatch(s.upper()) if s.upper().startswith("PT") else _SHORT.fullmatch(s.lower())
    if not s or m is None or not any(m.groups()):
        raise ParseError(text, _EXPECTED, where)
    h, mi, sec = m.groups()
    try:
        return timedelta(
            microseconds=int(h or 0) * 3_600_000_000 + int(mi or 0) * 60_000_000 + _seconds_us(sec)
        )
    except OverflowError:
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
