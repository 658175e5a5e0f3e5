"""evaluate: properties from the issue, bad input, and the bridge to measurement."""

from __future__ import annotations

import random
import warnings
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import slacalc as sc
from slacalc.activity import (
    Activity,
    ActivityLog,
    ActivityRules,
    ActivityWarning,
    ClockPolicy,
    ConditionError,
    CycleState,
    board,
    evaluate,
    parse_condition,
    read_activity,
    time_in_status,
    to_outcomes,
)
from slacalc.activity.conditions import MAX_ATOMS, MAX_DEPTH, MAX_LENGTH
from slacalc.measure import RecordError, assess, breaches_by_category, compliance
from strategies import examples

LONDON = "Europe/London"
UK = sc.Calendar.weekly({"mon-fri": "09:00-17:00"}, tz=LONDON)
T0 = datetime(2026, 3, 2, 9, tzinfo=UTC)  # Monday 09:00 GMT


def h(n: float) -> datetime:
    return T0 + timedelta(hours=n)


def catalogue(cal: sc.Calendar = UK, **extra: Any) -> sc.Catalogue:
    def table(resp: str, res: str) -> Any:
        return sc.target_table(
            cal,
            {
                "P1": {"response": "30m", "resolution": res},
                "P3": {"response": resp, "resolution": "16h"},
            },
        )

    return sc.Catalogue(
        calendars={"uk": cal},
        priorities=sc.PriorityMatrix.itil(),
        services=[sc.Service("email", "Email")],
        slas=[
            sc.SLA(
                id="email-fin",
                service="email",
                customer="Finance",
                calendar=cal,
                targets=table("4h", "4h"),
            )
        ],
        olas=[
            sc.OLA(
                id="infra",
                team="Infrastructure",
                calendar=cal,
                supports=["email-fin"],
                targets=table("1h", "2h"),
            )
        ],
        ucs=[
            sc.UC(
                id="mailhost",
                supplier="MailHost",
                calendar=cal,
                supports=["email-fin"],
                targets=table("2h", "3h"),
            )
        ],
        **extra,
    )


RULES = ActivityRules(
    teams={"Infrastructure": ["Infra"]},
    suppliers={"mailhost": 'status == "Awaiting supplier"'},
)
BASE = {"service": "email", "customer": "Finance", "priority": "P3", "status": "New"}


def run(
    changes: list[tuple[datetime, str, str]],
    *,
    initial: dict[str, str] | None = None,
    as_of: datetime = T0 + timedelta(days=7),
    rules: ActivityRules = RULES,
    cat: sc.Catalogue | None = None,
) -> list[Any]:
    a = Activity.of("INC-1", T0, initial or BASE, changes)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ActivityWarning)
        return list(evaluate(a, cat or catalogue(), as_of=as_of, rules=rules))


def one(results: list[Any], kind: str = "SLA", metric: str = "resolution", cycle: int = 1) -> Any:
    found = [r for r in results if (r.kind, r.metric, r.cycle) == (kind, metric, cycle)]
    assert len(found) == 1, found
    return found[0]


# ------------------------------------------------------------------ properties


@settings(max_examples=examples(60))
@given(
    st.lists(st.integers(0, 60 * 24 * 6), min_size=0, max_size=6),
    st.integers(1, 60 * 24 * 6),
    st.sampled_from(["P1", "P3"]),
)
def test_no_pause_changes_is_a_timer_without_pauses(noise: list[int], stop: int, prio: str) -> None:
    # changes that touch no pause condition (assignment, comments that are not replies)
    changes = [(T0 + timedelta(minutes=m), "assignment_group", f"G{m % 3}") for m in noise]
    changes.append((T0 + timedelta(minutes=stop), "status", "Resolved"))
    o = one(run(changes, initial={**BASE, "priority": prio}))
    target = catalogue().target("email-fin", prio, "resolution").duration
    timer = sc.Timer(UK, target, T0).stop(T0 + timedelta(minutes=stop))
    assert o.elapsed == timer.elapsed(T0 + timedelta(minutes=stop))
    assert o.deadline == timer.deadline
    assert (o.state is CycleState.MET) == timer.met
    assert o.paused == timedelta(0)


@settings(max_examples=examples(60))
@given(st.lists(st.integers(1, 60 * 24 * 5), min_size=1, max_size=8, unique=True), st.randoms())
def test_shuffling_distinct_time_changes_changes_nothing(
    offsets: list[int], rnd: random.Random
) -> None:
    values = ["Open", "Pending customer", "Awaiting supplier", "On hold", "Resolved", "Open"]
    changes = [
        (T0 + timedelta(minutes=m), "status", values[i % len(values)])
        for i, m in enumerate(sorted(offsets))
    ]
    changes += [(T0 + timedelta(minutes=m + 1), "assignment_group", "Infra") for m in offsets[:2]]
    shuffled = list(changes)
    rnd.shuffle(shuffled)
    assert run(changes) == run(shuffled)
    rows = ["ticket,at,field,value", f"INC-1,{T0.isoformat()},created,"]
    rows += [f"INC-1,{T0.isoformat()},{k},{v}" for k, v in BASE.items()]
    rows += [f"INC-1,{at.isoformat()},{f},{v}" for at, f, v in shuffled]
    log = read_activity(rows)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ActivityWarning)
        assert list(evaluate(log, catalogue(), as_of=h(24 * 7), rules=RULES)) == run(changes)


@settings(max_examples=examples(80))
@given(
    st.lists(
        st.tuples(st.integers(1, 60 * 24 * 4), st.sampled_from(["Open", "Awaiting supplier"])),
        max_size=4,
    ),
    st.integers(1, 60 * 24 * 5),
    st.integers(0, 60 * 24 * 5),
    st.integers(1, 60 * 24),
)
def test_a_pending_interval_never_turns_met_into_breached(
    noise: list[tuple[int, str]], stop: int, begin: int, length: int
) -> None:
    changes = [(T0 + timedelta(minutes=m), "status", v) for m, v in noise if m < stop]
    changes.append((T0 + timedelta(minutes=stop), "status", "Resolved"))
    before = one(run(changes))
    assume_begin = min(begin, stop - 1)
    end = min(assume_begin + length, stop)
    if end <= assume_begin:
        return
    # back to whatever the status was at the end of the interval; at equal instants the
    # original changes come after (so win): the interval only adds pending time
    original = Activity.of("INC-1", T0, BASE, changes)
    back = original.value_at("status", T0 + timedelta(minutes=end)) or "New"
    extra = [
        (T0 + timedelta(minutes=assume_begin), "status", "Pending customer"),
        (T0 + timedelta(minutes=end), "status", back),
    ]
    after = one(run(sorted(extra + changes, key=lambda c: c[0])))
    assert after.elapsed <= before.elapsed
    if before.state is CycleState.MET:
        assert after.state is CycleState.MET


# ------------------------------------------------------------------ rules worked by hand


def test_retarget_keeps_start_and_elapsed_and_takes_new_target() -> None:
    # P3 (16h) raised Monday 09:00; P1 (4h) from 11:00; resolved 14:00: 5 business hours > 4h
    res = run([(h(2), "priority", "P1"), (h(5), "status", "Resolved")])
    o = one(res)
    assert (o.priority, o.target, o.start) == ("P1", timedelta(hours=4), T0)
    assert o.state is CycleState.BREACHED and o.breach == h(4) and o.elapsed == timedelta(hours=5)
    restart = ActivityRules(
        teams=RULES.teams,
        suppliers={"mailhost": 'status == "Awaiting supplier"'},
        policies={
            ("sla", "resolution"): ClockPolicy(
                stop='status in ["Resolved"]', on_priority_change="restart"
            )
        },
    )
    res = run([(h(2), "priority", "P1"), (h(5), "status", "Resolved")], rules=restart)
    first, second = one(res), one(res, cycle=2)
    assert first.state is CycleState.CANCELLED and first.stop == h(2)
    assert (second.start, second.priority, second.state) == (h(2), "P1", CycleState.MET)
    assert second.elapsed == timedelta(hours=3)


def test_impact_and_urgency_give_the_priority() -> None:
    initial = {k: v for k, v in BASE.items() if k != "priority"} | {
        "impact": "high",
        "urgency": "high",
    }
    o = one(run([(h(3), "status", "Resolved")], initial=initial))
    assert o.priority == "P1" and o.state is CycleState.MET


def test_ola_and_uc_clocks_from_ownership_and_attribution() -> None:
    # P1: SLA resolution 4h, OLA 2h, UC 3h, all on Mon-Fri 09:00-17:00 London (GMT in March)
    res = run(
        [
            (h(1), "assignment_group", "Infra"),  # 10:00 Infra holds it
            (h(2), "status", "Awaiting supplier"),  # 11:00 waits on MailHost
            (h(6), "status", "Open"),  # 15:00 back with Infra
            (h(7), "status", "Resolved"),  # 16:00
        ],
        initial=BASE | {"priority": "P1"},
    )
    sla = one(res)
    assert dict(sla.attribution) == {
        "unassigned": timedelta(hours=1),
        "team:Infrastructure": timedelta(hours=2),
        "supplier:MailHost": timedelta(hours=4),
    }
    assert sla.elapsed == timedelta(hours=7) and sla.breach == h(4)  # 13:00, with MailHost
    ola = one(res, "OLA")  # held from 10:00 (the group stays Infra) to the resolution
    assert (ola.start, ola.stop, ola.elapsed, ola.breach) == (h(1), h(7), timedelta(hours=6), h(3))
    uc = one(res, "UC")  # held while the status says so
    assert (uc.start, uc.stop, uc.elapsed, uc.breach) == (h(2), h(6), timedelta(hours=4), h(5))
    assert sla.state is CycleState.BREACHED and sla.category == "third party"
    assert sla.underpinning == ("infra", "mailhost")


def test_explicit_cause_overrides_the_derived_category() -> None:
    res = run(
        [
            (h(2), "status", "Awaiting supplier"),
            (h(6), "cause", "capacity"),
            (h(7), "status", "Resolved"),
        ],
        initial=BASE | {"priority": "P1"},
    )
    assert one(res).category == "capacity"


def test_reopen_new_cycle_and_resume() -> None:
    changes = [(h(2), "status", "Resolved"), (h(4), "status", "Open"), (h(5), "status", "Resolved")]
    res = run(changes)
    assert [
        (o.cycle, o.start, o.stop) for o in res if o.kind == "SLA" and o.metric == "resolution"
    ] == [
        (1, T0, h(2)),
        (2, h(4), h(5)),
    ]
    resume = ActivityRules(
        policies={
            ("sla", "resolution"): ClockPolicy(
                stop='status == "Resolved"', reset='status == "Open"', reopen="resume"
            )
        }
    )
    o = one(run(changes, rules=resume))
    assert (o.start, o.stop, o.elapsed, o.paused) == (
        T0,
        h(5),
        timedelta(hours=3),
        timedelta(hours=2),
    )


def test_outcomes_feed_the_measurement_unchanged() -> None:
    cat = catalogue()
    log = ActivityLog(
        [Activity.of(f"INC-{i}", T0, BASE, [(h(i), "status", "Resolved")]) for i in range(1, 10)]
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ActivityWarning)
        results = evaluate(log, cat, as_of=h(24 * 14), rules=RULES)
    outcomes = to_outcomes(results)
    assert len(outcomes) == 18  # response and resolution for nine tickets
    again = assess([o.record for o in outcomes], cat, as_of=h(24 * 14))
    assert [(o.status, o.elapsed, o.deadline) for o in again] == [
        (o.status, o.elapsed, o.deadline) for o in outcomes
    ]
    resolution, response = compliance(outcomes, by=("metric",))
    assert (resolution.met, resolution.breached) == (9, 0)  # 16h: the last stops at 8h
    assert (response.met, response.breached) == (4, 5)  # 4h: 13:00 is met, 14:00 on breach
    # responses after 4h breach (the P3 response target): tickets 5..9
    cats = breaches_by_category(outcomes)
    assert sum(b.count for b in cats) == 5 and cats[0].name == "process"


def test_time_in_status_sums_to_the_span() -> None:
    a = Activity.of("INC-1", T0, BASE, [(h(1), "status", "Open"), (h(30), "status", "New")])
    got = time_in_status(a, UK, as_of=h(50))
    # Mon 09-10 New; Mon 10:00 to Tue 15:00 Open (7h + 6h); Tue 15:00 to Wed 11:00 New (2h + 2h)
    assert got == {"New": timedelta(hours=1 + 2 + 2), "Open": timedelta(hours=7 + 6)}
    assert sum(got.values(), timedelta(0)) == UK.elapsed(T0, h(50))


def test_board_lists_what_breaches_within_the_hour() -> None:
    log = ActivityLog(
        [
            Activity.of(
                "SOON", T0, BASE | {"priority": "P1"}, [(h(0.25), "comment", "public-reply")]
            ),
            Activity.of("LATER", T0, BASE, [(h(0.25), "comment", "public-reply")]),
        ]
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ActivityWarning)
        rows = board(log, catalogue(), h(3.5), rules=RULES)
    assert [(r.ticket, r.metric) for r in rows] == [("SOON", "email-fin.resolution")]
    assert rows[0].deadline == h(4) and rows[0].next_alert is not None


# ------------------------------------------------------------------ bad input


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('status = "Open"', "at 7: unexpected '=' (compare with ==)"),
        ("status == Open", 'at 10: expected a quoted string (quote it: "Open")'),
        ("status in []", "an empty list matches nothing"),
        ('status in ["a" "b"]', "expected ',' or ']'"),
        ('(status == "a"', "expected ')'"),
        ('status == "a" garbage', "expected and, or, or the end"),
        ('and == "a"', "'and' is a keyword, not a field name"),
        ('== "a"', "expected a field name"),
        ('changed == "a"', "'changed' is a keyword, not a field name"),
        ('status == "open', "unterminated string"),
        ("", "empty condition"),
        ("not " * (MAX_DEPTH + 1) + "created", f"nested more than {MAX_DEPTH} deep"),
        (" or ".join(["created"] * (MAX_ATOMS + 1)), f"more than {MAX_ATOMS} comparisons"),
        ("created or " * (MAX_LENGTH // 10) + "created", f"longer than {MAX_LENGTH} characters"),
    ],
)
def test_conditions_that_never_parse(text: str, message: str) -> None:
    with pytest.raises(ConditionError) as info:
        parse_condition(text, "policies.sla.resolution.stop")
    assert message in str(info.value)
    assert str(info.value).startswith("policies.sla.resolution.stop: ")
    assert isinstance(info.value, ValueError)


@given(
    st.sampled_from(
        [
            'status in ["Pending customer", "On hold"]',
            'not (a == "x" or b != "y\\"q") and c changed to ["1", "2"]',
            "created or held or status changed",
            "comment == 'public-reply'",
        ]
    )
)
def test_conditions_print_back_to_themselves(text: str) -> None:
    c = parse_condition(text)
    assert parse_condition(str(c)).tree == c.tree


def test_policy_errors() -> None:
    with pytest.raises(ConditionError, match="a pause is a state"):
        ClockPolicy(stop="created", pause='comment == "public-reply"')
    with pytest.raises(sc.InvalidValueError, match="reopen"):
        ClockPolicy(stop="created", reopen="again")
    with pytest.raises(ConditionError, match="'held' names an OLA's team"):
        run([], rules=ActivityRules(policies={("sla", "resolution"): ClockPolicy(stop="held")}))
    with pytest.raises(
        ConditionError, match=r"policies\.sla\.resolution\.stop: .*unknown field\(s\) 'state'"
    ):
        ActivityRules(
            policies={("sla", "resolution"): ClockPolicy(stop='state == "Resolved"')},
            known_fields=["status", "priority"],
        )


def test_team_mapped_to_no_ola() -> None:
    with pytest.raises(
        sc.InvalidValueError, match=r"activity.teams.Infrastucture.*the team of an OLA"
    ):
        run([], rules=ActivityRules(teams={"Infrastucture": ["Infra"]}))


def test_unknown_status_is_a_warning_naming_it() -> None:
    a = Activity.of("INC-1", T0, BASE, [(h(1), "status", "Awaiting parts")])
    with pytest.warns(
        ActivityWarning, match=r"status value\(s\) 'Awaiting parts', 'New' are named by no policy"
    ):
        evaluate(a, catalogue(), as_of=h(2), rules=RULES)


def test_tickets_that_cannot_be_judged_are_collected() -> None:
    log = ActivityLog(
        [
            Activity.of("NO-PRIO", T0, {k: v for k, v in BASE.items() if k != "priority"}),
            Activity.of("NO-SLA", T0, BASE | {"customer": "Sales"}),
            Activity.of("OK", T0, BASE),
        ]
    )
    with pytest.raises(RecordError) as info:
        evaluate(log, catalogue(), as_of=h(1), rules=RULES)
    problems = dict(info.value.problems)
    assert set(problems) == {"ticket 'NO-PRIO'", "ticket 'NO-SLA'"}
    assert "'priority'" in problems["ticket 'NO-PRIO'"]
    assert "'Sales'" in problems["ticket 'NO-SLA'"]
    with pytest.raises(sc.NaiveDatetimeError):
        evaluate(log, catalogue(), as_of=datetime(2026, 3, 2, 9))


def _replies_catalogue() -> sc.Catalogue:
    return sc.Catalogue(
        services=[sc.Service("email", "Email")],
        slas=[
            sc.SLA(
                id="email-fin",
                service="email",
                customer="Finance",
                calendar=UK,
                targets=sc.target_table(UK, {"P1": {"next_reply": "2h"}}),
            )
        ],
    )


def test_next_reply_starts_at_each_customer_comment_after_an_answer() -> None:
    # A customer comment answered in the same save at 10:00, another at 10:05 answered
    # at 14:00: the second waited 3h55m against 2h, breached at 12:05; then a comment on
    # the resolved ticket at 15:00 (it reopens it) answered at 15:30.
    base = {"service": "email", "customer": "Finance", "priority": "P1", "status": "New"}
    a = Activity.of(
        "INC-1",
        T0,
        base,
        [
            (h(1), "comment", "customer-reply"),
            (h(1), "comment", "public-reply"),
            (h(1 + 5 / 60), "comment", "customer-reply"),
            (h(5), "comment", "public-reply"),
            (h(5.5), "status", "Resolved"),
            (h(6), "comment", "customer-reply"),
            (h(6), "status", "Open"),
            (h(6.5), "comment", "public-reply"),
        ],
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ActivityWarning)
        out = evaluate(a, _replies_catalogue(), as_of=h(48), rules=ActivityRules())
    got = [(o.cycle, o.state, o.start, o.elapsed, o.breach) for o in out]
    assert got == [
        (1, CycleState.MET, h(1), timedelta(0), None),
        (2, CycleState.BREACHED, h(1 + 5 / 60), timedelta(hours=3, minutes=55), h(3 + 5 / 60)),
        (3, CycleState.MET, h(6), timedelta(minutes=30), None),
    ]


def test_a_renew_must_name_an_event() -> None:
    with pytest.raises(ConditionError, match="a renew is an event"):
        ClockPolicy(stop='status == "Resolved"', renew='status == "In progress"')
    p = ClockPolicy(stop='status == "Resolved"', renew='comment == "public-reply"')
    assert p.renew is not None


def test_unmatched_tickets_are_an_error_naming_them_or_skipped_when_asked() -> None:
    log = ActivityLog(
        [
            Activity.of("VPN-1", T0, BASE | {"service": "vpn"}),
            Activity.of("SALES-1", T0, BASE | {"customer": "Sales"}),
            Activity.of("SALES-2", T0, BASE | {"customer": "Sales"}),
            Activity.of("OK", T0, BASE, [(h(1), "status", "Resolved")]),
        ]
    )
    with pytest.raises(RecordError) as info:
        evaluate(log, catalogue(), as_of=h(2), rules=RULES)
    problems = dict(info.value.problems)
    assert (
        problems["ticket 'VPN-1'"] == "no SLA covers service 'vpn' (services with an SLA: 'email')"
    )
    assert problems["ticket 'SALES-1'"] == (
        "service 'email' has no SLA for customer 'Sales' (its SLAs are for 'Finance')"
    )
    with pytest.warns(ActivityWarning) as caught:
        out = evaluate(log, catalogue(), as_of=h(2), rules=RULES, unmatched="skip")
    assert {o.ticket for o in out} == {"OK"}
    texts = [str(w.message) for w in caught]
    assert any("service 'email' for customer 'Sales'" in t and "(2 times)" in t for t in texts)
    assert any("service 'vpn' for customer 'Finance'" in t for t in texts)
    with pytest.raises(sc.InvalidValueError, match="'error' or 'skip'"):
        evaluate(log, catalogue(), as_of=h(2), rules=RULES, unmatched="ignore")


def test_a_field_no_ticket_has_is_a_warning_naming_it() -> None:
    typo = ActivityRules(policies={("sla", "resolution"): ClockPolicy(stop='stauts == "Resolved"')})
    a = Activity.of(
        "INC-1", T0, BASE, [(h(1), "status", "Resolved"), (h(1), "comment", "public-reply")]
    )
    with pytest.warns(ActivityWarning, match=r"field\(s\) 'stauts' are named by the clock"):
        out = evaluate(a, catalogue(), as_of=h(2), rules=typo)
    # the misspelt stop never holds: the resolution clock is still running
    assert [o.state for o in out if o.metric == "resolution"] == [CycleState.PENDING]
    with warnings.catch_warnings():
        warnings.simplefilter("error", ActivityWarning)
        try:
            evaluate(a, catalogue(), as_of=h(2), rules=RULES)
        except ActivityWarning as w:
            assert "appear in no ticket" not in str(w)


def test_a_ticket_created_without_its_service_says_which() -> None:
    log = ActivityLog(
        [
            Activity.of("EMPTY", T0, BASE | {"service": ""}),
            Activity.of("NONE", T0, {k: v for k, v in BASE.items() if k != "customer"}),
        ]
    )
    with pytest.raises(RecordError) as info:
        evaluate(log, catalogue(), as_of=h(1), rules=RULES)
    problems = dict(info.value.problems)
    assert problems["ticket 'EMPTY'"].startswith("field 'service' is empty at the ticket's")
    assert problems["ticket 'NONE'"].startswith("field 'customer' is not given at the ticket's")
    assert sc.Catalogue().covers("email", "Finance") is False
    assert catalogue().covers("email", "Finance") and not catalogue().covers("email", "Sales")
