"""Checker stage: a tool call + its tool definition -> JSON Schema validation errors (``jsonschema``, Draft 2020-12).

The compiler validates every call it emits, about 10^5 per build, so compiled validators are cached per
tool: first by object identity (the cache holds the tool, so an id is never reused while cached), then by
the canonical JSON text of the tool's parameters. Tool definitions are treated as immutable.

A valid call is recognised property by property where the schema allows it (:class:`_PropertyCheck`): an
arguments object with only ``properties``, ``required`` and ``additionalProperties: false`` is valid
exactly when it has no unknown and no missing property and each value is valid against its property's
schema, and each property's verdict per value is remembered; the values a build draws come from small
pools, so nearly every call is decided by look-ups. Error messages still come from ``jsonschema`` itself.

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
from functools import cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from jsonschema import Draft202012Validator, FormatChecker

from toolc.compiler.checker.match import tool_function
from toolc.compiler.record import ToolCall

_DATETIME_RE = re.compile(r"\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:[Zz]|[+-]\d{2}:\d{2})?")

@cache
def format_checker() -> FormatChecker:
    """The format checker every validator uses (module docstring): jsonschema's ``date`` and :func:`_is_datetime`
    for ``date-time``. Made on first use: importing jsonschema (with referencing, attrs, rpds) is ~60 ms that
    ``toolc check`` does not need."""
    from jsonschema import FormatChecker

    checker = FormatChecker(formats=("date",))
    checker.checks("date-time", raises=ValueError)(_is_datetime)
    return checker


def _is_datetime(instance: object) -> bool:
    if not isinstance(instance, str):
        return True
    if not _DATETIME_RE.fullmatch(instance):
        return False
    datetime.fromisoformat(instance.replace("z", "Z").replace("t", "T"))  # raises on 2024-02-30 etc.
    return True


_CACHE_SIZE = 4096
_by_id: OrderedDict[int, tuple[Mapping[str, Any], Draft202012Validator, str, "_PropertyCheck | None"]] = OrderedDict()
_by_json: OrderedDict[str, tuple[Draft202012Validator, "_PropertyCheck | None"]] = OrderedDict()

#: Top-level keywords of an arguments schema that :class:`_PropertyCheck` understands; the others validate
#: nothing (annotations).
_PROPERTY_CHECK_KEYWORDS = frozenset(
    {"type", "properties", "required", "additionalProperties", "description", "title", "default", "examples",
     "$comment", "$schema"}
)
#: Keywords that make a subschema depend on where it sits in the whole schema (references, anchors, ids).
_LOCATION_KEYWORDS = ("$ref", "$dynamicRef", "$id", "$anchor", "$dynamicAnchor", "$recursiveRef")
#: The Python types of JSON values, whose ``repr`` tells any two apart (``1``, ``1.0``, ``True``, ``"1"``).
_JSON_TYPES = frozenset({dict, list, str, int, float, bool, type(None)})
_MEMO_SIZE = 100_000


class _PropertyCheck:
    """``validator.is_valid(arguments)`` decided property by property, each property's verdicts memoised.

    Only built for a schema ``{"type": "object", "properties": P, "required": R, "additionalProperties":
    false}`` (plus annotations) whose subschemas are self-contained (no ``$ref``, ``$id``, anchors). For such
    a schema Draft 2020-12 says: a JSON object is valid iff every key is in ``P``, every name in ``R`` is a
    key, and every value is valid against its subschema -- which is what :meth:`is_valid` checks. Verdicts
    are memoised per property by ``repr(value)`` for values of JSON types (``dict``, ``list``, ``str``,
    ``int``, ``float``, ``bool``, ``None``, as expansion makes them); other values and non-object arguments
    go to the validators unmemoised.
    """

    def __init__(self, validator: Draft202012Validator, properties: Mapping[str, Any], required: tuple[str, ...]):
        self.validator = validator
        self.required = required
        from jsonschema import Draft202012Validator

        self.properties = {name: Draft202012Validator(sub, format_checker=validator.format_checker)
                           for name, sub in properties.items()}
        self.verdicts: dict[tuple[str, str], bool] = {}

    @classmethod
    def of(cls, validator: Draft202012Validator) -> _PropertyCheck | None:
        """The check for ``validator``'s schema, or ``None`` when the schema is not of the supported shape."""
        schema = validator.schema
        if not isinstance(schema, Mapping) or not set(schema) <= _PROPERTY_CHECK_KEYWORDS:
            return None
        properties, required = schema.get("properties"), schema.get("required", [])
        if schema.get("type") != "object" or schema.get("additionalProperties") is not False \
                or not isinstance(properties, Mapping) or not isinstance(required, list) \
                or not all(isinstance(r, str) for r in required):
            return None
        text = json.dumps(properties, ensure_ascii=False, default=str)
        if any(f'"{k}"' in text for k in _LOCATION_KEYWORDS):
            return None
        return cls(validator, properties, tuple(required))

    def is_valid(self, arguments: Any) -> bool:
        """Whether ``arguments`` is valid against the whole schema (same answer as ``validator.is_valid``)."""
        if type(arguments) is not dict:
            return self.validator.is_valid(arguments)
        verdicts, properties = self.verdicts, self.properties
        for name, value in arguments.items():
            sub = properties.get(name)
            if sub is None:
                return False  # additionalProperties: false
            if type(value) not in _JSON_TYPES:
                if not sub.is_valid(value):
                    return False
                continue
            key = (name, repr(value))
            ok = verdicts.get(key)
            if ok is None:
                if len(verdicts) >= _MEMO_SIZE:  # bounded: memory stays flat in the number of calls
                    verdicts.clear()
                ok = verdicts[key] = sub.is_valid(value)
            if not ok:
                return False
        return all(r in arguments for r in self.required)



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
    return _compiled(tool)[1]


def _compiled(tool: Mapping[str, Any]) -> tuple[Mapping[str, Any], Draft202012Validator, str, _PropertyCheck | None]:
    """``(tool, validator, tool name, property check)``, cached (see :func:`compile_validator`)."""
    hit = _by_id.get(id(tool))
    if hit is not None and hit[0] is tool:
        _by_id.move_to_end(id(tool))
        return hit
    fn = tool_function(tool) or {}
    params = fn.get("parameters") or {"type": "object", "properties": {}}
    key = json.dumps(params, sort_keys=True, ensure_ascii=False, default=str)
    compiled = _by_json.get(key)
    if compiled is None:
        from toolc.compiler import bfcl  # lazy: compiler.bfcl imports this package

        schema = bfcl.to_json_schema(params) if bfcl.is_bfcl_schema(params) else params
        schema = _close_objects(schema)
        from jsonschema import Draft202012Validator

        Draft202012Validator.check_schema(schema)
        validator = Draft202012Validator(schema, format_checker=format_checker())
        compiled = _by_json[key] = (validator, _PropertyCheck.of(validator))
        if len(_by_json) > _CACHE_SIZE:
            _by_json.popitem(last=False)
    validator, check = compiled
    entry = _by_id[id(tool)] = (tool, validator, str(fn.get("name", "")), check)
    if len(_by_id) > _CACHE_SIZE:
        _by_id.popitem(last=False)
    return entry


def validate_call(call: ToolCall, tool: Mapping[str, Any]) -> list[str]:
    """Validates a call's arguments against its tool's JSON Schema.

    Args:
        call: the call (name and arguments).
        tool: the tool definition it calls (see :func:`compile_validator`).

    Returns:
        Error messages ``"<json path>: <message>"`` sorted by path then message; empty when the call is valid.
        A name that differs from the tool's name is reported as ``"$: call names ... but the tool is ..."``.
    """
    _, validator, name, check = _compiled(tool)
    if check is not None and call.name == name and check.is_valid(call.arguments):
        return []
    errors: list[str] = []
    if call.name != name:
        errors.append(f"$: call names {call.name!r} but the tool is {name!r}")
    if not validator.is_valid(call.arguments):
        errors.extend(sorted(f"{e.json_path}: {e.message}" for e in validator.iter_errors(call.arguments)))
    return errors
