"""Conversions between aware datetimes / timedeltas and exact integer microseconds."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, tzinfo

from slacalc.errors import ArgumentTypeError, HorizonError, NaiveDatetimeError

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
ONE_US = timedelta(microseconds=1)
SECOND = 1_000_000
MINUTE = 60 * SECOND
HOUR = 60 * MINUTE
DAY = 24 * HOUR
EPOCH_ORDINAL = date(1970, 1, 1).toordinal()
#: Instants datetime can represent, as UTC microseconds since 1970-01-01.
MIN_US = (datetime.min.replace(tzinfo=UTC) - EPOCH) // ONE_US
MAX_US = (datetime.max.replace(tzinfo=UTC) - EPOCH) // ONE_US


def to_us(value: datetime, what: str = "instant") -> int:
    """An aware datetime as UTC microseconds since the epoch; refuse anything else."""
    try:
        return (value - EPOCH) // ONE_US
    except TypeError:
        if not isinstance(value, datetime):
            raise ArgumentTypeError(what, value, "a timezone-aware datetime") from None
        raise NaiveDatetimeError(value, what) from None


def from_us(us: int, tz: tzinfo) -> datetime:
    """UTC microseconds as an aware datetime in ``tz``.

    An answer outside what ``datetime`` can represent (past 9999-12-31 in ``tz``)
    raises :class:`HorizonError`: no representable answer exists.
    """
    try:
        return (EPOCH + timedelta(microseconds=us)).astimezone(tz)
    except (OverflowError, ValueError):
        raise HorizonError(
            f"the answer, {us} microseconds from 1970-01-01 UTC, lies outside the range "
            f"datetime can represent in {tz}"
        ) from None


def duration_us(value: timedelta, what: str = "duration") -> int:
    """A timedelta as integer microseconds; refuse numbers and strings."""
    if not isinstance(value, timedelta):
        raise ArgumentTypeError(what, value, "a datetime.timedelta")
    return value // ONE_US


def local_us(reading: datetime) -> int:
    """A naive wall-clock reading as microseconds on the local timeline."""
    d = reading.toordinal() - EPOCH_ORDINAL
    return (
        d * DAY
        + reading.hour * HOUR
        + reading.minute * MINUTE
        + reading.second * SECOND
        + reading.microsecond
    )


def ordinal_us(ordinal: int) -> int:
    """Local midnight of a proleptic Gregorian ordinal on the local timeline."""
    return (ordinal - EPOCH_ORDINAL) * DAY


def us_ordinal(local: int) -> int:
    """The proleptic Gregorian ordinal of the local date holding ``local``."""
    return local // DAY + EPOCH_ORDINAL
