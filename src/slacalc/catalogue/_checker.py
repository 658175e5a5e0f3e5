"""The reference checker of a :class:`~slacalc.Catalogue`: every problem, each with its key path.

:class:`_Checker` walks a catalogue once, fills its id and service indexes, and
collects every problem (a wrong type, a duplicate id, an unknown service,
priority or agreement, a stage whose agreement does not support the SLA, two
chains delivering the same target) so that one :class:`~slacalc.CatalogueError`
can list them all.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

import attrs

from slacalc.agreements.agreements import (
    OLA,
    SLA,
    UC,
    Agreement,
    Chain,
    Service,
    _listing,
    key_path,
    unknown,
)
from slacalc.calendar.calendar import Calendar
from slacalc.catalogue._activity import held_in_sla
from slacalc.errors import CatalogueError
from slacalc.priority import PriorityMatrix

if TYPE_CHECKING:
    from slacalc.activity.policy import ClockPolicy
    from slacalc.catalogue.model import Catalogue

#: The agreement kinds an activity policy may name instead of an agreement id.
_KINDS = ("sla", "ola", "uc")


def _a(kind: str) -> str:
    """``an SLA``, ``an OLA``, ``a UC`` (as the letters are read out)."""
    return f"{'a' if kind == 'UC' else 'an'} {kind}"


class _Checker:
    """Collects every problem of a catalogue, filling its indexes as it goes."""

    def __init__(self, cat: Catalogue) -> None:
        self.cat = cat
        self.problems: list[tuple[str, str]] = []
        self.levels = cat.levels if isinstance(cat.priorities, PriorityMatrix) else None
        self.where: dict[str, str] = {}
        self.delivered: dict[tuple[str, str, str], str] = {}

    def add(self, path: str, message: str) -> None:
        self.problems.append((path, message))

    def run(self) -> list[tuple[str, str]]:
        cat = self.cat
        if cat.priorities is not None and not isinstance(cat.priorities, PriorityMatrix):
            self.add("priorities", f"{cat.priorities!r} is not a PriorityMatrix")
        for name, cal in cat.calendars.items():
            if not isinstance(cal, Calendar):
                self.add(key_path("calendars", str(name)), f"{cal!r} is not a Calendar")
        for i, service in enumerate(cat.services):
            if not isinstance(service, Service):
                self.add(key_path("services", i), f"{service!r} is not a Service")
            elif service.id in cat._services:
                self.add(key_path("services", service.id), "this service id is used twice")
            else:
                cat._services[service.id] = service
        for section, items, cls in (
            ("sla", cat.slas, SLA),
            ("ola", cat.olas, OLA),
            ("uc", cat.ucs, UC),
        ):
            for i, item in enumerate(items):
                if not isinstance(item, cls):
                    self.add(key_path(section, i), f"{item!r} is not {_a(cls.kind)}")
                    continue
                path = key_path(section, item.id)
                if item.id in cat._by_id:
                    self.add(path, f"id {item.id!r} is already used by {self.where[item.id]}")
                    continue
                cat._by_id[item.id] = item
                self.where[item.id] = path
        for agreement_id, item in cat._by_id.items():
            self.agreement(self.where[agreement_id], item)
        for i, chain in enumerate(cat.chains):
            if isinstance(chain, Chain):
                self.chain(i, chain)
            else:
                self.add(key_path("chains", i), f"{chain!r} is not a Chain")
        if cat.activity is not None:
            self.activity(cat.activity)
        if not self.problems:
            self.versions()
        return self.problems

    def activity(self, rules: object) -> None:
        """The activity rules' references: OLA teams, UC ids, customers, agreements, metrics."""
        from slacalc.activity.rules import ActivityRules

        if not isinstance(rules, ActivityRules):
            self.add("activity", f"{rules!r} is not an ActivityRules")
            return
        cat = self.cat
        teams = dict.fromkeys(o.team for o in cat.olas if isinstance(o, OLA))
        for team in rules.teams:
            if team not in teams:
                self.add(
                    key_path("activity", "teams", team),
                    unknown("team", team, teams) + ": a team here is the team of an OLA",
                )
        ucs = [u.id for u in cat.ucs if isinstance(u, UC)]
        for uc in rules.suppliers:
            if uc not in ucs:
                self.add(key_path("activity", "suppliers", uc), unknown("UC", uc, ucs))
        customers = dict.fromkeys(
            [s.customer for s in cat.slas if isinstance(s, SLA)]
            + [c for s in cat._services.values() for c in s.customers]
        )
        for customer in rules.calendars:
            if customer not in customers:
                self.add(
                    key_path("activity", "calendars", customer),
                    unknown("customer", customer, customers),
                )
        for (who, metric), policy in rules.policies.items():
            self.policy(who, metric, policy)

    def policy(self, who: str, metric: str, policy: ClockPolicy) -> None:
        here = key_path("activity", "policies", who)
        found = self.cat._by_id.get(who)
        if who in _KINDS:
            kind = who.upper()
            agreements = [a for a in self.cat._by_id.values() if a.kind == kind]
        elif found is not None:
            kind, agreements = found.kind, [found]
        else:
            self.add(here, unknown("agreement (or kind)", who, [*_KINDS, *self.cat._by_id]))
            return
        metrics = dict.fromkeys(m for a in agreements for m in a.every_metric())
        if agreements and metric not in metrics:
            whose = f"no {kind} sets a" if who in _KINDS else f"{kind} {who!r} sets no"
            self.add(
                key_path(metric, under=here),
                f"{whose} {metric!r} target (metrics: {_listing(metrics)})",
            )
        if kind == "SLA":
            for name, cond in policy.conditions():
                if cond.uses_held():
                    self.add(key_path(metric, name, under=here), held_in_sla(cond.text))

    def level(self, path: str, priority: str) -> bool:
        if self.levels is None or priority in self.levels:
            return True
        self.add(
            path,
            unknown("priority", priority, self.levels),
        )
        return False

    def versions(self) -> None:
        """Every chain must hold with the versions in force at each instant a version
        takes effect (the targets a version drops can break a chain)."""
        instants = sorted({t for a in self.cat._by_id.values() for t in a.effective_from})
        seen = set(self.problems)
        for when in instants:
            try:
                self.cat.in_force(when)
            except CatalogueError as exc:
                for path, message in exc.problems:
                    if not path.startswith("chains"):
                        continue  # targets are checked per version; activity rules span them
                    found = (
                        path,
                        f"{message} (with the versions in force from {when:%Y-%m-%d %H:%M} UTC)",
                    )
                    if found not in seen:
                        seen.add(found)
                        self.add(*found)

    def targets(self, path: str, targets: Mapping[str, Mapping[str, object]]) -> None:
        for priority, row in targets.items():
            here = f"{path}.{key_path(priority)}"
            self.level(here, priority)
            if not row:
                self.add(here, "no metric is given for this priority")
            for metric in row:
                if not metric or "." in metric:
                    self.add(
                        f"{here}.{key_path(metric)}",
                        "a metric name must be non-empty "
                        "and have no '.' (stages are written 'agreement.metric')",
                    )

    def agreement(self, path: str, item: Agreement) -> None:
        self.targets(f"{path}.targets", item.targets)
        for i, version in enumerate(item.versions):
            self.targets(f"{path}.versions[{i}].targets", version.targets)
            if not version.targets:
                self.add(f"{path}.versions[{i}].targets", "a version needs at least one target")
        for priority in item.escalation:
            self.level(f"{path}.escalation.{key_path(priority)}", priority)
        if isinstance(item, SLA):
            service = self.cat._services.get(item.service)
            if service is None:
                known = self.cat._services
                self.add(
                    f"{path}.service",
                    unknown("service", item.service, known),
                )
            elif service.customers and item.customer not in service.customers:
                self.add(
                    f"{path}.customer",
                    f"{item.customer!r} is not among the customers of "
                    f"service {service.id!r}: {_listing(service.customers)}",
                )
        if isinstance(item, OLA | UC):
            for i, sla_id in enumerate(item.supports):
                self.reference(f"{path}.supports[{i}]", sla_id, SLA)

    def reference(self, path: str, agreement_id: str, want: type[Agreement]) -> Agreement | None:
        """Resolve ``agreement_id`` (checking its kind) or record why it cannot be."""
        found = self.cat._by_id.get(agreement_id)
        if found is None:
            names = [k for k, a in self.all_ids() if isinstance(a, want)]
            what = "SLA" if want is SLA else "agreement"
            self.add(path, unknown(what, agreement_id, names))
            return None
        if want is SLA and not isinstance(found, SLA):
            self.add(path, f"{agreement_id!r} is {_a(found.kind)}, not an SLA")
            return None
        if want is not SLA and isinstance(found, SLA):
            self.add(path, f"{agreement_id!r} is an SLA; a stage is an OLA or UC commitment")
            return None
        return found

    def all_ids(self) -> list[tuple[str, Agreement]]:
        cat = self.cat
        return [(a.id, a) for a in (*cat.slas, *cat.olas, *cat.ucs) if isinstance(a, Agreement)]

    def chain(self, i: int, chain: Chain) -> None:
        path = key_path("chains", i)
        sla = self.reference(f"{path}.sla", chain.sla, SLA)
        if sla is not None and chain.metric not in sla.metrics():
            self.add(
                f"{path}.metric",
                f"SLA {sla.id!r} sets no {chain.metric!r} target "
                f"(it sets {_listing(sla.metrics())})",
            )
            sla = None
        if not chain.stages:
            self.add(f"{path}.stages", "a chain needs at least one stage")
        ok = sla is not None and bool(chain.stages)
        for j, stage in enumerate(chain.stages):
            here = f"{path}.stages[{j}]"
            found = self.reference(here, stage.agreement, Agreement)
            if found is None:
                ok = False
            elif sla is not None and isinstance(found, OLA | UC) and sla.id not in found.supports:
                self.add(here, f"{found.kind} {found.id!r} does not list {sla.id!r} in supports")
                ok = False
            elif stage.metric not in found.metrics():
                self.add(
                    here,
                    f"{found.kind} {found.id!r} sets no {stage.metric!r} target "
                    f"(it sets {_listing(found.metrics())})",
                )
                ok = False
        if not ok or sla is None:
            return
        applies = self.cat.chain_priorities(attrs.evolve(chain, priorities=None))
        if chain.priorities is None:
            if not applies:
                self.add(
                    path,
                    f"the chain applies to no priority: none has a {chain.metric!r} "
                    "target in the SLA and a target for every stage",
                )
        else:
            if not chain.priorities:
                self.add(
                    f"{path}.priorities",
                    "an empty list: leave it out to mean every "
                    "priority the SLA and all stages define",
                )
            for k, priority in enumerate(chain.priorities):
                here = f"{path}.priorities[{k}]"
                if self.level(here, priority) and priority not in applies:
                    self.add(
                        here,
                        f"{priority!r} is not targeted by the SLA's {chain.metric!r} "
                        "and every stage's metric",
                    )
            applies = tuple(p for p in chain.priorities if p in applies)
        for priority in applies:
            key = (chain.sla, priority, chain.metric)
            if key in self.delivered:
                self.add(
                    path,
                    f"{self.delivered[key]} already delivers {chain.sla} {priority} {chain.metric}",
                )
            else:
                self.delivered[key] = path
