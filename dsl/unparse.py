"""Unparse stage: tool AST -> `.tool` source text (input: ast nodes; output: text that parses back to them).

The inverse of the parser for tool declarations (``toolc import`` prints with it): ``parse(unparse(t))
== t`` for every tool. Names that are not plain names (``Content-Type``, ``año_vehiculo``,
``math.factorial``) or that the tool body reads as keywords (``returns``, ``ask``) are written in the
quoted form ``"Content-Type": string`` (docs/language.md, "Names").
"""

from __future__ import annotations

import json
import re
from typing import Any

from . import ast

__all__ = ["quote", "unparse_default", "unparse_name", "unparse_param", "unparse_source", "unparse_tool", "unparse_type",
           "unparse_value"]

_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
#: words a parameter name must quote: none since keywords before a `:` read as names (grammars/tool.lark);
#: kept so that a future keyword with that problem has one place to go
_PARAM_KEYWORDS: frozenset[str] = frozenset()


def quote(text: str) -> str:
    """A `.tool` string literal: JSON escapes, non-ASCII kept as is."""
    return json.dumps(text, ensure_ascii=False)


def unparse_name(name: str, *, keywords: frozenset[str] = frozenset()) -> str:
    """``name`` as is when it is a plain name, else quoted (``"Content-Type"``)."""
    return name if _NAME.match(name) and name not in keywords else quote(name)


def _num(v: int | float | None) -> str:
    return "" if v is None else repr(v)


def unparse_value(v: Any) -> str:
    """A literal: ``"x"``, ``3``, ``-2.5``, ``true``, ``false``."""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, str):
        return quote(v)
    return repr(v)


def unparse_type(t: Any) -> str:
    """`.tool` syntax of a type expression."""
    if isinstance(t, ast.PrimType):
        if t.lo is None and t.hi is None:
            return t.name
        return f"{t.name}({_num(t.lo)}..{_num(t.hi)})"
    if isinstance(t, ast.EnumType):
        return " | ".join(unparse_value(v) for v in t.values)
    if isinstance(t, ast.ListType):
        out = f"list[{unparse_type(t.item)}]"
        if t.count_lo is not None or t.count_hi is not None:
            out += f"({_num(t.count_lo)}..{_num(t.count_hi)})"
        return out
    if not t.fields:
        return "{}"
    return "{ " + ", ".join(unparse_param(p) for p in t.fields) + " }"


def unparse_default(d: Any) -> str:
    """A default: a literal, a list of literals, or ``today`` / ``now``."""
    if isinstance(d, ast.Keyword):
        return d.name
    if isinstance(d, ast.ListValue):
        return "[" + ", ".join(unparse_value(v.value) for v in d.values) + "]"
    return unparse_value(d.value)


def unparse_source(src: Any) -> str:
    """A result field's value source: a literal or ``faker.PROVIDER(args)``."""
    if isinstance(src, ast.Literal_):
        return unparse_value(src.value)
    args = [unparse_value(a.value) for a in src.args] + [f"{k}={unparse_value(v.value)}" for k, v in src.kwargs]
    return f"faker.{src.provider}" + (f"({', '.join(args)})" if args else "")


def unparse_param(p: ast.Param) -> str:
    """`.tool` syntax of one parameter (or result field): ``name: TYPE [?|!] [= DEFAULT] ["desc"] [ask "q"]``."""
    out = f"{unparse_name(p.name, keywords=_PARAM_KEYWORDS)}: {unparse_type(p.type)}"
    if p.optional:
        out += "?"
    elif p.required and p.default is not None:
        out += "!"
    if p.default is not None:
        out += " = " + unparse_default(p.default)
    elif p.source is not None:
        out += " = " + unparse_source(p.source)
    if p.description:
        out += f" {quote(p.description)}"
    if p.ask:
        out += f" ask {quote(p.ask)}"
    return out


def unparse_tool(tool: ast.Tool, indent: str = "    ") -> str:
    """`.tool` source of a tool declaration (no trailing newline)."""
    head = f"tool {unparse_name(tool.name)}"
    if tool.description:
        head += f" {quote(tool.description)}"
    lines = [head + " {"]
    lines += [f"{indent}{unparse_param(p)}" for p in tool.params]
    if tool.returns is not None:
        lines.append(f"{indent}returns {unparse_type(tool.returns)}")
    lines.append("}")
    return "\n".join(lines)
