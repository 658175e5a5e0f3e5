"""The deadline and elapsed commands: calendars from options or a catalogue, exit statuses."""

from __future__ import annotations

import ast
import importlib
import json
import pickle
from pathlib import Path

import pytest

from slacalc.cli import app, main
from slacalc.errors import Problem
from slacalc.measure import RecordError

EXAMPLE = str(Path(__file__).parent.parent.parent / "examples" / "catalogue.toml")


def _json(capsys: pytest.CaptureFixture[str]) -> dict[str, object]:
    rows = json.loads(capsys.readouterr().out)
    assert isinstance(rows, list) and len(rows) == 1
    return rows[0]  # type: ignore[no-any-return]


def test_deadline_over_christmas(capsys: pytest.CaptureFixture[str]) -> None:
    # Thu 24 Dec 2026 16:00 GMT, 4h on Mon-Fri 09:00-17:30 with England's
    # holidays: 1h30m on Thursday; Fri 25, Mon 28 (Boxing Day substitute) are
    # holidays; 2h30m on Tuesday 29 from 09:00 -> 11:30.
    argv = ["deadline", "--tz", "Europe/London", "--hours", "mon-fri=09:00-17:30"]
    argv += ["--holidays", "GB-ENG", "--start", "2026-12-24T16:00:00+00:00", "--duration", "4h"]
    assert main([*argv, "--format", "json"]) == 0
    row = _json(capsys)
    assert row["deadline"] == "2026-12-29T11:30:00+00:00"
    assert row["periods"] == [
        ["2026-12-24T16:00:00+00:00", "2026-12-24T17:30:00+00:00"],
        ["2026-12-29T09:00:00+00:00", "2026-12-29T11:30:00+00:00"],
    ]


def test_options_without_hours_cover_every_day(capsys: pytest.CaptureFixture[str]) -> None:
    # No --hours: every day 00:00-24:00 in London, less the closure (24th to
    # 27th 00:00) and the holidays (25th, 26th): 4h from Sunday 27th 00:00.
    argv = ["deadline", "--tz", "Europe/London", "--holidays", "GB-ENG"]
    argv += ["--closure", "2026-12-24 00:00/2026-12-27 00:00"]
    argv += ["--start", "2026-12-24T16:00:00Z", "--duration", "4h", "--format", "json"]
    assert main(argv) == 0
    assert _json(capsys)["deadline"] == "2026-12-27T04:00:00+00:00"


def test_elapsed_on_a_catalogue_calendar(capsys: pytest.CaptureFixture[str]) -> None:
    # uk-business: Mon-Fri 08:00-18:00, closed from 13:00 on Christmas Eve, bank
    # holidays, and shut 29-31 December: only 09:00-13:00 on the 24th counts.
    argv = ["elapsed", "--catalogue", EXAMPLE, "--calendar", "uk-business"]
    argv += ["--start", "2026-12-24T09:00:00Z", "--end", "2026-12-31T12:00:00Z"]
    assert main([*argv, "--format", "json"]) == 0
    row = _json(capsys)
    assert row["elapsed"] == "4h" and row["seconds"] == 14400


@pytest.mark.parametrize(
    "argv",
    [
        ["deadline", "--tz", "Europe/Londn", "--start", "2026-01-05T09:00Z", "--duration", "1h"],
        ["deadline", "--holidays", "XX", "--start", "2026-01-05T09:00Z", "--duration", "1h"],
        [
            "deadline",
            "--calendar",
            "uk-business",
            "--start",
            "2026-01-05T09:00Z",
            "--duration",
            "1h",
        ],
        ["deadline", "--catalogue", EXAMPLE, "--start", "2026-01-05T09:00Z", "--duration", "1h"],
        [
            "deadline",
            "--catalogue",
            EXAMPLE,
            "--calendar",
            "uk-business",
            "--tz",
            "UTC",
            "--start",
            "2026-01-05T09:00Z",
            "--duration",
            "1h",
        ],
        ["deadline", "--start", "2026-01-05T09:00", "--duration", "1h"],
        ["deadline", "--start", "2026-01-05T09:00Z", "--duration", "2d"],
        ["deadline", "--hours", "sat=", "--start", "2026-01-05T09:00Z", "--duration", "1h"],
        ["gaps", EXAMPLE, "--as-of", "9999-06-01"],
    ],
)
def test_bad_input_exits_2_with_a_message(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith("slacalc: error: ") and "Traceback" not in err


def test_every_command_is_one_module_named_in_main() -> None:

    package = Path(app.__file__).parent
    commands = sorted(p.stem for p in package.glob("*.py") if not p.stem.startswith("_"))
    commands.remove("app")
    assert [r.__module__ for r in app.COMMANDS] == [
        f"slacalc.cli.{name}"
        for name in ("deadline", "elapsed", "gaps", "timers", "report", "reconcile", "evaluate")
    ]
    assert {r.__module__.rpartition(".")[2] for r in app.COMMANDS} == set(commands)
    for name in [*commands, "app", "_inputs", "_output"]:
        tree = ast.parse((package / f"{name}.py").read_text())
        late = [
            node.lineno
            for fn in ast.walk(tree)
            if isinstance(fn, ast.FunctionDef)
            for node in ast.walk(fn)
            if isinstance(node, ast.Import | ast.ImportFrom)
        ]
        assert late == [], f"slacalc.cli.{name} imports at call time (lines {late})"
        importlib.import_module(f"slacalc.cli.{name}")


def test_problems_name_the_option_not_the_argument(capsys: pytest.CaptureFixture[str]) -> None:

    p = Problem("as_of", "1 record(s) have no stop", argument="as_of", remedy="to judge them")
    error = RecordError([p, ("line 3", "bad")], "h.csv")
    assert error.problems == (
        ("as_of", "1 record(s) have no stop: give as_of to judge them"),
        ("line 3", "bad"),
    )
    assert "give --as-of to judge" in error.render(lambda a: "--" + a.replace("_", "-"))
    again = pickle.loads(pickle.dumps(error))
    assert again.problems == error.problems and again.problems[0].argument == "as_of"
    with pytest.raises(AttributeError):
        p.argument = "x"  # type: ignore[misc]
