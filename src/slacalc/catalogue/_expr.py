"""Calendar algebra by name: the ``expr`` of a catalogue calendar.

Grammar (Python's operator precedence, left-associative)::

    expr    := term   ( "|" term )*
    term    := diff   ( "&" diff )*
    diff    := factor ( "-" factor )*
    factor  := "~" factor | "(" expr ")" | NAME

Names may contain hyphens (``uk-office``), so the binary ``-`` must stand apart
from its operands with spaces: ``always - uk-office``. ``|``, ``&``, ``~`` and
parentheses need no spaces.

>>> tree = parse("always - (uk-office | ~us-east)")
>>> sorted(names(tree))
['always', 'uk-office', 'us-east']
>>> unparse(tree)
'always - (uk-office | ~us-east)'
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import TypeVar

import attrs

from slacalc.errors import ParseError

__all__ = ["Binary", "Expr", "Name", "Not", "evaluate", "names", "parse", "unparse"]

T = TypeVar("T")

_OPERATORS = frozenset("()|&~-")
_NAME = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]*")
_TOKEN = re.compile(r"\s*(?:([()|&~])|(\S+?)(?=[\s()|&~]|$))")
_EXPECTED = (
    "a calendar expression of names joined by '|', '&', ' - ' (with spaces), '~' and "
    "parentheses, such as 'always - uk-office'"
)


@attrs.frozen
class Name:
    """A reference to a named calendar."""

    name: str


@attrs.frozen
class Not:
    """``~operand``: the complement."""

    operand: Expr


@attrs.frozen
class Binary:
    """``left op right`` with ``op`` one of ``|``, ``&``, ``-``."""

    op: str
    left: Expr
    right: Expr


Expr = Name | Not | Binary


def _tokens(text: str, where: str) -> list[str]:
    out: list[str] = []
    pos = 0
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if m is None:  # only trailing whitespace is left
            break
        pos = m.end()
        tok = m.group(1) or m.group(2)
        if tok not in _OPERATORS and not _NAME.fullmatch(tok):
            hint = " (put spaces around a binary '-')" if "-" in tok else ""
            raise ParseError(text, f"{_EXPECTED}; {tok!r} is not a calendar name{hint}", where)
        out.append(tok)
    return out


#: Bounds on one calendar expression once the names it uses are written out: how
#: many weekly calendars it stands for, and how deep its operators nest (a parser
#: that recursed without bound raised RecursionError on 200 nested parentheses).
MAX_EXPR_CALENDARS = 1000
MAX_EXPR_DEPTH = 100
#: How many names one expression's text may hold, and how deep '(' and '~' nest in it.
MAX_EXPR_NAMES, MAX_NESTING = 100, 50


def expr_depth(tree: Expr, depth_of: Callable[[str], int] = lambda name: 0) -> int:
    """How deep ``tree``'s operators nest, counting a name as ``depth_of(name)``."""
    if isinstance(tree, Name):
        return depth_of(tree.name)
    if isinstance(tree, Not):
        return 1 + expr_depth(tree.operand, depth_of)
    return 1 + max(expr_depth(tree.left, depth_of), expr_depth(tree.right, depth_of))


class _Parser:
    def __init__(self, text: str, where: str) -> None:
        self.text = text
        self.where = where
        self.toks = _tokens(text, where)
        self.i = 0
        self.depth = 0

    def fail(self, why: str) -> ParseError:
        return ParseError(self.text, f"{_EXPECTED}; {why}", self.where)

    def peek(self) -> str | None:
        return self.toks[self.i] if self.i < len(self.toks) else None

    def take(self) -> str:
        tok = self.peek()
        if tok is None:
            raise self.fail("it ends too early")
        self.i += 1
        return tok

    def binary(self, level: int) -> Expr:
        ops = ("|", "&", "-")
        if level == len(ops):
            return self.factor()
        left = self.binary(level + 1)
        while self.peek() == ops[level]:
            self.i += 1
            left = Binary(ops[level], left, self.binary(level + 1))
        return left

    def factor(self) -> Expr:
        tok = self.take()
        if tok in ("~", "("):
            self.depth += 1
            if self.depth > MAX_NESTING:
                raise self.fail(f"it nests '(' and '~' more than {MAX_NESTING} deep")
        if tok == "~":
            negated = Not(self.factor())
            self.depth -= 1
            return negated
        if tok == "(":
            inner = self.binary(0)
            self.depth -= 1
            if self.peek() != ")":
                raise self.fail("a '(' is not closed")
            self.i += 1
            return inner
        if tok in _OPERATORS:
            raise self.fail(f"{tok!r} where a calendar name was expected")
        return Name(tok)

    def parse(self) -> Expr:
        if not self.toks:
            raise self.fail("it is empty")
        if sum(t not in _OPERATORS for t in self.toks) > MAX_EXPR_NAMES:
            raise self.fail(f"it names more than {MAX_EXPR_NAMES} calendars")
        tree = self.binary(0)
        if self.peek() is not None:
            raise self.fail(f"unexpected {self.peek()!r}")
        return tree


def parse(text: str, where: str = "") -> Expr:
    """Parse ``text`` into an expression tree; :class:`ParseError` names ``where``.

    >>> parse("a | b & ~c")
    Binary(op='|', left=Name(name='a'), right=Binary(op='&', left=Name(name='b'), right=Not(operand=Name(name='c'))))
    """  # noqa: E501
    if not isinstance(text, str):
        raise ParseError(text, _EXPECTED, where)
    return _Parser(text, where).parse()


def names(tree: Expr) -> Iterator[str]:
    """Every calendar name ``tree`` refers to, in reading order (repeats included)."""
    if isinstance(tree, Name):
        yield tree.name
    elif isinstance(tree, Not):
        yield from names(tree.operand)
    else:
        yield from names(tree.left)
        yield from names(tree.right)


def evaluate(
    tree: Expr,
    resolve: Callable[[str], T],
    binary: Callable[[str, T, T], T],
    complement: Callable[[T], T],
) -> T:
    """Fold ``tree`` with the given operations (the catalogue passes calendar ones).

    >>> evaluate(parse("a - b"), {"a": {1, 2}, "b": {2}}.__getitem__,
    ...          lambda op, x, y: x - y, lambda x: x)
    {1}
    """
    if isinstance(tree, Name):
        return resolve(tree.name)
    if isinstance(tree, Not):
        return complement(evaluate(tree.operand, resolve, binary, complement))
    left = evaluate(tree.left, resolve, binary, complement)
    return binary(tree.op, left, evaluate(tree.right, resolve, binary, complement))


_LEVEL = {"|": 0, "&": 1, "-": 2}


def unparse(tree: Expr, level: int = 0) -> str:
    """Write ``tree`` back as text with the fewest parentheses that keep its meaning."""
    if isinstance(tree, Name):
        return tree.name
    if isinstance(tree, Not):
        inner = unparse(tree.operand, 3)
        return f"~{inner}"
    mine = _LEVEL[tree.op]
    text = f"{unparse(tree.left, mine)} {tree.op} {unparse(tree.right, mine + 1)}"
    return f"({text})" if mine < level else text
