"""Compatibility path for :mod:`slacalc.measure.report`, where these names live (same objects)."""

from slacalc.measure.report import (
    ChartUnavailableError,
    CustomerReport,
    Report,
    ServiceLine,
    build_report,
    to_dict,
    to_markdown,
    write_chart,
)

__all__ = [
    "ChartUnavailableError",
    "CustomerReport",
    "Report",
    "ServiceLine",
    "build_report",
    "to_dict",
    "to_markdown",
    "write_chart",
]
