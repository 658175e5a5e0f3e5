"""ServiceNow: the incident table with its ``sys_audit`` history, and ``task_sla`` rows.

ServiceNow writes timestamps as naive local readings (``2026-03-29 01:30:00``) in
the time zone of the user who exported them (``System`` exports are UTC). The
zone is therefore part of the :class:`~slacalc.platforms.PlatformMapping`, never
guessed, and a reading in a DST fold or gap is reported unless the mapping
chose a resolution (``ambiguous``, ``nonexistent``).

Export the raw values (``sysparm_display_value=false``, the CSV export's
default for choice fields), since ``sys_audit`` stores raw values: ``state`` is
``"3"`` for On Hold, ``assignment_group`` a group ``sys_id``.

- :func:`servicenow_activity` (rows) / :func:`read_servicenow` (files): the
  incident rows (``sys_id``, ``number``, ``opened_at`` and the tracked fields)
  and the ``sys_audit`` rows (``documentkey``, ``fieldname``, ``oldvalue``,
  ``newvalue``, ``sys_created_on``; ``tablename`` and ``record_checkpoint``
  used when present).
- :func:`task_sla_records` / :func:`read_task_sla`: ServiceNow's verdicts.

>>> m = PlatformMapping("servicenow", zone="Europe/London")
>>> incidents = [{"sys_id": "a1", "number": "INC0010001", "opened_at": "2026-03-27 16:00:00",
...               "state": "6", "priority": "2", "impact": "2", "urgency": "1",
...               "assignment_group": "g1", "assigned_to": ""}]
>>> audit = [{"documentkey": "a1", "fieldname": "state", "oldvalue": "1", "newvalue": "6",
...           "sys_created_on": "2026-03-30 10:15:00"}]
>>> a = servicenow_activity(incidents, audit, m).tickets[0]
>>> a.initial["status"], a.changes[0].value, a.changes[0].at.isoformat()
('1', '6', '2026-03-30T10:15:00+01:00')
"""

from __future__ import annotations

import csv
import json
import os
import re
from collections.abc import Iterable, Iterator, Mapping
from datetime import UTC, datetime, timedelta
from decimal import Decimal, InvalidOperation
from pathlib import Path

import attrs

from slacalc.activity import Activity, ActivityLog
from slacalc.platforms._build import COMMENT_FIELD, Step, activity
from slacalc.platforms._nodes import ExportError, ExportProblem, Node, collect, text_of
from slacalc.platforms._readings import LocalReadings
from slacalc.platforms.mapping import PlatformMapping
from slacalc.platforms.record import PlatformRecord

__all__ = [
    "read_rows",
    "read_servicenow",
    "read_task_sla",
    "servicenow_activity",
    "task_sla_records",
]

_DURATION_EPOCH = re.compile(r"(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})")
_DURATION_WORDS = re.compile(r"(\d+)\s*(day|hour|minute|second)s?", re.IGNORECASE)
_UNIT = {"day": 86400, "hour": 3600, "minute": 60, "second": 1}
_JOURNAL = {"comments": COMMENT_FIELD, "work_notes": COMMENT_FIELD}
_JOURNAL_VALUE = {"comments": "public-reply", "work_notes": "internal-note"}
_STAGES = {
    "in_progress": "in progress",
    "in progress": "in progress",
    "paused": "paused",
    "completed": "completed",
    "cancelled": "cancelled",
    "breached": "breached",
}


def _audit_order(row: Node) -> tuple[int, ...]:
    value = row.raw("record_checkpoint", None)
    if isinstance(value, str) and value.strip().isdigit():
        return (int(value),)
    return ()


def servicenow_activity(
    incidents: Iterable[Mapping[str, object]],
    audit: Iterable[Mapping[str, object]],
    mapping: PlatformMapping,
    *,
    source: str = "",
) -> ActivityLog:
    """The activity of ServiceNow incidents from their rows and their ``sys_audit`` rows.

    Tickets are named by ``number``; audit rows find their incident by
    ``documentkey`` = ``sys_id``. Rows of other tables (``tablename``) and
    untracked fields are skipped; an audit row for an incident not in the
    export is a problem. Audit rows are ordered by ``sys_created_on`` (then
    ``record_checkpoint`` when given; otherwise equal times keep the file's
    order). An audit row at the creation instant with an empty ``oldvalue``
    records the value the incident was created with (ServiceNow audits
    inserts), not a change. Journal rows (``comments``, ``work_notes``) become
    ``comment`` changes: ``public-reply`` and ``internal-note``.
    """
    readings = mapping.readings()
    by_platform = {platform: name for name, platform in mapping.fields.items()}
    problems: list[tuple[str, str]] = []
    heads: dict[str, tuple[str, datetime, dict[str, str], str]] = {}
    for i, row in enumerate(incidents):
        node = Node(row, f"incidents[{i}]")
        try:
            number = node.text("number")
            path = f"{node.path} ({number})"
            node = Node(row, path)
            sys_id = node.text("sys_id")
            opened = readings.instant(node.text("opened_at"), f"{path}.opened_at")
            current = {
                name: text_of(node.raw(platform), f"{path}.{platform}")
                for name, platform in mapping.fields.items()
            }
        except ExportProblem as bad:
            problems.append((bad.where, bad.message))
            continue
        heads[sys_id] = (number, opened, current, path)
    steps: dict[str, list[tuple[tuple[int, ...], Step]]] = {k: [] for k in heads}
    for i, row in enumerate(audit):
        node = Node(row, f"sys_audit[{i}]")
        try:
            table = node.text("tablename", optional=True)
            if table and table != "incident":
                continue
            fieldname = node.text("fieldname")
            name = by_platform.get(fieldname) or _JOURNAL.get(fieldname)
            if name is None:
                continue
            key = node.text("documentkey")
            if key not in heads:
                raise ExportProblem(
                    f"{node.path}.documentkey", f"{key!r} is no incident in the export"
                )
            at = readings.instant(node.text("sys_created_on"), f"{node.path}.sys_created_on")
            old = node.text("oldvalue", optional=True)
            new = node.text("newvalue", optional=True)
            if fieldname in _JOURNAL:
                old, new = "", _JOURNAL_VALUE[fieldname]
            steps[key].append((_audit_order(node), (at, name, old, new)))
        except ExportProblem as bad:
            problems.append((bad.where, bad.message))
    tickets: list[Activity] = []
    for sys_id, (number, opened, current, path) in heads.items():
        ordered = [s for _, s in sorted(steps[sys_id], key=lambda e: (e[1][0], e[0]))]
        inserted = {f: new for at, f, old, new in ordered if at == opened and old == ""}
        changes = [s for s in ordered if not (s[0] == opened and s[2] == "" and s[1] in inserted)]
        try:
            tickets.append(
                activity(number, opened, current, changes, path, initial=inserted, mapping=mapping)
            )
        except ExportProblem as bad:
            problems.append((bad.where, bad.message))
    if problems:
        raise ExportError(problems, source)
    return ActivityLog(tickets=tuple(tickets))


def _duration(node: Node, key: str) -> timedelta | None:
    """A glide duration: ``1970-01-01 04:30:00``, seconds, or ``4 Hours 30 Minutes``."""
    text = node.text(key, optional=True).strip()
    where = f"{node.path}.{key}"
    if not text:
        return None
    m = _DURATION_EPOCH.fullmatch(text)
    if m:
        y, mo, d, h, mi, s = map(int, m.groups())
        try:
            return datetime(y, mo, d, h, mi, s) - datetime(1970, 1, 1)
        except ValueError:
            raise ExportProblem(where, f"{text!r} is not a duration") from None
    if text.isdigit():
        return timedelta(seconds=int(text))
    parts = _DURATION_WORDS.findall(text)
    if parts and _DURATION_WORDS.sub("", text).strip(" ,") == "":
        return timedelta(seconds=sum(int(n) * _UNIT[u.lower()] for n, u in parts))
    raise ExportProblem(
        where, f"{text!r} is not a duration (1970-01-01 04:30:00, seconds or '4 Hours')"
    )


def _percentage(node: Node, key: str) -> Decimal | None:
    text = node.text(key, optional=True).strip()
    if not text:
        return None
    try:
        return Decimal(text)
    except InvalidOperation:
        raise ExportProblem(f"{node.path}.{key}", f"{text!r} is not a number") from None


def _task_sla(
    node: Node, readings: LocalReadings, tasks: Mapping[str, str]
) -> tuple[tuple[str, str], PlatformRecord]:
    task = node.text("task")
    ticket = tasks.get(task, task)
    path = f"{node.path} ({ticket})"
    node = Node(node.value, path)

    def when(key: str, optional: bool = True) -> datetime | None:
        text = node.text(key, optional=optional)
        return readings.instant(text, f"{path}.{key}") if text.strip() else None

    stage_text = node.text("stage").strip().lower()
    stage = _STAGES.get(stage_text)
    if stage is None:
        raise ExportProblem(f"{path}.stage", f"{stage_text!r} is not a task_sla stage")
    _percentage(node, "business_percentage")
    record = PlatformRecord(
        platform="servicenow",
        ticket=ticket,
        metric=node.text("sla"),
        cycle=0,
        start=when("start_time", optional=False),
        stop=when("end_time"),
        due=when("planned_end_time"),
        breached=node.flag("has_breached"),
        elapsed=_duration(node, "business_duration"),
        paused=_duration(node, "business_pause_duration"),
        stage=stage,
        where=path,
    )
    return (ticket, record.metric), record


def task_sla_records(
    rows: Iterable[Mapping[str, object]],
    mapping: PlatformMapping,
    *,
    incidents: Iterable[Mapping[str, object]] = (),
    source: str = "",
) -> list[PlatformRecord]:
    """ServiceNow's SLA figures from ``task_sla`` rows, one record per row.

    ``task`` is an incident number, or a ``sys_id`` found among ``incidents``.
    The rows of one task and SLA definition are its cycles (a reset attaches a
    new row), numbered from 1 in order of ``start_time``. ``planned_end_time``
    is the due time, ``business_duration`` the business elapsed time (pauses
    excluded), ``business_pause_duration`` the paused business time.

    >>> rows = [{"task": "INC0010001", "sla": "P2 resolution (8h)", "stage": "completed",
    ...          "start_time": "2026-03-27 16:00:00", "end_time": "2026-03-30 10:15:00",
    ...          "planned_end_time": "2026-03-30 15:30:00", "has_breached": "false",
    ...          "business_duration": "1970-01-01 02:45:00",
    ...          "business_pause_duration": "0", "business_percentage": "34.38"}]
    >>> r = task_sla_records(rows, PlatformMapping("servicenow", zone="Europe/London"))[0]
    >>> r.cycle, r.elapsed, r.due.isoformat()
    (1, datetime.timedelta(seconds=9900), '2026-03-30T15:30:00+01:00')
    """
    readings = mapping.readings()
    tasks = {
        text_of(r.get("sys_id"), "sys_id"): text_of(r.get("number"), "number") for r in incidents
    }
    pairs = collect(
        rows, lambda v, i: [_task_sla(Node(v, f"task_sla[{i}]"), readings, tasks)], source
    )
    by_key: dict[tuple[str, str], list[PlatformRecord]] = {}
    for key, record in pairs:
        by_key.setdefault(key, []).append(record)
    out: list[PlatformRecord] = []
    for records in by_key.values():
        ordered = sorted(records, key=lambda r: _u(r.start))
        out.extend(attrs.evolve(r, cycle=n) for n, r in enumerate(ordered, start=1))
    return out


def _u(value: datetime | None) -> datetime:
    assert value is not None  # start_time is required
    return value.astimezone(UTC)


def read_rows(path: str | os.PathLike[str]) -> Iterator[dict[str, object]]:
    """The rows of a ServiceNow export file: CSV with a header, or Table API JSON.

    JSON is ``{"result": [...]}`` (the Table API), ``{"records": [...]}`` (the
    JSONv2 export) or a plain array.
    """
    p = Path(path)
    with p.open(encoding="utf-8-sig", newline="") as stream:
        head = stream.read(1)
        while head.isspace():
            head = stream.read(1)
        stream.seek(0)
        if head in ("{", "["):
            try:
                data = json.load(stream)
            except json.JSONDecodeError as error:
                raise ExportError(
                    [(f"line {error.lineno}", f"JSON: {error.msg}")], os.fspath(path)
                ) from None
            if isinstance(data, dict):
                data = data.get("result", data.get("records"))
            if not isinstance(data, list):
                raise ExportError(
                    [("", "expected a JSON array, {'result': [...]} or {'records': [...]}")],
                    os.fspath(path),
                )
            yield from data
            return
        yield from csv.DictReader(stream)


def read_servicenow(
    incidents: str | os.PathLike[str],
    audit: str | os.PathLike[str],
    mapping: PlatformMapping,
) -> ActivityLog:
    """The activity in an incident export file and a ``sys_audit`` export file."""
    return servicenow_activity(
        list(read_rows(incidents)), read_rows(audit), mapping, source=os.fspath(audit)
    )


def read_task_sla(
    path: str | os.PathLike[str],
    mapping: PlatformMapping,
    *,
    incidents: str | os.PathLike[str] | None = None,
) -> list[PlatformRecord]:
    """ServiceNow's SLA figures from a ``task_sla`` export file."""
    rows = read_rows(incidents) if incidents is not None else ()
    return task_sla_records(read_rows(path), mapping, incidents=rows, source=os.fspath(path))
