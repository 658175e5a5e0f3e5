"""Services and the agreements that promise them: SLA, OLA, UC, and chains of stages.

An :class:`SLA` is the promise to a customer; an :class:`OLA` is an internal
team's promise that helps keep it; a :class:`UC` is a supplier's contract that it
depends on. Each holds :class:`Target` values per priority and metric
(``response``, ``resolution`` or any named metric), every target a duration of
business time on a calendar. A :class:`Chain` says how one SLA metric is
delivered: the stages (agreement + metric) that run one after another.

>>> from datetime import timedelta
>>> import slacalc as sc
>>> uk = sc.Calendar.weekly({"mon-fri": "08:00-18:00"}, tz="Europe/London")
>>> sla = SLA(id="email-finance", service="email", customer="Finance", calendar=uk,
...           targets=target_table(uk, {"P1": {"response": "15m", "resolution": "4h"}}))
>>> sla.target("P1", "resolution").duration
datetime.timedelta(seconds=14400)
>>> Stage.parse("service-desk.response")
Stage(agreement='service-desk', metric='response')

These are plain values; :class:`slacalc.Catalogue` (defined in
:mod:`slacalc.catalogue.model`, importable from here) checks that their
references fit together.
"""

from __future__ import annotations

import difflib
import re
from bisect import bisect_right
from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from numbers import Real
from typing import ClassVar, NamedTuple, Self

import attrs

from slacalc._validate import FrozenMap, string, string_or_none
from slacalc.calendar.calendar import Calendar
from slacalc.durations import parse_duration
from slacalc.errors import (
    ArgumentTypeError,
    InvalidValueError,
    NaiveDatetimeError,
    ParseError,
    UnknownLevelError,
)

__all__ = [
    "OLA",
    "SLA",
    "UC",
    "Agreement",
    "AgreementVersion",
    "Chain",
    "FrozenMap",
    "Service",
    "SlaTarget",
    "Stage",
    "Target",
    "target_table",
]


_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")


def key_path(*parts: str | int, under: str = "") -> str:
    """A TOML-style key path: ``key_path("sla", "x", "targets", "P1")`` -> ``sla.x.targets.P1``.

    Integers become indexes (``chains[2]``); keys that are not bare TOML keys are
    quoted; ``under`` is a path the parts are appended to.

    >>> key_path("hours", "mon-fri", under='calendars."head office"')
    'calendars."head office".hours.mon-fri'
    """
    out = under
    for part in parts:
        if isinstance(part, int):
            out += f"[{part}]"
            continue
        text = part if _BARE_KEY.fullmatch(part) else '"' + part.replace('"', '\\"') + '"'
        out += f".{text}" if out else text
    return out


def _strs(what: str, value: Iterable[str]) -> tuple[str, ...]:
    if isinstance(value, str) or not isinstance(value, Iterable):
        raise ArgumentTypeError(what, value, "a sequence of strings")
    out = tuple(value)
    for item in out:
        if not isinstance(item, str):
            raise ArgumentTypeError(f"{what} item", item, "a string")
    return out


def _customers(value: Iterable[str]) -> tuple[str, ...]:
    return _strs("customers", value)


def _supports(value: Iterable[str]) -> tuple[str, ...]:
    return _strs("supports", value)


def _check_str(what: str, value: object) -> None:
    if not isinstance(value, str):
        raise ArgumentTypeError(what, value, "a string")


def _id(inst: object, attr: attrs.Attribute[str], value: object) -> None:
    string(inst, attr, value)
    assert isinstance(value, str)
    if not value:
        raise ParseError(value, "a non-empty id", attr.name)


@attrs.frozen
class Service:
    """A service in the catalogue, and (optionally) the customers who may have SLAs for it.

    >>> Service("email", "Corporate email", customers=("Finance", "Sales"))
    Service(id='email', name='Corporate email', customers=('Finance', 'Sales'))
    """

    id: str = attrs.field(validator=_id)
    name: str = attrs.field(validator=string)
    customers: tuple[str, ...] = attrs.field(default=(), converter=_customers)


@attrs.frozen
class Target:
    """A duration of business time, counted on ``calendar``.

    >>> import slacalc as sc
    >>> Target(timedelta(hours=4), sc.Calendar.always()).duration
    datetime.timedelta(seconds=14400)
    """

    duration: timedelta
    calendar: Calendar

    def __attrs_post_init__(self) -> None:
        if not isinstance(self.duration, timedelta):
            raise ArgumentTypeError("duration", self.duration, "a datetime.timedelta")
        if self.duration < timedelta(0):
            raise ParseError(self.duration, "a duration of zero or more", "duration")
        if not isinstance(self.calendar, Calendar):
            raise ArgumentTypeError("calendar", self.calendar, "a slacalc.Calendar")


def target_table(
    calendar: Calendar, table: Mapping[str, Mapping[str, timedelta | str | Target]]
) -> FrozenMap[str, FrozenMap[str, Target]]:
    """Targets per priority and metric, on ``calendar`` unless a value is already a Target.

    Durations may be timedeltas or text such as ``"4h"`` (see :func:`slacalc.parse_duration`).

    >>> import slacalc as sc
    >>> t = target_table(sc.Calendar.always(), {"P1": {"response": "15m"}})
    >>> t["P1"]["response"].duration
    datetime.timedelta(seconds=900)
    """
    rows: dict[str, FrozenMap[str, Target]] = {}
    for priority, row in table.items():
        cells: dict[str, Target] = {}
        for metric, value in row.items():
            if isinstance(value, Target):
                cells[metric] = value
            elif isinstance(value, str):
                cells[metric] = Target(parse_duration(value, f"{priority}.{metric}"), calendar)
            else:
                cells[metric] = Target(value, calendar)
        rows[priority] = FrozenMap(cells)
    return FrozenMap(rows)


def _targets(value: Mapping[str, Mapping[str, Target]]) -> FrozenMap[str, FrozenMap[str, Target]]:
    if not isinstance(value, Mapping):
        raise ArgumentTypeError("targets", value, "a mapping of priority -> metric -> Target")
    rows: dict[str, FrozenMap[str, Target]] = {}
    for priority, row in value.items():
        _check_str("targets priority", priority)
        if not isinstance(row, Mapping):
            raise ArgumentTypeError(f"targets[{priority!r}]", row, "a mapping of metric -> Target")
        for metric, target in row.items():
            _check_str(f"targets[{priority!r}] metric", metric)
            if not isinstance(target, Target):
                raise ArgumentTypeError(f"targets[{priority!r}][{metric!r}]", target, "a Target")
        rows[priority] = FrozenMap(row)
    return FrozenMap(rows)


def _escalation(value: Mapping[str, Iterable[str]]) -> FrozenMap[str, tuple[str, ...]]:
    if not isinstance(value, Mapping):
        raise ArgumentTypeError("escalation", value, "a mapping of priority -> names")
    return FrozenMap({p: _strs("escalation path", path) for p, path in value.items()})


def _reviewed(inst: object, attr: attrs.Attribute[date | None], value: object) -> None:
    if value is not None and (not isinstance(value, date) or isinstance(value, datetime)):
        raise ArgumentTypeError("reviewed", value, "a datetime.date or None")


def _warnings(value: object) -> tuple[float, ...]:
    """Warning thresholds: numbers above 0 and at most 1 (the error names the index)."""
    if isinstance(value, str) or not isinstance(value, Iterable):
        raise ArgumentTypeError("warnings", value, "a sequence of fractions such as (0.5, 0.9)")
    out = []
    for i, item in enumerate(value):
        if isinstance(item, bool) or not isinstance(item, Real):
            raise ArgumentTypeError(f"warnings[{i}]", item, "a number such as 0.75")
        if not 0 < float(item) <= 1:  # NaN fails too
            raise ParseError(item, "a fraction above 0 and at most 1", f"warnings[{i}]")
        out.append(float(item))
    return tuple(out)


def _calendar(inst: object, attr: attrs.Attribute[Calendar], value: object) -> None:
    if not isinstance(value, Calendar):
        raise ArgumentTypeError("calendar", value, "a slacalc.Calendar")


def _calendar_or_none(inst: object, attr: attrs.Attribute[Calendar | None], value: object) -> None:
    if value is not None and not isinstance(value, Calendar):
        raise ArgumentTypeError("calendar", value, "a slacalc.Calendar or None")


def _effective(inst: object, attr: attrs.Attribute[datetime | date], value: object) -> None:
    if isinstance(value, datetime):
        if value.utcoffset() is None:
            raise NaiveDatetimeError(value, "effective")
    elif not isinstance(value, date):
        raise ArgumentTypeError("effective", value, "a timezone-aware datetime or a datetime.date")


@attrs.frozen
class AgreementVersion:
    """A new version of an agreement's targets (and calendar), in force from ``effective`` on.

    ``effective`` is an aware instant, or a date: the start (00:00) of that day in
    the zone of the agreement's own ``calendar``. ``targets`` replace the
    agreement's targets entirely while the version is in force (a priority or
    metric it leaves out has no target then). ``calendar``, if given, replaces the
    agreement's ``calendar`` too (its targets carry their own calendars, as always).

    >>> import slacalc as sc
    >>> always = sc.Calendar.always()
    >>> v = AgreementVersion(date(2026, 7, 1), target_table(always, {"P2": {"resolution": "4h"}}))
    >>> v.targets["P2"]["resolution"].duration
    datetime.timedelta(seconds=14400)
    """

    effective: datetime | date = attrs.field(validator=_effective)
    targets: FrozenMap[str, FrozenMap[str, Target]] = attrs.field(converter=_targets)
    calendar: Calendar | None = attrs.field(default=None, validator=_calendar_or_none)

    def instant(self, tz: tzinfo) -> datetime:
        """When the version comes into force, in UTC (a date is read as 00:00 in ``tz``)."""
        return _instant(self.effective, tz, "effective")


def _versions(value: Iterable[AgreementVersion]) -> tuple[AgreementVersion, ...]:
    if isinstance(value, str | Mapping) or not isinstance(value, Iterable):
        raise ArgumentTypeError("versions", value, "a sequence of AgreementVersion")
    out = tuple(value)
    for i, item in enumerate(out):
        if not isinstance(item, AgreementVersion):
            raise ArgumentTypeError(f"versions[{i}]", item, "an AgreementVersion")
    return out


def _instant(at: datetime | date, tz: tzinfo, what: str) -> datetime:
    """An aware instant in UTC; a date is 00:00 of that day in ``tz``."""
    if isinstance(at, datetime):
        if at.utcoffset() is None:
            raise NaiveDatetimeError(at, what)
        return at.astimezone(UTC)
    if isinstance(at, date):
        return datetime.combine(at, time(0), tz).astimezone(UTC)
    raise ArgumentTypeError(what, at, "a timezone-aware datetime or a datetime.date")


@attrs.frozen(kw_only=True)
class Agreement:
    """What SLAs, OLAs and UCs share: an id, a calendar, targets, escalation, a review date.

    ``targets[priority][metric]`` is a :class:`Target`; a target may use another
    calendar than the agreement's (a 24x7 P1 in a business-hours SLA).
    ``escalation[priority]`` is the ordered list of people or roles to escalate to.
    ``warnings`` are the fractions of a target at which its timers warn (e.g.
    ``(0.5, 0.75, 0.9)``), each above 0 and at most 1; they should rise
    (``find_gaps`` flags them otherwise). None given: the timers use
    :data:`slacalc.timers.DEFAULT_THRESHOLDS`.

    ``versions`` are later versions of the targets (:class:`AgreementVersion`),
    each in force from its ``effective`` instant until the next one; the
    agreement's own ``targets`` and ``calendar`` are in force before the first.
    Their instants must rise strictly. :meth:`in_force` gives the agreement as it
    stood at an instant; :meth:`defines`, :meth:`target` and the others read the
    agreement's own targets, as when it has no versions.

    >>> import slacalc as sc
    >>> uk = sc.Calendar.weekly({"mon-fri": "09:00-17:00"}, tz="Europe/London")
    >>> sla = SLA(id="email-fin", service="email", customer="Finance", calendar=uk,
    ...           targets=target_table(uk, {"P2": {"resolution": "8h"}}),
    ...           versions=[AgreementVersion(date(2026, 7, 1),
    ...                                      target_table(uk, {"P2": {"resolution": "4h"}}))])
    >>> sla.effective_from        # 00:00 on 1 July in London is 23:00 UTC the day before
    (datetime.datetime(2026, 6, 30, 23, 0, tzinfo=datetime.timezone.utc),)
    >>> sla.in_force(date(2026, 6, 30)).target("P2", "resolution").duration.seconds // 3600
    8
    >>> sla.in_force(date(2026, 7, 1)).target("P2", "resolution").duration.seconds // 3600
    4
    """

    kind: ClassVar[str] = "agreement"

    id: str = attrs.field(validator=_id)
    calendar: Calendar = attrs.field(validator=_calendar)
    targets: FrozenMap[str, FrozenMap[str, Target]] = attrs.field(
        factory=FrozenMap, converter=_targets
    )
    escalation: FrozenMap[str, tuple[str, ...]] = attrs.field(
        factory=FrozenMap, converter=_escalation
    )
    reviewed: date | None = attrs.field(default=None, validator=_reviewed)
    warnings: tuple[float, ...] = attrs.field(default=(), converter=_warnings)
    versions: tuple[AgreementVersion, ...] = attrs.field(default=(), converter=_versions)
    _starts: tuple[datetime, ...] = attrs.field(init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        starts = tuple(v.instant(self.calendar.tz) for v in self.versions)
        for i in range(1, len(starts)):
            if starts[i] <= starts[i - 1]:
                raise InvalidValueError(
                    f"{self.kind} {self.id!r} versions[{i}].effective",
                    self.versions[i].effective,
                    f"later than versions[{i - 1}] ({self.versions[i - 1].effective}): "
                    "versions come in the order they take effect, each strictly later",
                )
        object.__setattr__(self, "_starts", starts)

    @property
    def effective_from(self) -> tuple[datetime, ...]:
        """The instants (UTC) from which each of :attr:`versions` is in force."""
        return self._starts

    def version_index(self, at: datetime | date) -> int:
        """Which version is in force at ``at``: 0 for the agreement's own targets, ``k``
        for ``versions[k - 1]``. A date means 00:00 of that day in the calendar's zone."""
        return bisect_right(self._starts, _instant(at, self.calendar.tz, "at"))

    def as_version(self, index: int) -> Self:
        """Version ``index`` (as :meth:`version_index` counts) as an agreement without versions."""
        if isinstance(index, bool) or not isinstance(index, int):
            raise ArgumentTypeError("index", index, "an int")
        if not 0 <= index <= len(self.versions):
            raise InvalidValueError("index", index, f"a version from 0 to {len(self.versions)}")
        if not self.versions:
            return self
        if index == 0:
            return attrs.evolve(self, versions=())
        v = self.versions[index - 1]
        return attrs.evolve(
            self, targets=v.targets, calendar=v.calendar or self.calendar, versions=()
        )

    def in_force(self, at: datetime | date) -> Self:
        """The agreement as it stood at ``at`` (an aware instant, or a date read at 00:00
        in the calendar's zone): the version then in force, without versions."""
        return self.as_version(self.version_index(at))

    def latest(self) -> Self:
        """The last version, as an agreement without versions."""
        return self.as_version(len(self.versions))

    @property
    def party(self) -> str:
        """Who makes the promise or receives it: the customer, team or supplier."""
        return self.id

    @property
    def priorities(self) -> tuple[str, ...]:
        """The priorities this agreement sets targets for, in the order given."""
        return tuple(self.targets)

    def metrics(self, priority: str | None = None) -> tuple[str, ...]:
        """The metrics targeted for ``priority``, or for any priority (first-seen order)."""
        if priority is not None:
            return tuple(self.targets.get(priority, ()))
        return tuple(dict.fromkeys(m for row in self.targets.values() for m in row))

    def every_metric(self) -> tuple[str, ...]:
        """The metrics targeted by the agreement or any of its versions (first-seen order)."""
        rows = [self.targets, *(v.targets for v in self.versions)]
        return tuple(dict.fromkeys(m for t in rows for row in t.values() for m in row))

    def defines(self, priority: str, metric: str) -> bool:
        """Whether a target exists for ``priority`` and ``metric``."""
        return metric in self.targets.get(priority, ())

    def target_row(self, priority: str) -> FrozenMap[str, Target]:
        """Every target for ``priority``, metric -> Target; :class:`UnknownLevelError` if none."""
        row = self.targets.get(priority)
        if row is None:
            raise UnknownLevelError(f"{self.kind} {self.id!r} priority", priority, self.priorities)
        return row

    def target(self, priority: str, metric: str) -> Target:
        """The target for ``priority`` and ``metric``; :class:`UnknownLevelError` if none."""
        row = self.target_row(priority)
        target = row.get(metric)
        if target is None:
            raise UnknownLevelError(
                f"{self.kind} {self.id!r} {priority} metric", metric, tuple(row)
            )
        return target


@attrs.frozen(kw_only=True)
class SLA(Agreement):
    """A Service Level Agreement: the provider's promise to ``customer`` for ``service``."""

    kind: ClassVar[str] = "SLA"

    service: str = attrs.field(validator=string)
    customer: str = attrs.field(validator=string)

    @property
    def party(self) -> str:
        """The customer."""
        return self.customer


@attrs.frozen(kw_only=True)
class OLA(Agreement):
    """An Operational Level Agreement: an internal ``team``'s promise, with a named ``owner``.

    ``owner`` may be ``None``: an OLA nobody owns is a finding, not a malformed value.
    ``supports`` names the SLAs it underpins.
    """

    kind: ClassVar[str] = "OLA"

    team: str = attrs.field(validator=string)
    owner: str | None = attrs.field(default=None, validator=string_or_none)
    supports: tuple[str, ...] = attrs.field(default=(), converter=_supports)

    @property
    def party(self) -> str:
        """The team."""
        return self.team


@attrs.frozen(kw_only=True)
class UC(Agreement):
    """An Underpinning Contract with an external ``supplier``; ``supports`` names SLAs."""

    kind: ClassVar[str] = "UC"

    supplier: str = attrs.field(validator=string)
    supports: tuple[str, ...] = attrs.field(default=(), converter=_supports)

    @property
    def party(self) -> str:
        """The supplier."""
        return self.supplier


@attrs.frozen
class Stage:
    """One commitment in a chain: an agreement id and the metric whose clock it runs.

    >>> str(Stage("mailhost", "response"))
    'mailhost.response'
    """

    agreement: str = attrs.field(validator=_id)
    metric: str = attrs.field(validator=_id)

    @classmethod
    def parse(cls, text: str, where: str = "") -> Stage:
        """Read ``"agreement.metric"`` (split at the last dot: metric names have no dots)."""
        if not isinstance(text, str):
            raise ParseError(text, "a stage 'agreement.metric'", where)
        agreement, dot, metric = text.rpartition(".")
        if not dot or not agreement or not metric:
            raise ParseError(
                text, "a stage 'agreement.metric', e.g. 'service-desk.response'", where
            )
        return cls(agreement, metric)

    def __str__(self) -> str:
        return f"{self.agreement}.{self.metric}"


def _stages(value: Iterable[Stage | str]) -> tuple[Stage, ...]:
    if isinstance(value, str) or not isinstance(value, Iterable):
        raise ArgumentTypeError("stages", value, "a sequence of Stage or 'agreement.metric'")
    return tuple(s if isinstance(s, Stage) else Stage.parse(s, "stages") for s in value)


def _priorities(value: Iterable[str] | None) -> tuple[str, ...] | None:
    return None if value is None else _strs("priorities", value)


@attrs.frozen
class Chain:
    """How an SLA metric is delivered: stages run one after another, each on its own clock.

    Each stage's clock starts when the previous stage's allowance runs out (the
    worst case, in which every party uses all it was given). The chain applies to
    ``priorities`` if given, otherwise to every priority for which the SLA defines
    ``metric`` and every stage's agreement defines the stage's metric
    (:meth:`slacalc.Catalogue.chain_priorities`).

    >>> Chain("email-finance", "resolution", ["service-desk.response", "infra.resolution"])
    Chain(sla='email-finance', metric='resolution', stages=(Stage(agreement='service-desk', metric='response'), Stage(agreement='infra', metric='resolution')), priorities=None)
    """  # noqa: E501

    sla: str = attrs.field(validator=_id)
    metric: str = attrs.field(validator=_id)
    stages: tuple[Stage, ...] = attrs.field(converter=_stages)
    priorities: tuple[str, ...] | None = attrs.field(default=None, converter=_priorities)


class SlaTarget(NamedTuple):
    """One SLA promise: the SLA, a priority, a metric and its target."""

    sla: SLA
    priority: str
    metric: str
    target: Target


def unknown(what: str, value: str, known: Iterable[str]) -> str:
    """``unknown service 'emial' (did you mean 'email'?)``, else the known names listed."""
    names = list(known)
    close = [n for n in names if n.casefold() == value.casefold()]
    close = close or difflib.get_close_matches(value, names, n=1)
    if close:
        return f"unknown {what} {value!r} (did you mean {close[0]!r}?)"
    return f"unknown {what} {value!r} (known: {_listing(names)})"


def _listing(known: Iterable[str], limit: int = 8) -> str:
    items = list(known)
    text = ", ".join(repr(k) for k in items[:limit]) if items else "none"
    return text + (f" and {len(items) - limit} more" if len(items) > limit else "")
