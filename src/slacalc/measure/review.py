"""The review cadence of each SLA, and the improvement actions reviews produce.

Three reviews keep an SLA alive: a **monthly operational** review with the IT
teams (last month's breaches and trends), a **quarterly service** review with
the customer (last quarter), and an **annual revision** of the targets
themselves, a year after the SLA was last reviewed. Every review should produce
at least one improvement action with an owner and a due date, tracked to done.

>>> from datetime import date
>>> import slacalc as sc
>>> cat = sc.load("examples/catalogue.toml")
>>> [(r.kind.value, str(r.on)) for r in review_schedule(cat.slas[:1], date(2026, 6, 1),
...     date(2026, 7, 31)) if r.kind != ReviewKind.OPERATIONAL]
[('quarterly service', '2026-07-14')]
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Any

import attrs

from slacalc._validate import items_of, whole
from slacalc.agreements.agreements import SLA
from slacalc.calendar.calendar import Calendar
from slacalc.catalogue.model import Catalogue
from slacalc.errors import ArgumentTypeError, HorizonError, ParseError
from slacalc.measure.assessment import RecordError
from slacalc.measure.periods import Month

__all__ = [
    "Action",
    "ActionStatus",
    "Cadence",
    "FlagKind",
    "Review",
    "ReviewFlag",
    "ReviewKind",
    "ScheduledReview",
    "improvement_flags",
    "review_schedule",
]


class ReviewKind(StrEnum):
    """The three reviews of the cadence."""

    OPERATIONAL = "monthly operational"
    SERVICE = "quarterly service"
    REVISION = "annual revision"


def _day(inst: object, attr: attrs.Attribute[int], value: object) -> None:
    whole(value, attr.name, 1, 20, "a business day of the month from 1 to 20")


def _date(what: str, value: object) -> date:
    if not isinstance(value, date) or isinstance(value, datetime):
        raise ArgumentTypeError(what, value, "a datetime.date")
    return value


def _is_date(what: str, value: object) -> None:
    _date(what, value)


@attrs.frozen(kw_only=True)
class Cadence:
    """When reviews are held: the ``operational_day``-th business day of each month,
    the ``service_day``-th business day of the month after each quarter, on
    ``calendar`` (default: each SLA's own calendar).

    >>> Cadence().operational_day, Cadence().service_day
    (5, 10)
    """

    operational_day: int = attrs.field(default=5, validator=_day)
    service_day: int = attrs.field(default=10, validator=_day)
    calendar: Calendar | None = attrs.field(default=None, validator=lambda i, a, v: _cal(v))


def _cal(value: object) -> None:
    if value is not None and not isinstance(value, Calendar):
        raise ArgumentTypeError("calendar", value, "a slacalc.Calendar or None")


@attrs.frozen
class ScheduledReview:
    """One review due: for ``sla``, of ``kind``, on date ``on``, looking back at
    the dates ``covers`` (first and last day included)."""

    sla: str
    kind: ReviewKind
    on: date
    covers: tuple[date, date]


def _business_day(cal: Calendar, month: Month, n: int) -> date:
    """The ``n``-th local date of ``month`` with coverage on ``cal`` (``n``-th day if none)."""
    eve = month.start(cal.tz) - timedelta(days=1)
    try:
        found = cal.add_days(eve, n).astimezone(cal.tz).date()
    except HorizonError:
        found = date(month.year, month.month, n)
    return found


def _last_day(month: Month) -> date:
    nxt = month.shift(1)
    return date(nxt.year, nxt.month, 1) - timedelta(days=1)


def _plus_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _slas(slas: Iterable[SLA] | Catalogue) -> tuple[SLA, ...]:
    items = slas.slas if isinstance(slas, Catalogue) else slas
    return tuple(items_of(items, SLA, "slas", "a slacalc.SLA"))


def review_schedule(
    slas: Iterable[SLA] | Catalogue, start: date, end: date, *, cadence: Cadence = Cadence()
) -> tuple[ScheduledReview, ...]:
    """Every review due from ``start`` to ``end`` (inclusive), by date, then SLA.

    The annual revision falls a year after the SLA's ``reviewed`` date, and
    yearly after that; an SLA never reviewed is due for revision on ``start``.

    >>> from datetime import date
    >>> import slacalc as sc
    >>> wms = sc.load("examples/catalogue.toml").agreement("wms-warehouse")
    >>> [str(r.on) for r in review_schedule([wms], date(2026, 9, 1), date(2026, 10, 31))
    ...  if r.kind == ReviewKind.REVISION]
    ['2026-09-29']
    """
    first, last = _date("start", start), _date("end", end)
    if last < first:
        raise ParseError(str(last), f"an end date not before start {first}", "end")
    if not isinstance(cadence, Cadence):
        raise ArgumentTypeError("cadence", cadence, "a Cadence")
    out: list[ScheduledReview] = []
    months = range(Month(first.year, first.month).index, Month(last.year, last.month).index + 1)
    for sla in _slas(slas):
        cal = cadence.calendar or sla.calendar
        for index in months:
            month = _month(index)
            prev = month.shift(-1)
            covers = (date(prev.year, prev.month, 1), _last_day(prev))
            on = _business_day(cal, month, cadence.operational_day)
            out.append(ScheduledReview(sla.id, ReviewKind.OPERATIONAL, on, covers))
            if month.month in (1, 4, 7, 10):
                quarter = month.shift(-3)
                covers = (date(quarter.year, quarter.month, 1), _last_day(prev))
                on = _business_day(cal, month, cadence.service_day)
                out.append(ScheduledReview(sla.id, ReviewKind.SERVICE, on, covers))
        due = first if sla.reviewed is None else _plus_years(sla.reviewed, 1)
        while due <= last:
            if due >= first:
                covers = (_plus_years(due, -1), due - timedelta(days=1))
                out.append(ScheduledReview(sla.id, ReviewKind.REVISION, due, covers))
            due = _plus_years(due, 1)
    kept = [r for r in out if first <= r.on <= last]
    return tuple(sorted(kept, key=lambda r: (r.on, r.sla, list(ReviewKind).index(r.kind))))


def _month(index: int) -> Month:
    year, month = divmod(index, 12)
    return Month(year, month + 1)


class ActionStatus(StrEnum):
    """Where an improvement action stands."""

    OPEN = "open"
    IN_PROGRESS = "in progress"
    DONE = "done"
    CANCELLED = "cancelled"


def _status(value: object) -> ActionStatus:
    if isinstance(value, ActionStatus):
        return value
    text = " ".join(str(value).replace("-", " ").replace("_", " ").lower().split())
    try:
        return ActionStatus(text)
    except ValueError:
        known = ", ".join(s.value for s in ActionStatus)
        raise ParseError(value, f"an action status ({known})", "status") from None


def _str(what: str, optional: bool = False) -> Callable[[Any, Any, Any], None]:
    def check(inst: object, attr: Any, value: object) -> None:
        if optional and value is None:
            return
        if not isinstance(value, str):
            raise ArgumentTypeError(what, value, "a string" + (" or None" if optional else ""))
        if not value.strip():
            raise ParseError(value, "a non-empty string", what)

    return check


def _kind(value: object) -> ReviewKind:
    try:
        if not isinstance(value, str):
            raise ValueError(value)
        return ReviewKind(value)
    except ValueError:
        known = ", ".join(k.value for k in ReviewKind)
        raise ParseError(value, f"a review kind ({known})", "kind") from None


@attrs.frozen(kw_only=True)
class Review:
    """A review that was held: its id, the SLA, the kind and the date.

    >>> from datetime import date
    >>> Review(id="R-7", sla="email-finance", kind="quarterly service", held=date(2026, 7, 14)).kind
    <ReviewKind.SERVICE: 'quarterly service'>
    """

    id: str = attrs.field(validator=_str("id"))
    sla: str = attrs.field(validator=_str("sla"))
    kind: ReviewKind = attrs.field(converter=_kind)
    held: date = attrs.field(validator=lambda i, a, v: _is_date("held", v))
    notes: str = ""


@attrs.frozen(kw_only=True)
class Action:
    """An improvement action: what, who owns it, by when, where it stands.

    ``owner`` may be ``None``: an action nobody owns is a flag, not a malformed
    value. ``review`` is the id of the review that raised it.

    >>> from datetime import date
    >>> a = Action(id="A-1", title="Add a second CloudCRM escalation contact",
    ...            owner="Sarah Lindqvist", due=date(2026, 8, 31), status="in progress")
    >>> a.overdue(date(2026, 9, 1)), a.overdue(date(2026, 8, 31))
    (True, False)
    """

    id: str = attrs.field(validator=_str("id"))
    title: str = attrs.field(validator=_str("title"))
    owner: str | None = attrs.field(validator=_str("owner", optional=True))
    due: date = attrs.field(validator=lambda i, a, v: _is_date("due", v))
    status: ActionStatus = attrs.field(default=ActionStatus.OPEN, converter=_status)
    review: str | None = attrs.field(default=None, validator=_str("review", optional=True))
    sla: str | None = attrs.field(default=None, validator=_str("sla", optional=True))

    @property
    def finished(self) -> bool:
        """Done or cancelled."""
        return self.status in (ActionStatus.DONE, ActionStatus.CANCELLED)

    def overdue(self, as_of: date) -> bool:
        """Not finished and due before ``as_of``."""
        return not self.finished and self.due < _date("as_of", as_of)


class FlagKind(StrEnum):
    """What needs a service level manager's attention."""

    OVERDUE_ACTION = "overdue action"
    NO_OWNER = "action without owner"
    NO_ACTION = "review without action"


@attrs.frozen
class ReviewFlag:
    """One thing to chase: its kind, the action or review id, and why, in plain words."""

    kind: FlagKind
    subject: str
    message: str


def improvement_flags(
    reviews: Iterable[Review], actions: Iterable[Action], *, as_of: date
) -> tuple[ReviewFlag, ...]:
    """Overdue actions, actions nobody owns, and reviews that produced no action.

    An action naming a review that is not in ``reviews``, or a repeated id, is
    an error (:class:`~slacalc.measure.RecordError`) rather than a review quietly
    left without actions.

    >>> from datetime import date
    >>> r = Review(id="R-1", sla="crm-sales", kind="monthly operational", held=date(2026, 8, 7))
    >>> [f.kind.value for f in improvement_flags([r], [], as_of=date(2026, 9, 1))]
    ['review without action']
    """
    today = _date("as_of", as_of)
    held, todo = list(reviews), list(actions)
    problems: list[tuple[str, str]] = []
    ids: set[str] = set()
    for i, r in enumerate(held):
        if not isinstance(r, Review):
            problems.append((f"reviews[{i}]", f"{r!r} is not a Review"))
        elif r.id in ids:
            problems.append((f"reviews[{i}]", f"review id {r.id!r} is used twice"))
        else:
            ids.add(r.id)
    seen: set[str] = set()
    for i, a in enumerate(todo):
        if not isinstance(a, Action):
            problems.append((f"actions[{i}]", f"{a!r} is not an Action"))
        elif a.id in seen:
            problems.append((f"actions[{i}]", f"action id {a.id!r} is used twice"))
        elif a.review is not None and a.review not in ids:
            problems.append((f"actions[{i}]", f"action {a.id!r} names unknown review {a.review!r}"))
        if isinstance(a, Action):
            seen.add(a.id)
    if problems:
        raise RecordError(problems)
    flags: list[ReviewFlag] = []
    for a in todo:
        if a.overdue(today):
            late = (today - a.due).days
            who = a.owner or "nobody"
            text = f"{a.title!r} was due {a.due} ({late} days ago), {a.status.value}; owner {who}"
            flags.append(ReviewFlag(FlagKind.OVERDUE_ACTION, a.id, text))
        if a.owner is None and not a.finished:
            text = f"{a.title!r} has no owner: nobody will take it to completion"
            flags.append(ReviewFlag(FlagKind.NO_OWNER, a.id, text))
    raised = {a.review for a in todo}
    for r in sorted(held, key=lambda r: (r.held, r.id)):
        if r.id not in raised:
            text = f"the {r.kind.value} review of {r.sla} on {r.held} produced no action"
            flags.append(ReviewFlag(FlagKind.NO_ACTION, r.id, text))
    return tuple(flags)
