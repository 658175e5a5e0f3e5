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

from datetime import date, datetime, timedelta

from slacalc.catalogue.model import Catalogue
from slacalc.errors import ArgumentTypeError, ParseError
from slacalc.gaps._chain_checks import _chain_findings, _supporting_findings
from slacalc.gaps._context import _Context, parse_horizon
from slacalc.gaps._shape_checks import _inverted, _lint, _review, _undocumented
from slacalc.gaps.findings import Finding, FindingKind, Severity

__all__ = ["Finding", "FindingKind", "Severity", "find_gaps", "parse_horizon"]


def find_gaps(
    catalogue: Catalogue,
    *,
    as_of: date,
    horizon: int | timedelta | str = 12,
    min_severity: Severity | str = Severity.INFO,
) -> list[Finding]:
    """Every structural gap of ``catalogue``, worst first.

    ``as_of`` is the day the analysis is made (reviews are judged against it and
    tickets are considered from its start). ``horizon`` is the span of tickets
    considered: months as an int, a timedelta, or text such as ``"12mo"``
    (default 12 months).
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
    ctx = _Context(catalogue, as_of, horizon, names)
    findings: list[Finding] = []
    for source in (_chain_findings, _supporting_findings, _undocumented, _inverted, _review, _lint):
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
