"""The replay: a ticket's activity as a timeline of instants, and clocks run over it.

This is the engine's core, with no catalogue in it: :func:`timeline` turns an
:class:`~slacalc.activity.Activity` into the instants at which something
happened (what each field holds after the instant, which fields changed, which
events fired), and :func:`run_clock` runs one compiled policy over them and
returns its cycles as indexes into the timeline. Business time is counted
elsewhere (:mod:`slacalc.activity.outcomes`), on the calendar's ``elapsed`` and
``add``.

>>> from datetime import datetime, timedelta, UTC
>>> from slacalc.activity import Activity
>>> from slacalc.activity.policy import compile_policy, default_policy
>>> t0 = datetime(2026, 3, 2, 9, tzinfo=UTC)
>>> a = Activity.of("INC-1", t0, {"status": "New"}, [
...     (t0 + timedelta(hours=1), "status", "On hold"),
...     (t0 + timedelta(hours=2), "status", "Resolved")])
>>> line = timeline(a, t0 + timedelta(days=1), events=("comment",))
>>> [(s.at.hour, s.state["status"]) for s in line]
[(9, 'New'), (10, 'On hold'), (11, 'Resolved')]
>>> [(c.first, c.end, c.how, c.runs) for c in
...  run_clock(line, compile_policy(default_policy("sla", "resolution")))]
[(0, 2, 'stopped', ((0, True), (1, False)))]
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from datetime import UTC, datetime
from typing import NamedTuple

from slacalc.activity.conditions import Instant
from slacalc.activity.log import Activity
from slacalc.activity.policy import CompiledPolicy

__all__ = ["Cycle", "Snapshot", "run_clock", "timeline"]


class Snapshot(NamedTuple):
    """One instant of a ticket's timeline (UTC): the state after every change at it."""

    at: datetime
    state: Mapping[str, str]
    changed: frozenset[str]
    events: Mapping[str, tuple[str, ...]]
    created: bool


def timeline(activity: Activity, as_of: datetime, *, events: Collection[str]) -> list[Snapshot]:
    """The instants of ``activity`` up to and including ``as_of``: the creation instant
    first (with the changes made at it), then each later instant with changes.

    Event fields (``events``) do not enter ``state``: a marker lasts an instant.
    Initial fields are the state at creation, not changes. Empty if the ticket
    was created after ``as_of``.
    """
    n = as_of.astimezone(UTC)
    created = activity.created.astimezone(UTC)
    if created > n:
        return []
    ev = frozenset(events)
    state = {k: v for k, v in activity.initial.items() if k not in ev}
    out: list[Snapshot] = []
    at = created
    before: dict[str, str | None] = {}
    fired: dict[str, list[str]] = {}
    for c in activity.changes:
        cu = c.at.astimezone(UTC)
        if cu > n:
            break
        if cu != at:
            out.append(_snap(at, state, before, fired, not out))
            at, before, fired = cu, {}, {}
        if c.field in ev:
            fired.setdefault(c.field, []).append(c.value)
        else:
            if c.field not in before:
                before[c.field] = state.get(c.field)
            state[c.field] = c.value
    out.append(_snap(at, state, before, fired, not out))
    return out


def _snap(
    at: datetime,
    state: dict[str, str],
    before: dict[str, str | None],
    fired: dict[str, list[str]],
    first: bool,
) -> Snapshot:
    changed = frozenset(f for f, old in before.items() if state.get(f) != old)
    return Snapshot(at, dict(state), changed, {k: tuple(v) for k, v in fired.items()}, first)


class Cycle(NamedTuple):
    """One cycle of a clock, as indexes into the timeline.

    ``first`` is the snapshot at which it started; ``end`` the snapshot at which
    it stopped or was cancelled (``None`` while open at ``as_of``); ``how`` is
    ``"stopped"``, ``"cancelled"``, ``"retargeted"`` (ended by a priority change
    under ``on_priority_change = "restart"``), ``"renewed"`` (ended by ``renew``,
    the next cycle begun at the same instant) or ``"open"``; ``runs`` pairs each
    timeline segment the cycle spans (segment k runs from snapshot k to the next
    snapshot, or to ``as_of``) with whether the clock ran in it; ``running_at_end``
    says whether it ran just before its end (at its start, if it spans no segment).
    """

    first: int
    end: int | None
    how: str
    runs: tuple[tuple[int, bool], ...]
    running_at_end: bool


class _Open:
    __slots__ = ("end", "first", "how", "paused_at_start", "runs")

    def __init__(self, first: int, paused: bool) -> None:
        self.first = first
        self.end: int | None = None
        self.how = "open"
        self.runs: list[tuple[int, bool]] = []
        self.paused_at_start = paused

    def freeze(self) -> Cycle:
        at_end = self.runs[-1][1] if self.runs else not self.paused_at_start
        return Cycle(self.first, self.end, self.how, tuple(self.runs), at_end)


def run_clock(
    line: Sequence[Snapshot],
    policy: CompiledPolicy,
    *,
    held: Callable[[Mapping[str, str]], bool] | None = None,
    priorities: Sequence[str | None] | None = None,
) -> list[Cycle]:
    """Run one clock over a timeline; the rules are those of docs/activity.md.

    At each instant, in this order: a running cycle is cancelled if ``cancel``
    holds, else stopped if ``stop`` holds, else renewed (ended, and the next begun
    at once) if ``renew`` holds, else (under ``restart``) ended and begun anew if
    the priority changed. A clock not running resets if its last
    cycle stopped and ``reset`` holds (a new cycle, or the old one resumes), else
    starts if ``start`` holds and did not at the previous instant (or one of the
    events it names happened at this instant); a cycle begun
    so is then cancelled or stopped at once if ``cancel`` or ``stop`` holds.
    The clock runs over the segment after the instant unless ``pause`` holds.
    ``held`` says whether the clock's party holds the ticket in a state;
    ``priorities`` gives the effective priority at each snapshot.
    """
    cycles: list[_Open] = []
    cur: _Open | None = None
    last: _Open | None = None
    prev_start = False
    restart = policy.restart_on_priority and priorities is not None
    for k, snap in enumerate(line):
        inst = Instant(
            snap.state, snap.changed, snap.events, snap.created, bool(held and held(snap.state))
        )
        started = policy.start(inst)
        # A rising edge; a start naming an event fires at every instant the event happens.
        rises = started and (not prev_start or policy.start_event(inst))
        prev_start = started
        if cur is not None:
            if policy.cancel(inst):
                cur.end, cur.how, cur, last = k, "cancelled", None, None
            elif policy.stop(inst):
                cur.end, cur.how, last, cur = k, "stopped", cur, None
            elif policy.renew(inst):
                cur.end, cur.how = k, "renewed"
                cur = _Open(k, policy.pause(inst))
                cycles.append(cur)
            elif restart and k and priorities[k] != priorities[k - 1]:  # type: ignore[index]
                cur.end, cur.how = k, "retargeted"
                cur = _Open(k, policy.pause(inst))
                cycles.append(cur)
        else:
            began = False
            if last is not None and policy.reset(inst):
                if policy.resume:
                    assert last.end is not None
                    last.runs.extend((j, False) for j in range(last.end, k))
                    cur, last.end, last.how = last, None, "open"
                else:
                    cur = _Open(k, policy.pause(inst))
                    cycles.append(cur)
                last, began = None, True
            elif rises:
                cur = _Open(k, policy.pause(inst))
                cycles.append(cur)
                began = True
            if began:
                assert cur is not None
                if policy.cancel(inst):
                    cur.end, cur.how, cur = k, "cancelled", None
                elif policy.stop(inst):
                    cur.end, cur.how, last, cur = k, "stopped", cur, None
        if cur is not None:
            cur.runs.append((k, not policy.pause(inst)))
    return [c.freeze() for c in cycles]
