"""A brute-force twin of ``slacalc.activity.evaluate``, written from docs/activity.md only.

It shares no code with the engine (and imports nothing from slacalc). A ticket
is a plain description: the creation minute, the initial fields and a list of
``(minute, field, value)`` changes; a condition is a nested tuple. The twin walks
the ticket minute by minute: at every minute with a change (or the creation
minute) it applies the changes in the caller's order and decides the clock's
transitions by its own reading of the rules; in every minute it asks whether
the clock runs, and counts the minute if the calendar oracle covers it.

Conditions (tuples): ``("eq", f, v)``, ``("ne", f, v)``, ``("in", f, vs)``,
``("changed", f, vs_or_None)``, ``("created",)``, ``("held",)``, ``("not", c)``,
``("and", c, d)``, ``("or", c, d)``. Event fields (``EVENTS``) are markers.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

EVENTS = ("comment",)

Cond = tuple  # type: ignore[type-arg]


def render(c: Cond) -> str:
    """The condition in the engine's grammar."""
    kind = c[0]
    if kind in ("eq", "ne"):
        return f'{c[1]} {"==" if kind == "eq" else "!="} "{c[2]}"'
    if kind == "in":
        return f"{c[1]} in [" + ", ".join(f'"{v}"' for v in c[2]) + "]"
    if kind == "changed":
        if c[2] is None:
            return f"{c[1]} changed"
        return f"{c[1]} changed to [" + ", ".join(f'"{v}"' for v in c[2]) + "]"
    if kind in ("created", "held"):
        return kind
    if kind == "not":
        return f"not ({render(c[1])})"
    return f"({render(c[1])} {kind} {render(c[2])})"


@dataclass
class Moment:
    """What a condition sees at a minute with changes."""

    state: dict[str, str]
    before: dict[str, str]
    fired: list[tuple[str, str]]
    created: bool
    held: bool


def happened(c: Cond, m: Moment) -> bool:
    """Whether one of the events ``c`` names (created, changed, an event field) happened."""
    kind = c[0]
    if kind == "created":
        return m.created
    if kind == "held":
        return False
    if kind == "not":
        return happened(c[1], m)
    if kind in ("and", "or"):
        return happened(c[1], m) or happened(c[2], m)
    if kind == "changed" or c[1] in EVENTS:
        return holds(c, m)
    return False


def holds(c: Cond, m: Moment) -> bool:
    kind = c[0]
    if kind == "created":
        return m.created
    if kind == "held":
        return m.held
    if kind == "not":
        return not holds(c[1], m)
    if kind == "and":
        return holds(c[1], m) and holds(c[2], m)
    if kind == "or":
        return holds(c[1], m) or holds(c[2], m)
    f = c[1]
    if f in EVENTS:
        values = [v for g, v in m.fired if g == f]
        if kind == "eq":
            return c[2] in values
        if kind == "ne":
            return any(v != c[2] for v in values)
        if kind == "in" or (kind == "changed" and c[2] is not None):
            return any(v in c[2] for v in values)
        return bool(values)  # changed
    now = m.state.get(f)
    if kind == "eq":
        return now == c[2]
    if kind == "ne":
        return now != c[2]
    if kind == "in":
        return now in c[2]
    moved = now != m.before.get(f)
    return moved if c[2] is None else moved and now in c[2]


@dataclass
class Policy:
    start: Cond
    stop: Cond
    pause: Cond | None = None
    reset: Cond | None = None
    cancel: Cond | None = None
    renew: Cond | None = None  # ends a running cycle (judged) and begins the next
    resume: bool = False  # reopen = "resume"
    restart: bool = False  # on_priority_change = "restart"


@dataclass
class BruteCycle:
    start: int
    end: int | None = None  # the minute it stopped or was cancelled
    how: str = "open"
    minutes: list[tuple[int, bool]] = field(default_factory=list)  # (minute, running)
    flag: bool = True  # running as of the last instant it saw (at its start, at first)
    prio_start: str = ""
    prio_end: str = ""


def walk(
    created: int,
    initial: dict[str, str],
    changes: Sequence[tuple[int, str, str]],
    as_of: int,
    policy: Policy,
    held: Callable[[dict[str, str]], bool] = lambda s: False,
) -> list[BruteCycle]:
    """Every cycle of one clock, minute by minute, up to ``as_of``."""
    at: dict[int, list[tuple[str, str]]] = {}
    for minute, f, v in changes:  # the caller's order within a minute
        at.setdefault(minute, []).append((f, v))
    state = {k: v for k, v in initial.items() if k not in EVENTS}
    cycles: list[BruteCycle] = []
    cur: BruteCycle | None = None
    last: BruteCycle | None = None
    prev_start = False
    prev_prio = state.get("priority", "")
    running = False
    for minute in range(created, as_of + 1):
        if minute == created or minute in at:
            before = dict(state)
            fired = []
            for f, v in at.get(minute, []):
                if f in EVENTS:
                    fired.append((f, v))
                else:
                    state[f] = v
            m = Moment(state, before, fired, minute == created, held(state))

            def yes(c: Cond | None, m: Moment = m) -> bool:
                return c is not None and holds(c, m)

            started = yes(policy.start)
            rises = started and (not prev_start or happened(policy.start, m))
            prev_start = started
            prio = state.get("priority", "")
            if cur is not None:
                if yes(policy.cancel):
                    cur.end, cur.how, cur.prio_end = minute, "cancelled", prio
                    cur = last = None
                elif yes(policy.stop):
                    cur.end, cur.how, cur.prio_end = minute, "stopped", prio
                    last, cur = cur, None
                elif yes(policy.renew):
                    cur.end, cur.how, cur.prio_end = minute, "renewed", prio
                    cur = BruteCycle(minute, prio_start=prio, flag=not yes(policy.pause))
                    cycles.append(cur)
                elif policy.restart and prio != prev_prio:
                    cur.end, cur.how, cur.prio_end = minute, "retargeted", prio
                    cur = BruteCycle(minute, prio_start=prio, flag=not yes(policy.pause))
                    cycles.append(cur)
            else:
                began = False
                if last is not None and yes(policy.reset):
                    if policy.resume:
                        assert last.end is not None
                        last.minutes.extend((x, False) for x in range(last.end, minute))
                        cur, last.end, last.how = last, None, "open"
                    else:
                        cur = BruteCycle(minute, prio_start=prio, flag=not yes(policy.pause))
                        cycles.append(cur)
                    last, began = None, True
                elif rises:
                    cur = BruteCycle(minute, prio_start=prio, flag=not yes(policy.pause))
                    cycles.append(cur)
                    began = True
                if began:
                    assert cur is not None
                    if yes(policy.cancel):
                        cur.end, cur.how, cur.prio_end = minute, "cancelled", prio
                        cur = None
                    elif yes(policy.stop):
                        cur.end, cur.how, cur.prio_end = minute, "stopped", prio
                        last, cur = cur, None
            prev_prio = prio
            running = cur is not None and not yes(policy.pause)
            if cur is not None:
                cur.flag = running
        if cur is not None and minute < as_of:
            cur.minutes.append((minute, running))
    if cur is not None:
        cur.prio_end = state.get("priority", "")
    return cycles


@dataclass
class Judged:
    how: str
    start: int
    end: int
    priority: str
    elapsed: int
    paused: int
    deadline: int | None
    breached: bool
    shares: dict[str, int]
    breach_party: str | None
    closed: bool


def judge(
    cycle: BruteCycle,
    as_of: int,
    covered: Callable[[int], bool],
    add: Callable[[int, int], int | None],
    targets: dict[str, int],
    restart: bool,
    party: Callable[[int], str],
) -> Judged:
    """The numbers of one cycle, counting covered minutes."""
    end = as_of if cycle.end is None else cycle.end
    priority = cycle.prio_start if restart else cycle.prio_end
    target = targets[priority]
    elapsed, deadline, who = 0, None, None
    shares: dict[str, int] = {}
    if target == 0:
        deadline = cycle.start
        who = next((party(x) for x, run in cycle.minutes if run), None)
    for x, run in cycle.minutes:
        if run and covered(x):
            elapsed += 1
            shares[party(x)] = shares.get(party(x), 0) + 1
            if deadline is None and elapsed == target:
                deadline, who = x + 1, party(x)
    if cycle.end is None:
        at_end = cycle.flag  # running at as_of
    elif cycle.minutes:
        at_end = cycle.minutes[-1][1]  # running in the minute before the stop
    else:
        at_end = cycle.flag  # a cycle that stopped where it began: as it began
    if deadline is None and at_end:
        deadline = add(end, target - elapsed)
        assert deadline is not None, "the oracle's range is too short"
    span = sum(1 for x in range(cycle.start, end) if covered(x))
    if cycle.how in ("cancelled", "retargeted"):
        how = "cancelled"
    elif deadline is not None and end > deadline:
        how = "breached"
    else:
        how = "pending" if cycle.end is None else "met"
    return Judged(
        how,
        cycle.start,
        end,
        priority,
        elapsed,
        span - elapsed,
        deadline,
        how == "breached",
        shares,
        who,
        cycle.end is not None,
    )
