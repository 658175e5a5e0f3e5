"""``evaluate`` against the brute-force twin (tests/activity/brute.py), exactly.

Random calendars around DST transitions (strategies.scenarios: Europe/London,
America/New_York, Australia/Lord_Howe ...; overnight windows included), random
tickets (changes at the same minute, reopens, priority changes, reassignments,
event markers) and random policies, rendered to the condition grammar for the
engine and read structurally by the twin.
"""

from __future__ import annotations

import warnings
from datetime import UTC, timedelta
from typing import Any

import attrs
from brute import EVENTS, Policy, judge, render, walk
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import slacalc as sc
from oracle import Oracle, instant, minute_of
from slacalc.activity import (
    Activity,
    ActivityRules,
    ClockPolicy,
    CycleState,
    evaluate,
)
from slacalc.agreements import AgreementVersion
from strategies import COMPARISONS, calendars, examples, minutes, scenarios

STATUSES = ("New", "Open", "Pending", "Hold", "Resolved", "Closed")
GROUPS = ("A1", "A2", "B1", "")
PRIORITIES = ("P1", "P2")
COMMENTS = ("reply", "note")
VALUES = {"status": STATUSES, "group": GROUPS, "priority": PRIORITIES, "comment": COMMENTS}
TEAM_A = ("A1", "A2")


def state_atoms() -> st.SearchStrategy[tuple[Any, ...]]:
    fields = st.sampled_from(("status", "status", "group", "priority"))
    return fields.flatmap(
        lambda f: st.one_of(
            st.tuples(st.just("eq"), st.just(f), st.sampled_from(VALUES[f])),
            st.tuples(st.just("ne"), st.just(f), st.sampled_from(VALUES[f])),
            st.tuples(
                st.just("in"),
                st.just(f),
                st.lists(st.sampled_from(VALUES[f]), min_size=1, max_size=3, unique=True).map(
                    tuple
                ),
            ),
        )
    )


def event_atoms() -> st.SearchStrategy[tuple[Any, ...]]:
    values = st.lists(st.sampled_from(STATUSES), min_size=1, max_size=2, unique=True).map(tuple)
    return st.one_of(
        st.just(("created",)),
        st.tuples(st.just("changed"), st.sampled_from(("status", "group", "priority")), st.none()),
        st.tuples(st.just("changed"), st.just("status"), values),
        st.tuples(st.just("eq"), st.just("comment"), st.sampled_from(COMMENTS)),
        st.tuples(st.just("changed"), st.just("comment"), st.none()),
    )


def conditions(events: bool, held: bool, depth: int = 2) -> st.SearchStrategy[tuple[Any, ...]]:
    atoms = [state_atoms()]
    if events:
        atoms.append(event_atoms())
    if held:
        atoms.append(st.just(("held",)))
    base = st.one_of(*atoms)
    if depth == 0:
        return base
    sub = conditions(events, held, depth - 1)
    return st.one_of(
        base,
        base,
        st.tuples(st.just("not"), sub),
        st.tuples(st.sampled_from(("and", "or")), sub, sub),
    )


def renewals() -> st.SearchStrategy[tuple[Any, ...]]:
    """A renew condition: it must name an event (alone, or joined with a state)."""
    return event_atoms() | st.tuples(st.sampled_from(("and", "or")), event_atoms(), state_atoms())


@st.composite
def policies(draw: st.DrawFn, held: bool) -> Policy:
    return Policy(
        start=draw(conditions(True, held)),
        stop=draw(conditions(True, held)),
        pause=draw(st.none() | conditions(False, held)),
        reset=draw(st.none() | conditions(True, held)),
        cancel=draw(st.none() | st.none() | conditions(True, held, depth=1)),
        renew=draw(st.none() | st.none() | renewals()),
        resume=draw(st.booleans()),
        restart=draw(st.booleans()),
    )


def engine_policy(p: Policy) -> ClockPolicy:
    return ClockPolicy(
        start=render(p.start),
        stop=render(p.stop),
        pause=None if p.pause is None else render(p.pause),
        reset=None if p.reset is None else render(p.reset),
        cancel=None if p.cancel is None else render(p.cancel),
        renew=None if p.renew is None else render(p.renew),
        reopen="resume" if p.resume else "new-cycle",
        on_priority_change="restart" if p.restart else "keep",
        events=EVENTS,
    )


@st.composite
def tickets(draw: st.DrawFn, created: int) -> tuple[dict[str, str], list[tuple[int, str, str]]]:
    initial = {
        "status": draw(st.sampled_from(STATUSES)),
        "priority": draw(st.sampled_from(PRIORITIES)),
        "service": "svc",
        "customer": "C",
    }
    group = draw(st.sampled_from(GROUPS))
    if group:
        initial["group"] = group
    # offsets from a small pool make same-minute changes common
    pool = draw(st.lists(st.integers(0, 3 * 1440), min_size=1, max_size=6))
    changes = draw(
        st.lists(
            st.tuples(
                st.sampled_from(pool),
                st.sampled_from(("status", "status", "status", "group", "priority", "comment")),
                st.integers(0, 5),
            ),
            max_size=14,
        )
    )
    out = [(created + off, f, VALUES[f][k % len(VALUES[f])]) for off, f, k in changes]
    return initial, out


Versions = list[tuple[int, dict[str, int]]]  # (effective minute, targets), rising


def _catalogue(
    cal: sc.Calendar,
    sla_t: dict[str, int],
    ola_t: dict[str, int],
    uc_t: dict[str, int],
    versions: dict[str, Versions] | None = None,
) -> sc.Catalogue:
    def table(t: dict[str, int]) -> Any:
        return sc.target_table(cal, {p: {"resolution": timedelta(minutes=m)} for p, m in t.items()})

    def later(kind: str) -> list[AgreementVersion]:
        return [
            AgreementVersion(instant(m, cal.tz), table(t))
            for m, t in (versions or {}).get(kind, [])
        ]

    return sc.Catalogue(
        services=[sc.Service("svc", "Service")],
        slas=[
            sc.SLA(
                id="s",
                service="svc",
                customer="C",
                calendar=cal,
                targets=table(sla_t),
                versions=later("sla"),
            )
        ],
        olas=[
            sc.OLA(
                id="o",
                team="TA",
                calendar=cal,
                supports=["s"],
                targets=table(ola_t),
                versions=later("ola"),
            )
        ],
        ucs=[
            sc.UC(
                id="u",
                supplier="Sup",
                calendar=cal,
                supports=["s"],
                targets=table(uc_t),
                versions=later("uc"),
            )
        ],
    )


def _in_force(base: dict[str, int], versions: Versions, minute: int) -> tuple[dict[str, int], int]:
    """The twin's reading of effective dates: the last version whose minute is at or
    before ``minute`` (its number, counting the agreement's own targets as 0)."""
    found, number = base, 0
    for k, (m, t) in enumerate(versions, 1):
        if m <= minute:
            found, number = t, k
    return found, number


def _party(state: dict[str, str]) -> str:
    if state.get("status") == "Pending":
        return "customer"
    if state.get("status") == "Hold":
        return "supplier:Sup"
    g = state.get("group")
    if not g:
        return "unassigned"
    return "team:TA" if g in TEAM_A else f"group:{g}"


def _state_at(
    initial: dict[str, str], changes: list[tuple[int, str, str]], minute: int
) -> dict[str, str]:
    s = {k: v for k, v in initial.items() if k not in EVENTS}
    for m, f, v in sorted(changes, key=lambda c: c[0]):  # stably: a minute keeps order
        if m <= minute and f not in EVENTS:
            s[f] = v
    return s


@settings(max_examples=examples(300))
@given(st.data())
def test_evaluate_matches_brute_force(data: st.DataObject) -> None:
    _compare(data, versioned=False)


@settings(max_examples=examples(150))
@given(st.data())
def test_versioned_evaluate_matches_brute_force(data: st.DataObject) -> None:
    """Random effective-dated versions (around the ticket's life) and a random
    ``version`` mode: in force at each cycle's start, the latest, or at an instant."""
    _compare(data, versioned=True)


def _compare(data: st.DataObject, *, versioned: bool) -> None:
    scn = data.draw(scenarios())
    pair = data.draw(calendars(scn, algebra=False))
    oracle = Oracle(pair.desc, scn.lo, scn.hi)
    created = data.draw(minutes(scn))
    initial, changes = data.draw(tickets(created))
    as_of = created + data.draw(st.integers(0, 4 * 1440))
    kinds = {k: data.draw(policies(held=k != "sla")) for k in ("sla", "ola", "uc")}
    targets = {
        k: {p: data.draw(st.sampled_from((0, 1, 30, 60, 240, 600, 1500))) for p in PRIORITIES}
        for k in kinds
    }
    versions: dict[str, Versions] = {}
    mode: Any = "in-force"
    if versioned:
        # cuts at the ticket's own instants (a cycle starting where a version does) are common
        moments = [created, *(m for m, _, _ in changes)]
        near = st.sampled_from(moments) | st.integers(created - 1440, as_of + 1440)
        for k in kinds:
            cuts = data.draw(st.lists(near, max_size=3, unique=True))
            versions[k] = [
                (m, {p: data.draw(st.sampled_from((0, 1, 30, 60, 240, 600))) for p in PRIORITIES})
                for m in sorted(cuts)
            ]
        mode = data.draw(
            st.sampled_from(("in-force", "latest")) | near.map(lambda m: instant(m, UTC))
        )
    cal = pair.cal
    cat = _catalogue(cal, targets["sla"], targets["ola"], targets["uc"], versions)
    rules = ActivityRules(
        policies={(k, "resolution"): engine_policy(p) for k, p in kinds.items()},
        teams={"TA": TEAM_A},
        suppliers={"u": 'status == "Hold"'},
        customer_pending='status == "Pending"',
        assignment_field="group",
    )
    zone = pair.cal.tz
    activity = Activity.of(
        "T", instant(created, zone), initial, [(instant(m, zone), f, v) for m, f, v in changes]
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        got = evaluate(activity, cat, as_of=instant(as_of, zone), rules=rules, version=mode)

    def covered(x: int) -> bool:
        return oracle.is_open(x)

    helds = {
        "sla": lambda s: False,
        "ola": lambda s: s.get("group") in TEAM_A,
        "uc": lambda s: s.get("status") == "Hold",
    }
    expected: dict[str, list[Any]] = {}
    for kind, policy in kinds.items():
        cycles = walk(created, initial, changes, as_of, policy, helds[kind])
        judged = []
        for c in cycles:
            ladder = versions.get(kind, [])
            at = (
                c.start
                if mode == "in-force"
                else as_of + 10**9
                if mode == "latest"
                else minute_of(mode)
            )
            in_force, number = _in_force(targets[kind], ladder, at)
            try:
                j = judge(
                    c,
                    as_of,
                    covered,
                    oracle.add,
                    in_force,
                    policy.restart,
                    lambda x: _party(_state_at(initial, changes, x)),
                )
            except AssertionError:
                assume(False)
            judged.append((j, None if number == 0 else ladder[number - 1][0]))
        expected[kind.upper()] = judged
    ola_breached = any(j.breached for j, _ in expected["OLA"])
    for kind, judged in expected.items():
        mine = [o for o in got if o.kind == kind]
        assert len(mine) == len(judged), (kind, mine, judged)
        for o, (j, since) in zip(mine, judged, strict=True):
            assert (None if o.version_from is None else minute_of(o.version_from)) == since
            assert str(o.state) == j.how, (kind, o, j)
            assert minute_of(o.start) == j.start
            assert minute_of(o.end) == j.end
            assert o.closed == j.closed
            assert o.priority == j.priority
            assert o.elapsed == timedelta(minutes=j.elapsed)
            assert o.paused == timedelta(minutes=j.paused)
            assert (None if o.deadline is None else minute_of(o.deadline)) == j.deadline, (o, j)
            assert (o.breach is not None) == j.breached
            if kind == "SLA":
                assert {p: t for p, t in o.attribution} == {
                    p: timedelta(minutes=n) for p, n in j.shares.items()
                }
                assert sum((t for _, t in o.attribution), timedelta(0)) == o.elapsed
                if j.breached:
                    who = j.breach_party or ""
                    want = (
                        "third party"
                        if who.startswith("supplier:")
                        else "staffing"
                        if who == "team:TA" and ola_breached
                        else "process"
                    )
                    assert o.category == want
            if o.state is not CycleState.CANCELLED:
                rec = o.record()
                assert rec.timer(o.target, o.calendar).elapsed(o.end) == o.elapsed
            COMPARISONS[f"activity {kind} cycle"] += 1
    COMPARISONS["activity ticket"] += 1


@settings(max_examples=examples(100))
@given(st.data())
def test_versions_with_the_same_targets_change_nothing(data: st.DataObject) -> None:
    """Versions whose targets equal the agreement's own give exactly the unversioned
    outcomes, in every ``version`` mode (only ``version_from`` says which judged)."""
    scn = data.draw(scenarios())
    pair = data.draw(calendars(scn, algebra=False))
    created = data.draw(minutes(scn))
    initial, changes = data.draw(tickets(created))
    as_of = created + data.draw(st.integers(0, 4 * 1440))
    kinds = {k: data.draw(policies(held=k != "sla")) for k in ("sla", "ola", "uc")}
    t = {p: data.draw(st.sampled_from((0, 1, 30, 240, 1500))) for p in PRIORITIES}
    moments = [created, *(m for m, _, _ in changes)]
    near = st.sampled_from(moments) | st.integers(created - 1440, as_of + 1440)
    versions = {
        k: [(m, t) for m in sorted(data.draw(st.lists(near, min_size=1, max_size=3, unique=True)))]
        for k in kinds
    }
    mode = data.draw(st.sampled_from(("in-force", "latest")) | near.map(lambda m: instant(m, UTC)))
    rules = ActivityRules(
        policies={(k, "resolution"): engine_policy(p) for k, p in kinds.items()},
        teams={"TA": TEAM_A},
        suppliers={"u": 'status == "Hold"'},
        customer_pending='status == "Pending"',
        assignment_field="group",
    )
    zone = pair.cal.tz
    activity = Activity.of(
        "T", instant(created, zone), initial, [(instant(m, zone), f, v) for m, f, v in changes]
    )
    plain = _catalogue(pair.cal, t, t, t)
    versioned = _catalogue(pair.cal, t, t, t, versions)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        want = evaluate(activity, plain, as_of=instant(as_of, zone), rules=rules)
        got = evaluate(activity, versioned, as_of=instant(as_of, zone), rules=rules, version=mode)
    assert [attrs.evolve(o, version_from=None) for o in got] == list(want)
    assert all(o.version_from is None for o in want)
    COMPARISONS["activity versions identical"] += len(got)
