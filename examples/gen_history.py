"""Write the example ticket history, outage log and open tickets for examples/catalogue.toml.

Six months (April to September 2026) of Severn Freight's service desk, seeded so
every run writes the same files::

    python examples/gen_history.py          # rewrites history.csv, outages.csv, tickets.csv

The data tells a few stories a service level manager should find:

* ERP for Finance stays above the 95 % goal but slips month by month (third
  party: Nimbus in Pune) -- green but declining;
* CRM for Sales has a cluster of late fixes in August, all waiting on CloudCRM
  -- a problem-management candidate;
* the warehouse system strains under the autumn peak (capacity) and drops below
  goal in September;
* email suffers a little in the summer holidays (staffing);
* one web-shop outage is logged twice by two monitors (overlapping rows, which
  count once), and a warehouse outage falls in a Sunday maintenance window
  outside agreed hours (which counts for nothing).

Every stop instant is computed with slacalc itself: a ticket meant to be late
takes more business time than its target on the target's own calendar.
"""

from __future__ import annotations

import csv
import random
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import slacalc as sc

HERE = Path(__file__).parent
LONDON = ZoneInfo("Europe/London")
MONTHS = [(2026, m) for m in range(4, 10)]  # April .. September
AT = datetime(2026, 9, 30, 15, 0, tzinfo=LONDON)  # "now" for the open tickets

# SLA -> (tickets a month, late-resolution share per month, usual cause of lateness)
STORIES: dict[str, tuple[int, list[float], str]] = {
    "email-finance": (30, [0.02, 0.02, 0.03, 0.07, 0.07, 0.02], "staffing"),
    "crm-sales": (35, [0.03, 0.03, 0.03, 0.03, 0.17, 0.03], "third party"),
    "erp-finance": (45, [0.0, 0.0, 0.02, 0.025, 0.04, 0.045], "third party"),
    "wms-warehouse": (50, [0.04, 0.04, 0.04, 0.06, 0.08, 0.12], "capacity"),
    "webshop-customer-services": (30, [0.03, 0.02, 0.03, 0.02, 0.03, 0.02], "third party"),
    "network-warehouse": (25, [0.04] * 6, "process"),
    "mobile-sales": (12, [0.0, 0.08, 0.0, 0.08, 0.0, 0.0], "staffing"),
}
PRIORITIES = [("P1", 0.03), ("P2", 0.12), ("P3", 0.5), ("P4", 0.35)]
LATE_RESPONSE = 0.01

OUTAGES = [
    ("email", "2026-04-14 10:12", "2026-04-14 10:58", "third party", "Hosting storage fault"),
    ("crm", "2026-05-06 13:00", "2026-05-06 15:30", "third party", "CloudCRM platform incident"),
    ("network", "2026-05-19 11:00", "2026-05-19 11:40", "process", "Switch change not approved"),
    ("erp", "2026-06-30 17:30", "2026-06-30 19:45", "process", "Failed patch, rolled back"),
    ("webshop", "2026-07-08 23:10", "2026-07-09 01:20", "third party", "Hosting network outage"),
    ("webshop", "2026-07-09 00:00", "2026-07-09 01:05", "third party", "Same, second monitor"),
    ("email", "2026-07-21 08:40", "2026-07-21 09:25", "capacity", "Mail queue backlog"),
    ("wms", "2026-08-02 02:10", "2026-08-02 05:40", "process", "Overran maintenance window"),
    ("crm", "2026-08-12 15:05", "2026-08-12 16:40", "third party", "CloudCRM API errors"),
    ("crm", "2026-08-19 14:20", "2026-08-19 15:00", "third party", "CloudCRM API errors"),
    ("network", "2026-09-03 07:15", "2026-09-03 07:45", "capacity", "Wi-Fi controller overload"),
    ("wms", "2026-09-15 06:50", "2026-09-15 09:05", "capacity", "Database at capacity"),
    ("wms", "2026-09-22 07:30", "2026-09-22 08:15", "capacity", "Database at capacity"),
]


def stamp(t: datetime) -> str:
    return t.astimezone(LONDON).isoformat(timespec="seconds")


def minutes(rng: random.Random, target: timedelta, lo: float, hi: float) -> timedelta:
    """A whole number of minutes (at least one) between lo and hi times ``target``."""
    share = rng.uniform(lo, hi)
    return timedelta(minutes=max(1, round(target.total_seconds() * share / 60)))


def opened_at(rng: random.Random, year: int, month: int) -> datetime:
    """Mostly office hours on weekdays; one ticket in six arrives any time."""
    days = (datetime(year + month // 12, month % 12 + 1, 1) - datetime(year, month, 1)).days
    while True:
        day = datetime(year, month, rng.randrange(days) + 1, tzinfo=LONDON)
        if rng.random() < 1 / 6:
            return day + timedelta(minutes=rng.randrange(24 * 60))
        if day.weekday() < 5:
            return day + timedelta(minutes=8 * 60 + rng.randrange(10 * 60))


def priority(rng: random.Random, sla: sc.SLA) -> str:
    while True:
        p = rng.choices([p for p, _ in PRIORITIES], [w for _, w in PRIORITIES])[0]
        if p in sla.targets:
            return p


def ticket_rows(rng: random.Random, sla: sc.SLA, start: datetime, late: bool, cause: str) -> dict:
    p = priority(rng, sla)
    resp_t, res_t = sla.target(p, "response"), sla.target(p, "resolution")
    cal = res_t.calendar
    first_contact = p in ("P3", "P4") and not late and rng.random() < 0.4
    late_response = rng.random() < LATE_RESPONSE
    resp = minutes(rng, resp_t.duration, 1.1, 1.8) if late_response else None
    resp = resp or minutes(rng, resp_t.duration, 0.05, 0.9)
    responded = resp_t.calendar.add(start, resp)
    if first_contact:
        work = resp + timedelta(minutes=rng.randrange(5, 45))
    elif late:
        work = minutes(rng, res_t.duration, 1.05, 1.9)
    else:
        work = minutes(rng, res_t.duration, 0.15, 0.97)
    work = max(work, cal.elapsed(start, responded) + timedelta(minutes=5))
    pauses = ""
    if not first_contact and p in ("P3", "P4") and rng.random() < 0.15:
        before = cal.elapsed(start, responded) + (work - cal.elapsed(start, responded)) // 2
        before = timedelta(minutes=before // timedelta(minutes=1))
        paused = cal.add(start, before)
        resumed = paused + timedelta(minutes=rng.randrange(120, 3 * 24 * 60))
        resolved = cal.add(resumed, work - before)
        pauses = f"{stamp(paused)}/{stamp(resumed)}"
    else:
        resolved = cal.add(start, work)
    score = ""
    if rng.random() < 0.35:
        score = str(rng.choice([1, 2, 2, 3, 3]) if late else rng.choice([3, 4, 4, 5, 5, 5]))
    return {
        "priority": p,
        "start": start,
        "responded": responded,
        "resolved": resolved,
        "pauses": pauses,
        "late_response": late_response,
        "late": late,
        "cause": cause,
        "first_contact": "yes" if first_contact else "no",
        "csat": score,
    }


def history(rng: random.Random, cat: sc.Catalogue) -> list[dict[str, str]]:
    tickets = []
    for sla_id, (volume, late_shares, cause) in STORIES.items():
        sla = cat.agreement(sla_id)
        assert isinstance(sla, sc.SLA)
        for (year, month), late_share in zip(MONTHS, late_shares, strict=True):
            n = volume + rng.randrange(-3, 4)
            late = set(rng.sample(range(n), round(n * late_share)))
            starts = sorted(opened_at(rng, year, month) for _ in range(n))
            if sla_id == "crm-sales" and month == 8:  # the CloudCRM cluster
                for k, i in enumerate(sorted(late)):
                    starts[i] = datetime(2026, 8, 10, 9, tzinfo=LONDON) + timedelta(days=2 * k)
            for i, start in enumerate(starts):
                row = ticket_rows(rng, sla, start, i in late, cause)
                tickets.append((sla, row))
    tickets.sort(key=lambda t: t[1]["start"])
    rows = []
    for n, (sla, t) in enumerate(tickets, 100001):
        common = {
            "ticket": f"INC-{n}",
            "service": sla.service,
            "customer": sla.customer,
            "priority": t["priority"],
            "start": stamp(t["start"]),
        }
        rows.append(
            common
            | {
                "metric": "response",
                "stop": stamp(t["responded"]),
                "pauses": "",
                "cause": "process" if t["late_response"] else "",
                "first_contact": "",
                "csat": "",
            }
        )
        rows.append(
            common
            | {
                "metric": "resolution",
                "stop": stamp(t["resolved"]),
                "pauses": t["pauses"],
                "cause": t["cause"] if t["late"] else "",
                "first_contact": t["first_contact"],
                "csat": t["csat"],
            }
        )
    return rows


def open_tickets(rng: random.Random, cat: sc.Catalogue) -> list[dict[str, str]]:
    rows = []
    slas = list(cat.slas)
    for _ in range(32):
        sla = rng.choice(slas)
        p = priority(rng, sla)
        opened = AT - timedelta(minutes=rng.randrange(10, 4 * 24 * 60))
        responded = pauses = ""
        resp_t = sla.target(p, "response")
        if AT - opened > timedelta(hours=3) or rng.random() < 0.5:
            answer = resp_t.calendar.add(opened, minutes(rng, resp_t.duration, 0.1, 1.3))
            if answer < AT:
                responded = stamp(answer)
                if rng.random() < 0.25:
                    paused = answer + timedelta(minutes=rng.randrange(5, 240))
                    if paused < AT:
                        pauses = f"{stamp(paused)}/"
        rows.append(
            {
                "ticket": "",
                "service": sla.service,
                "customer": sla.customer,
                "priority": p,
                "opened": stamp(opened),
                "responded": responded,
                "pauses": pauses,
            }
        )
    rows.sort(key=lambda r: r["opened"])
    for n, row in enumerate(rows, 102001):
        row["ticket"] = f"INC-{n}"
    return rows


def write(path: Path, rows: list[dict[str, str]], columns: list[str]) -> None:
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def main(out: Path = HERE) -> None:
    """Write the three files into ``out`` (default: beside this script)."""
    cat = sc.load(HERE / "catalogue.toml")
    rng = random.Random(20260930)
    columns = "ticket service customer priority metric start stop pauses cause first_contact csat"
    write(out / "history.csv", history(rng, cat), columns.split())
    outages = [
        {
            "service": service,
            "start": stamp(datetime.fromisoformat(a).replace(tzinfo=LONDON)),
            "end": stamp(datetime.fromisoformat(b).replace(tzinfo=LONDON)),
            "cause": cause,
            "description": text,
        }
        for service, a, b, cause, text in OUTAGES
    ]
    write(out / "outages.csv", outages, ["service", "start", "end", "cause", "description"])
    columns = "ticket service customer priority opened responded pauses"
    write(out / "tickets.csv", open_tickets(rng, cat), columns.split())


if __name__ == "__main__":
    main()
