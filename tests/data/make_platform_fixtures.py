"""Write the platform export fixtures in tests/data/ (seeded: the same files every run),
and copy the Jira one with its catalogue to examples/jira/.

    PYTHONPATH=src python tests/data/make_platform_fixtures.py

Each platform gets about thirty tickets over March and October-November 2026,
including tickets on the DST days (2026-03-29 and 2026-10-25 in Europe/London,
2026-03-08 and 2026-11-01 in America/New_York), pending-customer pauses,
reopens, priority changes and tickets still open at the export instant.

The platform's own SLA figures are what a correct platform reports, computed
here with ``slacalc.Timer`` on the catalogue's calendars (start at creation;
response stops at the first public reply or at resolution; resolution pauses
while pending, stops on resolution, and a reopen starts a new cycle; targets
follow the priority in force when the clock stops, or at the export instant).
A few figures are then *planted wrong*, the way platforms get them wrong, and
``planted.json`` lists them: wall-clock hours across a DST change, a pause the
platform did not apply, a first reply counted outside the schedule, a
priority change the platform did not re-target.
"""

from __future__ import annotations

import csv
import hashlib
import json
import random
import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import slacalc as sc

HERE = Path(__file__).parent
AS_OF = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
LONDON = ZoneInfo("Europe/London")
NEW_YORK = ZoneInfo("America/New_York")

CORE = """\
# The catalogue the platform fixtures are judged against.

[calendars.uk-office]
tz = "Europe/London"
hours = { mon-fri = "09:00-17:30" }
holidays = ["GB-ENG"]

[calendars.us-office]
tz = "America/New_York"
hours = { mon-fri = "08:00-18:00" }
holidays = ["US"]

[services.email]
name = "Corporate email"

[services.portal]
name = "Customer portal"

[sla.email-finance]
service = "email"
customer = "Finance"
calendar = "uk-office"
reviewed = 2026-03-01
targets.P1 = { response = "30m", resolution = "4h", calendar = "always" }
targets.P2 = { response = "1h", resolution = "8h" }
targets.P3 = { response = "4h", resolution = "16h" }
targets.P4 = { response = "8h", resolution = "40h" }

[sla.portal-acme]
service = "portal"
customer = "Acme US"
calendar = "us-office"
reviewed = 2026-03-01
targets.P1 = { response = "30m", resolution = "4h", calendar = "always" }
targets.P2 = { response = "1h", resolution = "10h" }
targets.P3 = { response = "4h", resolution = "20h" }
targets.P4 = { response = "10h", resolution = "50h" }

[ola.service-desk]
team = "service-desk"
owner = "Service Desk Manager"
calendar = "uk-office"
reviewed = 2026-03-01
supports = ["email-finance", "portal-acme"]
targets.P1 = { response = "15m", resolution = "1h", calendar = "always" }
targets.P2 = { response = "30m", resolution = "4h" }
targets.P3 = { response = "2h", resolution = "8h" }
targets.P4 = { response = "4h", resolution = "20h" }

[ola.infrastructure]
team = "infrastructure"
owner = "Head of Infrastructure"
calendar = "uk-office"
reviewed = 2026-03-01
supports = ["email-finance", "portal-acme"]
targets.P1 = { response = "15m", resolution = "3h", calendar = "always" }
targets.P2 = { response = "1h", resolution = "6h" }
targets.P3 = { response = "4h", resolution = "12h" }
targets.P4 = { response = "8h", resolution = "30h" }
"""

CATALOGUE = sc.loads(CORE)
LEVELS = ("P1", "P2", "P3", "P4")


def sys_id(*parts: object) -> str:
    return hashlib.md5("/".join(map(str, parts)).encode()).hexdigest()


GROUPS = {"Service Desk": sys_id("group", "sd"), "Infrastructure": sys_id("group", "infra")}

PLATFORMS = {
    "jira": {
        "sla": "email-finance",
        "zone": LONDON,
        "priority": {"P1": "Highest", "P2": "High", "P3": "Medium", "P4": "Low"},
        "status": {
            "new": "Open",
            "work": "In Progress",
            "pending": "Waiting for customer",
            "resolved": "Resolved",
            "closed": "Closed",
            "reopened": "Reopened",
        },
        "group": {"Service Desk": "Service Desk", "Infrastructure": "Infrastructure"},
        "metric": {"response": "Time to first response", "resolution": "Time to resolution"},
    },
    "servicenow": {
        "sla": "portal-acme",
        "zone": NEW_YORK,
        "priority": {"P1": "1", "P2": "2", "P3": "3", "P4": "4"},
        "status": {
            "new": "1",
            "work": "2",
            "pending": "3",
            "resolved": "6",
            "closed": "7",
            "reopened": "2",
        },
        "group": GROUPS,
        "metric": {"response": "response", "resolution": "resolution"},
    },
    "zendesk": {
        "sla": "email-finance",
        "zone": LONDON,
        "priority": {"P1": "urgent", "P2": "high", "P3": "normal", "P4": "low"},
        "status": {
            "new": "new",
            "work": "open",
            "pending": "pending",
            "resolved": "solved",
            "closed": "closed",
            "reopened": "open",
        },
        "group": {"Service Desk": "360001", "Infrastructure": "360002"},
        "metric": {"response": "reply_time", "resolution": "agent_work_time"},
    },
    "flat": {
        "sla": "email-finance",
        "zone": LONDON,
        "priority": {"P1": "1 - Critical", "P2": "2 - High", "P3": "3 - Moderate", "P4": "4 - Low"},
        "status": {
            "new": "New",
            "work": "Active",
            "pending": "Awaiting User Info",
            "resolved": "Resolved",
            "closed": "Closed",
            "reopened": "Active",
        },
        "group": {"Service Desk": "Group 56", "Infrastructure": "Group 70"},
        "metric": {},
    },
}


# -- scenarios --------------------------------------------------------------------------------

Event = tuple[datetime, str, str]  # (instant, kind, canonical value)


def local(zone: ZoneInfo, y: int, mo: int, d: int, h: int, mi: int = 0, fold: int = 0) -> datetime:
    return datetime(y, mo, d, h, mi, tzinfo=zone, fold=fold).astimezone(UTC)


def scenarios(platform: str, rng: random.Random) -> list[dict[str, Any]]:
    """Thirty-odd tickets: DST-day tickets first, then a seeded mix."""
    zone = PLATFORMS[platform]["zone"]
    if zone is LONDON:
        dst = [local(zone, 2026, 3, 28, 23, 30), local(zone, 2026, 10, 24, 23, 45)]
        days = [(2026, 3, d) for d in (23, 24, 25, 26, 27, 30, 31)]
        days += [(2026, 10, d) for d in (19, 20, 21, 22, 23, 26, 27)]
    else:
        dst = [local(zone, 2026, 3, 7, 23, 30), local(zone, 2026, 10, 31, 23, 45)]
        days = [(2026, 3, d) for d in (2, 3, 4, 5, 6, 9, 10)]
        days += [(2026, 10, d) for d in (26, 27, 28, 29, 30)] + [(2026, 11, d) for d in (2, 3)]
    out = []
    for i in range(32):
        if i < len(dst):
            created, priority = dst[i], "P1"
        elif i >= 29:  # still open at the export instant
            created = AS_OF - timedelta(hours=rng.randint(30, 70), minutes=rng.randint(0, 59))
            priority = rng.choice(("P2", "P3"))
        else:
            y, mo, d = days[i % len(days)]
            created = local(zone, y, mo, d, rng.randint(9, 16), rng.choice((0, 10, 25, 40, 55)))
            priority = LEVELS[rng.choice((1, 1, 2, 2, 2, 3))] if i % 7 else "P1"
        out.append(out_of_fold(ticket(i, created, priority, rng), zone))
    return out


def out_of_fold(s: dict[str, Any], zone: ZoneInfo) -> dict[str, Any]:
    """Move instants out of the second pass of a DST fold: a naive export could not tell
    them from the first, and the fixture must read back to what it was made from."""

    def fix(at: datetime) -> datetime:
        return at + timedelta(hours=1) if at.astimezone(zone).fold else at

    s["created"] = fix(s["created"])
    s["events"] = sorted(((fix(w), k, v) for w, k, v in s["events"]), key=lambda e: e[0])
    return s


def ticket(i: int, created: datetime, priority: str, rng: random.Random) -> dict[str, Any]:
    events: list[Event] = []
    t = created + timedelta(minutes=rng.randint(5, 200))
    if i == 12:  # the first reply lands in the evening, outside the schedule
        t = created.replace(hour=19, minute=10) if created.hour < 19 else t
    if t < AS_OF:
        events.append((t, "comment", "public-reply"))
        events.append((t, "status", "work"))
        events.append((t, "group", "Service Desk"))
    if i % 5 == 3:
        events.append((t + timedelta(minutes=20), "comment", "internal-note"))
        events.append((t + timedelta(minutes=25), "group", "Infrastructure"))
    if i % 4 == 1 and priority != "P1":  # waiting for the customer
        a = t + timedelta(hours=rng.randint(1, 3))
        b = a + timedelta(hours=74 if i == 5 else rng.randint(2, 30))
        if b < AS_OF - timedelta(hours=1):
            events.append((a, "status", "pending"))
            events.append((b, "comment", "requester-comment"))
            events.append((b, "status", "work"))
            t = b
    if i % 6 == 2 and priority != "P1":  # re-prioritised mid-ticket
        new = {"P2": "P3", "P3": "P2", "P4": "P3"}[priority]
        pc = t + timedelta(minutes=rng.randint(10, 90))
        if pc < AS_OF:
            events.append((pc, "priority", new))
            t = pc
    if i < 29:
        span = timedelta(hours=2) if priority == "P1" else timedelta(hours=rng.randint(3, 40))
        resolved = t + span + timedelta(minutes=rng.randint(0, 59))
        events.append((resolved, "status", "resolved"))
        if i % 8 == 5:  # reopened by the customer, resolved again
            reopen = resolved + timedelta(hours=rng.randint(2, 20))
            events.append((reopen, "comment", "requester-comment"))
            events.append((reopen, "status", "reopened"))
            again = reopen + timedelta(hours=rng.randint(1, 9))
            events.append((again, "comment", "public-reply"))
            events.append((again, "status", "resolved"))
            resolved = again
        closed = resolved + timedelta(days=3)
        if closed < AS_OF:
            events.append((closed, "status", "closed"))
    events.sort(key=lambda e: e[0])
    return {"i": i, "created": created, "priority": priority, "events": events}


# -- the platform's correct figures -----------------------------------------------------------


def priority_at(s: dict[str, Any], at: datetime) -> str:
    p = s["priority"]
    for when, kind, value in s["events"]:
        if when > at:
            break
        if kind == "priority":
            p = value
    return p


def clocks(s: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """Each metric's cycles: start, stop, pause intervals."""
    response_stop = None
    for when, kind, value in s["events"]:
        if (kind == "comment" and value == "public-reply") or (
            kind == "status" and value == "resolved"
        ):
            response_stop = when
            break
    cycles: list[dict[str, Any]] = []
    current: dict[str, Any] | None = {"start": s["created"], "stop": None, "pauses": []}
    for when, kind, value in s["events"]:
        if kind != "status":
            continue
        if current is None:
            if value not in ("resolved", "closed"):
                current = {"start": when, "stop": None, "pauses": []}
            continue
        pauses = current["pauses"]
        if value == "pending" and not (pauses and pauses[-1][1] is None):
            pauses.append([when, None])
        elif value != "pending" and pauses and pauses[-1][1] is None:
            pauses[-1][1] = when
        if value in ("resolved", "closed"):
            current["stop"] = when
            cycles.append(current)
            current = None
    if current is not None:
        cycles.append(current)
    return {
        "response": [{"start": s["created"], "stop": response_stop, "pauses": []}],
        "resolution": cycles,
    }


def figure(sla: str, metric: str, s: dict[str, Any], c: dict[str, Any]) -> dict[str, Any]:
    end = c["stop"] or AS_OF
    level = priority_at(s, end)
    target = CATALOGUE.target(sla, level, metric)
    timer = sc.Timer(target.calendar, target=target.duration, start=c["start"])
    paused = timedelta(0)
    for a, b in c["pauses"]:
        timer = timer.pause(a)
        if b is not None:
            timer = timer.resume(b)
        paused += target.calendar.elapsed(a, b or end)
    if c["stop"] is not None:
        timer = timer.stop(c["stop"])
    due = timer.deadline if timer.deadline is not None else timer.projected_deadline(AS_OF)
    return {
        "start": c["start"],
        "stop": c["stop"],
        "due": due,
        "elapsed": timer.elapsed(end),
        "goal": target.duration,
        "paused": paused,
        "breached": end > due,
        "priority": level,
        "calendar": target.calendar,
        "pauses": c["pauses"],
    }


def plant(platform: str, s: dict[str, Any], metric: str, f: dict[str, Any]) -> str | None:
    """Make a correct figure wrong the way platforms do; the kind planted, or None."""
    i = s["i"]
    if metric == "resolution" and i in (0, 1) and f["stop"] is not None:
        # wall-clock hours across the DST change: the due time read on the local clock
        zone = PLATFORMS[platform]["zone"]
        wall = (s["created"].astimezone(zone).replace(tzinfo=None) + f["goal"]).replace(tzinfo=zone)
        f["due"] = wall.astimezone(UTC)
        naive_elapsed = f["stop"].astimezone(zone).replace(tzinfo=None) - s["created"].astimezone(
            zone
        ).replace(tzinfo=None)
        f["elapsed"] = naive_elapsed
        f["breached"] = f["stop"] > f["due"]
        return "dst"
    if metric == "resolution" and i == 5 and f["paused"] > timedelta(0) and f["stop"]:
        # a pause the platform did not apply
        f["elapsed"] += f["paused"]
        f["due"] = f["calendar"].subtract(f["due"], f["paused"])
        f["paused"] = timedelta(0)
        f["breached"] = f["stop"] > f["due"]
        return "pause"
    if metric == "response" and i == 12 and platform == "zendesk" and f["stop"]:
        # a first reply outside the schedule, counted on the wall clock
        f["elapsed"] = f["stop"] - f["start"]
        f["due"] = f["start"] + f["goal"]
        f["business_hours"] = False
        f["breached"] = f["stop"] > f["due"]
        return "schedule"
    if metric == "resolution" and i == 20 and f["stop"] is not None and platform != "zendesk":
        # a priority change the platform did not re-target
        first = s["priority"]
        if first != f["priority"]:
            target = CATALOGUE.target(PLATFORMS[platform]["sla"], first, metric)
            f["goal"] = target.duration
            f["due"] = target.calendar.add(s["created"], target.duration)
            f["breached"] = f["stop"] > f["due"]
            f["priority"] = first
            return "retarget"
    return None


# -- writers ------------------------------------------------------------------------------------


def iso_jira(at: datetime, zone: ZoneInfo) -> str:
    local_at = at.astimezone(zone)
    return (
        local_at.strftime("%Y-%m-%dT%H:%M:%S.")
        + f"{local_at.microsecond // 1000:03d}"
        + (local_at.strftime("%z"))
    )


def naive(at: datetime, zone: ZoneInfo, fmt: str = "%Y-%m-%d %H:%M:%S") -> str:
    return at.astimezone(zone).strftime(fmt)


def state_at(s: dict[str, Any], kind: str, at: datetime, default: str) -> str:
    value = default
    for when, k, v in s["events"]:
        if when > at:
            break
        if k == kind:
            value = v
    return value


def write_jira(tickets: list[dict[str, Any]], figures: dict[Any, Any]) -> None:
    p = PLATFORMS["jira"]
    zone = p["zone"]
    people = {"Service Desk": "Priya Natarajan", "Infrastructure": "Tom Okafor"}
    issues, slas = [], []
    for s in tickets:
        key = f"SD-{101 + s['i']}"
        histories, comments = [], []
        last = {"status": "new", "priority": s["priority"], "group": "", "assignee": ""}
        for n, (when, kind, value) in enumerate(s["events"]):
            if kind == "comment":
                author = "reporter-1" if value == "requester-comment" else "agent-7"
                comments.append(
                    {
                        "id": str(10000 + s["i"] * 50 + n),
                        "author": {"accountId": author, "displayName": author},
                        "body": "Update",
                        "created": iso_jira(when, zone),
                        "jsdPublic": value != "internal-note",
                    }
                )
                continue
            items = []
            if kind == "status":
                items.append(("status", "status", p["status"][last["status"]], p["status"][value]))
            elif kind == "priority":
                items.append(
                    ("priority", "priority", p["priority"][last["priority"]], p["priority"][value])
                )
            elif kind == "group":
                items.append(
                    ("Team", "customfield_10050", last["group"] or None, p["group"][value])
                )
                items.append(("assignee", "assignee", last["assignee"] or None, people[value]))
                last["assignee"] = people[value]
            last[kind] = value
            histories.append(
                {
                    "id": str(20000 + s["i"] * 50 + n),
                    "author": {
                        "accountId": "agent-7",
                        "displayName": "Priya Natarajan",
                        "timeZone": "Europe/London",
                    },
                    "created": iso_jira(when, zone),
                    "items": [
                        {
                            "field": f,
                            "fieldtype": "jira" if not fid.startswith("custom") else "custom",
                            "fieldId": fid,
                            "from": None,
                            "fromString": a,
                            "to": None,
                            "toString": b,
                        }
                        for f, fid, a, b in items
                    ],
                }
            )
        issues.append(
            {
                "id": str(40000 + s["i"]),
                "key": key,
                "fields": {
                    "summary": f"Mailbox problem {s['i']}",
                    "issuetype": {"name": "Incident"},
                    "project": {"key": "SD", "name": "Service Desk"},
                    "created": iso_jira(s["created"], zone),
                    "reporter": {"accountId": "reporter-1", "displayName": "Finance user"},
                    "status": {"name": p["status"][last["status"]]},
                    "priority": {"name": p["priority"][last["priority"]]},
                    "assignee": {"displayName": last["assignee"]} if last["assignee"] else None,
                    "customfield_10050": {"value": p["group"][last["group"]]}
                    if last["group"]
                    else None,
                    "comment": {"comments": comments, "total": len(comments)},
                },
                "changelog": {
                    "startAt": 0,
                    "maxResults": 100,
                    "total": len(histories),
                    "histories": list(reversed(histories)),
                },
            }
        )
        values = []
        for metric, name in p["metric"].items():
            figs = figures[(s["i"], metric)]
            completed = [f for f in figs if f["stop"] is not None]
            ongoing = [f for f in figs if f["stop"] is None]

            def date(at: datetime) -> dict[str, Any]:
                return {
                    "iso8601": iso_jira(at, zone),
                    "jira": iso_jira(at, zone),
                    "friendly": at.astimezone(zone).strftime("%d/%b/%y %I:%M %p"),
                    "epochMillis": int(at.timestamp() * 1000),
                }

            def ms(d: timedelta) -> dict[str, Any]:
                return {
                    "millis": d // timedelta(milliseconds=1),
                    "friendly": sc.format_duration(d) if d >= timedelta(0) else "-",
                }

            sla = {
                "id": str(1 + len(values)),
                "name": name,
                "completedCycles": [
                    {
                        "startTime": date(f["start"]),
                        "stopTime": date(f["stop"]),
                        "breachTime": date(f["due"]),
                        "breached": f["breached"],
                        "goalDuration": ms(f["goal"]),
                        "elapsedTime": ms(f["elapsed"]),
                        "remainingTime": ms(f["goal"] - f["elapsed"]),
                    }
                    for f in completed
                ],
            }
            for f in ongoing:
                sla["ongoingCycle"] = {
                    "startTime": date(f["start"]),
                    "breachTime": date(f["due"]),
                    "breached": f["breached"],
                    "paused": False,
                    "withinCalendarHours": True,
                    "goalDuration": ms(f["goal"]),
                    "elapsedTime": ms(f["elapsed"]),
                    "remainingTime": ms(f["goal"] - f["elapsed"]),
                }
            values.append(sla)
        slas.append({"key": key, "values": values})
    (HERE / "jira").mkdir(exist_ok=True)
    with (HERE / "jira" / "issues.json").open("w") as out:
        json.dump(
            {"startAt": 0, "maxResults": 50, "total": len(issues), "issues": issues}, out, indent=1
        )
    with (HERE / "jira" / "issues.jsonl").open("w") as out:
        for issue in issues:
            out.write(json.dumps(issue) + "\n")
    with (HERE / "jira" / "sla.json").open("w") as out:
        json.dump(slas, out, indent=1)


def write_servicenow(tickets: list[dict[str, Any]], figures: dict[Any, Any]) -> None:
    p = PLATFORMS["servicenow"]
    zone = p["zone"]
    people = {"Service Desk": sys_id("user", "beth"), "Infrastructure": sys_id("user", "raj")}
    incidents, audit, task_sla = [], [], []
    for s in tickets:
        number = f"INC00{10001 + s['i']}"
        sid = sys_id("incident", s["i"])
        created = naive(s["created"], zone)
        last = {"status": "new", "priority": s["priority"], "group": "", "assignee": ""}
        initial = {
            "state": "1",
            "priority": p["priority"][s["priority"]],
            "impact": "2",
            "urgency": "2",
            "assignment_group": "",
            "assigned_to": "",
        }
        for field, value in initial.items():
            if value:
                audit.append(
                    {
                        "sys_id": sys_id("audit", sid, field),
                        "tablename": "incident",
                        "documentkey": sid,
                        "fieldname": field,
                        "oldvalue": "",
                        "newvalue": value,
                        "user": "admin",
                        "sys_created_on": created,
                        "record_checkpoint": "0",
                        "reason": "",
                    }
                )
        reopens = 0
        for n, (when, kind, value) in enumerate(s["events"], start=1):
            rows = []
            if kind == "comment":
                rows.append(
                    ("comments" if value != "internal-note" else "work_notes", "", "Update")
                )
            elif kind == "status":
                rows.append(("state", p["status"][last["status"]], p["status"][value]))
                reopens += value == "reopened"
            elif kind == "priority":
                rows.append(("priority", p["priority"][last["priority"]], p["priority"][value]))
            elif kind == "group":
                rows.append(
                    ("assignment_group", p["group"].get(last["group"], ""), p["group"][value])
                )
                rows.append(("assigned_to", last["assignee"], people[value]))
                last["assignee"] = people[value]
            if kind != "comment":
                last[kind] = value
            for field, old, new in rows:
                audit.append(
                    {
                        "sys_id": sys_id("audit", sid, n, field),
                        "tablename": "incident",
                        "documentkey": sid,
                        "fieldname": field,
                        "oldvalue": old,
                        "newvalue": new,
                        "user": "beth.anglin",
                        "sys_created_on": naive(when, zone),
                        "record_checkpoint": str(n),
                        "reason": "",
                    }
                )
        incidents.append(
            {
                "sys_id": sid,
                "number": number,
                "opened_at": created,
                "state": p["status"][last["status"]],
                "priority": p["priority"][last["priority"]],
                "impact": "2",
                "urgency": "2",
                "assignment_group": p["group"].get(last["group"], ""),
                "assigned_to": last["assignee"],
                "short_description": f"Portal error {s['i']}",
                "caller_id": sys_id("user", "caller"),
                "reopen_count": str(reopens),
                "sys_updated_on": naive(s["events"][-1][0] if s["events"] else s["created"], zone),
            }
        )
        for metric in ("response", "resolution"):
            for f in figures[(s["i"], metric)]:
                name = f"{f['priority']} {metric} ({sc.format_duration(f['goal'])})"
                stage = "completed" if f["stop"] else "in_progress"
                task_sla.append(
                    {
                        "sys_id": sys_id("task_sla", sid, metric, f["start"]),
                        "task": number,
                        "sla": name,
                        "stage": stage,
                        "start_time": naive(f["start"], zone),
                        "end_time": naive(f["stop"], zone) if f["stop"] else "",
                        "planned_end_time": naive(f["due"], zone),
                        "has_breached": "true" if f["breached"] else "false",
                        "business_duration": glide(f["elapsed"]),
                        "business_pause_duration": glide(f["paused"]),
                        "business_percentage": str(round(100 * f["elapsed"] / f["goal"], 2)),
                    }
                )
    out = HERE / "servicenow"
    out.mkdir(exist_ok=True)
    for name, rows in (("incident", incidents), ("sys_audit", audit), ("task_sla", task_sla)):
        with (out / f"{name}.csv").open("w", newline="") as stream:
            writer = csv.DictWriter(stream, fieldnames=list(rows[0]))
            writer.writeheader()
            writer.writerows(rows)


def glide(d: timedelta) -> str:
    return (datetime(1970, 1, 1) + d).strftime("%Y-%m-%d %H:%M:%S")


def write_zendesk(tickets: list[dict[str, Any]], figures: dict[Any, Any]) -> None:
    p = PLATFORMS["zendesk"]
    audits, events = [], []
    agent = {"Service Desk": 9001, "Infrastructure": 9002}
    ids = iter(range(5000000, 9000000))
    for s in tickets:
        tid = 1001 + s["i"]
        requester = 7000 + s["i"]

        def z(at: datetime) -> str:
            return at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")

        create = [
            {
                "id": next(ids),
                "type": "Comment",
                "public": True,
                "author_id": requester,
                "body": "My mailbox is full",
            }
        ]
        for field, value in (
            ("status", "new"),
            ("priority", p["priority"][s["priority"]]),
            ("requester_id", str(requester)),
            ("subject", f"Mailbox {s['i']}"),
        ):
            create.append({"id": next(ids), "type": "Create", "field_name": field, "value": value})
        audits.append(
            {
                "id": next(ids),
                "ticket_id": tid,
                "created_at": z(s["created"]),
                "author_id": requester,
                "via": {"channel": "email"},
                "events": create,
            }
        )
        last = {"status": "new", "priority": s["priority"], "group": "", "assignee": ""}
        for when, kind, value in s["events"]:
            evs: list[dict[str, Any]] = []
            author = agent["Service Desk"]
            if kind == "comment":
                author = requester if value == "requester-comment" else author
                evs.append(
                    {
                        "id": next(ids),
                        "type": "Comment",
                        "author_id": author,
                        "public": value != "internal-note",
                        "body": "Update",
                    }
                )
            elif kind == "status":
                evs.append(
                    {
                        "id": next(ids),
                        "type": "Change",
                        "field_name": "status",
                        "value": p["status"][value],
                        "previous_value": p["status"][last["status"]],
                    }
                )
            elif kind == "priority":
                evs.append(
                    {
                        "id": next(ids),
                        "type": "Change",
                        "field_name": "priority",
                        "value": p["priority"][value],
                        "previous_value": p["priority"][last["priority"]],
                    }
                )
            elif kind == "group":
                evs.append(
                    {
                        "id": next(ids),
                        "type": "Change",
                        "field_name": "group_id",
                        "value": p["group"][value],
                        "previous_value": p["group"].get(last["group"]),
                    }
                )
                evs.append(
                    {
                        "id": next(ids),
                        "type": "Change",
                        "field_name": "assignee_id",
                        "value": str(agent[value]),
                        "previous_value": str(agent[last["group"]]) if last["group"] else None,
                    }
                )
            if kind != "comment":
                last[kind] = value
            audits.append(
                {
                    "id": next(ids),
                    "ticket_id": tid,
                    "created_at": z(when),
                    "author_id": author,
                    "via": {"channel": "web"},
                    "events": evs,
                }
            )
        for metric, name in p["metric"].items():
            for n, f in enumerate(figures[(s["i"], metric)], start=1):

                def ev(
                    kind: str,
                    at: datetime,
                    tid: int = tid,
                    name: str = name,
                    n: int = n,
                    **extra: Any,
                ) -> None:
                    events.append(
                        {
                            "id": next(ids),
                            "ticket_id": tid,
                            "metric": name,
                            "instance_id": n,
                            "type": kind,
                            "time": z(at),
                            **extra,
                        }
                    )

                business = f.get("business_hours", f["priority"] != "P1")
                ev("activate", f["start"])
                ev(
                    "apply_sla",
                    f["start"],
                    sla={
                        "target": f["goal"] // timedelta(minutes=1),
                        "business_hours": business,
                        "policy": {"id": 360101, "title": "Finance"},
                    },
                )
                for a, b in f["pauses"]:
                    ev("pause", a)
                    if b is not None:
                        ev("activate", b)
                ev("breach", f["due"], deleted=not f["breached"])
                if f["stop"]:
                    ev("fulfill", f["stop"])
                    minutes = f["elapsed"] // timedelta(minutes=1)
                    ev(
                        "update_status",
                        f["stop"],
                        status={
                            "calendar": minutes
                            if not business
                            else (f["stop"] - f["start"]) // timedelta(minutes=1),
                            "business": minutes,
                        },
                    )
    out = HERE / "zendesk"
    out.mkdir(exist_ok=True)
    with (out / "audits.json").open("w") as stream:
        json.dump({"audits": audits, "next_page": None, "count": len(audits)}, stream, indent=1)
    with (out / "ticket_metric_events.json").open("w") as stream:
        json.dump({"ticket_metric_events": events, "end_of_stream": True}, stream, indent=1)


def write_flat(tickets: list[dict[str, Any]]) -> None:
    p = PLATFORMS["flat"]
    zone = p["zone"]
    rows = []
    fmt = "%-d/%-m/%Y %H:%M"
    for s in tickets:
        number = f"INC00{4500 + s['i']}"
        state = {"status": "new", "priority": s["priority"], "group": "", "assignee": ""}
        mod = 0
        stamps = [(s["created"], None, None)] + [(w, k, v) for w, k, v in s["events"]]
        for when, kind, value in stamps:
            if kind == "comment":
                continue
            if kind is not None:
                state[kind] = value
                if kind == "group":
                    state["assignee"] = f"Resolver {40 + s['i']}"
            resolved = [w for w, k, v in s["events"] if k == "status" and v == "resolved"]
            rows.append(
                {
                    "number": number,
                    "incident_state": p["status"][state["status"]],
                    "active": "false" if state["status"] == "closed" else "true",
                    "reassignment_count": "0",
                    "reopen_count": "0",
                    "sys_mod_count": str(mod),
                    "made_sla": "true",
                    "caller_id": f"Caller {2400 + s['i']}",
                    "opened_by": "Opened by 8",
                    "opened_at": naive(s["created"], zone, fmt),
                    "sys_created_by": "Created by 6",
                    "sys_created_at": naive(s["created"], zone, fmt),
                    "sys_updated_by": "Updated by 21",
                    "sys_updated_at": naive(when, zone, fmt),
                    "contact_type": "Phone",
                    "location": "Location 143",
                    "category": "Category 55",
                    "subcategory": "Subcategory 170",
                    "u_symptom": "Symptom 72",
                    "cmdb_ci": "?",
                    "impact": "2 - Medium",
                    "urgency": "2 - Medium",
                    "priority": p["priority"][state["priority"]],
                    "assignment_group": p["group"].get(state["group"], "?"),
                    "assigned_to": state["assignee"] or "?",
                    "knowledge": "true",
                    "u_priority_confirmation": "false",
                    "notify": "Do Not Notify",
                    "problem_id": "?",
                    "rfc": "?",
                    "vendor": "?",
                    "caused_by": "?",
                    "closed_code": "?",
                    "resolved_by": "?",
                    "resolved_at": naive(resolved[-1], zone, fmt)
                    if resolved and state["status"] in ("resolved", "closed")
                    else "?",
                    "closed_at": naive(when, zone, fmt) if state["status"] == "closed" else "?",
                }
            )
            mod += 1
    with (HERE / "flat" / "incident_event_log.csv").open("w", newline="") as stream:
        writer = csv.DictWriter(stream, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


def toml_value(value: object) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    return json.dumps(value)


def toml_key(key: str) -> str:
    return key if key.replace("-", "").replace("_", "").isalnum() else json.dumps(key)


def mapping_sections() -> str:
    """The ``[platforms.*]`` sections: scalars first, then one sub-table per mapping."""

    def inv(d: dict[str, str]) -> dict[str, str]:
        return {v: k for k, v in d.items()}

    def statuses(p: dict[str, Any], cancelled: tuple[str, ...] = ()) -> dict[str, list[str]]:
        st = p["status"]
        out = {
            "open": sorted({st["new"], st["work"], st["reopened"]}, key=list(st.values()).index),
            "pending": [st["pending"]] + (["hold"] if st["pending"] == "pending" else []),
            "resolved": [st["resolved"]],
            "closed": [st["closed"]],
        }
        return out | ({"cancelled": list(cancelled)} if cancelled else {})

    def groups(p: dict[str, Any]) -> dict[str, list[str]]:
        return {k.lower().replace(" ", "-"): [v] for k, v in p["group"].items()}

    jp, sp_, zp, fp = (PLATFORMS[k] for k in ("jira", "servicenow", "zendesk", "flat"))
    sn_metrics = {
        f"{p} {m} ({sc.format_duration(CATALOGUE.target('portal-acme', p, m).duration)})": m
        for p in LEVELS
        for m in ("response", "resolution")
    }
    sections: dict[str, dict[str, Any]] = {
        "jira": {
            "zone": "Europe/London",
            "fields": {"group": "customfield_10050"},
            "values": {"service": "email", "customer": "Finance"},
            "statuses": statuses(jp),
            "groups": groups(jp),
            "priorities": inv(jp["priority"]),
            "metrics": inv(jp["metric"]),
        },
        "servicenow": {
            "zone": "America/New_York",
            "ambiguous": "earlier",
            "values": {"service": "portal", "customer": "Acme US"},
            "statuses": statuses(sp_, ("8",)),
            "groups": groups(sp_),
            "priorities": inv(sp_["priority"]),
            "metrics": sn_metrics,
        },
        "zendesk": {
            "zone": "Europe/London",
            "values": {"service": "email", "customer": "Finance"},
            "statuses": statuses(zp),
            "groups": groups(zp),
            "priorities": inv(zp["priority"]),
            "metrics": inv(zp["metric"]),
        },
        "flat": {
            "zone": "Europe/London",
            "order": "day-first",
            "ambiguous": "earlier",
            "values": {"service": "email", "customer": "Finance"},
            "statuses": statuses(fp),
            "groups": groups(fp),
            "priorities": inv(fp["priority"]),
        },
    }
    lines = ["", "# How each platform's export maps onto this catalogue."]
    for name, table in sections.items():
        lines += ["", f"[platforms.{name}]"]
        lines += [f"{k} = {toml_value(v)}" for k, v in table.items() if not isinstance(v, dict)]
        for k, sub in table.items():
            if isinstance(sub, dict):
                lines += ["", f"[platforms.{name}.{k}]"]
                lines += [f"{toml_key(kk)} = {toml_value(vv)}" for kk, vv in sub.items()]
    return "\n".join(lines) + "\n"


TICKET_ID = {
    "jira": lambda i: f"SD-{101 + i}",
    "servicenow": lambda i: f"INC00{10001 + i}",
    "zendesk": lambda i: str(1001 + i),
    "flat": lambda i: f"INC00{4500 + i}",
}


def main() -> None:
    planted: dict[str, list[dict[str, Any]]] = {}
    for platform in ("jira", "servicenow", "zendesk", "flat"):
        rng = random.Random(f"slacalc-{platform}")
        tickets = scenarios(platform, rng)
        sla = PLATFORMS[platform]["sla"]
        figures: dict[Any, Any] = {}
        planted[platform] = []
        for s in tickets:
            for metric, cycles in clocks(s).items():
                figs = []
                for n, c in enumerate(cycles, start=1):
                    f = figure(sla, metric, s, c)
                    kind = plant(platform, s, metric, f) if platform != "flat" and n == 1 else None
                    if kind:
                        planted[platform].append(
                            {
                                "ticket": TICKET_ID[platform](s["i"]),
                                "metric": metric,
                                "cycle": n,
                                "kind": kind,
                            }
                        )
                    figs.append(f)
                figures[(s["i"], metric)] = figs
        {"jira": write_jira, "servicenow": write_servicenow, "zendesk": write_zendesk}.get(
            platform, lambda t, f: write_flat(t)
        )(tickets, figures)
    (HERE / "platforms-catalogue.toml").write_text(CORE + mapping_sections())
    (HERE / "planted.json").write_text(json.dumps(planted, indent=1) + "\n")
    example = HERE.parent.parent / "examples" / "jira"
    example.mkdir(exist_ok=True)
    for name in ("issues.json", "sla.json"):
        shutil.copyfile(HERE / "jira" / name, example / name)
    shutil.copyfile(HERE / "platforms-catalogue.toml", example / "catalogue.toml")


if __name__ == "__main__":
    main()
