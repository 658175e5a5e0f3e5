"""Time zones: loading by IANA name, and the UTC-offset segments of a zone.

Coverage is defined on wall-clock readings, so mapping local intervals to instants
needs the zone's offset on every stretch of the UTC line. ``zoneinfo`` does not
publish its transition table, so the offsets are probed every six hours and each
change is bisected to the second (tz transitions fall on whole seconds).
"""

from __future__ import annotations

import functools
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from slacalc._engine.instants import MAX_US, MIN_US, SECOND
from slacalc.errors import ArgumentTypeError, UnknownZoneError

_STEP = 6 * 3600  # seconds between probes
_MIN_S = MIN_US // SECOND + 2 * 86400
_MAX_S = MAX_US // SECOND - 2 * 86400


# Names in the tz database that stand for the host's configuration, not a place.
_HOST_ZONES = frozenset({"localtime", "posixrules", "factory"})


def load_zone(tz: str | tzinfo) -> tzinfo:
    """A zone from an IANA name or a tzinfo; refuse unknown names with a clear error."""
    if isinstance(tz, ZoneInfo | timezone):
        return tz
    if isinstance(tz, str):
        if tz.casefold() in _HOST_ZONES:
            raise UnknownZoneError(
                tz,
                f"time zone {tz!r} names the host's zone or a placeholder, not a place; "
                "slacalc never reads the system zone: give an IANA name such as "
                "'Europe/London' (or 'UTC')",
            )
        if tz.upper() == "UTC":
            return UTC
        try:
            return ZoneInfo(tz)
        except (ZoneInfoNotFoundError, ValueError, OSError):
            raise UnknownZoneError(tz) from None
    if isinstance(tz, tzinfo):
        raise ArgumentTypeError(
            "tz", tz, "an IANA zone name or a zoneinfo.ZoneInfo (other tzinfos cannot be compiled)"
        )
    raise ArgumentTypeError("tz", tz, "an IANA zone name such as 'Europe/London'")


def zone_name(tz: tzinfo) -> str:
    """The IANA key of a zone, or its fixed-offset name."""
    key = getattr(tz, "key", None)
    return key if isinstance(key, str) else str(tz)


def _offset_s(zone: tzinfo, t: int) -> int:
    t = min(max(t, _MIN_S), _MAX_S)
    off = datetime.fromtimestamp(t, zone).utcoffset()
    assert off is not None
    return off // timedelta(seconds=1)


#: How many (zone, stretch) results :func:`offset_segments` keeps (about 50 zones x 2 years).
SEGMENTS_MEMO = 128


def offset_segments(zone: tzinfo, lo: int, hi: int) -> list[tuple[int, int, int]]:
    """``(start, end, offset)`` in microseconds covering ``[lo, hi)``, offset constant in each.

    The answer is a pure function of the zone and the stretch (a calendar asks one
    stretch per compiled chunk), memoised in a bounded, thread-safe
    :func:`functools.lru_cache`: a second calendar in the same zone does not probe
    the zone again. The memo holds results, not state: clearing it changes nothing
    but time.
    """
    return list(_segments(zone, lo, hi))


@functools.lru_cache(maxsize=SEGMENTS_MEMO)
def _segments(zone: tzinfo, lo: int, hi: int) -> tuple[tuple[int, int, int], ...]:
    return tuple(_probe(zone, lo, hi))


def _probe(zone: tzinfo, lo: int, hi: int) -> list[tuple[int, int, int]]:
    if isinstance(zone, timezone):
        off = zone.utcoffset(None) // timedelta(microseconds=1)
        return [(lo, hi, off)]
    lo_s = lo // SECOND
    hi_s = -(-hi // SECOND)
    cuts: list[tuple[int, int]] = []  # (second of change, new offset)
    t = lo_s
    off = _offset_s(zone, t)
    first = off
    while t < hi_s:
        nxt = min(t + _STEP, hi_s)
        off_n = _offset_s(zone, nxt)
        a, off_a = t, off
        while off_n != off_a:  # one or more changes in (a, nxt]
            left, right = a, nxt
            while right - left > 1:
                mid = (left + right) // 2
                if _offset_s(zone, mid) == off_a:
                    left = mid
                else:
                    right = mid
            off_a = _offset_s(zone, right)
            cuts.append((right, off_a))
            a = right
        t, off = nxt, off_n
    segments: list[tuple[int, int, int]] = []
    start, cur = lo, first
    for when_s, new in cuts:
        when = when_s * SECOND
        if when >= hi:
            break
        if when > start:
            segments.append((start, when, cur * SECOND))
            start = when
        cur = new
    segments.append((start, hi, cur * SECOND))
    return segments


def local_to_utc(
    zone: tzinfo, starts: list[int], ends: list[int], lo: int, hi: int
) -> list[tuple[int, int]]:
    """Instants in ``[lo, hi)`` whose local reading lies in the local intervals given.

    On each constant-offset segment the reading is ``u + offset``, so the preimage
    of a local interval is that interval shifted by ``-offset`` and clipped to the
    segment. A reading in a DST gap has no instant (a boundary there moves to the
    transition); a reading in a fold has two (it is covered twice).
    """
    from bisect import bisect_right

    out: list[tuple[int, int]] = []
    for seg_lo, seg_hi, off in offset_segments(zone, lo, hi):
        l_lo, l_hi = seg_lo + off, seg_hi + off
        i = max(bisect_right(ends, l_lo), 0)
        n = len(starts)
        while i < n and starts[i] < l_hi:
            s = max(starts[i], l_lo) - off
            e = min(ends[i], l_hi) - off
            if s < e:
                out.append((s, e))
            i += 1
    return out
