"""Small checks shared across modules: exact shares, aware instants, labels."""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator, Mapping
from datetime import UTC, datetime
from decimal import Decimal
from fractions import Fraction
from numbers import Rational, Real
from typing import TypeVar

import attrs

from slacalc.errors import ArgumentTypeError, NaiveDatetimeError, ParseError

__all__ = ["FrozenMap", "share"]


def share(value: object, what: str = "share") -> Fraction:
    """An exact share from 0 to 1: ``0.995``, ``Fraction(199, 200)`` or text ``"99.5%"``.

    A bare number above 1 is refused rather than read as a percentage.

    >>> share("99.5%"), share(0.9)
    (Fraction(199, 200), Fraction(9, 10))
    """
    if isinstance(value, str):
        text = value.strip()
        scale = 100 if text.endswith("%") else 1
        try:
            exact = Fraction(text.removesuffix("%").strip()) / scale
        except (ValueError, ZeroDivisionError):
            raise ParseError(value, "a share such as 0.995 or '99.5%'", what) from None
    elif isinstance(value, bool) or not isinstance(value, Real | Decimal):
        raise ArgumentTypeError(what, value, "a share such as 0.995 or '99.5%'")
    elif (isinstance(value, float) and not math.isfinite(value)) or (
        isinstance(value, Decimal) and not value.is_finite()
    ):
        raise ParseError(value, "a share from 0 to 1", what)
    else:
        exact = Fraction(value) if isinstance(value, Rational | Decimal) else Fraction(str(value))
    if not 0 <= exact <= 1:
        raise ParseError(value, "a share from 0 to 1 (write percentages as '99.5%')", what)
    return exact


def _aware(value: object, what: str) -> datetime:
    if not isinstance(value, datetime):
        raise ArgumentTypeError(what, value, "a timezone-aware datetime")
    if value.utcoffset() is None:
        raise NaiveDatetimeError(value, what)
    return value


def whole(value: object, what: str, low: int, high: int | None = None, expected: str = "") -> int:
    """An int (never a bool) from ``low`` (to ``high``): ArgumentTypeError, else ParseError."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise ArgumentTypeError(what, value, "an int")
    if value < low or (high is not None and value > high):
        raise ParseError(value, expected or f"an int from {low} to {high}", what)
    return value


def string(inst: object, attr: attrs.Attribute[str], value: object) -> None:
    """An attrs validator: the field holds a string (the error names the field)."""
    if not isinstance(value, str):
        raise ArgumentTypeError(attr.name, value, "a string")


#: The same for a field that may also be None.
string_or_none = attrs.validators.optional(string)


def _text(what: str, value: object) -> str:
    if not isinstance(value, str):
        raise ArgumentTypeError(what, value, "a string")
    if not value.strip():
        raise ParseError(value, "a non-empty string", what)
    return value


def _u(value: datetime) -> datetime:
    return value.astimezone(UTC)


T = TypeVar("T")
K = TypeVar("K")
V = TypeVar("V")


class FrozenMap(Mapping[K, V]):
    """An immutable, hashable mapping that keeps insertion order.

    >>> m = FrozenMap({"P1": 1, "P2": 2})
    >>> m["P2"], list(m), m == {"P2": 2, "P1": 1}
    (2, ['P1', 'P2'], True)
    """

    __slots__ = ("_data",)

    def __init__(self, data: Mapping[K, V] | Iterable[tuple[K, V]] = ()) -> None:
        self._data: dict[K, V] = dict(data)

    def __getitem__(self, key: K) -> V:
        return self._data[key]

    def __iter__(self) -> Iterator[K]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def __hash__(self) -> int:
        return hash(frozenset(self._data.items()))

    def __repr__(self) -> str:
        return f"FrozenMap({self._data!r})"


def items_of(values: Iterable[object], cls: type[T], what: str, expected: str) -> list[T]:
    """``values`` as a list, each checked to be a ``cls`` (the error names its index)."""
    out = list(values)
    for i, item in enumerate(out):
        if not isinstance(item, cls):
            raise ArgumentTypeError(f"{what}[{i}]", item, expected)
    return out  # type: ignore[return-value]


def check_landing(landing: object) -> None:
    """Refuse a landing policy other than ``"close"`` or ``"open"``.

    >>> check_landing("open")
    """
    if landing not in ("close", "open"):
        raise ParseError(landing, "a landing policy, 'close' or 'open'", "landing")
