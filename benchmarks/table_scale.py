"""SLA clocks at table scale: the vectorised clock beside the per-ticket engine and a spine join.

Run (from the repository root, with NumPy, pyarrow and duckdb)::

    python benchmarks/table_scale.py                    # 1,000,000 tickets, ~10M rows
    python benchmarks/table_scale.py --tickets 50000    # a quicker run

The activity comes from ``benchmarks/gen_activity_large.py`` (seeded; written
to ``--parquet`` once, read again afterwards): response and resolution clocks
of the default SLA policies on the reference calendar, with pauses
(Pending customer, On hold), reopens (a new resolution cycle), reassignments
and re-prioritisations, judged at 2027-01-01. Four measures, one run:

1. **The whole job**, in a fresh process so its peak memory is its own: read
   the Parquet file (a: ``slacalc.tables.read_parquet``, ``field`` and ``value``
   as dictionaries; b: ``pyarrow.parquet.read_table``, text columns), evaluate
   every ticket's SLA clocks, write the outcomes to Parquet; ``--repeat`` fresh
   processes each, the median evaluation kept. Ticket-clock outcomes a second
   count two clocks a ticket over the evaluation alone ("after reading"); the
   process's peak RSS is printed, and the cost of fresh memory on the machine.
2. **The per-ticket engine** (``slacalc.tables.evaluate`` before the vectorised
   clock is wired into it, else ``slacalc.activity.evaluate``'s table form) on
   a seeded sample of ``--sample`` tickets, its rate extrapolated to all
   tickets (its cost is per ticket); its SLA outcomes are compared with the
   vectorised ones on the sample, every column.
3. **A schedule-spine join in DuckDB**, the way analysts compute it without
   slacalc: SQL window functions turn the status rows into running stretches
   (creation to first reply or resolution for response; unpaused, unresolved
   stretches per cycle for resolution, a reopen starting a cycle), joined to
   the calendar's covered periods (``slacalc.tables.covered_periods``) and
   summed per cycle. Its elapsed time per ticket, metric and cycle is compared
   with the vectorised clock's, every cycle (the spine computes elapsed time
   only: no deadlines, targets or states).
4. Ratios, and the issue's bars.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
import warnings
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.dataset  # read_table imports it: here, so the read is not timed with it
import pyarrow.parquet as pq

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import reference_calendar, source_state
from gen_activity_large import AS_OF, generate

import slacalc as sc
from slacalc import tables
from slacalc.activity import evaluate as activity_evaluate
from slacalc.activity import read_activity

HERE = Path(__file__).resolve().parent
#: Targets per priority (business hours): response a quarter of resolution.
HOURS = (("P1", 4), ("P2", 8), ("P3", 24), ("P4", 40))
#: The columns both clocks give and the comparison reads.
COMPARED = (
    "ticket",
    "kind",
    "agreement",
    "metric",
    "cycle",
    "state",
    "priority",
    "target",
    "start",
    "deadline",
    "stop",
    "end",
    "elapsed",
    "paused",
    "breach",
)

SPINE_SQL = """
WITH rows AS (
    SELECT ticket, epoch_us("at") AS t, field, value FROM activity
),
created AS (
    SELECT ticket, min(t) AS t0 FROM rows WHERE field = 'created' GROUP BY ticket
),
-- response: from creation to the first public reply or resolution
answered AS (
    SELECT ticket, min(t) AS t1 FROM rows
    WHERE (field = 'comment' AND value = 'public-reply')
       OR (field = 'status' AND value IN ('Resolved', 'Closed'))
    GROUP BY ticket
),
response AS (
    SELECT c.ticket, 'response' AS metric, 1 AS cycle, c.t0 AS a,
           LEAST(COALESCE(r.t1, $as_of), $as_of) AS b
    FROM created c LEFT JOIN answered r USING (ticket)
),
-- resolution: status stretches; a change out of Resolved/Closed starts a cycle
statuses AS (
    SELECT ticket, t, value AS status,
           lag(value) OVER (PARTITION BY ticket ORDER BY t) AS before,
           COALESCE(lead(t) OVER (PARTITION BY ticket ORDER BY t), $as_of) AS t_next
    FROM rows WHERE field = 'status'
),
marked AS (
    SELECT *, CASE WHEN before IN ('Resolved', 'Closed')
                    AND status NOT IN ('Resolved', 'Closed') THEN 1 ELSE 0 END AS reopen
    FROM statuses
),
stretches AS (
    SELECT ticket, 'resolution' AS metric,
           1 + SUM(reopen) OVER (PARTITION BY ticket ORDER BY t) AS cycle,
           t AS a, t_next AS b,
           status NOT IN ('Resolved', 'Closed', 'Pending customer', 'On hold') AS running
    FROM marked
),
running AS (
    SELECT ticket, metric, cycle, a, b FROM response
    UNION ALL
    SELECT ticket, metric, cycle, a, b FROM stretches WHERE running AND a < b
),
cycles AS (
    SELECT ticket, metric, cycle FROM response
    UNION ALL
    SELECT DISTINCT ticket, metric, cycle FROM stretches
),
-- the spine join: every covered period a running stretch overlaps
covered AS (
    SELECT s.ticket, s.metric, s.cycle,
           SUM(LEAST(s.b, p.e) - GREATEST(s.a, p.s)) AS business
    FROM running s JOIN periods p ON p.s < s.b AND p.e > s.a
    GROUP BY s.ticket, s.metric, s.cycle
)
SELECT c.ticket, c.metric, c.cycle, COALESCE(v.business, 0)::BIGINT AS elapsed_us
FROM cycles c LEFT JOIN covered v USING (ticket, metric, cycle)
"""


def catalogue() -> sc.Catalogue:
    cal = reference_calendar()
    return sc.Catalogue(
        calendars={"office": cal},
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
                        for p, h in HOURS
                    },
                ),
            )
        ],
    )


def wired() -> bool:
    """Whether ``slacalc.tables.evaluate`` runs the vectorised clock (it imports ``_vclock``)."""
    import inspect

    from slacalc.tables import _evaluate

    return "_vclock" in inspect.getsource(_evaluate)


def vectorised(table: pa.Table, cat: sc.Catalogue, via: str) -> tuple[pa.Table, str]:
    """The SLA outcomes by the vectorised clock, and which call gave them."""
    if via == "evaluate" or (via == "auto" and wired()):
        return tables.evaluate(table, cat, as_of=AS_OF), "slacalc.tables.evaluate"
    from slacalc.tables._vclock import sla_clocks

    return sla_clocks(table, cat, as_of=AS_OF), "slacalc.tables._vclock.sla_clocks"


def job(source: Path, out: Path, via: str, dictionary: bool) -> None:
    """Read, evaluate, write; print the timings and peak RSS as JSON (run in its own process).

    ``dictionary``: the file read by ``slacalc.tables.read_parquet`` (``field`` and
    ``value`` as dictionary columns, as Parquet stores them; what pandas ``category``
    and Polars ``Categorical`` columns are), else by ``pyarrow.parquet.read_table``
    (text columns). After the peak is read, the
    evaluation runs once more in the same process ("again": its memory pages no
    longer fresh from the operating system)."""
    cat = catalogue()
    cat.calendars["office"].elapsed_many(  # compile the years the rows reach first
        np.array(["2025-12-01"], "datetime64[us]"), np.array(["2027-03-01"], "datetime64[us]")
    )
    t0 = time.perf_counter()
    table = tables.read_parquet(source) if dictionary else pq.read_table(source)
    t1 = time.perf_counter()
    result, how = vectorised(table, cat, via)
    t2 = time.perf_counter()
    pq.write_table(result, out)
    t3 = time.perf_counter()
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    n_out = result.num_rows
    del result
    t4 = time.perf_counter()
    vectorised(table, cat, via)
    again = time.perf_counter() - t4
    figures = {
        "read": t1 - t0,
        "evaluate": t2 - t1,
        "write": t3 - t2,
        "again": again,
        "peak_mib": peak_kib / 1024,
        "rows": table.num_rows,
        "outcomes": n_out,
        "how": how,
    }
    print(json.dumps(figures))


def evaluated(figures: dict[str, Any]) -> float:
    return float(figures["evaluate"])


def fresh_memory() -> float:
    """Milliseconds a MiB to touch memory fresh from the operating system (a virtual
    machine that hands idle memory back to its host charges each new page: a large
    part of a first evaluation here, none of a second)."""
    t0 = time.perf_counter()
    block = np.ones(2**25)  # 256 MiB
    block[::512] += 1
    del block
    return (time.perf_counter() - t0) * 1000 / 256


def sample_tickets(table: pa.Table, k: int, seed: int) -> pa.Array:
    names = pc.unique(table.column("ticket"))
    rng = np.random.default_rng(seed)
    pick = np.sort(rng.choice(len(names), min(k, len(names)), replace=False))
    return names.take(pa.array(pick))


def comparable(t: pa.Table) -> list[tuple[Any, ...]]:
    """The SLA rows' compared columns, ordered by ticket, metric and cycle."""
    t = t.filter(pc.equal(t.column("kind"), "SLA")).select(list(COMPARED))
    cols = [c.to_pylist() for c in t.columns]
    rows = list(zip(*cols, strict=True))
    at = {c: i for i, c in enumerate(COMPARED)}
    return sorted(rows, key=lambda r: (r[at["ticket"]], r[at["metric"]], r[at["cycle"]]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tickets", type=int, default=1_000_000)
    parser.add_argument("--sample", type=int, default=10_000, help="tickets for the engine")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--parquet", type=Path, default=None, help="activity file (made if absent)")
    parser.add_argument("--threads", type=int, default=2, help="DuckDB threads")
    parser.add_argument("--repeat", type=int, default=3, help="fresh processes per job")
    parser.add_argument(
        "--via",
        choices=("auto", "evaluate", "sla_clocks"),
        default="auto",
        help="the vectorised call: tables.evaluate once it runs the vectorised clock (auto)",
    )
    parser.add_argument("--job", nargs=2, type=Path, metavar=("IN", "OUT"), help=argparse.SUPPRESS)
    parser.add_argument("--dictionary", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.job:
        job(*args.job, args.via, args.dictionary)
        return
    print(source_state(), f"| load average {os.getloadavg()[0]:.2f}")
    print(f"duckdb {duckdb.__version__}, pyarrow {pa.__version__}, numpy {np.__version__}")
    source = args.parquet or Path(f"/tmp/slacalc-activity-{args.tickets}-{args.seed}.parquet")
    if not source.exists():
        t0 = time.perf_counter()
        pq.write_table(generate(args.tickets, args.seed), source, row_group_size=1_000_000)
        print(f"generated {source} in {time.perf_counter() - t0:.1f} s")
    out = source.with_suffix(".outcomes.parquet")

    # 1. The whole job, in a fresh process (slacalc's reader, then text columns) -------
    def whole_job(dictionary: bool) -> dict[str, Any]:
        run = subprocess.run(
            [sys.executable, __file__, "--via", args.via, "--job", str(source), str(out)]
            + (["--dictionary"] if dictionary else []),
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "PYTHONPATH": os.environ.get("PYTHONPATH", "")},
        )
        figures: dict[str, Any] = json.loads(run.stdout.strip().splitlines()[-1])
        return figures

    n_tickets, outcomes = args.tickets, 2 * args.tickets
    size = source.stat().st_size / 2**20
    jobs = {}
    print(f"fresh memory on this machine: {fresh_memory():.2f} ms a MiB (256 MiB touched)")
    for dictionary in (True, False):
        load = os.getloadavg()[0]
        runs = sorted((whole_job(dictionary) for _ in range(args.repeat)), key=evaluated)
        figures = jobs[dictionary] = runs[len(runs) // 2]  # the median evaluation
        if dictionary:
            print(f"\n{n_tickets:,} tickets, {figures['rows']:,} activity rows, {size:.0f} MiB")
        kind = (
            "read by slacalc.tables.read_parquet (field, value as dictionaries)"
            if dictionary
            else "read by pyarrow.parquet.read_table (text columns)"
        )
        print(f"1{'a' if dictionary else 'b'}. whole job ({figures['how']}), {kind},")
        each = ", ".join(f"{evaluated(r):.2f}" for r in runs)
        print(f"  {args.repeat} fresh processes (evaluate: {each} s), the median; load {load:.2f}")
        whole = figures["read"] + figures["evaluate"] + figures["write"]
        rate = outcomes / figures["evaluate"]
        print(f"  read Parquet                 {figures['read']:8.2f} s")
        print(
            f"  evaluate                     {figures['evaluate']:8.2f} s "
            f"({figures['outcomes']:,} out)"
        )
        print(f"  write Parquet                {figures['write']:8.2f} s")
        print(f"  whole job                    {whole:8.2f} s   (bar: < 30 s)")
        print(f"  peak RSS                     {figures['peak_mib']:8.0f} MiB (bar: < 4096 MiB)")
        print(f"  ticket-clock outcomes/s      {rate:12,.0f}  (2 clocks a ticket; bar: 1,000,000)")
        print(
            f"  evaluate again, same process {figures['again']:8.2f} s: "
            f"{outcomes / figures['again']:,.0f} outcomes/s (pages reused)"
        )
    figures = jobs[True]
    whole = figures["read"] + figures["evaluate"] + figures["write"]
    vec_rate = outcomes / figures["evaluate"]
    vec_rate_text = outcomes / jobs[False]["evaluate"]

    table = pq.read_table(source)
    vec = pq.read_table(out)
    cat = catalogue()

    # 2. The per-ticket engine on a sample ------------------------------------------
    names = sample_tickets(table, args.sample, args.seed)
    part = table.filter(pc.is_in(table.column("ticket"), value_set=names))
    log = read_activity(part.to_pylist(), name="sample")
    t0 = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # 'New' is named by no policy: the clock runs in it
        engine = activity_evaluate(log, cat, as_of=AS_OF)
    te = time.perf_counter() - t0
    eng_rate = 2 * len(names) / te
    want = sorted(
        (
            tuple(str(getattr(o, c)) if c == "state" else getattr(o, c) for c in COMPARED)
            for o in engine
            if o.kind == "SLA"
        ),
        key=lambda r: (r[0], r[3], r[4]),
    )
    got = comparable(vec.filter(pc.is_in(vec.column("ticket"), value_set=names)))
    differ = sum(a != b for a, b in zip(got, want, strict=False)) + abs(len(got) - len(want))
    load = os.getloadavg()[0]
    print(
        f"\n2. slacalc.activity.evaluate, {len(names):,} sampled tickets, load average {load:.2f}"
    )
    print(f"  {te:.2f} s: {eng_rate:,.0f} ticket-clock outcomes/s")
    print(f"  all {n_tickets:,} tickets: about {outcomes / eng_rate:,.0f} s (extrapolated)")
    print(f"  {len(want):,} SLA cycles compared, every column: {differ:,} differ")
    print(f"  vectorised / engine          {vec_rate / eng_rate:8.1f}x  (bar: 50x)")
    print(f"    (text columns              {vec_rate_text / eng_rate:8.1f}x)")

    # 3. The schedule-spine join in DuckDB --------------------------------------------
    cal = cat.calendars["office"]
    spine = tables.covered_periods(
        cal, datetime(2025, 12, 1, tzinfo=UTC), AS_OF + timedelta(days=1)
    )
    periods = pa.table(
        {
            "s": spine.column("start").cast(pa.int64()),
            "e": spine.column("end").cast(pa.int64()),
        }
    )
    con = duckdb.connect()
    con.execute(f"SET threads = {args.threads}")
    con.register("activity", table)
    con.register("periods", periods)
    as_of_us = (AS_OF - datetime(1970, 1, 1, tzinfo=UTC)) // timedelta(microseconds=1)
    t0 = time.perf_counter()
    joined = con.sql(SPINE_SQL, params={"as_of": as_of_us}).to_arrow_table()
    ts = time.perf_counter() - t0
    spine_rate = outcomes / ts
    con.register("spine", joined)
    con.register(
        "vec",
        pa.table(
            {
                "ticket": vec.column("ticket"),
                "metric": vec.column("metric"),
                "cycle": vec.column("cycle"),
                "elapsed_us": vec.column("elapsed").cast(pa.int64()),
            }
        ),
    )
    (only_spine, only_vec, unequal, both) = con.execute(
        """
        SELECT count(*) FILTER (WHERE v.ticket IS NULL),
               count(*) FILTER (WHERE s.ticket IS NULL),
               count(*) FILTER (WHERE s.elapsed_us <> v.elapsed_us),
               count(*) FILTER (WHERE s.ticket IS NOT NULL AND v.ticket IS NOT NULL)
        FROM spine s FULL JOIN vec v USING (ticket, metric, cycle)
        """
    ).fetchone() or (0, 0, 0, 0)
    load = os.getloadavg()[0]
    print(f"\n3. DuckDB schedule-spine join, threads = {args.threads}, load average {load:.2f}")
    print(f"  {periods.num_rows:,} covered periods; {joined.num_rows:,} cycles, elapsed only")
    print(f"  {ts:.2f} s: {spine_rate:,.0f} ticket-clock outcomes/s")
    print(
        f"  against the vectorised clock: {both:,} cycles in both, {unequal:,} differ in elapsed,"
    )
    print(f"  {only_spine:,} only in the spine, {only_vec:,} only in the clock")
    print(f"  vectorised / spine           {vec_rate / spine_rate:8.1f}x  (bar: 10x)")
    print(f"    (text columns              {vec_rate_text / spine_rate:8.1f}x)")

    print("\n4. bars (the file read by slacalc.tables.read_parquet, the median first evaluation")
    print("   in a fresh process; 1b and the text-column ratios beside it)")
    for label, ok in (
        ("1M ticket-clock outcomes/s after reading", vec_rate >= 1e6),
        ("whole job under 30 s", whole < 30),
        ("peak memory under 4 GB", figures["peak_mib"] < 4096),
        ("50x the per-ticket engine", vec_rate / eng_rate >= 50),
        ("10x the spine join", vec_rate / spine_rate >= 10),
        (
            "identical outcomes (engine sample, spine every cycle)",
            differ == 0 and unequal == only_spine == only_vec == 0,
        ),
    ):
        print(f"  {label:56} {'met' if ok else 'MISSED'}")


if __name__ == "__main__":
    main()
