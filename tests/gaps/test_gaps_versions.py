"""find_gaps on effective-dated agreements: the version in force on ``as_of``, stated."""

from __future__ import annotations

from datetime import UTC, date, datetime

import slacalc as sc
from slacalc.agreements import AgreementVersion, target_table
from slacalc.gaps import FindingKind

UK = sc.Calendar.weekly({"mon-fri": "09:00-17:00"}, tz="Europe/London")


def catalogue() -> sc.Catalogue:
    def t(hours: str) -> object:
        return target_table(UK, {"P2": {"resolution": hours}})

    return sc.Catalogue(
        calendars={"uk": UK},
        services=[sc.Service("email", "Email")],
        slas=[
            sc.SLA(
                id="email-fin",
                service="email",
                customer="Finance",
                calendar=UK,
                targets=t("8h"),  # type: ignore[arg-type]
                reviewed=date(2026, 5, 1),
                # from 1 July the customer is promised 4h; the desk still commits to 6h
                versions=[AgreementVersion(date(2026, 7, 1), t("4h"))],  # type: ignore[arg-type]
            )
        ],
        olas=[
            sc.OLA(
                id="desk",
                team="Desk",
                owner="Priya",
                calendar=UK,
                supports=["email-fin"],
                targets=t("6h"),  # type: ignore[arg-type]
                reviewed=date(2026, 5, 1),
            )
        ],
        chains=[sc.Chain("email-fin", "resolution", ["desk.resolution"])],
    )


def kinds(as_of: date, **kw: object) -> dict[str, list[sc.Finding]]:
    out: dict[str, list[sc.Finding]] = {}
    for f in sc.find_gaps(catalogue(), as_of=as_of, **kw):  # type: ignore[arg-type]
        out.setdefault(str(f.kind), []).append(f)
    return out


def test_the_version_in_force_on_as_of_is_analysed() -> None:
    before = kinds(date(2026, 6, 15), horizon=1)
    after = kinds(date(2026, 7, 1), horizon=1)
    # 6h of desk time fits in the 8h promise, not in the 4h one
    assert "chain overrun" not in before and "looser commitment" not in before
    assert "chain overrun" in after and "looser commitment" in after
    assert all(
        f.sla == "email-fin"
        for k in ("chain overrun", "looser commitment")
        for f in after.get(k, [])
    )


def test_the_analysis_states_the_version_it_read() -> None:
    [f] = kinds(date(2026, 6, 15))["version change"]
    assert f.kind is FindingKind.VERSION_CHANGE and f.agreement == "email-fin"
    assert str(f.severity) == "low"  # the change falls inside the 12-month window
    assert f.explanation.startswith("SLA email-fin is analysed as it stands on 15 June 2026: its")
    assert "its own targets" in f.explanation and "1 July 2026" in f.explanation
    assert f.evidence["version"] == 0
    assert f.evidence["next_from"] == datetime(2026, 6, 30, 23, tzinfo=UTC)
    [f] = kinds(date(2026, 6, 15), horizon="7d")["version change"]
    assert str(f.severity) == "info"  # after the window
    [f] = kinds(date(2026, 7, 1))["version change"]
    assert str(f.severity) == "info"
    assert "the version in force from 1 July 2026" in f.explanation
    assert f.evidence["version"] == 1 and f.evidence["next_from"] is None
    assert f.evidence["in_force_from"] == datetime(2026, 6, 30, 23, tzinfo=UTC)


def test_unversioned_catalogues_have_no_version_findings() -> None:
    cat = catalogue()
    plain = sc.Catalogue(
        calendars=cat.calendars,
        services=cat.services,
        slas=[cat.slas[0].in_force(date(2026, 1, 1))],
        olas=cat.olas,
        chains=cat.chains,
    )
    found = sc.find_gaps(plain, as_of=date(2026, 7, 1))
    assert not [f for f in found if f.kind is FindingKind.VERSION_CHANGE]
    # the same analysis as the versioned catalogue's before the change
    versioned = [
        f
        for f in sc.find_gaps(catalogue(), as_of=date(2026, 6, 1), horizon="7d")
        if f.kind is not FindingKind.VERSION_CHANGE
    ]
    assert versioned == sc.find_gaps(plain, as_of=date(2026, 6, 1), horizon="7d")
