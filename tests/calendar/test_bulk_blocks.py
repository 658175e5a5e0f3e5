"""Bulk rows processed in blocks equal the scalar calls, block edges included.

The array paths of :mod:`slacalc.calendar.bulk` work in blocks of ``_BLOCK``
rows; here the block is made tiny (and odd) so that every array crosses many
block edges, and every row is compared with the scalar call.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import numpy as np
import pytest

import slacalc as sc
import slacalc.calendar.bulk as bulk

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
CALENDARS = {
    "london office": sc.Calendar.weekly(
        {"mon-fri": "09:00-17:30"}, tz="Europe/London", holidays="GB-ENG"
    ),
    "new york night": sc.Calendar.weekly({"daily": "22:00-06:00"}, tz="America/New_York"),
    "lord howe": sc.Calendar.weekly({"mon-sat": "01:00-02:45"}, tz="Australia/Lord_Howe"),
}


def _dt(us: int) -> datetime:
    return EPOCH + timedelta(microseconds=us)


@pytest.mark.parametrize("name", list(CALENDARS))
@pytest.mark.parametrize("block", [1, 7, 64])
def test_blocks_equal_the_scalar_calls(
    monkeypatch: pytest.MonkeyPatch, name: str, block: int
) -> None:
    cal = CALENDARS[name]
    rng = np.random.default_rng(block)
    n = 301
    base = 1_774_000_000 * 10**6  # March 2026: the spring DST changes
    s = base + rng.integers(0, 400 * 86_400, n) * 10**6 + rng.integers(0, 10**6, n)
    d = rng.integers(-40 * 3600, 40 * 3600, n) * 10**6
    e = s + rng.integers(-72 * 3600, 72 * 3600, n) * 10**6
    monkeypatch.setattr(bulk, "_BLOCK", block)
    s64, e64, d64 = (x.astype(t) for x, t in ((s, "M8[us]"), (e, "M8[us]"), (d, "m8[us]")))
    add = cal.add_many(s64, d64).astype(np.int64)
    add_pos = cal.add_many(s64, np.abs(d64)).astype(np.int64)
    sub = cal.subtract_many(e64, np.abs(d64)).astype(np.int64)
    el = cal.elapsed_many(s64, e64).astype(np.int64)
    for i in range(n):
        a, b, dd = _dt(int(s[i])), _dt(int(e[i])), timedelta(microseconds=int(d[i]))
        assert _dt(int(add[i])) == cal.add(a, dd)
        assert _dt(int(add_pos[i])) == cal.add(a, abs(dd))
        assert _dt(int(sub[i])) == cal.subtract(b, abs(dd))
        assert timedelta(microseconds=int(el[i])) == cal.elapsed(a, b)
