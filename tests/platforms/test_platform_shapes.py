"""Hand-worked cases: timestamps as documented, initial values, and clear errors for bad shapes."""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

import slacalc.platforms as sp
from slacalc.errors import CatalogueError, SlacalcError, UnknownZoneError

LONDON = ZoneInfo("Europe/London")
NEW_YORK = ZoneInfo("America/New_York")


def issue(**over: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "key": "SD-1",
        "fields": {
            "created": "2017-02-28T09:24:59.366-0600",
            "status": {"name": "Closed"},
            "priority": {"name": "Low"},
            "assignee": {"displayName": "Ann Lee", "accountId": "a-1"},
        },
        "changelog": {
            "histories": [
                {
                    "created": "2017-03-01T10:00:00.000-0600",
                    "items": [
                        {"field": "priority", "fromString": "High", "toString": "Low"},
                        {"field": "status", "fromString": "Open", "toString": "In Progress"},
                    ],
                },
                {
                    "created": "2017-03-01T09:00:00.000+0000",
                    "items": [{"field": "assignee", "fromString": None, "toString": "Ann Lee"}],
                },
                {
                    "created": "2017-03-02T16:30:00.000-0600",
                    "items": [
                        {"field": "status", "fromString": "In Progress", "toString": "Closed"},
                        {"field": "labels", "fromString": "", "toString": "vip"},
                    ],
                },
            ]
        },
    }
    base.update(over)
    return base


# -- Jira -------------------------------------------------------------------------------------


def test_jira_offsets_are_read_exactly_and_initial_values_come_from_fromstring() -> None:
    a = sp.jira_activity([issue()])["SD-1"]
    assert a.created == datetime(2017, 2, 28, 15, 24, 59, 366000, tzinfo=UTC)
    assert a.created.utcoffset() == timedelta(hours=-6)
    # priority and status changed later: their first change's fromString; assignee was unset
    assert dict(a.initial) == {"status": "Open", "priority": "High", "assignee": ""}
    # 09:00Z comes before 10:00-06:00 (16:00Z), whatever the order of the histories
    assert [(c.at.astimezone(UTC).hour, c.field, c.value) for c in a.changes] == [
        (9, "assignee", "Ann Lee"),
        (16, "priority", "Low"),
        (16, "status", "In Progress"),
        (22, "status", "Closed"),
    ]


def test_jira_field_never_changed_keeps_its_current_value() -> None:
    i = issue(changelog={"histories": []})
    assert dict(sp.jira_activity([i])["SD-1"].initial) == {
        "status": "Closed",
        "priority": "Low",
        "assignee": "Ann Lee",
    }


def test_jira_problems_name_the_key_path_and_the_issue() -> None:
    bad = [
        issue(),
        {"key": "SD-2", "fields": {"created": "2017-02-28T09:24:59", "status": None}},
        {
            "key": "SD-3",
            "fields": {
                "created": "2017-02-28T09:24:59Z",
                "status": None,
                "priority": None,
                "assignee": None,
            },
        },
        issue(key="SD-4", changelog={"histories": [{"created": "x", "items": []}]}),
    ]
    with pytest.raises(sp.ExportError) as info:
        sp.jira_activity(bad)
    assert isinstance(info.value, SlacalcError) and isinstance(info.value, ValueError)
    assert info.value.problems == (
        (
            "issues[1] (SD-2).fields.created",
            "'2017-02-28T09:24:59' has no UTC offset (slacalc never guesses a zone)",
        ),
        ("issues[2] (SD-3).changelog", "missing (export the issues with expand=changelog)"),
        ("issues[3] (SD-4).changelog.histories[0].created", "'x' is not an ISO 8601 instant"),
    )


def test_jira_missing_tracked_field_is_an_error() -> None:
    i = issue()
    del i["fields"]["priority"]
    with pytest.raises(sp.ExportError, match=r"issues\[0\] \(SD-1\)\.fields\.priority: missing"):
        sp.jira_activity([i])


def test_jira_truncated_changelog_is_refused() -> None:
    i = issue()
    i["changelog"]["total"] = 140
    with pytest.raises(sp.ExportError, match="3 of 140 histories"):
        sp.jira_activity([i])


def test_jira_change_before_creation_is_reported() -> None:
    i = issue()
    i["changelog"]["histories"][1]["created"] = "2017-02-01T09:00:00.000+0000"
    with pytest.raises(sp.ExportError, match=r"issues\[0\] \(SD-1\): .*before the ticket"):
        sp.jira_activity([i])


def test_jira_stream_shapes() -> None:
    one, two = issue(), issue(key="SD-2")
    for text in (
        json.dumps([one, two]),
        json.dumps([one, two], indent=3),
        json.dumps(one) + "\n\n" + json.dumps(two) + "\n",
        json.dumps({"startAt": 0, "issues": [one, two]}, indent=1),
        json.dumps({"startAt": 0, "issues": [one, two]}),
    ):
        keys = [i["key"] for i in sp.iter_jira_issues(io.StringIO(text))]
        assert keys == ["SD-1", "SD-2"], text[:30]
    assert list(sp.iter_jira_issues(io.StringIO(" [ ] "))) == []
    with pytest.raises(sp.ExportError, match=r"issues\[0\]\.key: missing"):
        sp.jira_activity(sp.iter_jira_issues(io.StringIO('{"total": 3}')))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[{"key": "SD-1"}', "not closed"),
        ('[{"key": "SD-1"} {"key": 2}]', "expected ',' or ']'"),
        ('[{"key": "SD-1"}, 3]', "must be a JSON object"),
        ("{[", "JSON: "),
    ],
)
def test_jira_stream_errors(text: str, message: str) -> None:
    with pytest.raises(sp.ExportError, match=message):
        list(sp.iter_jira_issues(io.StringIO(text)))


def test_jira_stream_reads_members_longer_than_a_chunk() -> None:
    big = issue(key="SD-9")
    big["fields"]["summary"] = "x" * 200_000
    text = json.dumps([issue(), big, issue(key="SD-3")])
    assert [i["key"] for i in sp.iter_jira_issues(io.StringIO(text))] == ["SD-1", "SD-9", "SD-3"]


def test_jsm_cycles() -> None:
    day = "2026-03-27T"
    request = {
        "key": "SD-5",
        "values": [
            {
                "name": "Time to resolution",
                "completedCycles": [
                    {
                        "startTime": {"iso8601": day + "09:00:00+0000"},
                        "stopTime": {"iso8601": day + "11:00:00+0000"},
                        "breachTime": {"iso8601": day + "17:00:00+0000"},
                        "breached": False,
                        "goalDuration": {"millis": 28_800_000},
                        "elapsedTime": {"millis": 7_200_000},
                        "remainingTime": {"millis": 21_600_000},
                    }
                ],
                "ongoingCycle": {
                    "startTime": {"epochMillis": 1774630800000},
                    "breachTime": {"iso8601": "2026-03-30T10:00:00+0100"},
                    "breached": False,
                    "paused": True,
                    "withinCalendarHours": False,
                    "goalDuration": {"millis": 28_800_000},
                    "elapsedTime": {"millis": 3_600_000},
                    "remainingTime": {"millis": 25_200_000},
                },
            }
        ],
    }
    done, ongoing = sp.jsm_sla_records([request])
    assert done.key == ("SD-5", "Time to resolution", 1)
    assert ongoing.key == ("SD-5", "Time to resolution", 2)
    assert done.stop == datetime(2026, 3, 27, 11, tzinfo=UTC) and ongoing.stop is None
    assert ongoing.start == datetime(2026, 3, 27, 17, tzinfo=UTC)  # 1774630800 s
    assert ongoing.due == datetime(2026, 3, 30, 9, tzinfo=UTC)
    assert (done.goal, done.elapsed) == (timedelta(hours=8), timedelta(hours=2))
    assert (done.stage, ongoing.stage) == ("completed", "paused")
    del request["values"][0]["completedCycles"][0]["goalDuration"]["millis"]
    with pytest.raises(sp.ExportError, match=r"completedCycles\[0\]\.goalDuration\.millis: miss"):
        sp.jsm_sla_records([request])


# -- naive local readings -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("order", "text", "want"),
    [
        ("day-first", "29/2/2016 01:16", datetime(2016, 2, 29, 1, 16)),
        ("day-first", "3/4/2026 09:05", datetime(2026, 4, 3, 9, 5)),
        ("month-first", "3/4/2026 09:05", datetime(2026, 3, 4, 9, 5)),
        ("iso", "2026-03-04 09:05:07", datetime(2026, 3, 4, 9, 5, 7)),
        ("iso", "2026-03-04T09:05", datetime(2026, 3, 4, 9, 5)),
    ],
)
def test_reading_orders(order: str, text: str, want: datetime) -> None:
    lr = sp.LocalReadings("Europe/London", order=order)  # type: ignore[arg-type]
    assert lr.reading(text) == want
    assert lr.instant(text) == want.replace(tzinfo=LONDON)


@pytest.mark.parametrize(
    ("order", "text"),
    [("day-first", "31/2/2016 01:16"), ("month-first", "29/2/2016 01:16"), ("iso", "29/2/2016")],
)
def test_reading_that_does_not_parse_is_refused(order: str, text: str) -> None:
    with pytest.raises(SlacalcError, match=repr(text).replace("/", ".")):
        sp.LocalReadings("Europe/London", order=order).instant(text)  # type: ignore[arg-type]


def test_fold_and_gap_readings() -> None:
    # London falls back on 2026-10-25: 01:30 happens at 00:30 UTC (BST) and 01:30 UTC (GMT)
    raise_ = sp.LocalReadings("Europe/London")
    with pytest.raises(SlacalcError, match="occurs twice in Europe/London"):
        raise_.instant("2026-10-25 01:30")
    earlier = sp.LocalReadings("Europe/London", ambiguous="earlier").instant("2026-10-25 01:30")
    later = sp.LocalReadings("Europe/London", ambiguous="later").instant("2026-10-25 01:30")
    assert earlier.astimezone(UTC) == datetime(2026, 10, 25, 0, 30, tzinfo=UTC)
    assert later.astimezone(UTC) == datetime(2026, 10, 25, 1, 30, tzinfo=UTC)
    # New York springs forward on 2026-03-08: 02:30 never happens
    with pytest.raises(SlacalcError, match="never occurs in America/New_York"):
        sp.LocalReadings("America/New_York").instant("2026-03-08 02:30")
    shifted = sp.LocalReadings("America/New_York", nonexistent="shift-forward").instant(
        "2026-03-08 02:30"
    )
    assert shifted.astimezone(UTC) == datetime(2026, 3, 8, 7, 30, tzinfo=UTC)  # 03:30 EDT
    # the readings either side are unambiguous
    assert raise_.instant("2026-10-25 02:00").astimezone(UTC).hour == 2
    assert raise_.instant("2026-10-25 00:59").astimezone(UTC) == datetime(
        2026, 10, 24, 23, 59, tzinfo=UTC
    )


def test_local_readings_refuse_unknown_options() -> None:
    with pytest.raises(UnknownZoneError):
        sp.LocalReadings("Mars/Olympus")
    with pytest.raises(SlacalcError, match="'guess'"):
        sp.LocalReadings("UTC", ambiguous="guess")  # type: ignore[arg-type]
    with pytest.raises(SlacalcError, match="'ymd'"):
        sp.LocalReadings("UTC", order="ymd")  # type: ignore[arg-type]


# -- ServiceNow ---------------------------------------------------------------------------------

INCIDENT = {
    "sys_id": "a1",
    "number": "INC0010001",
    "opened_at": "2026-10-25 00:50:00",
    "state": "6",
    "priority": "2",
    "impact": "2",
    "urgency": "1",
    "assignment_group": "g2",
    "assigned_to": "",
}


def audit_row(field: str, old: str, new: str, at: str, **extra: str) -> dict[str, str]:
    return {
        "documentkey": "a1",
        "fieldname": field,
        "oldvalue": old,
        "newvalue": new,
        "sys_created_on": at,
        **extra,
    }


def test_servicenow_zone_is_required() -> None:
    with pytest.raises(CatalogueError, match=r"platforms\.servicenow\.zone: missing"):
        sp.servicenow_activity([INCIDENT], [], sp.PlatformMapping("servicenow"))


def test_servicenow_readings_in_the_instance_zone_and_insert_rows() -> None:
    m = sp.PlatformMapping("servicenow", zone="Europe/London", ambiguous="later")
    audit = [
        audit_row("state", "", "1", "2026-10-25 00:50:00", record_checkpoint="0"),
        audit_row("assignment_group", "", "g1", "2026-10-25 00:50:00", record_checkpoint="0"),
        audit_row("state", "2", "6", "2026-10-25 09:00:00", record_checkpoint="3"),
        # two updates in the same second: the checkpoint orders them, not the file
        audit_row("assignment_group", "g1", "g2", "2026-10-25 01:30:00", record_checkpoint="2"),
        audit_row("state", "1", "2", "2026-10-25 01:30:00", record_checkpoint="1"),
        audit_row("comments", "", "Looking into it", "2026-10-25 01:30:00", record_checkpoint="1"),
        audit_row("state", "x", "y", "2026-10-25 09:00:00", tablename="problem"),
        audit_row("short_description", "a", "b", "2026-10-25 09:00:00"),
    ]
    a = sp.servicenow_activity([INCIDENT], audit, m)["INC0010001"]
    # 00:50 on the fall-back day is before the fold: BST, 23:50 UTC the day before
    assert a.created.astimezone(UTC) == datetime(2026, 10, 24, 23, 50, tzinfo=UTC)
    assert a.initial["status"] == "1" and a.initial["group"] == "g1"
    assert a.initial["priority"] == "2" and a.initial["urgency"] == "1"
    got = [(c.at.astimezone(UTC).strftime("%H:%M"), c.field, c.value) for c in a.changes]
    # 01:30 is in the fold, read as the later (GMT) pass: 01:30 UTC
    assert got == [
        ("01:30", "status", "2"),
        ("01:30", "comment", "public-reply"),
        ("01:30", "group", "g2"),
        ("09:00", "status", "6"),
    ]


def test_servicenow_problems_are_collected() -> None:
    m = sp.PlatformMapping("servicenow", zone="America/New_York")
    audit = [
        audit_row("state", "1", "2", "2026-11-01 01:30:00"),
        audit_row("state", "2", "6", "2026-03-08 02:30:00"),
        {**audit_row("state", "2", "6", "2026-03-09 09:00:00"), "documentkey": "zz"},
        {"documentkey": "a1", "fieldname": "state", "newvalue": "7"},
    ]
    with pytest.raises(sp.ExportError) as info:
        sp.servicenow_activity([INCIDENT, {"number": "INC2"}], audit, m)
    wheres = [w for w, _ in info.value.problems]
    assert wheres == [
        "incidents[1] (INC2).sys_id",
        "sys_audit[0].sys_created_on",
        "sys_audit[1].sys_created_on",
        "sys_audit[2].documentkey",
        "sys_audit[3].sys_created_on",
    ]
    messages = dict(info.value.problems)
    assert "occurs twice in America/New_York" in messages["sys_audit[0].sys_created_on"]
    assert "never occurs" in messages["sys_audit[1].sys_created_on"]
    assert "'zz' is no incident" in messages["sys_audit[2].documentkey"]


def test_task_sla_durations_and_cycles() -> None:
    m = sp.PlatformMapping("servicenow", zone="UTC")
    row = {
        "task": "INC1",
        "sla": "P2 resolution",
        "stage": "Completed",
        "start_time": "2026-03-02 09:00:00",
        "end_time": "2026-03-02 12:00:00",
        "planned_end_time": "2026-03-02 17:00:00",
        "has_breached": "false",
        "business_duration": "1970-01-02 01:30:00",
        "business_pause_duration": "",
        "business_percentage": "31.25",
    }
    later = {
        **row,
        "start_time": "2026-03-03 09:00:00",
        "stage": "In progress",
        "end_time": "",
        "business_duration": "2 Hours 5 Minutes",
        "has_breached": "true",
        "business_pause_duration": "600",
    }
    first, second = sp.task_sla_records([later, row], m)
    assert (first.cycle, second.cycle) == (1, 2)
    assert first.elapsed == timedelta(days=1, hours=1, minutes=30) and first.paused is None
    assert second.elapsed == timedelta(hours=2, minutes=5)
    assert second.paused == timedelta(minutes=10)
    assert second.stop is None and second.breached is True and second.stage == "in progress"
    with pytest.raises(sp.ExportError) as info:
        sp.task_sla_records(
            [
                {**row, "stage": "Exploded"},
                {**row, "business_duration": "soon"},
                {**row, "has_breached": "maybe"},
                {**row, "business_percentage": "lots"},
            ],
            m,
        )
    assert [w for w, _ in info.value.problems] == [
        "task_sla[0] (INC1).stage",
        "task_sla[1] (INC1).business_duration",
        "task_sla[2] (INC1).has_breached",
        "task_sla[3] (INC1).business_percentage",
    ]


def test_task_sla_task_by_sys_id() -> None:
    m = sp.PlatformMapping("servicenow", zone="UTC")
    row = {
        "task": "a1",
        "sla": "x",
        "stage": "cancelled",
        "start_time": "2026-03-02 09:00:00",
        "has_breached": "false",
    }
    (r,) = sp.task_sla_records([row], m, incidents=[INCIDENT])
    assert r.ticket == "INC0010001" and r.stage == "cancelled" and r.due is None


# -- Zendesk ------------------------------------------------------------------------------------


def zaudit(i: int, at: str, *events: dict[str, Any], ticket: int = 42) -> dict[str, Any]:
    return {"id": i, "ticket_id": ticket, "created_at": at, "author_id": 9, "events": list(events)}


def test_zendesk_audits_in_any_order() -> None:
    create = zaudit(
        1,
        "2026-03-29T00:30:00Z",
        {"type": "Comment", "public": True, "author_id": 7, "body": "help"},
        {"type": "Create", "field_name": "status", "value": "new"},
        {"type": "Create", "field_name": "requester_id", "value": 7},
        {"type": "Create", "field_name": "group_id", "value": 360001},
    )
    reply = zaudit(
        2,
        "2026-03-29T01:30:00Z",
        {"type": "Comment", "public": False, "author_id": 9},
        {"type": "Comment", "public": True, "author_id": 9},
        {"type": "Change", "field_name": "status", "value": "pending", "previous_value": "new"},
    )
    back = zaudit(
        3,
        "2026-03-29T01:30:00Z",
        {"type": "Comment", "public": True, "author_id": 7},
        {"type": "Change", "field_name": "priority", "value": "urgent", "previous_value": None},
    )
    a = sp.zendesk_activity([back, reply, create])["42"]
    assert a.created == datetime(2026, 3, 29, 0, 30, tzinfo=UTC)
    assert dict(a.initial) == {"status": "new", "priority": "", "group": "360001", "assignee": ""}
    assert [(c.field, c.value) for c in a.changes] == [
        ("comment", "internal-note"),
        ("comment", "public-reply"),
        ("status", "pending"),
        ("comment", "requester-comment"),
        ("priority", "urgent"),
    ]


def test_zendesk_ticket_without_create_audit() -> None:
    with pytest.raises(sp.ExportError, match="audits of ticket 42: no audit with Create"):
        sp.zendesk_activity([zaudit(2, "2026-03-29T01:30:00Z")])
    with pytest.raises(sp.ExportError, match=r"audits\[0\]\.created_at: missing"):
        sp.zendesk_activity([{"ticket_id": 1, "events": []}])


def test_zendesk_metric_events() -> None:
    def ev(i: int, kind: str, at: str, **extra: Any) -> dict[str, Any]:
        return {
            "id": i,
            "ticket_id": 42,
            "metric": "agent_work_time",
            "instance_id": 1,
            "type": kind,
            "time": f"2026-03-30T{at}:00Z",
            **extra,
        }

    events = [
        ev(5, "breach", "15:00"),
        ev(1, "activate", "09:00"),
        ev(2, "apply_sla", "09:00", sla={"target": 240, "business_hours": True}),
        ev(3, "pause", "10:00"),
        ev(4, "activate", "11:00"),
        ev(6, "fulfill", "16:00"),
        ev(7, "update_status", "16:00", status={"calendar": 420, "business": 360}),
    ]
    (r,) = sp.zendesk_metric_records(events)
    assert (r.start, r.stop) == (
        datetime(2026, 3, 30, 9, tzinfo=UTC),
        datetime(2026, 3, 30, 16, tzinfo=UTC),
    )
    assert r.due == datetime(2026, 3, 30, 15, tzinfo=UTC) and r.breached is True
    assert (r.goal, r.elapsed, r.business_hours) == (timedelta(hours=4), timedelta(hours=6), True)
    deleted = [e if e["type"] != "breach" else {**e, "deleted": True} for e in events]
    assert sp.zendesk_metric_records(deleted)[0].breached is False
    with pytest.raises(sp.ExportError, match=r"\[0\]\.type: 'explode' is not one of"):
        sp.zendesk_metric_records([ev(1, "explode", "09:00")])
    with pytest.raises(sp.ExportError, match=r"\[0\]\.instance_id: 'one' is not an integer"):
        sp.zendesk_metric_records([{**ev(1, "activate", "09:00"), "instance_id": "one"}])


# -- flat ---------------------------------------------------------------------------------------


def test_flat_rows_are_diffed_in_update_order() -> None:
    m = sp.PlatformMapping(
        "flat",
        zone="America/New_York",
        order="month-first",
        fields={"impact": "", "urgency": "", "assignee": ""},
    )
    rows = [
        {
            "number": "INC9",
            "incident_state": "Resolved",
            "sys_updated_at": "3/9/2026 10:00",
            "opened_at": "3/7/2026 23:30",
            "priority": "2 - High",
            "assignment_group": "Group 70",
            "sys_mod_count": "2",
        },
        {
            "number": "INC9",
            "incident_state": "New",
            "sys_updated_at": "3/7/2026 23:30",
            "opened_at": "3/7/2026 23:30",
            "priority": "3 - Moderate",
            "assignment_group": "?",
            "sys_mod_count": "0",
        },
        {
            "number": "INC9",
            "incident_state": "Active",
            "sys_updated_at": "3/8/2026 03:10",
            "opened_at": "3/7/2026 23:30",
            "priority": "2 - High",
            "assignment_group": "Group 70",
            "sys_mod_count": "1",
        },
    ]
    a = sp.flat_activity(rows, m)["INC9"]
    assert a.created == datetime(2026, 3, 8, 4, 30, tzinfo=UTC)  # 23:30 EST
    assert dict(a.initial) == {"status": "New", "priority": "3 - Moderate", "group": ""}
    # 03:10 on 8 March is after the spring-forward: EDT, 07:10 UTC
    assert [(c.at.astimezone(UTC).strftime("%d %H:%M"), c.field, c.value) for c in a.changes] == [
        ("08 07:10", "status", "Active"),
        ("08 07:10", "priority", "2 - High"),
        ("08 07:10", "group", "Group 70"),
        ("09 14:00", "status", "Resolved"),
    ]


def test_flat_problems_name_the_line(tmp_path: Any) -> None:
    path = tmp_path / "log.csv"
    path.write_text(
        "number,incident_state,sys_updated_at,opened_at,priority\n"
        "INC1,New,29/2/2016 01:16,29/2/2016 01:16,3 - Moderate\n"
        "INC1,Active,2/29/2016 09:00,29/2/2016 01:16,3 - Moderate\n"
        "INC2,New,29/2/2016 01:16,29/2/2016 01:16\n"
    )
    m = sp.PlatformMapping(
        "flat",
        zone="Europe/London",
        order="day-first",
        fields={"impact": "", "urgency": "", "assignee": "", "group": ""},
    )
    with pytest.raises(sp.ExportError) as info:
        sp.read_flat(path, m)
    assert info.value.source == str(path)
    assert info.value.problems == (
        ("line 4", "5 cells expected (as in the header), the row differs"),
    )
    path.write_text(path.read_text().replace("29/2/2016 01:16\n", "29/2/2016 01:16,?\n"))
    with pytest.raises(sp.ExportError) as info:
        sp.read_flat(path, m)
    assert [w for w, _ in info.value.problems] == ["line 3 (INC1).sys_updated_at"]


# -- mapping ------------------------------------------------------------------------------------


def test_mapping_from_table_reports_every_problem_with_its_key_path() -> None:
    with pytest.raises(CatalogueError) as info:
        sp.mapping_from_table(
            {
                "zone": 3,
                "order": "backwards",
                "fields": {"colour": "x", "status": 4},
                "statuses": {"pending": ["Waiting"], "resolved": ["Waiting"], "open": "Open"},
                "groups": {"l1": "Desk"},
                "tz": "UTC",
            },
            "jira",
        )
    assert sorted(info.value.problems) == sorted(
        [
            (
                "platforms.jira.tz",
                "unknown key; expected zone, order, ambiguous, nonexistent, "
                "fields, statuses, groups, priorities, priority_from, metrics, values",
            ),
            ("platforms.jira.zone", "expected a string, found 3"),
            ("platforms.jira.fields.status", "expected a string, found 4"),
            ("platforms.jira.order", "'backwards' is not one of iso, day-first, month-first"),
            (
                "platforms.jira.fields.colour",
                "unknown field; expected status, priority, impact, "
                "urgency, group, assignee, service, customer",
            ),
            ("platforms.jira.statuses.resolved", "'Waiting' is also under 'pending'"),
        ]
    )


def test_mappings_from_table_names_unknown_platforms() -> None:
    with pytest.raises(CatalogueError, match=r"platforms\.remedy: unknown platform"):
        sp.mappings_from_table({"remedy": {}})


def test_mapping_defaults_and_dropped_fields() -> None:
    m = sp.PlatformMapping("servicenow", fields={"impact": "", "group": "u_team"})
    assert dict(m.fields) == {
        "status": "state",
        "priority": "priority",
        "urgency": "urgency",
        "group": "u_team",
        "assignee": "assigned_to",
    }
    assert m.zone is None
    assert sp.PlatformMapping("flat", zone="UTC").zone == ZoneInfo("UTC")


# -- Parquet ------------------------------------------------------------------------------------


def test_parquet_long_table(tmp_path: Any) -> None:
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    at = [
        datetime(2026, 10, 25, 0, 30),
        datetime(2026, 10, 25, 0, 30),
        datetime(2026, 10, 25, 1, 30),
        datetime(2026, 10, 25, 9, 0),
    ]
    table = pa.table(
        {
            "id": ["INC1"] * 4,
            "changed_at": pa.array(at, pa.timestamp("us")),
            "field": ["created", "status", "status", "status"],
            "value": [None, "New", "On hold", "Resolved"],
        }
    )
    path = tmp_path / "log.parquet"
    pq.write_table(table, path)
    names = {"ticket": "id", "at": "changed_at"}
    with pytest.raises(SlacalcError, match="occurs twice"):
        sp.read_parquet(path, columns=names, readings=sp.LocalReadings("Europe/London"))
    log = sp.read_parquet(
        path, columns=names, readings=sp.LocalReadings("Europe/London", ambiguous="later")
    )
    a = log["INC1"]
    assert a.created.astimezone(UTC) == datetime(2026, 10, 24, 23, 30, tzinfo=UTC)
    assert dict(a.initial) == {"status": "New"}
    assert [(c.at.astimezone(UTC).hour, c.value) for c in a.changes] == [
        (1, "On hold"),
        (9, "Resolved"),
    ]
    aware = table.set_column(
        1, "changed_at", pa.array([x.replace(tzinfo=UTC) for x in at], pa.timestamp("us", tz="UTC"))
    )
    pq.write_table(aware, path)
    assert sp.read_parquet(path, columns=names)["INC1"].created == datetime(
        2026, 10, 25, 0, 30, tzinfo=UTC
    )
    with pytest.raises(SlacalcError, match="columns"):
        sp.read_parquet(path, columns={"when": "changed_at"})
