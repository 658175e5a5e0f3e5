"""The ``slacalc`` command line (entry point :func:`main`)."""

from slacalc.cli.main import main

__all__ = ["main"]
