"""Event logs: ``(instant, kind)`` pairs read and checked for :meth:`slacalc.Timer.from_events`.

Shared by :mod:`slacalc.timers.timer` and :mod:`slacalc.timers.tickets`. Every pair is checked
(an aware instant, a known kind; kinds are lower-cased), and an impossible event
is reported as a :class:`~slacalc.errors.TimerEventError` naming the event and
its index in the log.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

from slacalc._validate import _aware
from slacalc.errors import ArgumentTypeError, TimerEventError


def _read_events(events: Iterable[object], kinds: Sequence[str]) -> list[tuple[datetime, str]]:
    """Check every ``(instant, kind)`` pair of a log; kinds are lower-cased."""
    log: list[tuple[datetime, str]] = []
    for i, event in enumerate(events):
        where = f"events[{i}]"
        if not isinstance(event, Sequence) or isinstance(event, str) or len(event) != 2:
            raise ArgumentTypeError(where, event, "an (instant, kind) pair")
        at, kind = event
        at = _aware(at, where)
        if not isinstance(kind, str) or kind.strip().lower() not in kinds:
            expected = ", ".join(repr(k) for k in kinds)
            raise TimerEventError(
                f"{where} ({at.isoformat()}, {kind!r}): {kind!r} is not an event kind; "
                f"expected one of {expected}",
                event,
                i,
            )
        log.append((at, kind.strip().lower()))
    return log


def _event_error(log: Sequence[tuple[datetime, str]], index: int, reason: str) -> TimerEventError:
    at, kind = log[index]
    return TimerEventError(
        f"events[{index}] ({at.isoformat()}, {kind!r}): {reason}", (at, kind), index
    )
