"""Measurement: periods, assessment, availability, compliance, trends, improvement, review, report.

Each name lives in its own module of this package:

- :mod:`slacalc.measure.periods`: :class:`Month`, :class:`ReportingPeriod`;
- :mod:`slacalc.measure.availability`: :class:`Outage`, :class:`Availability`, :func:`availability`;
- :mod:`slacalc.measure.assessment`: :class:`TicketRecord`, :class:`Status`, :class:`Outcome`,
  :class:`RecordError`, :func:`sla_for`, :func:`assess`, :data:`GROUP_FIELDS`;
- :mod:`slacalc.measure.compliance`: :class:`Compliance`, :func:`compliance`, :class:`Direction`,
  :class:`Trend`, :func:`trend`, :func:`trends`, :data:`DEFAULT_GOAL`;
- :mod:`slacalc.measure.improvement`: :func:`category`, :class:`BreachCategory`,
  :func:`breaches_by_category`, :class:`ProblemCandidate`, :func:`problem_candidates`,
  :class:`Baseline`, :func:`baselines`, :data:`DEFAULT_CATEGORIES`;
- :mod:`slacalc.measure.review`: review schedules, actions and improvement flags;
- :mod:`slacalc.measure.report`: :func:`build_report` and its renderings;
- :mod:`slacalc.measure.records`: CSV readers of ticket history, open tickets and outages;
- :func:`share` (an exact share from 0 to 1).

Everything but :mod:`slacalc.measure.records` takes records and returns values;
nothing else reads a file. Time is exact integer microseconds; shares are exact
:class:`~fractions.Fraction` values (``float(share)`` for display).

>>> from datetime import datetime, timedelta, UTC
>>> import slacalc as sc
>>> from slacalc.measure import availability
>>> office = sc.Calendar.weekly({"mon-fri": "09:00-17:00"}, tz="UTC")
>>> monday = datetime(2026, 11, 30, tzinfo=UTC)
>>> a = availability([(monday + timedelta(hours=16), monday + timedelta(hours=20))],
...                  office, monday, monday + timedelta(days=7))
>>> a.down, a.share                     # only the hour inside 09:00-17:00 counts
(datetime.timedelta(seconds=3600), Fraction(39, 40))
"""

from __future__ import annotations

from slacalc._validate import share
from slacalc.measure.assessment import (
    GROUP_FIELDS,
    Outcome,
    RecordError,
    Status,
    TicketRecord,
    assess,
    sla_for,
)
from slacalc.measure.availability import Availability, Outage, availability
from slacalc.measure.compliance import (
    DEFAULT_GOAL,
    Compliance,
    Direction,
    Trend,
    compliance,
    trend,
    trends,
)
from slacalc.measure.compliance import DEFAULT_TOLERANCE as DEFAULT_TOLERANCE
from slacalc.measure.improvement import (
    DEFAULT_CATEGORIES,
    Baseline,
    BreachCategory,
    ProblemCandidate,
    baselines,
    breaches_by_category,
    category,
    problem_candidates,
)
from slacalc.measure.periods import Month, ReportingPeriod
from slacalc.measure.records import (
    HISTORY_COLUMNS,
    OPEN_TICKET_COLUMNS,
    OUTAGE_COLUMNS,
    OpenTicket,
    read_history,
    read_open_tickets,
    read_outages,
)
from slacalc.measure.report import (
    ChartUnavailableError,
    CustomerReport,
    Report,
    ServiceLine,
    build_report,
    to_dict,
    to_markdown,
    write_chart,
)
from slacalc.measure.review import (
    Action,
    ActionStatus,
    Cadence,
    FlagKind,
    Review,
    ReviewFlag,
    ReviewKind,
    ScheduledReview,
    improvement_flags,
    review_schedule,
)

__all__ = [
    "DEFAULT_CATEGORIES",
    "DEFAULT_GOAL",
    "GROUP_FIELDS",
    "HISTORY_COLUMNS",
    "OPEN_TICKET_COLUMNS",
    "OUTAGE_COLUMNS",
    "Action",
    "ActionStatus",
    "Availability",
    "Baseline",
    "BreachCategory",
    "Cadence",
    "ChartUnavailableError",
    "Compliance",
    "CustomerReport",
    "Direction",
    "FlagKind",
    "Month",
    "OpenTicket",
    "Outage",
    "Outcome",
    "ProblemCandidate",
    "RecordError",
    "Report",
    "ReportingPeriod",
    "Review",
    "ReviewFlag",
    "ReviewKind",
    "ScheduledReview",
    "ServiceLine",
    "Status",
    "TicketRecord",
    "Trend",
    "assess",
    "availability",
    "baselines",
    "breaches_by_category",
    "build_report",
    "category",
    "compliance",
    "improvement_flags",
    "problem_candidates",
    "read_history",
    "read_open_tickets",
    "read_outages",
    "review_schedule",
    "share",
    "sla_for",
    "to_dict",
    "to_markdown",
    "trend",
    "trends",
    "write_chart",
]
