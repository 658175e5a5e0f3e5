"""Sorted, disjoint, half-open integer interval sets: the algebra under calendars.

An interval set is a pair of equal-length lists ``(starts, ends)`` with
``starts[i] < ends[i] <= starts[i + 1]`` once normalised by :func:`merge`.
"""

from __future__ import annotations

from collections.abc import Iterable

Spans = tuple[list[int], list[int]]


def merge(pairs: Iterable[tuple[int, int]]) -> Spans:
    """Normalise intervals: drop empty ones, sort, join overlapping and touching ones."""
    starts: list[int] = []
    ends: list[int] = []
    for s, e in sorted(p for p in pairs if p[0] < p[1]):
        if ends and s <= ends[-1]:
            if e > ends[-1]:
                ends[-1] = e
        else:
            starts.append(s)
            ends.append(e)
    return starts, ends


def _combine(a: Spans, b: Spans, keep: int) -> Spans:
    """Generic sweep: ``keep`` is a truth table over (in a, in b) as bits 0b(a b)."""
    events: list[tuple[int, int, int]] = []
    for which, (ss, es) in ((2, a), (1, b)):
        events += [(s, 1, which) for s in ss]
        events += [(e, -1, which) for e in es]
    events.sort()
    state = 0
    out_s: list[int] = []
    out_e: list[int] = []
    i = 0
    n = len(events)
    inside = False
    while i < n:
        t = events[i][0]
        while i < n and events[i][0] == t:
            _, delta, which = events[i]
            state = state | which if delta > 0 else state & ~which
            i += 1
        now = bool(keep >> state & 1)
        if now and not inside:
            out_s.append(t)
            inside = True
        elif inside and not now:
            out_e.append(t)
            inside = False
    return out_s, out_e


# Truth tables indexed by state = 2*(in a) + (in b).
_UNION = 0b1110
_INTERSECTION = 0b1000
_DIFFERENCE = 0b0100


def union(a: Spans, b: Spans) -> Spans:
    return _combine(a, b, _UNION)


def intersection(a: Spans, b: Spans) -> Spans:
    return _combine(a, b, _INTERSECTION)


def difference(a: Spans, b: Spans) -> Spans:
    return _combine(a, b, _DIFFERENCE)


def complement(a: Spans, lo: int, hi: int) -> Spans:
    """``[lo, hi)`` minus ``a`` (``a`` must lie inside ``[lo, hi)``)."""
    starts: list[int] = []
    ends: list[int] = []
    cursor = lo
    for s, e in zip(*a, strict=True):
        if s > cursor:
            starts.append(cursor)
            ends.append(s)
        cursor = max(cursor, e)
    if cursor < hi:
        starts.append(cursor)
        ends.append(hi)
    return starts, ends


def clip(a: Spans, lo: int, hi: int) -> Spans:
    """``a`` restricted to ``[lo, hi)``."""
    starts: list[int] = []
    ends: list[int] = []
    for s, e in zip(*a, strict=True):
        s2, e2 = max(s, lo), min(e, hi)
        if s2 < e2:
            starts.append(s2)
            ends.append(e2)
    return starts, ends
