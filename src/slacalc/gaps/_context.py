"""What every gap check reads: the analysis window, names and wording, and the shared context.

A horizon is months (an int) or a :class:`~datetime.timedelta`; the window of
tickets considered runs from the start of ``as_of`` in a calendar's zone.
:class:`_Context` carries the catalogue, the window, calendar names and the
caches the checks share.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from datetime import date, datetime, time, timedelta, tzinfo
from typing import Any

import attrs
from dateutil.relativedelta import relativedelta

from slacalc._engine.instants import DAY, HOUR, MINUTE, from_us, to_us
from slacalc._engine.zones import zone_name
from slacalc.agreements.agreements import Target
from slacalc.calendar.calendar import Calendar
from slacalc.catalogue.model import Catalogue
from slacalc.durations import format_duration
from slacalc.errors import ParseError
from slacalc.gaps import _overrun

__all__ = ["parse_horizon"]

# -- horizons and wording --------------------------------------------------------------


def parse_horizon(text: str) -> int | timedelta:
    """``"12mo"`` -> 12 (months), ``"1y"`` -> 12, ``"90d"`` -> 90 calendar days.

    >>> parse_horizon("6mo"), parse_horizon("2w")
    (6, datetime.timedelta(days=14))
    """
    t = text.strip().lower()
    for suffix, months in (("mo", 1), ("y", 12)):
        if t.endswith(suffix) and t[: -len(suffix)].isdigit():
            return int(t[: -len(suffix)]) * months
    for suffix, days in (("d", 1), ("w", 7)):
        if t.endswith(suffix) and t[: -len(suffix)].isdigit():
            return timedelta(days=int(t[: -len(suffix)]) * days)
    raise ParseError(text, "a horizon such as '12mo', '1y', '90d' or '8w'", "horizon")


def _add_months(d: date, months: int) -> date:
    """``months`` later, the day clipped to the month's last (31 Jan + 1 month: 28 Feb)."""
    return d + relativedelta(months=months)


@functools.lru_cache(maxsize=256)  # a pure function of immutable values; every check asks
def _window(tz: tzinfo, as_of: date, horizon: int | timedelta) -> tuple[int, int]:
    start = datetime.combine(as_of, time(0), tz)
    if isinstance(horizon, timedelta):
        return to_us(start), to_us(start) + horizon // timedelta(microseconds=1)
    end = datetime.combine(_add_months(as_of, horizon), time(0), tz)
    return to_us(start), to_us(end)


@functools.lru_cache(maxsize=8192)  # findings of one chain name the same instants again
def _when(us: int, tz: tzinfo, *, zone: bool = False) -> str:
    """'Thursday 24 December 2026 at 13:36'; ``zone`` adds '(Europe/London time)'.

    A finding names its zone once, at its first instant, and not after every one.
    """
    local = from_us(us, tz)
    text = f"{local:%A} {local.day} {local:%B %Y} at {local:%H:%M}"
    return f"{text} ({zone_name(tz)} time)" if zone else text


def _span_words(us: int) -> str:
    """Wall-clock lateness in words: '2 days 3 hours', '45 minutes'."""
    days, rest = divmod(abs(us), DAY)
    hours, rest = divmod(rest, HOUR)
    minutes = rest // MINUTE
    parts = [
        f"{n} {unit}{'s' if n != 1 else ''}"
        for n, unit in ((days, "day"), (hours, "hour"), (minutes, "minute"))
        if n
    ]
    return " ".join(parts) or "under a minute"


# -- what the checks share -------------------------------------------------------------


@attrs.define
class _Context:
    cat: Catalogue
    as_of: date
    horizon: int | timedelta
    names: dict[int, str]
    cache: dict[tuple[Any, ...], _Walk] = attrs.field(factory=dict)
    wording: dict[Target, str] = attrs.field(factory=dict)
    #: The overrun profiles' shared breakpoints (keyed by calendar ids: the catalogue
    #: holds the calendars for the analysis's life).
    breakpoints: dict[tuple[Any, ...], Any] = attrs.field(factory=dict)
    holes: set[tuple[Any, ...]] = attrs.field(factory=set)
    #: Per (SLA calendar, first party's calendar) by id: the hole's window, its total
    #: and its first three spans (computed once per distinct pair, not per SLA).
    hole_spans: dict[tuple[int, int], tuple[int, int, int, list[tuple[int, int]]]] = attrs.field(
        factory=dict
    )

    def cal_name(self, cal: Calendar) -> str:
        return self.names.get(id(cal)) or repr(cal)

    def allowance(self, target: Target) -> str:
        """'4h around the clock' or '8h of business hours on the uk calendar'."""
        if target.calendar.is_always():
            return f"{format_duration(target.duration)} around the clock"
        name = self.cal_name(target.calendar)
        return f"{format_duration(target.duration)} of business hours on the {name} calendar"

    def party(self, agreement_id: str) -> str:
        a = self.cat.agreement(agreement_id)
        return f"{a.party} ({a.kind} {a.id})" if a.party != a.id else f"{a.kind} {a.id}"

    def walk(self, sla: Target, stages: Sequence[tuple[str, str, Target]]) -> _Walk:
        """The overrun profile of the stages' targets against ``sla`` and, when it
        overruns, the instants of its worst case; computed once per distinct chain of
        calendars and durations (many SLAs of a catalogue share them)."""
        key = (id(sla.calendar), sla.duration, *[(id(t.calendar), t.duration) for *_, t in stages])
        found = self.cache.get(key)
        if found is None:
            found = self.cache[key] = _walk(self, sla, [t for *_, t in stages])
        return found

    def allowance_of(self, target: Target) -> str:
        """:meth:`allowance`, once per target."""
        found = self.wording.get(target)
        if found is None:
            found = self.wording[target] = self.allowance(target)
        return found


@attrs.frozen
class _Walk:
    """A chain's overrun profile; when it overruns (``profile.worst > 0``), the SLA's
    deadline and each stage's end for a ticket raised at ``profile.at`` (UTC
    microseconds, and as datetimes in the SLA calendar's zone)."""

    profile: _overrun.Overrun
    sla_deadline: int = 0
    ends: tuple[int, ...] = ()
    _local: dict[tzinfo, tuple[datetime, ...]] = attrs.field(factory=dict, eq=False)

    def local(self, tz: tzinfo) -> tuple[datetime, ...]:
        """The start, the SLA's deadline and each stage's end as datetimes in ``tz``."""
        found = self._local.get(tz)
        if found is None:
            instants = (self.profile.at, self.sla_deadline, *self.ends)
            found = self._local[tz] = tuple(from_us(x, tz) for x in instants)
        return found


def _walk(ctx: _Context, sla: Target, stages: Sequence[Target]) -> _Walk:
    lo, hi = _window(sla.calendar.tz, ctx.as_of, ctx.horizon)
    one = timedelta(microseconds=1)
    steps = [(t.calendar, t.duration // one) for t in stages]
    s0 = (sla.calendar, sla.duration // one)
    prof = overrun(s0, steps, lo, hi, ctx.breakpoints)
    if prof.worst <= 0:
        return _Walk(prof)
    ends = []
    x = prof.at
    for step in steps:
        x = _overrun.run([step], x)
        ends.append(x)
    return _Walk(prof, _overrun.run([s0], prof.at), tuple(ends))


def overrun(
    sla: _overrun.Step,
    chain: Sequence[_overrun.Step],
    lo: int,
    hi: int,
    memo: dict[tuple[Any, ...], Any] | None = None,
) -> _overrun.Overrun:
    """The worst overrun of ``chain`` over the SLA step, for tickets raised in ``[lo, hi)``.

    Vectorised with NumPy when it is installed (:mod:`slacalc.gaps._overrun_np`, which
    keeps the breakpoints the profiles of one analysis share in ``memo``); the same
    computation row by row otherwise (:func:`slacalc.gaps._overrun.overrun_py`).
    """
    try:  # NumPy is imported only here, where the arrays are used
        from slacalc.gaps._overrun_np import overrun_np
    except ImportError:  # pragma: no cover - exercised on machines without numpy
        return _overrun.overrun_py(sla, chain, lo, hi)
    return overrun_np(sla, chain, lo, hi, memo)
