"""Reading a large Jira export: the streaming reader beside loading the whole JSON.

    python benchmarks/platforms.py              # 100,000 issues, 1,000,000 changes
    python benchmarks/platforms.py --issues 10000 --per 10   # a quick run

Writes a Jira search-shaped JSON array (``expand=changelog``, each issue with
``--per`` changes spread over status, priority and assignee histories) to a
temporary file, then reads it in fresh subprocesses, each measured alone:

- ``stream``: ``read_jira(path, mapping)``, issues decoded one at a time
  (:func:`slacalc.platforms.iter_jira_issues`);
- ``load``: ``json.load`` of the whole file, then ``jira_activity`` (what a
  caller without the streaming reader would write).

For each: wall time, changes per second, the resident memory the finished log
holds, and the peak resident memory while reading (``ru_maxrss``), both above
the interpreter's baseline. Both must give the same log (checked by digest).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from _common import source_state

STATUSES = ("Open", "In Progress", "Waiting for customer", "In Progress", "Resolved")
PRIORITIES = ("Highest", "High", "Medium", "Low")


def write_export(path: Path, issues: int, per: int) -> int:
    """A JSON array of ``issues`` issues with ``per`` changelog items each; the change count."""
    t0 = datetime(2026, 1, 5, 9, tzinfo=UTC)
    changes = 0
    with path.open("w", encoding="utf-8") as out:
        out.write("[\n")
        for n in range(issues):
            created = t0 + timedelta(minutes=7 * n)
            histories = []
            status, priority, assignee = 0, n % 4, None
            for k in range(per):
                at = created + timedelta(minutes=13 * (k + 1))
                kind = k % 3
                if kind == 0:
                    new = (status + 1) % len(STATUSES)
                    item = {
                        "field": "status",
                        "fieldtype": "jira",
                        "fieldId": "status",
                        "from": str(status),
                        "fromString": STATUSES[status],
                        "to": str(new),
                        "toString": STATUSES[new],
                    }
                    status = new
                elif kind == 1:
                    new = (priority + 1) % 4
                    item = {
                        "field": "priority",
                        "fieldtype": "jira",
                        "fieldId": "priority",
                        "from": str(priority),
                        "fromString": PRIORITIES[priority],
                        "to": str(new),
                        "toString": PRIORITIES[new],
                    }
                    priority = new
                else:
                    new_a = f"Agent {(n + k) % 40}"
                    item = {
                        "field": "assignee",
                        "fieldtype": "jira",
                        "fieldId": "assignee",
                        "from": None,
                        "fromString": assignee,
                        "to": None,
                        "toString": new_a,
                    }
                    assignee = new_a
                histories.append(
                    {
                        "id": str(n * per + k),
                        "created": at.strftime("%Y-%m-%dT%H:%M:%S.000+0000"),
                        "author": {"displayName": "Agent"},
                        "items": [item],
                    }
                )
                changes += 1
            issue = {
                "key": f"SD-{n + 1}",
                "fields": {
                    "created": created.strftime("%Y-%m-%dT%H:%M:%S.000+0000"),
                    "status": {"name": STATUSES[status]},
                    "priority": {"name": PRIORITIES[priority]},
                    "assignee": {"displayName": assignee} if assignee else None,
                    "summary": f"Issue {n}",
                },
                "changelog": {
                    "startAt": 0,
                    "maxResults": 100,
                    "total": per,
                    "histories": histories,
                },
            }
            out.write(("," if n else "") + json.dumps(issue) + "\n")
        out.write("]\n")
    return changes


CHILD = r"""
import hashlib, json, resource, sys, time, tracemalloc
traced = sys.argv[3] == "traced"
def rss():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * 4096
import slacalc.platforms as sp
mapping = sp.PlatformMapping("jira", priorities={"Highest": "P1", "High": "P2",
                                                 "Medium": "P3", "Low": "P4"})
base = rss()
base_peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
if traced:
    tracemalloc.start()
t0 = time.perf_counter()
if sys.argv[1] == "stream":
    log = sp.read_jira(sys.argv[2], mapping)
else:
    with open(sys.argv[2], encoding="utf-8") as f:
        data = json.load(f)
    log = sp.jira_activity(data, mapping)
    del data
seconds = time.perf_counter() - t0
import gc; gc.collect()
if traced:
    held, peak = tracemalloc.get_traced_memory()
else:
    held = rss() - base
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 - max(base, base_peak)
h = hashlib.sha256()
for a in log:
    h.update(repr((a.ticket, a.created, sorted(a.initial.items()),
                   [(c.at, c.field, c.value) for c in a.changes])).encode())
print(json.dumps({"seconds": seconds, "held": held, "peak": peak, "tickets": len(log),
                  "changes": log.change_count, "digest": h.hexdigest()}))
"""


def run(mode: str, path: Path, how: str) -> dict[str, float]:
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parent.parent / "src")}
    out = subprocess.run(
        [sys.executable, "-c", CHILD, mode, str(path), how],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    return json.loads(out.stdout)  # type: ignore[no-any-return]


def mib(n: float) -> str:
    return f"{n / 2**20:,.0f} MiB"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--issues", type=int, default=100_000)
    parser.add_argument("--per", type=int, default=10, help="changes per issue")
    args = parser.parse_args()
    print(source_state(), "| load average", " ".join(f"{x:.2f}" for x in os.getloadavg()))
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "issues.json"
        t0 = time.perf_counter()
        changes = write_export(path, args.issues, args.per)
        print(
            f"wrote {args.issues:,} issues, {changes:,} changes, "
            f"{path.stat().st_size / 2**20:,.0f} MiB of JSON in {time.perf_counter() - t0:.1f} s"
        )
        results = {mode: run(mode, path, "rss") for mode in ("stream", "load")}
        traced = {mode: run(mode, path, "traced") for mode in ("stream", "load")}
    digests = {r["digest"] for r in [*results.values(), *traced.values()]}
    print("same log from both:", "yes" if len(digests) == 1 else "NO: THEY DIFFER")
    print("resident memory (RSS above the baseline; untraced run, timed):")
    print(f"  {'reader':<8} {'time':>8} {'changes/s':>12} {'log held':>10} {'peak':>10}")
    for mode, r in results.items():
        print(
            f"  {mode:<8} {r['seconds']:>7.1f}s {r['changes'] / r['seconds']:>12,.0f} "
            f"{mib(r['held']):>10} {mib(r['peak']):>10}"
        )
    print("Python heap (tracemalloc; a second run, slower):")
    print(f"  {'reader':<8} {'log held':>10} {'peak':>10} {'peak/held':>10}")
    for mode, r in traced.items():
        print(
            f"  {mode:<8} {mib(r['held']):>10} {mib(r['peak']):>10} {r['peak'] / r['held']:>10.2f}"
        )
    s, l_ = results["stream"], results["load"]
    ts, tl = traced["stream"], traced["load"]
    print(
        f"stream / load: time {s['seconds'] / l_['seconds']:.2f}x, "
        f"peak RSS {s['peak'] / l_['peak']:.2f}x, peak heap {ts['peak'] / tl['peak']:.2f}x"
    )


if __name__ == "__main__":
    main()
