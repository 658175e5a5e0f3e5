"""Structural gaps: promises the SLA -> OLA -> UC chain cannot keep, found before any ticket.

:func:`find_gaps` reads a :class:`~slacalc.Catalogue` and returns
:class:`Finding` values, worst first. Chain overruns and looser commitments are
exact (see :mod:`slacalc._overrun`); the rest are checks of the catalogue's shape.

>>> from datetime import date
>>> import slacalc as sc
>>> cat = sc.load("examples/catalogue.toml")               # doctest: +SKIP
>>> for f in sc.find_gaps(cat, as_of=date(2026, 11, 29)):  # doctest: +SKIP
...     print(f.severity, f.kind, f.sla, f.priority, f.metric)
"""

from __future__ import annotations

import enum
from collections.abc import Iterator, Mapping, Sequence
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from itertools import pairwise
from typing import Any

import attrs

from slacalc import _overrun
from slacalc._instants import DAY, HOUR, MINUTE, from_us, to_us
from slacalc._nodes import _Always, _Op, _Weekly
from slacalc._zones import offset_segments, zone_name
from slacalc.agreements import SLA, Catalogue, Chain, Target
from slacalc.calendar import Calendar
from slacalc.durations import format_duration
from slacalc.errors import ArgumentTypeError, HorizonError, ParseError
from slacalc.priority import check_targets

__all__ = ["Finding", "FindingKind", "Severity", "find_gaps", "parse_horizon"]


def _norm(text: str) -> str:
    return text.strip().lower().replace("-", " ").replace("_", " ")


class FindingKind(enum.StrEnum):
    """What is wrong. Compares equal to its name written with spaces, hyphens or underscores.

    >>> FindingKind.CHAIN_OVERRUN == "chain-overrun", FindingKind.CHAIN_OVERRUN == "chain_overrun"
    (True, True)
    """

    CHAIN_OVERRUN = "chain overrun"
    LOOSER_COMMITMENT = "looser commitment"
    COVERAGE_HOLE = "coverage hole"
    UNDOCUMENTED = "undocumented"
    INVERTED_PRIORITIES = "inverted priorities"
    REVIEW_OVERDUE = "review overdue"
    CALENDAR_LINT = "calendar lint"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, str) and _norm(other) == self.value

    def __hash__(self) -> int:
        return hash(self.value)

    @classmethod
    def _missing_(cls, value: object) -> FindingKind | None:
        if isinstance(value, str):
            for kind in cls:
                if kind.value == _norm(value):
                    return kind
        return None


class Severity(enum.StrEnum):
    """How bad a finding is, ordered: info < low < medium < high < critical.

    >>> Severity("high") >= Severity.MEDIUM
    True
    """

    INFO = "info"
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    CRITICAL = "critical"

    @property
    def rank(self) -> int:
        return list(Severity).index(self)

    def __ge__(self, other: object) -> bool:
        return self.rank >= Severity(other).rank  # type: ignore[arg-type]

    def __gt__(self, other: object) -> bool:
        return self.rank > Severity(other).rank  # type: ignore[arg-type]

    def __le__(self, other: object) -> bool:
        return self.rank <= Severity(other).rank  # type: ignore[arg-type]

    def __lt__(self, other: object) -> bool:
        return self.rank < Severity(other).rank  # type: ignore[arg-type]


@attrs.frozen
class Finding:
    """One structural gap: what, how bad, which promise, whose fault, why, and the evidence.

    ``evidence`` holds data (instants, durations, shares) for tools; ``explanation``
    says the same in words a customer would understand.
    """

    kind: FindingKind
    severity: Severity
    sla: str | None
    priority: str | None
    metric: str | None
    agreement: str | None
    explanation: str
    evidence: Mapping[str, Any] = attrs.field(factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready data (instants as ISO 8601, durations as ``1h30m`` text)."""
        return {
            "kind": str(self.kind),
            "severity": str(self.severity),
            "sla": self.sla,
            "priority": self.priority,
            "metric": self.metric,
            "agreement": self.agreement,
            "explanation": self.explanation,
            "evidence": _plain(self.evidence),
        }


def _plain(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, timedelta):
        return format_duration(value)
    return value


# -- horizons and wording --------------------------------------------------------------


def parse_horizon(text: str) -> int | timedelta:
    """``"12mo"`` -> 12 (months), ``"1y"`` -> 12, ``"90d"`` -> 90 calendar days.

    >>> parse_horizon("6mo"), parse_horizon("2w")
    (6, datetime.timedelta(days=14))
    """
    t = text.strip().lower()
    for suffix, months in (("mo", 1), ("y", 12)):
        if t.endswith(suffix) and t[: -len(suffix)].isdigit():
            return int(t[: -len(suffix)]) * months
    for suffix, days in (("d", 1), ("w", 7)):
        if t.endswith(suffix) and t[: -len(suffix)].isdigit():
            return timedelta(days=int(t[: -len(suffix)]) * days)
    raise ParseError(text, "a horizon such as '12mo', '1y', '90d' or '8w'", "horizon")


def _add_months(d: date, months: int) -> date:
    total = d.month - 1 + months
    year, month = d.year + total // 12, total % 12 + 1
    for day in (d.day, 30, 29, 28):
        try:
            return d.replace(year=year, month=month, day=day)
        except ValueError:
            continue
    raise AssertionError("unreachable")  # pragma: no cover


def _window(tz: tzinfo, as_of: date, horizon: int | timedelta) -> tuple[int, int]:
    start = datetime.combine(as_of, time(0), tz)
    if isinstance(horizon, timedelta):
        return to_us(start), to_us(start) + horizon // timedelta(microseconds=1)
    end = datetime.combine(_add_months(as_of, horizon), time(0), tz)
    return to_us(start), to_us(end)


def _when(us: int, tz: tzinfo) -> str:
    local = from_us(us, tz)
    return f"{local:%A} {local.day} {local:%B %Y} at {local:%H:%M} ({zone_name(tz)} time)"


def _span_words(us: int) -> str:
    """Wall-clock lateness in words: '2 days 3 hours', '45 minutes'."""
    days, rest = divmod(abs(us), DAY)
    hours, rest = divmod(rest, HOUR)
    minutes = rest // MINUTE
    parts = [
        f"{n} {unit}{'s' if n != 1 else ''}"
        for n, unit in ((days, "day"), (hours, "hour"), (minutes, "minute"))
        if n
    ]
    return " ".join(parts) or "under a minute"


# -- the analysis ----------------------------------------------------------------------


@attrs.define
class _Context:
    cat: Catalogue
    as_of: date
    horizon: int | timedelta
    names: dict[int, str]
    cache: dict[tuple[Any, ...], _overrun.Overrun] = attrs.field(factory=dict)
    holes: set[tuple[Any, ...]] = attrs.field(factory=set)

    def cal_name(self, cal: Calendar) -> str:
        return self.names.get(id(cal)) or repr(cal)

    def allowance(self, target: Target) -> str:
        """'4h around the clock' or '8h of business hours on the uk calendar'."""
        if isinstance(target.calendar._node, _Always):
            return f"{format_duration(target.duration)} around the clock"
        name = self.cal_name(target.calendar)
        return f"{format_duration(target.duration)} of business hours on the {name} calendar"

    def party(self, agreement_id: str) -> str:
        a = self.cat.agreement(agreement_id)
        return f"{a.party} ({a.kind} {a.id})" if a.party != a.id else f"{a.kind} {a.id}"

    def profile(self, sla: Target, stages: Sequence[Target]) -> _overrun.Overrun:
        lo, hi = _window(sla.calendar.tz, self.as_of, self.horizon)
        steps = [(t.calendar, t.duration // timedelta(microseconds=1)) for t in stages]
        s0 = (sla.calendar, sla.duration // timedelta(microseconds=1))
        key = (id(s0[0]), s0[1], tuple((id(c), d) for c, d in steps), lo, hi)
        found = self.cache.get(key)
        if found is None:
            found = self.cache[key] = _overrun.overrun(s0, steps, lo, hi)
        return found


def _severity_for(exposure: float) -> Severity:
    return Severity.CRITICAL if exposure >= 0.10 else Severity.HIGH


def _overrun_finding(
    ctx: _Context,
    kind: FindingKind,
    sla: SLA,
    priority: str,
    metric: str,
    target: Target,
    stages: Sequence[tuple[str, str, Target]],
) -> Finding | None:
    try:
        prof = ctx.profile(target, [t for _, _, t in stages])
    except HorizonError as exc:
        return Finding(
            kind,
            Severity.CRITICAL,
            sla.id,
            priority,
            metric,
            stages[-1][0],
            f"The {priority} {metric} promise of {sla.id} can never be delivered: "
            f"a party's calendar has no coverage ({exc}).",
            {"error": str(exc)},
        )
    if prof.worst <= 0:
        return None
    tz = sla.calendar.tz  # speak in the customer's zone
    t = prof.at
    step = (target.calendar, target.duration // timedelta(microseconds=1))
    sla_deadline = _overrun.run([step], t)
    ends: list[tuple[str, str, datetime]] = []
    x = t
    culprit: str | None = None
    for agreement_id, stage_metric, st in stages:
        x = _overrun.run([(st.calendar, st.duration // timedelta(microseconds=1))], x)
        ends.append((agreement_id, stage_metric, from_us(x, tz)))
        if culprit is None and x > sla_deadline:
            culprit = agreement_id  # the first stage that passes the promise
    exposure = prof.exposed / prof.covered if prof.covered else 0.0
    service = ctx.cat.service(sla.service).name
    last_id, last_metric, last_end = ends[-1]
    late = _span_words(prof.worst)
    if kind == FindingKind.LOOSER_COMMITMENT:
        detail = (
            f"On its own, {ctx.party(last_id)} may take {ctx.allowance(stages[-1][2])} "
            f"for its {last_metric}, which can end "
            f"{_when(to_us(last_end), tz)}: {late} after the promise."
        )
    else:
        steps_text = "; then ".join(
            f"{ctx.party(a)} {m} by {_when(to_us(e), tz)}" for a, m, e in ends
        )
        detail = (
            "If every team and supplier in the chain uses all the time it is allowed: "
            f"{steps_text}. The last step ends {late} after the promise."
        )
    explanation = (
        f"A {priority} ticket on {service} for {sla.customer} raised {_when(t, tz)} is "
        f"promised {metric} by {_when(sla_deadline, tz)} "
        f"({ctx.allowance(target)}). {detail} "
        f"{exposure:.1%} of the tickets raised in covered hours over the horizon could be "
        "late this way."
    )
    evidence = {
        "start": from_us(t, tz),
        "sla_deadline": from_us(sla_deadline, tz),
        "chain_end": last_end,
        "worst_overrun": timedelta(microseconds=prof.worst),
        "stages": [{"agreement": a, "metric": m, "deadline": e} for a, m, e in ends],
        "exposure": exposure,
        "exposed_time": timedelta(microseconds=prof.exposed),
        "covered_time": timedelta(microseconds=prof.covered),
        "resolution": timedelta(microseconds=prof.resolution),
    }
    return Finding(
        kind, _severity_for(exposure), sla.id, priority, metric, culprit, explanation, evidence
    )


def _chain_findings(ctx: _Context) -> Iterator[Finding]:
    cat = ctx.cat
    seen_single: set[tuple[str, str, str, str, str]] = set()
    for chain in cat.chains:
        sla = cat.agreement(chain.sla)
        assert isinstance(sla, SLA)
        for priority in cat.chain_priorities(chain):
            if not sla.defines(priority, chain.metric):
                continue
            target = sla.target(priority, chain.metric)
            stages = [
                (s.agreement, s.metric, cat.target(s.agreement, priority, s.metric))
                for s in chain.stages
            ]
            if not stages:
                continue
            found = _overrun_finding(
                ctx, FindingKind.CHAIN_OVERRUN, sla, priority, chain.metric, target, stages
            )
            if found is not None:
                yield found
            for stage in stages:
                key = (sla.id, priority, chain.metric, stage[0], stage[1])
                if key in seen_single:
                    continue
                seen_single.add(key)
                single = _overrun_finding(
                    ctx,
                    FindingKind.LOOSER_COMMITMENT,
                    sla,
                    priority,
                    chain.metric,
                    target,
                    [stage],
                )
                if single is not None:
                    yield single
            yield from _hole(ctx, sla, priority, chain, target, stages[0])


def _supporting_findings(ctx: _Context) -> Iterator[Finding]:
    """Looser commitments of supporting agreements that no chain mentions."""
    cat = ctx.cat
    in_chains = {(c.sla, s.agreement) for c in cat.chains for s in c.stages}
    for sla in cat.slas:
        for party in cat.supporting(sla.id):
            if (sla.id, party.id) in in_chains:
                continue
            for priority in sla.priorities:
                # The SLA's own response is the service desk's acknowledgement; a
                # supplier or team matters for what has to be delivered.
                for metric in (m for m in sla.metrics(priority) if m != "response"):
                    for their in dict.fromkeys(("response", metric)):
                        if not party.defines(priority, their):
                            continue
                        found = _overrun_finding(
                            ctx,
                            FindingKind.LOOSER_COMMITMENT,
                            sla,
                            priority,
                            metric,
                            sla.target(priority, metric),
                            [(party.id, their, party.target(priority, their))],
                        )
                        if found is not None:
                            yield found
                            break


def _hole(
    ctx: _Context,
    sla: SLA,
    priority: str,
    chain: Chain,
    target: Target,
    first: tuple[str, str, Target],
) -> Iterator[Finding]:
    key = (sla.id, chain.metric, first[0], id(target.calendar), id(first[2].calendar))
    if key in ctx.holes:
        return
    ctx.holes.add(key)
    c0, c1 = target.calendar, first[2].calendar
    lo, hi = _window(c0.tz, ctx.as_of, ctx.horizon)
    hole = c0 - c1
    try:
        spans = hole._periods(lo, hi)
    except HorizonError:  # pragma: no cover - periods never searches
        return
    total = sum(e - s for s, e in spans)
    if not total:
        return
    weeks = (hi - lo) / (7 * DAY)
    per_week = total / weeks / HOUR
    tz = c0.tz
    examples = [(from_us(s, tz), from_us(e, tz)) for s, e in spans[:3]]
    ex_text = "; ".join(
        f"{a:%a %d %b %H:%M}-{b:%H:%M}"
        if a.date() == b.date()
        else f"{a:%a %d %b %H:%M}-{b:%a %d %b %H:%M}"
        for a, b in examples
    )
    yield Finding(
        FindingKind.COVERAGE_HOLE,
        Severity.HIGH if per_week >= 1 else Severity.MEDIUM,
        sla.id,
        priority,
        chain.metric,
        first[0],
        f"{sla.customer} is covered by {sla.id} ({ctx.cal_name(c0)}) at times when "
        f"{ctx.party(first[0])}, the first to act, is not on duty "
        f"({ctx.cal_name(c1)}): {per_week:.1f} hours a week on average, for example "
        f"{ex_text} ({zone_name(tz)} time). A ticket raised then waits with the clock running.",
        {
            "hours_per_week": round(per_week, 2),
            "uncovered_time": timedelta(microseconds=total),
            "examples": examples,
        },
    )


def _undocumented(ctx: _Context) -> Iterator[Finding]:
    cat = ctx.cat
    for sla in cat.slas:
        if not cat.supporting(sla.id) and not cat.chains_for(sla.id):
            yield Finding(
                FindingKind.UNDOCUMENTED,
                Severity.HIGH,
                sla.id,
                None,
                None,
                sla.id,
                f"No OLA or supplier contract supports {sla.id} ({sla.customer}): nobody "
                "inside or outside has agreed to deliver what it promises.",
                {"supporting": []},
            )
        for priority in sla.priorities:
            for metric in sla.metrics(priority):
                if cat.chain_for(sla.id, priority, metric) is None:
                    yield Finding(
                        FindingKind.UNDOCUMENTED,
                        Severity.MEDIUM,
                        sla.id,
                        priority,
                        metric,
                        sla.id,
                        f"The {priority} {metric} promise of {sla.id} to {sla.customer} has no "
                        "chain: who acts, in what order and within what time is not written "
                        "down, so it cannot be checked.",
                        {},
                    )
    for ola in cat.olas:
        if not ola.owner:
            yield Finding(
                FindingKind.UNDOCUMENTED,
                Severity.MEDIUM,
                None,
                None,
                None,
                ola.id,
                f"OLA {ola.id} ({ola.team}) has no named owner: nobody is accountable for "
                "the team's commitments.",
                {"supports": list(ola.supports)},
            )


def _inverted(ctx: _Context) -> Iterator[Finding]:
    cat = ctx.cat
    order = cat.levels
    if cat.priorities is not None:
        for p in cat.priorities.problems():
            yield Finding(
                FindingKind.INVERTED_PRIORITIES,
                Severity.MEDIUM,
                None,
                None,
                None,
                None,
                f"The priority matrix is not monotone: {p.message}.",
                {"where": f"priorities.{p.where}"},
            )
    for agreement in cat.agreements:
        try:
            problems = check_targets(agreement.targets, order=order)
        except (KeyError, ValueError):
            problems = check_targets(agreement.targets)
        for p in problems:
            priority, _, metric = p.where.partition(".")
            yield Finding(
                FindingKind.INVERTED_PRIORITIES,
                Severity.MEDIUM,
                agreement.id if isinstance(agreement, SLA) else None,
                priority,
                metric or None,
                agreement.id,
                f"{agreement.kind} {agreement.id}: {p.message}.",
                {"problem": p.kind, "where": p.where},
            )


def _review(ctx: _Context) -> Iterator[Finding]:
    cutoff = _add_months(ctx.as_of, -12)
    for a in ctx.cat.agreements:
        if a.reviewed is not None and a.reviewed >= cutoff:
            continue
        if a.reviewed is None:
            text = f"{a.kind} {a.id} has no recorded review date."
        else:
            months = (ctx.as_of.year - a.reviewed.year) * 12 + ctx.as_of.month - a.reviewed.month
            text = (
                f"{a.kind} {a.id} was last reviewed on {a.reviewed:%d %B %Y}, {months} months "
                f"before {ctx.as_of:%d %B %Y}; agreements are due a revision every 12 months."
            )
        yield Finding(
            FindingKind.REVIEW_OVERDUE,
            Severity.LOW,
            a.id if isinstance(a, SLA) else None,
            None,
            None,
            a.id,
            text,
            {"reviewed": a.reviewed, "due": _add_months(a.reviewed, 12) if a.reviewed else None},
        )


def _weekly_nodes(cal: Calendar) -> Iterator[_Weekly]:
    node = cal._node
    if isinstance(node, _Weekly):
        yield node
    elif isinstance(node, _Op):
        yield from _weekly_nodes(node.left)
        if node.right is not None:
            yield from _weekly_nodes(node.right)


def _lint(ctx: _Context) -> Iterator[Finding]:
    for a in ctx.cat.agreements:
        w = a.warnings
        if any(x >= y for x, y in pairwise(w)):
            yield Finding(
                FindingKind.CALENDAR_LINT,
                Severity.LOW,
                a.id if isinstance(a, SLA) else None,
                None,
                None,
                a.id,
                f"{a.kind} {a.id}: warning thresholds {list(w)} do not rise, so a later "
                "warning would come before, or with, an earlier one.",
                {"warnings": list(w)},
            )
    seen: set[int] = set()
    named: list[tuple[str, Calendar]] = list(ctx.cat.calendars.items())
    for a in ctx.cat.agreements:
        named.append((ctx.cal_name(a.calendar), a.calendar))
        for row in a.targets.values():
            named += [(ctx.cal_name(t.calendar), t.calendar) for t in row.values()]
    for name, cal in named:
        if id(cal) in seen:
            continue
        seen.add(id(cal))
        lo, hi = _window(cal.tz, ctx.as_of, ctx.horizon)
        if not cal._cov(lo, hi):
            yield Finding(
                FindingKind.CALENDAR_LINT,
                Severity.HIGH,
                None,
                None,
                None,
                None,
                f"Calendar {name} has no coverage at all between {ctx.as_of} and the end of "
                "the horizon: any target on it can never be met.",
                {"calendar": name},
            )
        for node in _weekly_nodes(cal):
            yield from _dst_lint(name, node, lo, hi)


def _dst_lint(name: str, node: _Weekly, lo: int, hi: int) -> Iterator[Finding]:
    segments = offset_segments(node.zone, lo, hi)
    reported: set[tuple[int, str]] = set()
    for (_, cut, before), (_, _, after) in pairwise(segments):
        a, b = sorted((cut + before, cut + after))  # readings skipped or repeated
        what = "gap (the clock skips it)" if after > before else "fold (the clock repeats it)"
        for day in range(a // DAY - 1, b // DAY + 1):
            for s, e in node.week[(day + 3) % 7]:  # 1970-01-01, local day 0, was a Thursday
                for edge, label in ((s, "opening"), (e, "closing")):
                    reading = day * DAY + edge
                    if a <= reading < b and (edge % DAY, what) not in reported:
                        reported.add((edge % DAY, what))
                        local = from_us(reading, UTC)
                        yield Finding(
                            FindingKind.CALENDAR_LINT,
                            Severity.LOW,
                            None,
                            None,
                            None,
                            None,
                            f"Calendar {name}: the {label} time {local:%H:%M} on "
                            f"{local:%A %d %B %Y} falls in a DST {what} in "
                            f"{zone_name(node.zone)}; "
                            + (
                                "coverage then starts or ends at the transition instead."
                                if after > before
                                else "that reading happens twice, so the hour around it is "
                                "covered twice (or not at all) that night."
                            ),
                            {"calendar": name, "reading": local.replace(tzinfo=None)},
                        )


def find_gaps(
    catalogue: Catalogue,
    *,
    as_of: date,
    horizon: int | timedelta | str = 12,
    min_severity: Severity | str = Severity.INFO,
) -> list[Finding]:
    """Every structural gap of ``catalogue``, worst first.

    ``as_of`` is the day the analysis is made (reviews are judged against it and
    tickets are considered from its start). ``horizon`` is the span of tickets
    considered: months as an int, a timedelta, or text such as ``"12mo"``
    (default 12 months).
    """
    if not isinstance(catalogue, Catalogue):
        raise ArgumentTypeError("catalogue", catalogue, "a slacalc.Catalogue")
    if not isinstance(as_of, date) or isinstance(as_of, datetime):
        raise ArgumentTypeError("as_of", as_of, "a datetime.date")
    if isinstance(horizon, str):
        horizon = parse_horizon(horizon)
    if isinstance(horizon, bool) or not isinstance(horizon, int | timedelta):
        raise ArgumentTypeError("horizon", horizon, "months (int), a timedelta or '12mo'")
    if (horizon <= 0) if isinstance(horizon, int) else horizon <= timedelta(0):
        raise ParseError(horizon, "a positive horizon", "horizon")
    if not date(2, 1, 1) <= as_of <= date(9997, 12, 31) or (
        horizon > 12 * 100 if isinstance(horizon, int) else horizon > timedelta(days=36525)
    ):
        raise ParseError(
            f"{as_of} + {horizon}",
            "an analysis date from year 2 to 9997 and a horizon of at most 100 years "
            "(chains run on past the horizon, and reviews look a year back)",
            "as_of/horizon",
        )
    floor = Severity(min_severity)
    names = {id(cal): name for name, cal in catalogue.calendars.items()}
    ctx = _Context(catalogue, as_of, horizon, names)
    findings: list[Finding] = []
    for source in (_chain_findings, _supporting_findings, _undocumented, _inverted, _review, _lint):
        findings.extend(f for f in source(ctx) if f.severity >= floor)
    findings.sort(
        key=lambda f: (
            -f.severity.rank,
            list(FindingKind).index(f.kind),
            f.sla or "",
            f.priority or "",
            f.metric or "",
        )
    )
    return findings
