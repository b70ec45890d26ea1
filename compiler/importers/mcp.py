"""Import stage: MCP tool lists -> tool AST (input: a JSON document; output: tools in an ImportContext).

Shapes read (Model Context Protocol, https://modelcontextprotocol.io/specification/2025-06-18/server/tools):

* a ``tools/list`` result: ``{"tools": [{"name", "title"?, "description", "inputSchema", "outputSchema"?,
  "annotations"?}], "nextCursor"?}``;
* the same inside a JSON-RPC response: ``{"jsonrpc": "2.0", "id", "result": {"tools": [...]}}``;
* a server manifest that lists its tools with ``inputSchema`` (``{"name", "version", "tools": [...]}``);
* a bare list of MCP tools.

``inputSchema`` gives the parameters and ``outputSchema`` (the shape of ``structuredContent``) the
tool's ``returns``; ``title``, ``annotations`` and ``_meta`` have no place in the language and are
reported as not kept.
"""

from __future__ import annotations

from typing import Any

from .convert import JsonPath
from .openai import read_function

_KEYS = frozenset({"name", "description", "inputSchema", "outputSchema", "x-returns"})


def _tools(doc: Any) -> tuple[list[Any], JsonPath] | None:
    if isinstance(doc, dict):
        if isinstance(doc.get("result"), dict) and isinstance(doc["result"].get("tools"), list):
            return doc["result"]["tools"], ("result", "tools")
        if isinstance(doc.get("tools"), list):
            return doc["tools"], ("tools",)
    if isinstance(doc, list):
        return doc, ()
    return None


def detect(doc: Any) -> bool:
    """Whether ``doc`` is an MCP tool list: its tools carry ``inputSchema``."""
    found = _tools(doc)
    return bool(found and found[0]) and all(isinstance(t, dict) and "inputSchema" in t for t in found[0])


def read(doc: Any, ctx: Any) -> None:
    """Adds every MCP tool of ``doc`` to ``ctx``."""
    found = _tools(doc)
    if found is None:
        ctx.error("E501", (), "expected an MCP tools/list result (`{\"tools\": [...]}`)")
        return
    tools, base = found
    if isinstance(doc, dict) and doc.get("nextCursor") or isinstance(doc, dict) and isinstance(
            doc.get("result"), dict) and doc["result"].get("nextCursor"):
        ctx.warn("W509", base[:-1] + ("nextCursor",), "the list has more pages (`nextCursor`); "
                                                      "only this page is imported")
    for i, t in enumerate(tools):
        path = base + (i,)
        if not isinstance(t, dict):
            ctx.error("E502", path, "expected an MCP tool object")
            continue
        if "inputSchema" not in t:
            ctx.error("E502", path, "an MCP tool needs an `inputSchema`")
            continue
        tool = read_function({k: v for k, v in t.items() if k in ("name", "description", "inputSchema", "x-returns")},
                             path, ctx, params_key="inputSchema")
        if tool is None:
            continue
        if "outputSchema" in t:  # a JSON Schema document of its own, like inputSchema
            opath = path + ("outputSchema",)
            reader = ctx.reader(resolver=ctx.schema_resolver(t["outputSchema"], opath))
            tool = tool.model_copy(update={"returns": reader.type_of(t["outputSchema"], opath)})
        for key in t:
            if key not in _KEYS:
                ctx.warn("W509", path + (key,), f"`{key}` not kept")
        ctx.add(tool, path)

