"""User text made safe for where it is written: spreadsheets, Markdown/HTML, terminals.

Every writer of user text (names, ids, causes, explanations) goes through one of
these, so that a catalogue or a ticket export can never turn into a formula, a
heading, a ``<script>`` or a terminal escape sequence in slacalc's output.

>>> csv_cell("=HYPERLINK(1)"), csv_cell("-4h"), csv_cell("P1")
("'=HYPERLINK(1)", "'-4h", 'P1')
>>> markdown("Sales\\n# Owned <script>")
'Sales # Owned &lt;script&gt;'
>>> terminal("red\\x1b[31m!")
'red\\\\x1b[31m!'
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

__all__ = ["CSV_TRIGGERS", "control_characters", "csv_cell", "csv_row", "markdown", "terminal"]

CSV_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
"""A cell starting with one of these is read as a formula by spreadsheet programs."""

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_MD_SPECIAL = re.compile(r"([\\`*_\[\]|~])")


def csv_cell(value: Any) -> Any:
    """A value for a CSV cell: text a spreadsheet would run as a formula gets a leading ``'``.

    The OWASP advice for CSV injection: a cell starting with ``=``, ``+``, ``-``,
    ``@``, tab or carriage return is prefixed with an apostrophe, which spreadsheet
    programs show as text. Numbers and other non-text values pass unchanged
    (a negative number is a number, not a formula).

    >>> csv_cell("@SUM(A1)"), csv_cell(-3), csv_cell(None)
    ("'@SUM(A1)", -3, None)
    """
    if isinstance(value, str) and value.startswith(CSV_TRIGGERS):
        return "'" + value
    return value


def csv_row(row: dict[str, Any]) -> dict[str, Any]:
    """:func:`csv_cell` on every value of a row (the header keys are slacalc's own).

    >>> csv_row({"name": "+1", "n": 2})
    {'name': "'+1", 'n': 2}
    """
    triggers = CSV_TRIGGERS  # csv_cell, inlined: rows of a million lines pass here
    return {
        k: "'" + v if isinstance(v, str) and v.startswith(triggers) else v for k, v in row.items()
    }


def control_characters(text: str) -> list[str]:
    """The control and bidirectional-override characters in ``text``, as ``U+`` and four hex digits.

    >>> control_characters("a\\nb\\u202e")
    ['U+000A', 'U+202E']
    """
    return [f"U+{ord(c):04X}" for c in _CONTROL.findall(text)]


def terminal(text: str) -> str:
    """``text`` for a terminal: control characters shown as escapes, never sent raw.

    A newline, tab, ANSI escape (``ESC``) or bidirectional override is written as
    its Python escape, so what the terminal shows is the text itself.

    >>> terminal("a\\tb\\u202e")
    'a\\\\tb\\\\u202e'
    """
    return _CONTROL.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


def markdown(text: str) -> str:
    """``text`` as one line of inline Markdown that renders as itself, HTML included.

    Line breaks become spaces (a name cannot start its own heading or list),
    other control characters are dropped, ``&``, ``<`` and ``>`` become entities,
    and the Markdown punctuation that makes emphasis, links, code or tables
    (backslash, backquote, ``*``, ``_``, brackets, ``|``, ``~``) is backslash-escaped.

    >>> markdown("*Gold* [link](x) & <b>")
    '\\\\*Gold\\\\* \\\\[link\\\\](x) &amp; &lt;b&gt;'
    """
    text = unicodedata.normalize("NFC", text)
    text = re.sub(r"[\r\n\u2028\u2029\x0b\x0c\x85]+", " ", text)
    text = _CONTROL.sub("", text)
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MD_SPECIAL.sub(r"\\\1", text)
