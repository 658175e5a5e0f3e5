"""Write examples/activity.csv: six months of ticket activity for examples/catalogue.toml.

Seeded, so every run writes the same file::

    python examples/gen_activity.py        # rewrites activity.csv

The long table (``ticket, at, field, value``; see docs/activity.md) holds about
3,000 tickets from April to September 2026. Each is logged by the service desk,
answered, assigned to a resolver team, and resolved; some wait on the customer,
some on a supplier (assignment group ``CloudCRM``, ``Nimbus`` or ``Rheinwerk``
with the status ``Awaiting supplier``), some are raised in priority on the way,
some are reopened. The planted story: ERP tickets for Finance at P2 go from
Business Applications to Nimbus in Pune, and Nimbus keeps them past the SLA's
8 business hours: the chain gap ``slacalc gaps`` finds on ``erp-finance`` P2
(6 h for Applications plus Nimbus's 4 h response in Pune's hours) shows up as
breaches whose time, by attribution, went to the supplier. The catalogue's
``[activity]`` section maps these assignment groups to its OLA teams and UCs.
"""

from __future__ import annotations

import csv
import io
import random
import sys
from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import slacalc as sc

HERE = Path(__file__).parent
LONDON = ZoneInfo("Europe/London")
SEED = 20260401
FIRST, LAST = date(2026, 4, 1), date(2026, 9, 30)

# sla -> (service, customer, tickets a month, resolver group, supplier group or None)
SERVICES: dict[str, tuple[str, str, int, str, str | None]] = {
    "email-finance": ("email", "Finance", 70, "Infrastructure", "Rheinwerk"),
    "crm-sales": ("crm", "Sales & Marketing", 80, "Applications", "CloudCRM"),
    "erp-finance": ("erp", "Finance", 90, "Applications", "Nimbus"),
    "wms-warehouse": ("wms", "Warehouse Operations", 100, "Infrastructure", "Rheinwerk"),
    "webshop-customer-services": ("webshop", "Customer Services", 60, "Infrastructure", None),
    "network-warehouse": ("network", "Warehouse Operations", 50, "Network", None),
    "mobile-sales": ("mobile", "Sales & Marketing", 25, "Service Desk", None),
}
PRIORITIES = (("P1", 0.04), ("P2", 0.2), ("P3", 0.46), ("P4", 0.3))


def _priority(rnd: random.Random, sla: str) -> str:
    if sla == "mobile-sales":  # it sets no P1 target
        return rnd.choice(["P2", "P3", "P4"])
    x, acc = rnd.random(), 0.0
    for p, w in PRIORITIES:
        acc += w
        if x < acc:
            return p
    return "P4"


def _created(rnd: random.Random, day: date) -> datetime:
    minute = rnd.randrange(8 * 60, 18 * 60)
    return datetime.combine(day, time(minute // 60, minute % 60), LONDON)


def _ticket(
    rnd: random.Random, number: int, sla: str, created: datetime, office: sc.Calendar
) -> list[tuple[datetime, str, str]]:
    service, customer, _, resolver, supplier = SERVICES[sla]
    priority = _priority(rnd, sla)
    rows: list[tuple[datetime, str, str]] = [(created, "created", "")]
    rows += [
        (created, "service", service),
        (created, "customer", customer),
        (created, "priority", priority),
        (created, "status", "New"),
        (created, "assignment_group", "Service Desk"),
    ]
    t = created

    def later(lo: int, hi: int) -> datetime:
        nonlocal t
        t = office.add(t, timedelta(minutes=rnd.randint(lo, hi)))
        return t

    rows.append((later(2, 14), "comment", "public-reply"))
    rows.append((t, "status", "In progress"))
    if resolver != "Service Desk":
        rows.append((later(3, 25), "assignment_group", resolver))
    if rnd.random() < 0.06 and priority in ("P3", "P4"):
        priority = "P2"
        rows.append((later(10, 120), "priority", priority))
    if rnd.random() < 0.25:
        rows.append((later(20, 180), "status", "Pending customer"))
        rows.append((later(60, 900), "status", "In progress"))
    planted = sla == "erp-finance" and priority == "P2"
    if supplier is not None and (planted or rnd.random() < 0.2):
        rows.append((later(15, 90), "status", "Awaiting supplier"))
        rows.append((t, "assignment_group", supplier))
        if planted:
            # Nimbus keeps it until the SLA's 8 business hours are gone, and then some
            used = office.elapsed(created, t) - sum(
                (office.elapsed(a, b) for a, b in _pauses(rows)), timedelta(0)
            )
            over = timedelta(hours=8) - used + timedelta(minutes=rnd.randint(30, 300))
            t = office.add(t, max(over, timedelta(minutes=30)))
        else:
            later(30, 300)
        rows.append((t, "assignment_group", resolver))
        rows.append((t, "status", "In progress"))
    rows.append((later(15, 200), "status", "Resolved"))
    if rnd.random() < 0.04:
        rows.append((later(120, 1200), "status", "In progress"))
        rows.append((later(30, 300), "status", "Resolved"))
    rows.append((later(600, 1500), "status", "Closed"))
    return rows


def _pauses(rows: list[tuple[datetime, str, str]]) -> list[tuple[datetime, datetime]]:
    out, begin = [], None
    for at, field, value in rows:
        if field == "status" and value == "Pending customer":
            begin = at
        elif field == "status" and begin is not None:
            out.append((begin, at))
            begin = None
    return out


def rows() -> list[list[str]]:
    """The table, header first."""
    rnd = random.Random(SEED)
    office = sc.load(HERE / "catalogue.toml").calendars["uk-finance"]
    tickets: list[tuple[datetime, str, list[tuple[datetime, str, str]]]] = []
    day = FIRST
    number = 0
    while day <= LAST:
        if day.weekday() < 5:
            for sla, (_, _, monthly, _, _) in SERVICES.items():
                for _ in range(rnd.choices([0, 1, 2, 3], weights=[1, 1, 1, 1])[0] * monthly // 28):
                    created = _created(rnd, day)
                    number += 1
                    tickets.append((created, sla, _ticket(rnd, number, sla, created, office)))
        day += timedelta(days=1)
    tickets.sort(key=lambda t: t[0])
    out = [["ticket", "at", "field", "value"]]
    for i, (_, _, changes) in enumerate(tickets, 1):
        out += [[f"INC{i:05d}", at.isoformat(), f, v] for at, f, v in changes]
    return out


def text() -> str:
    """The CSV text that activity.csv holds."""
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows())
    return buf.getvalue()


def main() -> None:
    (HERE / "activity.csv").write_text(text(), encoding="utf-8", newline="")
    print("wrote activity.csv", file=sys.stderr)


if __name__ == "__main__":
    main()
