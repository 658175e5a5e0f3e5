"""``slacalc evaluate`` on a large activity export: Parquet read as columns beside CSV.

Run (from the repository root, with NumPy and pyarrow; slacalc installed or
``PYTHONPATH=src``)::

    python benchmarks/cli_parquet.py                    # 1,000,000 tickets, ~10M rows
    python benchmarks/cli_parquet.py --tickets 100000   # a quicker run

The activity comes from ``benchmarks/gen_activity_large.py`` (seeded), written
once as Parquet and as CSV (the same rows; instants ISO 8601 in UTC). The
command an analyst runs on an export, ``slacalc evaluate FILE --catalogue
examples/catalogue.toml --as-of 2027-01-01T00:00:00Z --format csv``, is timed on
each file in its own process (wall time and peak RSS of the child): the Parquet
file is read as Arrow columns and judged by the vectorised clock straight from
them; the CSV file is read row by row into activity logs (what every file took
before), each chunk then judged by the vectorised clock. Both outputs are
compared byte for byte (and their warnings), and the ratio printed.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import subprocess
import sys
import time
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import source_state
from gen_activity_large import generate

ROOT = Path(__file__).resolve().parent.parent
AS_OF = "2027-01-01T00:00:00Z"
#: A small parent for the command, printing the command's own peak RSS (KiB) last on
#: stderr (a child forked from this process would count this process's pages).
MEASURED = [
    sys.executable,
    "-c",
    "import resource, subprocess, sys; code = subprocess.run(sys.argv[1:]).returncode; "
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr); "
    "sys.exit(code)",
]


def as_csv(table: pa.Table, path: Path) -> None:
    """The activity as the CSV the reader takes: ``at`` as ISO 8601 text in UTC."""
    at = pc.strftime(table.column("at"), format="%Y-%m-%dT%H:%M:%S", locale="C")
    text = pa.table(
        {
            "ticket": table.column("ticket"),
            "at": pc.binary_join_element_wise(at, pa.scalar("+00:00"), ""),
            "field": table.column("field"),
            "value": table.column("value").fill_null(""),
        }
    )
    pacsv.write_csv(text, path, pacsv.WriteOptions(quoting_style="none"))


def command(
    path: Path, out: Path, fmt: str = "csv", head: list[str] | None = None
) -> dict[str, float | str]:
    """The command in a fresh process (``head``: what runs it, ``python -m slacalc`` by
    default): wall time, the child's peak RSS, its stderr."""
    head = head or [sys.executable, "-m", "slacalc"]
    argv = [*head, "evaluate", str(path), "--catalogue", str(ROOT / "examples" / "catalogue.toml"),
            "--as-of", AS_OF, "--format", fmt, "--no-progress"]  # fmt: skip
    t0 = time.perf_counter()
    with out.open("wb") as sink:
        run = subprocess.run([*MEASURED, *argv], stdout=sink, stderr=subprocess.PIPE, check=False)
    wall = time.perf_counter() - t0
    *lines, peak = run.stderr.decode().splitlines(keepends=True)
    if run.returncode:
        raise SystemExit(f"{path}: exit {run.returncode}\n{''.join(lines)}")
    return {"wall": wall, "peak_mib": int(peak) / 1024, "stderr": "".join(lines)}


def digest(path: Path) -> tuple[str, int]:
    h, lines = hashlib.sha256(), 0
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
            lines += block.count(b"\n")
    return h.hexdigest(), lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tickets", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--dir", type=Path, default=Path("/tmp"))
    args = parser.parse_args()
    print(source_state(), f"| load average {os.getloadavg()[0]:.2f}")
    stem = args.dir / f"slacalc-cli-{args.tickets}-{args.seed}"
    parquet, csv_file = stem.with_suffix(".parquet"), stem.with_suffix(".csv")
    if not parquet.exists() or not csv_file.exists():
        table = generate(args.tickets, args.seed)
        pq.write_table(table, parquet, row_group_size=1_000_000)
        as_csv(table, csv_file)
    rows = pq.ParquetFile(parquet).metadata.num_rows
    print(f"{args.tickets:,} tickets, {rows:,} activity rows: "
          f"{parquet.stat().st_size / 2**20:.0f} MiB Parquet, "
          f"{csv_file.stat().st_size / 2**20:.0f} MiB CSV")  # fmt: skip
    got = {}
    for label, path in (("Parquet, read as columns", parquet), ("CSV, read row by row", csv_file)):
        load = os.getloadavg()[0]
        out = stem.with_suffix(f".{path.suffix[1:]}.out.csv")
        got[label] = figures = command(path, out)
        figures["digest"], figures["lines"] = digest(out)
        print(
            f"  {label:26} {figures['wall']:7.1f} s  peak {figures['peak_mib']:6.0f} MiB  "
            f"{rows / float(figures['wall']):12,.0f} rows/s  (load {load:.2f})"
        )
    a, b = got.values()
    same = a["digest"] == b["digest"] and a["stderr"] == b["stderr"]
    print(f"  outcome rows: {int(a['lines']) - 1:,}; the same bytes and warnings: {same}")
    print(f"  Parquet as columns / CSV by rows: {float(b['wall']) / float(a['wall']):.1f}x")
    if not same:
        raise SystemExit("the two outputs differ")


if __name__ == "__main__":
    main()
