"""The ``slacalc`` command line (entry point :func:`main`)."""

from slacalc.cli.app import main

__all__ = ["main"]
