"""The catalogue's ``[activity]`` section: how ticket activity drives its clocks.

It is read into a :class:`~slacalc.activity.ActivityRules` (``Catalogue.activity``),
the format documented key by key in ``docs/catalogue.md``::

    [activity]
    fields = { assignment = "assignment_group" }      # role -> the log's field name
    customer_pending = 'status == "Pending customer"'
    [activity.teams]                                  # an OLA's team -> groups
    "Business Applications" = ["Applications"]
    [activity.suppliers]                              # a UC's id -> a state condition
    nimbus = 'assignment_group == "Nimbus"'
    [activity.calendars]                              # a customer -> a calendar name
    Finance = "uk-finance"
    [activity.policies.sla.resolution]                # kind or agreement id, metric
    pause = 'status in ["Pending customer", "On hold"]'

Syntax, types, conditions (with their positions) and calendar names are checked
here, every problem with its key path; references to the rest of the catalogue
(teams, UC ids, customers, agreement ids and metrics) are checked by the
catalogue's checker, so a catalogue built in Python is held to them too. A
broken entry is replaced by a stand-in (its problem reported), so what it refers
to is still checked; a catalogue with problems is never built.
:mod:`slacalc.activity` is imported only when a catalogue has the section.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, Protocol

from slacalc.agreements.agreements import key_path, unknown

if TYPE_CHECKING:
    from slacalc.activity.conditions import Condition, ConditionError
    from slacalc.activity.policy import ClockPolicy
    from slacalc.activity.rules import ActivityRules
    from slacalc.calendar.calendar import Calendar

__all__: list[str] = []

#: The keys of ``[activity]``.
SECTION = (
    "fields",
    "known_fields",
    "customer_pending",
    "teams",
    "suppliers",
    "calendars",
    "policies",
)
#: ``fields`` keys (roles) -> the :class:`ActivityRules` attribute they set.
FIELDS = {
    "service": "service_field",
    "customer": "customer_field",
    "priority": "priority_field",
    "impact": "impact_field",
    "urgency": "urgency_field",
    "assignment": "assignment_field",
    "status": "status_field",
    "cause": "cause_field",
}
#: The condition keys of a policy, then its other keys.
CONDITIONS = ("start", "stop", "pause", "reset", "cancel", "renew")
POLICY = (*CONDITIONS, "reopen", "on_priority_change", "events")
#: Agreement kinds, reopen and priority-change modes: ``slacalc.activity.policy``'s
#: ``KINDS``, ``REOPEN_MODES`` and ``RETARGET_MODES`` (that package is imported lazily).
KINDS = ("sla", "ola", "uc")
REOPEN = ("new-cycle", "resume")
RETARGET = ("keep", "restart")

_WORD = re.compile(r""""(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|[A-Za-z_][A-Za-z0-9_.\-]*""")


class _Problems(Protocol):
    """What the section reader needs of the catalogue reader (``reader._Reader``)."""

    problems: list[tuple[str, str]]

    def add(self, path: str, message: str) -> None: ...

    def keys(self, path: str, table: dict[str, Any], allowed: tuple[str, ...]) -> None: ...

    def table(self, value: object, path: str) -> dict[str, Any] | None: ...

    def strings(self, value: object, path: str) -> list[str] | None: ...

    def string(self, table: dict[str, Any], key: str, path: str, why: str = "") -> str | None: ...


def field_position(text: str, field: str) -> int | None:
    """Where ``field`` is first named in a condition's text (quoted strings skipped).

    >>> field_position('stat == "stat" or stat changed', "stat")
    0
    >>> field_position('x == "stat" or stat changed', "stat")
    15
    """
    for m in _WORD.finditer(text):
        if m.group() == field:
            return m.start()
    return None


def held_in_sla(text: str) -> str:
    """The problem of a condition saying ``held`` in an SLA's policy."""
    return (
        f"{text!r}: 'held' names an OLA's team or a UC's supplier; "
        "an SLA's clock has no party of its own"
    )


def _condition_message(error: ConditionError) -> str:
    at = f" at {error.position}" if error.position is not None else ""
    return f"{error.text!r}{at}: {error.message}"


class _Section:
    """One ``[activity]`` table read into :class:`ActivityRules` parts.

    An entry that cannot be read is replaced by a stand-in (reported already),
    so the catalogue's checker still checks what it refers to; the catalogue
    is not built when there are problems, so no stand-in is ever used.
    """

    def __init__(
        self, reader: _Problems, calendars: Mapping[str, Calendar | None], kinds: Mapping[str, str]
    ) -> None:
        self.reader = reader
        self.calendars = calendars
        #: agreement id -> its kind (``sla``, ``ola``, ``uc``), for policy bases
        self.kinds = kinds
        self.known: set[str] | None = None

    def add(self, path: str, message: str) -> None:
        self.reader.add(path, message)

    def condition(
        self,
        table: dict[str, Any],
        key: str,
        under: str,
        *,
        state: bool = False,
        events: tuple[str, ...] = (),
    ) -> Condition | None:
        """``table[key]`` parsed as a condition (``state``: no events, no ``held``);
        ``None`` if it cannot be (the problem recorded at its key path)."""
        from slacalc.activity.conditions import ConditionError, parse_condition

        path = key_path(key, under=under)
        value = self.reader.string(table, key, under)
        if value is None:
            return None
        try:
            cond = parse_condition(value, path)
        except ConditionError as error:
            self.add(path, _condition_message(error))
            return None
        if state and (cond.is_event(()) or cond.uses_held()):
            self.add(
                path,
                f"{value!r}: a state is needed here (no 'created', 'changed' or 'held'): "
                "it says while the ticket waits, not when something happens",
            )
            return None
        return cond if self.fields_known(cond, path, events) else None

    def fields_known(
        self, cond: Condition, path: str, events: tuple[str, ...] = (), note: str = ""
    ) -> bool:
        if self.known is None:
            return True
        stray = [f for f in cond.fields() if f not in self.known and f not in events]
        for f in stray:
            pos = field_position(cond.text, f)
            at = f" at {pos}" if pos is not None else ""
            self.add(
                path,
                f"{note}{cond.text!r}{at}: {unknown('field', f, sorted(self.known))} "
                "(known_fields and fields declare the fields)",
            )
        return not stray

    def inherited(
        self, path: str, values: dict[str, Any], keys: list[str], events: tuple[str, ...]
    ) -> None:
        """The conditions a policy takes from its base must use known fields too."""
        if self.known is None:
            return
        conds = [(k, values[k]) for k in keys if values.get(k) is not None]
        stray = {f: None for _, c in conds for f in c.fields() if f not in self.known}
        stray = {f: None for f in stray if f not in events}
        if stray:
            self.add(
                path,
                f"the conditions it keeps from the built-in policy "
                f"({', '.join(k for k, _ in conds)}) name field(s) "
                f"{', '.join(map(repr, stray))} that known_fields does not declare: "
                "declare them, or write those conditions here",
            )

    # -- the parts ----------------------------------------------------------------------

    def fields(self, table: dict[str, Any]) -> dict[str, str]:
        out: dict[str, str] = {}
        here = "activity.fields"
        spec = self.reader.table(table["fields"], here) if "fields" in table else {}
        self.reader.keys(here, spec or {}, tuple(FIELDS))
        for role in spec or {}:
            if role not in FIELDS:
                continue
            name = self.reader.string(spec or {}, role, here)
            if name is not None and name.strip():
                out[FIELDS[role]] = name
            elif name is not None:
                self.add(key_path(role, under=here), f"expected a field name, found {name!r}")
        return out

    def field_names(self, value: object, path: str) -> list[str] | None:
        """A list of field names (one string is a list of one); ``None`` if unreadable."""
        names = self.reader.strings(value, path)
        for i, name in enumerate(names or []):
            if not name.strip():
                where = f"{path}[{i}]" if isinstance(value, list) else path
                self.add(where, f"expected a field name, found {name!r}")
        return names

    def known_fields(self, table: dict[str, Any], fields: dict[str, str]) -> tuple[str, ...] | None:
        if "known_fields" not in table:
            return None
        here = "activity.known_fields"
        names = self.field_names(table["known_fields"], here)
        if names is None:
            return None  # unreadable: nothing to check against (the problem is reported)
        out = tuple(dict.fromkeys([*names, *fields.values()]))
        self.known = set(out)
        return out

    def teams(self, value: object) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        seen: dict[str, str] = {}
        for team, groups in (self.reader.table(value, "activity.teams") or {}).items():
            here = key_path("activity", "teams", team)
            out[team] = []  # a stand-in when the groups cannot be read
            for i, group in enumerate(self.reader.strings(groups, here) or []):
                where = f"{here}[{i}]" if isinstance(groups, list) else here
                if group in seen:
                    self.add(where, f"group {group!r} is already {seen[group]!r}'s")
                else:
                    seen[group] = team
                    out[team].append(group)
        return out

    def suppliers(self, value: object) -> dict[str, Condition]:
        from slacalc.activity.conditions import parse_condition

        out: dict[str, Condition] = {}
        table = self.reader.table(value, "activity.suppliers") or {}
        for uc in table:
            cond = self.condition(table, uc, "activity.suppliers", state=True)
            out[uc] = cond if cond is not None else parse_condition('stand-in == ""')
        return out

    def customer_calendars(self, value: object) -> dict[str, Calendar]:
        from slacalc.calendar.calendar import Calendar

        out: dict[str, Calendar] = {}
        table = self.reader.table(value, "activity.calendars") or {}
        for customer in table:
            here = key_path("activity", "calendars", customer)
            name = self.reader.string(table, customer, "activity.calendars")
            found = Calendar.always() if name == "always" else None
            if name is None:
                pass
            elif name != "always" and name not in self.calendars:
                self.add(here, unknown("calendar", name, [*self.calendars, "always"]))
            elif name != "always":
                found = self.calendars[name]  # None: broken, reported where it is defined
            out[customer] = Calendar.always() if found is None else found
        return out

    def policies(self, value: object) -> dict[tuple[str, str], ClockPolicy]:
        out: dict[tuple[str, str], ClockPolicy] = {}
        section = self.reader.table(value, "activity.policies") or {}
        # the kinds first: an agreement's own policy takes its kind's as the base
        for who in sorted(section, key=lambda who: who not in KINDS):
            here = key_path("activity", "policies", who)
            for metric, spec in (self.reader.table(section[who], here) or {}).items():
                path = key_path(metric, under=here)
                kind = who if who in KINDS else self.kinds.get(who)
                base = out.get((kind, metric)) if kind is not None else None
                if metric in POLICY and not isinstance(spec, dict):
                    self.add(
                        path,
                        f"{metric!r} is a policy key: it belongs under a metric "
                        f"([{here}.resolution] {metric} = ...), and here names a metric, "
                        "which expects a table",
                    )
                    out[(who, metric)] = _stand_in()
                    continue
                table = self.reader.table(spec, path)
                found = None if table is None else self.policy(table, path, kind, metric, base)
                out[(who, metric)] = found or _stand_in()
        return out

    def policy(
        self,
        table: dict[str, Any],
        path: str,
        kind: str | None,
        metric: str,
        base: ClockPolicy | None,
    ) -> ClockPolicy | None:
        """One policy: the keys given over ``base`` (else the built-in policy of its kind)."""
        from slacalc.activity.conditions import ConditionError
        from slacalc.activity.policy import DEFAULT_EVENTS, ClockPolicy, default_policy
        from slacalc.errors import SlacalcError

        self.reader.keys(path, table, POLICY)
        if base is None and kind is not None:
            base = default_policy(kind, metric)
        before = len(self.reader.problems)
        values: dict[str, Any] = {} if base is None else {k: getattr(base, k) for k in POLICY}
        if "events" in table:
            found = self.field_names(table["events"], key_path("events", under=path))
            if found is not None:
                values["events"] = tuple(found)
        events = values.get("events", DEFAULT_EVENTS)
        for key, allowed in (("reopen", REOPEN), ("on_priority_change", RETARGET)):
            if key in table and table[key] not in allowed:
                self.add(
                    key_path(key, under=path),
                    f"expected one of {', '.join(map(repr, allowed))}, found {table[key]!r}",
                )
            elif key in table:
                values[key] = table[key]
        for key in CONDITIONS:
            if key not in table:
                continue
            text = table[key]
            if key != "start" and key != "stop" and isinstance(text, str) and not text.strip():
                values[key] = None  # an empty condition never holds
                continue
            values[key] = cond = self.condition(table, key, path, events=events)
            if cond is not None and cond.uses_held() and kind == "sla":
                self.add(key_path(key, under=path), held_in_sla(cond.text))
        if "stop" not in values:
            self.add(
                key_path("stop", under=path),
                f"missing: no built-in {metric!r} policy"
                + (f" for {kind.upper()}s" if kind else "")
                + " gives one (a clock needs a stop condition)",
            )
        pause = values.get("pause")
        if pause is not None and pause.is_event(events):
            self.add(
                key_path("pause", under=path),
                f"{pause.text!r}: a pause is a state; it cannot name an event "
                f"(created, changed, or a field of events: {', '.join(events) or 'none'})",
            )
        renew = values.get("renew")
        if renew is not None and not renew.is_event(events):
            self.add(
                key_path("renew", under=path),
                f"{renew.text!r}: a renew is an event; it must name one (created, changed, "
                f"or a field of events: {', '.join(events) or 'none'}), or a state would "
                "renew the clock at every change while it holds",
            )
        self.inherited(path, values, [k for k in CONDITIONS if k not in table], events)
        if len(self.reader.problems) > before:
            return None
        try:
            return ClockPolicy(**values)
        except ConditionError as error:  # checked above; a guard
            self.add(path, _condition_message(error))
        except SlacalcError as error:
            self.add(path, str(error))
        return None


def _stand_in() -> ClockPolicy:
    from slacalc.activity.policy import ClockPolicy

    return ClockPolicy(stop="created")


def read_activity(
    reader: _Problems,
    value: object,
    calendars: Mapping[str, Calendar | None],
    kinds: Mapping[str, str],
) -> ActivityRules | None:
    """The ``[activity]`` table as :class:`ActivityRules`, its problems added to ``reader``.

    ``calendars`` are the catalogue's calendars by name (``None`` for one that
    is broken, already reported), ``kinds`` each agreement id's kind.
    """
    from slacalc.activity.rules import ActivityRules
    from slacalc.errors import SlacalcError

    section = _Section(reader, calendars, kinds)
    table = reader.table(value, "activity")
    if table is None:
        return None
    reader.keys("activity", table, SECTION)
    fields = section.fields(table)
    known = section.known_fields(table, fields)
    parts: dict[str, Any] = dict(fields)
    if known is not None:
        parts["known_fields"] = known
    if "customer_pending" in table:
        pending = table["customer_pending"]
        if isinstance(pending, str) and not pending.strip():
            parts["customer_pending"] = None  # no one waits on the customer
        else:
            parts["customer_pending"] = section.condition(
                table, "customer_pending", "activity", state=True
            )
    readers: dict[str, Callable[[object], Any]] = {
        "teams": section.teams,
        "suppliers": section.suppliers,
        "calendars": section.customer_calendars,
        "policies": section.policies,
    }
    for key, read in readers.items():
        if key in table:
            parts[key] = read(table[key])
    try:
        return ActivityRules(**parts)
    except SlacalcError as error:  # every part was checked above; a guard, not a path
        reader.add("activity", str(error))
        return None
