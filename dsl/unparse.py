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

__all__ = ["quote", "unparse_case", "unparse_case_arms", "unparse_default", "unparse_expr", "unparse_name",
           "unparse_param", "unparse_source", "unparse_tool", "unparse_type", "unparse_value"]

_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
#: words a parameter name must quote: a keyword followed by `:` reads as a name (grammars/tool.lark), except
#: `else`, which a `case` arm writes as `else:`
_PARAM_KEYWORDS: frozenset[str] = frozenset({"else"})
#: template syntax, escaped with a backslash in a literal default that holds a `{` (dsl/template.py)
_TEMPLATE_CHARS = re.compile(r"[{}\[\]()|]")


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


#: binding strength of each binary operator (higher binds tighter), as tool.lark's expression rules nest
_PRECEDENCE = {"??": 1, "or": 2, "and": 3, "==": 5, "!=": 5, "<": 5, "<=": 5, ">": 5, ">=": 5, "in": 5,
               "+": 6, "-": 6, "*": 7, "/": 7, "%": 7}


def unparse_expr(e: Any, parent: int = 0) -> str:
    """`.tool` syntax of an expression (docs/language.md, "Expressions"); parentheses only where needed."""
    k = getattr(e, "kind", None)
    if k in ("lit", "literal"):
        return unparse_value(e.value)
    if k == "name":
        return e.name
    if k == "attr":
        return f"{unparse_expr(e.obj, 9)}.{e.name}"
    if k == "item":
        return f"{unparse_expr(e.obj, 9)}[{unparse_expr(e.key)}]"
    if k == "call":
        args = [unparse_expr(a) for a in e.args] + [f"{n}={unparse_expr(v)}" for n, v in e.kwargs]
        return f"{e.func}({', '.join(args)})"
    if k == "faker":
        return _faker(e)
    if k == "list":
        return "[" + ", ".join(unparse_expr(x) for x in e.items) + "]"
    if k == "unary":
        text = f"not {unparse_expr(e.operand, 4)}" if e.op == "not" else f"-{unparse_expr(e.operand, 8)}"
        return f"({text})" if parent > (4 if e.op == "not" else 8) else text
    if k == "binary":
        p = _PRECEDENCE[e.op]
        # left-associative chains: the right operand needs parentheses at the same level
        text = f"{unparse_expr(e.left, p)} {e.op} {unparse_expr(e.right, p + 1)}"
        return f"({text})" if parent > p else text
    if k == "case":
        return unparse_case(e)
    raise TypeError(f"not an expression: {e!r}")


def unparse_case(e: Any) -> str:
    """``case { when COND: A | B ... else: C }`` on one line (values are expressions or templates)."""
    return "case { " + "  ".join(unparse_case_arms(e)) + " }"


def unparse_case_arms(e: Any) -> list[str]:
    """The arms of a ``case`` expression, one text each: ``when COND: A | B`` or ``else: C``."""
    arms = []
    for arm in e.arms:
        values = " | ".join(_template(v) if isinstance(v, ast.Template) else unparse_expr(v) for v in arm.values)
        arms.append(f"else: {values}" if arm.cond is None else f"when {unparse_expr(arm.cond)}: {values}")
    return arms


def _template(tpl: Any) -> str:
    """A template as its string literal (the text as written between the quotes)."""
    return f'"{tpl.source_text}"'


def _faker(src: Any) -> str:
    args = [unparse_value(a.value) for a in src.args] + [f"{k}={unparse_value(v.value)}" for k, v in src.kwargs]
    return f"faker.{src.provider}" + (f"({', '.join(args)})" if args else "")


def _bound(static: Any, expr: Any) -> str:
    return unparse_expr(expr) if expr is not None else _num(static)


def unparse_type(t: Any) -> str:
    """`.tool` syntax of a type expression, with the result-shape parts: expression bounds, ``in ARG``, item
    counts, ``sorted by`` / ``unique`` / ``where`` clauses."""
    if isinstance(t, ast.PrimType):
        out = t.name
        if not (t.lo is None and t.hi is None and t.lo_expr is None and t.hi_expr is None):
            out += f"({_bound(t.lo, t.lo_expr)}..{_bound(t.hi, t.hi_expr)})"
        return out + (f" in {t.unit}" if t.unit else "")
    if isinstance(t, ast.EnumType):
        return " | ".join(unparse_value(v) for v in t.values)
    if isinstance(t, ast.ListType):
        out = f"list[{unparse_type(t.item)}]"
        lo, hi = _bound(t.count_lo, t.count_lo_expr), _bound(t.count_hi, t.count_hi_expr)
        if lo or hi:
            out += f"({lo})" if lo == hi else f"({lo}..{hi})"
        if t.sort is not None:
            if t.sort.by_arg is None:
                key = t.sort.keys[0][1]
                out += f" sorted by {key.field}" + (" desc" if key.desc else "")
            else:
                entries = ", ".join(f"{quote(v)}: {k.field}" + (" desc" if k.desc else "") for v, k in t.sort.keys)
                out += f" sorted by {t.sort.by_arg} {{ {entries} }}"
        out += "".join(f" unique {u}" for u in t.unique)
        return out + (f" where {unparse_expr(t.where)}" if t.where is not None else "")
    out = "{ " + ", ".join(unparse_param(p) for p in t.fields) + " }" if t.fields else "{}"
    return out + (f" where {unparse_expr(t.where)}" if t.where is not None else "")


def unparse_default(d: Any) -> str:
    """A default: a literal, a list of literals, or ``today`` / ``now``."""
    if isinstance(d, ast.Keyword):
        return d.name
    if isinstance(d, ast.ListValue):
        return "[" + ", ".join(unparse_value(v.value) for v in d.values) + "]"
    if isinstance(d.value, str) and "{" in d.value:  # a string with `{` reads as a template: escape its syntax
        return _TEMPLATE_CHARS.sub(r"\\\g<0>", quote(d.value))
    return unparse_value(d.value)


def unparse_source(src: Any) -> str:
    """A result field's value source: a literal, ``faker.PROVIDER(args)``, a template or an expression."""
    if isinstance(src, ast.Literal_):
        return unparse_value(src.value)
    if isinstance(src, ast.FakerSource):
        return _faker(src)
    if isinstance(src, ast.Template):
        return _template(src)
    return unparse_expr(src)


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
    for a in p.asks:
        out += f" ask {a.lang + ' ' if a.lang else ''}{quote(a.text)}"
    return out


def unparse_tool(tool: ast.Tool, indent: str = "    ") -> str:
    """`.tool` source of a tool declaration (no trailing newline)."""
    head = f"tool {unparse_name(tool.name)}"
    if tool.description:
        head += f" {quote(tool.description)}"
    lines = [head + " {"]
    lines += [f"{indent}{unparse_param(p)}" for p in tool.params]
    if tool.returns is not None:
        sim = f" simulate {quote(tool.simulate)}" if tool.simulate else ""
        lines.append(f"{indent}returns {unparse_type(tool.returns)}{sim}")
    if tool.confirm:
        lines.append(f"{indent}confirm " + " | ".join(f"{c.lang + ' ' if c.lang else ''}{quote(c.text)}"
                                                    for c in tool.confirm))
    for e in tool.errors:
        line = f"{indent}error {e.name} " + (" | ".join(f"{m.lang + ' ' if m.lang else ''}{_template(m.template)}"
                                                     for m in e.messages) or _template(e.message))
        if e.when is not None:
            line += f" when {unparse_expr(e.when)}"
        if e.rate is not None:
            line += f" rate {e.rate:g}%"
        lines.append(line)
    lines.append("}")
    return "\n".join(lines)
