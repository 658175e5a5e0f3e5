"""Compatibility path for :mod:`slacalc.measure.records`, where these names live (same objects)."""

from slacalc.measure.records import (
    HISTORY_COLUMNS,
    OPEN_TICKET_COLUMNS,
    OUTAGE_COLUMNS,
    OpenTicket,
    read_history,
    read_open_tickets,
    read_outages,
)

__all__ = [
    "HISTORY_COLUMNS",
    "OPEN_TICKET_COLUMNS",
    "OUTAGE_COLUMNS",
    "OpenTicket",
    "read_history",
    "read_open_tickets",
    "read_outages",
]
