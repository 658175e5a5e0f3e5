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

__all__ = ["Finding", "FindingKind", "Severity"]


def _norm(text: str) -> str:
    return text.strip().lower().replace("-", " ").replace("_", " ")


class FindingKind(enum.StrEnum):
    """What is wrong. Compares equal to its name written with spaces, hyphens or underscores.

    >>> FindingKind.CHAIN_OVERRUN == "chain-overrun", FindingKind.CHAIN_OVERRUN == "chain_overrun"
    (True, True)
    """

    CHAIN_OVERRUN = "chain overrun"
    LOOSER_COMMITMENT = "looser commitment"
    COVERAGE_HOLE = "coverage hole"
    UNDOCUMENTED = "undocumented"
    INVERTED_PRIORITIES = "inverted priorities"
    REVIEW_OVERDUE = "review overdue"
    CALENDAR_LINT = "calendar lint"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, str) and _norm(other) == self.value

    def __hash__(self) -> int:
        return hash(self.value)

    @classmethod
    def _missing_(cls, value: object) -> FindingKind | None:
        if isinstance(value, str):
            for kind in cls:
                if kind.value == _norm(value):
                    return kind
        return None


class Severity(enum.StrEnum):
    """How bad a finding is, ordered: info < low < medium < high < critical.

    >>> Severity("high") >= Severity.MEDIUM
    True
    """

    INFO = "info"
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    CRITICAL = "critical"

    @property
    def rank(self) -> int:
        return list(Severity).index(self)

    def __ge__(self, other: object) -> bool:
        return self.rank >= Severity(other).rank  # type: ignore[arg-type]

    def __gt__(self, other: object) -> bool:
        return self.rank > Severity(other).rank  # type: ignore[arg-type]

    def __le__(self, other: object) -> bool:
        return self.rank <= Severity(other).rank  # type: ignore[arg-type]

    def __lt__(self, other: object) -> bool:
        return self.rank < Severity(other).rank  # type: ignore[arg-type]


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
