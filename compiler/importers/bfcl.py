"""Import stage: BFCL question files -> tool AST (input: a JSON / JSONL document; output: tools in an ImportContext).

Reads the Berkeley Function-Calling Leaderboard's raw question files (``BFCL_v4_*.json``, JSONL with
``{"id", "question", "function": [function objects]}``) and toolc's flattened records
(``bfcl_records.jsonl``: ``{"id", "category", "tools": [OpenAI tools], "messages", "answers"}``, see
:mod:`toolc.compiler.bfcl`). Tools repeat across questions; one definition per name is kept.

BFCL's schemas use Python-flavoured type names; they are read the way BFCL converts them for API
models (``GORILLA_TO_OPENAPI``, ``../shared/data/bfcl/CHECKER_NOTES.md`` section 4): ``dict`` ->
``object``, ``float`` -> ``number``, ``tuple`` / ``list`` -> ``array``, ``any`` -> ``string``. ``tuple``
and ``any`` lose something on the way (a warning each). BFCL's ``optional`` keyword (``true`` on a
property, or a list of names) agrees with ``required`` in every question; where it does not, the
``required`` list wins, with a warning. Tool names are kept as written (``math.factorial``); BFCL's
function-calling mode sends them with ``_`` for ``.`` (:func:`toolc.compiler.bfcl.fc_name`).
"""

from __future__ import annotations

from typing import Any, Mapping

from toolc.compiler.bfcl import GORILLA_TO_OPENAPI, is_bfcl_schema, to_json_schema

from .convert import JsonPath
from .openai import read_function


def _records(doc: Any) -> list[tuple[Any, JsonPath]]:
    if isinstance(doc, dict):
        return [(doc, ())]
    if isinstance(doc, list):
        return [(r, (i,)) for i, r in enumerate(doc)]
    return []


def _functions(rec: Any) -> tuple[list[Any], str] | None:
    if not isinstance(rec, dict) or not ("question" in rec or "answers" in rec or "id" in rec):
        return None
    for key in ("function", "tools"):
        if isinstance(rec.get(key), list):
            return rec[key], key
    return None


def detect(doc: Any) -> bool:
    """Whether ``doc`` is BFCL questions (records with an ``id`` / ``question`` and a ``function`` list)."""
    recs = _records(doc)
    return bool(recs) and all(_functions(r) is not None for r, _ in recs)


def read(doc: Any, ctx: Any) -> None:
    """Adds the tools of every question in ``doc`` to ``ctx`` (the first definition of each name)."""
    for rec, path in _records(doc):
        found = _functions(rec)
        if found is None:
            ctx.error("E502", path, "expected a BFCL question with a `function` list")
            continue
        functions, key = found
        for j, item in enumerate(functions):
            fpath = path + (key, j)
            fn = item.get("function", item) if isinstance(item, dict) else None
            if isinstance(item, dict) and "function" in item:
                fpath += ("function",)
            if not isinstance(fn, dict):
                ctx.error("E502", fpath, "expected a function object")
                continue
            tool = read_function(fn, fpath, ctx)  # read_function applies normalise()
            if tool is not None:
                ctx.add(tool, fpath)


def normalise(fn: dict[str, Any], path: JsonPath, ctx: Any) -> dict[str, Any]:
    """A function object with BFCL-typed parameters -> the same with JSON Schema (warning about losses).

    Function objects whose parameters use no BFCL-only type or keyword come back unchanged.
    """
    params = fn.get("parameters")
    if not isinstance(params, Mapping) or not (is_bfcl_schema(params) or _has_optional(params)):
        return fn
    _warn_bfcl_types(params, path + ("parameters",), ctx)
    return {**fn, "parameters": to_json_schema(params)}


def _has_optional(s: Any) -> bool:
    if not isinstance(s, Mapping):
        return False
    if "optional" in s:
        return True
    props = s.get("properties")
    return isinstance(props, Mapping) and any(_has_optional(v) for v in props.values()) or _has_optional(s.get("items"))


def _warn_bfcl_types(s: Mapping[str, Any], path: JsonPath, ctx: Any) -> None:
    """Warns about what BFCL's type conversion loses and about ``optional`` contradicting ``required``."""
    t = s.get("type")
    if t == "tuple":
        ctx.warn("W502", path + ("type",), "`tuple` is read as an array (BFCL's conversion)")
    elif t == "any":
        ctx.warn("W501", path + ("type",), "`any` is read as a string (BFCL's conversion)")
    elif isinstance(t, str) and t not in GORILLA_TO_OPENAPI:
        ctx.warn("W501", path + ("type",), f"unknown type {t!r} is read as a string (BFCL's conversion)")
    required = s.get("required") if isinstance(s.get("required"), list) else []
    props = s.get("properties") if isinstance(s.get("properties"), Mapping) else {}
    opt_list = s.get("optional") if isinstance(s.get("optional"), list) else []
    for name, ps in props.items():
        ppath = path + ("properties", name)
        if isinstance(ps, Mapping):
            marked = ps.get("optional") in (True, "True", "true") or name in opt_list
            if marked and name in required:
                ctx.warn("W506", ppath + ("optional",), f"`{name}` is both required and optional; kept required")
            _warn_bfcl_types(ps, ppath, ctx)
    if isinstance(s.get("items"), Mapping):
        _warn_bfcl_types(s["items"], path + ("items",), ctx)
    if "required" in s and t not in ("dict", "object") and t is not None:
        ctx.warn("W506", path + ("required",), "`required` on a non-object is not kept (BFCL's conversion)")
