"""Zendesk: ticket audits, and ticket metric events (Zendesk's SLA verdicts).

- **Audits** (``GET /api/v2/tickets/{id}/audits``, or the incremental ticket
  events export): :func:`zendesk_activity` turns audits into activity. The
  audit holding the ``Create`` events gives the ticket's creation instant and
  initial values; ``Change`` events give changes (``field_name``, ``value``,
  ``previous_value``); ``Comment`` events become a ``comment`` change whose
  value is ``public-reply`` (a public comment by someone other than the
  requester), ``internal-note`` (not public) or ``requester-comment``.
- **Ticket metric events** (``GET /api/v2/incremental/ticket_metric_events``):
  :func:`zendesk_metric_records` gives one record per ticket, metric and
  ``instance_id``.

Zendesk timestamps are UTC with a ``Z`` and are read as written.

>>> audits = [
...     {"id": 1, "ticket_id": 42, "created_at": "2026-03-27T16:00:00Z", "author_id": 7,
...      "events": [{"type": "Create", "field_name": "status", "value": "new"},
...                 {"type": "Create", "field_name": "priority", "value": "high"},
...                 {"type": "Create", "field_name": "requester_id", "value": "7"}]},
...     {"id": 2, "ticket_id": 42, "created_at": "2026-03-30T09:05:00Z", "author_id": 9,
...      "events": [{"type": "Comment", "public": True, "author_id": 9, "body": "On it"},
...                 {"type": "Change", "field_name": "status", "value": "open",
...                  "previous_value": "new"}]}]
>>> a = zendesk_activity(audits).tickets[0]
>>> a.ticket, a.initial["status"], [(c.field, c.value) for c in a.changes]
('42', 'new', [('comment', 'public-reply'), ('status', 'open')])
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator, Mapping
from datetime import datetime, timedelta
from pathlib import Path

from slacalc.activity import Activity, ActivityLog
from slacalc.platforms._build import COMMENT_FIELD, Step, activity
from slacalc.platforms._nodes import ExportError, ExportProblem, Node, text_of
from slacalc.platforms._readings import offset_instant
from slacalc.platforms.mapping import PlatformMapping
from slacalc.platforms.record import PlatformRecord

__all__ = [
    "read_ticket_metric_events",
    "read_zendesk_audits",
    "zendesk_activity",
    "zendesk_metric_records",
]

_TYPES = (
    "activate",
    "pause",
    "fulfill",
    "apply_sla",
    "apply_group_sla",
    "breach",
    "update_status",
    "measure",
)


def zendesk_activity(
    audits: Iterable[Mapping[str, object]],
    mapping: PlatformMapping | None = None,
    *,
    source: str = "",
) -> ActivityLog:
    """The activity of Zendesk tickets from their audits (any order, any mix of tickets).

    Audits are ordered by ``created_at`` (then ``id``); a ticket without a
    ``Create`` audit is a problem (export its audits from its creation on).
    """
    m = mapping or PlatformMapping("zendesk")
    fields = m.fields
    by_platform = {platform: name for name, platform in fields.items()}
    problems: list[tuple[str, str]] = []
    audits_of: dict[str, list[tuple[datetime, int, Node]]] = {}
    for i, raw in enumerate(audits):
        node = Node(raw, f"audits[{i}]")
        try:
            ticket = node.text("ticket_id")
            at = offset_instant(node.raw("created_at"), f"{node.path}.created_at")
            order = node.number("id") if node.has("id") else i
            audits_of.setdefault(ticket, []).append((at, order, node))
        except ExportProblem as bad:
            problems.append((bad.where, bad.message))
    tickets = []
    for ticket, entries in audits_of.items():
        entries.sort(key=lambda e: (e[0], e[1]))
        try:
            tickets.append(_ticket(ticket, entries, by_platform, m))
        except ExportProblem as bad:
            problems.append((bad.where, bad.message))
    if problems:
        raise ExportError(problems, source)
    return ActivityLog(tickets=tuple(tickets))


def _ticket(
    ticket: str,
    entries: list[tuple[datetime, int, Node]],
    by_platform: Mapping[str, str],
    mapping: PlatformMapping,
) -> Activity:
    created: datetime | None = None
    initial: dict[str, str] = {}
    requester = ""
    steps: list[Step] = []
    current: dict[str, str] = {}
    for at, _, audit in entries:
        events = list(audit.items("events"))
        creating = any(
            isinstance(e.value, Mapping) and e.value.get("type") == "Create" for e in events
        )
        for event in events:
            kind = event.text("type")
            if kind == "Create":
                created = created or at
                field = event.text("field_name")
                value = text_of(event.raw("value", None), f"{event.path}.value")
                if field == "requester_id":
                    requester = value
                if field in by_platform:
                    initial[by_platform[field]] = value
            elif kind == "Change":
                field = event.text("field_name")
                if field in by_platform:
                    name = by_platform[field]
                    old = text_of(event.raw("previous_value", None), f"{event.path}.previous_value")
                    new = text_of(event.raw("value", None), f"{event.path}.value")
                    steps.append((at, name, old, new))
                    current[name] = new
                if field == "requester_id":
                    requester = text_of(event.raw("value", None), f"{event.path}.value")
            elif kind == "Comment":
                if creating:
                    continue  # the ticket's description, written with the Create events
                author = event.text("author_id", optional=True) or audit.text(
                    "author_id", optional=True
                )
                if author and author == requester:
                    value = "requester-comment"
                else:
                    value = "public-reply" if event.flag("public") else "internal-note"
                steps.append((at, COMMENT_FIELD, "", value))
    if created is None:
        raise ExportProblem(
            f"audits of ticket {ticket}",
            "no audit with Create events (export the ticket's audits from its creation on)",
        )
    for name in by_platform.values():
        initial.setdefault(name, "")
    current = {**initial, **current}
    path = f"audits of ticket {ticket}"
    return activity(ticket, created, current, steps, path, initial=initial, mapping=mapping)


def _events_from(data: object, key: str, source: str) -> Iterator[Mapping[str, object]]:
    if isinstance(data, Mapping) and key in data:
        data = data[key]
    if not isinstance(data, list):
        raise ExportError([("", f"expected a JSON array or {{{key!r}: [...]}}")], source)
    for item in data:
        if not isinstance(item, Mapping):
            raise ExportError([("", f"expected JSON objects, found {item!r:.60}")], source)
        yield item


def _read_json(path: str | os.PathLike[str], key: str) -> list[Mapping[str, object]]:
    """A whole JSON document, or JSON lines whose lines are objects or pages."""
    source = os.fspath(path)
    text = Path(path).read_text(encoding="utf-8")
    try:
        return list(_events_from(json.loads(text), key, source))
    except json.JSONDecodeError:
        pass
    out: list[Mapping[str, object]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except json.JSONDecodeError as error:
            raise ExportError([(f"line {number}", f"JSON: {error.msg}")], source) from None
        out.extend(_events_from(value if key in value else [value], key, source))
    return out


def read_zendesk_audits(
    path: str | os.PathLike[str], mapping: PlatformMapping | None = None
) -> ActivityLog:
    """The activity in a Zendesk audits file: ``{"audits": [...]}``, an array, or JSON lines."""
    return zendesk_activity(_read_json(path, "audits"), mapping, source=os.fspath(path))


def _minutes(value: object, where: str) -> timedelta:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ExportProblem(where, f"{value!r} is not whole minutes")
    return timedelta(minutes=value)


def _instance(
    key: tuple[str, str, int], events: list[tuple[datetime, int, Node]]
) -> PlatformRecord:
    ticket, metric, instance = key
    start = stop = due = None
    goal = elapsed = None
    business: bool | None = None
    breached = False
    where = events[0][2].path
    for at, _, e in events:
        kind = e.text("type")
        if kind not in _TYPES:
            raise ExportProblem(f"{e.path}.type", f"{kind!r} is not one of {', '.join(_TYPES)}")
        if kind == "activate" and start is None:
            start = at
        elif kind == "fulfill":
            stop = at
        elif kind in ("apply_sla", "apply_group_sla"):
            sla = e.child("sla")
            if sla.has("target_in_seconds"):
                goal = timedelta(seconds=sla.number("target_in_seconds"))
            else:
                goal = _minutes(sla.raw("target"), f"{sla.path}.target")
            business = sla.flag("business_hours")
        elif kind == "breach":
            due = at
            deleted = e.has("deleted") and e.flag("deleted")
            breached = breached or not deleted
        elif kind == "update_status":
            status = e.child("status")
            which = "business" if business else "calendar"
            elapsed = _minutes(status.raw(which), f"{status.path}.{which}")
    if breached and stop is not None and due is not None and due >= stop:
        breached = False
    return PlatformRecord(
        platform="zendesk",
        ticket=ticket,
        metric=metric,
        cycle=instance,
        start=start,
        stop=stop,
        due=due,
        breached=breached if goal is not None else None,
        elapsed=elapsed,
        goal=goal,
        business_hours=business,
        stage="fulfilled" if stop is not None else ("active" if start else "none"),
        where=where,
    )


def zendesk_metric_records(
    events: Iterable[Mapping[str, object]], *, source: str = ""
) -> list[PlatformRecord]:
    """Zendesk's SLA figures from ticket metric events: one per ticket, metric, instance.

    ``activate`` starts the instance, ``fulfill`` stops it, ``apply_sla`` gives
    the target (``sla.target`` minutes) and ``sla.business_hours``, ``breach``
    gives the due time (breached unless the event is ``deleted`` or the
    instance was fulfilled first), and the last ``update_status`` gives the
    elapsed minutes (``status.business`` or ``status.calendar``, as the target
    counts). Events are ordered by ``time``, then ``id``.

    >>> ev = [{"id": 1, "ticket_id": 42, "metric": "reply_time", "instance_id": 1,
    ...        "type": "activate", "time": "2026-03-27T16:00:00Z"},
    ...       {"id": 2, "ticket_id": 42, "metric": "reply_time", "instance_id": 1,
    ...        "type": "apply_sla", "time": "2026-03-27T16:00:00Z",
    ...        "sla": {"target": 240, "business_hours": True, "policy": {"id": 3}}},
    ...       {"id": 3, "ticket_id": 42, "metric": "reply_time", "instance_id": 1,
    ...        "type": "fulfill", "time": "2026-03-30T09:05:00Z"}]
    >>> r = zendesk_metric_records(ev)[0]
    >>> r.key, r.goal, r.business_hours, r.breached
    (('42', 'reply_time', 1), datetime.timedelta(seconds=14400), True, False)
    """
    problems: list[tuple[str, str]] = []
    groups: dict[tuple[str, str, int], list[tuple[datetime, int, Node]]] = {}
    for i, raw in enumerate(events):
        node = Node(raw, f"ticket_metric_events[{i}]")
        try:
            key = (node.text("ticket_id"), node.text("metric"), node.number("instance_id"))
            at = offset_instant(node.raw("time"), f"{node.path}.time")
            order = node.number("id") if node.has("id") else i
            groups.setdefault(key, []).append((at, order, node))
        except ExportProblem as bad:
            problems.append((bad.where, bad.message))
    out = []
    for key, entries in groups.items():
        entries.sort(key=lambda e: (e[0], e[1]))
        try:
            out.append(_instance(key, entries))
        except ExportProblem as bad:
            problems.append((bad.where, bad.message))
    if problems:
        raise ExportError(problems, source)
    return out


def read_ticket_metric_events(path: str | os.PathLike[str]) -> list[PlatformRecord]:
    """Zendesk's SLA figures from a ticket metric events file (JSON or JSON lines)."""
    return zendesk_metric_records(_read_json(path, "ticket_metric_events"), source=os.fspath(path))
