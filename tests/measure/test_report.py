"""The customer-language report: figures, Markdown, JSON, chart, and the example data."""

from __future__ import annotations

import importlib.util
import json
import sys
from datetime import UTC, datetime, timedelta
from fractions import Fraction
from pathlib import Path

import pytest

import slacalc as sc
from slacalc.agreements import SLA, Service, target_table
from slacalc.catalogue import Catalogue
from slacalc.measure import (
    Direction,
    Outage,
    ReportingPeriod,
    TicketRecord,
    assess,
)
from slacalc.measure import report as report_module
from slacalc.measure.records import read_history, read_outages
from slacalc.measure.report import (
    ChartUnavailableError,
    build_report,
    to_dict,
    to_markdown,
    write_chart,
)

ROOT = Path(__file__).parent.parent.parent
H = timedelta(hours=1)
OFFICE = sc.Calendar.weekly({"mon-fri": "09:00-17:00"}, tz="UTC")  # UTC
NOV = ReportingPeriod.parse("2026-11")


def _catalogue() -> Catalogue:
    def sla(id: str, service: str, customer: str) -> SLA:
        table = {"P2": {"response": "1h", "resolution": "4h"}}
        return SLA(
            id=id,
            service=service,
            customer=customer,
            calendar=OFFICE,
            targets=target_table(OFFICE, table),
        )

    return Catalogue(
        calendars={"office": OFFICE},
        services=[Service("mail", "Email"), Service("crm", "Customer database")],
        slas=[sla("mail-fin", "mail", "Finance"), sla("crm-sales", "crm", "Sales")],
    )


CAT = _catalogue()


def day(d: int, hour: float) -> datetime:
    """2 November 2026 is a Monday; day 0."""
    return datetime(2026, 11, 2, tzinfo=UTC) + timedelta(days=d, hours=hour)


def rec(ticket: str, start: datetime, hours: float, **kw: object) -> TicketRecord:
    fields: dict[str, object] = {
        "ticket": ticket,
        "service": "mail",
        "customer": "Finance",
        "priority": "P2",
        "metric": "resolution",
        "start": start,
        "stop": OFFICE.add(start, timedelta(hours=hours)),
    }
    fields.update(kw)
    return TicketRecord(**fields)  # type: ignore[arg-type]


def _outcomes() -> list[object]:
    records = [
        # November: 3 of 4 resolved on time (D took 5 h of a 4 h target, a capacity issue).
        rec("A", day(0, 9), 1, first_contact=True, csat=5),
        rec("A", day(0, 9), 0.5, metric="response"),
        rec("B", day(1, 9), 3, first_contact=False, csat=4),
        rec("C", day(2, 9), 2),
        rec("D", day(3, 9), 5, cause="capacity", csat=1),
        # September and October: every one on time.
        rec("S", day(-50, 9), 1),
        rec("O", day(-20, 9), 1),
    ]
    return list(assess(records, CAT))


OUTAGES = [
    # Nov 2 09:00-10:00 (1 h) and Nov 3 16:30-18:30 (30 min in hours): 1 h 30 m down.
    Outage(day(0, 9), day(0, 10), service="mail"),
    Outage(day(1, 16.5), day(1, 18.5), service="mail"),
    Outage(day(1, 9), day(1, 12), service="payroll"),  # another service
]


def test_report_figures() -> None:
    rep = build_report(
        CAT,
        _outcomes(),  # type: ignore[arg-type]
        OUTAGES,
        period=NOV,
        availability_target="99.5%",
        trend_months=3,
    )
    assert [c.customer for c in rep.customers] == ["Finance", "Sales"]
    (mail,) = rep.customers[0].lines
    # November 2026 has 21 weekdays: 168 agreed hours; 1.5 h down -> 166.5 / 168 = 333/336.
    assert mail.availability is not None
    assert (mail.availability.agreed, mail.availability.down) == (168 * H, 1.5 * H)
    assert mail.availability.share == Fraction(333, 336)
    assert mail.availability_target == Fraction(199, 200)
    r = mail.resolution
    assert (r.met, r.breached, r.rate) == (3, 1, Fraction(3, 4))
    assert (r.first_contact, r.csat) == (Fraction(1, 2), Fraction(10, 3))
    assert mail.response.met == 1
    # Trend Sep 100 %, Oct 100 %, Nov 75 %: slope -1/8 a month.
    assert [v for _, v in mail.trend.points] == [1, 1, Fraction(3, 4)]
    assert mail.trend.slope == Fraction(-1, 8) and mail.trend.direction is Direction.DECLINING
    assert [(c.name, c.count) for c in mail.causes] == [("capacity", 1)]
    assert mail.problems == ()
    (crm,) = rep.customers[1].lines
    assert crm.availability is not None and crm.availability.share == 1
    assert crm.resolution.rate is None


def test_markdown_says_it_in_customer_language() -> None:
    rep = build_report(
        CAT,
        _outcomes(),  # type: ignore[arg-type]
        OUTAGES,
        period=NOV,
        availability_target="99.5%",
        availability_targets={"crm": "99%"},
        trend_months=3,
    )
    text = to_markdown(rep)
    assert text.startswith("# Service report, 2026-11\n")
    # 333/336 = 99.1071...% is shown rounded down.
    assert (
        "- **Available 99.10%** of the agreed service hours (168h); target 99.50% **missed**; "
        "1h30m of interruption." in text
    )
    assert "- 3 of 4 requests (75.0%) were resolved on time; goal 95% **missed**." in text
    assert "- 1 of 1 requests (100.0%) were answered on time." in text
    assert "- 50% resolved at first contact; average satisfaction 3.3." in text
    assert "- Trend over 3 months (on-time resolution): declining (12.5 points a month)." in text
    assert "- Missed targets by cause: capacity (1)." in text
    assert "target 99.00% met" in text  # crm's own target
    assert "- No requests were resolved in the period." in text
    assert "## Sales" in text and "### Customer database" in text


def test_markdown_without_outage_log_says_nothing_of_availability() -> None:
    rep = build_report(CAT, _outcomes(), period=NOV, customers=["Sales"])  # type: ignore[arg-type]
    text = to_markdown(rep)
    assert "Available" not in text and "## Finance" not in text


def test_json_is_plain_data() -> None:
    rep = build_report(
        CAT,
        _outcomes(),  # type: ignore[arg-type]
        OUTAGES,
        period=NOV,
        availability_target=0.995,
        trend_months=3,
    )
    data = json.loads(json.dumps(to_dict(rep)))
    assert (data["period"], data["months"], data["goal"]) == ("2026-11", ["2026-11"], 0.95)
    mail = data["customers"][0]["services"][0]
    assert mail["availability"] == {
        "share": 333 / 336,
        "agreed_seconds": 168 * 3600.0,
        "down_seconds": 5400.0,
        "target": 0.995,
        "met": False,
    }
    assert mail["resolution"] == {
        "met": 3,
        "late": 1,
        "open": 0,
        "on_time": 0.75,
        "first_contact": 0.5,
        "csat": 10 / 3,
    }
    assert mail["trend"]["direction"] == "declining"
    assert mail["trend"]["months"][0] == {"month": "2026-09", "on_time": 1.0}
    assert mail["late_by_cause"] == {"capacity": 1}


def test_green_but_declining_is_called_out() -> None:
    # Four months above goal, falling: 100, 100, 100 then 96 % in November.
    records = [rec(f"T{m}{i}", day(-28 * m, 9), 1) for m in (1, 2, 3) for i in range(5)]
    records += [rec(f"N{i}", day(0, 9), 1) for i in range(24)]
    records += [rec("late", day(0, 9), 6, cause="process")]
    rep = build_report(CAT, assess(records, CAT), period=NOV, trend_months=4)
    line = rep.customers[0].lines[0]
    assert line.trend.green_but_declining
    assert "every month, but slipping" in to_markdown(rep)


def test_problem_candidates_appear() -> None:
    records = [rec(f"L{i}", day(i, 9), 6, cause="third party") for i in range(3)]
    rep = build_report(CAT, assess(records, CAT), period=NOV)
    (p,) = rep.customers[0].lines[0].problems
    assert p.tickets == ("L0", "L1", "L2")
    text = to_markdown(rep)
    assert "3 late requests between 2026-11-02 and 2026-11-04 share a pattern" in text
    assert to_dict(rep)["customers"][0]["services"][0]["problems"][0]["tickets"] == [
        "L0",
        "L1",
        "L2",
    ]


@pytest.mark.parametrize(
    ("kw", "error"),
    [
        ({"period": "2026-11"}, sc.ArgumentTypeError),
        ({"goal": "150%"}, sc.ParseError),
        ({"availability_targets": {"print": "99%"}}, sc.ParseError),
        ({"availability_targets": ["99%"]}, sc.ArgumentTypeError),
        ({"availability_target": "high"}, sc.ParseError),
        ({"trend_months": 2}, sc.ParseError),
        ({"trend_months": "6"}, sc.ArgumentTypeError),
        ({"customers": ["Marketing"]}, sc.ParseError),
    ],
)
def test_build_report_bad_input(kw: dict[str, object], error: type[Exception]) -> None:
    args: dict[str, object] = {"period": NOV} | kw
    with pytest.raises(error):
        build_report(CAT, [], **args)  # type: ignore[arg-type]


def test_build_report_refuses_non_catalogue_and_renderers_refuse_non_reports() -> None:
    with pytest.raises(sc.ArgumentTypeError):
        build_report("catalogue", [], period=NOV)  # type: ignore[arg-type]
    for render in (to_markdown, to_dict):
        with pytest.raises(sc.ArgumentTypeError):
            render("report")  # type: ignore[arg-type]
    with pytest.raises(sc.ArgumentTypeError):
        write_chart("report", "x.png")  # type: ignore[arg-type]


# --- chart --------------------------------------------------------------------------------


def _report() -> report_module.Report:
    return build_report(CAT, _outcomes(), OUTAGES, period=NOV)  # type: ignore[arg-type]


@pytest.mark.parametrize(("suffix", "magic"), [(".png", b"\x89PNG"), (".SVG", b"<svg")])
def test_chart_files(tmp_path: Path, suffix: str, magic: bytes) -> None:
    pytest.importorskip("matplotlib")
    path = write_chart(_report(), tmp_path / f"trend{suffix}")
    assert magic in path.read_bytes()[:2000]
    one = write_chart(_report(), tmp_path / "one.png", customer="Sales")
    assert one.stat().st_size > 0


def test_chart_without_matplotlib(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "matplotlib.figure", None)
    with pytest.raises(ChartUnavailableError, match="pip install matplotlib") as info:
        write_chart(_report(), tmp_path / "trend.png")
    assert isinstance(info.value, ImportError) and isinstance(info.value, sc.SlacalcError)
    assert not (tmp_path / "trend.png").exists()


def test_chart_bad_arguments(tmp_path: Path) -> None:
    with pytest.raises(sc.ParseError, match=r"\.png or \.svg"):
        write_chart(_report(), tmp_path / "trend.pdf")
    with pytest.raises(sc.ParseError, match="customer"):
        write_chart(_report(), tmp_path / "trend.png", customer="Marketing")


# --- the bundled example ------------------------------------------------------------------


def test_example_report_tells_its_stories() -> None:
    cat = sc.load(ROOT / "examples" / "catalogue.toml")
    with open(ROOT / "examples" / "history.csv", newline="", encoding="utf-8") as f:
        outcomes = assess(read_history(f), cat)
    with open(ROOT / "examples" / "outages.csv", newline="", encoding="utf-8") as f:
        outages = read_outages(f)
    rep = build_report(
        cat,
        outcomes,
        outages,
        period=ReportingPeriod.parse("2026-Q3"),
        availability_target="99.5%",
        availability_targets={"wms": "99.9%"},
    )
    lines = {line.sla: line for c in rep.customers for line in c.lines}
    assert lines["erp-finance"].trend.green_but_declining
    assert lines["wms-warehouse"].trend.direction is Direction.DECLINING
    assert not lines["wms-warehouse"].trend.green_but_declining  # already below goal
    wms = lines["wms-warehouse"].availability
    assert wms is not None and not wms.meets("99.9%")
    crm_problems = lines["crm-sales"].problems
    assert crm_problems and dict(crm_problems[0].causes) == {"third party": 7}
    # The two overlapping webshop rows count once: 23:10-01:20 is 2 h 10 m.
    webshop = lines["webshop-customer-services"].availability
    assert webshop is not None and webshop.down == timedelta(hours=2, minutes=10)
    # The Sunday 02:10 warehouse outage fell outside agreed hours.
    assert lines["network-warehouse"].availability is not None


def test_example_files_come_from_the_seeded_generator(tmp_path: Path) -> None:
    spec = importlib.util.spec_from_file_location(
        "gen_history", ROOT / "examples" / "gen_history.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.main(tmp_path)
    for name in ("history.csv", "outages.csv", "tickets.csv"):
        assert (tmp_path / name).read_bytes() == (ROOT / "examples" / name).read_bytes(), name
