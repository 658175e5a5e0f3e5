"""The exact checks of a catalogue's chains: chain overruns, looser commitments, coverage holes.

A chain overruns when, with every party using all the time it is allowed, its
last stage can end after the SLA's promise; a supporting agreement is a looser
commitment when it can do so on its own (see :mod:`slacalc.gaps._overrun`). A
coverage hole is time the SLA covers while the first party to act is off duty.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import datetime, timedelta

from slacalc._engine.instants import DAY, HOUR, from_us
from slacalc._engine.zones import zone_name
from slacalc.agreements.agreements import SLA, Chain, Target
from slacalc.errors import HorizonError
from slacalc.gaps._context import _Context, _span_words, _when, _window
from slacalc.gaps.findings import Finding, FindingKind, Severity


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
        walk = ctx.walk(target, stages)
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
    prof = walk.profile
    if prof.worst <= 0:
        return None
    tz = sla.calendar.tz  # speak in the customer's zone
    t = prof.at
    sla_deadline = walk.sla_deadline
    local_times = walk.local(tz)
    ends: list[tuple[str, str, datetime]] = []
    culprit: str | None = None
    for (agreement_id, stage_metric, _), x, local in zip(
        stages, walk.ends, local_times[2:], strict=True
    ):
        ends.append((agreement_id, stage_metric, local))
        if culprit is None and x > sla_deadline:
            culprit = agreement_id  # the first stage that passes the promise
    exposure = prof.exposed / prof.covered if prof.covered else 0.0
    service = ctx.cat.service(sla.service).name
    last_id, last_metric, last_end = ends[-1]
    late = _span_words(prof.worst)
    if kind == FindingKind.LOOSER_COMMITMENT:
        detail = (
            f"On its own, {ctx.party(last_id)} may take {ctx.allowance_of(stages[-1][2])} "
            f"for its {last_metric}, which can end "
            f"{_when(walk.ends[-1], tz)}: {late} after the promise."
        )
    else:
        steps_text = "; then ".join(
            f"{ctx.party(a)} {m} by {_when(x, tz)}"
            for (a, m, _), x in zip(ends, walk.ends, strict=True)
        )
        detail = (
            "If every team and supplier in the chain uses all the time it is allowed: "
            f"{steps_text}. The last step ends {late} after the promise."
        )
    explanation = (
        f"A {priority} ticket on {service} for {sla.customer} raised {_when(t, tz, zone=True)} is "
        f"promised {metric} by {_when(sla_deadline, tz)} "
        f"({ctx.allowance_of(target)}). {detail} "
        f"{exposure:.1%} of the tickets raised in covered hours over the horizon could be "
        "late this way."
    )
    evidence = {
        "start": local_times[0],
        "sla_deadline": local_times[1],
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
    pair = (id(c0), id(c1))  # the catalogue holds both calendars, so ids are stable
    known = ctx.hole_spans.get(pair)
    if known is None:
        lo, hi = _window(c0.tz, ctx.as_of, ctx.horizon)
        try:
            spans = (c0 - c1).timeline.periods(lo, hi)
        except HorizonError:  # pragma: no cover - periods never searches
            return
        known = ctx.hole_spans[pair] = (lo, hi, sum(e - s for s, e in spans), spans[:3])
    lo, hi, total, spans = known
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
