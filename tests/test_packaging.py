"""What the install instructions and the package metadata promise."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).parent.parent
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]


def _install_lines() -> list[tuple[str, str]]:
    pages = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
    pages += sorted((ROOT / "examples").glob("*.py")) + sorted((ROOT / "src").rglob("*.py"))
    found = []
    for page in pages:
        for line in page.read_text(encoding="utf-8").splitlines():
            found += [
                (page.name, m) for m in re.findall(r"pip install ((?:(?!&&)[^`)\n#;])*)", line)
            ]
    return found


def test_install_lines_name_a_source_that_exists() -> None:
    # slacalc is on no package index: a line that installs it names a path or a URL.
    lines = _install_lines()
    assert lines
    for page, args in lines:
        for word in args.split(",")[0].split():  # "pip install pyarrow, or ..."
            bare = word.strip("'\"")
            if re.fullmatch(r"slacalc(\[[\w,]+\])?", bare):
                assert "@" in args, f"{page}: 'pip install {args}' asks an index for slacalc"


def test_every_documented_extra_exists() -> None:
    extras = set(PROJECT["optional-dependencies"])
    for _, args in _install_lines():
        for named in re.findall(r"\[([\w,]+)\]", args):
            assert set(named.split(",")) <= extras, args


def test_the_test_extra_runs_the_chart_tests() -> None:
    test = " ".join(PROJECT["optional-dependencies"]["test"])
    assert "matplotlib" in test


def test_wheel_names_do_not_promise_a_pure_wheel() -> None:
    # `python -m build` writes a platform wheel where the C kernel compiles and a
    # py3-none-any one where it does not: a line naming one of them fails on the other.
    for page, args in _install_lines():
        for word in args.split():
            if word.strip("'\"").endswith(".whl"):
                assert "py3-none-any" not in word, f"{page}: pip install {args}"
