"""Catalogue inputs (issue 14): one way to write each thing, a BOM, shares."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

import slacalc as sc
from slacalc._validate import share
from slacalc.measure.assessment import _csat

EXAMPLE = Path(__file__).parents[2] / "examples" / "catalogue.toml"


def test_warnings_accept_percentages_as_the_cli_goal_does() -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    marked = text.replace(
        "[sla.email-finance]\n", '[sla.email-finance]\nwarnings = ["50%", 0.75]\n', 1
    )
    assert marked != text
    (got,) = [s for s in sc.loads(marked).slas if s.customer == "Finance" and s.service == "email"]
    assert list(got.warnings) == [0.5, 0.75]


def test_a_bom_before_a_catalogue_is_accepted() -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    assert repr(sc.loads("\ufeff" + text)) == repr(sc.loads(text))


def test_not_a_number_share_and_huge_csat_are_parse_errors() -> None:
    with pytest.raises(sc.ParseError):
        share(Decimal("NaN"))
    with pytest.raises(sc.ParseError):
        _csat("1e400")
