"""User text never becomes a formula, Markdown structure, HTML or a terminal escape."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

import slacalc as sc
from slacalc._escape import csv_cell, markdown, terminal
from slacalc.agreements.agreements import SLA, Service, target_table
from slacalc.catalogue.model import Catalogue
from slacalc.measure import ReportingPeriod, TicketRecord, assess
from slacalc.measure.report import build_report, to_markdown

HOSTILE = "Email\n# Owned <script>alert(1)</script> *x* [a](b) | \x1b[31mred"


def test_csv_cells_that_a_spreadsheet_would_run_get_an_apostrophe() -> None:
    for text in ("=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx", '=HYPERLINK("http://x")'):
        assert csv_cell(text) == "'" + text
    for value in ("P1", "a=b", "", 3, -3, None, 1.5):
        assert csv_cell(value) == value


@given(st.text())
def test_markdown_is_one_line_without_tags_or_structure(text: str) -> None:
    out = markdown(text)
    assert "\n" not in out and "\r" not in out and "<" not in out and ">" not in out
    # every structural character is escaped (preceded by an odd run of backslashes)
    for m in re.finditer(r"[`*_\[\]|~]", out):
        run = len(out[: m.start()]) - len(out[: m.start()].rstrip("\\"))
        assert run % 2 == 1, (text, out)


@given(st.text())
def test_terminal_text_has_no_control_characters(text: str) -> None:
    out = terminal(text)
    assert not any(ord(c) < 32 or 0x7F <= ord(c) <= 0x9F for c in out)
    assert "\u202e" not in out


def test_report_markdown_escapes_names() -> None:
    office = sc.Calendar.weekly({"mon-fri": "09:00-17:00"}, tz="UTC")
    table = {"P2": {"response": "1h", "resolution": "4h"}}
    customer = "Finance\n## Injected <img src=x>"
    cat = Catalogue(
        calendars={"office": office},
        services=[Service("mail", HOSTILE)],
        slas=[
            SLA(
                id="mail-fin",
                service="mail",
                customer=customer,
                calendar=office,
                targets=target_table(office, table),
            )
        ],
    )
    start = datetime(2026, 11, 2, 9, tzinfo=UTC)
    record = TicketRecord(
        ticket="A",
        service="mail",
        customer=customer,
        priority="P2",
        metric="resolution",
        start=start,
        stop=start + timedelta(hours=1),
    )
    text = to_markdown(
        build_report(cat, list(assess([record], cat)), period=ReportingPeriod.parse("2026-11"))
    )
    headings = [line for line in text.splitlines() if line.startswith("#")]
    assert headings == [
        "# Service report, 2026-11",
        "## Finance ## Injected &lt;img src=x&gt;",
        "### Email # Owned &lt;script&gt;alert(1)&lt;/script&gt; \\*x\\* \\[a\\](b) \\| \\[31mred",
    ]
    assert "<" not in text and "\x1b" not in text


def test_catalogue_names_with_control_characters_are_refused() -> None:
    text = (
        '[calendars.office]\ntz = "UTC"\nhours = { mon-fri = "09:00-17:00" }\n'
        '[services.mail]\nname = "Email\\n# Owned"\n'
        '[services."crm\\u001b[2J"]\nname = "CRM"\n'
    )
    try:
        sc.loads(text, "bad.toml")
    except sc.CatalogueError as exc:
        message = str(exc)
    else:
        raise AssertionError("loaded")
    assert "services.mail.name: contains control character(s) U+000A" in message
    assert "U+001B" in message and "\x1b" not in message
