"""The integer engine on its own: interval sets, chunks and zone offset segments.

Each is compared with a brute force that shares no code with it: an interval set
is the set of integer points it covers, a chunk's count is a count of points,
and a zone's offset is what :mod:`zoneinfo` says at the instant.
"""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from slacalc._engine import spans
from slacalc._engine.timeline import Chunk
from slacalc._engine.zones import offset_segments
from strategies import examples

LIMIT = 40
pairs = st.lists(st.tuples(st.integers(0, LIMIT), st.integers(0, LIMIT)), max_size=6)


def points(intervals: spans.Spans) -> set[int]:
    return {p for s, e in zip(*intervals, strict=True) for p in range(s, e)}


def normal(intervals: spans.Spans) -> bool:
    """Sorted, non-empty, disjoint and not touching (touching intervals are joined)."""
    starts, ends = intervals
    ok = len(starts) == len(ends) and all(s < e for s, e in zip(starts, ends, strict=True))
    return ok and all(ends[i] < starts[i + 1] for i in range(len(starts) - 1))


def raw(p: list[tuple[int, int]]) -> set[int]:
    return {x for s, e in p for x in range(s, e)}


@settings(max_examples=examples(200), deadline=None)
@given(pairs, pairs, st.integers(0, LIMIT), st.integers(0, LIMIT))
def test_interval_sets_match_point_sets(
    a: list[tuple[int, int]], b: list[tuple[int, int]], lo: int, hi: int
) -> None:
    sa, sb = spans.merge(a), spans.merge(b)
    assert normal(sa) and points(sa) == raw(a)
    for result, expected in (
        (spans.union(sa, sb), raw(a) | raw(b)),
        (spans.intersection(sa, sb), raw(a) & raw(b)),
        (spans.difference(sa, sb), raw(a) - raw(b)),
        (spans.clip(sa, lo, hi), {x for x in raw(a) if lo <= x < hi}),
    ):
        assert normal(result) and points(result) == expected
    lo, hi = min(lo, hi), max(lo, hi)
    inside = spans.clip(sa, lo, hi)
    outside = spans.complement(inside, lo, hi)
    assert normal(outside) and points(outside) == set(range(lo, hi)) - raw(a)


def test_interval_sets_by_hand() -> None:
    assert spans.merge([(5, 7), (1, 3), (3, 4), (6, 9), (2, 2)]) == ([1, 5], [4, 9])
    assert spans.difference(([0], [10]), ([3], [5])) == ([0, 5], [3, 10])
    assert spans.complement(([2], [4]), 0, 6) == ([0, 4], [2, 6])


@settings(max_examples=examples(200), deadline=None)
@given(pairs, st.data())
def test_chunk_counts_like_points(p: list[tuple[int, int]], data: st.DataObject) -> None:
    starts, ends = spans.merge(p)
    chunk = Chunk(0, LIMIT, starts, ends)
    covered = raw(p)
    assert chunk.total == len(covered)
    t = data.draw(st.integers(0, LIMIT))
    assert chunk.covered_before(t) == sum(1 for x in covered if x < t)
    assert chunk.is_open(t) == (t in covered)
    if chunk.total:
        need = data.draw(st.integers(1, chunk.total))
        hits = [x for x in range(LIMIT + 1) if sum(1 for c in covered if c < x) == need]
        assert chunk.earliest(need) == min(hits)
        need = data.draw(st.integers(0, chunk.total - 1))
        hits = [x for x in range(LIMIT + 1) if sum(1 for c in covered if c < x) == need]
        assert chunk.latest(need) == max(hits)


US = 1_000_000
ZONES = ["Europe/London", "America/New_York", "Australia/Lord_Howe", "Asia/Kolkata", "UTC"]


@settings(max_examples=examples(60), deadline=None)
@given(
    st.sampled_from(ZONES),
    st.integers(-10 * 365 * 86400, 60 * 365 * 86400),
    st.integers(1, 400 * 86400),
    st.data(),
)
def test_offset_segments_match_zoneinfo(
    zone: str, lo_s: int, length_s: int, data: st.DataObject
) -> None:
    tz = ZoneInfo(zone)
    lo, hi = lo_s * US, (lo_s + length_s) * US
    segments = offset_segments(tz, lo, hi)
    assert segments[0][0] == lo and segments[-1][1] == hi
    assert all(a[1] == b[0] for a, b in itertools.pairwise(segments))
    assert all(a[2] != b[2] for a, b in itertools.pairwise(segments))

    def offset(us: int) -> int:
        at = datetime(1970, 1, 1, tzinfo=UTC) + timedelta(microseconds=us)
        delta = at.astimezone(tz).utcoffset()
        assert delta is not None
        return delta // timedelta(microseconds=1)

    for start, end, off in segments:
        assert offset(start) == off and offset(end - 1) == off
        assert offset(data.draw(st.integers(start, end - 1))) == off


def test_london_2026_by_hand() -> None:
    """BST runs from 01:00 UTC on 29 March to 01:00 UTC on 25 October 2026."""
    london = ZoneInfo("Europe/London")
    year = datetime(2026, 1, 1, tzinfo=UTC).timestamp()
    end = datetime(2027, 1, 1, tzinfo=UTC).timestamp()
    march = datetime(2026, 3, 29, 1, tzinfo=UTC).timestamp()
    october = datetime(2026, 10, 25, 1, tzinfo=UTC).timestamp()
    got = offset_segments(london, int(year) * US, int(end) * US)
    assert got == [
        (int(year) * US, int(march) * US, 0),
        (int(march) * US, int(october) * US, 3600 * US),
        (int(october) * US, int(end) * US, 0),
    ]
