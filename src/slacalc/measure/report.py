"""A service report per customer, in the customer's language, as Markdown or JSON.

Internal metrics (mean time to resolve, breach counts) help IT teams; customers
want to know whether their services were there when they needed them, whether
their requests were done on time, and which way things are going. A
:class:`Report` says exactly that, per customer and SLA, for a reporting period:
availability over agreed service hours, requests answered and resolved on time,
the trend over the last months, what caused the late ones, and recurring
problems being investigated. :func:`write_chart` draws the compliance trend
(matplotlib, an optional extra, imported only when a chart is asked for).

>>> from datetime import datetime, UTC
>>> import slacalc as sc
>>> from slacalc.measure import ReportingPeriod
>>> cat = sc.load("examples/catalogue.toml")
>>> report = build_report(cat, [], [], period=ReportingPeriod.parse("2026-Q3"),
...                       customers=["Finance"])
>>> print(to_markdown(report).splitlines()[0])
# Service report, 2026-Q3
"""

from __future__ import annotations

import importlib
import math
import os
from collections.abc import Iterable, Mapping, Sequence
from fractions import Fraction
from pathlib import Path
from typing import Any

import attrs

from slacalc._escape import markdown
from slacalc._validate import share, whole
from slacalc.agreements.agreements import SLA, FrozenMap
from slacalc.catalogue.model import Catalogue
from slacalc.durations import format_duration, seconds
from slacalc.errors import ArgumentTypeError, ParseError, SlacalcError
from slacalc.measure.assessment import Outcome
from slacalc.measure.availability import Availability, Outage, availability
from slacalc.measure.compliance import DEFAULT_GOAL, Compliance, Direction, Trend, compliance, trend
from slacalc.measure.improvement import (
    DEFAULT_CATEGORIES,
    BreachCategory,
    ProblemCandidate,
    breaches_by_category,
    problem_candidates,
)
from slacalc.measure.periods import Month, ReportingPeriod

__all__ = [
    "ChartUnavailableError",
    "CustomerReport",
    "Report",
    "ServiceLine",
    "build_report",
    "to_dict",
    "to_markdown",
    "write_chart",
]


class ChartUnavailableError(SlacalcError, ImportError):
    """A chart was asked for, but matplotlib (the optional chart extra) is not installed."""


@attrs.frozen
class ServiceLine:
    """One SLA in the period: its service, availability, timeliness, trend and causes."""

    sla: str
    service: str
    name: str
    availability: Availability | None
    availability_target: Fraction | None
    response: Compliance
    resolution: Compliance
    trend: Trend
    causes: tuple[BreachCategory, ...]
    problems: tuple[ProblemCandidate, ...]
    #: Requests judged (resolution) per month of the trend window, in its order.
    judged: tuple[int, ...] = ()


@attrs.frozen
class CustomerReport:
    """Every SLA of one customer."""

    customer: str
    lines: tuple[ServiceLine, ...]


@attrs.frozen
class Report:
    """The report for ``period``: one :class:`CustomerReport` per customer, by name."""

    period: ReportingPeriod
    goal: Fraction
    trend_months: int
    customers: tuple[CustomerReport, ...]


def _targets(
    catalogue: Catalogue, default: object, targets: Mapping[str, object]
) -> dict[str, Fraction | None]:
    if not isinstance(targets, Mapping):
        raise ArgumentTypeError("availability_targets", targets, "a mapping of id -> share")
    base = None if default is None else share(default, "availability_target")
    known = {s.id for s in catalogue.slas} | {s.service for s in catalogue.slas}
    out: dict[str, Fraction | None] = {}
    for key, value in targets.items():
        if key not in known:
            raise ParseError(key, "an SLA or service id of the catalogue", "availability_targets")
        out[key] = share(value, f"availability_targets[{key!r}]")
    return {s.id: out.get(s.id, out.get(s.service, base)) for s in catalogue.slas}


def build_report(
    catalogue: Catalogue,
    outcomes: Iterable[Outcome],
    outages: Iterable[Outage] | None = None,
    *,
    period: ReportingPeriod,
    goal: object = DEFAULT_GOAL,
    availability_target: object = None,
    availability_targets: Mapping[str, object] = FrozenMap(),
    trend_months: int = 6,
    customers: Sequence[str] | None = None,
    categories: Iterable[str] = DEFAULT_CATEGORIES,
) -> Report:
    """The report for ``period`` from judged records (:func:`slacalc.measure.assess`).

    ``outages`` is taken as the complete log for every service; without it the
    report says nothing about availability. ``availability_target`` applies to
    every SLA unless ``availability_targets`` names the SLA or its service.
    The trend covers the ``trend_months`` months ending with the period.
    """
    if not isinstance(catalogue, Catalogue):
        raise ArgumentTypeError("catalogue", catalogue, "a slacalc.Catalogue")
    if not isinstance(period, ReportingPeriod):
        raise ArgumentTypeError("period", period, "a ReportingPeriod")
    level = share(goal, "goal")
    targets = _targets(catalogue, availability_target, availability_targets)
    judged = list(outcomes)
    log = None if outages is None else list(outages)
    names = sorted({s.customer for s in catalogue.slas})
    if customers is not None:
        for name in customers:
            if name not in names:
                raise ParseError(name, f"a customer with an SLA ({', '.join(names)})", "customers")
        names = [n for n in names if n in customers]
    whole(trend_months, "trend_months", 3, expected="a trend of at least 3 months")
    window = [period.last.shift(k - trend_months + 1) for k in range(trend_months)]
    allowed = tuple(categories)
    reports = []
    for name in names:
        lines = []
        for sla in (s for s in catalogue.slas if s.customer == name):
            mine = [o for o in judged if o.sla == sla.id]
            lines.append(_line(catalogue, sla, mine, log, period, window, level, targets, allowed))
        reports.append(CustomerReport(name, tuple(lines)))
    return Report(period, level, trend_months, tuple(reports))


def _line(
    catalogue: Catalogue,
    sla: SLA,
    mine: list[Outcome],
    log: list[Outage] | None,
    period: ReportingPeriod,
    window: list[Month],
    goal: Fraction,
    targets: Mapping[str, Fraction | None],
    categories: tuple[str, ...],
) -> ServiceLine:
    tz = sla.calendar.tz
    up = None
    if log is not None:
        down = [o for o in log if o.service == sla.service]
        up = availability(down, sla.calendar, period.start(tz), period.end(tz))
    now = [o for o in mine if o.month in period]
    by_metric = {c.key["metric"]: c for c in compliance(now, by=("metric",))}
    empty = Compliance(FrozenMap(), 0, 0)
    resolved = [o for o in mine if o.record.metric == "resolution" and o.month in window]
    by_month = {Month.parse(c.key["month"]): c for c in compliance(resolved, by=("month",))}
    monthly = {m: None for m in window} | {m: c.rate for m, c in by_month.items()}
    judged = tuple(by_month[m].met + by_month[m].breached if m in by_month else 0 for m in window)
    return ServiceLine(
        sla.id,
        sla.service,
        catalogue.service(sla.service).name,
        up,
        targets.get(sla.id),
        by_metric.get("response", empty),
        by_metric.get("resolution", empty),
        trend(list(monthly.items()), goal=goal),
        breaches_by_category(now, categories=categories),
        problem_candidates(now),
        judged,
    )


# --- Markdown ---------------------------------------------------------------------------


def _pct(value: Fraction, places: int = 1) -> str:
    """A percentage rounded down, so a figure never reads better than it was."""
    scaled = math.floor(value * 100 * 10**places)
    whole, frac = divmod(scaled, 10**places)
    return f"{whole}.{frac:0{places}d}%" if places else f"{whole}%"


def _points(slope: Fraction) -> str:
    tenths = round(abs(slope) * 1000)
    return f"{tenths // 10}.{tenths % 10} points"


_TREND_WORDS = {
    Direction.IMPROVING: "improving",
    Direction.STEADY: "steady",
    Direction.DECLINING: "declining",
    Direction.INSUFFICIENT: "not enough months of data yet",
}


def _on_time(c: Compliance, verb: str) -> str:
    judged = c.met + c.breached
    if not judged:
        return f"no requests were {verb} in the period"
    assert c.rate is not None
    return f"{c.met} of {judged} requests ({_pct(c.rate)}) were {verb} on time"


def _line_md(line: ServiceLine, goal: Fraction, months: int) -> list[str]:
    out = [f"### {markdown(line.name)}", ""]
    if line.availability is not None:
        a = line.availability
        hours = format_duration(a.agreed)
        text = f"- **Available {_pct(a.share, 2)}** of the agreed service hours ({hours})"
        if line.availability_target is not None:
            verdict = "met" if a.meets(line.availability_target) else "**missed**"
            text += f"; target {_pct(line.availability_target, 2)} {verdict}"
        if a.down:
            text += f"; {format_duration(a.down)} of interruption"
        out.append(text + ".")
    text = _on_time(line.resolution, "resolved").capitalize()
    if line.resolution.rate is not None:
        verdict = "met" if line.resolution.rate >= goal else "**missed**"
        text += f"; goal {_pct(goal, 0)} {verdict}"
    out.append(f"- {text}.")
    out.append(f"- {_on_time(line.response, 'answered').capitalize()}.")
    r = line.resolution
    extras = []
    if r.first_contact is not None:
        extras.append(f"{_pct(r.first_contact, 0)} resolved at first contact")
    if r.csat is not None:
        extras.append(f"average satisfaction {float(r.csat):.1f}")
    if extras:
        out.append(f"- {'; '.join(extras).capitalize()}.")
    t = line.trend
    words = _TREND_WORDS[t.direction]
    if t.slope is not None and t.direction in (Direction.IMPROVING, Direction.DECLINING):
        words += f" ({_points(t.slope)} a month)"
    out.append(f"- Trend over {months} months (on-time resolution): {words}.")
    if t.green_but_declining:
        out.append(
            f"- On target ({_pct(goal, 0)}) every month, but slipping: we are looking into it "
            "before it becomes a missed target."
        )
    if line.causes:
        parts = [f"{markdown(c.name)} ({c.count})" for c in line.causes]
        out.append(f"- Missed targets by cause: {', '.join(parts)}.")
    for p in line.problems:
        out.append(
            f"- {len(p.tickets)} late requests between {p.first.date()} and {p.last.date()} "
            "share a pattern: we are investigating the underlying cause as a problem."
        )
    return [*out, ""]


def to_markdown(report: Report) -> str:
    """The report as Markdown: a section per customer, a subsection per service."""
    if not isinstance(report, Report):
        raise ArgumentTypeError("report", report, "a Report")
    out = [f"# Service report, {report.period.label}", ""]
    out.append(
        f"Availability counts only the service hours agreed in each SLA. "
        f"Our goal is {_pct(report.goal, 0)} of requests resolved on time."
    )
    out.append("")
    for c in report.customers:
        out += [f"## {markdown(c.customer)}", ""]
        for line in c.lines:
            out += _line_md(line, report.goal, report.trend_months)
    return "\n".join(out).rstrip() + "\n"


# --- JSON -------------------------------------------------------------------------------


def _share(value: Fraction | None) -> float | None:
    return None if value is None else float(value)


def _seconds(td: Any) -> int | float:
    return seconds(td)


def _compliance_dict(c: Compliance) -> dict[str, Any]:
    return {
        "met": c.met,
        "late": c.breached,
        "open": c.pending,
        "on_time": _share(c.rate),
        "first_contact": _share(c.first_contact),
        "csat": _share(c.csat),
    }


def _line_dict(line: ServiceLine) -> dict[str, Any]:
    a = line.availability
    t = line.trend
    return {
        "sla": line.sla,
        "service": line.service,
        "name": line.name,
        "availability": None
        if a is None
        else {
            "share": float(a.share),
            "agreed_seconds": _seconds(a.agreed),
            "down_seconds": _seconds(a.down),
            "target": _share(line.availability_target),
            "met": None if line.availability_target is None else a.meets(line.availability_target),
        },
        "resolution": _compliance_dict(line.resolution),
        "response": _compliance_dict(line.response),
        "trend": {
            "months": [{"month": str(m), "on_time": _share(v)} for m, v in t.points],
            "slope_per_month": _share(t.slope),
            "direction": t.direction.value,
            "green_but_declining": t.green_but_declining,
        },
        "late_by_cause": {c.name: c.count for c in line.causes},
        "problems": [
            {"first": p.first.isoformat(), "last": p.last.isoformat(), "tickets": list(p.tickets)}
            for p in line.problems
        ],
    }


def to_dict(report: Report) -> dict[str, Any]:
    """The report as plain data (``json.dumps`` it); shares are floats from 0 to 1."""
    if not isinstance(report, Report):
        raise ArgumentTypeError("report", report, "a Report")
    return {
        "period": report.period.label,
        "months": [str(m) for m in report.period.months],
        "goal": float(report.goal),
        "customers": [
            {"customer": c.customer, "services": [_line_dict(line) for line in c.lines]}
            for c in report.customers
        ],
    }


# --- chart ------------------------------------------------------------------------------


def write_chart(
    report: Report, path: str | os.PathLike[str], *, customer: str | None = None
) -> Path:
    """Draw on-time resolution per month, one line per service, to a PNG or SVG file.

    One panel per customer (or only ``customer``), with the goal as a dashed
    line. Needs matplotlib; without it, :class:`ChartUnavailableError`.
    """
    if not isinstance(report, Report):
        raise ArgumentTypeError("report", report, "a Report")
    target = Path(path)
    fmt = target.suffix.lower().lstrip(".")
    if fmt not in ("png", "svg"):
        raise ParseError(str(path), "a file name ending .png or .svg", "chart")
    shown = [c for c in report.customers if customer is None or c.customer == customer]
    if not shown:
        known = ", ".join(c.customer for c in report.customers)
        raise ParseError(customer, f"a customer of the report ({known})", "customer")
    try:
        figure: Any = importlib.import_module("matplotlib.figure")
    except ImportError:
        raise ChartUnavailableError(
            "a chart needs matplotlib, which is not installed (pip install matplotlib)"
        ) from None
    # One y-axis scale for every panel (0-100 %), the number of requests judged
    # beside each point, and the legend outside the plotting area.
    seen = [float(v) * 100 for c in shown for line in c.lines for _, v in line.trend.points if v]
    low = max(0.0, math.floor(min([*seen, float(report.goal) * 100 - 5]) / 10) * 10)
    fig = figure.Figure(figsize=(9, 2.6 * len(shown)), layout="constrained")
    axes = fig.subplots(len(shown), 1, squeeze=False, sharey=True)[:, 0]
    for ax, c in zip(axes, shown, strict=True):
        for k, line in enumerate(c.lines):
            labels = [str(m) for m, _ in line.trend.points]
            values = [math.nan if v is None else float(v) * 100 for _, v in line.trend.points]
            (drawn,) = ax.plot(labels, values, marker="o", label=line.name)
            for x, y, n in zip(labels, values, line.judged, strict=False):
                if not math.isnan(y):
                    ax.annotate(
                        f"n={n}",
                        (x, y),
                        textcoords="offset points",
                        xytext=(0, 6 if k % 2 == 0 else -12),  # lines' labels apart
                        ha="center",
                        fontsize="x-small",
                        color=drawn.get_color(),
                    )
        ax.axhline(float(report.goal) * 100, linestyle="--", color="grey", label="goal")
        ax.set_title(f"{c.customer}: requests resolved on time (n = requests judged)")
        ax.set_ylabel("% on time")
        ax.set_ylim(low, 101)  # the same scale on every panel
        ax.legend(fontsize="small", loc="upper left", bbox_to_anchor=(1.01, 1), borderaxespad=0)
    fig.savefig(target, format=fmt, dpi=80)
    return target
