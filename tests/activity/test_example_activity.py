"""examples/activity.csv: regenerated identically, and it tells the planted story."""

from __future__ import annotations

import importlib.util
import warnings
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

import slacalc as sc
from slacalc.activity import ActivityWarning, evaluate, read_activity, to_outcomes
from slacalc.measure import breaches_by_category

EXAMPLES = Path(__file__).parent.parent.parent / "examples"


def _generator() -> object:
    spec = importlib.util.spec_from_file_location("gen_activity", EXAMPLES / "gen_activity.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_seeded_script_regenerates_the_file_identically() -> None:
    gen = _generator()
    assert gen.text() == (EXAMPLES / "activity.csv").read_text(encoding="utf-8")  # type: ignore[attr-defined]


def test_the_breaches_point_at_the_supplier_behind_the_chain_gap() -> None:
    cat = sc.load(EXAMPLES / "catalogue.toml")
    log = read_activity(EXAMPLES / "activity.csv")
    assert 2500 <= len(log) <= 4000
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ActivityWarning)
        # the rules are the catalogue's [activity] section
        results = evaluate(log, cat, as_of=datetime(2026, 10, 15, tzinfo=UTC))
    # the structural gap: erp-finance P2 resolution overruns through Nimbus
    gaps = sc.find_gaps(cat, as_of=datetime(2026, 4, 1).date())
    assert any(
        (f.kind, f.sla, f.priority, f.metric)
        == ("chain overrun", "erp-finance", "P2", "resolution")
        for f in gaps
    )
    erp = [
        r
        for r in results
        if (r.agreement, r.metric, r.priority, r.state)
        == ("erp-finance", "resolution", "P2", "breached")
    ]
    assert len(erp) >= 50
    nimbus = "supplier:" + cat.agreement("nimbus").party
    for r in erp:
        assert r.category == "third party"  # the target ran out while Nimbus held the ticket
        assert dict(r.attribution)[nimbus] > timedelta(0)
    # Nimbus's own response clock (4h on Pune's hours) broke on many of them too
    assert sum("nimbus" in r.underpinning for r in erp) >= len(erp) // 4
    # and the report's categories: third party is where erp's breaches go
    cats = {b.name: b for b in breaches_by_category(to_outcomes(results))}
    assert Counter(o.record.service for o in cats["third party"].breaches)["erp"] >= len(erp)
