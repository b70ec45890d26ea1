"""Checker stage: a tool call + its tool definition -> JSON Schema validation errors (``jsonschema``, Draft 2020-12).

The compiler validates every call it emits, about 10^5 per build, so compiled validators are cached per
tool: first by object identity (the cache holds the tool, so an id is never reused while cached), then by
the canonical JSON text of the tool's parameters. Tool definitions are treated as immutable.

Differences from bare JSON Schema, all deliberate:

* objects that list ``properties`` and say nothing about ``additionalProperties`` are closed (unknown
  arguments are errors, as in function calling's strict mode);
* formats checked: ``date`` (jsonschema's own checker, ``YYYY-MM-DD``) and ``date-time``, which is RFC 3339
  with the UTC offset optional, because toolc's ``datetime`` values are ``YYYY-MM-DDTHH:MM:SS``
  (``docs/language.md``);
* BFCL-typed schemas (``dict`` / ``float`` / ``tuple`` / ``any``) are converted first with
  :func:`compiler.bfcl.to_json_schema` (BFCL's GORILLA_TO_OPENAPI mapping).
"""

from __future__ import annotations

import json
import re
from collections import OrderedDict
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from jsonschema import Draft202012Validator, FormatChecker

from compiler.checker.match import tool_function
from compiler.record import ToolCall

_DATETIME_RE = re.compile(r"\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:[Zz]|[+-]\d{2}:\d{2})?")

FORMAT_CHECKER = FormatChecker(formats=("date",))


@FORMAT_CHECKER.checks("date-time", raises=ValueError)
def _is_datetime(instance: object) -> bool:
    if not isinstance(instance, str):
        return True
    if not _DATETIME_RE.fullmatch(instance):
        return False
    datetime.fromisoformat(instance.replace("z", "Z").replace("t", "T"))  # raises on 2024-02-30 etc.
    return True


_CACHE_SIZE = 4096
_by_id: OrderedDict[int, tuple[Mapping[str, Any], Draft202012Validator, str]] = OrderedDict()
_by_json: OrderedDict[str, Draft202012Validator] = OrderedDict()


def _close_objects(schema: Any) -> Any:
    """Copy of ``schema`` where objects with ``properties`` and no ``additionalProperties`` are closed."""
    if isinstance(schema, list):
        return [_close_objects(s) for s in schema]
    if not isinstance(schema, Mapping):
        return schema
    out = {k: _close_objects(v) if k != "enum" and k != "const" and k != "default" else v for k, v in schema.items()}
    if isinstance(schema.get("properties"), Mapping):
        out["properties"] = {k: _close_objects(v) for k, v in schema["properties"].items()}
        out.setdefault("additionalProperties", False)
    return out


def compile_validator(tool: Mapping[str, Any]) -> Draft202012Validator:
    """Returns the (cached) Draft 2020-12 validator for a tool's ``parameters``.

    Args:
        tool: OpenAI function tool ``{"type": "function", "function": {"name", "parameters", ...}}`` (or a
            bare function object); BFCL-typed parameters are converted first.

    Returns:
        A ``jsonschema.Draft202012Validator`` with the format checker described in the module docstring.

    Raises:
        jsonschema.SchemaError: when the parameters are not a valid schema.
    """
    hit = _by_id.get(id(tool))
    if hit is not None and hit[0] is tool:
        _by_id.move_to_end(id(tool))
        return hit[1]
    fn = tool_function(tool) or {}
    params = fn.get("parameters") or {"type": "object", "properties": {}}
    key = json.dumps(params, sort_keys=True, ensure_ascii=False, default=str)
    validator = _by_json.get(key)
    if validator is None:
        from compiler import bfcl  # lazy: compiler.bfcl imports this package

        schema = bfcl.to_json_schema(params) if bfcl.is_bfcl_schema(params) else params
        schema = _close_objects(schema)
        Draft202012Validator.check_schema(schema)
        validator = Draft202012Validator(schema, format_checker=FORMAT_CHECKER)
        _by_json[key] = validator
        if len(_by_json) > _CACHE_SIZE:
            _by_json.popitem(last=False)
    _by_id[id(tool)] = (tool, validator, str(fn.get("name", "")))
    if len(_by_id) > _CACHE_SIZE:
        _by_id.popitem(last=False)
    return validator


def validate_call(call: ToolCall, tool: Mapping[str, Any]) -> list[str]:
    """Validates a call's arguments against its tool's JSON Schema.

    Args:
        call: the call (name and arguments).
        tool: the tool definition it calls (see :func:`compile_validator`).

    Returns:
        Error messages ``"<json path>: <message>"`` sorted by path then message; empty when the call is valid.
        A name that differs from the tool's name is reported as ``"$: call names ... but the tool is ..."``.
    """
    validator = compile_validator(tool)
    errors: list[str] = []
    name = _by_id[id(tool)][2]
    if call.name != name:
        errors.append(f"$: call names {call.name!r} but the tool is {name!r}")
    if not validator.is_valid(call.arguments):
        errors.extend(sorted(f"{e.json_path}: {e.message}" for e in validator.iter_errors(call.arguments)))
    return errors
