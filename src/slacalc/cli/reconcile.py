"""``slacalc reconcile``: a platform export's SLA figures beside slacalc's, from the command line.

    slacalc reconcile --platform jira EXPORT_DIR --catalogue C.toml --as-of 2026-11-20T12:00Z

``EXPORT_DIR`` holds the platform's files under these names:

- jira: ``issues.json`` (or ``issues.jsonl``) and ``sla.json``;
- servicenow: ``incident.csv`` (or ``.json``), ``sys_audit.csv`` (or
  ``.json``) and ``task_sla.csv`` (or ``.json``);
- zendesk: ``audits.json`` and ``ticket_metric_events.json``.

The catalogue's ``[platforms.<name>]`` section is the mapping. Exit status 0
when the disagreements are within ``--tolerance`` (a count, default 0, or a
percentage such as ``2%``), 1 when they exceed it, 2 for bad input.
``--unmapped`` lists the statuses and groups no mapping covers instead (exit 1
if there are any).
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import warnings
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from slacalc.activity import evaluate
from slacalc.catalogue import load
from slacalc.durations import parse_duration
from slacalc.errors import ParseError
from slacalc.platforms import (
    Tolerance,
    activity_rules,
    load_mappings,
    read_jira,
    read_jsm_sla,
    read_servicenow,
    read_task_sla,
    read_ticket_metric_events,
    read_zendesk_audits,
    reconcile,
    unmapped,
)
from slacalc.platforms.reconcile import figures_of, neutralise, printable

__all__ = ["register", "run"]

_FILES = {
    "jira": (("issues.json", "issues.jsonl"), ("sla.json", "sla.jsonl")),
    "servicenow": (
        ("incident.csv", "incident.json"),
        ("sys_audit.csv", "sys_audit.json"),
        ("task_sla.csv", "task_sla.json"),
    ),
    "zendesk": (("audits.json", "audits.jsonl"), ("ticket_metric_events.json",)),
}


def _file(folder: Path, names: Sequence[str]) -> Path:
    for name in names:
        if (folder / name).is_file():
            return folder / name
    raise ParseError(str(folder), f"a folder holding {' or '.join(names)}", "EXPORT")


def _instant(text: str) -> datetime:
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        raise ParseError(text, "an ISO 8601 instant with an offset", "--as-of") from None
    if value.utcoffset() is None:
        raise ParseError(text, "an instant with a UTC offset or 'Z'", "--as-of")
    return value


def _read(platform: str, folder: Path, mapping: Any) -> tuple[Any, list[Any]]:
    files = [_file(folder, names) for names in _FILES[platform]]
    if platform == "jira":
        return read_jira(files[0], mapping), read_jsm_sla(files[1])
    if platform == "servicenow":
        log = read_servicenow(files[0], files[1], mapping)
        return log, read_task_sla(files[2], mapping, incidents=files[0])
    return read_zendesk_audits(files[0], mapping), read_ticket_metric_events(files[1])


def run(args: argparse.Namespace) -> int:
    """The ``reconcile`` command."""
    tolerance = Tolerance.parse(args.tolerance)
    slack = parse_duration(args.slack, "--slack")
    mappings = load_mappings(args.catalogue)
    if args.platform not in mappings:
        raise ParseError(
            args.catalogue, f"a catalogue with a [platforms.{args.platform}] section", "--catalogue"
        )
    mapping = mappings[args.platform]
    folder = Path(args.export)
    log, records = _read(args.platform, folder, mapping)
    if args.unmapped:
        found = unmapped(log, mapping)
        rows = [
            {"kind": "status", "value": k, "tickets": str(n)} for k, n in found.statuses.items()
        ]
        rows += [{"kind": "group", "value": k, "tickets": str(n)} for k, n in found.groups.items()]
        _emit(rows, ("kind", "value", "tickets"), args.format)
        return 1 if found else 0
    catalogue = load(args.catalogue)
    as_of = _instant(args.as_of)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        outcomes = evaluate(log, catalogue, as_of=as_of, rules=activity_rules(mapping))
    for w in caught:
        print(f"slacalc: warning: {w.message}", file=sys.stderr)
    result = reconcile(
        records, outcomes, mapping=mapping, activity=log, catalogue=catalogue, slack=slack
    )
    only = not args.all
    if args.format == "csv":
        sys.stdout.write(result.to_csv(only_disagreements=only))
    elif args.format == "json":
        sys.stdout.write(result.to_json(only_disagreements=only) + "\n")
    else:
        for line in figures_of(result.rows(only_disagreements=only)):
            print(line.rstrip())
        print(
            f"{len(result.disagreements)} of {len(result.comparisons)} comparisons disagree "
            f"(tolerance {args.tolerance})"
        )
    return 0 if result.within(tolerance) else 1


def _emit(rows: list[dict[str, str]], keys: Sequence[str], fmt: str) -> None:
    if fmt == "json":
        print(json.dumps(rows, indent=2))
        return
    if fmt == "csv":
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(keys)
        writer.writerows([neutralise(r[k]) for k in keys] for r in rows)
        return
    cells = [[printable(r[k]) for k in keys] for r in rows]
    widths = [max([len(k)] + [len(c[i]) for c in cells]) for i, k in enumerate(keys)]
    print("  ".join(k.ljust(w) for k, w in zip(keys, widths, strict=True)).rstrip())
    for row in cells:
        print("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip())


def register(sub: Any) -> None:
    """Add the ``reconcile`` command to the ``slacalc`` subcommands."""
    p = sub.add_parser(
        "reconcile",
        help="a platform export's SLA figures beside slacalc's "
        "(exit status 1 when disagreements exceed --tolerance)",
        description=__doc__.split("\n\n")[0] if __doc__ else None,
    )
    p.add_argument("export", metavar="EXPORT", help="the folder holding the platform's export")
    p.add_argument("--platform", required=True, choices=tuple(_FILES))
    p.add_argument("--catalogue", required=True, help="the TOML catalogue (with the mapping)")
    p.add_argument("--as-of", help="the export's instant, ISO 8601 with an offset")
    p.add_argument(
        "--tolerance", default="0", help="disagreements allowed: a count or a percentage (2%%)"
    )
    p.add_argument(
        "--slack", default="0s", help="a difference in due or elapsed time still agreeing (1m)"
    )
    p.add_argument("--all", action="store_true", help="every comparison, not only disagreements")
    p.add_argument(
        "--unmapped", action="store_true", help="list the statuses and groups no mapping covers"
    )
    p.add_argument("--format", choices=("table", "json", "csv"), default="table")
    p.set_defaults(handler=_handler)


def _handler(args: argparse.Namespace) -> int:
    if not args.unmapped and not args.as_of:
        raise ParseError(None, "the export's instant (slacalc never reads the clock)", "--as-of")
    return run(args)
