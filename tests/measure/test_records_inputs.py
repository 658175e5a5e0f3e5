"""CSV records read strictly (issue 14): no row lost silently, a BOM accepted."""

from __future__ import annotations

import pytest

import slacalc as sc
from slacalc.measure.records import read_history

HEADER = "ticket,service,customer,priority,metric,start,stop,summary\n"


def _row(n: int, summary: str = "ok") -> str:
    return f"T{n},email,acme,P1,resolution,2026-01-05T09:00Z,2026-01-05T10:00Z,{summary}\n"


def test_an_unclosed_quote_in_free_text_is_an_error_at_its_line() -> None:
    rows = [_row(n) for n in range(1, 100)]
    rows[9] = _row(10, '"printer on fire')  # line 11 of the file: the quote never closes
    with pytest.raises(sc.RecordError) as info:
        read_history([HEADER, *rows], source="h.csv")
    assert isinstance(info.value, ValueError)
    (where, message), *_ = info.value.problems
    assert where == "line 11" and "unclosed quote" in message and "not read" in message


def test_the_same_file_well_formed_gives_every_row() -> None:
    rows = [_row(n) for n in range(1, 100)]
    rows[9] = _row(10, '"printer on fire"')
    assert len(read_history([HEADER, *rows])) == 99


def test_a_utf8_byte_order_mark_before_the_header_is_accepted() -> None:
    records = read_history(["\ufeff" + HEADER, _row(1)])
    assert [r.ticket for r in records] == ["T1"]


def test_a_field_over_the_csv_limit_is_a_record_error() -> None:
    with pytest.raises(sc.RecordError) as info:
        read_history([HEADER, _row(1, '"' + "x" * 131_073 + '"')])
    assert "line 2" in str(info.value) and "field" in str(info.value)
