"""``slacalc evaluate --format json`` for the vectorised clock's table, built with Arrow compute.

:func:`json_bytes` gives the bytes that writing ``json.dumps(row, indent=2)`` of
:func:`slacalc.cli._rows.row` for every outcome, each indented by two spaces and
joined by ``,\\n``, gives (what ``slacalc evaluate``'s JSON array holds), without a
Python object per value: each column's JSON text is built once (text in quotes,
the few values ``json.dumps`` escapes escaped by it, durations and seconds as
``slacalc evaluate``'s CSV writes them), the lines joined by Arrow.
tests/cli/test_cli_evaluate_parquet.py checks it against the engine's rows byte for
byte.
"""

from __future__ import annotations

import json
from typing import Any

from slacalc._engine.switch import KERNEL
from slacalc.cli._csv import (
    _cells,
    _replace,
    durations,
    iso_instants,
    parties_once,
    percentages,
    seconds_column,
    text_bytes,
)

__all__ = ["PIECE_ROWS", "json_bytes", "json_text"]

#: The characters ``json.dumps`` (``ensure_ascii=True``) writes otherwise than as they
#: are: a quote, a backslash, and anything outside printable ASCII.
_ESCAPED = r'[^\x{20}-\x{7e}]|["\\]'


def json_text(np: Any, pa: Any, pc: Any, text: Any) -> Any:
    """Each value of a text column as ``json.dumps`` writes it (``null`` for a null):
    in quotes, and the values holding a character it escapes by ``json.dumps``.

    >>> import numpy as np, pyarrow as pa, pyarrow.compute as pc
    >>> json_text(np, pa, pc, pa.array(["a", 'b"', None, "é"])).to_pylist()
    ['"a"', '"b\\\\""', 'null', '"\\\\u00e9"']
    """
    if KERNEL is not None and isinstance(text, pa.Array) and pa.types.is_string(text.type):
        got = _kernel_quoted(np, pa, pc, text)
        if got is not None:
            return got
    quoted = pc.binary_join_element_wise('"', text, '"', "")
    odd = pc.match_substring_regex(text, _ESCAPED).fill_null(False)
    if pc.any(odd).as_py():
        rows = np.flatnonzero(np.asarray(odd))
        words = [json.dumps(x) for x in text.take(pa.array(rows)).to_pylist()]
        placed = np.zeros(len(text), dtype=np.int64)
        placed[rows] = np.arange(len(rows))
        quoted = pc.if_else(odd, pa.array(words, pa.string()).take(pa.array(placed)), quoted)
    return quoted.fill_null("null")


def _kernel_quoted(np: Any, pa: Any, pc: Any, text: Any) -> Any:
    """:func:`json_text` by the C kernel's ``json_quote`` (each value in quotes, a null
    ``null``), the values it leaves (a character ``json.dumps`` escapes) by
    ``json.dumps``; ``None`` past 2 GiB of text."""
    assert KERNEL is not None
    _, offsets, data = text.buffers()
    n = len(text)
    ends = np.frombuffer(offsets, dtype=np.int32, count=text.offset + n + 1)[text.offset :]
    valid = None if not text.null_count else np.asarray(text.is_valid()).view(np.uint8)
    got = KERNEL.json_quote(ends, data or b"", valid)
    if got is None:
        return None
    buffers = [None, pa.py_buffer(got[0]), pa.py_buffer(got[1])]
    quoted = pa.Array.from_buffers(pa.string(), n, buffers)
    odd = np.frombuffer(got[2], dtype=np.int64)
    if not len(odd):
        return quoted
    words = [json.dumps(x) for x in text.take(pa.array(odd)).to_pylist()]
    return _replace(np, pa, pc, quoted, odd, words)


def _items(pc: Any, pa: Any, offsets: Any, items: Any, empty: str, ends: tuple[str, str]) -> Any:
    """Lists of JSON item texts (``items``, split by ``offsets``) as ``json.dumps`` with
    ``indent=2`` writes them as a value of a row's object, indented two spaces more:
    ``empty`` for an empty list, else the items a line each between ``ends``."""
    inner = pc.binary_join(pa.ListArray.from_arrays(offsets, items), ",\n")
    full = pc.binary_join_element_wise(ends[0], inner, ends[1], "")
    lengths = pc.list_value_length(pa.ListArray.from_arrays(offsets, items))
    return pc.if_else(pc.equal(lengths, 0), empty, full)


#: Rows of one piece of :func:`json_bytes` (each piece one Arrow text array, which holds
#: at most 2 GiB: about 130 MB at ~650 bytes a row).
PIECE_ROWS = 200_000


def json_bytes(table: Any, piece_rows: int = PIECE_ROWS) -> list[Any] | None:
    """The JSON of every row of :func:`slacalc.tables.evaluate_log`'s table, each as
    ``textwrap.indent(json.dumps(row, indent=2), "  ")``, in pieces of at most
    ``piece_rows`` rows, each piece its rows joined by ``,\n`` (the caller joins the
    pieces so): UTF-8 (in fact ASCII) buffers (Arrow's own, not copied). ``None``,
    for the rows to write, where a row names a party twice (``row()``'s object keeps
    one key) or holds a null the clock does not give (a cycle, a list, a party)."""
    import numpy as np
    import pyarrow.compute as pc

    n = table.num_rows
    attr = table.column("attribution").combine_chunks()
    parties = attr.values.field("party")
    lists = (table.column("cycle"), table.column("underpinning"), attr, parties)
    if any(x.null_count for x in lists):
        return None
    if not parties_once(np, pc, attr):
        return None
    return [_piece(table.slice(a, piece_rows)) for a in range(0, n, piece_rows)]


def _piece(table: Any) -> Any:
    """:func:`json_bytes` of a table in one piece."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    n = table.num_rows
    attr = table.column("attribution").combine_chunks()
    offsets = attr.offsets
    parties = attr.values.field("party")

    def micros(name: str) -> Any:
        return table.column(name).cast(pa.int64()).fill_null(0).to_numpy()

    def each_once(us: Any, fmt: Any) -> Any:
        distinct, inverse = np.unique(us, return_inverse=True)
        return fmt(np, pa, pc, distinct).take(pa.array(inverse.ravel()))

    def text(name: str) -> Any:
        return json_text(np, pa, pc, table.column(name).combine_chunks().cast(pa.string()))

    kernel = KERNEL  # the C kernel writes the rows, from these columns and the numbers

    def instants(name: str) -> Any:
        col = table.column(name).combine_chunks()
        if kernel is not None:
            valid = None if not col.null_count else np.asarray(col.is_valid()).view(np.uint8)
            return ("I", micros(name), valid)
        quoted = pc.binary_join_element_wise('"', iso_instants(np, pa, pc, micros(name)), '"', "")
        return pc.if_else(col.is_null(), "null", quoted)

    def spans(us: Any) -> Any:  # durations: ASCII text in quotes, nothing to escape
        if kernel is not None:
            return ("D", us, None)
        return pc.binary_join_element_wise('"', each_once(us, durations), '"', "")

    def numbers(us: Any) -> Any:  # seconds: an int when whole, else the float's repr
        if kernel is not None and not (us % 1_000_000).any():
            return ("n", us // 1_000_000, None)
        return each_once(us, seconds_column)

    target, elapsed, paused = micros("target"), micros("elapsed"), micros("paused")
    times = attr.values.field("time").cast(pa.int64()).fill_null(0).to_numpy()
    party_json = json_text(np, pa, pc, parties)
    shares = pc.binary_join(
        pa.ListArray.from_arrays(
            offsets, pc.binary_join_element_wise(parties, each_once(times, durations), "=")
        ),
        "; ",
    )
    by_party = pc.binary_join_element_wise(
        "      ", party_json, ": ", each_once(times, seconds_column), ""
    )
    under = table.column("underpinning").combine_chunks()
    under_items = pc.binary_join_element_wise("      ", json_text(np, pa, pc, under.values), "")
    percentage = percentages(np, pa, elapsed, target)
    category = table.column("category").combine_chunks().cast(pa.string())
    category = pc.if_else(pc.equal(category, ""), pa.scalar(None, pa.string()), category)
    columns: dict[str, Any] = {
        "ticket": text("ticket"),
        "kind": text("kind"),
        "agreement": text("agreement"),
        "metric": text("metric"),
        "cycle": ("n", micros("cycle"), None)
        if kernel is not None
        else table.column("cycle").combine_chunks().cast(pa.string()),
        "state": text("state"),
        "priority": text("priority"),
        "target": spans(target),
        "version": ("c", b"null", None)
        if kernel is not None
        else pa.nulls(n, pa.string()).fill_null("null"),
        "start": instants("start"),
        "deadline": instants("deadline"),
        "stop": instants("stop"),
        "elapsed": spans(elapsed),
        "paused": spans(paused),
        "breach": instants("breach"),
        "percentage": pc.if_else(pc.equal(percentage, ""), "null", percentage),
        "category": json_text(np, pa, pc, category),
        "underpinning": _items(pc, pa, under.offsets, under_items, "[]", ("[\n", "\n    ]")),
        "attribution": json_text(np, pa, pc, shares),
        "elapsed_seconds": numbers(elapsed),
        "paused_seconds": numbers(paused),
        "seconds_by_party": _items(pc, pa, offsets, by_party, "{}", ("{\n", "\n    }")),
    }
    if kernel is not None:  # the keys between the cells; a constant cell in the keys
        seps = [
            ("  {\n" if not i else ",\n") + f"    {json.dumps(k)}: " for i, k in enumerate(columns)
        ]
        seps.append("\n  },\n")
        cells = []
        for i, value in enumerate(columns.values()):
            if isinstance(value, tuple) and value[0] == "c":
                seps[i + 1] = value[1].decode("ascii") + seps[i + 1]
                value = ("e", None, None)
            cells.append(_cells(np, pa, value))
        rows = kernel.csv_rows(tuple(cells), n, tuple(x.encode("ascii") for x in seps))
        return memoryview(rows)[:-2]  # no last ",\n"
    parts: list[Any] = []
    for i, (key, value) in enumerate(columns.items()):
        parts += [("  {\n" if not i else ",\n") + f"    {json.dumps(key)}: ", value]
    rows = pc.binary_join_element_wise(*parts, "\n  },\n", "")  # each row and what follows
    return text_bytes(np, pa, rows, drop=2)  # no last ",\n"
