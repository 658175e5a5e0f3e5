"""Every ``*_seconds`` field of the machine formats follows one rule.

A whole number of seconds is a JSON integer; anything finer is a number with
the microseconds. Before the rule, ``elapsed`` printed ``108000`` and
``timers``, ``evaluate`` and ``report`` printed ``108000.0`` for the same span.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from slacalc.cli import app as cli
from slacalc.durations import seconds

ROOT = Path(__file__).parent.parent.parent
EXAMPLES = ROOT / "examples"
CATALOGUE = str(EXAMPLES / "catalogue.toml")


def _json(capsys: pytest.CaptureFixture[str], *argv: str) -> Any:
    code = cli.main([*argv, "--format", "json"])
    out, _ = capsys.readouterr()
    assert code == 0
    return json.loads(out)


def _fields(value: Any) -> Iterator[tuple[str, Any]]:
    if isinstance(value, dict):
        for key, item in value.items():
            if key.endswith("_seconds") or key == "seconds":
                yield key, item
            yield from _fields(item)
    elif isinstance(value, list):
        for item in value:
            yield from _fields(item)


def _one_rule(data: Any) -> int:
    found = list(_fields(data))
    for key, value in found:
        if value is not None:
            assert type(value) in (int, float), (key, value)
            assert not (isinstance(value, float) and value.is_integer()), (key, value)
    return len(found)


def test_the_rule() -> None:
    assert seconds(timedelta(hours=30)) == 108000 and type(seconds(timedelta(hours=30))) is int
    assert seconds(timedelta(microseconds=1_500_000)) == 1.5
    assert seconds(timedelta(microseconds=-1)) == -0.000001
    assert type(seconds(timedelta(0))) is int and seconds(timedelta(days=-1)) == -86400


def test_elapsed(capsys: pytest.CaptureFixture[str]) -> None:
    data = _json(
        capsys,
        "elapsed",
        "--hours",
        "mon-sun=00:00-24:00",
        "--tz",
        "UTC",
        "--start",
        "2026-01-01T00:00:00Z",
        "--end",
        "2026-01-02T06:00:00Z",
    )
    assert data[0]["seconds"] == 108000 and type(data[0]["seconds"]) is int


def test_timers(capsys: pytest.CaptureFixture[str]) -> None:
    data = _json(
        capsys,
        "timers",
        str(EXAMPLES / "tickets.csv"),
        "--catalogue",
        CATALOGUE,
        "--at",
        "2026-09-30T15:00:00+01:00",
    )
    assert _one_rule(data) > 0


def test_report(capsys: pytest.CaptureFixture[str]) -> None:
    data = _json(
        capsys,
        "report",
        str(EXAMPLES / "history.csv"),
        "--catalogue",
        CATALOGUE,
        "--period",
        "2026-Q3",
        "--outages",
        str(EXAMPLES / "outages.csv"),
    )
    assert _one_rule(data) > 0


def test_evaluate(capsys: pytest.CaptureFixture[str]) -> None:
    data = _json(
        capsys,
        "evaluate",
        str(EXAMPLES / "activity.csv"),
        "--catalogue",
        CATALOGUE,
        "--as-of",
        "2026-10-15T00:00:00Z",
        "--no-progress",
    )
    assert _one_rule(data) > 0
