"""Review cadence and improvement actions."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import attrs
import pytest

import slacalc as sc
from slacalc.agreements import SLA, target_table
from slacalc.measure import RecordError
from slacalc.measure.review import (
    Action,
    ActionStatus,
    Cadence,
    FlagKind,
    Review,
    ReviewKind,
    improvement_flags,
    review_schedule,
)

ROOT = Path(__file__).parent.parent.parent
WEEKDAYS = sc.Calendar.weekly({"mon-fri": "09:00-17:00"}, tz="Europe/London", holidays="GB-ENG")


def sla(
    id: str = "mail", calendar: sc.Calendar = WEEKDAYS, reviewed: date | None = date(2026, 3, 1)
) -> SLA:
    return SLA(
        id=id,
        service="mail",
        customer="Finance",
        calendar=calendar,
        targets=target_table(calendar, {"P2": {"resolution": "8h"}}),
        reviewed=reviewed,
    )


def test_schedule_worked_summer() -> None:
    # July 2026 starts on a Wednesday: business days 1, 2, 3, 6, 7 -> the 5th is 7 July;
    # the 10th is 14 July (1-3, 6-10, 13, 14). August: 3-7 -> 7 August.
    # September: 1-4, 7 -> 7 September. Revision: a year after 2025-09-29.
    got = review_schedule([sla(reviewed=date(2025, 9, 29))], date(2026, 7, 1), date(2026, 9, 30))
    assert [(r.kind, r.on) for r in got] == [
        (ReviewKind.OPERATIONAL, date(2026, 7, 7)),
        (ReviewKind.SERVICE, date(2026, 7, 14)),
        (ReviewKind.OPERATIONAL, date(2026, 8, 7)),
        (ReviewKind.OPERATIONAL, date(2026, 9, 7)),
        (ReviewKind.REVISION, date(2026, 9, 29)),
    ]
    assert got[0].covers == (date(2026, 6, 1), date(2026, 6, 30))
    assert got[1].covers == (date(2026, 4, 1), date(2026, 6, 30))
    assert got[-1].covers == (date(2025, 9, 29), date(2026, 9, 28))


def test_schedule_skips_bank_holidays() -> None:
    # May 2026: Friday 1, Monday 4 is the Early May bank holiday, so the business days
    # are 1, 5, 6, 7, 8: the 5th is 8 May.
    (may,) = review_schedule([sla()], date(2026, 5, 1), date(2026, 5, 31))[:1]
    assert may.on == date(2026, 5, 8)


def test_schedule_on_round_the_clock_and_override_calendars() -> None:
    always = sla(calendar=sc.Calendar.always())
    (op,) = review_schedule([always], date(2026, 8, 1), date(2026, 8, 31))
    assert op.on == date(2026, 8, 5)  # every day counts
    (office,) = review_schedule(
        [always], date(2026, 8, 1), date(2026, 8, 31), cadence=Cadence(calendar=WEEKDAYS)
    )
    assert office.on == date(2026, 8, 7)
    (late,) = review_schedule(
        [always], date(2026, 8, 1), date(2026, 8, 31), cadence=Cadence(operational_day=20)
    )
    assert late.on == date(2026, 8, 20)


def test_schedule_never_open_calendar_falls_back_to_days() -> None:
    never = sla(calendar=sc.Calendar.weekly({}, horizon=sc.DEFAULT_HORIZON / 100, tz="UTC"))
    (op,) = review_schedule([never], date(2026, 8, 1), date(2026, 8, 31))
    assert op.on == date(2026, 8, 5)


def test_revision_dates() -> None:
    leap = sla(reviewed=date(2024, 2, 29))
    got = review_schedule([leap], date(2025, 1, 1), date(2027, 12, 31))
    assert [r.on for r in got if r.kind is ReviewKind.REVISION] == [
        date(2025, 2, 28),
        date(2026, 2, 28),
        date(2027, 2, 28),
    ]
    never = sla(id="new", reviewed=None)
    got = review_schedule([never], date(2026, 3, 2), date(2026, 3, 31))
    assert [r.on for r in got if r.kind is ReviewKind.REVISION] == [date(2026, 3, 2)]


def test_schedule_of_a_catalogue_is_sorted() -> None:
    cat = sc.load(ROOT / "examples" / "catalogue.toml")
    got = review_schedule(cat, date(2026, 10, 1), date(2026, 12, 31))
    assert [r.on for r in got] == sorted(r.on for r in got)
    assert {r.sla for r in got} == {s.id for s in cat.slas}
    quarterly = [r for r in got if r.kind is ReviewKind.SERVICE]
    assert len(quarterly) == len(cat.slas)  # October only
    # 24x7 webshop: 10th day of October; office-hours email: 10th business day = 14 Oct.
    by_sla = {r.sla: r.on for r in quarterly}
    assert by_sla["webshop-customer-services"] == date(2026, 10, 10)
    assert by_sla["email-finance"] == date(2026, 10, 14)


@pytest.mark.parametrize(
    ("call", "error"),
    [
        (lambda: review_schedule([sla()], date(2026, 2, 1), date(2026, 1, 1)), sc.ParseError),
        (
            lambda: review_schedule([sla()], datetime(2026, 1, 1), date(2026, 2, 1)),
            sc.ArgumentTypeError,
        ),
        (lambda: review_schedule(["mail"], date(2026, 1, 1), date(2026, 2, 1)), TypeError),
        (
            lambda: review_schedule([sla()], date(2026, 1, 1), date(2026, 2, 1), cadence=5),
            sc.ArgumentTypeError,
        ),
        (lambda: Cadence(operational_day=0), sc.ParseError),
        (lambda: Cadence(service_day=21), sc.ParseError),
        (lambda: Cadence(operational_day=True), sc.ArgumentTypeError),
        (lambda: Cadence(calendar="uk"), sc.ArgumentTypeError),
    ],
)
def test_schedule_bad_input(call: object, error: type[Exception]) -> None:
    with pytest.raises(error):
        call()  # type: ignore[operator]


# --- actions ------------------------------------------------------------------------------

R1 = Review(id="R1", sla="mail", kind="monthly operational", held=date(2026, 8, 7))
R2 = Review(id="R2", sla="mail", kind=ReviewKind.SERVICE, held=date(2026, 7, 14))


def action(id: str, **kw: object) -> Action:
    fields: dict[str, object] = {
        "id": id,
        "title": f"Action {id}",
        "owner": "Priya",
        "due": date(2026, 8, 31),
        "review": "R1",
    }
    fields.update(kw)
    return Action(**fields)  # type: ignore[arg-type]


def test_action_states() -> None:
    a = action("A1", status="In-Progress")
    assert a.status is ActionStatus.IN_PROGRESS
    assert not a.overdue(date(2026, 8, 31)) and a.overdue(date(2026, 9, 1))
    assert not attrs.evolve(a, status=ActionStatus.DONE).overdue(date(2027, 1, 1))
    assert not action("A2", status="cancelled").overdue(date(2027, 1, 1))
    assert action("A3").status is ActionStatus.OPEN


def test_improvement_flags() -> None:
    actions = [
        action("A1"),  # due 31 Aug, open: overdue on 15 Sep (15 days)
        action("A2", status="done", due=date(2026, 8, 1)),
        action("A3", owner=None, due=date(2026, 12, 1)),  # nobody owns it
        action("A4", owner=None, status="done", review=None),
    ]
    flags = improvement_flags([R1, R2], actions, as_of=date(2026, 9, 15))
    assert [(f.kind, f.subject) for f in flags] == [
        (FlagKind.OVERDUE_ACTION, "A1"),
        (FlagKind.NO_OWNER, "A3"),
        (FlagKind.NO_ACTION, "R2"),  # the quarterly review raised nothing
    ]
    assert "15 days ago" in flags[0].message and "owner Priya" in flags[0].message
    assert "quarterly service review of mail on 2026-07-14" in flags[2].message
    assert improvement_flags([], [], as_of=date(2026, 9, 15)) == ()


def test_improvement_flags_refuse_dangling_and_repeated_ids() -> None:
    with pytest.raises(RecordError) as info:
        improvement_flags(
            [R1, R1, "R3"],  # type: ignore[list-item]
            [action("A1", review="R9"), action("A2"), action("A2"), 7],  # type: ignore[list-item]
            as_of=date(2026, 9, 15),
        )
    assert [w for w, _ in info.value.problems] == [
        "reviews[1]",
        "reviews[2]",
        "actions[0]",
        "actions[2]",
        "actions[3]",
    ]
    assert "unknown review 'R9'" in str(info.value)


@pytest.mark.parametrize(
    ("call", "error"),
    [
        (lambda: action("A", status="blocked"), sc.ParseError),
        (lambda: action("A", due="2026-08-31"), sc.ArgumentTypeError),
        (lambda: action("A", due=datetime(2026, 8, 31)), sc.ArgumentTypeError),
        (lambda: action("", title="x"), sc.ParseError),
        (lambda: action("A", owner=""), sc.ParseError),
        (lambda: action("A", owner=3), sc.ArgumentTypeError),
        (lambda: action("A").overdue("today"), sc.ArgumentTypeError),
        (lambda: Review(id="R", sla="m", kind="weekly", held=date(2026, 1, 1)), sc.ParseError),
        (lambda: Review(id="R", sla="m", kind=3, held=date(2026, 1, 1)), sc.ParseError),
        (lambda: Review(id="R", sla="", kind="annual revision", held=date(2026, 1, 1)), ValueError),
        (lambda: improvement_flags([], [], as_of="2026-09-01"), sc.ArgumentTypeError),
    ],
)
def test_actions_bad_input(call: object, error: type[Exception]) -> None:
    with pytest.raises(error):
        call()  # type: ignore[operator]
