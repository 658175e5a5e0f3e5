"""Reading a catalogue from TOML: calendars, priorities, services, SLAs, OLAs, UCs, chains.

The format is documented key by key in ``docs/catalogue.md``. The reader checks
everything and reports *every* problem at once, each with its key path, in one
:class:`~slacalc.errors.CatalogueError` (whose ``source`` is the file name)::

    calendars.uk-business.hours.mon: '9:00-17:00x' is not HH:MM-HH:MM

>>> cat = loads('''
... [calendars.uk-office]
... tz = "Europe/London"
... hours = { mon-fri = "08:00-18:00" }
... [calendars.out-of-hours]
... expr = "always - uk-office"
... [services.email]
... name = "Corporate email"
... [sla.email-finance]
... service = "email"
... customer = "Finance"
... calendar = "uk-office"
... targets.P1 = { response = "15m", resolution = "4h", calendar = "always" }
... ''')
>>> cat.target("email-finance", "P1", "resolution").duration
datetime.timedelta(seconds=14400)
>>> loads('[calendars.x]\\ntz = "Mars/Olympus"\\nhours = {}')
Traceback (most recent call last):
...
slacalc.errors.CatalogueError: <string>: 1 problem(s) in the catalogue:
  calendars.x.tz: time zone 'Mars/Olympus' is not an IANA zone name (expected e.g. 'Europe/London')
"""

from __future__ import annotations

import contextlib
import difflib
import os
import re
import tomllib
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from fractions import Fraction
from pathlib import Path
from typing import Any, ParamSpec, TypeVar

from slacalc._escape import control_characters, terminal
from slacalc._validate import share
from slacalc.agreements.agreements import (
    OLA,
    SLA,
    UC,
    Chain,
    Service,
    Stage,
    Target,
    key_path,
    unknown,
)
from slacalc.calendar.calendar import Calendar
from slacalc.calendar.recurring import Recurring
from slacalc.catalogue._activity import read_activity
from slacalc.catalogue._expr import (
    MAX_EXPR_CALENDARS,
    MAX_EXPR_DEPTH,
    Expr,
    evaluate,
    expr_depth,
    names,
    parse,
)
from slacalc.catalogue._platforms import platform_problems
from slacalc.catalogue._versions import read_versions
from slacalc.catalogue.model import Catalogue
from slacalc.durations import parse_duration
from slacalc.errors import ArgumentTypeError, CatalogueError, ParseError, SlacalcError
from slacalc.priority import PriorityMatrix

__all__ = ["load", "loads"]

T = TypeVar("T")
P = ParamSpec("P")
Table = dict[str, Any]

_TOP = (
    "calendars",
    "priorities",
    "services",
    "sla",
    "ola",
    "uc",
    "chains",
    "platforms",
    "activity",
)
_CALENDAR = ("tz", "hours", "holidays", "closures", "openings", "horizon", "expr")
_RECURRING = ("rrule", "hours", "start", "opening")
_SERVICE = ("name", "customers")
_COMMON = ("calendar", "targets", "escalation", "reviewed", "warnings", "versions")
_AGREEMENT = {
    "sla": ("service", "customer", *_COMMON),
    "ola": ("team", "owner", "supports", *_COMMON),
    "uc": ("supplier", "supports", *_COMMON),
}
_CHAIN = ("sla", "metric", "stages", "priorities")
_MATRIX = ("impacts", "urgencies", "grid")
_HORIZON = re.compile(r"\s*(\d{1,7})\s*([dwy])\s*", re.IGNORECASE)
_HORIZON_DAYS = {"d": 1, "w": 7, "y": 365}
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_CHAIN_INDEX = re.compile(r"chains\[(\d+)\]")


def _kind(value: object) -> str:
    """A TOML value's type, in TOML's words."""
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, datetime):
        return "a local date-time" if value.tzinfo is None else "an offset date-time"
    for cls, name in (
        (str, "a string"),
        (int, "an integer"),
        (float, "a float"),
        (date, "a date"),
        (time, "a local time"),
        (list, "an array"),
        (dict, "a table"),
    ):
        if isinstance(value, cls):
            return name
    return type(value).__name__


def _message(exc: Exception) -> str:
    """An error's message without the ``where:`` prefix (the key path replaces it)."""
    if isinstance(exc, ParseError):
        return f"{exc.value!r} is not {exc.expected}"
    return str(exc)


def _hint(value: str, known: list[str]) -> str:
    close = difflib.get_close_matches(value, known, n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""


class _Reader:
    """One pass over a parsed TOML document, collecting problems and building values."""

    def __init__(self) -> None:
        self.problems: list[tuple[str, str]] = []
        self.always = Calendar.always()
        #: every calendar name; None marks one that is broken (already reported)
        self.calendars: dict[str, Calendar | None] = {}
        #: paths whose values were replaced by stand-ins (their problems are known)
        self.suppress: set[str] = set()

    def add(self, path: str, message: str) -> None:
        self.problems.append((path, message))

    def attempt(self, path: str, make: Callable[P, T], *args: P.args, **kw: P.kwargs) -> T | None:
        """``make(*args, **kw)``, or ``None`` with its slacalc error recorded at ``path``."""
        try:
            return make(*args, **kw)
        except SlacalcError as exc:
            self.add(path, _message(exc))
        except OverflowError as exc:
            self.add(path, f"the value is out of range ({exc})")
        return None

    # -- typed access -------------------------------------------------------------------

    def keys(self, path: str, table: Table, allowed: tuple[str, ...], note: str = "") -> None:
        for key in table:
            if key not in allowed:
                self.add(
                    key_path(key, under=path),
                    f"unknown key{_hint(key, list(allowed))}; expected {', '.join(allowed)}{note}",
                )

    def table(self, value: object, path: str) -> Table | None:
        if isinstance(value, dict):
            return value
        self.add(path, f"expected a table, found {_kind(value)}")
        return None

    def string(self, table: Table, key: str, path: str, why: str = "") -> str | None:
        """``table[key]`` as a string; ``why`` makes it required (and says what it is)."""
        here = key_path(key, under=path)
        if key not in table:
            if why:
                self.add(here, f"missing: {why}")
            return None
        value = table[key]
        if isinstance(value, str):
            return value
        self.add(here, f"expected a string, found {_kind(value)} {value!r}")
        return None

    def strings(self, value: object, path: str) -> list[str] | None:
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list):
            self.add(path, f"expected an array of strings, found {_kind(value)}")
            return None
        bad = [i for i, v in enumerate(value) if not isinstance(v, str)]
        for i in bad:
            self.add(f"{path}[{i}]", f"expected a string, found {_kind(value[i])}")
        return None if bad else list(value)

    def fractions(self, value: object, path: str) -> list[float]:
        """Warning thresholds: a list of fractions in (0, 1] or percentages ``"50%"``."""
        if not isinstance(value, list):
            self.add(
                path, f"expected a list of fractions such as [0.5, 0.75, 0.9], found {_kind(value)}"
            )
            return []
        out = []
        for i, item in enumerate(value):
            if isinstance(item, str):  # "50%", as `--goal 95%` is written on the CLI
                with contextlib.suppress(SlacalcError):
                    item = share(item, f"{path}[{i}]")
            if isinstance(item, Fraction) and item > 0:
                out.append(float(item))
            elif isinstance(item, bool) or not isinstance(item, int | float) or not 0 < item <= 1:
                self.add(
                    f"{path}[{i}]",
                    f"expected a fraction above 0 and at most 1 (0.5 or '50%'), found {item!r}",
                )
            else:
                out.append(float(item))
        return out

    def date(self, value: object, path: str) -> date | None:
        if isinstance(value, date) and not isinstance(value, datetime):
            return value
        if isinstance(value, str) and _ISO_DATE.fullmatch(value.strip()):
            try:
                return date.fromisoformat(value.strip())
            except ValueError:
                pass
        self.add(path, f"expected a date such as 2026-03-01, found {_kind(value)} {value!r}")
        return None

    def duration(self, value: object, path: str) -> timedelta | None:
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            self.add(path, f"expected a duration such as '4h' or '30m', found {_kind(value)}")
            return None
        if not isinstance(value, str):
            self.add(
                path,
                f"{value!r} is a bare number; give a unit, such as '4h' or '30m' "
                "(a business day is not 24 hours, so days are refused)",
            )
            return None
        return self.attempt(path, parse_duration, value, path)

    # -- calendars ----------------------------------------------------------------------

    def read_calendars(self, section: Table) -> None:
        exprs: dict[str, tuple[Expr, timedelta | None]] = {}
        for name, spec in section.items():
            path = key_path("calendars", name)
            if name == "always":
                self.add(path, "'always' is the built-in 24x7 calendar; choose another name")
                continue
            self.calendars[name] = None
            table = self.table(spec, path)
            if table is None:
                continue
            if "expr" not in table:
                self.calendars[name] = self.weekly(path, table)
                continue
            for key in table:
                if key not in ("expr", "horizon"):
                    self.add(
                        key_path(key, under=path),
                        "not allowed beside 'expr' (an expression "
                        "calendar takes its hours from the calendars it names)",
                    )
            text = table["expr"]
            horizon = self.horizon(table, path)
            where = key_path("expr", under=path)
            if not isinstance(text, str):
                self.add(where, f"expected a string, found {_kind(text)}")
                continue
            tree = self.attempt(where, parse, text, where)
            if tree is not None:
                exprs[name] = (tree, horizon)
        self.resolve(exprs)

    def horizon(self, table: Table, path: str) -> timedelta | None:
        if "horizon" not in table:
            return None
        value, here = table["horizon"], key_path("horizon", under=path)
        m = _HORIZON.fullmatch(value) if isinstance(value, str) else None
        if m is not None:
            days = int(m[1]) * _HORIZON_DAYS[m[2].lower()]
            if 0 < days <= 3_660_000:
                return timedelta(days=days)
            self.add(here, f"{value!r} is not a horizon between 1d and 10000y")
            return None
        found = self.duration(value, here)
        if found is not None and found <= timedelta(0):
            self.add(here, f"{value!r} is not a positive horizon")
            return None
        return found

    def weekly(self, path: str, table: Table) -> Calendar | None:
        before = len(self.problems)
        tz = self.string(
            table,
            "tz",
            path,
            "the IANA time zone of the hours, e.g. 'Europe/London' (hours are wall-clock "
            'readings in it; write tz = "UTC" if UTC is meant)',
        )
        if tz is not None:
            self.attempt(key_path("tz", under=path), Calendar.weekly, {}, tz=tz)
        hours = self.hours(table, path)
        holidays = self.holidays(table.get("holidays", []), key_path("holidays", under=path))
        closures = self.ranges(table.get("closures", []), key_path("closures", under=path))
        openings = self.ranges(table.get("openings", []), key_path("openings", under=path))
        for key, value in table.items():
            if key in _CALENDAR:
                continue
            items = value if isinstance(value, list) and value else [value]
            if not all(isinstance(v, dict) for v in items):
                self.keys(path, {key: value}, _CALENDAR, " or a sub-table with 'rrule'")
                continue
            for i, item in enumerate(items):
                here = (
                    key_path(key, i, under=path)
                    if isinstance(value, list)
                    else key_path(key, under=path)
                )
                found = self.recurring(here, item)
                if found is not None:
                    (openings if item.get("opening") is True else closures).append(found)
        horizon = self.horizon(table, path)
        if len(self.problems) > before or tz is None or hours is None:
            return None
        return self.attempt(
            path,
            lambda: Calendar.weekly(
                hours,
                tz=tz,
                holidays=holidays,
                closures=closures,
                openings=openings,
                **({} if horizon is None else {"horizon": horizon}),
            ),
        )

    def hours(self, table: Table, path: str) -> dict[str, list[str]] | None:
        here = key_path("hours", under=path)
        if "hours" not in table:
            self.add(
                here,
                "missing: the weekly windows, e.g. { mon-fri = \"09:00-17:30\" } (or give 'expr')",
            )
            return None
        spec = self.table(table["hours"], here)
        if spec is None:
            return None
        out: dict[str, list[str]] = {}
        for key, value in spec.items():
            windows = self.strings(value, key_path(key, under=here))
            if windows is None:
                continue
            if (
                self.attempt(key_path(key, under=here), Calendar.weekly, {key: []}, tz="UTC")
                is None
            ):
                continue
            for i, window in enumerate(windows):
                where = (
                    key_path(key, i, under=here)
                    if isinstance(value, list)
                    else key_path(key, under=here)
                )
                self.attempt(where, Calendar.weekly, {key: window}, tz="UTC")
            out[key] = windows
        return out

    def holidays(self, value: object, path: str) -> list[object]:
        items = value if isinstance(value, list) else [value]
        out: list[object] = []
        for i, item in enumerate(items):
            here = f"{path}[{i}]" if isinstance(value, list) else path
            if isinstance(item, str) and _ISO_DATE.fullmatch(item.strip()):
                item = self.date(item, here)
            elif isinstance(item, str):
                code = item
                if self.attempt(here, Calendar.weekly, {}, tz="UTC", holidays=[code]) is None:
                    continue
            elif not isinstance(item, date) or isinstance(item, datetime):
                self.add(
                    here, f"expected an ISO code such as 'GB-ENG' or a date, found {_kind(item)}"
                )
                continue
            if item is not None:
                out.append(item)
        return out

    def ranges(self, value: object, path: str) -> list[object]:
        if not isinstance(value, list):
            self.add(
                path, f"expected an array of [start, end] pairs or dates, found {_kind(value)}"
            )
            return []
        out: list[object] = []
        for i, item in enumerate(value):
            here = f"{path}[{i}]"
            entry = tuple(item) if isinstance(item, list) else item
            parts = entry if isinstance(entry, tuple) else (entry,)
            aware = [x for x in parts if isinstance(x, datetime) and x.tzinfo is not None]
            if aware:
                self.add(
                    here,
                    f"{aware[0].isoformat()} has a UTC offset; write the wall-clock reading in "
                    "the calendar's zone without one, e.g. 2026-12-24T13:00:00",
                )
                continue
            if isinstance(entry, time | dict) or (
                isinstance(entry, tuple) and any(isinstance(x, time | list | dict) for x in entry)
            ):
                self.add(
                    here,
                    f"{item!r} is not a [start, end] pair of 'YYYY-MM-DD HH:MM' readings or a date",
                )
                continue
            if self.attempt(here, Calendar.weekly, {}, tz="UTC", closures=[entry]) is not None:
                out.append(entry)
        return out

    def recurring(self, path: str, item: Table) -> Recurring | None:
        if "rrule" not in item:
            self.add(
                path,
                "unknown key; a sub-table of a calendar is a recurring window "
                "and needs 'rrule' (and 'hours')",
            )
            return None
        self.keys(path, item, _RECURRING)
        rule = self.string(item, "rrule", path, "an RRULE such as 'FREQ=MONTHLY;BYDAY=1SU'")
        hours = self.string(item, "hours", path, "the window on each date, e.g. '02:00-06:00'")
        start = self.date(item["start"], key_path("start", under=path)) if "start" in item else None
        opening = item.get("opening", False)
        if not isinstance(opening, bool):
            self.add(
                key_path("opening", under=path), f"expected true or false, found {_kind(opening)}"
            )
        if rule is None or hours is None or ("start" in item and start is None):
            return None
        try:
            return Recurring(rule, hours, start=start)
        except SlacalcError as exc:
            where = "hours" if isinstance(exc, ParseError) and exc.where == "hours" else "rrule"
            self.add(key_path(where, under=path), _message(exc))
            return None

    def resolve(self, exprs: dict[str, tuple[Expr, timedelta | None]]) -> None:
        """Evaluate expression calendars in dependency order; report unknowns and cycles."""
        done: set[str] = set()
        active: list[str] = []
        cycles: set[frozenset[str]] = set()
        # How many weekly calendars an expression stands for once every name it uses
        # is written out, and how deep the operators nest: both bounded, since
        # `c1 = "c0 | c0"`, `c2 = "c1 | c1"`... doubles at every level.
        size: dict[str, int] = {}
        depth: dict[str, int] = {}

        def visit(name: str) -> Calendar | None:
            if name in done:
                return self.calendars[name]
            tree, horizon = exprs[name]
            where = key_path("calendars", name, "expr")
            active.append(name)
            ok = True
            for ref in dict.fromkeys(names(tree)):
                if ref in active:
                    cycle = [*active[active.index(ref) :], ref]
                    if frozenset(cycle) not in cycles:
                        cycles.add(frozenset(cycle))
                        self.add(
                            key_path("calendars", ref, "expr"),
                            "calendar expressions "
                            f"refer to each other in a cycle: {' -> '.join(cycle)}",
                        )
                    ok = False
                elif ref in exprs:
                    ok = visit(ref) is not None and ok
                elif ref not in self.calendars and ref != "always":
                    known = [*self.calendars, "always"]
                    self.add(where, unknown("calendar", ref, known))
                    ok = False
                else:
                    ok = (ref == "always" or self.calendars[ref] is not None) and ok
            active.pop()
            done.add(name)
            size[name] = sum(size.get(ref, 1) for ref in names(tree))
            depth[name] = expr_depth(tree, lambda ref: depth.get(ref, 0))
            if ok and (size[name] > MAX_EXPR_CALENDARS or depth[name] > MAX_EXPR_DEPTH):
                self.add(
                    where,
                    f"the expression stands for {size[name]} calendars nested "
                    f"{depth[name]} deep once the names it uses are written out; at most "
                    f"{MAX_EXPR_CALENDARS} calendars and {MAX_EXPR_DEPTH} levels are "
                    "allowed (name fewer calendars, or the same one fewer times)",
                )
                ok = False
            result = self.attempt(where, self.evaluate, tree, horizon) if ok else None
            self.calendars[name] = result
            return result

        for name in exprs:
            visit(name)

    def evaluate(self, tree: Expr, horizon: timedelta | None) -> Calendar:
        def resolve(name: str) -> Calendar:
            found = self.always if name == "always" else self.calendars[name]
            assert isinstance(found, Calendar)
            return found

        def binary(op: str, a: Calendar, b: Calendar) -> Calendar:
            return a | b if op == "|" else a & b if op == "&" else a - b

        result = evaluate(tree, resolve, binary, Calendar.complement)
        return result if horizon is None else result.with_horizon(horizon)

    def calendar(self, table: Table, path: str, why: str = "") -> Calendar:
        """The calendar a table names; a stand-in (the problem recorded) when it cannot be."""
        name = self.string(table, "calendar", path, why)
        if name is None or name == "always":
            return self.always
        if name not in self.calendars:
            known = [*self.calendars, "always"]
            self.add(key_path("calendar", under=path), unknown("calendar", name, known))
        return self.calendars.get(name) or self.always

    # -- priorities and services --------------------------------------------------------

    def read_priorities(self, value: object) -> PriorityMatrix | None:
        if isinstance(value, str) and value.strip().lower() == "itil":
            return PriorityMatrix.itil()
        table = self.table(value, "priorities")
        if table is None:
            return None
        before = len(self.problems)
        self.keys("priorities", table, _MATRIX)
        axes = {}
        for key in ("impacts", "urgencies"):
            if key not in table:
                self.add(f"priorities.{key}", 'missing: the levels, e.g. ["high", "medium", "low"]')
            else:
                axes[key] = self.strings(table[key], f"priorities.{key}")
        grid = table.get("grid")
        if not isinstance(grid, list) or not all(isinstance(row, list) for row in grid):
            self.add(
                "priorities.grid",
                "expected an array of rows (one per impact), "
                "each an array of priorities (one per urgency)",
            )
        elif axes.get("impacts") is not None and axes.get("urgencies") is not None:
            impacts, urgencies = axes["impacts"], axes["urgencies"]
            assert impacts is not None and urgencies is not None
            if len(grid) != len(impacts):
                self.add(
                    "priorities.grid",
                    f"has {len(grid)} rows; expected one per impact ({len(impacts)})",
                )
            for i, row in enumerate(grid):
                if len(row) != len(urgencies):
                    self.add(
                        f"priorities.grid[{i}]",
                        f"has {len(row)} priorities; expected one per urgency ({len(urgencies)})",
                    )
                self.strings(row, f"priorities.grid[{i}]")
        if len(self.problems) > before:
            return None
        return self.attempt(
            "priorities",
            lambda: PriorityMatrix(table["impacts"], table["urgencies"], table["grid"]),
        )

    def read_services(self, section: Table) -> list[Service]:
        out = []
        for sid, spec in section.items():
            path = key_path("services", sid)
            table = self.table(spec, path)
            if table is None:
                continue
            self.keys(path, table, _SERVICE)
            name = self.string(table, "name", path) or sid
            customers = self.strings(table.get("customers", []), key_path("customers", under=path))
            found = self.attempt(path, Service, sid, name, tuple(customers or ()))
            if found is not None:
                out.append(found)
        return out

    # -- agreements and chains ----------------------------------------------------------

    def targets(self, value: object, path: str, calendar: Calendar) -> dict[str, dict[str, Target]]:
        here = key_path("targets", under=path)
        table = self.table(value, here)
        out: dict[str, dict[str, Target]] = {}
        for priority, row in (table or {}).items():
            where = key_path(priority, under=here)
            cells = self.table(row, where)
            if cells is None:
                continue
            row_calendar = self.calendar(cells, where) if "calendar" in cells else calendar
            out[priority] = {}
            for metric, spec in cells.items():
                if metric == "calendar":
                    continue
                cell = key_path(metric, under=where)
                cal = row_calendar
                if isinstance(spec, dict):
                    self.keys(cell, spec, ("duration", "calendar"))
                    cal = self.calendar(spec, cell) if "calendar" in spec else row_calendar
                    if "duration" not in spec:
                        self.add(key_path("duration", under=cell), "missing: the target, e.g. '4h'")
                    spec, cell = spec.get("duration", "0s"), key_path("duration", under=cell)
                duration = self.duration(spec, cell) or timedelta(0)
                out[priority][metric] = Target(duration, cal)
        return out

    def escalation(self, value: object, path: str) -> dict[str, list[str]]:
        here = key_path("escalation", under=path)
        out = {}
        for priority, names_ in (self.table(value, here) or {}).items():
            found = self.strings(names_, key_path(priority, under=here))
            if found is not None:
                out[priority] = found
        return out

    def read_agreements(self, section: str, value: object) -> list[Any]:
        out = []
        for aid, spec in (self.table(value, section) or {}).items():
            path = key_path(section, aid)
            table = self.table(spec, path)
            if table is None:
                continue
            self.keys(path, table, _AGREEMENT[section])
            common: dict[str, Any] = {"id": aid}
            common["calendar"] = cal = self.calendar(
                table, path, "the name of the calendar its targets count on"
            )
            common["targets"] = self.targets(table.get("targets", {}), path, cal)
            common["escalation"] = self.escalation(table.get("escalation", {}), path)
            if "versions" in table:
                common["versions"] = read_versions(self, table["versions"], path, cal)
            if "reviewed" in table:
                common["reviewed"] = self.date(table["reviewed"], key_path("reviewed", under=path))
            if "warnings" in table:
                common["warnings"] = self.fractions(
                    table["warnings"], key_path("warnings", under=path)
                )
            if section == "sla":
                cls: type[SLA | OLA | UC] = SLA
                common["service"] = self.string(table, "service", path, "the service id") or ""
                common["customer"] = self.string(table, "customer", path, "the customer") or ""
            else:
                cls = OLA if section == "ola" else UC
                common["supports"] = (
                    self.strings(table.get("supports", []), key_path("supports", under=path)) or []
                )
                if section == "ola":
                    common["team"] = self.string(table, "team", path) or aid
                    common["owner"] = self.string(table, "owner", path)
                else:
                    common["supplier"] = self.string(table, "supplier", path) or aid
            found = self.attempt(path, cls, **common)
            if found is not None:
                out.append(found)
        return out

    def read_chains(self, value: object) -> tuple[list[Chain], list[int]]:
        """The chains, and the file index of each (a chain that is not a table is left out).

        A part that cannot be read is replaced by a stand-in ``"?"`` so the rest of
        the chain is still checked; the catalogue's complaints about stand-ins are
        dropped, since the reader has already reported them.
        """
        if not isinstance(value, list):
            self.add("chains", f"expected an array of tables ([[chains]]), found {_kind(value)}")
            return [], []
        chains, where = [], []
        for i, spec in enumerate(value):
            path = key_path("chains", i)
            table = self.table(spec, path)
            if table is None:
                continue
            self.keys(path, table, _CHAIN)
            sla = self.string(table, "sla", path, "the id of the SLA whose target it delivers")
            metric = self.string(table, "metric", path, "the SLA metric, e.g. 'resolution'")
            stages = self.stages(table, path)
            priorities: list[str] | None = None
            if "priorities" in table:
                here = key_path("priorities", under=path)
                priorities = self.strings(table["priorities"], here)
                if priorities is None:
                    priorities = []
                    self.suppress.add(here)
            found = self.attempt(path, Chain, sla or "?", metric or "?", stages, priorities)
            if found is not None:
                chains.append(found)
                where.append(i)
        return chains, where

    def stages(self, table: Table, path: str) -> list[Stage]:
        here = key_path("stages", under=path)
        if "stages" not in table:
            self.add(here, 'missing: the stages, e.g. ["service-desk.response", ...]')
            return []
        value = table["stages"]
        if not isinstance(value, list):
            self.add(here, f"expected an array of 'agreement.metric' stages, found {_kind(value)}")
            return []
        out: list[Stage] = []
        for j, item in enumerate(value):
            where = f"{here}[{j}]"
            stage: Stage | None = None
            if isinstance(item, dict):
                self.keys(where, item, ("agreement", "metric"))
                agreement = self.string(item, "agreement", where, "the OLA or UC id")
                metric = self.string(item, "metric", where, "the metric, e.g. 'response'")
                if agreement is not None and metric is not None:
                    stage = self.attempt(where, Stage, agreement, metric)
            else:
                stage = self.attempt(where, Stage.parse, item, where)
            if stage is None:
                self.suppress.add(where)
                stage = Stage("?", "?")
            out.append(stage)
        return out

    # -- the whole document -------------------------------------------------------------

    def printable(self, value: object, path: str) -> None:
        """Every key and string of the file is one line of printable text.

        A name with a line break, an ANSI escape or a bidirectional override would
        reach reports and terminals disguised: it is refused here, by key path.
        """
        if isinstance(value, str):
            found = control_characters(value)
            if found:
                self.add(
                    path,
                    f"contains control character(s) {', '.join(found)}: names and values "
                    "in a catalogue are one line of printable text",
                )
        elif isinstance(value, dict):
            for key, item in value.items():
                here = key_path(terminal(key), under=path)  # the path is shown escaped
                if control_characters(key):
                    self.printable(key, here)
                self.printable(item, here)
        elif isinstance(value, list):
            for i, item in enumerate(value):
                self.printable(item, f"{path}[{i}]")

    def read(self, doc: Table) -> Catalogue | None:
        self.printable(doc, "")
        if self.problems:
            return None
        self.keys("", doc, _TOP)
        calendars = self.table(doc.get("calendars", {}), "calendars")
        self.read_calendars(calendars or {})
        priorities = self.read_priorities(doc["priorities"]) if "priorities" in doc else None
        services = self.read_services(self.table(doc.get("services", {}), "services") or {})
        parts = {s: self.read_agreements(s, doc.get(s, {})) for s in ("sla", "ola", "uc")}
        chains, chain_index = self.read_chains(doc.get("chains", []))
        if "platforms" in doc:
            self.problems.extend(platform_problems(doc["platforms"]))
        known = {"always": self.always, **{k: v for k, v in self.calendars.items() if v}}
        kinds = {a.id: kind for kind, items in parts.items() for a in items}
        activity = (
            read_activity(self, doc["activity"], self.calendars, kinds)
            if "activity" in doc
            else None
        )
        try:
            return Catalogue(
                calendars=known,
                priorities=priorities,
                services=services,
                slas=parts["sla"],
                olas=parts["ola"],
                ucs=parts["uc"],
                chains=chains,
                activity=activity,
            )
        except CatalogueError as exc:
            reported = [p for p, _ in self.problems] + sorted(self.suppress)
            for path, message in exc.problems:
                path = _CHAIN_INDEX.sub(lambda m: f"chains[{chain_index[int(m[1])]}]", path, 1)
                if not any(path == p or path.startswith((f"{p}.", f"{p}[")) for p in reported):
                    self.add(path, message)
            return None


def loads(text: str, source: str = "<string>") -> Catalogue:
    """Read a catalogue from TOML text; ``source`` names it in error messages.

    Raises :class:`~slacalc.errors.CatalogueError` listing every problem (TOML
    syntax errors included, with their line) and nothing else.
    """
    if not isinstance(text, str):
        raise ArgumentTypeError("text", text, "TOML text (a str)")
    try:
        doc = tomllib.loads(text.removeprefix("\ufeff"))  # a UTF-8 byte-order mark is fine
    except tomllib.TOMLDecodeError as exc:
        raise CatalogueError([("", f"TOML syntax: {exc}")], source) from None
    except RecursionError:
        raise CatalogueError(
            [("", "TOML syntax: arrays or tables nested too deeply")], source
        ) from None
    reader = _Reader()
    catalogue = reader.read(doc)
    if reader.problems or catalogue is None:
        raise CatalogueError(reader.problems, source)
    return catalogue


def load(path: str | os.PathLike[str]) -> Catalogue:
    """Read a catalogue from a TOML file (UTF-8).

    Problems in the file raise :class:`~slacalc.errors.CatalogueError` naming the
    file and each key path; a file that cannot be opened raises the usual ``OSError``.

    >>> cat = load("examples/catalogue.toml")  # doctest: +SKIP
    """
    data = Path(path).read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise CatalogueError([("", f"not UTF-8 text ({exc})")], os.fspath(path)) from None
    return loads(text, os.fspath(path))
