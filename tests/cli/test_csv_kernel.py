"""The C kernel's CSV parts against their twins: ``csv_rows`` (instants, durations and
integers written as cells, the cells joined into lines) against ``datetime.isoformat``,
:func:`slacalc.durations.format_duration` and ``str``; ``text_plain`` (whether a text
column needs escape()) against the NumPy look-up and the regex; ``lists_distinct``
(whether an attribution names a party twice) against the sort and Python's sets. Run
under the sanitizers too (.ci/run).
"""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta

import pytest

pytest.importorskip("numpy")
pa = pytest.importorskip("pyarrow")

from hypothesis import given  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_US = timedelta(microseconds=1)
_EDGE_US = [0, 1, -1, 999_999, 1_000_000, 59_999_999, 3_600_000_000, -3_600_000_001,
            86_399_999_999, 10**15 + 7, -(10**15)]  # fmt: skip


@given(
    st.lists(
        st.one_of(
            st.none(),
            st.text(
                alphabet=st.sampled_from(list("ab ,\"'\n\r\t=+-@;\x00\x85é中😀\u2028")), max_size=5
            ),
        ),
        max_size=8,
    ),
    st.integers(0, 3),
)
def test_plain_columns_are_told_by_their_bytes_as_by_the_regex(
    cells: list[str | None], skip: int
) -> None:
    # The byte-table check that escape() makes first says what the regex says, for
    # any UTF-8 text, on arrays with an offset too.
    import pyarrow.compute as pc

    from slacalc.cli import _csv
    from slacalc.cli._csv import _FORMULA, _QUOTED, _plain

    array = pa.array(["=,"] * skip + cells, pa.string()).slice(skip)
    regex = not pc.any(pc.match_substring_regex(array, f"{_FORMULA}|{_QUOTED}")).as_py()
    assert _plain(array) is regex  # by the C kernel's text_plain where it is built
    with pytest.MonkeyPatch.context() as m:
        m.setattr(_csv, "KERNEL", None)
        assert _plain(array) is regex  # by NumPy's look-up of the bytes


_KERNEL = pytest.mark.skipif(
    __import__("slacalc._engine.switch", fromlist=["KERNEL"]).KERNEL is None,
    reason="the C kernel is not built",
)


def _kernel_cells(kind: str, us: list[int], valid: list[bool] | None = None) -> list[str]:
    """The cells the C kernel's csv_rows writes for one column of ``kind``."""
    import numpy as np

    from slacalc._engine.switch import KERNEL

    assert KERNEL is not None
    a = np.array(us, dtype=np.int64)
    mask = None if valid is None else np.array(valid, dtype=np.uint8)
    text = KERNEL.csv_rows(((kind, a, mask),), len(us)).decode("ascii")
    return text.split("\n")[:-1]


@_KERNEL
@given(st.lists(st.one_of(st.sampled_from(_EDGE_US), st.integers(-(10**16), 10**16)), max_size=40))
def test_the_kernels_durations_and_integers_are_format_duration_and_str(us: list[int]) -> None:
    from slacalc.durations import format_duration

    assert _kernel_cells("d", us) == [format_duration(x * _US) for x in us]
    assert _kernel_cells("n", us) == [str(x) for x in us]


@_KERNEL
@given(
    st.lists(
        st.tuples(
            st.one_of(
                st.datetimes(datetime(1, 1, 1), datetime(9999, 12, 31, 23, 59, 59, 999_999)),
                st.sampled_from([datetime(1970, 1, 1), datetime(1969, 12, 31, 23, 59, 59, 1)]),
            ),
            st.booleans(),
        ),
        max_size=40,
    )
)
def test_the_kernels_instants_are_isoformat_or_empty(items: list[tuple[datetime, bool]]) -> None:
    zoned = [d.replace(tzinfo=UTC) for d, _ in items]
    epoch = datetime(1970, 1, 1, tzinfo=UTC)
    us = [(d - epoch) // _US for d in zoned]
    valid = [v for _, v in items]
    want = [d.isoformat() if v else "" for d, v in zip(zoned, valid, strict=True)]
    assert _kernel_cells("i", us, valid) == want
    assert _kernel_cells("i", us) == [d.isoformat() for d in zoned]


@_KERNEL
def test_the_kernels_csv_rows_refuse_bad_columns() -> None:
    import numpy as np

    from slacalc._engine.switch import KERNEL

    assert KERNEL is not None
    one = np.array([0], np.int64)
    with pytest.raises(ValueError, match="years 1 to 9999"):
        KERNEL.csv_rows((("i", np.array([-(2**62)], np.int64), None),), 1)
    with pytest.raises(ValueError, match="wrong length"):
        KERNEL.csv_rows((("d", one, None),), 2)
    with pytest.raises(ValueError, match="out of order or outside"):
        KERNEL.csv_rows((("t", np.array([0, 5], np.int64), b"abc"),), 1)
    with pytest.raises(ValueError, match="out of order or outside"):
        KERNEL.csv_rows((("t", np.array([2, 1], np.int64), b"abc"),), 1)
    with pytest.raises(ValueError, match="mask"):
        KERNEL.csv_rows((("i", one, np.zeros(2, np.uint8)),), 1)
    with pytest.raises(ValueError, match="not \\(kind, a, b\\)"):
        KERNEL.csv_rows((("x", one, None),), 1)
    with pytest.raises(TypeError, match="int64"):
        KERNEL.csv_rows((("n", one.astype(np.int32), None),), 1)
    assert KERNEL.csv_rows((("e", None, None), ("n", one, None)), 1) == b",0\n"
    table = bytes(256)
    with pytest.raises(ValueError, match="out of order or outside"):
        KERNEL.text_plain(np.array([0, 4], np.int32), b"abc", table, table)
    with pytest.raises(ValueError, match="256 bytes"):
        KERNEL.text_plain(np.array([0, 1], np.int32), b"abc", b"", table)
    with pytest.raises(TypeError, match="int32"):
        KERNEL.text_plain(np.array([0, 1], np.int64), b"abc", table, table)
    assert KERNEL.csv_rows((), 0) == b""


@given(
    st.lists(st.lists(st.sampled_from(["a", "b", "ab", "", "é"]), max_size=5), max_size=12),
    st.integers(0, 3),
    st.booleans(),
)
def test_parties_once_is_a_set_of_each_list(
    lists: list[list[str]], skip: int, kernel: bool
) -> None:
    # Whether no list names a party twice: by the C kernel's item-by-item comparison
    # and by NumPy's sort (its twin), on sliced arrays too, against Python's sets.
    import numpy as np
    import pyarrow.compute as pc

    from slacalc.cli import _csv

    kind = pa.list_(pa.struct([("party", pa.string()), ("time", pa.duration("us"))]))
    rows = [[{"party": "a", "time": 1}, {"party": "a", "time": 2}]] * skip + [
        [{"party": p, "time": 1} for p in x] for x in lists
    ]
    attr = pa.array(rows, kind).slice(skip)
    with pytest.MonkeyPatch.context() as m:
        if not kernel:
            m.setattr(_csv, "KERNEL", None)
        got = _csv.parties_once(np, pc, attr)
    assert got == all(len(set(x)) == len(x) for x in lists)


@_KERNEL
@given(
    st.lists(st.one_of(st.sampled_from(_EDGE_US), st.integers(-(10**16), 10**16)), max_size=20),
    st.data(),
)
def test_the_kernels_quoted_cells_are_jsons(us: list[int], data: st.DataObject) -> None:
    # 'D': a duration in quotes; 'I': an instant in quotes, a missing one null (JSON).
    from slacalc.durations import format_duration

    assert _kernel_cells("D", us) == [f'"{format_duration(x * _US)}"' for x in us]
    epoch = datetime(1970, 1, 1, tzinfo=UTC)
    valid = data.draw(st.lists(st.booleans(), min_size=len(us), max_size=len(us)))
    want = [
        f'"{(epoch + x * _US).isoformat()}"' if v else "null"
        for x, v in zip(us, valid, strict=True)
    ]
    assert _kernel_cells("I", us, valid) == want


@_KERNEL
def test_the_kernels_rows_between_separators() -> None:
    import numpy as np

    from slacalc._engine.switch import KERNEL

    assert KERNEL is not None
    a = np.array([1, -20], np.int64)
    text = ("t", np.array([0, 1, 3], np.int64), b"xyz")
    got = KERNEL.csv_rows((("n", a, None), text), 2, (b"<", b"|", b">\n"))
    assert got == b"<1|x>\n<-20|yz>\n"
    assert KERNEL.csv_rows((("e", None, None),), 2, (b"{", b"}")) == b"{}{}"
    with pytest.raises(ValueError, match="one more separator"):
        KERNEL.csv_rows((("n", a, None),), 2, (b",",))
    with pytest.raises(TypeError, match="bytes"):
        KERNEL.csv_rows((("n", a, None),), 2, (",", "\n"))
    # Rows no column bounds: a size past what a bytes object holds is refused, not wrapped.
    with pytest.raises(OverflowError, match="more output"):
        KERNEL.csv_rows((), 2**62, (b"abcd",))
    with pytest.raises(OverflowError, match="more output"):
        KERNEL.csv_rows((("e", None, None),) * 4, 2**62)


@_KERNEL
def test_json_quote_by_hand_and_bad_buffers() -> None:
    import numpy as np

    from slacalc._engine.switch import KERNEL

    assert KERNEL is not None
    offsets = np.array([0, 1, 3, 3, 5], np.int32)
    got = KERNEL.json_quote(offsets, b'ab"\xc3\xa9', np.array([1, 1, 0, 1], np.uint8))
    assert got is not None
    ends = np.frombuffer(got[0], np.int32).tolist()
    assert [got[1][a:b] for a, b in itertools.pairwise(ends)] == [
        b'"a"',
        b'"b""',
        b"null",
        b'"\xc3\xa9"',
    ]
    assert np.frombuffer(got[2], np.int64).tolist() == [1, 3]  # a quote; a non-ASCII text
    with pytest.raises(ValueError, match="out of order or outside"):
        KERNEL.json_quote(np.array([0, 9], np.int32), b"ab", None)
    with pytest.raises(ValueError, match="mismatched"):
        KERNEL.json_quote(offsets, b"abcde", np.array([1], np.uint8))
    with pytest.raises(TypeError, match="int32"):
        KERNEL.json_quote(offsets.astype(np.int64), b"abcde", None)
