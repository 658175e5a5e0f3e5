"""What a platform's values mean, as data: fields, statuses, groups, priorities, zone, metrics.

A :class:`PlatformMapping` tells the readers which export field holds the
status, the priority (or impact and urgency), the assignment group and the
assignee; which status values mean *pending*, *resolved* and *closed*; which
assignment groups are which OLA team; which platform priority is which
catalogue priority; which platform SLA metric is which catalogue metric; and,
for platforms that write naive local timestamps, the zone and field order.

It is read from a ``[platforms.<name>]`` section of the TOML catalogue
(:func:`mapping_from_table`), every problem reported with its key path:

>>> m = mapping_from_table({
...     "zone": "Europe/London",
...     "statuses": {"pending": ["3"], "resolved": ["6"], "closed": ["7"]},
...     "groups": {"service-desk": ["Service Desk"]},
...     "priorities": {"1": "P1", "2": "P2"},
...     "metrics": {"P1 resolution (4h)": "resolution"},
... }, "servicenow")
>>> m.fields["status"], m.category("3"), m.team("Service Desk"), m.priority("1")
('state', 'pending', 'service-desk', 'P1')
>>> try:
...     mapping_from_table({"zone": "Mars/Base", "statuses": {"waiting": []}}, "servicenow")
... except CatalogueError as error:
...     for where, message in error.problems:
...         print(where)
platforms.servicenow.zone
platforms.servicenow.statuses.waiting
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType
from typing import Any, Literal
from zoneinfo import ZoneInfo

import attrs

from slacalc.activity import Activity, ActivityLog, Change
from slacalc.errors import CatalogueError, SlacalcError
from slacalc.platforms._readings import (
    _AMBIGUOUS,
    _NONEXISTENT,
    _ORDERS,
    LocalReadings,
    _zone,
)

__all__ = [
    "CATEGORIES",
    "DEFAULT_FIELDS",
    "PLATFORMS",
    "CanonicalField",
    "PlatformMapping",
    "Unmapped",
    "load_mappings",
    "mapping_from_table",
    "mappings_from_table",
    "unmapped",
]

#: The platforms slacalc reads.
PLATFORMS = ("jira", "servicenow", "zendesk", "flat")
#: Status categories a mapping may name.
CATEGORIES = ("open", "pending", "resolved", "closed", "cancelled")

CanonicalField = Literal[
    "status", "priority", "impact", "urgency", "group", "assignee", "service", "customer"
]
_CANONICAL = ("status", "priority", "impact", "urgency", "group", "assignee", "service", "customer")

#: The export field each canonical activity field is read from, per platform.
DEFAULT_FIELDS: Mapping[str, Mapping[str, str]] = MappingProxyType(
    {
        "jira": MappingProxyType(
            {"status": "status", "priority": "priority", "assignee": "assignee"}
        ),
        "servicenow": MappingProxyType(
            {
                "status": "state",
                "priority": "priority",
                "impact": "impact",
                "urgency": "urgency",
                "group": "assignment_group",
                "assignee": "assigned_to",
            }
        ),
        "zendesk": MappingProxyType(
            {
                "status": "status",
                "priority": "priority",
                "group": "group_id",
                "assignee": "assignee_id",
            }
        ),
        "flat": MappingProxyType(
            {
                "status": "incident_state",
                "priority": "priority",
                "impact": "impact",
                "urgency": "urgency",
                "group": "assignment_group",
                "assignee": "assigned_to",
            }
        ),
    }
)

_KEYS = (
    "zone",
    "order",
    "ambiguous",
    "nonexistent",
    "fields",
    "statuses",
    "groups",
    "priorities",
    "priority_from",
    "metrics",
    "values",
)
_BARE = re.compile(r"[A-Za-z0-9_-]+")


def _key(*parts: str) -> str:
    return ".".join(p if _BARE.fullmatch(p) else '"' + p.replace('"', '\\"') + '"' for p in parts)


def _optional_zone(value: str | ZoneInfo | None) -> ZoneInfo | None:
    return None if value is None else _zone(value)


def _frozen(value: Mapping[str, Any]) -> Mapping[str, Any]:
    return MappingProxyType(dict(value))


def _inverse(table: Mapping[str, tuple[str, ...]]) -> Mapping[str, str]:
    return MappingProxyType({v: k for k, values in table.items() for v in values})


@attrs.frozen
class PlatformMapping:
    """How one platform's export maps onto slacalc's activity fields and catalogue names.

    - ``fields``: canonical activity field (``status``, ``priority``,
      ``impact``, ``urgency``, ``group``, ``assignee``, ``service``,
      ``customer``) -> the export's field name, on top of
      :data:`DEFAULT_FIELDS`; ``""`` drops a default (the export has no such
      column). Every tracked column must be in the export.
    - ``statuses``: a category of :data:`CATEGORIES` -> platform status values.
    - ``groups``: an OLA team -> assignment-group values.
    - ``priorities``: platform priority value -> catalogue priority.
    - ``priority_from``: ``"priority"`` or ``"impact+urgency"`` (the
      catalogue's matrix decides).
    - ``metrics``: platform SLA metric name -> catalogue metric.
    - ``values``: fields every ticket starts with when the export has no
      column for them (``service = "email"``, ``customer = "Finance"``).
    - ``zone``, ``order``, ``ambiguous``, ``nonexistent``: how naive
      timestamps are read (:class:`~slacalc.platforms.LocalReadings`).

    >>> m = PlatformMapping("jira", statuses={"pending": ("Waiting for customer",)})
    >>> m.category("Waiting for customer"), m.category("In Progress")
    ('pending', None)
    """

    platform: str
    zone: ZoneInfo | None = attrs.field(default=None, converter=_optional_zone)
    order: str = "iso"
    ambiguous: str = "raise"
    nonexistent: str = "raise"
    fields: Mapping[str, str] = attrs.field(factory=dict, converter=_frozen)
    statuses: Mapping[str, tuple[str, ...]] = attrs.field(factory=dict, converter=_frozen)
    groups: Mapping[str, tuple[str, ...]] = attrs.field(factory=dict, converter=_frozen)
    priorities: Mapping[str, str] = attrs.field(factory=dict, converter=_frozen)
    priority_from: str = "priority"
    metrics: Mapping[str, str] = attrs.field(factory=dict, converter=_frozen)
    values: Mapping[str, str] = attrs.field(factory=dict, converter=_frozen)
    _by_status: Mapping[str, str] = attrs.field(init=False, eq=False, repr=False)
    _by_group: Mapping[str, str] = attrs.field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        problems = _check(self)
        if problems:
            raise CatalogueError(problems)
        merged = {k: v for k, v in {**DEFAULT_FIELDS[self.platform], **self.fields}.items() if v}
        object.__setattr__(self, "fields", MappingProxyType(merged))
        object.__setattr__(self, "_by_status", _inverse(self.statuses))
        object.__setattr__(self, "_by_group", _inverse(self.groups))

    def readings(self) -> LocalReadings:
        """The :class:`LocalReadings` for this platform's naive timestamps (zone required)."""
        if self.zone is None:
            raise CatalogueError(
                [
                    (
                        _key("platforms", self.platform, "zone"),
                        "missing: the zone the export's naive local timestamps are in "
                        "(slacalc never guesses a zone)",
                    )
                ]
            )
        return LocalReadings(self.zone, self.order, self.ambiguous, self.nonexistent)  # type: ignore[arg-type]

    def apply(self, log: ActivityLog) -> ActivityLog:
        """``log`` in the catalogue's words: priorities translated, constant values added.

        Priority values (initial and changed) pass through :attr:`priorities`;
        each field of :attr:`values` is added to tickets that lack it. Status
        and group values stay as the platform wrote them (a clock policy names
        them; :func:`unmapped` lists those no mapping covers).

        >>> from datetime import datetime, UTC
        >>> from slacalc.activity import Activity, ActivityLog
        >>> t0 = datetime(2026, 3, 2, 9, tzinfo=UTC)
        >>> log = ActivityLog([Activity.of("SD-1", t0, {"priority": "Highest"})])
        >>> m = PlatformMapping("jira", priorities={"Highest": "P1"}, values={"service": "email"})
        >>> dict(m.apply(log)["SD-1"].initial)
        {'priority': 'P1', 'service': 'email'}
        """
        if not self.priorities and not self.values:
            return log
        return ActivityLog(tuple(self.translate(a) for a in log.tickets))

    def translate(self, activity: Activity) -> Activity:
        """One ticket in the catalogue's words (see :meth:`apply`)."""
        if not self.priorities and not self.values:
            return activity
        initial = {
            k: self.priority(v) if k == "priority" else v for k, v in activity.initial.items()
        }
        for k, v in self.values.items():
            initial.setdefault(k, v)
        changes = [
            Change(c.at, c.field, self.priority(c.value)) if c.field == "priority" else c
            for c in activity.changes
        ]
        return Activity(activity.ticket, activity.created, initial, changes)

    def category(self, status: str) -> str | None:
        """The category a status value belongs to, or ``None`` when no mapping covers it."""
        return self._by_status.get(status)

    def team(self, group: str) -> str | None:
        """The OLA team an assignment-group value belongs to, or ``None``."""
        return self._by_group.get(group)

    def priority(self, value: str) -> str:
        """The catalogue priority for a platform priority value (itself when unmapped)."""
        return self.priorities.get(value, value)

    def metric(self, name: str) -> str:
        """The catalogue metric for a platform SLA metric name (itself when unmapped)."""
        return self.metrics.get(name, name)


def _check(m: PlatformMapping) -> list[tuple[str, str]]:
    base = ("platforms", m.platform)
    if m.platform not in PLATFORMS:
        return [(_key(*base), f"unknown platform; expected {', '.join(PLATFORMS)}")]
    problems = []
    for name, value, allowed in (
        ("order", m.order, _ORDERS),
        ("ambiguous", m.ambiguous, _AMBIGUOUS),
        ("nonexistent", m.nonexistent, _NONEXISTENT),
        ("priority_from", m.priority_from, ("priority", "impact+urgency")),
    ):
        if value not in allowed:
            problems.append((_key(*base, name), f"{value!r} is not one of {', '.join(allowed)}"))
    for field in m.values:
        if field in m.fields:
            problems.append(
                (_key(*base, "values", field), "also read from a column under 'fields'")
            )
    for field in m.fields:
        if field not in _CANONICAL:
            problems.append(
                (_key(*base, "fields", field), f"unknown field; expected {', '.join(_CANONICAL)}")
            )
    for category in m.statuses:
        if category not in CATEGORIES:
            problems.append(
                (
                    _key(*base, "statuses", category),
                    f"unknown status category; expected {', '.join(CATEGORIES)}",
                )
            )
    for section, table in (("statuses", m.statuses), ("groups", m.groups)):
        seen: dict[str, str] = {}
        for name, values in table.items():
            for value in values:
                if value in seen and seen[value] != name:
                    problems.append(
                        (_key(*base, section, name), f"{value!r} is also under {seen[value]!r}")
                    )
                seen.setdefault(value, name)
    return problems


def _strings(value: object, path: str, problems: list[tuple[str, str]]) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        problems.append((path, f"expected an array of strings, found {value!r}"))
        return ()
    return tuple(value)


def _string_table(value: object, path: str, problems: list[tuple[str, str]]) -> dict[str, str]:
    if not isinstance(value, dict):
        problems.append((path, f"expected a table of strings, found {value!r}"))
        return {}
    out = {}
    for k, v in value.items():
        if isinstance(v, str):
            out[k] = v
        else:
            problems.append((f"{path}.{_key(k)}", f"expected a string, found {v!r}"))
    return out


def mapping_from_table(table: Mapping[str, object], platform: str) -> PlatformMapping:
    """A :class:`PlatformMapping` from a parsed ``[platforms.<platform>]`` TOML table.

    Every problem is reported at once in a :class:`~slacalc.errors.CatalogueError`
    with its key path (``platforms.servicenow.zone``).
    """
    base = _key("platforms", platform)
    problems: list[tuple[str, str]] = []
    if platform not in PLATFORMS:
        raise CatalogueError([(base, f"unknown platform; expected {', '.join(PLATFORMS)}")])
    if not isinstance(table, Mapping):
        raise CatalogueError([(base, f"expected a table, found {table!r}")])
    for key in table:
        if key not in _KEYS:
            problems.append((f"{base}.{_key(key)}", f"unknown key; expected {', '.join(_KEYS)}"))
    kw: dict[str, Any] = {}
    for key in ("zone", "order", "ambiguous", "nonexistent", "priority_from"):
        if key in table:
            value = table[key]
            if isinstance(value, str):
                kw[key] = value
            else:
                problems.append((f"{base}.{key}", f"expected a string, found {value!r}"))
    if "zone" in kw:
        try:
            kw["zone"] = _zone(kw["zone"])
        except SlacalcError as error:
            problems.append((f"{base}.zone", str(error)))
            del kw["zone"]
    for key in ("statuses", "groups"):
        if key in table:
            raw = table[key]
            if not isinstance(raw, dict):
                problems.append((f"{base}.{key}", f"expected a table, found {raw!r}"))
                continue
            kw[key] = {
                name: _strings(values, f"{base}.{key}.{_key(name)}", problems)
                for name, values in raw.items()
            }
    for key in ("fields", "priorities", "metrics", "values"):
        if key in table:
            kw[key] = _string_table(table[key], f"{base}.{key}", problems)
    if not problems:
        try:
            return PlatformMapping(platform, **kw)
        except CatalogueError as error:
            problems.extend(error.problems)
    else:
        # Checks of the value itself (categories, duplicates) still run on what parsed.
        try:
            PlatformMapping(platform, **{k: v for k, v in kw.items() if k != "zone"})
        except CatalogueError as error:
            problems.extend(p for p in error.problems if p not in problems)
    raise CatalogueError(problems)


def mappings_from_table(table: Mapping[str, object]) -> dict[str, PlatformMapping]:
    """Every mapping of a parsed ``[platforms]`` section, by platform name.

    >>> sorted(mappings_from_table({"jira": {}, "zendesk": {}}))
    ['jira', 'zendesk']
    """
    problems: list[tuple[str, str]] = []
    out = {}
    for name, spec in table.items():
        if not isinstance(spec, Mapping):
            problems.append((_key("platforms", name), f"expected a table, found {spec!r}"))
            continue
        try:
            out[name] = mapping_from_table(spec, name)
        except CatalogueError as error:
            problems.extend(error.problems)
    if problems:
        raise CatalogueError(problems)
    return out


@attrs.frozen
class Unmapped:
    """Status and group values seen in an export that no mapping covers, with their counts.

    A count is the number of tickets whose initial values or changes use the value.
    """

    statuses: Mapping[str, int]
    groups: Mapping[str, int]

    def __bool__(self) -> bool:
        return bool(self.statuses or self.groups)


def unmapped(log: ActivityLog, mapping: PlatformMapping) -> Unmapped:
    """The statuses and assignment groups in ``log`` that ``mapping`` leaves uncovered.

    ``""`` (unset) is never reported. Use it before trusting a reconciliation:
    a status no category names is a status no clock policy pauses or stops in.

    >>> from slacalc.platforms import jira_activity
    >>> log = jira_activity([{"key": "SD-1", "fields": {"created": "2026-03-27T09:00:00+0000",
    ...     "status": {"name": "Waiting for vendor"}, "priority": {"name": "High"},
    ...     "assignee": None}, "changelog": {"histories": []}}])
    >>> unmapped(log, PlatformMapping("jira", statuses={"pending": ("Waiting for customer",)}))
    Unmapped(statuses={'Waiting for vendor': 1}, groups={})
    """
    statuses: dict[str, int] = {}
    groups: dict[str, int] = {}
    for ticket in log.tickets:
        seen: dict[str, set[str]] = {"status": set(), "group": set()}
        for field in seen:
            seen[field].add(ticket.initial.get(field, ""))
        for change in ticket.changes:
            if change.field in seen:
                seen[change.field].add(change.value)
        for value in seen["status"] - {""}:
            if mapping.category(value) is None:
                statuses[value] = statuses.get(value, 0) + 1
        for value in seen["group"] - {""}:
            if mapping.team(value) is None:
                groups[value] = groups.get(value, 0) + 1
    return Unmapped(dict(sorted(statuses.items())), dict(sorted(groups.items())))


def load_mappings(path: str | os.PathLike[str]) -> dict[str, PlatformMapping]:
    """The ``[platforms.*]`` mappings of a TOML catalogue file, by platform name.

    Only the ``platforms`` section is read (an absent section gives ``{}``);
    problems raise :class:`~slacalc.errors.CatalogueError` naming the file and
    each key path.
    """
    source = os.fspath(path)
    try:
        doc = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as error:
        raise CatalogueError([("", f"TOML syntax: {error}")], source) from None
    section = doc.get("platforms", {})
    if not isinstance(section, dict):
        raise CatalogueError([("platforms", "expected a table")], source)
    try:
        return mappings_from_table(section)
    except CatalogueError as error:
        raise CatalogueError(error.problems, source) from None
