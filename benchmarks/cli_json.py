"""``slacalc evaluate FILE.parquet --format json``: the JSON written by columns beside by rows.

Run (from the repository root, with NumPy and pyarrow; slacalc installed or
``PYTHONPATH=src``)::

    python benchmarks/cli_json.py                     # 200,000 tickets, ~2M rows
    python benchmarks/cli_json.py --tickets 1000000   # the 10M-row export

The activity comes from ``benchmarks/gen_activity_large.py`` (seeded), written
once as Parquet. The command an analyst runs, ``slacalc evaluate FILE
--catalogue examples/catalogue.toml --as-of 2027-01-01T00:00:00Z --format
json``, is timed in its own process twice: as it is (each chunk's outcomes
written a column at a time with Arrow, :func:`slacalc.cli._json.json_bytes`),
and with the chunks' rows written as before, ``json.dumps`` of each row's dict
(:func:`slacalc.cli._rows.table_rows`); both judge the chunks with the
vectorised clock. Both outputs are compared byte for byte (and their
warnings), and the ratio printed.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

import pyarrow.parquet as pq

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import source_state
from cli_parquet import command, digest
from gen_activity_large import generate

#: The command with each chunk's rows written by ``json.dumps``, row by row.
BY_ROWS = (
    "import sys; import slacalc.cli.evaluate as e; from slacalc.cli._rows import table_rows; "
    "e._Stream.write_table = lambda self, t, human, as_json: "
    "self.write(table_rows(t, human=human, json=as_json)); "
    "from slacalc.cli.app import main; sys.exit(main(sys.argv[1:]))"
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tickets", type=int, default=200_000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--dir", type=Path, default=Path("/tmp"))
    args = parser.parse_args()
    print(source_state(), f"| load average {os.getloadavg()[0]:.2f}")
    stem = args.dir / f"slacalc-cli-json-{args.tickets}-{args.seed}"
    parquet = stem.with_suffix(".parquet")
    if not parquet.exists():
        pq.write_table(generate(args.tickets, args.seed), parquet, row_group_size=1_000_000)
    n = pq.ParquetFile(parquet).metadata.num_rows
    print(f"{args.tickets:,} tickets, {n:,} activity rows")
    got = {}
    for label, rows in (("JSON by columns (Arrow)", False), ("JSON by rows (json.dumps)", True)):
        load = os.getloadavg()[0]
        out = stem.with_suffix(f".{'rows' if rows else 'columns'}.json")
        head = [sys.executable, "-c", BY_ROWS] if rows else None
        got[label] = figures = command(parquet, out, "json", head)
        figures["digest"], _ = digest(out)
        figures["size"] = out.stat().st_size
        out.unlink()
        print(
            f"  {label:26} {figures['wall']:7.1f} s  peak {figures['peak_mib']:6.0f} MiB  "
            f"{figures['size'] / 2**20:8.0f} MiB out  (load {load:.2f})"
        )
    a, b = got.values()
    same = a["digest"] == b["digest"] and a["stderr"] == b["stderr"]
    print(f"  the same bytes and warnings: {same}")
    print(f"  by columns / by rows: {float(b['wall']) / float(a['wall']):.1f}x")
    if not same:
        raise SystemExit("the two outputs differ")


if __name__ == "__main__":
    main()
