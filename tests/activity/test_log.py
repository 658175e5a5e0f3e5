"""The activity log value and its long-table reader."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

import slacalc as sc
from slacalc.activity import (
    Activity,
    ActivityError,
    ActivityLog,
    Change,
    Fields,
    read_activity,
)
from slacalc.measure import RecordError

T0 = datetime(2026, 3, 2, 9, tzinfo=UTC)


def h(n: float) -> datetime:
    return T0 + timedelta(hours=n)


# ------------------------------------------------------------------ values


def test_changes_sorted_stably_and_none_dropped() -> None:
    a = Activity.of(
        "INC-1",
        T0,
        {"status": "New"},
        [
            (h(2), "status", "B"),
            (h(1), "status", "A1"),
            (h(1), "group", "x"),
            (h(1), "status", "A2"),
        ],
    )
    assert [(c.at, c.value) for c in a.changes] == [
        (h(1), "A1"),
        (h(1), "x"),
        (h(1), "A2"),
        (h(2), "B"),
    ]
    assert a.value_at("status", h(1)) == "A2"  # same instant: the caller's last
    assert a.value_at("status", h(0.5)) == "New"
    assert a.value_at("group", T0) is None
    assert a.fields() == ("status", "group")


@given(st.permutations(range(6)))
def test_sort_is_by_instant_across_zones(order: list[int]) -> None:
    ny = ZoneInfo("America/New_York")
    changes = [Change((T0 + timedelta(minutes=10 * i)).astimezone(ny), "f", str(i)) for i in order]
    a = Activity("T", T0, {}, changes)
    assert [c.value for c in a.changes] == [str(i) for i in range(6)]


def test_initial_is_frozen_and_hashable() -> None:
    source = {"status": "New"}
    a = Activity("INC-1", T0, source)
    source["status"] = "Changed"
    assert a.initial == {"status": "New"}
    assert isinstance(a.initial, Fields)
    assert hash(a) == hash(Activity("INC-1", T0, {"status": "New"}))
    with pytest.raises(TypeError):
        a.initial["status"] = "x"  # type: ignore[index]


def test_change_before_creation_names_ticket_and_change() -> None:
    with pytest.raises(
        ActivityError, match=r"INC-9.*'status'.*'Open'.*before the ticket's creation"
    ):
        Activity.of("INC-9", T0, {}, [(h(-1), "status", "Open")])
    assert issubclass(ActivityError, ValueError) and issubclass(ActivityError, sc.SlacalcError)


def test_naive_and_wrong_types_refused() -> None:
    with pytest.raises(sc.NaiveDatetimeError):
        Change(datetime(2026, 3, 2, 9), "status", "x")
    with pytest.raises(sc.NaiveDatetimeError):
        Activity("A", datetime(2026, 3, 2, 9))
    with pytest.raises(sc.ArgumentTypeError):
        Change(T0, "status", 3)  # type: ignore[arg-type]
    with pytest.raises(sc.ArgumentTypeError):
        Activity("A", T0, {"priority": 1})  # type: ignore[dict-item]
    with pytest.raises(ActivityError, match="reserved"):
        Change(T0, "created", "")
    with pytest.raises(ActivityError, match="reserved"):
        Activity("A", T0, {"created": "x"})


def test_log_lookup_and_duplicates() -> None:
    log = ActivityLog([Activity("A", T0), Activity("B", T0, {}, [Change(h(1), "s", "x")])])
    assert len(log) == 2 and [a.ticket for a in log] == ["A", "B"]
    assert log["B"].changes[0].value == "x" and "A" in log and "C" not in log
    assert log.change_count == 1
    with pytest.raises(KeyError, match="'C' is not in the activity log"):
        log["C"]
    with pytest.raises(ActivityError, match=r"tickets\[2\]: ticket 'A' repeats tickets\[0\]"):
        ActivityLog([Activity("A", T0), Activity("B", T0), Activity("A", T0)])


# ------------------------------------------------------------------ reader

GOOD = """ticket,at,field,value
INC-2,2026-03-02T10:00:00Z,status,Resolved
INC-1,2026-03-02T09:00:00Z,created,
INC-1,2026-03-02T09:00:00Z,status,New
INC-1,2026-03-02T09:00:00Z,priority,P2
INC-2,2026-03-02T09:30:00+00:00,created,
INC-1,2026-03-02T10:30:00+01:00,status,In progress
INC-1,2026-03-02T09:00:00Z,assignment_group,Service Desk
INC-1,2026-03-02T09:15:00Z,status,On hold
INC-1,2026-03-02T09:15:00Z,status,Open
"""


def test_reader_reads_creation_initials_and_changes() -> None:
    log = read_activity(io.StringIO(GOOD))
    assert [a.ticket for a in log] == ["INC-2", "INC-1"]  # first-row order
    a = log["INC-1"]
    assert a.created == T0
    assert dict(a.initial) == {
        "status": "New",
        "priority": "P2",
        "assignment_group": "Service Desk",
    }


def test_reader_repeated_initial_is_an_error() -> None:
    # 10:00+01:00 is 09:00Z, the creation instant: a second initial 'status'
    clash = GOOD.replace("2026-03-02T10:30:00+01:00", "2026-03-02T10:00:00+01:00")
    with pytest.raises(RecordError) as info:
        read_activity(io.StringIO(clash))
    assert info.value.problems == (
        ("line 7", "ticket 'INC-1': initial field 'status' repeats line 4"),
    )


def test_reader_same_instant_keeps_file_order() -> None:
    a = read_activity(io.StringIO(GOOD))["INC-1"]
    assert [(c.at, c.value) for c in a.changes] == [
        (h(0.25), "On hold"),
        (h(0.25), "Open"),
        (h(0.5), "In progress"),
    ]
    assert read_activity(io.StringIO(GOOD))["INC-2"].changes[0].at == h(1)


def test_reader_every_problem_with_line_and_column() -> None:
    text = "\n".join(
        [
            "ticket,at,field,value",
            "A,2026-03-02T09:00Z,created,",
            "A,2026-03-02 09:00,status,New",  # naive
            "A,yesterday,status,New",  # not an instant
            ",2026-03-02T09:00Z,status,New",  # empty ticket
            "A,2026-03-02T08:00Z,status,Early",  # before creation
            "B,2026-03-02T09:00Z,status,New",  # no created row
            "A,2026-03-02T09:00Z,created,x",  # value on a created row
            "A,2026-03-02T09:00Z,status",  # short row
        ]
    )
    with pytest.raises(RecordError) as info:
        read_activity(text.splitlines(), name="act.csv")
    problems = dict(info.value.problems)
    assert info.value.source == "act.csv"
    assert "has no UTC offset" in problems["line 3, column 2 (at)"]
    assert "is not an ISO 8601 instant" in problems["line 4, column 2 (at)"]
    assert problems["line 5, column 1 (ticket)"] == "empty (a required column)"
    assert "'a created' row" not in str(info.value)
    assert "a 'created' row has an empty value" in problems["line 8, column 4 (value)"]
    assert problems["line 9"] == "3 columns where the header has 4"
    # the row-level problems stop the build: before-creation and no-created come next time
    fixed = [line for i, line in enumerate(text.splitlines()) if i not in (2, 3, 4, 7, 8)]
    with pytest.raises(RecordError) as info:
        read_activity(fixed)
    assert dict(info.value.problems) == {
        "line 3": "ticket 'A': status at 2026-03-02T08:00:00+00:00 is before its creation "
        "at 2026-03-02T09:00:00+00:00 (line 2)",
        "line 4": "ticket 'B' has no 'created' row (exactly one needed)",
    }


def test_reader_header_problems() -> None:
    with pytest.raises(RecordError, match=r"unknown column.*'who'.*missing column.*'value'"):
        read_activity(["ticket,at,field,who"])
    with pytest.raises(RecordError, match="no header row"):
        read_activity(io.StringIO(""))
    with pytest.raises(RecordError, match="repeated column"):
        read_activity(["ticket,at,field,value,value"])


def test_reader_strict_csv() -> None:
    with pytest.raises(RecordError, match="not CSV"):
        read_activity(["ticket,at,field,value", 'A,2026-03-02T09:00Z,created,"x"y'])


def test_reader_bom_path_and_two_created(tmp_path: Path) -> None:
    p = tmp_path / "a.csv"
    p.write_bytes(
        b"\xef\xbb\xbfticket,at,field,value\r\nA,2026-03-02T09:00Z,created,\r\n"
        b'A,2026-03-02T09:05Z,comment,"line one\r\nline two, with comma"\r\n'
    )
    log = read_activity(p)
    assert log["A"].changes[0].value == "line one\r\nline two, with comma"
    assert read_activity(str(p))["A"].created == T0
    p.write_text(
        "ticket,at,field,value\nA,2026-03-02T09:00Z,created,\nA,2026-03-02T10:00Z,created,\n"
    )
    with pytest.raises(RecordError) as info:
        read_activity(p)
    assert info.value.problems == (
        ("line 3", "ticket 'A' has a second 'created' row (exactly one needed)"),
    )
    assert str(p) in str(info.value)


def test_reader_tz_reads_local_readings_and_refuses_gap_and_fold() -> None:
    rows = [
        {"ticket": "A", "at": "2026-03-29 00:30", "field": "created", "value": ""},
        {"ticket": "A", "at": "2026-03-29 01:30", "field": "status", "value": "gap"},
        {"ticket": "A", "at": "2026-10-25 01:30", "field": "status", "value": "fold"},
        {"ticket": "A", "at": datetime(2026, 3, 30, 9, tzinfo=UTC), "field": "s", "value": "ok"},
        {"ticket": "A", "at": datetime(2026, 3, 30, 9), "field": "s", "value": "naive"},
    ]
    with pytest.raises(RecordError) as info:
        read_activity(rows, tz="Europe/London")
    problems = dict(info.value.problems)
    assert "does not exist in Europe/London (a DST gap)" in problems["rows[1].at"]
    assert "occurs twice in Europe/London (a DST fold)" in problems["rows[2].at"]
    log = read_activity([rows[0], rows[3]], tz="Europe/London")
    assert log["A"].created == datetime(2026, 3, 29, 0, 30, tzinfo=UTC)  # still GMT at 00:30
    with pytest.raises(sc.UnknownZoneError):
        read_activity(rows, tz="Mars/Olympus")


def test_reader_rows_problems() -> None:
    with pytest.raises(RecordError) as info:
        read_activity([{"ticket": "A", "at": "2026-03-02T09:00Z", "field": "created"}, 3])  # type: ignore[list-item]
    assert dict(info.value.problems) == {
        "rows[0].value": "missing",
        "rows[1]": "3 is not a mapping of column -> value",
    }
    with pytest.raises(RecordError, match="unknown key"):
        read_activity([{"ticket": "A", "at": "x", "field": "f", "value": "", "who": "me"}])
    with pytest.raises(sc.ArgumentTypeError):
        read_activity(42)  # type: ignore[arg-type]
    assert len(read_activity([])) == 0
