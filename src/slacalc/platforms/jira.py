"""Jira and Jira Service Management: issues with their changelog, and JSM SLA cycles.

Two shapes are read:

- **Issues with ``expand=changelog``** (``GET /rest/api/3/search?expand=changelog``
  or ``/rest/api/3/issue/{key}?expand=changelog``): :func:`jira_activity` turns
  parsed issues into an :class:`~slacalc.activity.ActivityLog`;
  :func:`read_jira` reads a file (a JSON array, a search response page
  ``{"issues": [...]}``, or JSON lines with one issue per line);
  :func:`iter_jira_issues` streams the issues of a large file one by one.
- **JSM SLA information** (``GET /rest/servicedeskapi/request/{key}/sla``, one
  response per request with its ``key`` added): :func:`jsm_sla_records` and
  :func:`read_jsm_sla` give :class:`~slacalc.platforms.PlatformRecord` values.

Jira timestamps carry their UTC offset (``2017-02-28T09:24:59.366-0600``) and
are read exactly as written. A field's value at creation is the ``fromString``
of its first change when it changed later, else its current value.

>>> issue = {
...     "key": "SD-7",
...     "fields": {"created": "2026-03-27T16:00:00.000+0000",
...                "status": {"name": "Resolved"}, "priority": {"name": "High"},
...                "assignee": None},
...     "changelog": {"histories": [
...         {"created": "2026-03-30T10:15:00.000+0100",
...          "items": [{"field": "status", "fromString": "Open", "toString": "Resolved"}]}]}}
>>> log = jira_activity([issue])
>>> a = log.tickets[0]
>>> a.initial["status"], a.initial["priority"], a.initial["assignee"]
('Open', 'High', '')
>>> a.changes[0].at.isoformat(), a.changes[0].value
('2026-03-30T10:15:00+01:00', 'Resolved')
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import IO

from slacalc.activity import Activity, ActivityLog
from slacalc.platforms._build import COMMENT_FIELD, Step, activity
from slacalc.platforms._nodes import ExportError, ExportProblem, Node, collect
from slacalc.platforms._readings import epoch_millis, millis, node_instant, offset_instant
from slacalc.platforms.mapping import PlatformMapping
from slacalc.platforms.record import PlatformRecord

__all__ = [
    "iter_jira_issues",
    "jira_activity",
    "jsm_sla_records",
    "read_jira",
    "read_jsm_sla",
]

_CHUNK = 1 << 16


def _issue(node: Node, m: PlatformMapping) -> Activity:
    fields = m.fields
    key = node.text("key")
    node = Node(node.value, f"{node.path} ({key})")
    body = node.child("fields")
    created = node_instant(body, "created")
    current = {name: body.string(platform) for name, platform in fields.items()}
    if not node.has("changelog"):
        raise ExportProblem(
            f"{node.path}.changelog", "missing (export the issues with expand=changelog)"
        )
    log = node.child("changelog")
    histories = list(log.items("histories"))
    total = log.raw("total", None)
    if isinstance(total, int) and total > len(histories):
        raise ExportProblem(
            f"{log.path}.histories",
            f"{len(histories)} of {total} histories (the search truncates the changelog; "
            f"fetch /rest/api/3/issue/{key}/changelog for the rest)",
        )
    by_platform = {platform: name for name, platform in fields.items()}
    steps: list[Step] = []
    for history in histories:
        at = node_instant(history, "created")
        for item in history.items("items"):
            field = item.text("field")
            name = by_platform.get(field) or by_platform.get(item.text("fieldId", optional=True))
            if name is None:
                continue
            old = item.string("fromString", optional=True)
            new = item.string("toString", optional=True)
            steps.append((at, name, old, new))
    steps.extend(_comments(body))
    return activity(key, created, current, steps, node.path, mapping=m)


def _comments(body: Node) -> list[Step]:
    """``fields.comment.comments[]`` as ``comment`` changes (JSM's ``jsdPublic`` flag)."""
    if body.raw("comment", None) is None:
        return []
    reporter = ""
    if isinstance(body.raw("reporter", None), Mapping):
        reporter = body.child("reporter").text("accountId", optional=True)
    out: list[Step] = []
    for c in body.child("comment").items("comments"):
        at = node_instant(c, "created")
        author = ""
        if isinstance(c.raw("author", None), Mapping):
            author = c.child("author").text("accountId", optional=True)
        if author and author == reporter:
            value = "requester-comment"
        else:
            public = c.flag("jsdPublic") if c.has("jsdPublic") else True
            value = "public-reply" if public else "internal-note"
        out.append((at, COMMENT_FIELD, "", value))
    return out


def jira_activity(
    issues: Iterable[Mapping[str, object]],
    mapping: PlatformMapping | None = None,
    *,
    source: str = "",
) -> ActivityLog:
    """The activity of parsed Jira issues (each with ``expand=changelog``).

    Tracked fields are the mapping's (default ``status``, ``priority`` and
    ``assignee``, read from ``fields.<name>`` and matched in changelog items
    by ``field`` or ``fieldId``); values are the display strings, ``""`` for
    unset. Comments (``fields.comment.comments[]``, when exported) become
    ``comment`` changes: ``public-reply``, ``internal-note`` (JSM's
    ``jsdPublic`` false) or ``requester-comment`` (by the reporter). Priority
    values pass through the mapping's ``priorities``. Every problem of every
    issue is raised at once in an :class:`~slacalc.platforms.ExportError`
    naming the key path and the issue.
    """
    m = mapping or PlatformMapping("jira")

    def one(value: Mapping[str, object], i: int) -> list[Activity]:
        return [_issue(Node(value, f"issues[{i}]"), m)]

    return ActivityLog(tickets=tuple(collect(issues, one, source)))


class _Buffer:
    """Text read from a stream in chunks, with a cursor."""

    def __init__(self, stream: IO[str] | _Prefixed) -> None:
        self.stream = stream
        self.text = ""
        self.pos = 0
        self.eof = False

    def more(self) -> bool:
        """Append a chunk (dropping what the cursor has passed); ``False`` at the end."""
        chunk = self.stream.read(_CHUNK)
        if not chunk:
            self.eof = True
            return False
        self.text = self.text[self.pos :] + chunk
        self.pos = 0
        return True

    def peek(self) -> str:
        """The next character that is not white space (``""`` at the end)."""
        while True:
            while self.pos < len(self.text) and self.text[self.pos] in " \t\r\n":
                self.pos += 1
            if self.pos < len(self.text):
                return self.text[self.pos]
            if not self.more():
                return ""


def _json_array(stream: IO[str] | _Prefixed, source: str) -> Iterator[object]:
    """The members of a JSON array, decoded one at a time as the text arrives."""
    decoder = json.JSONDecoder()
    buf = _Buffer(stream)
    if buf.peek() != "[":
        raise ExportError([("", "expected a JSON array of issues")], source)
    buf.pos += 1
    if buf.peek() == "]":
        return
    while True:
        if not buf.peek():
            raise ExportError([("", "the JSON array is not closed")], source)
        try:
            value, end = decoder.raw_decode(buf.text, buf.pos)
        except json.JSONDecodeError as error:
            if buf.more():
                continue
            raise ExportError([("", f"JSON: {error.msg}")], source) from None
        if end == len(buf.text) and not buf.eof and buf.more():
            continue  # a member may run on past the chunk: decode it again with more text
        buf.pos = end
        yield value
        sep = buf.peek()
        if sep == "]":
            return
        if not sep:
            raise ExportError([("", "the JSON array is not closed")], source)
        if sep != ",":
            raise ExportError([("", f"expected ',' or ']' after an issue, found {sep!r}")], source)
        buf.pos += 1


def iter_jira_issues(stream: IO[str], *, source: str = "") -> Iterator[Mapping[str, object]]:
    """The issues of a Jira export, one at a time, without reading the whole file.

    ``stream`` holds a JSON array of issues (read incrementally), JSON lines
    (one issue per line), or one search response page ``{"issues": [...]}``
    (read whole: pages are small).
    """
    head = stream.read(1)
    while head and head.isspace():
        head = stream.read(1)
    if not head:
        return
    if head == "[":
        rest = _Prefixed(head, stream)
        for value in _json_array(rest, source):
            yield _mapping(value, source)
        return
    first_line = head + stream.readline()
    try:
        first = json.loads(first_line)
    except json.JSONDecodeError:
        text = first_line + stream.read()
        try:
            page = json.loads(text)
        except json.JSONDecodeError as error:
            raise ExportError([("", f"JSON: {error.msg} (line {error.lineno})")], source) from None
        yield from _page(page, source)
        return
    if isinstance(first, dict) and isinstance(first.get("issues"), list) and "key" not in first:
        for value in first["issues"]:
            yield _mapping(value, source)
        return
    yield _mapping(first, source)
    for number, line in enumerate(stream, start=2):
        if line.strip():
            try:
                yield _mapping(json.loads(line), source)
            except json.JSONDecodeError as error:
                raise ExportError([(f"line {number}", f"JSON: {error.msg}")], source) from None


def _page(page: object, source: str) -> Iterator[Mapping[str, object]]:
    if not isinstance(page, dict) or not isinstance(page.get("issues"), list):
        raise ExportError([("", "expected a search response with an 'issues' list")], source)
    for value in page["issues"]:
        yield _mapping(value, source)


class _Prefixed:
    """A text stream with some already-read text put back in front."""

    def __init__(self, prefix: str, stream: IO[str]) -> None:
        self.prefix = prefix
        self.stream = stream

    def read(self, n: int) -> str:
        if self.prefix:
            out, self.prefix = self.prefix, ""
            return out + self.stream.read(max(n - len(out), 0))
        return self.stream.read(n)


def _mapping(value: object, source: str) -> Mapping[str, object]:
    if not isinstance(value, Mapping):
        raise ExportError([("", f"an issue must be a JSON object, found {value!r:.60}")], source)
    return value


def read_jira(path: str | os.PathLike[str], mapping: PlatformMapping | None = None) -> ActivityLog:
    """The activity in a Jira issue export file (see :func:`iter_jira_issues` for shapes)."""
    with Path(path).open(encoding="utf-8") as stream:
        return jira_activity(
            iter_jira_issues(stream, source=os.fspath(path)), mapping, source=os.fspath(path)
        )


# -- JSM SLA cycles ------------------------------------------------------------------------


def _date(node: Node, key: str) -> object:
    """A JSM date: ``{"iso8601": ..., "epochMillis": ...}`` or a plain ISO string."""
    value = node.raw(key)
    where = f"{node.path}.{key}"
    if isinstance(value, Mapping):
        if "iso8601" in value:
            return offset_instant(value["iso8601"], f"{where}.iso8601")
        if "epochMillis" in value:
            return epoch_millis(value["epochMillis"], f"{where}.epochMillis")
        raise ExportProblem(where, "a date without iso8601 or epochMillis")
    return offset_instant(value, where)


def _millis(node: Node, key: str) -> object:
    value = node.raw(key, None)
    if value is None:
        return None
    if isinstance(value, Mapping):
        if "millis" not in value:
            raise ExportProblem(f"{node.path}.{key}.millis", "missing")
        return millis(value["millis"], f"{node.path}.{key}.millis")
    return millis(value, f"{node.path}.{key}")


def _cycle(ticket: str, name: str, number: int, c: Node, ongoing: bool) -> PlatformRecord:
    start = _date(c, "startTime")
    stop = None if ongoing else _date(c, "stopTime")
    due = _date(c, "breachTime") if c.has("breachTime") and c.raw("breachTime") else None
    paused = ongoing and c.has("paused") and c.flag("paused")
    return PlatformRecord(
        platform="jira",
        ticket=ticket,
        metric=name,
        cycle=number,
        start=start,  # type: ignore[arg-type]
        stop=stop,  # type: ignore[arg-type]
        due=due,  # type: ignore[arg-type]
        breached=c.flag("breached"),
        elapsed=_millis(c, "elapsedTime"),  # type: ignore[arg-type]
        goal=_millis(c, "goalDuration"),  # type: ignore[arg-type]
        stage="paused" if paused else ("ongoing" if ongoing else "completed"),
        where=c.path,
    )


def _request(node: Node) -> list[PlatformRecord]:
    key = node.text("key") if node.has("key") else node.text("issueKey")
    node = Node(node.value, f"{node.path} ({key})")
    out = []
    for sla in node.items("values"):
        name = sla.text("name")
        number = 0
        for number, c in enumerate(sla.items("completedCycles", required=False), start=1):
            out.append(_cycle(key, name, number, c, ongoing=False))
        if sla.raw("ongoingCycle", None) is not None:
            out.append(_cycle(key, name, number + 1, sla.child("ongoingCycle"), ongoing=True))
    return out


def jsm_sla_records(
    requests: Iterable[Mapping[str, object]], *, source: str = ""
) -> list[PlatformRecord]:
    """JSM's SLA figures: one record per request, SLA name and cycle.

    Each request is the response of ``/rest/servicedeskapi/request/{key}/sla``
    with the request's ``key`` (or ``issueKey``) added: ``{"key": "SD-1",
    "values": [{"name": "Time to resolution", "completedCycles": [...],
    "ongoingCycle": {...}}]}``. Completed cycles count from 1 in order; the
    ongoing cycle comes last.

    >>> recs = jsm_sla_records([{"key": "SD-1", "values": [{"name": "Time to first response",
    ...     "completedCycles": [{"startTime": {"epochMillis": 1774602000000},
    ...         "stopTime": {"iso8601": "2026-03-27T10:00:00+0000"},
    ...         "breachTime": {"iso8601": "2026-03-27T13:00:00+0000"}, "breached": False,
    ...         "goalDuration": {"millis": 14400000}, "elapsedTime": {"millis": 3600000},
    ...         "remainingTime": {"millis": 10800000}}]}]}])
    >>> recs[0].start.isoformat(), recs[0].elapsed, recs[0].goal
    ('2026-03-27T09:00:00+00:00', datetime.timedelta(seconds=3600),
     datetime.timedelta(seconds=14400))
    """
    return collect(requests, lambda v, i: _request(Node(v, f"requests[{i}]")), source)


def read_jsm_sla(path: str | os.PathLike[str]) -> list[PlatformRecord]:
    """JSM SLA figures from a JSON file: an array of requests or JSON lines."""
    with Path(path).open(encoding="utf-8") as stream:
        return jsm_sla_records(
            iter_jira_issues(stream, source=os.fspath(path)), source=os.fspath(path)
        )
