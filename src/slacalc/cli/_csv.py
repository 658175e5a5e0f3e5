"""``slacalc evaluate``'s CSV for the vectorised clock's table, built with Arrow compute.

:func:`csv_lines` gives the bytes that writing :func:`slacalc.cli._rows.row` of
every outcome through :func:`slacalc._escape.csv_row` and ``csv.DictWriter``
(``\\n`` line ends) gives, without a Python object per cell: text a spreadsheet
would run as a formula behind ``'``, then the csv module's quoting (the
characters it quotes for are found by asking it), each distinct duration and
number of seconds formatted once. tests/cli/test_cli_evaluate_parquet.py checks it
against the engine's rows byte for byte.
"""

from __future__ import annotations

import csv
import io
from datetime import timedelta
from typing import Any

from slacalc._escape import CSV_TRIGGERS
from slacalc.cli._rows import table_columns
from slacalc.durations import format_duration, seconds

__all__ = ["CSV_KEYS", "csv_lines", "escape"]

#: The CSV's columns, in :func:`slacalc.cli._rows.row`'s order for CSV.
CSV_KEYS = (
    "ticket", "kind", "agreement", "metric", "cycle", "state", "priority", "target",
    "version", "start", "deadline", "stop", "elapsed", "paused", "breach", "percentage",
    "category", "underpinning", "attribution", "elapsed_seconds", "paused_seconds",
    "seconds_by_party",
)  # fmt: skip


def _quoted_by_csv() -> str:
    """The characters for which this Python's csv module (the excel dialect, ``\\n``
    line ends, minimal quoting) quotes a cell, as an RE2 character class."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    found = []
    for c in (",", '"', "\n", "\r", "\t", " ", "'", ";", "=", "\x00"):
        out.seek(0)
        out.truncate()
        writer.writerow([f"a{c}b", "x"])
        if out.getvalue().startswith('"'):
            found.append(c)
    return _class(found)


def _class(chars: Any) -> str:
    return "[" + "".join(f"\\x{{{ord(c):x}}}" for c in chars) + "]"


_QUOTED = _quoted_by_csv()
_FORMULA = "^" + _class(CSV_TRIGGERS)


def escape(pc: Any, text: Any) -> Any:
    """A text column's CSV cells: a formula behind ``'``, a cell with a delimiter,
    quote or line end quoted (its quotes doubled), a null empty."""
    formula = pc.match_substring_regex(text, _FORMULA)
    text = pc.if_else(formula, pc.binary_join_element_wise("'", text, ""), text)
    quote = pc.match_substring_regex(text, _QUOTED)
    doubled = pc.replace_substring(text, '"', '""')
    text = pc.if_else(quote, pc.binary_join_element_wise('"', doubled, '"', ""), text)
    return text.fill_null("")


def csv_lines(table: Any) -> str:
    """The CSV lines (each ending in ``\\n``, no header) of the outcome table of
    :func:`slacalc.tables.evaluate_log`, in the columns :data:`CSV_KEYS`."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    n = table.num_rows
    if not n:
        return ""

    def micros(name: str) -> Any:
        return table.column(name).cast(pa.int64()).fill_null(0).to_numpy()

    def each_once(us: Any, text: Any, cell: bool = True) -> Any:
        """A formatted value per distinct integer (escaped as a cell of its own)."""
        distinct, inverse = np.unique(us, return_inverse=True)
        words = pa.array([text(int(x)) for x in distinct.tolist()], pa.string())
        out = words.take(pa.array(inverse.ravel()))
        return escape(pc, out) if cell else out

    def duration_text(us: int) -> str:
        return format_duration(timedelta(microseconds=us))

    def seconds_text(us: int) -> str:
        return str(seconds(timedelta(microseconds=us)))

    def instants(name: str) -> Any:
        col = table.column(name)
        us = micros(name)
        m8 = us.astype("datetime64[us]")
        whole = np.datetime_as_string(m8, unit="s").astype("<U26")
        fine = np.flatnonzero(us % 1_000_000)
        if len(fine):  # isoformat(): microseconds where there are some
            whole[fine] = np.datetime_as_string(m8[fine], unit="us")
        text = pc.binary_join_element_wise(pa.array(whole), "+00:00", "")
        return pc.if_else(col.combine_chunks().is_null(), "", text)

    def text(name: str) -> Any:
        return escape(pc, table.column(name).combine_chunks().cast(pa.string()))

    target, elapsed, paused = micros("target"), micros("elapsed"), micros("paused")
    attr = table.column("attribution").combine_chunks()
    offsets = attr.offsets
    parties = attr.values.field("party")
    times = attr.values.field("time").cast(pa.int64()).fill_null(0).to_numpy()

    def shares(value: Any) -> Any:  # "party=value; ..." per row
        items = pc.binary_join_element_wise(parties, value, "=")
        return escape(pc, pc.binary_join(pa.ListArray.from_arrays(offsets, items), "; "))

    def by_party() -> Any:
        # row() keeps one share per party (its last time); a party twice in a row is
        # not what the clock gives, but is written as row() writes it.
        row_of = np.repeat(np.arange(n), np.diff(offsets.to_numpy()))
        codes = pc.dictionary_encode(parties).indices.to_numpy()
        pairs = np.unique(row_of * (int(codes.max()) + 1 if len(codes) else 1) + codes)
        if len(pairs) == len(codes):
            return shares(each_once(times, seconds_text, cell=False))
        cells = table_columns(table, human=False, json=False)["seconds_by_party"]
        return escape(pc, pa.array(cells, pa.string()))

    percentage = [
        repr(e * 100 / t) if t else ""
        for e, t in zip(elapsed.tolist(), target.tolist(), strict=True)
    ]
    columns: dict[str, Any] = {
        "ticket": text("ticket"),
        "kind": text("kind"),
        "agreement": text("agreement"),
        "metric": text("metric"),
        "cycle": table.column("cycle").combine_chunks().cast(pa.string()),
        "state": text("state"),
        "priority": text("priority"),
        "target": each_once(target, duration_text),
        "version": pa.nulls(n, pa.string()).fill_null(""),
        "start": instants("start"),
        "deadline": instants("deadline"),
        "stop": instants("stop"),
        "elapsed": each_once(elapsed, duration_text),
        "paused": each_once(paused, duration_text),
        "breach": instants("breach"),
        "percentage": pa.array(percentage, pa.string()),
        "category": text("category"),
        "underpinning": escape(pc, pc.binary_join(table.column("underpinning"), "; ")),
        "attribution": shares(each_once(times, duration_text, cell=False)),
        "elapsed_seconds": each_once(elapsed, seconds_text, cell=False),  # numbers
        "paused_seconds": each_once(paused, seconds_text, cell=False),
        "seconds_by_party": by_party(),
    }
    lines = pc.binary_join_element_wise(*(columns[k] for k in CSV_KEYS), ",")
    return "\n".join(lines.to_pylist()) + "\n"
