"""``tables.read_parquet``: a Parquet activity file as the table ``evaluate`` takes, with
``field`` and ``value`` as dictionaries, giving the outcomes of the file read as text."""

from __future__ import annotations

import warnings
from datetime import UTC, datetime
from pathlib import Path

import pytest

pytest.importorskip("numpy")
pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")

import slacalc as sc  # noqa: E402
from slacalc import tables  # noqa: E402
from slacalc.measure import RecordError  # noqa: E402
from test_tables_path import example_table  # noqa: E402

ROOT = Path(__file__).parent.parent.parent


def test_the_example_history_gives_the_outcomes_of_its_text(tmp_path: Path) -> None:
    path = tmp_path / "a.parquet"
    pq.write_table(example_table(), path, row_group_size=4_000)
    read = tables.read_parquet(path)
    assert pa.types.is_dictionary(read.column("field").type)
    assert pa.types.is_dictionary(read.column("value").type)
    assert pa.types.is_string(read.column("ticket").type)
    cat = sc.load(ROOT / "examples" / "catalogue.toml")
    as_of = datetime(2026, 10, 15, tzinfo=UTC)
    said = []
    for table in (read, pq.read_table(path)):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            said.append(tables.evaluate(table, cat, as_of=as_of, path="vectorised"))
        said.append(sorted(str(w.message) for w in caught))
    got, got_warned, want, want_warned = said
    assert got.num_rows == 19_825
    assert got.equals(want)
    assert got_warned == want_warned and got_warned


def test_other_columns_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "b.parquet"
    pq.write_table(pa.table({"ticket": ["A"], "when": ["x"], "field": ["created"]}), path)
    with pytest.raises(RecordError, match="columns ticket, when, field; expected"):
        tables.read_parquet(path)
