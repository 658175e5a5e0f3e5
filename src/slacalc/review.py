"""Compatibility path for :mod:`slacalc.measure.review`, where these names live (same objects)."""

from slacalc.measure.review import (
    Action,
    ActionStatus,
    Cadence,
    FlagKind,
    Review,
    ReviewFlag,
    ReviewKind,
    ScheduledReview,
    improvement_flags,
    review_schedule,
)

__all__ = [
    "Action",
    "ActionStatus",
    "Cadence",
    "FlagKind",
    "Review",
    "ReviewFlag",
    "ReviewKind",
    "ScheduledReview",
    "improvement_flags",
    "review_schedule",
]
