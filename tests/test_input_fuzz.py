"""Bounded fuzzers (issue 14): CSV readers and CLI arguments fail only as slacalc
errors (exit 2), never as another exception. Longer runs: SLACALC_FUZZ_EXAMPLES=N."""

from __future__ import annotations

import contextlib
import io
import os
from contextlib import redirect_stderr, redirect_stdout
from datetime import UTC, datetime

from hypothesis import given, settings
from hypothesis import strategies as st

import slacalc as sc
from slacalc.cli import main
from slacalc.measure.records import read_history, read_open_tickets, read_outages

FUZZ = {"max_examples": int(n)} if (n := os.environ.get("SLACALC_FUZZ_EXAMPLES")) else {}
MONDAY = datetime(2026, 1, 5, tzinfo=UTC)
HEADER = "ticket,service,customer,priority,metric,start,stop,summary\n"
CELLS = st.sampled_from(['"', '""', ",", "\n", "\r", "\ufeff", "T1", "2026-01-05T09:00Z", "x"])


@settings(deadline=None, **FUZZ)
@given(st.lists(st.lists(CELLS, max_size=12).map("".join), max_size=8))
def test_csv_history_fails_only_as_record_errors(rows: list[str]) -> None:
    text = HEADER + "\n".join(rows)
    with contextlib.suppress(sc.RecordError):
        read_history(text.splitlines(keepends=True))


ARGS = st.sampled_from(
    [
        "-4h",
        "4",
        "1.5h",
        "\u0664h",
        "PT4H",
        "2026-01-05T09:00Z",
        "0001-01-01T00:00+01:00",
        "mon-fri=09:00-17:00",
        "UTC",
        "localtime",
        "GB-ENG",
        "\0",
        "x",
    ]
)


@settings(deadline=None, **FUZZ)
@given(start=ARGS, duration=ARGS, hours=ARGS, tz=ARGS)
def test_deadline_arguments_exit_0_or_2(start: str, duration: str, hours: str, tz: str) -> None:
    argv = ["deadline", "--start", start, "--duration", duration, "--hours", hours, "--tz", tz]
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        try:
            status = main(argv)
        except SystemExit as exc:  # argparse's own usage errors
            status = int(exc.code or 0)
    assert status in (0, 2), err.getvalue()


DAY_KEYS = st.sampled_from(["mon", "fri", "mon-fri", "fri-mon", "daily", "sun", "xyz", "", "MON"])
CLOCK = st.sampled_from(
    ["09:00", "17:30", "00:00", "24:00", "23:59", "9:00", "25:00", "12:60", "\u0669:00", "", "-"]
)
WINDOWS = st.lists(
    st.tuples(CLOCK, st.sampled_from(["-", "", "--", " - "]), CLOCK).map("".join), max_size=3
)


@settings(deadline=None, **FUZZ)
@given(st.dictionaries(DAY_KEYS, WINDOWS | WINDOWS.map(",".join), max_size=4))
def test_weekly_windows_fail_only_as_slacalc_errors(hours: dict[str, object]) -> None:
    try:
        cal = sc.Calendar.weekly(hours, tz="Europe/London")  # type: ignore[arg-type]
    except sc.SlacalcError:
        return
    # A calendar that built answers (or says it never opens), in bounded time.
    with contextlib.suppress(sc.NeverOpenError):
        cal.next_open(MONDAY)


OUTAGES = "service,start,end,cause,description\n"
OPEN = "ticket,service,customer,priority,opened,responded,pauses\n"
OPEN_CELLS = st.sampled_from(
    ['"', ",", "\n", "T1", "email", "P1", "2026-01-05T09:00Z", "2026-01-05T08:00Z", ";", "/", "x"]
)


@settings(deadline=None, **FUZZ)
@given(st.lists(st.lists(OPEN_CELLS, max_size=12).map("".join), max_size=8))
def test_outage_csv_fails_only_as_record_errors(rows: list[str]) -> None:
    with contextlib.suppress(sc.RecordError):
        read_outages((OUTAGES + "\n".join(rows)).splitlines(keepends=True))


@settings(deadline=None, **FUZZ)
@given(st.lists(st.lists(OPEN_CELLS, max_size=14).map("".join), max_size=8))
def test_open_ticket_csv_fails_only_as_record_errors(rows: list[str]) -> None:
    with contextlib.suppress(sc.RecordError):
        read_open_tickets((OPEN + "\n".join(rows)).splitlines(keepends=True))
