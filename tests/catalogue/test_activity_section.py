"""The catalogue's ``[activity]`` section: read into ActivityRules, every problem by key path."""

from __future__ import annotations

import json
import os
import warnings
from datetime import UTC, datetime, timedelta
from pathlib import Path

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import slacalc as sc
from slacalc.activity import (
    Activity,
    ActivityRules,
    ActivityWarning,
    ClockPolicy,
    default_policy,
    evaluate,
    read_activity,
)

EXAMPLES = Path(__file__).parent.parent.parent / "examples"

#: The mappings examples/activity.csv is generated for (examples/gen_activity.py).
EXAMPLE_RULES = ActivityRules(
    teams={
        "IT Service Desk": ["Service Desk"],
        "Infrastructure & Cloud": ["Infrastructure"],
        "Business Applications": ["Applications"],
        "Network & Security": ["Network"],
    },
    suppliers={
        "cloudcrm": 'assignment_group == "CloudCRM"',
        "nimbus": 'assignment_group == "Nimbus"',
        "rheinwerk": 'assignment_group == "Rheinwerk"',
    },
)

BASE = """
[calendars.uk]
tz = "Europe/London"
hours = { mon-fri = "09:00-17:00" }
[calendars.late]
tz = "Europe/London"
hours = { mon-fri = "09:00-20:00" }
[services.email]
[sla.email-fin]
service = "email"
customer = "Finance"
calendar = "uk"
targets.P1 = { response = "30m", resolution = "4h" }
[ola.infra]
team = "Infrastructure"
calendar = "uk"
supports = ["email-fin"]
targets.P1 = { resolution = "2h" }
[uc.mailhost]
supplier = "MailHost"
calendar = "uk"
supports = ["email-fin"]
targets.P1 = { resolution = "3h" }
"""

T0 = datetime(2026, 3, 2, 9, tzinfo=UTC)  # Monday 09:00 in London (GMT)


def h(hours: float) -> datetime:
    return T0 + timedelta(hours=hours)


def _evaluate(a: object, cat: sc.Catalogue, **kw: object) -> list[object]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ActivityWarning)
        return list(evaluate(a, cat, as_of=h(24 * 7), **kw))  # type: ignore[arg-type]


def _problems(text: str, top: str = "") -> list[tuple[str, str]]:
    with pytest.raises(sc.CatalogueError) as info:
        sc.loads(top + BASE + text)
    return list(info.value.problems)


# --- the example ---------------------------------------------------------------------------


def test_the_example_section_gives_the_same_outcomes_as_the_python_rules() -> None:
    cat = sc.load(EXAMPLES / "catalogue.toml")
    rules = cat.activity
    assert isinstance(rules, ActivityRules)
    assert rules.teams == EXAMPLE_RULES.teams
    assert {k: v.text for k, v in rules.suppliers.items()} == {
        k: v.text for k, v in EXAMPLE_RULES.suppliers.items()
    }
    log = read_activity(EXAMPLES / "activity.csv")
    as_of = datetime(2026, 10, 15, tzinfo=UTC)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ActivityWarning)
        from_toml = evaluate(log, cat, as_of=as_of)  # the catalogue's rules, no Python
        from_python = evaluate(log, cat, as_of=as_of, rules=EXAMPLE_RULES)
    assert len(from_toml) > 10_000
    assert from_toml == from_python
    # and they are the planted story: erp-finance P2 breaches went to Nimbus
    nimbus = "supplier:" + cat.agreement("nimbus").party
    erp = [
        r
        for r in from_toml
        if (r.agreement, r.metric, r.priority, r.state)
        == ("erp-finance", "resolution", "P2", "breached")
    ]
    assert len(erp) >= 50
    assert all(
        r.category == "third party" and dict(r.attribution)[nimbus] > timedelta(0) for r in erp
    )


def test_the_example_chain_gaps_do_not_change() -> None:
    cat = sc.load(EXAMPLES / "catalogue.toml")
    findings = sc.find_gaps(cat, as_of=datetime(2026, 11, 29).date())
    assert len(findings) == 14


# --- a small catalogue, by hand --------------------------------------------------------------


GOOD = """
[activity]
fields = { assignment = "group" }
customer_pending = 'status == "Pending customer"'
[activity.teams]
Infrastructure = ["Infra"]
[activity.suppliers]
mailhost = 'status == "Awaiting supplier"'
[activity.calendars]
Finance = "late"
[activity.policies.sla.resolution]
pause = 'status in ["Pending customer"]'
[activity.policies.ola.resolution]
reopen = "resume"
[activity.policies.infra.resolution]
on_priority_change = "restart"
"""


def test_every_key_reaches_the_rules() -> None:
    rules = sc.loads(BASE + GOOD).activity
    assert rules is not None
    assert rules.assignment_field == "group" and rules.status_field == "status"
    assert rules.team_of("Infra") == "Infrastructure"
    assert rules.suppliers["mailhost"].text == 'status == "Awaiting supplier"'
    assert rules.calendars["Finance"].elapsed(h(0), h(24)) == timedelta(hours=11)  # 09-20
    sla = rules.policy("sla", "email-fin", "resolution")
    assert sla is not None and sla.pause is not None
    assert sla.pause.text == 'status in ["Pending customer"]'
    builtin = default_policy("sla", "resolution")
    assert builtin is not None
    assert (sla.stop.text, sla.reopen) == (builtin.stop.text, "new-cycle")  # the rest built in
    # an agreement's own policy takes its kind's as the base
    infra = rules.policy("ola", "infra", "resolution")
    assert infra is not None and (infra.reopen, infra.on_priority_change) == ("resume", "restart")
    other = rules.policy("ola", "other", "resolution")
    assert other is not None and (other.reopen, other.on_priority_change) == ("resume", "keep")


def test_a_customer_calendar_and_a_renamed_field_drive_the_clock() -> None:
    """Raised 16:00 Monday, resolved 10:00 Tuesday. On the Finance calendar (09:00-20:00)
    that is 4h Monday + 1h Tuesday = 5h, past the 4h target (breached at 20:00 Monday);
    on the SLA's own 09:00-17:00 it would be 1h + 1h = 2h, met."""
    cat = sc.loads(BASE + GOOD)
    a = Activity.of(
        "INC-1",
        h(7),
        {"service": "email", "customer": "Finance", "priority": "P1", "group": "Infra"},
        [(h(25), "status", "Resolved")],
    )
    [res] = [o for o in _evaluate(a, cat) if o.kind == "SLA" and o.metric == "resolution"]  # type: ignore[attr-defined]
    assert (res.state, res.elapsed, res.breach) == ("breached", timedelta(hours=5), h(11))
    assert dict(res.attribution) == {"team:Infrastructure": timedelta(hours=5)}
    plain = sc.loads(BASE)
    [res] = [
        o
        for o in _evaluate(a, plain, rules=ActivityRules(assignment_field="group"))
        if o.kind == "SLA" and o.metric == "resolution"
    ]  # type: ignore[attr-defined]
    assert (res.state, res.elapsed) == ("met", timedelta(hours=2))


def test_the_golden_attribution_case_from_toml_equals_python() -> None:
    """docs/activity.md "Where did the time go?", with the rules read from TOML."""
    text = (
        BASE
        + """
[activity.teams]
Infrastructure = ["Infra"]
[activity.suppliers]
mailhost = 'status == "Awaiting supplier"'
"""
    )
    cat = sc.loads(text)
    a = Activity.of(
        "INC-1",
        T0,
        {"service": "email", "customer": "Finance", "priority": "P1", "status": "New"},
        [
            (h(1), "assignment_group", "Infra"),
            (h(2), "status", "Awaiting supplier"),
            (h(6), "status", "Open"),
            (h(7), "status", "Resolved"),
        ],
    )
    python = ActivityRules(
        teams={"Infrastructure": ["Infra"]}, suppliers={"mailhost": 'status == "Awaiting supplier"'}
    )
    assert _evaluate(a, cat) == _evaluate(a, sc.loads(BASE), rules=python)
    [res] = [o for o in _evaluate(a, cat) if o.kind == "SLA" and o.metric == "resolution"]  # type: ignore[attr-defined]
    assert [(p, t.seconds // 3600) for p, t in res.attribution] == [
        ("unassigned", 1),
        ("team:Infrastructure", 2),
        ("supplier:MailHost", 4),
    ]


def test_empty_conditions_never_hold() -> None:
    rules = sc.loads(
        BASE
        + """
[activity]
customer_pending = ""
[activity.policies.sla.resolution]
pause = ""
cancel = ""
"""
    ).activity
    assert rules is not None and rules.customer_pending is None
    p = rules.policy("sla", "email-fin", "resolution")
    assert p is not None and (p.pause, p.cancel) == (None, None)


def test_renew_and_the_built_in_reply_metrics() -> None:
    text = BASE.replace(
        'response = "30m"', 'response = "30m", next_reply = "1h", periodic_update = "2h"'
    )
    rules = sc.loads(
        text
        + """
[activity.policies.sla.resolution]
renew = 'comment == "public-reply"'
[activity.policies.email-fin.periodic_update]
pause = 'status == "Pending customer"'
"""
    ).activity
    assert rules is not None
    res = rules.policy("sla", "email-fin", "resolution")
    assert res is not None and res.renew is not None
    assert res.renew.text == 'comment == "public-reply"'
    upd = rules.policy("sla", "email-fin", "periodic_update")
    assert upd is not None and upd.renew is not None and upd.pause is not None
    assert upd.renew.text == 'comment == "public-reply"'  # the built-in's, under its own pause
    # the built-in next_reply needs no section; a renew that never parses is a problem
    assert sc.loads(text).agreement("email-fin").defines("P1", "next_reply")
    found = _problems(
        """
[activity.policies.sla.resolution]
renew = 'comment =='
"""
    )
    assert [p for p, _ in found] == ["activity.policies.sla.resolution.renew"]


def test_a_new_metric_needs_its_own_stop() -> None:
    rules = sc.loads(
        BASE.replace('response = "30m"', 'response = "30m", update = "2h"')
        + """
[activity.policies.sla.update]
stop = 'comment == "public-reply"'
"""
    ).activity
    assert rules is not None
    p = rules.policy("sla", "email-fin", "update")
    assert isinstance(p, ClockPolicy) and p.stop.text == 'comment == "public-reply"'
    assert str(p.start) == "created" and p.pause is None


def test_the_section_names_the_policy_modes_the_engine_knows() -> None:
    from slacalc.activity import policy
    from slacalc.catalogue import _activity

    assert _activity.KINDS == policy.KINDS
    assert _activity.REOPEN == policy.REOPEN_MODES
    assert _activity.RETARGET == policy.RETARGET_MODES
    assert set(_activity.POLICY) == {f.name for f in attrs.fields(ClockPolicy)}
    assert {f"{k}_field" for k in _activity.FIELDS} <= {f.name for f in attrs.fields(ActivityRules)}


def test_no_section_leaves_activity_unset() -> None:
    assert sc.loads(BASE).activity is None


# --- every problem, with its key path ------------------------------------------------------


def test_every_problem_of_the_section_at_once() -> None:
    problems = _problems(
        """
[activity]
fields = { assignment = "group", colour = "x", status = 3, cause = "" }
known_fields = ["status", "priority", "comment"]
customer_pending = 'status changed'
bogus = 1
[activity.teams]
Infrastucture = ["Infra"]
Other = ["Infra", "Other L2"]
[activity.suppliers]
mailhst = 'status == "Awaiting supplier"'
mailhost = 'status == Awaiting'
[activity.calendars]
Finanse = "uk"
Finance = "ukk"
HR = 7
[activity.policies.sla.resolutoin]
stop = 'status == "Resolved"'
[activity.policies.sla.response]
stop = 'held'
pause = 'comment == "x"'
[activity.policies.nope.resolution]
stop = 'state == "x"'
[activity.policies.infra.resolution]
reopen = "again"
on_priority_change = 1
colour = "x"
events = "comment"
[activity.policies.ola.update]
start = "held"
[activity.policies.uc]
response = "fast"
"""
    )
    expected = [
        ("activity.bogus", "unknown key; expected fields, known_fields"),
        ("activity.fields.colour", "unknown key; expected service, customer"),
        ("activity.fields.status", "expected a string, found an integer 3"),
        ("activity.fields.cause", "expected a field name, found ''"),
        ("activity.customer_pending", "'status changed': a state is needed here"),
        ("activity.teams.Other[0]", "group 'Infra' is already 'Infrastucture''s"),
        ("activity.suppliers.mailhost", "'status == Awaiting' at 10: expected a quoted string"),
        ("activity.calendars.Finance", "unknown calendar 'ukk' (did you mean 'uk'?)"),
        ("activity.calendars.HR", "expected a string, found an integer 7"),
        ("activity.policies.sla.response.stop", "'held': 'held' names an OLA's team"),
        ("activity.policies.sla.response.pause", "'comment == \"x\"': a pause is a state"),
        ("activity.policies.ola.update.stop", "missing: no built-in 'update' policy for OLAs"),
        ("activity.policies.uc.response", "expected a table, found a string"),
        (
            "activity.policies.nope.resolution.stop",
            "'state == \"x\"' at 0: unknown field 'state' (did you mean 'status'?)",
        ),
        ("activity.policies.infra.resolution.colour", "unknown key; expected start, stop"),
        ("activity.policies.infra.resolution.reopen", "expected one of 'new-cycle', 'resume'"),
        ("activity.policies.infra.resolution.on_priority_change", "expected one of 'keep'"),
        # the references, checked by the catalogue (a broken entry still counts)
        ("activity.teams.Infrastucture", "unknown team 'Infrastucture' (did you mean"),
        ("activity.teams.Other", "unknown team 'Other' (known: 'Infrastructure')"),
        ("activity.suppliers.mailhst", "unknown UC 'mailhst' (did you mean 'mailhost'?)"),
        ("activity.calendars.Finanse", "unknown customer 'Finanse' (did you mean 'Finance'?)"),
        ("activity.policies.sla.resolutoin", "no SLA sets a 'resolutoin' target"),
        ("activity.policies.ola.update", "no OLA sets a 'update' target (metrics: 'resolution')"),
        ("activity.policies.nope", "unknown agreement (or kind) 'nope'"),
    ]
    assert len(problems) == len(expected), problems
    for (path, message), (want_path, want) in zip(problems, expected, strict=True):
        assert path == want_path and want in message, (path, message)


def test_events_as_one_string_is_a_list_of_one() -> None:
    rules = sc.loads(
        BASE + '[activity.policies.sla.response]\nevents = "note"\nstop = \'note == "sent"\'\n'
    ).activity
    assert rules is not None
    p = rules.policy("sla", "x", "response")
    assert p is not None and p.events == ("note",)


def test_an_empty_event_name_is_a_problem() -> None:
    assert _problems('[activity.policies.sla.response]\nevents = ["comment", " "]\n') == [
        ("activity.policies.sla.response.events[1]", "expected a field name, found ' '")
    ]


def test_known_fields_hold_the_built_in_conditions_too() -> None:
    problems = _problems(
        """
[activity]
known_fields = ["state"]
[activity.policies.sla.resolution]
pause = 'state == "Waiting"'
"""
    )
    assert problems == [
        (
            "activity.policies.sla.resolution",
            "the conditions it keeps from the built-in policy (start, stop, reset, cancel) "
            "name field(s) 'status' that known_fields does not declare: declare them, "
            "or write those conditions here",
        )
    ]


def test_a_section_of_the_wrong_type() -> None:
    assert _problems("", 'activity = "yes"\n') == [("activity", "expected a table, found a string")]
    assert _problems('[activity]\nteams = []\nknown_fields = ["x", 4]\n') == [
        ("activity.known_fields[1]", "expected a string, found an integer"),
        ("activity.teams", "expected a table, found an array"),
    ]


def test_a_broken_calendar_is_reported_once() -> None:
    problems = _problems(
        """
[calendars.broken]
tz = "Mars/Olympus"
hours = { mon-fri = "09:00-17:00" }
[activity.calendars]
Finance = "broken"
"""
    )
    assert [p for p, _ in problems] == ["calendars.broken.tz"]


# --- a Catalogue built in Python is held to the same references ----------------------------


def test_python_catalogue_checks_its_activity_rules() -> None:
    base = sc.loads(BASE)
    rules = ActivityRules(
        teams={"Infrastucture": ["Infra"]},
        suppliers={"mailhst": 'status == "x"'},
        policies={("sla", "resolution"): ClockPolicy(stop="held")},
    )
    with pytest.raises(sc.CatalogueError) as info:
        sc.Catalogue(
            calendars=dict(base.calendars),
            services=base.services,
            slas=base.slas,
            olas=base.olas,
            ucs=base.ucs,
            activity=rules,
        )
    assert [p for p, _ in info.value.problems] == [
        "activity.teams.Infrastucture",
        "activity.suppliers.mailhst",
        "activity.policies.sla.resolution.stop",
    ]
    with pytest.raises(sc.CatalogueError, match="activity: 'yes' is not an ActivityRules"):
        sc.Catalogue(activity="yes")  # type: ignore[arg-type]


# --- random sections: only CatalogueError ------------------------------------------------

_KEYS = [
    *("fields", "known_fields", "customer_pending", "teams", "suppliers", "calendars"),
    *("policies", "sla", "ola", "uc", "infra", "mailhost", "email-fin", "resolution"),
    *("response", "start", "stop", "pause", "reset", "cancel", "reopen"),
    *("on_priority_change", "events", "status", "assignment", "Finance", "Infrastructure"),
]
_SCALARS = st.one_of(
    st.sampled_from(
        [
            'status == "Resolved"',
            "held",
            "created",
            "status changed",
            'comment == "x"',
            "(",
            "",
            "resume",
            "keep",
            "uk",
            "late",
            "always",
            "Infra",
        ]
    ),
    st.text(max_size=12),
    st.integers(-3, 3),
    st.booleans(),
)
_VALUES = st.recursive(
    _SCALARS,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.sampled_from(_KEYS), inner, max_size=4)
    ),
    max_leaves=20,
)


def _toml(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return json.dumps(value)
    if isinstance(value, list):
        return "[" + ", ".join(_toml(v) for v in value) + "]"
    assert isinstance(value, dict)
    return "{" + ", ".join(f"{json.dumps(k)} = {_toml(v)}" for k, v in value.items()) + "}"


@settings(max_examples=int(os.environ.get("SLACALC_FUZZ", "200")), deadline=None)
@given(st.dictionaries(st.sampled_from(_KEYS), _VALUES, max_size=6))
def test_random_sections_fail_only_as_catalogue_errors(section: dict[str, object]) -> None:
    text = "activity = " + _toml(section) + "\n" + BASE
    try:
        cat = sc.loads(text)
    except sc.CatalogueError as error:
        assert error.problems
        assert all(isinstance(p, str) and m for p, m in error.problems)
    else:
        assert isinstance(cat.activity, ActivityRules)


# --- random rules: TOML and Python give the same outcomes ----------------------------------

_STATE = [
    'status == "Pending"',
    'status in ["Pending", "Hold"]',
    'group != "A1"',
    'not status == "Open"',
    'priority == "P1" and status == "Hold"',
]
_EVENT = [
    "created",
    "status changed",
    'status changed to ["Resolved"]',
    'comment == "reply"',
    'status in ["Resolved", "Closed"]',
    'comment == "reply" or status == "Closed"',
    "priority changed",
]
_HELD = ["held", 'not held or status == "Resolved"', "held and status changed"]
_ROUND_TRIP = """
[calendars.uk]
tz = "Europe/London"
hours = { mon-fri = "09:00-17:00" }
[services.svc]
[sla.s]
service = "svc"
customer = "C"
calendar = "uk"
targets.P1 = { resolution = "2h" }
targets.P2 = { resolution = "6h" }
[ola.o]
team = "TA"
calendar = "uk"
supports = ["s"]
targets.P1 = { resolution = "1h" }
targets.P2 = { resolution = "3h" }
[uc.u]
supplier = "Sup"
calendar = "uk"
supports = ["s"]
targets.P1 = { resolution = "90m" }
targets.P2 = { resolution = "4h" }
"""
_ACTIVITY_HEAD = """
[activity]
fields = { assignment = "group" }
customer_pending = 'status == "Pending"'
[activity.teams]
TA = ["A1", "A2"]
[activity.suppliers]
u = 'status == "Hold"'
"""


@st.composite
def _policy_keys(draw: st.DrawFn, kind: str) -> dict[str, str]:
    """Some of a policy's keys, as the TOML file gives them."""
    events = _EVENT + _STATE + (_HELD if kind != "sla" else [])
    pools = {
        "start": events,
        "stop": events,
        "pause": ["", *_STATE],
        "reset": ["", *events],
        "cancel": ["", *events],
        "renew": ["", "status changed", 'comment == "reply" or status == "Closed"'],
        "reopen": ["new-cycle", "resume"],
        "on_priority_change": ["keep", "restart"],
    }
    keys = draw(st.lists(st.sampled_from(sorted(pools)), unique=True, max_size=4))
    return {k: draw(st.sampled_from(pools[k])) for k in keys}


def _merged(base: ClockPolicy, keys: dict[str, str]) -> ClockPolicy:
    """The documented rule: the keys given, over the base policy."""
    given: dict[str, object] = {k: (v or None) for k, v in keys.items()}
    return attrs.evolve(base, **given)


@st.composite
def _activity(draw: st.DrawFn, n: int) -> Activity:
    t0 = datetime(2026, 3, 2, 8, tzinfo=UTC) + timedelta(minutes=draw(st.integers(0, 600)))
    initial = {
        "service": "svc",
        "customer": "C",
        "priority": draw(st.sampled_from(["P1", "P2"])),
        "status": draw(st.sampled_from(["New", "Open"])),
    }
    if draw(st.booleans()):
        initial["group"] = draw(st.sampled_from(["A1", "A2", "B1"]))
    values = {
        "status": ["Open", "Pending", "Hold", "Resolved", "Closed", "Cancelled"],
        "group": ["A1", "A2", "B1"],
        "priority": ["P1", "P2"],
        "comment": ["reply", "note"],
    }
    changes = [
        (t0 + timedelta(minutes=m), f, draw(st.sampled_from(values[f])))
        for m, f in draw(
            st.lists(st.tuples(st.integers(0, 3000), st.sampled_from(sorted(values))), max_size=10)
        )
    ]
    return Activity.of(f"T{n}", t0, initial, changes)


@settings(max_examples=int(os.environ.get("SLACALC_FUZZ", "100")), deadline=None)
@given(st.data())
def test_random_rules_give_the_same_outcomes_from_toml_and_python(data: st.DataObject) -> None:
    toml = _ACTIVITY_HEAD
    python: dict[tuple[str, str], ClockPolicy] = {}
    for kind, agreement in (("sla", "s"), ("ola", "o"), ("uc", "u")):
        builtin = default_policy(kind, "resolution")
        assert builtin is not None
        base = builtin
        for who in (kind, agreement):
            if not data.draw(st.booleans()):
                continue
            keys = data.draw(_policy_keys(kind))
            toml += f"[activity.policies.{who}.resolution]\n"
            toml += "".join(f"{k} = {json.dumps(v)}\n" for k, v in keys.items())
            python[(who, "resolution")] = _merged(base, keys)
            if who == kind:
                base = python[(who, "resolution")]
    from_toml = sc.loads(_ROUND_TRIP + toml)
    plain = sc.loads(_ROUND_TRIP)
    rules = ActivityRules(
        policies=python,
        teams={"TA": ["A1", "A2"]},
        suppliers={"u": 'status == "Hold"'},
        customer_pending='status == "Pending"',
        assignment_field="group",
    )
    log = [data.draw(_activity(i)) for i in range(3)]
    as_of = datetime(2026, 3, 5, 12, tzinfo=UTC)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ActivityWarning)
        assert evaluate(log, from_toml, as_of=as_of) == evaluate(
            log, plain, as_of=as_of, rules=rules
        )


def test_a_renew_over_a_state_is_a_problem_at_its_key() -> None:
    found = _problems(
        """
[activity.policies.sla.resolution]
renew = 'status == "In progress"'
"""
    )
    assert [p for p, _ in found] == ["activity.policies.sla.resolution.renew"]
    assert "a renew is an event" in found[0][1]


def test_a_policy_key_written_where_a_metric_goes_says_so() -> None:
    found = _problems(
        """
[activity.policies.sla]
renew = 'comment == "public-reply"'
"""
    )
    assert [p for p, _ in found] == ["activity.policies.sla.renew"]
    assert "'renew' is a policy key: it belongs under a metric" in found[0][1]
