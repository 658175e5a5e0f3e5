"""``slacalc evaluate FILE.parquet``: chunks judged from their Arrow columns print what
the rows read one by one print.

The twin is ``--path engine`` (the reader builds every ticket, the per-ticket engine
judges it): stdout and stderr compared byte for byte on the example history in
every format, with chunks of a few hundred rows, and on files with the problems the
reader names (each row's message, a ticket that comes back), with ids it trims and
with nulls. The chunker cuts where :func:`slacalc.activity.iter_activity` cuts
(random files). The column-wise CSV cells are the csv module's (random text).
"""

from __future__ import annotations

import csv
import io
import json
import textwrap
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

pytest.importorskip("numpy")
pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")

from hypothesis import example, given  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

import slacalc.cli.evaluate as evaluate_cli  # noqa: E402
from slacalc._escape import csv_row  # noqa: E402
from slacalc.activity import iter_activity  # noqa: E402
from slacalc.activity.reader import arrow_rows, chunk_log  # noqa: E402
from slacalc.measure import RecordError  # noqa: E402
from slacalc.tables import _stream  # noqa: E402

EXAMPLES = Path(__file__).parent.parent.parent / "examples"
CATALOGUE = str(EXAMPLES / "catalogue.toml")
AS_OF = "2026-10-15T00:00:00Z"

Run = Callable[..., tuple[int, str, str]]


def _rows() -> list[dict[str, str]]:
    with (EXAMPLES / "activity.csv").open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _write(path: Path, rows: list[dict[str, object]], tz: str | None = "UTC") -> str:
    at = [
        r["at"] if isinstance(r["at"], datetime) else datetime.fromisoformat(str(r["at"]))
        for r in rows
    ]
    table = pa.table(
        {
            "ticket": pa.array([r["ticket"] for r in rows], pa.string()),
            "at": pa.array(
                [a if tz else a.astimezone(UTC).replace(tzinfo=None) for a in at],
                pa.timestamp("us", tz=tz),
            ),
            "field": pa.array([r["field"] for r in rows], pa.string()),
            "value": pa.array(
                [None if r["field"] == "created" and not r["value"] else r["value"] for r in rows],
                pa.string(),
            ),
        }
    )
    pq.write_table(table, path, row_group_size=700)
    return str(path)


def _both(run: Run, monkeypatch: pytest.MonkeyPatch, path: str, *args: str) -> tuple:
    """The command with chunks judged from their columns (counted), then by the engine."""
    calls = {"fast": 0}
    real = evaluate_cli.fast_chunk

    def counted(*a: object, **k: object) -> object:
        got = real(*a, **k)  # type: ignore[arg-type]
        calls["fast"] += got is not None
        return got

    argv = ("evaluate", path, "--catalogue", CATALOGUE, "--as-of", AS_OF, *args)
    with monkeypatch.context() as m:
        m.setattr(evaluate_cli, "fast_chunk", counted)
        fast = run(*argv)
    slow = run(*argv, "--path", "engine")
    return fast, slow, calls["fast"]


@pytest.mark.parametrize("fmt", ["table", "csv", "json"])
def test_the_example_history_prints_the_same(
    run: Run, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, fmt: str
) -> None:
    path = _write(tmp_path / "a.parquet", _rows())
    fast, slow, judged = _both(run, monkeypatch, path, "--format", fmt, "--chunk-rows", "900")
    assert fast == slow
    assert fast[0] == 0 and fast[1].count("\n") > 1_000
    assert judged >= 30  # every chunk from its columns (36,709 rows)


def test_skipped_tickets_and_warnings(
    run: Run, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    rows = _rows()
    for r in rows[:400]:  # some tickets for a customer no SLA covers
        if r["field"] == "customer":
            r["value"] = "Nobody"
    path = _write(tmp_path / "a.parquet", rows)
    fast, slow, judged = _both(
        run, monkeypatch, path, "--format", "csv", "--unmatched", "skip", "--chunk-rows", "5000"
    )
    assert fast == slow and judged
    assert "for customer 'Nobody'" in fast[2]


def _ticket(name: str, t0: datetime, *extra: tuple[int, str, str]) -> list[dict[str, object]]:
    initial = {"service": "email", "customer": "Finance", "priority": "P2", "status": "Open"}
    return [
        {"ticket": name, "at": t0, "field": "created", "value": ""},
        *({"ticket": name, "at": t0, "field": k, "value": v} for k, v in initial.items()),
        *(
            {"ticket": name, "at": t0 + timedelta(minutes=m), "field": f, "value": v}
            for m, f, v in extra
        ),
    ]


T0 = datetime(2026, 9, 1, 9, tzinfo=UTC)


@pytest.mark.parametrize(
    "change",
    [
        "empty field",
        "created with a value",
        "row before creation",
        "comes back",
        "trimmed id",
        "trimmed id, some rows",
        "padded field",
        "null value",
        "two created",
    ],
)
def test_files_the_reader_reads_otherwise(
    run: Run, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, change: str
) -> None:
    # Each problem in a later chunk: the chunks before it are printed alike, then the
    # same error (or, for ids and fields the reader trims, the same rows).
    rows: list[dict[str, object]] = []
    for k in range(12):
        rows += _ticket(f"T{k}", T0 + timedelta(hours=k), (30, "status", "Resolved"))
    bad = rows[60:66]
    if change == "empty field":
        bad[3]["field"] = ""
    elif change == "created with a value":
        bad[0]["value"] = "oops"
    elif change == "row before creation":
        bad[5]["at"] = T0 - timedelta(days=1)
    elif change == "comes back":
        rows += _ticket("T1", T0)
    elif change == "trimmed id":
        for r in bad:
            r["ticket"] = f" {r['ticket']}"
    elif change == "trimmed id, some rows":
        for r in bad[:4]:
            r["ticket"] = f" {r['ticket']} "
    elif change == "padded field":
        bad[5]["field"] = "status "
    elif change == "null value":
        bad[2]["value"] = None
        bad[2]["field"] = "priority"
    elif change == "two created":
        rows.insert(62, dict(bad[0]))
    path = _write(tmp_path / "a.parquet", rows)
    fast, slow, _ = _both(run, monkeypatch, path, "--format", "csv", "--chunk-rows", "20")
    assert fast == slow


def test_a_file_it_cannot_read_as_columns_is_read_by_rows(
    run: Run, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # Naive instants: read with --tz by the reader (the columns are not used).
    rows = _ticket("N1", T0, (30, "status", "Resolved"))
    path = _write(tmp_path / "n.parquet", rows, tz=None)
    assert not _stream.readable(path)
    fast, slow, judged = _both(run, monkeypatch, path, "--format", "csv", "--tz", "UTC")
    assert fast == slow and fast[0] == 0 and judged == 0


#: A run of rows: a new ticket (its id padded or not), the last ticket again (padded:
#: the reader trims it to the same ticket) or an earlier ticket coming back.
run_kinds = st.sampled_from(["new", "new", "new", "padded", "same", "back"])


@given(
    st.lists(st.tuples(run_kinds, st.integers(1, 5)), min_size=1, max_size=12),
    st.integers(1, 9),
    st.booleans(),
)
@example([("new", 4), ("new", 1)], 5, False)  # a chunk of exactly chunk_rows rows
@example([("new", 2), ("back", 1)], 9, False)
def test_chunks_are_cut_where_iter_activity_cuts(
    runs: list[tuple[str, int]], chunk_rows: int, null: bool
) -> None:
    import tempfile

    rows: list[dict[str, object]] = []
    names: list[str] = []
    for kind, n in runs:
        if kind in ("new", "padded") or not names:
            names.append(f"T{len(names)}")
            name = f" {names[-1]}" if kind == "padded" else names[-1]
            rows += _ticket(name, T0)[: n + 1]
            continue
        name = f"{names[-1]} " if kind == "same" else names[0]
        rows += [
            {"ticket": name, "at": T0 + timedelta(minutes=k + 1), "field": "status", "value": "x"}
            for k in range(n)
        ]
    if null and len(rows) > 3:
        rows[2] = {**rows[2], "ticket": None}
    with tempfile.TemporaryDirectory() as d:
        path = _write(Path(d) / "r.parquet", rows)
        want: list[list[str]] | str
        try:
            want = [[a.ticket for a in log] for log in iter_activity(path, chunk_rows=chunk_rows)]
        except RecordError as error:
            want = str(error)
        got: list[list[str]] | str
        try:
            got = [
                [a.ticket for a in chunk_log(arrow_rows(t, first), path)]
                for first, t in _stream.parquet_chunks(path, chunk_rows=chunk_rows, name=path)
            ]
        except RecordError as error:
            got = str(error)
    assert got == want


texts = st.one_of(
    st.none(),
    st.text(alphabet=st.sampled_from(list("ab ,\"'\n\r\t=+-@;x\x00\u2028")), max_size=6),
)


@given(st.lists(st.lists(texts, min_size=3, max_size=3), min_size=1, max_size=8))
def test_csv_cells_are_the_csv_modules(rows: list[list[object]]) -> None:
    # Text cells (None for a missing one) escaped by Arrow compute, joined by commas:
    # what csv_row and csv.DictWriter write.
    import pyarrow.compute as pc

    from slacalc.cli._csv import escape

    want = io.StringIO()
    writer = csv.DictWriter(want, fieldnames=["a", "b", "c"], lineterminator="\n")
    for r in rows:
        writer.writerow(csv_row(dict(zip("abc", r, strict=True))))
    cells = [escape(pc, pa.array([r[i] for r in rows], pa.string())) for i in range(3)]
    got = pc.binary_join_element_wise(*cells, ",").to_pylist()
    assert "\n".join(got) + "\n" == want.getvalue()


def test_the_csv_columns_are_the_rows_keys(tmp_path: Path) -> None:
    import slacalc as sc
    from slacalc import tables
    from slacalc.cli._csv import CSV_KEYS
    from slacalc.cli._rows import table_columns

    path = _write(tmp_path / "a.parquet", _rows()[:300])
    cat = sc.load(EXAMPLES / "catalogue.toml")
    with pytest.warns(Warning):
        out = tables.evaluate(
            tables.read_parquet(path), cat, as_of=datetime(2026, 10, 15, tzinfo=UTC)
        )
    assert out.num_rows and tuple(table_columns(out, human=False)) == CSV_KEYS


def _renamed(tmp_path: Path, odd: dict[str, str]) -> str:
    """The example history with its first tickets renamed to the keys of ``odd``, each
    assigned to the group its value names, written as Parquet."""
    rows = _rows()
    names = list(dict.fromkeys(r["ticket"] for r in rows))[: len(odd)]
    rename = dict(zip(names, odd, strict=True))
    for r in rows:
        r["ticket"] = rename.get(r["ticket"], r["ticket"])
        if r["field"] == "assignment_group" and r["ticket"] in odd:
            r["value"] = odd[r["ticket"]]
    path = _write(tmp_path / "odd.parquet", rows)
    return path


def test_ids_groups_and_causes_a_spreadsheet_would_misread(
    run: Run, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # Ticket ids and assignment groups with formula starts, commas, quotes and line
    # breaks: escaped and quoted alike on both paths (the groups are in the attribution).
    odd = {"=1+2": "=HYPERLINK(1)", "-x": 'a "b", c', "@q": "line\nbreak", "+5": "semi;colon"}
    path = _renamed(tmp_path, odd)
    fast, slow, judged = _both(run, monkeypatch, path, "--format", "csv", "--chunk-rows", "3000")
    assert fast == slow and judged
    assert "'=1+2" in fast[1] and '"' in fast[1]


def test_a_field_only_in_the_dictionary_is_not_seen(
    run: Run, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # A categorical column keeps entries no row uses: 'assignment_group' is one here,
    # so the engine's warning that the conditions name a field no ticket has stands.
    rows = _ticket("A", T0, (30, "status", "Resolved"))
    fields = ["created", "service", "customer", "priority", "status", "assignment_group"]
    table = pa.table(
        {
            "ticket": [r["ticket"] for r in rows],
            "at": pa.array([r["at"] for r in rows], pa.timestamp("us", tz="UTC")),
            "field": pa.DictionaryArray.from_arrays(
                pa.array([fields.index(str(r["field"])) for r in rows], pa.int32()),
                pa.array(fields),
            ),
            "value": [None if r["field"] == "created" else r["value"] for r in rows],
        }
    )
    path = tmp_path / "d.parquet"
    pq.write_table(table, path)
    fast, slow, judged = _both(run, monkeypatch, str(path), "--format", "csv")
    assert fast == slow and judged == 1
    assert "'assignment_group'" in fast[2]


@pytest.mark.parametrize(
    "args", [("--tz", "Mars/Olympus"), ("--chunk-rows", "0"), ("--chunk-rows", "-5")]
)
def test_bad_options_are_refused_alike(
    run: Run, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, args: tuple[str, str]
) -> None:
    path = _write(tmp_path / "a.parquet", _ticket("A", T0))
    fast, slow, _ = _both(run, monkeypatch, path, *args)
    assert fast == slow and fast[0] == 2 and not fast[1]


def test_a_missing_or_broken_file_is_the_readers_error(
    run: Run, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    broken = tmp_path / "broken.parquet"
    broken.write_bytes(b"PAR1 not really")
    for path in (str(tmp_path / "missing.parquet"), str(broken)):
        fast, slow, _ = _both(run, monkeypatch, path)
        assert fast == slow and fast[0] != 0 and "slacalc: error:" in fast[2]


def test_nanoseconds_are_kept_as_the_engine_keeps_them(
    run: Run, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    rows = _ticket("A", T0, (30, "status", "Resolved"))
    table = pa.table(
        {
            "ticket": [r["ticket"] for r in rows],
            "at": pa.array([r["at"] for r in rows], pa.timestamp("us", tz="UTC"))
            .cast(pa.timestamp("ns", tz="UTC"))
            .cast(pa.int64()),
            "field": [r["field"] for r in rows],
            "value": [None if r["field"] == "created" else r["value"] for r in rows],
        }
    )
    at = pa.compute.add(table.column("at"), 7).cast(pa.timestamp("ns", tz="UTC"))
    path = tmp_path / "ns.parquet"
    pq.write_table(table.set_column(1, "at", at), path)
    fast, slow, judged = _both(run, monkeypatch, str(path), "--format", "csv")
    assert fast == slow and judged == 0
    assert "09:00:00.000000007+00:00" in fast[1]


_US = timedelta(microseconds=1)
_EDGE_US = [0, 1, -1, 999_999, 1_000_000, 59_999_999, 3_600_000_000, -3_600_000_001,
            86_399_999_999, 10**15 + 7, -(10**15)]  # fmt: skip


@given(st.lists(st.one_of(st.sampled_from(_EDGE_US), st.integers(-(10**16), 10**16)), max_size=40))
def test_durations_and_seconds_are_format_duration_and_seconds(us: list[int]) -> None:
    # The CSV's duration and seconds columns by Arrow, against the row writer's own
    # format_duration and seconds on every value (whole seconds, microseconds, signs).
    import numpy as np
    import pyarrow.compute as pc

    from slacalc.cli._csv import durations, seconds_column
    from slacalc.durations import format_duration, seconds

    a = np.array(us, dtype=np.int64)
    assert durations(np, pa, pc, a).to_pylist() == [format_duration(x * _US) for x in us]
    assert seconds_column(np, pa, pc, a).to_pylist() == [str(seconds(x * _US)) for x in us]


@given(
    st.lists(
        st.tuples(
            st.one_of(st.integers(0, 10**12), st.sampled_from([0, 1, 10**14, 2**60])),
            st.one_of(st.integers(0, 10**12), st.sampled_from([0, 1, 3, 10**17, 2**62])),
        ),
        max_size=40,
    )
)
@example(
    [(50, 100), (0, 7), (999_999_999_999, 7), (10**12, 1), (1, 10**9), (1, 3), (100_000_000_001, 7)]
)
def test_percentages_are_the_rows_repr(pairs: list[tuple[int, int]]) -> None:
    # elapsed * 100 / target as row() writes it (repr of Python's division; empty for
    # no target), including quotients NumPy cannot hold exactly or writes otherwise.
    import numpy as np

    from slacalc.cli._csv import percentages

    e = np.array([p[0] for p in pairs], dtype=np.int64)
    t = np.array([p[1] for p in pairs], dtype=np.int64)
    want = [repr(a * 100 / b) if b else "" for a, b in pairs]
    assert percentages(np, pa, e, t).to_pylist() == want


@given(
    st.lists(
        st.one_of(
            st.datetimes(datetime(1, 1, 1), datetime(9999, 12, 31, 23, 59, 59, 999_999)),
            st.datetimes(datetime(1, 1, 1), datetime(9999, 12, 31, 23, 59, 59)).map(
                lambda d: d.replace(microsecond=0)  # written digit by digit
            ),
            st.sampled_from([datetime(1970, 1, 1), datetime(1969, 12, 31, 23, 59, 59, 1)]),
        ),
        max_size=40,
    )
)
def test_instants_are_isoformat(instants: list[datetime]) -> None:
    # The CSV's instants, written digit by digit, against datetime.isoformat() in UTC
    # (years 1 to 9999, before and after 1970, with and without microseconds).
    import numpy as np
    import pyarrow.compute as pc

    from slacalc.cli._csv import iso_instants

    zoned = [d.replace(tzinfo=UTC) for d in instants]
    epoch = datetime(1970, 1, 1, tzinfo=UTC)
    us = np.array([(d - epoch) // _US for d in zoned], dtype=np.int64)
    assert iso_instants(np, pa, pc, us).to_pylist() == [d.isoformat() for d in zoned]


def test_csv_goes_to_a_utf8_stdout_as_bytes_and_to_other_streams_as_text() -> None:
    # The same CSV text whichever way it is written: to the bytes under a UTF-8 text
    # stream, or as text to a stream without one (or in another encoding).
    raw = io.BytesIO()
    utf8 = io.TextIOWrapper(raw, encoding="utf-8")
    assert evaluate_cli._utf8_bytes(utf8) is raw
    assert evaluate_cli._utf8_bytes(io.TextIOWrapper(io.BytesIO(), encoding="latin-1")) is None
    assert evaluate_cli._utf8_bytes(io.TextIOWrapper(io.BytesIO(), errors="replace")) is None
    assert evaluate_cli._utf8_bytes(io.StringIO()) is None


@given(
    st.lists(st.one_of(st.none(), st.text(max_size=8)), min_size=1, max_size=12),
    st.integers(0, 2),
    st.booleans(),
)
@example(['a"b', "back\\slash", "tab\tnl\n", "\x7f", "é", "🚀", "\u2028", None, ""], 0, True)
def test_json_text_is_json_dumps(words: list[str | None], skip: int, kernel: bool) -> None:
    # By the C kernel's json_quote (json.dumps for the values it leaves) and by Arrow's
    # regex (its twin), on arrays with an offset too: json.dumps of each value.
    import numpy as np
    import pyarrow.compute as pc

    from slacalc.cli import _json

    array = pa.array(['"'] * skip + words, pa.string()).slice(skip)
    with pytest.MonkeyPatch.context() as m:
        if not kernel:
            m.setattr(_json, "KERNEL", None)
        got = _json.json_text(np, pa, pc, array).to_pylist()
    assert got == [json.dumps(w) for w in words]


def _outcomes(tmp_path: Path, rows: list[dict[str, str]]) -> object:
    import slacalc as sc
    from slacalc import tables

    path = _write(tmp_path / "j.parquet", rows)
    cat = sc.load(EXAMPLES / "catalogue.toml")
    with pytest.warns(Warning):
        return tables.evaluate(
            tables.read_parquet(path), cat, as_of=datetime(2026, 10, 15, tzinfo=UTC)
        )


def _json_rows(table: object) -> str:
    from slacalc.cli._rows import table_rows

    rows = table_rows(table, human=False, json=True)
    return ",\n".join(textwrap.indent(json.dumps(r, indent=2, default=str), "  ") for r in rows)


@pytest.mark.parametrize("kernel", [True, False])
def test_json_columns_are_json_dumps_of_the_rows(tmp_path: Path, kernel: bool) -> None:
    # The whole table, a slice of it (list offsets not from zero) and the table in
    # several chunks: the bytes json.dumps writes row by row, by the C kernel's rows
    # and by Arrow's joins (its twin).
    from slacalc.cli import _json
    from slacalc.cli._json import json_bytes

    out = _outcomes(tmp_path, _rows()[:6000])
    n = out.num_rows
    assert n > 100
    sliced = out.slice(7, n - 20)
    chunked = pa.concat_tables([out.slice(0, n // 3), out.slice(n // 3)])
    with pytest.MonkeyPatch.context() as m:
        if not kernel:
            m.setattr(_json, "KERNEL", None)
        for table in (out, sliced, chunked):
            for rows in (7, 1000, n):  # in pieces of a few rows, or in one
                pieces = json_bytes(table, piece_rows=rows)
                assert pieces is not None and len(pieces) == -(-table.num_rows // rows)
                got = ",\n".join(bytes(p).decode("ascii") for p in pieces)
                assert got == _json_rows(table)
    assert '"underpinning": [\n      "' in _json_rows(out)  # lists with items are in it
    assert '"seconds_by_party": {\n      "' in _json_rows(out)


def test_a_row_naming_a_party_twice_is_left_to_the_rows(tmp_path: Path) -> None:
    from slacalc.cli._json import json_bytes

    out = _outcomes(tmp_path, _rows()[:3000])
    n = out.num_rows
    attr = out.column("attribution").combine_chunks()
    k = next(i for i, x in enumerate(attr.to_pylist()) if x)
    lists = attr.to_pylist()
    lists[k] = lists[k] + [dict(lists[k][0])]  # the first party again
    twice = out.set_column(
        out.column_names.index("attribution"), "attribution", pa.array(lists, attr.type)
    )
    assert json_bytes(twice) is None
    cycle = out.column_names.index("cycle")
    no_cycle = out.set_column(cycle, "cycle", pa.array([None] * n, pa.int64()))
    assert json_bytes(no_cycle) is None  # a null the clock does not give: to the rows
    stream = io.StringIO()
    s = evaluate_cli._Stream("json", stream)
    s.write_table(twice, human=False, as_json=True)
    s.close()
    assert stream.getvalue() == "[\n" + _json_rows(twice) + "\n]\n"
    assert json.loads(stream.getvalue())[k]["seconds_by_party"]  # one key kept


def test_json_of_names_json_escapes(
    run: Run, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # Ticket ids and assignment groups with quotes, backslashes, tabs, line breaks and
    # text outside ASCII: escaped alike by the columns and by json.dumps of each row.
    odd = {'q"1': 'Équipe "Ω"', "b\\2": "tab\there", "é3": "line\nbreak", "🚀4": "🚀 crew"}
    path = _renamed(tmp_path, odd)
    fast, slow, judged = _both(run, monkeypatch, path, "--format", "json", "--chunk-rows", "3000")
    assert fast == slow and judged
    got = json.loads(fast[1])
    assert {r["ticket"] for r in got} >= set(odd)
    parties = {p for r in got for p in r["seconds_by_party"]}
    assert {"group:🚀 crew", 'group:Équipe "Ω"'} <= parties
    assert "\\ud83d\\ude80 crew" in fast[1]  # outside ASCII: escaped as json.dumps does


def test_a_chunk_judged_on_the_thread_returns_its_warnings_and_sets_no_filter(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Python's warning filters are one for the process: the chunk judged on slacalc
    # evaluate's second thread gives its warnings back as messages, never through
    # the warnings module (whose filters the main thread may be using).
    import warnings

    from slacalc.cli._inputs import catalogue, instant

    rows = [r for r in _rows() if r["ticket"] == "INC00001"]
    rows.append(
        {"ticket": "INC-9", "at": "2026-10-01T09:00:00+00:00", "field": "created", "value": ""}
    )
    for field, value in (("service", "email"), ("customer", "Finance"), ("priority", "P9")):
        rows.append(
            {"ticket": "INC-9", "at": "2026-10-01T09:00:00+00:00", "field": field, "value": value}
        )
    table = pq.read_table(_write(tmp_path / "a.parquet", rows))
    used: list[object] = []
    cat = catalogue(CATALOGUE)
    with monkeypatch.context() as m:  # undone before pytest's own warning capture
        m.setattr(warnings, "catch_warnings", lambda *a, **k: used.append(a))
        m.setattr(warnings, "warn", lambda *a, **k: used.append(a))
        got = _stream.fast_chunk(table, cat, as_of=instant(AS_OF), unmatched="error")
    assert got is not None
    assert used == []
    # The clock's warning (a priority without a target) and one read off the table.
    assert any("no resolution target for priority 'P9'" in m for m in got[1])
    assert any("'In progress', 'New' are named by no policy" in m for m in got[1])


def test_the_csv_is_the_same_with_the_kernel_and_by_arrow(tmp_path: Path) -> None:
    # csv_bytes by the C kernel's csv_rows and by Arrow's joins (its twin), on the
    # example history's outcomes at 1 June (pending cycles: no stop; met ones: no
    # breach; attribution, underpinning).
    import slacalc as sc
    from slacalc import tables
    from slacalc.cli import _csv

    path = _write(tmp_path / "a.parquet", _rows())
    cat = sc.load(EXAMPLES / "catalogue.toml")
    with pytest.warns(Warning):
        out = tables.evaluate(
            tables.read_parquet(path), cat, as_of=datetime(2026, 6, 1, tzinfo=UTC)
        )
    assert out.num_rows > 100 and out.column("stop").null_count and out.column("breach").null_count
    fast = bytes(_csv.csv_bytes(out))
    with pytest.MonkeyPatch.context() as m:
        m.setattr(_csv, "KERNEL", None)
        slow = bytes(_csv.csv_bytes(out))
    assert fast == slow
    assert fast.count(b"\n") == out.num_rows
