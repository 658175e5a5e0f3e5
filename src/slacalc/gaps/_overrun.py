"""Exact worst-case overrun of a chain of commitments against the SLA deadline.

For a ticket raised at instant ``t`` the SLA promises ``S(t) = C0.add(t, D0)``;
the chain, each stage starting when the previous stage's allowance runs out,
ends at ``E(t) = fn(... f1(t))`` with ``fk(x) = Ck.add(x, Dk)``. Every ``fk`` is
non-decreasing, left-continuous and piecewise linear with slope 0 or 1, so
``g = E - S`` is piecewise linear with slopes in {-1, 0, 1}. Its pieces end only
at *breakpoints*: a boundary of a stage's calendar in that stage's input, or an
input whose output lands on a boundary (``Ck.subtract(boundary, Dk)``), carried
back to ``t`` through the earlier stages by ``subtract`` (the latest input that
does not pass the point). Between consecutive breakpoints ``g`` is linear on
``(c_i, c_{i+1}]``, so its maximum and the measure of ``g > 0`` are exact.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise
from math import gcd

import attrs

from slacalc._engine.instants import MINUTE
from slacalc._engine.timeline import SPAN
from slacalc.calendar.calendar import Calendar

Step = tuple[Calendar, int]  # a calendar and a duration in microseconds


@attrs.frozen
class Overrun:
    """The exact overrun profile of a chain over ``[lo, hi)`` (integer microseconds)."""

    worst: int  # max over t of E(t) - S(t)
    at: int  # the earliest t reaching it
    exposed: int  # measure of SLA-covered t with E(t) > S(t)
    covered: int  # measure of SLA-covered t in [lo, hi)
    resolution: int  # the grid of start instants considered


def run(steps: Sequence[Step], t: int) -> int:
    """Apply the steps in turn: each adds its duration on its calendar."""
    for cal, d in steps:
        if d:
            t = cal.timeline.add(t, d)
    return t


def _back(steps: Sequence[Step], y: int) -> int:
    """The latest t whose image through ``steps`` does not pass ``y``."""
    for cal, d in reversed(steps):
        if d:
            y = cal.timeline.subtract(y, d)
    return y


def _boundaries(cal: Calendar, lo: int, hi: int, seen: list[int]) -> set[int]:
    """Calendar boundaries in ``[lo, hi]`` (not the clipping ends)."""
    out: set[int] = set()
    for s, e in cal.timeline.periods(lo - 1, hi + 2):
        out.add(s)
        out.add(e)
    out.discard(lo - 1)
    out.discard(hi + 2)
    seen.extend(out)
    return out


def _breakpoints(chain: Sequence[Step], lo: int, hi: int, seen: list[int]) -> set[int]:
    """Instants in ``[lo, hi]`` where some stage of ``chain`` may change slope or jump."""
    found: set[int] = set()
    for k, (cal, d) in enumerate(chain):
        if not d:
            continue
        before = chain[:k]
        x_lo, x_hi = run(before, lo), run(before, hi)
        points = _boundaries(cal, x_lo, x_hi, seen)
        y_lo, y_hi = cal.timeline.add(x_lo, d), cal.timeline.add(x_hi, d)
        points |= {cal.timeline.subtract(b, d) for b in _boundaries(cal, y_lo, y_hi, seen)}
        for y in points:
            t = _back(before, y) if before else y
            if lo <= t <= hi:
                found.add(t)
    return found


def overrun_py(sla: Step, chain: Sequence[Step], lo: int, hi: int) -> Overrun:
    """The worst overrun of ``chain`` over the SLA step, for tickets raised in ``[lo, hi)``.

    Starts are taken on the finest grid every input lies on, at most a minute:
    when every calendar boundary, duration and ``lo`` is a whole minute, a ticket
    is raised on a whole minute (as service desks log them); otherwise on whole
    seconds, or microseconds. The answers are exact on that grid.
    """
    seen: list[int] = [lo, hi, sla[1], *(d for _, d in chain)]
    points = {lo, hi}
    points |= _breakpoints(chain, lo, hi, seen)
    points |= _breakpoints([sla], lo, hi, seen)
    points |= _boundaries(sla[0], lo, hi, seen)
    r = MINUTE
    for v in seen:
        r = gcd(r, v)
        if r == 1:
            break
    cands = sorted(p for p in points if lo <= p <= hi)

    def g(t: int) -> int:
        return run(chain, t) - run((sla,), t)

    cal0 = sla[0]
    best, best_at = g(lo), lo
    exposed = 0
    for prev, c in pairwise(cands):
        g_prev = best if prev == lo else g(prev)
        covered = cal0.timeline.chunk(prev // SPAN).is_open(prev)  # constant on (prev, c)
        if covered and g_prev > 0:
            exposed += 1
        if g_prev > best:
            best, best_at = g_prev, prev
        n = (c - prev) // r - 1  # grid points strictly inside the piece
        if n <= 0:
            continue
        g1 = g(prev + r)
        slope = 0
        if n > 1:
            slope, rem = divmod(g(c - r) - g1, (n - 1) * r)
            if rem or slope not in (-1, 0, 1):  # pragma: no cover - a missed breakpoint
                raise AssertionError(f"overrun is not linear on ({prev}, {c})")
        # Inside the piece, g(prev + j*r) = g1 + slope * (j - 1) * r for j = 1..n.
        if slope <= 0:
            value, at = g1, prev + r
        else:
            value, at = g1 + (n - 1) * r, c - r
        if value > best:
            best, best_at = value, at
        if covered:
            if slope == 0:
                exposed += n if g1 > 0 else 0
            elif slope == 1:
                exposed += n if g1 > 0 else max(0, n - (-g1 // r + 1))
            else:
                exposed += min(n, -(-g1 // r)) if g1 > 0 else 0
    return Overrun(best, best_at, exposed * r, cal0.timeline.cov(lo, hi), r)
