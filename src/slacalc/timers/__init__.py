"""SLA timers and tickets: a clock that pauses, an event log, statuses of many tickets."""

from slacalc.timers.tickets import TICKET_EVENTS, Ticket, TimerStatus, breaching, statuses
from slacalc.timers.timer import (
    DEFAULT_THRESHOLDS,
    DEFAULT_WARN_AT,
    EVENT_KINDS,
    Pause,
    Timer,
    TimerState,
)

__all__ = [
    "DEFAULT_THRESHOLDS",
    "DEFAULT_WARN_AT",
    "EVENT_KINDS",
    "TICKET_EVENTS",
    "Pause",
    "Ticket",
    "Timer",
    "TimerState",
    "TimerStatus",
    "breaching",
    "statuses",
]
