"""SLA timers (SPEC section 4): properties, hand-worked golden cases, every error.

Golden cases use the UK office calendar: Europe/London, Mon-Fri 09:00-17:30, England
and Wales bank holidays. 2026-03-02 is a Monday; UK clocks go forward on Sunday
2026-03-29; Good Friday is 2026-04-03 and Easter Monday 2026-04-06. Every expected
value is worked by hand in the comment beside it.
"""

from __future__ import annotations

import math
import random
from datetime import UTC, datetime, timedelta, timezone
from fractions import Fraction
from zoneinfo import ZoneInfo

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import slacalc as sc
from slacalc.errors import (
    ArgumentTypeError,
    NaiveDatetimeError,
    ParseError,
    SlacalcError,
    TimerEventError,
)
from slacalc.timers.timer import Pause, Timer, TimerState
from strategies import (
    Scenario,
    examples,
    fine_instants,
    scenario_calendar,
    tzinfos,
    utc,
)

LONDON = ZoneInfo("Europe/London")
UK = sc.Calendar.weekly({"mon-fri": "09:00-17:30"}, tz="Europe/London", holidays="GB-ENG")
ALWAYS = sc.Calendar.always()
H = timedelta(hours=1)
M = timedelta(minutes=1)


def uk(text: str, fold: int = 0) -> datetime:
    """A London wall-clock reading, e.g. ``uk("2026-03-02 16:00")``."""
    return datetime.fromisoformat(text).replace(tzinfo=LONDON, fold=fold)


# --------------------------------------------------------------------------- strategies


@st.composite
def timer_logs(
    draw: st.DrawFn, scn: Scenario, *, restarts: bool = True
) -> list[tuple[datetime, str]]:
    """A possible event log at strictly increasing instants, starting with "start"."""
    t = draw(fine_instants(scn))
    log = [(t, "start")]
    state = "running"
    for _ in range(draw(st.integers(0, 7))):
        choices = {
            "running": ["pause", "pause", "stop"],
            "paused": ["resume", "resume", "stop"],
            "stopped": [],
        }[state]
        if restarts:
            choices = [*choices, "restart"]
        if not choices:
            break
        kind = draw(st.sampled_from(choices))
        gap = draw(
            st.one_of(
                st.integers(1, 59).map(lambda m: timedelta(minutes=m)),
                st.integers(1, 48 * 4).map(lambda q: q * timedelta(minutes=15)),
                st.integers(1, 30 * 3600 * 10**6).map(lambda us: timedelta(microseconds=us)),
            )
        )
        t = (utc(t) + gap).astimezone(draw(tzinfos(scn.zone)))
        log.append((t, kind))
        state = {"pause": "paused", "resume": "running", "stop": "stopped"}.get(kind, "running")
    return log


targets = st.one_of(
    st.integers(0, 40 * 60).map(lambda m: timedelta(minutes=m)),
    st.integers(0, 40 * 3600 * 10**6).map(lambda us: timedelta(microseconds=us)),
)


def opens(cal: sc.Calendar) -> bool:
    """Whether the calendar has coverage soon enough for deadlines to exist."""
    try:
        cal.add(datetime(2011, 1, 1, tzinfo=UTC), timedelta(microseconds=1))
        cal.add(datetime(2026, 1, 1, tzinfo=UTC), timedelta(microseconds=1))
    except sc.HorizonError:
        return False
    return True


def build(cal: sc.Calendar, target: timedelta, log: list[tuple[datetime, str]]) -> Timer:
    """The same timer built with the verbs instead of from_events."""
    t = Timer(cal, target, log[0][0])
    for at, kind in log[1:]:
        t = getattr(t, kind)(at)
    return t


def later(t: datetime, d: timedelta) -> datetime:
    return (utc(t) + d).astimezone(t.tzinfo)


# --------------------------------------------------------------------------- properties

PROPS = settings(max_examples=examples(60))


@PROPS
@given(scenario_calendar(), targets, st.data())
def test_no_pauses_deadline_is_calendar_add(sc_cal, target, data):
    scn, pair = sc_cal
    assume(opens(pair.cal))
    start = data.draw(fine_instants(scn))
    t = Timer(pair.cal, target, start)
    assert utc(t.deadline) == utc(pair.cal.add(start, target))
    assert t.when(1) == t.deadline
    assert t.elapsed(t.deadline) == target


@PROPS
@given(scenario_calendar(), targets, st.data())
def test_pauses_never_move_a_deadline_earlier(sc_cal, target, data):
    scn, pair = sc_cal
    assume(opens(pair.cal))
    log = data.draw(timer_logs(scn, restarts=False))
    t = Timer.from_events(pair.cal, target, log)
    plain = utc(pair.cal.add(t.start, target))
    if t.deadline is not None:
        assert utc(t.deadline) >= plain
    now = data.draw(fine_instants(scn))
    assert utc(t.projected_deadline(now)) >= plain


@PROPS
@given(scenario_calendar(), targets, st.data())
def test_elapsed_never_exceeds_calendar_elapsed(sc_cal, target, data):
    scn, pair = sc_cal
    assume(opens(pair.cal))
    log = data.draw(timer_logs(scn))
    t = Timer.from_events(pair.cal, target, log)
    a, b = sorted([data.draw(fine_instants(scn)), data.draw(fine_instants(scn))], key=utc)
    for now in (a, b):
        if utc(now) >= utc(t.start):
            assert timedelta(0) <= t.elapsed(now) <= pair.cal.elapsed(t.start, now)
        else:
            assert t.elapsed(now) == timedelta(0)
        assert t.remaining(now) + t.elapsed(now) == target
    assert t.elapsed(a) <= t.elapsed(b)  # the clock never runs backwards


@PROPS
@given(scenario_calendar(), targets, st.data())
def test_met_iff_stopped_at_or_before_deadline(sc_cal, target, data):
    scn, pair = sc_cal
    assume(opens(pair.cal))
    log = data.draw(timer_logs(scn))
    t = Timer.from_events(pair.cal, target, log)
    for cycle in t.cycles:
        if cycle.stopped_at is None:
            assert not cycle.met
            continue
        d = cycle.deadline
        assert cycle.met == (d is None or utc(cycle.stopped_at) <= utc(d))
        after = later(cycle.stopped_at, timedelta(days=3))
        expected = TimerState.MET if cycle.met else TimerState.BREACHED
        assert cycle.state(after) is expected
        if d is None:  # stopped while paused before reaching the target
            assert cycle.elapsed(after) < target


@PROPS
@given(scenario_calendar(), targets, st.data())
def test_a_shuffled_event_log_gives_the_same_timer(sc_cal, target, data):
    scn, pair = sc_cal
    assume(opens(pair.cal))
    log = data.draw(timer_logs(scn))
    shuffled = data.draw(st.permutations(log))
    t = Timer.from_events(pair.cal, target, log)
    assert Timer.from_events(pair.cal, target, shuffled) == t
    assert build(pair.cal, target, log) == t


@PROPS
@given(scenario_calendar(), targets, st.data())
def test_a_pause_wholly_outside_coverage_changes_nothing(sc_cal, target, data):
    scn, pair = sc_cal
    assume(opens(pair.cal))
    start = data.draw(fine_instants(scn))
    t = Timer(pair.cal, target, start)
    try:
        p = pair.cal.next_close(later(start, data.draw(st.integers(0, 3000)) * M))
        r = min(pair.cal.next_open(p), later(p, data.draw(st.integers(0, 3000)) * M), key=utc)
    except sc.HorizonError:
        assume(False)
    assert pair.cal.elapsed(p, r) == timedelta(0)
    paused = t.pause(p).resume(r)
    assert utc(paused.deadline) == utc(t.deadline)
    now = data.draw(fine_instants(scn))
    assert paused.elapsed(now) == t.elapsed(now)


@PROPS
@given(scenario_calendar(), targets, st.data())
def test_state_when_and_alerts_agree_with_the_clock(sc_cal, target, data):
    scn, pair = sc_cal
    assume(opens(pair.cal))
    log = data.draw(timer_logs(scn))
    t = Timer.from_events(pair.cal, target, log)
    now = data.draw(fine_instants(scn))
    state = t.state(now)
    n, d = utc(now), t.deadline
    stopped = t.stopped_at is not None and utc(t.stopped_at) <= n
    if not stopped and t.paused_at is None and d is not None:
        assert (state is TimerState.BREACHED) == (n > utc(d))
    if t.stopped_at is None and t.paused_at is None:
        assert t.elapsed(d) == target
        assert t.when(1) == d
    if state is TimerState.WARNING:
        assert t.elapsed(now) >= target * 3 / 4 or target == timedelta(0)
    whens = [t.when(f) for f in (0, 0.25, 0.5, 0.9, 1, 1.5)]
    reached = [utc(w) for w in whens if w is not None]
    assert reached == sorted(reached)
    assert [w is None for w in whens] == sorted(w is None for w in whens)
    for f, w in t.alerts():
        assert w == t.when(f)
        assert t.elapsed(w) >= target * f - timedelta(microseconds=1)


# --------------------------------------------------------------------------- golden cases


def test_golden_overnight_deadline():
    # Mon 16:00 + 4h: 16:00-17:30 uses 1h30; the other 2h30 run from Tue 09:00 to 11:30.
    t = Timer(UK, 4 * H, uk("2026-03-02 16:00"))
    assert t.deadline == uk("2026-03-03 11:30")
    assert t.deadline.tzinfo is LONDON
    # Tue 10:00: 1h30 Mon + 1h Tue = 2h30 used, 1h30 left, 62.5 % < 75 %: running.
    assert t.elapsed(uk("2026-03-03 10:00")) == 2 * H + 30 * M
    assert t.remaining(uk("2026-03-03 10:00")) == H + 30 * M
    assert t.fraction(uk("2026-03-03 10:00")) == 0.625
    assert t.state(uk("2026-03-03 10:00")) is TimerState.RUNNING
    # 75 % of 4h is 3h: 1h30 Mon + 1h30 Tue, so Tue 10:30 is the warning threshold.
    assert t.state(uk("2026-03-03 10:29")) is TimerState.RUNNING
    assert t.state(uk("2026-03-03 10:30")) is TimerState.WARNING
    assert t.state(uk("2026-03-03 11:30")) is TimerState.WARNING  # at, not after
    assert t.state(uk("2026-03-03 11:31")) is TimerState.BREACHED
    assert t.remaining(uk("2026-03-03 12:00")) == -30 * M


def test_golden_alerts():
    # 50 % = 2h: 1h30 Mon + 30m -> Tue 09:30; 75 % = 3h -> Tue 10:30;
    # 90 % = 3h36 -> 1h30 Mon + 2h06 Tue -> Tue 11:06.
    t = Timer(UK, 4 * H, uk("2026-03-02 16:00"))
    assert t.alerts() == [
        (0.5, uk("2026-03-03 09:30")),
        (0.75, uk("2026-03-03 10:30")),
        (0.9, uk("2026-03-03 11:06")),
    ]
    # 1/3 of 4h is 80 minutes, exactly: Mon 16:00 + 1h20 = 17:20.
    assert t.when(Fraction(1, 3)) == uk("2026-03-02 17:20")
    # 150 % = 6h: 1h30 Mon + 4h30 Tue -> Tue 13:30.
    assert t.when(1.5) == uk("2026-03-03 13:30")
    assert t.when(0) == t.start


def test_golden_pause_overnight():
    # Mon 16:00 start, paused 17:00 (1h used), resumed Tue 10:00 (Tue 09:00-10:00 is
    # paused, so not counted): 3h left from Tue 10:00 -> Tue 13:00.
    t = Timer(UK, 4 * H, uk("2026-03-02 16:00")).pause(uk("2026-03-02 17:00"))
    assert t.deadline is None
    assert t.state(uk("2026-03-03 09:30")) is TimerState.PAUSED
    assert t.elapsed(uk("2026-03-03 09:30")) == H
    # As if resumed at Tue 09:30: 3h from 09:30 -> 12:30.
    assert t.projected_deadline(uk("2026-03-03 09:30")) == uk("2026-03-03 12:30")
    # As if resumed at Mon 23:00 (closed): 3h from Tue 09:00 -> 12:00.
    assert t.projected_deadline(uk("2026-03-02 23:00")) == uk("2026-03-03 12:00")
    # Before the pause began, the projection resumes at the pause: 3h from 17:00 ->
    # 30m Mon + 2h30 Tue -> Tue 11:30.
    assert t.projected_deadline(uk("2026-03-02 16:30")) == uk("2026-03-03 11:30")
    t = t.resume(uk("2026-03-03 10:00"))
    assert t.deadline == uk("2026-03-03 13:00")
    assert t.pauses == (Pause(uk("2026-03-02 17:00"), uk("2026-03-03 10:00")),)
    # As of Mon 16:30 the pause has not happened yet: 30m used, running.
    assert t.state(uk("2026-03-02 16:30")) is TimerState.RUNNING
    # Tue 12:00: 1h Mon + 2h Tue = 3h = 75 %: warning.
    assert t.elapsed(uk("2026-03-03 12:00")) == 3 * H
    assert t.state(uk("2026-03-03 12:00")) is TimerState.WARNING


def test_golden_pause_outside_hours_changes_nothing():
    # Paused Mon 18:00 to Tue 08:00, all out of hours: still Tue 11:30.
    t = Timer(UK, 4 * H, uk("2026-03-02 16:00"))
    assert t.pause(uk("2026-03-02 18:00")).resume(uk("2026-03-03 08:00")).deadline == uk(
        "2026-03-03 11:30"
    )


def test_golden_deadline_on_a_closing_instant():
    # Mon 09:00 + 8h30 uses exactly Mon 09:00-17:30: the deadline is Mon 17:30, not
    # Tue 09:00 (SPEC: a deadline landing on a closing time is that closing time).
    t = Timer(UK, 8 * H + 30 * M, uk("2026-03-02 09:00"))
    assert t.deadline == uk("2026-03-02 17:30")
    assert t.state(uk("2026-03-02 17:30")) is TimerState.WARNING
    # Mon 18:00 is closed time just after the deadline: nothing more has accrued, so
    # remaining is zero, but now is after the deadline: breached.
    assert t.remaining(uk("2026-03-02 18:00")) == timedelta(0)
    assert t.state(uk("2026-03-02 18:00")) is TimerState.BREACHED
    # Tue 09:15: 15 covered minutes past it.
    assert t.remaining(uk("2026-03-03 09:15")) == -15 * M
    # Stopped at the closing instant: met; stopped at Mon 18:00 (closed): breached.
    assert t.stop(uk("2026-03-02 17:30")).met
    assert not t.stop(uk("2026-03-02 18:00")).met
    assert t.stop(uk("2026-03-02 18:00")).state(uk("2026-03-09 09:00")) is TimerState.BREACHED


def test_golden_bank_holidays():
    # Thu 2026-04-02 15:00 + 8h: 2h30 on Thu; Good Friday, the weekend and Easter
    # Monday are closed; 5h30 from Tue 09:00 BST -> Tue 2026-04-07 14:30 BST (13:30 UTC).
    t = Timer(UK, 8 * H, uk("2026-04-02 15:00"))
    assert t.deadline == uk("2026-04-07 14:30")
    assert utc(t.deadline) == datetime(2026, 4, 7, 13, 30, tzinfo=UTC)
    assert t.elapsed(uk("2026-04-06 17:00")) == 2 * H + 30 * M


def test_golden_across_the_spring_forward():
    # Fri 2026-03-27 16:00 GMT + 4h: 1h30 Fri; clocks go forward on Sunday (closed);
    # 2h30 from Mon 09:00 BST -> Mon 2026-03-30 11:30 BST = 10:30 UTC.
    t = Timer(UK, 4 * H, uk("2026-03-27 16:00"))
    assert t.deadline == uk("2026-03-30 11:30")
    assert utc(t.deadline) == datetime(2026, 3, 30, 10, 30, tzinfo=UTC)


def test_golden_stop_while_paused():
    # Mon 09:00, target 4h, paused 11:00 (2h used), stopped 15:00 while still paused:
    # elapsed ends at the pause (2h); the target was never reached: met, no deadline.
    t = Timer(UK, 4 * H, uk("2026-03-02 09:00"))
    t = t.pause(uk("2026-03-02 11:00")).stop(uk("2026-03-02 15:00"))
    assert t.elapsed(uk("2026-03-04 12:00")) == 2 * H
    assert t.deadline is None
    assert t.met
    assert t.state(uk("2026-03-02 14:00")) is TimerState.PAUSED
    assert t.state(uk("2026-03-02 15:00")) is TimerState.MET
    assert t.when(0.5) == uk("2026-03-02 11:00")  # 2h = 50 %, reached as the pause began
    assert t.when(0.75) is None  # 3h is never reached
    assert t.alerts() == [(0.5, uk("2026-03-02 11:00"))]


def test_golden_breached_then_paused():
    # Mon 09:00 + 1h -> 10:00. Paused at 11:00, after the breach: SPEC says the
    # deadline is None while paused, but the breach is history: the state stays
    # breached and the projected deadline is the instant the target ran out.
    t = Timer(UK, H, uk("2026-03-02 09:00")).pause(uk("2026-03-02 11:00"))
    assert t.deadline is None
    assert t.projected_deadline(uk("2026-03-03 09:00")) == uk("2026-03-02 10:00")
    assert t.state(uk("2026-03-02 12:00")) is TimerState.BREACHED
    assert t.remaining(uk("2026-03-02 12:00")) == -H  # 2h used of 1h
    assert not t.stop(uk("2026-03-02 12:00")).met


def test_golden_stop_keeps_its_deadline():
    # Mon 09:00 + 4h -> 13:00; stopped at 12:00 it keeps 13:00 and is met.
    t = Timer(UK, 4 * H, uk("2026-03-02 09:00")).stop(uk("2026-03-02 12:00"))
    assert t.deadline == uk("2026-03-02 13:00")
    assert t.met
    assert t.elapsed(uk("2026-03-03 12:00")) == 3 * H
    assert t.when(0.9) is None  # 3h36 is not reached before the stop at 3h
    # As of Mon 11:00 the stop has not happened yet: 2h used of 4h, running.
    assert t.state(uk("2026-03-02 11:00")) is TimerState.RUNNING


def test_golden_restart_keeps_every_cycle():
    # Cycle 1: Mon 09:00, stopped Mon 12:00 (3h of 4h, met).
    # Cycle 2: reopened Wed 16:00: 1h30 Wed + 2h30 Thu -> Thu 2026-03-05 11:30.
    t = Timer(UK, 4 * H, uk("2026-03-02 09:00")).stop(uk("2026-03-02 12:00"))
    t = t.restart(uk("2026-03-04 16:00"))
    assert t.start == uk("2026-03-04 16:00")
    assert t.deadline == uk("2026-03-05 11:30")
    assert t.elapsed(uk("2026-03-05 10:00")) == 2 * H + 30 * M  # 1h30 Wed + 1h Thu
    first, current = t.cycles
    assert first.met and first.stopped_at == uk("2026-03-02 12:00")
    assert first.deadline == uk("2026-03-02 13:00")
    assert current.stopped_at is None and current.previous == ()
    # Restart while running stops the cycle there: Mon 09:00 + 4h -> 13:00,
    # restarted 14:00: breached cycle; the new one runs to Tue 09:30 (3h30 Mon + 30m).
    r = Timer(UK, 4 * H, uk("2026-03-02 09:00")).restart(uk("2026-03-02 14:00"))
    assert r.cycles[0].stopped_at == uk("2026-03-02 14:00")
    assert not r.cycles[0].met
    assert r.deadline == uk("2026-03-03 09:30")
    # Restart while paused: the old cycle is stopped while paused (elapsed ends there).
    p = Timer(UK, 4 * H, uk("2026-03-02 09:00")).pause(uk("2026-03-02 10:00"))
    p = p.restart(uk("2026-03-02 15:00"))
    assert p.cycles[0].elapsed(uk("2026-03-03 09:00")) == H
    assert p.cycles[0].met
    assert len(p.restart(uk("2026-03-02 16:00")).cycles) == 3


def test_golden_from_events_out_of_order():
    # The log of test_golden_pause_overnight, shuffled, in mixed zones: same timer.
    events = [
        (datetime(2026, 3, 3, 10, tzinfo=UTC), "resume"),  # GMT = UTC in March
        (uk("2026-03-02 16:00"), "start"),
        (datetime(2026, 3, 2, 12, tzinfo=timezone(-5 * H)), "Pause"),  # 17:00 London
    ]
    t = Timer.from_events(UK, 4 * H, events)
    assert t.deadline == uk("2026-03-03 13:00")
    assert t == Timer(UK, 4 * H, uk("2026-03-02 16:00")).pause(uk("2026-03-02 17:00")).resume(
        uk("2026-03-03 10:00")
    )


def test_equal_instants_keep_the_callers_order():
    t0 = uk("2026-03-02 10:00")
    # pause then resume at the same instant: a valid empty pause.
    t = Timer.from_events(UK, H, [(t0, "start"), (t0, "pause"), (t0, "resume")])
    assert t.deadline == uk("2026-03-02 11:00")
    # resume then pause at the same instant: resume while running.
    with pytest.raises(TimerEventError) as info:
        Timer.from_events(UK, H, [(t0, "start"), (t0, "resume"), (t0, "pause")])
    assert info.value.index == 1


def test_instants_in_the_autumn_fold_are_ordered_as_instants():
    # 2026-10-25: London reads 01:00-02:00 twice (BST, fold=0, then GMT, fold=1).
    # start 01:10 BST = 00:10Z, pause 01:50 BST = 00:50Z, resume 01:05 GMT = 01:05Z:
    # by wall clock the resume comes first; as instants it comes last.
    events = [
        (uk("2026-10-25 01:05", fold=1), "resume"),
        (uk("2026-10-25 01:10"), "start"),
        (uk("2026-10-25 01:50"), "pause"),
    ]
    t = Timer.from_events(ALWAYS, 4 * H, events)
    # 40m before the pause, then 01:05Z-02:00Z = 55m.
    assert t.elapsed(datetime(2026, 10, 25, 2, tzinfo=UTC)) == 95 * M
    # 4h - 40m = 3h20 from 01:05Z -> 04:25Z, given back in London time (GMT).
    assert t.deadline == datetime(2026, 10, 25, 4, 25, tzinfo=LONDON)
    # A resume at 01:40 BST (00:40Z) precedes a pause at 01:30 GMT (01:30Z).
    with pytest.raises(TimerEventError) as info:
        Timer.from_events(
            ALWAYS,
            H,
            [
                (uk("2026-10-25 01:00"), "start"),
                (uk("2026-10-25 01:30", fold=1), "pause"),
                (uk("2026-10-25 01:40"), "resume"),
            ],
        )
    assert info.value.index == 2


def test_zero_target():
    # A zero target is due at once: deadline = start, used up (warning) at the start,
    # breached just after it.
    t0 = uk("2026-03-02 10:00")
    t = Timer(UK, timedelta(0), t0)
    assert t.deadline == t0
    assert t.fraction(t0) == 1.0
    assert t.state(t0) is TimerState.WARNING
    assert t.state(t0 + M) is TimerState.BREACHED
    assert t.fraction(t0 + M) == math.inf
    assert t.stop(t0).met
    # Started out of hours, the zero deadline is still the start (add(a, 0) == a).
    assert Timer(UK, timedelta(0), uk("2026-03-07 12:00")).deadline == uk("2026-03-07 12:00")


def test_warn_at_is_the_timers_own():
    t = Timer(UK, 4 * H, uk("2026-03-02 09:00"), warn_at=0.5)
    assert t.warn_at == 0.5
    assert t.state(uk("2026-03-02 10:59")) is TimerState.RUNNING
    assert t.state(uk("2026-03-02 11:00")) is TimerState.WARNING  # 2h of 4h
    # 0.9 means exactly 9/10: 90 % of 10h is 9h, reached at 9h, not a microsecond later.
    ten = Timer(ALWAYS, 10 * H, datetime(2026, 1, 1, tzinfo=UTC), warn_at=0.9)
    assert ten.when(0.9) == datetime(2026, 1, 1, 9, tzinfo=UTC)
    assert ten.state(datetime(2026, 1, 1, 9, tzinfo=UTC)) is TimerState.WARNING


def test_fractions_round_up_to_the_microsecond():
    # A fraction is reached at the first microsecond at which elapsed >= f x target:
    # 1/3 of 10us is 3.33us -> 4us; 1/4 of 10us is 2.5us -> 3us.
    t0 = datetime(2026, 1, 1, tzinfo=UTC)
    us = timedelta(microseconds=1)
    t = Timer(ALWAYS, 10 * us, t0, warn_at=0.25)
    assert t.when(Fraction(1, 3)) == t0 + 4 * us
    assert t.when(0.25) == t0 + 3 * us
    assert t.state(t0 + 2 * us) is TimerState.RUNNING  # 2us < 2.5us
    assert t.state(t0 + 3 * us) is TimerState.WARNING


def test_timers_are_values():
    t = Timer(UK, 4 * H, uk("2026-03-02 09:00"))
    paused = t.pause(uk("2026-03-02 10:00"))
    assert t.paused_at is None  # the original is unchanged
    assert paused != t
    assert hash(t) == hash(Timer(UK, 4 * H, uk("2026-03-02 09:00")))
    with pytest.raises(AttributeError):
        t.target = H  # type: ignore[misc]
    # The same instant in another tzinfo is the same timer.
    assert t == Timer(UK, 4 * H, datetime(2026, 3, 2, 9, tzinfo=UTC))


def test_timer_state_is_a_str_enum():
    assert [s.value for s in TimerState] == ["running", "paused", "warning", "breached", "met"]
    assert TimerState.WARNING == "warning"
    assert isinstance(Timer(UK, H, uk("2026-03-02 09:00")).fraction(uk("2026-03-02 09:30")), float)


# --------------------------------------------------------------------------- errors

T0 = uk("2026-03-02 09:00")
NAIVE = datetime(2026, 3, 2, 9)


@pytest.mark.parametrize(
    "call",
    [
        lambda: Timer(UK, H, NAIVE),
        lambda: Timer(UK, H, T0).pause(NAIVE),
        lambda: Timer(UK, H, T0).pause(T0).resume(NAIVE),
        lambda: Timer(UK, H, T0).stop(NAIVE),
        lambda: Timer(UK, H, T0).restart(NAIVE),
        lambda: Timer(UK, H, T0).elapsed(NAIVE),
        lambda: Timer(UK, H, T0).remaining(NAIVE),
        lambda: Timer(UK, H, T0).fraction(NAIVE),
        lambda: Timer(UK, H, T0).state(NAIVE),
        lambda: Timer(UK, H, T0).projected_deadline(NAIVE),
        lambda: Timer.from_events(UK, H, [(T0, "start"), (NAIVE, "stop")]),
    ],
)
def test_naive_datetimes_are_refused(call):
    with pytest.raises(NaiveDatetimeError):
        call()


@pytest.mark.parametrize("target", [3600, 1.5, "4h", None, datetime(2026, 1, 1, tzinfo=UTC)])
def test_a_target_must_be_a_timedelta(target):
    with pytest.raises(ArgumentTypeError, match="target") as info:
        Timer(UK, target, T0)
    assert isinstance(info.value, TypeError) and isinstance(info.value, SlacalcError)


def test_a_calendar_is_required():
    with pytest.raises(ArgumentTypeError, match="calendar"):
        Timer("uk", H, T0)  # type: ignore[arg-type]


def test_a_negative_target_is_refused():
    with pytest.raises(ParseError, match="zero or more") as info:
        Timer(UK, -M, T0)
    assert isinstance(info.value, ValueError)


@pytest.mark.parametrize("instant", ["2026-03-02 09:00", 0, None])
def test_instants_must_be_datetimes(instant):
    with pytest.raises(ArgumentTypeError):
        Timer(UK, H, instant)
    with pytest.raises(ArgumentTypeError):
        Timer(UK, H, T0).elapsed(instant)


@pytest.mark.parametrize("warn_at", [-0.1, 1.01, math.nan, math.inf])
def test_warn_at_must_be_a_fraction(warn_at):
    with pytest.raises(ParseError, match="warn_at"):
        Timer(UK, H, T0, warn_at=warn_at)


@pytest.mark.parametrize("warn_at", ["0.5", None, True])
def test_warn_at_must_be_a_number(warn_at):
    with pytest.raises(ArgumentTypeError, match="warn_at"):
        Timer(UK, H, T0, warn_at=warn_at)


@pytest.mark.parametrize("f", [-0.5, math.nan, math.inf])
def test_when_refuses_impossible_fractions(f):
    with pytest.raises(ParseError):
        Timer(UK, H, T0).when(f)
    with pytest.raises(ParseError):
        Timer(UK, H, T0).alerts([0.5, f])


def test_when_refuses_non_numbers():
    with pytest.raises(ArgumentTypeError):
        Timer(UK, H, T0).when("half")  # type: ignore[arg-type]


def at_(hours: float) -> datetime:
    return later(T0, timedelta(hours=hours))


@pytest.mark.parametrize(
    ("events", "index", "words"),
    [
        ([(at_(0), "start"), (at_(1), "resume")], 1, "running, not paused"),
        ([(at_(0), "start"), (at_(1), "pause"), (at_(2), "pause")], 2, "already paused"),
        ([(at_(0), "start"), (at_(1), "stop"), (at_(2), "pause")], 2, "stopped"),
        ([(at_(0), "start"), (at_(1), "stop"), (at_(2), "resume")], 2, "stopped"),
        ([(at_(0), "start"), (at_(1), "stop"), (at_(2), "stop")], 2, "stopped"),
        ([(at_(0), "start"), (at_(1), "start")], 1, "second 'start'"),
        ([(at_(1), "start"), (at_(0), "pause")], 1, "before the timer starts"),
        ([(at_(0), "stop")], 0, "before the timer starts"),
        ([(at_(0), "start"), (at_(1), "hold")], 1, "not an event kind"),
        ([(at_(0), "start"), (at_(1), 7)], 1, "not an event kind"),
        # Out of order: sorted, the resume (index 0) comes after the stop (index 2).
        ([(at_(3), "resume"), (at_(0), "start"), (at_(1), "stop")], 0, "stopped"),
    ],
)
def test_impossible_event_logs_name_the_event_and_its_index(events, index, words):
    with pytest.raises(TimerEventError, match=words) as info:
        Timer.from_events(UK, H, events)
    error = info.value
    assert isinstance(error, ValueError) and isinstance(error, SlacalcError)
    assert error.index == index
    assert f"events[{index}]" in str(error)
    assert error.event is not None and error.event[0] == events[index][0]


def test_an_empty_log_is_refused():
    with pytest.raises(TimerEventError, match="no events"):
        Timer.from_events(UK, H, [])


@pytest.mark.parametrize("event", [T0, (T0,), (T0, "start", "x"), "start"])
def test_malformed_events_are_refused(event):
    with pytest.raises(ArgumentTypeError, match=r"events\[1\]"):
        Timer.from_events(UK, H, [(T0, "start"), event])


@pytest.mark.parametrize(
    ("make", "words"),
    [
        (lambda t: t.resume(at_(1)), "running, not paused"),
        (lambda t: t.pause(at_(1)).pause(at_(2)), "already paused"),
        (lambda t: t.stop(at_(1)).pause(at_(2)), "stopped"),
        (lambda t: t.stop(at_(1)).stop(at_(2)), "stopped"),
        (lambda t: t.pause(at_(-1)), "before the timer's last event"),
        (lambda t: t.pause(at_(2)).resume(at_(1)), "before the timer's last event"),
        (lambda t: t.stop(at_(2)).restart(at_(1)), "before the timer's last event"),
    ],
)
def test_impossible_verbs_raise_timer_event_errors(make, words):
    with pytest.raises(TimerEventError, match=words) as info:
        make(Timer(UK, H, T0))
    assert info.value.index is None
    assert info.value.event is not None


def test_random_logs_replay_identically():
    # A fixed seed, many logs: from_events agrees with the verbs every time.
    rng = random.Random(3)
    for _ in range(50):
        log = [(T0, "start")]
        state, t = "running", T0
        for _ in range(6):
            t = later(t, timedelta(minutes=rng.randint(1, 900)))
            kind = rng.choice(
                {"running": ["pause", "stop"], "paused": ["resume", "stop"]}.get(state, ["restart"])
            )
            log.append((t, kind))
            state = {"pause": "paused", "stop": "stopped"}.get(kind, "running")
        assert Timer.from_events(UK, 4 * H, reversed(log)) == build(UK, 4 * H, log)


# ------------------------------------------------------------------ a status in one pass


def status_by_the_questions(t: Timer, now: datetime, thresholds: tuple[float, ...]) -> tuple:
    """A board row as the separate public questions answer it (the definition)."""
    state = t.state(now)
    stopped = t.stopped_at is not None and utc(t.stopped_at) <= utc(now)
    upcoming = []
    if state in (TimerState.RUNNING, TimerState.WARNING, TimerState.BREACHED) and not stopped:
        upcoming = [(f, w) for f, w in t.alerts(thresholds) if utc(w) >= utc(now)]
    alert = min(upcoming, key=lambda pair: utc(pair[1])) if upcoming else None
    return state, t.deadline, t.remaining(now), t.fraction(now), alert


@PROPS
@given(scenario_calendar(), targets, st.data())
def test_a_status_row_answers_as_the_separate_questions(sc_cal, target, data):
    scn, pair = sc_cal
    assume(opens(pair.cal))
    t = Timer.from_events(pair.cal, target, data.draw(timer_logs(scn)))
    now = data.draw(fine_instants(scn))
    thresholds = tuple(data.draw(st.lists(st.sampled_from([0, 0.25, 0.5, 0.9, 1, 1.5]))))
    row = sc.Ticket("T", {"fix": t}).status(now, thresholds=thresholds)[0]
    got = (row.state, row.deadline, row.remaining, row.fraction, row.next_alert)
    assert got == status_by_the_questions(t, now, thresholds)


def test_a_status_row_walks_the_clock_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Two pauses, so three stretches: each stretch's business time once, one add for
    the deadline and one per threshold still ahead (here two of three)."""
    t0 = uk("2026-03-02 09:00")
    t = Timer(UK, 8 * H, t0).pause(t0 + H).resume(t0 + 2 * H).pause(t0 + 3 * H).resume(t0 + 4 * H)
    now = t0 + 5 * H  # 3h used of 8h: 50% and 90% ahead, 25% passed
    calls = {"add": 0, "elapsed": 0}
    for name in calls:
        real = getattr(sc.Calendar, name)

        def counted(self, *args, _real=real, _name=name, **kw):
            calls[_name] += 1
            return _real(self, *args, **kw)

        monkeypatch.setattr(sc.Calendar, name, counted)
    row = sc.Ticket("T", {"fix": t}).status(now, thresholds=(0.25, 0.5, 0.9))[0]
    assert row.remaining == 5 * H and row.state is TimerState.RUNNING
    assert row.next_alert == (0.5, t0 + 6 * H)
    assert calls == {"add": 3, "elapsed": 3}


def test_a_long_log_with_restarts_equals_the_verb_by_verb_timer():
    # from_events gathers pauses and cycles in lists; the verbs copy tuples. Same timer.
    rng = random.Random(13)
    t0 = uk("2026-01-05 09:00")
    log = [(t0, "start")]
    at, state = t0, "running"
    for _ in range(600):
        at = at + timedelta(minutes=rng.randrange(1, 300))
        kind = rng.choice(
            {"running": ["pause", "pause", "stop", "restart"], "paused": ["resume", "stop"]}.get(
                state, ["restart"]
            )
        )
        log.append((at, kind))
        state = {"pause": "paused", "stop": "stopped"}.get(kind, "running")
    t = Timer.from_events(UK, 4 * H, log)
    verbs = build(UK, 4 * H, log)
    assert t == verbs
    assert [(c.pauses, c.start, c.stopped_at) for c in t.cycles] == [
        (c.pauses, c.start, c.stopped_at) for c in verbs.cycles
    ]
    assert sum(k == "restart" for _, k in log) == len(t.previous) > 5
    assert sum(k == "resume" for _, k in log) == sum(len(c.pauses) for c in t.cycles) > 20
