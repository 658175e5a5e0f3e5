"""Shared steps of the readers: values as text, and a ticket's activity from its changes."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime

from slacalc.activity import Activity, Change
from slacalc.platforms._nodes import ExportProblem

__all__ = ["COMMENT_FIELD"]

#: The activity field comments are recorded under; its values are ``public-reply``,
#: ``internal-note`` and ``requester-comment``.
COMMENT_FIELD = "comment"

_NAMED = ("name", "value", "displayName", "key", "id")


def text_of(value: object, where: str) -> str:
    """A field value as activity text: strings as they are, ``""`` for null (unset).

    Objects (Jira's ``{"name": "High"}``, ``{"displayName": "Ann"}``) give
    their first of ``name``, ``value``, ``displayName``, ``key``, ``id``.
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str | int):
        return str(value)
    if isinstance(value, Mapping):
        for key in _NAMED:
            if key in value and value[key] is not None:
                return text_of(value[key], f"{where}.{key}")
        raise ExportProblem(where, f"an object without any of {', '.join(_NAMED)}")
    raise ExportProblem(where, f"{value!r} is not a value slacalc can read as text")


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
) -> Activity:
    """A ticket's activity from its current values and its changes, oldest first.

    Changes are ordered by time, stably (equal times keep the export's order).
    Each field's initial value is the *old* value of its first change when it
    changed later, else its current value; an explicit ``initial`` (Zendesk's
    Create events) wins over both.
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
    try:
        return Activity(
            ticket=ticket,
            created=created,
            initial=start,
            changes=tuple(Change(at, field, new) for at, field, _, new in ordered),
        )
    except (ValueError, TypeError) as error:
        raise ExportProblem(where, str(error)) from None
