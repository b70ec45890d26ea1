"""Import stage: JSON-Schema function lists -> tool AST (input: a JSON document; output: tools in an ImportContext).

Each function is one object schema whose properties are its parameters, as pydantic writes it
(``Model.model_json_schema()``, https://docs.pydantic.dev/latest/concepts/json_schema/)::

    {"title": "GetWeather", "description": "...", "type": "object", "properties": {...},
     "required": [...], "$defs": {...}}

The tool is named by ``title`` (the model's class name, as ``openai.pydantic_function_tool`` names it)
and described by ``description`` (the docstring). A document is a list of such schemas, one such schema,
or a ``{name: schema}`` map. ``$ref`` (``#/$defs/Address``) resolves inside each schema, which is its
own JSON Schema resource.
"""

from __future__ import annotations

from typing import Any

from toolc.dsl import ast

from .convert import JsonPath


def _is_schema(v: Any) -> bool:
    return isinstance(v, dict) and (v.get("type") == "object" or "properties" in v) and "parameters" not in v \
        and "inputSchema" not in v


def _items(doc: Any) -> list[tuple[str | None, Any, JsonPath]]:
    if isinstance(doc, list):
        return [(None, s, (i,)) for i, s in enumerate(doc)]
    if _is_schema(doc):
        return [(None, doc, ())]
    if isinstance(doc, dict):
        return [(k, s, (k,)) for k, s in doc.items()]
    return []


def detect(doc: Any) -> bool:
    """Whether ``doc`` is a list (or map) of object schemas, each naming a function by ``title`` or key."""
    items = _items(doc)
    return bool(items) and all(_is_schema(s) and (name or isinstance(s.get("title"), str)) for name, s, _ in items)


def read(doc: Any, ctx: Any) -> None:
    """Adds one tool per schema of ``doc`` to ``ctx``."""
    for key, schema, path in _items(doc):
        if not isinstance(schema, dict):
            ctx.error("E502", path, "expected an object schema")
            continue
        name = key or schema.get("title")
        if not isinstance(name, str) or not name:
            ctx.error("E502", path, "a function schema needs a `title` (its name)")
            continue
        # each schema is its own resource: `#/$defs/X` means inside it
        reader = ctx.reader(resolver=ctx.schema_resolver(schema, path))
        description = schema.get("description")
        params = reader.params({k: v for k, v in schema.items() if k != "description"}, path, name_hint=name)
        ctx.add(ast.Tool(name=name, description=description if isinstance(description, str) else "",
                         params=params), path)
