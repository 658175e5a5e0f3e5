"""Evaluate 100,000 tickets (about a million changes) with the activity engine.

    PYTHONPATH=src python benchmarks/activity.py [--tickets 100000]

Each ticket is created in office hours, answered, assigned to a team, may wait
on the customer or on the supplier, may change priority and be reopened, and
is resolved: about ten changes. The catalogue has one SLA, one OLA and one UC
(six clocks a ticket) on Europe/London Mon-Fri 09:00-17:30 with England's
holidays. The script prints tickets per second, changes per second and the
peak memory of the process, and checks the engine against the existing
measurement on the same tickets: each SLA resolution cycle's record (its pauses
taken from the replay) judged by ``assess`` (Timer-based) must give the same
status and elapsed time, and the script times that path too.
"""

from __future__ import annotations

import argparse
import random
import resource
import sys
import time
import warnings
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from _common import reference_calendar

import slacalc as sc
from slacalc.activity import (
    Activity,
    ActivityLog,
    ActivityRules,
    ActivityWarning,
    evaluate,
    to_outcomes,
)
from slacalc.measure import assess

START = datetime(2026, 1, 5, 9, tzinfo=UTC)


def catalogue(cal: sc.Calendar) -> sc.Catalogue:
    def table(scale: int) -> object:
        return sc.target_table(
            cal,
            {
                f"P{p}": {
                    "response": timedelta(minutes=15 * p * scale),
                    "resolution": timedelta(hours=2 * p * scale),
                }
                for p in range(1, 5)
            },
        )

    return sc.Catalogue(
        services=[sc.Service("email", "Email")],
        slas=[
            sc.SLA(id="sla", service="email", customer="Finance", calendar=cal, targets=table(2))
        ],
        olas=[sc.OLA(id="ola", team="Infra", calendar=cal, supports=["sla"], targets=table(1))],
        ucs=[sc.UC(id="uc", supplier="Host", calendar=cal, supports=["sla"], targets=table(1))],
    )


RULES = ActivityRules(
    teams={"Infra": ["Infra L2"]}, suppliers={"uc": 'status == "Awaiting supplier"'}
)


def tickets(n: int, seed: int = 20261202) -> ActivityLog:
    rnd = random.Random(seed)
    out = []
    for i in range(n):
        t = START + timedelta(minutes=rnd.randrange(0, 60 * 24 * 180))
        created = t
        initial = {
            "service": "email",
            "customer": "Finance",
            "priority": f"P{rnd.randint(1, 4)}",
            "status": "New",
            "assignment_group": "Service Desk",
        }
        ch: list[tuple[datetime, str, str]] = []

        def step(lo: int, hi: int) -> datetime:
            nonlocal t
            t += timedelta(minutes=rnd.randint(lo, hi))
            return t

        ch.append((step(1, 90), "comment", "public-reply"))
        ch.append((t, "status", "In progress"))
        ch.append((step(5, 240), "assignment_group", "Infra L2"))
        if rnd.random() < 0.3:
            ch.append((step(10, 600), "status", "Pending customer"))
            ch.append((step(30, 2000), "status", "In progress"))
        if rnd.random() < 0.3:
            ch.append((step(10, 600), "status", "Awaiting supplier"))
            ch.append((step(30, 2000), "status", "In progress"))
        if rnd.random() < 0.1:
            ch.append((step(5, 300), "priority", f"P{rnd.randint(1, 4)}"))
        for _ in range(rnd.randint(1, 4)):
            ch.append((step(5, 300), "assignee", f"agent-{rnd.randrange(40)}"))
        ch.append((step(5, 900), "comment", "note"))
        ch.append((step(10, 900), "status", "Resolved"))
        if rnd.random() < 0.05:
            ch.append((step(60, 3000), "status", "In progress"))
            ch.append((step(10, 600), "status", "Resolved"))
        ch.append((step(600, 4000), "status", "Closed"))
        out.append(Activity.of(f"INC-{i:06d}", created, initial, ch))
    return ActivityLog(out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tickets", type=int, default=100_000)
    parser.add_argument("--check", type=int, default=20_000, help="tickets checked against assess")
    args = parser.parse_args()
    cal = reference_calendar()
    cat = catalogue(cal)
    t0 = time.perf_counter()
    log = tickets(args.tickets)
    built = time.perf_counter() - t0
    as_of = START + timedelta(days=200)
    warnings.simplefilter("ignore", ActivityWarning)
    t0 = time.perf_counter()
    results = evaluate(log, cat, as_of=as_of, rules=RULES)
    took = time.perf_counter() - t0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    changes = log.change_count
    print(f"tickets {len(log):,}, changes {changes:,}, cycles {len(results):,}")
    print(f"  building the log: {built:.1f} s")
    print(
        f"  evaluate: {took:.1f} s = {len(log) / took:,.0f} tickets/s, "
        f"{changes / took:,.0f} changes/s"
    )
    print(f"  peak memory (max RSS): {peak:,.0f} MiB")
    # the peer: the Timer-based measurement on the same SLA resolution cycles
    some = ActivityLog(log.tickets[: args.check])
    mine = [
        o
        for o in to_outcomes(evaluate(some, cat, as_of=as_of, rules=RULES))
        if o.record.metric == "resolution"
    ]
    records = [o.record for o in mine]
    t0 = time.perf_counter()
    peer = assess(records, cat, as_of=as_of)
    peer_took = time.perf_counter() - t0
    t0 = time.perf_counter()
    evaluate(some, cat, as_of=as_of, rules=RULES)
    mine_took = time.perf_counter() - t0
    same = all(
        (a.status, a.elapsed, a.deadline) == (b.status, b.elapsed, b.deadline)
        for a, b in zip(mine, peer, strict=True)
    )
    print(
        f"  check on {len(some):,} tickets: {len(mine):,} SLA resolution cycles, "
        f"assess (Timer-based) agrees: {same}"
    )
    print(
        f"  assess on those records alone: {len(records) / peer_took:,.0f} records/s; evaluate "
        f"(all six clocks from raw activity): {len(some) / mine_took:,.0f} tickets/s"
    )
    if not same:
        raise SystemExit("evaluate and assess disagree")


if __name__ == "__main__":
    main()
