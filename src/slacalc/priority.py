"""Priority matrices (impact x urgency -> priority) and the checks that keep them sane.

>>> import slacalc as sc
>>> m = sc.PriorityMatrix.itil()
>>> m.priority("High", "medium")
'P2'
>>> m.problems()
[]

Levels are matched case-insensitively; an unknown one raises
:class:`~slacalc.errors.UnknownLevelError` (a ``KeyError``) listing the known ones.
Checks return their findings as :class:`PriorityProblem` values, never raise.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import timedelta
from itertools import pairwise
from typing import TYPE_CHECKING, Protocol

import attrs

if TYPE_CHECKING:
    from slacalc.calendar.calendar import Calendar

from slacalc.durations import format_duration
from slacalc.errors import ArgumentTypeError, ParseError, UnknownLevelError

__all__ = ["PriorityMatrix", "PriorityProblem", "check_targets"]

_NUMBER = re.compile(r"\d+")


@attrs.frozen
class PriorityProblem:
    """One finding of a priority check, as data.

    ``kind`` is one of ``"non-monotone impact"``, ``"non-monotone urgency"``,
    ``"looser than a lower priority"``, ``"response looser than resolution"``;
    ``where`` locates it (``grid[1][0]``, ``P2.resolution``); ``message`` explains it.

    >>> PriorityProblem("non-monotone impact", "grid[1][0]", "...").kind
    'non-monotone impact'
    """

    kind: str
    where: str
    message: str


def _levels(value: object, what: str) -> tuple[str, ...]:
    if isinstance(value, str) or not isinstance(value, Sequence):
        raise ArgumentTypeError(what, value, "a sequence of level names")
    levels = tuple(value)
    if not levels:
        raise ParseError(value, "at least one level", what)
    seen: dict[str, int] = {}
    for i, level in enumerate(levels):
        if not isinstance(level, str) or not level.strip():
            raise ParseError(level, "a non-empty level name", f"{what}[{i}]")
        if level.casefold() in seen:
            raise ParseError(level, "a level not given before (case-insensitively)", f"{what}[{i}]")
        seen[level.casefold()] = i
    return levels


def _default_order(labels: Sequence[str]) -> tuple[str, ...]:
    """Highest first: by the number in each label if all have one (P1 < P2 < P10), else as given."""
    distinct = tuple(dict.fromkeys(labels))
    numbers = [_NUMBER.search(label) for label in distinct]
    if all(numbers):
        return tuple(sorted(distinct, key=lambda s: (int(_NUMBER.findall(s)[0]), s)))
    return distinct


def _index(levels: Sequence[str], value: object, what: str) -> int:
    if not isinstance(value, str):
        raise ArgumentTypeError(what, value, "a level name (a string)")
    folded = value.casefold()
    for i, level in enumerate(levels):
        if level.casefold() == folded:
            return i
    raise UnknownLevelError(what, value, levels)


@attrs.frozen(init=False)
class PriorityMatrix:
    """``grid[i][j]`` is the priority of ``impacts[i]`` with ``urgencies[j]``.

    Levels and priorities are listed highest first. ``priorities`` orders the
    priority labels for the checks; by default they are ordered by the number in
    each label (``P1`` before ``P2`` before ``P10``) when every label has one, else
    in reading order of the grid along its anti-diagonals (top-left first).

    >>> m = PriorityMatrix(["high", "low"], ["high", "low"], [["P1", "P2"], ["P2", "P3"]])
    >>> m.priority("LOW", "high"), m.priorities
    ('P2', ('P1', 'P2', 'P3'))
    """

    impacts: tuple[str, ...]
    urgencies: tuple[str, ...]
    grid: tuple[tuple[str, ...], ...]
    priorities: tuple[str, ...]

    def __init__(
        self,
        impacts: Sequence[str],
        urgencies: Sequence[str],
        grid: Sequence[Sequence[str]],
        *,
        priorities: Sequence[str] | None = None,
    ) -> None:
        imp = _levels(impacts, "impacts")
        urg = _levels(urgencies, "urgencies")
        if isinstance(grid, str) or not isinstance(grid, Sequence) or len(grid) != len(imp):
            raise ParseError(grid, f"{len(imp)} rows, one per impact", "grid")
        rows: list[tuple[str, ...]] = []
        for i, row in enumerate(grid):
            if isinstance(row, str) or not isinstance(row, Sequence) or len(row) != len(urg):
                raise ParseError(
                    row, f"a row of {len(urg)} priorities, one per urgency", f"grid[{i}]"
                )
            for j, cell in enumerate(row):
                if not isinstance(cell, str) or not cell.strip():
                    raise ParseError(cell, "a priority label such as 'P1'", f"grid[{i}][{j}]")
            rows.append(tuple(row))
        cells = [(i + j, i, rows[i][j]) for i in range(len(imp)) for j in range(len(urg))]
        reading = [label for *_, label in sorted(cells)]
        if priorities is None:
            order = _default_order(reading)
        else:
            order = _levels(priorities, "priorities")
            for label in reading:
                _index(order, label, "grid priority")
        self.__attrs_init__(imp, urg, tuple(rows), order)

    @classmethod
    def itil(cls) -> PriorityMatrix:
        """The common 3x3 table over high / medium / low, giving ``"P1"`` .. ``"P5"``.

        >>> PriorityMatrix.itil().priority("medium", "medium")
        'P3'
        """
        return cls(
            ("high", "medium", "low"),
            ("high", "medium", "low"),
            (("P1", "P2", "P3"), ("P2", "P3", "P4"), ("P3", "P4", "P5")),
        )

    def priority(self, impact: str, urgency: str) -> str:
        """The priority of ``impact`` with ``urgency`` (levels matched case-insensitively).

        >>> PriorityMatrix.itil().priority("low", "high")
        'P3'
        """
        i = _index(self.impacts, impact, "impact")
        j = _index(self.urgencies, urgency, "urgency")
        return self.grid[i][j]

    def rank(self, priority: str) -> int:
        """The position of ``priority`` in :attr:`priorities` (0 is the highest).

        >>> PriorityMatrix.itil().rank("p4")
        3
        """
        return _index(self.priorities, priority, "priority")

    def problems(self) -> list[PriorityProblem]:
        """Where a higher impact or urgency gives a lower priority (empty when monotone).

        Adjacent cells are compared along both axes, so every violation shows up
        at least once.

        >>> m = PriorityMatrix(["high", "low"], ["high", "low"], [["P2", "P1"], ["P2", "P3"]])
        >>> [p.where for p in m.problems()]
        ['grid[0][1]']
        """
        found: list[PriorityProblem] = []
        g = self.grid
        for i in range(len(self.impacts)):
            for j in range(len(self.urgencies)):
                if i and self.rank(g[i][j]) < self.rank(g[i - 1][j]):
                    found.append(self._problem("impact", (i - 1, j), (i, j)))
                if j and self.rank(g[i][j]) < self.rank(g[i][j - 1]):
                    found.append(self._problem("urgency", (i, j - 1), (i, j)))
        return found

    def _problem(self, axis: str, hi: tuple[int, int], lo: tuple[int, int]) -> PriorityProblem:
        def cell(at: tuple[int, int]) -> str:
            i, j = at
            return f"impact {self.impacts[i]!r} with urgency {self.urgencies[j]!r}"

        g = self.grid
        return PriorityProblem(
            f"non-monotone {axis}",
            f"grid[{lo[0]}][{lo[1]}]",
            f"{cell(lo)} gives {g[lo[0]][lo[1]]}, a higher priority than {cell(hi)} "
            f"({g[hi[0]][hi[1]]}), though its {axis} is lower",
        )


class _Target(Protocol):
    """What :func:`check_targets` and a ticket read from a target (a :class:`slacalc.Target`)."""

    @property
    def duration(self) -> timedelta: ...

    @property
    def calendar(self) -> Calendar: ...


def check_targets(
    targets: Mapping[str, Mapping[str, _Target]], *, order: Sequence[str] | None = None
) -> list[PriorityProblem]:
    """Targets that loosen as priority rises, and responses looser than resolutions.

    ``targets[priority][metric]`` is a target (a duration on a calendar). ``order``
    lists the priorities highest first (``matrix.priorities``); by default by the
    number in each label, else as given. Two targets are compared only when they
    share a calendar: on different calendars neither duration bounds the other
    (the gap analysis compares those exactly).

    >>> from datetime import timedelta
    >>> import slacalc as sc
    >>> cal = sc.Calendar.always()
    >>> t = {"P1": {"resolution": sc.Target(timedelta(hours=8), cal)},
    ...      "P2": {"resolution": sc.Target(timedelta(hours=4), cal)}}
    >>> [p.where for p in check_targets(t)]
    ['P1.resolution']
    """
    ranked = _default_order(list(targets)) if order is None else _levels(order, "order")
    for label in targets:
        _index(ranked, label, "priority")
    rows = sorted(targets.items(), key=lambda kv: _index(ranked, kv[0], "priority"))
    found: list[PriorityProblem] = []
    metrics = dict.fromkeys(m for _, row in rows for m in row)
    for metric in metrics:
        having = [(p, row[metric]) for p, row in rows if metric in row]
        for (hi, t_hi), (lo, t_lo) in pairwise(having):
            if t_hi.calendar == t_lo.calendar and t_hi.duration > t_lo.duration:
                found.append(
                    PriorityProblem(
                        "looser than a lower priority",
                        f"{hi}.{metric}",
                        f"{hi} allows {format_duration(t_hi.duration)} for {metric}, more than "
                        f"{lo} ({format_duration(t_lo.duration)}), though {hi} is the higher "
                        "priority",
                    )
                )
    for p, row in rows:
        resp, res = row.get("response"), row.get("resolution")
        if (
            resp is not None
            and res is not None
            and resp.calendar == res.calendar
            and resp.duration > res.duration
        ):
            found.append(
                PriorityProblem(
                    "response looser than resolution",
                    f"{p}.response",
                    f"{p} allows {format_duration(resp.duration)} to respond but only "
                    f"{format_duration(res.duration)} "
                    "to resolve: a ticket could be resolved before its response is due",
                )
            )
    return found
