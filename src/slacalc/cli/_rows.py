"""The rows ``slacalc evaluate`` prints: from the engine's outcomes, one at a time
(:func:`row`), and from the vectorised clock's table, a column at a time
(:func:`table_rows`); both give the same dicts (tests/tables/test_evaluate_log.py).
"""

from __future__ import annotations

from datetime import timedelta
from itertools import pairwise
from typing import Any

from slacalc.activity import CycleOutcome
from slacalc.durations import format_duration, seconds

__all__ = ["row", "table_columns", "table_rows"]


def row(o: CycleOutcome, *, human: bool, json: bool = False) -> dict[str, object]:
    """One output row (machine formats: snake_case keys, seconds beside durations; in
    JSON the breached underpinning agreements a list and the attribution's seconds an
    object, in CSV and the table both ``; ``-joined)."""

    def at(value: Any) -> object:
        if value is None:
            return "-" if human else None
        return value.isoformat(timespec="seconds") if human else value.isoformat()

    pct = o.percentage
    out: dict[str, object] = {
        "ticket": o.ticket,
        "kind": o.kind,
        "agreement": o.agreement,
        "metric": o.metric,
        "cycle": o.cycle,
        "state": str(o.state),
        "priority": o.priority,
        "target": format_duration(o.target),
        "version": at(o.version_from),
        "start": at(o.start),
        "deadline": at(o.deadline),
        "stop": at(o.stop),
        "elapsed": format_duration(o.elapsed),
        "paused": format_duration(o.paused),
        "breach": at(o.breach),
        "percentage": (f"{float(pct):.1f}" if human else float(pct)) if pct is not None else None,
        "category": o.category or ("-" if human else None),
        "underpinning": list(o.underpinning) if json else "; ".join(o.underpinning),
        "attribution": "; ".join(f"{p}={format_duration(t)}" for p, t in o.attribution),
    }
    if human and not o.underpinning:
        out["underpinning"] = "-"
    if not human:
        out["elapsed_seconds"] = seconds(o.elapsed)
        out["paused_seconds"] = seconds(o.paused)
        shares = {p: seconds(t) for p, t in o.attribution}
        out["seconds_by_party"] = (
            shares if json else "; ".join(f"{p}={n}" for p, n in shares.items())
        )
    return out


def table_rows(table: Any, *, human: bool, json: bool = False) -> list[dict[str, object]]:
    """:func:`row` for every row of :func:`slacalc.tables.evaluate_log`'s table, the
    same dicts (from :func:`table_columns`)."""
    columns = table_columns(table, human=human, json=json)
    keys = list(columns)
    return [dict(zip(keys, values, strict=True)) for values in zip(*columns.values(), strict=True)]


def table_columns(table: Any, *, human: bool, json: bool = False) -> dict[str, list[Any]]:
    """The values of :func:`row` for every row of :func:`slacalc.tables.evaluate_log`'s
    table, a column at a time, in :func:`row`'s key order (instants formatted by
    NumPy, each distinct duration once) instead of a Python object per instant."""
    # Optional extras, present whenever the table is (the vectorised clock made it).
    import numpy as np
    import pyarrow as pa

    n = table.num_rows

    def text(name: str) -> list[Any]:
        return table.column(name).to_pylist()  # type: ignore[no-any-return]

    def micros(name: str) -> Any:
        col = table.column(name)
        return col.cast(pa.int64()).fill_null(0).to_numpy(), col.is_null().to_numpy(
            zero_copy_only=False
        )

    def instants(name: str) -> list[str | None]:
        us, missing = micros(name)
        m8 = us.astype("datetime64[us]")
        whole = np.datetime_as_string(m8, unit="s").astype(object) + "+00:00"
        if not human:  # isoformat(): microseconds where there are some
            fine = np.flatnonzero(us % 1_000_000)
            if len(fine):
                whole[fine] = np.datetime_as_string(m8[fine], unit="us").astype(object) + "+00:00"
        whole[missing] = "-" if human else None
        return whole.tolist()  # type: ignore[no-any-return]

    durations: dict[int, str] = {}
    secs: dict[int, object] = {}

    def duration_text(us: int) -> str:
        found = durations.get(us)
        if found is None:
            found = durations[us] = format_duration(timedelta(microseconds=us))
        return found

    def seconds_of(us: int) -> object:
        if us not in secs:
            secs[us] = seconds(timedelta(microseconds=us))
        return secs[us]

    target = micros("target")[0].tolist()
    elapsed = micros("elapsed")[0].tolist()
    paused = micros("paused")[0].tolist()
    none = "-" if human else None
    attr = table.column("attribution").combine_chunks()
    offsets = attr.offsets.to_numpy().tolist()
    parties = attr.values.field("party").to_pylist()
    times = attr.values.field("time").cast(pa.int64()).to_numpy().tolist()
    spans = list(pairwise(offsets))
    shared = [f"{p}={duration_text(x)}" for p, x in zip(parties, times, strict=True)]
    under = text("underpinning")
    if json:
        underpinning: list[Any] = under
    else:
        underpinning = ["; ".join(u) if u or not human else "-" for u in under]
    out: dict[str, list[Any]] = {
        name: text(name) for name in ("ticket", "kind", "agreement", "metric", "cycle", "state")
    }
    out["priority"] = text("priority")
    out["target"] = [duration_text(t) for t in target]
    out["version"] = [none] * n
    for name in ("start", "deadline", "stop"):
        out[name] = instants(name)
    out["elapsed"] = [duration_text(e) for e in elapsed]
    out["paused"] = [duration_text(x) for x in paused]
    out["breach"] = instants("breach")
    out["percentage"] = [
        ((f"{e * 100 / t:.1f}" if human else e * 100 / t) if t else None)
        for e, t in zip(elapsed, target, strict=True)
    ]
    out["category"] = [c or none for c in text("category")]
    out["underpinning"] = underpinning
    out["attribution"] = ["; ".join(shared[a:b]) for a, b in spans]
    if not human:
        out["elapsed_seconds"] = [seconds_of(e) for e in elapsed]
        out["paused_seconds"] = [seconds_of(x) for x in paused]
        if json:  # an object of party: seconds (a party named twice keeps its last share)
            out["seconds_by_party"] = [
                {parties[k]: seconds_of(times[k]) for k in range(a, b)} for a, b in spans
            ]
        else:
            out["seconds_by_party"] = [
                "; ".join(f"{p}={x}" for p, x in _last(parties, times, a, b, seconds_of))
                for a, b in spans
            ]
    return out


def _last(
    parties: list[str], times: list[int], a: int, b: int, seconds_of: Any
) -> list[tuple[str, object]]:
    """The row's parties with their seconds, as :func:`row`'s dict of them reads."""
    shares = {parties[k]: seconds_of(times[k]) for k in range(a, b)}
    return list(shares.items())
