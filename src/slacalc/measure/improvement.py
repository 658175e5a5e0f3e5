"""Continual improvement: breaches by category, problem candidates, baselines.

Breaches are grouped by cause, recurring breaches on one service are flagged
for problem management, and closed history suggests the target it supports.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta
from fractions import Fraction

import attrs

from slacalc._validate import _text, _u, share, whole
from slacalc.errors import ArgumentTypeError, ParseError
from slacalc.measure._grouping import _group, _outcomes
from slacalc.measure.assessment import Outcome, RecordError, _where

__all__ = [
    "DEFAULT_CATEGORIES",
    "Baseline",
    "BreachCategory",
    "ProblemCandidate",
    "baselines",
    "breaches_by_category",
    "category",
    "problem_candidates",
]

#: The breach categories of the practice; pass your own tuple to add more.
DEFAULT_CATEGORIES: tuple[str, ...] = ("capacity", "third party", "process", "staffing")
_UNCATEGORISED = "uncategorised"


def category(text: str) -> str:
    """A breach cause in canonical form: lower case, ``-`` and ``_`` read as spaces.

    >>> category(" Third-Party ")
    'third party'
    """
    return " ".join(_text("cause", text).replace("-", " ").replace("_", " ").lower().split())


@attrs.frozen
class BreachCategory:
    """The breaches of one category (``uncategorised`` when the record gives no cause)."""

    name: str
    breaches: tuple[Outcome, ...]

    @property
    def count(self) -> int:
        """How many breaches."""
        return len(self.breaches)


def breaches_by_category(
    outcomes: Iterable[Outcome], *, categories: Iterable[str] = DEFAULT_CATEGORIES
) -> tuple[BreachCategory, ...]:
    """Breaches grouped by cause, largest group first (then in ``categories`` order).

    A cause outside ``categories`` is an error listing every such record, so a
    typo never becomes a category of its own.

    >>> breaches_by_category([])
    ()
    """
    allowed = [category(c) for c in _strings("categories", categories)]
    groups: dict[str, list[Outcome]] = {}
    problems: list[tuple[str, str]] = []
    for i, o in enumerate(_outcomes(outcomes)):
        if not o.breached:
            continue
        cause = _UNCATEGORISED if o.record.cause is None else category(o.record.cause)
        if cause != _UNCATEGORISED and cause not in allowed:
            where = _where(o.record, i)
            known = ", ".join(allowed)
            problems.append(
                (where, f"ticket {o.record.ticket!r}: cause {cause!r} is not one of {known}")
            )
        groups.setdefault(cause, []).append(o)
    if problems:
        raise RecordError(problems)
    order = [*allowed, _UNCATEGORISED]
    names = sorted(groups, key=lambda n: (-len(groups[n]), order.index(n)))
    return tuple(BreachCategory(n, tuple(groups[n])) for n in names)


def _strings(what: str, value: Iterable[str]) -> tuple[str, ...]:
    if isinstance(value, str) or not isinstance(value, Iterable):
        raise ArgumentTypeError(what, value, "a sequence of strings")
    return tuple(_text(what, v) for v in value)


@attrs.frozen
class ProblemCandidate:
    """Recurring breaches on one service: a signal for problem management.

    ``breaches`` are the evidence (every breach of the tickets involved), in
    order of the instant the target was missed.
    """

    service: str
    breaches: tuple[Outcome, ...]

    @property
    def tickets(self) -> tuple[str, ...]:
        """The distinct tickets, in order of their first breach."""
        return tuple(dict.fromkeys(o.record.ticket for o in self.breaches))

    @property
    def first(self) -> datetime:
        """When the first of these breaches happened."""
        return _breached_at(self.breaches[0])

    @property
    def last(self) -> datetime:
        """When the last of these breaches happened."""
        return _breached_at(self.breaches[-1])

    @property
    def causes(self) -> tuple[tuple[str, int], ...]:
        """Breach counts by cause, most frequent first."""
        counts: dict[str, int] = {}
        for o in self.breaches:
            name = _UNCATEGORISED if o.record.cause is None else category(o.record.cause)
            counts[name] = counts.get(name, 0) + 1
        return tuple(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


def _breached_at(o: Outcome) -> datetime:
    return o.deadline if o.deadline is not None else o.record.stop or o.record.start


def problem_candidates(
    outcomes: Iterable[Outcome], *, window: timedelta = timedelta(days=28), threshold: int = 3
) -> tuple[ProblemCandidate, ...]:
    """Services where at least ``threshold`` tickets breached within some ``window``.

    Overlapping busy windows on one service merge into one candidate; a ticket
    counts once however many of its metrics breached.

    >>> problem_candidates([])
    ()
    """
    if not isinstance(window, timedelta):
        raise ArgumentTypeError("window", window, "a datetime.timedelta")
    if window <= timedelta(0):
        raise ParseError(window, "a window longer than zero", "window")
    whole(threshold, "threshold", 2, expected="a threshold of 2 or more (recurring)")
    by_service: dict[str, list[Outcome]] = {}
    for o in _outcomes(outcomes):
        if o.breached:
            by_service.setdefault(o.record.service, []).append(o)
    found = []
    for service in sorted(by_service):
        breaches = sorted(by_service[service], key=lambda o: _u(_breached_at(o)))
        first: dict[str, datetime] = {}
        for o in breaches:
            first.setdefault(o.record.ticket, _u(_breached_at(o)))
        tickets = list(first)
        for cluster in _clusters([first[t] for t in tickets], window, threshold):
            ids = {tickets[k] for k in cluster}
            evidence = tuple(o for o in breaches if o.record.ticket in ids)
            found.append(ProblemCandidate(service, evidence))
    return tuple(found)


def _clusters(times: Sequence[datetime], window: timedelta, threshold: int) -> list[range]:
    """Maximal index runs covered by windows ``[t_i, t_i + window)`` holding ``threshold``."""
    runs: list[range] = []
    j = 0
    for i, t in enumerate(times):
        j = max(j, i)
        while j + 1 < len(times) and times[j + 1] - t < window:
            j += 1
        if j - i + 1 >= threshold:
            if runs and i < runs[-1].stop:
                runs[-1] = range(runs[-1].start, max(runs[-1].stop, j + 1))
            else:
                runs.append(range(i, j + 1))
    return runs


@attrs.frozen
class Baseline:
    """Business time taken for one SLA priority and metric, and the target it supports.

    ``percentiles`` are nearest-rank (each an observed value); ``suggested`` is
    the tightest target that ``attainment`` of the samples would have met
    (business time taken at most the target); ``current`` is today's target.
    """

    sla: str
    priority: str
    metric: str
    samples: int
    percentiles: tuple[tuple[Fraction, timedelta], ...]
    attainment: Fraction
    suggested: timedelta
    current: timedelta
    current_attainment: Fraction
    first: datetime
    last: datetime

    @property
    def span(self) -> timedelta:
        """From the first sample's start to the last one's."""
        return _u(self.last) - _u(self.first)

    @property
    def enough_history(self) -> bool:
        """Whether the samples span at least four weeks (the practice asks four to six)."""
        return self.span >= timedelta(weeks=4)

    def rounded(self, step: timedelta) -> timedelta:
        """:attr:`suggested` rounded up to a whole ``step`` (say 15 minutes)."""
        if not isinstance(step, timedelta) or step <= timedelta(0):
            raise ParseError(step, "a positive timedelta", "step")
        return math.ceil(self.suggested / step) * step


def _rank(ordered: Sequence[timedelta], p: Fraction) -> timedelta:
    return ordered[max(math.ceil(p * len(ordered)), 1) - 1]


def baselines(
    outcomes: Iterable[Outcome],
    *,
    attainment: object = Fraction(9, 10),
    percentiles: Iterable[object] = ("50%", "75%", "90%", "95%"),
) -> tuple[Baseline, ...]:
    """Baselines per SLA, priority and metric from closed records (open ones are left out).

    Feed it four to six weeks of history before committing to a target.

    >>> baselines([])
    ()
    """
    level = share(attainment, "attainment")
    points = tuple(share(p, "percentile") for p in percentiles)
    if level == 0 or 0 in points:
        raise ParseError(0, "a share above 0", "attainment" if level == 0 else "percentile")
    closed = [o for o in _outcomes(outcomes) if o.closed]
    out = []
    for key, group in _group(closed, ("sla", "priority", "metric")).items():
        ordered = sorted(o.elapsed for o in group)
        current = group[-1].target
        starts = sorted(_u(o.record.start) for o in group)
        out.append(
            Baseline(
                key["sla"],
                key["priority"],
                key["metric"],
                len(ordered),
                tuple((p, _rank(ordered, p)) for p in points),
                level,
                _rank(ordered, level),
                current,
                Fraction(sum(e <= current for e in ordered), len(ordered)),
                starts[0],
                starts[-1],
            )
        )
    return tuple(out)
