"""Compatibility path for :mod:`slacalc.timers.timer`, where these names live (same objects)."""

from slacalc.timers.timer import (
    DEFAULT_THRESHOLDS,
    EVENT_KINDS,
    Pause,
    Timer,
    TimerState,
)

__all__ = [
    "DEFAULT_THRESHOLDS",
    "EVENT_KINDS",
    "Pause",
    "Timer",
    "TimerState",
]
