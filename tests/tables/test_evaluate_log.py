"""``tables.evaluate_log``: an activity log through the vectorised clock, the engine's
rows and the engine's warnings, or ``None`` where it does not apply.

The twin is the per-ticket engine (:func:`slacalc.activity.evaluate`), compared on
the random logs of test_vclock.py / test_tables_path.py: every column of every row,
and every :class:`~slacalc.activity.ActivityWarning` with its count.
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
from slacalc.activity import Activity, ActivityLog, ActivityRules, ClockPolicy, evaluate  # noqa: E402
from slacalc.tables._evaluate import _outcome_table  # noqa: E402
from test_tables_path import OLA_UC_RULES, _ola_uc_catalogue, ticket_ola_uc  # noqa: E402
from test_vclock import CATALOGUE, PIVOTS, build  # noqa: E402


def _engine(log: ActivityLog, cat: sc.Catalogue, as_of: datetime, rules: ActivityRules, **kw):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        outcomes = evaluate(log, cat, as_of=as_of, rules=rules, **kw)
    table = _outcome_table(outcomes, cat, "UTC").select(list(tables.OUTCOME_COLUMNS))
    return table.to_pylist(), Counter(str(w.message) for w in caught)


def _vectorised(log: ActivityLog, cat: sc.Catalogue, as_of: datetime, rules: ActivityRules, **kw):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        table = tables.evaluate_log(log, cat, as_of=as_of, rules=rules, **kw)
    assert table is not None
    return table.to_pylist(), Counter(str(w.message) for w in caught)


@given(
    st.lists(ticket_ola_uc, min_size=1, max_size=6),
    st.sampled_from((timedelta(days=-400), timedelta(days=2), timedelta(days=40))),
)
def test_rows_and_warnings_are_the_engines(spec: list[tuple], after: timedelta) -> None:
    # OLA and UC clocks, reassignments, pending time, priorities without a target; an
    # as-of before every ticket (nothing judged, warnings still given).
    log, _ = build(spec)
    cat, as_of = _ola_uc_catalogue(), max(PIVOTS) + after
    assert _vectorised(log, cat, as_of, OLA_UC_RULES) == _engine(log, cat, as_of, OLA_UC_RULES)


T0 = datetime(2026, 3, 2, 9, tzinfo=UTC)


def _tickets() -> ActivityLog:
    def one(name: str, customer: str, prio: str, *changes: tuple[int, str, str]) -> Activity:
        initial = {"service": "email", "customer": customer, "priority": prio, "status": "New"}
        return Activity.of(
            name, T0, initial, [(T0 + timedelta(minutes=m), f, v) for m, f, v in changes]
        )

    return ActivityLog(
        [
            one("A", "Finance", "P1", (30, "status", "Odd"), (30, "status", "Resolved")),
            one("B", "Nobody", "P1"),
            one("C", "Nobody", "P2", (10, "stauts", "x")),
            one("D", "Finance", "P9", (90, "status", "Resolved")),
        ]
    )


def test_hand_made_warnings_are_the_engines() -> None:
    # 'Odd' is overwritten at the same instant (no snapshot holds it: not listed);
    # 'New' is named by no policy; P9 has no target; two tickets of 'Nobody' are
    # skipped (one warning, counted twice); the condition field 'stauts' is absent.
    rules = ActivityRules(customer_pending='stauts == "x"')
    log = _tickets()
    got_rows, got = _vectorised(log, CATALOGUE, T0 + timedelta(days=3), rules, unmatched="skip")
    want_rows, want = _engine(log, CATALOGUE, T0 + timedelta(days=3), rules, unmatched="skip")
    assert (got_rows, got) == (want_rows, want)
    assert [r["ticket"] for r in got_rows] == ["A", "A"]  # response and resolution
    said = "\n".join(got)
    assert "'New'" in said and "'Odd'" not in said
    assert any("for customer 'Nobody'" in m and m.endswith("(2 times)") for m in got)
    assert any("priority 'P9'" in m for m in got)


def test_where_it_does_not_apply_it_says_none() -> None:
    log = _tickets()
    as_of = T0 + timedelta(days=3)
    # A ticket no SLA covers and unmatched="error": the engine names it.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert tables.evaluate_log(log, CATALOGUE, as_of=as_of) is None
        # A change at the creation instant: the engine reads it as a change.
        same = ActivityLog(
            [
                Activity.of(
                    "E",
                    T0,
                    {"service": "email", "customer": "Finance", "priority": "P1", "status": "New"},
                    [(T0, "status", "Open")],
                )
            ]
        )
        assert tables.evaluate_log(same, CATALOGUE, as_of=as_of) is None
        # renew policies are the engine's.
        renew = ActivityRules(
            policies={
                ("sla", "resolution"): ClockPolicy(
                    stop='status == "Resolved"', renew='comment == "public-reply"'
                )
            }
        )
        only_a = ActivityLog([next(iter(log))])
        assert tables.evaluate_log(only_a, CATALOGUE, as_of=as_of, rules=renew) is None


def _printed(log: ActivityLog, cat: sc.Catalogue, as_of: datetime, rules: ActivityRules) -> None:
    """``slacalc evaluate``'s rows from both paths, in each format, are the same."""
    from slacalc.cli._rows import row, table_rows

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        outcomes = evaluate(log, cat, as_of=as_of, rules=rules)
        table = tables.evaluate_log(log, cat, as_of=as_of, rules=rules)
    assert table is not None
    for human, as_json in ((True, False), (False, False), (False, True)):
        want = [row(o, human=human, json=as_json) for o in outcomes]
        assert table_rows(table, human=human, json=as_json) == want


@given(
    st.lists(ticket_ola_uc, min_size=1, max_size=6),
    st.sampled_from((timedelta(days=2), timedelta(days=40))),
)
def test_printed_rows_are_the_engines(spec: list[tuple], after: timedelta) -> None:
    log, _ = build(spec)
    _printed(log, _ola_uc_catalogue(), max(PIVOTS) + after, OLA_UC_RULES)


def test_printed_microseconds_and_zero_targets() -> None:
    # P3's response target is 0 (no percentage); instants with microseconds print them
    # in CSV and JSON and are cut to the second in the table, as isoformat does.
    t0 = datetime(2026, 3, 2, 9, 0, 0, 250_001, tzinfo=UTC)
    initial = {"service": "email", "customer": "Finance", "priority": "P3", "status": "New"}
    log = ActivityLog(
        [
            Activity.of("M", t0, initial, [(t0 + timedelta(seconds=90.5), "status", "Resolved")]),
            Activity.of("N", t0, {**initial, "priority": "P1"}, []),
        ]
    )
    _printed(log, CATALOGUE, t0 + timedelta(days=5), ActivityRules())


def test_bad_arguments_are_refused_as_the_engine_refuses_them() -> None:
    log = _tickets()
    as_of = T0 + timedelta(days=3)
    with pytest.raises(sc.InvalidValueError, match="unmatched"):
        tables.evaluate_log(log, CATALOGUE, as_of=as_of, unmatched="bogus")
    with pytest.raises(sc.NaiveDatetimeError):
        tables.evaluate_log(log, CATALOGUE, as_of=datetime(2026, 3, 5))
    with pytest.raises(sc.ArgumentTypeError, match="as_of"):
        tables.evaluate_log(log, CATALOGUE, as_of="2026-03-05")  # type: ignore[arg-type]
    with pytest.raises(sc.ArgumentTypeError, match="rules"):
        tables.evaluate_log(log, CATALOGUE, as_of=as_of, rules={})  # type: ignore[arg-type]
