"""``slacalc evaluate --what-if``: the version that judges each cycle, from the command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from slacalc.cli import main

CATALOGUE = """
[calendars.uk]
tz = "Europe/London"
hours = { mon-fri = "09:00-17:00" }
[services.email]
[sla.email-fin]
service = "email"
customer = "Finance"
calendar = "uk"
targets.P2 = { resolution = "8h" }
[[sla.email-fin.versions]]
from = 2026-07-01
targets.P2 = { resolution = "4h" }
"""
# 30 June 2026 (a Tuesday) 09:00-15:00 BST: six business hours, started before the change.
ROWS = """ticket,at,field,value
A,2026-06-30T08:00:00Z,created,
A,2026-06-30T08:00:00Z,service,email
A,2026-06-30T08:00:00Z,customer,Finance
A,2026-06-30T08:00:00Z,priority,P2
A,2026-06-30T08:00:00Z,status,New
A,2026-06-30T14:00:00Z,status,Resolved
"""


def run(tmp_path: Path, capsys: pytest.CaptureFixture[str], *extra: str) -> list[dict[str, object]]:
    (tmp_path / "c.toml").write_text(CATALOGUE)
    (tmp_path / "a.csv").write_text(ROWS)
    args = [str(tmp_path / "a.csv"), "--catalogue", str(tmp_path / "c.toml")]
    code = main(["evaluate", *args, "--as-of", "2026-07-10T00:00:00Z", "--format", "json", *extra])
    assert code == 0
    rows = json.loads(capsys.readouterr().out)
    return [r for r in rows if r["metric"] == "resolution"]


def test_what_if(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    [r] = run(tmp_path, capsys)
    assert (r["state"], r["target"], r["version"]) == ("met", "8h", None)
    [r] = run(tmp_path, capsys, "--what-if", "latest")
    assert (r["state"], r["target"]) == ("breached", "4h")
    assert r["version"] == "2026-06-30T23:00:00+00:00"
    assert r["breach"] == "2026-06-30T12:00:00+00:00"  # 13:00 BST
    [r] = run(tmp_path, capsys, "--what-if", "2026-07-01")
    assert r["target"] == "4h"
    [r] = run(tmp_path, capsys, "--what-if", "2026-06-30T22:59:00Z")
    assert r["target"] == "8h"


@pytest.mark.parametrize("bad", ["newest", "2026-13-01", "2026-07-01T00:00:00"])
def test_bad_what_if_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str], bad: str) -> None:
    (tmp_path / "c.toml").write_text(CATALOGUE)
    (tmp_path / "a.csv").write_text(ROWS)
    args = [str(tmp_path / "a.csv"), "--catalogue", str(tmp_path / "c.toml")]
    assert main(["evaluate", *args, "--as-of", "2026-07-10T00:00:00Z", "--what-if", bad]) == 2
    assert "--what-if" in capsys.readouterr().err
