"""The gap report's pictures and the report chart, checked by rendering them."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

import slacalc as sc
from slacalc.cli import main
from slacalc.gaps.charts import chain_chart, coverage_chart

ROOT = Path(__file__).parent.parent.parent
EXAMPLE = ROOT / "examples" / "catalogue.toml"
PNG = b"\x89PNG\r\n\x1a\n"


def _pixels(path: Path) -> object:
    image = pytest.importorskip("matplotlib.image")
    return image.imread(path)


def test_coverage_chart_draws_a_row_per_calendar(tmp_path: Path) -> None:
    pytest.importorskip("matplotlib")
    cat = sc.load(EXAMPLE)
    out = coverage_chart(cat, date(2026, 11, 30), tmp_path / "c.png")
    assert out.read_bytes().startswith(PNG)
    pixels = _pixels(out)
    height = pixels.shape[0]  # type: ignore[attr-defined]
    assert height > 40 * (len(cat.calendars) - 1) * 0.8  # a row per calendar
    # not a blank canvas: many distinct colours (one per row)
    colours = {tuple(p) for p in pixels.reshape(-1, pixels.shape[2])[::97]}  # type: ignore[attr-defined]
    assert len(colours) > 8


def test_chain_chart_of_the_worst_case_and_refusals(tmp_path: Path) -> None:
    pytest.importorskip("matplotlib")
    findings = sc.find_gaps(sc.load(EXAMPLE), as_of=date(2026, 11, 29))
    overrun = next(f for f in findings if f.kind == "chain overrun")
    assert chain_chart(overrun, tmp_path / "x.svg").read_text().lstrip().startswith("<?xml")
    text = (tmp_path / "x.svg").read_text()
    assert "SLA deadline Thu 24 Dec 17:36" in text  # the promise, as the finding says
    undocumented = next(f for f in findings if f.kind == "undocumented")
    with pytest.raises(sc.ParseError):
        chain_chart(undocumented, tmp_path / "u.png")
    with pytest.raises(sc.ParseError):
        chain_chart(overrun, tmp_path / "u.jpg")


def test_gaps_chart_option_writes_the_pictures(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pytest.importorskip("matplotlib")
    argv = ["gaps", str(EXAMPLE), "--as-of", "2026-11-29", "--exit-zero"]
    assert main([*argv, "--chart", str(tmp_path / "pics")]) == 0
    names = sorted(p.name for p in (tmp_path / "pics").iterdir())
    # groups 1-5 of the report are the chain overruns and looser commitments
    assert names == [
        "chain-1.png",
        "chain-2.png",
        "chain-3.png",
        "chain-4.png",
        "chain-5.png",
        "coverage.png",
    ]
    assert "6 chart(s) written" in capsys.readouterr().err


def test_docs_show_committed_small_pictures() -> None:
    pages = "".join(p.read_text(encoding="utf-8") for p in (ROOT / "docs").glob("*.md"))
    shown = {"img/gaps-coverage.png", "img/gaps-chain.png", "img/report-trend.png"}
    for name in shown:
        assert f"]({name})" in pages, name
        picture = ROOT / "docs" / name
        assert picture.read_bytes().startswith(PNG) and picture.stat().st_size < 150_000


def test_report_chart_one_scale_counts_and_legend_outside(tmp_path: Path) -> None:
    pytest.importorskip("matplotlib")
    code = main(
        [
            "report",
            str(ROOT / "examples" / "history.csv"),
            "--catalogue",
            str(EXAMPLE),
            "--period",
            "2026-Q3",
            "--chart",
            str(tmp_path / "t.svg"),
        ]
    )
    assert code == 0
    svg = (tmp_path / "t.svg").read_text()
    # Customer Services (webshop), April: 31 resolution rows with a stop in history.csv (awk)
    assert "n=31" in svg and "(n = requests judged)" in svg
