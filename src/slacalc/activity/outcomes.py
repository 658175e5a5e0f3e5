"""Evaluating activity against a catalogue: SLA, OLA and UC outcomes per cycle.

:func:`evaluate` replays every ticket (:mod:`slacalc.activity.replay`) and
judges each clock of each agreement that applies to it: the ticket's SLA (by
its service and customer), the OLAs and UCs that support that SLA. Each cycle
becomes a :class:`CycleOutcome` with its state, start, deadline, stop, elapsed
and paused business time, breach instant, percentage and, for an SLA, where
the time went. :meth:`CycleOutcome.outcome` converts one to the measurement's
:class:`~slacalc.measure.Outcome`, so compliance, trends, breach categories,
problem candidates, baselines and reports work unchanged.

>>> from datetime import datetime, timedelta, UTC
>>> import slacalc as sc
>>> from slacalc.activity import Activity
>>> cat = sc.load("examples/catalogue.toml")
>>> t0 = datetime(2026, 7, 1, 9, tzinfo=UTC)                 # a Wednesday, 10:00 in London
>>> a = Activity.of("INC-1", t0, {"service": "email", "customer": "Finance",
...                              "priority": "P2", "status": "New"},
...                 [(t0 + timedelta(minutes=20), "comment", "public-reply"),
...                  (t0 + timedelta(hours=5), "status", "Resolved")])
>>> import warnings; warnings.simplefilter("ignore")   # the example sets no teams
>>> [(o.metric, o.state, o.elapsed.seconds) for o in evaluate(a, cat, as_of=t0 + timedelta(days=1))
...  if o.kind == "SLA"]
[('response', <CycleState.MET: 'met'>, 1200), ('resolution', <CycleState.MET: 'met'>, 18000)]
"""

from __future__ import annotations

import warnings
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum
from fractions import Fraction

import attrs

import slacalc as sc
from slacalc.activity.conditions import ConditionError, Instant, compile_condition
from slacalc.activity.log import Activity, ActivityLog
from slacalc.activity.policy import CompiledPolicy, compile_policy
from slacalc.activity.replay import Cycle, Snapshot, run_clock, timeline
from slacalc.activity.rules import ActivityRules
from slacalc.agreements import OLA, SLA, UC
from slacalc.calendar import Calendar
from slacalc.errors import (
    ArgumentTypeError,
    InvalidValueError,
    NaiveDatetimeError,
    NeverOpenError,
    ParseError,
    SlacalcError,
)
from slacalc.measure import Month, Outcome, RecordError, Status, TicketRecord, sla_for

__all__ = [
    "UNMATCHED",
    "ActivityWarning",
    "CycleOutcome",
    "CycleState",
    "evaluate",
    "to_outcomes",
]


class ActivityWarning(UserWarning):
    """Something in the activity that no rule covers: a status value no policy names,
    a priority without a target, an agreement whose clock cannot run."""


class CycleState(StrEnum):
    """How a cycle stands: ``met``, ``breached``, ``pending`` (open, not breached)
    or ``cancelled`` (ended by ``cancel``, or by a priority change that restarts)."""

    MET = "met"
    BREACHED = "breached"
    PENDING = "pending"
    CANCELLED = "cancelled"


_STATUS = {
    CycleState.MET: Status.MET,
    CycleState.BREACHED: Status.BREACHED,
    CycleState.PENDING: Status.PENDING,
}
_ZERO = timedelta(0)
#: The words of the warning for fields the conditions name but no ticket has.
ABSENT_FIELDS = "are named by the clock conditions but appear in no ticket of the log"
#: What ``evaluate`` does with a ticket whose service and customer no SLA covers.
UNMATCHED = ("error", "skip")


@attrs.frozen(kw_only=True)
class CycleOutcome:
    """One cycle of one clock of one ticket, judged.

    ``kind`` is ``"SLA"``, ``"OLA"`` or ``"UC"``; ``cycle`` counts from 1;
    ``priority`` and ``target`` are those the cycle is judged by (the priority
    at its end, or at its start under ``on_priority_change = "restart"``);
    ``stop`` is where it stopped or was cancelled (``None`` while open);
    ``end`` is ``stop`` or ``as_of``; ``elapsed`` is business time on
    ``calendar`` while the clock ran in ``[start, end)``, ``paused`` the rest of
    the business time in that span; ``deadline`` is when the target ran out (or,
    if not yet, when it will if the clock was running at ``end``; else ``None``);
    ``breach`` is the deadline when the cycle breached. ``attribution`` (SLA
    cycles) splits ``elapsed`` by who held the ticket: ``team:NAME``,
    ``supplier:NAME``, ``customer``, ``group:VALUE`` (a group in no team) or
    ``unassigned``. ``category`` is the breach category of a breached SLA cycle
    (the ticket's cause field if set, else derived), ``underpinning`` the OLAs
    and UCs of the ticket breached during the cycle. ``running`` lists the
    stretches in which the clock ran (UTC); ``running_at_end`` says whether an
    open cycle's clock runs at ``end`` (it may resume at that very instant).
    ``version_from`` is the instant from which the agreement version that
    judged the cycle is in force (``None``: the agreement's own targets, before
    its first version or without versions).
    Instants are in UTC.
    """

    ticket: str
    kind: str
    agreement: str
    metric: str
    cycle: int
    state: CycleState
    service: str
    customer: str
    priority: str
    target: timedelta
    calendar: Calendar = attrs.field(repr=False, eq=False)
    start: datetime
    deadline: datetime | None
    stop: datetime | None
    end: datetime
    elapsed: timedelta
    paused: timedelta
    breach: datetime | None
    attribution: tuple[tuple[str, timedelta], ...] = ()
    category: str | None = None
    underpinning: tuple[str, ...] = ()
    month: Month = attrs.field(repr=False)
    running: tuple[tuple[datetime, datetime], ...] = attrs.field(repr=False, default=())
    running_at_end: bool = attrs.field(repr=False, default=False)
    version_from: datetime | None = None

    @property
    def percentage(self) -> Fraction | None:
        """Elapsed as a percentage of the target, exactly (``None`` for a zero target)."""
        if not self.target:
            return None
        return Fraction(
            self.elapsed // timedelta(microseconds=1) * 100,
            self.target // timedelta(microseconds=1),
        )

    @property
    def closed(self) -> bool:
        """Whether the cycle has ended (stopped or cancelled) by ``as_of``."""
        return self.stop is not None

    def gaps(self) -> list[tuple[datetime, datetime | None]]:
        """The stretches of ``[start, end)`` in which the clock did not run; the last
        one's end is ``None`` if the cycle is open and not running at ``end`` (it
        is ``(end, None)`` when the clock stopped running at that very instant)."""
        out: list[tuple[datetime, datetime | None]] = []
        prev = self.start
        for a, b in self.running:
            if a > prev:
                out.append((prev, a))
            prev = b
        if prev < self.end:
            out.append((prev, self.end if self.closed or self.running_at_end else None))
        elif not self.closed and not self.running_at_end:
            out.append((self.end, None))  # paused at the very instant of ``end``
        return out

    def timer(self) -> sc.Timer:
        """The cycle as a :class:`~slacalc.Timer` (its gaps are pauses), for boards."""
        t = sc.Timer(self.calendar, self.target, self.start)
        for a, b in self.gaps():
            t = t.pause(a)
            if b is not None:
                t = t.resume(b)
        return t.stop(self.end) if self.closed else t

    def record(self) -> TicketRecord:
        """The cycle as a :class:`~slacalc.measure.TicketRecord`."""
        cause = self.category if self.state is CycleState.BREACHED else None
        return TicketRecord(
            ticket=self.ticket,
            service=self.service,
            customer=self.customer,
            priority=self.priority,
            metric=self.metric,
            start=self.start,
            stop=self.stop,
            pauses=self.gaps(),
            cause=cause,
        )

    def outcome(self) -> Outcome:
        """The cycle as a measurement :class:`~slacalc.measure.Outcome` (not for a
        cancelled cycle, which is judged by nothing)."""
        status = _STATUS.get(self.state)
        if status is None:
            raise InvalidValueError("cycle state", str(self.state), "met, breached or pending")
        return Outcome(
            self.record(),
            self.agreement,
            self.target,
            status,
            self.elapsed,
            self.deadline,
            self.month,
            self.closed,
        )


def to_outcomes(
    results: Iterable[CycleOutcome], *, kinds: Iterable[str] = ("SLA",)
) -> tuple[Outcome, ...]:
    """The measurement outcomes of ``results`` of the given ``kinds``, cancelled cycles left out.

    >>> to_outcomes([])
    ()
    """
    wanted = set(kinds)
    return tuple(
        r.outcome() for r in results if r.kind in wanted and r.state is not CycleState.CANCELLED
    )


# ------------------------------------------------------------------------------ measuring


def _stretches(
    line: Sequence[Snapshot], cycle: Cycle, end: datetime, parties: Sequence[str] | None
) -> list[tuple[datetime, datetime, str]]:
    out: list[tuple[datetime, datetime, str]] = []
    n = len(line)
    for k, run in cycle.runs:
        if not run:
            continue
        a = line[k].at
        b = line[k + 1].at if k + 1 < n else end
        if b <= a:
            continue
        party = parties[k] if parties is not None else ""
        if out and out[-1][1] == a and out[-1][2] == party:
            out[-1] = (out[-1][0], b, party)
        else:
            out.append((a, b, party))
    return out


class _Measured:
    __slots__ = ("attribution", "breach_party", "deadline", "elapsed", "paused", "running", "state")

    def __init__(
        self,
        line: Sequence[Snapshot],
        cycle: Cycle,
        start: datetime,
        end: datetime,
        cal: Calendar,
        target: timedelta,
        parties: Sequence[str] | None,
    ) -> None:
        stretches = _stretches(line, cycle, end, parties)
        elapsed = _ZERO
        deadline: datetime | None = start if not target else None
        self.breach_party: str | None = stretches[0][2] if stretches and not target else None
        shares: dict[str, timedelta] = {}
        for a, b, party in stretches:
            e = cal.elapsed(a, b)
            if deadline is None and elapsed + e >= target:
                deadline = cal.add(a, target - elapsed)
                self.breach_party = party
            elapsed += e
            if e:
                shares[party] = shares.get(party, _ZERO) + e
        if deadline is None and cycle.running_at_end:
            try:
                deadline = cal.add(end, target - elapsed)
            except NeverOpenError:  # the calendar never opens again: no deadline exists
                deadline = None
        self.elapsed = elapsed
        self.deadline = deadline
        self.paused = cal.elapsed(start, end) - elapsed
        self.attribution = tuple(shares.items()) if parties is not None else ()
        self.running = tuple((a, b) for a, b, _ in stretches)
        if cycle.how in ("cancelled", "retargeted"):
            self.state = CycleState.CANCELLED
        elif deadline is not None and end > deadline:
            self.state = CycleState.BREACHED
        else:
            self.state = CycleState.PENDING if cycle.how == "open" else CycleState.MET


# ------------------------------------------------------------------------------ the context


class _Clock:
    """One agreement metric's clock, compiled once for every ticket."""

    __slots__ = ("agreement", "held", "kind", "metric", "policy")

    def __init__(
        self,
        kind: str,
        agreement: SLA | OLA | UC,
        metric: str,
        policy: CompiledPolicy,
        held: Callable[[Mapping[str, str]], bool] | None,
    ) -> None:
        self.kind = kind
        self.agreement = agreement
        self.metric = metric
        self.policy = policy
        self.held = held


class _Context:
    def __init__(
        self,
        catalogue: object,
        rules: ActivityRules,
        version: str | datetime | date,
        *,
        skip_unmatched: bool = False,
    ) -> None:
        if not isinstance(catalogue, sc.Catalogue):
            raise ArgumentTypeError("catalogue", catalogue, "a slacalc.Catalogue")
        self.catalogue = catalogue
        self.rules = rules
        self.version = version
        self.skip_unmatched = skip_unmatched
        self.versions: dict[tuple[str, int], SLA | OLA | UC] = {}
        self.warned: Counter[str] = Counter()
        teams = {o.team for o in catalogue.olas}
        stray = [t for t in rules.teams if t not in teams]
        if stray:
            known = ", ".join(map(repr, sorted(teams))) or "none"
            raise InvalidValueError(
                f"activity.teams.{stray[0]}", stray[0], f"the team of an OLA (known: {known})"
            )
        ucs = {u.id for u in catalogue.ucs}
        for uc in rules.suppliers:
            if uc not in ucs:
                raise InvalidValueError(f"activity.suppliers.{uc}", uc, "the id of a UC")
        self.pending = (
            None if rules.customer_pending is None else compile_condition(rules.customer_pending)
        )
        self.suppliers = [
            (u, compile_condition(rules.suppliers[u.id]))
            for u in catalogue.ucs
            if u.id in rules.suppliers
        ]
        self.clocks: dict[str, list[_Clock]] = {}
        self.statuses: set[str] = set()
        self.named_statuses: set[str] = set()
        #: Fields the conditions in use name, and fields some ticket of the log has.
        self.named_fields: set[str] = set()
        self.seen_fields: set[str] = set()
        for cond in [rules.customer_pending, *rules.suppliers.values()]:
            if cond is not None:
                self.named_statuses.update(cond.values(rules.status_field))
                self.named_fields.update(cond.fields())

    def clocks_for(self, sla: SLA) -> list[_Clock]:
        found = self.clocks.get(sla.id)
        if found is None:
            found = self.clocks[sla.id] = self._compile(sla)
        return found

    def _compile(self, sla: SLA) -> list[_Clock]:
        out: list[_Clock] = []
        status = self.rules.status_field
        agreements: list[tuple[str, SLA | OLA | UC]] = [("sla", sla)]
        agreements += [("ola", a) for a in self.catalogue.supporting(sla.id) if isinstance(a, OLA)]
        agreements += [("uc", a) for a in self.catalogue.supporting(sla.id) if isinstance(a, UC)]
        for kind, agreement in agreements:
            held = self._held(kind, agreement)
            if kind != "sla" and held is None:
                continue
            for metric in agreement.every_metric():
                policy = self.rules.policy(kind, agreement.id, metric)
                if policy is None:
                    self.warn(
                        f"{agreement.kind} {agreement.id!r} metric {metric!r} has no clock "
                        "policy (give one in the activity rules): not evaluated"
                    )
                    continue
                compiled = compile_policy(policy, kind=kind, where=f"policies.{kind}.{metric}")
                for _, cond in policy.conditions():
                    self.named_statuses.update(cond.values(status))
                    self.named_fields.update(cond.fields())
                out.append(_Clock(agreement.kind, agreement, metric, compiled, held))
        return out

    def _held(
        self, kind: str, agreement: SLA | OLA | UC
    ) -> Callable[[Mapping[str, str]], bool] | None:
        rules = self.rules
        if isinstance(agreement, OLA):
            if agreement.team not in rules.teams:
                self.warn(
                    f"OLA {agreement.id!r}: team {agreement.team!r} has no assignment groups "
                    "in the activity rules (teams): its clocks cannot run"
                )
                return None
            team, field = agreement.team, rules.assignment_field
            return lambda state: rules.team_of(state.get(field)) == team
        if isinstance(agreement, UC):
            cond = rules.suppliers.get(agreement.id)
            if cond is None:
                self.warn(
                    f"UC {agreement.id!r}: no condition says when a ticket waits on "
                    f"{agreement.supplier!r} (activity suppliers): its clocks cannot run"
                )
                return None
            pred = compile_condition(cond)
            return lambda state: pred(Instant(state, (), {}, False, False))
        return None

    def judged_by(self, agreement: SLA | OLA | UC, start: datetime) -> tuple[SLA | OLA | UC, int]:
        """The version of ``agreement`` that judges a cycle started at ``start``, and its
        index (0: the agreement's own targets)."""
        if not agreement.versions:
            return agreement, 0
        mode = self.version
        if mode == "latest":
            index = len(agreement.versions)
        else:
            index = agreement.version_index(start if isinstance(mode, str) else mode)
        key = (agreement.id, index)
        found = self.versions.get(key)
        if found is None:
            found = self.versions[key] = agreement.as_version(index)
        return found, index

    def warn(self, message: str, count: int = 1) -> None:
        self.warned[message] += count

    def party(self, state: Mapping[str, str]) -> str:
        inst = Instant(state, (), {}, False, False)
        if self.pending is not None and self.pending(inst):
            return "customer"
        for uc, pred in self.suppliers:
            if pred(inst):
                return f"supplier:{uc.supplier}"
        group = state.get(self.rules.assignment_field)
        if not group:
            return "unassigned"
        team = self.rules.team_of(group)
        return f"team:{team}" if team is not None else f"group:{group}"


# ------------------------------------------------------------------------------ evaluate


def _version(value: object) -> str | datetime | date:
    if isinstance(value, str):
        if value not in ("in-force", "latest"):
            raise ParseError(
                value, "'in-force', 'latest' or an instant (a datetime or a date)", "version"
            )
        return value
    if isinstance(value, datetime):
        if value.utcoffset() is None:
            raise NaiveDatetimeError(value, "version")
        return value
    if isinstance(value, date):
        return value
    raise ArgumentTypeError(
        "version", value, "'in-force', 'latest', a timezone-aware datetime or a date"
    )


def _tickets(activity: Activity | ActivityLog | Iterable[Activity]) -> Iterable[Activity]:
    if isinstance(activity, Activity):
        return (activity,)
    if isinstance(activity, ActivityLog):
        return activity
    if isinstance(activity, str | Mapping) or not isinstance(activity, Iterable):
        raise ArgumentTypeError("activity", activity, "an Activity, an ActivityLog or Activities")
    return activity


def _priority(state: Mapping[str, str], ctx: _Context) -> str | None:
    r = ctx.rules
    p = state.get(r.priority_field)
    if p:
        return p
    impact, urgency = state.get(r.impact_field), state.get(r.urgency_field)
    matrix = ctx.catalogue.priorities
    if impact and urgency and matrix is not None:
        return matrix.priority(impact, urgency)
    return None


def evaluate(
    activity: Activity | ActivityLog | Iterable[Activity],
    catalogue: object,
    *,
    as_of: datetime,
    rules: ActivityRules | None = None,
    version: str | datetime | date = "in-force",
    unmatched: str = "error",
) -> tuple[CycleOutcome, ...]:
    """Every cycle of every clock of every ticket, judged at ``as_of``.

    Each cycle is judged by the version of its agreement in force when it
    started (``version="in-force"``, the default), so re-running old history
    after a change reproduces the old verdicts. ``version="latest"`` judges every
    cycle by each agreement's last version, and an instant (an aware datetime, or
    a date read at 00:00 in each agreement's calendar zone) by the version in
    force then: "what if that version had always applied".

    Changes after ``as_of`` are not seen. ``rules`` default to the catalogue's
    (its ``activity`` section), else to :class:`ActivityRules` defaults. A
    ticket that has no priority, or whose SLA cannot be found, is reported with
    every other such ticket in one :class:`~slacalc.measure.RecordError`;
    ``unmatched="skip"`` leaves out the tickets whose service and customer no
    SLA covers (an export holds tickets of every service), counted in one
    :class:`ActivityWarning` per service and customer.
    What no rule covers (a status value no policy names, a priority with no
    target) is an :class:`ActivityWarning`, each message once with a count.
    """
    if not isinstance(as_of, datetime):
        raise ArgumentTypeError("as_of", as_of, "a timezone-aware datetime")
    if as_of.utcoffset() is None:
        raise NaiveDatetimeError(as_of, "as_of")
    if rules is None:
        rules = getattr(catalogue, "activity", None) or ActivityRules()
    if not isinstance(rules, ActivityRules):
        raise ArgumentTypeError("rules", rules, "an ActivityRules")
    if unmatched not in UNMATCHED:
        raise InvalidValueError("unmatched", unmatched, "'error' or 'skip'")
    ctx = _Context(catalogue, rules, _version(version), skip_unmatched=unmatched == "skip")
    now = as_of.astimezone(UTC)
    out: list[CycleOutcome] = []
    problems: list[tuple[str, str]] = []
    for a in _tickets(activity):
        if not isinstance(a, Activity):
            raise ArgumentTypeError("activity item", a, "a slacalc.activity.Activity")
        ctx.seen_fields.update(a.initial)
        ctx.seen_fields.update(c.field for c in a.changes)
        try:
            out.extend(_ticket(a, ctx, now))
        except ConditionError:
            raise  # a policy that cannot apply is the rules' problem, not the ticket's
        except (SlacalcError, KeyError) as error:
            problems.append((f"ticket {a.ticket!r}", str(error)))
    if problems:
        raise RecordError(problems)
    _closing_warnings(ctx)
    for message, count in ctx.warned.items():
        suffix = f" ({count} times)" if count > 1 else ""
        warnings.warn(ActivityWarning(message + suffix), stacklevel=2)
    return tuple(out)


def _closing_warnings(ctx: _Context) -> None:
    """The warnings of the whole log: fields named but absent, statuses no rule names."""
    absent = sorted(ctx.named_fields - ctx.seen_fields) if ctx.seen_fields else []
    if absent:
        ctx.warn(
            f"field(s) {', '.join(map(repr, absent))} {ABSENT_FIELDS}: the conditions "
            "on them never hold (a misspelling? [activity] known_fields checks the names)"
        )
    unnamed = sorted(ctx.statuses - ctx.named_statuses)
    if unnamed:
        ctx.warn(
            f"status value(s) {', '.join(map(repr, unnamed))} are named by no policy, "
            "pending or supplier condition: the clocks run in them"
        )


def _skipped(service: str, customer: str) -> str:
    """The warning for the tickets of a service and customer no SLA covers (skipped)."""
    return (
        f"tickets of service {service!r} for customer {customer!r}, which no SLA "
        "covers, are not measured (unmatched='skip')"
    )


def _sla_of(a: Activity, ctx: _Context) -> SLA | None:
    """The ticket's SLA by the service and customer it was created with (``None``: no SLA
    covers them and such tickets are skipped, with their warning)."""
    rules = ctx.rules
    service = a.value_at(rules.service_field, a.created)
    customer = a.value_at(rules.customer_field, a.created)
    if not service or not customer:
        missing = rules.service_field if not service else rules.customer_field
        given = service if not service else customer
        state = "is empty" if given is not None else "is not given"
        raise InvalidValueError(
            f"field {missing!r} at creation",
            given,
            "a value",
            message=f"field {missing!r} {state} at the ticket's creation (the SLA is "
            "chosen by the service and customer the ticket is created with)",
        )
    if ctx.skip_unmatched and not ctx.catalogue.covers(service, customer):
        ctx.warn(_skipped(service, customer))
        return None
    return sla_for(ctx.catalogue, service, customer)


def warnings_without_clocks(
    activity: Iterable[Activity],
    catalogue: object,
    *,
    as_of: datetime,
    rules: ActivityRules | None = None,
    unmatched: str = "error",
) -> Counter[str] | None:
    """The :class:`ActivityWarning` messages :func:`evaluate` gives for the log, with
    their counts, except those of cycles with no target (which need the clocks):
    for a path that runs the clocks otherwise (the vectorised clock) and gives
    those itself. ``None`` when some ticket cannot be judged (then :func:`evaluate`
    raises the error naming them all).

    It walks each ticket once (its SLA, the policies of its clocks, the status
    values its snapshots hold up to ``as_of``) with :func:`evaluate`'s own
    context, so the messages and counts are the same.
    """
    if rules is None:
        rules = getattr(catalogue, "activity", None) or ActivityRules()
    ctx = _Context(catalogue, rules, "in-force", skip_unmatched=unmatched == "skip")
    now = as_of.astimezone(UTC)
    status = rules.status_field
    for a in activity:
        ctx.seen_fields.update(a.initial)
        ctx.seen_fields.update(c.field for c in a.changes)
        try:
            sla = _sla_of(a, ctx)
            clocks = [] if sla is None else ctx.clocks_for(sla)
        except ConditionError:
            raise
        except (SlacalcError, KeyError):
            return None
        for ev in dict.fromkeys(c.policy.policy.events for c in clocks):
            ctx.statuses.update(_statuses(a, now, status, ev))
    _closing_warnings(ctx)
    return ctx.warned


def warnings_of_facts(
    catalogue: object,
    *,
    rules: ActivityRules | None = None,
    unmatched: str = "error",
    pairs: Mapping[tuple[str, str], tuple[int, Iterable[str]]],
    seen: Iterable[str],
) -> Counter[str]:
    """What :func:`warnings_without_clocks` gives, from facts read off a whole log
    instead of its tickets: ``pairs`` maps each (service, customer) that tickets are
    created with to how many tickets and the status values their snapshots hold up
    to ``as_of``; ``seen`` is the fields some ticket has. The vectorised clock reads
    these off a table (:func:`slacalc.tables.evaluate` gives the warnings so).
    Every pair must be covered by an SLA unless ``unmatched="skip"`` (the caller
    raises the engine's error for the others first).
    """
    if rules is None:
        rules = getattr(catalogue, "activity", None) or ActivityRules()
    ctx = _Context(catalogue, rules, "in-force", skip_unmatched=unmatched == "skip")
    ctx.seen_fields.update(seen)
    for (service, customer), (count, statuses) in pairs.items():
        if ctx.skip_unmatched and not ctx.catalogue.covers(service, customer):
            ctx.warn(_skipped(service, customer), count)
            continue
        clocks = ctx.clocks_for(sla_for(ctx.catalogue, service, customer))
        if any(rules.status_field not in c.policy.policy.events for c in clocks):
            ctx.statuses.update(statuses)
    _closing_warnings(ctx)
    return ctx.warned


def _statuses(a: Activity, now: datetime, field: str, events: Sequence[str]) -> list[str]:
    """The values ``field`` holds in the snapshots of :func:`timeline` (the state after
    each instant's changes, up to ``now``), without building them."""
    created = a.created.astimezone(UTC)
    if created > now or field in events:
        return []
    current = a.initial.get(field)
    out: list[str] = []
    at = created
    for c in a.changes:
        cu = c.at.astimezone(UTC)
        if cu > now:
            break
        if cu != at:
            if current is not None:
                out.append(current)
            at = cu
        if c.field == field:
            current = c.value
    if current is not None:
        out.append(current)
    return out


def _ticket(a: Activity, ctx: _Context, now: datetime) -> list[CycleOutcome]:
    rules = ctx.rules
    sla = _sla_of(a, ctx)
    if sla is None:
        return []
    clocks = ctx.clocks_for(sla)
    lines: dict[tuple[str, ...], list[Snapshot]] = {}
    prios: list[str | None] = []
    parties: list[str] = []
    runs: list[tuple[_Clock, list[Snapshot], list[Cycle]]] = []
    for clock in clocks:
        ev = clock.policy.policy.events
        line = lines.get(ev)
        if line is None:
            line = lines[ev] = timeline(a, now, events=ev)
            ctx.statuses.update(
                v for v in (s.state.get(rules.status_field) for s in line) if v is not None
            )
        if not line:
            return []  # created after as_of
        if not prios:
            prios = [_priority(s.state, ctx) for s in line]
            if prios[0] is None:
                raise InvalidValueError(
                    f"field {rules.priority_field!r}",
                    None,
                    f"set when the ticket is created (or {rules.impact_field!r} and "
                    f"{rules.urgency_field!r} with the catalogue's priority matrix)",
                )
            parties = [ctx.party(s.state) for s in line]
        runs.append((clock, line, run_clock(line, clock.policy, held=clock.held, priorities=prios)))
    under: list[CycleOutcome] = []
    for clock, line, cycles in runs:
        if clock.kind != "SLA":
            for i, c in enumerate(cycles):
                r = _judge(a, clock, line, c, i + 1, now, prios, None, ctx, ())
                if r is not None:
                    under.append(r)
    out: list[CycleOutcome] = []
    for clock, line, cycles in runs:
        if clock.kind == "SLA":
            for i, c in enumerate(cycles):
                r = _judge(a, clock, line, c, i + 1, now, prios, parties, ctx, under)
                if r is not None:
                    out.append(r)
    return out + under


def _judge(
    a: Activity,
    clock: _Clock,
    line: Sequence[Snapshot],
    cycle: Cycle,
    number: int,
    now: datetime,
    prios: Sequence[str | None],
    parties: Sequence[str] | None,
    ctx: _Context,
    underpinning: Sequence[CycleOutcome],
) -> CycleOutcome | None:
    start = line[cycle.first].at
    agreement, index = ctx.judged_by(clock.agreement, start)
    end = now if cycle.end is None else line[cycle.end].at
    last = len(line) - 1 if cycle.end is None else cycle.end
    judged_at = cycle.first if clock.policy.restart_on_priority else last
    priority = prios[judged_at]
    if priority is None or not agreement.defines(priority, clock.metric):
        ctx.warn(
            f"{agreement.kind} {agreement.id!r} sets no {clock.metric} target for priority "
            f"{priority!r}: those cycles are not measured"
        )
        return None
    target = agreement.target(priority, clock.metric)
    service = a.value_at(ctx.rules.service_field, a.created) or ""
    customer = a.value_at(ctx.rules.customer_field, a.created) or ""
    cal = ctx.rules.calendar_for(clock.kind, customer, target.calendar)
    m = _Measured(line, cycle, start, end, cal, target.duration, parties)
    category: str | None = None
    breached_under: tuple[str, ...] = ()
    if clock.kind == "SLA":
        breached_under = tuple(
            dict.fromkeys(
                u.agreement
                for u in underpinning
                if u.state is CycleState.BREACHED and u.start <= end and u.end >= start
            )
        )
        if m.state is CycleState.BREACHED:
            explicit = line[last].state.get(ctx.rules.cause_field)
            category = explicit or _derive(m.breach_party, underpinning, ctx)
    return CycleOutcome(
        ticket=a.ticket,
        kind=clock.kind,
        agreement=agreement.id,
        metric=clock.metric,
        cycle=number,
        state=m.state,
        service=service,
        customer=customer,
        priority=priority,
        target=target.duration,
        calendar=cal,
        start=start,
        deadline=m.deadline,
        stop=None if cycle.end is None else end,
        end=end,
        elapsed=m.elapsed,
        paused=m.paused,
        breach=m.deadline if m.state is CycleState.BREACHED else None,
        attribution=m.attribution,
        category=category,
        underpinning=breached_under,
        month=Month.of(start, agreement.calendar.tz),
        running=m.running,
        running_at_end=cycle.end is None and cycle.running_at_end,
        version_from=clock.agreement.effective_from[index - 1] if index else None,
    )


def _derive(party: str | None, underpinning: Sequence[CycleOutcome], ctx: _Context) -> str:
    """The breach category from who held the ticket when the target ran out."""
    if party is not None and party.startswith("supplier:"):
        return "third party"
    if party is not None and party.startswith("team:"):
        team = party.removeprefix("team:")
        olas = {o.id for o in ctx.catalogue.olas if o.team == team}
        if any(u.agreement in olas and u.state is CycleState.BREACHED for u in underpinning):
            return "staffing"
    return "process"
