"""An agreement's ``versions`` in the catalogue: its targets (and calendar) from a date on.

Each entry of ``[[sla.<id>.versions]]`` (or ``ola``, ``uc``) is read into an
:class:`~slacalc.agreements.AgreementVersion`; the format is documented in
``docs/catalogue.md`` (section *versions*)::

    [[sla.email-finance.versions]]
    from = 2026-07-01                 # 00:00 in the zone of the agreement's calendar
    targets.P2 = { response = "30m", resolution = "4h" }

Every problem is reported with its key path (``sla.email-finance.versions[1].from``);
a version that cannot be read is left out, its problem reported, so the rest of
the agreement is still checked. The catalogue's checker then checks each
version's priorities and the chains under every version.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Protocol

from slacalc.agreements.agreements import AgreementVersion, Target, key_path
from slacalc.calendar.calendar import Calendar

__all__: list[str] = []

#: The keys of one version.
VERSION = ("from", "calendar", "targets")


class _Reader(Protocol):
    """What this module needs of the catalogue reader."""

    def add(self, path: str, message: str) -> None: ...

    def keys(self, path: str, table: dict[str, Any], allowed: tuple[str, ...]) -> None: ...

    def table(self, value: object, path: str) -> dict[str, Any] | None: ...

    def date(self, value: object, path: str) -> date | None: ...

    def calendar(self, table: dict[str, Any], path: str, why: str = "") -> Calendar: ...

    def targets(
        self, value: object, path: str, calendar: Calendar
    ) -> dict[str, dict[str, Target]]: ...


def _effective(reader: _Reader, table: dict[str, Any], path: str) -> datetime | date | None:
    here = key_path("from", under=path)
    if "from" not in table:
        reader.add(
            here,
            "missing: the date the version takes effect, e.g. from = 2026-07-01 "
            "(00:00 in the zone of the agreement's calendar)",
        )
        return None
    value = table["from"]
    if isinstance(value, datetime):
        if value.utcoffset() is None:
            reader.add(
                here,
                f"{value.isoformat()} is a local date-time, which names no instant: write a "
                "date (read in the zone of the agreement's calendar) or an offset date-time "
                "such as 2026-07-01T00:00:00+01:00",
            )
            return None
        return value
    return reader.date(value, here)


def read_versions(
    reader: _Reader, value: object, path: str, calendar: Calendar
) -> list[AgreementVersion]:
    """The versions of the agreement at ``path`` (its own calendar is ``calendar``)."""
    here = key_path("versions", under=path)
    if not isinstance(value, list):
        reader.add(
            here,
            f"expected an array of tables ([[{here}]]), found {value!r}",
        )
        return []
    out: list[AgreementVersion] = []
    last: tuple[datetime, str] | None = None
    for i, spec in enumerate(value):
        where = key_path("versions", i, under=path)
        table = reader.table(spec, where)
        if table is None:
            continue
        reader.keys(where, table, VERSION)
        effective = _effective(reader, table, where)
        own = reader.calendar(table, where) if "calendar" in table else None
        if "targets" not in table:
            reader.add(
                key_path("targets", under=where),
                "missing: the targets in force from this date (a version replaces all "
                'of the agreement\'s targets), e.g. targets.P1 = { resolution = "4h" }',
            )
            continue
        targets = reader.targets(table["targets"], where, own or calendar)
        if not targets:
            reader.add(key_path("targets", under=where), "a version needs at least one target")
            continue
        if effective is None:
            continue
        version = AgreementVersion(effective, targets, own)
        starts = version.instant(calendar.tz)
        if last is not None and starts <= last[0]:
            reader.add(
                key_path("from", under=where),
                f"{effective} is not later than {last[1]}: versions are listed in "
                "the order they take effect, each strictly later",
            )
            continue
        last = (starts, f"versions[{i}] ({effective})")
        out.append(version)
    return out
