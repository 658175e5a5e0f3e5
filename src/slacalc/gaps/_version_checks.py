"""Which version of each effective-dated agreement an analysis reads, and what changes next.

:func:`slacalc.find_gaps` analyses the catalogue as it stood on its ``as_of`` day
(:meth:`slacalc.Catalogue.in_force`); :func:`_versions` states that, per
agreement with versions, in one ``version change`` finding: the version read,
and the next one if any (``low`` when it takes effect inside the window, since
tickets in the window will be judged by a version this analysis did not read).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

from slacalc._engine.instants import from_us, to_us
from slacalc.agreements.agreements import SLA, Agreement
from slacalc.catalogue.model import Catalogue
from slacalc.gaps._context import _Context, _window
from slacalc.gaps.findings import Finding, FindingKind, Severity


def _day(agreement: Agreement, at: datetime) -> str:
    local = at.astimezone(agreement.calendar.tz)
    return f"{local.day} {local:%B %Y}" + (
        "" if local.time() == local.time().min else f" {local:%H:%M}"
    )


def _versions(original: Catalogue, ctx: _Context) -> Iterator[Finding]:
    for a in original.agreements:
        if not a.versions:
            continue
        k = a.version_index(ctx.as_of)
        starts = a.effective_from
        read = (
            "its own targets" if k == 0 else f"the version in force from {_day(a, starts[k - 1])}"
        )
        on = f"{ctx.as_of.day} {ctx.as_of:%B %Y}"
        text = f"{a.kind} {a.id} is analysed as it stands on {on}: {read}."
        severity = Severity.INFO
        after = starts[k] if k < len(starts) else None
        if after is not None:
            _, hi = _window(a.calendar.tz, ctx.as_of, ctx.horizon)
            inside = to_us(after) < hi
            text += f" Its next version takes effect on {_day(a, after)}" + (
                ", inside the window analysed: tickets from then on are judged by "
                f"targets this analysis did not check (analyse again as of "
                f"{from_us(to_us(after), a.calendar.tz):%Y-%m-%d})."
                if inside
                else "."
            )
            severity = Severity.LOW if inside else Severity.INFO
        yield Finding(
            FindingKind.VERSION_CHANGE,
            severity,
            a.id if isinstance(a, SLA) else None,
            None,
            None,
            a.id,
            text,
            {
                "version": k,
                "in_force_from": starts[k - 1] if k else None,
                "next_from": after,
                "versions": len(a.versions),
            },
        )
