"""Every error slacalc raises.

All of them derive from :class:`SlacalcError` and from the builtin that fits, so
``except ValueError`` keeps working for callers who do not know slacalc::

    >>> import slacalc as sc
    >>> issubclass(sc.NaiveDatetimeError, ValueError)
    True
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

__all__ = [
    "ArgumentTypeError",
    "CatalogueError",
    "HorizonError",
    "InvalidValueError",
    "NaiveDatetimeError",
    "NeverClosesError",
    "NeverOpenError",
    "ParseError",
    "Problem",
    "ProblemsError",
    "SlacalcError",
    "TimerEventError",
    "UnknownCalendarError",
    "UnknownCountryError",
    "UnknownLevelError",
    "UnknownZoneError",
]


class SlacalcError(Exception):
    """Base class of every error slacalc raises."""


class NaiveDatetimeError(SlacalcError, ValueError):
    """A datetime without a tzinfo was given where an instant is needed.

    >>> from datetime import datetime
    >>> import slacalc as sc
    >>> sc.Calendar.always().is_open(datetime(2026, 1, 5, 9))
    Traceback (most recent call last):
    ...
    slacalc.errors.NaiveDatetimeError: ...
    """

    def __init__(self, value: object, what: str = "instant") -> None:
        self.value = value
        self.what = what
        super().__init__(
            f"{what}: {value!r} is a naive datetime; give a timezone-aware datetime "
            "(slacalc never guesses a zone)"
        )


class ArgumentTypeError(SlacalcError, TypeError):
    """An argument of the wrong type, such as a float where a timedelta is needed."""

    def __init__(self, what: str, value: object, expected: str) -> None:
        self.what = what
        self.value = value
        self.expected = expected
        super().__init__(f"{what}: {value!r} ({type(value).__name__}) is not {expected}")


class ParseError(SlacalcError, ValueError):
    """A malformed clock time, window, day key, duration or rule.

    ``where`` names the place the text came from (a key path in a catalogue).
    """

    def __init__(self, value: object, expected: str, where: str = "") -> None:
        self.value = value
        self.expected = expected
        self.where = where
        prefix = f"{where}: " if where else ""
        super().__init__(f"{prefix}{value!r} is not {expected}")


class InvalidValueError(SlacalcError, ValueError):
    """A well-formed value that cannot be used, such as rows of different lengths."""

    def __init__(
        self, what: str, value: object, expected: str, *, message: str | None = None
    ) -> None:
        self.what = what
        self.value = value
        self.expected = expected
        super().__init__(message or f"{what}: {value!r} is not {expected}")


class UnknownZoneError(SlacalcError, ValueError):
    """A time zone name that the IANA database does not know."""

    def __init__(self, value: object, reason: str = "") -> None:
        self.value = value
        super().__init__(
            reason
            or f"time zone {value!r} is not an IANA zone name (expected e.g. 'Europe/London')"
        )


class UnknownCountryError(SlacalcError, ValueError):
    """A holiday country or subdivision code that the holidays package does not know."""

    def __init__(self, value: object, reason: str = "") -> None:
        self.value = value
        extra = f" ({reason})" if reason else ""
        super().__init__(
            f"holidays {value!r} is not a known ISO country[-subdivision] code, "
            f"such as 'GB-ENG', 'US' or 'DE-BY'{extra}"
        )


class UnknownLevelError(SlacalcError, KeyError):
    """An impact, urgency or priority level that a matrix or agreement does not know."""

    def __init__(
        self, what: str, value: object, known: Sequence[object], *, message: str | None = None
    ) -> None:
        self.what = what
        self.value = value
        self.known = tuple(known)
        super().__init__(
            message
            or f"{what} {value!r} is not known; known: {', '.join(repr(k) for k in self.known)}"
        )

    def __str__(self) -> str:
        return str(self.args[0])


class HorizonError(SlacalcError, LookupError):
    """No answer exists within a calendar's search horizon."""


class NeverOpenError(HorizonError):
    """No covered instant exists within the search horizon."""


class NeverClosesError(HorizonError):
    """No uncovered instant exists within the search horizon."""


class TimerEventError(SlacalcError, ValueError):
    """An impossible timer event sequence (resume while running, pause after stop...).

    ``event`` is the offending event and ``index`` its position in the caller's list.
    """

    def __init__(self, message: str, event: object = None, index: int | None = None) -> None:
        self.event = event
        self.index = index
        super().__init__(message)


class Problem(tuple[str, str]):
    """One problem of a file or a batch: ``(where, message)``, and what would mend it.

    ``where`` is a line, a key path or an argument name. When a caller's argument
    would mend the problem, ``argument`` names it (as the library spells it) and
    ``remedy`` says what giving it does; the message then reads ``DETAIL: give
    ARGUMENT REMEDY``, and :meth:`text` spells the argument another way (the
    command line says ``--as-of`` where Python says ``as_of``). A problem is a
    pair, equal to the plain ``(where, message)`` tuple:

    >>> p = Problem("as_of", "2 record(s) have no stop", argument="as_of", remedy="to judge them")
    >>> p == ("as_of", "2 record(s) have no stop: give as_of to judge them")
    True
    >>> p.text(lambda name: "--" + name.replace("_", "-"))
    '2 record(s) have no stop: give --as-of to judge them'
    """

    detail: str
    argument: str
    remedy: str

    def __new__(cls, where: str, message: str, *, argument: str = "", remedy: str = "") -> Problem:
        text = f"{message}: give {argument} {remedy}".rstrip() if argument else message
        self = super().__new__(cls, (where, text))
        object.__setattr__(self, "detail", message)
        object.__setattr__(self, "argument", argument)
        object.__setattr__(self, "remedy", remedy)
        return self

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"a Problem is immutable (cannot set {name!r})")

    def __getnewargs_ex__(self) -> tuple[tuple[Any, ...], dict[str, Any]]:
        return (self[0], self.detail), {"argument": self.argument, "remedy": self.remedy}

    @property
    def where(self) -> str:
        """The line, key path or argument the problem is at."""
        return self[0]

    @property
    def message(self) -> str:
        """What is wrong (and what would mend it), in the library's spelling."""
        return self[1]

    def text(self, spell: Callable[[str], str] = str) -> str:
        """The message with the mending argument spelled by ``spell``."""
        if not self.argument:
            return self.detail
        return f"{self.detail}: give {spell(self.argument)} {self.remedy}".rstrip()


class ProblemsError(SlacalcError, ValueError):
    """Every problem of one input at once; ``problems`` lists them as :class:`Problem` pairs.

    Subclasses name the input (``what``): :class:`CatalogueError` a catalogue,
    ``slacalc.measure.RecordError`` records.

    >>> print(CatalogueError([("sla.x.calendar", "unknown calendar 'y'")], "c.toml"))
    c.toml: 1 problem(s) in the catalogue:
      sla.x.calendar: unknown calendar 'y'
    """

    #: The input the problems are in, for the first line of the message.
    what = "the input"

    def __init__(self, problems: Sequence[tuple[str, str]], source: str = "") -> None:
        self.problems: tuple[Problem, ...] = tuple(
            p if isinstance(p, Problem) else Problem(*p) for p in problems
        )
        self.source = source
        super().__init__(self.render())

    def render(self, spell: Callable[[str], str] = str) -> str:
        """The message, each mending argument spelled by ``spell``."""
        head = f"{self.source}: " if self.source else ""
        lines = [f"{head}{len(self.problems)} problem(s) in {self.what}:"]
        for p in self.problems:
            lines.append(f"  {p.where}: {p.text(spell)}" if p.where else f"  {p.text(spell)}")
        return "\n".join(lines)

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.problems, self.source))


class CatalogueError(ProblemsError):
    """A catalogue with problems; ``problems`` lists every one as ``(path, message)``."""

    what = "the catalogue"


class UnknownCalendarError(SlacalcError, KeyError):
    """A calendar name that the catalogue does not know (in a table or SQL call).

    >>> from slacalc.errors import UnknownCalendarError
    >>> print(UnknownCalendarError("uk-offce", ["always", "uk-office"]))
    calendar 'uk-offce' is not in the catalogue; known: 'always', 'uk-office'
    """

    def __init__(self, value: object, known: Sequence[object]) -> None:
        self.value = value
        self.known = tuple(known)
        listing = ", ".join(repr(k) for k in self.known) or "none"
        super().__init__(f"calendar {value!r} is not in the catalogue; known: {listing}")

    def __str__(self) -> str:
        return str(self.args[0])
