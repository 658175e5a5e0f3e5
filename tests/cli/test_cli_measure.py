"""The ``timers`` and ``report`` commands, run through ``slacalc.cli.main``."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from slacalc.cli._output import PROGRESS_EVERY

ROOT = Path(__file__).parent.parent.parent
EXAMPLES = ROOT / "examples"
CATALOGUE = str(EXAMPLES / "catalogue.toml")
AT = "2026-09-30T15:00:00+01:00"

Run = Callable[..., tuple[int, str, str]]


# --- timers -------------------------------------------------------------------------------


def test_timers_table_most_urgent_first(run: Run) -> None:
    code, out, err = run(
        "timers", str(EXAMPLES / "tickets.csv"), "--catalogue", CATALOGUE, "--at", AT
    )
    assert code == 0 and err == ""
    lines = out.splitlines()
    assert lines[0].endswith(f"open ticket(s) at {datetime.fromisoformat(AT)}")
    header = lines[3].split()
    assert header[:6] == ["ticket", "service", "customer", "priority", "metric", "state"]
    assert "breached" in lines[4]


def test_timers_json_order_and_fields(run: Run) -> None:
    code, out, _ = run(
        "timers",
        str(EXAMPLES / "tickets.csv"),
        "--catalogue",
        CATALOGUE,
        "--at",
        AT,
        "--format",
        "json",
    )
    rows = json.loads(out)
    assert code == 0 and rows
    assert set(rows[0]) == {
        "ticket",
        "service",
        "customer",
        "priority",
        "metric",
        "state",
        "deadline",
        "time_left",
        "time_left_seconds",
        "next_alert_fraction",
        "next_alert_at",
    }
    dated = [r for r in rows if r["deadline"] is not None]
    deadlines = [datetime.fromisoformat(r["deadline"]) for r in dated]
    assert deadlines == sorted(deadlines)
    assert rows[: len(dated)] == dated  # paused timers (no deadline) come last
    states = {r["state"] for r in rows}
    assert states <= {"running", "warning", "breached", "paused"}
    assert {"breached", "paused", "running"} <= states
    assert all(r["time_left_seconds"] < 0 for r in rows if r["state"] == "breached")


def _tickets(tmp_path: Path, rows: list[str]) -> str:
    path = tmp_path / "tickets.csv"
    path.write_text("\n".join(["ticket,service,customer,priority,opened,responded,pauses", *rows]))
    return str(path)


def test_timers_worked_ticket(tmp_path: Path, run: Run) -> None:
    # email-finance P2 (uk-business 08:00-18:00): opened Wed 30 Sep 09:00 BST, answered at
    # 09:10. At 15:01 6 h 1 m of the 8 h resolution are used: warning, 1 h 59 m left,
    # deadline 17:00; 75 % (6 h) was at 15:00, so the next alert is 90 % (7 h 12 m) at 16:12.
    path = _tickets(
        tmp_path, ["INC-1,email,Finance,P2,2026-09-30T09:00:00+01:00,2026-09-30T09:10:00+01:00,"]
    )
    at = "2026-09-30T15:01:00+01:00"
    code, out, _ = run("timers", path, "--catalogue", CATALOGUE, "--at", at, "--format", "csv")
    (row,) = list(csv.DictReader(io.StringIO(out)))
    assert code == 0
    assert (row["metric"], row["state"], row["time_left"]) == ("resolution", "warning", "1h59m")
    assert row["deadline"] == "2026-09-30T17:00:00+01:00"
    assert (row["next_alert_fraction"], row["next_alert_at"]) == (
        "0.9",
        "2026-09-30T16:12:00+01:00",
    )
    code, out, _ = run("timers", path, "--catalogue", CATALOGUE, "--at", at)
    assert "90% at 2026-09-30T16:12:00+01:00" in out and "1h59m" in out


def test_timers_use_the_slas_own_warnings(tmp_path: Path, run: Run) -> None:
    # The worked ticket above, with email-finance warning at 80 % only: 80 % of 8 h is
    # 6 h 24 m, reached at 15:24 (09:00 + 6 h 24 m, all inside 08:00-18:00); then the breach.
    text = Path(CATALOGUE).read_text(encoding="utf-8")
    head = '[sla.email-finance]\nservice = "email"\n'
    assert head in text
    catalogue = tmp_path / "catalogue.toml"
    catalogue.write_text(text.replace(head, head + "warnings = [0.8]\n"), encoding="utf-8")
    path = _tickets(
        tmp_path, ["INC-1,email,Finance,P2,2026-09-30T09:00:00+01:00,2026-09-30T09:10:00+01:00,"]
    )
    argv = ("timers", path, "--catalogue", str(catalogue), "--format", "csv", "--at")
    _, out, _ = run(*argv, "2026-09-30T15:01:00+01:00")
    (row,) = list(csv.DictReader(io.StringIO(out)))
    assert (row["next_alert_fraction"], row["next_alert_at"]) == (
        "0.8",
        "2026-09-30T15:24:00+01:00",
    )
    _, out, _ = run(*argv, "2026-09-30T15:30:00+01:00")
    (row,) = list(csv.DictReader(io.StringIO(out)))
    assert (row["next_alert_fraction"], row["next_alert_at"]) == (
        "1.0",
        "2026-09-30T17:00:00+01:00",
    )


def test_timers_bad_rows_name_their_lines(tmp_path: Path, run: Run) -> None:
    path = _tickets(
        tmp_path,
        [
            "INC-1,email,Finance,P2,2026-09-30T09:00:00+01:00,,",
            "INC-2,email,Finance,P2,2026-09-30 09:00,,",  # line 3: no offset
            "INC-3,email,Finance,P2,2026-09-30T09:00:00+01:00,,x",  # line 4: bad pause
        ],
    )
    code, out, err = run("timers", path, "--catalogue", CATALOGUE, "--at", AT)
    assert code == 2 and out == ""
    assert "2 problem(s)" in err and "line 3: opened" in err and "line 4: pauses" in err


def test_timers_unknown_sla_and_future_and_impossible_events(tmp_path: Path, run: Run) -> None:
    path = _tickets(
        tmp_path,
        [
            "INC-1,email,Legal,P2,2026-09-30T09:00:00+01:00,,",  # line 2: no SLA
            "INC-2,email,Finance,P2,2026-10-01T09:00:00+01:00,,",  # line 3: after --at
            "INC-3,mobile,Sales & Marketing,P1,2026-09-30T09:00:00+01:00,,",  # 4: no P1
            # line 5: answered before it was opened
            "INC-4,email,Finance,P2,2026-09-30T09:00:00+01:00,2026-09-30T08:00:00+01:00,",
            "INC-5,email,Finance,P2,2026-09-30T09:00:00+01:00,,",
        ],
    )
    code, _, err = run("timers", path, "--catalogue", CATALOGUE, "--at", AT)
    assert code == 2
    for n in (2, 3, 4, 5):
        assert f"line {n}: ticket 'INC-{n - 1}'" in err
    assert "'Legal'" in err and "'P1'" in err


def test_timers_progress_on_large_files(tmp_path: Path, run: Run) -> None:
    start = datetime.fromisoformat("2026-09-28T09:00:00+01:00")
    rows = [
        f"INC-{i},email,Finance,P3,{(start + timedelta(minutes=i)).isoformat()},,"
        for i in range(PROGRESS_EVERY)
    ]
    path = _tickets(tmp_path, rows)
    code, out, err = run("timers", path, "--catalogue", CATALOGUE, "--at", AT, "--format", "json")
    assert code == 0 and len(json.loads(out)) == 2 * len(rows)
    progress = err.splitlines()
    assert len(progress) == 10 and progress[-1] == "slacalc: tickets: 1000 of 1000"
    code, _, err = run(
        "timers", path, "--catalogue", CATALOGUE, "--at", AT, "--format", "json", "--no-progress"
    )
    assert code == 0 and err == ""


def test_timers_missing_file_and_bad_at(tmp_path: Path, run: Run) -> None:
    code, _, err = run("timers", str(tmp_path / "none.csv"), "--catalogue", CATALOGUE)
    assert code == 2 and "none.csv" in err
    code, _, err = run(
        "timers", str(EXAMPLES / "tickets.csv"), "--catalogue", CATALOGUE, "--at", "noon"
    )
    assert code == 2 and "ISO 8601" in err


def test_timers_without_at_uses_now(run: Run) -> None:
    code, out, _ = run(
        "timers", str(EXAMPLES / "tickets.csv"), "--catalogue", CATALOGUE, "--format", "json"
    )
    assert code == 0 and json.loads(out)


# --- report -------------------------------------------------------------------------------


def _report(run: Run, *extra: str) -> tuple[int, str, str]:
    return run(
        "report",
        str(EXAMPLES / "history.csv"),
        "--catalogue",
        CATALOGUE,
        "--period",
        "2026-Q3",
        *extra,
    )


def test_report_markdown(run: Run) -> None:
    code, out, err = _report(
        run, "--outages", str(EXAMPLES / "outages.csv"), "--availability-target", "99.5%"
    )
    assert code == 0 and err == ""
    assert out.startswith("# Service report, 2026-Q3")
    assert "## Finance" in out and "### Finance and payroll (ERP)" in out
    assert "every month, but slipping" in out
    assert "target 99.50% met" in out


def test_report_json_with_options(run: Run) -> None:
    code, out, _ = _report(
        run,
        "--outages",
        str(EXAMPLES / "outages.csv"),
        "--availability-target",
        "wms=99.9%",
        "--goal",
        "0.9",
        "--months",
        "4",
        "--customer",
        "Warehouse Operations",
        "--format",
        "json",
    )
    data = json.loads(out)
    assert code == 0 and data["goal"] == 0.9
    (customer,) = data["customers"]
    wms, network = customer["services"]
    assert wms["availability"]["target"] == 0.999 and wms["availability"]["met"] is False
    assert network["availability"]["target"] is None
    assert len(wms["trend"]["months"]) == 4


def test_report_chart(tmp_path: Path, run: Run) -> None:
    pytest.importorskip("matplotlib")
    chart = tmp_path / "trend.svg"
    code, _, err = _report(run, "--chart", str(chart))
    assert code == 0 and "chart written" in err and chart.read_text().lstrip().startswith("<?xml")


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (("--customer", "Legal"), "'Legal'"),
        (("--availability-target", "120%"), "--availability-target"),
        (("--availability-target", "printers=99%"), "'printers'"),
        (("--goal", "most"), "--goal"),
        (("--months", "2"), "at least 3 months"),
        (("--as-of", "yesterday"), "ISO 8601"),
        (("--outages", "missing.csv"), "missing.csv"),
    ],
)
def test_report_bad_options(run: Run, extra: tuple[str, ...], message: str) -> None:
    code, out, err = _report(run, *extra)
    assert code == 2 and out == "" and message in err


def test_report_bad_period(run: Run) -> None:
    code, _, err = run(
        "report", str(EXAMPLES / "history.csv"), "--catalogue", CATALOGUE, "--period", "Q3"
    )
    assert code == 2 and "--period: 'Q3'" in err


def test_report_history_problems_are_listed(tmp_path: Path, run: Run) -> None:
    history = tmp_path / "history.csv"
    history.write_text(
        "ticket,service,customer,priority,metric,start,stop\n"
        "INC-1,email,Finance,P2,resolution,2026-07-01T09:00:00+01:00,\n"
        "INC-2,email,Legal,P2,resolution,2026-07-01T09:00:00+01:00,2026-07-01T10:00:00+01:00\n"
    )
    base = ("report", str(history), "--catalogue", CATALOGUE, "--period", "2026-Q3")
    code, _, err = run(*base)
    assert code == 2
    assert "line 3: ticket 'INC-2'" in err and "give --as-of" in err
    assert str(history) in err
    history.write_text(
        "ticket,service,customer,priority,metric,start,stop\n"
        "INC-1,email,Finance,P2,resolution,2026-07-01T09:00:00+01:00,\n"
    )
    at = ("--as-of", "2026-07-01T12:00:00+01:00", "--customer", "Finance")
    code, out, _ = run(*base, *at, "--format", "json")
    assert code == 0 and json.loads(out)["customers"][0]["services"][0]["resolution"]["open"] == 1


def test_report_as_csv(run: Run) -> None:
    code, out, _ = run(
        "report",
        str(EXAMPLES / "history.csv"),
        "--catalogue",
        CATALOGUE,
        "--period",
        "2026-Q3",
        "--format",
        "csv",
    )
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 0 and rows
    assert {r["period"] for r in rows} == {"2026-Q3"}
    for r in rows:
        met, late = int(r["resolved_met"]), int(r["resolved_late"])
        assert float(r["resolved_on_time"]) == pytest.approx(met / (met + late))
