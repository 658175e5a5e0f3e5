"""Clock policies: when an SLA, OLA or UC clock starts, pauses, stops, resets and is cancelled.

A :class:`ClockPolicy` is written as conditions over the ticket's fields (see
:mod:`slacalc.activity.conditions`); :func:`compile_policy` turns it into
predicates once, apart from any evaluation, so every engine shares it.

>>> p = ClockPolicy(stop='status in ["Resolved", "Closed"]',
...                 pause='status in ["Pending customer", "On hold"]')
>>> str(p.start), p.reopen, p.on_priority_change
('created', 'new-cycle', 'keep')
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import attrs

from slacalc.activity.conditions import (
    Condition,
    ConditionError,
    Instant,
    Predicate,
    compile_condition,
    parse_condition,
)
from slacalc.errors import ArgumentTypeError, InvalidValueError

__all__ = [
    "DEFAULT_EVENTS",
    "KINDS",
    "PENDING",
    "REOPEN_MODES",
    "RESOLVED",
    "RETARGET_MODES",
    "ClockPolicy",
    "CompiledPolicy",
    "compile_policy",
    "default_policy",
]

#: The agreement kinds a policy is written for.
KINDS = ("sla", "ola", "uc")
#: What a reset (a reopen) does: a new cycle, or the old clock resumes.
REOPEN_MODES = ("new-cycle", "resume")
#: What a priority change does to a running clock.
RETARGET_MODES = ("keep", "restart")
#: Fields whose changes are events (markers), not lasting state.
DEFAULT_EVENTS = ("comment",)
#: The statuses in which the default resolution clocks pause.
PENDING = ("Pending customer", "On hold")
#: The statuses in which a ticket counts as resolved.
RESOLVED = ("Resolved", "Closed")


def _quoted(values: Iterable[str]) -> str:
    return "[" + ", ".join(f'"{v}"' for v in values) + "]"


def _parse(value: Condition | str | None, where: str, optional: bool) -> Condition | None:
    if value is None or (optional and isinstance(value, str) and not value.strip()):
        if not optional:
            raise ConditionError(repr(value), "a condition is required", None, where)
        return None
    if isinstance(value, Condition):
        return value
    if not isinstance(value, str):
        raise ArgumentTypeError(where, value, "a condition (text)")
    return parse_condition(value, where)


def _required(where: str, value: Condition | str) -> Condition:
    out = _parse(value, where, False)
    assert out is not None
    return out


def _start(value: Condition | str) -> Condition:
    return _required("start", value)


def _stop(value: Condition | str) -> Condition:
    return _required("stop", value)


def _pause(value: Condition | str | None) -> Condition | None:
    return _parse(value, "pause", True)


def _reset(value: Condition | str | None) -> Condition | None:
    return _parse(value, "reset", True)


def _cancel(value: Condition | str | None) -> Condition | None:
    return _parse(value, "cancel", True)


def _renew(value: Condition | str | None) -> Condition | None:
    return _parse(value, "renew", True)


def _events(value: Iterable[str]) -> tuple[str, ...]:
    if isinstance(value, str) or not isinstance(value, Iterable):
        raise ArgumentTypeError("events", value, "a sequence of field names")
    out = tuple(value)
    for v in out:
        if not isinstance(v, str) or not v:
            raise ArgumentTypeError("events item", v, "a field name")
    return out


def _choice(name: str, allowed: tuple[str, ...]) -> Callable[[object, object, object], None]:
    def check(inst: object, attr: object, value: object) -> None:
        if value not in allowed:
            raise InvalidValueError(name, value, "one of " + ", ".join(map(repr, allowed)))

    return check


@attrs.frozen(kw_only=True)
class ClockPolicy:
    """When one metric's clock starts, pauses, stops, is reset and is cancelled.

    Conditions are text in the condition grammar (or parsed
    :class:`~slacalc.activity.conditions.Condition` values); an empty ``pause``,
    ``reset``, ``cancel`` or ``renew`` never holds. ``renew`` ends a running
    cycle, judged as if stopped, and begins the next at the same instant (a
    periodic update: every agent update opens a new allowance). ``reopen`` says what a ``reset`` does
    to a stopped clock (``"new-cycle"`` or ``"resume"``), ``on_priority_change``
    whether a running clock keeps its start and elapsed time and takes the new
    priority's target (``"keep"``) or restarts (``"restart"``). ``events`` are
    the fields whose changes are markers (``comment == "public-reply"``).
    ``pause`` is a state: it may not name an event (``created``, ``changed``,
    an event field). The exact semantics are in docs/activity.md.

    >>> ClockPolicy(stop="status changed", pause="status changed")
    Traceback (most recent call last):
    ...
    slacalc.activity.conditions.ConditionError: pause: 'status changed': a pause is a state; it cannot name an event (created, changed, or a field of events)
    """  # noqa: E501

    start: Condition = attrs.field(default=parse_condition("created"), converter=_start)
    stop: Condition = attrs.field(converter=_stop)
    pause: Condition | None = attrs.field(default=None, converter=_pause)
    reset: Condition | None = attrs.field(default=None, converter=_reset)
    cancel: Condition | None = attrs.field(default=None, converter=_cancel)
    renew: Condition | None = attrs.field(default=None, converter=_renew)
    reopen: str = attrs.field(default="new-cycle", validator=_choice("reopen", REOPEN_MODES))
    on_priority_change: str = attrs.field(
        default="keep", validator=_choice("on_priority_change", RETARGET_MODES)
    )
    events: tuple[str, ...] = attrs.field(default=DEFAULT_EVENTS, converter=_events)

    def __attrs_post_init__(self) -> None:
        if self.pause is not None and self.pause.is_event(self.events):
            raise ConditionError(
                self.pause.text,
                "a pause is a state; it cannot name an event "
                "(created, changed, or a field of events)",
                None,
                "pause",
            )
        if self.renew is not None and not self.renew.is_event(self.events):
            raise ConditionError(
                self.renew.text,
                "a renew is an event; it must name one (created, changed, or a field of "
                'events, such as comment == "public-reply"): a state would renew at every '
                "change while it holds",
                None,
                "renew",
            )

    def conditions(self) -> tuple[tuple[str, Condition], ...]:
        """``(name, condition)`` for every condition set, in the order start..renew."""
        pairs = [
            ("start", self.start),
            ("stop", self.stop),
            ("pause", self.pause),
            ("reset", self.reset),
            ("cancel", self.cancel),
            ("renew", self.renew),
        ]
        return tuple((n, c) for n, c in pairs if c is not None)

    def uses_held(self) -> bool:
        """Whether any condition says ``held``."""
        return any(c.uses_held() for _, c in self.conditions())


_RES = _quoted(RESOLVED)
_PEND = _quoted(PENDING)
_DEFAULTS: dict[tuple[str, str], ClockPolicy] = {
    ("sla", "response"): ClockPolicy(
        stop=f'comment == "public-reply" or status in {_RES}', cancel='status == "Cancelled"'
    ),
    ("sla", "resolution"): ClockPolicy(
        stop=f"status in {_RES}",
        pause=f"status in {_PEND}",
        reset=f"status changed and not status in {_RES}",
        cancel='status == "Cancelled"',
    ),
    # Zendesk's next reply time: from a customer's comment (the oldest one not yet
    # answered) to the next public reply; each later customer comment a new cycle.
    ("sla", "next_reply"): ClockPolicy(
        start='comment == "customer-reply"',
        stop=f'comment == "public-reply" or status in {_RES}',
        cancel='status == "Cancelled"',
    ),
    # A periodic update: every public reply ends the allowance (judged) and opens
    # the next, from creation until the ticket is resolved; a reopen begins anew.
    ("sla", "periodic_update"): ClockPolicy(
        stop=f"status in {_RES}",
        renew='comment == "public-reply"',
        reset=f"status changed and not status in {_RES}",
        cancel='status == "Cancelled"',
    ),
    ("ola", "response"): ClockPolicy(
        start="held",
        stop=f'not held or status changed or comment == "public-reply" or status in {_RES}',
        cancel='status == "Cancelled"',
    ),
    ("ola", "resolution"): ClockPolicy(
        start="held",
        stop=f"not held or status in {_RES}",
        pause=f"status in {_PEND}",
        reset=f"held and status changed and not status in {_RES}",
        cancel='status == "Cancelled"',
    ),
    ("uc", "response"): ClockPolicy(
        start="held",
        stop=f'not held or comment == "supplier-reply" or status in {_RES}',
        cancel='status == "Cancelled"',
    ),
    ("uc", "resolution"): ClockPolicy(
        start="held",
        stop=f"not held or status in {_RES}",
        reset=f"held and status changed and not status in {_RES}",
        cancel='status == "Cancelled"',
    ),
}


def default_policy(kind: str, metric: str) -> ClockPolicy | None:
    """The built-in policy for an agreement kind (``sla``, ``ola``, ``uc``) and metric.

    There are defaults for ``response`` and ``resolution`` of every kind, and for
    an SLA's ``next_reply`` and ``periodic_update``; any other metric needs a
    policy of its own (``None`` here).

    >>> str(default_policy("sla", "resolution").pause)
    'status in ["Pending customer", "On hold"]'
    >>> str(default_policy("sla", "periodic_update").renew)
    'comment == "public-reply"'
    >>> default_policy("sla", "update") is None
    True
    """
    if kind not in KINDS:
        raise InvalidValueError("kind", kind, "one of " + ", ".join(map(repr, KINDS)))
    return _DEFAULTS.get((kind, metric))


@attrs.frozen
class CompiledPolicy:
    """A policy's conditions as predicates over an :class:`Instant` (never-holding when unset)."""

    policy: ClockPolicy
    start: Predicate
    stop: Predicate
    pause: Predicate
    reset: Predicate
    cancel: Predicate
    renew: Predicate
    #: Whether one of the events the start condition names happened at the instant
    #: (a start fires at every such instant, not only on a rising edge).
    start_event: Predicate

    @property
    def resume(self) -> bool:
        """Whether a reset resumes the old clock (else it starts a new cycle)."""
        return self.policy.reopen == "resume"

    @property
    def restart_on_priority(self) -> bool:
        """Whether a priority change restarts a running clock."""
        return self.policy.on_priority_change == "restart"


def _never(s: Instant) -> bool:
    return False


def compile_policy(policy: ClockPolicy, *, kind: str = "sla", where: str = "") -> CompiledPolicy:
    """Compile ``policy`` for an agreement ``kind``; ``held`` is refused in an SLA policy.

    >>> c = compile_policy(default_policy("sla", "resolution"))
    >>> c.pause(Instant({"status": "On hold"}, (), {}, False, False))
    True
    """
    if not isinstance(policy, ClockPolicy):
        raise ArgumentTypeError("policy", policy, "a ClockPolicy")
    if kind == "sla":
        for name, cond in policy.conditions():
            if cond.uses_held():
                path = f"{where}.{name}" if where else name
                raise ConditionError(
                    cond.text, "'held' names an OLA's team or a UC's supplier", None, path
                )

    def comp(c: Condition | None) -> Predicate:
        return _never if c is None else compile_condition(c, policy.events)

    return CompiledPolicy(
        policy,
        comp(policy.start),
        comp(policy.stop),
        comp(policy.pause),
        comp(policy.reset),
        comp(policy.cancel),
        comp(policy.renew),
        comp(policy.start.event_part(policy.events)),
    )
