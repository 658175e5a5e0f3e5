"""CLI inputs that used to be taken silently or escaped as internal errors (issue 14)."""

from __future__ import annotations

from pathlib import Path

import pytest

from slacalc.cli import main

EXAMPLE = str(Path(__file__).parents[2] / "examples" / "catalogue.toml")


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


HISTORY = "ticket,service,customer,priority,metric,start,stop\n"
HISTORY += "T1,email,acme,P1,resolution,2026-01-05T09:00Z,2026-01-05T10:00Z\n"


@pytest.mark.parametrize(
    ("data", "said"),
    [
        (HISTORY.replace("acme", "caf\u00e9").encode("latin-1"), "byte 0xe9 is not UTF-8"),
        (HISTORY.encode("utf-16"), "UTF-16"),
    ],
)
def test_a_csv_that_is_not_utf8_exits_2_with_its_line(
    data: bytes, said: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "h.csv"
    path.write_bytes(data)
    assert main(["report", str(path), "--catalogue", EXAMPLE, "--period", "2026-01"]) == 2
    err = capsys.readouterr().err
    assert said in err and "save the file as UTF-8" in err and "line " in err


def test_a_nul_byte_in_a_path_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["gaps", "cat\0.toml"]) == 2
    assert "NUL byte" in capsys.readouterr().err


def test_a_bom_before_a_catalogue_is_accepted(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "c.toml"
    path.write_bytes(b"\xef\xbb\xbf" + Path(EXAMPLE).read_bytes())
    assert main(["gaps", str(path), "--as-of", "2026-06-01", "--format", "json"]) in (0, 1)


@pytest.mark.parametrize("as_of", ["2026-06-01", "2026-06-01T12:00:00+01:00"])
def test_gaps_as_of_takes_a_date_or_an_instant(
    as_of: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["gaps", EXAMPLE, "--as-of", as_of, "--format", "json"]) in (0, 1)
    assert "error" not in capsys.readouterr().err


def test_report_as_of_takes_a_date_or_an_instant(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "h.csv"
    path.write_text(HISTORY.replace("acme", "Finance"), encoding="utf-8")
    base = ["report", str(path), "--catalogue", EXAMPLE, "--period", "2026-01", "--format", "json"]
    assert main([*base, "--as-of", "2026-01-31"]) == 0
    by_date = capsys.readouterr().out
    assert main([*base, "--as-of", "2026-02-01T00:00:00+00:00"]) == 0
    assert capsys.readouterr().out == by_date  # a date is the end of that day, UTC


def test_an_instant_outside_years_1_to_9999_in_utc_exits_2(
    capsys: pytest.CaptureFixture[str],
) -> None:
    argv = ["deadline", "--start", "0001-01-01T00:00:00+01:00", "--duration", "1h"]
    assert main(argv) == 2
    assert "years 1-9999" in capsys.readouterr().err
