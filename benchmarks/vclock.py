"""The vectorised SLA clock beside the per-ticket engine: ticket-clock outcomes a second.

Run (from the repository root, with the ``arrow`` extra and NumPy):

    python benchmarks/vclock.py                      # 100,000 tickets
    python benchmarks/vclock.py --tickets 20000      # a quicker run

Tickets (seeded) are created over 2026 on the reference calendar, each with
response and resolution clocks (the default SLA policies): 0 to 8 changes of
status (new, open, pending customer, on hold, resolved, reopened), priority
and public replies, some at the same instant. ``slacalc.tables._vclock.sla_clocks``
evaluates the whole table; ``slacalc.activity.evaluate`` replays the first
``--engine-tickets`` tickets one by one (its rate is per ticket, so a part
measures it), and the two answers on those tickets are compared row for row.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
import warnings
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pyarrow as pa

import slacalc as sc
from slacalc.activity import Activity, ActivityLog, evaluate
from slacalc.tables._vclock import VCLOCK_COLUMNS, sla_clocks

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import reference_calendar

STEPS = [
    ("status", "Open"),
    ("status", "Pending customer"),
    ("status", "On hold"),
    ("status", "Open"),
    ("status", "Resolved"),
    ("status", "Closed"),
    ("comment", "public-reply"),
    ("comment", "internal-note"),
    ("priority", "P1"),
    ("priority", "P3"),
]


def make(n: int, seed: int) -> tuple[list[Activity], pa.Table]:
    rng = random.Random(seed)
    base = datetime(2026, 1, 5, 8, tzinfo=UTC)
    acts, t, at, f, v = [], [], [], [], []
    for i in range(n):
        name = f"INC-{i}"
        created = base + timedelta(minutes=rng.randrange(0, 340 * 1440))
        initial = {
            "service": "email",
            "customer": "Finance",
            "status": "New",
            "priority": rng.choice(("P1", "P2", "P3", "P4")),
        }
        rows = [(created, "created", "")] + [(created, k, x) for k, x in initial.items()]
        when, changes = created, []
        for _ in range(rng.randrange(0, 9)):
            when += timedelta(minutes=rng.choice((0, 5, 45, 180, 900, 3000)))
            if when == created:
                when += timedelta(minutes=1)
            field, value = rng.choice(STEPS)
            changes.append((when, field, value))
        rows += changes
        acts.append(Activity.of(name, created, initial, changes))
        for a, k, x in rows:
            t.append(name)
            at.append(a)
            f.append(k)
            v.append(x)
    table = pa.table(
        {"ticket": t, "at": pa.array(at, pa.timestamp("us", tz="UTC")), "field": f, "value": v}
    )
    return acts, table


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--tickets", type=int, default=100_000)
    ap.add_argument("--engine-tickets", type=int, default=10_000)
    args = ap.parse_args()
    cal = reference_calendar()
    cat = sc.Catalogue(
        services=[sc.Service("email", "Email")],
        slas=[
            sc.SLA(
                id="email-finance",
                service="email",
                customer="Finance",
                calendar=cal,
                targets=sc.target_table(
                    cal,
                    {
                        p: {"response": timedelta(hours=h / 4), "resolution": timedelta(hours=h)}
                        for p, h in (("P1", 4), ("P2", 8), ("P3", 24), ("P4", 40))
                    },
                ),
            )
        ],
    )
    as_of = datetime(2027, 1, 1, tzinfo=UTC)
    acts, table = make(args.tickets, 7)
    print(f"{args.tickets:,} tickets, {table.num_rows:,} activity rows")

    t0 = time.perf_counter()
    vec = sla_clocks(table, cat, as_of=as_of)
    tv = time.perf_counter() - t0
    print(
        f"vectorised: {vec.num_rows:,} cycles in {tv:.2f} s: "
        f"{2 * args.tickets / tv:,.0f} ticket-clock outcomes/s"
    )

    m = min(args.engine_tickets, args.tickets)
    t0 = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        eng = evaluate(ActivityLog(acts[:m]), cat, as_of=as_of)
    te = time.perf_counter() - t0
    print(
        f"per-ticket engine: {m:,} tickets in {te:.2f} s: {2 * m / te:,.0f} ticket-clock outcomes/s"
    )
    want = [
        {c: (str(getattr(o, c)) if c == "state" else getattr(o, c)) for c in VCLOCK_COLUMNS}
        for o in eng
        if o.kind == "SLA"
    ]
    names = {a.ticket for a in acts[:m]}
    got = [r for r in vec.to_pylist() if r["ticket"] in names]
    assert got == want, "the vectorised clock differs from the engine"
    print(f"equal on {len(want):,} cycles; ratio {(2 * args.tickets / tv) / (2 * m / te):.1f}x")


if __name__ == "__main__":
    main()
