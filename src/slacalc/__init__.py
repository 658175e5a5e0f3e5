"""slacalc: exact business-time maths and SLA -> OLA -> UC gap analysis.

>>> from datetime import datetime, timedelta
>>> from zoneinfo import ZoneInfo
>>> import slacalc as sc
>>> uk = sc.Calendar.weekly({"mon-fri": "09:00-17:30"}, tz="Europe/London", holidays="GB-ENG")
>>> start = datetime(2026, 12, 24, 16, 0, tzinfo=ZoneInfo("Europe/London"))
>>> sc.deadline(uk, start, timedelta(hours=4))
datetime.datetime(2026, 12, 29, 11, 30, tzinfo=zoneinfo.ZoneInfo(key='Europe/London'))
"""

from slacalc.agreements import (
    OLA,
    SLA,
    UC,
    Agreement,
    Catalogue,
    Chain,
    Service,
    SlaTarget,
    Stage,
    Target,
    target_table,
)
from slacalc.calendar import (
    DEFAULT_HORIZON,
    Calendar,
    Explanation,
    Landing,
    Period,
    deadline,
    elapsed,
)
from slacalc.catalogue import load, loads
from slacalc.durations import format_duration, parse_duration
from slacalc.errors import (
    ArgumentTypeError,
    CatalogueError,
    HorizonError,
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
from slacalc.gaps import Finding, FindingKind, Severity, find_gaps
from slacalc.priority import PriorityMatrix, PriorityProblem, check_targets
from slacalc.recurring import Recurring
from slacalc.tickets import Ticket, TimerStatus, breaching, statuses
from slacalc.timer import Pause, Timer, TimerState

__version__ = "0.1.0"

__all__ = [
    "DEFAULT_HORIZON",
    "OLA",
    "SLA",
    "UC",
    "Agreement",
    "ArgumentTypeError",
    "Calendar",
    "Catalogue",
    "CatalogueError",
    "Chain",
    "Explanation",
    "Finding",
    "FindingKind",
    "HorizonError",
    "Landing",
    "NaiveDatetimeError",
    "NeverClosesError",
    "NeverOpenError",
    "ParseError",
    "Pause",
    "Period",
    "PriorityMatrix",
    "PriorityProblem",
    "Recurring",
    "Service",
    "Severity",
    "SlaTarget",
    "SlacalcError",
    "Stage",
    "Target",
    "Ticket",
    "Timer",
    "TimerEventError",
    "TimerState",
    "TimerStatus",
    "UnknownCountryError",
    "UnknownLevelError",
    "UnknownZoneError",
    "__version__",
    "breaching",
    "check_targets",
    "deadline",
    "elapsed",
    "find_gaps",
    "format_duration",
    "load",
    "loads",
    "parse_duration",
    "statuses",
    "target_table",
]
