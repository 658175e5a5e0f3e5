"""Reconcile: the platform's SLA figures beside slacalc's, each disagreement in words.

:func:`reconcile` matches the platform's :class:`~slacalc.platforms.PlatformRecord`
values with slacalc's SLA outcomes (:func:`slacalc.activity.evaluate`) by
ticket, catalogue metric and cycle, and compares three figures: the breach
flag, the due time and the business time elapsed. Where they differ it says
why, when the numbers show it:

- **a DST change**: the difference is exactly the hour the clocks moved
  between the start and the end, in the platform's zone: the platform counted
  wall-clock hours;
- **a pause the platform did not apply**: its elapsed time is slacalc's plus
  the time slacalc held the clock paused;
- **a reply outside the schedule**: the platform counted calendar hours (its
  ``business_hours`` flag is off, or its elapsed time is the wall-clock
  span) while the stop fell outside the calendar's hours;
- **a priority change not re-targeted**: the platform's target (or due time)
  is the one of a priority the ticket had earlier.

Anything else is reported as unexplained, with the differences in figures.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import UTC, datetime, timedelta, tzinfo
from fractions import Fraction
from typing import Any, Protocol
from zoneinfo import ZoneInfo

import attrs

from slacalc._escape import csv_cell, terminal
from slacalc.activity import Activity, ActivityLog
from slacalc.calendar import Calendar
from slacalc.durations import format_duration
from slacalc.errors import ArgumentTypeError, ParseError
from slacalc.platforms.mapping import PlatformMapping
from slacalc.platforms.record import PlatformRecord
from slacalc.timers import Timer

__all__ = [
    "COLUMNS",
    "Comparison",
    "Reconciliation",
    "SlaOutcome",
    "Tolerance",
    "figures_of",
    "neutralise",
    "printable",
    "reconcile",
    "targets_of",
]

_ZERO = timedelta(0)
_MINUTE = timedelta(minutes=1)
#: Platforms that give elapsed time in whole minutes (slacalc's is floored to match).
_MINUTES = ("zendesk",)


class SlaOutcome(Protocol):
    """What reconcile reads of an outcome (:class:`slacalc.activity.CycleOutcome` has it)."""

    @property
    def ticket(self) -> str: ...
    @property
    def kind(self) -> str: ...
    @property
    def agreement(self) -> str: ...
    @property
    def metric(self) -> str: ...
    @property
    def cycle(self) -> int: ...
    @property
    def state(self) -> str: ...
    @property
    def priority(self) -> str: ...
    @property
    def target(self) -> timedelta: ...
    @property
    def calendar(self) -> Calendar: ...
    @property
    def start(self) -> datetime: ...
    @property
    def deadline(self) -> datetime | None: ...
    @property
    def stop(self) -> datetime | None: ...
    @property
    def end(self) -> datetime: ...
    @property
    def elapsed(self) -> timedelta: ...
    @property
    def paused(self) -> timedelta: ...

    def gaps(self) -> list[tuple[datetime, datetime | None]]: ...


@attrs.frozen
class Comparison:
    """One ticket x metric x cycle: the platform's figures beside slacalc's.

    ``differs`` names the figures that disagree (``breached``, ``due``,
    ``elapsed``, ``target``, or ``missing`` when one side has no such cycle);
    ``explanation`` says why in words (empty when they agree).
    """

    ticket: str
    metric: str
    cycle: int
    platform: PlatformRecord | None
    outcome: SlaOutcome | None = attrs.field(eq=False, repr=False)
    differs: tuple[str, ...]
    explanation: str

    @property
    def agrees(self) -> bool:
        """Whether every compared figure agrees."""
        return not self.differs

    def row(self) -> dict[str, str]:
        """The comparison as text cells (instants in UTC ISO 8601, durations as ``4h30m``)."""
        p, o = self.platform, self.outcome

        def t(v: datetime | None) -> str:
            return "" if v is None else v.astimezone(UTC).isoformat()

        def d(v: timedelta | None) -> str:
            return "" if v is None else _duration(v)

        return {
            "ticket": self.ticket,
            "metric": self.metric,
            "cycle": str(self.cycle),
            "platform_breached": "" if p is None or p.breached is None else _yes(p.breached),
            "slacalc_breached": "" if o is None else _yes(_breached(o)),
            "platform_due": t(p.due if p else None),
            "slacalc_due": t(o.deadline if o else None),
            "platform_elapsed": d(p.elapsed if p else None),
            "slacalc_elapsed": d(o.elapsed if o else None),
            "agrees": _yes(self.agrees),
            "differs": " ".join(self.differs),
            "explanation": self.explanation,
        }


COLUMNS = (
    "ticket",
    "metric",
    "cycle",
    "platform_breached",
    "slacalc_breached",
    "platform_due",
    "slacalc_due",
    "platform_elapsed",
    "slacalc_elapsed",
    "agrees",
    "differs",
    "explanation",
)


def _yes(flag: bool) -> str:
    return "yes" if flag else "no"


def _duration(value: timedelta) -> str:
    return "-" + format_duration(-value) if value < _ZERO else format_duration(value)


def _breached(o: SlaOutcome) -> bool:
    return str(o.state) == "breached"


@attrs.frozen
class Tolerance:
    """How many disagreeing comparisons are tolerated: a count, or a share of all.

    >>> Tolerance.parse("2").allows(2, 100), Tolerance.parse("1%").allows(2, 100)
    (True, False)
    """

    count: int | None = None
    share: Fraction | None = None

    @classmethod
    def parse(cls, text: str) -> Tolerance:
        """``"3"`` (at most three disagreements) or ``"1.5%"`` (at most 1.5% of them)."""
        value = text.strip()
        if re.fullmatch(r"\d+", value):
            return cls(count=int(value))
        m = re.fullmatch(r"(\d+(?:\.\d+)?)\s*%", value)
        if m:
            return cls(share=Fraction(m.group(1)) / 100)
        raise ParseError(text, "a count (3) or a percentage (1.5%)", "tolerance")

    def allows(self, disagreements: int, total: int) -> bool:
        """Whether ``disagreements`` out of ``total`` comparisons are within the tolerance."""
        if self.share is not None:
            return total == 0 or Fraction(disagreements, total) <= self.share
        return disagreements <= (self.count or 0)


@attrs.frozen
class Reconciliation:
    """Every comparison, in ticket order; ``disagreements`` those that differ."""

    comparisons: tuple[Comparison, ...]

    @property
    def disagreements(self) -> tuple[Comparison, ...]:
        return tuple(c for c in self.comparisons if not c.agrees)

    def within(self, tolerance: Tolerance) -> bool:
        """Whether the disagreements are within ``tolerance``."""
        return tolerance.allows(len(self.disagreements), len(self.comparisons))

    def rows(self, *, only_disagreements: bool = False) -> list[dict[str, str]]:
        shown = self.disagreements if only_disagreements else self.comparisons
        return [c.row() for c in shown]

    def to_csv(self, *, only_disagreements: bool = False) -> str:
        """CSV text; every cell that could start a spreadsheet formula is neutralised."""
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        for row in self.rows(only_disagreements=only_disagreements):
            writer.writerow({k: neutralise(v) for k, v in row.items()})
        return out.getvalue()

    def to_json(self, *, only_disagreements: bool = False) -> str:
        return json.dumps(
            {
                "comparisons": len(self.comparisons),
                "disagreements": len(self.disagreements),
                "rows": self.rows(only_disagreements=only_disagreements),
            },
            indent=2,
        )


def neutralise(cell: str) -> str:
    """A CSV cell that no spreadsheet reads as a formula: a leading apostrophe before
    ``=``, ``+``, ``-``, ``@``, tab or carriage return.

    >>> neutralise("=HYPERLINK(1)"), neutralise("-1h"), neutralise("SD-1")
    ("'=HYPERLINK(1)", "'-1h", 'SD-1')
    """
    return str(csv_cell(cell))  # the one rule of slacalc._escape


# -- matching -------------------------------------------------------------------------------------


def _records_by_key(
    records: Iterable[PlatformRecord], mapping: PlatformMapping | None
) -> dict[tuple[str, str, int], PlatformRecord]:
    """Records by (ticket, catalogue metric, cycle): cancelled ones dropped, cycles renumbered
    in start order per ticket and metric (ServiceNow attaches one row per definition)."""
    groups: dict[tuple[str, str], list[PlatformRecord]] = {}
    for i, r in enumerate(records):
        if not isinstance(r, PlatformRecord):
            raise ArgumentTypeError(f"platform_records[{i}]", r, "a PlatformRecord")
        if r.stage == "cancelled":
            continue
        metric = mapping.metric(r.metric) if mapping is not None else r.metric
        groups.setdefault((r.ticket, metric), []).append(r)
    out = {}
    for (ticket, metric), rs in groups.items():
        ordered = sorted(rs, key=lambda r: (r.start is None, _u(r.start), r.cycle))
        for n, r in enumerate(ordered, start=1):
            out[(ticket, metric, n)] = r
    return out


def _u(value: datetime | None) -> datetime:
    return (value or datetime.min.replace(tzinfo=UTC)).astimezone(UTC)


def reconcile(
    platform_records: Iterable[PlatformRecord],
    outcomes: Iterable[SlaOutcome],
    *,
    mapping: PlatformMapping | None = None,
    activity: ActivityLog | None = None,
    catalogue: Any = None,
    slack: timedelta = _ZERO,
) -> Reconciliation:
    """The platform's SLA figures beside slacalc's, per ticket, metric and cycle.

    ``outcomes`` are slacalc's (``evaluate(...)``; only ``SLA`` outcomes that
    are not cancelled are compared). ``mapping`` turns platform metric names
    into catalogue metrics (``"Time to resolution"`` -> ``resolution``) and
    gives the platform's zone for the DST explanation. ``activity`` and the
    ``catalogue`` let a due time be traced to a priority the ticket had
    earlier (the outcome's agreement gives the targets). ``slack`` is the
    difference in a due time or an elapsed time that still counts as agreement
    (default none; Zendesk's whole minutes are compared with slacalc's elapsed
    time floored to the minute).
    """
    if not isinstance(slack, timedelta) or slack < _ZERO:
        raise ArgumentTypeError("slack", slack, "a timedelta of zero or more")
    records = _records_by_key(platform_records, mapping)
    ours: dict[tuple[str, str, int], SlaOutcome] = {}
    for o in outcomes:
        if o.kind == "SLA" and str(o.state) != "cancelled":
            ours[(o.ticket, o.metric, o.cycle)] = o
    zone = mapping.zone if mapping is not None else None
    keys = sorted(set(records) | set(ours), key=lambda k: (k[0], k[1], k[2]))
    out = []
    for key in keys:
        p, mine = records.get(key), ours.get(key)
        ticket = activity[key[0]] if activity is not None and key[0] in activity else None
        targets = None
        if catalogue is not None and mine is not None:
            targets = targets_of(catalogue, mine.agreement)
        out.append(_compare(key, p, mine, zone, ticket, targets, slack))
    return Reconciliation(tuple(out))


def targets_of(
    catalogue: Any, agreement: str
) -> Callable[[str, str], tuple[timedelta, Calendar] | None]:
    """``(priority, metric) -> (target, calendar)`` of one agreement, for :func:`reconcile`
    (``None`` where the agreement has no such target)."""

    def target(priority: str, metric: str) -> tuple[timedelta, Calendar] | None:
        try:
            t = catalogue.target(agreement, priority, metric)
        except (KeyError, LookupError):
            return None
        return t.duration, t.calendar

    return target


# -- comparing and explaining ---------------------------------------------------------------------


def _close(a: timedelta, b: timedelta, slack: timedelta) -> bool:
    return abs(a - b) <= slack


def _compare(
    key: tuple[str, str, int],
    p: PlatformRecord | None,
    o: SlaOutcome | None,
    zone: ZoneInfo | None,
    ticket: Activity | None,
    targets: Callable[[str, str], tuple[timedelta, Calendar] | None] | None,
    slack: timedelta,
) -> Comparison:
    if p is None or o is None:
        side = "the platform" if p is None else "slacalc"
        other = "slacalc" if p is None else "the platform"
        return Comparison(
            *key,
            platform=p,
            outcome=o,
            differs=("missing",),
            explanation=f"{side} has no such cycle; {other} has one",
        )
    differs = []
    if p.breached is not None and p.breached != _breached(o):
        differs.append("breached")
    if (
        p.due is not None
        and o.deadline is not None
        and not _close(p.due - o.deadline, _ZERO, slack)
    ):
        differs.append("due")
    ours = o.elapsed // _MINUTE * _MINUTE if p.platform in _MINUTES else o.elapsed
    if p.elapsed is not None and not _close(p.elapsed, ours, slack):
        differs.append("elapsed")
    if p.goal is not None and p.goal != o.target:
        differs.append("target")
    if not differs:
        return Comparison(*key, platform=p, outcome=o, differs=(), explanation="")
    words = _explain(p, o, ours, zone, ticket, targets)
    return Comparison(*key, platform=p, outcome=o, differs=tuple(differs), explanation=words)


def _when(value: datetime, zone: tzinfo | None) -> str:
    local = value.astimezone(zone or UTC)
    return local.strftime("%Y-%m-%d %H:%M %Z")


def _offset_change(
    start: datetime, end: datetime, zones: Sequence[tzinfo]
) -> tuple[timedelta, tzinfo] | None:
    for z in zones:
        a, b = start.astimezone(z).utcoffset(), end.astimezone(z).utcoffset()
        if a is not None and b is not None and a != b:
            return b - a, z
    return None


def _explain(
    p: PlatformRecord,
    o: SlaOutcome,
    ours: timedelta,
    zone: ZoneInfo | None,
    ticket: Activity | None,
    targets: Callable[[str, str], tuple[timedelta, Calendar] | None] | None,
) -> str:
    d_el = None if p.elapsed is None else p.elapsed - ours
    d_due = None if p.due is None or o.deadline is None else p.due - o.deadline
    shown = _zone_of(p, o, zone)
    # a priority change the platform did not re-target
    retarget = _retarget(p, o, ticket, targets)
    if retarget:
        return retarget
    # wall-clock hours across a DST change
    zones = [z for z in (zone, p.start.tzinfo if p.start else None, o.calendar.tz) if z is not None]
    end = o.stop or o.end
    for d in (d_due, d_el):
        if not d:
            continue
        for a, b in ((o.start, end), (o.start, o.deadline or end)):
            moved = _offset_change(a, b, zones)
            if moved is not None and abs(d) == abs(moved[0]):
                change, z = moved
                way = "forward" if change > _ZERO else "back"
                return (
                    f"the platform counted wall-clock hours across the DST change in "
                    f"{getattr(z, 'key', z)}: the clocks went {way} {_duration(abs(change))} "
                    f"between {_when(a, z)} and {_when(b, z)}, and its figure is off by "
                    "exactly that"
                )
    # a pause the platform did not apply
    unit = _MINUTE if p.platform in _MINUTES else timedelta(microseconds=1)
    if o.paused > _ZERO and d_el is not None and abs(d_el - o.paused) < unit:
        waits = ", ".join(
            f"{_when(a, shown)} to {_when(b, shown) if b else 'now'}" for a, b in o.gaps()
        )
        return (
            f"the platform did not apply a pause: its elapsed time includes the "
            f"{_duration(o.paused)} of business time the clock was paused ({waits})"
        )
    # a reply or stop outside the schedule, counted on calendar hours
    if o.stop is not None and d_el is not None and d_el > _ZERO:
        wall = (p.stop or o.stop) - (p.start or o.start)
        if (p.business_hours is False or p.elapsed == wall) and not o.calendar.is_open(o.stop):
            what = "first reply" if o.metric == "response" else "stop"
            return (
                f"the platform counted calendar hours, not the schedule: the {what} at "
                f"{_when(o.stop, o.calendar.tz)} was outside the calendar's hours, so "
                f"{_duration(d_el)} it counted is not business time"
            )
    parts = []
    if p.breached is not None and p.breached != _breached(o):
        parts.append(
            f"the platform says {'breached' if p.breached else 'not breached'}, slacalc {o.state}"
        )
    if d_due:
        parts.append(
            f"its due time is {_duration(abs(d_due))} {'later' if d_due > _ZERO else 'earlier'}"
        )
    if d_el:
        parts.append(
            f"its elapsed time is {_duration(abs(d_el))} {'more' if d_el > _ZERO else 'less'}"
        )
    if p.goal is not None and p.goal != o.target:
        parts.append(f"its target is {_duration(p.goal)}, slacalc's {_duration(o.target)}")
    return "unexplained: " + "; ".join(parts)


def _zone_of(p: PlatformRecord, o: SlaOutcome, zone: ZoneInfo | None) -> tzinfo:
    return zone or o.calendar.tz


def _priorities(ticket: Activity, start: datetime, end: datetime) -> list[tuple[datetime, str]]:
    """The priorities the ticket had in ``[start, end]``, with when each began."""
    out = []
    first = ticket.value_at("priority", start)
    if first:
        out.append((start, first))
    for c in ticket.changes:
        if c.field == "priority" and start < c.at <= end:
            out.append((c.at, c.value))
    return out


def _retarget(
    p: PlatformRecord,
    o: SlaOutcome,
    ticket: Activity | None,
    targets: Callable[[str, str], tuple[timedelta, Calendar] | None] | None,
) -> str:
    if ticket is None:
        if p.goal is not None and p.goal != o.target:
            return (
                f"the platform applied a target of {_duration(p.goal)}, slacalc "
                f"{_duration(o.target)} (priority {o.priority}): the priority may have "
                "changed without the platform re-targeting"
            )
        return ""
    history = _priorities(ticket, o.start, o.stop or o.end)
    earlier = [(at, level) for at, level in history if level != o.priority]
    if not earlier:
        return ""
    changed_at = next((at for at, level in history if level == o.priority and at > o.start), None)
    for _, level in earlier:
        found = targets(level, o.metric) if targets is not None else None
        if found is None:
            continue
        target, calendar = found
        timer = Timer(calendar, target, o.start)
        for a, b in o.gaps():
            timer = timer.pause(a)
            if b is not None:
                timer = timer.resume(b)
        if o.stop is not None:
            timer = timer.stop(o.stop)
        due = timer.deadline
        if (p.goal is not None and p.goal == target) or (due is not None and p.due == due):
            when = f" at {_when(changed_at, o.calendar.tz)}" if changed_at else ""
            return (
                f"the platform did not re-target after the priority changed from {level} to "
                f"{o.priority}{when}: it kept the {level} target of {_duration(target)}, "
                f"slacalc applied the {o.priority} target of {_duration(o.target)}"
            )
    return ""


def figures_of(rows: Sequence[Mapping[str, Any]]) -> list[str]:
    """The rows as aligned text lines for a terminal (cells are sanitised of controls)."""
    cells = [[printable(str(r.get(c, ""))) for c in COLUMNS[:-1]] for r in rows]
    head = list(COLUMNS[:-1])
    widths = [max([len(h)] + [len(row[i]) for row in cells]) for i, h in enumerate(head)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(head, widths, strict=True))]
    for row, r in zip(cells, rows, strict=True):
        lines.append("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)))
        if r.get("explanation"):
            lines.append("    " + printable(str(r["explanation"])))
    return lines


def printable(text: str) -> str:
    """Text with control characters (terminal escapes among them) shown as escapes.

    >>> printable("a\\x1b[2J")
    'a\\\\x1b[2J'
    """
    return terminal(text)  # the one rule of slacalc._escape
