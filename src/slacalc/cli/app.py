"""The ``slacalc`` command line: :func:`main` and the list of its commands.

Human tables by default, ``--format json`` or ``--format csv`` for machines::

    slacalc deadline --tz Europe/London --hours mon-fri=09:00-17:30 --holidays GB-ENG \\
        --start 2026-12-24T16:00:00+00:00 --duration 4h

Each command is a module of this package with ``register(sub)`` (its parser, whose
``handler`` default is the module's ``run``). A new command is a new module and
one entry in :data:`COMMANDS`.
"""

from __future__ import annotations

import argparse
import sys
import warnings
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from slacalc._escape import terminal
from slacalc.cli import deadline, elapsed, evaluate, gaps, reconcile, report, timers
from slacalc.cli._output import error_text
from slacalc.errors import SlacalcError

__all__ = ["COMMANDS", "main"]

Handler = Callable[[argparse.Namespace], int]

#: Exit statuses (docs/gaps.md): 1 is ``gaps``' "findings", so no failure uses it.
EXIT_FINDINGS, EXIT_BAD_INPUT, EXIT_INTERNAL, EXIT_OUT_OF_MEMORY = 1, 2, 3, 4
EXIT_INTERRUPTED = 130

#: Every command's ``register``, in the order ``slacalc --help`` lists them.
COMMANDS: tuple[Callable[[Any], None], ...] = (
    deadline.register,
    elapsed.register,
    gaps.register,
    timers.register,
    report.register,
    reconcile.register,
    evaluate.register,
)


def parser() -> argparse.ArgumentParser:
    """The argument parser with every command of :data:`COMMANDS`."""
    top = argparse.ArgumentParser(
        prog="slacalc",
        description="Exact business-time maths and SLA -> OLA -> UC gap analysis.",
    )
    sub = top.add_subparsers(dest="command", required=True)
    for register in COMMANDS:
        register(sub)
    return top


#: Options whose value may be negative (``--duration -4h``): argparse would read the
#: value as an option, so it is joined to its flag (``--duration=-4h``) first.
_SIGNED = ("--duration",)


def _negative_values(argv: Sequence[str]) -> list[str]:
    out: list[str] = []
    it = iter(argv)
    for arg in it:
        if arg in _SIGNED:
            value = next(it, None)
            if value is not None and value.startswith("-") and value[1:2].isalnum():
                out.append(f"{arg}={value}")
                continue
            out.append(arg)
            if value is not None:
                out.append(value)
            continue
        out.append(arg)
    return out


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status.

    0: done (``gaps``: no finding at or above ``--min-severity``); 1: ``gaps`` found
    some; 2: bad input (the message says what and where); 3: an internal error (a
    defect in slacalc: please report it); 4: out of memory; 130: interrupted. A
    failure never exits 1, so a CI guard never mistakes it for findings.

    >>> main(["elapsed", "--start", "2026-01-05T09:00Z", "--end", "2026-01-05T10:30Z",
    ...       "--format", "csv"])
    start,end,elapsed,seconds
    2026-01-05T09:00:00+00:00,2026-01-05T10:30:00+00:00,1h30m,5400
    0
    """
    args = parser().parse_args(_negative_values(sys.argv[1:] if argv is None else argv))
    handler: Handler = args.handler
    with warnings.catch_warnings():  # the process's own: the command line owns it
        warnings.simplefilter("default")
        warnings.showwarning = _warning_line(set())
        return _run(handler, args)


def _warning_line(seen: set[str]) -> Callable[..., None]:
    """Each distinct warning (slacalc's or a library's, e.g. holiday data that
    ends) as one ``slacalc: warning:`` line on stderr, never a source location."""

    def show(message: Warning | str, category: Any, filename: str, *_: Any, **__: Any) -> None:
        text = terminal(str(message))
        if "holidays" in Path(filename).parts:
            text = f"holiday data: {text} Holidays outside those years are missing (working days)."
        if text not in seen:
            seen.add(text)
            print(f"slacalc: warning: {text}", file=sys.stderr)

    return show


def _run(handler: Handler, args: argparse.Namespace) -> int:
    try:
        return handler(args)
    except SlacalcError as exc:
        print(f"slacalc: error: {error_text(exc)}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except BrokenPipeError:  # e.g. `slacalc gaps ... | head`: the reader left
        sys.stderr.close()
        return 0
    except OSError as exc:
        print(f"slacalc: error: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except MemoryError:
        print(
            "slacalc: out of memory (a smaller input, a shorter --horizon or more memory)",
            file=sys.stderr,
        )
        return EXIT_OUT_OF_MEMORY
    except KeyboardInterrupt:
        print("slacalc: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except Exception as exc:  # never a bare traceback, never the "findings" status
        print(f"slacalc: internal error: {type(exc).__name__}: {exc}", file=sys.stderr)
        return EXIT_INTERNAL
