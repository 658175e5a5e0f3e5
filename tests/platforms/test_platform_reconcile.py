"""Reconcile: the planted disagreements are found and explained, and nothing else;
slacalc's own figures written in each platform's shape reconcile to zero."""

from __future__ import annotations

import csv
import io
import json
import warnings
from datetime import UTC, datetime, timedelta
from typing import Any

import attrs
import pytest
from platform_data import DATA, MAPPINGS, made

import slacalc.platforms as sp
from slacalc.activity import ActivityLog, ActivityWarning, CycleOutcome, evaluate
from slacalc.catalogue import Catalogue

CATALOGUE: Catalogue = made.CATALOGUE
PLANTED = json.loads((DATA / "planted.json").read_text())
WORDS = {
    "dst": "wall-clock hours across the DST change",
    "pause": "did not apply a pause",
    "schedule": "outside the calendar's hours",
    "retarget": "did not re-target",
}


def read(platform: str) -> tuple[ActivityLog, list[sp.PlatformRecord]]:
    m = MAPPINGS[platform]
    if platform == "jira":
        return sp.read_jira(DATA / "jira" / "issues.json", m), sp.read_jsm_sla(
            DATA / "jira" / "sla.json"
        )
    if platform == "servicenow":
        sn = DATA / "servicenow"
        log = sp.read_servicenow(sn / "incident.csv", sn / "sys_audit.csv", m)
        return log, sp.read_task_sla(sn / "task_sla.csv", m)
    z = DATA / "zendesk"
    return sp.read_zendesk_audits(z / "audits.json", m), sp.read_ticket_metric_events(
        z / "ticket_metric_events.json"
    )


def outcomes(platform: str, log: ActivityLog) -> tuple[CycleOutcome, ...]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ActivityWarning)  # the open statuses name no policy
        return evaluate(
            log, CATALOGUE, as_of=made.AS_OF, rules=sp.activity_rules(MAPPINGS[platform])
        )


@pytest.mark.parametrize("platform", ["jira", "servicenow", "zendesk"])
def test_planted_disagreements_are_found_explained_and_nothing_else(platform: str) -> None:
    log, records = read(platform)
    ours = outcomes(platform, log)
    result = sp.reconcile(
        records, ours, mapping=MAPPINGS[platform], activity=log, catalogue=CATALOGUE
    )
    assert len(result.comparisons) == len(records) == 67
    found = {(c.ticket, c.metric, c.cycle): c for c in result.disagreements}
    planted = {(p["ticket"], p["metric"], p["cycle"]): p["kind"] for p in PLANTED[platform]}
    assert set(found) == set(planted)
    for key, kind in planted.items():
        assert WORDS[kind] in found[key].explanation, (key, found[key].explanation)
    assert not result.within(sp.Tolerance(count=3))
    assert result.within(sp.Tolerance(count=4))


def test_dst_explanation_names_the_hour() -> None:
    log, records = read("jira")
    result = sp.reconcile(records, outcomes("jira", log), mapping=MAPPINGS["jira"])
    (spring,) = [c for c in result.disagreements if c.ticket == "SD-101"]
    # raised 23:30 GMT on 28 March, resolved 03:26 BST: 2h56m on the 24x7 P1 clock, due 03:30 UTC;
    # the platform read 23:30 to 03:26 on the wall clock (3h56m) and 23:30 + 4h = 03:30 BST
    assert spring.outcome is not None and spring.platform is not None
    assert spring.outcome.elapsed == timedelta(hours=2, minutes=56)
    assert spring.platform.elapsed == timedelta(hours=3, minutes=56)
    assert spring.outcome.deadline == datetime(2026, 3, 29, 3, 30, tzinfo=UTC)
    assert spring.platform.due == datetime(2026, 3, 29, 2, 30, tzinfo=UTC)
    assert spring.differs == ("due", "elapsed")  # both met: the flags agree
    assert "went forward 1h" in spring.explanation


# -- round trip ----------------------------------------------------------------------------------


def names(platform: str) -> dict[str, str]:
    return made.PLATFORMS[platform]["metric"]  # type: ignore[no-any-return]


def as_jsm(ours: tuple[CycleOutcome, ...]) -> list[dict[str, Any]]:
    def date(at: datetime) -> dict[str, Any]:
        return {"iso8601": at.isoformat(), "epochMillis": int(at.timestamp() * 1000)}

    def ms(d: timedelta) -> dict[str, int]:
        return {"millis": d // timedelta(milliseconds=1)}

    requests: dict[str, dict[str, dict[str, Any]]] = {}
    for o in ours:
        if o.kind != "SLA" or o.state == "cancelled":
            continue
        sla = requests.setdefault(o.ticket, {}).setdefault(
            o.metric, {"name": names("jira")[o.metric], "completedCycles": []}
        )
        cycle = {
            "startTime": date(o.start),
            "breached": o.state == "breached",
            "goalDuration": ms(o.target),
            "elapsedTime": ms(o.elapsed),
            "remainingTime": ms(o.target - o.elapsed),
        }
        if o.deadline is not None:
            cycle["breachTime"] = date(o.deadline)
        if o.stop is not None:
            sla["completedCycles"].append({**cycle, "stopTime": date(o.stop)})
        else:
            sla["ongoingCycle"] = {**cycle, "paused": False}
    return [{"key": k, "values": list(v.values())} for k, v in requests.items()]


def naive(at: datetime | None) -> str:
    return "" if at is None else at.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S")


def as_task_sla(ours: tuple[CycleOutcome, ...]) -> list[dict[str, str]]:
    """task_sla rows written in UTC (a naive export in a DST zone could not say which
    01:30 it meant; the round trip is about figures, not about that loss)."""
    rows = []
    for o in ours:
        if o.kind != "SLA" or o.state == "cancelled":
            continue
        rows.append(
            {
                "task": o.ticket,
                "sla": f"{o.priority} {o.metric}",
                "stage": "completed" if o.stop else "in_progress",
                "start_time": naive(o.start),
                "end_time": naive(o.stop),
                "planned_end_time": naive(o.deadline),
                "has_breached": "true" if o.state == "breached" else "false",
                "business_duration": str(o.elapsed // timedelta(seconds=1)),
                "business_pause_duration": str(o.paused // timedelta(seconds=1)),
                "business_percentage": "",
            }
        )
    return rows


def as_metric_events(ours: tuple[CycleOutcome, ...]) -> list[dict[str, Any]]:
    events: list[dict[str, Any]] = []
    for o in ours:
        if o.kind != "SLA" or o.state == "cancelled":
            continue

        def ev(kind: str, at: datetime, o: CycleOutcome = o, **extra: Any) -> None:
            events.append(
                {
                    "id": len(events),
                    "ticket_id": o.ticket,
                    "metric": names("zendesk")[o.metric],
                    "instance_id": o.cycle,
                    "type": kind,
                    "time": at.astimezone(UTC).isoformat().replace("+00:00", "Z"),
                    **extra,
                }
            )

        business = o.priority != "P1"  # P1 counts on the 24x7 calendar
        ev("activate", o.start)
        ev(
            "apply_sla",
            o.start,
            sla={"target": o.target // timedelta(minutes=1), "business_hours": business},
        )
        if o.deadline is not None:
            ev("breach", o.deadline, deleted=o.state != "breached")
        if o.stop is not None:
            ev("fulfill", o.stop)
            minutes = o.elapsed // timedelta(minutes=1)
            ev("update_status", o.stop, status={"business": minutes, "calendar": minutes})
    return events


@pytest.mark.parametrize("platform", ["jira", "servicenow", "zendesk"])
def test_round_trip_reconciles_to_zero(platform: str) -> None:
    log, _ = read(platform)
    ours = outcomes(platform, log)
    m = MAPPINGS[platform]
    if platform == "jira":
        records = sp.jsm_sla_records(as_jsm(ours))
    elif platform == "servicenow":
        m = attrs.evolve(
            m,
            zone="UTC",
            metrics={f"{p} {k}": k for p in made.LEVELS for k in ("response", "resolution")},
        )
        records = sp.task_sla_records(as_task_sla(ours), m)
    else:
        records = sp.zendesk_metric_records(as_metric_events(ours))
    result = sp.reconcile(records, ours, mapping=m)
    assert len(result.comparisons) == len([o for o in ours if o.kind == "SLA"]) > 60
    assert result.disagreements == ()
    assert result.within(sp.Tolerance(count=0))


# -- the report itself ---------------------------------------------------------------------------


def test_missing_cycles_on_either_side_are_disagreements() -> None:
    log, records = read("jira")
    ours = outcomes("jira", log)
    dropped = [r for r in records if r.ticket != "SD-110"]
    result = sp.reconcile(
        dropped, [o for o in ours if o.ticket != "SD-111"], mapping=MAPPINGS["jira"]
    )
    missing = {(c.ticket, c.explanation) for c in result.disagreements if c.differs == ("missing",)}
    assert missing == {
        ("SD-110", "the platform has no such cycle; slacalc has one"),
        ("SD-111", "slacalc has no such cycle; the platform has one"),
    }


def test_csv_cells_cannot_become_formulas() -> None:
    t0 = datetime(2026, 3, 2, 9, tzinfo=UTC)
    rec = sp.PlatformRecord(
        "jira", '=HYPERLINK("x")', "@SUM(A1)", 1, start=t0, elapsed=timedelta(hours=1)
    )
    text = sp.reconcile([rec], []).to_csv()
    (row,) = csv.DictReader(io.StringIO(text))
    assert row["ticket"] == '\'=HYPERLINK("x")' and row["metric"] == "'@SUM(A1)"
    assert row["platform_elapsed"] == "1h" and row["differs"] == "missing"
    for lead in ("=", "+", "-", "@", "\t", "\r"):
        assert sp.neutralise(lead + "1") == "'" + lead + "1"
    assert sp.neutralise("SD-1") == "SD-1"


def test_tolerance() -> None:
    assert sp.Tolerance.parse("0").allows(0, 10) and not sp.Tolerance.parse("0").allows(1, 10)
    assert sp.Tolerance.parse("10%").allows(1, 10) and not sp.Tolerance.parse("10%").allows(2, 10)
    with pytest.raises(ValueError, match="tolerance"):
        sp.Tolerance.parse("a few")


def test_top_level_name_and_catalogue_section() -> None:
    import slacalc as sc
    from slacalc.errors import CatalogueError

    assert sc.reconcile is sp.reconcile
    cat = sc.load(DATA / "platforms-catalogue.toml")  # the [platforms] sections are accepted
    assert {s.id for s in cat.slas} == {"email-finance", "portal-acme"}
    text = (DATA / "platforms-catalogue.toml").read_text()
    broken = text.replace('zone = "America/New_York"', 'zone = "America/Gotham"').replace(
        "[platforms.flat]", "[platforms.remedy]\n\n[platforms.flat]"
    )
    with pytest.raises(CatalogueError) as info:
        sc.loads(broken)
    assert [p for p, _ in info.value.problems] == ["platforms.servicenow.zone", "platforms.remedy"]
