"""``tables.cycle_outcomes``: the engine's ``CycleOutcome`` objects by the vectorised clock.

The twin is the per-ticket engine (:func:`slacalc.activity.evaluate`), which shares
no code with the vectorised clock: every outcome compared whole (attrs equality:
every field, the running stretches and the month among them), then what only the
objects give (the calendar, the gaps, the timer a board shows, the measurement
record) on random logs with OLA and UC clocks, pauses, reopens, reassignments and
every policy of test_vclock.py, and on the example history.
"""

from __future__ import annotations

import warnings
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

pytest.importorskip("numpy")
pytest.importorskip("pyarrow")

from hypothesis import given
from hypothesis import strategies as st

import slacalc as sc
from slacalc import tables
from slacalc.activity import ActivityLog, ActivityRules, evaluate, read_activity
from test_tables_path import (
    ALL_RULES,
    OLA_UC_RULES,
    _ola_uc_catalogue,
    ticket,
    ticket_ola_uc,
)
from test_vclock import CATALOGUE, PIVOTS, build

ROOT = Path(__file__).parent.parent.parent


def _pair(log: ActivityLog, cat: sc.Catalogue, as_of: datetime, rules: ActivityRules | None):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        fast = tables.cycle_outcomes(log, cat, as_of=as_of, rules=rules)
        slow = evaluate(log, cat, as_of=as_of, rules=rules)
    assert fast is not None
    return fast, slow


def _same(fast: tuple, slow: tuple) -> None:
    assert fast == slow
    for f, s in zip(fast, slow, strict=True):  # what equality leaves out
        assert f.calendar is s.calendar
        assert f.gaps() == s.gaps()
        assert f.record() == s.record()
        if f.kind == "SLA" and f.state.value != "cancelled":
            assert f.outcome() == s.outcome()
        timer, at = f.timer(), max(f.end - timedelta(minutes=1), f.start)
        assert timer == s.timer()
        assert (timer.state(at), timer.elapsed(at)) == (s.timer().state(at), s.timer().elapsed(at))


@given(
    st.lists(ticket_ola_uc, min_size=1, max_size=6),
    st.sampled_from((timedelta(days=2), timedelta(days=40))),
)
def test_ola_and_uc_outcomes_are_the_engines(spec: list[tuple], after: timedelta) -> None:
    log, _ = build(spec)
    _same(*_pair(log, _ola_uc_catalogue(), max(PIVOTS) + after, OLA_UC_RULES))


@given(
    st.lists(ticket, min_size=1, max_size=6),
    st.sampled_from(sorted(ALL_RULES)),
    st.sampled_from((timedelta(days=2), timedelta(days=40))),
)
def test_every_policy_gives_the_engines_outcomes(
    spec: list[tuple], rules: str, after: timedelta
) -> None:
    log, _ = build(spec)
    as_of = min(PIVOTS) + after if rules == "resume" else max(PIVOTS) + after
    _same(*_pair(log, CATALOGUE, as_of, ALL_RULES[rules]))


def test_the_example_history() -> None:
    cat = sc.load(ROOT / "examples" / "catalogue.toml")
    with (ROOT / "examples" / "activity.csv").open(encoding="utf-8", newline="") as f:
        log = read_activity(f)
    fast, slow = _pair(log, cat, datetime(2026, 10, 15, tzinfo=UTC), None)
    assert len(fast) == 19825
    _same(fast, slow)
    # Stretches split where the party holding the ticket changes (an SLA's cycles).
    assert any(len(r.running) > 1 and not r.gaps() for r in fast if r.kind == "SLA")
    assert any(r.gaps() for r in fast)
    # Mid-history: open cycles, some running at their end.
    fast, slow = _pair(log, cat, datetime(2026, 6, 1, tzinfo=UTC), None)
    _same(fast, slow)
    assert any(r.running_at_end for r in fast) and any(not r.closed for r in fast)


def test_a_paused_cycle_by_hand() -> None:
    # 09:00 open, 10:00 pending, 12:00 open, judged at 13:00 (GMT): ran 09-10 and
    # 12-13, 2 h of a 4 h target; the gap 10-12; it runs at its end.
    from test_vclock_blocks import _CAL as cal
    from test_vclock_blocks import _EMAIL as desk

    t0 = datetime(2026, 3, 2, 9, tzinfo=UTC)
    h = timedelta(hours=1)
    text = (
        "ticket,at,field,value\n"
        f"INC-1,{t0.isoformat()},created,\n"
        f"INC-1,{t0.isoformat()},service,email\n"
        f"INC-1,{t0.isoformat()},customer,Finance\n"
        f"INC-1,{t0.isoformat()},priority,P1\n"
        f"INC-1,{t0.isoformat()},status,Open\n"
        f"INC-1,{(t0 + h).isoformat()},status,Pending customer\n"
        f"INC-1,{(t0 + 3 * h).isoformat()},status,Open\n"
    )
    import io

    log = read_activity(io.StringIO(text))
    [r] = _pair(log, desk, t0 + 4 * h, None)[0]
    assert r.running == ((t0, t0 + h), (t0 + 3 * h, t0 + 4 * h))
    assert r.running_at_end and r.gaps() == [(t0 + h, t0 + 3 * h)]
    assert r.elapsed == 2 * h and r.paused == 2 * h
    assert r.deadline == t0 + 6 * h  # 2 h left from 13:00
    assert r.month == sc.Month(2026, 3) and r.calendar is cal


def test_where_the_vectorised_clock_does_not_apply_it_says_none() -> None:
    from slacalc.activity import Activity, Change

    t0 = datetime(2026, 3, 2, 9, tzinfo=UTC)
    # A change at the creation instant: the engine reads it as a change.
    odd = Activity(
        "INC-1",
        t0,
        {"service": "email", "customer": "Finance", "priority": "P1", "status": "New"},
        [Change(t0, "status", "Open")],
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert tables.cycle_outcomes([odd], CATALOGUE, as_of=t0 + timedelta(days=1)) is None
