"""``slacalc evaluate --path``: the vectorised clock and the engine print the same.

The engine is the twin: every format, several chunk sizes (so warnings are summed
over chunks), skipped tickets and warnings, on the example history and on a
catalogue the vectorised clock refuses.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

pytest.importorskip("numpy")
pytest.importorskip("pyarrow")

import slacalc.cli.evaluate as evaluate_cmd

ROOT = Path(__file__).parent.parent.parent
EXAMPLES = ROOT / "examples"
AS_OF = "2026-10-15T00:00:00Z"

Run = Callable[..., tuple[int, str, str]]


@pytest.fixture(scope="module")
def history(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The first 6,000 rows of the example history (whole tickets but the last)."""
    lines = (EXAMPLES / "activity.csv").read_text(encoding="utf-8").splitlines()[:6001]
    path = tmp_path_factory.mktemp("paths") / "activity.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return str(path)


@pytest.mark.parametrize("fmt", ["csv", "json", "table"])
@pytest.mark.parametrize("chunk", ["100000", "700"])
def test_the_paths_print_the_same(run: Run, history: str, fmt: str, chunk: str) -> None:
    args = ("evaluate", history, "--catalogue", str(EXAMPLES / "catalogue.toml"))
    args += ("--as-of", AS_OF, "--format", fmt, "--chunk-rows", chunk, "--no-progress")
    engine = run(*args, "--path", "engine")
    fast = run(*args, "--path", "vectorised")
    auto = run(*args)
    assert engine[0] == 0 and engine[1].count("\n") > 1000
    assert fast == engine
    assert auto == engine
    assert "are named by no policy" in engine[2]  # the warnings are compared too


def test_auto_takes_the_vectorised_clock(
    run: Run, history: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*a: object, **k: object) -> object:
        raise AssertionError("the engine was called")

    monkeypatch.setattr(evaluate_cmd, "evaluate", refuse)
    code, out, _ = run(
        "evaluate", history, "--catalogue", str(EXAMPLES / "catalogue.toml"), "--as-of", AS_OF,
        "--format", "csv", "--no-progress",
    )  # fmt: skip
    assert code == 0 and out.startswith("ticket,kind,agreement")


RENEW = """
[calendars.uk]
tz = "Europe/London"
hours = { mon-fri = "09:00-17:00" }
[services.email]
name = "Email"
[sla.email-fin]
service = "email"
customer = "Finance"
calendar = "uk"
targets.P1 = { response = "30m", resolution = "4h" }
[activity.policies.sla.resolution]
stop = 'status == "Resolved"'
renew = 'comment == "public-reply"'
"""

LOG = """ticket,at,field,value
INC-1,2026-03-02T09:00:00Z,created,
INC-1,2026-03-02T09:00:00Z,service,email
INC-1,2026-03-02T09:00:00Z,customer,Finance
INC-1,2026-03-02T09:00:00Z,priority,P1
INC-1,2026-03-02T09:00:00Z,status,New
INC-1,2026-03-02T10:00:00Z,comment,public-reply
INC-1,2026-03-02T12:00:00Z,status,Resolved
INC-2,2026-03-02T09:00:00Z,created,
INC-2,2026-03-02T09:00:00Z,service,vpn
INC-2,2026-03-02T09:00:00Z,customer,Finance
INC-2,2026-03-02T09:00:00Z,priority,P1
"""


def test_where_the_vectorised_clock_does_not_apply(run: Run, tmp_path: Path) -> None:
    (tmp_path / "cat.toml").write_text(RENEW, encoding="utf-8")
    (tmp_path / "log.csv").write_text(LOG, encoding="utf-8")
    args = ("evaluate", str(tmp_path / "log.csv"), "--catalogue", str(tmp_path / "cat.toml"))
    args += ("--as-of", "2026-03-03T00:00:00Z", "--format", "csv", "--unmatched", "skip")
    engine = run(*args, "--path", "engine")
    assert engine[0] == 0
    assert [line.split(",")[3] for line in engine[1].splitlines()[1:]] == [
        "response",
        "resolution",
        "resolution",
    ]  # renewed at the reply: two resolution cycles
    assert run(*args) == engine  # auto: the engine
    code, out, err = run(*args, "--path", "vectorised")
    assert code == 2 and out == ""
    assert "--path vectorised: the vectorised clock does not apply" in err


def test_warnings_in_one_order_on_both_paths(run: Run, tmp_path: Path) -> None:
    # The engine meets the P9 ticket (no target) before the skipped vpn tickets; the
    # vectorised clock gives the skip warning before the clocks': printed sorted, after
    # the statuses no policy names.
    plain = RENEW.split("[activity.policies")[0]
    rows = ["ticket,at,field,value"]
    for name, service, prio in (("A", "email", "P9"), ("B", "vpn", "P1"), ("C", "vpn", "P1")):
        at = "2026-03-02T09:00:00Z"
        rows += [f"{name},{at},created,", f"{name},{at},service,{service}"]
        rows += [f"{name},{at},customer,Finance", f"{name},{at},priority,{prio}"]
        rows += [f"{name},{at},status,New"]
    (tmp_path / "cat.toml").write_text(plain, encoding="utf-8")
    (tmp_path / "log.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    args = ("evaluate", str(tmp_path / "log.csv"), "--catalogue", str(tmp_path / "cat.toml"))
    args += ("--as-of", "2026-03-03T00:00:00Z", "--format", "csv", "--unmatched", "skip")
    engine = run(*args, "--path", "engine")
    assert run(*args, "--path", "vectorised") == engine
    said = [line for line in engine[2].splitlines() if "warning" in line]
    # The statuses no policy names, the absent field 'comment', then the rest sorted.
    assert len(said) == 5 and "status value(s) 'New'" in said[0] and "'comment'" in said[1]
    assert said[2:] == sorted(said[2:])
    assert sum("priority 'P9'" in line for line in said) == 2  # response and resolution
    assert any("(2 times)" in line and "'vpn'" in line for line in said)
