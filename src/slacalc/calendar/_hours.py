"""Weekly service hours as text: clock times, windows and day keys.

A *clock time* is ``H:MM``, ``HH:MM`` or ``HH:MM:SS`` (``24:00`` only as an end).
A *window* is ``start-end``; an end before the start is an overnight window that
belongs to the day it starts on. A *day key* is ``mon``..``sun``, a range such as
``mon-fri`` (``fri-mon`` wraps) or ``daily``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from slacalc._engine.instants import DAY, HOUR, MINUTE, SECOND
from slacalc.errors import ArgumentTypeError, ParseError

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_CLOCK = re.compile(r"(\d{1,2}):(\d{2})(?::(\d{2}))?", re.ASCII)  # ASCII digits only
_WINDOW_TEXT = "a window HH:MM-HH:MM (seconds allowed, 24:00 only as an end)"

Window = tuple[int, int]  # microseconds after local midnight of its day; end may pass 24:00


def parse_clock(text: str, where: str = "", *, end: bool = False) -> int:
    """Microseconds after midnight for a clock time; ``24:00`` only when ``end``."""
    m = _CLOCK.fullmatch(text.strip())
    if m is None:
        raise ParseError(text, "a clock time H:MM, HH:MM or HH:MM:SS", where)
    h, mi, s = int(m[1]), int(m[2]), int(m[3] or 0)
    if mi > 59 or s > 59 or h > 24 or (h == 24 and (mi or s)):
        raise ParseError(text, "a clock time between 00:00 and 24:00", where)
    if h == 24 and not end:
        raise ParseError(text, "a start time before 24:00 (24:00 is allowed only as an end)", where)
    return h * HOUR + mi * MINUTE + s * SECOND


def parse_window(text: object, where: str = "") -> Window:
    """``(start, end)`` in microseconds after midnight; overnight ends pass 24:00."""
    if not isinstance(text, str):
        raise ParseError(text, _WINDOW_TEXT, where)
    parts = text.strip().split("-")
    if len(parts) != 2:
        raise ParseError(text, "HH:MM-HH:MM", where)
    try:
        start = parse_clock(parts[0], where)
        stop = parse_clock(parts[1], where, end=True)
    except ParseError as exc:
        raise ParseError(text, f"HH:MM-HH:MM ({exc.expected})", where) from None
    if stop == start:
        raise ParseError(text, "a window whose end differs from its start", where)
    if stop < start:
        stop += DAY
    return start, stop


def parse_day_key(key: str, where: str = "") -> list[int]:
    """Weekday numbers (Monday 0) named by a day key."""
    k = key.strip().lower()
    if k == "daily":
        return list(range(7))
    if k in DAYS:
        return [DAYS.index(k)]
    first, sep, last = k.partition("-")
    if sep and first in DAYS and last in DAYS:
        a, b = DAYS.index(first), DAYS.index(last)
        return [(a + i) % 7 for i in range((b - a) % 7 + 1)]
    raise ParseError(
        key, "a day key: mon..sun, a range such as mon-fri or fri-mon, or daily", where
    )


def merge_windows(windows: Sequence[Window]) -> tuple[Window, ...]:
    """Sort and merge overlapping or touching windows of one day."""
    out: list[list[int]] = []
    for s, e in sorted(windows):
        if out and s <= out[-1][1]:
            out[-1][1] = max(out[-1][1], e)
        else:
            out.append([s, e])
    return tuple((s, e) for s, e in out)


def parse_week(
    hours: Mapping[str, str | Sequence[str]], where: str = "hours"
) -> tuple[tuple[Window, ...], ...]:
    """Seven tuples of merged windows, Monday first, from a day-key mapping."""
    if not isinstance(hours, Mapping):
        raise ArgumentTypeError(where, hours, "a mapping of day keys to windows")
    week: list[list[Window]] = [[] for _ in range(7)]
    for key, value in hours.items():
        path = f"{where}.{key}"
        if not isinstance(key, str):
            raise ParseError(key, "a day key string", where)
        days = parse_day_key(key, path)
        items = [value] if isinstance(value, str) else value
        if not isinstance(items, Sequence):
            raise ParseError(value, f"{_WINDOW_TEXT} or a list of them", path)
        windows = [parse_window(w, path) for w in items]
        for d in days:
            week[d].extend(windows)
    return tuple(merge_windows(w) for w in week)


def format_clock(us: int) -> str:
    """``HH:MM`` (or ``HH:MM:SS``) for microseconds after midnight."""
    h, rest = divmod(us, HOUR)
    m, rest = divmod(rest, MINUTE)
    s = rest // SECOND
    return f"{h:02d}:{m:02d}" + (f":{s:02d}" if s else "")
