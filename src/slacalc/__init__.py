"""slacalc: exact business-time maths and SLA -> OLA -> UC gap analysis.

>>> from datetime import datetime, timedelta
>>> from zoneinfo import ZoneInfo
>>> import slacalc as sc
>>> uk = sc.Calendar.weekly({"mon-fri": "09:00-17:30"}, tz="Europe/London", holidays="GB-ENG")
>>> start = datetime(2026, 12, 24, 16, 0, tzinfo=ZoneInfo("Europe/London"))
>>> sc.deadline(uk, start, timedelta(hours=4))
datetime.datetime(2026, 12, 29, 11, 30, tzinfo=zoneinfo.ZoneInfo(key='Europe/London'))
"""

from slacalc.calendar import (
    DEFAULT_HORIZON,
    Calendar,
    Explanation,
    Landing,
    Period,
    deadline,
    elapsed,
)
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
from slacalc.recurring import Recurring

__version__ = "0.1.0"

__all__ = [
    "DEFAULT_HORIZON",
    "ArgumentTypeError",
    "Calendar",
    "CatalogueError",
    "Explanation",
    "HorizonError",
    "Landing",
    "NaiveDatetimeError",
    "NeverClosesError",
    "NeverOpenError",
    "ParseError",
    "Period",
    "Recurring",
    "SlacalcError",
    "TimerEventError",
    "UnknownCountryError",
    "UnknownLevelError",
    "UnknownZoneError",
    "__version__",
    "deadline",
    "elapsed",
    "format_duration",
    "parse_duration",
]
