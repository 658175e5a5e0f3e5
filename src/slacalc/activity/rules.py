"""How a catalogue reads activity: field names, policies, teams, suppliers, calendars.

:class:`ActivityRules` says which fields carry the service, customer, priority
(or impact and urgency), assignment group, status and breach cause; which
clock policy each agreement kind and metric follows; which assignment-group
values belong to each OLA's team; when the ticket waits on each UC's
supplier; when it waits on the customer; and which calendar each customer's
SLA clocks count on.

>>> rules = ActivityRules(teams={"Infrastructure": ["Infra L2", "Infra L3"]},
...                       suppliers={"mailhost": 'status == "Awaiting supplier"'})
>>> rules.team_of("Infra L3"), rules.team_of("Service Desk") is None
('Infrastructure', True)
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import attrs

from slacalc.activity.conditions import Condition, ConditionError, parse_condition
from slacalc.activity.policy import ClockPolicy, default_policy
from slacalc.calendar import Calendar
from slacalc.errors import ArgumentTypeError, InvalidValueError

__all__ = ["DEFAULT_CUSTOMER_PENDING", "ActivityRules"]

#: When the ticket waits on the customer, unless the rules say otherwise.
DEFAULT_CUSTOMER_PENDING = 'status == "Pending customer"'


def _policies(value: Mapping[tuple[str, str], ClockPolicy]) -> dict[tuple[str, str], ClockPolicy]:
    if not isinstance(value, Mapping):
        raise ArgumentTypeError("policies", value, "a mapping of (kind or id, metric) -> policy")
    for key, policy in value.items():
        if not (isinstance(key, tuple) and len(key) == 2 and all(isinstance(k, str) for k in key)):
            raise ArgumentTypeError("policies key", key, "a (kind or agreement id, metric) pair")
        if not isinstance(policy, ClockPolicy):
            raise ArgumentTypeError(f"policies[{key!r}]", policy, "a ClockPolicy")
    return dict(value)


def _teams(value: Mapping[str, Iterable[str]]) -> dict[str, tuple[str, ...]]:
    if not isinstance(value, Mapping):
        raise ArgumentTypeError("teams", value, "a mapping of team -> assignment groups")
    out: dict[str, tuple[str, ...]] = {}
    seen: dict[str, str] = {}
    for team, groups in value.items():
        if isinstance(groups, str) or not isinstance(groups, Iterable):
            raise ArgumentTypeError(f"teams[{team!r}]", groups, "a list of assignment groups")
        out[team] = tuple(groups)
        for g in out[team]:
            if not isinstance(g, str):
                raise ArgumentTypeError(f"teams[{team!r}] item", g, "an assignment group (text)")
            if g in seen and seen[g] != team:
                raise InvalidValueError(
                    f"teams[{team!r}]", g, f"a group of one team (it is also {seen[g]!r}'s)"
                )
            seen[g] = team
    return out


def _conditions(value: Mapping[str, Condition | str]) -> dict[str, Condition]:
    if not isinstance(value, Mapping):
        raise ArgumentTypeError("suppliers", value, "a mapping of UC id -> condition")
    out = {}
    for uc, cond in value.items():
        out[uc] = cond if isinstance(cond, Condition) else parse_condition(cond, f"suppliers.{uc}")
        if out[uc].is_event(()) or out[uc].uses_held():
            raise ConditionError(
                out[uc].text,
                "waiting on a supplier is a state (no events, no held)",
                None,
                f"suppliers.{uc}",
            )
    return out


def _pending(value: Condition | str | None) -> Condition | None:
    if value is None or isinstance(value, Condition):
        return value
    cond = parse_condition(value, "customer_pending")
    if cond.is_event(()) or cond.uses_held():
        raise ConditionError(
            cond.text, "waiting on the customer is a state", None, "customer_pending"
        )
    return cond


def _calendars(value: Mapping[str, Calendar]) -> dict[str, Calendar]:
    if not isinstance(value, Mapping):
        raise ArgumentTypeError("calendars", value, "a mapping of customer -> Calendar")
    for customer, cal in value.items():
        if not isinstance(cal, Calendar):
            raise ArgumentTypeError(f"calendars[{customer!r}]", cal, "a slacalc.Calendar")
    return dict(value)


def _known(value: Iterable[str] | None) -> tuple[str, ...] | None:
    if value is None:
        return None
    if isinstance(value, str) or not isinstance(value, Iterable):
        raise ArgumentTypeError("known_fields", value, "a sequence of field names")
    return tuple(value)


def _field(inst: object, attr: attrs.Attribute[str], value: object) -> None:
    if not isinstance(value, str) or not value:
        raise ArgumentTypeError(attr.name, value, "a field name")


@attrs.frozen(kw_only=True, eq=False)
class ActivityRules:
    """How activity drives a catalogue's clocks (see the module docstring).

    ``policies`` maps ``(kind, metric)`` (kind ``sla``, ``ola`` or ``uc``) or
    ``(agreement id, metric)`` to a :class:`~slacalc.activity.ClockPolicy`; the
    id-specific entry wins, then the kind's, then the built-in default.
    ``teams`` maps an OLA's team to its assignment-group values; ``suppliers``
    maps a UC's id to the (state) condition under which the ticket waits on it;
    ``customer_pending`` is the condition under which it waits on the customer;
    ``calendars`` maps a customer to the calendar its SLA clocks count on
    (instead of the targets' own). ``known_fields``, when given, is the only
    field names conditions may use.
    """

    policies: dict[tuple[str, str], ClockPolicy] = attrs.field(factory=dict, converter=_policies)
    teams: dict[str, tuple[str, ...]] = attrs.field(factory=dict, converter=_teams)
    suppliers: dict[str, Condition] = attrs.field(factory=dict, converter=_conditions)
    customer_pending: Condition | None = attrs.field(
        default=parse_condition(DEFAULT_CUSTOMER_PENDING), converter=_pending
    )
    calendars: dict[str, Calendar] = attrs.field(factory=dict, converter=_calendars)
    service_field: str = attrs.field(default="service", validator=_field)
    customer_field: str = attrs.field(default="customer", validator=_field)
    priority_field: str = attrs.field(default="priority", validator=_field)
    impact_field: str = attrs.field(default="impact", validator=_field)
    urgency_field: str = attrs.field(default="urgency", validator=_field)
    assignment_field: str = attrs.field(default="assignment_group", validator=_field)
    status_field: str = attrs.field(default="status", validator=_field)
    cause_field: str = attrs.field(default="cause", validator=_field)
    known_fields: tuple[str, ...] | None = attrs.field(default=None, converter=_known)
    _groups: dict[str, str] = attrs.field(init=False, repr=False)

    def __attrs_post_init__(self) -> None:
        groups = {g: team for team, gs in self.teams.items() for g in gs}
        object.__setattr__(self, "_groups", groups)
        if self.known_fields is not None:
            known = set(self.known_fields)
            for (who, metric), policy in self.policies.items():
                for name, cond in policy.conditions():
                    unknown = [
                        f for f in cond.fields() if f not in known and f not in policy.events
                    ]
                    if unknown:
                        raise ConditionError(
                            cond.text,
                            f"unknown field(s) {', '.join(map(repr, unknown))}; "
                            f"known: {', '.join(map(repr, self.known_fields))}",
                            None,
                            f"policies.{who}.{metric}.{name}",
                        )

    def team_of(self, group: str | None) -> str | None:
        """The team an assignment-group value belongs to, or ``None``."""
        return None if group is None else self._groups.get(group)

    def calendar_for(self, kind: str, customer: str, calendar: Calendar) -> Calendar:
        """The calendar a clock counts on: the customer's own (``calendars``) for an
        SLA's clocks, else ``calendar`` (the target's).

        >>> cal = Calendar.always()
        >>> ActivityRules().calendar_for("SLA", "Finance", cal) is cal
        True
        """
        if kind == "SLA":
            return self.calendars.get(customer, calendar)
        return calendar

    def policy(self, kind: str, agreement: str, metric: str) -> ClockPolicy | None:
        """The policy for one agreement's metric: its own, its kind's, or the default."""
        found = self.policies.get((agreement, metric)) or self.policies.get((kind, metric))
        return found if found is not None else default_policy(kind, metric)
