"""Priority matrices and target checks (SPEC section 5): the ITIL table, checks, errors."""

from __future__ import annotations

import itertools
from datetime import timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import slacalc as sc
from slacalc.agreements import Target
from slacalc.errors import ArgumentTypeError, ParseError, SlacalcError, UnknownLevelError
from slacalc.priority import PriorityMatrix, PriorityProblem, check_targets
from strategies import examples

ITIL = PriorityMatrix.itil()

# SPEC section 5, cell by cell.
ITIL_TABLE = {
    ("high", "high"): "P1",
    ("high", "medium"): "P2",
    ("medium", "high"): "P2",
    ("high", "low"): "P3",
    ("medium", "medium"): "P3",
    ("low", "high"): "P3",
    ("medium", "low"): "P4",
    ("low", "medium"): "P4",
    ("low", "low"): "P5",
}


@pytest.mark.parametrize(("cell", "priority"), sorted(ITIL_TABLE.items()))
def test_itil_table(cell, priority):
    assert ITIL.priority(*cell) == priority


def test_itil_levels_match_case_insensitively():
    assert ITIL.priority("HIGH", "Medium") == "P2"
    assert ITIL.priority("lOw", "LOW") == "P5"
    assert ITIL.impacts == ("high", "medium", "low")
    assert ITIL.urgencies == ("high", "medium", "low")
    assert ITIL.priorities == ("P1", "P2", "P3", "P4", "P5")
    assert ITIL.problems() == []


def test_unknown_levels_list_the_known_ones():
    with pytest.raises(UnknownLevelError) as info:
        ITIL.priority("critical", "high")
    error = info.value
    assert isinstance(error, KeyError) and isinstance(error, SlacalcError)
    assert error.value == "critical"
    assert error.known == ("high", "medium", "low")
    assert str(error) == "impact 'critical' is not known; known: 'high', 'medium', 'low'"
    with pytest.raises(UnknownLevelError, match="urgency 'urgent'"):
        ITIL.priority("high", "urgent")
    with pytest.raises(UnknownLevelError, match="priority 'P9'"):
        ITIL.rank("P9")


def test_levels_must_be_strings():
    with pytest.raises(ArgumentTypeError):
        ITIL.priority(1, "high")  # type: ignore[arg-type]


def test_rank_orders_priorities_highest_first():
    assert [ITIL.rank(p) for p in ("P1", "p3", "P5")] == [0, 2, 4]


def test_default_order_uses_the_numbers_in_labels():
    # P10 is lower than P2; numbers sort numerically, not as text.
    m = PriorityMatrix(["a", "b"], ["x", "y"], [["P2", "P3"], ["P3", "P10"]])
    assert m.priorities == ("P2", "P3", "P10")
    assert m.problems() == []


def test_default_order_without_numbers_reads_from_the_top_left():
    m = PriorityMatrix(["high", "low"], ["high", "low"], [["Critical", "High"], ["High", "Normal"]])
    assert m.priorities == ("Critical", "High", "Normal")
    explicit = PriorityMatrix(
        ["high", "low"],
        ["high", "low"],
        [["Critical", "High"], ["High", "Normal"]],
        priorities=["Normal", "High", "Critical"],  # reversed: now everything is inverted
    )
    assert len(explicit.problems()) == 4


def test_non_monotone_grids_are_flagged_as_data():
    # medium impact with high urgency gives P1, above high impact with high urgency (P2).
    m = PriorityMatrix(
        ["high", "medium", "low"],
        ["high", "medium", "low"],
        [["P2", "P2", "P3"], ["P1", "P3", "P4"], ["P3", "P4", "P5"]],
    )
    problems = m.problems()
    assert problems == [
        PriorityProblem(
            "non-monotone impact",
            "grid[1][0]",
            "impact 'medium' with urgency 'high' gives P1, a higher priority than impact "
            "'high' with urgency 'high' (P2), though its impact is lower",
        )
    ]
    urgency = PriorityMatrix(["high"], ["high", "low"], [["P3", "P1"]])
    assert [(p.kind, p.where) for p in urgency.problems()] == [
        ("non-monotone urgency", "grid[0][1]")
    ]


@st.composite
def grids(draw: st.DrawFn) -> tuple[int, int, list[list[str]]]:
    rows, cols = draw(st.integers(1, 4)), draw(st.integers(1, 4))
    grid = [[f"P{draw(st.integers(1, 5))}" for _ in range(cols)] for _ in range(rows)]
    return rows, cols, grid


@settings(max_examples=examples(200))
@given(grids())
def test_problems_are_empty_iff_the_grid_is_monotone(shape):
    rows, cols, grid = shape
    m = PriorityMatrix([f"i{k}" for k in range(rows)], [f"u{k}" for k in range(cols)], grid)
    rank = {p: int(p[1:]) for row in grid for p in row}
    # Brute force: every pair of cells, one at least as high on both axes as the other.
    monotone = all(
        rank[grid[i][j]] <= rank[grid[i2][j2]]
        for i, i2 in itertools.combinations_with_replacement(range(rows), 2)
        for j, j2 in itertools.combinations_with_replacement(range(cols), 2)
    )
    assert (m.problems() == []) == monotone


def test_matrix_is_a_frozen_value():
    assert PriorityMatrix.itil() == ITIL
    assert hash(PriorityMatrix.itil()) == hash(ITIL)
    with pytest.raises(AttributeError):
        ITIL.grid = ()  # type: ignore[misc]


@pytest.mark.parametrize(
    ("args", "kwargs", "words"),
    [
        ((["h", "l"], ["h"], [["P1"]]), {}, "2 rows"),
        ((["h"], ["h", "l"], [["P1"]]), {}, "a row of 2"),
        ((["h"], ["h"], [["P1", "P2"]]), {}, "a row of 1"),
        ((["h"], ["h"], [[""]]), {}, "priority label"),
        ((["h"], ["h"], [[1]]), {}, "priority label"),
        ((["h"], ["h"], "P1"), {}, "1 rows"),
        (([], ["h"], []), {}, "at least one level"),
        ((["high", "HIGH"], ["h"], [["P1"], ["P2"]]), {}, "not given before"),
        ((["h", ""], ["h"], [["P1"], ["P2"]]), {}, "non-empty level"),
        ((["h"], ["h"], [["P1"]]), {"priorities": ["P1", "p1"]}, "not given before"),
    ],
)
def test_malformed_matrices_are_refused(args, kwargs, words):
    with pytest.raises(ParseError, match=words) as info:
        PriorityMatrix(*args, **kwargs)
    assert isinstance(info.value, ValueError)


def test_levels_must_be_a_sequence():
    with pytest.raises(ArgumentTypeError):
        PriorityMatrix("high", ["h"], [["P1"]])


def test_explicit_priorities_must_cover_the_grid():
    with pytest.raises(UnknownLevelError, match="'P2'"):
        PriorityMatrix(["h", "l"], ["h"], [["P1"], ["P2"]], priorities=["P1"])


# --------------------------------------------------------------------------- targets

ALWAYS = sc.Calendar.always()
UK = sc.Calendar.weekly({"mon-fri": "09:00-17:30"}, tz="Europe/London")
H = timedelta(hours=1)


def test_targets_that_tighten_with_priority_pass():
    targets = {
        "P1": {"response": Target(H / 4, ALWAYS), "resolution": Target(4 * H, ALWAYS)},
        "P2": {"response": Target(H / 2, ALWAYS), "resolution": Target(8 * H, ALWAYS)},
        "P3": {"resolution": Target(8 * H, ALWAYS)},  # equal is not looser
    }
    assert check_targets(targets) == []


def test_a_higher_priority_with_a_looser_target_is_flagged():
    targets = {
        "P2": {"resolution": Target(4 * H, UK)},  # given out of order: P1 still ranks first
        "P1": {"resolution": Target(8 * H, UK)},
        "P3": {"resolution": Target(2 * H, UK)},
    }
    problems = check_targets(targets)
    assert [(p.kind, p.where) for p in problems] == [
        ("looser than a lower priority", "P1.resolution"),
        ("looser than a lower priority", "P2.resolution"),
    ]
    assert problems[0].message == (
        "P1 allows 8h for resolution, more than P2 (4h), though P1 is the higher priority"
    )


def test_a_response_looser_than_its_resolution_is_flagged():
    targets = {"P1": {"response": Target(5 * H, UK), "resolution": Target(4 * H, UK)}}
    [problem] = check_targets(targets)
    assert (problem.kind, problem.where) == ("response looser than resolution", "P1.response")
    assert "5h to respond but only 4h to resolve" in problem.message


def test_targets_on_different_calendars_are_not_compared():
    # 8 hours on 24x7 may well end before 4 business hours: no finding either way.
    targets = {
        "P1": {"response": Target(8 * H, ALWAYS), "resolution": Target(4 * H, UK)},
        "P2": {"resolution": Target(2 * H, ALWAYS)},
    }
    assert check_targets(targets) == []


def test_target_order_can_come_from_the_matrix():
    targets = {
        "Critical": {"resolution": Target(8 * H, UK)},
        "Normal": {"resolution": Target(4 * H, UK)},
    }
    assert check_targets(targets) != []
    flipped = check_targets(targets, order=["Normal", "Critical"])
    assert flipped == []
    with pytest.raises(UnknownLevelError, match="'Normal'"):
        check_targets(targets, order=["Critical"])
