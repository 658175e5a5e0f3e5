"""Flat per-update CSV exports: one row per update carrying the ticket's whole state.

This is the shape of the public ServiceNow-derived incident event logs (columns
such as ``number``, ``incident_state``, ``sys_updated_at``, ``opened_at``,
``priority``, ``assignment_group``, ``made_sla``), and of many analysts' own
extracts. Its timestamps are naive local readings, often day-first
(``29/2/2016 01:16``): the :class:`~slacalc.platforms.PlatformMapping` says
which zone they are in and in which order they are written (``order =
"day-first"``); nothing is guessed, and a reading in a DST fold or gap is
reported unless the mapping chose a resolution.

Changes are derived by diffing consecutive snapshots of one ticket: a tracked
column whose value differs from the previous row's is a change at the later
row's update time. ``?`` and empty cells mean "unset" (``""``).

>>> m = PlatformMapping("flat", zone="Europe/London", order="day-first")
>>> rows = [
...     {"number": "INC0000045", "incident_state": "New", "sys_updated_at": "29/2/2016 01:16",
...      "opened_at": "29/2/2016 01:16", "priority": "3 - Moderate",
...      "assignment_group": "Group 56", "assigned_to": "?", "impact": "2 - Medium",
...      "urgency": "2 - Medium"},
...     {"number": "INC0000045", "incident_state": "Resolved", "sys_updated_at": "29/2/2016 09:53",
...      "opened_at": "29/2/2016 01:16", "priority": "3 - Moderate",
...      "assignment_group": "Group 56", "assigned_to": "Resolver 89", "impact": "2 - Medium",
...      "urgency": "2 - Medium"}]
>>> a = flat_activity(rows, m).tickets[0]
>>> a.initial["assignee"], [(c.at.strftime("%H:%M"), c.field, c.value) for c in a.changes]
('', [('09:53', 'status', 'Resolved'), ('09:53', 'assignee', 'Resolver 89')])
"""

from __future__ import annotations

import csv
import os
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from pathlib import Path

from slacalc.activity import Activity, ActivityLog, Change
from slacalc.platforms._nodes import ExportError, ExportProblem, Node
from slacalc.platforms.mapping import PlatformMapping

__all__ = ["FLAT_MISSING", "flat_activity", "read_flat"]

#: Cell values that mean "no value" in flat exports.
FLAT_MISSING = ("", "?")


def _cell(node: Node, column: str) -> str:
    value = node.text(column, optional=True).strip()
    return "" if value in FLAT_MISSING else value


def flat_activity(
    rows: Iterable[Mapping[str, object]],
    mapping: PlatformMapping,
    *,
    ticket: str = "number",
    at: str = "sys_updated_at",
    created: str | None = "opened_at",
    order_by: str | None = "sys_mod_count",
    source: str = "",
    lines: Sequence[int] | None = None,
) -> ActivityLog:
    """The activity of tickets from flat per-update snapshot rows.

    ``ticket`` names the ticket column, ``at`` the update time, ``created``
    the creation time (``None``: the first snapshot's update time). Rows of a
    ticket are ordered by update time, then by ``order_by`` when that column
    exists (ServiceNow's ``sys_mod_count``), else kept in file order. The
    first snapshot gives the initial values. ``lines`` (set by
    :func:`read_flat`) gives each row's file line for error messages.
    """
    readings = mapping.readings()
    columns = mapping.fields
    problems: list[tuple[str, str]] = []
    snapshots: dict[str, list[tuple[datetime, int, int, Node]]] = {}
    heads: dict[str, datetime] = {}
    for i, row in enumerate(rows):
        where = f"line {lines[i]}" if lines is not None else f"rows[{i}]"
        node = Node(row, where)
        try:
            name = node.text(ticket).strip()
            node = Node(row, f"{where} ({name})")
            when = readings.instant(node.text(at), f"{node.path}.{at}")
            tie = 0
            if order_by and node.has(order_by):
                tie = node.number(order_by)
            if name not in heads:
                heads[name] = (
                    readings.instant(node.text(created), f"{node.path}.{created}")
                    if created
                    else when
                )
            for column in columns.values():
                node.text(column)  # every tracked column must be there, with a value
            snapshots.setdefault(name, []).append((when, tie, i, node))
        except ExportProblem as bad:
            problems.append((bad.where, bad.message))
    tickets = []
    for name, snaps in snapshots.items():
        snaps.sort(key=lambda s: (s[0], s[1], s[2]))
        first = snaps[0][3]
        state = {field: _cell(first, column) for field, column in columns.items()}
        initial = dict(state)
        changes = []
        for when, _, _, node in snaps[1:]:
            for field, column in columns.items():
                value = _cell(node, column)
                if value != state[field]:
                    changes.append(Change(when, field, value))
                    state[field] = value
        try:
            tickets.append(Activity(name, heads[name], initial, tuple(changes)))
        except (ValueError, TypeError) as error:
            problems.append((first.path, str(error)))
    if problems:
        raise ExportError(problems, source)
    return mapping.apply(ActivityLog(tickets=tuple(tickets)))


def read_flat(
    path: str | os.PathLike[str],
    mapping: PlatformMapping,
    *,
    ticket: str = "number",
    at: str = "sys_updated_at",
    created: str | None = "opened_at",
    order_by: str | None = "sys_mod_count",
) -> ActivityLog:
    """The activity in a flat per-update CSV file (see :func:`flat_activity`)."""
    source = os.fspath(path)
    with Path(path).open(encoding="utf-8-sig", newline="") as stream:
        reader = csv.DictReader(stream)
        rows: list[dict[str, str]] = []
        lines: list[int] = []
        for row in reader:
            if None in row or None in row.values():
                raise ExportError(
                    [
                        (
                            f"line {reader.line_num}",
                            f"{len(reader.fieldnames or ())} cells expected "
                            "(as in the header), the row differs",
                        )
                    ],
                    source,
                )
            rows.append(row)
            lines.append(reader.line_num)
    return flat_activity(
        rows,
        mapping,
        ticket=ticket,
        at=at,
        created=created,
        order_by=order_by,
        source=source,
        lines=lines,
    )
