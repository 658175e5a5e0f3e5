"""``slacalc.tables.evaluate``: a table of activity in, a table of SLA outcomes out.

Two paths give the same table: the vectorised clock
(:mod:`slacalc.tables._vclock`, the whole table at once with NumPy) where it
applies, and the per-ticket engine (:func:`slacalc.activity.evaluate`: the
rows become the activity log, each ticket's clocks are replayed) elsewhere.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import TYPE_CHECKING, Any

from slacalc.errors import ArgumentTypeError, InvalidValueError
from slacalc.tables._vclock import _EPOCH, _US, FULL_COLUMNS, RUNNING_COLUMNS, VCLOCK_COLUMNS

if TYPE_CHECKING:
    from slacalc import Catalogue
    from slacalc.activity import Activity, ActivityRules, CycleOutcome

__all__ = ["OUTCOME_COLUMNS", "cycle_outcomes", "evaluate", "evaluate_log"]

#: The columns of the outcome table, in order: the vectorised clock's, with the
#: calendar after the target and the breach's category, underpinning and attribution.
OUTCOME_COLUMNS = (*VCLOCK_COLUMNS[:10], FULL_COLUMNS[0], *VCLOCK_COLUMNS[10:], *FULL_COLUMNS[1:])
_ACTIVITY = ("ticket", "at", "field", "value")


def _as_arrow(table: Any) -> tuple[Any, str]:
    """``table`` as a pyarrow Table, and which kind it was."""
    import pyarrow as pa

    module = type(table).__module__
    if isinstance(table, pa.Table):
        return table, "arrow"
    if module.startswith("polars") and hasattr(table, "to_arrow"):
        return table.to_arrow(), "polars"
    if module.startswith("pandas") and hasattr(table, "columns"):
        return pa.Table.from_pandas(table, preserve_index=False), "pandas"
    raise ArgumentTypeError(
        "table", type(table).__name__, "a pyarrow Table, pandas DataFrame or Polars DataFrame"
    )


def _rows(arrow: Any) -> tuple[list[dict[str, Any]], str]:
    """The activity rows as mappings, and the zone of the ``at`` column ("UTC" if none)."""
    import pyarrow as pa

    names = list(arrow.column_names)
    missing = [c for c in _ACTIVITY if c not in names]
    extra = [c for c in names if c not in _ACTIVITY]
    if missing or extra:
        parts = [f"missing {', '.join(map(repr, missing))}"] if missing else []
        parts += [f"unknown {', '.join(map(repr, extra))}"] if extra else []
        raise InvalidValueError(
            "table columns", "; ".join(parts), f"exactly the columns {', '.join(_ACTIVITY)}"
        )
    at = arrow.column("at")
    zone = "UTC"
    if pa.types.is_timestamp(at.type):
        try:
            at = at.cast(pa.timestamp("us", tz=at.type.tz), safe=True)
        except pa.ArrowInvalid:
            raise InvalidValueError(
                "at", str(at.type), "instants that convert exactly to microseconds"
            ) from None
        zone = at.type.tz or "UTC"
        _in_years(at)
    columns = {c: arrow.column(c).to_pylist() for c in ("ticket", "field", "value")}
    columns["at"] = at.to_pylist()
    rows = [
        {
            "ticket": t,
            "at": a,
            "field": f,
            # A 'created' row has no value: a null there is the empty value it needs.
            "value": "" if v is None and f == "created" else v,
        }
        for t, a, f, v in zip(
            columns["ticket"], columns["at"], columns["field"], columns["value"], strict=True
        )
    ]
    return rows, zone


def _in_years(at: Any) -> None:
    """Refuse a timestamp column (microseconds) with an instant outside years 1-9999 in
    UTC, where no datetime and no calendar answers, naming its first such row."""
    import pyarrow as pa
    import pyarrow.compute as pc

    from slacalc._engine.instants import MAX_US, MIN_US

    us = at.cast(pa.int64())
    bounds = pc.min_max(us)
    lo, hi = bounds["min"].as_py(), bounds["max"].as_py()
    if lo is None or (lo >= MIN_US and hi <= MAX_US):
        return
    outside = pc.or_(pc.less(us, MIN_US), pc.greater(us, MAX_US))
    row = pc.index(outside, True).as_py()
    raise InvalidValueError(
        f"at[{row}]",
        f"{us[row].as_py()} microseconds from 1970-01-01 UTC",
        "an instant in years 1-9999 (UTC)",
    )


def _outcome_table(outcomes: Any, catalogue: Any, zone: str) -> Any:
    import pyarrow as pa

    def col(name: str) -> list[Any]:
        return [getattr(o, name) for o in outcomes]

    ts = pa.timestamp("us", tz=zone)
    us = pa.duration("us")
    party = pa.struct([("party", pa.string()), ("time", us)])
    arrays: dict[str, Any] = {
        "ticket": pa.array(col("ticket"), pa.string()),
        "kind": pa.array(col("kind"), pa.string()),
        "agreement": pa.array(col("agreement"), pa.string()),
        "metric": pa.array(col("metric"), pa.string()),
        "cycle": pa.array(col("cycle"), pa.int64()),
        "state": pa.array([str(s) for s in col("state")], pa.string()),
        "service": pa.array(col("service"), pa.string()),
        "customer": pa.array(col("customer"), pa.string()),
        "priority": pa.array(col("priority"), pa.string()),
        "target": pa.array(col("target"), us),
        "calendar": pa.array([catalogue.calendar_name(c) for c in col("calendar")], pa.string()),
    }
    for name in ("start", "deadline", "stop", "end"):
        arrays[name] = pa.array(col(name), ts)
    arrays["elapsed"] = pa.array(col("elapsed"), us)
    arrays["paused"] = pa.array(col("paused"), us)
    arrays["breach"] = pa.array(col("breach"), ts)
    arrays["category"] = pa.array(col("category"), pa.string())
    arrays["underpinning"] = pa.array([list(u) for u in col("underpinning")], pa.list_(pa.string()))
    arrays["attribution"] = pa.array(
        [[{"party": p, "time": t} for p, t in a] for a in col("attribution")], pa.list_(party)
    )
    return pa.table(arrays)


def _vectorised(
    arrow: Any,
    catalogue: Any,
    as_of: datetime,
    rules: Any,
    tz: str | None,
    path: str,
    unmatched: str,
    said: list[str] | None = None,
) -> Any:
    """The outcome table by the vectorised clock, or ``None`` for the engine (auto);
    its warnings given, or (``said``) their messages added to that list instead."""
    import pyarrow as pa
    import pyarrow.compute as pc

    from slacalc.errors import SlacalcError
    from slacalc.tables._vclock import VClockUnsupported, clocks_and_warnings

    try:
        names = list(arrow.column_names)
        if sorted(names) != sorted(_ACTIVITY):
            raise VClockUnsupported("the table needs exactly the columns ticket, at, field, value")
        at = arrow.column("at")
        if tz is not None or not pa.types.is_timestamp(at.type) or at.type.tz is None:
            raise VClockUnsupported("'at' must be a timestamp column with a time zone")
        for name in ("ticket", "field", "value"):
            kind = arrow.column(name).type
            text = kind.value_type if pa.types.is_dictionary(kind) else kind
            if not (pa.types.is_string(text) or pa.types.is_large_string(text)):
                raise VClockUnsupported(f"{name!r} must be a text column (it is {kind})")
        for name in ("ticket", "field", "value"):  # a null in a dictionary: read as text
            col = arrow.column(name)
            if pa.types.is_dictionary(col.type) and any(
                chunk.dictionary.null_count for chunk in col.chunks
            ):
                arrow = arrow.set_column(names.index(name), name, col.cast(col.type.value_type))
        # A 'created' row has no value: a null there is the empty value it needs.
        value = arrow.column("value")
        if value.null_count:
            if pa.types.is_dictionary(value.type):
                value = value.cast(value.type.value_type)
            fill = pc.and_(pc.is_null(value), pc.equal(arrow.column("field"), "created"))
            value = pc.if_else(fill, "", value)
            arrow = arrow.set_column(names.index("value"), "value", value)
        try:
            got, messages = clocks_and_warnings(
                arrow,
                catalogue,
                as_of=as_of,
                rules=rules,
                full=True,
                unmatched=unmatched,
                log_warnings=True,
            )
        except pa.ArrowException as error:  # e.g. instants finer than microseconds
            raise VClockUnsupported(f"the table cannot be read as it is: {error}") from error
    except SlacalcError:
        if path == "vectorised":
            raise
        return None  # the engine gives the same answer, or the error with its row
    if said is not None:
        said.extend(messages)
    else:
        import warnings

        from slacalc.activity import ActivityWarning

        for message in messages:
            warnings.warn(ActivityWarning(message), stacklevel=1)  # slacalc's, as before
    ts = pa.timestamp("us", tz=at.type.tz)
    cols = [
        got.column(c).cast(ts) if pa.types.is_timestamp(got.column(c).type) else got.column(c)
        for c in OUTCOME_COLUMNS
    ]
    return pa.table(dict(zip(OUTCOME_COLUMNS, cols, strict=True)))


def evaluate_log(
    log: Iterable[Activity],
    catalogue: Catalogue,
    *,
    as_of: datetime,
    rules: ActivityRules | None = None,
    unmatched: str = "error",
    running: bool = False,
) -> Any:
    """The outcomes of an activity log (as :func:`slacalc.activity.evaluate` judges it)
    by the vectorised clock: a pyarrow Table of :data:`OUTCOME_COLUMNS`, instants in
    UTC, or ``None`` where the vectorised clock does not apply (NumPy or pyarrow
    missing, versioned agreements, ``renew`` policies, a change at a ticket's creation
    instant, a ticket that cannot be judged: the engine then answers, or raises the
    error naming every such ticket).

    Every :class:`~slacalc.activity.ActivityWarning` the engine would give is given,
    with the same message and count: the clocks' missing targets by the vectorised
    clock, the others by :func:`slacalc.activity.outcomes.warnings_without_clocks`.
    This is what ``slacalc evaluate`` runs on each chunk when it can. With
    ``running=True`` the table also has the columns ``running`` and
    ``running_at_end`` (each cycle's running stretches, as
    :func:`cycle_outcomes` reads them).
    """
    import warnings

    from slacalc.activity import ActivityRules as Rules
    from slacalc.errors import NaiveDatetimeError

    # The engine's refusals, before anything else (a None here means "the engine").
    if not isinstance(as_of, datetime):
        raise ArgumentTypeError("as_of", as_of, "a timezone-aware datetime")
    if as_of.utcoffset() is None:
        raise NaiveDatetimeError(as_of, "as_of")
    if rules is not None and not isinstance(rules, Rules):
        raise ArgumentTypeError("rules", rules, "an ActivityRules")
    if unmatched not in ("error", "skip"):
        raise InvalidValueError("unmatched", unmatched, "'error' or 'skip'")
    try:
        import numpy  # noqa: F401
        import pyarrow as pa
    except ImportError:
        return None
    from slacalc.activity import ActivityWarning
    from slacalc.activity.outcomes import warnings_without_clocks
    from slacalc.errors import SlacalcError
    from slacalc.tables._vclock import sla_clocks

    tickets = list(log)
    names: list[str] = []
    ats: list[int] = []
    fields: list[str] = []
    values: list[str] = []
    for a in tickets:
        if getattr(a.created, "nanosecond", 0):  # a pandas Timestamp finer than 1 us
            return None
        created = (a.created - _EPOCH) // _US
        n = 1 + len(a.initial) + len(a.changes)
        names += [a.ticket] * n
        ats += [created] * (1 + len(a.initial))
        fields.append("created")
        values.append("")
        fields += a.initial.keys()
        values += a.initial.values()
        for c in a.changes:
            if getattr(c.at, "nanosecond", 0):
                return None
            at = (c.at - _EPOCH) // _US
            if at == created:  # the engine reads it as a change, the table as initial
                return None
            ats.append(at)
            fields.append(c.field)
            values.append(c.value)
    table = pa.table(
        {
            "ticket": pa.array(names, pa.string()),
            "at": pa.array(ats, pa.int64()).cast(pa.timestamp("us", tz="UTC")),
            "field": pa.array(fields, pa.string()),
            "value": pa.array(values, pa.string()),
        }
    )
    if rules is None:
        rules = getattr(catalogue, "activity", None)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ActivityWarning)
        others = warnings_without_clocks(
            tickets, catalogue, as_of=as_of, rules=rules, unmatched=unmatched
        )
        if others is None:
            return None
        try:
            got = sla_clocks(
                table,
                catalogue,
                as_of=as_of,
                rules=rules,
                full=True,
                unmatched=unmatched,
                running=running,
            )
        except SlacalcError:
            return None  # the engine gives the same answer, or the error naming the tickets
    for message, count in others.items():
        suffix = f" ({count} times)" if count > 1 else ""
        warnings.warn(ActivityWarning(message + suffix), stacklevel=2)
    for w in caught:
        warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)
    return got.select([*OUTCOME_COLUMNS, *(RUNNING_COLUMNS if running else ())])


def cycle_outcomes(
    log: Iterable[Activity],
    catalogue: Catalogue,
    *,
    as_of: datetime,
    rules: ActivityRules | None = None,
    unmatched: str = "error",
) -> tuple[CycleOutcome, ...] | None:
    """What :func:`slacalc.activity.evaluate` gives for an activity log, every
    :class:`~slacalc.activity.CycleOutcome` equal (running stretches and month
    included), computed by the vectorised clock; ``None`` where that does not apply
    (as :func:`evaluate_log`, whose warnings it gives). ``slacalc timers`` and
    ``slacalc report`` judge an activity log so.

    >>> from datetime import UTC, datetime, timedelta
    >>> import slacalc as sc
    >>> from slacalc.activity import Activity, Change
    >>> cal = sc.Calendar.weekly({"mon-fri": "09:00-17:00"}, tz="Europe/London")
    >>> desk = sc.Catalogue(services=[sc.Service("email", "Email")], slas=[sc.SLA(
    ...     id="email-finance", service="email", customer="Finance", calendar=cal,
    ...     targets=sc.target_table(cal, {"P1": {"resolution": timedelta(hours=4)}}))])
    >>> t0 = datetime(2026, 3, 2, 9, tzinfo=UTC)
    >>> ticket = Activity("INC-1", t0, {"service": "email", "customer": "Finance",
    ...                   "priority": "P1", "status": "Open"},
    ...     [Change(t0 + timedelta(hours=1), "status", "Pending customer"),
    ...      Change(t0 + timedelta(hours=3), "status", "Open")])
    >>> [r] = cycle_outcomes([ticket], desk, as_of=t0 + timedelta(hours=4))
    >>> r.state, str(r.elapsed), [(a.hour, b.hour) for a, b in r.running]
    (<CycleState.PENDING: 'pending'>, '2:00:00', [(9, 10), (12, 13)])
    """
    from slacalc.activity import ActivityRules as Rules

    table = evaluate_log(
        log, catalogue, as_of=as_of, rules=rules, unmatched=unmatched, running=True
    )
    if table is None:
        return None
    if rules is None:
        rules = getattr(catalogue, "activity", None) or Rules()
    return _cycle_outcomes(table, catalogue, rules)


def _cycle_outcomes(
    table: Any, catalogue: Catalogue, rules: ActivityRules
) -> tuple[CycleOutcome, ...]:
    """The rows of :func:`evaluate_log`'s table (with its running columns) as the
    engine's outcomes: the calendar and month by the engine's rules."""
    import pyarrow as pa

    from slacalc.activity import CycleOutcome, CycleState
    from slacalc.measure import Month

    def instants(column: Any) -> list[datetime | None]:
        us = column.cast(pa.int64()).to_pylist()
        return [None if x is None else _EPOCH + x * _US for x in us]

    def lists(name: str, parts: tuple[str, str]) -> list[tuple[tuple[Any, Any], ...]]:
        """A list-of-struct column as tuples of pairs, from its flat children (the
        instants and durations as integers: no per-value conversion by Arrow)."""
        column = table.column(name).combine_chunks()
        offsets = column.offsets.to_pylist()
        items = column.values
        pair = []
        for part in parts:
            child = items.field(part)
            if pa.types.is_timestamp(child.type):
                pair.append(instants(child))
            elif pa.types.is_duration(child.type):
                pair.append([x * _US for x in child.cast(pa.int64()).to_pylist()])
            else:
                pair.append(child.to_pylist())
        flat = list(zip(*pair, strict=True))
        return [tuple(flat[offsets[i] : offsets[i + 1]]) for i in range(len(offsets) - 1)]

    plain: tuple[str, ...] = ("ticket", "kind", "agreement", "metric", "cycle", "state")
    plain += ("service", "customer", "priority", "category", "underpinning", "running_at_end")
    col: dict[str, list[Any]] = {name: table.column(name).to_pylist() for name in plain}
    for name in ("start", "deadline", "stop", "end", "breach"):
        col[name] = instants(table.column(name))
    for name in ("target", "elapsed", "paused"):
        col[name] = [x * _US for x in table.column(name).cast(pa.int64()).to_pylist()]
    col["attribution"] = lists("attribution", ("party", "time"))
    col["running"] = lists("running", ("start", "end"))
    months: dict[tuple[int, int], Month] = {}

    def month(instant: datetime, tz: Any) -> Month:  # Month.of, one object a month
        local = instant.astimezone(tz)
        key = (local.year, local.month)
        if key not in months:
            months[key] = Month(*key)
        return months[key]

    calendars: dict[tuple[str, str, str, str], Any] = {}
    out: list[CycleOutcome] = []
    for i in range(table.num_rows):
        kind, agreement_id, metric = col["kind"][i], col["agreement"][i], col["metric"][i]
        priority, customer, start = col["priority"][i], col["customer"][i], col["start"][i]
        agreement = catalogue.agreement(agreement_id)
        key = (agreement_id, priority, metric, customer)
        if key not in calendars:  # the engine's: a customer's own calendar for an SLA
            target = agreement.target(priority, metric).calendar
            calendars[key] = rules.calendar_for(kind, customer, target)
        assert start is not None
        out.append(
            CycleOutcome(
                ticket=col["ticket"][i],
                kind=kind,
                agreement=agreement_id,
                metric=metric,
                cycle=col["cycle"][i],
                state=CycleState(col["state"][i]),
                service=col["service"][i],
                customer=customer,
                priority=priority,
                target=col["target"][i],
                calendar=calendars[key],
                start=start,
                deadline=col["deadline"][i],
                stop=col["stop"][i],
                end=col["end"][i],
                elapsed=col["elapsed"][i],
                paused=col["paused"][i],
                breach=col["breach"][i],
                attribution=col["attribution"][i],
                category=col["category"][i],
                underpinning=tuple(col["underpinning"][i]),
                month=month(start, agreement.calendar.tz),
                running=col["running"][i],
                running_at_end=col["running_at_end"][i],
            )
        )
    return tuple(out)


def evaluate(
    table: Any,
    catalogue: Catalogue,
    *,
    as_of: datetime,
    rules: ActivityRules | None = None,
    tz: str | None = None,
    path: str = "auto",
    unmatched: str = "error",
) -> Any:
    """SLA outcomes of a table of activity, as a table of the same kind.

    ``table`` is a pyarrow Table, pandas DataFrame or Polars DataFrame with
    exactly the columns ``ticket, at, field, value`` of the activity long table
    (see :func:`slacalc.activity.read_activity`: a ``created`` row per ticket,
    rows at the creation instant are its initial fields, later rows changes;
    a null ``value`` on a ``created`` row is its empty value). ``at`` holds
    tz-aware timestamps (or ISO 8601 text with an offset); naive ones are
    refused unless ``tz=`` names the zone they were read in. Every bad row is
    reported at once, as ``rows[i].column``.

    The result has one row per ticket, agreement, metric and cycle
    (:data:`OUTCOME_COLUMNS`), instants in the zone of the ``at`` column (UTC
    for text), durations as ``duration[us]``; it is what
    :func:`slacalc.activity.evaluate` gives for the same activity, judged at
    ``as_of``. ``unmatched="skip"`` leaves out the tickets whose service and
    customer no SLA covers (the default is an error naming them), as there.

    ``path`` chooses the computation: ``"engine"`` replays each ticket with the
    per-ticket engine (everything: OLA and UC clocks, underpinning, versions,
    warnings); ``"vectorised"`` evaluates the whole table at once with NumPy
    (:func:`slacalc.tables._vclock.sla_clocks`: SLA, OLA and UC clocks alike),
    for catalogues without versioned agreements or ``renew`` policies and
    ``at`` as tz-aware timestamps, and raises
    :class:`~slacalc.tables.VClockUnsupported` otherwise; ``"auto"`` (the
    default) takes the vectorised path where it applies and the engine
    elsewhere. Both give the same table and the same
    :class:`~slacalc.activity.ActivityWarning` s with their counts
    (tests/tables/test_tables_path.py, test_table_warnings.py).

    >>> import warnings
    >>> from datetime import datetime, timedelta, UTC
    >>> import pyarrow as pa
    >>> import slacalc as sc
    >>> from slacalc import tables
    >>> cal = sc.Calendar.weekly({"mon-fri": "09:00-17:00"}, tz="Europe/London")
    >>> cat = sc.Catalogue(services=[sc.Service("email", "Email")], slas=[sc.SLA(
    ...     id="email-finance", service="email", customer="Finance", calendar=cal,
    ...     targets=sc.target_table(cal, {"P1": {"resolution": timedelta(hours=4)}}))])
    >>> activity = pa.table({
    ...     "ticket": ["INC-1"] * 6,
    ...     "at": ["2026-03-02T09:00Z"] * 5 + ["2026-03-02T11:00Z"],
    ...     "field": ["created", "status", "priority", "service", "customer", "status"],
    ...     "value": [None, "New", "P1", "email", "Finance", "Resolved"]})
    >>> with warnings.catch_warnings():  # 'New' is named by no policy: the clock runs in it
    ...     warnings.simplefilter("ignore")
    ...     out = tables.evaluate(activity, cat, as_of=datetime(2026, 3, 3, tzinfo=UTC))
    >>> [(r["metric"], r["state"], str(r["elapsed"]), r["deadline"].strftime("%H:%M"))
    ...  for r in out.to_pylist()]
    [('resolution', 'met', '2:00:00', '13:00')]
    """
    from slacalc.activity import evaluate as activity_evaluate
    from slacalc.activity import read_activity

    if path not in ("auto", "vectorised", "engine"):
        raise InvalidValueError("path", path, "'auto', 'vectorised' or 'engine'")
    arrow, kind = _as_arrow(table)
    if unmatched not in ("error", "skip"):
        raise InvalidValueError("unmatched", unmatched, "'error' or 'skip'")
    out = (
        None
        if path == "engine"
        else _vectorised(arrow, catalogue, as_of, rules, tz, path, unmatched)
    )
    if out is None:
        rows, zone = _rows(arrow)
        log = read_activity(rows, tz=tz, name="table")
        outcomes = activity_evaluate(log, catalogue, as_of=as_of, rules=rules, unmatched=unmatched)
        out = _outcome_table(outcomes, catalogue, tz or zone)
    if kind == "pandas":
        return out.to_pandas()
    if kind == "polars":
        import polars as pl

        return pl.from_arrow(out)
    return out
