"""The activity log: each ticket as created, and every later change of a field.

A service desk's ITSM tool exports *activity*: a ticket's fields when it was
created (priority, service, customer, assignment group, status ...) and every
later change of a field, with its instant. :class:`Activity` holds one ticket's,
:class:`ActivityLog` many tickets', and :func:`read_activity` reads them from a
normalised long table (columns ``ticket``, ``at``, ``field``, ``value``).

>>> from datetime import datetime, UTC
>>> t0 = datetime(2026, 3, 2, 9, tzinfo=UTC)
>>> a = Activity.of("INC-1", t0, {"status": "New"},
...                 [(datetime(2026, 3, 2, 10, tzinfo=UTC), "status", "Resolved")])
>>> a.value_at("status", t0), a.value_at("status", a.changes[0].at)
('New', 'Resolved')
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from datetime import datetime
from typing import Any

import attrs

from slacalc._validate import FrozenMap, _aware, _u
from slacalc.errors import ArgumentTypeError, InvalidValueError, SlacalcError

__all__ = ["CREATED", "Activity", "ActivityError", "ActivityLog", "Change", "Fields"]

#: The reserved field name that marks a ticket's creation (in the long table and in
#: policy conditions); no change may carry it.
CREATED = "created"


class ActivityError(SlacalcError, ValueError):
    """An activity value that cannot be: a change before its ticket's creation,
    a ticket id given twice, a reserved field name.

    >>> issubclass(ActivityError, ValueError)
    True
    """


def _string(value: object, what: str, *, empty: bool = True) -> str:
    if not isinstance(value, str):
        raise ArgumentTypeError(what, value, "a string")
    if not empty and not value.strip():
        raise InvalidValueError(what, value, "a non-empty string")
    return value


class Fields(FrozenMap[str, str]):
    """An immutable, hashable mapping of field name -> value that keeps insertion order
    (a :class:`~slacalc.agreements.FrozenMap` whose keys and values are checked text).

    >>> f = Fields({"status": "New", "priority": "P2"})
    >>> f["priority"], list(f), f == {"priority": "P2", "status": "New"}
    ('P2', ['status', 'priority'], True)
    """

    __slots__ = ()

    def __init__(self, data: Mapping[str, str] = {}) -> None:
        if not isinstance(data, Mapping):
            raise ArgumentTypeError("initial", data, "a mapping of field -> value")
        for k, v in data.items():
            _string(k, "initial field name", empty=False)
            _string(v, f"initial[{k!r}]")
        super().__init__(data)

    def __repr__(self) -> str:
        return f"Fields({self._data!r})"


def _fields(value: Mapping[str, str]) -> Fields:
    return value if isinstance(value, Fields) else Fields(value)


@attrs.frozen
class Change:
    """One change of one field: at ``at`` (an aware instant), ``field`` became ``value``.

    >>> from datetime import datetime, UTC
    >>> Change(datetime(2026, 3, 2, 10, tzinfo=UTC), "status", "Resolved").field
    'status'
    """

    at: datetime = attrs.field(validator=lambda i, a, v: _aware(v, "change at"))
    field: str = attrs.field(validator=lambda i, a, v: _string(v, "change field", empty=False))
    value: str = attrs.field(validator=lambda i, a, v: _string(v, "change value"))

    def __attrs_post_init__(self) -> None:
        if self.field == CREATED:
            raise ActivityError(
                f"change field {CREATED!r} is reserved (it marks the ticket's creation)"
            )


def _changes(value: Iterable[Change]) -> tuple[Change, ...]:
    if isinstance(value, str | Mapping) or not isinstance(value, Iterable):
        raise ArgumentTypeError("changes", value, "a sequence of Change")
    items = tuple(value)
    for i, c in enumerate(items):
        if not isinstance(c, Change):
            raise ArgumentTypeError(f"changes[{i}]", c, "a slacalc.activity.Change")
    return tuple(sorted(items, key=lambda c: _u(c.at)))  # stable: equal times keep order


@attrs.frozen
class Activity:
    """One ticket: its fields as created and its changes, ordered by instant.

    Changes are sorted by instant on construction, stably (changes at the same
    instant keep the caller's order), and none is dropped. A change before
    ``created`` is an :class:`ActivityError` naming the ticket and the change.

    >>> from datetime import datetime, timedelta, UTC
    >>> t0 = datetime(2026, 3, 2, 9, tzinfo=UTC)
    >>> a = Activity("INC-1", t0, {"status": "New"},
    ...              [Change(t0 + timedelta(hours=2), "status", "Resolved"),
    ...               Change(t0 + timedelta(hours=1), "status", "In progress")])
    >>> [c.value for c in a.changes]
    ['In progress', 'Resolved']
    """

    ticket: str = attrs.field(validator=lambda i, a, v: _string(v, "ticket", empty=False))
    created: datetime = attrs.field(validator=lambda i, a, v: _aware(v, "created"))
    initial: Fields = attrs.field(factory=Fields, converter=_fields)
    changes: tuple[Change, ...] = attrs.field(default=(), converter=_changes)

    def __attrs_post_init__(self) -> None:
        if CREATED in self.initial:
            raise ActivityError(
                f"ticket {self.ticket!r}: initial field {CREATED!r} is reserved "
                "(the creation instant is Activity.created)"
            )
        start = _u(self.created)
        for c in self.changes:
            if _u(c.at) < start:
                raise ActivityError(
                    f"ticket {self.ticket!r}: change of {c.field!r} to {c.value!r} at "
                    f"{c.at.isoformat()} is before the ticket's creation at "
                    f"{self.created.isoformat()}"
                )

    @classmethod
    def of(
        cls,
        ticket: str,
        created: datetime,
        initial: Mapping[str, str] = {},
        changes: Iterable[tuple[datetime, str, str] | Change] = (),
    ) -> Activity:
        """An activity from plain ``(at, field, value)`` triples (or :class:`Change` values).

        >>> from datetime import datetime, UTC
        >>> t0 = datetime(2026, 3, 2, 9, tzinfo=UTC)
        >>> len(Activity.of("INC-1", t0, {}, [(t0, "status", "Open")]).changes)
        1
        """
        out: list[Change] = []
        for i, c in enumerate(changes):
            if isinstance(c, Change):
                out.append(c)
            elif isinstance(c, tuple) and len(c) == 3:
                out.append(Change(*c))
            else:
                raise ArgumentTypeError(f"changes[{i}]", c, "an (at, field, value) triple")
        return cls(ticket, created, initial, out)

    def value_at(self, field: str, at: datetime) -> str | None:
        """The value of ``field`` at ``at``, after every change at or before ``at``
        (``None`` if the field was never set by then).

        >>> from datetime import datetime, UTC
        >>> t0 = datetime(2026, 3, 2, 9, tzinfo=UTC)
        >>> Activity.of("INC-1", t0).value_at("status", t0) is None
        True
        """
        n = _u(_aware(at, "at"))
        value = self.initial.get(field) if n >= _u(self.created) else None
        for c in self.changes:
            if _u(c.at) > n:
                break
            if c.field == field:
                value = c.value
        return value

    def fields(self) -> tuple[str, ...]:
        """Every field the ticket names, initial fields first, then in change order."""
        names = dict.fromkeys(self.initial)
        names.update(dict.fromkeys(c.field for c in self.changes))
        return tuple(names)


def _tickets(value: Iterable[Activity]) -> tuple[Activity, ...]:
    if isinstance(value, str | Mapping) or not isinstance(value, Iterable):
        raise ArgumentTypeError("tickets", value, "a sequence of Activity")
    items = tuple(value)
    seen: dict[str, int] = {}
    for i, a in enumerate(items):
        if not isinstance(a, Activity):
            raise ArgumentTypeError(f"tickets[{i}]", a, "a slacalc.activity.Activity")
        if a.ticket in seen:
            raise ActivityError(
                f"tickets[{i}]: ticket {a.ticket!r} repeats tickets[{seen[a.ticket]}]"
            )
        seen[a.ticket] = i
    return items


@attrs.frozen
class ActivityLog:
    """Many tickets' activity, in the order given; ticket ids are unique.

    Iterate it, take its ``len``, look a ticket up by id (``log["INC-1"]``, a
    :class:`KeyError` naming the id if absent) or test ``"INC-1" in log``.

    >>> from datetime import datetime, UTC
    >>> t0 = datetime(2026, 3, 2, 9, tzinfo=UTC)
    >>> log = ActivityLog([Activity.of("INC-1", t0), Activity.of("INC-2", t0)])
    >>> len(log), log["INC-2"].ticket, "INC-3" in log
    (2, 'INC-2', False)
    """

    tickets: tuple[Activity, ...] = attrs.field(default=(), converter=_tickets)
    _index: dict[str, Activity] = attrs.field(init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "_index", {a.ticket: a for a in self.tickets})

    def __iter__(self) -> Iterator[Activity]:
        return iter(self.tickets)

    def __len__(self) -> int:
        return len(self.tickets)

    def __contains__(self, ticket: object) -> bool:
        return ticket in self._index

    def __getitem__(self, ticket: str) -> Activity:
        try:
            return self._index[ticket]
        except KeyError:
            raise _UnknownTicket(ticket) from None

    @property
    def change_count(self) -> int:
        """How many changes all tickets hold together."""
        return sum(len(a.changes) for a in self.tickets)


class _UnknownTicket(SlacalcError, KeyError):
    def __init__(self, ticket: Any) -> None:
        super().__init__(f"ticket {ticket!r} is not in the activity log")

    def __str__(self) -> str:
        return str(self.args[0])
