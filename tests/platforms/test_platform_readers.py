"""Each reader on the fixture files: every field lands where the generator put it.

The fixtures in tests/data/ were written from seeded scenarios (plain instants,
kinds and values) by tests/data/make_platform_fixtures.py, each in one
platform's shape. The readers share no code with those writers, so reading a
fixture back and comparing it with the scenario checks the reader.
"""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from platform_data import DATA, MAPPINGS, made, scenarios

import slacalc.platforms as sp
from slacalc.activity import ActivityLog

ID = made.TICKET_ID


def expected_changes(platform: str, s: dict[str, Any]) -> Counter[tuple[datetime, str, str]]:
    p = made.PLATFORMS[platform]
    out: Counter[tuple[datetime, str, str]] = Counter()
    for when, kind, value in s["events"]:
        if kind == "comment":
            if platform == "flat":
                continue
            if platform == "servicenow" and value == "requester-comment":
                value = "public-reply"  # sys_audit does not say who wrote a comment
            out[(when, "comment", value)] += 1
        elif kind == "status":
            out[(when, "status", p["status"][value])] += 1
        elif kind == "priority":
            out[(when, "priority", value)] += 1
        elif kind == "group":
            out[(when, "group", p["group"][value])] += 1
    return out


def actual_changes(log: ActivityLog, ticket: str) -> Counter[tuple[datetime, str, str]]:
    return Counter(
        (c.at.astimezone(UTC), c.field, c.value)
        for c in log[ticket].changes
        if c.field != "assignee"
    )


def flat_expected(s: dict[str, Any]) -> Counter[tuple[datetime, str, str]]:
    """Flat snapshots only show a change when the value differs from the last snapshot."""
    p = made.PLATFORMS["flat"]
    state = {"status": p["status"]["new"], "priority": s["priority"], "group": ""}
    out: Counter[tuple[datetime, str, str]] = Counter()
    for when, kind, value in s["events"]:
        if kind == "comment":
            continue
        shown = p["status"][value] if kind == "status" else value
        if kind == "group":
            shown = p["group"][value]
        if state[kind] != shown:
            out[(when, kind, shown)] += 1
            state[kind] = shown
    return out


def read(platform: str) -> ActivityLog:
    m = MAPPINGS[platform]
    if platform == "jira":
        return sp.read_jira(DATA / "jira" / "issues.json", m)
    if platform == "servicenow":
        return sp.read_servicenow(
            DATA / "servicenow" / "incident.csv", DATA / "servicenow" / "sys_audit.csv", m
        )
    if platform == "zendesk":
        return sp.read_zendesk_audits(DATA / "zendesk" / "audits.json", m)
    return sp.read_flat(DATA / "flat" / "incident_event_log.csv", m)


@pytest.mark.parametrize("platform", ["jira", "servicenow", "zendesk", "flat"])
def test_fixture_reads_back_to_its_scenarios(platform: str) -> None:
    log = read(platform)
    tickets = scenarios(platform)
    assert len(log) == len(tickets) == 32
    p = made.PLATFORMS[platform]
    for s in tickets:
        a = log[ID[platform](s["i"])]
        assert a.created == s["created"]
        assert a.initial["status"] == p["status"]["new"]
        assert a.initial["priority"] == s["priority"]
        assert a.initial["group"] == ""
        assert a.initial["service"] == {"servicenow": "portal"}.get(platform, "email")
        assert "comment" not in a.initial
        want = flat_expected(s) if platform == "flat" else expected_changes(platform, s)
        assert actual_changes(log, a.ticket) == want, a.ticket
        times = [c.at for c in a.changes]
        assert times == sorted(times)


@pytest.mark.parametrize("platform", ["jira", "servicenow", "zendesk", "flat"])
def test_fixture_mappings_cover_every_status_and_group(platform: str) -> None:
    assert not sp.unmapped(read(platform), MAPPINGS[platform])


def test_unmapped_lists_what_no_mapping_covers() -> None:
    m = sp.PlatformMapping("jira", statuses={"pending": ("Waiting for customer",)})
    found = sp.unmapped(read("jira"), m)
    # every ticket is created Open and goes In Progress; 29 are resolved and closed
    # three days later (before the export); three are reopened (i % 8 == 5 below 29)
    assert found.statuses == {
        "Closed": 29,
        "In Progress": 32,
        "Open": 32,
        "Reopened": 3,
        "Resolved": 29,
    }
    # all go to the Service Desk at the first reply; i % 5 == 3 moves on to Infrastructure
    assert found.groups == {"Infrastructure": 6, "Service Desk": 32}


def test_jira_lines_and_page_read_the_same() -> None:
    m = MAPPINGS["jira"]
    assert sp.read_jira(DATA / "jira" / "issues.jsonl", m) == read("jira")


def test_jira_json_array_streams(tmp_path: Any) -> None:
    import json

    page = json.loads((DATA / "jira" / "issues.json").read_text())
    path = tmp_path / "issues.json"
    path.write_text(json.dumps(page["issues"], indent=2))
    with path.open() as stream:
        sp_issues = list(sp.iter_jira_issues(stream))
    assert [i["key"] for i in sp_issues] == [i["key"] for i in page["issues"]]
    assert sp.read_jira(path, MAPPINGS["jira"]) == read("jira")


def test_jira_assignee_and_custom_field_by_field_id() -> None:
    a = read("jira")["SD-104"]  # i = 3: Service Desk, then Infrastructure
    assert [(c.field, c.value) for c in a.changes if c.field in ("group", "assignee")] == [
        ("group", "Service Desk"),
        ("assignee", "Priya Natarajan"),
        ("group", "Infrastructure"),
        ("assignee", "Tom Okafor"),
    ]
    assert a.initial["assignee"] == ""


# -- platform SLA records ---------------------------------------------------------------------


def figures(platform: str) -> dict[tuple[str, str, int], dict[str, Any]]:
    """The figures the generator wrote, planted errors included, by (ticket, metric, cycle)."""
    out = {}
    sla = made.PLATFORMS[platform]["sla"]
    for s in scenarios(platform):
        for metric, cycles in made.clocks(s).items():
            for n, c in enumerate(cycles, start=1):
                f = made.figure(sla, metric, s, c)
                if n == 1:
                    made.plant(platform, s, metric, f)
                out[(ID[platform](s["i"]), metric, n)] = f
    return out


def test_jsm_sla_records_hold_the_figures() -> None:
    names = {v: k for k, v in made.PLATFORMS["jira"]["metric"].items()}
    records = sp.read_jsm_sla(DATA / "jira" / "sla.json")
    want = figures("jira")
    assert len(records) == len(want)
    for r in records:
        f = want[(r.ticket, names[r.metric], r.cycle)]
        assert (r.start, r.stop, r.due) == (f["start"], f["stop"], f["due"])
        assert (r.breached, r.elapsed, r.goal) == (f["breached"], f["elapsed"], f["goal"])
        assert r.stage == ("completed" if f["stop"] else "ongoing")


def test_task_sla_records_hold_the_figures() -> None:
    records = sp.read_task_sla(DATA / "servicenow" / "task_sla.csv", MAPPINGS["servicenow"])
    want = figures("servicenow")
    assert len(records) == len(want)
    for r in records:
        metric = MAPPINGS["servicenow"].metric(r.metric)
        f = want[(r.ticket, metric, r.cycle)]
        assert r.start == f["start"] and r.stop == f["stop"] and r.due == f["due"]
        assert (r.breached, r.elapsed, r.paused) == (f["breached"], f["elapsed"], f["paused"])
        assert r.goal is None  # task_sla does not carry the goal


def test_zendesk_metric_records_hold_the_figures() -> None:
    names = {v: k for k, v in made.PLATFORMS["zendesk"]["metric"].items()}
    records = sp.read_ticket_metric_events(DATA / "zendesk" / "ticket_metric_events.json")
    want = figures("zendesk")
    assert len(records) == len(want)
    for r in records:
        f = want[(r.ticket, names[r.metric], r.cycle)]
        assert (r.start, r.stop, r.due, r.goal) == (f["start"], f["stop"], f["due"], f["goal"])
        assert r.breached == f["breached"]
        if f["stop"] is not None:
            assert r.elapsed == f["elapsed"] // timedelta(minutes=1) * timedelta(minutes=1)
        else:
            assert r.elapsed is None
        assert r.business_hours == f.get("business_hours", f["priority"] != "P1")
