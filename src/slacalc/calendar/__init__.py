"""Business-time calendars: weekly hours, holidays, closures, recurring windows, algebra.

>>> import slacalc.calendar as calendar
>>> calendar.Calendar.always().is_always()
True
"""

from slacalc.calendar.calendar import (
    DEFAULT_HORIZON,
    Calendar,
    Explanation,
    Landing,
    Period,
    deadline,
    elapsed,
)
from slacalc.calendar.recurring import Recurring

__all__ = [
    "DEFAULT_HORIZON",
    "Calendar",
    "Explanation",
    "Landing",
    "Period",
    "Recurring",
    "deadline",
    "elapsed",
]
