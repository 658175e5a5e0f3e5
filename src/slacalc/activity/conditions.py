"""Clock conditions: a small grammar over a ticket's fields, parsed and compiled, never eval'd.

::

    condition := or
    or        := and ("or" and)*
    and       := unary ("and" unary)*
    unary     := "not" unary | atom
    atom      := "(" condition ")" | "created" | "held"
               | FIELD "==" STRING | FIELD "!=" STRING | FIELD "in" LIST
               | FIELD "changed" [ "to" (STRING | LIST) ]
    LIST      := "[" STRING ("," STRING)* [","] "]"
    STRING    := "..." or '...' (backslash escapes the quote and itself)
    FIELD     := a letter or _ then letters, digits, _ . -  (not a keyword)

Keywords are matched case-sensitively: ``and or not in changed to created held``.
A text is at most :data:`MAX_LENGTH` characters, nests at most :data:`MAX_DEPTH`
deep and has at most :data:`MAX_ATOMS` atoms, so no condition can exhaust the
parser.

>>> c = parse_condition('status in ["Pending customer", "On hold"] and not vip == "yes"')
>>> str(c)
'(status in ["Pending customer", "On hold"] and not vip == "yes")'
>>> c.fields()
('status', 'vip')
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Mapping
from typing import NamedTuple

import attrs

from slacalc.errors import SlacalcError

__all__ = [
    "MAX_ATOMS",
    "MAX_DEPTH",
    "MAX_LENGTH",
    "And",
    "Changed",
    "Condition",
    "ConditionError",
    "Created",
    "Equals",
    "Held",
    "In",
    "Instant",
    "Not",
    "Or",
    "compile_condition",
    "parse_condition",
]

#: The longest condition text accepted.
MAX_LENGTH = 4000
#: The deepest nesting of parentheses and ``not`` accepted.
MAX_DEPTH = 32
#: The most atoms (comparisons, ``changed``, ``created``, ``held``) in one condition.
MAX_ATOMS = 200

KEYWORDS = frozenset({"and", "or", "not", "in", "changed", "to", "created", "held"})


class ConditionError(SlacalcError, ValueError):
    """A condition that does not parse, or is not allowed where it is used.

    ``text`` is the condition, ``position`` the character offset of the problem
    (or ``None``), ``where`` the key path it came from.

    >>> parse_condition('status = "Open"')
    Traceback (most recent call last):
    ...
    slacalc.activity.conditions.ConditionError: 'status = "Open"' at 7: unexpected '=' (compare with ==)
    """  # noqa: E501

    def __init__(
        self, text: str, message: str, position: int | None = None, where: str = ""
    ) -> None:
        self.text = text
        self.message = message
        self.position = position
        self.where = where
        head = f"{where}: " if where else ""
        at = f" at {position}" if position is not None else ""
        super().__init__(f"{head}{text!r}{at}: {message}")


# ------------------------------------------------------------------------------ syntax tree


def _q(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


@attrs.frozen
class Created:
    """The ticket's creation (an event: true only at the creation instant)."""

    def __str__(self) -> str:
        return "created"


@attrs.frozen
class Held:
    """The clock's own party holds the ticket (an OLA's team, a UC's supplier)."""

    def __str__(self) -> str:
        return "held"


@attrs.frozen
class Equals:
    """``field == value`` (or ``!=`` when ``negate``)."""

    field: str
    value: str
    negate: bool = False

    def __str__(self) -> str:
        return f"{self.field} {'!=' if self.negate else '=='} {_q(self.value)}"


@attrs.frozen
class In:
    """``field in [values]``."""

    field: str
    values: tuple[str, ...]

    def __str__(self) -> str:
        return f"{self.field} in [{', '.join(map(_q, self.values))}]"


@attrs.frozen
class Changed:
    """``field changed`` or ``field changed to [values]`` (an event)."""

    field: str
    to: tuple[str, ...] | None = None

    def __str__(self) -> str:
        if self.to is None:
            return f"{self.field} changed"
        return f"{self.field} changed to [{', '.join(map(_q, self.to))}]"


@attrs.frozen
class Not:
    """``not item``."""

    item: Condition

    def __str__(self) -> str:
        return f"not {self.item}"


@attrs.frozen
class And:
    """``a and b and ...``."""

    items: tuple[Condition, ...]

    def __str__(self) -> str:
        return "(" + " and ".join(map(str, self.items)) + ")"


@attrs.frozen
class Or:
    """``a or b or ...``."""

    items: tuple[Condition, ...]

    def __str__(self) -> str:
        return "(" + " or ".join(map(str, self.items)) + ")"


_Node = Created | Held | Equals | In | Changed | Not | And | Or


@attrs.frozen
class Condition:
    """A parsed condition: its ``text`` and syntax ``tree``.

    >>> parse_condition("created").is_event(events=())
    True
    """

    text: str
    tree: _Node

    def __str__(self) -> str:
        return str(self.tree)

    def fields(self) -> tuple[str, ...]:
        """The fields the condition names, in first-seen order."""
        out: dict[str, None] = {}
        _walk(self.tree, lambda n: out.setdefault(n.field, None) if hasattr(n, "field") else None)
        return tuple(out)

    def values(self, field: str) -> tuple[str, ...]:
        """The values the condition compares ``field`` with."""
        out: dict[str, None] = {}

        def take(n: _Node) -> None:
            if isinstance(n, Equals) and n.field == field:
                out.setdefault(n.value, None)
            elif isinstance(n, In) and n.field == field:
                out.update(dict.fromkeys(n.values))
            elif isinstance(n, Changed) and n.field == field and n.to:
                out.update(dict.fromkeys(n.to))

        _walk(self.tree, take)
        return tuple(out)

    def uses_held(self) -> bool:
        """Whether the condition says ``held``."""
        found: list[bool] = []
        _walk(self.tree, lambda n: found.append(True) if isinstance(n, Held) else None)
        return bool(found)

    def event_part(self, events: Collection[str]) -> Condition | None:
        """Its event atoms joined by ``or`` (``None`` if it names no event): whether
        one of the events it names happened at an instant.

        >>> str(parse_condition('held and comment == "x" or created').event_part(["comment"]))
        '(comment == "x" or created)'
        """
        atoms: list[_Node] = []

        def take(n: _Node) -> None:
            if isinstance(n, Created | Changed) or (
                isinstance(n, Equals | In) and n.field in events
            ):
                atoms.append(n)

        _walk(self.tree, take)
        if not atoms:
            return None
        if len(atoms) == 1:
            return Condition(str(atoms[0]), atoms[0])
        parts = tuple(Condition(str(a), a) for a in atoms)
        tree = Or(parts)
        return Condition(str(tree), tree)

    def is_event(self, events: Collection[str]) -> bool:
        """Whether it names an event: ``created``, ``changed``, or a field of ``events``."""
        found: list[bool] = []

        def take(n: _Node) -> None:
            if isinstance(n, Created | Changed) or (
                isinstance(n, Equals | In) and n.field in events
            ):
                found.append(True)

        _walk(self.tree, take)
        return bool(found)


def _walk(node: _Node, visit: Callable[[_Node], object]) -> None:
    visit(node)
    if isinstance(node, Not):
        _walk(node.item.tree if isinstance(node.item, Condition) else node.item, visit)
    elif isinstance(node, And | Or):
        for item in node.items:
            _walk(item.tree if isinstance(item, Condition) else item, visit)


# ------------------------------------------------------------------------------ tokenizer


class _Token(NamedTuple):
    kind: str  # NAME, STRING, OP, PUNCT, END
    text: str
    position: int


_TOKEN = re.compile(
    r"""\s*(?:(?P<NAME>[A-Za-z_][A-Za-z0-9_.\-]*)
        |(?P<OP>==|!=)
        |(?P<PUNCT>[()\[\],])
        |(?P<STRING>"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'))""",
    re.X,
)
_ESCAPE = re.compile(r"\\(.)")


def _tokens(text: str, where: str) -> list[_Token]:
    out: list[_Token] = []
    i, n = 0, len(text)
    while True:
        while i < n and text[i].isspace():
            i += 1
        if i >= n:
            break
        m = _TOKEN.match(text, i)
        if m is None or m.lastgroup is None:
            ch = text[i]
            hint = " (an unterminated string?)" if ch in "\"'" else ""
            hint = " (compare with ==)" if ch == "=" else hint
            raise ConditionError(text, f"unexpected {ch!r}{hint}", i, where)
        kind = m.lastgroup
        raw = m.group(kind)
        start = m.start(kind)
        if kind == "STRING":
            raw = _ESCAPE.sub(r"\1", raw[1:-1])
        out.append(_Token(kind, raw, start))
        i = m.end()
    out.append(_Token("END", "", n))
    return out


# ------------------------------------------------------------------------------ parser


class _Parser:
    def __init__(self, text: str, where: str) -> None:
        self.text = text
        self.where = where
        self.tokens = _tokens(text, where)
        self.i = 0
        self.depth = 0
        self.atoms = 0

    def error(self, message: str, token: _Token | None = None) -> ConditionError:
        tok = token or self.tokens[self.i]
        return ConditionError(self.text, message, tok.position, self.where)

    @property
    def tok(self) -> _Token:
        return self.tokens[self.i]

    def word(self, word: str) -> bool:
        if self.tok.kind == "NAME" and self.tok.text == word:
            self.i += 1
            return True
        return False

    def punct(self, ch: str) -> bool:
        if self.tok.kind == "PUNCT" and self.tok.text == ch:
            self.i += 1
            return True
        return False

    def unexpected(self, expected: str) -> ConditionError:
        t = self.tok
        got = "the end" if t.kind == "END" else repr(t.text)
        return self.error(f"unexpected {got}; expected {expected}")

    def parse(self) -> _Node:
        if self.tok.kind == "END":
            raise self.error('empty condition; expected e.g. status == "Resolved"')
        node = self.disjunction()
        if self.tok.kind != "END":
            raise self.unexpected("and, or, or the end")
        return node

    def nest(self) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise self.error(f"nested more than {MAX_DEPTH} deep")

    def disjunction(self) -> _Node:
        items = [self.conjunction()]
        while self.word("or"):
            items.append(self.conjunction())
        return items[0] if len(items) == 1 else Or(tuple(map(_wrap, items)))

    def conjunction(self) -> _Node:
        items = [self.unary()]
        while self.word("and"):
            items.append(self.unary())
        return items[0] if len(items) == 1 else And(tuple(map(_wrap, items)))

    def unary(self) -> _Node:
        if self.word("not"):
            self.nest()
            item = self.unary()
            self.depth -= 1
            return Not(_wrap(item))
        return self.atom()

    def atom(self) -> _Node:
        t = self.tok
        if self.punct("("):
            self.nest()
            node = self.disjunction()
            self.depth -= 1
            if not self.punct(")"):
                raise self.unexpected("')'")
            return node
        if t.kind != "NAME":
            raise self.unexpected("a field name, 'created', 'held', 'not' or '('")
        self.count()
        self.i += 1
        if t.text == "created":
            return Created()
        if t.text == "held":
            return Held()
        if t.text in KEYWORDS:
            raise self.error(f"{t.text!r} is a keyword, not a field name", t)
        field = t.text
        op = self.tok
        if op.kind == "OP":
            self.i += 1
            return Equals(field, self.string(), negate=op.text == "!=")
        if self.word("in"):
            return In(field, self.list())
        if self.word("changed"):
            if not self.word("to"):
                return Changed(field)
            if self.tok.kind == "STRING":
                return Changed(field, (self.string(),))
            return Changed(field, self.list())
        raise self.unexpected("one of ==, !=, in, changed")

    def count(self) -> None:
        self.atoms += 1
        if self.atoms > MAX_ATOMS:
            raise self.error(f"more than {MAX_ATOMS} comparisons")

    def string(self) -> str:
        t = self.tok
        if t.kind != "STRING":
            hint = f" (quote it: {_q(t.text)})" if t.kind == "NAME" else ""
            raise self.error(f"expected a quoted string{hint}")
        self.i += 1
        return t.text

    def list(self) -> tuple[str, ...]:
        if not self.punct("["):
            raise self.unexpected("'[' starting a list of quoted strings")
        values: list[str] = []
        while not self.punct("]"):
            values.append(self.string())
            if not self.punct(","):
                if not self.punct("]"):
                    raise self.unexpected("',' or ']'")
                break
        if not values:
            raise self.error("an empty list matches nothing")
        return tuple(values)


def _wrap(node: _Node) -> Condition:
    return Condition(str(node), node)


def parse_condition(text: str, where: str = "") -> Condition:
    """Parse a condition (see the module's grammar); :class:`ConditionError` if it does not.

    >>> parse_condition('comment == "public-reply" or status changed to ["Resolved"]').tree
    Or(items=(Condition(text='comment == "public-reply"', tree=Equals(field='comment', value='public-reply', negate=False)), Condition(text='status changed to ["Resolved"]', tree=Changed(field='status', to=('Resolved',)))))
    """  # noqa: E501
    if not isinstance(text, str):
        raise ConditionError(repr(text), "a condition is text", None, where)
    if len(text) > MAX_LENGTH:
        raise ConditionError(text[:40] + "...", f"longer than {MAX_LENGTH} characters", None, where)
    return Condition(text, _Parser(text, where).parse())


# ------------------------------------------------------------------------------ compiling


class Instant(NamedTuple):
    """What a condition sees at one instant of a ticket.

    ``state`` holds every field's value after all changes at the instant;
    ``changed`` the state fields whose value differs from before the instant;
    ``events`` the values each event field was given at the instant (in order);
    ``created`` whether this is the creation instant; ``held`` whether the
    clock's party holds the ticket.
    """

    state: Mapping[str, str]
    changed: Collection[str]
    events: Mapping[str, tuple[str, ...]]
    created: bool
    held: bool


Predicate = Callable[[Instant], bool]


def compile_condition(condition: Condition, events: Collection[str] = ()) -> Predicate:
    """A predicate over an :class:`Instant`; fields in ``events`` are event markers.

    For a state field, ``f == v`` holds while the field's value is ``v`` (an
    unset field equals nothing, so ``!=`` holds), ``f changed`` at an instant
    whose changes leave ``f`` with another value than before it. For an event
    field, ``f == v`` (or ``in``, ``!=``, ``changed [to]``) holds at an instant
    with a change of ``f`` to such a value.

    >>> p = compile_condition(parse_condition('status in ["On hold"]'))
    >>> p(Instant({"status": "On hold"}, (), {}, False, False))
    True
    """
    ev = frozenset(events)
    return _compile(condition.tree, ev)


def _compile(node: _Node, ev: frozenset[str]) -> Predicate:
    if isinstance(node, Created):
        return lambda s: s.created
    if isinstance(node, Held):
        return lambda s: s.held
    if isinstance(node, Equals):
        f, v = node.field, node.value
        if f in ev:
            if node.negate:
                return lambda s: any(x != v for x in s.events.get(f, ()))
            return lambda s: v in s.events.get(f, ())
        if node.negate:
            return lambda s: s.state.get(f) != v
        return lambda s: s.state.get(f) == v
    if isinstance(node, In):
        f, vs = node.field, frozenset(node.values)
        if f in ev:
            return lambda s: any(x in vs for x in s.events.get(f, ()))
        return lambda s: s.state.get(f) in vs
    if isinstance(node, Changed):
        f = node.field
        if node.to is None:
            if f in ev:
                return lambda s: f in s.events
            return lambda s: f in s.changed
        to = frozenset(node.to)
        if f in ev:
            return lambda s: any(x in to for x in s.events.get(f, ()))
        return lambda s: f in s.changed and s.state.get(f) in to
    if isinstance(node, Not):
        inner = _compile(node.item.tree, ev)
        return lambda s: not inner(s)
    parts = [_compile(i.tree, ev) for i in node.items]
    if isinstance(node, And):
        return lambda s: all(p(s) for p in parts)
    return lambda s: any(p(s) for p in parts)
