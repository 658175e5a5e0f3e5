"""``slacalc gaps``: the structural gaps of a catalogue, with an exit status for CI.

slacalc gaps examples/catalogue.toml --as-of 2026-09-30 --min-severity high
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import timedelta
from typing import Any

from slacalc.cli._inputs import catalogue, day
from slacalc.cli._output import FORMATS, emit
from slacalc.durations import format_duration
from slacalc.errors import CatalogueError, ParseError
from slacalc.gaps.analysis import Finding, Severity, find_gaps, parse_horizon

__all__ = ["register", "run"]


def _overrun_text(f: Finding) -> str:
    worst = f.evidence.get("worst_overrun")
    return format_duration(worst) if worst is not None else "-"


#: Horizons longer than this (in days) show progress on stderr.
LONG_HORIZON_DAYS = 2 * 366


def _days(horizon: int | timedelta) -> int:
    """A horizon's length in days, months counted as 31 (to compare with the cap)."""
    return horizon * 31 if isinstance(horizon, int) else horizon.days


def _progress(step: str, done: int, total: int) -> None:
    print(f"slacalc: gaps: {step} ({done + 1} of {total})", file=sys.stderr, flush=True)


def run(args: argparse.Namespace) -> int:
    """Print the findings; 1 when one reaches ``--min-severity`` (unless ``--exit-zero``)."""
    cat = catalogue(args.catalogue)
    if not cat.slas:  # an empty or comment-only file must not pass the guard
        raise CatalogueError(
            [("sla", "no SLA: the catalogue promises nothing, so there is nothing to check")],
            args.catalogue,
        )
    as_of = day(args.as_of)
    horizon, cap = parse_horizon(args.horizon), parse_horizon(args.max_horizon)
    if _days(horizon) > _days(cap):
        raise ParseError(
            args.horizon,
            f"a horizon of at most {args.max_horizon} (--max-horizon; a long horizon can "
            f"take minutes): give --max-horizon {args.horizon} to run it anyway",
            "--horizon",
        )
    findings = find_gaps(
        cat,
        as_of=as_of,
        horizon=horizon,
        progress=_progress if _days(horizon) > LONG_HORIZON_DAYS and not args.no_progress else None,
    )
    floor = Severity(args.min_severity)
    failing = [f for f in findings if f.severity >= floor]
    if args.format == "json":
        json.dump([f.to_dict() for f in findings], sys.stdout, indent=2)
        sys.stdout.write("\n")
    elif args.format == "csv":
        rows = [
            {k: v for k, v in f.to_dict().items() if k != "evidence"}
            | {"evidence": json.dumps(f.to_dict()["evidence"])}
            for f in findings
        ]
        emit(rows, "csv")
    else:
        print(f"Structural gaps in {args.catalogue} as of {as_of} (horizon {args.horizon}):")
        print()
        rows = [
            {
                "severity": str(f.severity),
                "kind": str(f.kind),
                "sla": f.sla or "-",
                "priority": f.priority or "-",
                "metric": f.metric or "-",
                "at fault": f.agreement or "-",
                "worst overrun": _overrun_text(f),
            }
            for f in findings
        ]
        emit(rows, "table")
        print()
        for i, f in enumerate(findings, 1):
            print(f"{i}. [{f.severity}] {f.kind}: {f.explanation}")
        print()
        counts = {str(s): sum(1 for f in findings if f.severity == s) for s in Severity}
        summary = ", ".join(f"{n} {s}" for s, n in reversed(counts.items()) if n)
        print(f"{len(findings)} finding(s): {summary or 'none'}.")
    if failing and not args.exit_zero:
        print(
            f"slacalc: {len(failing)} finding(s) at or above severity {floor}",
            file=sys.stderr,
        )
        return 1
    return 0


def register(sub: Any) -> None:
    """Add the command to an argparse subparsers object."""
    p = sub.add_parser(
        "gaps",
        help="structural gaps of a catalogue (exit status 1 when findings reach --min-severity)",
    )
    p.add_argument("catalogue", help="a TOML catalogue file")
    p.add_argument("--as-of", help="the date of the analysis, YYYY-MM-DD (default: today, UTC)")
    p.add_argument("--horizon", default="12mo", help="tickets considered: 12mo, 1y, 90d, 8w")
    p.add_argument(
        "--max-horizon",
        default="10y",
        help="refuse a longer --horizon (default 10y; raise it to run a longer analysis, "
        "up to 100y)",
    )
    p.add_argument(
        "--no-progress", action="store_true", help="no progress lines on stderr for long horizons"
    )
    p.add_argument(
        "--min-severity",
        default="high",
        choices=("info", "low", "medium", "high", "critical"),
        help="exit with status 1 when a finding is at least this severe (default: high)",
    )
    p.add_argument("--exit-zero", action="store_true", help="report only: exit 0 whatever is found")
    p.add_argument("--format", choices=FORMATS, default="table")
    p.set_defaults(handler=run)
