"""Clock rules from a platform mapping: the platform's statuses and groups in slacalc's policies.

:func:`activity_rules` turns a :class:`~slacalc.platforms.PlatformMapping` into
:class:`~slacalc.activity.ActivityRules` for :func:`~slacalc.activity.evaluate`:
the built-in ITIL policies (response runs from creation to the first public
reply or resolution; resolution pauses while pending, stops when resolved or
closed, and a reopen starts a new cycle), written with the platform's own
status values, its groups as OLA teams, and ``group`` as the assignment field.

>>> from slacalc.platforms import PlatformMapping
>>> rules = activity_rules(PlatformMapping("zendesk", statuses={
...     "pending": ("pending", "hold"), "resolved": ("solved",), "closed": ("closed",)}))
>>> str(rules.policies[("sla", "resolution")].pause)
'status in ["pending", "hold"]'
"""

from __future__ import annotations

from collections.abc import Iterable

from slacalc.activity import ActivityRules, ClockPolicy
from slacalc.errors import InvalidValueError
from slacalc.platforms.mapping import PlatformMapping

__all__ = ["activity_rules"]


def _list(values: Iterable[str]) -> str:
    out = []
    for v in values:
        out.append('"' + v.replace("\\", "\\\\").replace('"', '\\"') + '"')
    return "[" + ", ".join(out) + "]"


def activity_rules(mapping: PlatformMapping) -> ActivityRules:
    """The rules that judge a platform's activity by its mapping's statuses and groups.

    The mapping must name at least one ``resolved`` or ``closed`` status (else
    no clock could stop).
    """
    done = (*mapping.statuses.get("resolved", ()), *mapping.statuses.get("closed", ()))
    if not done:
        raise InvalidValueError(
            f"platforms.{mapping.platform}.statuses",
            dict(mapping.statuses),
            "a mapping naming the resolved or closed statuses (no clock could stop)",
        )
    res = _list(done)
    pending = mapping.statuses.get("pending", ())
    cancelled = mapping.statuses.get("cancelled", ())
    pause = f"status in {_list(pending)}" if pending else None
    cancel = f"status in {_list(cancelled)}" if cancelled else None
    reply = 'comment == "public-reply"'
    policies = {
        ("sla", "response"): ClockPolicy(stop=f"{reply} or status in {res}", cancel=cancel),
        ("sla", "resolution"): ClockPolicy(
            stop=f"status in {res}",
            pause=pause,
            reset=f"status changed and not status in {res}",
            cancel=cancel,
        ),
        ("ola", "response"): ClockPolicy(
            start="held",
            stop=f"not held or status changed or {reply} or status in {res}",
            cancel=cancel,
        ),
        ("ola", "resolution"): ClockPolicy(
            start="held",
            stop=f"not held or status in {res}",
            pause=pause,
            reset=f"held and status changed and not status in {res}",
            cancel=cancel,
        ),
    }
    return ActivityRules(
        policies=policies,
        teams=dict(mapping.groups),
        customer_pending=pause,
        assignment_field="group",
    )
