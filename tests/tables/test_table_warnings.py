"""``tables.evaluate``'s warnings by the vectorised clock are the engine's, every one.

The twin is the per-ticket engine (:func:`slacalc.activity.evaluate`), which walks
each ticket: its warnings (with their counts) are compared with those the
vectorised path reads off the whole table (the SLAs in use, the tickets skipped as
unmatched, the fields some ticket has, the status values the snapshots hold) on
random logs with OLA and UC clocks, rules that leave teams, suppliers and fields
out, tickets created after ``as_of`` and tables cut in blocks of a few rows.
"""

from __future__ import annotations

import warnings
from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest

pytest.importorskip("numpy")
pa = pytest.importorskip("pyarrow")

from hypothesis import given  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

import slacalc as sc  # noqa: E402
from slacalc import tables  # noqa: E402
from slacalc.activity import ActivityLog, ActivityRules, evaluate  # noqa: E402
from slacalc.measure import RecordError  # noqa: E402
from slacalc.tables import _vclock as vclock  # noqa: E402
from test_tables_path import OLA_UC_RULES, _ola_uc_catalogue, ticket_ola_uc  # noqa: E402
from test_vclock import CATALOGUE, PIVOTS, build  # noqa: E402

#: Rules that leave things out: the Infra OLA's team and the relay UC's supplier
#: (their clocks cannot run), and a pending condition on a field no ticket has.
PARTIAL = ActivityRules(
    teams={"Desk": ["Service Desk", "Desk L2"]},
    suppliers={"mail": 'assignment_group == "Apps"'},
    customer_pending='stauts == "waiting"',
)
#: One SLA: the tickets for Sales are covered by none.
ONLY_UK = sc.Catalogue(services=CATALOGUE.services, slas=[CATALOGUE.slas[0]])
AFTER = (timedelta(days=-400), timedelta(days=-1), timedelta(days=2), timedelta(days=40))


def _warned(call: object) -> tuple[object, Counter[str]]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        got = call()  # type: ignore[operator]
    return got, Counter(str(w.message) for w in caught)


def _both(
    log: ActivityLog, table: object, cat: sc.Catalogue, as_of: datetime, **kw: object
) -> tuple[Counter[str], Counter[str]]:
    out, fast = _warned(lambda: tables.evaluate(table, cat, as_of=as_of, path="vectorised", **kw))
    engine, slow = _warned(lambda: evaluate(log, cat, as_of=as_of, **kw))
    assert out.num_rows == len(engine)
    return fast, slow


@given(
    st.lists(ticket_ola_uc, min_size=1, max_size=6),
    st.sampled_from(AFTER),
    st.sampled_from(("ola-uc", "partial")),
)
def test_every_warning_is_the_engines(spec: list[tuple], after: timedelta, which: str) -> None:
    log, table = build(spec)
    rules = OLA_UC_RULES if which == "ola-uc" else PARTIAL
    fast, slow = _both(log, table, _ola_uc_catalogue(), max(PIVOTS) + after, rules=rules)
    assert fast == slow


@given(st.lists(ticket_ola_uc, min_size=1, max_size=8), st.sampled_from(AFTER))
def test_skipped_tickets_are_counted_as_the_engine_counts_them(
    spec: list[tuple], after: timedelta
) -> None:
    log, table = build(spec)
    fast, slow = _both(log, table, ONLY_UK, max(PIVOTS) + after, unmatched="skip")
    assert fast == slow


@given(st.lists(ticket_ola_uc, min_size=2, max_size=8), st.sampled_from((2, 5, 9)))
def test_blocks_give_the_warnings_once(spec: list[tuple], block: int) -> None:
    # An SLA's missing team and supplier are warned once per SLA, not once per block.
    log, table = build(spec)
    as_of = max(PIVOTS) + timedelta(days=2)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(vclock, "BLOCK_ROWS", block)
        fast, slow = _both(log, table, _ola_uc_catalogue(), as_of, rules=PARTIAL)
    assert fast == slow


T0 = datetime(2026, 3, 2, 9, tzinfo=UTC)


def _table(rows: list[tuple[str, datetime, str, str]]) -> object:
    return pa.table(
        {
            "ticket": [r[0] for r in rows],
            "at": pa.array([r[1] for r in rows], pa.timestamp("us", tz="UTC")),
            "field": [r[2] for r in rows],
            "value": [r[3] for r in rows],
        }
    )


def _ticket(name: str, at: datetime, customer: str, *changes: tuple) -> list[tuple]:
    initial = {"service": "email", "customer": customer, "priority": "P1", "status": "New"}
    return [
        (name, at, "created", ""),
        *((name, at, k, v) for k, v in initial.items()),
        *((name, at + timedelta(minutes=m), f, v) for m, f, v in changes),
    ]


def test_hand_made_warnings() -> None:
    # A: 'Odd' overwritten at its instant (no snapshot holds it), 'Held' later;
    # B and C for Sales, skipped (one warning, twice); D created after as_of, for Sales
    # too (skipped all the same: three times); 'New' and 'Held' named by no policy.
    as_of = T0 + timedelta(days=3)
    rows = [
        *_ticket("A", T0, "Finance", (30, "status", "Odd"), (30, "status", "Held")),
        *_ticket("B", T0, "Sales"),
        *_ticket("C", T0, "Sales", (10, "status", "Open")),
        *_ticket("D", as_of + timedelta(hours=1), "Sales"),
    ]
    from slacalc.activity import read_activity

    names = ("ticket", "at", "field", "value")
    log = read_activity([dict(zip(names, r, strict=True)) for r in rows])
    fast, slow = _both(log, _table(rows), ONLY_UK, as_of, unmatched="skip")
    assert fast == slow
    said = "\n".join(fast)
    assert "'New'" in said and "'Held'" in said and "'Odd'" not in said
    assert any("for customer 'Sales'" in m and m.endswith("(3 times)") for m in fast)


def test_a_ticket_created_after_as_of_is_still_looked_up() -> None:
    # The engine looks up the SLA of every ticket, judged or not: an unknown one is
    # its error on both paths, naming the ticket.
    as_of = T0 + timedelta(days=3)
    rows = [*_ticket("A", T0, "Finance"), *_ticket("Z", as_of + timedelta(days=1), "Nobody")]
    table = _table(rows)
    with pytest.raises(RecordError) as fast:
        tables.evaluate(table, CATALOGUE, as_of=as_of, path="vectorised")
    with pytest.raises(RecordError) as slow:
        tables.evaluate(table, CATALOGUE, as_of=as_of, path="engine")
    assert fast.value.problems == slow.value.problems
    assert "'Z'" in fast.value.problems[0][0]
    # Without a service at creation it is the engine's refusal (auto takes the engine).
    bare = [r for r in rows if not (r[0] == "Z" and r[2] == "service")]
    with pytest.raises(sc.SlacalcError):
        tables.evaluate(_table(bare), CATALOGUE, as_of=as_of, path="vectorised")
    with pytest.raises(RecordError, match="'service'"):
        tables.evaluate(_table(bare), CATALOGUE, as_of=as_of)


def test_the_warnings_are_slacalcs_on_either_path() -> None:
    # A filter on the module that warns ("slacalc...") sees the vectorised path's
    # warnings as it sees the engine's: both are given from inside slacalc.
    rows = [
        ("INC-1", T0, "created", ""),
        ("INC-1", T0, "service", "email"),
        ("INC-1", T0, "customer", "Finance"),
        ("INC-1", T0, "priority", "P9"),  # no target: a warning on either path
    ]
    for path in ("vectorised", "engine"):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            warnings.filterwarnings("ignore", module="slacalc")
            tables.evaluate(_table(rows), CATALOGUE, as_of=T0 + timedelta(days=1), path=path)
        assert [str(w.message) for w in caught] == [], path
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            tables.evaluate(_table(rows), CATALOGUE, as_of=T0 + timedelta(days=1), path=path)
        assert caught and all("slacalc" in w.filename for w in caught), path
