"""Dictionary-encoded activity columns (pandas ``category``, Polars ``Categorical``,
Parquet read with ``read_dictionary``) take the vectorised clock and give the table
their text columns give.

The twin is the same activity with plain text columns, itself compared with the
per-ticket engine elsewhere (test_tables_path.py); here every column of every row
is compared, with dictionaries that differ from chunk to chunk, hold values no row
uses, or hold a value twice.
"""

from __future__ import annotations

import warnings
from datetime import UTC, datetime
from itertools import pairwise
from pathlib import Path

import pytest

pytest.importorskip("numpy")
pa = pytest.importorskip("pyarrow")
pc = pytest.importorskip("pyarrow.compute")

import slacalc as sc  # noqa: E402
import slacalc.tables._vclock as vclock  # noqa: E402
from slacalc import tables  # noqa: E402

ROOT = Path(__file__).parent.parent.parent
AS_OF = datetime(2026, 10, 15, tzinfo=UTC)


@pytest.fixture(scope="module")
def example() -> tuple[object, sc.Catalogue]:
    from test_tables_path import example_table

    return example_table(), sc.load(ROOT / "examples" / "catalogue.toml")


def _evaluate(table: object, cat: sc.Catalogue) -> list[dict]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return tables.evaluate(table, cat, as_of=AS_OF, path="vectorised").to_pylist()


def _encoded(table: object, names: tuple[str, ...], pieces: int = 1) -> object:
    """``table`` with the columns ``names`` dictionary-encoded, in ``pieces`` chunks each
    encoded on its own (so their dictionaries differ)."""
    n = table.num_rows
    cuts = [n * i // pieces for i in range(pieces + 1)]
    for name in names:
        column = table.column(name).combine_chunks()
        chunks = [pc.dictionary_encode(column.slice(a, b - a)) for a, b in pairwise(cuts)]
        table = table.set_column(table.column_names.index(name), name, pa.chunked_array(chunks))
    return table


@pytest.mark.parametrize("names", [("field", "value"), ("ticket", "field", "value")])
@pytest.mark.parametrize("pieces", [1, 7])
def test_dictionary_columns_give_the_text_columns_table(
    example: tuple, names: tuple[str, ...], pieces: int
) -> None:
    table, cat = example
    coded = _encoded(table, names, pieces)
    assert all(pa.types.is_dictionary(coded.column(n).type) for n in names)
    got = _evaluate(coded, cat)
    assert len(got) == 19825 and got == _evaluate(table, cat)


def test_odd_dictionaries(example: tuple) -> None:
    # A dictionary with values no row uses and one value twice: read as its text.
    table, cat = example
    value = table.column("value").combine_chunks()
    words = pc.unique(value).to_pylist()
    dictionary = pa.array(["unused", *words, words[0]], pa.string())
    index = {w: i + 1 for i, w in enumerate(words)}
    codes = [index[v] for v in value.to_pylist()]
    codes[0] = len(words) + 1  # the duplicate of words[0]: the same text
    assert dictionary[codes[0]].as_py() == value[0].as_py()
    odd = pa.DictionaryArray.from_arrays(pa.array(codes, pa.int32()), dictionary)
    coded = table.set_column(table.column_names.index("value"), "value", odd)
    assert _evaluate(coded, cat) == _evaluate(table, cat)


def test_the_field_and_value_codes_are_taken_as_they_are(
    example: tuple, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Unique dictionaries are not hashed again: no dictionary_encode of field or value.
    table, cat = example
    coded = _encoded(table, ("field", "value"), 3)
    plain = _evaluate(table, cat)
    unsorted = table.sort_by([("ticket", "descending")])  # stable: rows in time order
    coded_unsorted = _encoded(unsorted, ("field", "value"), 3)
    seen: list[object] = []
    inner = pc.dictionary_encode

    def counted(column: object, *a: object, **k: object) -> object:
        seen.append(column.type)  # type: ignore[attr-defined]
        return inner(column, *a, **k)

    monkeypatch.setattr(pc, "dictionary_encode", counted)
    assert _evaluate(coded, cat) == plain
    # The ticket column alone, and not even it where its ids ascend (coded by runs).
    ascending = vclock._runs(pa, pc, table.column("ticket")) is not None
    assert seen == ([] if ascending else [pa.string()])
    seen.clear()
    _evaluate(coded_unsorted, cat)
    assert seen == [pa.string()]


def test_pandas_category_columns(example: tuple) -> None:
    pd = pytest.importorskip("pandas")
    table, cat = example
    frame = table.to_pandas()
    frame["field"] = frame["field"].astype("category")
    frame["value"] = frame["value"].astype("category")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        fast = tables.evaluate(frame, cat, as_of=AS_OF, path="vectorised")
        plain = tables.evaluate(table.to_pandas(), cat, as_of=AS_OF, path="vectorised")
    assert isinstance(fast, pd.DataFrame) and len(fast) == 19825
    assert fast.equals(plain)


def test_polars_categorical_columns(example: tuple) -> None:
    pl = pytest.importorskip("polars")
    table, cat = example
    frame = pl.from_arrow(table).with_columns(
        pl.col("field").cast(pl.Categorical), pl.col("value").cast(pl.Categorical)
    )
    assert pa.types.is_dictionary(frame.to_arrow().schema.field("value").type)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        fast = tables.evaluate(frame, cat, as_of=AS_OF, path="vectorised")
        plain = tables.evaluate(pl.from_arrow(table), cat, as_of=AS_OF, path="vectorised")
    assert isinstance(fast, pl.DataFrame) and fast.height == 19825
    assert fast.equals(plain)


def _tiny(value: object = None, ticket_null: bool = False) -> tuple[object, sc.Catalogue]:
    from datetime import timedelta

    from test_vclock_blocks import _EMAIL as desk

    t0, h = datetime(2026, 3, 2, 9, tzinfo=UTC), timedelta(hours=1)
    rows = [
        ("I1", t0, "created", ""),
        ("I1", t0, "service", "email"),
        ("I1", t0, "customer", "Finance"),
        ("I1", t0, "priority", "P1"),
        ("I1", t0, "status", "Open"),
        (None if ticket_null else "I1", t0 + h, "status", value),
    ]
    table = pa.table(
        {
            "ticket": pa.array([r[0] for r in rows], pa.string()),
            "at": pa.array([r[1] for r in rows], pa.timestamp("us", tz="UTC")),
            "field": [r[2] for r in rows],
            "value": pa.array([r[3] for r in rows], pa.string()),
        }
    )
    return table, desk


def _outcome(table: object, desk: sc.Catalogue, path: str) -> object:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            got = tables.evaluate(
                table, desk, as_of=datetime(2026, 3, 2, 11, tzinfo=UTC), path=path
            )
    except sc.SlacalcError as error:
        return type(error).__name__, str(error)
    return got.to_pylist()


@pytest.mark.parametrize(("name", "ticket_null"), [("value", False), ("ticket", True)])
@pytest.mark.parametrize("path", ["vectorised", "auto"])
def test_a_null_in_the_dictionary_is_a_null(name: str, ticket_null: bool, path: str) -> None:
    # A dictionary may hold the null itself (null_encoding="encode": no null index):
    # refused as the text column's null is, not read as a code.
    table, desk = _tiny(None, ticket_null)
    coded = table.set_column(
        table.column_names.index(name),
        name,
        pc.dictionary_encode(table.column(name), null_encoding="encode"),
    )
    assert coded.column(name).null_count == 0 and coded.column(name).chunk(0).dictionary.null_count
    text = _outcome(table, desk, path)
    assert isinstance(text, tuple) and ("null" in text[1] or "missing" in text[1])
    assert _outcome(coded, desk, path) == text
