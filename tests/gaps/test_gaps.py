"""Structural gap analysis: hand-worked catalogues, the example's planted gaps, the CLI."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

import slacalc as sc
from slacalc.cli.app import main

EXAMPLE = Path(__file__).parent.parent.parent / "examples" / "catalogue.toml"

SMALL = """
[calendars.uk]
tz = "Europe/London"
hours = { mon-fri = "09:00-17:00" }

[calendars.us]
tz = "America/New_York"
hours = { mon-fri = "09:00-17:00" }

[services.email]
name = "Email"

[sla.email-finance]
service = "email"
customer = "Finance"
calendar = "uk"
reviewed = 2026-06-01
targets.P1 = { response = "30m", resolution = "4h", calendar = "always" }

[ola.desk]
team = "Service desk"
owner = "Desk manager"
calendar = "always"
supports = ["email-finance"]
reviewed = 2026-06-01
targets.P1 = { response = "15m" }

[uc.mailhost]
supplier = "MailHost Inc."
calendar = "us"
supports = ["email-finance"]
reviewed = 2026-06-01
targets.P1 = { response = "8h" }

[[chains]]
sla = "email-finance"
metric = "resolution"
stages = ["desk.response", "mailhost.response"]
"""


def _small() -> sc.Catalogue:
    return sc.loads(SMALL)


def test_chain_overrun_hand_worked() -> None:
    # P1 resolution: 4 hours on 24x7. Chain: the desk takes 15 minutes (24x7),
    # then MailHost up to 8 business hours on New York Mon-Fri 09:00-17:00.
    # A ticket raised on a Friday just after 08:45 New York (the desk hands over
    # just after 09:00) leaves MailHost's 8 hours to run from just after Friday
    # 09:00 until 17:00 and then into Monday: it ends Monday just after 09:00
    # New York. The SLA deadline was Friday just after 12:45 New York. The
    # overrun is Monday 09:00 - Friday 12:45 = 2 days 20 hours 15 minutes; any
    # later Friday start moves both ends equally (a plateau). First reached on
    # the minute grid at Friday 08:46 New York; the first Friday in the horizon
    # (as of Sunday 29 November 2026, London) is 4 December, EST (UTC-5), so
    # 13:46 UTC. (Eight weeks keep DST changes out of the horizon.)
    findings = sc.find_gaps(_small(), as_of=date(2026, 11, 29), horizon="8w")
    overruns = [f for f in findings if f.kind == "chain overrun"]
    assert len(overruns) == 1
    f = overruns[0]
    assert (f.sla, f.priority, f.metric, f.agreement) == (
        "email-finance",
        "P1",
        "resolution",
        "mailhost",
    )
    assert f.evidence["worst_overrun"] == timedelta(days=2, hours=20, minutes=15)
    assert f.evidence["start"] == datetime(2026, 12, 4, 13, 46, tzinfo=UTC)
    assert f.evidence["sla_deadline"] == datetime(2026, 12, 4, 17, 46, tzinfo=UTC)
    assert f.evidence["chain_end"] == datetime(2026, 12, 7, 14, 1, tzinfo=UTC)
    assert f.severity == "critical"
    assert "MailHost" in f.explanation and "Finance" in f.explanation
    # Eight business hours never fit in four wall-clock hours: every ticket is late.
    assert f.evidence["exposure"] == 1.0


def test_chain_overrun_over_a_year_finds_the_fall_back_weekend() -> None:
    # Over 12 months the worst week is the one where New York falls back
    # (Sunday 7 November 2027): a ticket raised Friday 5 November at 08:46 EDT
    # (12:46 UTC) is promised by 16:46 UTC, but MailHost ends Monday 8 November
    # at 09:01 EST (14:01 UTC): 2 days 21 hours 15 minutes, an hour worse than
    # an ordinary week because the weekend lasts an hour longer.
    findings = sc.find_gaps(_small(), as_of=date(2026, 11, 29))
    f = next(f for f in findings if f.kind == "chain overrun")
    assert f.evidence["worst_overrun"] == timedelta(days=2, hours=21, minutes=15)
    assert f.evidence["start"] == datetime(2027, 11, 5, 12, 46, tzinfo=UTC)


def test_looser_commitment_names_the_supplier() -> None:
    findings = sc.find_gaps(_small(), as_of=date(2026, 11, 29), horizon="8w")
    looser = [f for f in findings if f.kind == "looser commitment"]
    assert [f.agreement for f in looser] == ["mailhost"]
    # MailHost alone from Friday 09:00+1 minute New York: 8 business hours end
    # Monday 09:01, 2 days 20 hours after the 4-hour promise.
    assert looser[0].evidence["worst_overrun"] == timedelta(days=2, hours=20)


def test_coverage_hole_when_first_party_is_off_duty() -> None:
    text = SMALL.replace(
        'stages = ["desk.response", "mailhost.response"]', 'stages = ["mailhost.response"]'
    )
    findings = sc.find_gaps(sc.loads(text), as_of=date(2026, 11, 29))
    holes = [f for f in findings if f.kind == "coverage hole"]
    assert len(holes) == 1
    # SLA P1 is 24x7 (168 h a week); MailHost covers 40 h a week (less US
    # holidays: none, the calendar has none), so 128 hours a week are a hole.
    assert holes[0].evidence["hours_per_week"] == pytest.approx(128, abs=0.5)


def test_undocumented_review_and_inversions() -> None:
    text = SMALL.replace('owner = "Desk manager"\n', "").replace(
        'reviewed = 2026-06-01\ntargets.P1 = { response = "30m"',
        'reviewed = 2025-09-29\ntargets.P1 = { response = "30m"',
    )
    text = text.replace(
        'targets.P1 = { response = "30m", resolution = "4h", calendar = "always" }',
        'targets.P1 = { response = "30m", resolution = "4h", calendar = "always" }\n'
        'targets.P2 = { response = "5h", resolution = "2h", calendar = "always" }',
    )
    findings = sc.find_gaps(sc.loads(text), as_of=date(2026, 11, 29))
    kinds = {(str(f.kind), f.agreement, f.priority, f.metric) for f in findings}
    assert ("undocumented", "desk", None, None) in kinds  # no owner
    assert ("undocumented", "email-finance", "P2", "resolution") in kinds  # no chain
    assert ("review overdue", "email-finance", None, None) in kinds  # 14 months
    assert ("inverted priorities", "email-finance", "P2", "response") in kinds


def test_kinds_and_severities_compare_by_name() -> None:
    assert sc.FindingKind("chain-overrun") is sc.FindingKind.CHAIN_OVERRUN
    assert sc.FindingKind("coverage_hole") is sc.FindingKind.COVERAGE_HOLE
    assert sc.Severity.CRITICAL > sc.Severity.HIGH >= "high" > sc.Severity.LOW


@pytest.mark.parametrize("text", ["chain overrun", "chain-overrun", "chain_overrun", "x"])
def test_a_kind_equals_what_it_hashes_as(text: str) -> None:
    kind = sc.FindingKind.CHAIN_OVERRUN
    assert (kind == text) is (text == kind) is (kind in {text}) is ({kind: 1}.get(text) == 1)
    assert (kind == text) is (text == "chain overrun")


@pytest.mark.parametrize("text", ["high", "HIGH", "High", "severe", ""])
def test_a_severity_orders_and_equals_by_one_rule(text: str) -> None:
    high = sc.Severity.HIGH
    if high == text:  # exactly the value: every comparison works, both ways
        assert high >= text and high <= text and not high > text and text >= sc.Severity.LOW
        assert high in {text}
    else:  # not a severity: unequal, and no ordering (never a bare ValueError)
        for compare in (
            lambda: high >= text,
            lambda: high > text,
            lambda: high <= text,
            lambda: high < text,
            lambda: text < high,
        ):
            with pytest.raises(TypeError):
                compare()
    assert (high == text) is (text == "high")
    with pytest.raises(TypeError):
        assert high >= 3  # type: ignore[operator]


def test_findings_are_ordered_worst_first() -> None:
    findings = sc.find_gaps(sc.load(EXAMPLE), as_of=date(2026, 11, 29))
    ranks = [f.severity.rank for f in findings]
    assert ranks == sorted(ranks, reverse=True)


def test_example_catalogue_shows_its_planted_gaps() -> None:
    findings = sc.find_gaps(sc.load(EXAMPLE), as_of=date(2026, 11, 29))
    kinds = {str(f.kind) for f in findings}
    assert {"chain overrun", "looser commitment", "undocumented", "review overdue"} <= kinds
    # The overdue review is the one not reviewed for 14 months.
    overdue = [f for f in findings if f.kind == "review overdue"]
    assert overdue and all(f.evidence["reviewed"] < date(2025, 11, 29) for f in overdue)
    for f in findings:
        json.dumps(f.to_dict())  # every finding serialises


def test_bad_arguments() -> None:
    cat = _small()
    with pytest.raises(TypeError):
        sc.find_gaps(cat, as_of=datetime(2026, 11, 29))  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        sc.find_gaps(cat, as_of=date(2026, 11, 29), horizon="12 parsecs")
    with pytest.raises(ValueError):
        sc.find_gaps(cat, as_of=date(2026, 11, 29), horizon=0)
    with pytest.raises(TypeError):
        sc.find_gaps("catalogue.toml", as_of=date(2026, 11, 29))  # type: ignore[arg-type]


def test_cli_exit_status_guards_ci(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "cat.toml"
    path.write_text(SMALL)
    assert main(["gaps", str(path), "--as-of", "2026-11-29"]) == 1
    assert main(["gaps", str(path), "--as-of", "2026-11-29", "--exit-zero"]) == 0
    out = capsys.readouterr().out
    assert "chain overrun" in out and "MailHost" in out
    assert main(["gaps", str(path), "--as-of", "2026-11-29", "--format", "json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["findings"][0]["severity"] == "critical"
    clean = SMALL.replace('targets.P1 = { response = "8h" }', 'targets.P1 = { response = "1h" }')
    clean = clean.replace('calendar = "us"', 'calendar = "always"')
    path.write_text(clean)
    assert main(["gaps", str(path), "--as-of", "2026-11-29", "--min-severity", "high"]) == 0


def test_cli_reports_bad_catalogue(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "bad.toml"
    path.write_text('[calendars.x]\ntz = "Europe/Londn"\nhours = { mon = "9:00-17:00x" }\n')
    assert main(["gaps", str(path)]) == 2
    err = capsys.readouterr().err
    assert "calendars.x" in err and "Europe/Londn" in err


def test_warning_thresholds_that_do_not_rise_are_linted() -> None:
    text = SMALL.replace(
        'reviewed = 2026-06-01\ntargets.P1 = { response = "30m"',
        'reviewed = 2026-06-01\nwarnings = [0.75, 0.5]\ntargets.P1 = { response = "30m"',
    )
    findings = sc.find_gaps(sc.loads(text), as_of=date(2026, 11, 29))
    lint = [f for f in findings if f.kind == "calendar lint"]
    assert [f.agreement for f in lint] == ["email-finance"]
    assert lint[0].evidence["warnings"] == [0.75, 0.5]


def test_bad_warning_thresholds_are_catalogue_problems() -> None:
    text = SMALL.replace(
        'reviewed = 2026-06-01\ntargets.P1 = { response = "30m"',
        'reviewed = 2026-06-01\nwarnings = [0.5, 1.5]\ntargets.P1 = { response = "30m"',
    )
    with pytest.raises(sc.CatalogueError) as info:
        sc.loads(text)
    assert info.value.problems[0][0] == "sla.email-finance.warnings[1]"


def test_window_boundary_in_a_dst_gap_is_linted() -> None:
    # London springs forward at 01:00 GMT on Sunday 28 March 2027: readings
    # 01:00-02:00 do not exist, so a 01:30 opening falls in the gap.
    text = SMALL.replace(
        'hours = { mon-fri = "09:00-17:00" }\n\n[calendars.us]',
        'hours = { daily = "01:30-17:00" }\n\n[calendars.us]',
    )
    findings = sc.find_gaps(sc.loads(text), as_of=date(2026, 11, 29))
    lint = [f for f in findings if f.kind == "calendar lint" and "gap" in f.explanation]
    assert lint and "01:30" in lint[0].explanation and "uk" in lint[0].explanation


def test_review_due_dates_clip_to_the_month_end() -> None:
    from slacalc.gaps._context import _add_months

    assert _add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert _add_months(date(2028, 2, 29), -12) == date(2027, 2, 28)
    assert _add_months(date(2026, 11, 30), 14) == date(2028, 1, 30)
