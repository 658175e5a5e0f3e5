"""``iter_activity`` on Parquet: the same tickets as the CSV, in record batches."""

from __future__ import annotations

import csv
from datetime import datetime
from pathlib import Path

import pytest

pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")

import slacalc as sc  # noqa: E402
from slacalc.activity import iter_activity, read_activity  # noqa: E402

ACTIVITY = Path(__file__).parent.parent.parent / "examples" / "activity.csv"


def _parquet(tmp_path: Path, rows: list[dict[str, str]]) -> Path:
    table = pa.table(
        {
            "ticket": [r["ticket"] for r in rows],
            "at": pa.array(
                [datetime.fromisoformat(r["at"]) for r in rows], pa.timestamp("us", tz="UTC")
            ),
            "field": [r["field"] for r in rows],
            "value": [None if r["field"] == "created" else r["value"] for r in rows],
        }
    )
    path = tmp_path / "activity.parquet"
    pq.write_table(table, path, row_group_size=5_000)
    return path


def test_parquet_chunks_are_the_csv(tmp_path: Path) -> None:
    with ACTIVITY.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    path = _parquet(tmp_path, rows)
    whole = list(read_activity(ACTIVITY))
    for chunk in (7, 10_000):
        got = [a for log in iter_activity(path, chunk_rows=chunk) for a in log]
        assert got == whole


def test_parquet_with_other_columns_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.parquet"
    pq.write_table(pa.table({"ticket": ["A"], "when": ["x"]}), path)
    with pytest.raises(sc.RecordError, match="expected ticket, at, field, value"):
        list(iter_activity(path))
