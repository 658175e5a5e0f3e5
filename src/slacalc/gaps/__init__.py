"""Structural gaps: promises the SLA -> OLA -> UC chain cannot keep, found before any ticket."""

from slacalc.gaps.analysis import find_gaps, parse_horizon
from slacalc.gaps.findings import Finding, FindingKind, Severity

__all__ = ["Finding", "FindingKind", "Severity", "find_gaps", "parse_horizon"]
