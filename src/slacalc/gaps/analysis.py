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
import threading
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

#: Held while slacalc changes the process's warning filters (the probe below and the
#: analysis that hides the warnings it reports): ``warnings.catch_warnings`` saves and
#: restores process-wide state, so two analyses overlapping in threads would restore
#: each other's filters. Python gives no per-thread filters before 3.14.
_WARNINGS_LOCK = threading.RLock()


def _stated_range(
    country: str, subdiv: str | None, first: int, last: int
) -> tuple[int, int] | None:
    """The year range a country states only in a warning while it fills a year (India's
    Hindu festivals, for one), if it does for a year in ``first..last``."""
    with _WARNINGS_LOCK, warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", UserWarning)
        for year in range(first, last + 1):
            try:
                holidays.country_holidays(country, subdiv=subdiv, years=[year])
            except (NotImplementedError, ValueError, KeyError):
                return None
    ranges = [(int(m[1]), int(m[2])) for w in caught if (m := _DATA_RANGE.search(str(w.message)))]
    return (max(lo for lo, _ in ranges), min(hi for _, hi in ranges)) if ranges else None


def _data_range(
    code: str, first: int, last: int, memo: dict[tuple[str, int, int], tuple[int, int] | None]
) -> tuple[int, int] | None:
    """The years the holidays package has data for ``code``, if ``first..last`` leaves them.

    Read first from the package's own range (``start_year`` and ``end_year`` of the
    country's holidays class: outside it the package gives no holidays at all, and says
    nothing), then from a range it states only in a warning while it fills a year.
    """
    key = (code, first, last)
    if key not in memo:
        country, _, subdiv = code.partition("-")
        try:
            known = holidays.country_holidays(country, subdiv=subdiv or None)
        except (NotImplementedError, ValueError, KeyError):
            memo[key] = None
            return None
        lo, hi = int(known.start_year), int(known.end_year)
        stated = _stated_range(country, subdiv or None, max(first, lo), min(last, hi))
        if stated is not None:
            lo, hi = max(lo, stated[0]), min(hi, stated[1])
        memo[key] = (lo, hi) if first < lo or last > hi else None
    return memo[key]


def _holiday_data_ends(ctx: _Context) -> list[Finding]:
    """One finding per calendar whose holidays have no data for a year of the window.

    The ``holidays`` package gives no holidays outside the years it knows for a
    country (its ``start_year`` and ``end_year``), and for some countries warns, and
    its holidays stop, past years it states only in that warning. Each holiday code a
    calendar names (``Calendar.holiday_codes``, composites too) is asked for the
    window's years (and one beyond, where chains run on) here, directly, so that the
    answer does not depend on which years some calendar compiled before.
    """
    found = []
    ranges_of: dict[tuple[str, int, int], tuple[int, int] | None] = {}
    for name, cal in sorted(ctx.cat.calendars.items()):
        codes = list(cal.holiday_codes)
        if not codes:
            continue
        lo, hi = _window(cal.tz, ctx.as_of, ctx.horizon)
        first, last_year = from_us(lo, cal.tz).year, from_us(hi, cal.tz).year + 1
        ranges = [got for code in codes if (got := _data_range(code, first, last_year, ranges_of))]
        if not ranges:
            continue
        start, last = max(r[0] for r in ranges), min(r[1] for r in ranges)
        country = ", ".join(codes) or "its holiday country"
        if last < last_year:
            text = (
                f"The holidays package has no data past {last} for {country} (calendar "
                f"{name}): its holidays after {last} are missing, so they count as "
                "working days. Shorten the horizon, or use a newer holidays release."
            )
        else:
            text = (
                f"The holidays package has no data before {start} for {country} (calendar "
                f"{name}): its holidays before {start} are missing, so they count as "
                "working days. Analyse from a later date."
            )
        evidence = {"calendar": name, "holidays": codes, "data_starts": start, "data_ends": last}
        found.append(
            Finding(
                FindingKind.CALENDAR_LINT, Severity.MEDIUM, None, None, None, None, text, evidence
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

    Where the ``holidays`` package has no data for a country for some year inside
    the window (past its ``end_year``, where it gives no holidays and says nothing,
    or past a range it states only in a warning), the result holds one ``calendar
    lint`` finding per calendar naming the country and the year, instead of a
    library warning.

    Thread safety: that warning is read, and hidden while the analysis runs, through
    :func:`warnings.catch_warnings`, which changes process-wide state. Calls of
    ``find_gaps`` in several threads take turns for it (one lock), so each gives
    its single-threaded answer; code in another thread that changes the warning
    filters itself at the same time may see its filters restored under it, and a
    warning it raises meanwhile may be recorded or hidden here.
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
    with _WARNINGS_LOCK, warnings.catch_warnings():  # reported above, per calendar
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
