"""Measurement: availability over agreed hours, compliance, trends, breaches, baselines.

This module gathers the measurement names in one place; each lives in its own module:

- :mod:`slacalc.availability`: :class:`Outage`, :class:`Availability`, :func:`availability`;
- :mod:`slacalc.assessment`: :class:`TicketRecord`, :class:`Status`, :class:`Outcome`,
  :class:`RecordError`, :func:`sla_for`, :func:`assess`, :data:`GROUP_FIELDS`;
- :mod:`slacalc.compliance`: :class:`Compliance`, :func:`compliance`, :class:`Direction`,
  :class:`Trend`, :func:`trend`, :func:`trends`, :data:`DEFAULT_GOAL`;
- :mod:`slacalc.improvement`: :func:`category`, :class:`BreachCategory`,
  :func:`breaches_by_category`, :class:`ProblemCandidate`, :func:`problem_candidates`,
  :class:`Baseline`, :func:`baselines`, :data:`DEFAULT_CATEGORIES`;
- :func:`share` (an exact share from 0 to 1), and :class:`Month` and
  :class:`ReportingPeriod` from :mod:`slacalc._months`.

Everything here takes records and returns values; nothing reads a file
(:mod:`slacalc.records` reads CSV). Time is exact integer microseconds; shares
are exact :class:`~fractions.Fraction` values (``float(share)`` for display).

>>> from datetime import datetime, timedelta, UTC
>>> import slacalc as sc
>>> from slacalc.measure import availability
>>> office = sc.Calendar.weekly({"mon-fri": "09:00-17:00"})
>>> monday = datetime(2026, 11, 30, tzinfo=UTC)
>>> a = availability([(monday + timedelta(hours=16), monday + timedelta(hours=20))],
...                  office, monday, monday + timedelta(days=7))
>>> a.down, a.share                     # only the hour inside 09:00-17:00 counts
(datetime.timedelta(seconds=3600), Fraction(39, 40))
"""

from __future__ import annotations

from slacalc._checks import share
from slacalc._months import Month, ReportingPeriod
from slacalc.assessment import (
    GROUP_FIELDS,
    Outcome,
    RecordError,
    Status,
    TicketRecord,
    assess,
    sla_for,
)
from slacalc.availability import Availability, Outage, availability
from slacalc.compliance import (
    DEFAULT_GOAL,
    Compliance,
    Direction,
    Trend,
    compliance,
    trend,
    trends,
)
from slacalc.compliance import DEFAULT_TOLERANCE as DEFAULT_TOLERANCE
from slacalc.improvement import (
    DEFAULT_CATEGORIES,
    Baseline,
    BreachCategory,
    ProblemCandidate,
    baselines,
    breaches_by_category,
    category,
    problem_candidates,
)

__all__ = [
    "DEFAULT_CATEGORIES",
    "DEFAULT_GOAL",
    "GROUP_FIELDS",
    "Availability",
    "Baseline",
    "BreachCategory",
    "Compliance",
    "Direction",
    "Month",
    "Outage",
    "Outcome",
    "ProblemCandidate",
    "RecordError",
    "ReportingPeriod",
    "Status",
    "TicketRecord",
    "Trend",
    "assess",
    "availability",
    "baselines",
    "breaches_by_category",
    "category",
    "compliance",
    "problem_candidates",
    "share",
    "sla_for",
    "trend",
    "trends",
]
