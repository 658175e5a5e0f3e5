"""CLI inputs that used to be taken silently or escaped as internal errors (issue 14)."""

from __future__ import annotations

import pytest

from slacalc.cli import main


def test_hours_without_tz_exit_2_saying_why(capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["deadline", "--hours", "mon-fri=09:00-17:30", "--holidays", "GB-ENG"]
    argv += ["--start", "2026-06-05T16:30:00+01:00", "--duration", "2h"]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert "--tz is required" in err and "UTC" in err


def test_hours_with_tz_land_after_the_weekend(capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["deadline", "--hours", "mon-fri=09:00-17:30", "--holidays", "GB-ENG"]
    argv += ["--tz", "Europe/London", "--start", "2026-06-05T16:30:00+01:00", "--duration", "2h"]
    argv += ["--format", "json"]
    assert main(argv) == 0
    # Friday 16:30 + 1h to 17:30, then Monday 09:00 + 1h (hand-worked).
    assert "2026-06-08T10:00:00+01:00" in capsys.readouterr().out
