"""Export stage: tools -> tool definitions for other systems (input: tool ASTs; output: one JSON document).

Three shapes, each read back by ``toolc import`` to the same tools:

``openai``   a list of OpenAI function tools (:func:`~toolc.compiler.schema.tool_definition`,
             https://platform.openai.com/docs/guides/function-calling); with ``extensions`` the
             ``x-ask`` / ``x-returns`` keys make the round trip lossless.
``mcp``      an MCP ``tools/list`` result, ``{"tools": [{"name", "description", "inputSchema",
             "outputSchema"?}]}`` (https://modelcontextprotocol.io/specification/2025-06-18/server/tools);
             ``outputSchema`` comes from an object-shaped ``returns`` (MCP requires an object there;
             another ``returns`` travels as ``x-returns`` with ``extensions``).
``openapi``  an OpenAPI 3.1 document with one ``POST /{tool}`` operation per tool
             (https://spec.openapis.org/oas/v3.1.0): ``operationId`` is the tool name, the parameters are
             the JSON request body, ``returns`` is the ``200`` response -- the layout MCP-to-OpenAPI
             bridges (``mcpo``) and GPT actions use.
"""

from __future__ import annotations

from typing import Any, Iterable

from toolc.dsl import ast

from .schema import object_schema, tool_definition, type_schema

#: export shape names, for the command line
SHAPES = ("openai", "mcp", "openapi")


def export_tools(tools: Iterable[ast.Tool], shape: str = "openai", *, extensions: bool = True,
                 title: str = "toolc tools", version: str = "1.0.0") -> Any:
    """The tools as one JSON document of ``shape``.

    Args:
        tools: the tools, in the order wanted.
        shape: ``openai``, ``mcp`` or ``openapi`` (see the module docstring).
        extensions: keep ``x-ask`` / ``x-count`` / ``x-source`` / ``x-returns`` (toolc's own keys, so the
            round trip keeps questions and result shapes); ``False`` gives plain JSON Schema.
        title, version: the OpenAPI ``info`` block.

    Returns:
        A JSON-serialisable list (``openai``) or dict (``mcp``, ``openapi``).

    Raises:
        ValueError: an unknown ``shape``.
    """
    tools = list(tools)
    if shape == "openai":
        return [tool_definition(t, extensions=extensions) for t in tools]
    if shape == "mcp":
        return {"tools": [_mcp_tool(t, extensions) for t in tools]}
    if shape == "openapi":
        return {"openapi": "3.1.0", "info": {"title": title, "version": version},
                "paths": {f"/{t.name}": {"post": _operation(t, extensions)} for t in tools}}
    raise ValueError(f"unknown export shape `{shape}` (one of: {', '.join(SHAPES)})")


def _mcp_tool(t: ast.Tool, extensions: bool) -> dict[str, Any]:
    out: dict[str, Any] = {"name": t.name, "description": t.description,
                           "inputSchema": object_schema(t.params, extensions=extensions)}
    if isinstance(t.returns, ast.ObjectType):
        out["outputSchema"] = type_schema(t.returns, extensions=extensions)
    elif t.returns is not None and extensions:  # MCP's outputSchema must be an object: toolc's own key
        out["x-returns"] = type_schema(t.returns, extensions=True)
    return out


def _operation(t: ast.Tool, extensions: bool) -> dict[str, Any]:
    params = object_schema(t.params, extensions=extensions)
    op: dict[str, Any] = {"operationId": t.name}
    if t.description:
        op["description"] = t.description
    op["requestBody"] = {"required": bool(params.get("required")),
                         "content": {"application/json": {"schema": params}}}
    ok: dict[str, Any] = {"description": "the tool's result"}
    if t.returns is not None:
        ok["content"] = {"application/json": {"schema": type_schema(t.returns, extensions=extensions)}}
    op["responses"] = {"200": ok}
    return op
