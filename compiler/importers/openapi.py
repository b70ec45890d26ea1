"""Import stage: OpenAPI 3.0 / 3.1 documents -> tool AST, one tool per operation (input: a document; output: tools).

Follows the OpenAPI Specification (https://spec.openapis.org/oas/v3.1.0, https://spec.openapis.org/oas/v3.0.3):

* every operation under ``paths`` (``get``, ``put``, ``post``, ``delete``, ``options``, ``head``, ``patch``,
  ``trace``) is one tool, named by ``operationId`` (else ``{method}_{path}`` with every run of characters
  other than ASCII letters and digits turned into one ``_``: ``get /pets/{id}`` -> ``get_pets_id``) and described by its ``summary`` and
  ``description``;
* its ``path``, ``query``, ``header`` and ``cookie`` parameters (path-level ones too, overridden by the
  operation's own of the same name and location) become parameters, required as the document says
  (path parameters always are), with the parameter's ``description``, else its schema's; a parameter
  described by ``content`` instead of ``schema`` takes that media type's schema;
* the JSON request body (``application/json`` or any ``+json`` type, else a form body) adds its object's
  properties as parameters; a body that is not an object becomes one parameter named ``body``;
* the first 2xx response with a JSON schema becomes the tool's ``returns``;
* ``$ref`` anywhere (``#/components/schemas/...``, ``#/components/parameters/...``,
  ``#/components/requestBodies/...``, other files in the same tree) is resolved through ``referencing``.

3.0 schema objects are read with 3.0's rules (``nullable``, ``$ref`` siblings ignored), 3.1 ones as JSON
Schema 2020-12. A tool has no place for where an argument travels in the request (path, query, header,
cookie or body) or how it is serialised (``style``, ``explode``): one warning per document says so
(W511), and ``toolc export --as openapi`` puts every parameter in a JSON request body.
"""

from __future__ import annotations

import re
from typing import Any

from toolc.dsl import ast

from .convert import JsonPath, show_path

METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
_LOCATIONS = ("path", "query", "header", "cookie")
#: header parameters the OpenAPI Specification says to ignore (3.1.0, "Parameter Object", `name`)
_IGNORED_HEADERS = frozenset({"accept", "content-type", "authorization"})
_PARAM_KEYS = frozenset({"name", "in", "required", "description", "schema", "content"})


def detect(doc: Any) -> bool:
    """Whether ``doc`` is an OpenAPI 3 document (or a Swagger 2 one, which :func:`read` refuses)."""
    return isinstance(doc, dict) and ("openapi" in doc or "swagger" in doc) and isinstance(doc.get("paths"), dict)


def read(doc: Any, ctx: Any) -> None:
    """Adds one tool per operation of ``doc`` to ``ctx``."""
    version = str(doc.get("openapi", ""))
    if not version.startswith("3."):
        ctx.error("E501", ("swagger",) if "swagger" in doc else ("openapi",),
                  f"OpenAPI {doc.get('openapi') or doc.get('swagger')} is not read (3.0 and 3.1 are)",
                  hint="convert it to OpenAPI 3 first (e.g. with swagger2openapi)")
        return
    v30 = version.startswith("3.0")
    located = 0
    for route, item in doc["paths"].items():
        ipath: JsonPath = ("paths", route)
        reader = ctx.reader(openapi30=v30)
        item, _, _ = reader.resolve(item, ipath)
        shared = item.get("parameters") or []
        for method in METHODS:
            op = item.get(method)
            if not isinstance(op, dict):
                continue
            tool, n = _operation(route, method, op, shared, ipath + (method,), ctx, v30)
            located += n
            if tool is not None:
                ctx.add(tool, ipath + (method,))
    if located:
        ctx.warn("W511", ("paths",), f"where {located} parameter{'s' if located != 1 else ''} travel in the request "
                                     "(path, query, header, cookie) and how they are serialised is not kept",
                 hint="`toolc export --as openapi` sends every parameter in a JSON request body")


def operation_name(method: str, route: str) -> str:
    """The tool name of an operation without ``operationId``: ``get /pets/{id}`` -> ``get_pets_id``."""
    return "_".join(w for w in re.split(r"[^A-Za-z0-9]+", f"{method}_{route}") if w)


def _operation(route: str, method: str, op: dict[str, Any], shared: list[Any], path: JsonPath, ctx: Any,
               v30: bool) -> tuple[ast.Tool | None, int]:
    reader = ctx.reader(openapi30=v30)
    name = op.get("operationId") if isinstance(op.get("operationId"), str) else operation_name(method, route)
    summary, description = op.get("summary"), op.get("description")
    text = "\n\n".join(t for t in (summary, description) if isinstance(t, str) and t.strip())
    if op.get("deprecated"):
        ctx.warn("W509", path + ("deprecated",), "`deprecated` not kept")
    # parameters: the operation's override the path item's of the same (name, in)
    by_key: dict[tuple[str, str], tuple[dict[str, Any], JsonPath]] = {}
    for where, plist in ((path[:-1] + ("parameters",), shared), (path + ("parameters",), op.get("parameters") or [])):
        for i, p in enumerate(plist):
            p, _, _ = reader.resolve(p, where + (i,))
            if not isinstance(p.get("name"), str) or p.get("in") not in _LOCATIONS:
                ctx.warn("W509", where + (i,), "a parameter without a `name` and a known `in` is not kept")
                continue
            if p["in"] == "header" and p["name"].lower() in _IGNORED_HEADERS:
                ctx.warn("W511", where + (i,), f"header parameter `{p['name']}` not kept: OpenAPI ignores "
                                               "`Accept`, `Content-Type` and `Authorization` header parameters")
                continue
            by_key[(p["name"], p["in"])] = (p, where + (i,))
    params: list[ast.Param] = []
    names: dict[str, JsonPath] = {}
    for (pname, loc), (p, ppath) in by_key.items():
        param = _parameter(p, ppath, reader, ctx)
        if param is None:
            continue
        if pname in names:
            ctx.warn("W510", ppath, f"a second parameter `{pname}` (in {loc}) is not kept: a tool's parameter "
                                    f"names are unique (first: {show_path(names[pname])})")
            continue
        names[pname] = ppath
        params.append(param)
    located = len(params)
    body = op.get("requestBody")
    if body is not None:
        for param in _body(body, path + ("requestBody",), reader, ctx):
            if param.name in names:
                ctx.warn("W510", path + ("requestBody",), f"body property `{param.name}` has the name of a "
                                                          f"parameter ({show_path(names[param.name])}); not kept")
                continue
            names[param.name] = path + ("requestBody",)
            params.append(param)
    returns = _returns(op.get("responses"), path + ("responses",), reader)
    return ast.Tool(name=name, description=text, params=tuple(params), returns=returns), located


def _parameter(p: dict[str, Any], path: JsonPath, reader: Any, ctx: Any) -> ast.Param | None:
    schema = p.get("schema")
    spath = path + ("schema",)
    if schema is None and isinstance(p.get("content"), dict) and p["content"]:
        media, entry = next(iter(p["content"].items()))
        schema, spath = (entry or {}).get("schema", {}), path + ("content", media, "schema")
    if schema is None:
        schema = {"type": "string"}
        ctx.warn("W501", path, f"parameter `{p['name']}` has no schema: read as a string")
    for key in p:
        if key not in _PARAM_KEYS and key not in ("style", "explode", "allowReserved"):
            ctx.warn("W509", path + (key,), f"`{key}` not kept")
    param = reader.param(p["name"], schema, spath, bool(p.get("required")) or p["in"] == "path")
    if isinstance(p.get("description"), str) and p["description"]:
        param = param.model_copy(update={"description": p["description"]})
    return param


def _json_media(content: dict[str, Any]) -> tuple[str, dict[str, Any]] | None:
    for media, entry in content.items():
        base = media.split(";")[0].strip().lower()
        if base == "application/json" or base.endswith("+json"):
            return media, entry or {}
    for media, entry in content.items():
        if media.split(";")[0].strip().lower() in ("application/x-www-form-urlencoded", "multipart/form-data"):
            return media, entry or {}
    return None


def _body(body: Any, path: JsonPath, reader: Any, ctx: Any) -> list[ast.Param]:
    body, _, _ = reader.resolve(body, path)
    content = body.get("content") if isinstance(body.get("content"), dict) else {}
    found = _json_media(content)
    if found is None:
        if content:
            ctx.warn("W509", path + ("content",), f"a request body of type {', '.join(content)} is not kept "
                                                 "(JSON and form bodies are)")
        return []
    media, entry = found
    others = [m for m in content if m != media]
    if others:
        ctx.warn("W509", path + ("content",), f"body media types {', '.join(others)} not kept (read {media})")
    spath = path + ("content", media, "schema")
    schema, _, _ = reader.resolve(entry.get("schema", {}), spath)
    if schema.get("type", "object" if "properties" in schema else None) == "object" or "properties" in schema \
            or "allOf" in schema:
        return list(reader.params(entry.get("schema", {}), spath))
    return [reader.param("body", entry.get("schema", {}), spath, bool(body.get("required")))]


def _returns(responses: Any, path: JsonPath, reader: Any) -> Any:
    if not isinstance(responses, dict):
        return None
    for code in sorted(responses, key=str):
        if not str(code).startswith("2"):
            continue
        resp, _, _ = reader.resolve(responses[code], path + (str(code),))
        content = resp.get("content") if isinstance(resp.get("content"), dict) else {}
        found = _json_media(content)
        if found and "schema" in found[1]:
            return reader.type_of(found[1]["schema"], path + (str(code), "content", found[0], "schema"))
    return None
