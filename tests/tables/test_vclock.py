"""The vectorised clock equals the per-ticket engine, cycle for cycle, on random activity."""

from __future__ import annotations

import warnings
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

pa = pytest.importorskip("pyarrow")
pytest.importorskip("numpy")

import slacalc as sc  # noqa: E402
from slacalc.activity import Activity, ActivityLog, ActivityRules, ClockPolicy, evaluate  # noqa: E402
from slacalc.tables._vclock import VCLOCK_COLUMNS, sla_clocks  # noqa: E402

UK = sc.Calendar.weekly({"mon-fri": "09:00-17:00"}, tz="Europe/London", holidays="GB-ENG")
NY = sc.Calendar.weekly({"mon-fri": "22:00-06:00", "sat": "01:30-02:30"}, tz="America/New_York")
ALWAYS = sc.Calendar.weekly({"daily": "00:00-24:00"}, tz="UTC")
TARGETS = {
    "P1": {"response": timedelta(minutes=30), "resolution": timedelta(hours=4)},
    "P2": {"response": timedelta(hours=1), "resolution": timedelta(hours=8)},
    "P3": {"response": timedelta(0), "resolution": timedelta(hours=20)},
}
CATALOGUE = sc.Catalogue(
    services=[sc.Service("email", "Email")],
    slas=[
        sc.SLA(
            id="uk",
            service="email",
            customer="Finance",
            calendar=UK,
            targets=sc.target_table(UK, TARGETS),
        ),
        sc.SLA(
            id="ny",
            service="email",
            customer="Sales",
            calendar=NY,
            targets=sc.target_table(NY, TARGETS),
        ),
    ],
)
PIVOTS = [
    datetime(2026, 3, 8, 6, tzinfo=UTC),  # New York spring forward
    datetime(2026, 3, 28, 12, tzinfo=UTC),  # London spring forward
    datetime(2026, 10, 24, 12, tzinfo=UTC),  # London fall back
    datetime(2026, 11, 1, 2, tzinfo=UTC),  # New York fall back
]
STATUSES = ("New", "Open", "Pending customer", "On hold", "Resolved", "Closed", "Cancelled")
COMMENTS = ("public-reply", "internal-note")
RULES = {
    "default": ActivityRules(),
    "resume": ActivityRules(
        policies={
            ("sla", "resolution"): ClockPolicy(
                stop='status == "Resolved"',
                pause='status in ["On hold"]',
                reset='status changed to ["Open", "New"]',
                reopen="resume",
                cancel='status == "Cancelled"',
            )
        }
    ),
    # Edge cases: a start that rises again, a reset and a stop at one instant (a reopen
    # stopped at once), a cancel after a restart by the start edge, resumed clocks.
    "edges": ActivityRules(
        policies={
            ("sla", "resolution"): ClockPolicy(
                start='status in ["Open", "New"]',
                stop='status == "Resolved" or comment == "public-reply"',
                pause='status == "On hold"',
                reset='comment == "public-reply" or status changed to "Pending customer"',
                reopen="resume",
                cancel='status == "Cancelled" or comment == "internal-note"',
            )
        }
    ),
    "restart": ActivityRules(
        policies={
            ("sla", "resolution"): ClockPolicy(
                start='status != "New"',
                stop='status in ["Resolved", "Closed"]',
                pause='status == "Pending customer" or (status == "On hold" and vip != "yes")',
                reset='status changed and not status in ["Resolved", "Closed"]',
                on_priority_change="restart",
            ),
            ("uk", "response"): ClockPolicy(
                stop='comment in ["public-reply"] or status changed to "Resolved"',
                cancel='comment != "public-reply" and priority == "P1"',
            ),
        },
        calendars={"Sales": ALWAYS},
    ),
    # A start on an event fires at every such event (a next-reply clock: each internal
    # note after a public reply opens a cycle, even at the instant after a stop).
    "events": ActivityRules(
        policies={
            ("sla", "response"): ClockPolicy(
                start='comment == "internal-note" or (created and status == "New")',
                stop='comment == "public-reply" or status == "Resolved"',
            ),
        }
    ),
}

field_change = st.one_of(
    st.tuples(st.just("status"), st.sampled_from(STATUSES)),
    st.tuples(st.just("priority"), st.sampled_from(("P1", "P2", "P3", "P9"))),
    st.tuples(st.just("comment"), st.sampled_from(COMMENTS)),
    st.tuples(st.just("vip"), st.sampled_from(("yes", "no"))),
)
ticket = st.tuples(
    st.sampled_from(PIVOTS),
    st.integers(-3 * 1440, 3 * 1440),  # minutes from the pivot
    st.sampled_from(("Finance", "Sales")),
    st.sampled_from(("P1", "P2", "P3")),
    st.sampled_from(("New", "Open", "Pending customer")),
    st.lists(
        st.tuples(st.sampled_from((0, 0, 1, 7, 30, 90, 600, 1440, 4000)), field_change),
        max_size=8,
    ),
)


def build(spec: list[tuple]) -> tuple[ActivityLog, object]:
    tickets, rows = [], []
    for i, (pivot, minutes, customer, prio, status, changes) in enumerate(spec):
        created = pivot + timedelta(minutes=minutes)
        initial = {"service": "email", "customer": customer, "priority": prio, "status": status}
        name = f"T{i}"
        rows.append((name, created, "created", ""))
        rows += [(name, created, k, v) for k, v in initial.items()]
        at, triples = created, []
        for step, (field, value) in changes:
            at = (
                at + timedelta(minutes=step)
                if at + timedelta(minutes=step) > created
                else (created + timedelta(minutes=1))
            )
            triples.append((at, field, value))
            rows.append((name, at, field, value))
        tickets.append(Activity.of(name, created, initial, triples))
    table = pa.table(
        {
            "ticket": [r[0] for r in rows],
            "at": pa.array([r[1] for r in rows], pa.timestamp("us", tz="Europe/London")),
            "field": [r[2] for r in rows],
            "value": [r[3] for r in rows],
        }
    )
    return ActivityLog(tickets), table


def engine_rows(log: ActivityLog, rules: ActivityRules, as_of: datetime) -> list[dict]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        outcomes = evaluate(log, CATALOGUE, as_of=as_of, rules=rules)
    return [
        {
            name: (str(getattr(o, name)) if name == "state" else getattr(o, name))
            for name in VCLOCK_COLUMNS
        }
        for o in outcomes
        if o.kind == "SLA"
    ]


@given(
    st.lists(ticket, min_size=1, max_size=6),
    st.sampled_from(sorted(RULES)),
    st.sampled_from((timedelta(days=2), timedelta(days=5), timedelta(days=40))),
)
def test_vclock_equals_engine(spec: list[tuple], rules: str, after: timedelta) -> None:
    log, table = build(spec)
    as_of = min(PIVOTS) + after if rules == "resume" else max(PIVOTS) + after
    with warnings.catch_warnings():  # priorities without a target, as the engine says
        warnings.simplefilter("ignore")
        got = sla_clocks(table, CATALOGUE, as_of=as_of, rules=RULES[rules]).to_pylist()
    assert got == engine_rows(log, RULES[rules], as_of)


def test_golden_pause_and_reopen() -> None:
    """Hand-worked: 09:00 raised P1 (Monday 2 March 2026, GMT), pending 10:00-14:00,
    resolved 16:00 (3h elapsed, 4h paused, met), reopened 16:30, resolved next day 10:00
    (30m + 1h = 1h30 in a second cycle)."""
    t0 = datetime(2026, 3, 2, 9, tzinfo=UTC)
    h = timedelta(hours=1)
    ts = pa.timestamp("us", tz="UTC")
    rows = [
        ("created", t0, ""),
        ("service", t0, "email"),
        ("customer", t0, "Finance"),
        ("priority", t0, "P1"),
        ("status", t0, "New"),
        ("status", t0 + h, "Pending customer"),
        ("status", t0 + 5 * h, "Open"),
        ("status", t0 + 7 * h, "Resolved"),
        ("status", t0 + 7.5 * h, "Open"),
        ("status", t0 + 25 * h, "Resolved"),
    ]
    table = pa.table(
        {
            "ticket": ["INC-1"] * len(rows),
            "at": pa.array([r[1] for r in rows], ts),
            "field": [r[0] for r in rows],
            "value": [r[2] for r in rows],
        }
    )
    out = sla_clocks(table, CATALOGUE, as_of=t0 + 48 * h).to_pylist()
    res = [
        (r["cycle"], r["state"], r["elapsed"], r["paused"])
        for r in out
        if r["metric"] == "resolution"
    ]
    assert res == [(1, "met", 3 * h, 4 * h), (2, "met", 1.5 * h, timedelta(0))]
    [resp] = [r for r in out if r["metric"] == "response"]
    # Response: 30 minutes from 09:00, no reply before the resolution at 16:00: breached at 09:30.
    assert resp["state"] == "breached" and resp["breach"] == t0 + 0.5 * h


def test_cancel_after_a_second_start_forgets_the_stopped_cycle() -> None:
    """Open, resolved (cycle 1 stops), open again (the start rises: cycle 2), cancelled by a
    note, then a public reply: cycle 1 is no longer the last stopped one, so nothing reopens."""
    t0 = PIVOTS[1]
    m = timedelta(minutes=1)
    steps = [
        (0, ("status", "Resolved")),
        (0, ("status", "Open")),
        (0, ("comment", "internal-note")),
        (0, ("comment", "public-reply")),
    ]
    spec = [(t0, 0, "Finance", "P2", "Open", [(30, c) for _, c in steps])]
    log, table = build(spec)
    as_of = t0 + 1000 * m
    got = sla_clocks(table, CATALOGUE, as_of=as_of, rules=RULES["edges"]).to_pylist()
    want = engine_rows(log, RULES["edges"], as_of)
    assert got == want
    assert [(r["metric"], r["cycle"], r["state"]) for r in want if r["metric"] == "resolution"] == [
        ("resolution", 1, "met"),
        ("resolution", 2, "cancelled"),
    ]


def test_a_calendar_that_never_opens_again_gives_no_deadline() -> None:
    """Open 09:00-12:00 on 2 March 2026 only: a 4-hour target from 09:00 never runs out, so
    the open cycle has no deadline (the engine's NeverOpenError case), a 30-minute one does."""
    once = sc.Calendar.weekly({}, openings=[("2026-03-02 09:00", "2026-03-02 12:00")], tz="UTC")
    cat = sc.Catalogue(
        services=[sc.Service("email", "Email")],
        slas=[
            sc.SLA(
                id="once",
                service="email",
                customer="Finance",
                calendar=once,
                targets=sc.target_table(once, TARGETS),
            )
        ],
    )
    t0 = datetime(2026, 3, 2, 8, tzinfo=UTC)
    spec = [(t0, 0, "Finance", "P1", "New", []), (t0, 30, "Finance", "P1", "Open", [])]
    log, table = build(spec)
    as_of = t0 + timedelta(days=3)
    got = sla_clocks(table, cat, as_of=as_of).to_pylist()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        want = [
            {c: (str(getattr(o, c)) if c == "state" else getattr(o, c)) for c in VCLOCK_COLUMNS}
            for o in evaluate(log, cat, as_of=as_of)
            if o.kind == "SLA"
        ]
    assert got == want
    res = [(r["metric"], r["deadline"], r["elapsed"]) for r in got if r["ticket"] == "T0"]
    assert res == [
        ("response", datetime(2026, 3, 2, 9, 30, tzinfo=UTC), timedelta(hours=3)),
        ("resolution", None, timedelta(hours=3)),
    ]
