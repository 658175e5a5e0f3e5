"""Where the holidays package's data ends, as one finding: from its own year range
(``start_year``/``end_year``) and from the range it states only in a warning."""

from __future__ import annotations

import threading
import warnings
from datetime import date

import holidays
import pytest

import slacalc as sc

CATALOGUE = """
[calendars.office]
tz = "{tz}"
hours = {{ mon-fri = "09:00-18:00" }}
holidays = "{code}"
[services.mail]
name = "Mail"
[sla.mail-fin]
service = "mail"
customer = "Finance"
calendar = "office"
reviewed = "{reviewed}"
targets = {{ P1 = {{ resolution = "8h" }} }}
"""


def _catalogue(code: str, tz: str, as_of: date) -> sc.Catalogue:
    return sc.loads(CATALOGUE.format(code=code, tz=tz, reviewed=as_of.isoformat()))


def _data_findings(cat: sc.Catalogue, as_of: date, horizon: str) -> list[sc.Finding]:
    found = sc.find_gaps(cat, as_of=as_of, horizon=horizon)
    return [f for f in found if "no data past" in f.explanation]


@pytest.mark.parametrize(
    ("code", "country", "subdiv", "tz"),
    [
        ("LK", "LK", None, "Asia/Colombo"),  # the package's Sri Lanka data stops early
        ("JP", "JP", None, "Asia/Tokyo"),
        ("GB-ENG", "GB", "ENG", "Europe/London"),
    ],
)
def test_the_package_year_range_is_a_finding(
    code: str, country: str, subdiv: str | None, tz: str
) -> None:
    # Past end_year the package gives no holidays at all, and says nothing.
    end = holidays.country_holidays(country, subdiv=subdiv).end_year
    assert len(holidays.country_holidays(country, subdiv=subdiv, years=[end + 1])) == 0
    as_of = date(end, 3, 1)
    found = _data_findings(_catalogue(code, tz, as_of), as_of, "2y")
    assert len(found) == 1, found
    assert found[0].evidence["data_ends"] == end
    assert f"no data past {end} for {code}" in found[0].explanation
    # a window that ends inside the data says nothing of it
    early = date(end - 5, 1, 1)
    assert _data_findings(_catalogue(code, tz, early), early, "2y") == []


def test_years_before_the_package_range_are_a_finding() -> None:
    start = holidays.country_holidays("GB", subdiv="ENG").start_year
    as_of = date(start - 2, 1, 1)
    found = [
        f
        for f in sc.find_gaps(_catalogue("GB-ENG", "Europe/London", as_of), as_of=as_of)
        if "no data before" in f.explanation
    ]
    assert len(found) == 1 and found[0].evidence["data_starts"] == start
    assert f"no data before {start} for GB-ENG" in found[0].explanation


def test_concurrent_analyses_each_find_it_and_leave_the_filters_as_they_were(
    recwarn: pytest.WarningsRecorder,
) -> None:
    # IN-MH: the package states its 2035 limit only in a warning.
    cats = [_catalogue("IN-MH", "Asia/Kolkata", date(2034, 1, 1)) for _ in range(8)]
    before = list(warnings.filters)
    results: list[int] = []
    errors: list[BaseException] = []
    start = threading.Barrier(len(cats))

    def run(cat: sc.Catalogue) -> None:
        try:
            start.wait()
            for _ in range(3):
                results.append(len(_data_findings(cat, date(2034, 1, 1), "3y")))
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(cat,)) for cat in cats]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert results == [1] * (3 * len(cats))
    assert warnings.filters == before
    assert not [w for w in recwarn if "available only" in str(w.message)]
