"""Calendar expressions are bounded (issue 14): doubling chains and deep nesting are
clear catalogue problems, never a MemoryError or RecursionError."""

from __future__ import annotations

import pytest

import slacalc as sc

BASE = '[calendars.c0]\ntz = "UTC"\nhours = { mon-fri = "09:00-17:00" }\n'


def _problems(text: str) -> list[tuple[str, str]]:
    with pytest.raises(sc.CatalogueError) as info:
        sc.loads(text)
    return list(info.value.problems)


def test_a_doubling_chain_is_refused_where_it_passes_the_bound() -> None:
    text = BASE + "".join(f'[calendars.c{n}]\nexpr = "c{n - 1} | c{n - 1}"\n' for n in range(1, 27))
    # c10 stands for 2**10 = 1024 weekly calendars, the first over 1000.
    ((where, message),) = _problems(text)
    assert where == "calendars.c10.expr" and "1024 calendars" in message


def test_nine_doublings_load() -> None:
    text = BASE + "".join(f'[calendars.c{n}]\nexpr = "c{n - 1} | c{n - 1}"\n' for n in range(1, 10))
    assert "c9" in sc.loads(text).calendars


@pytest.mark.parametrize(
    ("expr", "said"),
    [
        ("(" * 200 + "c0" + ")" * 200, "nests"),
        ("~" * 1000 + "c0", "nests"),
        (" | ".join(["c0"] * 101), "more than 100"),
    ],
)
def test_deep_or_long_text_is_a_parse_problem(expr: str, said: str) -> None:
    ((where, message),) = _problems(BASE + f'[calendars.x]\nexpr = "{expr}"\n')
    assert where == "calendars.x.expr" and said in message
