"""``slacalc evaluate`` on an activity log."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from slacalc.cli import main

ROWS = """ticket,at,field,value
INC-1,2026-03-02T09:00:00Z,created,
INC-1,2026-03-02T09:00:00Z,service,email
INC-1,2026-03-02T09:00:00Z,customer,Finance
INC-1,2026-03-02T09:00:00Z,priority,P1
INC-1,2026-03-02T09:00:00Z,status,New
INC-1,2026-03-02T09:00:00Z,cause,=HYPERLINK("x")
INC-1,2026-03-02T09:10:00Z,comment,public-reply
INC-1,2026-03-02T16:00:00Z,status,Resolved
"""
CATALOGUE = str(Path(__file__).parent.parent.parent / "examples" / "catalogue.toml")


def test_evaluate_csv_json_and_neutralised_cells(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    p = tmp_path / "a.csv"
    p.write_text(ROWS)
    args = [str(p), "--catalogue", CATALOGUE, "--as-of", "2026-03-09T00:00:00Z"]
    assert main(["evaluate", *args, "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    sla = [r for r in rows if r["kind"] == "SLA"]
    # email-finance P1 on uk-business (08:00-18:00 London = UTC in March):
    # response 15m met at 10 min; resolution 4h breached at 13:00, 7h elapsed
    assert [(r["metric"], r["state"], r["elapsed_seconds"]) for r in sla] == [
        ("response", "met", 600.0),
        ("resolution", "breached", 25200.0),
    ]
    assert sla[1]["breach"] == "2026-03-02T13:00:00+00:00"
    assert sla[1]["category"] == '=HYPERLINK("x")'  # JSON is data
    assert main(["evaluate", *args, "--format", "csv"]) == 0
    out = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert [r["category"] for r in out if r["kind"] == "SLA" and r["state"] == "breached"] == [
        '\'=HYPERLINK("x")'
    ]
    assert main(["evaluate", *args]) == 0
    assert "resolution" in capsys.readouterr().out


def test_evaluate_bad_input_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    p = tmp_path / "a.csv"
    p.write_text(ROWS.replace("2026-03-02T16:00:00Z", "2026-03-02 16:00"))
    assert (
        main(["evaluate", str(p), "--catalogue", CATALOGUE, "--as-of", "2026-03-09T00:00:00Z"]) == 2
    )
    assert "line 9, column 2 (at)" in capsys.readouterr().err


def test_evaluate_tz_and_unmatched(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # Readings without an offset, taken in London (GMT on 2 March), read with --tz; a
    # ticket of a service no SLA covers is an error naming the file, or skipped on request.
    naive = ROWS.replace(":00Z,", ":00,")
    other = "\n".join(
        line.replace("INC-1", "INC-2").replace(",email", ",vpn") for line in naive.splitlines()[1:]
    )
    p = tmp_path / "a.csv"
    p.write_text(naive + other + "\n")
    args = [str(p), "--catalogue", CATALOGUE, "--as-of", "2026-03-09T00:00:00Z"]
    assert main(["evaluate", *args]) == 2
    assert "--tz" in capsys.readouterr().err
    assert main(["evaluate", *args, "--tz", "Europe/London"]) == 2
    err = capsys.readouterr().err
    assert str(p) in err and "no SLA covers service 'vpn'" in err
    assert "ticket 'INC-2'" in err
    code = main(
        ["evaluate", *args, "--tz", "Europe/London", "--unmatched", "skip", "--format", "json"]
    )
    assert code == 0
    captured = capsys.readouterr()
    rows = json.loads(captured.out)
    assert {r["ticket"] for r in rows} == {"INC-1"}
    assert [r["breach"] for r in rows if r["metric"] == "resolution" and r["kind"] == "SLA"] == [
        "2026-03-02T13:00:00+00:00"
    ]
    assert "service 'vpn' for customer 'Finance'" in captured.err and "not measured" in captured.err


def test_a_field_absent_from_the_whole_file_is_warned_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Read one ticket a chunk: the second ticket has no comment, the first has; comment is
    # in the file, so no warning about it. Without comments anywhere: one warning for the
    # file (the example's supplier conditions name assignment_group, also absent here).
    second = "\n".join(
        line.replace("INC-1", "INC-2") for line in ROWS.splitlines()[1:] if "comment" not in line
    )
    p = tmp_path / "a.csv"
    p.write_text(ROWS + second + "\n")
    args = [str(p), "--catalogue", CATALOGUE, "--as-of", "2026-03-09T00:00:00Z"]
    assert main(["evaluate", *args, "--chunk-rows", "1", "--format", "csv"]) == 0
    assert "'comment'" not in capsys.readouterr().err
    p.write_text("\n".join(x for x in (ROWS + second).splitlines() if "comment" not in x) + "\n")
    assert main(["evaluate", *args, "--chunk-rows", "1", "--format", "csv"]) == 0
    err = capsys.readouterr().err
    assert err.count("field(s) 'assignment_group', 'comment' are named by the clock") == 1


def test_underpinning_and_seconds_by_party(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    activity = str(Path(CATALOGUE).parent / "activity.csv")
    args = [activity, "--catalogue", CATALOGUE, "--as-of", "2026-10-15T00:00:00Z"]
    assert main(["evaluate", *args, "--format", "json", "--no-progress"]) == 0
    rows = json.loads(capsys.readouterr().out)
    under = [r for r in rows if r["underpinning"]]
    assert under and all(isinstance(r["underpinning"], list) for r in under)
    for r in rows:
        if r["kind"] == "SLA":  # the parts sum exactly to the elapsed time
            assert sum(r["seconds_by_party"].values()) == r["elapsed_seconds"]
        else:
            assert r["seconds_by_party"] == {} and r["underpinning"] == []
    first = under[0]
    assert main(["evaluate", *args, "--format", "csv", "--no-progress"]) == 0
    out = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    same = next(
        r
        for r in out
        if (r["ticket"], r["agreement"], r["metric"], r["cycle"])
        == (first["ticket"], first["agreement"], first["metric"], str(first["cycle"]))
    )
    assert same["underpinning"] == "; ".join(first["underpinning"])
    assert same["seconds_by_party"] == "; ".join(
        f"{p}={n}" for p, n in first["seconds_by_party"].items()
    )
