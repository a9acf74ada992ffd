"""The skip-logic language: a small, safe expression language parsed into a JSON-able AST (never `eval`).

Grammar (lowest precedence first)::

    expr    := or
    or      := and ("or" and)*
    and     := not ("and" not)*
    not     := "not" not | compare
    compare := sum (("=" | "!=" | "<" | "<=" | ">" | ">=") sum)?      -- no chaining: write `a < b and b < c`
    sum     := product (("+" | "-") product)*
    product := unary (("*" | "/") unary)*
    unary   := "-" unary | atom
    atom    := number | 'string' | "string" | true | false | "." | question_id
             | selected(expr, expr) | count-selected(expr) | "(" expr ")"

AST nodes are dicts: ``{"op": "lit", "value": v}``, ``{"op": "ref", "id": "q"}``, ``{"op": "cur"}`` (the `.`
of a constraint), and ``{"op": OP, "args": [...]}`` for OP in ``or and not = != < <= > >= + - * / neg selected
count-selected``. ``survey/static/js/relevant.js`` evaluates the same AST with the same rules.

Semantics (identical in Python and JavaScript):

- Values are null, booleans, numbers, strings and lists of strings. A reference to a question that is
  unanswered, not relevant, or answered with ``""`` or ``[]`` is **null**; so is ``.`` without a value.
- ``a = b`` with a null side is true only when the other side is null or the literal ``''``: so ``q = ''`` asks
  "is q unanswered?" and ``q != ''`` asks "is q answered?". Every other comparison with null is **false**,
  ``!=`` included: ``q != 'yes'`` is false while q is unanswered (write ``not(q = 'yes')`` to include it).
- Numbers compare as numbers. A string that looks like a number (``"4"``, ``"-2.5"``) is compared as a number
  with a number, so a Likert answer sent by a web form as ``"4"`` equals ``4``; ordering two such strings is
  numeric too. Other strings compare as text (by code point). A boolean equals the text ``'true'``/``'false'``,
  so ``k1 = true`` works for a knowledge answer. Lists are equal only to lists with the same items in the same
  order; ordering a list or a boolean is false. Answers keep their storage encoding (contracts.md §1): likert is
  a number, yes_no is ``'yes'``/``'no'``, knowledge is ``'true'``/``'false'``/``'dont_know'``.
- Arithmetic converts both sides to numbers; if either is null or not a number, or on division by zero, the
  result is null (and so any comparison with it is false).
- ``selected(q, 'x')`` is true when the list q contains ``'x'`` (for a single value: when it equals ``'x'``);
  ``count-selected(q)`` is the number of items of q (0 when null, 1 for a single value).
- As a condition, null, false, 0, ``''`` and ``[]`` are false; everything else is true. ``and``/``or`` give
  booleans and short-circuit.
"""
from __future__ import annotations

import math
import re
from collections.abc import Iterator, Mapping
from decimal import Decimal
from typing import Any

from forms.reasons import Reason, ReasonError, as_reason

Ast = dict[str, Any]

COMPARISONS = ("=", "!=", "<", "<=", ">", ">=")
FUNCTIONS = {"selected": 2, "count-selected": 1}
KEYWORDS = {"and", "or", "not", "true", "false"}

_TOKEN = re.compile(r"""
    (?P<space>\s+)
  | (?P<number>[0-9]+(?:\.[0-9]+)?|\.[0-9]+)
  | (?P<string>'[^']*'|"[^"]*")
  | (?P<func>count-selected)(?=\s*\()
  | (?P<name>[A-Za-z_][A-Za-z0-9_]*)
  | (?P<op>==|!=|<=|>=|[=<>+\-*/(),.])
""", re.VERBOSE)
# Spelled out (not \s, \d) so that Python and JavaScript accept exactly the same strings.
_NUMERIC = re.compile(r"^[ \t\n\r\f\v]*[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?[ \t\n\r\f\v]*$")


class ExprError(ReasonError):
    """A malformed expression; `position` is the 0-based character index where the problem was found.

    str() is Vietnamese and text("en") English, both ending with the position; `reason` is the Vietnamese
    reason alone (`why` its Reason) and `problem` the whole Reason (forms/reasons.py) a DefinitionError carries on.
    """

    def __init__(self, reason: Reason | str, position: int, expression: str = ""):
        reason = as_reason(reason)
        self.why, self.position, self.expression = reason, position, expression
        super().__init__(Reason("expr.at", reason=reason, position=position + 1))

    @property
    def reason(self) -> str:
        """What is wrong, in Vietnamese, without the position."""
        return self.why.say("vi")


# --- parsing -------------------------------------------------------------------------------------------------

def _tokens(text: str) -> Iterator[tuple[str, Any, int]]:
    """(kind, value, position) triples, ending with ("end", None, len(text))."""
    pos = 0
    while pos < len(text):
        match = _TOKEN.match(text, pos)
        if match is None:
            raise ExprError(Reason("expr.char", char=text[pos]), pos, text)
        kind, value = match.lastgroup, match.group()
        if kind == "number":
            yield "lit", (float(value) if "." in value else int(value)), pos
        elif kind == "string":
            yield "lit", value[1:-1], pos
        elif kind == "name" and value in ("true", "false"):
            yield "lit", value == "true", pos
        elif kind == "name" and value in KEYWORDS:
            yield "op", value, pos
        elif kind == "op":
            yield "op", "=" if value == "==" else value, pos
        elif kind != "space":
            yield kind, value, pos
        pos = match.end()
    yield "end", None, len(text)


class _Parser:
    """Recursive descent over the token list; each method parses one grammar rule."""

    def __init__(self, text: str):
        self.text = text
        self.tokens = list(_tokens(text))
        self.i = 0

    def peek(self) -> tuple[str, Any, int]:
        return self.tokens[self.i]

    def at(self, *ops: str) -> bool:
        kind, value, _ = self.peek()
        return kind == "op" and value in ops

    def take(self) -> tuple[str, Any, int]:
        token = self.tokens[self.i]
        self.i += 1
        return token

    def fail(self, reason: Reason, position: int | None = None) -> ExprError:
        return ExprError(reason, self.peek()[2] if position is None else position, self.text)

    def expect(self, op: str) -> None:
        if not self.at(op):
            raise self.fail(Reason("expr.expected", op=op, found=_describe(self.peek())))
        self.take()

    def parse(self) -> Ast:
        if self.peek()[0] == "end":
            raise self.fail(Reason("expr.empty"))
        node = self.or_()
        if self.peek()[0] != "end":
            raise self.fail(Reason("expr.extra", found=_describe(self.peek())))
        return node

    def _chain(self, op: str, operand) -> Ast:
        args = [operand()]
        while self.at(op):
            self.take()
            args.append(operand())
        return args[0] if len(args) == 1 else {"op": op, "args": args}

    def or_(self) -> Ast:
        return self._chain("or", self.and_)

    def and_(self) -> Ast:
        return self._chain("and", self.not_)

    def not_(self) -> Ast:
        if self.at("not"):
            self.take()
            return {"op": "not", "args": [self.not_()]}
        return self.compare()

    def compare(self) -> Ast:
        left = self.sum()
        if self.at(*COMPARISONS):
            op = self.take()[1]
            right = self.sum()
            if self.at(*COMPARISONS):
                raise self.fail(Reason("expr.chained"))
            return {"op": op, "args": [left, right]}
        return left

    def _binary(self, ops: tuple[str, ...], operand) -> Ast:
        node = operand()
        while self.at(*ops):
            op = self.take()[1]
            node = {"op": op, "args": [node, operand()]}
        return node

    def sum(self) -> Ast:
        return self._binary(("+", "-"), self.product)

    def product(self) -> Ast:
        return self._binary(("*", "/"), self.unary)

    def unary(self) -> Ast:
        if self.at("-"):
            self.take()
            return {"op": "neg", "args": [self.unary()]}
        return self.atom()

    def atom(self) -> Ast:
        kind, value, pos = self.peek()
        if kind == "lit":
            self.take()
            return {"op": "lit", "value": value}
        if kind == "op" and value == ".":
            self.take()
            return {"op": "cur"}
        if kind == "op" and value == "(":
            self.take()
            node = self.or_()
            self.expect(")")
            return node
        if kind in ("name", "func"):
            self.take()
            if self.at("("):
                return self.call(value, pos)
            if kind == "func":
                raise self.fail(Reason("expr.call", name=value))
            return {"op": "ref", "id": value}
        raise self.fail(Reason("expr.value", found=_describe(self.peek())))

    def call(self, name: str, pos: int) -> Ast:
        if name not in FUNCTIONS:
            known = ", ".join(f"{f}()" for f in FUNCTIONS)
            raise self.fail(Reason("expr.function", name=name, known=known), pos)
        self.expect("(")
        args = [] if self.at(")") else [self.or_()]
        while self.at(","):
            self.take()
            args.append(self.or_())
        self.expect(")")
        if len(args) != FUNCTIONS[name]:
            raise self.fail(Reason("expr.arguments", name=name, count=FUNCTIONS[name], found=len(args)), pos)
        return {"op": name, "args": args}


def _describe(token: tuple[str, Any, int]) -> Reason | str:
    kind, value, _ = token
    if kind == "end":
        return Reason("token.end")
    if kind == "lit" and isinstance(value, str):
        return Reason("token.text", value=value)
    if kind == "op":
        return Reason("token.op", op=value)
    return str(value).lower() if isinstance(value, bool) else str(value)


def parse(text: str) -> Ast:
    """Parse an expression into its AST; raise ExprError (a ValueError) with the position of the problem."""
    if not isinstance(text, str):
        raise ExprError(Reason("expr.not_text", type=type(text).__name__), 0, str(text))
    return _Parser(text).parse()


def references(ast: Ast) -> list[str]:
    """The question ids the expression reads, each once, in order of first appearance."""
    found: list[str] = []
    for node in walk(ast):
        if node["op"] == "ref" and node["id"] not in found:
            found.append(node["id"])
    return found


def uses_current(ast: Ast) -> bool:
    """Whether the expression reads `.` (only meaningful in a constraint)."""
    return any(node["op"] == "cur" for node in walk(ast))


def walk(ast: Ast) -> Iterator[Ast]:
    """Every node of the tree, parents before children."""
    yield ast
    for child in ast.get("args", ()):
        yield from walk(child)


# --- printing ------------------------------------------------------------------------------------------------

_LEVEL = {"or": 1, "and": 2, "not": 3, **{op: 4 for op in COMPARISONS}, "+": 5, "-": 5, "*": 6, "/": 6, "neg": 7}


def unparse(ast: Ast) -> str:
    """Canonical source text of an AST: parse(unparse(a)) == a."""
    return _print(ast, 0)


def _print(node: Ast, outer: int) -> str:
    op = node["op"]
    if op == "lit":
        value = node["value"]
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, str):
            return f'"{value}"' if "'" in value else f"'{value}'"
        return _number_text(value)
    if op == "ref":
        return node["id"]
    if op == "cur":
        return "."
    args = node["args"]
    if op in FUNCTIONS:
        return f"{op}({', '.join(_print(a, 0) for a in args)})"
    level = _LEVEL[op]
    if op == "not":
        text = f"not {_print(args[0], level)}"
    elif op == "neg":
        text = f"-{_print(args[0], level)}"
    elif op in ("and", "or"):
        text = f" {op} ".join(_print(a, level + 1) for a in args)
    else:  # left-associative binary: the right operand needs brackets at the same level
        text = f"{_print(args[0], level)} {op} {_print(args[1], level + 1)}"
    return f"({text})" if level < outer else text


def _number_text(value: float) -> str:
    """A number literal the tokenizer reads back to the same value (no exponent: 1e-07 -> 0.0000001)."""
    if isinstance(value, int):
        return str(value)
    text = format(Decimal(repr(value)), "f")
    return text if "." in text else text + ".0"


# --- evaluation ----------------------------------------------------------------------------------------------

def evaluate(ast: Ast, answers: Mapping[str, Any], current: Any = None) -> Any:
    """The value of the expression given answers keyed by question id (`current` is the `.` of a constraint)."""
    op = ast["op"]
    if op == "lit":
        return ast["value"]
    if op == "ref":
        return _normal(answers.get(ast["id"]))
    if op == "cur":
        return _normal(current)
    args = ast["args"]
    if op == "and":
        return all(truthy(evaluate(a, answers, current)) for a in args)
    if op == "or":
        return any(truthy(evaluate(a, answers, current)) for a in args)
    if op == "not":
        return not truthy(evaluate(args[0], answers, current))
    values = [evaluate(a, answers, current) for a in args]
    if op == "neg":
        number = _number(values[0])
        return None if number is None else -number
    if op == "selected":
        return _selected(*values)
    if op == "count-selected":
        return _count(values[0])
    if op in COMPARISONS:
        return _compare(op, *values)
    if op in ("+", "-", "*", "/"):
        return _arithmetic(op, *values)
    raise ValueError(f"unknown expression node {op!r}")


def truthy(value: Any) -> bool:
    """Whether a value counts as true in a condition (null, false, 0, '' and [] do not)."""
    if value is None or value is False:
        return False
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return value != 0
    if isinstance(value, (str, list, tuple)):
        return len(value) > 0
    return True


def check(ast: Ast | None, answers: Mapping[str, Any], current: Any = None) -> bool:
    """A condition's truth; a missing condition (None) holds."""
    return True if ast is None else truthy(evaluate(ast, answers, current))


def _normal(value: Any) -> Any:
    """An answer as expressions see it: unanswered, '' and [] become null; tuples become lists."""
    if value is None or value == "" or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, (list, tuple)):
        return list(value) or None
    return value


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _number(value: Any) -> float | None:
    """A number or a numeric string as a float; anything else (booleans included) is None."""
    if _is_number(value):
        return float(value)
    if isinstance(value, str) and _NUMERIC.match(value):
        return float(value)
    return None


def _equal(a: Any, b: Any) -> bool:
    """Equality of two non-null values."""
    if isinstance(a, list) or isinstance(b, list):
        return isinstance(a, list) and isinstance(b, list) and len(a) == len(b) \
            and all(_equal(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, bool) or isinstance(b, bool):
        if isinstance(a, bool) and isinstance(b, bool):
            return a == b
        other = b if isinstance(a, bool) else a
        flag = a if isinstance(a, bool) else b
        return isinstance(other, str) and other == ("true" if flag else "false")
    if _is_number(a) or _is_number(b):
        x, y = _number(a), _number(b)
        return x is not None and y is not None and x == y
    return a == b


def _order(a: Any, b: Any) -> tuple[Any, Any] | None:
    """The pair to order a and b by (numbers or strings), or None when they cannot be ordered."""
    if isinstance(a, (bool, list)) or isinstance(b, (bool, list)):
        return None
    x, y = _number(a), _number(b)
    if x is not None and y is not None:
        return x, y
    if isinstance(a, str) and isinstance(b, str):
        return a, b
    return None


def _compare(op: str, a: Any, b: Any) -> bool:
    if a is None or b is None:
        return op == "=" and a in (None, "") and b in (None, "")
    if op == "=":
        return _equal(a, b)
    if op == "!=":
        return not _equal(a, b)
    pair = _order(a, b)
    if pair is None:
        return False
    x, y = pair
    return {"<": x < y, "<=": x <= y, ">": x > y, ">=": x >= y}[op]


def _arithmetic(op: str, a: Any, b: Any) -> float | None:
    x, y = _number(a), _number(b)
    if x is None or y is None or (op == "/" and y == 0):
        return None
    result = x + y if op == "+" else x - y if op == "-" else x * y if op == "*" else x / y
    return None if math.isnan(result) else result


def _selected(values: Any, choice: Any) -> bool:
    if values is None or choice is None:
        return False
    if isinstance(values, list):
        return any(item is not None and _equal(item, choice) for item in values)
    return _equal(values, choice)


def _count(values: Any) -> int:
    if values is None:
        return 0
    return len(values) if isinstance(values, list) else 1
