"""``slacalc gaps``: the structural gaps of a catalogue, with an exit status for CI.

slacalc gaps examples/catalogue.toml --as-of 2026-09-30 --min-severity high
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import textwrap
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from slacalc import __version__
from slacalc._escape import terminal
from slacalc.cli._inputs import catalogue, day
from slacalc.cli._output import FORMATS, emit
from slacalc.durations import format_duration
from slacalc.errors import CatalogueError, ParseError
from slacalc.gaps.analysis import Finding, FindingKind, Severity, find_gaps, parse_horizon
from slacalc.gaps.charts import chain_chart, coverage_chart

__all__ = ["register", "run"]


#: Horizons longer than this (in days) show progress on stderr.
LONG_HORIZON_DAYS = 2 * 366


def _days(horizon: int | timedelta) -> int:
    """A horizon's length in days, months counted as 31 (to compare with the cap)."""
    return horizon * 31 if isinstance(horizon, int) else horizon.days


def _progress(step: str, done: int, total: int) -> None:
    print(f"slacalc: gaps: {step} ({done + 1} of {total})", file=sys.stderr, flush=True)


#: One line per kind, in a service-level manager's words, printed under the table.
KIND_WORDS = {
    FindingKind.CHAIN_OVERRUN: "the teams and suppliers behind a promise may together take "
    "longer than the promise allows",
    FindingKind.LOOSER_COMMITMENT: "a team's or supplier's own target is looser than the "
    "customer promise it supports",
    FindingKind.COVERAGE_HOLE: "the customer is promised hours in which the first team to act "
    "is not on duty",
    FindingKind.UNDOCUMENTED: "a promise with no team or supplier agreement, no targets or no "
    "owner behind it",
    FindingKind.INVERTED_PRIORITIES: "a more urgent priority gets a longer target than a less "
    "urgent one",
    FindingKind.REVIEW_OVERDUE: "an agreement past its yearly review (or never reviewed)",
    FindingKind.CALENDAR_LINT: "a calendar that is never open, has times DST skips or repeats, "
    "or runs out of holiday data",
    FindingKind.VERSION_CHANGE: "an agreement with effective-dated versions: the version "
    "analysed, and the next one",
}


def _groups(findings: list[Finding]) -> list[list[Finding]]:
    """Findings sharing a root cause (kind, severity, SLA, party at fault), worst first."""
    groups: dict[tuple[object, ...], list[Finding]] = {}
    for f in findings:
        groups.setdefault((f.kind, f.severity, f.sla, f.agreement), []).append(f)
    return list(groups.values())


def _listed(values: list[str | None]) -> str:
    seen = list(dict.fromkeys(v for v in values if v))
    return ", ".join(seen) or "-"


def _table(path: str, as_of: date, horizon: str, findings: list[Finding]) -> None:
    width = max(60, shutil.get_terminal_size((100, 24)).columns - 1)
    groups = _groups(findings)
    print(terminal(f"Structural gaps in {path} as of {as_of} (horizon {horizon}):"))
    print()
    if not findings:
        print("0 finding(s): every promise is backed by the chain behind it.")
        return
    rows = []
    for g in groups:
        worst = max(
            (f.evidence["worst_overrun"] for f in g if "worst_overrun" in f.evidence),
            default=None,
        )
        rows.append(
            {
                "severity": str(g[0].severity),
                "kind": str(g[0].kind),
                "sla": g[0].sla or "-",
                "priorities": _listed([f.priority for f in g]),
                "metrics": _listed([f.metric for f in g]),
                "at fault": g[0].agreement or "-",
                "worst overrun": format_duration(worst) if worst is not None else "-",
                "count": len(g),
            }
        )
    emit(rows, "table")
    kinds = [k for k in FindingKind if any(f.kind == k for f in findings)]
    if kinds:
        print()
        for k in kinds:
            print(textwrap.fill(f"{k}: {KIND_WORDS[k]}.", width, subsequent_indent="    "))
    print()
    for i, g in enumerate(groups, 1):
        f = g[0]
        more = ""
        if len(g) > 1:
            alike = _listed([" ".join(filter(None, (x.priority, x.metric))) for x in g[1:]])
            more = f" The same holds for {len(g) - 1} more: {alike}."
        text = terminal(f"[{f.severity}] {f.kind}: {f.explanation}{more}")
        indent = " " * (len(str(i)) + 2)
        print(textwrap.fill(text, width, initial_indent=f"{i}. ", subsequent_indent=indent))
    print()
    counts = {str(s): sum(1 for f in findings if f.severity == s) for s in Severity}
    summary = ", ".join(f"{n} {s}" for s, n in reversed(counts.items()) if n)
    print(f"{len(findings)} finding(s) in {len(groups)} group(s): {summary or 'none'}.")


def _flat(value: Any) -> Any:
    if isinstance(value, list):
        return "; ".join(
            ":".join(str(x) for x in v.values()) if isinstance(v, dict) else str(v) for v in value
        )
    return value


def flat_rows(findings: list[Finding]) -> list[dict[str, Any]]:
    """One CSV row per finding: its fields, then one ``evidence_KEY`` column per evidence key.

    Nested evidence is flattened with dots (``evidence_stages``: ``agreement:metric:at``
    items separated by ``; ``); a finding without a key leaves its cell empty.
    """
    plain = [f.to_dict() for f in findings]
    keys: dict[str, None] = {}
    flats = []
    for d in plain:
        flat: dict[str, Any] = {}
        for k, v in d.pop("evidence").items():
            if isinstance(v, dict):
                flat |= {f"evidence_{k}.{sub}": _flat(x) for sub, x in v.items()}
            else:
                flat[f"evidence_{k}"] = _flat(v)
        keys |= dict.fromkeys(flat)
        flats.append(flat)
    return [d | {k: flat.get(k, "") for k in keys} for d, flat in zip(plain, flats, strict=True)]


def _charts(cat: Any, as_of: date, findings: list[Finding], folder: Path) -> None:
    """``coverage.png`` (the week from the Monday on or after ``as_of``) and one
    ``chain-N.png`` per finding with a chain, N its number in the report."""
    folder.mkdir(parents=True, exist_ok=True)
    monday = as_of + timedelta(days=-as_of.weekday() % 7)
    written = [coverage_chart(cat, monday, folder / "coverage.png")]
    for i, g in enumerate(_groups(findings), 1):
        if "stages" in g[0].evidence and "start" in g[0].evidence:
            written.append(chain_chart(g[0], folder / f"chain-{i}.png"))
    print(f"slacalc: {len(written)} chart(s) written to {folder}", file=sys.stderr)


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
        header = {
            "slacalc_version": __version__,
            "catalogue": args.catalogue,
            "as_of": as_of.isoformat(),
            "horizon": args.horizon,
            "min_severity": str(floor),
            "findings": [f.to_dict() for f in findings],
        }
        json.dump(header, sys.stdout, indent=2)
        sys.stdout.write("\n")
    elif args.format == "csv":
        emit(flat_rows(findings), "csv")
    else:
        _table(args.catalogue, as_of, args.horizon, findings)
    if args.chart:
        _charts(cat, as_of, findings, Path(args.chart))
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
    p.add_argument(
        "--as-of",
        help="the date of the analysis, YYYY-MM-DD or an instant (its date) (default: today, UTC)",
    )
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
    p.add_argument(
        "--chart",
        metavar="DIR",
        help="also draw coverage.png (the calendars' week side by side) and chain-N.png "
        "(finding N's worst case) into DIR; needs the chart extra (matplotlib)",
    )
    p.set_defaults(handler=run)
