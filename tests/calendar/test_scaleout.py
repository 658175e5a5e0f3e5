"""Scale-out: calendars pickle small, and the Dask example equals the plain call."""

from __future__ import annotations

import pickle
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

import slacalc as sc

EXAMPLES = Path(__file__).resolve().parent.parent.parent / "examples"


def _calendars() -> dict[str, sc.Calendar]:
    office = sc.Calendar.weekly(
        {"mon-fri": "09:00-17:30"},
        tz="Europe/London",
        holidays="GB-ENG",
        closures=[("2026-12-24 13:00", "2026-12-27 00:00")],
        openings=[("2026-12-28 10:00", "2026-12-28 14:00")],
    )
    maintenance = sc.Calendar.weekly(
        {"daily": "00:00-24:00"},
        tz="Europe/London",
        closures=[sc.Recurring("FREQ=MONTHLY;BYDAY=1SU", "02:00-06:00")],
    )
    night = sc.Calendar.weekly({"daily": "22:00-06:00"}, tz="Europe/London", holidays="GB-ENG")
    pune = sc.Calendar.weekly(
        {"mon-fri": "09:00-18:00", "sat": "09:00-13:00"}, tz="Asia/Kolkata", holidays="IN"
    )
    return {
        "office": office,
        "maintenance": maintenance,
        "night": night,
        "always": sc.Calendar.always(),
        "algebra": (sc.Calendar.always() - office) | (night & pune),
        "short horizon": office.with_horizon(timedelta(days=30)),
    }


INSTANTS = [
    datetime(2026, 1, 1, tzinfo=UTC) + timedelta(hours=7 * i + 0.25 * i) for i in range(300)
]


@pytest.mark.parametrize("name", list(_calendars()))
def test_calendars_pickle_small_and_equal(name: str) -> None:
    cal = _calendars()[name]
    before = [cal.add(a, timedelta(hours=5)) for a in INSTANTS]  # compiles some years
    data = pickle.dumps(cal)
    assert len(data) < 4096, f"{name}: {len(data)} bytes"  # the definition, not compiled years
    copy = pickle.loads(data)  # how long a round trip takes is benchmarks' business
    assert repr(copy) == repr(cal)
    assert copy.tz == cal.tz and copy.horizon == cal.horizon
    assert [copy.add(a, timedelta(hours=5)) for a in INSTANTS] == before
    ends = [a + timedelta(days=3) for a in INSTANTS]
    assert copy.elapsed_many(INSTANTS, ends) == cal.elapsed_many(INSTANTS, ends)
    assert copy.periods(INSTANTS[0], INSTANTS[-1]) == cal.periods(INSTANTS[0], INSTANTS[-1])


def test_catalogue_calendars_pickle() -> None:
    catalogue = sc.load(EXAMPLES / "catalogue.toml")
    for name, cal in catalogue.calendars.items():
        copy = pickle.loads(pickle.dumps(cal))
        assert [copy.add(a, timedelta(hours=3)) for a in INSTANTS[:50]] == [
            cal.add(a, timedelta(hours=3)) for a in INSTANTS[:50]
        ], name


# Run in a child process with a time limit (a stuck process pool fails the test
# instead of hanging the suite). Dask's process pools start workers with ``spawn``;
# a worker unpickles the partition function by module name, so examples/ goes on
# sys.path, which spawned workers inherit.
_CHECK_PROCESSES = """
import sys
sys.path.insert(0, sys.argv[1])
import numpy as np
import pandas as pd
import dask_elapsed as ex

calendar = ex.service_desk_calendar()
frame = ex.ticket_log(3000)
got = ex.run(frame, calendar, partitions=4, scheduler="processes")
plain = ex.business_elapsed(frame, calendar)
assert list(got.index) == list(frame.index)
missing = frame["resolved"].isna().sum()
assert got[ex.COLUMN].isna().sum() == missing > 0, missing
assert np.array_equal(got[ex.COLUMN].to_numpy(), plain.to_numpy(), equal_nan=True)
checked = 0
for i in range(0, len(frame), 97):  # and row by row against the scalar call
    row = frame.iloc[i]
    if pd.isna(row["resolved"]):
        continue
    want = calendar.elapsed(row["opened"].to_pydatetime(), row["resolved"].to_pydatetime())
    assert got[ex.COLUMN].iloc[i].to_pytimedelta() == want, (i, want)
    checked += 1
print("ok", len(frame), checked)
"""


def _child(args: list[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *args], capture_output=True, text=True, timeout=300, check=False
    )


@pytest.mark.slow
def test_dask_example_equals_plain_call() -> None:
    """dask.dataframe map_partitions on the process-pool scheduler equals the plain call."""
    pytest.importorskip("dask.dataframe")
    pytest.importorskip("pandas")
    done = _child(["-c", _CHECK_PROCESSES, str(EXAMPLES)])
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.startswith("ok 3000 ")


@pytest.mark.slow
def test_dask_example_script_on_a_local_cluster_with_parquet() -> None:
    """The script as a user runs it: LocalCluster of worker processes, Parquet by month.

    Run in a child process with a time limit, so a stuck cluster fails the test
    instead of hanging the suite. The script checks every row against the plain
    call and exits 1 if any differs.
    """
    pytest.importorskip("dask.dataframe")
    pytest.importorskip("distributed")
    pytest.importorskip("pyarrow")
    done = _child([str(EXAMPLES / "dask_elapsed.py"), "--rows", "5000", "--workers", "2"])
    assert done.returncode == 0, done.stdout + done.stderr
    assert "results identical" in done.stdout
