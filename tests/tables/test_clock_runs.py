"""The vectorised clock's C kernel parts against their NumPy twins: ``clock_runs`` (the
state machine, one walk over the snapshots) against :func:`_positions` (one position
at a time), and ``fill_state`` and ``fill_states`` (a field's value after each
snapshot; several fields in one walk) against the forward fill of ``_Snaps.state``.

Random snapshot tables (tickets of 1 to 12 snapshots, every condition of the state
machine on or off at random, some tickets masked out, both re-targeting and
reopening modes) give the same cycles, in the same order within each ticket, and
the same running snapshots; and the clocks of random activity logs, with the kernel
and without it, are the per-ticket engine's (test_vclock.py's property, run twice).
"""

from __future__ import annotations

from itertools import pairwise
from types import SimpleNamespace

import pytest

np = pytest.importorskip("numpy")
pytest.importorskip("pyarrow")

from hypothesis import given  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

import slacalc.tables._vclock as vclock  # noqa: E402
from slacalc._engine.switch import KERNEL  # noqa: E402

pytestmark = pytest.mark.skipif(KERNEL is None, reason="the C kernel is not built")


class _Snapshots:
    """The parts of ``_Snaps`` the state machine reads."""

    def __init__(self, sizes: list[int]) -> None:
        self.t = np.repeat(np.arange(len(sizes)), sizes).astype(np.int64)
        self.n = len(self.t)
        self.t0 = np.r_[0, np.cumsum(sizes)[:-1]].astype(np.int64)
        self.first = np.zeros(self.n, dtype=bool)
        self.first[self.t0] = True
        self.pos = np.arange(self.n) - self.t0[self.t]
        self.by_pos = None
        self.np = np

    positions = vclock._Snaps.positions


def _canonical(np_: object, cyc: tuple, segs: tuple) -> tuple:
    """Cycles keyed by (ticket, first snapshot) with their ending, how and running at
    end; running snapshots by (snapshot, that key): cycle ids may be numbered apart."""
    ct, cfirst, cend, chow, rae = (a.tolist() for a in cyc)
    key = [(t, f) for t, f in zip(ct, cfirst, strict=True)]
    cycles = sorted(zip(key, cend, chow, rae, strict=True))
    seg = sorted((s, key[c]) for s, c in zip(segs[0].tolist(), segs[1].tolist(), strict=True))
    return cycles, seg


@given(
    st.lists(st.integers(1, 12), min_size=1, max_size=30),
    st.integers(0, 2**32 - 1),
    st.booleans(),
    st.booleans(),
)
def test_clock_runs_is_the_position_loops_twin(
    sizes: list[int], seed: int, restart: bool, resume: bool
) -> None:
    snaps = _Snapshots(sizes)
    rng = np.random.default_rng(seed)
    n = snaps.n
    c = {
        name: rng.random(n) < p
        for name, p in (
            ("start", 0.6),
            ("start_event", 0.1),
            ("stop", 0.25),
            ("pause", 0.3),
            ("reset", 0.3),
            ("cancel", 0.08),
        )
    }
    prio = rng.integers(0, 3, n)
    mask = rng.random(len(sizes)) < 0.8
    cp = SimpleNamespace(restart_on_priority=restart, resume=resume)
    fast = vclock._run(np, snaps, c, mask, prio, cp)
    prev = np.zeros(n, dtype=bool)
    prev[1:] = c["start"][:-1]
    rises = c["start"] & (~(prev & ~snaps.first) | c["start_event"])
    pchanged = np.zeros(n, dtype=bool)
    pchanged[1:] = prio[1:] != prio[:-1]
    pchanged &= ~snaps.first
    slow = vclock._positions(np, snaps, c, mask, rises, pchanged, cp)
    assert _canonical(np, *fast) == _canonical(np, *slow)
    # Within a ticket, cycles are numbered in time order by both.
    for cyc in (fast[0], slow[0]):
        o = np.lexsort((np.arange(len(cyc[0])), cyc[0]))
        t, f = cyc[0][o], cyc[1][o]
        same = t[1:] == t[:-1]
        assert (f[1:][same] > f[:-1][same]).all()


def test_clock_runs_refuses_bad_buffers() -> None:
    n = 3
    t = np.array([0, 1, 0], dtype=np.int64)  # a ticket's snapshots apart
    out = [np.empty(n, dtype=np.int64) for _ in range(3)]
    how, rae = np.empty(n, dtype=np.int8), np.empty(n, dtype=np.uint8)
    seg = [np.empty(n, dtype=np.int64) for _ in range(2)]
    flags = np.ones(n, dtype=np.uint8)
    with pytest.raises(ValueError, match="grouped by ticket"):
        KERNEL.clock_runs(t, flags, False, False, *out, how, rae, *seg)
    with pytest.raises(ValueError, match="mismatched"):
        KERNEL.clock_runs(np.zeros(2, np.int64), flags, False, False, *out, how, rae, *seg)
    with pytest.raises(TypeError, match="int64"):
        KERNEL.clock_runs(t.astype(np.int32), flags, False, False, *out, how, rae, *seg)
    with pytest.raises(TypeError, match="11 arguments"):
        KERNEL.clock_runs(t, flags)


def test_the_clocks_without_the_kernel_are_the_engines(monkeypatch: pytest.MonkeyPatch) -> None:
    # test_vclock.py's property with the kernel's state machine switched off (the
    # position loop), and test_tables_path.py's with OLA and UC clocks.
    import test_tables_path
    import test_vclock

    monkeypatch.setattr(vclock, "KERNEL", None)
    test_vclock.test_vclock_equals_engine()  # type: ignore[call-arg]
    test_tables_path.test_ola_and_uc_clocks_equal_the_engine()  # type: ignore[call-arg]


@given(
    st.lists(st.integers(0, 6), min_size=1, max_size=25),
    st.integers(0, 2**32 - 1),
)
def test_fill_state_is_the_forward_fills_twin(sizes: list[int], seed: int) -> None:
    # Random tickets of 0 to 6 rows after creation, rows at repeated instants, three
    # fields: each field's value after every snapshot, by the kernel and by NumPy.
    rng = np.random.default_rng(seed)
    n_t = len(sizes)
    t = np.repeat(np.arange(n_t), sizes).astype(np.int64)
    created = rng.integers(0, 5, n_t).astype(np.int64) * 60
    at = created[t] + rng.integers(0, 4, len(t)).astype(np.int64) * 60
    f = rng.integers(0, 3, len(t)).astype(np.int64)
    v = rng.integers(0, 5, len(t)).astype(np.int64)
    snaps = vclock._Snaps(np, t, at, f, v, created, n_t)
    fast = [snaps.state(field) for field in (0, 1, 2, 7)]
    slow_snaps = vclock._Snaps(np, t, at, f, v, created, n_t)
    with pytest.MonkeyPatch.context() as m:
        m.setattr(vclock, "KERNEL", None)
        slow = [slow_snaps.state(field) for field in (0, 1, 2, 7)]
    for a, b in zip(fast, slow, strict=True):
        assert a.tolist() == b.tolist()
    assert (fast[3] == -1).all()  # a field no row has: never set


@given(
    st.lists(st.integers(0, 6), min_size=1, max_size=25),
    st.integers(0, 2**32 - 1),
    st.booleans(),
    st.sets(st.integers(-2, 4)),
)
def test_fill_states_is_the_forward_fills_twin(
    sizes: list[int], seed: int, shuffled: bool, wanted: set[int]
) -> None:
    # Several fields filled in one walk (rows in snapshot order, or rows out of order,
    # which the snapshots sort): each field's states those of NumPy's fill field by
    # field; a field left out of the walk, or that no row has, is filled when asked for.
    rng = np.random.default_rng(seed)
    n_t = len(sizes)
    t = np.repeat(np.arange(n_t), sizes).astype(np.int64)
    created = rng.integers(0, 5, n_t).astype(np.int64) * 60
    at = created[t] + rng.integers(0, 4, len(t)).astype(np.int64) * 60
    if shuffled:
        order = rng.permutation(len(t))
        t, at = t[order], at[order]
    f = rng.integers(0, 4, len(t)).astype(np.int64)
    v = rng.integers(0, 5, len(t)).astype(np.int64)
    snaps = vclock._Snaps(np, t, at, f, v, created, n_t)
    snaps.prefill(sorted(wanted), 4)
    assert set(snaps.filled) == {x for x in wanted if 0 <= x < 4}
    fast = [snaps.state(field) for field in range(-2, 8)]
    with pytest.MonkeyPatch.context() as m:
        m.setattr(vclock, "KERNEL", None)
        slow_snaps = vclock._Snaps(np, t, at, f, v, created, n_t)
        slow = [slow_snaps.state(field) for field in range(-2, 8)]
    for a, b in zip(fast, slow, strict=True):
        assert a.tolist() == b.tolist()


def test_fill_states_by_hand() -> None:
    # Two tickets: snapshots 0-2 and 3-4; rows (snapshot, field, value); field 1 is not
    # asked for; the second ticket starts unset; a later row at a snapshot wins.
    t = np.array([0, 0, 0, 1, 1], np.int64)
    row_snap = np.array([0, 1, 1, 2, 4], np.int64)
    f = np.array([0, 2, 2, 1, 0], np.int64)
    v = np.array([5, 6, 7, 8, 9], np.int64)
    out = np.empty(10, np.int64)
    KERNEL.fill_states(t, row_snap, f, v, np.array([0, -1, 1], np.int64), out)
    assert out.reshape(2, 5).tolist() == [[5, 5, 5, -1, 9], [-1, 7, 7, -1, -1]]


def test_fill_states_refuses_bad_buffers() -> None:
    t = np.zeros(3, dtype=np.int64)
    out = np.empty(6, dtype=np.int64)
    slots = np.array([0, 1], np.int64)
    one, two = np.array([0], np.int64), np.array([0, 0], np.int64)
    with pytest.raises(ValueError, match="out of order"):
        KERNEL.fill_states(t, np.array([2, 1], np.int64), two, two, slots, out)
    with pytest.raises(ValueError, match="out of range"):
        KERNEL.fill_states(t, np.array([3], np.int64), one, one, slots, out)
    with pytest.raises(ValueError, match="out of range"):
        KERNEL.fill_states(t, one, np.array([2], np.int64), one, slots, out)
    with pytest.raises(ValueError, match="out of range"):
        KERNEL.fill_states(t, one, one, one, np.array([2, -1], np.int64), out)
    with pytest.raises(ValueError, match="mismatched"):
        KERNEL.fill_states(t, one, two, one, slots, out)
    with pytest.raises(ValueError, match="mismatched"):
        KERNEL.fill_states(t, one, one, one, slots, np.empty(5, np.int64))
    with pytest.raises(TypeError, match="int64"):
        KERNEL.fill_states(t, one, one, one, slots, np.empty(6, np.int32))
    empty = np.empty(0, np.int64)  # no snapshots, no rows: nothing to fill, any slots
    assert KERNEL.fill_states(empty, empty, empty, empty, slots, empty) is None


def test_fill_state_refuses_bad_buffers() -> None:
    t = np.zeros(3, dtype=np.int64)
    out = np.empty(3, dtype=np.int64)
    with pytest.raises(ValueError, match="out of order"):
        KERNEL.fill_state(t, np.array([2, 1], np.int64), np.array([0, 0], np.int64), out)
    with pytest.raises(ValueError, match="out of order or range"):
        KERNEL.fill_state(t, np.array([3], np.int64), np.array([0], np.int64), out)
    with pytest.raises(ValueError, match="mismatched"):
        KERNEL.fill_state(t, np.array([0], np.int64), np.array([0, 1], np.int64), out)


@given(
    st.lists(st.integers(0, 6), min_size=0, max_size=25),
    st.integers(0, 2**32 - 1),
    st.sampled_from(("ordered", "unordered", "interleaved")),
)
def test_snapshots_are_the_numpy_placements_twin(sizes: list[int], seed: int, how: str) -> None:
    # Random tickets of 0 to 6 rows after creation (some at the creation instant, some at
    # one instant), in instant order within each ticket or not, or tickets interleaved:
    # the snapshots by the kernel's walk (where it takes them) and by NumPy's sort.
    rng = np.random.default_rng(seed)
    n_t = len(sizes)
    t = np.repeat(np.arange(n_t), sizes).astype(np.int64)
    created = rng.integers(0, 5, n_t).astype(np.int64) * 60
    at = created[t] + rng.integers(0, 4, len(t)).astype(np.int64) * 60
    if how == "ordered":
        o = np.lexsort((at, t))
    elif how == "interleaved":
        o = rng.permutation(len(t))
    else:
        o = np.arange(len(t))
    t, at = t[o], at[o]
    f = rng.integers(0, 3, len(t)).astype(np.int64)
    v = rng.integers(0, 5, len(t)).astype(np.int64)
    fast = vclock._Snaps(np, t, at, f, v, created, n_t)
    with pytest.MonkeyPatch.context() as m:
        m.setattr(vclock, "KERNEL", None)
        slow = vclock._Snaps(np, t, at, f, v, created, n_t)
    assert fast.n == slow.n
    for name in ("t", "at", "first", "t0", "row_snap", "row_order", "initial", "pos"):
        assert getattr(fast, name).tolist() == getattr(slow, name).tolist(), name
    walk = [np.empty(k, np.int64) for k in (n_t + len(t), n_t + len(t), len(t), n_t)]
    n = KERNEL.snapshots(t, at, created, *walk)
    if how == "ordered":
        assert n == slow.n  # the kernel's walk took them
    grouped = bool(np.all((t[1:] > t[:-1]) | ((t[1:] == t[:-1]) & (at[1:] >= at[:-1]))))
    assert (n >= 0) == grouped


def test_snapshots_refuses_bad_buffers() -> None:
    one = np.zeros(1, dtype=np.int64)
    with pytest.raises(ValueError, match="mismatched"):
        KERNEL.snapshots(one, one, one, one, one, one, one)
    with pytest.raises(TypeError, match="int64"):
        KERNEL.snapshots(one.astype(np.int32), one, one, *(np.zeros(2, np.int64),) * 2, one, one)
    # A code past the last ticket: not a walk it can make.
    two = np.zeros(2, dtype=np.int64)
    assert KERNEL.snapshots(np.array([1]), one, one, two, two, one, one) == -1


def _stretches_of(sizes: list[int], seed: int) -> tuple:
    """Cycles of 0 to 6 running stretches each (in cycle order), their covered time (some
    zero), a target per cycle (some zero), and a party per stretch."""
    rng = np.random.default_rng(seed)
    sc = np.repeat(np.arange(len(sizes)), sizes).astype(np.int64)
    e = rng.integers(0, 4, len(sc)).astype(np.int64) * 60
    target = rng.integers(0, 10, len(sizes)).astype(np.int64) * 60
    who = rng.integers(0, 4, len(sc)).astype(np.int64)
    return sc, e, target, who


@given(st.lists(st.integers(0, 6), min_size=1, max_size=25), st.integers(0, 2**32 - 1))
def test_cycle_sums_are_the_cumulative_sums_twin(sizes: list[int], seed: int) -> None:
    # Each cycle's covered time, and where its target is first reached: by the kernel,
    # by NumPy's cumulative sums, and by a loop over the stretches.
    sc, e, target, _ = _stretches_of(sizes, seed)
    got = []
    for kernel in (KERNEL, None):
        elapsed = np.full(len(sizes), 7, dtype=np.int64)  # added to
        with pytest.MonkeyPatch.context() as m:
            m.setattr(vclock, "KERNEL", kernel)
            hc, hrow, left = vclock._sums(np, e, sc, target, elapsed)
        got.append((elapsed.tolist(), hc.tolist(), hrow.tolist(), left.tolist()))
    want_elapsed, want_hit = [7] * len(sizes), {}
    for i, (c, ei) in enumerate(zip(sc.tolist(), e.tolist(), strict=True)):
        if c not in want_hit and target[c] > 0 and want_elapsed[c] - 7 + ei >= target[c]:
            want_hit[c] = (i, int(target[c]) - (want_elapsed[c] - 7))
        want_elapsed[c] += ei
    hits = sorted(want_hit)
    want = (want_elapsed, hits, [want_hit[c][0] for c in hits], [want_hit[c][1] for c in hits])
    assert got[0] == got[1] == want


@given(
    st.lists(st.integers(0, 6), min_size=1, max_size=25),
    st.integers(0, 2**32 - 1),
    st.integers(1, 3),
)
def test_shares_are_the_attributions_twin(sizes: list[int], seed: int, parts: int) -> None:
    # Each measured cycle's covered time per party, in order of first covered time, with
    # the cycles in ``parts`` parts (one a calendar) given in no particular order: by
    # the kernel, by NumPy's sorts, and by a loop over the stretches.
    sc, e, _, who = _stretches_of(sizes, seed)
    rng = np.random.default_rng(seed + 1)
    part_of = rng.integers(0, parts, len(sizes))
    labels = ["unassigned", "customer", "team:a", "group:b"]
    ids = np.flatnonzero(rng.random(len(sizes)) < 0.8)
    ids = ids if len(ids) else np.arange(len(sizes))
    keep = np.isin(sc, ids)
    in_order = rng.permutation(parts).tolist()
    got = []
    for kernel in (KERNEL, None):
        with pytest.MonkeyPatch.context() as m:
            m.setattr(vclock, "KERNEL", kernel)
            pieces = []
            for p in in_order:
                sel = keep & (part_of[sc] == p)
                pieces.append(vclock._pieces(np, sc[sel], who[sel], e[sel], len(labels)))
            lengths, party, time = vclock._shares(np, pieces, ids, labels)
            ends = np.cumsum(lengths).tolist()
            assert ends[-1] == len(party) == len(time)
            got.append(
                [
                    [(labels[w], t) for w, t in zip(party[a:b], time[a:b], strict=True)]
                    for a, b in zip([0, *ends[:-1]], ends, strict=True)
                ]
            )
    want = []
    for c in ids.tolist():
        totals: dict[str, int] = {}
        for s in np.flatnonzero((sc == c) & (e > 0)).tolist():
            totals[labels[who[s]]] = totals.get(labels[who[s]], 0) + int(e[s])
        want.append([(p, t) for p, t in totals.items()])
    for lists in got:
        assert lists == want


def test_cycle_sums_and_shares_refuse_bad_buffers() -> None:
    one, two = np.zeros(1, dtype=np.int64), np.zeros(2, dtype=np.int64)
    with pytest.raises(ValueError, match="out of order or range"):
        KERNEL.cycle_sums(two, np.array([1, 0]), two, two, two, two)
    with pytest.raises(ValueError, match="out of order or range"):
        KERNEL.cycle_sums(one, np.array([2]), two, two, two, two)
    with pytest.raises(ValueError, match="mismatched"):
        KERNEL.cycle_sums(one, two, two, two, two, two)
    with pytest.raises(ValueError, match="out of order, or a party out of range"):
        KERNEL.shares(two, np.array([0, 3]), two, 3, two, two, two)
    with pytest.raises(ValueError, match="out of order, or a party out of range"):
        KERNEL.shares(np.array([1, 0]), two, two, 3, two, two, two)
    with pytest.raises(ValueError, match="mismatched"):
        KERNEL.shares(two, two, one, 3, two, two, two)
    with pytest.raises(ValueError, match="negative"):
        KERNEL.shares(two, two, two, -1, two, two, two)
    with pytest.raises(TypeError, match="7 arguments"):
        KERNEL.shares(two, two, two)


@given(
    st.lists(
        st.lists(st.lists(st.integers(0, 99), max_size=4), max_size=6), min_size=1, max_size=4
    ),
    st.integers(0, 2**32 - 1),
)
def test_lists_taken_in_order_are_the_lists_permuted(
    parts: list[list[list[int]]], seed: int
) -> None:
    # Lists given part by part, then taken in a random order (rows repeated or left
    # out as well): each list's items, in order, as indexing the Python lists gives.
    flat = [li for part in parts for li in part]
    rng = np.random.default_rng(seed)
    order = rng.integers(0, len(flat), rng.integers(0, 2 * len(flat) + 1)) if flat else []
    order = np.asarray(order, dtype=np.int64)
    given_parts = [
        (
            np.array([len(li) for li in part], dtype=np.int64),
            np.array([x for li in part for x in li], dtype=np.int64),
            np.array([-x for li in part for x in li], dtype=np.int64),
        )
        for part in parts
    ]
    offsets, (items, negated) = vclock._lists(np, given_parts, order)
    assert offsets.dtype == np.int32
    got = [items[a:b].tolist() for a, b in pairwise(offsets.tolist())]
    assert got == [flat[i] for i in order.tolist()]
    assert (negated == -items).all()


def test_text_runs_by_hand_and_bad_buffers() -> None:
    # "a" "a" | "ab" "b" "b": the first text equal to prev keeps code base - 1.
    offsets = np.array([0, 1, 2, 4, 5, 6], np.int64)
    codes, starts = np.empty(5, np.int64), np.empty(5, np.int64)
    assert KERNEL.text_runs(offsets, b"aaabbb", b"a", 7, codes, starts) == 2
    assert codes.tolist() == [6, 6, 7, 8, 8]
    assert starts[:2].tolist() == [2, 3]
    assert KERNEL.text_runs(offsets, b"aaabbb", None, 0, codes, starts) == 3
    assert codes.tolist() == [0, 0, 1, 2, 2]
    assert KERNEL.text_runs(offsets, b"aaabbb", b"b", 0, codes, starts) == -1  # "a" < "b"
    assert (
        KERNEL.text_runs(
            np.array([0, 2, 3], np.int64),
            b"bab",
            None,
            0,
            *(np.empty(2, np.int64) for _ in range(2)),
        )
        == -1
    )  # "a" below "ba"
    with pytest.raises(ValueError, match="outside the data"):
        KERNEL.text_runs(offsets, b"aaab", None, 0, codes, starts)
    with pytest.raises(ValueError, match="out of order"):
        KERNEL.text_runs(
            np.array([0, 2, 1], np.int64),
            b"aaa",
            None,
            0,
            *(np.empty(2, np.int64) for _ in range(2)),
        )
    with pytest.raises(ValueError, match="mismatched"):
        KERNEL.text_runs(offsets, b"aaabbb", None, 0, codes, np.empty(4, np.int64))
    with pytest.raises(TypeError, match="int64"):
        KERNEL.text_runs(offsets.astype(np.int32), b"aaabbb", None, 0, codes, starts)


@given(
    st.lists(st.integers(1, 6), min_size=1, max_size=20),
    st.integers(0, 2**32 - 1),
)
def test_clock_flags_are_the_numpy_edges_packed(sizes: list[int], seed: int) -> None:
    # The kernel's flags byte against NumPy's rising edges, priority changes and
    # conditions packed bit by bit (the flags clock_runs read before the kernel made them).
    rng = np.random.default_rng(seed)
    snaps = _Snapshots(sizes)
    n, n_t = snaps.n, len(sizes)
    names = ("start", "start_event", "cancel", "stop", "pause", "reset")
    c = {k: rng.random(n) < 0.4 for k in names}
    prio = rng.integers(0, 3, n).astype(np.int64)
    mask = rng.random(n_t) < 0.8
    rises, pchanged = vclock._edges(np, snaps, c, prio)
    want = mask[snaps.t].astype(np.uint8)
    for bit, on in enumerate((rises, c["cancel"], c["stop"], c["pause"], c["reset"], pchanged), 1):
        want |= on.astype(np.uint8) << bit
    got = np.empty(n, dtype=np.uint8)
    KERNEL.clock_flags(snaps.t, prio, mask, snaps.first, *(c[k] for k in names), got)
    assert got.tolist() == want.tolist()


def test_clock_flags_refuse_bad_buffers() -> None:
    t = np.array([0, 0, 1], np.int64)
    b = np.zeros(3, dtype=bool)
    out = np.empty(3, np.uint8)
    with pytest.raises(ValueError, match="ticket out of range"):
        KERNEL.clock_flags(t, t, np.ones(1, bool), *([b] * 7), out)
    with pytest.raises(ValueError, match="mismatched"):
        KERNEL.clock_flags(t, t[:2], np.ones(2, bool), *([b] * 7), out)
    with pytest.raises(ValueError, match="mismatched"):
        KERNEL.clock_flags(t, t, np.ones(2, bool), *([b] * 7), np.empty(2, np.uint8))
    with pytest.raises(TypeError, match="int64"):
        KERNEL.clock_flags(t.astype(np.int32), t, np.ones(2, bool), *([b] * 7), out)
    with pytest.raises(TypeError, match="11 arguments"):
        KERNEL.clock_flags(t, t)
