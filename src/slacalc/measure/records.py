"""Reading ticket histories, outage logs and open tickets from CSV text.

Each reader takes lines of text (an open file, a list of strings) and returns
values from :mod:`slacalc.measure`; it opens no file itself. Every problem in
every row is collected and raised at once as a :class:`~slacalc.measure.RecordError`
naming the line, so no row is ever skipped in silence.

Instants are ISO 8601 with a UTC offset (``2026-07-01T09:30:00+01:00`` or
``...Z``); pauses are written ``START/END`` separated by ``;``, the last one's
``END`` left empty while the pause is open.

>>> rows = ["service,start,end,cause",
...         "email,2026-07-01T09:00:00+01:00,2026-07-01T09:45:00+01:00,capacity"]
>>> [o.duration for o in read_outages(rows)]
[datetime.timedelta(seconds=2700)]
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import datetime
from typing import Protocol, TypeVar

import attrs

from slacalc._validate import _aware
from slacalc.agreements.agreements import Target
from slacalc.catalogue.model import Catalogue
from slacalc.errors import SlacalcError, UnknownLevelError
from slacalc.measure.assessment import RecordError, TicketRecord, _TicketLabels, sla_for
from slacalc.measure.assessment import _pauses as _pause_pairs
from slacalc.measure.availability import Outage
from slacalc.timers.tickets import Ticket

__all__ = [
    "HISTORY_COLUMNS",
    "OPEN_TICKET_COLUMNS",
    "OUTAGE_COLUMNS",
    "OpenTicket",
    "read_history",
    "read_open_tickets",
    "read_outages",
]

T = TypeVar("T")

#: Columns of a ticket history (one row per ticket and metric); ``*`` marks the required.
HISTORY_COLUMNS = (
    "ticket*",
    "service*",
    "customer*",
    "priority*",
    "metric*",
    "start*",
    "stop",
    "pauses",
    "cause",
    "first_contact",
    "csat",
    "summary",
)
#: Columns of an outage log.
OUTAGE_COLUMNS = ("service*", "start*", "end*", "cause", "description")
#: Columns of an open-ticket list (one row per ticket).
OPEN_TICKET_COLUMNS = (
    "ticket*",
    "service*",
    "customer*",
    "priority*",
    "opened*",
    "responded",
    "pauses",
    "summary",
)
_YES = dict.fromkeys(("yes", "y", "true", "1"), True) | dict.fromkeys(
    ("no", "n", "false", "0"), False
)


class _Bad(Exception):
    """One problem in one cell."""


def _instant(text: str, column: str) -> datetime:
    try:
        value = datetime.fromisoformat(text.strip())
    except ValueError:
        raise _Bad(f"{column}: {text!r} is not an ISO 8601 instant") from None
    if value.utcoffset() is None:
        raise _Bad(f"{column}: {text!r} has no UTC offset (slacalc never guesses a zone)")
    return value


def _pauses(text: str) -> tuple[tuple[datetime, datetime | None], ...]:
    out: list[tuple[datetime, datetime | None]] = []
    for piece in filter(None, (p.strip() for p in text.split(";"))):
        begin, slash, end = piece.partition("/")
        if not slash:
            raise _Bad(f"pauses: {piece!r} is not START/END (END empty while paused)")
        out.append((_instant(begin, "pauses"), _instant(end, "pauses") if end.strip() else None))
    return tuple(out)


def _yes(text: str) -> bool:
    value = _YES.get(text.strip().lower())
    if value is None:
        raise _Bad(f"first_contact: {text!r} is not yes or no")
    return value


def _without_bom(lines: Iterable[str]) -> Iterator[str]:
    it = iter(lines)
    for first in it:
        yield first.removeprefix("\ufeff")
        break
    yield from it


def _read(
    lines: Iterable[str],
    columns: Sequence[str],
    build: Callable[[dict[str, str], int], T],
    source: str,
) -> list[T]:
    required = [c.rstrip("*") for c in columns if c.endswith("*")]
    allowed = [c.rstrip("*") for c in columns]
    # Strict: a stray quote is an error at its line, never rows silently joined into
    # one cell. A UTF-8 byte-order mark (Excel's default) before the header is dropped.
    reader = csv.DictReader(_without_bom(lines), strict=True)
    problems: list[tuple[str, str]] = []
    try:
        header = [h.strip() for h in reader.fieldnames or []]
    except csv.Error as error:
        raise RecordError(
            [(f"line {reader.line_num}", f"malformed CSV: {error}")], source
        ) from None
    unknown = [h for h in header if h not in allowed]
    missing = [c for c in required if c not in header]
    if unknown or missing:
        parts = [f"unknown column(s) {', '.join(map(repr, unknown))}"] if unknown else []
        parts += [f"missing column(s) {', '.join(map(repr, missing))}"] if missing else []
        expected = ", ".join(allowed)
        raise RecordError([("line 1", f"{'; '.join(parts)}; expected columns {expected}")], source)
    reader.fieldnames = header
    out: list[T] = []
    rows = iter(reader)
    while True:
        began = reader.line_num + 1
        try:
            row = next(rows)
        except StopIteration:
            break
        except csv.Error as error:
            # The reader cannot resynchronise after a malformed row: report where the
            # row began (an unclosed quote runs to the end of the file) and stop.
            problems.append(
                (
                    f"line {began}",
                    f"malformed CSV row ({error}; an unclosed quote?), "
                    f"read up to line {reader.line_num}; the rows after it were not read",
                )
            )
            break
        line = reader.line_num
        if None in row or any(v is None for v in row.values()):
            problems.append((f"line {line}", f"{len(header)} columns expected, row differs"))
            continue
        cells = {k: v.strip() for k, v in row.items() if isinstance(k, str)}
        empty = [c for c in required if not cells[c]]
        if empty:
            problems.append((f"line {line}", f"empty required column(s) {', '.join(empty)}"))
            continue
        try:
            out.append(build(cells, line))
        except _Bad as bad:
            problems.append((f"line {line}", str(bad)))
        except SlacalcError as error:
            problems.append((f"line {line}", str(error)))
    if problems:
        raise RecordError(problems, source)
    return out


class _Row(Protocol):
    """A record read from a line of the file."""

    @property
    def line(self) -> int | None: ...


R = TypeVar("R", bound=_Row)


def _no_repeats(
    rows: list[R], key: Callable[[R], object], name: Callable[[R], str], source: str
) -> list[R]:
    """``rows``, unless two share a key: each repeat is reported with the line it repeats."""
    seen: dict[object, int | None] = {}
    problems = []
    for r in rows:
        k = key(r)
        if k in seen:
            problems.append((f"line {r.line}", f"{name(r)} repeats line {seen[k]}"))
        seen.setdefault(k, r.line)
    if problems:
        raise RecordError(problems, source)
    return rows


def _history_row(c: dict[str, str], line: int) -> TicketRecord:
    return TicketRecord(
        ticket=c["ticket"],
        service=c["service"],
        customer=c["customer"],
        priority=c["priority"],
        metric=c["metric"],
        start=_instant(c["start"], "start"),
        stop=_instant(c["stop"], "stop") if c.get("stop") else None,
        pauses=_pauses(c.get("pauses", "")),
        cause=c.get("cause") or None,
        first_contact=_yes(c["first_contact"]) if c.get("first_contact") else None,
        csat=c.get("csat") or None,
        line=line,
    )


def read_history(lines: Iterable[str], *, source: str = "") -> list[TicketRecord]:
    """Ticket records from CSV with the :data:`HISTORY_COLUMNS`.

    A ticket may appear once per metric; the same ticket and metric twice is an error.

    >>> rows = ["ticket,service,customer,priority,metric,start,stop",
    ...         "INC-1,email,Finance,P2,resolution,2026-07-01T09:00Z,2026-07-01T12:00Z"]
    >>> [(r.ticket, r.line) for r in read_history(rows)]
    [('INC-1', 2)]
    """
    return _no_repeats(
        _read(lines, HISTORY_COLUMNS, _history_row, source),
        lambda r: (r.ticket, r.metric),
        lambda r: f"ticket {r.ticket!r} {r.metric}",
        source,
    )


def _outage_row(c: dict[str, str], line: int) -> Outage:
    return Outage(
        _instant(c["start"], "start"),
        _instant(c["end"], "end"),
        service=c["service"],
        cause=c.get("cause", ""),
    )


def read_outages(lines: Iterable[str], *, source: str = "") -> list[Outage]:
    """Outages from CSV with the :data:`OUTAGE_COLUMNS`."""
    return _read(lines, OUTAGE_COLUMNS, _outage_row, source)


@attrs.frozen(kw_only=True)
class OpenTicket(_TicketLabels):
    """A ticket still open: when it was opened, answered, paused.

    >>> from datetime import datetime, UTC
    >>> t = OpenTicket(ticket="INC-9", service="email", customer="Finance", priority="P1",
    ...                opened=datetime(2026, 9, 30, 9, tzinfo=UTC))
    >>> t.events()
    [(datetime.datetime(2026, 9, 30, 9, 0, tzinfo=datetime.timezone.utc), 'open')]
    """

    opened: datetime = attrs.field(validator=lambda i, a, v: _aware(v, "opened"))
    responded: datetime | None = attrs.field(
        default=None, validator=lambda i, a, v: None if v is None else _aware(v, "responded")
    )
    pauses: tuple[tuple[datetime, datetime | None], ...] = attrs.field(
        default=(), converter=_pause_pairs
    )
    summary: str = ""
    line: int | None = attrs.field(default=None, eq=False)

    def events(self) -> list[tuple[datetime, str]]:
        """The ticket's event log for :meth:`slacalc.Ticket.from_events`."""
        log = [(self.opened, "open")]
        if self.responded is not None:
            log.append((self.responded, "respond"))
        for begin, end in self.pauses:
            log.append((begin, "pause"))
            if end is not None:
                log.append((end, "resume"))
        return log

    def timers(self, catalogue: Catalogue) -> Ticket:
        """Its SLA timers: one per metric its SLA (the version in force when it was
        opened) sets for its priority."""
        sla = sla_for(catalogue, self.service, self.customer).in_force(self.opened)
        if self.priority not in sla.targets:
            raise UnknownLevelError(f"SLA {sla.id!r} priority", self.priority, sla.priorities)
        targets: dict[str, Target] = dict(sla.targets[self.priority])
        return Ticket.from_events(self.ticket, targets, self.events(), priority=self.priority)


def _open_row(c: dict[str, str], line: int) -> OpenTicket:
    return OpenTicket(
        ticket=c["ticket"],
        service=c["service"],
        customer=c["customer"],
        priority=c["priority"],
        opened=_instant(c["opened"], "opened"),
        responded=_instant(c["responded"], "responded") if c.get("responded") else None,
        pauses=_pauses(c.get("pauses", "")),
        summary=c.get("summary", ""),
        line=line,
    )


def read_open_tickets(lines: Iterable[str], *, source: str = "") -> list[OpenTicket]:
    """Open tickets from CSV with the :data:`OPEN_TICKET_COLUMNS`; ticket ids must be unique."""
    return _no_repeats(
        _read(lines, OPEN_TICKET_COLUMNS, _open_row, source),
        lambda t: t.ticket,
        lambda t: f"ticket {t.ticket!r}",
        source,
    )
