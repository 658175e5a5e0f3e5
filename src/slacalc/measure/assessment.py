"""Ticket records and their outcomes: each record judged against its SLA target.

A :class:`TicketRecord` is one ticket's clock for one metric; :func:`assess`
finds its SLA in a catalogue and judges it (met, breached or pending) as an
:class:`Outcome`. Every unresolvable record is reported at once in a
:class:`RecordError`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction
from numbers import Real

import attrs

from slacalc._validate import _aware, _text, _u
from slacalc.agreements.agreements import SLA
from slacalc.calendar.calendar import Calendar
from slacalc.catalogue.model import Catalogue
from slacalc.errors import (
    ArgumentTypeError,
    ParseError,
    Problem,
    ProblemsError,
    TimerEventError,
    UnknownLevelError,
)
from slacalc.measure.periods import Month
from slacalc.timers.timer import Timer, TimerState

__all__ = [
    "GROUP_FIELDS",
    "Outcome",
    "RecordError",
    "Status",
    "TicketRecord",
    "assess",
    "sla_for",
]

#: The fields records can be grouped by.
GROUP_FIELDS = ("sla", "service", "customer", "priority", "metric", "month")


class RecordError(ProblemsError):
    """Records with problems; ``problems`` lists every one as ``(where, message)``.

    ``where`` is ``line N`` for a record read from a file, else ``records[i]``.
    """

    what = "the records"


def _pauses(
    value: Iterable[Sequence[datetime | None]],
) -> tuple[tuple[datetime, datetime | None], ...]:
    if isinstance(value, str) or not isinstance(value, Iterable):
        raise ArgumentTypeError("pauses", value, "a sequence of (start, end) pairs")
    out: list[tuple[datetime, datetime | None]] = []
    for i, pair in enumerate(value):
        if isinstance(pair, str) or not isinstance(pair, Sequence) or len(pair) != 2:
            raise ArgumentTypeError(f"pauses[{i}]", pair, "a (start, end) pair")
        begin = _aware(pair[0], f"pauses[{i}] start")
        out.append((begin, None if pair[1] is None else _aware(pair[1], f"pauses[{i}] end")))
    return tuple(out)


#: The largest satisfaction score accepted (scores are 1-5 or 0-10 in practice).
_CSAT_MAX = 1000


def _csat(value: object) -> Fraction | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, Real | Decimal | str):
        raise ArgumentTypeError("csat", value, "a satisfaction score (a number)")
    try:
        score = Fraction(str(value).strip())
    except (ValueError, ZeroDivisionError):
        raise ParseError(value, "a satisfaction score (a number)", "csat") from None
    if not 0 <= score <= _CSAT_MAX:  # a bound, so 1e400 cannot overflow a float later
        raise ParseError(value, f"a satisfaction score from 0 to {_CSAT_MAX}", "csat")
    return score


@attrs.frozen(kw_only=True)
class _TicketLabels:
    """What every ticket row names: the ticket, and the service, customer and priority
    that find its SLA target. The first fields of :class:`TicketRecord` and of
    :class:`slacalc.measure.records.OpenTicket`."""

    ticket: str = attrs.field(validator=lambda i, a, v: _text("ticket", v))
    service: str = attrs.field(validator=lambda i, a, v: _text("service", v))
    customer: str = attrs.field(validator=lambda i, a, v: _text("customer", v))
    priority: str = attrs.field(validator=lambda i, a, v: _text("priority", v))


@attrs.frozen(kw_only=True)
class TicketRecord(_TicketLabels):
    """One ticket's clock for one metric: when it started, stopped and paused.

    ``stop`` is ``None`` while the ticket is open; a last pause may be open
    (``end`` ``None``). ``cause`` is the breach category if the ticket breached;
    ``first_contact`` and ``csat`` are carried where the service desk records them.
    ``line`` says where the record came from, for error messages.

    >>> from datetime import datetime, UTC
    >>> r = TicketRecord(ticket="INC-1", service="email", customer="Finance", priority="P2",
    ...                  metric="resolution", start=datetime(2026, 7, 1, 9, tzinfo=UTC),
    ...                  stop=datetime(2026, 7, 1, 12, tzinfo=UTC))
    >>> r.stop.hour
    12
    """

    metric: str = attrs.field(validator=lambda i, a, v: _text("metric", v))
    start: datetime = attrs.field(validator=lambda i, a, v: _aware(v, "start"))
    stop: datetime | None = attrs.field(
        default=None, validator=lambda i, a, v: None if v is None else _aware(v, "stop")
    )
    pauses: tuple[tuple[datetime, datetime | None], ...] = attrs.field(
        default=(), converter=_pauses
    )
    cause: str | None = attrs.field(
        default=None, validator=lambda i, a, v: None if v is None else _text("cause", v)
    )
    first_contact: bool | None = attrs.field(default=None)
    csat: Fraction | None = attrs.field(default=None, converter=_csat)
    line: int | None = attrs.field(default=None, eq=False)

    def __attrs_post_init__(self) -> None:
        if self.first_contact is not None and not isinstance(self.first_contact, bool):
            raise ArgumentTypeError("first_contact", self.first_contact, "a bool or None")
        last, what = self.start, "start"
        for i, (begin, end) in enumerate(self.pauses):
            if _u(begin) < _u(last):
                raise ParseError(
                    begin.isoformat(), f"a pause start not before {what}", f"pauses[{i}]"
                )
            if end is None and i != len(self.pauses) - 1:
                raise ParseError(None, "an end (only the last pause may be open)", f"pauses[{i}]")
            last, what = (begin, "its start") if end is None else (end, f"pauses[{i}] end")
            if end is not None and _u(end) < _u(begin):
                raise ParseError(
                    end.isoformat(), "a pause end not before its start", f"pauses[{i}]"
                )
        if self.stop is not None and _u(self.stop) < _u(last):
            raise ParseError(self.stop.isoformat(), f"a stop not before {what}", "stop")

    def timer(self, target: timedelta, calendar: Calendar) -> Timer:
        """The SLA clock of this record against ``target`` on ``calendar``."""
        timer = Timer(calendar, target, self.start)
        for begin, end in self.pauses:
            timer = timer.pause(begin)
            if end is not None:
                timer = timer.resume(end)
        return timer if self.stop is None else timer.stop(self.stop)


class Status(StrEnum):
    """How a record stands: ``met``, ``breached``, or ``pending`` (open, not yet breached)."""

    MET = "met"
    BREACHED = "breached"
    PENDING = "pending"


@attrs.frozen
class Outcome:
    """A record judged against its SLA target.

    ``elapsed`` is business time on the target's calendar (to the stop, or to
    ``as_of`` for an open record); ``closed`` says whether the stop is known;
    ``month`` is the local month of the start in the SLA calendar's zone.
    """

    record: TicketRecord
    sla: str
    target: timedelta
    status: Status
    elapsed: timedelta
    deadline: datetime | None
    month: Month
    closed: bool

    @property
    def met(self) -> bool:
        """Whether the target was met."""
        return self.status is Status.MET

    @property
    def breached(self) -> bool:
        """Whether the target was breached (a breach known while open counts)."""
        return self.status is Status.BREACHED

    def field(self, name: str) -> str:
        """The grouping value ``name`` (one of :data:`GROUP_FIELDS`)."""
        if name == "sla":
            return self.sla
        if name == "month":
            return str(self.month)
        return str(getattr(self.record, name))


def sla_for(catalogue: Catalogue, service: str, customer: str) -> SLA:
    """The one SLA for ``service`` and ``customer``; :class:`UnknownLevelError` otherwise.

    >>> import slacalc as sc
    >>> sla_for(sc.load("examples/catalogue.toml"), "email", "Finance").id
    'email-finance'
    """
    found = [s for s in catalogue.slas_for(service) if s.customer == customer]
    if len(found) == 1:
        return found[0]
    if found:
        ids = ", ".join(s.id for s in found)
        raise UnknownLevelError(f"one SLA for service {service!r}, customer", customer, (ids,))
    known = [s.customer for s in catalogue.slas_for(service)]
    if not known:
        covered = list(dict.fromkeys(s.service for s in catalogue.slas))
        raise UnknownLevelError(
            "service",
            service,
            covered,
            message=f"no SLA covers service {service!r} "
            f"(services with an SLA: {', '.join(map(repr, covered)) or 'none'})",
        )
    raise UnknownLevelError(
        "customer",
        customer,
        known,
        message=f"service {service!r} has no SLA for customer {customer!r} "
        f"(its SLAs are for {', '.join(map(repr, known))})",
    )


def _judge(r: TicketRecord, sla: SLA, as_of: datetime | None) -> Outcome:
    sla = sla.in_force(r.start)  # the version in force when the clock started
    target = sla.target(r.priority, r.metric)
    timer = r.timer(target.duration, target.calendar)
    closed = r.stop is not None and (as_of is None or _u(r.stop) <= _u(as_of))
    if closed:
        assert r.stop is not None
        status = Status.MET if timer.met else Status.BREACHED
        used = timer.elapsed(r.stop)
    else:
        assert as_of is not None
        breached = timer.state(as_of) is TimerState.BREACHED
        status = Status.BREACHED if breached else Status.PENDING
        used = timer.elapsed(as_of)
    month = Month.of(r.start, sla.calendar.tz)
    return Outcome(r, sla.id, target.duration, status, used, timer.deadline, month, closed)


def _where(r: TicketRecord, i: int) -> str:
    return f"line {r.line}" if r.line is not None else f"records[{i}]"


def assess(
    records: Iterable[TicketRecord], catalogue: Catalogue, *, as_of: datetime | None = None
) -> tuple[Outcome, ...]:
    """Judge every record against its SLA target in ``catalogue``.

    The SLA is the catalogue's one SLA for the record's service and customer; the
    target is its ``priority`` / ``metric`` target, counted on that target's
    calendar, in the version of the SLA in force when the record started. An open
    record (or one that stops after ``as_of``) is ``breached`` if its deadline
    passed by ``as_of``, else ``pending``. Every unresolvable
    record is reported at once in a :class:`RecordError`.

    >>> from datetime import datetime, UTC
    >>> import slacalc as sc
    >>> cat = sc.load("examples/catalogue.toml")
    >>> r = TicketRecord(ticket="INC-1", service="email", customer="Finance", priority="P2",
    ...                  metric="resolution", start=datetime(2026, 7, 1, 9, tzinfo=UTC),
    ...                  stop=datetime(2026, 7, 1, 15, tzinfo=UTC))
    >>> [(o.status, o.elapsed) for o in assess([r], cat)]   # 6h of an 8h target
    [(<Status.MET: 'met'>, datetime.timedelta(seconds=21600))]
    """
    if not isinstance(catalogue, Catalogue):
        raise ArgumentTypeError("catalogue", catalogue, "a slacalc.Catalogue")
    if as_of is not None:
        _aware(as_of, "as_of")
    problems: list[tuple[str, str]] = []
    out: list[Outcome] = []
    open_records = 0
    for i, r in enumerate(records):
        if not isinstance(r, TicketRecord):
            problems.append((f"records[{i}]", f"{r!r} is not a TicketRecord"))
            continue
        if as_of is None and r.stop is None:
            open_records += 1
            continue
        try:
            out.append(_judge(r, sla_for(catalogue, r.service, r.customer), as_of))
        except (UnknownLevelError, TimerEventError) as error:
            problems.append((_where(r, i), f"ticket {r.ticket!r}: {error}"))
    if open_records:
        problems.append(
            Problem(
                "as_of",
                f"{open_records} record(s) have no stop",
                argument="as_of",
                remedy="to judge them",
            )
        )
    if problems:
        raise RecordError(problems)
    return tuple(out)
