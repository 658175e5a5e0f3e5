"""``iter_activity`` and ``slacalc evaluate`` in chunks of whole tickets.

Chunked reading gives the very tickets (and the CLI the very bytes) of reading
the whole file; a ticket that comes back after others is refused with its line.
"""

from __future__ import annotations

import io
import json
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest

import slacalc as sc
from slacalc.activity import iter_activity, read_activity
from slacalc.cli import evaluate as evaluate_cli
from slacalc.cli import main
from slacalc.cli._output import emit

ROOT = Path(__file__).parent.parent.parent
ACTIVITY = ROOT / "examples" / "activity.csv"
CATALOGUE = str(ROOT / "examples" / "catalogue.toml")
AS_OF = "2026-10-15T00:00:00Z"


def _rows(log: sc.activity.ActivityLog) -> int:
    return sum(1 + len(a.initial) + len(a.changes) for a in log)


@pytest.mark.parametrize("chunk", [1, 7, 1000])
def test_chunks_are_the_whole_file(chunk: int) -> None:
    whole = list(read_activity(ACTIVITY))
    chunks = list(iter_activity(ACTIVITY, chunk_rows=chunk))
    assert [a for c in chunks for a in c] == whole
    # At most chunk_rows rows, plus the rest of the ticket that crossed the bound.
    longest = max(_rows(sc.activity.ActivityLog([a])) for a in whole)
    assert max(_rows(c) for c in chunks) <= chunk + longest
    assert len(chunks) > 1


def _cli(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        status = main(list(argv))
    return status, out.getvalue(), err.getvalue()


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_cli_output_is_the_same_in_any_chunk_size(fmt: str) -> None:
    base = ["evaluate", str(ACTIVITY), "--catalogue", CATALOGUE, "--as-of", AS_OF]
    base += ["--format", fmt, "--no-progress"]
    runs = [_cli(*base, "--chunk-rows", n) for n in ("1", "7", "100000000")]
    assert all(r == runs[0] for r in runs) and runs[0][0] == 0
    if fmt == "json":
        assert len(json.loads(runs[0][1])) > 10_000
    # Warnings are the file's, once each, not the chunks'.
    warned = [line for line in runs[0][2].splitlines() if "warning" in line]
    assert len(warned) == len(set(warned)) == 3


def test_streamed_json_is_the_listed_json() -> None:
    rows = [{"a": 1, "b": [1, 2], "c": None}, {"a": 2, "b": [], "c": "x"}]
    for part in ([], rows[:1], rows):
        expected, got = io.StringIO(), io.StringIO()
        emit(part, "json", expected)
        stream = evaluate_cli._Stream("json", got)
        stream.write(part)
        stream.close()
        assert got.getvalue() == expected.getvalue()


def test_a_ticket_that_comes_back_is_refused(tmp_path: Path) -> None:
    f = tmp_path / "split.csv"
    f.write_text(
        "ticket,at,field,value\n"
        "A,2026-03-02T09:00Z,created,\n"
        "B,2026-03-02T10:00Z,created,\n"
        "A,2026-03-02T11:00Z,status,Open\n",
        encoding="utf-8",
    )
    with pytest.raises(sc.RecordError, match="line 4") as caught:
        list(iter_activity(f))
    assert "grouped by ticket" in str(caught.value)
    status, _, err = _cli("evaluate", str(f), "--catalogue", CATALOGUE, "--as-of", AS_OF)
    assert status == 2 and "line 4" in err


def test_bad_rows_are_reported_for_their_chunk(tmp_path: Path) -> None:
    f = tmp_path / "bad.csv"
    f.write_text(
        "ticket,at,field,value\nA,2026-03-02T09:00Z,created,\nB,yesterday,created,\n",
        encoding="utf-8",
    )
    with pytest.raises(sc.RecordError, match=r"line 3, column 2 \(at\)"):
        list(iter_activity(f))
    with pytest.raises(sc.ArgumentTypeError):
        list(iter_activity(f, chunk_rows=0))


def test_progress_goes_to_stderr(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(evaluate_cli, "PROGRESS_BYTES", 1)
    argv = ["evaluate", str(ACTIVITY), "--catalogue", CATALOGUE, "--as-of", AS_OF]
    status, out, err = _cli(*argv, "--format", "csv", "--chunk-rows", "2000")
    lines = [line for line in err.splitlines() if "reading" in line]
    assert status == 0 and "reading" not in out
    assert lines[-1].endswith(": 100%") and 5 <= len(lines) <= 10
    _, _, quiet = _cli(*argv, "--format", "csv", "--no-progress")
    assert "reading" not in quiet
