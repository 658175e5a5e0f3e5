"""A platform's own SLA figure for one ticket, metric and cycle, as exported.

JSM's SLA cycles, ServiceNow's ``task_sla`` rows and Zendesk's metric events
all say the same things in different words: when the clock started and
stopped, when it was (or will be) due, whether it breached, and how much
business time it counted. Each reader turns its shape into
:class:`PlatformRecord` values, which :func:`~slacalc.platforms.reconcile`
sets beside slacalc's outcomes.

>>> from datetime import datetime, timedelta, UTC
>>> r = PlatformRecord("jira", "SD-1", "Time to resolution", 1,
...                    start=datetime(2026, 3, 27, 9, tzinfo=UTC), breached=False,
...                    goal=timedelta(hours=8))
>>> r.key
('SD-1', 'Time to resolution', 1)
"""

from __future__ import annotations

from datetime import datetime, timedelta

import attrs

__all__ = ["PlatformRecord"]


def _aware_or_none(_: object, attribute: attrs.Attribute[datetime | None], value: object) -> None:
    if value is None:
        return
    from slacalc.errors import ArgumentTypeError, NaiveDatetimeError

    if not isinstance(value, datetime):
        raise ArgumentTypeError(attribute.name, value, "a timezone-aware datetime or None")
    if value.utcoffset() is None:
        raise NaiveDatetimeError(value, attribute.name)


def _duration_or_none(
    _: object, attribute: attrs.Attribute[timedelta | None], value: object
) -> None:
    if value is not None and not isinstance(value, timedelta):
        from slacalc.errors import ArgumentTypeError

        raise ArgumentTypeError(attribute.name, value, "a timedelta or None")


@attrs.frozen
class PlatformRecord:
    """One platform SLA figure: ticket x platform metric x cycle (cycles count from 1).

    ``start``, ``stop`` (``None`` while the cycle runs), ``due`` (the platform's
    breach time, ``None`` if it gave none), ``breached`` (its flag, ``None`` if
    it gave none), ``elapsed`` (the business time it counted), ``goal`` (the
    target it applied), ``paused`` (business time it held the clock paused,
    where it says), ``business_hours`` (whether it counted on a schedule, where
    it says: Zendesk's per-target flag) and ``stage`` (its word for the state). ``where`` locates
    the record in the export.
    """

    platform: str
    ticket: str
    metric: str
    cycle: int
    start: datetime | None = attrs.field(default=None, validator=_aware_or_none)
    stop: datetime | None = attrs.field(default=None, validator=_aware_or_none)
    due: datetime | None = attrs.field(default=None, validator=_aware_or_none)
    breached: bool | None = None
    elapsed: timedelta | None = attrs.field(default=None, validator=_duration_or_none)
    goal: timedelta | None = attrs.field(default=None, validator=_duration_or_none)
    paused: timedelta | None = attrs.field(default=None, validator=_duration_or_none)
    business_hours: bool | None = None
    stage: str = ""
    where: str = ""

    @property
    def key(self) -> tuple[str, str, int]:
        """``(ticket, metric, cycle)``: what a record is matched on."""
        return (self.ticket, self.metric, self.cycle)
