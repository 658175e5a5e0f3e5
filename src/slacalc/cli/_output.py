"""Writing the command line's output: tables, JSON, CSV, progress and error messages."""

from __future__ import annotations

import csv
import json
import sys
from typing import Any, TextIO

from slacalc._escape import csv_row, terminal
from slacalc.errors import ProblemsError, SlacalcError

__all__: list[str] = []

#: Files with at least this many tickets report progress on stderr.
PROGRESS_EVERY = 1000
#: The choices of ``--format`` for commands that print rows.
FORMATS = ("table", "json", "csv")


def emit(rows: list[dict[str, Any]], fmt: str, out: TextIO | None = None) -> None:
    """Rows as an aligned table, a JSON list or CSV with a header (nothing for no rows).

    CSV cells that a spreadsheet would run as a formula get a leading apostrophe
    (:func:`slacalc._escape.csv_cell`); table cells show control characters as
    escapes (:func:`slacalc._escape.terminal`). JSON is data and is left as it is.
    """
    out = sys.stdout if out is None else out
    if fmt == "json":
        json.dump(rows, out, indent=2, default=str)
        out.write("\n")
        return
    if not rows:
        return
    keys = list(rows[0])
    if fmt == "csv":
        writer = csv.DictWriter(out, fieldnames=keys, lineterminator="\n")
        writer.writeheader()
        writer.writerows(csv_row(r) for r in rows)
        return
    cells = [{k: terminal(str(r[k])) for k in keys} for r in rows]
    widths = {k: max(len(k), *(len(r[k]) for r in cells)) for k in keys}
    out.write("  ".join(k.ljust(widths[k]) for k in keys).rstrip() + "\n")
    for r in cells:
        out.write("  ".join(r[k].ljust(widths[k]) for k in keys).rstrip() + "\n")


def option(argument: str) -> str:
    """The command-line spelling of a library argument: ``as_of`` -> ``--as-of``."""
    return "--" + argument.replace("_", "-")


def error_text(error: SlacalcError) -> str:
    """An error's message, its problems naming the options rather than the arguments."""
    if isinstance(error, ProblemsError):
        return error.render(option)
    return str(error)


class Progress:
    """``slacalc: WHAT: N of TOTAL`` on a stream, ten times, for inputs of PROGRESS_EVERY+."""

    def __init__(self, total: int, what: str, enabled: bool, out: TextIO) -> None:
        self.total, self.what, self.out = total, what, out
        self.enabled = enabled and total >= PROGRESS_EVERY
        self.step = max(total // 10, 1)

    def tick(self, done: int) -> None:
        if self.enabled and (done % self.step == 0 or done == self.total):
            self.out.write(f"slacalc: {self.what}: {done} of {self.total}\n")
            self.out.flush()
