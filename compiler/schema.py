"""Schema stage: tool AST -> JSON Schema / OpenAI function definitions (input: dsl.ast.Tool; output: JSON dicts).

Export follows the OpenAI function-tool shape (https://platform.openai.com/docs/guides/function-calling):
``{"type": "function", "function": {"name", "description", "parameters": <JSON Schema object>}}``.
``toolc.compiler.importers`` reads it back, so ``export`` then ``import`` gives back the same tool
(LANGUAGE.md non-negotiable 3). ``ask`` questions and result shapes are not JSON Schema; with
``extensions=True`` they travel as ``x-ask`` / ``x-returns`` so the round trip is lossless.
"""

from __future__ import annotations

from typing import Any

from toolc.dsl import ast

_PRIM_JSON = {"string": "string", "int": "integer", "float": "number", "bool": "boolean"}
_DATE_FORMATS = {"date": "date", "datetime": "date-time"}


def type_schema(t: ast.PrimType | ast.EnumType | ast.ListType | ast.ObjectType, *, extensions: bool = False) -> dict[str, Any]:
    """JSON Schema of a type expression (see the table in docs/language.md)."""
    if isinstance(t, ast.PrimType):
        if t.name in _DATE_FORMATS:
            return {"type": "string", "format": _DATE_FORMATS[t.name]}
        out: dict[str, Any] = {"type": _PRIM_JSON[t.name]}
        if t.lo is not None:
            out["minimum"] = t.lo
        if t.hi is not None:
            out["maximum"] = t.hi
        return out
    if isinstance(t, ast.EnumType):
        kind = "integer" if all(isinstance(v, int) for v in t.values) else "string"
        return {"type": kind, "enum": list(t.values)}
    if isinstance(t, ast.ListType):
        out = {"type": "array", "items": type_schema(t.item, extensions=extensions)}
        if extensions and (t.count_lo is not None or t.count_hi is not None):
            out["x-count"] = [t.count_lo, t.count_hi]
        return out
    return object_schema(t.fields, extensions=extensions)


def object_schema(fields: tuple[ast.Param, ...], *, extensions: bool = False) -> dict[str, Any]:
    """``{"type": "object", "properties": ..., "required": [...]}`` for parameters or object fields."""
    props = {p.name: param_schema(p, extensions=extensions) for p in fields}
    required = [p.name for p in fields if is_required(p)]
    out: dict[str, Any] = {"type": "object", "properties": props}
    if required:
        out["required"] = required
    return out


def is_required(p: ast.Param) -> bool:
    """A parameter is required unless marked ``?`` or given a default; ``!`` keeps it required with a default."""
    return not p.optional and (p.default is None or p.required)


def param_schema(p: ast.Param, *, extensions: bool = False) -> dict[str, Any]:
    """JSON Schema of one parameter: its type plus ``description`` and ``default``."""
    out = type_schema(p.type, extensions=extensions)
    if p.description:
        out["description"] = p.description
    if isinstance(p.default, ast.Keyword):
        # `today` is not a date: the schema carries no default, and the description says what one is meant
        # (the rows' system prompt states the reference date)
        desc = out.get("description", "")
        if extensions:
            out["x-default"] = p.default.name
        elif p.default.name not in desc.lower():
            word = "today's date" if p.default.name == "today" else "the current date and time"
            out["description"] = (desc.rstrip(". ") + "; " if desc else "") + f"{word} when omitted"
    elif p.default is not None:
        out["default"] = default_json(p.default)
    if extensions:
        if p.asks:
            untagged = len(p.asks) == 1 and p.asks[0].lang is None
            out["x-ask"] = p.asks[0].text if untagged else [{"lang": a.lang, "text": a.text} for a in p.asks]
        if p.optional and p.default is not None:
            out["x-optional"] = True
        if p.source is not None:
            out["x-source"] = _source_json(p.source)
    return out


def default_json(d: ast.Literal_ | ast.Keyword | ast.ListValue) -> Any:
    """The JSON value of a default: the literal, the list of literals, or ``"today"`` / ``"now"``."""
    if isinstance(d, ast.Literal_):
        return d.value
    if isinstance(d, ast.ListValue):
        return [v.value for v in d.values]
    return d.name


def _source_json(src: Any) -> Any:
    if isinstance(src, ast.Literal_):
        return {"literal": src.value}
    if isinstance(src, ast.Template):
        return {"template": src.source_text}
    if not isinstance(src, ast.FakerSource):
        from toolc.dsl.unparse import unparse_expr

        return {"expr": unparse_expr(src)}
    return {"faker": src.provider, "args": [a.value for a in src.args], "kwargs": {k: v.value for k, v in src.kwargs}}


def tool_definition(tool: ast.Tool, *, extensions: bool = False) -> dict[str, Any]:
    """The OpenAI function-tool definition of ``tool`` (what datasets offer the model).

    Args:
        tool: the tool's AST.
        extensions: add ``x-ask`` / ``x-returns`` and ``x-tool`` (the result shape, ``confirm`` and ``error``
            clauses in .tool syntax) for a lossless ``toolc export``; never in datasets.

    Returns:
        ``{"type": "function", "function": {"name", "description", "parameters"}}``.
    """
    fn: dict[str, Any] = {"name": tool.name, "description": tool.description,
                          "parameters": object_schema(tool.params, extensions=extensions)}
    if extensions and tool.returns is not None:
        fn["x-returns"] = type_schema(tool.returns, extensions=True)
    if extensions and (tool.returns is not None or tool.confirm or tool.errors):
        # what JSON Schema cannot carry (derived result fields, constraints, units, confirmation, errors),
        # in the language itself: `toolc import` reads the result shape, `confirm` and `error`s back from it
        from toolc.dsl.unparse import unparse_tool

        fn["x-tool"] = unparse_tool(tool.model_copy(update={"params": ()}))
    return {"type": "function", "function": fn}
