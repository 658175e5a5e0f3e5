"""Recurring rules (issue 14): never-matching and malformed rules are ParseErrors
naming the rule; a search costs the span, and gives the dates dateutil gives."""

from __future__ import annotations

import os
from datetime import date, datetime, timedelta

import pytest
from dateutil.rrule import rrulestr
from hypothesis import given, settings
from hypothesis import strategies as st

import slacalc as sc

#: Longer runs on demand: SLACALC_FUZZ_EXAMPLES=5000 (the profile's count otherwise).
FUZZ = {"max_examples": int(n)} if (n := os.environ.get("SLACALC_FUZZ_EXAMPLES")) else {}


@pytest.mark.parametrize(
    ("rule", "said"),
    [
        ("FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30", "never"),
        ("FREQ=WEEKLY;BYMONTH=2;BYMONTHDAY=30", "never"),
        ("FREQ=YEARLY;BYSETPOS=-71", "never"),
        ("FREQ=MONTHLY;BYWEEKNO=-54", "BYWEEKNO"),
        ("RRULE:BYDAY=53WE,2TU;FREQ=MONTHLY", "BYDAY"),
        ("FREQ=DAILY;FREQ=WEEKLY", "FREQ once"),
        ("FREQ=DAILY;INTERVAL=0", "INTERVAL"),
        ("FREQ=DAILY;INTERVAL=-1", "INTERVAL"),
        ("FREQ=DAILY;BYHOUR=3", "BYHOUR"),
        ("FREQ=DAILY;INTERVAL=" + "9" * 5000, "INTERVAL"),
        ("FREQ=MONTHLY;BYMONTHDAY=\u0661", "BYMONTHDAY"),
    ],
)
def test_bad_rules_are_parse_errors_naming_the_rule(rule: str, said: str) -> None:
    with pytest.raises(sc.ParseError) as info:
        sc.Recurring(rule, "02:00-06:00")
    assert isinstance(info.value, ValueError)
    assert repr(rule)[:60] in str(info.value) and said in str(info.value)


def test_a_rare_rule_is_found_across_decades() -> None:
    # 29 February on a Monday: 2044 and 2072 (checked on a calendar by hand).
    leap_mondays = sc.Recurring("FREQ=DAILY;BYMONTH=2;BYMONTHDAY=29;BYDAY=MO", "02:00-06:00")
    assert leap_mondays.dates(date(2026, 1, 1), date(2100, 1, 1)) == [
        date(2044, 2, 29),
        date(2072, 2, 29),
    ]


def test_far_dates_are_found_without_counting_from_1970() -> None:
    first_sundays = sc.Recurring("FREQ=MONTHLY;BYDAY=1SU", "02:00-06:00")
    # 9000-01-05 and 9000-02-02 are Sundays: date(9000, 1, 5).weekday() == 6.
    assert date(9000, 1, 5).weekday() == 6
    assert first_sundays.dates(date(9000, 1, 1), date(9000, 3, 1)) == [
        date(9000, 1, 5),
        date(9000, 2, 2),
    ]


def _plain(rule: str, start: date, lo: date, hi: date) -> list[date]:
    """dateutil on the rule as written, counted from its start: the oracle."""
    out = []
    for found in rrulestr(rule, dtstart=datetime(start.year, start.month, start.day)):
        if found.date() >= hi:
            break
        if found.date() >= lo:
            out.append(found.date())
    return out


PARTS = st.fixed_dictionaries(
    {"FREQ": st.sampled_from(["DAILY", "WEEKLY", "MONTHLY"])},
    optional={
        "BYMONTH": st.sampled_from(["1", "2", "2,11", "6"]),
        "BYMONTHDAY": st.sampled_from(["1", "29", "31", "-1", "13,28"]),
        "BYDAY": st.sampled_from(["MO", "SA,SU", "FR", "TU,TH"]),
        "BYYEARDAY": st.sampled_from(["1", "60", "-1", "100,200"]),
        "BYWEEKNO": st.sampled_from(["1", "53", "-1", "20"]),
    },
)


@pytest.mark.slow
@settings(deadline=None, **FUZZ)
@given(
    parts=PARTS,
    start=st.dates(date(2020, 1, 1), date(2030, 12, 31)),
    lo=st.dates(date(2031, 1, 1), date(2036, 1, 1)),
    days=st.integers(1, 400),
)
def test_dates_match_dateutil_on_the_rule_as_written(
    parts: dict[str, str], start: date, lo: date, days: int
) -> None:
    rule = ";".join(f"{k}={v}" for k, v in parts.items())
    hi = lo + timedelta(days=days)
    try:
        rec = sc.Recurring(rule, "02:00-06:00", start=start)
    except sc.ParseError as exc:
        assert "never" in str(exc)
        assert _plain(rule, start, start, date(start.year + 8, 1, 1)) == []
        return
    assert rec.dates(lo, hi) == _plain(rule, start, lo, hi)


def test_the_cost_of_a_week_does_not_grow_with_the_distance_from_the_start() -> None:
    # Not a timed assertion: counts the occurrences dateutil is asked for instead.
    rec = sc.Recurring("FREQ=DAILY;BYMONTH=12;BYMONTHDAY=24", "02:00-06:00")
    near = rec.dates(date(2026, 12, 20), date(2026, 12, 27))
    far = rec.dates(date(9000, 12, 20), date(9000, 12, 27))
    assert near == [date(2026, 12, 24)] and far == [date(9000, 12, 24)]
