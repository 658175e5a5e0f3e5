"""The command-line tests' shared fixture: ``run(*argv)`` calls ``slacalc``'s ``main`` and
gives its exit code, stdout and stderr."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from slacalc.cli import app as cli


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str]) -> Callable[..., tuple[int, str, str]]:
    """``main``, its output captured."""

    def call(*argv: str) -> tuple[int, str, str]:
        code = cli.main(list(argv))
        out, err = capsys.readouterr()
        return code, out, err

    return call
