"""Parts of the vectorised clock against brute-force twins written here, sharing no
code with them: the underpinning of SLA cycles (the breached OLA and UC cycles of
the same ticket that overlap each one, each agreement once, in the order first met),
the breaches' order, the text columns taken by code (the C kernel's ``take_text``
against Arrow's ``take``), and ranges laid end to end (the kernel's ``ranges`` and
NumPy's, against a loop), the columns taken from parts (``take_parts``) and int64
columns as Arrow arrays without a copy.
"""

from __future__ import annotations

from itertools import pairwise

import pytest

np = pytest.importorskip("numpy")
pa = pytest.importorskip("pyarrow")

from hypothesis import given  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

import slacalc.tables._vclock as vclock  # noqa: E402
from slacalc._engine.switch import KERNEL  # noqa: E402

#: A breached cycle: (ticket, start, end, agreement code, team code or -1).
_breach = st.tuples(
    st.integers(0, 4), st.integers(0, 12), st.integers(0, 12), st.integers(0, 3), st.integers(-1, 2)
)
#: A cycle: (ticket, start, end); small instants, so that edges meet often.
_cycle = st.tuples(st.integers(0, 4), st.integers(0, 12), st.integers(0, 12))


def _clocks(breaches: list[tuple[int, ...]], cuts: int) -> list[tuple[object, ...]]:
    """The breaches split into ``cuts`` + 1 clocks (in order), as the clock gives them."""
    edges = sorted({0, len(breaches), *range(0, len(breaches), max(1, cuts))})
    return [
        tuple(np.array([b[k] for b in breaches[lo:hi]], dtype=np.int64) for k in range(5))
        for lo, hi in pairwise(edges)
    ]


@given(st.lists(_breach, max_size=20), st.lists(_cycle, max_size=15), st.integers(1, 5))
def test_underpinning_is_the_loop_over_each_tickets_breaches(
    breaches: list[tuple[int, ...]], cycles: list[tuple[int, int, int]], cuts: int
) -> None:
    u_t, u_s, u_e, u_a, u_team = vclock._breaches(np, _clocks(breaches, cuts))
    # Ordered by ticket, then as given.
    expected = sorted(breaches, key=lambda b: b[0])
    got = list(zip(*(x.tolist() for x in (u_t, u_s, u_e, u_a, u_team)), strict=True))
    assert got == [tuple(b) for b in expected]
    t, a, b = (np.array([c[k] for c in cycles], dtype=np.int64) for k in range(3))
    lengths, codes = vclock._underpinning(np, t, a, b, u_t, u_s, u_e, u_a)
    want_lengths, want_codes = [], []
    for ticket, start, end in cycles:
        found: list[int] = []
        for bt, bs, be, ba, _ in expected:
            if bt == ticket and bs <= end and be >= start and ba not in found:
                found.append(ba)
        want_lengths.append(len(found))
        want_codes += found
    assert lengths.tolist() == want_lengths
    assert codes.tolist() == want_codes


def test_underpinning_meets_at_both_edges_and_keeps_the_first_met_order() -> None:
    # One ticket's SLA cycle [10, 20]; breaches touching it at 20 and at 10, and one
    # after it; agreement 3 met before agreement 1, agreement 3 twice.
    u = vclock._breaches(
        np,
        [
            (np.array([0, 0]), np.array([20, 21]), np.array([25, 30]), np.array([3, 2]),
             np.array([-1, -1])),
            (np.array([0, 0]), np.array([0, 15]), np.array([10, 16]), np.array([1, 3]),
             np.array([0, 0])),
        ],
    )  # fmt: skip
    lengths, codes = vclock._underpinning(
        np, np.array([0, 1]), np.array([10, 10]), np.array([20, 20]), *u[:4]
    )
    assert lengths.tolist() == [2, 0]
    assert codes.tolist() == [3, 1]


_words = st.lists(st.text(max_size=6), max_size=8)


@given(_words, st.data(), st.integers(0, 2))
def test_take_text_is_arrows_take(words: list[str], data: st.DataObject, skip: int) -> None:
    array = pa.array(["-"] * skip + words, pa.string()).slice(skip)  # an offset, at times
    codes = np.array(
        data.draw(st.lists(st.integers(-1, len(words) - 1), max_size=30)), dtype=np.int64
    )
    got = vclock._take_text(np, pa, array, codes)
    want = array.take(pa.array(codes, pa.int64(), mask=codes < 0))
    got.validate(full=True)
    assert got.type == pa.string()
    assert got.null_count == int((codes < 0).sum())
    assert got.to_pylist() == want.to_pylist()


@pytest.mark.skipif(KERNEL is None, reason="the C kernel is not built")
def test_take_text_refuses_bad_buffers() -> None:
    offsets = np.array([0, 1, 3], dtype=np.int64)
    with pytest.raises(ValueError, match="code out of range"):
        KERNEL.take_text(offsets, b"abc", np.array([2], dtype=np.int64))
    with pytest.raises(ValueError, match="code out of range"):
        KERNEL.take_text(offsets, b"abc", np.array([-2], dtype=np.int64))
    with pytest.raises(ValueError, match="outside the data"):
        KERNEL.take_text(offsets, b"ab", np.array([0], dtype=np.int64))
    with pytest.raises(ValueError, match="out of order"):
        KERNEL.take_text(np.array([0, 2, 1], dtype=np.int64), b"abc", np.array([0]))
    with pytest.raises(TypeError):
        KERNEL.take_text(offsets.astype(np.int32), b"abc", np.array([0], dtype=np.int64))
    offsets_, data = KERNEL.take_text(offsets, b"abc", np.array([1, -1, 0], dtype=np.int64))
    assert np.frombuffer(offsets_, dtype=np.int32).tolist() == [0, 2, 2, 3]
    assert data == b"bca"


@given(st.lists(st.tuples(st.integers(-5, 50), st.integers(0, 4)), max_size=20), st.booleans())
def test_ranges_are_the_loop_over_each_range(pairs: list[tuple[int, int]], kernel: bool) -> None:
    # By the kernel's one pass and by NumPy's repeat and arange: each range in turn.
    first = np.array([a for a, _ in pairs], dtype=np.int64)
    lengths = np.array([n for _, n in pairs], dtype=np.int64)
    with pytest.MonkeyPatch.context() as m:
        if not kernel or KERNEL is None:
            m.setattr(vclock, "KERNEL", None)
        got = vclock._ranges(np, first, lengths)
    assert got.tolist() == [a + j for a, n in pairs for j in range(n)]


@pytest.mark.skipif(KERNEL is None, reason="the C kernel is not built")
def test_ranges_refuses_bad_buffers() -> None:
    one = np.array([3], np.int64)
    with pytest.raises(ValueError, match="negative length"):
        KERNEL.ranges(one, np.array([-1], np.int64), np.empty(0, np.int64))
    with pytest.raises(ValueError, match="not summing"):
        KERNEL.ranges(one, np.array([2], np.int64), np.empty(3, np.int64))
    with pytest.raises(ValueError, match="mismatched"):
        KERNEL.ranges(one, np.array([1, 1], np.int64), np.empty(2, np.int64))
    with pytest.raises(TypeError, match="int64"):
        KERNEL.ranges(one.astype(np.int32), one, np.empty(3, np.int64))


@given(st.lists(st.lists(st.integers(-(2**63), 2**63 - 1), max_size=6), max_size=5), st.data())
def test_taken_is_concatenate_then_take(parts: list[list[int]], data: st.DataObject) -> None:
    # The parts' items in an order (repeats too), by the kernel's take_parts and by
    # NumPy (its twin), against the joined list.
    arrays = [np.array(p, dtype=np.int64) for p in parts]
    joined = [x for p in parts for x in p]
    order = data.draw(st.lists(st.integers(0, max(0, len(joined) - 1)), max_size=12))
    if not joined:
        order = []
    order_a = np.array(order, dtype=np.int64)
    for kernel in (vclock.KERNEL, None):
        with pytest.MonkeyPatch.context() as m:
            m.setattr(vclock, "KERNEL", kernel)
            got = vclock._taken(np, arrays, order_a) if arrays else np.empty(0, np.int64)
        assert got.tolist() == [joined[i] for i in order]


@pytest.mark.skipif(KERNEL is None, reason="the C kernel is not built")
def test_take_parts_refuses_bad_buffers() -> None:
    parts = (np.array([1, 2], np.int64), np.array([3], np.int64))
    with pytest.raises(ValueError, match="out of range"):
        KERNEL.take_parts(parts, np.array([3], np.int64), np.empty(1, np.int64))
    with pytest.raises(ValueError, match="out of range"):
        KERNEL.take_parts(parts, np.array([-1], np.int64), np.empty(1, np.int64))
    with pytest.raises(ValueError, match="mismatched"):
        KERNEL.take_parts(parts, np.array([0], np.int64), np.empty(2, np.int64))
    with pytest.raises(TypeError, match="int64"):
        KERNEL.take_parts(
            (np.array([1], np.int32),), np.array([0], np.int64), np.empty(1, np.int64)
        )
    out = np.empty(3, np.int64)
    KERNEL.take_parts(parts, np.array([2, 0, 1], np.int64), out)
    assert out.tolist() == [3, 1, 2]


@given(st.lists(st.one_of(st.just(vclock._NONE), st.integers(-(10**15), 10**15)), max_size=20))
def test_int64_arrays_are_the_masked_casts(values: list[int]) -> None:
    # Timestamps and durations over int64 without a copy: as pa.array with a mask, cast.
    arr = np.array(values, dtype=np.int64)
    ts = pa.timestamp("us", tz="UTC")
    want = pa.array(arr, pa.int64(), mask=arr == vclock._NONE).cast(ts)
    got = vclock._int64_array(np, pa, ts, arr, vclock._NONE)
    assert got.equals(want) and got.null_count == want.null_count
    us = pa.duration("us")
    assert vclock._int64_array(np, pa, us, arr).equals(pa.array(arr, pa.int64()).cast(us))
