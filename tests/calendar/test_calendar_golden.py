"""Hand-worked calendar cases. Every expected value comes from the reasoning in
the comment beside it (zone offsets from the IANA rules), never from slacalc."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import holidays as holidays_pkg
import pytest

import slacalc as sc
from strategies import at, utc

H = timedelta(hours=1)
M = timedelta(minutes=1)
LON = "Europe/London"
NY = "America/New_York"


def z(name: str) -> datetime:
    """An instant written in UTC: z("2026-03-29 01:00")."""
    return at(UTC, name)


def same(got: datetime, expected: datetime) -> None:
    """Same instant, and ``got`` carries a tzinfo (compared as instants)."""
    assert isinstance(got, datetime)
    assert got.tzinfo is not None
    assert utc(got) == utc(expected), f"got {got} = {utc(got)}, expected {utc(expected)}"


def spans(ps: list[sc.Period]) -> list[tuple[datetime, datetime]]:
    return [(utc(s), utc(e)) for s, e in ps]


def uk_office(**kw: object) -> sc.Calendar:
    return sc.Calendar.weekly({"mon-fri": "09:00-17:30"}, tz=LON, **kw)  # type: ignore[arg-type]


def nine_to_five(tz: str = LON, **kw: object) -> sc.Calendar:
    return sc.Calendar.weekly({"mon-fri": "09:00-17:00"}, tz=tz, **kw)  # type: ignore[arg-type]


# --------------------------------------------------------------------------- DST days


def test_whole_day_on_london_dst_days() -> None:
    sunday = sc.Calendar.weekly({"sun": "00:00-24:00"}, tz=LON)
    # 2026-03-29: 00:00 GMT = 00:00Z; clocks jump 01:00 GMT -> 02:00 BST; the
    # day ends at 2026-03-30 00:00 BST = 03-29 23:00Z: 23 hours.
    assert sunday.elapsed(z("2026-03-27 00:00"), z("2026-04-01 00:00")) == 23 * H
    assert spans(sunday.periods(z("2026-03-27 00:00"), z("2026-04-01 00:00"))) == [
        (z("2026-03-29 00:00"), z("2026-03-29 23:00"))
    ]
    # 2026-10-25: 00:00 BST = 10-24 23:00Z; back 02:00 BST -> 01:00 GMT; ends
    # 2026-10-26 00:00 GMT = 00:00Z: 25 hours.
    assert sunday.elapsed(z("2026-10-23 00:00"), z("2026-10-28 00:00")) == 25 * H
    assert spans(sunday.periods(z("2026-10-23 00:00"), z("2026-10-28 00:00"))) == [
        (z("2026-10-24 23:00"), z("2026-10-26 00:00"))
    ]


def test_whole_day_on_new_york_dst_days() -> None:
    sunday = sc.Calendar.weekly({"sun": "00:00-24:00"}, tz=NY)
    # 2026-03-08: 00:00 EST = 05:00Z; 02:00 EST -> 03:00 EDT; 03-09 00:00 EDT = 04:00Z.
    assert sunday.elapsed(z("2026-03-06 00:00"), z("2026-03-11 00:00")) == 23 * H
    assert spans(sunday.periods(z("2026-03-06 00:00"), z("2026-03-11 00:00"))) == [
        (z("2026-03-08 05:00"), z("2026-03-09 04:00"))
    ]
    # 2026-11-01: 00:00 EDT = 04:00Z; 02:00 EDT -> 01:00 EST; 11-02 00:00 EST = 05:00Z.
    assert sunday.elapsed(z("2026-10-30 00:00"), z("2026-11-04 00:00")) == 25 * H
    # the local day measured by an always-open daily calendar
    daily = sc.Calendar.weekly({"daily": "00:00-24:00"}, tz=NY)
    assert daily.elapsed(at(NY, "2026-03-08 00:00"), at(NY, "2026-03-09 00:00")) == 23 * H
    assert daily.elapsed(at(NY, "2026-11-01 00:00"), at(NY, "2026-11-02 00:00")) == 25 * H


def test_window_starting_in_the_spring_gap() -> None:
    # London 2026-03-29: readings 01:00-02:00 do not exist. 01:30-03:00 keeps the
    # readings 02:00-03:00 BST = 01:00Z-02:00Z: the start in the gap starts at the
    # transition instant, 01:00Z. One hour.
    cal = sc.Calendar.weekly({"sun": "01:30-03:00"}, tz=LON)
    assert cal.elapsed(z("2026-03-28 12:00"), z("2026-03-30 00:00")) == H
    ps = cal.periods(z("2026-03-28 12:00"), z("2026-03-30 00:00"))
    assert spans(ps) == [(z("2026-03-29 01:00"), z("2026-03-29 02:00"))]
    assert ps[0].start.replace(tzinfo=None) == datetime(2026, 3, 29, 2, 0)  # 02:00 BST
    same(cal.next_open(z("2026-03-29 00:45")), z("2026-03-29 01:00"))
    assert not cal.is_open(z("2026-03-29 00:59"))
    assert cal.is_open(z("2026-03-29 01:00"))
    same(cal.add(z("2026-03-29 00:00"), 30 * M), z("2026-03-29 01:30"))


def test_window_ending_in_the_spring_gap_new_york() -> None:
    # New York 2026-03-08: readings 02:00-03:00 do not exist. 01:30-03:00 keeps
    # 01:30-02:00 EST = 06:30Z-07:00Z, then the clock reads 03:00 EDT = the end.
    cal = sc.Calendar.weekly({"sun": "01:30-03:00"}, tz=NY)
    assert cal.elapsed(z("2026-03-07 12:00"), z("2026-03-09 12:00")) == 30 * M
    assert spans(cal.periods(z("2026-03-07 12:00"), z("2026-03-09 12:00"))) == [
        (z("2026-03-08 06:30"), z("2026-03-08 07:00"))
    ]
    same(cal.add(z("2026-03-08 00:00"), 30 * M), z("2026-03-08 07:00"))


def test_window_across_the_autumn_fold() -> None:
    # London 2026-10-25, 01:30-03:00: readings 01:30-02:00 BST = 00:30Z-01:00Z;
    # at 01:00Z the clock returns to 01:00 GMT; readings 01:00-01:30 GMT (01:00Z-
    # 01:30Z) are outside; 01:30-03:00 GMT = 01:30Z-03:00Z. 0.5 h + 1.5 h = 2 h.
    cal = sc.Calendar.weekly({"sun": "01:30-03:00"}, tz=LON)
    assert cal.elapsed(z("2026-10-24 12:00"), z("2026-10-26 00:00")) == 2 * H
    assert spans(cal.periods(z("2026-10-24 12:00"), z("2026-10-26 00:00"))) == [
        (z("2026-10-25 00:30"), z("2026-10-25 01:00")),
        (z("2026-10-25 01:30"), z("2026-10-25 03:00")),
    ]
    # 45 minutes from 00:30Z: 30 in the first piece, 15 from 01:30Z.
    same(cal.add(z("2026-10-25 00:30"), 45 * M), z("2026-10-25 01:45"))


def test_overnight_shift_across_dst() -> None:
    # Sat 22:00 BST (21:00Z) to Sun 06:00 GMT (06:00Z): 9 hours.
    lon = sc.Calendar.weekly({"sat": "22:00-06:00"}, tz=LON)
    assert lon.elapsed(z("2026-10-23 00:00"), z("2026-10-27 00:00")) == 9 * H
    start = at(LON, "2026-10-24 22:00")
    same(lon.add(start, 9 * H), z("2026-10-25 06:00"))
    same(lon.add(start, 8 * H), z("2026-10-25 05:00"))  # 05:00 GMT
    # spring: Sat 22:00 GMT (22:00Z) to Sun 06:00 BST (05:00Z): 7 hours.
    assert lon.elapsed(z("2026-03-27 00:00"), z("2026-03-31 00:00")) == 7 * H
    # New York: Sat 2026-10-31 22:00 EDT = 11-01 02:00Z to 06:00 EST = 11:00Z.
    ny = sc.Calendar.weekly({"sat": "22:00-06:00"}, tz=NY)
    assert ny.elapsed(z("2026-10-30 00:00"), z("2026-11-03 00:00")) == 9 * H
    same(ny.add(at(NY, "2026-10-31 22:00"), 9 * H), z("2026-11-01 11:00"))


def test_lord_howe_half_hour_dst() -> None:
    sunday = sc.Calendar.weekly({"sun": "00:00-24:00"}, tz="Australia/Lord_Howe")
    # 2026-04-05: 00:00 +11 = 04-04 13:00Z; 02:00 +11 -> 01:30 +10:30 at 15:00Z;
    # 04-06 00:00 +10:30 = 04-05 13:30Z: 24.5 hours.
    assert sunday.elapsed(z("2026-04-02 00:00"), z("2026-04-08 00:00")) == 24 * H + 30 * M
    # 2026-10-04: 00:00 +10:30 = 10-03 13:30Z; 02:00 -> 02:30 +11 at 15:30Z;
    # 10-05 00:00 +11 = 10-04 13:00Z: 23.5 hours.
    assert sunday.elapsed(z("2026-10-01 00:00"), z("2026-10-07 00:00")) == 23 * H + 30 * M
    # 01:30-02:00 on 04-05 is read twice, back to back: 14:30Z-15:00Z (+11) and
    # 15:00Z-15:30Z (+10:30): one period of an hour.
    fold = sc.Calendar.weekly({"sun": "01:30-02:00"}, tz="Australia/Lord_Howe")
    assert spans(fold.periods(z("2026-04-04 00:00"), z("2026-04-06 00:00"))) == [
        (z("2026-04-04 14:30"), z("2026-04-04 15:30"))
    ]
    # 01:30-02:30 on 10-04: 02:00-02:30 is skipped; 01:30-02:00 +10:30 = 15:00Z-15:30Z.
    gap = sc.Calendar.weekly({"sun": "01:30-02:30"}, tz="Australia/Lord_Howe")
    assert gap.elapsed(z("2026-10-03 00:00"), z("2026-10-05 00:00")) == 30 * M


def test_fractional_offsets() -> None:
    # Kathmandu is +05:45 all year: 09:00 = 03:15Z, 17:00 = 11:15Z.
    ktm = sc.Calendar.weekly({"daily": "09:00-17:00"}, tz="Asia/Kathmandu")
    opening = ktm.next_open(z("2026-01-05 00:00"))
    same(opening, z("2026-01-05 03:15"))
    same(ktm.add(opening, 8 * H), z("2026-01-05 11:15"))
    assert ktm.is_open(z("2026-01-05 11:14"))
    assert not ktm.is_open(z("2026-01-05 11:15"))
    # Kolkata +05:30: 09:00 = 03:30Z. Adelaide in January is +10:30 (DST): 09:00
    # on Mon 01-05 = Sun 01-04 22:30Z.
    kol = sc.Calendar.weekly({"daily": "09:00-17:00"}, tz="Asia/Kolkata")
    same(kol.next_open(z("2026-01-05 00:00")), z("2026-01-05 03:30"))
    adl = nine_to_five("Australia/Adelaide")
    same(adl.next_open(z("2026-01-04 12:00")), z("2026-01-04 22:30"))


def test_apia_skipped_day() -> None:
    # Apia skipped 2011-12-30: 12-29 23:59:59 -10:00 was followed by 12-31 00:00
    # +14:00 (at 12-30 10:00Z). Daily 09:00-17:00: 12-29 09:00-17:00 -10 =
    # 19:00Z-03:00Z; nothing on the 30th; 12-31 09:00-17:00 +14 = 12-30 19:00Z-12-31 03:00Z.
    apia = "Pacific/Apia"
    cal = sc.Calendar.weekly({"daily": "09:00-17:00"}, tz=apia)
    a, b = at(apia, "2011-12-29 00:00"), at(apia, "2012-01-01 00:00")
    assert spans(cal.periods(a, b)) == [
        (z("2011-12-29 19:00"), z("2011-12-30 03:00")),
        (z("2011-12-30 19:00"), z("2011-12-31 03:00")),
    ]
    assert cal.elapsed(a, b) == 16 * H
    # 16:00 on the 29th + 2 h: one hour that day, one from 09:00 on the 31st.
    got = cal.add(at(apia, "2011-12-29 16:00"), 2 * H)
    same(got, at(apia, "2011-12-31 10:00"))
    assert got.replace(tzinfo=None) == datetime(2011, 12, 31, 10, 0)
    # 2011-12-30 was a Friday: a Friday-only calendar skips from 12-23 to 2012-01-06
    # (09:00 +14 = 01-05 19:00Z).
    fri = sc.Calendar.weekly({"fri": "09:00-17:00"}, tz=apia)
    assert fri.elapsed(at(apia, "2011-12-24 00:00"), at(apia, "2012-01-06 00:00")) == timedelta(0)
    same(fri.next_open(at(apia, "2011-12-24 00:00")), z("2012-01-05 19:00"))


# --------------------------------------------------------------------------- deadlines


def test_deadline_on_closing_time_and_landing_open() -> None:
    cal = nine_to_five()
    mon9 = at(LON, "2026-01-05 09:00")  # January: London is on GMT
    same(cal.add(mon9, 8 * H), at(LON, "2026-01-05 17:00"))  # earliest: the close
    same(cal.add(mon9, 8 * H, landing="close"), at(LON, "2026-01-05 17:00"))
    same(cal.add(mon9, 8 * H, landing="open"), at(LON, "2026-01-06 09:00"))
    # 7 h 59 m is inside Monday either way
    same(cal.add(mon9, 8 * H - M, landing="open"), at(LON, "2026-01-05 16:59"))
    # Fri 16:00 + 2 h: 16:00-17:00 Friday, 09:00-10:00 Monday
    same(cal.add(at(LON, "2026-01-09 16:00"), 2 * H), at(LON, "2026-01-12 10:00"))
    # subtracting walks back over the weekend the same way
    same(cal.subtract(at(LON, "2026-01-12 10:00"), 2 * H), at(LON, "2026-01-09 16:00"))
    same(cal.add(at(LON, "2026-01-12 10:00"), -2 * H), at(LON, "2026-01-09 16:00"))


@pytest.mark.parametrize(
    ("start", "expected"),
    [
        ("2026-01-05 18:00", "2026-01-06 09:00"),  # Mon after close -> Tue 09:00
        ("2026-01-05 10:00", "2026-01-05 10:00"),  # open: itself
        ("2026-01-10 12:00", "2026-01-12 09:00"),  # Saturday -> Monday 09:00
        ("2026-01-05 17:00", "2026-01-06 09:00"),  # the closing instant is closed
    ],
)
def test_add_zero(start: str, expected: str) -> None:
    cal = nine_to_five()
    a = at(LON, start)
    same(cal.add(a, timedelta(0)), a)  # add(a, 0) == a, open or not
    same(cal.add(a, timedelta(0), landing="open"), at(LON, expected))
    same(cal.next_open(a), at(LON, expected))


def test_england_christmas_2026() -> None:
    # 24 Dec (Thu) is a working day: 16:00-17:30 uses 1.5 h. 25 Dec (Fri)
    # Christmas; 26-27 weekend; 28 Dec (Mon) substitute Boxing Day (the 26th is a
    # Saturday). Tue 29 Dec 09:00 + 2.5 h = 11:30 (GMT).
    start, expected = at(LON, "2026-12-24 16:00"), at(LON, "2026-12-29 11:30")
    wed = at(LON, "2026-12-30 11:30")
    for hol, want in (
        ("GB-ENG", expected),
        (["GB-ENG"], expected),
        (holidays_pkg.country_holidays("GB", subdiv="ENG"), expected),
        ([date(2026, 12, 25), date(2026, 12, 28)], expected),
        (["GB-ENG", date(2026, 12, 29)], wed),  # a mixed list: Tue 29 off too -> Wed
    ):
        same(uk_office(holidays=hol).add(start, 4 * H), want)
    cal = uk_office(holidays="GB-ENG")
    # Thu 24 (8.5 h) and Tue 29 (8.5 h) in the week
    assert cal.elapsed(at(LON, "2026-12-24 00:00"), at(LON, "2026-12-30 00:00")) == 17 * H
    # Holidays for a later year are expanded too: 2027 has Christmas (Sat) and
    # Boxing Day (Sun) substituted on Mon 27 and Tue 28 Dec. Fri 24 Dec 17:00 +
    # 1 h: 30 min on Friday (to 17:30), 30 min from Wed 29 Dec 09:00 -> 09:30.
    same(cal.add(at(LON, "2027-12-24 17:00"), H), at(LON, "2027-12-29 09:30"))
    same(sc.deadline(cal, start, 4 * H), expected)


def test_spec_closures_and_openings() -> None:
    cal = uk_office(
        holidays="GB-ENG",
        closures=[("2026-12-24 13:00", "2026-12-27 00:00")],
        openings=[("2026-12-28 10:00", "2026-12-28 14:00")],
    )
    # Dec 24 open 09:00-13:00 (closure from 13:00); 25-27 shut; Mon 28 is a holiday
    # but the opening 10:00-14:00 wins; Tue 29 09:00-17:30.
    assert spans(cal.periods(at(LON, "2026-12-24 00:00"), at(LON, "2026-12-30 00:00"))) == [
        (z("2026-12-24 09:00"), z("2026-12-24 13:00")),
        (z("2026-12-28 10:00"), z("2026-12-28 14:00")),
        (z("2026-12-29 09:00"), z("2026-12-29 17:30")),
    ]
    # 12:00 + 4 h: 1 h on the 24th, 3 h from 10:00 on the 28th -> 13:00
    same(cal.add(at(LON, "2026-12-24 12:00"), 4 * H), at(LON, "2026-12-28 13:00"))
    # + 5 h ends exactly at the opening's end; landing="open" moves it to Tue 09:00
    same(cal.add(at(LON, "2026-12-24 12:00"), 5 * H), at(LON, "2026-12-28 14:00"))
    same(cal.add(at(LON, "2026-12-24 12:00"), 5 * H, landing="open"), at(LON, "2026-12-29 09:00"))
    # from 16:00 on the 24th (closed) the 4 h are the whole opening
    same(cal.add(at(LON, "2026-12-24 16:00"), 4 * H), at(LON, "2026-12-28 14:00"))
    assert cal.is_open(at(LON, "2026-12-24 12:59:59.999999"))
    assert not cal.is_open(at(LON, "2026-12-24 13:00"))


def test_openings_win_over_closures_and_other_forms() -> None:
    # an opening inside a closure: 09:00-13:00 and 15:00-16:00 on the 24th
    cal = uk_office(
        closures=[("2026-12-24 13:00", "2026-12-27 00:00")],
        openings=[("2026-12-24 15:00", "2026-12-24 16:00")],
    )
    assert cal.elapsed(at(LON, "2026-12-24 00:00"), at(LON, "2026-12-25 00:00")) == 5 * H
    # a date closes the whole local day: Mon 16:00 + 2 h skips Tue -> Wed 10:00
    cal = nine_to_five(closures=[date(2026, 1, 6)])
    same(cal.add(at(LON, "2026-01-05 16:00"), 2 * H), at(LON, "2026-01-07 10:00"))
    # naive datetimes are readings in the calendar's zone (New York: 12:00 EST = 17:00Z)
    cal = nine_to_five(NY, closures=[(datetime(2026, 1, 5, 12), datetime(2026, 1, 5, 13))])
    assert cal.elapsed(at(NY, "2026-01-05 00:00"), at(NY, "2026-01-06 00:00")) == 7 * H
    assert not cal.is_open(z("2026-01-05 17:30"))
    # an opening on a Saturday
    cal = nine_to_five(openings=[("2026-01-10 10:00", "2026-01-10 12:00")])
    same(cal.next_open(at(LON, "2026-01-09 18:00")), at(LON, "2026-01-10 10:00"))
    # a whole-day opening on a never-open calendar, in Kathmandu (+05:45)
    cal = sc.Calendar.weekly({}, tz="Asia/Kathmandu", openings=[date(2026, 1, 7)])
    assert spans(cal.periods(z("2026-01-01 00:00"), z("2026-01-10 00:00"))) == [
        (z("2026-01-06 18:15"), z("2026-01-07 18:15"))
    ]


def test_recurring_monthly_maintenance_closure() -> None:
    always_open = sc.Calendar.weekly(
        {"daily": "00:00-24:00"},
        tz=LON,
        closures=[sc.Recurring("FREQ=MONTHLY;BYDAY=1SU", "02:00-06:00")],
    )
    # March 2026: 1 March is the first Sunday. The month has 31 * 24 - 1 = 743 h
    # (spring forward on the 29th), less the 4 h closure: 739 h.
    assert always_open.elapsed(at(LON, "2026-03-01 00:00"), at(LON, "2026-04-01 00:00")) == 739 * H
    assert always_open.is_open(at(LON, "2026-03-01 01:59"))
    assert not always_open.is_open(at(LON, "2026-03-01 02:00"))
    assert not always_open.is_open(at(LON, "2026-03-01 05:59"))
    assert always_open.is_open(at(LON, "2026-03-01 06:00"))
    same(always_open.next_close(at(LON, "2026-03-01 00:00")), at(LON, "2026-03-01 02:00"))
    same(always_open.next_open(at(LON, "2026-03-01 03:00")), at(LON, "2026-03-01 06:00"))
    # Sunday 8 March is the second Sunday: open
    assert always_open.is_open(at(LON, "2026-03-08 03:00"))
    # October: 4 Oct, 02:00-06:00 BST = 01:00Z-05:00Z. November: 1 Nov, after
    # the fall-back at 01:00Z, 02:00-06:00 GMT = 02:00Z-06:00Z.
    assert spans((~always_open).periods(z("2026-10-01 00:00"), z("2026-11-30 00:00"))) == [
        (z("2026-10-04 01:00"), z("2026-10-04 05:00")),
        (z("2026-11-01 02:00"), z("2026-11-01 06:00")),
    ]
    # as an opening on a never-open calendar: Sundays 10:00-12:00 in January (GMT)
    sundays = sc.Calendar.weekly(
        {}, tz=LON, openings=[sc.Recurring("FREQ=WEEKLY;BYDAY=SU", "10:00-12:00")]
    )
    assert sundays.elapsed(z("2026-01-01 00:00"), z("2026-02-01 00:00")) == 4 * 2 * H
    same(sundays.next_open(z("2026-01-05 00:00")), z("2026-01-11 10:00"))


# --------------------------------------------------------------------------- windows


def test_periods_merge_across_midnight() -> None:
    # Mon 18:00-24:00 and Tue 00:00-08:00 touch at midnight: one period.
    cal = sc.Calendar.weekly({"mon": "18:00-24:00", "tue": "00:00-08:00"}, tz="UTC")
    assert spans(cal.periods(z("2026-01-05 00:00"), z("2026-01-07 00:00"))) == [
        (z("2026-01-05 18:00"), z("2026-01-06 08:00"))
    ]
    # an overnight window's tail touching Tuesday's own window
    cal = sc.Calendar.weekly(
        {"mon": "22:00-02:00", "tue": ["02:00-04:00", "10:00-11:00"]}, tz="UTC"
    )
    assert spans(cal.periods(z("2026-01-05 00:00"), z("2026-01-07 00:00"))) == [
        (z("2026-01-05 22:00"), z("2026-01-06 04:00")),
        (z("2026-01-06 10:00"), z("2026-01-06 11:00")),
    ]
    # overlapping windows merge: 09-12 and 11-13 are 09-13, 4 h not 5
    cal = sc.Calendar.weekly({"mon": ["09:00-12:00", "11:00-13:00"]}, tz="UTC")
    assert cal.elapsed(z("2026-01-05 00:00"), z("2026-01-06 00:00")) == 4 * H
    # clipping to [a, b)
    assert spans(cal.periods(z("2026-01-05 10:00"), z("2026-01-05 12:30"))) == [
        (z("2026-01-05 10:00"), z("2026-01-05 12:30"))
    ]
    assert cal.periods(z("2026-01-05 12:00"), z("2026-01-05 10:00")) == []


def test_holiday_removes_windows_starting_that_day() -> None:
    # Night shift 22:00-06:00 every day; Tue 6 Jan a holiday. Mon's shift runs into
    # Tue 06:00 (kept); Tue's shift (Tue 22:00 - Wed 06:00) is removed.
    cal = sc.Calendar.weekly({"daily": "22:00-06:00"}, holidays=[date(2026, 1, 6)], tz="UTC")
    assert spans(cal.periods(z("2026-01-05 12:00"), z("2026-01-07 12:00"))) == [
        (z("2026-01-05 22:00"), z("2026-01-06 06:00"))
    ]
    # Mon 12:00 - Thu 12:00: Mon's shift and Wed's shift, 8 h each
    assert cal.elapsed(z("2026-01-05 12:00"), z("2026-01-08 12:00")) == 8 * H + 8 * H


def test_day_key_unions() -> None:
    # "daily" and "sat" both name Saturday: it gets 09-12 and 13-15 (5 h); Friday 3 h.
    cal = sc.Calendar.weekly({"daily": "09:00-12:00", "sat": "13:00-15:00"}, tz="UTC")
    assert cal.elapsed(z("2026-01-10 00:00"), z("2026-01-11 00:00")) == 5 * H
    assert cal.elapsed(z("2026-01-09 00:00"), z("2026-01-10 00:00")) == 3 * H
    # "mon-fri" and "fri": Friday 09-17 and 17-19 touch: one period 09-19
    cal = sc.Calendar.weekly({"mon-fri": "09:00-17:00", "fri": "17:00-19:00"}, tz="UTC")
    assert spans(cal.periods(z("2026-01-09 00:00"), z("2026-01-10 00:00"))) == [
        (z("2026-01-09 09:00"), z("2026-01-09 19:00"))
    ]
    assert cal.elapsed(z("2026-01-08 00:00"), z("2026-01-09 00:00")) == 8 * H
    # wrapping range fri-mon: Fri, Sat, Sun, Mon -> 4 h in a Mon-Sun week, none on Tue
    cal = sc.Calendar.weekly({"fri-mon": "10:00-11:00"}, tz="UTC")
    assert cal.elapsed(z("2026-01-05 00:00"), z("2026-01-12 00:00")) == 4 * H
    assert cal.elapsed(z("2026-01-06 00:00"), z("2026-01-07 00:00")) == timedelta(0)
    # clock formats: H:MM and seconds
    cal = sc.Calendar.weekly({"mon": ["9:00-9:30", "10:00:30-10:01:00"]}, tz="UTC")
    assert cal.elapsed(z("2026-01-05 00:00"), z("2026-01-06 00:00")) == 30 * M + 30 * timedelta(
        seconds=1
    )


# --------------------------------------------------------------------------- business days, explain


def test_add_days() -> None:
    cal = nine_to_five()
    # same local clock on the next local date with coverage
    same(cal.add_days(at(LON, "2026-01-05 10:30"), 1), at(LON, "2026-01-06 10:30"))
    same(cal.add_days(at(LON, "2026-01-05 10:30"), 3), at(LON, "2026-01-08 10:30"))
    same(cal.add_days(at(LON, "2026-01-09 10:30"), 1), at(LON, "2026-01-12 10:30"))  # Fri -> Mon
    # ... then next_open: Tue 07:00 -> Tue 09:00; Tue 18:00 -> Wed 09:00
    same(cal.add_days(at(LON, "2026-01-05 07:00"), 1), at(LON, "2026-01-06 09:00"))
    same(cal.add_days(at(LON, "2026-01-05 18:00"), 1), at(LON, "2026-01-07 09:00"))
    # at="close": the close of coverage on that date
    same(cal.add_days(at(LON, "2026-01-09 10:30"), 1, at="close"), at(LON, "2026-01-12 17:00"))
    same(cal.add_days(at(LON, "2026-01-05 10:30"), 2, at="close"), at(LON, "2026-01-07 17:00"))
    # local clock, not 24 h steps: Fri 27 Mar 10:30 GMT -> Mon 30 Mar 10:30 BST (09:30Z)
    same(cal.add_days(at(LON, "2026-03-27 10:30"), 1), z("2026-03-30 09:30"))
    # holidays: Thu 24 Dec -> Tue 29 Dec (25, 28 holidays; 26-27 weekend)
    xmas = uk_office(holidays="GB-ENG")
    same(xmas.add_days(at(LON, "2026-12-24 10:00"), 1), at(LON, "2026-12-29 10:00"))
    same(xmas.add_days(at(LON, "2026-12-24 10:00"), 1, at="close"), at(LON, "2026-12-29 17:30"))
    # the result is in the argument's tzinfo: Mon 10:30 GMT = 05:30 EST
    got = cal.add_days(at(NY, "2026-01-05 05:30"), 1)
    same(got, at(NY, "2026-01-06 05:30"))
    assert got.tzinfo == ZoneInfo(NY)


def test_explain() -> None:
    cal = nine_to_five()
    fri = at(LON, "2026-01-09 16:00")
    ex = cal.explain(fri, 2 * H)
    same(ex.start, fri)
    assert ex.duration == 2 * H
    same(ex.deadline, at(LON, "2026-01-12 10:00"))
    # consumed: Fri 16:00-17:00 and Mon 09:00-10:00
    assert spans(list(ex.periods)) == [
        (z("2026-01-09 16:00"), z("2026-01-09 17:00")),
        (z("2026-01-12 09:00"), z("2026-01-12 10:00")),
    ]
    ex = cal.explain(at(LON, "2026-01-05 09:00"), 8 * H, landing="open")
    same(ex.deadline, at(LON, "2026-01-06 09:00"))
    assert spans(list(ex.periods)) == [(z("2026-01-05 09:00"), z("2026-01-05 17:00"))]


def test_top_level_functions() -> None:
    cal = nine_to_five()
    fri = at(LON, "2026-01-09 16:00")
    same(sc.deadline(cal, fri, 2 * H), at(LON, "2026-01-12 10:00"))
    same(sc.deadline(cal, at(LON, "2026-01-05 09:00"), 8 * H), at(LON, "2026-01-05 17:00"))
    same(
        sc.deadline(cal, at(LON, "2026-01-05 09:00"), 8 * H, landing="open"),
        at(LON, "2026-01-06 09:00"),
    )
    assert sc.elapsed(cal, fri, at(LON, "2026-01-12 10:00")) == 2 * H
    assert sc.elapsed(cal, at(LON, "2026-01-12 10:00"), fri) == -2 * H


# --------------------------------------------------------------------------- tzinfo of results


def test_results_in_the_arguments_tzinfo() -> None:
    cal = nine_to_five()  # London
    # Fri 11:00 EST = 16:00 GMT; + 2 h -> Mon 10:00 GMT = Mon 05:00 EST
    got = cal.add(at(NY, "2026-01-09 11:00"), 2 * H)
    assert got.tzinfo == ZoneInfo(NY)
    assert got.replace(tzinfo=None) == datetime(2026, 1, 12, 5, 0)
    plus545 = timezone(timedelta(hours=5, minutes=45))
    got = cal.next_open(datetime(2026, 1, 10, 0, 0, tzinfo=plus545))  # Fri 18:15Z
    assert got.tzinfo == plus545
    assert got.replace(tzinfo=None) == datetime(2026, 1, 12, 14, 45)  # Mon 09:00Z
    got = cal.subtract(z("2026-01-12 10:00"), 2 * H)
    assert got.tzinfo == UTC
    assert got.replace(tzinfo=None) == datetime(2026, 1, 9, 16, 0)
    got = cal.next_close(z("2026-01-12 10:00"))
    assert got.tzinfo == UTC
    assert got.replace(tzinfo=None) == datetime(2026, 1, 12, 17, 0)
    # a result on the repeated hour carries fold=1: always + 2 h from 00:30 BST
    # (10-24 23:30Z) is 01:30Z, read as 01:30 GMT, the second 01:30.
    got = sc.Calendar.always().add(at(LON, "2026-10-25 00:30"), 2 * H)
    same(got, z("2026-10-25 01:30"))
    assert got.tzinfo == ZoneInfo(LON)
    assert (got.replace(tzinfo=None), got.fold, got.utcoffset()) == (
        datetime(2026, 10, 25, 1, 30),
        1,
        timedelta(0),
    )


def test_periods_in_the_calendars_zone() -> None:
    cal = nine_to_five(NY)
    # asked in London: Mon 2026-01-05 09:00-17:00 EST = 14:00Z-22:00Z
    (p,) = cal.periods(at(LON, "2026-01-05 00:00"), at(LON, "2026-01-06 00:00"))
    assert p.start.utcoffset() == -5 * H
    assert (p.start.replace(tzinfo=None), p.end.replace(tzinfo=None)) == (
        datetime(2026, 1, 5, 9, 0),
        datetime(2026, 1, 5, 17, 0),
    )
    same(p.start, z("2026-01-05 14:00"))
    # algebra results take the left operand's zone; always() is UTC
    (q,) = (cal & sc.Calendar.always()).periods(z("2026-01-05 00:00"), z("2026-01-06 00:00"))
    assert q.start.replace(tzinfo=None) == datetime(2026, 1, 5, 9, 0)
    (r,) = (sc.Calendar.always() & cal).periods(z("2026-01-05 00:00"), z("2026-01-06 00:00"))
    assert r.start.utcoffset() == timedelta(0)
    assert r.start.replace(tzinfo=None) == datetime(2026, 1, 5, 14, 0)


# --------------------------------------------------------------------------- far dates


def test_year_one() -> None:
    cal = nine_to_five("UTC")
    # 0001-01-01 is a Monday (proleptic Gregorian)
    same(cal.next_open(z("0001-01-01 00:00")), z("0001-01-01 09:00"))
    same(cal.add(z("0001-01-01 09:00"), 8 * H), z("0001-01-01 17:00"))
    same(cal.add(z("0001-01-05 16:00"), 2 * H), z("0001-01-08 10:00"))  # Fri -> Mon
    # Tue 10:00 - 2 h: Tue 09:00-10:00 and Mon 16:00-17:00
    same(cal.subtract(z("0001-01-02 10:00"), 2 * H), z("0001-01-01 16:00"))
    # nothing before Monday 1 January of year 1
    with pytest.raises(sc.NeverOpenError):
        cal.subtract(z("0001-01-01 10:00"), 2 * H)
    # London then ran on local mean time, -0:01:15: 09:00 LMT = 09:01:15Z
    lmt = nine_to_five(LON)
    opening = lmt.next_open(z("0001-01-01 08:00"))
    same(opening, z("0001-01-01 09:01:15"))
    same(lmt.add(opening, 8 * H), z("0001-01-01 17:01:15"))


def test_year_9999() -> None:
    cal = nine_to_five("UTC")
    # 9999-12-31 is a Friday
    same(cal.add(z("9999-12-30 16:00"), 2 * H), z("9999-12-31 10:00"))
    end = datetime(9999, 12, 31, 23, 59, 59, 999999, tzinfo=UTC)
    assert cal.elapsed(z("9999-12-27 00:00"), end) == 5 * 8 * H  # Mon-Fri
    # no deadline exists that datetime can represent
    with pytest.raises(sc.NeverOpenError):
        cal.add(z("9999-12-31 16:00"), 2 * H)
    with pytest.raises(sc.NeverClosesError):
        sc.Calendar.always().next_close(z("9999-12-31 23:00"))


def test_year_3000() -> None:
    # EU rule: last Sunday of March. 3000-03-31 is a Monday, so 30 March is the
    # changeover; 00:00-24:00 that Sunday covers 23 h.
    sunday = sc.Calendar.weekly({"sun": "00:00-24:00"}, tz=LON)
    assert sunday.elapsed(z("3000-03-27 00:00"), z("3000-04-02 00:00")) == 23 * H
    cal = uk_office()
    # Mon 3000-03-31 09:00 BST = 08:00Z; + 8.5 h -> 17:30 BST = 16:30Z
    same(cal.add(at(LON, "3000-03-31 09:00"), 8 * H + 30 * M), z("3000-03-31 16:30"))


# --------------------------------------------------------------------------- more forms


def test_recurring_with_start_and_count() -> None:
    # every other Sunday from Sun 4 Jan 2026: 4 Jan, 18 Jan, 1 Feb ... (GMT)
    fortnightly = sc.Calendar.weekly(
        {},
        tz=LON,
        openings=[
            sc.Recurring("FREQ=WEEKLY;INTERVAL=2;BYDAY=SU", "10:00-12:00", start=date(2026, 1, 4))
        ],
    )
    assert fortnightly.elapsed(z("2026-01-01 00:00"), z("2026-02-01 00:00")) == 4 * H
    same(fortnightly.next_open(z("2026-01-05 00:00")), z("2026-01-18 10:00"))
    # three days from Mon 5 Jan, then nothing; nothing before the start either
    three = sc.Calendar.weekly(
        {},
        openings=[sc.Recurring("FREQ=DAILY;COUNT=3", "10:00-11:00", start=date(2026, 1, 5))],
        tz="UTC",
    )
    assert three.elapsed(z("2025-12-01 00:00"), z("2026-02-01 00:00")) == 3 * H
    assert spans(three.periods(z("2026-01-01 00:00"), z("2026-02-01 00:00")))[-1] == (
        z("2026-01-07 10:00"),
        z("2026-01-07 11:00"),
    )


def test_us_holidays_new_york() -> None:
    # Thanksgiving is Thu 26 Nov 2026 (the day after is no federal holiday):
    # Wed 16:00 + 2 h -> 1 h Wednesday, Fri 09:00 + 1 h = 10:00 EST.
    ny = nine_to_five(NY, holidays="US")
    same(ny.add(at(NY, "2026-11-25 16:00"), 2 * H), at(NY, "2026-11-27 10:00"))
    # Veterans Day, Wed 11 Nov 2026, is one too
    assert ny.elapsed(at(NY, "2026-11-11 00:00"), at(NY, "2026-11-12 00:00")) == timedelta(0)


def test_holidays_of_a_far_year() -> None:
    # 2100: Christmas Sat, Boxing Day Sun, substitutes Mon 27 and Tue 28 Dec.
    # Fri 24 Dec 17:00 + 1 h: 30 min Friday, Wed 29 09:00 + 30 min.
    cal = uk_office(holidays="GB-ENG")
    same(cal.add(at(LON, "2100-12-24 17:00"), H), at(LON, "2100-12-29 09:30"))


def test_algebra_golden() -> None:
    uk = nine_to_five()
    lunch = sc.Calendar.weekly({"daily": "12:00-13:00"}, tz=LON)
    work = uk - lunch  # 09-12 and 13-17: 7 h a day
    mon = "2026-01-05"
    same(work.add(at(LON, f"{mon} 09:00"), 7 * H), at(LON, f"{mon} 17:00"))
    same(work.add(at(LON, f"{mon} 09:00"), 4 * H), at(LON, f"{mon} 14:00"))  # 3 h + 1 h
    assert spans(work.periods(at(LON, f"{mon} 00:00"), at(LON, "2026-01-06 00:00"))) == [
        (z(f"{mon} 09:00"), z(f"{mon} 12:00")),
        (z(f"{mon} 13:00"), z(f"{mon} 17:00")),
    ]
    # every operation works on a result: add_days (Tue 12:30 -> next_open 13:00), explain
    same(work.add_days(at(LON, f"{mon} 12:30"), 1), at(LON, "2026-01-06 13:00"))
    ex = work.explain(at(LON, f"{mon} 11:00"), 2 * H)
    same(ex.deadline, at(LON, f"{mon} 14:00"))
    assert spans(list(ex.periods)) == [
        (z(f"{mon} 11:00"), z(f"{mon} 12:00")),
        (z(f"{mon} 13:00"), z(f"{mon} 14:00")),
    ]
    # across zones in January: London 09-17 GMT = 09-17Z; New York 09-17 EST = 14-22Z
    ny = nine_to_five(NY)
    assert (uk & ny).elapsed(z(f"{mon} 00:00"), z("2026-01-06 00:00")) == 3 * H
    (both,) = (uk | ny).periods(z(f"{mon} 00:00"), z("2026-01-06 00:00"))
    assert (both.start.replace(tzinfo=None), both.end.replace(tzinfo=None)) == (
        datetime(2026, 1, 5, 9, 0),  # read in London, the left operand's zone
        datetime(2026, 1, 5, 22, 0),
    )
    (both,) = (ny | uk).periods(z(f"{mon} 00:00"), z("2026-01-06 00:00"))
    assert both.start.replace(tzinfo=None) == datetime(2026, 1, 5, 4, 0)  # 09:00Z in EST
    # out of hours: a week is 168 h, 40 of them office hours
    assert (~uk).elapsed(z(f"{mon} 00:00"), z("2026-01-12 00:00")) == 128 * H
    with pytest.raises(sc.NeverOpenError):
        (~sc.Calendar.always()).next_open(z(f"{mon} 00:00"))


def test_other_input_forms() -> None:
    # tz as a ZoneInfo; Kolkata +05:30: Mon 09:00 = 03:30Z
    kol = sc.Calendar.weekly({"mon": "09:00-17:00"}, tz=ZoneInfo("Asia/Kolkata"))
    same(kol.next_open(z("2026-01-05 00:00")), z("2026-01-05 03:30"))
    # closures with seconds: 30 s off Monday
    cal = nine_to_five(closures=[("2026-01-05 12:00:30", "2026-01-05 12:01:00")])
    assert cal.elapsed(at(LON, "2026-01-05 00:00"), at(LON, "2026-01-06 00:00")) == (
        8 * H - timedelta(seconds=30)
    )
    # `in` is is_open
    assert at(LON, "2026-01-05 12:00") in cal
    assert at(LON, "2026-01-05 12:00:30") not in cal


@pytest.mark.parametrize("landing", ["close", "open"])
def test_explain_searches_once(monkeypatch: pytest.MonkeyPatch, landing: str) -> None:
    # Mon 30 Nov 2026 16:00 London + 1 h of 09:00-17:00: lands on the 17:00 close; "open"
    # moves it to Tue 09:00. One add for both, and the same answers as add itself.
    cal = nine_to_five()
    start = at(LON, "2026-11-30 16:00")
    expected = cal.add(start, timedelta(hours=1), landing=landing)  # type: ignore[arg-type]
    assert expected == at(LON, "2026-11-30 17:00" if landing == "close" else "2026-12-01 09:00")
    calls = []
    real = sc.Calendar.add

    def counted(self: sc.Calendar, *args: object, **kw: object) -> datetime:
        calls.append(args)
        return real(self, *args, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(sc.Calendar, "add", counted)
    ex = cal.explain(start, timedelta(hours=1), landing=landing)  # type: ignore[arg-type]
    assert ex.deadline == expected and len(calls) == 1
    assert [(p.start, p.end) for p in ex.periods] == [(start, at(LON, "2026-11-30 17:00"))]
