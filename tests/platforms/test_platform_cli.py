"""``slacalc reconcile`` on the fixture exports."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from platform_data import DATA

from slacalc.cli import main

CATALOGUE = str(DATA / "platforms-catalogue.toml")
AS_OF = "2026-11-20T12:00:00Z"


def run(capsys: Any, *args: str) -> tuple[int, str, str]:
    code = main(["reconcile", *args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("platform", ["jira", "servicenow", "zendesk"])
def test_reconcile_reports_the_planted_four(capsys: Any, platform: str) -> None:
    def go(*extra: str) -> tuple[int, str, str]:
        base = ("--platform", platform, str(DATA / platform), "--catalogue", CATALOGUE)
        return run(capsys, *base, "--as-of", AS_OF, *extra)

    code, out, err = go()
    assert code == 1
    assert out.rstrip().endswith("4 of 67 comparisons disagree (tolerance 0)")
    assert "named by no policy" in err  # evaluate's warning, passed on
    assert go("--tolerance", "4")[0] == 0
    assert go("--tolerance", "5%")[0] == 1  # 4 of 67 is 5.97%
    code, out, _ = go("--tolerance", "6%", "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert (data["comparisons"], data["disagreements"], len(data["rows"])) == (67, 4, 4)


def test_reconcile_csv_lists_every_comparison(capsys: Any) -> None:
    code, out, _ = run(
        capsys,
        "--platform",
        "jira",
        str(DATA / "jira"),
        "--catalogue",
        CATALOGUE,
        "--as-of",
        AS_OF,
        "--format",
        "csv",
        "--all",
    )
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 1 and len(rows) == 67
    assert sum(r["agrees"] == "no" for r in rows) == 4


def test_unmapped_flag(capsys: Any, tmp_path: Path) -> None:
    code, out, _ = run(
        capsys,
        "--platform",
        "zendesk",
        str(DATA / "zendesk"),
        "--catalogue",
        CATALOGUE,
        "--unmapped",
    )
    assert code == 0 and out.splitlines() == ["kind  value  tickets"]
    text = Path(CATALOGUE).read_text().replace('open = ["new", "open"]', 'open = ["new"]')
    (tmp_path / "c.toml").write_text(text)
    code, out, _ = run(
        capsys,
        "--platform",
        "zendesk",
        str(DATA / "zendesk"),
        "--catalogue",
        str(tmp_path / "c.toml"),
        "--unmapped",
        "--format",
        "csv",
    )
    assert code == 1 and out.splitlines() == ["kind,value,tickets", "status,open,32"]


def test_bad_input_is_status_2(capsys: Any, tmp_path: Path) -> None:
    code, _, err = run(capsys, "--platform", "jira", str(DATA / "jira"), "--catalogue", CATALOGUE)
    assert code == 2 and "--as-of" in err
    code, _, err = run(
        capsys, "--platform", "jira", str(tmp_path), "--catalogue", CATALOGUE, "--as-of", AS_OF
    )
    assert code == 2 and "issues.json" in err
    shutil.copytree(DATA / "jira", tmp_path / "jira")
    bad = tmp_path / "jira" / "sla.json"
    bad.write_text(bad.read_text().replace('"breached": false', '"breached": "nope"', 1))
    code, _, err = run(
        capsys,
        "--platform",
        "jira",
        str(tmp_path / "jira"),
        "--catalogue",
        CATALOGUE,
        "--as-of",
        AS_OF,
    )
    assert code == 2 and "breached: 'nope' is not true or false" in err
    code, _, err = run(
        capsys,
        "--platform",
        "jira",
        str(DATA / "jira"),
        "--catalogue",
        CATALOGUE,
        "--as-of",
        AS_OF,
        "--tolerance",
        "lots",
    )
    assert code == 2 and "tolerance" in err
