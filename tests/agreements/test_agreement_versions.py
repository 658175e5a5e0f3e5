"""Effective-dated agreement versions: the model, its checks and the catalogue in force."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

import slacalc as sc
from slacalc.agreements import SLA, AgreementVersion, target_table

UK = sc.Calendar.weekly({"mon-fri": "09:00-17:00"}, tz="Europe/London")
NY = sc.Calendar.weekly({"mon-fri": "09:00-17:00"}, tz="America/New_York")
H = timedelta(hours=1)


def v(when: datetime | date, hours: int, cal: sc.Calendar = UK, **kw: object) -> AgreementVersion:
    return AgreementVersion(when, target_table(cal, {"P2": {"resolution": hours * H}}), **kw)  # type: ignore[arg-type]


def sla(*versions: AgreementVersion, cal: sc.Calendar = UK) -> SLA:
    return SLA(
        id="email-fin",
        service="email",
        customer="Finance",
        calendar=cal,
        targets=target_table(cal, {"P2": {"resolution": "8h"}}),
        versions=versions,
    )


def hours(a: SLA) -> int:
    return a.target("P2", "resolution").duration // H


def test_a_date_is_midnight_in_the_agreements_zone() -> None:
    # 1 July 2026 00:00 in London (BST) is 30 June 23:00 UTC; in New York (EDT) 04:00 UTC.
    assert sla(v(date(2026, 7, 1), 4)).effective_from == (datetime(2026, 6, 30, 23, tzinfo=UTC),)
    ny = sla(v(date(2026, 7, 1), 4, NY), cal=NY)
    assert ny.effective_from == (datetime(2026, 7, 1, 4, tzinfo=UTC),)


def test_in_force_switches_at_the_instant() -> None:
    a = sla(v(date(2026, 7, 1), 4), v(datetime(2026, 9, 1, 12, tzinfo=UTC), 2))
    cut = datetime(2026, 6, 30, 23, tzinfo=UTC)
    assert hours(a.in_force(cut - timedelta(microseconds=1))) == 8
    assert hours(a.in_force(cut)) == 4  # in force from its instant on
    assert hours(a.in_force(date(2026, 7, 1))) == 4
    assert hours(a.in_force(datetime(2026, 9, 1, 11, 59, tzinfo=UTC))) == 4
    assert hours(a.in_force(datetime(2026, 9, 1, 13, tzinfo=ZoneInfo("Europe/London")))) == 2
    assert hours(a.latest()) == 2
    assert [a.version_index(d) for d in (date(2026, 1, 1), date(2026, 8, 1), date(2027, 1, 1))] == [
        0,
        1,
        2,
    ]
    assert a.in_force(date(2026, 8, 1)).versions == ()


def test_unversioned_agreement_is_itself() -> None:
    a = sla()
    assert a.in_force(date(2026, 7, 1)) is a
    assert a.latest() is a and a.effective_from == () and a.version_index(date(2000, 1, 1)) == 0


def test_version_calendar_replaces_the_agreements() -> None:
    a = sla(v(date(2026, 7, 1), 4, NY, calendar=NY))
    assert a.in_force(date(2026, 7, 2)).calendar is NY
    assert a.in_force(date(2026, 6, 2)).calendar is UK
    assert a.in_force(date(2026, 7, 2)).target("P2", "resolution").calendar is NY


def test_versions_are_values() -> None:
    assert sla(v(date(2026, 7, 1), 4)) == sla(v(date(2026, 7, 1), 4))
    assert hash(sla(v(date(2026, 7, 1), 4))) == hash(sla(v(date(2026, 7, 1), 4)))
    assert sla(v(date(2026, 7, 1), 4)) != sla(v(date(2026, 7, 2), 4))
    assert sla(v(date(2026, 7, 1), 4)) != sla()


@pytest.mark.parametrize(
    ("versions", "message"),
    [
        ((date(2026, 7, 1), date(2026, 7, 1)), r"versions\[1\]\.effective.*strictly later"),
        ((date(2026, 7, 2), date(2026, 7, 1)), r"versions\[1\]\.effective.*strictly later"),
        # the same instant written twice: a date and the instant it means
        (
            (date(2026, 7, 1), datetime(2026, 6, 30, 23, tzinfo=UTC)),
            r"versions\[1\]\.effective",
        ),
    ],
)
def test_versions_must_rise_strictly(versions: tuple[date, ...], message: str) -> None:
    with pytest.raises(sc.InvalidValueError, match=message):
        sla(*(v(d, 4) for d in versions))


def test_bad_version_values() -> None:
    with pytest.raises(sc.NaiveDatetimeError, match="effective"):
        v(datetime(2026, 7, 1), 4)
    with pytest.raises(sc.ArgumentTypeError, match="effective"):
        v("2026-07-01", 4)  # type: ignore[arg-type]
    with pytest.raises(sc.ArgumentTypeError, match="Target"):
        AgreementVersion(date(2026, 7, 1), {"P2": {"resolution": "4h"}})  # type: ignore[dict-item]
    with pytest.raises(sc.ArgumentTypeError, match="calendar"):
        v(date(2026, 7, 1), 4, calendar="uk")
    with pytest.raises(sc.ArgumentTypeError, match=r"versions\[0\]"):
        SLA(id="x", service="s", customer="c", calendar=UK, versions=[date(2026, 7, 1)])  # type: ignore[list-item]
    with pytest.raises(sc.ArgumentTypeError, match="versions"):
        SLA(id="x", service="s", customer="c", calendar=UK, versions=v(date(2026, 7, 1), 4))  # type: ignore[arg-type]
    a = sla(v(date(2026, 7, 1), 4))
    with pytest.raises(sc.NaiveDatetimeError):
        a.in_force(datetime(2026, 7, 1))
    with pytest.raises(sc.ArgumentTypeError):
        a.in_force("2026-07-01")  # type: ignore[arg-type]
    with pytest.raises(sc.InvalidValueError):
        a.as_version(2)
    with pytest.raises(sc.ArgumentTypeError):
        a.as_version(True)


def catalogue(*versions: AgreementVersion, **kw: object) -> sc.Catalogue:
    ola = sc.OLA(
        id="desk",
        team="Desk",
        calendar=UK,
        supports=["email-fin"],
        targets=target_table(UK, {"P2": {"resolution": "2h"}}),
        versions=kw.pop("ola_versions", ()),  # type: ignore[arg-type]
    )
    return sc.Catalogue(
        priorities=sc.PriorityMatrix.itil(),
        services=[sc.Service("email", "Email")],
        slas=[sla(*versions)],
        olas=[ola],
        chains=[sc.Chain("email-fin", "resolution", ["desk.resolution"])],
    )


def test_catalogue_in_force() -> None:
    cat = catalogue(v(date(2026, 7, 1), 4))
    assert cat.versioned
    assert cat.target("email-fin", "P2", "resolution").duration == 8 * H
    then = cat.in_force(date(2026, 7, 1))
    assert not then.versioned
    assert then.target("email-fin", "P2", "resolution").duration == 4 * H
    assert then.chain_for("email-fin", "P2", "resolution") is not None
    plain = catalogue()
    assert plain.in_force(date(2026, 7, 1)) is plain
    with pytest.raises(sc.NaiveDatetimeError):
        plain.in_force(datetime(2026, 7, 1))
    with pytest.raises(sc.ArgumentTypeError):
        plain.in_force("2026-07-01")  # type: ignore[arg-type]


def test_catalogue_checks_every_version() -> None:
    bad = AgreementVersion(date(2026, 7, 1), target_table(UK, {"P9": {"resolution": "4h"}}))
    with pytest.raises(sc.CatalogueError) as info:
        catalogue(bad)
    paths = [p for p, _ in info.value.problems]
    assert "sla.email-fin.versions[0].targets.P9" in paths
    empty = AgreementVersion(date(2026, 7, 1), {})
    with pytest.raises(sc.CatalogueError, match=r"versions\[0\]\.targets: a version needs"):
        catalogue(empty)


def test_a_version_that_breaks_a_chain_is_a_problem() -> None:
    # From 1 August the desk commits to P3 only: the chain delivering P2 has no stage then.
    drops = AgreementVersion(date(2026, 8, 1), target_table(UK, {"P3": {"resolution": "2h"}}))
    with pytest.raises(sc.CatalogueError) as info:
        catalogue(ola_versions=[drops])
    [(path, message)] = info.value.problems
    assert path == "chains[0]"
    assert "applies to no priority" in message
    assert "versions in force from 2026-07-31 23:00 UTC" in message
