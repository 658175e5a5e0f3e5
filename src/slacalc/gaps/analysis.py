"""Structural gaps: promises the SLA -> OLA -> UC chain cannot keep, found before any ticket.

:func:`find_gaps` reads a :class:`~slacalc.Catalogue` and returns
:class:`Finding` values, worst first. Chain overruns and looser commitments are
exact (see :mod:`slacalc.gaps._overrun`); the rest are checks of the catalogue's shape.

The finding types live in :mod:`slacalc.gaps.findings`, the exact chain checks in
:mod:`slacalc.gaps._chain_checks`, the shape checks in :mod:`slacalc.gaps._shape_checks`
and the analysis window in :mod:`slacalc.gaps._context`; every public name is
importable from here.

>>> from datetime import date
>>> import slacalc as sc
>>> cat = sc.load("examples/catalogue.toml")               # doctest: +SKIP
>>> for f in sc.find_gaps(cat, as_of=date(2026, 11, 29)):  # doctest: +SKIP
...     print(f.severity, f.kind, f.sla, f.priority, f.metric)
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Callable
from datetime import date, datetime, timedelta

import holidays

from slacalc._engine.instants import from_us
from slacalc.catalogue.model import Catalogue
from slacalc.errors import ArgumentTypeError, ParseError
from slacalc.gaps._chain_checks import _chain_findings, _supporting_findings
from slacalc.gaps._context import _Context, _window, parse_horizon
from slacalc.gaps._shape_checks import _inverted, _lint, _review, _undocumented
from slacalc.gaps._version_checks import _versions
from slacalc.gaps.findings import Finding, FindingKind, Severity

__all__ = ["Finding", "FindingKind", "Severity", "find_gaps", "parse_horizon"]

_STEPS = {
    "_chain_findings": "chains",
    "_supporting_findings": "supporting agreements",
    "_undocumented": "undocumented promises",
    "_inverted": "priority order",
    "_review": "reviews",
    "_lint": "calendars",
}
_DATA_RANGE = re.compile(r"Requested Holidays are available only from (\d{1,4}) to (\d{1,4})")


def _data_end(
    code: str, first: int, last: int, memo: dict[tuple[str, int, int], int | None]
) -> int | None:
    """The last year the holidays package has data for ``code``, if before ``last``."""
    key = (code, first, last)
    if key not in memo:
        country, _, subdiv = code.partition("-")
        ends = []
        for year in range(first, last + 1):
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always", UserWarning)
                try:
                    holidays.country_holidays(country, subdiv=subdiv or None, years=[year])
                except (NotImplementedError, ValueError, KeyError):
                    continue
            ends += [int(m[2]) for w in caught if (m := _DATA_RANGE.search(str(w.message)))]
        memo[key] = min(ends) if ends else None
    return memo[key]


def _holiday_data_ends(ctx: _Context) -> list[Finding]:
    """One finding per calendar whose holidays have no data past a year of the window.

    The ``holidays`` package warns (and its holidays stop) past the years it knows
    for some countries. Each holiday code a calendar names (``Calendar.holiday_codes``,
    composites too) is asked for the window's years (and one beyond, where chains
    run on) here, directly, so that the answer does not depend on which years
    some calendar compiled before.
    """
    found = []
    ends_of: dict[tuple[str, int, int], int | None] = {}
    for name, cal in sorted(ctx.cat.calendars.items()):
        codes = list(cal.holiday_codes)
        if not codes:
            continue
        lo, hi = _window(cal.tz, ctx.as_of, ctx.horizon)
        first, last_year = from_us(lo, cal.tz).year, from_us(hi, cal.tz).year + 1
        ends = [
            end for code in codes if (end := _data_end(code, first, last_year, ends_of)) is not None
        ]
        if not ends:
            continue
        last = min(ends)
        country = ", ".join(codes) or "its holiday country"
        found.append(
            Finding(
                FindingKind.CALENDAR_LINT,
                Severity.MEDIUM,
                None,
                None,
                None,
                None,
                f"The holidays package has no data past {last} for {country} (calendar "
                f"{name}): its holidays after {last} are missing, so they count as "
                "working days. Shorten the horizon, or use a newer holidays release.",
                {"calendar": name, "holidays": codes, "data_ends": last},
            )
        )
    return found


def find_gaps(
    catalogue: Catalogue,
    *,
    as_of: date,
    horizon: int | timedelta | str = 12,
    min_severity: Severity | str = Severity.INFO,
    progress: Callable[[str, int, int], None] | None = None,
) -> list[Finding]:
    """Every structural gap of ``catalogue``, worst first.

    ``as_of`` is the day the analysis is made (reviews are judged against it and
    tickets are considered from its start). ``horizon`` is the span of tickets
    considered: months as an int, a timedelta, or text such as ``"12mo"``
    (default 12 months). ``progress``, if given, is called as
    ``progress(step, done, total)`` before each of the checks (the command line
    shows it on stderr for long horizons).

    An agreement with effective-dated versions is analysed as it stands on
    ``as_of`` (:meth:`slacalc.Catalogue.in_force`, the date read at 00:00 in each
    agreement's zone), and a ``version change`` finding per such agreement says
    which version was read and when the next takes effect (``low`` when inside
    the window, else ``info``).

    Where the ``holidays`` package has no data for a country past some year
    inside the window (it warns, and the holidays it knows stop), the result holds
    one ``calendar lint`` finding per calendar naming the country and the year,
    instead of a library warning.
    """
    if not isinstance(catalogue, Catalogue):
        raise ArgumentTypeError("catalogue", catalogue, "a slacalc.Catalogue")
    if not isinstance(as_of, date) or isinstance(as_of, datetime):
        raise ArgumentTypeError("as_of", as_of, "a datetime.date")
    if isinstance(horizon, str):
        horizon = parse_horizon(horizon)
    if isinstance(horizon, bool) or not isinstance(horizon, int | timedelta):
        raise ArgumentTypeError("horizon", horizon, "months (int), a timedelta or '12mo'")
    if (horizon <= 0) if isinstance(horizon, int) else horizon <= timedelta(0):
        raise ParseError(horizon, "a positive horizon", "horizon")
    if not date(2, 1, 1) <= as_of <= date(9997, 12, 31) or (
        horizon > 12 * 100 if isinstance(horizon, int) else horizon > timedelta(days=36525)
    ):
        raise ParseError(
            f"{as_of} + {horizon}",
            "an analysis date from year 2 to 9997 and a horizon of at most 100 years "
            "(chains run on past the horizon, and reviews look a year back)",
            "as_of/horizon",
        )
    floor = Severity(min_severity)
    names = {id(cal): name for name, cal in catalogue.calendars.items()}
    ctx = _Context(catalogue.in_force(as_of), as_of, horizon, names)
    sources = (_chain_findings, _supporting_findings, _undocumented, _inverted, _review, _lint)
    if progress is not None:
        progress("holiday data", 0, len(sources) + 1)
    findings = [f for f in _holiday_data_ends(ctx) if f.severity >= floor]
    findings += [f for f in _versions(catalogue, ctx) if f.severity >= floor]
    with warnings.catch_warnings():  # reported above, per calendar
        warnings.filterwarnings("ignore", message=_DATA_RANGE.pattern, category=UserWarning)
        for done, source in enumerate(sources, 1):
            if progress is not None:
                progress(_STEPS[source.__name__], done, len(sources) + 1)
            findings.extend(f for f in source(ctx) if f.severity >= floor)
    findings.sort(
        key=lambda f: (
            -f.severity.rank,
            list(FindingKind).index(f.kind),
            f.sla or "",
            f.priority or "",
            f.metric or "",
        )
    )
    return findings
