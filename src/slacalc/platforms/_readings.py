"""Timestamps as the platforms write them, read into aware instants and never guessed.

Two kinds of reading arrive in exports:

- **Offset instants** (Jira's ``2017-02-28T09:24:59.366-0600``, Zendesk's
  ``2026-03-29T00:30:00Z``, JSM's ``epochMillis``): exact, read as they are.
- **Naive local readings** (ServiceNow's ``2026-03-29 01:30:00``, flat CSVs'
  ``29/2/2016 01:16``): wall-clock readings in a zone the caller names in a
  :class:`LocalReadings`, with the field order (``iso``, ``day-first``,
  ``month-first``) also named. A reading that occurs twice (the autumn fold) or
  never (the spring gap) is refused unless the caller chose a resolution.

>>> lr = LocalReadings("Europe/London", order="day-first")
>>> lr.instant("29/3/2026 00:59")
datetime.datetime(2026, 3, 29, 0, 59, tzinfo=zoneinfo.ZoneInfo(key='Europe/London'))
>>> LocalReadings("Europe/London", order="day-first", nonexistent="shift-forward").instant(
...     "29/3/2026 01:30")
datetime.datetime(2026, 3, 29, 2, 30, tzinfo=zoneinfo.ZoneInfo(key='Europe/London'))
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import attrs

from slacalc.errors import ParseError, UnknownZoneError
from slacalc.platforms._nodes import ExportProblem, Node

__all__ = ["LocalReadings", "Order"]

Order = Literal["iso", "day-first", "month-first"]
Ambiguous = Literal["raise", "earlier", "later"]
Nonexistent = Literal["raise", "shift-forward"]

_ORDERS = ("iso", "day-first", "month-first")
_AMBIGUOUS = ("raise", "earlier", "later")
_NONEXISTENT = ("raise", "shift-forward")
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?")
_SLASHED = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})[ T](\d{1,2}):(\d{2})(?::(\d{2}))?")
_OFFSET_TAIL = re.compile(r"([+-])(\d{2})(\d{2})$")


def _zone(value: str | ZoneInfo) -> ZoneInfo:
    if isinstance(value, ZoneInfo):
        return value
    if not isinstance(value, str) or not value.strip():
        raise UnknownZoneError(value)
    try:
        return ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise UnknownZoneError(value) from None


def _choice(value: str, allowed: tuple[str, ...], what: str) -> str:
    if value not in allowed:
        raise ParseError(value, f"one of {', '.join(map(repr, allowed))}", what)
    return value


@attrs.frozen
class LocalReadings:
    """How to read naive local timestamps: their zone, field order and DST resolution.

    ``zone`` is an IANA name or a ``ZoneInfo`` (required: slacalc never guesses).
    ``order`` is ``"iso"`` (``2026-03-29 01:30[:00]``), ``"day-first"``
    (``29/3/2026 01:30``) or ``"month-first"`` (``3/29/2026 01:30``).
    ``ambiguous`` says what a reading in the autumn fold means: ``"raise"``
    (the default: reported as a problem), ``"earlier"`` (the first occurrence,
    still on summer time) or ``"later"`` (the second). ``nonexistent`` says
    what a reading in the spring gap means: ``"raise"`` (the default) or
    ``"shift-forward"`` (read with the offset in force before the gap, which
    moves it forward by the gap's length: ``01:30`` on 2026-03-29 in London is
    02:30 BST, 01:30 UTC).

    >>> LocalReadings("America/New_York", ambiguous="later").instant("2026-11-01 01:30:00")
    datetime.datetime(2026, 11, 1, 1, 30, fold=1, tzinfo=zoneinfo.ZoneInfo(key='America/New_York'))
    """

    zone: ZoneInfo = attrs.field(converter=_zone)
    order: Order = attrs.field(default="iso")
    ambiguous: Ambiguous = attrs.field(default="raise")
    nonexistent: Nonexistent = attrs.field(default="raise")

    @order.validator
    def _check_order(self, _: object, value: str) -> None:
        _choice(value, _ORDERS, "order")

    @ambiguous.validator
    def _check_ambiguous(self, _: object, value: str) -> None:
        _choice(value, _AMBIGUOUS, "ambiguous")

    @nonexistent.validator
    def _check_nonexistent(self, _: object, value: str) -> None:
        _choice(value, _NONEXISTENT, "nonexistent")

    def reading(self, text: str, where: str = "") -> datetime:
        """The naive wall-clock reading ``text`` names, in this value's field order."""
        value = text.strip()
        if self.order == "iso":
            m = _ISO.fullmatch(value)
            if m is None:
                raise ExportProblem(where, f"{text!r} is not a local reading YYYY-MM-DD HH:MM[:SS]")
            y, mo, d, h, mi, s, frac = m.groups()
        else:
            m = _SLASHED.fullmatch(value)
            shape = "D/M/YYYY" if self.order == "day-first" else "M/D/YYYY"
            if m is None:
                raise ExportProblem(where, f"{text!r} is not a local reading {shape} HH:MM[:SS]")
            a, b, y, h, mi, s = m.groups()
            d, mo = (a, b) if self.order == "day-first" else (b, a)
            frac = None
        try:
            return datetime(
                int(y),
                int(mo),
                int(d),
                int(h),
                int(mi),
                int(s or 0),
                int((frac or "0").ljust(6, "0")),
            )
        except ValueError as error:
            raise ExportProblem(
                where, f"{text!r} is not a valid {self.order} reading ({error})"
            ) from None

    def instant(self, text: str, where: str = "") -> datetime:
        """The instant a local reading names in :attr:`zone`, DST folds and gaps resolved.

        The result carries the zone as its tzinfo (``fold`` set for the later
        reading of a fold).
        """
        return self.resolve(self.reading(text, where), text, where)

    def resolve(self, naive: datetime, text: str = "", where: str = "") -> datetime:
        """A naive reading as an aware instant under this value's rules."""
        shown = repr(text) if text else naive.isoformat(sep=" ")
        early = naive.replace(tzinfo=self.zone, fold=0)
        late = naive.replace(tzinfo=self.zone, fold=1)
        if early.utcoffset() == late.utcoffset():
            return early
        back = early.astimezone(UTC).astimezone(self.zone).replace(tzinfo=None)
        if back != naive:  # in the gap: the reading never occurs
            if self.nonexistent == "raise":
                raise ExportProblem(
                    where,
                    f"{shown} never occurs in {self.zone.key} (the clocks skip it); choose "
                    "nonexistent='shift-forward' to read it with the offset before the gap",
                )
            return early.astimezone(UTC).astimezone(self.zone)
        if self.ambiguous == "raise":
            raise ExportProblem(
                where,
                f"{shown} occurs twice in {self.zone.key} (the clocks go back); choose "
                "ambiguous='earlier' or 'later'",
            )
        return early if self.ambiguous == "earlier" else late


def offset_instant(text: object, where: str) -> datetime:
    """An ISO 8601 instant with a UTC offset (``Z``, ``+01:00`` or Jira's ``-0600``)."""
    if not isinstance(text, str):
        raise ExportProblem(where, f"{text!r} is not an ISO 8601 instant")
    value = text.strip()
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise ExportProblem(where, f"{text!r} is not an ISO 8601 instant") from None
    if parsed.utcoffset() is None:
        raise ExportProblem(where, f"{text!r} has no UTC offset (slacalc never guesses a zone)")
    return parsed


def node_instant(node: Node, key: str) -> datetime:
    """:func:`offset_instant` of ``node``'s ``key`` (the key path is built only on error)."""
    value = node.raw(key)
    if type(value) is str:
        try:
            parsed = datetime.fromisoformat(value)
        except ValueError:
            pass
        else:
            if parsed.utcoffset() is not None:
                return parsed
    return offset_instant(value, node._at(key))


def epoch_millis(value: object, where: str) -> datetime:
    """A UTC instant from integer milliseconds since 1970 (exact: no float)."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise ExportProblem(where, f"{value!r} is not integer milliseconds")
    return datetime(1970, 1, 1, tzinfo=UTC) + timedelta(milliseconds=value)


def millis(value: object, where: str) -> timedelta:
    """A duration from integer milliseconds."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise ExportProblem(where, f"{value!r} is not integer milliseconds")
    return timedelta(milliseconds=value)
