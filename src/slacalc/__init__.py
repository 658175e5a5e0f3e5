"""slacalc: exact business-time maths and SLA -> OLA -> UC gap analysis.

The first tier (``__all__``) is what the README's one screen uses; every other
name that used to live here is still ``slacalc.X``, imported on first use from
its subpackage (the second tier, listed in ``docs/api.md``).

>>> from datetime import datetime, timedelta
>>> from zoneinfo import ZoneInfo
>>> import slacalc as sc
>>> uk = sc.Calendar.weekly({"mon-fri": "09:00-17:30"}, tz="Europe/London", holidays="GB-ENG")
>>> start = datetime(2026, 12, 24, 16, 0, tzinfo=ZoneInfo("Europe/London"))
>>> sc.deadline(uk, start, timedelta(hours=4))
datetime.datetime(2026, 12, 29, 11, 30, tzinfo=zoneinfo.ZoneInfo(key='Europe/London'))
>>> sc.assess is __import__("slacalc.measure").measure.assess   # second tier, lazily
True
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from slacalc._engine.switch import COMPILED as _COMPILED
from slacalc.agreements import (
    OLA,
    SLA,
    UC,
    Chain,
    Service,
    Target,
)
from slacalc.calendar import (
    Calendar,
    Period,
    Recurring,
    deadline,
    elapsed,
)
from slacalc.catalogue import (
    Catalogue,
    load,
    loads,
)
from slacalc.errors import (
    ArgumentTypeError,
    CatalogueError,
    HorizonError,
    InvalidValueError,
    NaiveDatetimeError,
    NeverClosesError,
    NeverOpenError,
    ParseError,
    SlacalcError,
    TimerEventError,
    UnknownCountryError,
    UnknownLevelError,
    UnknownZoneError,
)
from slacalc.gaps import (
    Finding,
    Severity,
    find_gaps,
)
from slacalc.priority import (
    PriorityMatrix,
)
from slacalc.timers import (
    Ticket,
    Timer,
)

if TYPE_CHECKING:  # the second tier, for type checkers; imported lazily at run time
    from slacalc.activity import evaluate as evaluate
    from slacalc.activity import read_activity as read_activity
    from slacalc.agreements import (
        Agreement as Agreement,
    )
    from slacalc.agreements import (
        SlaTarget as SlaTarget,
    )
    from slacalc.agreements import (
        Stage as Stage,
    )
    from slacalc.agreements import (
        target_table as target_table,
    )
    from slacalc.calendar import (
        DEFAULT_HORIZON as DEFAULT_HORIZON,
    )
    from slacalc.calendar import (
        Explanation as Explanation,
    )
    from slacalc.calendar import (
        Landing as Landing,
    )
    from slacalc.durations import (
        format_duration as format_duration,
    )
    from slacalc.durations import (
        parse_duration as parse_duration,
    )
    from slacalc.gaps import (
        FindingKind as FindingKind,
    )
    from slacalc.measure import (
        Action as Action,
    )
    from slacalc.measure import (
        ActionStatus as ActionStatus,
    )
    from slacalc.measure import (
        Availability as Availability,
    )
    from slacalc.measure import (
        Baseline as Baseline,
    )
    from slacalc.measure import (
        BreachCategory as BreachCategory,
    )
    from slacalc.measure import (
        Cadence as Cadence,
    )
    from slacalc.measure import (
        ChartUnavailableError as ChartUnavailableError,
    )
    from slacalc.measure import (
        Compliance as Compliance,
    )
    from slacalc.measure import (
        Direction as Direction,
    )
    from slacalc.measure import (
        FlagKind as FlagKind,
    )
    from slacalc.measure import (
        Month as Month,
    )
    from slacalc.measure import (
        OpenTicket as OpenTicket,
    )
    from slacalc.measure import (
        Outage as Outage,
    )
    from slacalc.measure import (
        Outcome as Outcome,
    )
    from slacalc.measure import (
        ProblemCandidate as ProblemCandidate,
    )
    from slacalc.measure import (
        RecordError as RecordError,
    )
    from slacalc.measure import (
        Report as Report,
    )
    from slacalc.measure import (
        ReportingPeriod as ReportingPeriod,
    )
    from slacalc.measure import (
        Review as Review,
    )
    from slacalc.measure import (
        ReviewFlag as ReviewFlag,
    )
    from slacalc.measure import (
        ReviewKind as ReviewKind,
    )
    from slacalc.measure import (
        ScheduledReview as ScheduledReview,
    )
    from slacalc.measure import (
        Status as Status,
    )
    from slacalc.measure import (
        TicketRecord as TicketRecord,
    )
    from slacalc.measure import (
        Trend as Trend,
    )
    from slacalc.measure import (
        assess as assess,
    )
    from slacalc.measure import (
        availability as availability,
    )
    from slacalc.measure import (
        baselines as baselines,
    )
    from slacalc.measure import (
        breaches_by_category as breaches_by_category,
    )
    from slacalc.measure import (
        build_report as build_report,
    )
    from slacalc.measure import (
        compliance as compliance,
    )
    from slacalc.measure import (
        improvement_flags as improvement_flags,
    )
    from slacalc.measure import (
        problem_candidates as problem_candidates,
    )
    from slacalc.measure import (
        read_history as read_history,
    )
    from slacalc.measure import (
        read_open_tickets as read_open_tickets,
    )
    from slacalc.measure import (
        read_outages as read_outages,
    )
    from slacalc.measure import (
        review_schedule as review_schedule,
    )
    from slacalc.measure import (
        sla_for as sla_for,
    )
    from slacalc.measure import (
        trend as trend,
    )
    from slacalc.measure import (
        trends as trends,
    )
    from slacalc.measure import (
        write_chart as write_chart,
    )
    from slacalc.priority import (
        PriorityProblem as PriorityProblem,
    )
    from slacalc.priority import (
        check_targets as check_targets,
    )
    from slacalc.timers import (
        Pause as Pause,
    )
    from slacalc.timers import (
        TimerState as TimerState,
    )
    from slacalc.timers import (
        TimerStatus as TimerStatus,
    )
    from slacalc.timers import (
        breaching as breaching,
    )
    from slacalc.timers import (
        statuses as statuses,
    )

__version__ = "0.1.0"
#: True when the C kernel runs the engine's hot paths, False on the pure-Python path
#: (no compiler at install, or ``SLACALC_PURE=1`` set before import): same answers.
compiled: bool = _COMPILED

__all__ = [
    "OLA",
    "SLA",
    "UC",
    "ArgumentTypeError",
    "Calendar",
    "Catalogue",
    "CatalogueError",
    "Chain",
    "Finding",
    "HorizonError",
    "InvalidValueError",
    "NaiveDatetimeError",
    "NeverClosesError",
    "NeverOpenError",
    "ParseError",
    "Period",
    "PriorityMatrix",
    "Recurring",
    "Service",
    "Severity",
    "SlacalcError",
    "Target",
    "Ticket",
    "Timer",
    "TimerEventError",
    "UnknownCountryError",
    "UnknownLevelError",
    "UnknownZoneError",
    "__version__",
    "deadline",
    "elapsed",
    "find_gaps",
    "load",
    "loads",
]

#: The second tier: each name and the subpackage it is imported from on first use.
_SECOND_TIER: dict[str, str] = {
    "reconcile": "slacalc.platforms",
    "evaluate": "slacalc.activity",
    "read_activity": "slacalc.activity",
    "Agreement": "slacalc.agreements",
    "SlaTarget": "slacalc.agreements",
    "Stage": "slacalc.agreements",
    "target_table": "slacalc.agreements",
    "DEFAULT_HORIZON": "slacalc.calendar",
    "Explanation": "slacalc.calendar",
    "Landing": "slacalc.calendar",
    "format_duration": "slacalc.durations",
    "parse_duration": "slacalc.durations",
    "FindingKind": "slacalc.gaps",
    "Action": "slacalc.measure",
    "ActionStatus": "slacalc.measure",
    "Availability": "slacalc.measure",
    "Baseline": "slacalc.measure",
    "BreachCategory": "slacalc.measure",
    "Cadence": "slacalc.measure",
    "ChartUnavailableError": "slacalc.measure",
    "Compliance": "slacalc.measure",
    "Direction": "slacalc.measure",
    "FlagKind": "slacalc.measure",
    "Month": "slacalc.measure",
    "OpenTicket": "slacalc.measure",
    "Outage": "slacalc.measure",
    "Outcome": "slacalc.measure",
    "ProblemCandidate": "slacalc.measure",
    "RecordError": "slacalc.measure",
    "Report": "slacalc.measure",
    "ReportingPeriod": "slacalc.measure",
    "Review": "slacalc.measure",
    "ReviewFlag": "slacalc.measure",
    "ReviewKind": "slacalc.measure",
    "ScheduledReview": "slacalc.measure",
    "Status": "slacalc.measure",
    "TicketRecord": "slacalc.measure",
    "Trend": "slacalc.measure",
    "assess": "slacalc.measure",
    "availability": "slacalc.measure",
    "baselines": "slacalc.measure",
    "breaches_by_category": "slacalc.measure",
    "build_report": "slacalc.measure",
    "compliance": "slacalc.measure",
    "improvement_flags": "slacalc.measure",
    "problem_candidates": "slacalc.measure",
    "read_history": "slacalc.measure",
    "read_open_tickets": "slacalc.measure",
    "read_outages": "slacalc.measure",
    "review_schedule": "slacalc.measure",
    "sla_for": "slacalc.measure",
    "trend": "slacalc.measure",
    "trends": "slacalc.measure",
    "write_chart": "slacalc.measure",
    "PriorityProblem": "slacalc.priority",
    "check_targets": "slacalc.priority",
    "Pause": "slacalc.timers",
    "TimerState": "slacalc.timers",
    "TimerStatus": "slacalc.timers",
    "breaching": "slacalc.timers",
    "statuses": "slacalc.timers",
}


def __getattr__(name: str) -> Any:
    """A second-tier name, imported from its subpackage (``sc.assess`` and the like)."""
    module = _SECOND_TIER.get(name)
    if module is None:
        raise AttributeError(f"module 'slacalc' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)


def __dir__() -> list[str]:
    return sorted({*globals(), *_SECOND_TIER})
