"""The checks of a catalogue's shape: undocumented promises, inverted priorities, reviews, lint.

None of them computes a deadline: they read what is (or is not) written down,
the order of targets across priorities, review dates, warning thresholds, and
calendars with no coverage or with opening times that fall in a DST gap or fold.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC
from itertools import pairwise

from slacalc._engine.instants import from_us
from slacalc._engine.zones import zone_name
from slacalc.agreements.agreements import SLA
from slacalc.calendar.calendar import Calendar
from slacalc.gaps._context import _add_months, _Context, _window
from slacalc.gaps.findings import Finding, FindingKind, Severity
from slacalc.priority import check_targets


def _undocumented(ctx: _Context) -> Iterator[Finding]:
    cat = ctx.cat
    for sla in cat.slas:
        if not sla.priorities:
            yield Finding(
                FindingKind.UNDOCUMENTED,
                Severity.HIGH,
                sla.id,
                None,
                None,
                sla.id,
                f"SLA {sla.id} promises {sla.customer} nothing: it has no targets, so no "
                "ticket can be judged against it.",
                {"targets": []},
            )
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
        if not cal.timeline.cov(lo, hi):
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
        yield from _dst_lint(name, cal, lo, hi)


def _dst_lint(name: str, cal: Calendar, lo: int, hi: int) -> Iterator[Finding]:
    for edge in cal.timeline.dst_edges(lo, hi):
        what = "gap (the clock skips it)" if edge.gap else "fold (the clock repeats it)"
        local = from_us(edge.reading, UTC)
        yield Finding(
            FindingKind.CALENDAR_LINT,
            Severity.LOW,
            None,
            None,
            None,
            None,
            f"Calendar {name}: the {edge.label} time {local:%H:%M} on "
            f"{local:%A %d %B %Y} falls in a DST {what} in "
            f"{zone_name(edge.zone)}; "
            + (
                "coverage then starts or ends at the transition instead."
                if edge.gap
                else "that reading happens twice, so the hour around it is "
                "covered twice (or not at all) that night."
            ),
            {"calendar": name, "reading": local.replace(tzinfo=None)},
        )
