"""CSV readers: every bad row is reported with its line number, none is skipped."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from fractions import Fraction
from pathlib import Path

import pytest

import slacalc as sc
from slacalc.measure import RecordError
from slacalc.measure.records import OpenTicket, read_history, read_open_tickets, read_outages

ROOT = Path(__file__).parent.parent.parent
HEAD = "ticket,service,customer,priority,metric,start,stop,pauses,cause,first_contact,csat"
BST = timezone(timedelta(hours=1))


def test_history_row_fields() -> None:
    rows = [
        HEAD,
        "INC-1,email,Finance,P2,resolution,2026-07-01T09:00:00+01:00,2026-07-02T10:00:00+01:00,"
        '"2026-07-01T10:00:00+01:00/2026-07-01T12:00:00+01:00; 2026-07-02T09:00:00+01:00/",'
        "Third party,yes,4.5",
        "INC-1,email,Finance,P2,response,2026-07-01T09:00:00Z,,,,No,",
    ]
    a, b = read_history(rows)
    assert a.start == datetime(2026, 7, 1, 9, tzinfo=BST) and a.line == 2
    assert a.pauses == (
        (datetime(2026, 7, 1, 10, tzinfo=BST), datetime(2026, 7, 1, 12, tzinfo=BST)),
        (datetime(2026, 7, 2, 9, tzinfo=BST), None),
    )
    assert (a.cause, a.first_contact, a.csat) == ("Third party", True, Fraction(9, 2))
    assert (b.stop, b.pauses, b.cause, b.first_contact, b.csat) == (None, (), None, False, None)
    assert b.start == datetime(2026, 7, 1, 9, tzinfo=UTC)


def test_history_reports_every_bad_row_with_its_line() -> None:
    rows = [
        HEAD,
        "INC-1,email,Finance,P2,resolution,2026-07-01 09:00,,,,,",  # 2: no offset
        "INC-2,email,Finance,P2,resolution,yesterday,,,,,",  # 3: not an instant
        "INC-3,email,Finance,P2,resolution,2026-07-01T09:00Z,2026-07-01T08:00Z,,,,",  # 4
        "INC-4,email,Finance,P2,resolution,2026-07-01T09:00Z,,10:00-11:00,,,",  # 5
        "INC-5,email,Finance,P2,resolution,2026-07-01T09:00Z,,,,maybe,",  # 6
        "INC-6,email,,P2,resolution,2026-07-01T09:00Z,,,,,",  # 7: empty customer
        "INC-7,email,Finance,P2,resolution,2026-07-01T09:00Z,,,,,,extra",  # 8
        "INC-8,email,Finance,P2,resolution,2026-07-01T09:00Z",  # 9: short row
        "INC-9,email,Finance,P2,resolution,2026-07-01T09:00Z,,,,,lots",  # 10
        "INC-10,email,Finance,P2,resolution,2026-07-01T09:00Z,,,,,",  # fine
    ]
    with pytest.raises(RecordError) as info:
        read_history(rows, source="history.csv")
    where = [w for w, _ in info.value.problems]
    assert where == [f"line {n}" for n in range(2, 11)]
    text = str(info.value)
    assert text.startswith("history.csv: 9 problem(s)")
    assert "no UTC offset" in text and "'maybe' is not yes or no" in text
    assert "empty required column(s) customer" in text and "columns expected" in text
    assert "START/END" in text and "'lots'" in text


def test_history_duplicates_are_errors() -> None:
    row = "INC-1,email,Finance,P2,resolution,2026-07-01T09:00Z,,,,,"
    with pytest.raises(RecordError, match="line 3: ticket 'INC-1' resolution repeats line 2"):
        read_history([HEAD, row, row])


@pytest.mark.parametrize(
    ("header", "message"),
    [
        ("ticket,service,customer,priority,metric", "missing column(s) 'start'"),
        (HEAD + ",owner", "unknown column(s) 'owner'"),
        ("", "missing column(s) 'ticket'"),
    ],
)
def test_history_bad_header(header: str, message: str) -> None:
    with pytest.raises(RecordError) as info:
        read_history([header] if header else [])
    assert info.value.problems[0][0] == "line 1"
    assert message in info.value.problems[0][1]


def test_outages() -> None:
    rows = [
        "service,start,end,cause,description",
        "email,2026-07-01T09:00:00+01:00,2026-07-01T09:45:00+01:00,capacity,Queue",
        "email,2026-07-01T09:00:00+01:00,2026-07-01T08:45:00+01:00,,",
        "email,2026-07-01T09:00:00,2026-07-01T09:45:00+01:00,,",
    ]
    with pytest.raises(RecordError) as info:
        read_outages(rows)
    assert [w for w, _ in info.value.problems] == ["line 3", "line 4"]
    (ok,) = read_outages(rows[:2])
    assert (ok.service, ok.cause, ok.duration) == ("email", "capacity", timedelta(minutes=45))


def test_examples_read_cleanly() -> None:
    cat = sc.load(ROOT / "examples" / "catalogue.toml")
    with open(ROOT / "examples" / "history.csv", newline="", encoding="utf-8") as f:
        history = read_history(f)
    with open(ROOT / "examples" / "outages.csv", newline="", encoding="utf-8") as f:
        outages = read_outages(f)
    with open(ROOT / "examples" / "tickets.csv", newline="", encoding="utf-8") as f:
        tickets = read_open_tickets(f)
    assert len(history) > 2000 and len(outages) >= 10 and len(tickets) >= 20
    assert {r.customer for r in history} == {s.customer for s in cat.slas}
    at = datetime(2026, 9, 30, 15, tzinfo=BST)
    for t in tickets:
        assert t.timers(cat).status(at)


OPEN_HEAD = "ticket,service,customer,priority,opened,responded,pauses,summary"


def test_open_tickets_and_their_timers() -> None:
    cat = sc.load(ROOT / "examples" / "catalogue.toml")
    rows = [
        OPEN_HEAD,
        "INC-1,email,Finance,P2,2026-09-30T09:00:00+01:00,2026-09-30T09:10:00+01:00,"
        "2026-09-30T10:00:00+01:00/,Printer on fire",
    ]
    (t,) = read_open_tickets(rows)
    assert t.summary == "Printer on fire" and t.line == 2
    assert t.events() == [
        (datetime(2026, 9, 30, 9, tzinfo=BST), "open"),
        (datetime(2026, 9, 30, 9, 10, tzinfo=BST), "respond"),
        (datetime(2026, 9, 30, 10, tzinfo=BST), "pause"),
    ]
    ticket = t.timers(cat)
    # P2 on email-finance: response 30m (met after 10m), resolution 8h, paused after 1 h.
    states = {s.metric: s.state.value for s in ticket.status(datetime(2026, 9, 30, 15, tzinfo=BST))}
    assert states == {"response": "met", "resolution": "paused"}
    bad = OpenTicket(
        ticket="X", service="email", customer="Finance", priority="P5", opened=t.opened
    )
    with pytest.raises(sc.UnknownLevelError, match="'P5'"):
        bad.timers(cat)


def test_open_tickets_bad_rows() -> None:
    rows = [
        OPEN_HEAD,
        "INC-1,email,Finance,P2,2026-09-30T09:00:00+01:00,,,",
        "INC-1,email,Finance,P2,2026-09-30T09:00:00+01:00,,,",
        "INC-2,email,Finance,P2,,,,",
    ]
    with pytest.raises(RecordError) as info:
        read_open_tickets(rows)
    assert [w for w, _ in info.value.problems] == ["line 4"]  # row problems first
    with pytest.raises(RecordError, match="line 3: ticket 'INC-1' repeats line 2"):
        read_open_tickets(rows[:3])
    with pytest.raises(sc.NaiveDatetimeError):
        OpenTicket(
            ticket="X",
            service="email",
            customer="Finance",
            priority="P2",
            opened=datetime(2026, 9, 30, 9),
        )
