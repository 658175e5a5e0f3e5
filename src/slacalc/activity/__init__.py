"""Activity: tickets as created plus their field changes, and SLA clocks driven by them.

>>> from datetime import datetime, UTC
>>> from slacalc.activity import Activity, ActivityLog
>>> t0 = datetime(2026, 3, 2, 9, tzinfo=UTC)
>>> len(ActivityLog([Activity.of("INC-1", t0, {"status": "New"})]))
1
"""

from slacalc.activity.log import CREATED, Activity, ActivityError, ActivityLog, Change, Fields
from slacalc.activity.reader import ACTIVITY_COLUMNS, read_activity

__all__ = [
    "ACTIVITY_COLUMNS",
    "CREATED",
    "Activity",
    "ActivityError",
    "ActivityLog",
    "Change",
    "Fields",
    "read_activity",
]
