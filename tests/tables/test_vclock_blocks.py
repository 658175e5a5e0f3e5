"""The vectorised clock in blocks of whole tickets gives the one-pass table and warnings.

``sla_clocks`` runs a table grouped by ticket in blocks of about ``BLOCK_ROWS``
rows; here the blocks are made a few rows long, so that random logs span many
of them, and compared with one pass over the same table: every column, every
warning with its count, and the error naming every unknown ticket.
"""

from __future__ import annotations

import itertools
import warnings
from datetime import UTC, datetime, timedelta

import pytest

pytest.importorskip("numpy")
pa = pytest.importorskip("pyarrow")

from hypothesis import given  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

import slacalc as sc  # noqa: E402
import slacalc.tables._vclock as vclock  # noqa: E402
from slacalc.activity import ActivityRules  # noqa: E402
from test_tables_path import OLA_UC_RULES, _ola_uc_catalogue, ticket_ola_uc  # noqa: E402
from test_vclock import PIVOTS, build  # noqa: E402


def _run(table: object, block: int, monkeypatch: pytest.MonkeyPatch, **kw: object):
    monkeypatch.setattr(vclock, "BLOCK_ROWS", block)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            got = vclock.sla_clocks(table, _ola_uc_catalogue(), rules=OLA_UC_RULES, **kw)
        except sc.RecordError as error:
            got = ("error", error.problems)
        else:
            got = (got.schema, got.to_pylist())
    return got, [str(w.message) for w in caught]


@given(
    st.lists(ticket_ola_uc, min_size=1, max_size=8),
    st.integers(1, 40),
    st.booleans(),
    st.sampled_from((timedelta(days=40), None)),
    st.permutations(range(8)),
)
def test_blocks_equal_one_pass(
    spec: list[tuple], block: int, full: bool, after: timedelta | None, names: list[int]
) -> None:
    # None: judged two days after the first pivot, so that the tickets of later pivots
    # are created after as_of (blocks with no snapshot at all). The tickets renamed in
    # a random order: ids ascending (coded by their runs) or not (hashed).
    _, table = build(spec)
    renamed = [f"T{names[int(t[1:])]}" for t in table.column("ticket").to_pylist()]
    table = table.set_column(0, "ticket", pa.array(renamed, pa.string()))
    as_of = max(PIVOTS) + after if after else min(PIVOTS) + timedelta(days=2)
    with pytest.MonkeyPatch.context() as mp:
        whole = _run(table, 10**9, mp, as_of=as_of, full=full)
        blocked = _run(table, block, mp, as_of=as_of, full=full)
    assert blocked == whole


def test_blocks_name_every_unknown_ticket(monkeypatch: pytest.MonkeyPatch) -> None:
    spec = [
        (PIVOTS[0], 10 * i, "Nobody" if i % 3 else "Finance", "P1", "New", []) for i in range(9)
    ]
    _, table = build(spec)
    as_of = max(PIVOTS) + timedelta(days=3)
    whole = _run(table, 10**9, monkeypatch, as_of=as_of)
    blocked = _run(table, 5, monkeypatch, as_of=as_of)
    assert whole[0][0] == "error" and len(whole[0][1]) == 6  # six tickets of 'Nobody'
    assert blocked == whole


def test_a_table_not_grouped_by_ticket_is_one_pass(monkeypatch: pytest.MonkeyPatch) -> None:
    spec = [
        (PIVOTS[0], 10 * i, "Finance", "P1", "New", [(60, ("status", "Resolved"))])
        for i in range(4)
    ]
    _, table = build(spec)
    shuffled = table.take(
        pa.array(list(range(0, table.num_rows, 2)) + list(range(1, table.num_rows, 2)))
    )
    as_of = max(PIVOTS) + timedelta(days=3)
    calls: list[int] = []
    inner = vclock._clocks

    def counted(t: object, *a: object, **kw: object) -> object:
        calls.append(t.num_rows)  # type: ignore[attr-defined]
        return inner(t, *a, **kw)

    monkeypatch.setattr(vclock, "_clocks", counted)
    blocked = _run(shuffled, 3, monkeypatch, as_of=as_of)
    assert calls == [shuffled.num_rows]
    calls.clear()
    grouped = _run(table, 3, monkeypatch, as_of=as_of)
    assert len(calls) > 1 and sum(calls) == table.num_rows
    assert blocked[0][1] and grouped[0][1]


T0 = datetime(2026, 3, 2, 9, tzinfo=UTC)
_CAL = sc.Calendar.weekly({"mon-fri": "09:00-17:00"}, tz="Europe/London")
_EMAIL = sc.Catalogue(
    services=[sc.Service("email", "Email")],
    slas=[
        sc.SLA(
            id="email-finance",
            service="email",
            customer="Finance",
            calendar=_CAL,
            targets=sc.target_table(_CAL, {"P1": {"resolution": timedelta(hours=4)}}),
        )
    ],
)


def _rows(name: str, service: str = "email", created: bool = True, early: bool = False) -> list:
    rows = [(name, T0, "created", "")] if created else []
    rows += [(name, T0, f, v) for f, v in (("service", service), ("customer", "Finance"))]
    rows += [(name, T0, "priority", "P1"), (name, T0, "status", "New")]
    if early:
        rows.append((name, T0 - timedelta(hours=1), "status", "Open"))
    return [*rows, (name, T0 + timedelta(hours=2), "status", "Resolved")]


def _error(rows: list, block: int, monkeypatch: pytest.MonkeyPatch, **kw: object) -> str:
    t, a, f, v = zip(*rows, strict=True)
    table = pa.table(
        {
            "ticket": pa.array(t, pa.string()),
            "at": pa.array(a, pa.timestamp("us", tz="UTC")),
            "field": pa.array(f, pa.string()),
            "value": pa.array(v, pa.string()),
        }
    )
    monkeypatch.setattr(vclock, "BLOCK_ROWS", block)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with pytest.raises(sc.SlacalcError) as caught:
            vclock.sla_clocks(table, _EMAIL, as_of=T0 + timedelta(days=1), **kw)
    return f"{type(caught.value).__name__}: {caught.value}"


def test_an_error_in_a_later_block_is_the_one_pass_error(monkeypatch: pytest.MonkeyPatch) -> None:
    # A (first block) has a row before its creation, B (second) no 'created' row: one
    # pass checks the 'created' rows of every ticket first.
    rows = _rows("A", early=True) + _rows("B", created=False)
    whole = _error(rows, 10**9, monkeypatch)
    assert whole.startswith("InvalidValueError") and "'B'" in whole
    assert _error(rows, 3, monkeypatch) == whole
    # A no SLA covers (first block), and a policy naming the priority as an event: one
    # pass names the unknown ticket before it reads the policies.
    from slacalc.activity import ClockPolicy

    events = ActivityRules(
        policies={
            ("sla", "resolution"): ClockPolicy(
                stop='status == "Resolved"', events=["comment", "priority"]
            )
        }
    )
    rows = _rows("A", service="vpn") + _rows("B")
    whole = _error(rows, 10**9, monkeypatch, rules=events)
    assert whole.startswith("RecordError") and "'A'" in whole
    assert _error(rows, 3, monkeypatch, rules=events) == whole


def test_a_long_ticket_is_one_block_and_the_next_cut_waits_for_the_next_multiple(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Blocks of 4 rows: A (10 rows) spans two multiples; the next cut is at the first
    # new ticket from the next multiple (12) on, not at each ticket after A.
    import pyarrow.compute as pc

    names = ["A"] * 10 + ["B", "C"] + ["D"] * 4
    table = pa.table({"ticket": names})
    monkeypatch.setattr(vclock, "BLOCK_ROWS", 4)
    blocks = vclock._blocks(pa, pc, table)
    assert blocks is not None
    assert [(a, b) for a, b, _ in blocks] == [(0, 10), (10, 12), (12, 16)]
    assert [d.dictionary.to_pylist() for *_, d in blocks] == [["A"], ["B", "C"], ["D"]]


@pytest.mark.parametrize(
    ("names", "block", "grouped"),
    [
        (["A", "A", "B", "B", "C", "D"], 2, True),  # ascending: coded by runs
        (["D", "D", "B", "B", "C", "A"], 2, True),  # grouped, not ascending: hashed
        (["A", "A", "B", "B", "A", "C"], 2, False),  # A again in the last block
        (["B", "B", "C", "C", "A", "B"], 2, False),  # each block ascends, B in two
        (["A", "B", "A", "B", "C", "C"], 3, False),  # blocks A B | B C: B ends and begins
    ],
)
def test_blocks_of_ascending_and_other_ids(
    names: list[str], block: int, grouped: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    import pyarrow.compute as pc

    table = pa.table({"ticket": names})
    monkeypatch.setattr(vclock, "BLOCK_ROWS", block)
    blocks = vclock._blocks(pa, pc, table)
    assert (blocks is not None) == grouped
    for a, b, coded in blocks or ():
        expected = pc.dictionary_encode(table.column("ticket").slice(a, b - a)).combine_chunks()
        assert coded.indices.to_pylist() == expected.indices.to_pylist()
        assert coded.dictionary.to_pylist() == expected.dictionary.to_pylist()


@given(
    st.lists(st.text(max_size=3), max_size=30),
    st.lists(st.integers(0, 30), max_size=4),
    st.booleans(),
    st.booleans(),
)
def test_runs_are_dictionary_encode_where_the_ids_ascend(
    words: list[str], cuts: list[int], large: bool, kernel: bool
) -> None:
    # In chunks cut at random (empty ones too), as string or large_string, by the C
    # kernel's text_runs or by Arrow's comparisons (its twin): dictionary_encode's codes
    # and words where the texts ascend by their UTF-8 bytes, else None.
    import pyarrow.compute as pc

    edges = sorted({0, len(words), *(min(c, len(words)) for c in cuts)})
    kind = pa.large_string() if large else pa.string()
    column = pa.chunked_array([words[a:b] for a, b in itertools.pairwise(edges)] or [[]], kind)
    with pytest.MonkeyPatch.context() as m:
        if not kernel:
            m.setattr(vclock, "KERNEL", None)
        got = vclock._runs(pa, pc, column)
    distinct = list(dict.fromkeys(words))
    runs = [w for i, w in enumerate(words) if i == 0 or words[i - 1] != w]
    ascending = runs == distinct and all(
        x.encode() < y.encode() for x, y in itertools.pairwise(runs)
    )
    if len(words) < 2 or not ascending:
        assert got is None
        return
    expected = pc.dictionary_encode(column).combine_chunks()
    assert got.indices.to_pylist() == expected.indices.to_pylist()
    assert got.dictionary.to_pylist() == expected.dictionary.to_pylist() == distinct
    assert got.dictionary.type == kind


def test_runs_of_a_column_of_several_chunks() -> None:
    # Chunk by chunk, empty chunks and a slice included: as dictionary_encode gives it.
    import pyarrow.compute as pc

    column = pa.chunked_array([["A", "A"], [], ["A", "B"], ["C"], ["C", "D"]]).slice(1)
    for kernel in (vclock.KERNEL, None):
        with pytest.MonkeyPatch.context() as m:
            m.setattr(vclock, "KERNEL", kernel)
            got = vclock._runs(pa, pc, column)
            assert vclock._runs(pa, pc, pa.chunked_array([["A", "B"], ["A"]])) is None
            assert vclock._runs(pa, pc, pa.array(["ab", "a"])) is None  # a prefix is below
        expected = pc.dictionary_encode(column).combine_chunks()
        assert got.indices.to_pylist() == expected.indices.to_pylist() == [0, 0, 1, 2, 2, 3]
        assert got.dictionary.to_pylist() == ["A", "B", "C", "D"]
