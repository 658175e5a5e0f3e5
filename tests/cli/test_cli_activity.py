"""``slacalc timers`` and ``slacalc report`` on an activity log, figures worked by hand."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path

import pytest

from slacalc.cli._activity import is_activity_log

ROOT = Path(__file__).parent.parent.parent
EXAMPLES = ROOT / "examples"

Run = Callable[..., tuple[int, str, str]]

# Mon-Fri 09:00-17:00 London; 2 March 2026 is a Monday in GMT (London = UTC).
CATALOGUE = """
[calendars.uk]
tz = "Europe/London"
hours = { mon-fri = "09:00-17:00" }
[services.email]
name = "Email"
[sla.email-fin]
service = "email"
customer = "Finance"
calendar = "uk"
warnings = [0.5]
targets.P1 = { response = "30m", resolution = "4h" }
[ola.infra]
team = "Infrastructure"
calendar = "uk"
supports = ["email-fin"]
targets.P1 = { resolution = "2h" }
[activity.teams]
Infrastructure = ["Infra"]
"""


def _ticket(ticket: str, at: str, changes: list[tuple[str, str, str]]) -> list[str]:
    rows = [f"{ticket},{at},created,"]
    rows += [
        f"{ticket},{at},{f},{v}"
        for f, v in (
            ("service", "email"),
            ("customer", "Finance"),
            ("priority", "P1"),
            ("status", "New"),
        )
    ]
    return rows + [f"{ticket},{when},{f},{v}" for when, f, v in changes]


# INC-1: answered 09:20, with Infra from 10:00, pending the customer 11:00-12:00, resolved 14:30.
# INC-2: raised 11:00, answered 12:40, resolved 13:00. INC-3: the next day, resolved in 20 minutes.
LOG = "\n".join(
    [
        "ticket,at,field,value",
        *_ticket(
            "INC-1",
            "2026-03-02T09:00:00Z",
            [
                ("2026-03-02T09:20:00Z", "comment", "public-reply"),
                ("2026-03-02T10:00:00Z", "assignment_group", "Infra"),
                ("2026-03-02T11:00:00Z", "status", "Pending customer"),
                ("2026-03-02T12:00:00Z", "status", "In progress"),
                ("2026-03-02T14:30:00Z", "status", "Resolved"),
            ],
        ),
        *_ticket(
            "INC-2",
            "2026-03-02T11:00:00Z",
            [
                ("2026-03-02T12:40:00Z", "comment", "public-reply"),
                ("2026-03-02T13:00:00Z", "status", "Resolved"),
            ],
        ),
        *_ticket("INC-3", "2026-03-03T09:00:00Z", [("2026-03-03T09:20:00Z", "status", "Resolved")]),
    ]
)


@pytest.fixture
def files(tmp_path: Path) -> tuple[str, str]:
    (tmp_path / "cat.toml").write_text(CATALOGUE, encoding="utf-8")
    (tmp_path / "log.csv").write_text(LOG + "\n", encoding="utf-8")
    return str(tmp_path / "log.csv"), str(tmp_path / "cat.toml")


def test_an_activity_log_is_told_apart_by_its_header(tmp_path: Path) -> None:
    (tmp_path / "a.csv").write_text("\ufeffvalue,ticket,field,at\n", encoding="utf-8")
    (tmp_path / "b.csv").write_text("ticket,at,field,value,extra\n", encoding="utf-8")
    assert is_activity_log(str(tmp_path / "a.csv"))  # any order, a byte-order mark
    assert not is_activity_log(str(tmp_path / "b.csv"))
    assert not is_activity_log(str(EXAMPLES / "tickets.csv"))
    assert not is_activity_log(str(EXAMPLES / "history.csv"))
    assert is_activity_log(str(EXAMPLES / "activity.csv"))
    assert not is_activity_log(str(tmp_path / "missing.csv"))


def test_timers_on_an_activity_log(files: tuple[str, str], run: Run) -> None:
    """At 12:15 (changes after it unseen):

    - INC-2 response: 30m from 11:00, due 11:30, unanswered: breached, 45m over.
    - INC-1 infra.resolution (the OLA, while Infra holds it): 10:00-11:00 and
      12:00-12:15 = 1h15m of 2h, due 13:00; 75% (1h30m) falls at 12:30.
    - INC-1 resolution: 09:00-11:00 and 12:00-12:15 = 2h15m of 4h, due 14:00; the
      SLA warns at 50% (passed at 11:00), so the next alert is the breach.
    - INC-2 resolution: 1h15m of 4h, due 15:00; 50% (2h) at 13:00.
    INC-1's response was met at 09:20 and INC-3 does not exist yet.
    """
    log, cat = files
    code, out, err = run("timers", log, "--catalogue", cat, "--at", "2026-03-02T12:15:00Z")
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0] == "4 live clock(s) on 2 open ticket(s) at 2026-03-02 12:15:00+00:00"
    code, out, _ = run(
        "timers", log, "--catalogue", cat, "--at", "2026-03-02T12:15:00Z", "--format", "json"
    )
    rows = json.loads(out)
    got = [
        (
            r["ticket"],
            r["metric"],
            r["state"],
            r["deadline"],
            r["time_left_seconds"],
            r["next_alert_fraction"],
            r["next_alert_at"],
        )
        for r in rows
    ]
    z = "+00:00"
    assert got == [
        ("INC-2", "response", "breached", f"2026-03-02T11:30:00{z}", -2700.0, None, None),
        (
            "INC-1",
            "infra.resolution",
            "running",
            f"2026-03-02T13:00:00{z}",
            2700.0,
            0.75,
            f"2026-03-02T12:30:00{z}",
        ),
        (
            "INC-1",
            "resolution",
            "running",
            f"2026-03-02T14:00:00{z}",
            6300.0,
            1.0,
            f"2026-03-02T14:00:00{z}",
        ),
        (
            "INC-2",
            "resolution",
            "running",
            f"2026-03-02T15:00:00{z}",
            9900.0,
            0.5,
            f"2026-03-02T13:00:00{z}",
        ),
    ]
    assert {r["service"] for r in rows} == {"email"} and {r["priority"] for r in rows} == {"P1"}


def test_timers_while_paused(files: tuple[str, str], run: Run) -> None:
    """At 11:30 INC-1 waits on the customer: its SLA and OLA resolution clocks are
    paused (no deadline, listed last) with 2h and 1h left; INC-2's response is at 30m of
    30m: due now, not yet breached (a breach is after the deadline)."""
    log, cat = files
    code, out, _ = run(
        "timers", log, "--catalogue", cat, "--at", "2026-03-02T11:30:00Z", "--format", "csv"
    )
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [
        (r["ticket"], r["metric"], r["state"], r["deadline"], r["time_left"]) for r in rows
    ] == [
        ("INC-2", "response", "warning", "2026-03-02T11:30:00+00:00", "0s"),
        ("INC-2", "resolution", "running", "2026-03-02T15:00:00+00:00", "3h30m"),
        ("INC-1", "infra.resolution", "paused", "", "1h"),
        ("INC-1", "resolution", "paused", "", "2h"),
    ]


def test_report_on_an_activity_log(files: tuple[str, str], run: Run) -> None:
    """By Friday: INC-1's resolution ran 09:00-11:00 and 12:00-14:30, 4h30m against 4h,
    late (at 14:00 Infra held it, and Infra's own 2h OLA ran out at 13:00: staffing);
    INC-2 was answered after 1h40m against 30m, late (unassigned: process), and
    resolved in 2h; INC-3 was resolved (and so answered) in 20 minutes."""
    log, cat = files
    code, out, err = run(
        "report",
        log,
        "--catalogue",
        cat,
        "--period",
        "2026-03",
        "--as-of",
        "2026-03-06",
        "--format",
        "csv",
    )
    assert code == 0, err
    [row] = list(csv.DictReader(io.StringIO(out)))
    assert (row["sla"], row["resolved_met"], row["resolved_late"]) == ("email-fin", "2", "1")
    assert float(row["resolved_on_time"]) == pytest.approx(2 / 3)
    assert float(row["answered_on_time"]) == pytest.approx(2 / 3)
    code, out, _ = run(
        "report", log, "--catalogue", cat, "--period", "2026-03", "--as-of", "2026-03-06"
    )
    assert "- 2 of 3 requests (66.6%) were resolved on time" in out
    assert "- Missed targets by cause: process (1), staffing (1)." in out


def test_report_on_an_activity_log_needs_as_of(files: tuple[str, str], run: Run) -> None:
    log, cat = files
    code, _, err = run("report", log, "--catalogue", cat, "--period", "2026-03")
    assert code == 2
    assert "an activity log's clocks are judged at an instant: give --as-of" in err


def test_bad_activity_rows_name_their_lines(
    tmp_path: Path, run: Run, files: tuple[str, str]
) -> None:
    _, cat = files
    path = tmp_path / "bad.csv"
    path.write_text("ticket,at,field,value\nINC-1,noon,created,\n", encoding="utf-8")
    code, _, err = run("timers", str(path), "--catalogue", cat, "--at", "2026-03-02T12:00:00Z")
    assert code == 2 and "line 2, column 2 (at)" in err


def test_the_example_log_shows_nimbus_on_the_board(run: Run) -> None:
    """The planted chain gap, live: an ERP P2 ticket for Finance in Nimbus's hands,
    its response clock (4h on Pune's hours) already broken."""
    code, out, _ = run(
        "timers",
        str(EXAMPLES / "activity.csv"),
        "--catalogue",
        str(EXAMPLES / "catalogue.toml"),
        "--at",
        "2026-09-30T15:00:00+01:00",
        "--format",
        "json",
        "--no-progress",
    )
    assert code == 0
    rows = json.loads(out)
    assert rows[0]["metric"] == "nimbus.response" and rows[0]["state"] == "breached"
    assert (rows[0]["service"], rows[0]["customer"], rows[0]["priority"]) == (
        "erp",
        "Finance",
        "P2",
    )


def test_the_example_report_puts_erp_late_requests_on_the_supplier(run: Run) -> None:
    code, out, _ = run(
        "report",
        str(EXAMPLES / "activity.csv"),
        "--catalogue",
        str(EXAMPLES / "catalogue.toml"),
        "--period",
        "2026-Q3",
        "--as-of",
        "2026-10-15",
        "--no-progress",
    )
    assert code == 0
    erp = out[out.index("### Finance and payroll (ERP)") :].split("###")[1]
    assert "- 239 of 302 requests (79.1%) were resolved on time" in erp
    assert "- Missed targets by cause: third party (60), staffing (3)." in erp


def test_evaluate_uses_the_catalogues_rules_with_no_python(run: Run) -> None:
    code, out, _ = run(
        "evaluate",
        str(EXAMPLES / "activity.csv"),
        "--catalogue",
        str(EXAMPLES / "catalogue.toml"),
        "--as-of",
        "2026-10-15T00:00:00Z",
        "--format",
        "csv",
        "--no-progress",
    )
    assert code == 0
    rows = [
        r
        for r in csv.DictReader(io.StringIO(out))
        if (r["agreement"], r["metric"], r["priority"], r["state"])
        == ("erp-finance", "resolution", "P2", "breached")
    ]
    assert len(rows) >= 50
    for r in rows:
        assert r["category"] == "third party"
        assert "supplier:Nimbus Support Services Pvt Ltd (Pune)=" in r["attribution"]


def test_tickets_that_cannot_be_judged_name_the_file(
    tmp_path: Path, run: Run, files: tuple[str, str]
) -> None:
    _, cat = files
    path = tmp_path / "odd.csv"
    path.write_text(
        "ticket,at,field,value\n"
        "INC-9,2026-03-02T09:00:00Z,created,\n"
        "INC-9,2026-03-02T09:00:00Z,service,fax\n"
        "INC-9,2026-03-02T09:00:00Z,customer,Finance\n"
        "INC-9,2026-03-02T09:00:00Z,priority,P1\n",
        encoding="utf-8",
    )
    for argv in (
        ("timers", str(path), "--catalogue", cat, "--at", "2026-03-02T12:00:00Z"),
        ("report", str(path), "--catalogue", cat, "--period", "2026-03", "--as-of", "2026-03-06"),
    ):
        code, _, err = run(*argv)
        assert code == 2
        assert f"{path}: 1 problem(s)" in err and "ticket 'INC-9'" in err and "'fax'" in err


def test_timers_at_the_instant_a_clock_resumes(files: tuple[str, str], run: Run) -> None:
    """At 12:00 INC-1 leaves "Pending customer": both its clocks run from 12:00 (a
    state holds from its change's instant). SLA: 2h used (09:00-11:00), 2h left, due
    14:00. OLA: 1h used (10:00-11:00), 1h left, due 13:00."""
    log, cat = files
    code, out, _ = run(
        "timers", log, "--catalogue", cat, "--at", "2026-03-02T12:00:00Z", "--format", "json"
    )
    assert code == 0
    inc1 = {r["metric"]: r for r in json.loads(out) if r["ticket"] == "INC-1"}
    assert {m: (r["state"], r["deadline"], r["time_left"]) for m, r in inc1.items()} == {
        "infra.resolution": ("running", "2026-03-02T13:00:00+00:00", "1h"),
        "resolution": ("running", "2026-03-02T14:00:00+00:00", "2h"),
    }


def test_timers_at_the_instant_a_clock_pauses(files: tuple[str, str], run: Run) -> None:
    """At 11:00 INC-1 goes to "Pending customer": both its clocks are paused from
    11:00 (SLA 2h of 4h used, OLA 1h of 2h); INC-2, raised at 11:00, runs from 11:00."""
    log, cat = files
    code, out, _ = run(
        "timers", log, "--catalogue", cat, "--at", "2026-03-02T11:00:00Z", "--format", "json"
    )
    assert code == 0
    got = {
        (r["ticket"], r["metric"]): (r["state"], r["deadline"], r["time_left"])
        for r in json.loads(out)
    }
    assert got == {
        ("INC-2", "response"): ("running", "2026-03-02T11:30:00+00:00", "30m"),
        ("INC-2", "resolution"): ("running", "2026-03-02T15:00:00+00:00", "4h"),
        ("INC-1", "infra.resolution"): ("paused", None, "1h"),
        ("INC-1", "resolution"): ("paused", None, "2h"),
    }
