"""Seeded activity at table scale: a million tickets, about ten million rows, with NumPy.

Run (from the repository root, with NumPy and pyarrow)::

    python benchmarks/gen_activity_large.py activity.parquet              # 1,000,000 tickets
    python benchmarks/gen_activity_large.py small.parquet --tickets 10000

The long table (``ticket, at, field, value``; see docs/activity.md), one row
group per 1M rows, tickets in order. Each ticket is created over 2026 (whole
minutes, UTC) with six rows at its creation (``created``, ``service`` email,
``customer`` Finance, ``status`` New, ``priority`` P1 to P4, an
``assignment_group``), then 0 to 8 changes, each 1 minute to about two days
after the one before (so no two changes of a ticket share an instant): status
changes (Open, Pending customer and On hold, which pause the resolution clock;
Resolved and Closed, which stop it; a change away from them reopens it),
public replies (which answer the response clock) and internal notes,
re-prioritisations and reassignments. The same seed gives the same table,
whatever the machine. ``examples/gen_activity.py`` writes a story-shaped
history one ticket at a time in Python; this writes the volume with array
operations (about 10 s for a million tickets).
"""

from __future__ import annotations

import argparse
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

#: The changes a ticket can see after its creation, as (field, value), with weights.
CHANGES = (
    (("status", "Open"), 4),
    (("status", "Pending customer"), 2),
    (("status", "On hold"), 1),
    (("status", "Resolved"), 3),
    (("status", "Closed"), 1),
    (("comment", "public-reply"), 3),
    (("comment", "internal-note"), 2),
    (("priority", "P1"), 1),
    (("priority", "P3"), 1),
    (("assignment_group", "Service Desk"), 1),
    (("assignment_group", "Infrastructure"), 1),
    (("assignment_group", "Applications"), 1),
)
PRIORITIES = ("P1", "P2", "P3", "P4")
GROUPS = ("Service Desk", "Infrastructure", "Applications")
#: Minutes from one change of a ticket to the next.
GAPS = np.array([1, 5, 45, 180, 900, 3000], dtype=np.int64)
MINUTE = 60_000_000
START = datetime(2026, 1, 5, 8, tzinfo=UTC)
#: The instant the benchmarks judge the clocks at: after every generated change.
AS_OF = datetime(2027, 1, 1, tzinfo=UTC)
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def _text(codes: np.ndarray, words: list[str]) -> pa.Array:
    """Codes into ``words`` as a plain string column (built by Arrow, not by Python)."""
    dictionary = pa.DictionaryArray.from_arrays(pa.array(codes, pa.int32()), pa.array(words))
    return dictionary.cast(pa.string())


def generate(tickets: int, seed: int = 2026) -> pa.Table:
    """The activity table of ``tickets`` tickets; rows ordered by ticket, then instant."""
    rng = np.random.default_rng(seed)
    n = tickets
    start_us = (START - _EPOCH).total_seconds() * 1_000_000
    created = int(start_us) + rng.integers(0, 340 * 1440, n) * MINUTE
    k = rng.integers(0, 9, n)  # changes per ticket
    m = int(k.sum())
    owner = np.repeat(np.arange(n), k)
    gaps = GAPS[rng.integers(0, len(GAPS), m)] * MINUTE
    run = np.cumsum(gaps)
    first = np.concatenate(([0], np.cumsum(k)[:-1]))  # index of each ticket's first change
    before = np.concatenate(([0], run))[first]  # the running sum up to that change
    change_at = created[owner] + run - np.repeat(before, k)
    weights = np.array([w for _, w in CHANGES], dtype=float)
    pick = rng.choice(len(CHANGES), m, p=weights / weights.sum())

    # Words: every field and value the table holds, once.
    fields = ["created", "service", "customer", "status", "priority", "assignment_group", "comment"]
    values = ["", "email", "Finance", "New", *PRIORITIES, *GROUPS]
    values += [v for (_, v), _ in CHANGES if v not in values]
    f_code = np.array([fields.index(f) for (f, _), _ in CHANGES], np.int32)
    v_code = np.array([values.index(v) for (_, v), _ in CHANGES], np.int32)

    # Six rows at creation, then the changes: rows of ticket i sit together.
    initial_f = np.array([0, 1, 2, 3, 4, 5], np.int32)
    prio = rng.integers(0, 4, n)
    group = rng.integers(0, 3, n)
    initial_v = np.stack(
        [
            np.zeros(n, np.int32),
            np.full(n, 1, np.int32),
            np.full(n, 2, np.int32),
            np.full(n, 3, np.int32),
            (values.index("P1") + prio).astype(np.int32),
            (values.index(GROUPS[0]) + group).astype(np.int32),
        ],
        axis=1,
    )
    rows = 6 * n + m
    ticket = np.concatenate((np.repeat(np.arange(n), 6), owner))
    at = np.concatenate((np.repeat(created, 6), change_at))
    field = np.concatenate((np.tile(initial_f, n), f_code[pick]))
    value = np.concatenate((initial_v.reshape(-1), v_code[pick]))
    seq = np.concatenate((np.arange(6 * n) % 6, 6 + np.arange(m)))  # creation rows first
    order = np.lexsort((seq, ticket))
    assert len(order) == rows
    names = [f"INC-{i:07d}" for i in range(n)]
    return pa.table(
        {
            "ticket": _text(ticket[order].astype(np.int32), names),
            "at": pa.array(at[order], pa.timestamp("us", tz="UTC")),
            "field": _text(field[order], fields),
            "value": _text(value[order], values),
        }
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--tickets", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    table = generate(args.tickets, args.seed)
    pq.write_table(table, args.out, row_group_size=1_000_000)
    print(f"{args.tickets:,} tickets, {table.num_rows:,} rows -> {args.out}")


if __name__ == "__main__":
    main()
