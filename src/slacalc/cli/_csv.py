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

from slacalc._engine.switch import KERNEL
from slacalc._escape import CSV_TRIGGERS
from slacalc.cli._rows import table_columns
from slacalc.durations import format_duration, seconds

__all__ = ["CSV_KEYS", "csv_bytes", "csv_lines", "escape", "parties_once", "text_bytes"]

#: The CSV's columns, in :func:`slacalc.cli._rows.row`'s order for CSV.
CSV_KEYS = (
    "ticket", "kind", "agreement", "metric", "cycle", "state", "priority", "target",
    "version", "start", "deadline", "stop", "elapsed", "paused", "breach", "percentage",
    "category", "underpinning", "attribution", "elapsed_seconds", "paused_seconds",
    "seconds_by_party",
)  # fmt: skip


def _quoted_by_csv() -> list[str]:
    """The characters for which this Python's csv module (the excel dialect, ``\\n``
    line ends, minimal quoting) quotes a cell."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    found = []
    for c in (",", '"', "\n", "\r", "\t", " ", "'", ";", "=", "\x00"):
        out.seek(0)
        out.truncate()
        writer.writerow([f"a{c}b", "x"])
        if out.getvalue().startswith('"'):
            found.append(c)
    return found


def _class(chars: Any) -> str:
    return "[" + "".join(f"\\x{{{ord(c):x}}}" for c in chars) + "]"


_QUOTED_CHARS = _quoted_by_csv()
_QUOTED = _class(_QUOTED_CHARS)  # as RE2 character classes
_FORMULA = "^" + _class(CSV_TRIGGERS)
#: By byte value: whether a cell holding it is quoted, or starting with it is a
#: formula. Each is ASCII, and every byte of a UTF-8 sequence for any other
#: character is above ASCII, so a text's bytes say it.
_QUOTED_BYTES = bytes(chr(b) in _QUOTED_CHARS for b in range(256))
_FORMULA_BYTES = bytes(chr(b) in CSV_TRIGGERS for b in range(256))
_BYTES_SAY = all(c.isascii() for c in (*_QUOTED_CHARS, *CSV_TRIGGERS))


def _plain(text: Any) -> bool | None:
    """Whether no cell of a text column needs :func:`escape` (no byte it quotes for,
    no formula), read off its bytes; ``None`` unless it is one ``string`` array."""
    import numpy as np
    import pyarrow as pa

    if not _BYTES_SAY or not isinstance(text, pa.Array) or not pa.types.is_string(text.type):
        return None  # (a character the byte tables cannot say, were one not ASCII)
    if not len(text):
        return True
    _, offsets_buffer, data_buffer = text.buffers()
    if offsets_buffer is None:
        return None
    ends = np.frombuffer(offsets_buffer, dtype=np.int32, count=text.offset + len(text) + 1)
    ends = ends[text.offset :]
    if data_buffer is None or ends[-1] == ends[0]:
        return True  # every cell empty (or null)
    if KERNEL is not None:  # one pass over the bytes
        return bool(KERNEL.text_plain(ends, data_buffer, _QUOTED_BYTES, _FORMULA_BYTES))
    data = np.frombuffer(data_buffer, dtype=np.uint8)[ends[0] : ends[-1]]
    if np.frombuffer(_QUOTED_BYTES, dtype=bool)[data].any():
        return False
    starts = ends[:-1][ends[1:] > ends[:-1]]  # the first byte of each non-empty cell
    return not np.frombuffer(_FORMULA_BYTES, dtype=bool)[data[starts - ends[0]]].any()


def escape(pc: Any, text: Any) -> Any:
    """A text column's CSV cells: a formula behind ``'``, a cell with a delimiter,
    quote or line end quoted (its quotes doubled), a null empty."""
    plain = _plain(text)
    if plain is None:
        plain = not pc.any(pc.match_substring_regex(text, f"{_FORMULA}|{_QUOTED}")).as_py()
    if plain:
        return text.fill_null("")  # no cell to change (one pass: the usual column)
    formula = pc.match_substring_regex(text, _FORMULA)
    text = pc.if_else(formula, pc.binary_join_element_wise("'", text, ""), text)
    quote = pc.match_substring_regex(text, _QUOTED)
    doubled = pc.replace_substring(text, '"', '""')
    text = pc.if_else(quote, pc.binary_join_element_wise('"', doubled, '"', ""), text)
    return text.fill_null("")


#: The largest magnitude of microseconds whose hundredfold a float holds exactly.
_EXACT = 2**53 // 100


def durations(np: Any, pa: Any, pc: Any, us: Any) -> Any:
    """:func:`slacalc.durations.format_duration` of each int64 microseconds, as a text
    column: whole seconds by Arrow's integer text, the others one by one."""
    neg = us < 0
    a = np.abs(us)
    h, rest = np.divmod(a, 3_600_000_000)
    m, rest = np.divmod(rest, 60_000_000)
    sec, micro = np.divmod(rest, 1_000_000)

    def part(x: Any, unit: str) -> Any:
        text = pc.binary_join_element_wise(pa.array(x).cast(pa.string()), unit, "")
        return pc.if_else(pa.array(x > 0), text, "")

    body = pc.binary_join_element_wise(part(h, "h"), part(m, "m"), part(sec, "s"), "")
    body = pc.if_else(pc.equal(body, ""), "0s", body)
    out = pc.if_else(pa.array(neg), pc.binary_join_element_wise("-", body, ""), body)
    return _others(np, pa, pc, out, micro != 0, us, _duration_text)


def seconds_column(np: Any, pa: Any, pc: Any, us: Any) -> Any:
    """:func:`slacalc.durations.seconds` of each int64 microseconds as text (an int for
    whole seconds, else the float's ``repr``), as a text column."""
    whole, micro = np.divmod(us, 1_000_000)
    out = pa.array(whole).cast(pa.string())
    return _others(np, pa, pc, out, micro != 0, us, _seconds_text)


def percentages(np: Any, pa: Any, elapsed: Any, target: Any) -> Any:
    """``repr(elapsed * 100 / target)`` per row (empty where the target is zero), as a
    text column: by Arrow's shortest round-trip text of the float where the quotient
    is exact in floats and both write it positionally (there ``repr`` and Arrow's text
    are the same digits, ``.0`` after a whole number), else by Python."""
    import pyarrow.compute as pc

    t = np.where(target == 0, 1, target)
    q = (elapsed * 100).astype(np.float64) / t.astype(np.float64)
    fits = (np.abs(elapsed) < _EXACT) & (np.abs(target) < 2**53)
    text = pa.array(q).cast(pa.string())
    sci = np.asarray(pc.match_substring(text, "e"))  # Arrow's exponent form
    # A whole number as Arrow writes it ("100") takes repr's ".0" ("100.0").
    bare = (q == np.floor(q)) & ~np.asarray(pc.match_substring(text, "."))
    text = pc.if_else(pa.array(bare), pc.binary_join_element_wise(text, ".0", ""), text)
    plain = fits & ~sci & (((np.abs(q) >= 1e-4) & (np.abs(q) < 1e16)) | (q == 0))
    other = np.flatnonzero(~plain & (target != 0))
    if len(other):
        pairs = zip(elapsed[other].tolist(), target[other].tolist(), strict=True)
        words = [repr(a * 100 / b) for a, b in pairs]
        text = _replace(np, pa, pc, text, other, words)
    return pc.if_else(pa.array(target == 0), "", text)


def _others(np: Any, pa: Any, pc: Any, out: Any, other: Any, us: Any, fn: Any) -> Any:
    """``out`` with the rows ``other`` written by ``fn`` of their microseconds."""
    if not other.any():
        return out
    rows = np.flatnonzero(other)
    return _replace(np, pa, pc, out, rows, [fn(int(x)) for x in us[rows].tolist()])


def _replace(np: Any, pa: Any, pc: Any, out: Any, rows: Any, words: list[str]) -> Any:
    """The text column ``out`` with rows ``rows`` (increasing) replaced by ``words``."""
    other = np.zeros(len(out), dtype=bool)
    other[rows] = True
    placed = np.zeros(len(out), dtype=np.int64)
    placed[rows] = np.arange(len(rows))
    return pc.if_else(pa.array(other), pa.array(words, pa.string()).take(pa.array(placed)), out)


def _duration_text(us: int) -> str:
    return format_duration(timedelta(microseconds=us))


def _seconds_text(us: int) -> str:
    return str(seconds(timedelta(microseconds=us)))


def iso_instants(np: Any, pa: Any, pc: Any, us: Any) -> Any:
    """``datetime.isoformat()`` in UTC of each int64 microseconds since the epoch (years
    1 to 9999), as a text column: whole seconds written digit by digit into one
    fixed-width buffer, the microseconds by NumPy where there are some."""
    n = len(us)
    secs = us // 1_000_000
    days, sod = np.divmod(secs, 86_400)
    d = days.astype("datetime64[D]")
    month = d.astype("datetime64[M]")
    year = month.astype("datetime64[Y]").astype(np.int64) + 1970
    mon = month.astype(np.int64) - (year - 1970) * 12 + 1
    day = (d - month).astype(np.int64) + 1
    hour, rest = np.divmod(sod, 3600)
    minute, sec = np.divmod(rest, 60)
    if n and (int(year.min()) < 1 or int(year.max()) > 9999):
        raise ValueError("iso_instants(): an instant outside the years 1 to 9999")
    buf = np.empty((n, 25), dtype=np.uint8)
    buf[:] = np.frombuffer(b"0000-00-00T00:00:00+00:00", dtype=np.uint8)
    for at, value in ((0, year // 100), (2, year % 100), (5, mon), (8, day), (11, hour),
                      (14, minute), (17, sec)):  # fmt: skip
        two = value.astype(np.uint8)  # 0 to 99
        tens = two // 10
        buf[:, at] = tens + 48  # the ASCII digits, a column of bytes at a time
        buf[:, at + 1] = two - tens * 10 + 48
    offsets = np.arange(0, 25 * n + 1, 25, dtype=np.int32)
    out = pa.Array.from_buffers(pa.string(), n, [None, pa.py_buffer(offsets), pa.py_buffer(buf)])
    fine = np.flatnonzero(us % 1_000_000)
    if not len(fine):
        return out
    text = np.datetime_as_string(us[fine].astype("datetime64[us]"), unit="us")
    return _replace(np, pa, pc, out, fine, [f"{x}+00:00" for x in text.tolist()])


def csv_lines(table: Any) -> str:
    """The CSV lines (each ending in ``\\n``, no header) of the outcome table of
    :func:`slacalc.tables.evaluate_log`, in the columns :data:`CSV_KEYS`."""
    return bytes(csv_bytes(table)).decode("utf-8")


def csv_bytes(table: Any) -> Any:
    """:func:`csv_lines` encoded in UTF-8, as a buffer (Arrow's own, not copied)."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    n = table.num_rows
    if not n:
        return b""

    def micros(name: str) -> Any:
        return table.column(name).cast(pa.int64()).fill_null(0).to_numpy()

    def each_once(us: Any, fmt: Any, cell: bool = True) -> Any:
        """A formatted value per distinct integer (escaped as a cell of its own)."""
        distinct, inverse = np.unique(us, return_inverse=True)
        out = fmt(np, pa, pc, distinct).take(pa.array(inverse.ravel()))
        return escape(pc, out) if cell else out

    kernel = KERNEL  # the C kernel writes the lines, from these columns and the numbers

    def instants(name: str) -> Any:
        col = table.column(name)
        if kernel is not None:
            valid = None if not col.null_count else np.asarray(col.is_valid()).view(np.uint8)
            return ("i", micros(name), valid)
        text = iso_instants(np, pa, pc, micros(name))
        return pc.if_else(col.combine_chunks().is_null(), "", text)

    def spans(us: Any) -> Any:  # durations, as format_duration writes them
        return ("d", us, None) if kernel is not None else each_once(us, durations)

    def numbers(us: Any) -> Any:  # seconds, as durations.seconds writes them
        if kernel is not None and not (us % 1_000_000).any():
            return ("n", us // 1_000_000, None)
        return each_once(us, seconds_column, cell=False)

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
        if parties_once(np, pc, attr):
            return shares(each_once(times, seconds_column, cell=False))
        cells = table_columns(table, human=False, json=False)["seconds_by_party"]
        return escape(pc, pa.array(cells, pa.string()))

    cycle = table.column("cycle")
    columns: dict[str, Any] = {
        "ticket": text("ticket"),
        "kind": text("kind"),
        "agreement": text("agreement"),
        "metric": text("metric"),
        "cycle": ("n", micros("cycle"), None)
        if kernel is not None and not cycle.null_count
        else cycle.combine_chunks().cast(pa.string()),
        "state": text("state"),
        "priority": text("priority"),
        "target": spans(target),
        "version": ("e", None, None)
        if kernel is not None
        else pa.nulls(n, pa.string()).fill_null(""),
        "start": instants("start"),
        "deadline": instants("deadline"),
        "stop": instants("stop"),
        "elapsed": spans(elapsed),
        "paused": spans(paused),
        "breach": instants("breach"),
        "percentage": percentages(np, pa, elapsed, target),
        "category": text("category"),
        "underpinning": escape(pc, pc.binary_join(table.column("underpinning"), "; ")),
        "attribution": shares(each_once(times, durations, cell=False)),
        "elapsed_seconds": numbers(elapsed),
        "paused_seconds": numbers(paused),
        "seconds_by_party": by_party(),
    }
    if kernel is not None:
        cells = tuple(_cells(np, pa, columns[k]) for k in CSV_KEYS)
        return kernel.csv_rows(cells, n)
    lines = pc.binary_join_element_wise(*(columns[k] for k in CSV_KEYS), ",")
    lines = pc.binary_join_element_wise(lines, "", "\n")  # each line and its end
    return text_bytes(np, pa, lines)


def _cells(np: Any, pa: Any, column: Any) -> tuple[str, Any, Any]:
    """A column of :func:`csv_bytes` as the C kernel's ``csv_rows`` reads it: a
    ``(kind, values, extra)`` it was given as, or a text column's cells as
    ``("t", int64 offsets, bytes)``."""
    if isinstance(column, tuple):
        return column
    if isinstance(column, pa.ChunkedArray):
        column = column.combine_chunks()
    column = column.cast(pa.string()).fill_null("")
    _, offsets, data = column.buffers()
    at = np.frombuffer(offsets, dtype=np.int32, count=column.offset + len(column) + 1)
    return ("t", at[column.offset :].astype(np.int64), data or b"")


def parties_once(np: Any, pc: Any, attr: Any) -> bool:
    """Whether no list of the attribution column ``attr`` (one array) names a party
    twice (what the clock gives; ``row()``'s dict of them would keep one): by the C
    kernel's ``lists_distinct`` (short lists compared item by item), else a sort."""
    import pyarrow as pa

    items = attr.values
    party = items.field("party")
    # (A null party, which the clock does not give, goes to the sort, as before.)
    plain = isinstance(attr, pa.ListArray) and not items.offset and not party.null_count
    if KERNEL is not None and plain:
        lists = np.asarray(attr.offsets)  # int32, into the items
        _, offsets, data = party.buffers()
        at = np.frombuffer(offsets, dtype=np.int32, count=party.offset + len(party) + 1)
        found = KERNEL.lists_distinct(lists, at[party.offset :], data or b"")
        if found is not None:
            return bool(found)
    ends = np.asarray(attr.offsets)  # of a slice too: the items it holds, no others
    row_of = np.repeat(np.arange(len(attr)), np.diff(ends))
    held = party.slice(int(ends[0]), int(ends[-1] - ends[0])) if len(ends) else party
    codes = pc.dictionary_encode(held).indices.to_numpy()
    width = int(codes.max()) + 1 if len(codes) else 1
    return len(np.unique(row_of * width + codes)) == len(codes)


def text_bytes(np: Any, pa: Any, text: Any, drop: int = 0) -> Any:
    """The UTF-8 bytes of a text column's values one after another, as a buffer (Arrow's
    own, not copied), without its last ``drop`` bytes."""
    if isinstance(text, pa.ChunkedArray):
        text = text.combine_chunks()
    ends = np.frombuffer(text.buffers()[1], dtype=np.int32)[text.offset :][: len(text) + 1]
    return memoryview(text.buffers()[2])[int(ends[0]) : int(ends[-1]) - drop]
