"""The package's shape: no import cycles, no reach-ins into the engine, a light ``import slacalc``.

The import graph is read from the source with :mod:`ast` (module-level imports,
``from slacalc import x`` forms included; ``if TYPE_CHECKING:`` blocks and imports
inside functions are not module-level and are left out). Importing
``slacalc.a.b`` also runs ``slacalc.a``'s ``__init__``, so an edge goes to every
package on the way that is not a package of the importer itself.
"""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

import slacalc as sc

SRC = Path(__file__).resolve().parent.parent / "src"
PACKAGE = SRC / "slacalc"

#: The rooms whose private names belong to the engine; only they may use them.
ENGINE = ("slacalc._engine", "slacalc.calendar")

#: Private reach-ins into the engine or the calendar that remain, each with its reason.
#: Keep this list visible and short: an entry goes when the caller gets a named method.
ALLOWED_REACH_INS: dict[tuple[str, str], str] = {}


def _modules() -> dict[str, Path]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = list(path.relative_to(SRC).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


MODULES = _modules()


def _is_package(name: str) -> bool:
    return MODULES[name].name == "__init__.py"


def _type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _module_level(body: list[ast.stmt]) -> Iterator[ast.stmt]:
    """Statements run at import time: into if/try/with blocks, never into defs or classes."""
    for node in body:
        if isinstance(node, ast.If):
            if not _type_checking(node.test):
                yield from _module_level(node.body)
            yield from _module_level(node.orelse)
        elif isinstance(node, ast.Try):
            for block in (node.body, node.orelse, node.finalbody):
                yield from _module_level(block)
            for handler in node.handlers:
                yield from _module_level(handler.body)
        elif isinstance(node, ast.With):
            yield from _module_level(node.body)
        else:
            yield node


def _deepest(dotted: str) -> str | None:
    """The longest prefix of ``dotted`` that is a slacalc module."""
    parts = dotted.split(".")
    while parts:
        if ".".join(parts) in MODULES:
            return ".".join(parts)
        parts.pop()
    return None


def _absolute(importer: str, node: ast.ImportFrom) -> str:
    if not node.level:
        return node.module or ""
    base = importer.split(".")
    if not _is_package(importer):
        base.pop()
    base = base[: len(base) - (node.level - 1)]
    return ".".join([*base, node.module] if node.module else base)


def _imports(importer: str) -> Iterator[tuple[str, str | None]]:
    """``(module, name)`` for each module-level import: the module run, the name taken."""
    tree = ast.parse(MODULES[importer].read_text(encoding="utf-8"))
    for node in _module_level(tree.body):
        if isinstance(node, ast.Import):
            for alias in node.names:
                target = _deepest(alias.name)
                if target:
                    yield target, None
        elif isinstance(node, ast.ImportFrom):
            source = _absolute(importer, node)
            target = _deepest(source)
            if target is None:
                continue
            for alias in node.names:
                sub = f"{source}.{alias.name}"
                if sub in MODULES:
                    yield sub, None
                else:
                    yield target, alias.name


def _graph() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {name: set() for name in MODULES}
    for importer in MODULES:
        own = {importer.rsplit(".", k)[0] for k in range(importer.count(".") + 1)}
        for target, _ in _imports(importer):
            parts = target.split(".")
            for i in range(1, len(parts) + 1):
                step = ".".join(parts[:i])
                if step in MODULES and step not in own and step != importer:
                    graph[importer].add(step)
            if target != importer:
                graph[importer].add(target)
    return graph


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(name: str) -> list[str] | None:
        state[name] = 1
        stack.append(name)
        for nxt in sorted(graph[name]):
            if state.get(nxt) == 1:
                return [*stack[stack.index(nxt) :], nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        stack.pop()
        state[name] = 2
        return None

    for name in sorted(graph):
        if name not in state and (found := visit(name)):
            return found
    return None


def test_the_walk_sees_the_tree() -> None:
    graph = _graph()
    assert "slacalc.calendar.calendar" in graph["slacalc.calendar"]
    assert "slacalc.gaps._overrun" in graph["slacalc.gaps._context"]  # a from-package form
    assert "slacalc.calendar" in graph["slacalc.agreements.agreements"]  # the package runs too
    assert _cycle({"a": {"b"}, "b": {"a"}}) == ["a", "b", "a"]
    assert _cycle({"a": {"b"}, "b": set()}) is None


def test_no_import_cycles() -> None:
    assert _cycle(_graph()) is None


def _engine_private_attributes() -> set[str]:
    """The private names of the Calendar and the engine's classes (methods and fields)."""
    names: set[str] = set()
    for module in ("slacalc.calendar.calendar", "slacalc._engine.timeline"):
        tree = ast.parse(MODULES[module].read_text(encoding="utf-8"))
        for cls in (n for n in tree.body if isinstance(n, ast.ClassDef)):
            for item in cls.body:
                if isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef):
                    names.add(item.name)
                elif isinstance(item, ast.AnnAssign) and isinstance(item.target, ast.Name):
                    names.add(item.target.id)
    return {n for n in names if n.startswith("_") and not n.startswith("__")}


def _reach_ins() -> set[tuple[str, str]]:
    private = _engine_private_attributes()
    found: set[tuple[str, str]] = set()
    for name, path in MODULES.items():
        if name.startswith(ENGINE):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                if node.module.startswith(ENGINE):
                    for alias in node.names:
                        if alias.name.startswith("_"):
                            found.add((name, f"{node.module}.{alias.name}"))
            elif isinstance(node, ast.Attribute) and node.attr in private:
                owner = node.value
                if not (isinstance(owner, ast.Name) and owner.id in {"self", "cls"}):
                    found.add((name, node.attr))
    return found


def test_the_reach_in_check_sees_private_names() -> None:
    private = _engine_private_attributes()
    assert {"_add", "_chunk", "_cov", "_node", "_periods"} <= private


def test_no_private_reach_ins_into_the_engine() -> None:
    found = _reach_ins()
    assert found <= ALLOWED_REACH_INS.keys(), sorted(found - ALLOWED_REACH_INS.keys())
    assert ALLOWED_REACH_INS.keys() <= found, "an allowed reach-in is gone: drop it from the list"


#: Packages whose ``__init__`` defines names itself, each with its reason.
NOT_FACES: dict[str, str] = {}


def test_faces_only_re_export() -> None:
    """Each subpackage ``__init__`` holds imports, ``__all__`` and its docstring only."""
    for name, path in MODULES.items():
        if name == "slacalc" or not _is_package(name) or name in NOT_FACES:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in tree.body:
            assert isinstance(node, ast.Import | ast.ImportFrom | ast.Expr | ast.Assign), (
                name,
                ast.dump(node)[:80],
            )
            if isinstance(node, ast.Assign):
                assert [t.id for t in node.targets if isinstance(t, ast.Name)] == ["__all__"]


HEAVY = ("numpy", "pandas", "pyarrow", "polars", "duckdb", "pyspark", "matplotlib", "dask")


def _fresh(code: str) -> str:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(SRC), env.get("PYTHONPATH", "")])
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    )
    return done.stdout.strip()


def test_import_slacalc_imports_no_array_library() -> None:
    code = f"import sys, slacalc; print(sorted(m for m in {HEAVY!r} if m in sys.modules))"
    assert _fresh(code) == "[]"


def test_the_second_tier_is_lazy() -> None:
    code = "import sys, slacalc; print('slacalc.measure' in sys.modules)"
    assert _fresh(code) == "False"
    code = "import sys, slacalc; slacalc.assess; print('slacalc.measure' in sys.modules)"
    assert _fresh(code) == "True"


#: Every name ``slacalc`` exported before the package tree (kept importable as ``sc.X``).
BEFORE = [
    "DEFAULT_HORIZON",
    "OLA",
    "SLA",
    "UC",
    "Action",
    "ActionStatus",
    "Agreement",
    "ArgumentTypeError",
    "Availability",
    "Baseline",
    "BreachCategory",
    "Cadence",
    "Calendar",
    "Catalogue",
    "CatalogueError",
    "Chain",
    "ChartUnavailableError",
    "Compliance",
    "Direction",
    "Explanation",
    "Finding",
    "FindingKind",
    "FlagKind",
    "HorizonError",
    "InvalidValueError",
    "Landing",
    "Month",
    "NaiveDatetimeError",
    "NeverClosesError",
    "NeverOpenError",
    "OpenTicket",
    "Outage",
    "Outcome",
    "ParseError",
    "Pause",
    "Period",
    "PriorityMatrix",
    "PriorityProblem",
    "ProblemCandidate",
    "RecordError",
    "Recurring",
    "Report",
    "ReportingPeriod",
    "Review",
    "ReviewFlag",
    "ReviewKind",
    "ScheduledReview",
    "Service",
    "Severity",
    "SlaTarget",
    "SlacalcError",
    "Stage",
    "Status",
    "Target",
    "Ticket",
    "TicketRecord",
    "Timer",
    "TimerEventError",
    "TimerState",
    "TimerStatus",
    "Trend",
    "UnknownCountryError",
    "UnknownLevelError",
    "UnknownZoneError",
    "__version__",
    "assess",
    "availability",
    "baselines",
    "breaches_by_category",
    "breaching",
    "build_report",
    "check_targets",
    "compliance",
    "deadline",
    "elapsed",
    "find_gaps",
    "format_duration",
    "improvement_flags",
    "load",
    "loads",
    "parse_duration",
    "problem_candidates",
    "read_history",
    "read_open_tickets",
    "read_outages",
    "review_schedule",
    "sla_for",
    "statuses",
    "target_table",
    "trend",
    "trends",
    "write_chart",
]


@pytest.mark.parametrize("name", BEFORE)
def test_every_old_top_level_name_still_works(name: str) -> None:
    assert getattr(sc, name) is not None
    assert name in dir(sc)


def test_first_tier_is_small_and_unknown_names_fail() -> None:
    assert len(sc.__all__) < 40
    assert set(sc.__all__) <= set(BEFORE)
    with pytest.raises(AttributeError, match="no attribute 'nonsense'"):
        _ = sc.nonsense  # type: ignore[attr-defined]


def test_agreements_no_longer_re_exports_the_catalogue() -> None:
    import slacalc.agreements
    import slacalc.catalogue

    assert not hasattr(slacalc.agreements, "Catalogue")
    assert slacalc.catalogue.Catalogue is sc.Catalogue
