"""README's Python block, README's main job and every console transcript in docs/ run.

A ``console`` block holds ``$ slacalc ...`` lines, each followed by what the command
prints (standard output, then standard error); ``...`` matches anything, as in a
doctest. The commands run in the repository's root, in this process.
"""

from __future__ import annotations

import doctest
import os
import re
import runpy
import shlex
from pathlib import Path

import pytest

from slacalc.cli import main

ROOT = Path(__file__).parent.parent
DOCS = sorted((ROOT / "docs").glob("*.md"))
_CONSOLE = re.compile(r"```console\n(.*?)```", re.S)
_PYTHON = re.compile(r"```python\n(.*?)```", re.S)
_SH = re.compile(r"```sh\n(.*?)```", re.S)


def transcripts(page: Path) -> list[tuple[str, str]]:
    """(command, expected output) for every ``$ slacalc`` line of ``page``."""
    found: list[tuple[str, str]] = []
    for block in _CONSOLE.findall(page.read_text(encoding="utf-8")):
        for chunk in re.split(r"^\$ ", block, flags=re.M)[1:]:
            command, _, output = chunk.partition("\n")
            found.append((command, output))
    return found


CASES = [(p.name, c, o) for p in DOCS for c, o in transcripts(p)]


def run_cli(command: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    argv = shlex.split(command)
    assert argv[0] == "slacalc", command
    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        status = main(argv[1:])
    finally:
        os.chdir(cwd)
    out = capsys.readouterr()
    return status, out.out + out.err


@pytest.mark.parametrize(
    ("page", "command", "expected"), CASES, ids=[f"{p}:{c[:60]}" for p, c, _ in CASES]
)
def test_console_transcript(
    page: str, command: str, expected: str, capsys: pytest.CaptureFixture[str]
) -> None:
    _, printed = run_cli(command, capsys)
    checker = doctest.OutputChecker()
    flags = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE
    want = "\n".join(line.rstrip() for line in expected.splitlines()) + "\n"
    got = "\n".join(line.rstrip() for line in printed.splitlines()) + "\n"
    assert checker.check_output(want, got, flags), (
        f"{page}: $ {command}\n--- docs\n{want}--- now\n{got}"
    )


def test_every_page_with_a_transcript_is_found() -> None:
    assert {p for p, _, _ in CASES} >= {"howto-calendars.md"}


def test_readme_python_block_runs(tmp_path: Path) -> None:
    blocks = _PYTHON.findall((ROOT / "README.md").read_text(encoding="utf-8"))
    assert blocks, "README has a Python block"
    script = tmp_path / "readme_block.py"
    script.write_text("\n\n".join(blocks), encoding="utf-8")
    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        runpy.run_path(str(script), run_name="__main__")
    finally:
        os.chdir(cwd)


def test_readme_main_job(capsys: pytest.CaptureFixture[str]) -> None:
    """README's first command, after the install: the gap report on the example catalogue."""
    sh = _SH.findall((ROOT / "README.md").read_text(encoding="utf-8"))
    job = next(line for block in sh for line in block.splitlines() if "slacalc gaps" in line)
    command = job[job.index("slacalc gaps") :].strip()
    assert command == "slacalc gaps examples/catalogue.toml --as-of 2026-11-29 --exit-zero"
    status, printed = run_cli(command, capsys)
    assert status == 0
    # The example catalogue's planted gaps (docs/gaps.md walks through each of them).
    assert "Structural gaps in examples/catalogue.toml as of 2026-11-29" in printed
    assert "14 finding(s) in 9 group(s): 4 critical, 2 high, 7 medium, 1 low." in printed
    for kind, sla in (
        ("chain overrun", "crm-sales"),
        ("chain overrun", "erp-finance"),
        ("chain overrun", "email-finance"),
        ("looser commitment", "crm-sales"),
        ("review overdue", "wms-warehouse"),
    ):
        assert re.search(rf"^\S+\s+{kind}\s+{sla}\b", printed, re.M), (kind, sla, printed)


def test_docs_say_what_they_mean_without_the_spec() -> None:
    # The specification is not shipped with the repository: no page may lean on it.
    for page in [*DOCS, ROOT / "README.md"]:
        assert "SPEC" not in page.read_text(encoding="utf-8"), page.name


def test_tutorial_shows_its_files_as_they_are() -> None:
    page = (ROOT / "docs" / "tutorial.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```toml\n(.*?)```", page, re.S)
    desk = (ROOT / "examples" / "tutorial" / "desk.toml").read_text(encoding="utf-8")
    fixed = (ROOT / "examples" / "tutorial" / "desk-fixed.toml").read_text(encoding="utf-8")
    assert blocks[0] == desk
    assert all(block in fixed for block in blocks[1:]) and len(blocks) == 3
    assert {c for p, c, _ in CASES if p == "tutorial.md"} == {
        "slacalc gaps examples/tutorial/desk.toml --as-of 2026-11-29",
        "slacalc gaps examples/tutorial/desk-fixed.toml --as-of 2026-11-29",
    }


def test_index_links_the_tutorial_first() -> None:
    index = (ROOT / "docs" / "index.md").read_text(encoding="utf-8")
    links = re.findall(r"\]\(([\w.-]+\.md)\)", index)
    assert links[0] == "tutorial.md"
