"""Translation between XLSForm's XPath expressions and our skip-logic language (forms.expr), both ways.

XLSForm writes ``${q}`` for a question, ``not(...)``, ``true()``, ``div``; we write ``q``, ``not ...``,
``true``, ``/``. Only what our language can express is accepted: anything else (paths, other functions, ``mod``)
raises XPathError (a ValueError carrying a Reason), which the reader turns into an error naming the sheet and row.
"""
from __future__ import annotations

import re

from forms import expr
from forms.reasons import Reason, ReasonError

_TOKEN = re.compile(r"""
    (?P<space>\s+)
  | (?P<ref>\$\{(?P<refname>[^}]*)\})
  | (?P<number>[0-9]+(?:\.[0-9]+)?|\.[0-9]+)
  | (?P<string>'[^']*'|"[^"]*")
  | (?P<op>!=|<=|>=|=|<|>|\+|-|\*|\(|\)|,)
  | (?P<dot>\.(?![.\w/]))
  | (?P<name>[A-Za-z_][A-Za-z0-9_.:-]*)
""", re.VERBOSE)
_FUNCTIONS = {"selected", "count-selected"}
_ID = re.compile(r"^[a-z][a-z0-9_]*$")


class XPathError(ReasonError):
    """An XPath expression that has no equivalent in our language; str() is Vietnamese, text("en") English."""


def xpath_to_expr(xpath: str) -> str:
    """Our expression text for an XLSForm XPath expression; XPathError says what cannot be mapped."""
    tokens = list(_tokens(xpath))
    out: list[str] = []
    closers: list[str] = []
    i = 0
    while i < len(tokens):
        kind, text = tokens[i]
        following = tokens[i + 1][1] if i + 1 < len(tokens) else None
        if kind == "name":
            i, piece = _name(text, following, tokens, i, closers)
            out.append(piece)
            continue
        if text == "(":
            closers.append(")")
        elif text == ")":
            if not closers:
                raise XPathError(Reason("xpath.unmatched"))
            text = closers.pop()
        out.append(text)
        i += 1
    return " ".join(out)


def _tokens(xpath: str):
    pos = 0
    while pos < len(xpath):
        match = _TOKEN.match(xpath, pos)
        if match is None:
            char = xpath[pos]
            tip = Reason("xpath.path_tip") if char in "/." else ""
            raise XPathError(Reason("xpath.char", char=char, position=pos + 1, tip=tip))
        kind = match.lastgroup
        if kind == "ref":
            name = match.group("refname").strip()
            if not _ID.match(name):
                raise XPathError(Reason("xpath.bad_ref", name=name))
            yield "ref", name
        elif kind == "dot":
            yield "op", "."
        elif kind != "space":
            yield kind, match.group()
        pos = match.end()


def _name(name: str, following: str | None, tokens: list, i: int, closers: list[str]) -> tuple[int, str]:
    """Translate a bare word: an operator, a function call, or an error."""
    if name in ("and", "or"):
        return i + 1, name
    if name == "div":
        return i + 1, "/"
    if name == "mod":
        raise XPathError(Reason("xpath.mod"))
    if following != "(":
        raise XPathError(Reason("xpath.bare_name", name=name))
    if name in ("true", "false"):
        if i + 2 >= len(tokens) or tokens[i + 2][1] != ")":
            raise XPathError(Reason("xpath.no_arguments", name=name))
        return i + 3, name
    if name == "not":
        closers.append("))")
        return i + 2, "(not ("
    if name in _FUNCTIONS:
        closers.append(")")
        return i + 2, f"{name}("
    raise XPathError(Reason("xpath.function", name=name))


def expr_to_xpath(ast: dict) -> str:
    """XLSForm XPath text for one of our ASTs, such that xpath_to_expr() reads back the same tree."""
    return _print(ast, 0)


_LEVEL = {"or": 1, "and": 2, **{op: 4 for op in expr.COMPARISONS}, "+": 5, "-": 5, "*": 6, "/": 6, "neg": 7}


def _print(node: dict, outer: int) -> str:
    op = node["op"]
    if op == "lit":
        value = node["value"]
        if isinstance(value, bool):
            return "true()" if value else "false()"
        return expr.unparse(node)
    if op == "ref":
        return "${" + node["id"] + "}"
    if op == "cur":
        return "."
    args = node["args"]
    if op == "not":
        return f"not({_print(args[0], 0)})"
    if op in expr.FUNCTIONS:
        return f"{op}({', '.join(_print(a, 0) for a in args)})"
    level = _LEVEL[op]
    if op == "neg":
        text = f"-{_print(args[0], level)}"
    elif op in ("and", "or"):
        text = f" {op} ".join(_print(a, level + 1) for a in args)
    else:
        symbol = "div" if op == "/" else op
        text = f"{_print(args[0], level)} {symbol} {_print(args[1], level + 1)}"
    return f"({text})" if level < outer else text
