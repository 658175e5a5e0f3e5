"""slacalc.tables.evaluate: a table of activity in, outcomes out, as the per-ticket engine says."""

from __future__ import annotations

import warnings
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

pa = pytest.importorskip("pyarrow")

import slacalc as sc  # noqa: E402
from slacalc import tables  # noqa: E402
from slacalc.activity import Activity, ActivityLog, evaluate  # noqa: E402
from slacalc.errors import InvalidValueError  # noqa: E402

LONDON = ZoneInfo("Europe/London")
OFFICE = sc.Calendar.weekly({"mon-fri": "09:00-17:00"}, tz="Europe/London", holidays="GB-ENG")
CATALOGUE = sc.Catalogue(
    services=[sc.Service("email", "Email")],
    calendars={"office": OFFICE},
    slas=[
        sc.SLA(
            id="email-finance",
            service="email",
            customer="Finance",
            calendar=OFFICE,
            targets=sc.target_table(
                OFFICE,
                {
                    "P1": {"response": timedelta(minutes=30), "resolution": timedelta(hours=4)},
                    "P2": {"response": timedelta(hours=1), "resolution": timedelta(hours=8)},
                },
            ),
        )
    ],
)
AS_OF = datetime(2026, 4, 15, tzinfo=UTC)
STATUSES = ("New", "Open", "Pending customer", "Resolved", "Closed")


def random_log(n: int, seed: int) -> ActivityLog:
    """``n`` tickets around the London spring-forward, with status and priority changes."""
    import random

    rng = random.Random(seed)
    base = datetime(2026, 3, 23, 8, tzinfo=UTC)
    out = []
    for i in range(n):
        created = base + timedelta(minutes=rng.randrange(0, 14 * 1440))
        initial = {
            "status": "New",
            "priority": rng.choice(("P1", "P2")),
            "service": "email",
            "customer": "Finance",
        }
        changes = []
        at = created
        for _ in range(rng.randrange(0, 6)):
            # Later than the creation (a row at it is an initial field in the long
            # table), and changes at the same instant as one another allowed.
            at = at + timedelta(minutes=rng.randrange(0 if at > created else 1, 600))
            field = rng.choice(("status", "status", "status", "priority"))
            value = rng.choice(STATUSES) if field == "status" else rng.choice(("P1", "P2"))
            changes.append((at.astimezone(LONDON), field, value))
        out.append(Activity.of(f"INC-{i}", created.astimezone(LONDON), initial, changes))
    return ActivityLog(out)


def long_table(log: ActivityLog, zone: str = "Europe/London") -> pa.Table:
    """The activity long table of ``log``: a created row, initial fields, then changes."""
    rows: list[tuple[str, datetime, str, str | None]] = []
    for a in log:
        rows.append((a.ticket, a.created, "created", None))
        rows += [(a.ticket, a.created, f, v) for f, v in a.initial.items()]
        rows += [(a.ticket, c.at, c.field, c.value) for c in a.changes]
    ticket, at, field, value = zip(*rows, strict=True)
    return pa.table(
        {
            "ticket": list(ticket),
            "at": pa.array(list(at), pa.timestamp("us", tz=zone)),
            "field": list(field),
            "value": list(value),
        }
    )


def engine_rows(log: ActivityLog) -> list[tuple[object, ...]]:
    """The per-ticket engine's outcomes, as comparable tuples (instants in UTC)."""

    def u(d: datetime | None) -> datetime | None:
        return None if d is None else d.astimezone(UTC)

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        outcomes = evaluate(log, CATALOGUE, as_of=AS_OF)
    return [
        (
            o.ticket,
            o.kind,
            o.agreement,
            o.metric,
            o.cycle,
            str(o.state),
            o.priority,
            o.target,
            u(o.start),
            u(o.deadline),
            u(o.stop),
            u(o.end),
            o.elapsed,
            o.paused,
            u(o.breach),
            o.category,
            [{"party": p, "time": t} for p, t in o.attribution],
        )
        for o in outcomes
    ]


def table_rows(records: list[dict[str, object]]) -> list[tuple[object, ...]]:
    def u(d: object) -> object:
        return None if d is None else d.astimezone(UTC)  # type: ignore[attr-defined]

    return [
        (
            r["ticket"],
            r["kind"],
            r["agreement"],
            r["metric"],
            r["cycle"],
            r["state"],
            r["priority"],
            r["target"],
            u(r["start"]),
            u(r["deadline"]),
            u(r["stop"]),
            u(r["end"]),
            r["elapsed"],
            r["paused"],
            u(r["breach"]),
            r["category"],
            r["attribution"],
        )
        for r in records
    ]


def run(table: object, **kwargs: object) -> object:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return tables.evaluate(table, CATALOGUE, as_of=AS_OF, **kwargs)


LOG = random_log(120, seed=12)


def test_arrow_table_equals_the_engine_row_for_row() -> None:
    out = run(long_table(LOG))
    assert isinstance(out, pa.Table)
    assert tuple(out.column_names) == tables.OUTCOME_COLUMNS
    assert out.schema.field("deadline").type == pa.timestamp("us", tz="Europe/London")
    want = engine_rows(LOG)
    assert len(want) >= 200
    assert table_rows(out.to_pylist()) == want


def test_pandas_and_polars_in_give_the_same_kind_out() -> None:
    pd = pytest.importorskip("pandas")
    pl = pytest.importorskip("polars")
    arrow = long_table(LOG, zone="America/New_York")
    want = engine_rows(LOG)
    frame = run(arrow.to_pandas())
    assert isinstance(frame, pd.DataFrame)
    assert str(frame["start"].dt.tz) == "America/New_York"  # kept in the zone of `at`
    assert table_rows(pa.Table.from_pandas(frame, preserve_index=False).to_pylist()) == want
    polars = run(pl.from_arrow(arrow))
    assert isinstance(polars, pl.DataFrame)
    assert table_rows(polars.to_arrow().to_pylist()) == want


def test_pandas_accessor() -> None:
    pytest.importorskip("pandas")
    import slacalc.tables.pandas  # noqa: F401

    frame = long_table(LOG).to_pandas()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        out = frame.sla.evaluate(CATALOGUE, as_of=AS_OF)
    assert table_rows(pa.Table.from_pandas(out, preserve_index=False).to_pylist()) == (
        engine_rows(LOG)
    )


def test_hand_worked_ticket() -> None:
    """Created Mon 2 Mar 2026 09:00 GMT, P1 (4 h resolution), resolved 11:00: met, 2 h used."""
    t0 = datetime(2026, 3, 2, 9, tzinfo=UTC)
    table = pa.table(
        {
            "ticket": ["INC-1"] * 6,
            "at": ["2026-03-02T09:00Z"] * 5 + ["2026-03-02T11:00Z"],  # ISO text works too
            "field": ["created", "status", "priority", "service", "customer", "status"],
            "value": [None, "New", "P1", "email", "Finance", "Resolved"],
        }
    )
    out = {(r["metric"]): r for r in run(table).to_pylist()}
    res = out["resolution"]
    assert res["state"] == "met"
    assert res["deadline"] == t0 + timedelta(hours=4)
    assert res["elapsed"] == timedelta(hours=2)
    assert res["stop"] == t0 + timedelta(hours=2)
    assert res["calendar"] == "office"
    assert res["start"].tzinfo is not None


def test_bad_tables() -> None:
    good = long_table(random_log(2, seed=1))
    with pytest.raises(InvalidValueError, match="missing 'value'"):
        run(good.drop_columns(["value"]))
    with pytest.raises(InvalidValueError, match="unknown 'note'"):
        run(good.append_column("note", pa.array(["x"] * good.num_rows)))
    naive = good.set_column(1, "at", good.column("at").cast(pa.timestamp("us")))
    with pytest.raises(sc.RecordError, match=r"rows\[0\]\.at"):
        run(naive)
    # Read with an explicit zone: the naive readings were UTC ones, so tz="UTC" is right.
    assert run(naive, tz="UTC").num_rows == run(good).num_rows
    nulls = good.set_column(1, "at", pa.array([None] * good.num_rows, pa.timestamp("us", "UTC")))
    with pytest.raises(sc.RecordError) as info:
        run(nulls)
    assert len(info.value.problems) == good.num_rows  # every bad row reported
    with pytest.raises(sc.SlacalcError, match="pyarrow Table, pandas DataFrame or Polars"):
        tables.evaluate([{"ticket": "x"}], CATALOGUE, as_of=AS_OF)


@pytest.mark.parametrize("path", ["auto", "engine", "vectorised"])
def test_an_instant_outside_years_1_to_9999_is_refused_by_name(path: str) -> None:
    # A ticket created a day before 0001-01-01 UTC (Arrow holds it; no datetime does):
    # a clear error naming the row or the ticket, never a bare OverflowError.
    good = long_table(random_log(2, seed=1))
    us = good.column("at").cast(pa.int64()).to_pylist()
    first = good.column("ticket")[0].as_py()
    early = -62_135_596_800_000_000 - 86_400_000_000
    tickets = good.column("ticket").to_pylist()
    us = [early if t == first else u for t, u in zip(tickets, us, strict=True)]
    bad = good.set_column(1, "at", pa.array(us, pa.int64()).cast(good.column("at").type))
    if path == "vectorised":
        with pytest.raises(sc.HorizonError, match=rf"ticket '{first}': created outside years"):
            run(bad, path=path)
    else:
        with pytest.raises(InvalidValueError, match=r"at\[0\].*years 1-9999"):
            run(bad, path=path)
