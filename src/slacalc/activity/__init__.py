"""Activity: tickets as created plus their field changes, and SLA clocks driven by them.

- the log: :class:`Change`, :class:`Activity`, :class:`ActivityLog`, :func:`read_activity`,
  :func:`iter_activity` (a file in chunks of whole tickets);
- policies: :class:`ClockPolicy` with conditions in a small grammar
  (:func:`parse_condition`), :func:`default_policy`, :func:`compile_policy`;
- the rules that tie activity to a catalogue: :class:`ActivityRules`;
- judging: :func:`evaluate` -> :class:`CycleOutcome` per ticket, agreement,
  metric and cycle, :func:`to_outcomes` for the measurement;
- :func:`time_in_status` and the open-ticket :func:`board`.

>>> from datetime import datetime, UTC
>>> from slacalc.activity import Activity, ActivityLog
>>> t0 = datetime(2026, 3, 2, 9, tzinfo=UTC)
>>> len(ActivityLog([Activity.of("INC-1", t0, {"status": "New"})]))
1
"""

from slacalc.activity.boards import board, open_tickets, time_in_status
from slacalc.activity.conditions import Condition, ConditionError, parse_condition
from slacalc.activity.log import CREATED, Activity, ActivityError, ActivityLog, Change, Fields
from slacalc.activity.outcomes import (
    UNMATCHED,
    ActivityWarning,
    CycleOutcome,
    CycleState,
    evaluate,
    to_outcomes,
)
from slacalc.activity.policy import ClockPolicy, CompiledPolicy, compile_policy, default_policy
from slacalc.activity.reader import ACTIVITY_COLUMNS, iter_activity, read_activity
from slacalc.activity.rules import ActivityRules

__all__ = [
    "ACTIVITY_COLUMNS",
    "CREATED",
    "UNMATCHED",
    "Activity",
    "ActivityError",
    "ActivityLog",
    "ActivityRules",
    "ActivityWarning",
    "Change",
    "ClockPolicy",
    "CompiledPolicy",
    "Condition",
    "ConditionError",
    "CycleOutcome",
    "CycleState",
    "Fields",
    "board",
    "compile_policy",
    "default_policy",
    "evaluate",
    "iter_activity",
    "open_tickets",
    "parse_condition",
    "read_activity",
    "time_in_status",
    "to_outcomes",
]
