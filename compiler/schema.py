"""Schema stage: tool AST <-> JSON Schema / OpenAI function definitions (input: dsl.ast.Tool or a JSON dict).

Export follows the OpenAI function-tool shape (https://platform.openai.com/docs/guides/function-calling):
``{"type": "function", "function": {"name", "description", "parameters": <JSON Schema object>}}``.
Import accepts that shape, a bare function object, and BFCL's variant (``dict``/``float``/``tuple``/``any``
types, see ``../shared/data/bfcl/CHECKER_NOTES.md`` section 4), so ``export`` then ``import`` gives back the
same tool (LANGUAGE.md non-negotiable 3). ``ask`` questions and result shapes are not JSON Schema; with
``extensions=True`` they travel as ``x-ask`` / ``x-returns`` so the round trip is lossless.
"""

from __future__ import annotations

from typing import Any

from toolc.dsl import ast
from toolc.errors import SchemaImportError

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
    """A parameter is required unless marked ``?`` or given a default."""
    return not p.optional and p.default is None


def param_schema(p: ast.Param, *, extensions: bool = False) -> dict[str, Any]:
    """JSON Schema of one parameter: its type plus ``description`` and ``default``."""
    out = type_schema(p.type, extensions=extensions)
    if p.description:
        out["description"] = p.description
    if p.default is not None:
        out["default"] = p.default.value if isinstance(p.default, ast.Literal_) else p.default.name
    if extensions:
        if p.ask:
            out["x-ask"] = p.ask
        if p.optional and p.default is not None:
            out["x-optional"] = True
        if p.source is not None:
            out["x-source"] = _source_json(p.source)
    return out


def _source_json(src: ast.FakerSource | ast.Literal_) -> Any:
    if isinstance(src, ast.Literal_):
        return {"literal": src.value}
    return {"faker": src.provider, "args": [a.value for a in src.args], "kwargs": {k: v.value for k, v in src.kwargs}}


def tool_definition(tool: ast.Tool, *, extensions: bool = False) -> dict[str, Any]:
    """The OpenAI function-tool definition of ``tool`` (what datasets offer the model).

    Args:
        tool: the tool's AST.
        extensions: add ``x-ask`` / ``x-returns`` (for lossless ``toolc export``); never in datasets.

    Returns:
        ``{"type": "function", "function": {"name", "description", "parameters"}}``.
    """
    fn: dict[str, Any] = {"name": tool.name, "description": tool.description,
                          "parameters": object_schema(tool.params, extensions=extensions)}
    if extensions and tool.returns is not None:
        fn["x-returns"] = type_schema(tool.returns, extensions=True)
    return {"type": "function", "function": fn}


# ---------------------------------------------------------------------------------------------- import

_BFCL_TYPES = {"dict": "object", "float": "number", "tuple": "array", "any": "string"}


def tool_from_definition(d: dict[str, Any]) -> ast.Tool:
    """Imports an OpenAI / BFCL function definition as a tool AST (inverse of :func:`tool_definition`).

    Raises:
        SchemaImportError: on a definition toolc cannot represent (e.g. ``oneOf``), naming the JSON path.
    """
    fn = d.get("function", d) if isinstance(d, dict) else None
    if not isinstance(fn, dict) or not isinstance(fn.get("name"), str):
        raise SchemaImportError("$: expected a function definition with a `name`")
    params = fn.get("parameters") or {"type": "object", "properties": {}}
    fields = _fields_from_object(params, "$.parameters")
    returns = _type_from_schema(fn["x-returns"], "$.x-returns") if "x-returns" in fn else None
    return ast.Tool(name=fn["name"], description=fn.get("description") or "", params=fields, returns=returns)


def _fields_from_object(s: dict[str, Any], path: str) -> tuple[ast.Param, ...]:
    props = s.get("properties") or {}
    required = set(s.get("required") or [])
    optional_list = set(s.get("optional") or [])  # BFCL quirk: a top-level `optional` list
    out = []
    for name, ps in props.items():
        p = f"{path}.properties.{name}"
        if not isinstance(ps, dict):
            raise SchemaImportError(f"{p}: expected an object")
        t = _type_from_schema(ps, p)
        default = None
        if "default" in ps:
            dv = ps["default"]
            if dv in ("today", "now") and isinstance(t, ast.PrimType) and t.name in ("date", "datetime"):
                default = ast.Keyword(name=dv)
            elif isinstance(dv, (str, int, float, bool)):
                default = ast.Literal_(value=dv)
        optional = (name not in required or bool(ps.get("optional")) or name in optional_list)
        if default is not None and not ps.get("x-optional"):
            optional = False  # a default already makes it optional; `?` is only kept when exported explicitly
        src = None
        if isinstance(ps.get("x-source"), dict):
            xs = ps["x-source"]
            if "literal" in xs:
                src = ast.Literal_(value=xs["literal"])
            else:
                src = ast.FakerSource(provider=xs["faker"], args=tuple(ast.Literal_(value=v) for v in xs.get("args", [])),
                                      kwargs=tuple((k, ast.Literal_(value=v)) for k, v in xs.get("kwargs", {}).items()))
        out.append(ast.Param(name=name, type=t, optional=optional, default=default, source=src,
                             description=ps.get("description") or None, ask=ps.get("x-ask")))
    return tuple(out)


def _type_from_schema(s: dict[str, Any], path: str):
    ty = s.get("type", "string")
    if isinstance(ty, list):
        non_null = [x for x in ty if x != "null"]
        if len(non_null) != 1:
            raise SchemaImportError(f"{path}: union types {ty} are not supported")
        ty = non_null[0]
    ty = _BFCL_TYPES.get(ty, ty)
    if "enum" in s:
        vals = s["enum"]
        if all(isinstance(v, str) for v in vals) or all(isinstance(v, int) and not isinstance(v, bool) for v in vals):
            return ast.EnumType(values=tuple(vals))
        raise SchemaImportError(f"{path}: enum values must be all strings or all integers")
    if ty == "string":
        fmt = s.get("format")
        if fmt == "date":
            return ast.PrimType(name="date")
        if fmt == "date-time":
            return ast.PrimType(name="datetime")
        return ast.PrimType(name="string")
    if ty in ("integer", "number"):
        return ast.PrimType(name="int" if ty == "integer" else "float", lo=s.get("minimum"), hi=s.get("maximum"))
    if ty == "boolean":
        return ast.PrimType(name="bool")
    if ty == "array":
        item = _type_from_schema(s.get("items") or {"type": "string"}, f"{path}.items")
        lo, hi = (s.get("x-count") or [None, None])
        return ast.ListType(item=item, count_lo=lo, count_hi=hi)
    if ty == "object":
        return ast.ObjectType(fields=_fields_from_object(s, path))
    raise SchemaImportError(f"{path}: unsupported type `{ty}`")


# ---------------------------------------------------------------------------------------------- printing


def _q(text: str) -> str:
    import json

    return json.dumps(text, ensure_ascii=False)


def _num(v: int | float | None) -> str:
    return "" if v is None else repr(v)


def format_type(t) -> str:
    """`.tool` syntax of a type expression."""
    if isinstance(t, ast.PrimType):
        if t.lo is None and t.hi is None:
            return t.name
        return f"{t.name}({_num(t.lo)}..{_num(t.hi)})"
    if isinstance(t, ast.EnumType):
        return " | ".join(_q(v) if isinstance(v, str) else str(v) for v in t.values)
    if isinstance(t, ast.ListType):
        out = f"list[{format_type(t.item)}]"
        if t.count_lo is not None or t.count_hi is not None:
            out += f"({_num(t.count_lo)}..{_num(t.count_hi)})"
        return out
    return "{ " + ", ".join(format_param(p) for p in t.fields) + " }"


def format_param(p: ast.Param) -> str:
    """`.tool` syntax of one parameter (or result field)."""
    out = f"{p.name}: {format_type(p.type)}"
    if p.optional:
        out += "?"
    if p.default is not None:
        out += " = " + (p.default.name if isinstance(p.default, ast.Keyword) else _lit(p.default.value))
    elif p.source is not None:
        if isinstance(p.source, ast.Literal_):
            out += " = " + _lit(p.source.value)
        else:
            args = [_lit(a.value) for a in p.source.args] + [f"{k}={_lit(v.value)}" for k, v in p.source.kwargs]
            out += f" = faker.{p.source.provider}" + (f"({', '.join(args)})" if args else "")
    if p.description:
        out += f" {_q(p.description)}"
    if p.ask:
        out += f" ask {_q(p.ask)}"
    return out


def _lit(v: Any) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, str):
        return _q(v)
    return repr(v)


def format_tool(tool: ast.Tool) -> str:
    """`.tool` source text of a tool declaration (used by ``toolc import``)."""
    lines = [f"tool {tool.name} {_q(tool.description)} {{" if tool.description else f"tool {tool.name} {{"]
    lines += [f"    {format_param(p)}" for p in tool.params]
    if tool.returns is not None:
        lines.append(f"    returns {format_type(tool.returns)}")
    lines.append("}")
    return "\n".join(lines)
