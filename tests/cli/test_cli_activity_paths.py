"""``slacalc timers`` and ``slacalc report`` on an activity log: the vectorised clock
(:func:`slacalc.tables.cycle_outcomes`) and the per-ticket engine print the same.

The engine is the twin: every format of each command on the example history, at
instants with open, paused and breached clocks, compared byte for byte (stdout and
the warnings on stderr); the vectorised path is checked to be the one taken.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

pytest.importorskip("numpy")
pytest.importorskip("pyarrow")

import slacalc.cli._activity as activity_cli

EXAMPLES = Path(__file__).parent.parent.parent / "examples"
LOG, CATALOGUE = str(EXAMPLES / "activity.csv"), str(EXAMPLES / "catalogue.toml")

Run = Callable[..., tuple[int, str, str]]


def _both(run: Run, monkeypatch: pytest.MonkeyPatch, *args: str) -> tuple[tuple, tuple]:
    """The command by the vectorised clock (the engine refused), then by the engine."""

    def refuse(*a: object, **k: object) -> object:
        raise AssertionError("the engine was called")

    with monkeypatch.context() as m:
        m.setattr(activity_cli, "evaluate", refuse)
        fast = run(*args)
    with monkeypatch.context() as m:
        m.setattr(activity_cli, "cycle_outcomes", lambda *a, **k: None)
        slow = run(*args)
    return fast, slow


@pytest.mark.parametrize("fmt", ["table", "csv", "json"])
@pytest.mark.parametrize("at", ["2026-09-30T15:00:00+01:00", "2026-06-01T09:30:00Z"])
def test_timers_print_the_same(
    run: Run, monkeypatch: pytest.MonkeyPatch, fmt: str, at: str
) -> None:
    args = ("timers", LOG, "--catalogue", CATALOGUE, "--at", at, "--format", fmt)
    fast, slow = _both(run, monkeypatch, *args, "--no-progress")
    assert slow[0] == 0 and slow[1].count("\n") > 3
    assert fast == slow


@pytest.mark.parametrize("fmt", ["markdown", "json", "csv"])
@pytest.mark.parametrize(
    ("period", "as_of"), [("2026-Q3", "2026-10-15"), ("2026-05", "2026-06-01")]
)
def test_report_prints_the_same(
    run: Run, monkeypatch: pytest.MonkeyPatch, fmt: str, period: str, as_of: str
) -> None:
    args = ("report", LOG, "--catalogue", CATALOGUE, "--period", period, "--as-of", as_of)
    fast, slow = _both(run, monkeypatch, *args, "--format", fmt, "--no-progress")
    assert slow[0] == 0 and len(slow[1]) > 200
    assert fast == slow


def test_unmatched_tickets_skipped_alike(
    run: Run, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # A ticket of a service no SLA covers, skipped with a warning by both.
    lines = (EXAMPLES / "activity.csv").read_text(encoding="utf-8").splitlines()[:3001]
    stray = [
        "ZZZ-1,2026-05-04T09:00:00+01:00,created,",
        "ZZZ-1,2026-05-04T09:00:00+01:00,service,nowhere",
        "ZZZ-1,2026-05-04T09:00:00+01:00,customer,Finance",
        "ZZZ-1,2026-05-04T09:00:00+01:00,priority,P2",
        "ZZZ-1,2026-05-04T09:00:00+01:00,status,New",
    ]
    path = tmp_path / "activity.csv"
    path.write_text("\n".join([*lines, *stray]) + "\n", encoding="utf-8")
    args = ("timers", str(path), "--catalogue", CATALOGUE, "--at", "2026-06-01T09:30:00Z")
    fast, slow = _both(run, monkeypatch, *args, "--unmatched", "skip", "--no-progress")
    assert slow[0] == 0 and "nowhere" in slow[2]
    assert fast == slow
