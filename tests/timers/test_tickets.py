"""Tickets: several timers from one event log; many tickets at once.

Golden cases on Europe/London Mon-Fri 09:00-17:30 (2026-03-02 is a Monday), each
worked by hand in the comment beside it.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import slacalc as sc
from slacalc.agreements import Target
from slacalc.errors import (
    ArgumentTypeError,
    NaiveDatetimeError,
    ParseError,
    SlacalcError,
    TimerEventError,
)
from slacalc.timers.tickets import Ticket, breaching, statuses
from slacalc.timers.timer import Timer, TimerState
from strategies import examples

LONDON = ZoneInfo("Europe/London")
UK = sc.Calendar.weekly({"mon-fri": "09:00-17:30"}, tz="Europe/London", holidays="GB-ENG")
ALWAYS = sc.Calendar.always()
H = timedelta(hours=1)
M = timedelta(minutes=1)
TARGETS = {"response": Target(30 * M, UK), "resolution": Target(8 * H, UK)}


def uk(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=LONDON)


LOG = [
    (uk("2026-03-02 17:15"), "open"),
    (uk("2026-03-03 09:10"), "respond"),
    (uk("2026-03-03 11:00"), "pause"),  # awaiting the customer
    (uk("2026-03-03 10:00"), "respond"),  # a second response (out of order): no effect
    (uk("2026-03-04 10:00"), "resume"),
    (uk("2026-03-04 15:00"), "resolve"),
]


def test_golden_one_ticket_two_clocks():
    ticket = Ticket.from_events("INC-1", TARGETS, LOG, priority="P3")
    response, resolution = ticket.timers["response"], ticket.timers["resolution"]
    # Response: 17:15-17:30 Mon is 15m; 15m more from Tue 09:00 -> Tue 09:15.
    # The first response, Tue 09:10, stops it: met. The pause does not touch it.
    assert response.deadline == uk("2026-03-03 09:15")
    assert response.stopped_at == uk("2026-03-03 09:10")
    assert response.met and response.pauses == ()
    # Resolution: 15m Mon + Tue 09:00-11:00 (2h) = 2h15 before the pause; 5h45 left
    # from Wed 10:00 -> Wed 15:45. Resolved Wed 15:00: met.
    assert resolution.deadline == uk("2026-03-04 15:45")
    assert resolution.stopped_at == uk("2026-03-04 15:00")
    assert resolution.met
    assert resolution.elapsed(uk("2026-03-05 12:00")) == 7 * H + 15 * M  # 2h15 + 5h Wed


def test_golden_ticket_status_as_of_an_instant():
    ticket = Ticket.from_events("INC-1", TARGETS, LOG, priority="P3")
    # Wed 12:00: resolution has used 2h15 + 2h = 4h15 of 8h (53.125 %), 3h45 left.
    # 50 % (4h) fell at Wed 11:45; 75 % (6h) is 3h45 after Wed 10:00 -> Wed 13:45.
    response, resolution = ticket.status(uk("2026-03-04 12:00"))
    assert response.state is TimerState.MET
    assert response.deadline == uk("2026-03-03 09:15")
    # Response used 15m Mon + 10m Tue = 25m of 30m: 5m left, 25/30 used.
    assert response.remaining == 5 * M
    assert response.fraction == 25 / 30
    assert response.next_alert is None  # stopped: nothing more to warn about
    assert resolution.state is TimerState.RUNNING
    assert resolution.remaining == 3 * H + 45 * M
    assert resolution.fraction == 4.25 / 8
    assert resolution.next_alert == (0.75, uk("2026-03-04 13:45"))
    assert resolution.priority == "P3" and resolution.ticket == "INC-1"
    # Tue 12:00 the ticket is waiting on the customer.
    assert ticket.status(uk("2026-03-03 12:00"))[1].state is TimerState.PAUSED


def test_golden_reopen_restarts_resolution_only():
    log = [*LOG, (uk("2026-03-05 09:30"), "reopen")]
    ticket = Ticket.from_events("INC-1", TARGETS, log)
    resolution = ticket.timers["resolution"]
    # New cycle from Thu 09:30: 8h is exactly Thu 09:30-17:30, a closing instant.
    assert resolution.deadline == uk("2026-03-05 17:30")
    assert len(resolution.cycles) == 2 and resolution.cycles[0].met
    assert len(ticket.timers["response"].cycles) == 1  # a milestone is not restarted
    # Reopened, it can be paused and resolved again.
    more = [*log, (uk("2026-03-05 10:00"), "pause"), (uk("2026-03-05 11:00"), "resolve")]
    again = Ticket.from_events("INC-1", TARGETS, more).timers["resolution"]
    assert again.stopped_at == uk("2026-03-05 11:00") and again.met


def test_each_clock_runs_on_its_own_calendar():
    # Opened Sat 2026-03-07 10:00. Response on 24x7: Sat 10:15. Resolution on UK
    # hours: nothing until Mon 09:00, + 4h -> Mon 2026-03-09 13:00.
    targets = {"response": Target(15 * M, ALWAYS), "resolution": Target(4 * H, UK)}
    ticket = Ticket.from_events("INC-9", targets, [(uk("2026-03-07 10:00"), "open")])
    assert ticket.timers["response"].deadline == uk("2026-03-07 10:15")
    assert ticket.timers["resolution"].deadline == uk("2026-03-09 13:00")


def test_resolving_without_a_response_stops_the_response_clock():
    # Mon 09:00 open, resolved 09:20: the resolution answers the customer too.
    log = [(uk("2026-03-02 09:00"), "open"), (uk("2026-03-02 09:20"), "resolve")]
    ticket = Ticket.from_events("INC-2", TARGETS, log)
    assert ticket.timers["response"].stopped_at == uk("2026-03-02 09:20")
    assert ticket.timers["response"].met  # due 09:30
    # A response after the resolution changes nothing.
    late = Ticket.from_events("INC-2", TARGETS, [*log, (uk("2026-03-02 10:00"), "respond")])
    assert late == ticket


def test_a_response_after_its_deadline_is_a_breach():
    # Mon 09:00 + 30m -> 09:30; first response 09:45.
    log = [(uk("2026-03-02 09:00"), "open"), (uk("2026-03-02 09:45"), "respond")]
    ticket = Ticket.from_events("INC-3", TARGETS, log)
    assert not ticket.timers["response"].met
    assert ticket.status(uk("2026-03-02 10:00"))[0].state is TimerState.BREACHED


def test_named_milestones():
    targets = {**TARGETS, "workaround": Target(2 * H, UK)}
    log = [
        (uk("2026-03-02 09:00"), "open"),
        (uk("2026-03-02 10:30"), "Workaround"),  # stops the workaround clock only
        (uk("2026-03-02 12:00"), "resolve"),
        (uk("2026-03-02 13:00"), "reopen"),
    ]
    ticket = Ticket.from_events("INC-4", targets, log, milestones=("response", "workaround"))
    assert ticket.timers["workaround"].stopped_at == uk("2026-03-02 10:30")
    assert ticket.timers["workaround"].met  # due 11:00
    assert len(ticket.timers["workaround"].cycles) == 1  # a milestone: not restarted
    assert ticket.timers["resolution"].start == uk("2026-03-02 13:00")
    # Without declaring it a milestone, "workaround" is not an event at all.
    with pytest.raises(TimerEventError, match="not an event kind"):
        Ticket.from_events("INC-4", targets, log)


@settings(max_examples=examples(40))
@given(st.permutations(LOG))
def test_a_shuffled_ticket_log_gives_the_same_ticket(shuffled):
    assert Ticket.from_events("INC-1", TARGETS, shuffled) == Ticket.from_events(
        "INC-1", TARGETS, LOG
    )


# --------------------------------------------------------------------------- many tickets

NOW = uk("2026-03-03 10:00")  # Tuesday


def fix(start: str, target: timedelta = 4 * H) -> Timer:
    return Timer(UK, target, uk(start))


BOARD = [
    # A: Mon 16:00 + 4h: 1h30 Mon + 2h30 Tue -> Tue 11:30. At Tue 10:00 2h30 used.
    Ticket("A", {"resolution": fix("2026-03-02 16:00")}, "P2"),
    # B: Tue 09:00 + 4h -> Tue 13:00.
    Ticket("B", {"resolution": fix("2026-03-03 09:00")}, "P2"),
    # C: Tue 10:00 + 4h -> Tue 14:00, exactly now + 4h.
    Ticket("C", {"resolution": fix("2026-03-03 10:00")}, "P2"),
    # D: Mon 09:00 + 4h -> Mon 13:00, already breached; 8h30 Mon + 1h Tue = 9h30 used.
    Ticket("D", {"resolution": fix("2026-03-02 09:00")}, "P1"),
    # E: paused at Tue 09:30 after 30m: cannot breach while paused.
    Ticket("E", {"resolution": fix("2026-03-03 09:00").pause(uk("2026-03-03 09:30"))}),
    # F: stopped Tue 09:45, 45m in: met.
    Ticket("F", {"resolution": fix("2026-03-03 09:00").stop(uk("2026-03-03 09:45"))}),
    # G: Tue 10:00 + 8h -> Tue 17:30, beyond the 4 hours.
    Ticket("G", {"resolution": fix("2026-03-03 10:00", 8 * H)}),
]


def test_statuses_of_many_tickets():
    rows = statuses(BOARD, NOW)
    assert [r.ticket for r in rows] == list("ABCDEFG")  # input order
    by = {r.ticket: r for r in rows}
    assert [by[k].state for k in "ABCDEFG"] == [
        TimerState.RUNNING,  # A: 2h30 of 4h = 62.5 %
        TimerState.RUNNING,  # B: 1h of 4h
        TimerState.RUNNING,  # C: nothing yet
        TimerState.BREACHED,
        TimerState.PAUSED,
        TimerState.MET,
        TimerState.RUNNING,
    ]
    assert by["A"].remaining == H + 30 * M
    assert by["A"].next_alert == (0.75, uk("2026-03-03 10:30"))  # 3h: 1h30 Mon + 1h30 Tue
    assert by["B"].next_alert == (0.5, uk("2026-03-03 11:00"))  # 2h from Tue 09:00
    assert by["C"].next_alert == (0.5, uk("2026-03-03 12:00"))
    assert by["D"].remaining == -(5 * H + 30 * M)  # 4h - 9h30
    assert by["D"].next_alert is None  # every threshold is behind it
    assert by["E"].deadline is None and by["E"].next_alert is None
    assert by["E"].remaining == 3 * H + 30 * M
    assert by["F"].next_alert is None
    assert by["A"].priority == "P2" and by["E"].priority is None
    # Custom thresholds: 0.6 of 4h = 2h24, reached at Tue 09:54 for A (past), so A's
    # next is 0.95 = 3h48 -> 1h30 Mon + 2h18 Tue -> Tue 11:18.
    a = statuses(BOARD[:1], NOW, thresholds=(0.6, 0.95))[0]
    assert a.next_alert == (0.95, uk("2026-03-03 11:18"))


def test_which_breach_in_the_next_four_hours():
    due = breaching(BOARD, NOW)
    # A 11:30, B 13:00, C 14:00 (the edge counts); not D (breached), E (paused),
    # F (stopped), G (17:30).
    assert [(r.ticket, r.deadline) for r in due] == [
        ("A", uk("2026-03-03 11:30")),
        ("B", uk("2026-03-03 13:00")),
        ("C", uk("2026-03-03 14:00")),
    ]
    with_breached = breaching(BOARD, NOW, include_breached=True)
    assert [r.ticket for r in with_breached] == ["D", "A", "B", "C"]
    assert [r.ticket for r in breaching(BOARD, NOW, timedelta(hours=3))] == ["A", "B"]
    assert breaching(BOARD, NOW, timedelta(0)) == []
    # In another tzinfo, now is the same instant: the same answer.
    assert breaching(BOARD, datetime(2026, 3, 3, 10, tzinfo=UTC)) == due


def test_ticket_values():
    t = BOARD[0]
    assert t.timers["resolution"].deadline == uk("2026-03-03 11:30")
    assert hash(t) == hash(Ticket("A", {"resolution": fix("2026-03-02 16:00")}, "P2"))
    with pytest.raises(TypeError):
        t.timers["x"] = fix("2026-03-02 16:00")  # type: ignore[index]


# --------------------------------------------------------------------------- errors

T0 = uk("2026-03-02 09:00")


def at_(hours: float) -> datetime:
    return T0 + timedelta(hours=hours)


@pytest.mark.parametrize(
    ("events", "index", "words"),
    [
        ([(at_(0), "respond"), (at_(1), "open")], 0, "before the ticket is opened"),
        ([(at_(0), "open"), (at_(1), "open")], 1, "second 'open'"),
        ([(at_(0), "open"), (at_(1), "resume")], 1, "running, not paused"),
        ([(at_(0), "open"), (at_(1), "pause"), (at_(2), "pause")], 2, "already paused"),
        ([(at_(0), "open"), (at_(1), "resolve"), (at_(2), "pause")], 2, "resolved"),
        ([(at_(0), "open"), (at_(1), "resolve"), (at_(2), "resume")], 2, "resolved"),
        ([(at_(0), "open"), (at_(1), "resolve"), (at_(2), "resolve")], 2, "already resolved"),
        ([(at_(0), "open"), (at_(1), "reopen")], 1, "not resolved"),
        ([(at_(0), "open"), (at_(1), "escalate")], 1, "not an event kind"),
        # Out of order: sorted, the pause (index 0) follows the resolve (index 2).
        ([(at_(3), "pause"), (at_(0), "open"), (at_(1), "resolve")], 0, "resolved"),
    ],
)
def test_impossible_ticket_logs_name_the_event_and_its_index(events, index, words):
    with pytest.raises(TimerEventError, match=words) as info:
        Ticket.from_events("INC-1", TARGETS, events)
    assert isinstance(info.value, ValueError) and isinstance(info.value, SlacalcError)
    assert info.value.index == index
    assert f"events[{index}]" in str(info.value)


def test_a_ticket_log_needs_an_open():
    with pytest.raises(TimerEventError, match="no 'open'"):
        Ticket.from_events("INC-1", TARGETS, [])


def test_ticket_argument_errors():
    with pytest.raises(ArgumentTypeError, match="targets"):
        Ticket.from_events("INC-1", {}, [(T0, "open")])
    with pytest.raises(ParseError, match="milestones"):
        Ticket.from_events("INC-1", TARGETS, [(T0, "open")], milestones=("pause",))
    with pytest.raises(ArgumentTypeError, match="milestones"):
        Ticket.from_events("INC-1", TARGETS, [(T0, "open")], milestones="response")
    with pytest.raises(NaiveDatetimeError):
        Ticket.from_events("INC-1", TARGETS, [(datetime(2026, 3, 2, 9), "open")])
    with pytest.raises(ArgumentTypeError, match="Timer"):
        Ticket("INC-1", {"resolution": 4 * H})
    with pytest.raises(ArgumentTypeError, match="id"):
        Ticket(1042, {})  # type: ignore[arg-type]
    with pytest.raises(ArgumentTypeError, match="priority"):
        Ticket("INC-1", {}, priority=2)  # type: ignore[arg-type]
    with pytest.raises(ArgumentTypeError, match="timers"):
        Ticket("INC-1", [fix("2026-03-02 09:00")])  # type: ignore[arg-type]


def test_board_argument_errors():
    with pytest.raises(ArgumentTypeError, match=r"tickets\[1\]"):
        statuses([BOARD[0], "B"], NOW)  # type: ignore[list-item]
    with pytest.raises(NaiveDatetimeError):
        statuses(BOARD, datetime(2026, 3, 3, 10))
    with pytest.raises(NaiveDatetimeError):
        breaching(BOARD, datetime(2026, 3, 3, 10))
    with pytest.raises(ParseError, match="within"):
        breaching(BOARD, NOW, -H)
    with pytest.raises(ArgumentTypeError, match="within"):
        breaching(BOARD, NOW, 4)  # type: ignore[arg-type]


def test_one_default_for_alerts() -> None:
    """The warning state starts at a default alert threshold, and every default is it."""
    import inspect

    from slacalc.timers import DEFAULT_THRESHOLDS, DEFAULT_WARN_AT

    assert DEFAULT_WARN_AT in DEFAULT_THRESHOLDS
    for fn in (sc.Timer.__init__, sc.Timer.from_events, sc.Ticket.from_events):
        assert inspect.signature(fn).parameters["warn_at"].default == DEFAULT_WARN_AT
    for fn in (sc.Timer.alerts, sc.Ticket.status, sc.statuses, sc.breaching):
        assert inspect.signature(fn).parameters["thresholds"].default == DEFAULT_THRESHOLDS
