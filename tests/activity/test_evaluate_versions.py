"""evaluate with effective-dated agreements: hand-worked cases, what-if modes, bad input.

The calendar is Mon-Fri 09:00-17:00 in London (BST in summer 2026). The SLA's P2
resolution is 8h until 30 June and 4h from 1 July (the version's date is read
at 00:00 in London: 30 June 23:00 UTC). 30 June 2026 is a Tuesday.
"""

from __future__ import annotations

import warnings
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

import slacalc as sc
from slacalc.activity import (
    Activity,
    ActivityLog,
    ActivityRules,
    CycleOutcome,
    CycleState,
    evaluate,
)
from slacalc.agreements import AgreementVersion, target_table
from slacalc.measure import OpenTicket, assess

LON = ZoneInfo("Europe/London")
UK = sc.Calendar.weekly({"mon-fri": "09:00-17:00"}, tz="Europe/London")
H = timedelta(hours=1)
BASE = {"service": "email", "customer": "Finance", "priority": "P2", "status": "New"}
CUT = datetime(2026, 6, 30, 23, tzinfo=UTC)


def at(day: int, hour: int) -> datetime:
    return datetime(2026, 6 if day >= 30 else 7, day, hour, tzinfo=LON)


def catalogue(*, ola_versions: bool = False) -> sc.Catalogue:
    def t(hours: int) -> object:
        return target_table(UK, {"P2": {"resolution": hours * H}})

    return sc.Catalogue(
        services=[sc.Service("email", "Email")],
        slas=[
            sc.SLA(
                id="email-fin",
                service="email",
                customer="Finance",
                calendar=UK,
                targets=t(8),  # type: ignore[arg-type]
                versions=[AgreementVersion(date(2026, 7, 1), t(4))],  # type: ignore[arg-type]
            )
        ],
        olas=[
            sc.OLA(
                id="infra",
                team="Infra",
                calendar=UK,
                supports=["email-fin"],
                targets=t(3),  # type: ignore[arg-type]
                versions=[AgreementVersion(date(2026, 7, 1), t(1))] if ola_versions else [],  # type: ignore[arg-type]
            )
        ],
    )


LOG = ActivityLog(
    [
        # 30 June 09:00-15:00: six business hours, started before the change
        Activity.of("A", at(30, 9), BASE, [(at(30, 15), "status", "Resolved")]),
        # 1 July 09:00-15:00: six business hours, started after it
        Activity.of("B", at(1, 9), BASE, [(at(1, 15), "status", "Resolved")]),
        # 30 June 16:00 to 1 July 14:00: 1h + 5h, started before, resolved after
        Activity.of("C", at(30, 16), BASE, [(at(1, 14), "status", "Resolved")]),
    ]
)


def judged(version: object = "in-force", log: ActivityLog = LOG) -> dict[str, CycleOutcome]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        out = evaluate(log, catalogue(), as_of=at(10, 0), version=version)  # type: ignore[arg-type]
    return {o.ticket: o for o in out if o.kind == "SLA" and o.metric == "resolution"}


def test_each_cycle_by_the_version_in_force_at_its_start() -> None:
    r = judged()
    assert {k: (o.state, o.target // H) for k, o in r.items()} == {
        "A": (CycleState.MET, 8),
        "B": (CycleState.BREACHED, 4),
        "C": (CycleState.MET, 8),  # resolved under the new version, judged by the old
    }
    assert all(o.elapsed == 6 * H for o in r.values())
    assert r["B"].breach == at(1, 13)  # four business hours after 09:00
    assert r["A"].version_from is None and r["C"].version_from is None
    assert r["B"].version_from == CUT


def test_what_if_latest_judges_every_cycle_by_the_new_version() -> None:
    r = judged("latest")
    assert {k: o.state for k, o in r.items()} == {k: CycleState.BREACHED for k in "ABC"}
    assert r["A"].breach == at(30, 13)
    assert r["C"].breach == at(1, 12)  # 16:00-17:00, then 09:00-12:00
    assert all(o.version_from == CUT and o.target == 4 * H for o in r.values())


def test_what_if_at_an_instant_or_a_date() -> None:
    before = judged(date(2026, 6, 1))
    assert {k: (o.state, o.target // H) for k, o in before.items()} == {
        k: (CycleState.MET, 8) for k in "ABC"
    }
    assert judged(CUT - timedelta(microseconds=1))["B"].target == 8 * H
    assert judged(CUT)["A"].target == 4 * H
    assert judged(date(2026, 7, 1))["A"].target == 4 * H


def test_underpinning_agreements_are_versioned_too() -> None:
    # Infra holds B from 09:00 to 11:00 (2h): met against 3h, breached against 1h.
    log = ActivityLog(
        [
            Activity.of(
                "B",
                at(1, 9),
                BASE | {"assignment_group": "infra-team"},
                [(at(1, 11), "assignment_group", "desk"), (at(1, 15), "status", "Resolved")],
            )
        ]
    )
    rules = ActivityRules(teams={"Infra": ["infra-team"]})
    for versioned, want in ((False, CycleState.MET), (True, CycleState.BREACHED)):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            out = evaluate(log, catalogue(ola_versions=versioned), as_of=at(10, 0), rules=rules)
        [ola] = [o for o in out if o.kind == "OLA" and o.metric == "resolution"]
        assert ola.elapsed == 2 * H and ola.state is want
        assert ola.version_from == (CUT if versioned else None)


@pytest.mark.parametrize(
    ("value", "error"),
    [
        ("newest", sc.ParseError),
        ("", sc.ParseError),
        (datetime(2026, 7, 1), sc.NaiveDatetimeError),
        (3, sc.ArgumentTypeError),
        (None, sc.ArgumentTypeError),
    ],
)
def test_bad_version_mode(value: object, error: type[Exception]) -> None:
    with pytest.raises(error, match="version"):
        judged(value)


def test_records_are_assessed_by_the_version_in_force_at_their_start() -> None:
    """assess() on the cycles' records agrees with evaluate's verdicts (and targets)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        cycles = [o for o in evaluate(LOG, catalogue(), as_of=at(10, 0)) if o.kind == "SLA"]
    outcomes = assess([o.record() for o in cycles], catalogue(), as_of=at(10, 0))
    assert [(x.target, str(x.status)) for x in outcomes] == [
        (o.target, str(o.state)) for o in cycles
    ]
    assert sorted({x.target // H for x in outcomes}) == [4, 8]


def test_open_ticket_timers_take_the_version_in_force_when_opened() -> None:
    def timer_hours(opened: datetime) -> int:
        t = OpenTicket(
            ticket="X", service="email", customer="Finance", priority="P2", opened=opened
        ).timers(catalogue())
        return t.timers["resolution"].target // H

    assert timer_hours(at(30, 9)) == 8
    assert timer_hours(at(1, 9)) == 4
