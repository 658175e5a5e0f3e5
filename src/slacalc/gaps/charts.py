"""Pictures of a gap report: calendars' week coverage side by side, and a chain's worst case.

Needs matplotlib (the ``chart`` extra), imported when a chart is drawn; without it
:class:`~slacalc.measure.report.ChartUnavailableError`. ``slacalc gaps --chart DIR``
writes both kinds of picture into ``DIR``.

>>> from datetime import date
>>> import slacalc as sc
>>> from slacalc.gaps.charts import coverage_chart
>>> cat = sc.load("examples/catalogue.toml")                          # doctest: +SKIP
>>> coverage_chart(cat, date(2026, 11, 30), "coverage.png")           # doctest: +SKIP
PosixPath('coverage.png')
"""

from __future__ import annotations

import importlib
import os
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from slacalc._engine.zones import zone_name
from slacalc.catalogue.model import Catalogue
from slacalc.errors import ArgumentTypeError, ParseError
from slacalc.gaps.findings import Finding
from slacalc.measure.report import ChartUnavailableError

__all__ = ["chain_chart", "coverage_chart"]

_HOUR = timedelta(hours=1)


def _figure_module() -> Any:
    try:
        return importlib.import_module("matplotlib.figure")
    except ImportError:
        raise ChartUnavailableError(
            "a chart needs matplotlib, which is not installed (the chart extra: see "
            "docs/install.md)"
        ) from None


def _target(path: str | os.PathLike[str]) -> tuple[Path, str]:
    target = Path(path)
    fmt = target.suffix.lower().lstrip(".")
    if fmt not in ("png", "svg"):
        raise ParseError(str(path), "a file name ending .png or .svg", "chart")
    return target, fmt


def coverage_chart(
    catalogue: Catalogue,
    week: date,
    path: str | os.PathLike[str],
    *,
    tz: str | None = None,
) -> Path:
    """The covered hours of every calendar of ``catalogue`` in the week from ``week``.

    One row per calendar, Monday to Sunday of the week starting on ``week`` (a
    date), drawn in ``tz`` (default: the zone of the first SLA's calendar), so
    where the customer is covered and a supplier is not shows as a bar with
    nothing beneath it.
    """
    if not isinstance(catalogue, Catalogue):
        raise ArgumentTypeError("catalogue", catalogue, "a slacalc.Catalogue")
    if not isinstance(week, date) or isinstance(week, datetime):
        raise ArgumentTypeError("week", week, "a datetime.date")
    target, fmt = _target(path)
    zone = ZoneInfo(tz) if tz else (catalogue.slas[0].calendar.tz if catalogue.slas else None)
    zone = zone or ZoneInfo("UTC")
    start = datetime.combine(week, time(0), zone)
    end = datetime.combine(week + timedelta(days=7), time(0), zone)
    names = sorted(n for n in catalogue.calendars if n != "always")
    figure = _figure_module()
    fig = figure.Figure(figsize=(10, 0.45 * len(names) + 1.4), layout="constrained")
    ax = fig.subplots()
    for row, name in enumerate(names):
        spans = [
            ((p.start - start) / _HOUR, (p.end - p.start) / _HOUR)
            for p in catalogue.calendars[name].periods(start, end)
        ]
        ax.broken_barh(spans, (row - 0.35, 0.7), color=f"C{row % 10}")
    ax.set_yticks(range(len(names)), names, fontsize="small")
    ax.invert_yaxis()
    days = [(start + timedelta(days=d)).strftime("%a %d %b") for d in range(7)]
    ax.set_xticks([24 * d + 12 for d in range(7)], days, fontsize="small")
    for d in range(8):
        ax.axvline(24 * d, color="grey", linewidth=0.5)
    ax.set_xlim(0, (end - start) / _HOUR)
    ax.set_title(f"Covered hours, week of {week:%d %B %Y} ({zone_name(zone)} time)")
    fig.savefig(target, format=fmt, dpi=80)
    return target


def chain_chart(finding: Finding, path: str | os.PathLike[str]) -> Path:
    """A chain overrun's worst case: each stage's time against the SLA deadline.

    One bar per stage, from the hand-over to its deadline, on an axis of hours
    after the ticket was raised; a red line marks the SLA's promise. Only
    findings whose evidence has ``start``, ``sla_deadline`` and ``stages`` (chain
    overruns and looser commitments) can be drawn.
    """
    if not isinstance(finding, Finding):
        raise ArgumentTypeError("finding", finding, "a slacalc Finding")
    ev = finding.evidence
    if not all(k in ev for k in ("start", "sla_deadline", "stages")):
        raise ParseError(str(finding.kind), "a finding with a chain (start, stages)", "finding")
    target, fmt = _target(path)
    start: datetime = ev["start"]
    figure = _figure_module()
    stages = list(ev["stages"])
    fig = figure.Figure(figsize=(9, 0.6 * len(stages) + 1.8), layout="constrained")
    ax = fig.subplots()
    begin = start
    labels = []
    for row, stage in enumerate(stages):
        done: datetime = stage["deadline"]
        ax.broken_barh(
            [((begin - start) / _HOUR, (done - begin) / _HOUR)], (row - 0.35, 0.7), color="C0"
        )
        ax.annotate(
            f"{done:%a %d %b %H:%M}",
            ((done - start) / _HOUR, row),
            xytext=(4, 0),
            textcoords="offset points",
            va="center",
            fontsize="small",
        )
        labels.append(f"{stage['agreement']} {stage['metric']}")
        begin = done
    promise = (ev["sla_deadline"] - start) / _HOUR
    ax.axvline(
        promise, color="red", linewidth=2, label=f"SLA deadline {ev['sla_deadline']:%a %d %b %H:%M}"
    )
    ax.set_yticks(range(len(stages)), labels, fontsize="small")
    ax.invert_yaxis()
    ax.set_xlabel(
        f"hours after the ticket was raised ({start:%a %d %b %Y %H:%M}, "
        f"{zone_name(start.tzinfo or ZoneInfo('UTC'))} time)"
    )
    ax.set_xlim(0, max((begin - start) / _HOUR, promise) * 1.15)
    ax.set_title(f"{finding.sla} {finding.priority} {finding.metric}: {finding.kind}")
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), borderaxespad=0, fontsize="small")
    fig.savefig(target, format=fmt, dpi=80)
    return target
