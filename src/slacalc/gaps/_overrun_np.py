"""The overrun profile of :mod:`slacalc.gaps._overrun`, vectorised with NumPy.

Imported only when an overrun is computed and NumPy is installed; every answer
equals the row-by-row computation's.
"""

from __future__ import annotations

from collections.abc import Sequence
from math import gcd
from typing import Any

import numpy as np

from slacalc._engine.instants import MINUTE
from slacalc._engine.timeline import SPAN
from slacalc.calendar import bulk
from slacalc.calendar.calendar import Calendar
from slacalc.gaps._overrun import Overrun, Step, run


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


def _boundaries_np(cal: Calendar, lo: int, hi: int) -> Any:
    """Period starts and ends in ``[lo, hi]`` (chunk edges may appear: harmless extras)."""
    tab = bulk.table(cal, lo // SPAN, hi // SPAN)
    both = np.concatenate((tab.s, tab.e))
    return both[(both >= lo) & (both <= hi)]


def _grid(arrays: Sequence[Any]) -> int:
    """The gcd of a minute and every value of ``arrays``: the grid the instants lie on."""
    r = MINUTE
    for arr in arrays:
        if len(arr):
            r = gcd(r, int(np.gcd.reduce(arr)))
    return r


#: A memo of stage breakpoints, owned by one analysis: (steps, lo, hi) -> (points, grid).
Memo = dict[tuple[Any, ...], tuple[Any, int]]


def _stage_points(before: Sequence[Step], step: Step, lo: int, hi: int) -> tuple[Any, int]:
    """The breakpoints in ``[lo, hi]`` that ``step``, run after ``before``, contributes,
    and the grid of the instants they came from."""
    cal, d = step
    x_lo, x_hi = run(before, lo), run(before, hi)
    points = _boundaries_np(cal, x_lo, x_hi)
    outs = _boundaries_np(cal, cal.timeline.add(x_lo, d), cal.timeline.add(x_hi, d))
    r = _grid((points, outs))
    if len(outs):
        points = np.concatenate((points, bulk.subtract_us(cal, outs, d)))
    t = _back_np(before, points)
    return t[(t >= lo) & (t <= hi)], r


def _breakpoints_np(chain: Sequence[Step], lo: int, hi: int, memo: Memo) -> tuple[list[Any], int]:
    found: list[Any] = []
    r = MINUTE
    for k, (cal, d) in enumerate(chain):
        if not d:
            continue
        key = (*((id(c), x) for c, x in chain[: k + 1]), lo, hi)
        known = memo.get(key)
        if known is None:
            known = memo[key] = _stage_points(chain[:k], (cal, d), lo, hi)
        found.append(known[0])
        r = gcd(r, known[1])
    return found, r


def overrun_np(
    sla: Step, chain: Sequence[Step], lo: int, hi: int, memo: Memo | None = None
) -> Overrun:
    """The overrun profile (see :mod:`slacalc.gaps._overrun`) with NumPy. ``memo``, owned
    by the caller, keeps each stage's breakpoints for the profiles that share it (the
    chains of a catalogue share their SLA's and their first stages' calendars); it must
    only be shared between calls whose calendars stay alive, as they are keyed by id."""
    memo = {} if memo is None else memo
    parts = [np.array([lo, hi], dtype=np.int64)]
    chain_parts, r_chain = _breakpoints_np(chain, lo, hi, memo)
    sla_parts, r_sla = _breakpoints_np([sla], lo, hi, memo)
    parts += chain_parts + sla_parts
    bounds = _boundaries_np(sla[0], lo, hi)
    parts.append(bounds)
    r = gcd(
        r_chain,
        r_sla,
        _grid((np.array([lo, hi, sla[1], *(d for _, d in chain)], dtype=np.int64), bounds)),
    )
    c = np.sort(np.concatenate(parts))
    c = c[np.concatenate(([True], c[1:] != c[:-1]))]

    def g(t: Any) -> Any:
        return _run_np(chain, t) - _run_np((sla,), t)

    prev, nxt = c[:-1], c[1:]
    n = (nxt - prev) // r - 1  # grid points strictly inside each piece
    inner = np.flatnonzero(n >= 1)
    n_in = n[inner]
    p1, pl = prev[inner] + r, nxt[inner] - r
    # g at every piece's start, first and last inner point: one pass through the chain
    g_prev, g1, gl = np.split(g(np.concatenate((prev, p1, pl))), (len(prev), len(prev) + len(p1)))
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
    return Overrun(best, best_at, exposed * r, sla[0].timeline.cov(lo, hi), r)
