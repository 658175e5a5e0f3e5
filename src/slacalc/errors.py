"""Every error slacalc raises.

All of them derive from :class:`SlacalcError` and from the builtin that fits, so
``except ValueError`` keeps working for callers who do not know slacalc::

    >>> import slacalc as sc
    >>> issubclass(sc.NaiveDatetimeError, ValueError)
    True
"""

from __future__ import annotations

from collections.abc import Sequence

__all__ = [
    "ArgumentTypeError",
    "CatalogueError",
    "HorizonError",
    "InvalidValueError",
    "NaiveDatetimeError",
    "NeverClosesError",
    "NeverOpenError",
    "ParseError",
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

    def __init__(self, what: str, value: object, expected: str) -> None:
        self.what = what
        self.value = value
        self.expected = expected
        super().__init__(f"{what}: {value!r} is not {expected}")


class UnknownZoneError(SlacalcError, ValueError):
    """A time zone name that the IANA database does not know."""

    def __init__(self, value: object) -> None:
        self.value = value
        super().__init__(
            f"time zone {value!r} is not an IANA zone name (expected e.g. 'Europe/London')"
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

    def __init__(self, what: str, value: object, known: Sequence[object]) -> None:
        self.what = what
        self.value = value
        self.known = tuple(known)
        super().__init__(
            f"{what} {value!r} is not known; known: {', '.join(repr(k) for k in self.known)}"
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


class CatalogueError(SlacalcError, ValueError):
    """A catalogue with problems; ``problems`` lists every one as ``(path, message)``."""

    def __init__(self, problems: Sequence[tuple[str, str]], source: str = "") -> None:
        self.problems = tuple(problems)
        self.source = source
        head = f"{source}: " if source else ""
        lines = [f"{head}{len(self.problems)} problem(s) in the catalogue:"]
        lines += [f"  {path}: {msg}" if path else f"  {msg}" for path, msg in self.problems]
        super().__init__("\n".join(lines))


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
