"""Shared test configuration: hypothesis profiles and the oracle-comparison tally."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable

import pytest
from hypothesis import HealthCheck, settings

settings.register_profile(
    "default",
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
# The developer's loop: HYPOTHESIS_PROFILE=dev pytest -m "not slow" (CI uses "default").
settings.register_profile(
    "dev",
    max_examples=10,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str]) -> Callable[..., tuple[int, str, str]]:
    """The ``slacalc`` command line in this process: ``run(*argv)`` gives the exit
    status, stdout and stderr (a test module may define its own ``run``)."""
    from slacalc.cli import app as cli

    def call(*argv: str) -> tuple[int, str, str]:
        code = cli.main(list(argv))
        out, err = capsys.readouterr()
        return code, out, err

    return call


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    strategies = sys.modules.get("strategies")
    tally = getattr(strategies, "COMPARISONS", None)
    if tally:
        total = sum(tally.values())
        terminalreporter.write_sep("-", f"oracle comparisons: {total}")
        for what, n in sorted(tally.items()):
            terminalreporter.write_line(f"  {what}: {n}")
