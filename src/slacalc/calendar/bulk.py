"""Bulk business-time maths over many rows: add_many, subtract_many, elapsed_many.

Inputs may be lists of aware datetimes, NumPy ``datetime64`` arrays (taken as
UTC: NumPy has no zones) or pandas Series (tz-aware in, same zone out). With
NumPy installed, the work is a few ``searchsorted`` calls over the compiled
periods, or with the C kernel (:data:`slacalc.compiled`) its row loops over the
same periods; without NumPy, each row is the scalar call. Every way, every row
equals the scalar call's answer. Missing rows (``None``, ``NaT``) stay missing,
in place.

>>> from datetime import datetime, timedelta, UTC
>>> import slacalc as sc
>>> cal = sc.Calendar.weekly({"mon-fri": "09:00-17:00"}, tz="UTC")
>>> starts = [datetime(2026, 11, 27, 16, tzinfo=UTC), None]
>>> [d and d.isoformat() for d in cal.add_many(starts, timedelta(hours=2))]
['2026-11-30T10:00:00+00:00', None]
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import timedelta
from typing import TYPE_CHECKING, Any, Literal

from slacalc._engine.instants import MAX_US, MIN_US, ONE_US, from_us, to_us
from slacalc._engine.switch import KERNEL
from slacalc._engine.timeline import SPAN
from slacalc._validate import check_landing
from slacalc.errors import ArgumentTypeError, HorizonError, InvalidValueError

if TYPE_CHECKING:
    from slacalc.calendar.calendar import Calendar, Landing

try:
    import numpy as np
except ImportError:  # pragma: no cover - exercised on machines without numpy
    np = None  # type: ignore[assignment]

__all__ = ["add_many", "elapsed_many", "subtract_many"]

#: Below this horizon the per-row searches' exact horizon checks are used instead.
_VECTOR_HORIZON = timedelta(microseconds=5 * SPAN)


def _is_series(x: object) -> bool:
    return type(x).__module__.startswith("pandas") and hasattr(x, "dt")


def _is_array(x: object) -> bool:
    return np is not None and isinstance(x, np.ndarray)


class _Rows:
    """Instants as int64 microseconds with a missing mask, and how to give them back."""

    def __init__(self, values: Any, what: str) -> None:
        self.kind = "list"
        self.tz: Any = None
        self.index: Any = None
        self.name: Any = None
        self.tzinfos: list[Any] = []
        if _is_series(values):
            self.kind = "series"
            self.tz = values.dt.tz
            if self.tz is None:
                raise ArgumentTypeError(what, values, "a tz-aware pandas Series")
            self.index, self.name = values.index, values.name
            ns = values.dt.tz_convert("UTC").dt.tz_localize(None).to_numpy("datetime64[ns]")
            self.missing = np.isnat(ns)
            self.us = _exact_us(ns, "datetime64[us]", self.missing, what)
        elif _is_array(values):
            if values.dtype.kind != "M":
                raise ArgumentTypeError(what, values.dtype, "a datetime64 array (UTC)")
            self.kind = "array"
            self.missing = np.isnat(values)
            self.us = _exact_us(values, "datetime64[us]", self.missing, what)
        else:
            if isinstance(values, str | bytes) or not isinstance(values, Sequence):
                values = list(values)
            us = []
            miss = []
            # The kernel's conversion where it answers (None: naive, not a datetime, a
            # failing tzinfo), the pure one, which raises the fitting error, elsewhere.
            kernel = KERNEL
            for v in values:
                if v is None or v != v:  # None or NaT / NaN
                    us.append(0)
                    miss.append(True)
                    self.tzinfos.append(None)
                else:
                    u = None if kernel is None else kernel.to_us(v)
                    us.append(to_us(v, what) if u is None else u)
                    miss.append(False)
                    self.tzinfos.append(v.tzinfo)
            if np is not None:
                self.us = np.array(us, dtype=np.int64)
                self.missing = np.array(miss, dtype=bool)
            else:
                self.us = us
                self.missing = miss

    def __len__(self) -> int:
        return len(self.us)

    def instants(self, us: Any, missing: Any) -> Any:
        """Results shaped like the input: list, datetime64[us] array, or Series."""
        if self.kind == "list":
            kernel = KERNEL
            out: list[Any] = []
            for u, m, tz in zip(us, missing, self.tzinfos, strict=True):
                if m:
                    out.append(None)
                    continue
                u = int(u)
                found = None if kernel is None else kernel.from_us(u, tz)
                out.append(from_us(u, tz) if found is None else found)
            return out
        out = _owned(us, self.us).view("datetime64[us]")
        missing = np.asarray(missing, dtype=bool)
        if missing.any():
            out[missing] = np.datetime64("NaT")
        if self.kind == "array":
            return out
        import pandas as pd

        utc = pd.Series(out, index=self.index, name=self.name).dt.tz_localize("UTC")
        return utc.dt.tz_convert(self.tz)


_WHOLE_US = "in whole microseconds (slacalc counts exact microseconds: round the column first)"


def _exact_us(values: Any, unit: str, missing: Any, what: str) -> Any:
    """:func:`_int64_us`, refusing rows finer than microseconds (never rounded) and, for
    instants, rows outside years 1-9999 in UTC (never clamped)."""
    us = _int64_us(values, unit, missing)
    if np.dtype(values.dtype) != np.dtype(unit):
        back = us.view(unit).astype(values.dtype)
        lost = (back != values) & ~missing
        if lost.any():
            raise InvalidValueError(
                f"{what}[{int(np.flatnonzero(lost)[0])}]", str(values[lost][0]), _WHOLE_US
            )
    # min and max first (missing rows are 0, inside the range): no mask in the usual case
    if unit.startswith("datetime") and len(us) and (us.min() < MIN_US or us.max() > MAX_US):
        out = ((us < MIN_US) | (us > MAX_US)) & ~missing
        if out.any():
            i = int(np.flatnonzero(out)[0])
            raise HorizonError(
                f"{what}[{i}]: {values[i]} lies outside years 1-9999 (UTC), "
                "where no calendar answers"
            )
    return us


def _int64_us(values: Any, unit: str, missing: Any) -> Any:
    """``values`` in ``unit`` as int64 microseconds, missing rows 0; the input untouched.

    A view of ``values`` when it is already in microseconds and has no missing row
    (no copy of the rows), else a fresh array.
    """
    us = values.astype(unit, copy=False).view(np.int64)
    if missing.any():
        if np.may_share_memory(us, values):
            us = us.copy()
        us[missing] = 0
    return us


def _owned(values: Any, source: Any) -> Any:
    """``values`` as an int64 array that may be changed in place: a copy when it could
    share memory with ``source`` (the caller's rows), else itself."""
    out = np.asarray(values, dtype=np.int64)
    return out.copy() if np.may_share_memory(out, source) else out


def _durations(values: Any, n: int) -> tuple[Any, Any]:
    """Durations as int64 microseconds and a missing mask, broadcasting a single timedelta."""
    if isinstance(values, timedelta):
        if getattr(values, "nanoseconds", 0):  # a pandas Timedelta finer than microseconds
            raise InvalidValueError("durations", str(values), _WHOLE_US)
        d = values // ONE_US
        return (
            ([d] * n, [False] * n) if np is None else (np.full(n, d, np.int64), np.zeros(n, bool))
        )
    if np is not None and isinstance(values, np.timedelta64):  # one NumPy duration for all
        if np.isnat(values):
            return np.zeros(n, np.int64), np.ones(n, bool)
        d = int(_exact_us(np.array([values]), "timedelta64[us]", np.zeros(1, bool), "durations")[0])
        return np.full(n, d, np.int64), np.zeros(n, bool)
    if _is_series(values) or _is_array(values):
        arr = values.to_numpy() if _is_series(values) else values
        if arr.dtype.kind != "m":
            raise ArgumentTypeError("durations", arr.dtype, "timedelta64 values")
        missing = np.isnat(arr)
        return _exact_us(arr, "timedelta64[us]", missing, "durations"), missing
    if not isinstance(values, Iterable):
        raise ArgumentTypeError("durations", values, "a timedelta or a sequence of them")
    out = []
    miss = []
    for v in values:
        if v is None or v != v:
            out.append(0)
            miss.append(True)
        elif isinstance(v, timedelta):
            out.append(v // ONE_US)
            miss.append(False)
        else:
            raise ArgumentTypeError("durations item", v, "a datetime.timedelta")
    if np is None:
        return out, miss
    return np.array(out, dtype=np.int64), np.array(miss, dtype=bool)


def _plain(values: Any) -> list[Any] | None:
    """``values`` as a list when it is a plain sequence (not NumPy, not pandas)."""
    if _is_series(values) or _is_array(values):
        return None
    if isinstance(values, str | bytes):
        return None
    return list(values)


def _row_by_row(fn: Any, first: list[Any], second: Any, what: str) -> list[Any]:
    """The scalar call per row (without NumPy, or for short horizons), missing rows kept."""
    seconds = [second] * len(first) if isinstance(second, timedelta) else _plain(second)
    if seconds is None:
        raise ArgumentTypeError(what, second, "a list when the first argument is a list")
    _check_len(first, seconds)
    # Without NumPy there is no pandas either, so a missing row is None (no NaT).
    return [
        None if x is None or y is None else fn(x, y) for x, y in zip(first, seconds, strict=True)
    ]


def _check_len(a: Any, b: Any) -> None:
    if len(a) != len(b):
        raise InvalidValueError(
            "rows", f"{len(a)} and {len(b)}", "two sequences of the same length"
        )


class _Index:
    """``np.searchsorted(keys, t, side)`` for many ``t``, through a bucket table.

    The key range is cut into equal buckets (about four a key); each bucket holds
    the answer at its left edge, and a few vector steps finish the count for the
    keys inside the bucket. Exact, and several times faster than a binary search
    per row when the keys are few and the rows many. Falls back to
    ``searchsorted`` when some bucket holds many keys.
    """

    __slots__ = ("base", "first", "keys", "right", "steps", "width")

    _MAX_STEPS = 4

    def __init__(self, keys: Any, side: Literal["left", "right"]) -> None:
        self.keys = keys
        n = len(keys)
        self.first = int(keys[0]) if n else 0
        span = int(keys[-1]) - self.first if n else 0
        self.width = max(1, span // max(4 * n, 1))
        edges = self.first + self.width * np.arange(span // self.width + 2, dtype=np.int64)
        self.base = np.searchsorted(keys, edges, side=side)
        self.steps = int(np.diff(self.base).max()) if len(self.base) > 1 else 0
        self.right = side == "right"

    def search(self, t: Any) -> Any:
        keys = self.keys
        n = len(keys)
        if n == 0 or self.steps > self._MAX_STEPS or np.size(t) < 2048:  # few rows: bisect
            return np.searchsorted(keys, t, side="right" if self.right else "left")
        b = np.clip((t - self.first) // self.width, 0, len(self.base) - 1)
        i = self.base[b]
        last = n - 1
        for _ in range(self.steps):
            k = keys[np.minimum(i, last)]
            i = i + ((i < n) & ((k <= t) if self.right else (k < t)))
        if self.right:
            return np.where(t < self.first, 0, i)
        return np.where(t <= self.first, 0, i)


class _Table:
    """Compiled periods of consecutive chunks as NumPy arrays with a running total."""

    __slots__ = ("acc", "acc_left", "acc_right", "by_start", "e", "s", "total")

    def __init__(self, cal: Calendar, k_lo: int, k_hi: int) -> None:
        starts: list[int] = []
        ends: list[int] = []
        for k in range(k_lo, k_hi + 1):
            ch = cal._chunk(k)
            starts += ch.starts
            ends += ch.ends
        self.s = np.array(starts, dtype=np.int64)
        self.e = np.array(ends, dtype=np.int64)
        length = self.e - self.s
        self.acc = np.concatenate(([0], np.cumsum(length))).astype(np.int64)
        self.total = int(self.acc[-1])
        self.by_start = _Index(self.s, "right")
        self.acc_left = _Index(self.acc, "left")
        self.acc_right = _Index(self.acc, "right")

    def covered_before(self, t: Any) -> Any:
        i = self.by_start.search(t) - 1
        ok = i >= 0
        j = np.where(ok, i, 0)
        if len(self.s) == 0:
            return np.zeros_like(t)
        val = self.acc[j] + np.minimum(t, self.e[j]) - self.s[j]
        return np.where(ok, val, 0)

    def earliest(self, need: Any) -> Any:
        j = self.acc_left.search(need) - 1
        j = np.clip(j, 0, max(len(self.s) - 1, 0))
        return self.s[j] + need - self.acc[j]

    def latest(self, need: Any) -> Any:
        j = self.acc_right.search(need) - 1
        j = np.clip(j, 0, max(len(self.s) - 1, 0))
        return self.s[j] + need - self.acc[j]

    def next_open(self, t: Any) -> tuple[Any, Any]:
        """Next opening per row, and a mask of rows the table cannot answer."""
        i = np.searchsorted(self.s, t, side="right") - 1
        j = np.clip(i, 0, max(len(self.s) - 1, 0))
        inside = (i >= 0) & (t < self.e[j]) if len(self.s) else np.zeros(len(t), bool)
        nxt = i + 1
        beyond = (~inside) & (nxt >= len(self.s))
        k = np.clip(nxt, 0, max(len(self.s) - 1, 0))
        out = np.where(inside, t, self.s[k] if len(self.s) else t)
        return out, beyond


def _scalar_add(cal: Calendar, a: int, d: int, landing: str) -> int:
    if d < 0:
        return _scalar_sub(cal, a, -d)
    t = cal._add(a, d) if d else a
    return cal._next_open(t) if landing == "open" else t


def _scalar_sub(cal: Calendar, b: int, d: int) -> int:
    if d < 0:
        return _scalar_add(cal, b, -d, "close")
    return cal._subtract(b, d) if d else b


def _shift_many(
    cal: Calendar,
    values: Any,
    durations: Any,
    what: str,
    row: Callable[[Any, Any], Any],
    scalar: Callable[[int, int], int],
    vector: Callable[[Any, Any, Any], Any],
) -> Any:
    """Every row of ``values`` moved by its duration, shaped like the input.

    ``row`` is the scalar call on datetimes (plain lists without NumPy, or for a
    short horizon); ``scalar(u, d)`` the same on integer microseconds (arrays or
    Series then); ``vector(us, d, live)`` all rows at once as int64 arrays, the
    rows outside the ``live`` mask being missing (``live`` None: no row is).
    """
    listed = _plain(values)
    if listed is not None and (np is None or cal.horizon < _VECTOR_HORIZON):
        return _row_by_row(row, listed, durations, "durations")
    rows = _Rows(values, what)
    d, d_missing = _durations(durations, len(rows))
    _check_len(rows.us, d)
    if np is None or len(rows) == 0 or cal.horizon < _VECTOR_HORIZON:
        miss = [bool(a or b) for a, b in zip(rows.missing, d_missing, strict=True)]
        out = [
            0 if m else scalar(int(u), int(dd)) for u, dd, m in zip(rows.us, d, miss, strict=True)
        ]
        return rows.instants(out, miss)
    if rows.missing.any() or d_missing.any():
        missing = rows.missing | d_missing
        return rows.instants(vector(rows.us, d, ~missing), missing)
    return rows.instants(vector(rows.us, d, None), rows.missing)  # every row present


def add_many(cal: Calendar, starts: Any, durations: Any, *, landing: Landing = "close") -> Any:
    """``cal.add`` for every row; see the module docstring for the accepted shapes."""

    check_landing(landing)
    return _shift_many(
        cal,
        starts,
        durations,
        "starts",
        lambda s, d: cal.add(s, d, landing=landing),
        lambda a, d: _scalar_add(cal, a, d, landing),
        lambda a, d, live: _add_rows(cal, a, d, live, landing),
    )


def _add_rows(cal: Calendar, a: Any, d: Any, live: Any, landing: Landing) -> Any:
    """``add_many`` over int64 arrays: forward rows, backward rows, then the landing."""
    if landing == "close" and live is None and int(d.min()) > 0:
        return add_us(cal, a, d)  # the usual case: no masks, no masked copies of the rows
    if live is None:
        live = np.ones(len(a), dtype=bool)
    fwd = live & (d > 0)
    if landing == "close" and fwd.all():
        return add_us(cal, a, d)
    out = a.copy()
    if fwd.any():
        out[fwd] = add_us(cal, a[fwd], d[fwd])
    back = live & (d < 0)
    if back.any():
        out[back] = subtract_us(cal, a[back], -d[back])
    if landing == "open" and live.any():
        lv = out[live]
        table = _Table(cal, int(lv.min()) // SPAN, int(lv.max()) // SPAN)
        opened, beyond = table.next_open(lv)
        for i in np.flatnonzero(beyond):
            opened[i] = cal._next_open(int(lv[i]))
        out[live] = opened
    return out


def table(cal: Calendar, k_lo: int, k_hi: int) -> _Table:
    """The compiled periods of chunks ``k_lo..k_hi`` as arrays, cached on the calendar."""
    key = (k_lo, k_hi)
    found = cal._tables.get(key)
    if not isinstance(found, _Table):
        if len(cal._tables) > 64:  # bounded: a long-running process sees many ranges
            cal._tables.clear()
        found = cal._tables.setdefault(key, _Table(cal, k_lo, k_hi))
    assert isinstance(found, _Table)
    return found


#: Rows per block of the array paths: temporaries stay a few MiB (in cache) whatever
#: the input's length, instead of a fresh full-length array at every step.
_BLOCK = 1 << 15


def _blocks(fn: Callable[..., Any], x: Any, d: Any, *args: Any) -> Any:
    """``fn(x, d, *args)`` over blocks of :data:`_BLOCK` rows, into one output array."""
    out = np.empty_like(x)
    dd = np.broadcast_to(d, x.shape)
    for i in range(0, len(x), _BLOCK):
        out[i : i + _BLOCK] = fn(x[i : i + _BLOCK], dd[i : i + _BLOCK], *args)
    return out


def add_us(cal: Calendar, a: Any, d: Any) -> Any:
    """``cal._add`` over int64 arrays of instants and positive durations (microseconds)."""
    k_lo = int(a.min()) // SPAN
    k_hi = int(a.max()) // SPAN
    if KERNEL is not None:
        found = _kernel_shift(cal, a, d, k_lo, k_hi, forward=True)
        if found is not None:
            return found
    if len(a) > _BLOCK:  # one table range for every block, so the table is built once
        return _blocks(lambda x, y: _add_block(cal, x, y, k_lo, k_hi), a, d)
    return _add_block(cal, a, d, k_lo, k_hi)


def _add_block(cal: Calendar, a: Any, d: Any, k_lo: int, k_hi: int) -> Any:
    for extra in range(4):  # widen the table until every row's deadline lies in it
        tab = table(cal, k_lo, k_hi + extra)
        # a duration past the table's total is far whatever the start: clipped, the sum
        # cannot overflow int64 (and such rows take the scalar search below)
        need = tab.covered_before(a) + np.minimum(d, tab.total + 1)
        if len(tab.s) and int(need.max()) <= tab.total:
            return tab.earliest(need)
    res = tab.earliest(need) if len(tab.s) else a.copy()
    dd = np.broadcast_to(d, a.shape)
    for i in np.flatnonzero(need > tab.total):  # far away: the scalar search, and its errors
        res[i] = cal._add(int(a[i]), int(dd[i]))
    return res


def subtract_us(cal: Calendar, b: Any, d: Any) -> Any:
    """``cal._subtract`` over int64 arrays of instants and positive durations."""
    k_hi = int(b.max()) // SPAN
    k_lo = int(b.min()) // SPAN
    if KERNEL is not None:
        found = _kernel_shift(cal, b, d, k_lo, k_hi, forward=False)
        if found is not None:
            return found
    if len(b) > _BLOCK:
        return _blocks(lambda x, y: _subtract_block(cal, x, y, k_lo, k_hi), b, d)
    return _subtract_block(cal, b, d, k_lo, k_hi)


def _subtract_block(cal: Calendar, b: Any, d: Any, k_lo: int, k_hi: int) -> Any:
    for extra in range(4):
        tab = table(cal, k_lo - extra, k_hi)
        need = tab.covered_before(b) - d
        if len(tab.s) and int(need.min()) >= 0:
            return tab.latest(need)
    res = tab.latest(need) if len(tab.s) else b.copy()
    dd = np.broadcast_to(d, b.shape)
    for i in np.flatnonzero(need < 0):
        res[i] = cal._subtract(int(b[i]), int(dd[i]))
    return res


#: Rows per call of the C row loops: bounds their one-byte-a-row flag buffer (and a
#: single duration's broadcast) whatever the input's length.
_KERNEL_BLOCK = 1 << 16


def _kernel_shift(cal: Calendar, x: Any, d: Any, k_lo: int, k_hi: int, forward: bool) -> Any:
    """:func:`add_us` (``forward``) or :func:`subtract_us` through the C row loops.

    The same tables as the NumPy path: first chunks ``k_lo..k_hi``; the rows the
    loop cannot answer there (the answer lies past the table) are tried on the
    tables widened by one, two and three chunks, as the NumPy path widens its
    tables, and the rows still unanswered take the scalar search in row order (its
    answer, or its error). None when the inputs do not suit the loops (then the
    NumPy path answers).
    """
    assert KERNEL is not None
    loop = KERNEL.add_rows if forward else KERNEL.subtract_rows
    if x.ndim != 1:
        return None
    try:
        given = np.asarray(d, dtype=np.int64)
    except OverflowError:  # a duration past int64: the NumPy path's handling
        return None
    if given.ndim and given.shape != x.shape:
        return None
    one = 0 if given.ndim else int(given)  # one duration for every row
    dd: Any = np.ascontiguousarray(given) if given.ndim else None
    x = np.ascontiguousarray(x, dtype=np.int64)
    n = len(x)
    out = np.empty(n, dtype=np.int64)
    far = np.empty(min(n, _KERNEL_BLOCK), dtype=np.bool_)
    full: Any = np.full(min(n, _KERNEL_BLOCK), one, dtype=np.int64) if dd is None else None
    tab = table(cal, k_lo, k_hi)
    pending = []
    for i in range(0, n, _KERNEL_BLOCK):
        j = min(i + _KERNEL_BLOCK, n)
        f = far[: j - i]
        step = full[: j - i] if dd is None else dd[i:j]
        if loop(tab.s, tab.e, tab.acc, x[i:j], step, out[i:j], f):
            pending.append(np.flatnonzero(f) + i)
    if not pending:
        return out
    rows = np.concatenate(pending)
    for extra in range(1, 4):  # the NumPy path's wider tables, for the unanswered rows
        tab = table(cal, k_lo, k_hi + extra) if forward else table(cal, k_lo - extra, k_hi)
        xs = x[rows]
        ds = np.full(len(rows), one, dtype=np.int64) if dd is None else dd[rows]
        got = np.empty_like(xs)
        f = np.empty(len(rows), dtype=np.bool_)
        missed = loop(tab.s, tab.e, tab.acc, xs, ds, got, f)
        out[rows] = got  # the unanswered rows are overwritten below
        if not missed:
            return out
        rows = rows[f]
    search = cal._add if forward else cal._subtract
    for r in rows:  # far away: the scalar search, and its errors, in row order
        out[r] = search(int(x[r]), one if dd is None else int(dd[r]))
    return out


def subtract_many(cal: Calendar, ends: Any, durations: Any) -> Any:
    """``cal.subtract`` for every row."""
    return _shift_many(
        cal,
        ends,
        durations,
        "ends",
        cal.subtract,
        lambda b, d: _scalar_sub(cal, b, d),
        lambda b, d, live: _subtract_rows(cal, b, d, live),
    )


def _subtract_rows(cal: Calendar, b: Any, d: Any, live: Any) -> Any:
    """``subtract_many`` over int64 arrays: positive durations at once, then negative ones
    (an ``add`` of the opposite duration) at once."""
    if live is None and int(d.min()) > 0:
        return subtract_us(cal, b, d)  # the usual case: every row present and positive
    if live is None:
        live = np.ones(len(b), dtype=bool)
    out = b.copy()
    pos = live & (d > 0)
    if pos.any():
        out[pos] = subtract_us(cal, b[pos], d[pos])
    neg = live & (d < 0)
    if neg.any():
        out[neg] = add_us(cal, b[neg], -d[neg])
    return out


def elapsed_many(cal: Calendar, starts: Any, ends: Any) -> Any:
    """``cal.elapsed`` for every row: timedeltas (list), timedelta64[us] array or Series."""
    listed = _plain(starts)
    if listed is not None and np is None:
        return _row_by_row(cal.elapsed, listed, ends, "ends")
    a_rows = _Rows(starts, "starts")
    b_rows = _Rows(ends, "ends")
    _check_len(a_rows.us, b_rows.us)
    if np is None or len(a_rows) == 0:
        out: list[timedelta | None] = []
        for a, b, ma, mb in zip(a_rows.us, b_rows.us, a_rows.missing, b_rows.missing, strict=True):
            if ma or mb:
                out.append(None)
            else:
                lo, hi = (a, b) if a <= b else (b, a)
                v = cal._cov(int(lo), int(hi))
                out.append(timedelta(microseconds=v if a <= b else -v))
        return out
    a, b = a_rows.us, b_rows.us
    if a_rows.missing.any() or b_rows.missing.any():
        missing = a_rows.missing | b_rows.missing
        live = ~missing
        res = np.zeros(len(a), dtype=np.int64)
        if live.any():
            res[live] = elapsed_us(cal, a[live], b[live])
    else:  # every row present: no masks, no masked copies
        missing = a_rows.missing
        res = elapsed_us(cal, a, b)
    out_td = res.view("timedelta64[us]")
    if missing.any():
        out_td[missing] = np.timedelta64("NaT")
    if a_rows.kind == "list" and b_rows.kind == "list":
        return out_td.tolist()  # timedeltas, and None for NaT
    series = a_rows if a_rows.kind == "series" else b_rows if b_rows.kind == "series" else None
    if series is not None:
        import pandas as pd

        return pd.Series(out_td, index=series.index, name="elapsed")
    return out_td


def elapsed_us(cal: Calendar, a: Any, b: Any) -> Any:
    """Covered time ``b - a`` per row over int64 arrays (a new array), through the C
    row loop when the kernel runs, else the NumPy search."""
    lo = min(int(a.min()), int(b.min()))
    hi = max(int(a.max()), int(b.max()))
    k_lo, k_hi = lo // SPAN, hi // SPAN
    # a few years are cached for the next call; rows spread over centuries are not
    tab = table(cal, k_lo, k_hi) if k_hi - k_lo < 16 else _Table(cal, k_lo, k_hi)
    if KERNEL is not None and a.ndim == 1:
        return _kernel_elapsed(tab, a, b)
    return _blocks(lambda x, y: tab.covered_before(y) - tab.covered_before(x), a, b)


def _kernel_elapsed(tab: _Table, a: Any, b: Any) -> Any:
    """Covered time ``b - a`` per row through the C row loop; every row lies inside
    the table's chunks."""
    assert KERNEL is not None
    a = np.ascontiguousarray(a, dtype=np.int64)
    b = np.ascontiguousarray(b, dtype=np.int64)
    n = len(a)
    out = np.empty(n, dtype=np.int64)
    far = np.empty(min(n, _KERNEL_BLOCK), dtype=np.bool_)
    for i in range(0, n, _KERNEL_BLOCK):
        j = min(i + _KERNEL_BLOCK, n)
        KERNEL.elapsed_rows(tab.s, tab.e, tab.acc, a[i:j], b[i:j], out[i:j], far[: j - i])
    return out
