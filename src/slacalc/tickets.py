"""Compatibility path for :mod:`slacalc.timers.tickets`, where these names live (same objects)."""

from slacalc.timers.tickets import (
    TICKET_EVENTS,
    Ticket,
    TimerStatus,
    breaching,
    statuses,
)

__all__ = [
    "TICKET_EVENTS",
    "Ticket",
    "TimerStatus",
    "breaching",
    "statuses",
]
