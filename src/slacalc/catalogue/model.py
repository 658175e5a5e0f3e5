"""The catalogue: calendars, priorities, services, SLAs, OLAs, UCs and chains, checked together.

:class:`Catalogue` holds the values of :mod:`slacalc.agreements` and looks them up
by id; its construction runs the reference checks of
:mod:`slacalc.catalogue._checker`. It is importable as ``slacalc.Catalogue`` and
from :mod:`slacalc.agreements`. (:mod:`slacalc.catalogue` reads one from TOML.)
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from datetime import date, datetime
from typing import TYPE_CHECKING, TypeVar

import attrs

from slacalc.agreements.agreements import (
    OLA,
    SLA,
    UC,
    Agreement,
    Chain,
    FrozenMap,
    Service,
    SlaTarget,
    Target,
)
from slacalc.calendar.calendar import Calendar
from slacalc.catalogue._checker import _Checker
from slacalc.errors import (
    ArgumentTypeError,
    CatalogueError,
    NaiveDatetimeError,
    UnknownLevelError,
)
from slacalc.priority import PriorityMatrix

if TYPE_CHECKING:
    from slacalc.activity.rules import ActivityRules

__all__ = ["Catalogue"]

T = TypeVar("T")


def _tuple(what: str, value: Iterable[T]) -> tuple[T, ...]:
    if isinstance(value, str | Mapping) or not isinstance(value, Iterable):
        raise ArgumentTypeError(what, value, "a sequence")
    return tuple(value)


def _services(value: Iterable[Service]) -> tuple[Service, ...]:
    return _tuple("services", value)


def _slas(value: Iterable[SLA]) -> tuple[SLA, ...]:
    return _tuple("slas", value)


def _olas(value: Iterable[OLA]) -> tuple[OLA, ...]:
    return _tuple("olas", value)


def _ucs(value: Iterable[UC]) -> tuple[UC, ...]:
    return _tuple("ucs", value)


def _chains(value: Iterable[Chain]) -> tuple[Chain, ...]:
    return _tuple("chains", value)


def _calendars(value: Mapping[str, Calendar]) -> FrozenMap[str, Calendar]:
    if not isinstance(value, Mapping):
        raise ArgumentTypeError("calendars", value, "a mapping of name -> Calendar")
    return FrozenMap(value)


def _levels(matrix: PriorityMatrix) -> tuple[str, ...]:
    """The priorities a matrix gives, highest first."""
    return matrix.priorities


@attrs.frozen(kw_only=True, eq=False)
class Catalogue:
    """Calendars, a priority matrix, services, SLAs, OLAs, UCs and chains, checked together.

    Construction checks every reference and raises one :class:`CatalogueError`
    listing every problem with its key path (``sla.email-finance.service`` ...).
    Agreement ids share one namespace across SLAs, OLAs and UCs, so a stage
    ``"infrastructure.resolution"`` is unambiguous. When ``priorities`` is given,
    every priority an agreement or chain names must be one the matrix gives.
    ``activity`` (an :class:`~slacalc.activity.ActivityRules`, the TOML
    ``[activity]`` section) says how ticket activity drives the clocks; its
    teams, suppliers, customers and policies are checked against the rest.

    >>> import slacalc as sc
    >>> from slacalc.agreements import SLA, Service, target_table
    >>> uk = sc.Calendar.weekly({"mon-fri": "09:00-17:00"}, tz="Europe/London")
    >>> sla = SLA(id="email-hr", service="email", customer="HR", calendar=uk,
    ...           targets=target_table(uk, {"P2": {"resolution": "8h"}}))
    >>> cat = Catalogue(calendars={"uk": uk}, services=[Service("email", "Email")], slas=[sla])
    >>> cat.agreement("email-hr").customer
    'HR'
    >>> Catalogue(slas=[sla])
    Traceback (most recent call last):
    ...
    slacalc.errors.CatalogueError: 1 problem(s) in the catalogue:
      sla.email-hr.service: unknown service 'email' (known: none)
    """

    calendars: FrozenMap[str, Calendar] = attrs.field(factory=FrozenMap, converter=_calendars)
    priorities: PriorityMatrix | None = None
    services: tuple[Service, ...] = attrs.field(default=(), converter=_services)
    slas: tuple[SLA, ...] = attrs.field(default=(), converter=_slas)
    olas: tuple[OLA, ...] = attrs.field(default=(), converter=_olas)
    ucs: tuple[UC, ...] = attrs.field(default=(), converter=_ucs)
    chains: tuple[Chain, ...] = attrs.field(default=(), converter=_chains)
    activity: ActivityRules | None = None
    _by_id: dict[str, Agreement] = attrs.field(init=False, repr=False, factory=dict)
    _services: dict[str, Service] = attrs.field(init=False, repr=False, factory=dict)
    # Indexes built once at construction, so lookups by SLA cost the answer, not the catalogue.
    _chains_by: dict[tuple[str, str], list[Chain]] = attrs.field(
        init=False, repr=False, factory=dict
    )
    _chains_by_sla: dict[str, list[Chain]] = attrs.field(init=False, repr=False, factory=dict)
    _supporting: dict[str, list[OLA | UC]] = attrs.field(init=False, repr=False, factory=dict)
    # Each chain's priorities, worked out once (by id, with the chain itself to check).
    _chain_prios: dict[int, tuple[Chain, tuple[str, ...]]] = attrs.field(
        init=False, repr=False, factory=dict
    )

    def __attrs_post_init__(self) -> None:
        problems = _Checker(self).run()
        if problems:
            raise CatalogueError(problems)
        for chain in self.chains:
            self._chains_by.setdefault((chain.sla, chain.metric), []).append(chain)
            self._chains_by_sla.setdefault(chain.sla, []).append(chain)
            self._chain_prios[id(chain)] = (chain, self._priorities_of(chain))
        parties: list[OLA | UC] = [*self.olas, *self.ucs]
        for party in parties:
            for sla_id in dict.fromkeys(party.supports):
                self._supporting.setdefault(sla_id, []).append(party)

    # -- lookups -------------------------------------------------------------------------

    @property
    def agreements(self) -> tuple[Agreement, ...]:
        """Every agreement: SLAs, then OLAs, then UCs."""
        return (*self.slas, *self.olas, *self.ucs)

    @property
    def levels(self) -> tuple[str, ...] | None:
        """The priorities the matrix gives (highest first), or ``None`` without a matrix."""
        return None if self.priorities is None else _levels(self.priorities)

    def agreement(self, agreement_id: str) -> Agreement:
        """The SLA, OLA or UC with this id; :class:`UnknownLevelError` (a KeyError) if none."""
        found = self._by_id.get(agreement_id)
        if found is None:
            raise UnknownLevelError("agreement", agreement_id, tuple(self._by_id))
        return found

    def service(self, service_id: str) -> Service:
        """The service with this id; :class:`UnknownLevelError` (a KeyError) if none."""
        found = self._services.get(service_id)
        if found is None:
            raise UnknownLevelError("service", service_id, tuple(self._services))
        return found

    def target(self, agreement_id: str, priority: str, metric: str) -> Target:
        """``agreement(agreement_id).target(priority, metric)``."""
        return self.agreement(agreement_id).target(priority, metric)

    def supporting(self, sla_id: str) -> tuple[OLA | UC, ...]:
        """The OLAs and UCs that list ``sla_id`` in ``supports``."""
        return tuple(self._supporting.get(sla_id, ()))

    def slas_for(self, service_id: str) -> tuple[SLA, ...]:
        """The SLAs for a service."""
        return tuple(s for s in self.slas if s.service == service_id)

    def covers(self, service_id: str, customer: str) -> bool:
        """Whether some SLA covers ``service_id`` for ``customer``.

        >>> Catalogue().covers("email", "Finance")
        False
        """
        return any(s.customer == customer for s in self.slas_for(service_id))

    def chains_for(self, sla_id: str) -> tuple[Chain, ...]:
        """The chains that deliver targets of ``sla_id``, in catalogue order."""
        return tuple(self._chains_by_sla.get(sla_id, ()))

    def chain_for(self, sla_id: str, priority: str, metric: str) -> Chain | None:
        """The chain that delivers one SLA target, or ``None`` if none is written down."""
        for chain in self._chains_by.get((sla_id, metric), ()):
            if priority in self.chain_priorities(chain):
                return chain
        return None

    def chain_priorities(self, chain: Chain) -> tuple[str, ...]:
        """The priorities a chain applies to.

        Its ``priorities`` if given; otherwise every priority (in the SLA's order) for
        which the SLA sets the chain's metric and every stage's agreement sets the
        stage's metric.
        """
        known = self._chain_prios.get(id(chain))
        if known is not None and known[0] is chain:
            return known[1]
        return self._priorities_of(chain)

    def _priorities_of(self, chain: Chain) -> tuple[str, ...]:
        if chain.priorities is not None:
            return chain.priorities
        sla = self._by_id.get(chain.sla)
        if sla is None:
            return ()
        stages = [self._by_id.get(s.agreement) for s in chain.stages]
        return tuple(
            p
            for p in sla.priorities
            if sla.defines(p, chain.metric)
            and all(
                a is not None and a.defines(p, s.metric)
                for a, s in zip(stages, chain.stages, strict=True)
            )
        )

    def chain_targets(self, chain: Chain, priority: str) -> tuple[Target, ...]:
        """Each stage's target for ``priority``, in stage order."""
        return tuple(self.target(s.agreement, priority, s.metric) for s in chain.stages)

    def sla_targets(self) -> Iterator[SlaTarget]:
        """Every SLA promise: (sla, priority, metric, target), in catalogue order."""
        for sla in self.slas:
            for priority, row in sla.targets.items():
                for metric, target in row.items():
                    yield SlaTarget(sla, priority, metric, target)

    @property
    def versioned(self) -> bool:
        """Whether any agreement carries :attr:`~slacalc.agreements.Agreement.versions`."""
        return any(a.versions for a in self.agreements)

    def in_force(self, at: datetime | date) -> Catalogue:
        """The catalogue as it stood at ``at``: every agreement replaced by the version
        then in force (without versions). A date is read at 00:00 in each agreement's
        calendar zone. Without versions, the catalogue itself.

        >>> Catalogue().in_force(date(2026, 7, 1)).agreements
        ()
        """
        if not self.versioned:
            if not isinstance(at, date):
                raise ArgumentTypeError("at", at, "a timezone-aware datetime or a datetime.date")
            if isinstance(at, datetime) and at.utcoffset() is None:
                raise NaiveDatetimeError(at, "at")
            return self
        # The activity rules were checked against every version of every agreement
        # (a policy may name a metric only a later version targets): the catalogue
        # at ``at`` is rebuilt without them, and then carries them unchanged.
        then = attrs.evolve(
            self,
            slas=[a.in_force(at) for a in self.slas],
            olas=[a.in_force(at) for a in self.olas],
            ucs=[a.in_force(at) for a in self.ucs],
            activity=None,
        )
        object.__setattr__(then, "activity", self.activity)
        return then

    def calendar_name(self, calendar: Calendar) -> str | None:
        """The name ``calendar`` has in :attr:`calendars` (same object), or ``None``."""
        for name, cal in self.calendars.items():
            if cal is calendar:
                return name
        return None
