"""Checking outcomes and grouping them by record fields, for the measurement modules."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from slacalc._validate import items_of
from slacalc.agreements.agreements import FrozenMap
from slacalc.errors import ArgumentTypeError, ParseError
from slacalc.measure.assessment import GROUP_FIELDS, Outcome


def _fields(by: Sequence[str]) -> tuple[str, ...]:
    if isinstance(by, str) or not isinstance(by, Sequence):
        raise ArgumentTypeError("by", by, f"a sequence of field names from {GROUP_FIELDS}")
    for name in by:
        if name not in GROUP_FIELDS:
            raise ParseError(name, f"a field from {', '.join(GROUP_FIELDS)}", "by")
    return tuple(by)


def _outcomes(outcomes: Iterable[Outcome]) -> list[Outcome]:
    return items_of(outcomes, Outcome, "outcomes", "an Outcome (see assess)")


def _group(
    outcomes: Iterable[Outcome], by: Sequence[str]
) -> dict[FrozenMap[str, str], list[Outcome]]:
    names = _fields(by)
    groups: dict[FrozenMap[str, str], list[Outcome]] = {}
    for o in _outcomes(outcomes):
        key = FrozenMap((n, o.field(n)) for n in names)
        groups.setdefault(key, []).append(o)
    return dict(sorted(groups.items(), key=lambda kv: tuple(kv[0].values())))
