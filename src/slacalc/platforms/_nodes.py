"""Key-path access to parsed export records, and the error that collects every problem.

An export is JSON objects or CSV rows. Each reader walks them through
:class:`Node`, which remembers the key path it was reached by, so a missing or
malformed value is reported as ``issues[3] (SD-12).changelog.histories[0].created:
missing``. A reader collects every problem of every record and raises one
:class:`ExportError` at the end.

>>> node = Node({"key": "SD-1", "fields": {"priority": None}}, "issues[0]")
>>> node.text("key")
'SD-1'
>>> try:
...     node.child("fields").child("status")
... except ExportProblem as bad:
...     print(bad)
issues[0].fields.status: missing (expected a table)
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import TypeVar

from slacalc.errors import ProblemsError, SlacalcError

__all__ = ["ExportError", "ExportProblem"]

T = TypeVar("T")
R = TypeVar("R")


class ExportError(ProblemsError):
    """An export with problems; ``problems`` lists every one as ``(where, message)``.

    ``where`` is a key path into the export (``issues[3] (SD-12).fields.created``)
    or a CSV line (``line 7``); ``source`` names the file when one was read.

    >>> import slacalc.platforms as sp
    >>> sp.jira_activity([{"key": "SD-1"}])
    Traceback (most recent call last):
    ...
    slacalc.platforms...ExportError: 1 problem(s) in the export:
      issues[0] (SD-1).fields: missing (expected a table)
    """

    what = "the export"


class ExportProblem(SlacalcError, ValueError):
    """One problem at one place (``where``, ``message``).

    Readers collect these into one :class:`ExportError`; a single reading
    (:meth:`~slacalc.platforms.LocalReadings.instant`) raises it directly.
    """

    def __init__(self, where: str, message: str) -> None:
        self.where = where
        self.message = message
        super().__init__(f"{where}: {message}" if where else message)


_MISSING = object()


def _kind(value: object) -> str:
    if value is None:
        return "null"
    for cls, name in ((bool, "a boolean"), (str, "a string"), (int, "a number")):
        if isinstance(value, cls):
            return name
    if isinstance(value, float):
        return "a number"
    if isinstance(value, Mapping):
        return "a table"
    if isinstance(value, list | tuple):
        return "a list"
    return type(value).__name__


_NAMED = ("name", "value", "displayName", "key", "id")


def text_of(value: object, where: str) -> str:
    """A field value as activity text: strings as they are, ``""`` for null (unset).

    Objects (Jira's ``{"name": "High"}``, ``{"displayName": "Ann"}``) give
    their first of ``name``, ``value``, ``displayName``, ``key``, ``id``.
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str | int):
        return str(value)
    if isinstance(value, Mapping):
        for key in _NAMED:
            if key in value and value[key] is not None:
                return text_of(value[key], f"{where}.{key}")
        raise ExportProblem(where, f"an object without any of {', '.join(_NAMED)}")
    raise ExportProblem(where, f"{value!r} is not a value slacalc can read as text")


class Node:
    """A parsed mapping and the key path it was reached by (built only when needed)."""

    __slots__ = ("_key", "_parent", "_path", "value")

    def __init__(
        self, value: object, path: str = "", *, parent: Node | None = None, key: str = ""
    ) -> None:
        self.value = value
        self._path: str | None = path if parent is None else None
        self._parent = parent
        self._key = key

    @property
    def path(self) -> str:
        """The key path, such as ``issues[3] (SD-12).changelog.histories[0]``."""
        if self._path is None:
            assert self._parent is not None
            self._path = self._parent._at(self._key)
        return self._path

    def _at(self, key: str) -> str:
        if key.startswith("["):
            return f"{self.path}{key}"
        return f"{self.path}.{key}" if self.path else key

    def raw(self, key: str, default: object = _MISSING) -> object:
        """The value under ``key`` (``default`` when absent, else an error)."""
        value = self.value
        if type(value) is dict:  # the common case, checked first
            if key in value:
                return value[key]
            if default is _MISSING:
                raise ExportProblem(self._at(key), "missing")
            return default
        if not isinstance(self.value, Mapping):
            raise ExportProblem(self.path, f"{_kind(self.value)} where a table was expected")
        if key in self.value:
            return self.value[key]
        if default is _MISSING:
            raise ExportProblem(self._at(key), "missing")
        return default

    def has(self, key: str) -> bool:
        return isinstance(self.value, Mapping) and key in self.value

    def child(self, key: str) -> Node:
        value = self.raw(key, None)
        if value is None:
            raise ExportProblem(self._at(key), "missing (expected a table)")
        if not isinstance(value, Mapping):
            raise ExportProblem(self._at(key), f"{_kind(value)} where a table was expected")
        return Node(value, parent=self, key=key)

    def items(self, key: str, *, required: bool = True) -> Iterator[Node]:
        """The members of the list under ``key``, each as a node ``key[i]``."""
        value = self.raw(key, _MISSING if required else None)
        if value is None and not required:
            return
        if not isinstance(value, list | tuple):
            raise ExportProblem(self._at(key), f"{_kind(value)} where a list was expected")
        at = Node(value, parent=self, key=key)
        for i, item in enumerate(value):
            yield Node(item, parent=at, key=f"[{i}]")

    def text(self, key: str, *, optional: bool = False) -> str:
        """A string (or integer id) under ``key``; ``""`` for null when ``optional``."""
        value = self.raw(key, None if optional else _MISSING)
        if value is None:
            if optional:
                return ""
            raise ExportProblem(self._at(key), "null where a value was expected")
        if isinstance(value, bool) or not isinstance(value, str | int):
            raise ExportProblem(self._at(key), f"{_kind(value)} where a string was expected")
        return str(value)

    def string(self, key: str, *, optional: bool = False) -> str:
        """The value under ``key`` as activity text (see :func:`text_of`).

        The key must be present unless ``optional`` (then absent is ``""``).
        """
        value = self.raw(key, None) if optional else self.raw(key)
        if type(value) is str:
            return value
        return text_of(value, self._at(key))

    def flag(self, key: str) -> bool:
        value = self.raw(key)
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.strip().lower() in ("true", "false"):
            return value.strip().lower() == "true"
        raise ExportProblem(self._at(key), f"{value!r} is not true or false")

    def number(self, key: str) -> int:
        """An integer under ``key`` (a JSON integer or integer text; never a float)."""
        value = self.raw(key)
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        if isinstance(value, str) and value.strip().lstrip("-").isdigit():
            return int(value)
        raise ExportProblem(self._at(key), f"{value!r} is not an integer")


def collect(
    records: Iterable[T], build: Callable[[T, int], Iterable[R]], source: str = ""
) -> list[R]:
    """Every ``build(record, index)`` result, flattened; every problem raised at once."""
    out: list[R] = []
    problems: list[tuple[str, str]] = []
    for i, record in enumerate(records):
        try:
            out.extend(build(record, i))
        except ExportProblem as bad:
            problems.append((bad.where, bad.message))
        except SlacalcError as error:
            problems.append((f"record {i}", str(error)))
    if problems:
        raise ExportError(problems, source)
    return out
