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
from typing import Any

import attrs

from slacalc import bulk
from slacalc._instants import MINUTE
from slacalc._timeline import SPAN
from slacalc.calendar import Calendar

try:
    import numpy as np
except ImportError:  # pragma: no cover - exercised on machines without numpy
    np = None  # type: ignore[assignment]

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
            t = cal._add(t, d)
    return t


def _back(steps: Sequence[Step], y: int) -> int:
    """The latest t whose image through ``steps`` does not pass ``y``."""
    for cal, d in reversed(steps):
        if d:
            y = cal._subtract(y, d)
    return y


def _boundaries(cal: Calendar, lo: int, hi: int, seen: list[int]) -> set[int]:
    """Calendar boundaries in ``[lo, hi]`` (not the clipping ends)."""
    out: set[int] = set()
    for s, e in cal._periods(lo - 1, hi + 2):
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
        y_lo, y_hi = cal._add(x_lo, d), cal._add(x_hi, d)
        points |= {cal._subtract(b, d) for b in _boundaries(cal, y_lo, y_hi, seen)}
        for y in points:
            t = _back(before, y) if before else y
            if lo <= t <= hi:
                found.add(t)
    return found


def overrun(sla: Step, chain: Sequence[Step], lo: int, hi: int) -> Overrun:
    """The worst overrun of ``chain`` over the SLA step, for tickets raised in ``[lo, hi)``.

    Vectorised with NumPy when it is installed (:func:`_overrun_np`); the same
    computation row by row otherwise.
    """
    if np is not None:
        return _overrun_np(sla, chain, lo, hi)
    return _overrun_py(sla, chain, lo, hi)


def _overrun_py(sla: Step, chain: Sequence[Step], lo: int, hi: int) -> Overrun:
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
        covered = cal0._chunk(prev // SPAN).is_open(prev)  # constant on (prev, c)
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
    return Overrun(best, best_at, exposed * r, cal0._cov(lo, hi), r)


# -- the same with NumPy ------------------------------------------------------------------


def _run_np(steps: Sequence[Step], t: Any) -> Any:
    for cal, d in steps:
        if d and len(t):
            t = bulk.add_us(cal, t, d)
    return t


def _back_np(steps: Sequence[Step], y: Any) -> Any:
    for cal, d in reversed(steps):
        if d and len(y):
            y = bulk.subtract_us(cal, y, d)
    return y


def _boundaries_np(cal: Calendar, lo: int, hi: int, seen: list[Any]) -> Any:
    """Period starts and ends in ``[lo, hi]`` (chunk edges may appear: harmless extras)."""
    tab = bulk.table(cal, lo // SPAN, hi // SPAN)
    both = np.concatenate((tab.s, tab.e))
    arr = both[(both >= lo) & (both <= hi)]
    seen.append(arr)
    return arr


def _breakpoints_np(chain: Sequence[Step], lo: int, hi: int, seen: list[Any]) -> list[Any]:
    found: list[Any] = []
    for k, (cal, d) in enumerate(chain):
        if not d:
            continue
        before = chain[:k]
        x_lo, x_hi = run(before, lo), run(before, hi)
        points = _boundaries_np(cal, x_lo, x_hi, seen)
        outs = _boundaries_np(cal, cal._add(x_lo, d), cal._add(x_hi, d), seen)
        if len(outs):
            points = np.concatenate((points, bulk.subtract_us(cal, outs, d)))
        t = _back_np(before, points)
        found.append(t[(t >= lo) & (t <= hi)])
    return found


def _overrun_np(sla: Step, chain: Sequence[Step], lo: int, hi: int) -> Overrun:
    seen: list[Any] = [np.array([lo, hi, sla[1], *(d for _, d in chain)], dtype=np.int64)]
    parts = [np.array([lo, hi], dtype=np.int64)]
    parts += _breakpoints_np(chain, lo, hi, seen)
    parts += _breakpoints_np([sla], lo, hi, seen)
    bounds = _boundaries_np(sla[0], lo, hi, seen)
    parts.append(bounds[(bounds >= lo) & (bounds <= hi)])
    r = MINUTE
    for arr in seen:
        if len(arr):
            r = gcd(r, int(np.gcd.reduce(arr)))
    c = np.sort(np.concatenate(parts))
    c = c[np.concatenate(([True], c[1:] != c[:-1]))]

    def g(t: Any) -> Any:
        return _run_np(chain, t) - _run_np((sla,), t)

    prev, nxt = c[:-1], c[1:]
    g_prev = g(prev)
    n = (nxt - prev) // r - 1  # grid points strictly inside each piece
    inner = np.flatnonzero(n >= 1)
    n_in = n[inner]
    p1, pl = prev[inner] + r, nxt[inner] - r
    g1, gl = g(p1), g(pl)
    span = np.maximum(n_in - 1, 1) * r
    slope, rem = np.divmod(gl - g1, span)
    if rem.any() or (np.abs(slope) > 1).any():  # pragma: no cover - a missed breakpoint
        raise AssertionError("overrun is not linear between breakpoints")
    # Inside a piece, g(prev + j*r) = g1 + slope * (j - 1) * r for j = 1..n.
    values = np.concatenate((g_prev, np.where(slope <= 0, g1, gl)))
    ats = np.concatenate((prev, np.where(slope <= 0, p1, pl)))
    best = int(values.max())
    best_at = int(ats[values == best].min())
    tab = bulk.table(sla[0], lo // SPAN, hi // SPAN)
    if len(tab.s):
        i = np.searchsorted(tab.s, prev, side="right") - 1
        covered = (i >= 0) & (prev < tab.e[np.maximum(i, 0)])
    else:
        covered = np.zeros(len(prev), dtype=bool)
    exposed = int(np.count_nonzero(covered & (g_prev > 0)))
    pos = np.where(
        slope == 0,
        np.where(g1 > 0, n_in, 0),
        np.where(
            slope == 1,
            np.where(g1 > 0, n_in, np.maximum(0, n_in - (-g1 // r + 1))),
            np.where(g1 > 0, np.minimum(n_in, -(-g1 // r)), 0),
        ),
    )
    exposed += int(pos[covered[inner]].sum())
    return Overrun(best, best_at, exposed * r, sla[0]._cov(lo, hi), r)
