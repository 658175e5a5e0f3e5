"""``[[sla.<id>.versions]]`` in the TOML catalogue: shapes, values and every problem."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

import slacalc as sc

BASE = """
[calendars.uk]
tz = "Europe/London"
hours = { mon-fri = "09:00-17:00" }
[calendars.ny]
tz = "America/New_York"
hours = { mon-fri = "09:00-17:00" }
[services.email]
[sla.email-fin]
service = "email"
customer = "Finance"
calendar = "uk"
targets.P2 = { resolution = "8h" }
"""
H = timedelta(hours=1)


def problems(text: str) -> list[tuple[str, str]]:
    with pytest.raises(sc.CatalogueError) as info:
        sc.loads(BASE + text)
    return list(info.value.problems)


def test_versions_read_from_toml() -> None:
    cat = sc.loads(
        BASE
        + """
[[sla.email-fin.versions]]
from = 2026-07-01
targets.P2 = { resolution = "4h" }
[[sla.email-fin.versions]]
from = 2026-09-01T12:00:00Z
calendar = "ny"
targets.P2 = { resolution = "2h", response = { duration = "1h", calendar = "always" } }
"""
    )
    sla = cat.agreement("email-fin")
    # 1 July 00:00 BST is 30 June 23:00 UTC
    assert sla.effective_from == (
        datetime(2026, 6, 30, 23, tzinfo=UTC),
        datetime(2026, 9, 1, 12, tzinfo=UTC),
    )
    assert sla.target("P2", "resolution").duration == 8 * H  # its own targets
    july = sla.in_force(datetime(2026, 7, 1, tzinfo=UTC))
    assert july.target("P2", "resolution").duration == 4 * H
    assert july.calendar is cat.calendars["uk"]
    assert july.target("P2", "resolution").calendar is cat.calendars["uk"]
    last = sla.latest()
    assert last.calendar is cat.calendars["ny"]
    assert last.target("P2", "resolution").calendar is cat.calendars["ny"]
    assert last.target("P2", "response").calendar.is_always()
    assert sla.every_metric() == ("resolution", "response")


def test_a_string_date_and_an_offset_datetime() -> None:
    cat = sc.loads(
        BASE
        + """
[[sla.email-fin.versions]]
from = "2026-07-01"
targets.P2 = { resolution = "4h" }
[[sla.email-fin.versions]]
from = 2026-08-01T00:00:00+01:00
targets.P2 = { resolution = "2h" }
"""
    )
    assert cat.agreement("email-fin").effective_from[1] == datetime(2026, 7, 31, 23, tzinfo=UTC)


def test_every_problem_with_its_key_path() -> None:
    found = problems(
        """
[[sla.email-fin.versions]]
from = 2026-07-01T00:00:00
targets.P2 = { resolution = "4x" }
[[sla.email-fin.versions]]
targets.P2 = { resolution = "4h" }
frm = 1
[[sla.email-fin.versions]]
from = 2026-08-01
[[sla.email-fin.versions]]
from = 2026-08-01
calendar = "nope"
targets.P2 = { resolution = "4h" }
[[sla.email-fin.versions]]
from = 2026-07-15
targets.P2 = { resolution = "4h" }
[[sla.email-fin.versions]]
from = "soon"
targets = {}
"""
    )
    paths = [p for p, _ in found]
    assert paths == [
        "sla.email-fin.versions[0].from",
        "sla.email-fin.versions[0].targets.P2.resolution",
        "sla.email-fin.versions[1].frm",
        "sla.email-fin.versions[1].from",
        "sla.email-fin.versions[2].targets",
        "sla.email-fin.versions[3].calendar",
        "sla.email-fin.versions[4].from",
        "sla.email-fin.versions[5].from",
        "sla.email-fin.versions[5].targets",
    ]
    text = dict(found)
    assert "local date-time" in text["sla.email-fin.versions[0].from"]
    assert "did you mean 'from'" in text["sla.email-fin.versions[1].frm"]
    assert "missing" in text["sla.email-fin.versions[1].from"]
    assert "replaces all" in text["sla.email-fin.versions[2].targets"]
    assert "unknown calendar 'nope'" in text["sla.email-fin.versions[3].calendar"]
    assert "not later than versions[3]" in text["sla.email-fin.versions[4].from"]
    assert "at least one target" in text["sla.email-fin.versions[5].targets"]


def test_versions_not_an_array() -> None:
    assert [p for p, _ in problems("versions = 3\n")] == ["sla.email-fin.versions"]
    found = problems("versions = [3]\n")
    assert found[0][0] == "sla.email-fin.versions[0]"


def test_version_priorities_are_checked_against_the_matrix() -> None:
    version = """
[[sla.email-fin.versions]]
from = 2026-07-01
targets.P9 = { resolution = "4h" }
"""
    with pytest.raises(sc.CatalogueError) as info:
        sc.loads('priorities = "itil"\n' + BASE + version)
    [(path, message)] = info.value.problems
    assert path == "sla.email-fin.versions[0].targets.P9"
    assert "unknown priority 'P9'" in message
    sc.loads(BASE + version)  # without a matrix any label is a priority


def test_ola_and_uc_versions_and_a_chain_they_break() -> None:
    text = """
[ola.desk]
team = "Desk"
calendar = "uk"
supports = ["email-fin"]
targets.P2 = { resolution = "2h" }
[[ola.desk.versions]]
from = 2026-08-01
targets.P3 = { resolution = "2h" }
[[chains]]
sla = "email-fin"
metric = "resolution"
stages = ["desk.resolution"]
"""
    found = problems(text)
    assert [p for p, _ in found] == ["chains[0]"]
    assert "versions in force from 2026-07-31 23:00 UTC" in found[0][1]
    ok = sc.loads(BASE + text.replace("targets.P3", "targets.P2"))
    assert ok.in_force(datetime(2026, 8, 2, tzinfo=UTC)).chain_for("email-fin", "P2", "resolution")


def test_in_force_keeps_activity_rules_for_a_metric_a_later_version_targets() -> None:
    # The policy names 'response', which only the 1 July version targets: the
    # catalogue as it stood in June has no response target, yet its activity
    # rules (checked against every version) must survive in_force unchanged.
    cat = sc.loads(
        BASE
        + """
[[sla.email-fin.versions]]
from = 2026-07-01
targets.P2 = { resolution = "4h", response = "1h" }
[activity.policies.email-fin.response]
start = "created"
stop = 'status == "Resolved"'
"""
    )
    june = cat.in_force(datetime(2026, 6, 1, tzinfo=UTC))
    assert june.agreement("email-fin").metrics() == ("resolution",)
    assert june.activity is cat.activity
    july = cat.in_force(datetime(2026, 7, 2, tzinfo=UTC))
    assert july.agreement("email-fin").target("P2", "response").duration == H
    assert july.activity is cat.activity
