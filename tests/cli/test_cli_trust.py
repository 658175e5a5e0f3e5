"""The command line's output is safe and its exit statuses mean one thing each."""

from __future__ import annotations

import csv
import io
import subprocess
import sys
from pathlib import Path

import pytest

from slacalc.cli import app, main
from slacalc.cli._output import emit

ROOT = Path(__file__).parent.parent.parent
EXAMPLES = ROOT / "examples"


def test_emit_csv_neutralises_formulas_and_table_shows_escapes() -> None:
    rows = [{"ticket": '=HYPERLINK("http://evil")', "n": -2, "note": "\x1b[2Jgone\nx"}]
    out = io.StringIO()
    emit(rows, "csv", out)
    back = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert back[0]["ticket"] == '\'=HYPERLINK("http://evil")' and back[0]["n"] == "-2"
    out = io.StringIO()
    emit(rows, "table", out)
    assert "\x1b" not in out.getvalue() and "\\x1b[2Jgone\\nx" in out.getvalue()
    assert out.getvalue().count("\n") == 2


@pytest.mark.parametrize("command", ["timers", "report"])
def test_ticket_ids_that_look_like_formulas_are_text_in_csv(
    command: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    name = "tickets.csv" if command == "timers" else "history.csv"
    lines = (EXAMPLES / name).read_text(encoding="utf-8").splitlines()
    first = lines[1].split(",")
    first[0] = "@SUM(1+1)*cmd"
    hostile = tmp_path / name
    hostile.write_text("\n".join([lines[0], ",".join(first), *lines[2:]]) + "\n", "utf-8")
    argv = [command, str(hostile), "--catalogue", str(EXAMPLES / "catalogue.toml")]
    argv += ["--at", "2026-09-30T15:00:00+01:00"] if command == "timers" else []
    argv += ["--period", "2026-Q2"] if command == "report" else []
    main([*argv, "--format", "csv"])
    out = capsys.readouterr().out
    for row in csv.reader(io.StringIO(out)):
        for cell in row:
            assert not cell.startswith(("=", "+", "@", "\t", "\r")), cell
            assert not (cell.startswith("-") and not cell[1:2].isdigit()), cell


def test_gaps_csv_neutralises_names(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = (EXAMPLES / "catalogue.toml").read_text(encoding="utf-8")
    hostile = tmp_path / "c.toml"
    hostile.write_text(text.replace("[sla.mobile-sales]", '[sla."=mobile-sales"]'), "utf-8")
    assert main(["gaps", str(hostile), "--as-of", "2026-11-29", "--format", "csv"]) == 1
    out = capsys.readouterr().out
    assert "'=mobile-sales" in out
    assert not any(c.startswith("=") for row in csv.reader(io.StringIO(out)) for c in row)


@pytest.mark.parametrize(
    ("error", "status", "says"),
    [
        (MemoryError(), 4, "out of memory"),
        (RuntimeError("boom"), 3, "internal error: RuntimeError: boom"),
        (KeyboardInterrupt(), 130, "interrupted"),
    ],
)
def test_unexpected_failures_never_exit_with_the_findings_status(
    error: BaseException,
    status: int,
    says: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    def explode(*_: object, **__: object) -> object:
        raise error

    monkeypatch.setattr("slacalc.cli.gaps.find_gaps", explode)
    code = main(["gaps", str(EXAMPLES / "catalogue.toml"), "--as-of", "2026-11-29"])
    assert code == status and code != app.EXIT_FINDINGS
    assert says in capsys.readouterr().err


@pytest.mark.parametrize("text", ["", "# only a comment\n", '[services.mail]\nname = "Mail"\n'])
def test_a_catalogue_without_an_sla_is_a_configuration_error(
    text: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "empty.toml"
    path.write_text(text, encoding="utf-8")
    assert main(["gaps", str(path), "--as-of", "2026-11-29", "--exit-zero"]) == 2
    err = capsys.readouterr().err
    assert "sla: no SLA: the catalogue promises nothing" in err


def test_an_sla_without_targets_is_a_finding(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "bare.toml"
    path.write_text(
        '[calendars.office]\ntz = "UTC"\nhours = { mon-fri = "09:00-17:00" }\n'
        '[services.mail]\nname = "Mail"\n'
        '[sla.mail-fin]\nservice = "mail"\ncustomer = "Finance"\ncalendar = "office"\n'
        'reviewed = "2026-06-01"\n',
        encoding="utf-8",
    )
    assert main(["gaps", str(path), "--as-of", "2026-11-29", "--format", "json"]) == 1
    out = capsys.readouterr().out
    assert "SLA mail-fin promises Finance nothing: it has no targets" in out


PUNE = """
[calendars.pune]
tz = "Asia/Kolkata"
hours = { mon-fri = "09:00-18:00" }
holidays = "IN-MH"
[services.mail]
name = "Mail"
[sla.mail-fin]
service = "mail"
customer = "Finance"
calendar = "pune"
reviewed = "2029-06-01"
targets = { P1 = { resolution = "8h" } }
"""


def test_horizon_is_capped_at_ten_years_unless_raised(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "c.toml"
    path.write_text(PUNE, encoding="utf-8")
    argv = ["gaps", str(path), "--as-of", "2026-11-29", "--exit-zero"]
    assert main([*argv, "--horizon", "11y"]) == 2
    assert "--max-horizon 11y" in capsys.readouterr().err
    assert main([*argv, "--horizon", "10y"]) == 0
    err = capsys.readouterr().err
    assert "slacalc: gaps: chains (2 of 7)" in err  # progress for a long run
    assert "UserWarning" not in err and "site-packages" not in err


def test_holiday_data_running_out_is_one_finding_not_a_library_warning(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], recwarn: pytest.WarningsRecorder
) -> None:
    # holidays knows Maharashtra's Hindu festivals up to 2035 only (it warns after).
    path = tmp_path / "c.toml"
    path.write_text(PUNE, encoding="utf-8")
    argv = ["gaps", str(path), "--as-of", "2030-01-01", "--horizon", "8y", "--format", "json"]
    main([*argv, "--exit-zero", "--no-progress"])
    captured = capsys.readouterr()
    assert captured.err == ""
    assert not [w for w in recwarn if "available only" in str(w.message)]
    assert captured.out.count("The holidays package has no data past 2035 for IN-MH") == 1
    # a horizon inside the data says nothing of it
    short = ["gaps", str(path), "--as-of", "2030-01-01", "--horizon", "2y", "--format", "json"]
    main([*short, "--exit-zero"])
    assert "no data past" not in capsys.readouterr().out


MAIN_JOB = ["gaps", str(EXAMPLES / "catalogue.toml"), "--as-of", "2026-11-29", "--exit-zero"]


def test_main_job_report_is_wrapped_grouped_and_explained(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    assert main(MAIN_JOB) == 0
    out = capsys.readouterr().out
    table = ("Structural", "severity", "critical", "high", "medium", "low")  # not wrapped
    prose = [line for line in out.splitlines() if not line.startswith(table)]
    assert len(prose) > 40 and max(len(line) for line in prose) <= 79
    # the seven "no chain" findings of mobile-sales are one row with a count
    row = next(
        line for line in out.splitlines() if line.startswith("medium") and "P2, P3, P4" in line
    )
    assert row.split()[-1] == "6" and "resolution, response" in row
    assert "The same holds for 5 more: P2 response, P3 resolution" in " ".join(out.split())
    # the zone once per finding, not after every instant
    first = " ".join(out.split("\n1. ")[1].split("\n2. ")[0].split())
    assert first.count("(Europe/London time)") == 1
    # each kind present is defined in words, once
    assert "chain overrun: the teams and suppliers behind a promise may together take" in out
    assert out.count("review overdue: an agreement past its yearly review") == 1
    assert "14 finding(s) in 9 group(s)" in out


def test_json_has_a_header_and_csv_flat_evidence(capsys: pytest.CaptureFixture[str]) -> None:
    import json

    import slacalc

    main([*MAIN_JOB, "--format", "json"])
    data = json.loads(capsys.readouterr().out)
    assert {k: data[k] for k in ("slacalc_version", "as_of", "horizon")} == {
        "slacalc_version": slacalc.__version__,
        "as_of": "2026-11-29",
        "horizon": "12mo",
    }
    assert data["catalogue"].endswith("catalogue.toml") and len(data["findings"]) == 14
    main([*MAIN_JOB, "--format", "csv"])
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert len(rows) == 14 and "evidence" not in rows[0]
    crm = next(r for r in rows if r["kind"] == "chain overrun" and r["sla"] == "crm-sales")
    assert crm["evidence_worst_overrun"] == "92h25m"
    assert crm["evidence_start"] == "2026-12-24T13:36:00+00:00"
    assert crm["evidence_stages"].startswith("service-desk:response:2026-12-24T13:46:00+00:00; ")
    assert not any(cell.startswith("{") for r in rows for cell in r.values())


def test_holiday_data_finding_does_not_depend_on_what_compiled_before() -> None:
    from datetime import date

    import slacalc as sc

    cat = sc.loads(PUNE)
    for _ in range(2):  # the second run finds the years already memoised
        found = [
            f
            for f in sc.find_gaps(cat, as_of=date(2034, 1, 1), horizon="3y")
            if "no data past 2035" in f.explanation
        ]
        assert len(found) == 1 and found[0].evidence["holidays"] == ["IN-MH"]


def test_a_library_warning_is_one_slacalc_line() -> None:
    # holidays warns (with its own file and line) for Maharashtra after 2035; the
    # command line prints it once, as its own line, for a deadline that spans days.
    # A fresh process: holiday years are memoised, so in-process the warning may be gone.
    argv = ["deadline", "--hours", "mon-fri=09:00-17:30", "--tz", "Asia/Kolkata"]
    argv += ["--holidays", "IN-MH", "--start", "2036-06-05T10:00:00+05:30", "--duration", "40h"]
    done = subprocess.run(
        [sys.executable, "-m", "slacalc", *argv], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr.count("slacalc: warning: holiday data:") == 1, done.stderr
    assert "2035" in done.stderr and "UserWarning" not in done.stderr
