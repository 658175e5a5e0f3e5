"""The vectorised clock: SLA clocks of a whole activity table at once, with NumPy.

:func:`sla_clocks` evaluates the catalogue's SLA clock policies (compiled once
by :func:`slacalc.activity.policy.compile_policy`) over every ticket of an
activity table without a Python step per ticket:

1. the rows are sorted by ticket, instant and file order; each ticket's
   instants (its creation, then every instant with a change) become snapshots;
2. every field a condition names is forward-filled over the snapshots as an
   integer code array; ``changed``, event markers, ``created`` and
   ``and``/``or``/``not`` are boolean arrays, one element per snapshot;
3. the clock's state machine (start edge, stop, pause, reset with a new cycle
   or a resume, cancel, restart on a priority change) advances one *position*
   at a time, each step over every ticket that has that many instants (so the
   Python loop runs as many times as the longest ticket has instants);
4. covered time of each running stretch is one ``elapsed_many`` per calendar,
   the running totals ``np.cumsum`` per cycle, the deadline one ``add_many``
   inside the stretch where the target is reached.

The answers are those of :func:`slacalc.activity.evaluate` for the SLA clocks
(the property tests in tests/tables/test_vclock.py compare them exactly).
With ``full=True`` (what :func:`slacalc.tables.evaluate` asks for) it also
gives the clocks of the OLAs and UCs that support each SLA (``held``: the
OLA's team holds the ticket, the UC's supplier condition holds), each cycle's
calendar name, the SLA cycle's breached underpinning agreements, its breach
category and attribution per party (covered time of the running stretches
grouped by who held the ticket, so the parts sum to the elapsed time)
(tests/tables/test_tables_path.py). Not covered here: effective-dated
versions, ``renew`` policies, and the warnings the per-ticket engine gives;
:func:`sla_clocks` raises :class:`VClockUnsupported` for what it cannot do.
"""

from __future__ import annotations

import os
import warnings
from collections import Counter
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from itertools import pairwise
from typing import TYPE_CHECKING, Any

from slacalc._engine.instants import MIN_US
from slacalc._engine.switch import KERNEL
from slacalc.activity.conditions import (
    And,
    Changed,
    Created,
    Equals,
    Held,
    In,
    Not,
)
from slacalc.activity.outcomes import ActivityWarning
from slacalc.activity.policy import DEFAULT_EVENTS, CompiledPolicy, compile_policy
from slacalc.activity.rules import ActivityRules
from slacalc.errors import HorizonError, InvalidValueError, NeverOpenError, SlacalcError

if TYPE_CHECKING:
    from slacalc import Calendar, Catalogue

__all__ = [
    "BLOCK_ROWS",
    "FULL_COLUMNS",
    "RUNNING_COLUMNS",
    "VCLOCK_COLUMNS",
    "VClockUnsupported",
    "sla_clocks",
]

#: Rows per block of whole tickets in :func:`sla_clocks` (a table grouped by ticket).
BLOCK_ROWS = 1 << 19

#: The columns :func:`sla_clocks` gives, in order.
VCLOCK_COLUMNS = (
    "ticket",
    "kind",
    "agreement",
    "metric",
    "cycle",
    "state",
    "service",
    "customer",
    "priority",
    "target",
    "start",
    "deadline",
    "stop",
    "end",
    "elapsed",
    "paused",
    "breach",
)
#: The columns ``full=True`` adds, after :data:`VCLOCK_COLUMNS`.
FULL_COLUMNS = ("calendar", "category", "underpinning", "attribution")
#: The columns ``running=True`` adds, last: the stretches in which each cycle's clock
#: ran (a list of ``{start, end}``, UTC) and whether an open cycle's clock runs at its end.
RUNNING_COLUMNS = ("running", "running_at_end")
_OPEN, _STOPPED, _CANCELLED, _RETARGETED = 0, 1, 2, 3
_UNSET = -1
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_US = timedelta(microseconds=1)
_STATES = ("met", "breached", "pending", "cancelled")
_TEXT = ("ticket", "kind", "agreement", "metric", "state", "service", "customer", "priority")
_NONE = -(2**63)  # no instant (a missing deadline, stop or breach)
_ABSENT = -2  # the code of a literal no row holds: never equal to a value or to unset


class VClockUnsupported(SlacalcError, ValueError):
    """The table or the policies need what the vectorised clock does not do."""


class _Facts:
    """What the engine's warnings that need no clock read off a table: the tickets per
    service and customer at creation with the status values their snapshots hold up
    to ``as_of``, and the fields some ticket has (summed over blocks by :meth:`add`)."""

    def __init__(self) -> None:
        self.pairs: dict[tuple[str, str], tuple[int, set[str]]] = {}
        self.seen: set[str] = set()

    def add(self, other: _Facts) -> None:
        for key, (n, statuses) in other.pairs.items():
            m, mine = self.pairs.get(key, (0, set()))
            self.pairs[key] = (m + n, mine | statuses)
        self.seen |= other.seen


class _Snaps:
    """The snapshots of every ticket and the code arrays of the fields."""

    def __init__(self, np: Any, t: Any, at: Any, f: Any, v: Any, created: Any, n_t: int) -> None:
        self.np = np
        n_rows = len(t)
        self.filled: dict[int, Any] = {}
        if self._placed(np, t, at, created, n_t):
            self.f, self.v = f, v
            self.in_order = True  # row_order is every row in turn
            self._derived(np)
            return
        self.in_order = False
        # Creation pseudo-rows sort first among a ticket's rows at its creation instant.
        ct = np.arange(n_t)
        all_t = np.concatenate([ct, t])
        all_at = np.concatenate([created, at])
        rank = np.concatenate([np.full(n_t, -1), np.arange(n_rows)])
        grouped = bool(np.all((t[1:] > t[:-1]) | ((t[1:] == t[:-1]) & (at[1:] >= at[:-1]))))
        if grouped:  # rows already by ticket (in code order) and instant: place, not sort
            order = np.empty(n_t + n_rows, dtype=np.int64)
            order[np.searchsorted(t, ct, "left") + ct] = ct  # a ticket's creation first
            order[np.arange(n_rows) + t + 1] = n_t + np.arange(n_rows)
        else:  # lexsort is stable: ties keep the concatenated order, which is rank order
            order = np.lexsort((all_at, all_t))
        ranked = rank[order]
        del rank  # the big temporaries go as soon as they are used (peak memory)
        st, sat = all_t[order], all_at[order]
        del all_t, all_at, order
        new = np.ones(len(st), dtype=bool)
        new[1:] = (st[1:] != st[:-1]) | (sat[1:] != sat[:-1])
        sid = np.cumsum(new) - 1
        self.n = int(sid[-1]) + 1 if len(sid) else 0
        self.t = st[new]
        self.at = sat[new]
        del st, sat, new
        self.first = np.ones(self.n, dtype=bool)
        self.first[1:] = self.t[1:] != self.t[:-1]
        firsts = np.flatnonzero(self.first)
        self.t0 = np.empty(n_t, dtype=np.int64)
        self.t0[self.t[firsts]] = firsts
        is_row = ranked >= 0
        self.row_order = ranked[is_row]  # rows in (ticket, at, file) order
        self.row_snap = np.empty(n_rows, dtype=np.int64)
        self.row_snap[self.row_order] = sid[is_row]
        del ranked, is_row, sid
        self.f, self.v = f, v
        self._derived(np)

    def _placed(self, np: Any, t: Any, at: Any, created: Any, n_t: int) -> bool:
        """The snapshots by the C kernel's one walk over rows grouped by ticket and
        ordered by instant (``False``, nothing set, for rows otherwise ordered)."""
        if KERNEL is None:
            return False
        n_rows = len(t)
        snap_t = np.empty(n_t + n_rows, dtype=np.int64)
        snap_at = np.empty(n_t + n_rows, dtype=np.int64)
        row_snap = np.empty(n_rows, dtype=np.int64)
        t0 = np.empty(n_t, dtype=np.int64)
        args = (np.ascontiguousarray(x, dtype=np.int64) for x in (t, at, created))
        n = KERNEL.snapshots(*args, snap_t, snap_at, row_snap, t0)
        if n < 0:
            return False
        self.n, self.t, self.at, self.t0 = n, snap_t[:n], snap_at[:n], t0
        self.row_snap, self.row_order = row_snap, np.arange(n_rows)
        self.first = np.zeros(n, dtype=bool)
        self.first[t0] = True
        return True

    def _derived(self, np: Any) -> None:
        self.initial = self.first[self.row_snap]  # rows at the creation instant
        self.pos = np.arange(self.n) - self.t0[self.t]
        self.by_field: Any = None
        self.field_of: Any = None
        self.by_pos: Any = None

    def positions(self, mask: Any) -> tuple[Any, Any]:
        """The snapshots of the tickets in ``mask`` by position in their ticket (then
        in snapshot order), and where each position's run begins."""
        np = self.np
        if self.by_pos is None:  # every snapshot by position, once
            self.by_pos = _stable_order(np, self.pos)
        by_pos = self.by_pos[mask[self.t[self.by_pos]]]
        pos = self.pos[by_pos]
        return by_pos, np.searchsorted(pos, np.arange(int(pos.max()) + 2 if len(pos) else 1))

    def prefill(self, wanted: list[int], n_fields: int) -> None:
        """The states of the fields ``wanted`` (codes below ``n_fields``; others are
        left out) filled by the C kernel's one walk over the rows, for :meth:`state`
        to give; :meth:`state` fills any other field by itself."""
        np = self.np
        wanted = sorted({x for x in wanted if 0 <= x < n_fields})
        if KERNEL is None or not wanted or not self.n:
            return
        slot_of = np.full(n_fields, -1, dtype=np.int64)
        slot_of[wanted] = np.arange(len(wanted))
        rows = (
            (self.row_snap, self.f, self.v)
            if self.in_order
            else (self.row_snap[self.row_order], self.f[self.row_order], self.v[self.row_order])
        )
        out = np.empty(len(wanted) * self.n, dtype=np.int64)
        KERNEL.fill_states(self.t, *(np.ascontiguousarray(x) for x in rows), slot_of, out)
        for q, field in enumerate(wanted):
            self.filled[field] = out[q * self.n : (q + 1) * self.n]

    def state(self, field: int) -> Any:
        """The value code of ``field`` after each snapshot (``_UNSET`` if never set)."""
        np = self.np
        if field in self.filled:
            return self.filled[field]
        if field < 0:  # a field no row of the table has (_ABSENT): never set
            return np.full(self.n, _UNSET, dtype=np.int64)
        if self.by_field is None:  # rows in (field, ticket, instant, file) order, once
            self.by_field = self.row_order[_stable_order(np, self.f[self.row_order])]
            self.field_of = self.f[self.by_field]
        lo, hi = np.searchsorted(self.field_of, [field, field + 1])
        rows = self.by_field[lo:hi]
        out = np.full(self.n, _UNSET, dtype=np.int64)
        if not len(rows):
            return out
        if KERNEL is not None:  # one walk over the snapshots
            KERNEL.fill_state(self.t, self.row_snap[rows], self.v[rows], out)
            return out
        snaps = self.row_snap[rows]
        last = np.ones(len(rows), dtype=bool)
        last[:-1] = snaps[:-1] != snaps[1:]
        have = np.full(self.n, -1, dtype=np.int64)
        have[snaps[last]] = snaps[last]
        value = np.full(self.n, _UNSET, dtype=np.int64)
        value[snaps[last]] = self.v[rows[last]]
        idx = np.maximum.accumulate(have)
        ok = (idx >= 0) & (idx >= self.t0[self.t])
        out[ok] = value[idx[ok]]
        return out

    def fired(self, field: int, codes: Any | None, negate: bool = False) -> Any:
        """Whether a change (not an initial field) of event ``field`` to one of ``codes``
        (any value if ``None``; any other value if ``negate``) is at each snapshot."""
        np = self.np
        rows = np.flatnonzero((self.f == field) & ~self.initial)
        if codes is not None:
            hit = _member(np, self.v[rows], codes)
            rows = rows[~hit if negate else hit]
        out = np.zeros(self.n, dtype=bool)
        out[self.row_snap[rows]] = True
        return out


def _stable_order(np: Any, keys: Any) -> Any:
    """``np.argsort(keys, kind="stable")`` for non-negative integer codes, as a radix
    sort where the codes fit 16 bits (NumPy sorts 8- and 16-bit keys so)."""
    if len(keys) and keys.min() >= 0 and keys.max() < 1 << 16:
        keys = keys.astype(np.uint16)
    return np.argsort(keys, kind="stable")


class _Conditions:
    """Conditions as boolean arrays over the snapshots, for one policy's events."""

    def __init__(self, snaps: _Snaps, fields: Mapping[str, int], values: Mapping[str, int]):
        self.s = snaps
        self.fields = fields
        self.values = values
        self.cache: dict[int, Any] = {}

    def code(self, value: str) -> int:
        return self.values.get(value, _ABSENT)

    def codes(self, values: tuple[str, ...]) -> Any:
        return self.s.np.array([self.code(x) for x in values], dtype=self.s.np.int64)

    def field(self, name: str) -> int:
        return self.fields.get(name, _ABSENT)

    def state(self, name: str) -> Any:
        f = self.field(name)
        if f not in self.cache:
            self.cache[f] = self.s.state(f)
        return self.cache[f]

    def changed(self, name: str) -> Any:
        st = self.state(name)
        out = self.s.np.zeros(self.s.n, dtype=bool)
        out[1:] = st[1:] != st[:-1]
        return out & ~self.s.first

    def eval(self, node: Any, ev: frozenset[str], held: Any = None) -> Any:
        np = self.s.np
        if isinstance(node, Created):
            return self.s.first.copy()
        if isinstance(node, Held):
            if held is None:
                raise VClockUnsupported("'held' outside an OLA's or a UC's clock")
            return held.copy()
        if isinstance(node, Equals):
            if node.field in ev:
                return self.s.fired(self.field(node.field), self.codes((node.value,)), node.negate)
            eq = self.state(node.field) == self.code(node.value)
            return ~eq if node.negate else eq
        if isinstance(node, In):
            if node.field in ev:
                return self.s.fired(self.field(node.field), self.codes(node.values))
            return _member(np, self.state(node.field), self.codes(node.values))
        if isinstance(node, Changed):
            to = None if node.to is None else self.codes(node.to)
            if node.field in ev:
                return self.s.fired(self.field(node.field), to)
            ch = self.changed(node.field)
            return ch if to is None else ch & _member(np, self.state(node.field), to)
        if isinstance(node, Not):
            return ~self.eval(node.item.tree, ev, held)
        parts = [self.eval(i.tree, ev, held) for i in node.items]
        out = parts[0].copy()
        for p in parts[1:]:
            out = out & p if isinstance(node, And) else out | p
        return out

    def policy(self, compiled: CompiledPolicy, held: Any = None) -> dict[str, Any]:
        p = compiled.policy
        if p.renew is not None:
            raise VClockUnsupported("'renew' (periodic-update clocks) is not vectorised")
        ev = frozenset(p.events)
        never = self.s.np.zeros(self.s.n, dtype=bool)
        out = {}
        for name in ("start", "stop", "pause", "reset", "cancel"):
            cond = getattr(p, name)
            out[name] = never if cond is None else self.eval(cond.tree, ev, held)
        fired = p.start.event_part(p.events)
        out["start_event"] = never if fired is None else self.eval(fired.tree, ev, held)
        return out


def _run(
    np: Any, snaps: _Snaps, c: Mapping[str, Any], mask: Any, prio: Any, cp: CompiledPolicy
) -> tuple[tuple[Any, ...], tuple[Any, Any]]:
    """The state machine of one clock over the snapshots of the tickets in ``mask``:
    the cycles (ticket, first snapshot, ending snapshot or -1, how it ended, whether
    the clock runs at its end) and the running snapshots with their cycles. The C
    kernel's ``clock_runs`` walks the snapshots once; without it, :func:`_positions`."""
    n = snaps.n
    if KERNEL is None:
        return _positions(np, snaps, c, mask, *_edges(np, snaps, c, prio), cp)
    flags = np.empty(n, dtype=np.uint8)  # the CR_* flags of the kernel, a byte a snapshot
    conds = (c[k] for k in ("start", "start_event", "cancel", "stop", "pause", "reset"))
    bools = (np.ascontiguousarray(x, dtype=bool) for x in (mask, snaps.first, *conds))
    KERNEL.clock_flags(snaps.t, np.ascontiguousarray(prio, dtype=np.int64), *bools, flags)
    c_t, c_first, c_end = (np.empty(n, dtype=np.int64) for _ in range(3))
    seg_s, seg_c = np.empty(n, dtype=np.int64), np.empty(n, dtype=np.int64)
    c_how, rae = np.empty(n, dtype=np.int8), np.empty(n, dtype=np.uint8)
    ncyc, nseg = KERNEL.clock_runs(
        snaps.t, flags, cp.restart_on_priority, cp.resume, c_t, c_first, c_end, c_how, rae,
        seg_s, seg_c,
    )  # fmt: skip
    cyc = (c_t[:ncyc], c_first[:ncyc], c_end[:ncyc], c_how[:ncyc], rae[:ncyc].view(bool))
    return cyc, (seg_s[:nseg], seg_c[:nseg])


def _edges(np: Any, snaps: _Snaps, c: Mapping[str, Any], prio: Any) -> tuple[Any, Any]:
    """Where the clock's start rises (within a ticket; a start naming an event fires at
    every such event) and where the priority changes (within a ticket), per snapshot:
    the NumPy twin of the kernel's ``clock_flags``."""
    n = snaps.n
    start = c["start"]
    prev = np.zeros(n, dtype=bool)
    prev[1:] = start[:-1]
    rises = start & (~(prev & ~snaps.first) | c["start_event"])
    pchanged = np.zeros(n, dtype=bool)
    pchanged[1:] = prio[1:] != prio[:-1]
    pchanged &= ~snaps.first
    return rises, pchanged


def _positions(
    np: Any,
    snaps: _Snaps,
    c: Mapping[str, Any],
    mask: Any,
    rises: Any,
    pchanged: Any,
    cp: CompiledPolicy,
) -> tuple[tuple[Any, ...], tuple[Any, Any]]:
    """:func:`_run`'s state machine in NumPy: one *position* at a time, each step over
    every ticket that has that many snapshots (the loop runs as many times as the
    longest ticket has snapshots). The kernel's ``clock_runs`` is its exact twin."""
    n, n_t = snaps.n, len(snaps.t0)
    restart, resume = cp.restart_on_priority, cp.resume
    cur = np.full(n_t, -1, dtype=np.int64)
    last = np.full(n_t, -1, dtype=np.int64)
    c_t = np.empty(n, dtype=np.int64)
    c_first = np.empty(n, dtype=np.int64)
    c_end = np.full(n, -1, dtype=np.int64)
    c_how = np.zeros(n, dtype=np.int8)
    c_pstart = np.zeros(n, dtype=bool)
    c_flag = np.zeros(n, dtype=bool)
    c_has = np.zeros(n, dtype=bool)
    seg_s: list[Any] = []
    seg_c: list[Any] = []
    ncyc = 0
    by_pos, bounds = snaps.positions(mask)

    def begin(tk: Any, s: Any) -> Any:
        nonlocal ncyc
        ids = np.arange(ncyc, ncyc + len(tk))
        ncyc += len(tk)
        c_t[ids], c_first[ids], c_pstart[ids] = tk, s, c["pause"][s]
        cur[tk] = ids
        return ids

    for k in range(len(bounds) - 1):
        s = by_pos[bounds[k] : bounds[k + 1]]
        if not len(s):
            continue
        tk = snaps.t[s]
        cc = cur[tk]
        run = cc >= 0
        canc = run & c["cancel"][s]
        stp = run & ~c["cancel"][s] & c["stop"][s]
        rt = run & ~c["cancel"][s] & ~c["stop"][s] & pchanged[s] if restart else run & False
        for m, how in ((canc, _CANCELLED), (stp, _STOPPED), (rt, _RETARGETED)):
            c_end[cc[m]], c_how[cc[m]] = s[m], how
        cur[tk[canc | stp]] = -1
        last[tk[canc]] = -1
        last[tk[stp]] = cc[stp]
        if rt.any():
            begin(tk[rt], s[rt])
        idle = ~run
        lt = last[tk]
        rs = idle & (lt >= 0) & c["reset"][s]
        if rs.any():
            if resume:
                ids = lt[rs]
                c_end[ids], c_how[ids], c_flag[ids], c_has[ids] = -1, _OPEN, False, True
                cur[tk[rs]] = ids
            else:
                begin(tk[rs], s[rs])
            last[tk[rs]] = -1
        ri = idle & ~rs & rises[s]
        if ri.any():
            begin(tk[ri], s[ri])
        began = rs | ri
        if began.any():
            cb = cur[tk]
            bc = began & c["cancel"][s]
            bs = began & ~c["cancel"][s] & c["stop"][s]
            c_end[cb[bc]], c_how[cb[bc]] = s[bc], _CANCELLED
            c_end[cb[bs]], c_how[cb[bs]] = s[bs], _STOPPED
            last[tk[bs]] = cb[bs]
            cur[tk[bc | bs]] = -1
        cn = cur[tk]
        live = cn >= 0
        if live.any():
            seg_s.append(s[live])
            seg_c.append(cn[live])
            c_flag[cn[live]] = ~c["pause"][s[live]]
            c_has[cn[live]] = True
    segs = (
        (np.concatenate(seg_s), np.concatenate(seg_c))
        if seg_s
        else (np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64))
    )
    running_at_end = np.where(c_has, c_flag, ~c_pstart)
    cyc = (
        c_t[:ncyc],
        c_first[:ncyc],
        c_end[:ncyc],
        c_how[:ncyc],
        running_at_end[:ncyc],
    )
    return cyc, segs


def _sums(np: Any, e: Any, sc: Any, target: Any, elapsed: Any) -> tuple[Any, Any, Any]:
    """The covered time ``e`` of the running stretches of cycles ``sc`` (by cycle, then
    instant) added to each cycle's ``elapsed``; and the cycles whose positive ``target``
    the stretches reach, the first stretch reaching it, and the target left at its
    start (the C kernel's ``cycle_sums``, or NumPy's cumulative sums, its twin)."""
    if KERNEL is not None:
        hit = np.full(len(target), -1, dtype=np.int64)
        rest = np.empty(len(target), dtype=np.int64)
        KERNEL.cycle_sums(e, sc, target, elapsed, hit, rest)
        hc = np.flatnonzero(hit >= 0)
        return hc, hit[hc], rest[hc]
    if not len(e):
        return (np.empty(0, dtype=np.int64),) * 3
    cum = np.cumsum(e)
    headc = np.r_[True, sc[1:] != sc[:-1]]
    head_at = np.maximum.accumulate(np.where(headc, np.arange(len(e)), 0))
    before = (cum - e) - (cum - e)[head_at]
    heads = np.flatnonzero(headc)
    elapsed[sc[heads]] += np.add.reduceat(e, heads)
    tgt = target[sc]
    hit = (before + e >= tgt) & (tgt > 0)
    hc, hi = _firsts(np, sc[hit])
    hrow = np.flatnonzero(hit)[hi]
    return hc, hrow, tgt[hrow] - before[hrow]


def _pieces(np: Any, sc: Any, who: Any, e: Any, n_parties: int) -> tuple[Any, Any, Any]:
    """The covered time ``e`` of running stretches of cycles ``sc`` (by cycle, then
    instant) held by parties ``who``, for :func:`_shares`: ``(cycle, party, time)``
    summed per cycle and party in order of first covered time by the C kernel's
    ``shares``, else each stretch with covered time (which :func:`_shares` sums)."""
    if KERNEL is not None:
        n = len(e)
        out_c, out_w, out_t = (np.empty(n, dtype=np.int64) for _ in range(3))
        k = KERNEL.shares(sc, np.ascontiguousarray(who), e, n_parties, out_c, out_w, out_t)
        return out_c[:k], out_w[:k], out_t[:k]
    pos = np.flatnonzero(e > 0)
    return sc[pos], who[pos], e[pos]


def _covered(np: Any, cal: Calendar, a: Any, b: Any) -> Any:
    """``cal.elapsed`` per row over int64 microseconds (instants the clock has checked
    to lie in years 1-9999), as int64 microseconds: the calendar's bulk rows without
    ``elapsed_many``'s conversions of its inputs."""
    from slacalc.calendar import bulk

    if not len(a):
        return np.empty(0, dtype=np.int64)
    a, b = (np.ascontiguousarray(x, dtype=np.int64) for x in (a, b))
    return bulk.elapsed_us(cal, a, b)


def _add(np: Any, cal: Calendar, a: Any, d: Any) -> Any:
    """``cal.add`` per row (``_NONE`` where the calendar never opens again)."""
    if not len(a):
        return np.empty(0, dtype=np.int64)
    try:
        got = cal.add_many(a.astype("datetime64[us]"), d.astype("timedelta64[us]"))
        return np.asarray(got).view(np.int64)
    except NeverOpenError:
        out = np.empty(len(a), dtype=np.int64)
        for i in range(len(a)):  # only when some row's deadline never comes
            try:
                when = cal.add(_EPOCH + timedelta(microseconds=int(a[i])), _US * int(d[i]))
                out[i] = (when - _EPOCH) // _US
            except NeverOpenError:
                out[i] = _NONE
        return out


def sla_clocks(
    table: Any,
    catalogue: Catalogue,
    *,
    as_of: datetime,
    rules: ActivityRules | None = None,
    full: bool = False,
    unmatched: str = "error",
    running: bool = False,
    log_warnings: bool = False,
) -> Any:
    """The SLA cycles of an activity table (``ticket, at, field, value``), vectorised.

    ``unmatched="skip"`` leaves out the tickets whose service and customer no
    SLA covers (by default their SLA look-up raises, as the engine's does).
    With ``full=True`` the result also has the OLA and UC cycles (after each
    ticket's SLA cycles, as the engine gives them) and the columns of
    :data:`FULL_COLUMNS` (the calendar's name, breach category, breached
    underpinning agreements and the attribution per party); a catalogue with
    versioned agreements raises :class:`VClockUnsupported`. With ``running=True``
    as well, the columns of :data:`RUNNING_COLUMNS` follow: each cycle's running
    stretches as :attr:`slacalc.activity.CycleOutcome.running` gives them (split
    where the party holding the ticket changes, for an SLA's cycles) and
    ``running_at_end`` as there (what :func:`slacalc.tables.cycle_outcomes`
    reads).

    Of the engine's :class:`~slacalc.activity.ActivityWarning` s it gives those of
    cycles without a target; with ``log_warnings=True`` every other one as well (the
    policies, teams and suppliers an SLA in use lacks, tickets skipped as unmatched,
    fields the conditions name that no ticket has, status values no rule names), with
    the engine's messages and counts.

    A table grouped by ticket (each ticket's rows together, as exports and
    :func:`slacalc.activity.iter_activity` give them) is evaluated in blocks of
    whole tickets of about :data:`BLOCK_ROWS` rows, on threads, and the
    blocks' tables joined: the same table and warnings as one pass, with
    temporaries a block long (at 10M rows about twice as fast and a third of the
    memory).

    ``table`` is a ``pyarrow.Table`` whose ``at`` column is a timestamp with a
    zone; the result is a ``pyarrow.Table`` with :data:`VCLOCK_COLUMNS`
    (instants in UTC), one row per ticket, SLA metric and cycle, in the order
    :func:`slacalc.activity.evaluate` gives them. Tickets, their rows and
    policies it cannot evaluate raise :class:`VClockUnsupported` (or the
    slacalc error for bad input), never a different answer.

    >>> import pyarrow as pa
    >>> import slacalc as sc
    >>> cal = sc.Calendar.weekly({"mon-fri": "09:00-17:00"}, tz="Europe/London")
    >>> cat = sc.Catalogue(services=[sc.Service("email", "Email")], slas=[sc.SLA(
    ...     id="email-finance", service="email", customer="Finance", calendar=cal,
    ...     targets=sc.target_table(cal, {"P1": {"resolution": timedelta(hours=4)}}))])
    >>> ts = pa.timestamp("us", tz="UTC")
    >>> t0 = datetime(2026, 3, 2, 9, tzinfo=UTC)
    >>> activity = pa.table({
    ...     "ticket": ["INC-1"] * 6,
    ...     "at": pa.array([t0] * 5 + [t0 + timedelta(hours=2)], ts),
    ...     "field": ["created", "status", "priority", "service", "customer", "status"],
    ...     "value": ["", "New", "P1", "email", "Finance", "Resolved"]})
    >>> [(r["state"], str(r["elapsed"]), r["deadline"].strftime("%H:%M"))
    ...  for r in sla_clocks(activity, cat, as_of=t0 + timedelta(days=1)).to_pylist()]
    [('met', '2:00:00', '13:00')]
    """
    got, said = clocks_and_warnings(
        table,
        catalogue,
        as_of=as_of,
        rules=rules,
        full=full,
        unmatched=unmatched,
        running=running,
        log_warnings=log_warnings,
    )
    for message in said:
        warnings.warn(ActivityWarning(message), stacklevel=2)
    return got


def clocks_and_warnings(
    table: Any,
    catalogue: Catalogue,
    *,
    as_of: datetime,
    rules: ActivityRules | None = None,
    full: bool = False,
    unmatched: str = "error",
    running: bool = False,
    log_warnings: bool = False,
) -> tuple[Any, list[str]]:
    """:func:`sla_clocks`'s table and the messages of the warnings it gives, returned
    rather than given (for a caller on a thread other than the one that reports them:
    Python's warning filters are one for the whole process)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if running and not full:
        raise InvalidValueError("running", running, "running=True together with full=True")
    rules_ = rules if rules is not None else getattr(catalogue, "activity", None) or ActivityRules()
    named = _named(catalogue, rules_, full)  # once, for every block
    args = (catalogue, as_of, rules, full, unmatched, running, named)
    blocks = _blocks(pa, pc, table)
    if blocks is None:  # one pass
        got, unmeasured, facts = _clocks(table, *args)
    else:
        got, unmeasured, facts = _in_blocks(table, blocks, args)
    if log_warnings:  # the engine's other warnings, from what the clocks read off the table
        from slacalc.activity.outcomes import warnings_of_facts

        unmeasured.update(
            warnings_of_facts(
                catalogue, rules=rules, unmatched=unmatched, pairs=facts.pairs, seen=facts.seen
            )
        )
    # The engine's warnings, each once with its count, in one order.
    said = []
    for message, count in sorted(unmeasured.items()):
        said.append(message + (f" ({count} times)" if count > 1 else ""))
    return got, said


def _blocks(pa: Any, pc: Any, table: Any) -> list[tuple[int, int, Any]] | None:
    """The blocks of whole tickets of a table over :data:`BLOCK_ROWS` rows grouped by
    ticket: ``(first row, end row, the block's ticket column dictionary-encoded)``,
    each block cut at the first new ticket from a multiple of :data:`BLOCK_ROWS` on;
    ``None`` for one pass (a smaller table, or one not grouped by ticket: a ticket in
    two blocks)."""
    n = table.num_rows
    if n <= BLOCK_ROWS or "ticket" not in table.column_names:
        return None
    ticket = table.column("ticket")
    if ticket.null_count or not (
        pa.types.is_string(ticket.type) or pa.types.is_large_string(ticket.type)
    ):
        return None  # its own error, or its own reading of the column
    cuts = [0]
    for m in range(BLOCK_ROWS, n, BLOCK_ROWS):
        if m <= cuts[-1]:
            continue  # inside the block before (a ticket longer than BLOCK_ROWS rows)
        k = _next_ticket(pc, ticket, m)
        if k < n:
            cuts.append(k)
    cuts.append(n)
    if len(cuts) <= 2:
        return None
    spans = list(pairwise(cuts))
    with ThreadPoolExecutor(_workers(len(spans))) as pool:
        coded = list(pool.map(lambda s: _encode(pc, ticket.slice(s[0], s[1] - s[0])), spans))
    # Grouped by ticket: no ticket in two blocks (within a block, any order is sorted).
    names = pa.chunked_array([d.dictionary for d in coded], ticket.type)
    if not _ascending(pc, names) and pc.count_distinct(names).as_py() != len(names):
        return None
    return [(a, b, d) for (a, b), d in zip(spans, coded, strict=True)]


def _next_ticket(pc: Any, ticket: Any, m: int) -> int:
    """The first row from ``m`` on whose ticket differs from the row before (the
    number of rows if none): adjacent rows compared a window at a time."""
    n, width = len(ticket), 256
    while m < n:
        w = min(width, n - m)
        differs = pc.not_equal(ticket.slice(m, w), ticket.slice(m - 1, w))
        hit = int(pc.index(differs, True).as_py())
        if hit >= 0:
            return m + hit
        m, width = m + w, width * 2
    return n


def _encode(pc: Any, column: Any, first_appearance: bool = True) -> Any:
    """``column`` dictionary-encoded, one chunk: codes in first-appearance order, or
    (``first_appearance=False``) a column already dictionary-encoded as it is, its
    chunks' dictionaries unified (a pandas ``category`` or Polars ``Categorical``
    column, Parquet read with ``read_dictionary``: no strings hashed again)."""
    import pyarrow as pa

    if pa.types.is_dictionary(column.type):
        if not first_appearance:
            d = column.combine_chunks() if isinstance(column, pa.ChunkedArray) else column
            words = d.dictionary
            if not words.null_count and pc.count_distinct(words).as_py() == len(words):
                return d
        column = column.cast(column.type.value_type)
    if first_appearance:
        runs = _runs(pa, pc, column)
        if runs is not None:
            return runs
    return pc.dictionary_encode(column).combine_chunks()


def _runs(pa: Any, pc: Any, column: Any) -> Any | None:
    """A text column without nulls whose values ascend (an export sorted by ticket)
    dictionary-encoded by its runs, without hashing: each run's value once, in order,
    and the codes counting the runs, what ``pc.dictionary_encode`` gives for it;
    ``None`` for any other column.

    >>> import pyarrow as pa, pyarrow.compute as pc
    >>> d = _runs(pa, pc, pa.array(["A", "A", "B", "C", "C"]))
    >>> d.indices.to_pylist(), d.dictionary.to_pylist()
    ([0, 0, 1, 2, 2], ['A', 'B', 'C'])
    >>> _runs(pa, pc, pa.array(["B", "A"])) is None
    True
    """
    import numpy as np

    n = len(column)
    text = pa.types.is_string(column.type) or pa.types.is_large_string(column.type)
    if n < 2 or not text or column.null_count:
        return None
    if KERNEL is not None:
        coded = _kernel_runs(np, pa, column)
        if coded is not False:
            return coded
    # Chunk by chunk (a column of several chunks may hold more text than one can).
    before, after = column.slice(0, n - 1), column.slice(1)
    if not pc.all(pc.less_equal(before, after)).as_py():  # some row below the one before
        return None
    new = np.empty(n, dtype=bool)
    new[0] = True
    new[1:] = np.asarray(pc.not_equal(after, before))
    words = column.filter(pa.array(new))  # the runs' values: each above the one before
    if isinstance(words, pa.ChunkedArray):
        words = words.combine_chunks()
    codes = np.cumsum(new, dtype=np.int32) - 1
    return pa.DictionaryArray.from_arrays(pa.array(codes), words)


def _kernel_runs(np: Any, pa: Any, column: Any) -> Any:
    """:func:`_runs` by the C kernel's ``text_runs``, a chunk at a time (each chunk's
    first text compared with the last before it) and ``take_text`` for each run's
    value; ``None`` as there, ``False`` for Arrow's way (text past ``string``'s 2 GiB)."""
    kernel = KERNEL
    assert kernel is not None
    chunks = column.chunks if isinstance(column, pa.ChunkedArray) else [column]
    codes = np.empty(len(column), dtype=np.int64)
    words: list[Any] = []
    prev: bytes | None = None
    done = runs = 0
    for chunk in chunks:
        m = len(chunk)
        if not m:
            continue
        _, offsets, data = chunk.buffers()
        wide = np.int64 if pa.types.is_large_string(chunk.type) else np.int32
        at = np.frombuffer(offsets, dtype=wide, count=chunk.offset + m + 1)[chunk.offset :]
        at = at.astype(np.int64)
        data = data or b""
        starts = np.empty(m, dtype=np.int64)
        k = kernel.text_runs(at, data, prev, runs, codes[done : done + m], starts)
        if k < 0:
            return None
        got = kernel.take_text(at, data, starts[:k])
        if got is None:
            return False
        buffers = [None, pa.py_buffer(got[0]), pa.py_buffer(got[1])]
        words.append(pa.Array.from_buffers(pa.string(), k, buffers).cast(column.type))
        prev = bytes(memoryview(data)[int(at[-2]) : int(at[-1])])
        done, runs = done + m, runs + k
    dictionary = pa.concat_arrays(words) if words else pa.array([], column.type)
    return pa.DictionaryArray.from_arrays(pa.array(codes), dictionary)


def _ascending(pc: Any, words: Any) -> bool:
    """Whether each text is above the one before (so that all are distinct)."""
    n = len(words)
    return n < 2 or bool(pc.all(pc.less(words.slice(0, n - 1), words.slice(1))).as_py())


def _workers(blocks: int) -> int:
    """Threads for the blocks: the cores this process may use, at most four (each
    block in flight holds its temporaries), at most one a block."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return max(1, min(4, cores or 1, blocks))


def _in_blocks(
    table: Any,
    blocks: list[tuple[int, int, Any]],
    args: tuple[Catalogue, datetime, ActivityRules | None, bool, str, bool, set[str] | None],
) -> tuple[Any, Counter[str], _Facts]:
    """:func:`_clocks` block by block, on threads (NumPy and Arrow release the GIL in
    their loops), the tables joined in block order and the counts summed.

    The unknown tickets of every block are one :class:`RecordError`, as one pass
    names them. Any other error of a block is found again by one pass over the
    whole table, which checks each thing over every ticket before the next (a
    later block may hold an error one pass finds first): the same error, at the
    cost of that pass on a path that ends in an error or in the engine.
    """
    import pyarrow as pa

    from slacalc.measure import RecordError

    def one(block: tuple[int, int, Any]) -> Any:
        a, b, coded = block
        try:
            return _clocks(table.slice(a, b - a), *args, tickets=coded)
        except SlacalcError as error:
            return error

    with ThreadPoolExecutor(_workers(len(blocks))) as pool:
        results = list(pool.map(one, blocks))
    outs: list[Any] = []
    counts: Counter[str] = Counter()
    facts = _Facts()
    problems: list[Any] = []
    for got in results:
        if isinstance(got, RecordError):
            problems += got.problems
        elif isinstance(got, SlacalcError):
            outs.clear()  # one pass raises the error it finds first
            return _clocks(table, *args)
        else:
            outs.append(got[0])
            counts.update(got[1])
            facts.add(got[2])
    if problems:
        raise RecordError(problems)
    return pa.concat_tables(outs), counts, facts


def _clocks(
    table: Any,
    catalogue: Catalogue,
    as_of: datetime,
    rules: ActivityRules | None,
    full: bool,
    unmatched: str,
    running: bool = False,
    named: set[str] | None = None,
    tickets: Any = None,
) -> tuple[Any, Counter[str], _Facts]:
    """:func:`sla_clocks` in one pass over ``table``: the table, the engine's
    missing-target warnings as a count per message (for the caller to give), and the
    :class:`_Facts` its other warnings read.
    ``named``: :func:`_named` of the catalogue and rules; ``tickets``: the ticket column
    already dictionary-encoded (by :func:`_blocks`)."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    from slacalc.measure import sla_for

    if rules is None:
        rules = getattr(catalogue, "activity", None) or ActivityRules()
    if any(getattr(a, "versions", ()) for a in (*catalogue.slas, *catalogue.olas, *catalogue.ucs)):
        raise VClockUnsupported("versioned agreements are not vectorised")
    if as_of.utcoffset() is None:
        raise InvalidValueError("as_of", as_of, "a timezone-aware datetime")
    now = (as_of.astimezone(UTC) - datetime(1970, 1, 1, tzinfo=UTC)) // timedelta(microseconds=1)
    if sorted(table.column_names) != ["at", "field", "ticket", "value"]:
        raise VClockUnsupported("the table needs exactly the columns ticket, at, field, value")
    at_col = table.column("at")
    if not pa.types.is_timestamp(at_col.type) or at_col.type.tz is None:
        raise VClockUnsupported("'at' must be a timestamp column with a time zone")
    for name in ("ticket", "at", "field", "value"):
        if table.column(name).null_count:
            raise VClockUnsupported(f"nulls in {name!r}")
    at_all = at_col.cast(pa.timestamp("us", tz=at_col.type.tz)).cast(pa.int64())
    at_all = at_all.to_numpy()

    def codes(name: str, d: Any = None) -> tuple[Any, Any]:
        # Ticket codes in first-appearance order: the output's order of tickets.
        d = _encode(pc, table.column(name), name == "ticket") if d is None else d
        if d.indices.null_count:  # a dictionary column whose dictionary holds a null
            raise VClockUnsupported(f"nulls in {name!r}")
        return d.indices.to_numpy(zero_copy_only=False).astype(np.int64, copy=False), d.dictionary

    t_all, tickets = codes("ticket", tickets)
    f_all, field_names = codes("field")
    for name, words_ in (("ticket", tickets), ("field", field_names)):
        if _untrimmed(pc, words_):  # the reader trims them, or refuses an empty one
            raise VClockUnsupported(f"{name} names with spaces around them, or empty")
    v_all, value_names = codes("value")
    fields, values = field_names.to_pylist(), value_names.to_pylist()
    field_code = {name: i for i, name in enumerate(fields)}
    value_code = {name: i for i, name in enumerate(values)}
    n_t = len(tickets)
    created_f = field_code.get("created", _ABSENT)
    is_created = f_all == created_f
    per = np.bincount(t_all[is_created], minlength=n_t)
    if n_t and (per != 1).any():
        bad = tickets[int(np.flatnonzero(per != 1)[0])].as_py()
        raise InvalidValueError(f"ticket {bad!r}", "created rows", "exactly one 'created' row")
    created = np.empty(n_t, dtype=np.int64)
    created[t_all[is_created]] = at_all[is_created]
    rows = ~is_created
    if (at_all < created[t_all]).any():  # a 'created' row is at its ticket's creation
        raise VClockUnsupported("a row before its ticket's creation")
    if n_t and int(created.min()) < MIN_US:  # the rows after it are dropped past as_of
        bad = tickets[int(np.argmin(created))].as_py()
        raise HorizonError(
            f"ticket {bad!r}: created outside years 1-9999 (UTC), where no calendar answers"
        )
    alive = created <= now
    facts = _Facts()
    used = np.flatnonzero(np.bincount(f_all, minlength=len(fields)))
    facts.seen = {fields[i] for i in used.tolist()} - {"created"}
    dead_unknown = _dead(
        np,
        catalogue,
        rules,
        unmatched,
        tickets,
        t_all,
        at_all,
        f_all,
        v_all,
        rows,
        alive,
        created,
        fields,
        field_code,
        values,
        facts,
    )
    keep = rows & (at_all <= now) & alive[t_all]
    # Tickets keep their codes (first-appearance order); the dead have no snapshots.
    live_t = np.flatnonzero(alive)
    remap = np.full(n_t, -1, dtype=np.int64)
    remap[live_t] = np.arange(len(live_t))
    snaps = _Snaps(
        np,
        remap[t_all[keep]],
        at_all[keep],
        f_all[keep],
        v_all[keep],
        created[live_t],
        len(live_t),
    )
    del t_all, at_all, f_all, v_all, is_created, rows, keep, remap  # the snapshots hold them
    init = snaps.row_order[snaps.initial[snaps.row_order]]
    pair = snaps.row_snap[init] * (len(fields) + 1) + snaps.f[init]
    ordered = np.sort(pair)
    if (ordered[1:] == ordered[:-1]).any():
        raise VClockUnsupported("a field given twice at a ticket's creation")
    if snaps.n == 0:  # every ticket was created after as_of
        if dead_unknown:
            from slacalc.measure import RecordError

            raise RecordError([(where, what) for _, where, what in sorted(dead_unknown)])
        empty_out = _table(np, pa, {name: [] for name in VCLOCK_COLUMNS}, _order(np, []), {})
        if full:
            added = FULL_COLUMNS + (RUNNING_COLUMNS if running else ())
            empty_out = _with_full(np, pa, empty_out, [], {n: [] for n in added}, {})
        return empty_out, Counter(), facts
    conds = _Conditions(snaps, field_code, value_code)
    if named is None:
        named = _named(catalogue, rules, full)
    snaps.prefill([field_code.get(x, _ABSENT) for x in named], len(fields))
    empty = value_code.get("", _ABSENT)
    # The engine reads pending and supplier conditions on a clock's state, which holds
    # no event field: such a condition naming one is left to it.
    events = {f for p in rules.policies.values() for f in p.events} | set(DEFAULT_EVENTS)
    states = [rules.customer_pending, *rules.suppliers.values()]
    if any(c is not None and events & set(c.fields()) for c in states):
        raise VClockUnsupported("a pending or supplier condition names an event field")
    if full:
        party, labels = _parties(np, catalogue, rules, conds, values, empty)
        cause = conds.state(rules.cause_field)

    def text(code: int) -> str | None:
        return None if code < 0 else values[code]

    if full:  # per value: whether it is set, and itself; per party label: its kind
        text_set = np.array([bool(v) for v in values] or [False], dtype=bool)
        categories = [*values, "process", "third party", "staffing"]
        is_supplier = np.array([x.startswith("supplier:") for x in labels], dtype=bool)
        is_team = np.array([x.startswith("team:") for x in labels], dtype=bool)
        team_of_label = [x.removeprefix("team:") for x in labels]

    # The priority at each snapshot: the priority field, else the matrix on impact x urgency.
    prio = conds.state(rules.priority_field).copy()
    prio[prio == empty] = _UNSET
    imp, urg = conds.state(rules.impact_field), conds.state(rules.urgency_field)
    need = (prio == _UNSET) & (imp >= 0) & (urg >= 0) & (imp != empty) & (urg != empty)
    names = list(values)
    if need.any() and catalogue.priorities is not None:
        pairs, inv = _unique_pairs(np, imp[need], urg[need])
        extra = {}
        for j in range(pairs.shape[1]):
            p = catalogue.priorities.priority(values[pairs[0, j]], values[pairs[1, j]])
            extra[j] = value_code[p] if p in value_code else len(names) + j
            if p not in value_code:
                names.append(p)
        prio[need] = np.array([extra[j] for j in range(pairs.shape[1])])[inv.ravel()]
    firsts = snaps.t0
    if (prio[firsts] == _UNSET).any():
        raise VClockUnsupported("a ticket without a priority at creation")
    service = conds.state(rules.service_field)[firsts]
    customer = conds.state(rules.customer_field)[firsts]
    if ((service < 0) | (service == empty) | (customer < 0) | (customer == empty)).any():
        raise VClockUnsupported("a ticket without a service or customer at creation")
    sc_pairs, sc_inv = _unique_pairs(np, service, customer)
    sc_inv = sc_inv.ravel()

    def sla_of(service: str, customer: str) -> Any:
        if unmatched == "skip" and not catalogue.covers(service, customer):
            return None  # tickets no SLA covers are left out, as the engine leaves them
        return sla_for(catalogue, service, customer)

    slas: list[Any] = []
    unknown: list[tuple[int, str, str]] = []
    for j, (a, b) in enumerate(sc_pairs.T):
        try:
            slas.append(sla_of(values[a], values[b]))
        except SlacalcError as error:  # every ticket of the pair, as the engine names them
            slas.append(None)
            for k in live_t[np.flatnonzero(sc_inv == j)]:
                unknown.append((int(k), f"ticket {tickets[int(k)].as_py()!r}", str(error)))
    if unknown or dead_unknown:
        from slacalc.measure import RecordError

        raise RecordError([(where, what) for _, where, what in sorted(unknown + dead_unknown)])
    # The tickets per service and customer, and the status values their snapshots hold.
    per_pair = np.bincount(sc_inv, minlength=sc_pairs.shape[1])
    held_status = conds.state(rules.status_field)
    width = len(values) + 1
    seen_status, _ = _unique_codes(np, sc_inv[snaps.t] * width + (held_status + 1))
    statuses: list[set[str]] = [set() for _ in range(sc_pairs.shape[1])]
    for key in seen_status.tolist():
        if key % width:
            statuses[key // width].add(values[key % width - 1])
    for j, (a, b) in enumerate(sc_pairs.T.tolist()):
        n, before = facts.pairs.get((values[a], values[b]), (0, set()))
        facts.pairs[(values[a], values[b])] = (n + int(per_pair[j]), before | statuses[j])
    out: dict[str, list[Any]] = {name: [] for name in VCLOCK_COLUMNS}
    added = FULL_COLUMNS + (RUNNING_COLUMNS if running else ())
    full_out: dict[str, list[Any]] = {name: [] for name in added}
    metrics: list[str] = []
    order_keys: list[tuple[int, int, Any]] = []  # (SLA, clock, tickets) of each part
    nxt = np.empty(snaps.n, dtype=np.int64)
    nxt[:-1] = snaps.at[1:]
    last_of = np.r_[snaps.first[1:], True]
    nxt[last_of] = now
    last_snap = np.r_[snaps.t0[1:] - 1, snaps.n - 1] if len(snaps.t0) else snaps.t0
    policies: dict[tuple[str, str, str], tuple[CompiledPolicy, dict[str, Any]]] = {}
    unmeasured: Counter[str] = Counter()  # the engine's missing-target warnings, counted
    kinds = ["SLA", "OLA", "UC"]
    agreements: list[str] = []
    held_of: dict[str, Any] = {}  # an OLA's or UC's id -> whether it holds each snapshot
    group = conds.state(rules.assignment_field)

    def held_for(agreement: Any) -> Any | None:
        """Whether the OLA's team or the UC's supplier holds the ticket at each snapshot
        (``None`` when the rules do not say: the engine runs no clock for it)."""
        if agreement.id in held_of:
            return held_of[agreement.id]
        found = None
        if agreement.kind == "OLA" and agreement.team in rules.teams:
            mine = [i for i, v in enumerate(values) if rules.team_of(v) == agreement.team]
            found = _member(np, group, np.array(mine, dtype=np.int64))
        elif agreement.kind == "UC" and agreement.id in rules.suppliers:
            found = conds.eval(rules.suppliers[agreement.id].tree, frozenset())
        held_of[agreement.id] = found
        return found

    cal_words: dict[str | None, int] = {}  # the calendars' names, codes for full=True
    under_code: dict[str, int] = {}  # the ids of the OLAs and UCs whose clocks ran (full)
    team_code: dict[str, int] = {}  # the teams of those OLAs

    def cal_word(name: str | None) -> int:
        return cal_words.setdefault(name, len(cal_words))

    def code_of(agreement_id: str) -> int:
        if agreement_id not in agreements:
            agreements.append(agreement_id)
        return agreements.index(agreement_id)

    for si, sla in enumerate(slas):
        mask = sc_inv == si
        if sla is None or not mask.any():
            continue
        # The clocks in the engine's order: the SLA's metrics, then its OLAs, then its UCs.
        clocks: list[tuple[str, Any, str, Any]] = [("sla", sla, m, None) for m in sla.metrics()]
        support = catalogue.supporting(sla.id) if full else ()  # OLAs and UCs: full only
        for kind, cls in (("ola", "OLA"), ("uc", "UC")):
            for agreement in (a for a in support if a.kind == cls):
                held = held_for(agreement)
                if held is None:
                    continue
                clocks += [(kind, agreement, m, held) for m in agreement.every_metric()]
        # OLA and UC cycles first: the SLA's underpinning and categories read them.
        order = sorted(range(len(clocks)), key=lambda i: clocks[i][0] == "sla")
        # The breached OLA and UC cycles, clock by clock: (ticket, start, end, agreement
        # code into under_code, team code into team_code or -1).
        under: list[tuple[Any, ...]] = []
        for ci in order:
            kind, agreement, metric, held = clocks[ci]
            policy = rules.policy(kind, agreement.id, metric)
            if policy is None:
                continue
            key = (kind, agreement.id, metric)
            if key not in policies:
                cp = compile_policy(policy, kind=kind, where=f"policies.{kind}.{metric}")
                if any(
                    f in policy.events
                    for f in (rules.priority_field, rules.impact_field, rules.urgency_field)
                ):
                    raise VClockUnsupported("a priority field named as an event")
                policies[key] = (cp, conds.policy(cp, held))
            cp, c = policies[key]
            is_sla = kind == "sla"
            (ct, cfirst, cend, chow, rae), (seg_s, seg_c) = _run(np, snaps, c, mask, prio, cp)
            if not len(ct):
                continue
            closed = cend >= 0
            judged = cfirst if cp.restart_on_priority else np.where(closed, cend, last_snap[ct])
            cprio = prio[judged]
            # Targets and calendars for each (priority, customer) pair: a few look-ups.
            cust = customer[ct]
            keys, kinv = _unique_pairs(np, cprio, cust)
            kinv = kinv.ravel()
            key_target = np.full(keys.shape[1], -1, dtype=np.int64)  # -1: no target
            key_cal = np.full(keys.shape[1], -1, dtype=np.int64)
            cals: list[Calendar] = []
            for j in range(keys.shape[1]):
                pname = names[keys[0, j]] if keys[0, j] >= 0 else None
                if pname is None or not agreement.defines(pname, metric):
                    continue
                tg = agreement.target(pname, metric)
                cal = rules.calendar_for(agreement.kind, values[keys[1, j]], tg.calendar)
                ci_ = next((i for i, x in enumerate(cals) if x is cal), None)
                if ci_ is None:
                    cals.append(cal)
                    ci_ = len(cals) - 1
                key_target[j] = tg.duration // timedelta(microseconds=1)
                key_cal[j] = ci_
            target, cal_of = key_target[kinv], key_cal[kinv]
            ok = target >= 0
            if not ok.all():  # the engine's warning: a priority with no target, per cycle
                codes_, counts_ = np.unique(cprio[~ok], return_counts=True)
                for code_, count_ in zip(codes_.tolist(), counts_.tolist(), strict=True):
                    pname_ = names[code_] if code_ >= 0 else None
                    unmeasured[
                        f"{agreement.kind} {agreement.id!r} sets no {metric} target for "
                        f"priority {pname_!r}: those cycles are not measured"
                    ] += count_
            startv = snaps.at[cfirst]
            endv = np.where(closed, snaps.at[np.maximum(cend, 0)], now)
            elapsed = np.zeros(len(ct), dtype=np.int64)
            span = np.zeros(len(ct), dtype=np.int64)
            deadline = np.where(target == 0, startv, _NONE)
            who = np.full(len(ct), -1, dtype=np.int64)  # the party when the target ran out
            run = ~c["pause"][seg_s] & ok[seg_c]
            seg_s, seg_c = seg_s[run], seg_c[run]
            if not _ascending_pairs(np, seg_c, seg_s):  # the kernel's are (one walk)
                srt = np.lexsort((seg_s, seg_c))
                seg_s, seg_c = seg_s[srt], seg_c[srt]
            if running:  # stretches of one cycle that meet, held by one party, are one
                full_out["running"].append(
                    _stretches(np, seg_s, seg_c, snaps.at, nxt, party if is_sla else None, ok)
                )
                full_out["running_at_end"].append((rae & ~closed)[ok])
            if full and is_sla and len(seg_s):
                # A zero target runs out at the start: the party of the first stretch.
                lasting = nxt[seg_s] > snaps.at[seg_s]
                fc, fi = _firsts(np, seg_c[lasting])
                zero = target[fc] == 0
                who[fc[zero]] = party[seg_s[lasting][fi[zero]]]
            pieces: list[tuple[Any, Any, Any]] = []  # (cycle, party, covered) with full=True
            for ci_, cal in enumerate(cals):
                sel = cal_of[seg_c] == ci_
                ss, sc_ = seg_s[sel], seg_c[sel]
                e = _covered(np, cal, snaps.at[ss], nxt[ss])
                if full and is_sla and len(e):
                    pieces.append(_pieces(np, sc_, party[ss], e, len(labels)))
                if len(e):
                    hc, hrow, left = _sums(np, e, sc_, target, elapsed)
                    deadline[hc] = _add(np, cal, snaps.at[ss[hrow]], left)
                    if full and is_sla:
                        who[hc] = party[ss[hrow]]
                cyc = np.flatnonzero((cal_of == ci_) & ok)
                span[cyc] = _covered(np, cal, startv[cyc], endv[cyc])
                on = cyc[(deadline[cyc] == _NONE) & rae[cyc] & (target[cyc] > 0)]
                deadline[on] = _add(np, cal, endv[on], target[on] - elapsed[on])
            cancelled = (chow == _CANCELLED) | (chow == _RETARGETED)
            has_dl = deadline != _NONE
            breached = ~cancelled & has_dl & (endv > deadline)
            # Codes into _STATES: met, breached, pending, cancelled.
            state = np.where(cancelled, 3, np.where(breached, 1, np.where(closed, 0, 2)))
            ids = np.flatnonzero(ok)
            # Cycle numbers count every cycle of the ticket, measured or not.
            o = None  # the cycles by ticket, then in turn (the kernel's already are)
            if len(ct) > 1 and not bool((ct[1:] >= ct[:-1]).all()):
                o = np.lexsort((np.arange(len(ct)), ct))
            by_t = ct if o is None else ct[o]
            head = np.r_[True, by_t[1:] != by_t[:-1]]
            grp = np.maximum.accumulate(np.where(head, np.arange(len(ct)), 0))
            num = np.arange(len(ct)) - grp + 1
            if o is not None:
                num[o] = num.copy()
            tick = live_t[ct[ids]]
            order_keys.append((si, ci, tick))
            if metric not in metrics:
                metrics.append(metric)
            out["ticket"].append(tick)
            out["kind"].append(np.full(len(ids), kinds.index(agreement.kind)))
            out["agreement"].append(np.full(len(ids), code_of(agreement.id)))
            out["metric"].append(np.full(len(ids), metrics.index(metric)))
            out["cycle"].append(num[ids])
            out["state"].append(state[ids])
            out["service"].append(service[ct[ids]])
            out["customer"].append(cust[ids])
            out["priority"].append(cprio[ids])
            out["target"].append(target[ids])
            out["start"].append(startv[ids])
            out["deadline"].append(deadline[ids])
            out["stop"].append(np.where(closed, endv, _NONE)[ids])
            out["end"].append(endv[ids])
            out["elapsed"].append(elapsed[ids])
            out["paused"].append((span - elapsed)[ids])
            out["breach"].append(np.where(breached, deadline, _NONE)[ids])
            if not full:
                continue
            cal_code = np.array([cal_word(catalogue.calendar_name(x)) for x in cals] or [0])
            full_out["calendar"].append(cal_code[cal_of[ids]])
            if not is_sla:
                team = getattr(agreement, "team", None)
                hit = ids[breached[ids]]
                a_code = under_code.setdefault(agreement.id, len(under_code))
                t_code = -1 if team is None else team_code.setdefault(team, len(team_code))
                agreement_of, team_of = np.full(len(hit), a_code), np.full(len(hit), t_code)
                under.append((ct[hit], startv[hit], endv[hit], agreement_of, team_of))
                full_out["category"].append(np.full(len(ids), -1, dtype=np.int64))
                full_out["underpinning"].append(_no_lists(np, len(ids), 1))
                full_out["attribution"].append(_no_lists(np, len(ids), 2))
                continue
            # The breached OLAs and UCs of the ticket that overlap each cycle, in the
            # engine's order (clock, then cycle); a breach's category: the cause field
            # when set, else who held the ticket when the target ran out.
            u_t, u_s, u_e, u_a, u_team = _breaches(np, under)
            full_out["underpinning"].append(
                _underpinning(np, ct[ids], startv[ids], endv[ids], u_t, u_s, u_e, u_a)
            )
            bi = breached[ids]
            w = cause[np.where(closed, cend, last_snap[ct])[ids]]
            explicit = bi & (w >= 0) & text_set[np.maximum(w, 0)]
            # Codes into the values, then "process", "third party", "staffing"; -1: none.
            category = np.full(len(ids), -1, dtype=np.int64)
            category[explicit] = w[explicit]
            rest = bi & ~explicit
            wl = who[ids]
            known = wl >= 0
            supplier = rest & known & is_supplier[np.maximum(wl, 0)]
            category[rest] = len(values)
            category[supplier] = len(values) + 1
            # Staffing: the team holding the ticket then had its own OLA breached on it.
            by_team = np.flatnonzero(rest & ~supplier & known & is_team[np.maximum(wl, 0)])
            if len(by_team) and len(u_t):
                label_team = np.array([team_code.get(x, -1) for x in team_of_label], np.int64)
                mine = label_team[wl[by_team]]
                width = len(team_code) + 1
                own = _member(np, ct[ids[by_team]] * width + mine, u_t * width + u_team)
                category[by_team[own & (mine >= 0)]] = len(values) + 2
            full_out["category"].append(category)
            full_out["attribution"].append(_shares(np, pieces, ids, labels))
    words = {
        "ticket": tickets,
        "kind": kinds,
        "agreement": agreements,
        "metric": metrics,
        "state": list(_STATES),
        "service": names,
        "customer": names,
        "priority": names,
    }
    order = _order(np, order_keys)
    table_out = _table(np, pa, out, order, words)
    if not full:
        return table_out, unmeasured, facts
    lists = {"calendar": list(cal_words), "category": categories, "party": labels}
    lists["underpinning"] = list(under_code)
    return _with_full(np, pa, table_out, order, full_out, lists), unmeasured, facts


def _named(catalogue: Catalogue, rules: ActivityRules, full: bool) -> set[str]:
    """The fields whose states the clocks of ``catalogue`` are likely to read: the
    rules' fields, and those the policies of its agreements name other than as events
    (with ``full``, the OLAs' and UCs' too). What it leaves out is filled when asked
    for (:meth:`_Snaps.state`): the set saves time, it decides nothing."""
    out = {
        rules.priority_field, rules.impact_field, rules.urgency_field, rules.service_field,
        rules.customer_field, rules.status_field,
    }  # fmt: skip
    held = [rules.customer_pending]
    if full:
        out |= {rules.assignment_field, rules.cause_field}
        held += rules.suppliers.values()
    out.update(x for c in held if c is not None for x in c.fields())
    seen: set[int] = set()
    kinds: list[tuple[str, Any, tuple[str, ...]]] = [
        ("sla", a, a.metrics()) for a in catalogue.slas
    ]
    if full:
        kinds += [(a.kind.lower(), a, a.every_metric()) for a in (*catalogue.olas, *catalogue.ucs)]
    for kind, agreement, metrics in kinds:
        for metric in metrics:
            policy = rules.policy(kind, agreement.id, metric)
            if policy is None or id(policy) in seen:
                continue
            seen.add(id(policy))
            for name in ("start", "stop", "pause", "reset", "cancel"):
                cond = getattr(policy, name)
                if cond is not None:
                    out.update(set(cond.fields()) - set(policy.events))
    return out


#: The characters ``str.strip()`` removes (Python's whitespace), as an RE2 class.
_SPACE = r"[\t\n\x0b\f\r\x1c-\x1f\x85\p{Z}]"


#: The ASCII bytes ``str.strip()`` removes, by byte value.
_ASCII_SPACE = bytes(c in b"\t\n\x0b\f\r\x1c\x1d\x1e\x1f " for c in range(256))


def _untrimmed(pc: Any, words: Any) -> bool:
    """Whether some text is empty or has whitespace ``str.strip()`` would remove
    (for ASCII text by its first and last bytes, else by :data:`_SPACE`)."""
    if not len(words):
        return False
    edges = _ascii_edges(words)
    if edges is not None:
        import numpy as np

        first, last, empty = edges
        space = np.frombuffer(_ASCII_SPACE, dtype=bool)
        return bool(empty.any() or space[first].any() or space[last].any())
    edge = pc.match_substring_regex(words, f"^{_SPACE}|{_SPACE}$")
    return bool(pc.any(pc.or_(edge, pc.equal(words, ""))).as_py())


def _ascii_edges(words: Any) -> tuple[Any, Any, Any] | None:
    """The first and last bytes of each non-empty text of ``words`` and whether each
    is empty, read off its buffers; ``None`` unless it is one text array (not chunked),
    without nulls, all ASCII."""
    import numpy as np
    import pyarrow as pa

    if isinstance(words, pa.ChunkedArray):  # the regex reads it chunk by chunk
        return None
    large = pa.types.is_large_string(words.type)
    if words.null_count or not (large or pa.types.is_string(words.type)):
        return None
    _, offsets_buffer, data_buffer = words.buffers()
    width = np.int64 if large else np.int32
    count = words.offset + len(words) + 1  # a buffer may be longer than its array needs
    offsets = np.frombuffer(offsets_buffer, dtype=width, count=count)[words.offset :]
    data = np.frombuffer(data_buffer, dtype=np.uint8) if data_buffer else np.zeros(0, np.uint8)
    if (data[offsets[0] : offsets[-1]] >= 0x80).any():
        return None
    empty = offsets[1:] == offsets[:-1]
    return data[offsets[:-1][~empty]], data[offsets[1:][~empty] - 1], empty


def _dead(
    np: Any,
    catalogue: Catalogue,
    rules: ActivityRules,
    unmatched: str,
    tickets: Any,
    t_all: Any,
    at_all: Any,
    f_all: Any,
    v_all: Any,
    rows: Any,
    alive: Any,
    created: Any,
    fields: list[str],
    field_code: Mapping[str, int],
    values: list[str],
    facts: _Facts,
) -> list[tuple[int, str, str]]:
    """The tickets created after ``as_of``: no cycles, but the engine still looks up
    their SLA by the service and customer they are created with (its error for an
    unknown one, its warning for one skipped). Their pairs go into ``facts``; the
    unknown ones are returned as ``(ticket code, where, what)``."""
    from slacalc.measure import sla_for

    dead = np.flatnonzero(~alive)
    if not len(dead):
        return []
    init = np.flatnonzero(rows & ~alive[t_all] & (at_all == created[t_all]))
    pair = np.sort(t_all[init] * (len(fields) + 1) + f_all[init])
    if (pair[1:] == pair[:-1]).any():
        raise VClockUnsupported("a field given twice at a ticket's creation")

    def at_creation(name: str) -> Any:
        out = np.full(len(alive), _UNSET, dtype=np.int64)
        hit = init[f_all[init] == field_code.get(name, _ABSENT)]
        out[t_all[hit]] = v_all[hit]
        return out[dead]

    service, customer = at_creation(rules.service_field), at_creation(rules.customer_field)
    empty = values.index("") if "" in values else _ABSENT
    if ((service < 0) | (service == empty) | (customer < 0) | (customer == empty)).any():
        raise VClockUnsupported("a ticket without a service or customer at creation")
    pairs, inv = _unique_pairs(np, service, customer)
    inv = inv.ravel()
    unknown: list[tuple[int, str, str]] = []
    for j, (a, b) in enumerate(pairs.T.tolist()):
        key = (values[a], values[b])
        if not (unmatched == "skip" and not catalogue.covers(*key)):
            try:
                sla_for(catalogue, *key)
            except SlacalcError as error:
                for k in dead[inv == j].tolist():
                    unknown.append((k, f"ticket {tickets[k].as_py()!r}", str(error)))
                continue
        n, before = facts.pairs.get(key, (0, set()))
        facts.pairs[key] = (n + int((inv == j).sum()), before)
    return unknown


def _party_type(pa: Any) -> Any:
    return pa.struct([("party", pa.string()), ("time", pa.duration("us"))])


def _full_types(pa: Any) -> dict[str, Any]:
    return {
        "calendar": pa.string(),
        "category": pa.string(),
        "underpinning": pa.list_(pa.string()),
        "attribution": pa.list_(_party_type(pa)),
        "running": pa.list_(_stretch_type(pa)),
        "running_at_end": pa.bool_(),
    }


def _stretch_type(pa: Any) -> Any:
    ts = pa.timestamp("us", tz="UTC")
    return pa.struct([("start", ts), ("end", ts)])


def _stretches(np: Any, seg_s: Any, seg_c: Any, at: Any, nxt: Any, party: Any, ok: Any) -> Any:
    """The running stretches of every measured cycle (``ok``), as lists of ``{start,
    end}`` aligned with them (:func:`_lists`: their lengths, starts and ends): the
    running snapshots ``seg_s`` of cycles ``seg_c`` (by cycle, then instant), each to
    the next snapshot; empty ones left out, and one that begins where the one before
    ends joined to it, unless ``party`` (per snapshot; ``None``: one party) changes
    there, as the engine's ``running``."""
    a, b = at[seg_s], nxt[seg_s]
    lasting = b > a
    c, a, b, s = seg_c[lasting], a[lasting], b[lasting], seg_s[lasting]
    join = np.zeros(len(c), dtype=bool)
    join[1:] = (c[1:] == c[:-1]) & (a[1:] == b[:-1])
    if party is not None:
        join[1:] &= party[s[1:]] == party[s[:-1]]
    heads = np.flatnonzero(~join)
    tails = np.r_[heads[1:] - 1, len(c) - 1] if len(heads) else heads
    ids = np.flatnonzero(ok)
    row = np.full(len(ok), -1, dtype=np.int64)
    row[ids] = np.arange(len(ids))
    return np.bincount(row[c[heads]], minlength=len(ids)), a[heads], b[tails]


def _no_lists(np: Any, n: int, fields: int) -> tuple[Any, ...]:
    """``n`` empty lists of items with ``fields`` fields (:func:`_lists`)."""
    return (np.zeros(n, dtype=np.int64), *(np.empty(0, dtype=np.int64) for _ in range(fields)))


def _lists(np: Any, parts: list[tuple[Any, ...]], order: Any) -> tuple[Any, list[Any]]:
    """Lists given part by part as ``(lengths, *item fields)`` (NumPy arrays, the
    items of each part's lists in list order), the lists of all parts concatenated
    taken in ``order``: their ``int32`` offsets and each item field in that order (by
    one gather of the items, no Arrow ``take`` of nested lists).

    >>> import numpy as np
    >>> offsets, (items,) = _lists(np, [(np.array([2, 0]), np.array([7, 8])),
    ...                                 (np.array([1]), np.array([9]))], np.array([2, 0, 1]))
    >>> offsets.tolist(), items.tolist()
    ([0, 1, 3, 3], [9, 7, 8])
    """
    lengths = np.concatenate([p[0] for p in parts]).astype(np.int64)
    fields = [np.concatenate([p[k] for p in parts]) for k in range(1, len(parts[0]))]
    starts = np.zeros(len(lengths) + 1, dtype=np.int64)
    np.cumsum(lengths, out=starts[1:])
    taken = lengths[order]
    offsets = np.zeros(len(order) + 1, dtype=np.int64)
    np.cumsum(taken, out=offsets[1:])
    if offsets[-1] >= 1 << 31:
        raise VClockUnsupported("more than 2**31 list items in one table")
    gather = _ranges(np, starts[:-1][order], taken)
    return offsets.astype(np.int32), [f[gather] for f in fields]


def _ranges(np: Any, first: Any, lengths: Any) -> Any:
    """The ranges ``first[i]`` to ``first[i] + lengths[i]`` one after another, as one
    array (no Python loop).

    >>> import numpy as np
    >>> _ranges(np, np.array([5, 0, 2]), np.array([2, 0, 3])).tolist()
    [5, 6, 2, 3, 4]
    """
    if KERNEL is not None:  # one pass
        out = np.empty(int(lengths.sum()), dtype=np.int64)
        args = (np.ascontiguousarray(x, dtype=np.int64) for x in (first, lengths))
        KERNEL.ranges(*args, out)
        return out
    ends = np.cumsum(lengths)
    total = int(ends[-1]) if len(ends) else 0
    return np.arange(total) + np.repeat(first - (ends - lengths), lengths)


def _with_full(
    np: Any, pa: Any, table: Any, order: Any, extra: dict[str, list[Any]], words: dict[str, Any]
) -> Any:
    """``table`` with the :data:`FULL_COLUMNS`, and the :data:`RUNNING_COLUMNS` if
    ``extra`` has them, given part by part as NumPy arrays (codes into ``words``,
    -1 for none; lists as :func:`_lists` reads them), rows in ``order``."""
    types = _full_types(pa)
    ts, us = pa.timestamp("us", tz="UTC"), pa.duration("us")
    for name in (n for n in (*FULL_COLUMNS, *RUNNING_COLUMNS) if n in extra):
        parts = extra[name]
        if not parts:
            column = pa.array([], types[name])
        elif name in ("calendar", "category"):
            codes = _taken(np, parts, order)
            column = _take_text(np, pa, pa.array(words[name], pa.string()), codes)
        elif name == "running_at_end":
            column = pa.array(np.concatenate(parts)[order], pa.bool_())
        else:
            offsets, fields = _lists(np, parts, order)
            if name == "underpinning":
                items = _take_text(np, pa, pa.array(words[name], pa.string()), fields[0])
            elif name == "attribution":
                party = _take_text(np, pa, pa.array(words["party"], pa.string()), fields[0])
                times = pa.array(fields[1], pa.int64()).cast(us)
                items = pa.StructArray.from_arrays([party, times], fields=list(_party_type(pa)))
            else:
                a, b = (pa.array(f, pa.int64()).cast(ts) for f in fields)
                items = pa.StructArray.from_arrays([a, b], fields=list(_stretch_type(pa)))
            column = pa.ListArray.from_arrays(pa.array(offsets), items)
        table = table.append_column(name, column)
    return table


def _parties(
    np: Any, catalogue: Any, rules: ActivityRules, conds: Any, values: list[str], empty: int
) -> tuple[Any, list[str]]:
    """Who holds the ticket after each snapshot, as codes into the returned labels
    (the per-ticket engine's rule: the customer while pending, else the team of the
    assignment group, the group itself, or unassigned)."""
    group = conds.state(rules.assignment_field)
    labels = ["unassigned", "customer"]

    def label(text: str) -> int:  # one code per party (groups of one team share it)
        if text not in labels:
            labels.append(text)
        return labels.index(text)

    code = np.zeros(len(values) + 1, dtype=np.int64)  # index len(values): unset
    for i, value in enumerate(values):
        if i == empty or not value:
            continue
        team = rules.team_of(value)
        code[i] = label(f"team:{team}" if team is not None else f"group:{value}")
    out = code[np.where(group >= 0, group, len(values))]
    # A supplier's condition before the group (the first UC of the catalogue wins),
    # the customer's pending time before both: the engine's precedence.
    for uc in reversed(catalogue.ucs):
        cond = rules.suppliers.get(uc.id)
        if cond is not None:
            who = label(f"supplier:{uc.supplier}")
            out = np.where(conds.eval(cond.tree, frozenset()), who, out)
    if rules.customer_pending is not None:
        out = np.where(conds.eval(rules.customer_pending.tree, frozenset()), 1, out)
    return out, labels


def _shares(np: Any, pieces: list[tuple[Any, Any, Any]], ids: Any, labels: list[str]) -> Any:
    """Each measured cycle's attribution, a list of (party, time) in order of first
    covered time, as lists aligned with ``ids`` (:func:`_lists`: their lengths, party
    codes into ``labels`` and times)."""
    if not pieces:
        return _no_lists(np, len(ids), 2)
    cyc = np.concatenate([p[0] for p in pieces])
    who = np.concatenate([p[1] for p in pieces])
    e = np.concatenate([p[2] for p in pieces])
    if not len(cyc) or not len(ids):
        return _no_lists(np, len(ids), 2)
    if KERNEL is not None:  # summed by :func:`_pieces`: each (cycle, party) once, in order
        pos = np.full(int(max(cyc.max(), ids.max())) + 1, -1, dtype=np.int64)
        pos[ids] = np.arange(len(ids))
        row = pos[cyc]
        keep = row >= 0
        row, w_k, t_k = row[keep], who[keep], e[keep]
        if len(row) > 1 and (row[1:] < row[:-1]).any():  # parts of several calendars
            by_row = np.argsort(row, kind="stable")
            row, w_k, t_k = row[by_row], w_k[by_row], t_k[by_row]
        return np.bincount(row, minlength=len(ids)), w_k, t_k
    key = cyc * len(labels) + who
    by_key = np.argsort(key, kind="stable")
    keys, at = _firsts(np, key[by_key])
    first = by_key[at]  # where each (cycle, party) is first covered
    total = np.add.reduceat(e[by_key], at)
    c_of, w_of = keys // len(labels), keys % len(labels)
    # Rows of each measured cycle, by position in ids; parts of other cycles dropped.
    pos = np.full(int(max(cyc.max(), ids.max())) + 1, -1, dtype=np.int64)
    pos[ids] = np.arange(len(ids))
    row = pos[c_of]
    keep = row >= 0
    order = np.lexsort((first[keep], row[keep]))
    row, w_k, t_k = row[keep][order], w_of[keep][order], total[keep][order]
    return np.bincount(row, minlength=len(ids)), w_k, t_k


def _breaches(np: Any, under: list[tuple[Any, ...]]) -> tuple[Any, ...]:
    """The breached OLA and UC cycles given clock by clock as ``(tickets, starts, ends,
    agreement codes, team codes)``, as five arrays ordered by ticket, then as given
    (clock, then cycle: the engine's order)."""
    if not under:
        return tuple(np.empty(0, dtype=np.int64) for _ in range(5))
    cols = [np.concatenate([u[k] for u in under]).astype(np.int64) for k in range(5)]
    by_ticket = np.argsort(cols[0], kind="stable")
    return tuple(c[by_ticket] for c in cols)


def _underpinning(
    np: Any, t: Any, a: Any, b: Any, u_t: Any, u_s: Any, u_e: Any, u_a: Any
) -> tuple[Any, Any]:
    """Each cycle's underpinning (cycles of tickets ``t`` from ``a`` to ``b``): the
    agreements of the breached cycles ``u_*`` (:func:`_breaches`, by ticket) of its
    ticket that overlap it (start at or before ``b``, end at or after ``a``), each
    once in the order first met, as lists (:func:`_lists`: lengths, agreement codes).

    >>> import numpy as np
    >>> n, codes = _underpinning(np, np.array([0, 1]), np.array([0, 0]), np.array([9, 9]),
    ...     np.array([1, 1, 1]), np.array([5, 1, 20]), np.array([6, 2, 30]),
    ...     np.array([7, 7, 8]))
    >>> n.tolist(), codes.tolist()
    ([0, 1], [7])
    """
    lo = np.searchsorted(u_t, t, "left")
    many = np.searchsorted(u_t, t, "right") - lo
    total = int(many.sum())
    if not total:
        return np.zeros(len(t), dtype=np.int64), np.empty(0, dtype=np.int64)
    # Every (cycle, breach of its ticket) pair, by cycle, then breach.
    row = np.repeat(np.arange(len(t)), many)
    u = _ranges(np, lo, many)
    meet = (u_s[u] <= b[row]) & (u_e[u] >= a[row])
    row, agreement = row[meet], u_a[u[meet]]
    # Each (cycle, agreement) once, where first met.
    key = row * (int(u_a.max()) + 1) + agreement
    by_key = np.argsort(key, kind="stable")
    first = np.ones(len(key), dtype=bool)
    first[1:] = key[by_key][1:] != key[by_key][:-1]
    kept = np.sort(by_key[first])
    return np.bincount(row[kept], minlength=len(t)), agreement[kept]


def _unique_pairs(np: Any, a: Any, b: Any) -> tuple[Any, Any]:
    """``np.unique(np.stack([a, b]), axis=1, return_inverse=True)`` for int64 codes, by
    one 1-D unique of a combined key (the same order: by ``a``, then ``b``)."""
    if not len(a):
        return np.empty((2, 0), dtype=np.int64), np.empty(0, dtype=np.int64)
    a_lo, b_lo = int(a.min()), int(b.min())
    width = int(b.max()) - b_lo + 1
    keys, inv = _unique_codes(np, (a - a_lo) * width + (b - b_lo))
    return np.stack([keys // width + a_lo, keys % width + b_lo]), inv


def _unique_codes(np: Any, key: Any) -> tuple[Any, Any]:
    """``np.unique(key, return_inverse=True)`` for non-negative integer codes: by a
    table of the codes present where their range is small (no sort)."""
    hi = int(key.max()) if len(key) else 0
    if not len(key) or int(key.min()) < 0 or hi > 4 * len(key) + 4096:
        keys, inv = np.unique(key, return_inverse=True)
        return keys, inv.ravel()
    present = np.zeros(hi + 1, dtype=bool)
    present[key] = True
    rank = np.cumsum(present) - 1
    return np.flatnonzero(present), rank[key]


def _ascending_pairs(np: Any, major: Any, minor: Any) -> bool:
    """Whether the pairs ``(major[i], minor[i])`` strictly ascend (so that
    ``np.lexsort((minor, major))`` is the identity).

    >>> import numpy as np
    >>> _ascending_pairs(np, np.array([0, 0, 1]), np.array([4, 5, 2]))
    True
    >>> _ascending_pairs(np, np.array([0, 0, 1]), np.array([5, 4, 2]))
    False
    """
    if len(major) < 2:
        return True
    a, b = major[:-1], major[1:]
    return bool(((b > a) | ((b == a) & (minor[1:] > minor[:-1]))).all())


def _firsts(np: Any, ordered: Any) -> tuple[Any, Any]:
    """``np.unique(ordered, return_index=True)`` for an array already in order: each
    value once, and where it first is."""
    at = np.flatnonzero(np.r_[True, ordered[1:] != ordered[:-1]]) if len(ordered) else ordered
    return ordered[at], at


def _member(np: Any, a: Any, codes: Any) -> Any:
    """``np.isin(a, codes)`` for integer codes (``_ABSENT`` and up): by a table of the
    codes over the range of ``a`` where that range is small."""
    if not len(a) or not len(codes):
        return np.zeros(len(a), dtype=bool)
    lo, hi = int(a.min()), int(a.max())
    if hi - lo > 4 * len(a) + 4096:
        return np.isin(a, codes)
    table = np.zeros(hi - lo + 1, dtype=bool)
    table[codes[(codes >= lo) & (codes <= hi)] - lo] = True
    return table[a - lo]


def _order(np: Any, parts: list[tuple[int, int, Any]]) -> Any:
    """The rows of the parts (concatenated in the order given) in the engine's order:
    by ticket, then SLA and clock, then cycle. Each part (one SLA's clock) lists its
    tickets' cycles each in time order, so the parts in (SLA, clock) order, then a
    stable sort by ticket, give it (a radix sort where the ticket codes fit 16 bits)."""
    if not parts:
        return np.empty(0, dtype=np.int64)
    offsets = np.cumsum([0] + [len(p[2]) for p in parts])
    by_clock = sorted(range(len(parts)), key=lambda i: parts[i][:2])
    rows = np.concatenate([np.arange(offsets[i], offsets[i + 1]) for i in by_clock])
    ticks = np.concatenate([parts[i][2] for i in by_clock])
    return rows[_stable_order(np, ticks)]


def _take_text(np: Any, pa: Any, words: Any, codes: Any) -> Any:
    """``words.take(codes)`` for a text array ``words`` and int64 ``codes`` (-1: null),
    as a ``string`` array: by the C kernel's ``take_text`` (one copy of the bytes),
    else (no kernel, or more text than ``string`` offsets hold) by Arrow.

    >>> import numpy as np, pyarrow as pa
    >>> _take_text(np, pa, pa.array(["a", "bc"]), np.array([1, -1, 0])).to_pylist()
    ['bc', None, 'a']
    """
    words = words.cast(pa.string())
    codes = np.ascontiguousarray(codes, dtype=np.int64)
    nulls = codes < 0
    got = None
    if KERNEL is not None and len(words) and not words.null_count:
        _, offsets, data = words.buffers()
        at = np.frombuffer(offsets, dtype=np.int32, count=words.offset + len(words) + 1)
        got = KERNEL.take_text(at[words.offset :].astype(np.int64), data or b"", codes)
    if got is None:
        return words.take(pa.array(codes, pa.int64(), mask=nulls))
    valid = None
    n_null = int(nulls.sum())
    if n_null:
        valid = pa.py_buffer(np.packbits(~nulls, bitorder="little").tobytes())
    buffers = [valid, pa.py_buffer(got[0]), pa.py_buffer(got[1])]
    return pa.Array.from_buffers(pa.string(), len(codes), buffers, null_count=n_null)


def _taken(np: Any, parts: list[Any], order: Any) -> Any:
    """``np.concatenate(parts)[order]``: by the C kernel's ``take_parts`` for int64
    parts (no joined copy first), else NumPy."""
    if not parts:
        return np.empty(0, dtype=np.int64)
    if KERNEL is not None and all(p.dtype == np.int64 for p in parts):
        out = np.empty(len(order), dtype=np.int64)
        order = np.ascontiguousarray(order, dtype=np.int64)
        KERNEL.take_parts(tuple(np.ascontiguousarray(p) for p in parts), order, out)
        return out
    return np.concatenate(parts)[order]


def _int64_array(np: Any, pa: Any, kind: Any, arr: Any, missing: int | None = None) -> Any:
    """An Arrow array of ``kind`` (int64 storage: a timestamp, a duration) over the
    int64 array ``arr`` without a copy, null where ``arr`` holds ``missing``."""
    arr = np.ascontiguousarray(arr, dtype=np.int64)
    valid, n_null = None, 0
    if missing is not None:
        there = arr != missing
        n_null = len(arr) - int(np.count_nonzero(there))
        if n_null:
            valid = pa.py_buffer(np.packbits(there, bitorder="little"))
    return pa.Array.from_buffers(kind, len(arr), [valid, pa.py_buffer(arr)], null_count=n_null)


def _table(np: Any, pa: Any, out: dict[str, list[Any]], order: Any, words: dict[str, Any]) -> Any:
    ts, us = pa.timestamp("us", tz="UTC"), pa.duration("us")
    cols: dict[str, Any] = {}
    for name in VCLOCK_COLUMNS:
        arr = _taken(np, out[name], order)
        if name in _TEXT:
            word = words.get(name, [])
            word = word if isinstance(word, pa.Array) else pa.array(word, pa.string())
            cols[name] = _take_text(np, pa, word, arr)
            continue
        if name == "cycle":
            cols[name] = _int64_array(np, pa, pa.int64(), arr)
        elif name in ("target", "elapsed", "paused"):
            cols[name] = _int64_array(np, pa, us, arr)
        else:
            cols[name] = _int64_array(np, pa, ts, arr, _NONE)
    return pa.table(cols)
