"""Durations (issue 14): what was wrong, two valid spellings, negative where allowed."""

from __future__ import annotations

from datetime import timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

import slacalc as sc
from slacalc.cli import main


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("4", "a bare number has no unit"),
        ("4 hours", "units are written h, m, s"),
        ("1.5h", "only seconds may have a fraction"),
        ("3d", "days are not a duration unit"),
        ("\u0664h", "only ASCII digits"),
        ("9" * 5000 + "h", "at most 15 digits"),
        ("banana", "write e.g."),
    ],
)
def test_each_failure_says_what_was_wrong(text: str, said: str) -> None:
    with pytest.raises(sc.ParseError) as info:
        sc.parse_duration(text)
    msg = str(info.value)
    assert said in msg
    assert msg.count("'") >= 4  # at least two quoted valid spellings
    assert ("Calendar.add_days" in msg) == (text in ("4", "3d"))


def test_the_cli_hint_is_not_python(capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["deadline", "--start", "2026-01-05T09:00Z", "--duration", "4"]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert "Calendar.add_days" not in err and "'4h' or '4m'" in err


@pytest.mark.parametrize("flag", [["--duration", "-4h"], ["--duration=-4h"]])
def test_a_negative_duration_on_the_cli(
    flag: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["deadline", "--start", "2026-01-05T09:00Z", *flag, "--format", "json"]
    assert main(argv) == 0
    assert "2026-01-05T05:00:00+00:00" in capsys.readouterr().out  # 24x7: four hours back


def test_negative_only_where_asked() -> None:
    assert sc.parse_duration("-1h30m", negative=True) == -timedelta(minutes=90)
    with pytest.raises(sc.ParseError, match="negative duration is not allowed here"):
        sc.parse_duration("-1h30m")


@given(st.text(max_size=30))
def test_durations_fuzz_only_parse_errors(text: str) -> None:
    try:
        d = sc.parse_duration(text, negative=True)
    except sc.ParseError:
        return
    assert isinstance(d, timedelta)
