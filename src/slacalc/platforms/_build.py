"""Shared steps of the readers: values as text, and a ticket's activity from its changes."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime

from slacalc.activity import Activity, Change
from slacalc.platforms._nodes import ExportProblem
from slacalc.platforms.mapping import PlatformMapping

__all__ = ["COMMENT_FIELD"]

#: The activity field comments are recorded under; its values are ``public-reply``,
#: ``internal-note`` and ``requester-comment``.
COMMENT_FIELD = "comment"

#: One field change as an export states it: (instant, field, old value, new value).
Step = tuple[datetime, str, str, str]


def activity(
    ticket: str,
    created: datetime,
    current: Mapping[str, str],
    steps: Iterable[Step],
    where: str,
    *,
    initial: Mapping[str, str] | None = None,
    mapping: PlatformMapping | None = None,
) -> Activity:
    """A ticket's activity from its current values and its changes, oldest first.

    Changes are ordered by time, stably (equal times keep the export's order).
    Each field's initial value is the *old* value of its first change when it
    changed later, else its current value; an explicit ``initial`` (Zendesk's
    Create events) wins over both. ``mapping`` translates priorities and adds
    its constant values (:meth:`PlatformMapping.translate`), in the same pass.
    """
    ordered = sorted(steps, key=lambda s: s[0])
    start: dict[str, str] = dict(current)
    seen: set[str] = set()
    for _, field, old, _new in ordered:
        if field not in seen and field != COMMENT_FIELD:  # comments are events, not state
            seen.add(field)
            start[field] = old
    if initial is not None:
        start.update(initial)
    rename = mapping.priority if mapping is not None and mapping.priorities else None
    if rename is not None and "priority" in start:
        start["priority"] = rename(start["priority"])
    if mapping is not None:
        for k, v in mapping.values.items():
            start.setdefault(k, v)
    try:
        return Activity(
            ticket=ticket,
            created=created,
            initial=start,
            changes=tuple(
                Change(at, field, rename(new) if rename and field == "priority" else new)
                for at, field, _, new in ordered
            ),
        )
    except (ValueError, TypeError) as error:
        raise ExportProblem(where, str(error)) from None
