"""``tables.evaluate`` gives one table whichever path computes it.

The vectorised clock (``path="vectorised"``) and the per-ticket engine
(``path="engine"``) are compared on random activity: ticket logs with status,
priority, comment and assignment-group changes, reopens, pending time and DST
calendars (the random logs of test_vclock.py, with reassignments added), every
column including the calendar, breach category and attribution per party.
"""

from __future__ import annotations

import warnings
from datetime import UTC, datetime, timedelta

import pytest

pytest.importorskip("numpy")
pa = pytest.importorskip("pyarrow")

from hypothesis import example, given  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

import slacalc as sc  # noqa: E402
from slacalc import tables  # noqa: E402
from slacalc.activity import ActivityRules  # noqa: E402
from test_vclock import CATALOGUE, PIVOTS, RULES, build  # noqa: E402
from test_vclock import ticket as plain_ticket  # noqa: E402

GROUPS = ("Service Desk", "Infra L2", "Apps", "")
# Without OLAs no team is mapped: parties are groups, "unassigned" and the customer
# (here while the status is New, which no policy pauses: the clock runs in it).
TEAMED = ActivityRules(customer_pending='status == "New"')
ALL_RULES = {**RULES, "teamed": TEAMED}


def reassigned(groups: tuple[str, ...], most: int) -> st.SearchStrategy[tuple]:
    """The random tickets of test_vclock.py with up to ``most`` moves between ``groups``."""
    return plain_ticket.flatmap(
        lambda t: st.lists(
            st.tuples(st.sampled_from((0, 5, 45, 600, 3000)), st.sampled_from(groups)),
            max_size=most,
        ).map(
            lambda moves: (
                *t[:5],
                sorted(
                    [*t[5], *((m, ("assignment_group", g)) for m, g in moves)],
                    key=lambda c: c[0],
                ),
            )
        )
    )


ticket = reassigned(GROUPS, 3)


def _both(
    table: object, rules: ActivityRules, as_of: datetime, cat: sc.Catalogue = CATALOGUE
) -> tuple[list, list]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        fast = tables.evaluate(table, cat, as_of=as_of, rules=rules, path="vectorised")
        slow = tables.evaluate(table, cat, as_of=as_of, rules=rules, path="engine")
    assert fast.schema == slow.schema
    return fast.to_pylist(), slow.to_pylist()


@given(
    st.lists(ticket, min_size=1, max_size=6),
    st.sampled_from(sorted(ALL_RULES)),
    st.sampled_from((timedelta(days=2), timedelta(days=40))),
)
def test_vectorised_equals_engine(spec: list[tuple], rules: str, after: timedelta) -> None:
    _, table = build(spec)
    as_of = min(PIVOTS) + after if rules == "resume" else max(PIVOTS) + after
    fast, slow = _both(table, ALL_RULES[rules], as_of)
    assert fast == slow


def one_ticket(rows: list[tuple[str, datetime, str]]) -> object:
    """INC-1's rows ``(field, at, value)`` as an activity table, instants in London."""
    return pa.table(
        {
            "ticket": ["INC-1"] * len(rows),
            "at": pa.array([r[1] for r in rows], pa.timestamp("us", tz="Europe/London")),
            "field": [r[0] for r in rows],
            "value": [r[2] for r in rows],
        }
    )


def test_golden_attribution_and_zone() -> None:
    # INC-1, Finance (UK office 09:00-17:00, P2 resolution 8h), Monday 2 March 2026:
    # created 09:00, Open, with the service desk; Infra L2 from 10:00; On hold
    # (paused) 12:00-13:00; back with the desk 13:00; resolved 16:00. Running time
    # 6h: the desk 1h + 3h, Infra L2 2h; paused 1h. Deadline: 8h + the 1h pause from
    # 09:00 runs past 17:00 by 1h, so 10:00 on Tuesday; met.
    t0 = datetime(2026, 3, 2, 9, tzinfo=UTC)
    h = timedelta(hours=1)
    rows = [
        ("created", t0, ""),
        ("status", t0, "Open"),
        ("priority", t0, "P2"),
        ("service", t0, "email"),
        ("customer", t0, "Finance"),
        ("assignment_group", t0, "Service Desk"),
        ("assignment_group", t0 + h, "Infra L2"),
        ("status", t0 + 3 * h, "On hold"),
        ("status", t0 + 4 * h, "Open"),
        ("assignment_group", t0 + 4 * h, "Service Desk"),
        ("status", t0 + 7 * h, "Resolved"),
    ]
    table = one_ticket(rows)
    fast, slow = _both(table, TEAMED, t0 + 30 * h)
    resolution = [r for r in fast if r["metric"] == "resolution"]
    assert fast == slow and len(resolution) == 1
    (r,) = resolution
    assert (r["state"], r["elapsed"], r["paused"]) == ("met", 6 * h, h)
    assert r["deadline"] == datetime(2026, 3, 3, 10, tzinfo=UTC) and r["calendar"] is None
    assert r["attribution"] == [
        {"party": "group:Service Desk", "time": 4 * h},
        {"party": "group:Infra L2", "time": 2 * h},
    ]
    assert str(r["start"].tzinfo) == "Europe/London" and r["start"].hour == 9  # GMT in March


def _ola_uc_catalogue() -> sc.Catalogue:
    from test_vclock import ALWAYS, NY, UK

    def t(cal: sc.Calendar, rows: dict[str, dict[str, timedelta]]) -> object:
        return sc.target_table(cal, rows)

    h = timedelta(hours=1)
    return sc.Catalogue(
        services=CATALOGUE.services,
        slas=CATALOGUE.slas,
        olas=[
            sc.OLA(
                id="desk",
                team="Desk",
                calendar=UK,
                supports=["uk", "ny"],
                targets=t(
                    UK,
                    {
                        "P1": {"response": h / 4, "resolution": 2 * h},
                        "P2": {"resolution": 4 * h},
                    },
                ),
            ),
            sc.OLA(
                id="infra",
                team="Infra",
                calendar=ALWAYS,
                supports=["uk"],
                targets=t(ALWAYS, {"P1": {"resolution": h}, "P3": {"resolution": 0 * h}}),
            ),
        ],
        ucs=[
            sc.UC(
                id="mail",
                supplier="MailCo",
                calendar=NY,
                supports=["uk", "ny"],
                targets=t(NY, {"P1": {"resolution": 3 * h}, "P2": {"response": h}}),
            ),
            sc.UC(  # a second supplier on the same condition: the first UC wins
                id="relay",
                supplier="RelayCo",
                calendar=ALWAYS,
                supports=["ny"],
                targets=t(ALWAYS, {"P1": {"resolution": 2 * h}}),
            ),
        ],
    )


#: Two groups in one team (one party), a supplier while the ticket is with its group
#: (a second UC on an overlapping condition: the first UC of the catalogue wins), the
#: customer pending.
OLA_UC_RULES = ActivityRules(
    teams={"Desk": ["Service Desk", "Desk L2"], "Infra": ["Infra L2"]},
    suppliers={
        "mail": 'assignment_group == "Apps"',
        "relay": 'assignment_group == "Apps" or status == "On hold"',
    },
    customer_pending='status == "Pending customer"',
)
ticket_ola_uc = reassigned(("Service Desk", "Desk L2", "Infra L2", "Apps", ""), 4)


@given(
    st.lists(ticket_ola_uc, min_size=1, max_size=6),
    st.sampled_from((timedelta(days=2), timedelta(days=40))),
)
def test_ola_and_uc_clocks_equal_the_engine(spec: list[tuple], after: timedelta) -> None:
    # Every row of every kind: OLA clocks while the team holds the ticket, UC clocks
    # while it waits on the supplier, the SLA's underpinning and breach categories.
    _, table = build(spec)
    fast, slow = _both(table, OLA_UC_RULES, max(PIVOTS) + after, _ola_uc_catalogue())
    assert fast == slow


def test_ola_and_uc_golden() -> None:
    # Finance P1 (UK 09:00-17:00, resolution 4h) on Monday 2 March 2026 (GMT): created
    # 09:00 with the Service Desk; Infra L2 10:00-12:00; Apps (MailCo's) 12:00-15:00;
    # Desk L2 (the desk again) 15:00; resolved 16:00. SLA: 7h running, breached at
    # 13:00 while MailCo held it: third party. Desk OLA resolution (2h of the desk's
    # time): 09:00-10:00 cycle 1 (stopped when the ticket left), 15:00-16:00 cycle 2,
    # both met; its response (15m) breached in both. Infra OLA 1h around the clock:
    # 10:00-12:00, breached at 11:00. MailCo UC 3h on the New York night shift
    # 22:00-06:00: 12:00-15:00 GMT is 07:00-10:00 in New York, none of it covered:
    # met. The SLA's underpinning: the desk and Infra, in the clocks' order.
    t0 = datetime(2026, 3, 2, 9, tzinfo=UTC)
    h = timedelta(hours=1)
    rows = [
        ("created", t0, ""),
        ("service", t0, "email"),
        ("customer", t0, "Finance"),
        ("priority", t0, "P1"),
        ("status", t0, "Open"),
        ("assignment_group", t0, "Service Desk"),
        ("assignment_group", t0 + h, "Infra L2"),
        ("assignment_group", t0 + 3 * h, "Apps"),
        ("assignment_group", t0 + 6 * h, "Desk L2"),
        ("status", t0 + 7 * h, "Resolved"),
    ]
    table = one_ticket(rows)
    fast, slow = _both(table, OLA_UC_RULES, t0 + 30 * h, _ola_uc_catalogue())
    assert fast == slow
    got = {(r["kind"], r["agreement"], r["metric"], r["cycle"]): r for r in fast}
    sla = got[("SLA", "uk", "resolution", 1)]
    assert (sla["state"], sla["elapsed"], sla["breach"]) == ("breached", 7 * h, t0 + 4 * h)
    assert sla["category"] == "third party"
    assert sla["underpinning"] == ["desk", "infra"]
    assert [(p["party"], p["time"]) for p in sla["attribution"]] == [
        ("team:Desk", 2 * h),
        ("team:Infra", 2 * h),
        ("supplier:MailCo", 3 * h),
    ]
    desk = [got[("OLA", "desk", "resolution", n)] for n in (1, 2)]
    assert [(r["state"], r["elapsed"]) for r in desk] == [("met", h), ("met", h)]
    infra = got[("OLA", "infra", "resolution", 1)]
    assert (infra["state"], infra["breach"]) == ("breached", t0 + 2 * h)
    mail = got[("UC", "mail", "resolution", 1)]
    assert (mail["state"], mail["elapsed"]) == ("met", 0 * h)
    desk_response = [got[("OLA", "desk", "response", n)] for n in (1, 2)]
    assert [r["breach"] for r in desk_response] == [t0 + h / 4, t0 + 6.25 * h]
    assert ("UC", "relay", "resolution", 1) not in got  # relay supports the ny SLA only


def test_what_the_vectorised_path_refuses() -> None:
    _, table = build([(PIVOTS[0], 0, "Finance", "P1", "New", [])])
    as_of = PIVOTS[0] + timedelta(days=2)
    with pytest.raises(sc.InvalidValueError, match="'auto', 'vectorised' or 'engine'"):
        tables.evaluate(table, CATALOGUE, as_of=as_of, path="fast")


def example_table() -> object:
    """examples/activity.csv as an Arrow table, ``at`` in Europe/London."""
    import csv
    from pathlib import Path

    root = Path(__file__).parent.parent.parent
    with (root / "examples" / "activity.csv").open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    return pa.table(
        {
            "ticket": [r["ticket"] for r in rows],
            "at": pa.array(
                [datetime.fromisoformat(r["at"]) for r in rows],
                pa.timestamp("us", tz="Europe/London"),
            ),
            "field": [r["field"] for r in rows],
            "value": [r["value"] for r in rows],
        }
    )


def test_the_example_history_row_for_row() -> None:
    # examples/activity.csv on the example catalogue's SLAs alone (about 6,000 SLA
    # cycles), then on the whole catalogue with its [activity] rules (OLAs, UCs,
    # underpinning, categories: 19,825 rows): every column equal.
    from pathlib import Path

    root = Path(__file__).parent.parent.parent
    cat = sc.load(root / "examples" / "catalogue.toml")
    slim = sc.Catalogue(
        services=cat.services, slas=cat.slas, priorities=cat.priorities, calendars=cat.calendars
    )
    assert cat.activity is not None
    rules = ActivityRules(
        policies={k: v for k, v in cat.activity.policies.items() if k[0] == "sla"}
    )
    table = example_table()
    fast, slow = _both(table, rules, datetime(2026, 10, 15, tzinfo=UTC), slim)
    assert len(fast) > 5000 and fast == slow
    assert any(r["attribution"] for r in fast) and any(r["category"] for r in fast)
    fast, slow = _both(table, cat.activity, datetime(2026, 10, 15, tzinfo=UTC), cat)
    assert len(fast) == 19825 and fast == slow
    kinds = {r["kind"] for r in fast}
    assert kinds == {"SLA", "OLA", "UC"}
    assert any(r["underpinning"] for r in fast)
    assert {r["category"] for r in fast} >= {"third party", "process"}


def test_versioned_agreements_take_the_engine() -> None:
    from slacalc.agreements import AgreementVersion, target_table

    uk = CATALOGUE.slas[0]
    tighter = {"P1": {"resolution": timedelta(hours=2)}, "P2": {"resolution": timedelta(hours=4)}}
    versioned = sc.Catalogue(
        services=CATALOGUE.services,
        slas=[
            sc.SLA(
                id=uk.id,
                service=uk.service,
                customer=uk.customer,
                calendar=uk.calendar,
                targets=uk.targets,
                versions=(AgreementVersion(PIVOTS[0], target_table(uk.calendar, tighter)),),
            ),
            CATALOGUE.slas[1],
        ],
    )
    _, table = build([(PIVOTS[0], 60, "Finance", "P1", "New", [(600, ("status", "Resolved"))])])
    as_of = PIVOTS[0] + timedelta(days=3)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with pytest.raises(tables.VClockUnsupported, match="versioned"):
            tables.evaluate(table, versioned, as_of=as_of, path="vectorised")
        auto = tables.evaluate(table, versioned, as_of=as_of).to_pylist()
        engine = tables.evaluate(table, versioned, as_of=as_of, path="engine").to_pylist()
    assert auto == engine and {r["target"] for r in auto if r["metric"] == "resolution"} == {
        timedelta(hours=2)
    }


def test_renew_policies_take_the_engine() -> None:
    # A periodic-update rule on resolution: every public reply judges the allowance
    # so far and opens the next; the vectorised clock does not model it.
    from slacalc.activity import ClockPolicy

    renewing = ActivityRules(
        policies={
            ("sla", "resolution"): ClockPolicy(
                stop='status == "Resolved"', renew='comment == "public-reply"'
            )
        }
    )
    spec = [(60, ("comment", "public-reply")), (600, ("comment", "public-reply"))]
    _, table = build([(PIVOTS[0], 0, "Finance", "P1", "New", spec)])
    as_of = PIVOTS[0] + timedelta(days=3)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with pytest.raises(tables.VClockUnsupported, match="renew"):
            tables.evaluate(table, CATALOGUE, as_of=as_of, rules=renewing, path="vectorised")
        auto = tables.evaluate(table, CATALOGUE, as_of=as_of, rules=renewing).to_pylist()
        engine = tables.evaluate(
            table, CATALOGUE, as_of=as_of, rules=renewing, path="engine"
        ).to_pylist()
    assert auto == engine
    assert [r["cycle"] for r in auto if r["metric"] == "resolution"] == [1, 2, 3]


def test_an_event_start_fires_at_the_instant_after_it_held() -> None:
    # A note and a reply in one save at 60 min (the running cycle stops there), a note at
    # 90 min: a new cycle, though the start also held at the instant before; replied at 120.
    spec = [
        (60, ("comment", "internal-note")),
        (0, ("comment", "public-reply")),
        (30, ("comment", "internal-note")),
        (30, ("comment", "public-reply")),
    ]
    _, table = build([(PIVOTS[0], 0, "Finance", "P1", "New", spec)])
    as_of = PIVOTS[0] + timedelta(days=3)
    fast, slow = _both(table, RULES["events"], as_of)
    response = [r for r in fast if r["metric"] == "response"]
    assert fast == slow
    assert [(r["cycle"], r["start"] - PIVOTS[0]) for r in response] == [
        (1, timedelta(0)),
        (2, timedelta(minutes=90)),
    ]


def test_unmatched_tickets_skipped_alike_on_both_paths() -> None:
    spec = [
        (PIVOTS[0], 0, "Finance", "P1", "New", [(60, ("status", "Resolved"))]),
        (PIVOTS[0], 5, "Nobody", "P1", "New", [(60, ("status", "Resolved"))]),
    ]
    _, table = build(spec)
    as_of = PIVOTS[0] + timedelta(days=3)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        fast = tables.evaluate(
            table, CATALOGUE, as_of=as_of, path="vectorised", unmatched="skip"
        ).to_pylist()
        slow = tables.evaluate(
            table, CATALOGUE, as_of=as_of, path="engine", unmatched="skip"
        ).to_pylist()
        with pytest.raises(sc.RecordError, match="no SLA for customer 'Nobody'"):
            tables.evaluate(table, CATALOGUE, as_of=as_of)  # auto: the engine's error
    assert fast == slow and fast and {r["ticket"] for r in fast} == {"T0"}


@given(st.lists(ticket_ola_uc, min_size=2, max_size=6))
def test_rows_interleaved_across_tickets(spec: list[tuple]) -> None:
    # The rows of all tickets ordered by instant (stably: a ticket's changes at one
    # instant keep their order), so tickets interleave: the vectorised clock sorts
    # them (the grouped fast path does not apply) and still equals the engine.
    import pyarrow.compute as pc

    _, table = build(spec)
    at = table.column("at").cast(pa.int64())
    table = table.take(pc.sort_indices(pa.table({"at": at}), [("at", "ascending")]))
    fast, slow = _both(table, OLA_UC_RULES, max(PIVOTS) + timedelta(days=40), _ola_uc_catalogue())
    assert fast == slow


def test_a_versioned_ola_takes_the_engine() -> None:
    # The OLA's targets change on 1 March 2026: its cycles are judged by the version in
    # force when each started, which only the engine does.
    from slacalc.agreements import AgreementVersion

    cat = _ola_uc_catalogue()
    desk = cat.olas[0]
    tighter = sc.target_table(desk.calendar, {"P1": {"resolution": timedelta(minutes=30)}})
    versioned = sc.Catalogue(
        services=cat.services,
        slas=cat.slas,
        olas=[
            sc.OLA(
                id=desk.id,
                team=desk.team,
                calendar=desk.calendar,
                supports=desk.supports,
                targets=desk.targets,
                versions=(AgreementVersion(datetime(2026, 3, 1, tzinfo=UTC), tighter),),
            ),
            *cat.olas[1:],
        ],
        ucs=cat.ucs,
    )
    _, table = build([(PIVOTS[0], 60, "Finance", "P1", "New", [(600, ("status", "Resolved"))])])
    as_of = PIVOTS[0] + timedelta(days=3)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with pytest.raises(tables.VClockUnsupported, match="versioned"):
            tables.evaluate(table, versioned, as_of=as_of, rules=OLA_UC_RULES, path="vectorised")
        auto = tables.evaluate(table, versioned, as_of=as_of, rules=OLA_UC_RULES).to_pylist()
        engine = tables.evaluate(
            table, versioned, as_of=as_of, rules=OLA_UC_RULES, path="engine"
        ).to_pylist()
    assert auto == engine


def test_input_the_vectorised_path_cannot_read_gets_the_engines_errors() -> None:
    _, table = build([(PIVOTS[0], 0, "Finance", "P1", "New", [(60, ("status", "Resolved"))])])
    as_of = PIVOTS[0] + timedelta(days=3)
    # Numeric ticket ids (what pandas.read_csv makes of them): the engine's message.
    numbers = table.set_column(0, "ticket", pa.array([7] * table.num_rows))
    with pytest.raises(tables.VClockUnsupported, match="'ticket' must be a text column"):
        tables.evaluate(numbers, CATALOGUE, as_of=as_of, path="vectorised")
    with pytest.raises(sc.RecordError, match=r"rows\[0\]\.ticket: 7 is not text"):
        tables.evaluate(numbers, CATALOGUE, as_of=as_of)
    # Instants finer than a microsecond: refused as the engine refuses them.
    ns = table.column("at").cast(pa.timestamp("ns", tz="Europe/London"))
    import pyarrow.compute as pc

    ns = pa.chunked_array([pc.add(ns.combine_chunks(), pa.scalar(1, pa.duration("ns")))])
    fine = table.set_column(1, "at", ns)
    with pytest.raises(tables.VClockUnsupported, match="cannot be read"):
        tables.evaluate(fine, CATALOGUE, as_of=as_of, path="vectorised")
    with pytest.raises(sc.SlacalcError):
        tables.evaluate(fine, CATALOGUE, as_of=as_of)
    # A ticket no SLA covers: the same RecordError, naming it, on both paths.
    _, nobody = build([(PIVOTS[0], 0, "Nobody", "P1", "New", [])])
    for path in ("vectorised", "engine"):
        with pytest.raises(sc.RecordError, match=r"ticket 'T0'.*no SLA for customer 'Nobody'"):
            tables.evaluate(nobody, CATALOGUE, as_of=as_of, path=path)


@given(st.lists(ticket_ola_uc, min_size=1, max_size=6))
def test_the_missing_target_warnings_are_the_engines(spec: list[tuple]) -> None:
    # Priorities without a target (P9, and P2/P3 for some OLA and UC metrics): the
    # vectorised path gives the engine's warning, with the same counts.
    _, table = build(spec)
    as_of = max(PIVOTS) + timedelta(days=40)
    said = {}
    for path in ("vectorised", "engine"):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            tables.evaluate(table, _ola_uc_catalogue(), as_of=as_of, rules=OLA_UC_RULES, path=path)
        said[path] = sorted(str(w.message) for w in caught if "sets no" in str(w.message))
    assert said["vectorised"] == said["engine"]


def test_names_the_reader_trims_take_the_engine() -> None:
    # The engine's reader trims ids and field names ('status ' is the status field);
    # the vectorised clock reads the columns as they are, so it leaves them to it.
    _, table = build([(PIVOTS[0], 0, "Finance", "P1", "New", [(60, ("status", "Resolved"))])])
    import pyarrow.compute as pc

    for column, padded in (("field", "status "), ("ticket", " T0")):
        col = table.column(column)
        if column == "field":
            col = pc.if_else(pc.equal(col, "status"), padded, col)
        else:
            col = pc.binary_join_element_wise(" ", col, "")
        changed = table.set_column(table.column_names.index(column), column, col)
        as_of = max(PIVOTS) + timedelta(days=2)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            with pytest.raises(tables.VClockUnsupported, match="spaces"):
                tables.evaluate(changed, CATALOGUE, as_of=as_of, path="vectorised")
            auto = tables.evaluate(changed, CATALOGUE, as_of=as_of)
            engine = tables.evaluate(changed, CATALOGUE, as_of=as_of, path="engine")
        assert auto.equals(engine)
        assert engine.column("ticket").to_pylist()[0] == "T0"


def test_the_whitespace_class_is_pythons() -> None:
    # _SPACE must match exactly the characters str.strip() removes.
    import pyarrow as pa
    import pyarrow.compute as pc

    from slacalc.tables._vclock import _SPACE

    chars = [chr(c) for c in range(0x3001)] + ["\u3000", "\ufeff", "\U0001f600"]
    chars = [c for c in chars if not 0xD800 <= ord(c) <= 0xDFFF]
    hit = pc.match_substring_regex(pa.array(chars), f"^{_SPACE}$").to_pylist()
    assert [c for c, h in zip(chars, hit, strict=True) if h] == [c for c in chars if not c.strip()]


def test_the_ascii_bytes_are_pythons_whitespace() -> None:
    from slacalc.tables._vclock import _ASCII_SPACE

    assert [c for c in range(128) if _ASCII_SPACE[c]] == [
        c for c in range(128) if not chr(c).strip()
    ]
    assert not any(_ASCII_SPACE[128:])


@given(
    st.lists(st.text(st.sampled_from("ab \t\x1c\x1f\x85é\u3000\u2028"), max_size=4), max_size=12),
    st.integers(0, 12),
    st.booleans(),
)
@example([" a", "b"], 1, False)  # the slice cuts off the only space
@example([" a", "b"], 1, True)
def test_untrimmed_is_strip(words: list[str], start: int, large: bool) -> None:
    # The ASCII path (first and last bytes) and the regex path against str.strip(), on
    # arrays sliced anywhere (an offset into the buffers), text and large text.
    import pyarrow as pa
    import pyarrow.compute as pc

    from slacalc.tables._vclock import _untrimmed

    array = pa.array(words, pa.large_string() if large else pa.string()).slice(start)
    kept = words[start:]
    assert _untrimmed(pc, array) == any(not w or w != w.strip() for w in kept)


def test_untrimmed_reads_only_the_offsets_its_array_needs() -> None:
    # An offsets buffer longer than the array's (valid Arrow, as foreign arrays are).
    import pyarrow as pa
    import pyarrow.compute as pc

    from slacalc.tables._vclock import _untrimmed

    offsets = pa.py_buffer(bytes([0, 0, 0, 0, 2, 0, 0, 0, 4, 0, 0, 0, 9, 9]))
    array = pa.Array.from_buffers(pa.string(), 2, [None, offsets, pa.py_buffer(b"abc ")])
    array.validate(full=True)
    assert array.to_pylist() == ["ab", "c "]
    assert _untrimmed(pc, array) and not _untrimmed(pc, array.slice(0, 1))
