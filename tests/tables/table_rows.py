"""Random ticket rows for the table tests, and the scalar answers they must equal.

Rows are int64 UTC microseconds (so every tool gets the very same instants),
crowded around the DST changes of Europe/London and America/New_York and the
England bank holidays, with nulls sprinkled in. The expected answers come from
the scalar ``Calendar.add`` / ``Calendar.elapsed`` one row at a time, on aware
``datetime`` objects: no code shared with the column paths under test.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import numpy as np

import slacalc as sc

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
US = timedelta(microseconds=1)

#: Calendars with DST changes inside or beside their windows.
CALENDARS = {
    "uk-office": sc.Calendar.weekly(
        {"mon-fri": "09:00-17:30"}, tz="Europe/London", holidays="GB-ENG"
    ),
    "uk-early": sc.Calendar.weekly({"daily": "00:00-06:00"}, tz="Europe/London"),
    "ny-night": sc.Calendar.weekly(
        {"mon-fri": "22:00-06:00", "sat": "01:30-02:30"}, tz="America/New_York", holidays="US"
    ),
}
CATALOGUE = sc.Catalogue(calendars=CALENDARS)

#: Instants (UTC) around which rows crowd: DST changes, bank holidays, a year end.
PIVOTS = [
    datetime(2026, 3, 8, 7, tzinfo=UTC),  # New York spring forward
    datetime(2026, 3, 29, 1, tzinfo=UTC),  # London spring forward
    datetime(2026, 10, 25, 1, tzinfo=UTC),  # London fall back
    datetime(2026, 11, 1, 6, tzinfo=UTC),  # New York fall back
    datetime(2026, 12, 25, 12, tzinfo=UTC),
    datetime(2027, 3, 28, 1, tzinfo=UTC),
]


def to_us(d: datetime) -> int:
    return (d - EPOCH) // US


def from_us(u: int) -> datetime:
    return EPOCH + timedelta(microseconds=u)


@dataclass(frozen=True)
class Rows:
    """Starts, ends and durations as int64 microseconds; ``-1`` marks nothing, masks do."""

    starts: np.ndarray
    ends: np.ndarray
    durations: np.ndarray
    start_null: np.ndarray
    end_null: np.ndarray
    duration_null: np.ndarray

    def __len__(self) -> int:
        return len(self.starts)

    def datetimes(self, which: str, zone: str = "UTC") -> list[datetime | None]:
        values, nulls = getattr(self, which), getattr(self, f"{which[:-1]}_null")
        tz = ZoneInfo(zone)
        return [
            None if m else from_us(int(u)).astimezone(tz)
            for u, m in zip(values, nulls, strict=True)
        ]

    def timedeltas(self) -> list[timedelta | None]:
        return [
            None if m else timedelta(microseconds=int(u))
            for u, m in zip(self.durations, self.duration_null, strict=True)
        ]


def make_rows(n: int, seed: int, null_share: float = 0.05, whole_seconds: bool = False) -> Rows:
    """``n`` random rows: half crowd within two days of a pivot, half spread over 2026-2027."""
    rng = np.random.default_rng(seed)
    lo, hi = to_us(datetime(2026, 1, 1, tzinfo=UTC)), to_us(datetime(2028, 1, 1, tzinfo=UTC))
    spread = rng.integers(lo, hi, n)
    pivots = np.array([to_us(p) for p in PIVOTS])
    near = pivots[rng.integers(0, len(pivots), n)] + rng.integers(-2 * 86400e6, 2 * 86400e6, n)
    starts = np.where(rng.random(n) < 0.5, near, spread).astype(np.int64)
    # Ends mostly after their start (up to 10 days), some before (negative elapsed).
    ends = starts + rng.integers(int(-1 * 86400e6), int(10 * 86400e6), n)
    durations = rng.integers(0, int(40 * 3600e6), n)
    durations[rng.random(n) < 0.05] = 0
    if whole_seconds:
        starts -= starts % 1_000_000
        ends -= ends % 1_000_000
        durations -= durations % 1_000_000
    return Rows(
        starts=starts,
        ends=ends.astype(np.int64),
        durations=durations.astype(np.int64),
        start_null=rng.random(n) < null_share,
        end_null=rng.random(n) < null_share,
        duration_null=rng.random(n) < null_share,
    )


def expected_deadlines(
    cal: sc.Calendar, rows: Rows, landing: sc.Landing = "close"
) -> list[int | None]:
    """The scalar ``cal.add`` per row, as UTC microseconds (None where an input is null)."""
    out: list[int | None] = []
    for s, d, ms, md in zip(
        rows.starts, rows.durations, rows.start_null, rows.duration_null, strict=True
    ):
        if ms or md:
            out.append(None)
        else:
            due = cal.add(from_us(int(s)), timedelta(microseconds=int(d)), landing=landing)
            out.append(to_us(due))
    return out


def expected_elapsed(cal: sc.Calendar, rows: Rows) -> list[int | None]:
    """The scalar ``cal.elapsed`` per row, in microseconds (None where an input is null)."""
    out: list[int | None] = []
    for a, b, ma, mb in zip(rows.starts, rows.ends, rows.start_null, rows.end_null, strict=True):
        out.append(None if ma or mb else cal.elapsed(from_us(int(a)), from_us(int(b))) // US)
    return out


def arrow_instants(values: np.ndarray, nulls: np.ndarray, zone: str, unit: str = "us"):  # type: ignore[no-untyped-def]
    """An Arrow timestamp column in ``zone`` holding these UTC instants."""
    import pyarrow as pa

    arr = pa.array(values, pa.timestamp("us", tz=zone), mask=nulls)
    return arr.cast(pa.timestamp(unit, tz=zone)) if unit != "us" else arr
