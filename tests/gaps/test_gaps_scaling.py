"""find_gaps with its indexes and caches equals the unindexed, uncached analysis.

The catalogue indexes chains and supporting agreements once, and the analysis
computes each coverage hole once per distinct pair of calendars. Here both are
defeated (lookups by scanning the whole catalogue, written out below, and a hole
cache that never keeps anything) and the findings must be identical, on a
generated catalogue with every kind of gap.
"""

from __future__ import annotations

import importlib.util
from datetime import date
from pathlib import Path
from typing import Any

import pytest

import slacalc as sc
from slacalc.catalogue.model import Catalogue
from slacalc.gaps import _context
from slacalc.gaps.findings import FindingKind

GEN = Path(__file__).parent.parent.parent / "benchmarks" / "gen_catalogue.py"


def _generate(n: int) -> str:
    spec = importlib.util.spec_from_file_location("gen_catalogue", GEN)
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    text: str = mod.generate(n, 7)
    return text


class _Forgetful(dict[Any, Any]):
    """A cache that keeps nothing: every hole is computed afresh."""

    def __setitem__(self, key: Any, value: Any) -> None:
        pass


def _scan_chain_for(self: Catalogue, sla_id: str, priority: str, metric: str) -> Any:
    for chain in self.chains:
        if (chain.sla, chain.metric) == (sla_id, metric) and (
            priority in self.chain_priorities(chain)
        ):
            return chain
    return None


def _scan_chains_for(self: Catalogue, sla_id: str) -> tuple[Any, ...]:
    return tuple(c for c in self.chains if c.sla == sla_id)


def _scan_supporting(self: Catalogue, sla_id: str) -> tuple[Any, ...]:
    return tuple(a for a in (*self.olas, *self.ucs) if sla_id in a.supports)


def test_findings_equal_the_unindexed_uncached_analysis(monkeypatch: pytest.MonkeyPatch) -> None:
    cat = sc.loads(_generate(24))
    as_of = date(2026, 11, 29)
    fast = sc.find_gaps(cat, as_of=as_of, horizon=3)
    kinds = {f.kind for f in fast}
    assert {
        FindingKind.CHAIN_OVERRUN,
        FindingKind.LOOSER_COMMITMENT,
        FindingKind.COVERAGE_HOLE,
        FindingKind.UNDOCUMENTED,
    } <= kinds
    monkeypatch.setattr(Catalogue, "chain_for", _scan_chain_for)
    monkeypatch.setattr(Catalogue, "chains_for", _scan_chains_for)
    monkeypatch.setattr(Catalogue, "supporting", _scan_supporting)
    real_init = _context._Context.__init__

    def forgetful_init(self: Any, *args: Any, **kwargs: Any) -> None:
        real_init(self, *args, **kwargs)
        self.hole_spans = _Forgetful()

    monkeypatch.setattr(_context._Context, "__init__", forgetful_init)
    slow = sc.find_gaps(cat, as_of=as_of, horizon=3)
    assert [repr(f) for f in slow] == [repr(f) for f in fast]
    assert len(fast) > 100


def test_lookups_equal_a_scan_of_the_catalogue() -> None:
    cat = sc.loads(_generate(24))
    for sla in cat.slas:
        assert cat.chains_for(sla.id) == _scan_chains_for(cat, sla.id)
        assert cat.supporting(sla.id) == _scan_supporting(cat, sla.id)
        for p in ("P1", "P2", "P3", "P4", "P5", "P9"):
            for m in ("response", "resolution", "other"):
                assert cat.chain_for(sla.id, p, m) is _scan_chain_for(cat, sla.id, p, m)
    assert cat.chains_for("nope") == cat.supporting("nope") == ()
