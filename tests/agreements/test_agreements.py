"""The agreements model: values, lookups, and the Catalogue's cross-reference checks."""

from __future__ import annotations

import re
from datetime import date, timedelta
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

import slacalc as sc
from slacalc.agreements import OLA, SLA, UC, Chain, FrozenMap, Service, Stage, Target, target_table
from slacalc.agreements.agreements import key_path
from slacalc.catalogue import Catalogue
from slacalc.priority import PriorityMatrix

UK = sc.Calendar.weekly({"mon-fri": "09:00-17:00"}, tz="Europe/London")
ALWAYS = sc.Calendar.always()
H = timedelta(hours=1)


def sla(id: str = "email-finance", **kw: object) -> SLA:
    args: dict[str, object] = {
        "service": "email",
        "customer": "Finance",
        "calendar": UK,
        "targets": target_table(UK, {"P1": {"response": "15m", "resolution": "4h"}}),
    }
    args.update(kw)
    return SLA(id=id, **args)  # type: ignore[arg-type]


def ola(id: str = "desk", **kw: object) -> OLA:
    args: dict[str, object] = {
        "team": "Service Desk",
        "owner": "Priya",
        "calendar": UK,
        "supports": ["email-finance"],
        "targets": target_table(UK, {"P1": {"response": "10m", "resolution": "1h"}}),
    }
    args.update(kw)
    return OLA(id=id, **args)  # type: ignore[arg-type]


def uc(id: str = "mailhost", **kw: object) -> UC:
    args: dict[str, object] = {
        "supplier": "MailHost Inc.",
        "calendar": ALWAYS,
        "supports": ["email-finance"],
        "targets": target_table(ALWAYS, {"P1": {"response": "30m"}}),
    }
    args.update(kw)
    return UC(id=id, **args)  # type: ignore[arg-type]


def catalogue(**kw: object) -> Catalogue:
    args: dict[str, object] = {
        "calendars": {"uk": UK},
        "priorities": PriorityMatrix.itil(),
        "services": [Service("email", "Email", ("Finance", "HR"))],
        "slas": [sla()],
        "olas": [ola()],
        "ucs": [uc()],
        "chains": [Chain("email-finance", "resolution", ["desk.response", "mailhost.response"])],
    }
    args.update(kw)
    return Catalogue(**args)  # type: ignore[arg-type]


def problems(**kw: object) -> list[tuple[str, str]]:
    with pytest.raises(sc.CatalogueError) as info:
        catalogue(**kw)
    return list(info.value.problems)


def paths(**kw: object) -> list[str]:
    return [p for p, _ in problems(**kw)]


# -- values -----------------------------------------------------------------------------


def test_target_is_a_duration_on_a_calendar() -> None:
    t = Target(4 * H, UK)
    assert t.duration == 4 * H and t.calendar is UK
    assert Target(4 * H, UK) == t


@pytest.mark.parametrize(
    ("duration", "calendar", "error"),
    [
        (4, UK, sc.ArgumentTypeError),
        ("4h", UK, sc.ArgumentTypeError),
        (-H, UK, sc.ParseError),
        (H, "uk", sc.ArgumentTypeError),
    ],
)
def test_target_refuses_bad_parts(duration: object, calendar: object, error: type) -> None:
    with pytest.raises(error):
        Target(duration, calendar)  # type: ignore[arg-type]


def test_target_table_reads_text_and_timedeltas() -> None:
    table = target_table(UK, {"P1": {"response": "15m", "resolution": 4 * H}})
    assert table["P1"]["response"] == Target(timedelta(minutes=15), UK)
    assert table["P1"]["resolution"] == Target(4 * H, UK)
    keep = Target(H, ALWAYS)
    assert target_table(UK, {"P1": {"resolution": keep}})["P1"]["resolution"] is keep
    with pytest.raises(sc.ParseError, match=r"P1\.response"):
        target_table(UK, {"P1": {"response": "2d"}})


def test_agreements_are_frozen_hashable_values() -> None:
    a, b = sla(), sla()
    assert a == b and hash(a) == hash(b)
    assert {a: 1}[b] == 1
    with pytest.raises(AttributeError):
        a.customer = "HR"  # type: ignore[misc]


def test_agreement_target_lookup() -> None:
    a = sla(targets=target_table(UK, {"P1": {"response": "15m"}, "P2": {"resolution": "8h"}}))
    assert a.priorities == ("P1", "P2")
    assert a.metrics() == ("response", "resolution")
    assert a.metrics("P2") == ("resolution",)
    assert a.defines("P1", "response") and not a.defines("P1", "resolution")
    assert a.target("P2", "resolution").duration == 8 * H
    assert dict(a.target_row("P1")) == {"response": Target(timedelta(minutes=15), UK)}
    with pytest.raises(sc.UnknownLevelError, match="P4"):
        a.target_row("P4")
    with pytest.raises(sc.UnknownLevelError, match="P3"):
        a.target("P3", "response")
    with pytest.raises(KeyError, match="resolution"):
        a.target("P1", "resolution")


def test_parties_and_kinds() -> None:
    assert (sla().party, sla().kind) == ("Finance", "SLA")
    assert (ola().party, ola().kind) == ("Service Desk", "OLA")
    assert (uc().party, uc().kind) == ("MailHost Inc.", "UC")


def test_ola_owner_may_be_missing() -> None:
    assert ola(owner=None).owner is None


def test_escalation_and_review() -> None:
    a = sla(escalation={"P1": ["Desk lead", "IT Director"]}, reviewed=date(2026, 3, 1))
    assert a.escalation["P1"] == ("Desk lead", "IT Director")
    assert a.reviewed == date(2026, 3, 1)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("id", ""),
        ("id", 5),
        ("calendar", "uk"),
        ("reviewed", "2026-03-01"),
        ("escalation", {"P1": "IT Director"}),
        ("targets", {"P1": {"response": "15m"}}),
        ("targets", ["P1"]),
        ("service", None),
    ],
)
def test_agreement_fields_are_checked(field: str, value: object) -> None:
    with pytest.raises(sc.SlacalcError):
        if field == "id":
            sla(id=value)  # type: ignore[arg-type]
        else:
            sla(**{field: value})  # type: ignore[arg-type]


def test_supports_must_be_a_list_not_a_string() -> None:
    with pytest.raises(sc.ArgumentTypeError):
        ola(supports="email-finance")


def test_stage_parse() -> None:
    assert Stage.parse("service-desk.response") == Stage("service-desk", "response")
    assert Stage.parse("a.b.resolution") == Stage("a.b", "resolution")
    assert str(Stage("mailhost", "response")) == "mailhost.response"
    for bad in ("nodot", ".response", "desk.", "", 5):
        with pytest.raises(sc.ParseError):
            Stage.parse(bad)  # type: ignore[arg-type]


def test_chain_converts_stage_text() -> None:
    chain = Chain("email-finance", "resolution", ["desk.response", Stage("mailhost", "response")])
    assert chain.stages == (Stage("desk", "response"), Stage("mailhost", "response"))
    assert chain.priorities is None
    assert Chain("x", "response", ["d.response"], ["P1"]).priorities == ("P1",)
    with pytest.raises(sc.ArgumentTypeError):
        Chain("x", "response", "d.response")


def test_frozen_map() -> None:
    m = FrozenMap({"b": 1, "a": 2})
    assert list(m) == ["b", "a"] and len(m) == 2 and m["a"] == 2
    assert m == {"a": 2, "b": 1} and hash(m) == hash(FrozenMap({"a": 2, "b": 1}))
    assert "FrozenMap" in repr(m)


def test_key_path_quotes_what_toml_would() -> None:
    assert key_path("sla", "email-finance", "targets", "P1") == "sla.email-finance.targets.P1"
    assert key_path("chains", 2, "stages", 0) == "chains[2].stages[0]"
    assert key_path("head office", under="calendars") == 'calendars."head office"'


# -- the catalogue ----------------------------------------------------------------------


def test_valid_catalogue_and_lookups() -> None:
    cat = catalogue()
    assert cat.agreement("desk").kind == "OLA"
    assert cat.service("email").name == "Email"
    assert cat.target("email-finance", "P1", "resolution").duration == 4 * H
    assert [a.id for a in cat.agreements] == ["email-finance", "desk", "mailhost"]
    assert [a.id for a in cat.supporting("email-finance")] == ["desk", "mailhost"]
    assert [s.id for s in cat.slas_for("email")] == ["email-finance"]
    (chain,) = cat.chains_for("email-finance")
    assert cat.chain_priorities(chain) == ("P1",)
    assert cat.chain_for("email-finance", "P1", "resolution") is chain
    assert cat.chain_for("email-finance", "P1", "response") is None
    assert [t.duration for t in cat.chain_targets(chain, "P1")] == [
        timedelta(minutes=10),
        timedelta(minutes=30),
    ]
    assert [(t.priority, t.metric) for t in cat.sla_targets()] == [
        ("P1", "response"),
        ("P1", "resolution"),
    ]
    assert cat.calendar_name(UK) == "uk"
    assert cat.calendar_name(ALWAYS) is None
    assert cat.levels == ("P1", "P2", "P3", "P4", "P5")
    with pytest.raises(sc.UnknownLevelError, match="nothing"):
        cat.agreement("nothing")
    with pytest.raises(KeyError):
        cat.service("crm")


def test_empty_catalogue_is_valid() -> None:
    cat = Catalogue()
    assert cat.agreements == () and cat.levels is None and cat.chains_for("x") == ()


def test_without_a_matrix_any_priority_label_goes() -> None:
    a = sla(targets=target_table(UK, {"Sev1": {"resolution": "4h"}}))
    cat = catalogue(priorities=None, slas=[a], olas=[], ucs=[], chains=[])
    assert cat.agreement("email-finance").priorities == ("Sev1",)


def test_unknown_service_and_customer() -> None:
    assert problems(slas=[sla(service="emial")]) == [
        ("sla.email-finance.service", "unknown service 'emial' (did you mean 'email'?)")
    ]
    found = problems(slas=[sla(customer="Sales")])
    assert found[0][0] == "sla.email-finance.customer"
    assert "'Finance', 'HR'" in found[0][1]
    # a service without a customer list accepts any customer
    catalogue(services=[Service("email", "Email")], slas=[sla(customer="Sales")])


def test_ids_share_one_namespace() -> None:
    found = problems(ucs=[uc(id="desk")])
    assert ("uc.desk", "id 'desk' is already used by ola.desk") in found
    assert "services.email" in paths(services=[Service("email", "A"), Service("email", "B")])


def test_supports_must_name_slas() -> None:
    found = problems(olas=[ola(supports=["email-finance", "mailhost", "crm-sales"])])
    assert found == [
        ("ola.desk.supports[1]", "'mailhost' is a UC, not an SLA"),
        ("ola.desk.supports[2]", "unknown SLA 'crm-sales' (known: 'email-finance')"),
    ]


def test_unknown_priorities_with_a_matrix() -> None:
    a = sla(
        targets=target_table(UK, {"P1": {"response": "15m"}, "p2": {"response": "30m"}}),
        escalation={"P7": ["Someone"]},
    )
    found = problems(slas=[a], chains=[])
    assert found == [
        ("sla.email-finance.targets.p2", "unknown priority 'p2' (did you mean 'P2'?)"),
        (
            "sla.email-finance.escalation.P7",
            "unknown priority 'P7' (known: 'P1', 'P2', 'P3', 'P4', 'P5')",
        ),
    ]


def test_metric_names_cannot_hold_dots() -> None:
    a = sla(targets=target_table(UK, {"P1": {"first.response": "15m"}}))
    assert paths(slas=[a], chains=[]) == ['sla.email-finance.targets.P1."first.response"']


def test_chain_references() -> None:
    bad = [
        Chain("nope", "resolution", ["desk.response"]),
        Chain("desk", "resolution", ["desk.response"]),
        Chain("email-finance", "uptime", ["desk.response"]),
        Chain(
            "email-finance",
            "resolution",
            ["ghost.response", "email-finance.response", "desk.uptime"],
        ),
        Chain("email-finance", "resolution", []),
    ]
    found = dict(problems(chains=bad))
    assert found["chains[0].sla"] == "unknown SLA 'nope' (known: 'email-finance')"
    assert found["chains[1].sla"] == "'desk' is an OLA, not an SLA"
    assert found["chains[2].metric"].startswith("SLA 'email-finance' sets no 'uptime' target")
    assert found["chains[3].stages[0]"].startswith("unknown agreement 'ghost'")
    assert "is an SLA" in found["chains[3].stages[1]"]
    assert "sets no 'uptime' target" in found["chains[3].stages[2]"]
    assert found["chains[4].stages"] == "a chain needs at least one stage"


def test_stage_agreement_must_support_the_sla() -> None:
    found = problems(ucs=[uc(supports=[])])
    assert found == [
        ("chains[0].stages[1]", "UC 'mailhost' does not list 'email-finance' in supports")
    ]


def test_chain_priorities() -> None:
    desk = ola(targets=target_table(UK, {"P1": {"response": "10m"}, "P2": {"response": "20m"}}))
    two = sla(targets=target_table(UK, {"P1": {"resolution": "4h"}, "P2": {"resolution": "8h"}}))
    mailhost = uc(targets=target_table(ALWAYS, {"P2": {"response": "30m"}}))
    chain = Chain("email-finance", "resolution", ["desk.response", "mailhost.response"])
    cat = catalogue(slas=[two], olas=[desk], ucs=[mailhost], chains=[chain])
    assert cat.chain_priorities(chain) == ("P2",)  # only P2 is defined all along
    # listed priorities must be defined by the SLA and every stage
    listed = Chain("email-finance", "resolution", ["desk.response"], ["P1", "P2", "P3", "P9"])
    found = problems(slas=[two], olas=[desk], ucs=[mailhost], chains=[listed])
    assert [p for p, _ in found] == [
        "chains[0].priorities[2]",
        "chains[0].priorities[3]",
    ]
    assert "unknown priority 'P9'" in found[1][1]
    empty = Chain("email-finance", "resolution", ["desk.response"], [])
    assert paths(slas=[two], olas=[desk], ucs=[mailhost], chains=[empty]) == [
        "chains[0].priorities"
    ]


def test_chain_that_applies_to_nothing() -> None:
    mailhost = uc(targets=target_table(ALWAYS, {"P2": {"response": "30m"}}))
    found = problems(ucs=[mailhost])
    assert found[0][0] == "chains[0]" and "applies to no priority" in found[0][1]


def test_two_chains_for_one_target() -> None:
    twice = [
        Chain("email-finance", "resolution", ["desk.response"]),
        Chain("email-finance", "resolution", ["mailhost.response"]),
    ]
    assert problems(chains=twice) == [
        ("chains[1]", "chains[0] already delivers email-finance P1 resolution")
    ]
    split = [
        Chain("email-finance", "resolution", ["desk.response"], ["P1"]),
        Chain("email-finance", "response", ["mailhost.response"]),
    ]
    assert len(catalogue(chains=split).chains) == 2


def test_every_problem_is_reported_at_once() -> None:
    found = paths(
        services=[],
        olas=[ola(supports=["crm"])],
        chains=[Chain("crm", "resolution", ["desk.response"])],
    )
    assert found == [
        "sla.email-finance.service",
        "ola.desk.supports[0]",
        "chains[0].sla",
    ]


def test_wrong_types_are_problems_not_crashes() -> None:
    found = problems(
        calendars={"uk": "09:00-17:00"},
        priorities="itil",
        services=["email"],
        slas=[ola()],
        chains=["x"],
    )
    assert {"priorities", "calendars.uk", "services[0]", "sla[0]", "chains[0]"} <= {
        p for p, _ in found
    }
    with pytest.raises(sc.ArgumentTypeError):
        Catalogue(slas="email-finance")  # type: ignore[arg-type]


@given(st.lists(st.sampled_from(["P1", "P2", "P3"]), unique=True, min_size=1))
def test_chain_priorities_are_those_all_parties_define(levels: list[str]) -> None:
    """Whatever subset the supplier covers, the chain applies to exactly that subset."""
    full = {p: {"resolution": "8h", "response": "1h"} for p in ("P1", "P2", "P3")}
    mailhost = uc(targets=target_table(ALWAYS, {p: {"response": "30m"} for p in levels}))
    desk = ola(targets=target_table(UK, full))
    chain = Chain("email-finance", "resolution", ["desk.response", "mailhost.response"])
    cat = catalogue(
        slas=[sla(targets=target_table(UK, full))], olas=[desk], ucs=[mailhost], chains=[chain]
    )
    assert set(cat.chain_priorities(chain)) == set(levels)
    for p in ("P1", "P2", "P3"):
        assert (cat.chain_for("email-finance", p, "resolution") is chain) == (p in levels)


@pytest.mark.parametrize(
    ("warnings", "error", "where"),
    [
        (("lots", -3), sc.ArgumentTypeError, "warnings[0]"),
        ((0.5, -3), sc.ParseError, "warnings[1]"),
        ((0.5, 1.5), sc.ParseError, "warnings[1]"),
        ((0.0,), sc.ParseError, "warnings[0]"),
        ((float("nan"),), sc.ParseError, "warnings[0]"),
        ((True,), sc.ArgumentTypeError, "warnings[0]"),
        ("0.5", sc.ArgumentTypeError, "warnings"),
    ],
)
def test_warnings_are_checked_in_the_value(warnings: object, error: type, where: str) -> None:
    with pytest.raises(error, match=rf"^{re.escape(where)}: "):
        sla(warnings=warnings)


def test_good_warnings_are_kept_as_floats() -> None:
    assert sla(warnings=[0.5, 1, Fraction(9, 10)]).warnings == (0.5, 1.0, 0.9)


def test_text_fields_name_themselves() -> None:
    for field, make in [
        ("customer", lambda: sla(customer=3)),
        ("service", lambda: sla(service=None)),
        ("team", lambda: ola(team=1)),
        ("owner", lambda: ola(owner=2)),
        ("supplier", lambda: uc(supplier=b"x")),
        ("name", lambda: Service("email", 7)),  # type: ignore[arg-type]
    ]:
        with pytest.raises(sc.ArgumentTypeError, match=rf"^{field}: "):
            make()
    assert ola(owner=None).owner is None
