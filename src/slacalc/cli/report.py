"""``slacalc report``: a customer-language service report for a period.

    slacalc report examples/history.csv --catalogue examples/catalogue.toml \\
        --period 2026-Q3 --outages examples/outages.csv

The records are a CSV of ticket records, or an activity log (the long table
``ticket, at, field, value``, told apart by its header), whose SLA cycles
:func:`slacalc.activity.evaluate` judges at ``--as-of`` (required with one).

``--chart`` needs matplotlib (an optional extra), which :func:`write_chart`
imports only when a chart is drawn.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

from slacalc.activity import to_outcomes
from slacalc.catalogue.model import Catalogue
from slacalc.cli._activity import add_options, evaluated, is_activity_log, read_log
from slacalc.cli._inputs import as_of_instant, catalogue, read
from slacalc.cli._output import emit
from slacalc.errors import Problem
from slacalc.measure import Outcome, RecordError, ReportingPeriod, assess, share
from slacalc.measure.records import read_history, read_outages
from slacalc.measure.report import build_report, to_dict, to_markdown, write_chart

__all__ = ["register", "run"]


def _targets(items: list[str] | None) -> tuple[object, dict[str, object]]:
    default: object = None
    named: dict[str, object] = {}
    for item in items or []:
        key, sep, value = item.rpartition("=")
        if sep:
            named[key] = share(value, f"--availability-target {item}")
        else:
            default = share(value, "--availability-target")
    return default, named


def _report_rows(data: dict[str, Any]) -> list[dict[str, Any]]:
    """One CSV row per customer and service, the figures of the report side by side."""
    rows = []
    for c in data["customers"]:
        for line in c["services"]:
            a = line["availability"] or {}
            res, resp, trend = line["resolution"], line["response"], line["trend"]
            rows.append(
                {
                    "period": data["period"],
                    "customer": c["customer"],
                    "sla": line["sla"],
                    "service": line["service"],
                    "availability": a.get("share"),
                    "availability_target": a.get("target"),
                    "resolved_on_time": res["on_time"],
                    "resolved_met": res["met"],
                    "resolved_late": res["late"],
                    "answered_on_time": resp["on_time"],
                    "first_contact": res["first_contact"],
                    "csat": res["csat"],
                    "trend_per_month": trend["slope_per_month"],
                    "direction": trend["direction"],
                    "green_but_declining": trend["green_but_declining"],
                    "problem_candidates": len(line["problems"]),
                }
            )
    return rows


def _outcomes(
    args: argparse.Namespace, cat: Catalogue, as_of: datetime | None
) -> tuple[Outcome, ...]:
    """The judged outcomes of the records, or of an activity log's SLA cycles."""
    if is_activity_log(args.history):
        if as_of is None:
            problem = Problem(
                "as_of",
                "an activity log's clocks are judged at an instant",
                argument="as_of",
                remedy="(an instant, or a date: the end of that day)",
            )
            raise RecordError([problem], args.history)
        log = read_log(args.history, args.tz)
        progress = not args.no_progress
        return to_outcomes(
            evaluated(
                log, cat, as_of, progress=progress, source=args.history, unmatched=args.unmatched
            )
        )
    records = read(args.history, read_history)
    try:
        return assess(records, cat, as_of=as_of)
    except RecordError as error:  # the same problems, named by the file they came from
        raise RecordError(error.problems, args.history) from None


def run(args: argparse.Namespace) -> int:
    """Print the report (Markdown, JSON or CSV) and draw the chart if asked."""
    cat = catalogue(args.catalogue)
    period = ReportingPeriod.parse(args.period, "--period")
    as_of = as_of_instant(args.as_of) if args.as_of else None
    outcomes = _outcomes(args, cat, as_of)
    outages = read(args.outages, read_outages) if args.outages else None
    default, named = _targets(args.availability_target)
    report = build_report(
        cat,
        outcomes,
        outages,
        period=period,
        goal=share(args.goal, "--goal"),
        availability_target=default,
        availability_targets=named,
        trend_months=args.months,
        customers=args.customer,
    )
    if args.format == "json":
        json.dump(to_dict(report), sys.stdout, indent=2)
        sys.stdout.write("\n")
    elif args.format == "csv":
        emit(_report_rows(to_dict(report)), "csv")
    else:
        sys.stdout.write(to_markdown(report))
    if args.chart:
        written = write_chart(report, Path(args.chart))
        print(f"slacalc: chart written to {written}", file=sys.stderr)
    return 0


def register(sub: Any) -> None:
    """Add the command to an argparse subparsers object."""
    p = sub.add_parser("report", help="a customer-language service report for a period")
    p.add_argument(
        "history",
        help="a CSV of ticket records (one row per ticket and metric), or an activity log "
        "(ticket, at, field, value; then --as-of is required)",
    )
    p.add_argument("--catalogue", required=True, help="a TOML catalogue file")
    p.add_argument("--period", required=True, help="2026-Q3, 2026-07, 2026-H2 or 2026")
    p.add_argument("--outages", help="a CSV outage log (service, start, end, cause)")
    p.add_argument(
        "--availability-target",
        action="append",
        metavar="[ID=]SHARE",
        help="e.g. 99.5%% for every SLA, or wms=99.9%% for a service or SLA (repeatable)",
    )
    p.add_argument("--goal", default="95%", help="share of requests on time that is green")
    p.add_argument("--months", type=int, default=6, help="months in the trend (default 6)")
    p.add_argument("--customer", action="append", help="only this customer (repeatable)")
    p.add_argument(
        "--as-of",
        help="judge open records at this instant (ISO with offset), or at the end of this date",
    )
    p.add_argument("--format", choices=("markdown", "json", "csv"), default="markdown")
    p.add_argument("--chart", help="also draw the compliance trend to this .png or .svg")
    p.add_argument("--no-progress", action="store_true", help="no progress lines on stderr")
    add_options(p, "with an activity log: ")
    p.set_defaults(handler=run)
