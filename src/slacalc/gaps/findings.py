"""What a structural gap finding is: its kind, its severity, and the finding itself.

:func:`slacalc.find_gaps` returns :class:`Finding` values; the checks that make
them live in :mod:`slacalc.gaps._chain_checks` and :mod:`slacalc.gaps._shape_checks`.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from datetime import date, datetime, timedelta
from typing import Any

import attrs

from slacalc.durations import format_duration
from slacalc.errors import ArgumentTypeError

__all__ = ["Finding", "FindingKind", "Severity"]


def _norm(text: str) -> str:
    return text.strip().lower().replace("-", " ").replace("_", " ")


class FindingKind(enum.StrEnum):
    """What is wrong. A kind is its value (``"chain overrun"``): it equals and hashes
    as that string, so ``==``, ``in`` a set and dict keys agree. Reading a kind
    accepts its name written with spaces, hyphens or underscores, in any case.

    >>> FindingKind("chain-overrun") is FindingKind("CHAIN_OVERRUN") is FindingKind.CHAIN_OVERRUN
    True
    >>> FindingKind.CHAIN_OVERRUN == "chain overrun", FindingKind.CHAIN_OVERRUN in {"chain overrun"}
    (True, True)
    >>> FindingKind.CHAIN_OVERRUN == "chain-overrun", FindingKind.CHAIN_OVERRUN in {"chain-overrun"}
    (False, False)
    """

    CHAIN_OVERRUN = "chain overrun"
    LOOSER_COMMITMENT = "looser commitment"
    COVERAGE_HOLE = "coverage hole"
    UNDOCUMENTED = "undocumented"
    INVERTED_PRIORITIES = "inverted priorities"
    REVIEW_OVERDUE = "review overdue"
    CALENDAR_LINT = "calendar lint"
    VERSION_CHANGE = "version change"

    @classmethod
    def _missing_(cls, value: object) -> FindingKind | None:
        if isinstance(value, str):
            for kind in cls:
                if kind.value == _norm(value):
                    return kind
        return None


class Severity(enum.StrEnum):
    """How bad a finding is, ordered: info < low < medium < high < critical.

    One rule for ``==`` and the orderings: a severity compares with a severity or
    with exactly its value (``"high"``); ``==`` with anything else is false and an
    ordering with anything else raises ArgumentTypeError (a TypeError).

    >>> Severity("high") >= Severity.MEDIUM, Severity.HIGH >= "high", Severity.HIGH == "high"
    (True, True, True)
    >>> Severity.HIGH == "HIGH"
    False
    >>> Severity.HIGH >= "HIGH"
    Traceback (most recent call last):
    ...
    slacalc.errors.ArgumentTypeError: a severity comparison: 'HIGH' (str) is not a Severity ...
    """

    INFO = "info"
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    CRITICAL = "critical"

    @property
    def rank(self) -> int:
        return _RANKS[self]

    def __ge__(self, other: object) -> bool:
        return self.rank >= _rank(other)

    def __gt__(self, other: object) -> bool:
        return self.rank > _rank(other)

    def __le__(self, other: object) -> bool:
        return self.rank <= _rank(other)

    def __lt__(self, other: object) -> bool:
        return self.rank < _rank(other)


_RANKS: dict[str, int] = {s.value: i for i, s in enumerate(Severity)}
_NAMES = ", ".join(map(repr, _RANKS))


def _rank(other: object) -> int:
    """The rank of a severity or of exactly a severity's value (else ArgumentTypeError)."""
    rank = _RANKS.get(other) if isinstance(other, str) else None
    if rank is None:
        raise ArgumentTypeError("a severity comparison", other, f"a Severity or one of {_NAMES}")
    return rank


@attrs.frozen
class Finding:
    """One structural gap: what, how bad, which promise, whose fault, why, and the evidence.

    ``evidence`` holds data (instants, durations, shares) for tools; ``explanation``
    says the same in words a customer would understand.
    """

    kind: FindingKind
    severity: Severity
    sla: str | None
    priority: str | None
    metric: str | None
    agreement: str | None
    explanation: str
    evidence: Mapping[str, Any] = attrs.field(factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready data (instants as ISO 8601, durations as ``1h30m`` text)."""
        return {
            "kind": str(self.kind),
            "severity": str(self.severity),
            "sla": self.sla,
            "priority": self.priority,
            "metric": self.metric,
            "agreement": self.agreement,
            "explanation": self.explanation,
            "evidence": _plain(self.evidence),
        }


def _plain(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, timedelta):
        return format_duration(value)
    return value
