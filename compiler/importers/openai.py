"""Import stage: OpenAI function tools -> tool AST (input: a JSON document; output: tools in an ImportContext).

Shapes read (https://platform.openai.com/docs/guides/function-calling):

* Chat Completions tools: ``{"type": "function", "function": {"name", "description", "parameters"}}``;
* Responses API tools: ``{"type": "function", "name", "description", "parameters", "strict"}``;
* bare function objects and legacy ``functions`` entries: ``{"name", "description", "parameters"}``;
* a list of them, a JSONL file of them, or an object holding them under ``tools`` / ``functions`` (a
  request body).

toolc's own export adds ``x-ask`` / ``x-returns`` (and ``x-count``, ``x-source``, ``x-optional`` inside
schemas) so that ``toolc export`` then ``toolc import`` gives back the same tool; they are read here.
``strict`` is OpenAI's decoding switch, not part of the tool's schema, and is not kept (a warning).
"""

from __future__ import annotations

from typing import Any

from toolc.dsl import ast

from .convert import JsonPath

_FUNCTION_KEYS = frozenset({"name", "description", "parameters", "strict", "x-returns", "x-tool", "type"})


def _items(doc: Any) -> list[tuple[Any, JsonPath]]:
    if isinstance(doc, dict):
        for key in ("tools", "functions"):
            if isinstance(doc.get(key), list):
                return [(t, (key, i)) for i, t in enumerate(doc[key])]
        return [(doc, ())]
    if isinstance(doc, list):
        out: list[tuple[Any, JsonPath]] = []
        for i, item in enumerate(doc):
            if isinstance(item, list):  # a JSONL line holding a list of tools
                out += [(t, (i, j)) for j, t in enumerate(item)]
            else:
                out.append((item, (i,)))
        return out
    return []


def _function(item: Any) -> tuple[dict[str, Any], JsonPath] | None:
    if not isinstance(item, dict):
        return None
    if item.get("type") == "function" and isinstance(item.get("function"), dict):
        return item["function"], ("function",)
    if isinstance(item.get("name"), str) and ("parameters" in item or "description" in item):
        return item, ()
    return None


def detect(doc: Any) -> bool:
    """Whether ``doc`` holds OpenAI function tools (every item is one)."""
    items = _items(doc)
    return bool(items) and all(_function(item) is not None for item, _ in items)


def read(doc: Any, ctx: Any) -> None:
    """Adds every function tool of ``doc`` to ``ctx`` (an :class:`~.ImportContext`)."""
    for item, path in _items(doc):
        found = _function(item)
        if found is None:
            ctx.error("E502", path, "expected a function tool (`{\"type\": \"function\", \"function\": {...}}` "
                                    "or `{\"name\", \"parameters\"}`)")
            continue
        fn, sub = found
        tool = read_function(fn, path + sub, ctx)
        if tool is not None:
            ctx.add(tool, path + sub)


def read_function(fn: dict[str, Any], path: JsonPath, ctx: Any, *, params_key: str = "parameters") -> ast.Tool | None:
    """One function object -> a tool (``None`` after an error when it has no name).

    Args:
        fn: ``{"name", "description", params_key: <JSON Schema object>, "x-returns"?}``.
        path: its location.
        ctx: the import context.
        params_key: where the parameters schema is (``inputSchema`` for MCP).
    """
    name = fn.get("name")
    if not isinstance(name, str) or not name:
        ctx.error("E502", path, "a tool needs a `name`")
        return None
    if params_key == "parameters":  # BFCL's Python-flavoured types (`dict`, `float`, ...) in an OpenAI shape
        from .bfcl import normalise

        fn = normalise(fn, path, ctx)
    params_schema = fn.get(params_key)
    if params_schema is None:
        params_schema = {"type": "object", "properties": {}}
    reader = ctx.reader(resolver=ctx.schema_resolver(params_schema, path + (params_key,)))
    description = fn.get("description")
    if description is not None and not isinstance(description, str):
        ctx.warn("W509", path + ("description",), "a description that is not a string is not kept")
        description = None
    params = reader.params(params_schema, path + (params_key,), name_hint=name)
    returns = None
    if "x-returns" in fn:
        rpath = path + ("x-returns",)
        returns = ctx.reader(resolver=ctx.schema_resolver(fn["x-returns"], rpath)).type_of(fn["x-returns"], rpath)
    extra: dict[str, Any] = {}
    if isinstance(fn.get("x-tool"), str):  # toolc's export: the result shape, `confirm`, `error`s as written
        spoken = _read_x_tool(fn["x-tool"], path + ("x-tool",), ctx)
        if spoken is not None:
            returns = spoken.returns
            extra = {"simulate": spoken.simulate, "confirm": spoken.confirm, "errors": spoken.errors}
    for key in fn:
        if key == "strict":
            ctx.warn("W509", path + (key,), "`strict` (OpenAI's decoding switch) not kept")
        elif key not in _FUNCTION_KEYS and key != params_key and key != "x-returns":
            ctx.warn("W509", path + (key,), f"`{key}` not kept")
    return ast.Tool(name=name, description=description or "", params=params, returns=returns, **extra)


def _read_x_tool(text: str, path: JsonPath, ctx: Any) -> ast.Tool | None:
    """The tool toolc's export wrote into ``x-tool`` (its parameters come from the JSON Schema)."""
    from toolc.dsl.diagnostics import Diagnostics
    from toolc.dsl.parse import parse_module
    from toolc.dsl.span import Source

    scratch = Diagnostics()
    module = parse_module(Source("x-tool", text), scratch)
    if module is None or len(module.decls) != 1 or not isinstance(module.decls[0], ast.Tool):
        ctx.warn("W509", path, "`x-tool` is not one tool in .tool syntax; its result shape is read from `x-returns`")
        return None
    return module.decls[0]
