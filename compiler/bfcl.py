"""Benchmark input stage: BFCL records (JSONL) -> offered tools, JSON Schema conversions and gold calls.

The records are the Berkeley Function-Calling Leaderboard v4 ``simple_python`` / ``multiple`` /
``parallel`` questions with their possible answers, flattened one per line into
``../shared/data/bfcl/bfcl_records.jsonl`` (relative to the repository root; ``$TOOLC_BFCL_DIR`` overrides)::

    {"id", "category": "simple"|"multiple"|"parallel", "tools": [OpenAI-style function tools with BFCL types],
     "messages": [{"role": "user", "content"}], "answers": [{"name", "arguments": {param: [acceptable values]}}]}

BFCL's tool schemas use Python-flavoured types (``dict``, ``float``, ``tuple``, ``any``) and a few
non-standard keywords; :func:`to_json_schema` converts them the way BFCL itself does for API models
(``GORILLA_TO_OPENAPI`` in ``bfcl_eval``'s ``model_handler/utils.py``; see CHECKER_NOTES.md section 4).
The data is read where it lies: nothing from it is copied into this repository.
"""

from __future__ import annotations

import copy
import json
import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from toolc.compiler.checker.match import OMIT, GoldCall, Verdict, check_calls
from toolc.compiler.record import ToolCall

#: Default location of the BFCL data: ``<repo root>/../shared/data/bfcl``.
DEFAULT_DIR = Path(
    os.environ.get("TOOLC_BFCL_DIR") or Path(__file__).resolve().parents[2] / "shared" / "data" / "bfcl"
)
RECORDS_FILE = "bfcl_records.jsonl"

Category = Literal["simple", "multiple", "parallel"]

#: BFCL type name -> JSON Schema type name (BFCL's GORILLA_TO_OPENAPI); unknown or missing -> ``string``.
GORILLA_TO_OPENAPI: dict[str, str] = {
    "integer": "integer",
    "number": "number",
    "float": "number",
    "string": "string",
    "boolean": "boolean",
    "bool": "boolean",
    "array": "array",
    "list": "array",
    "tuple": "array",
    "dict": "object",
    "object": "object",
    "any": "string",
}

#: Type names that only BFCL uses; a schema containing one of them needs :func:`to_json_schema`.
BFCL_ONLY_TYPES = frozenset({"dict", "float", "tuple", "any", "list", "bool"})

FLOAT_NOTE = " This is a float type value."


def is_bfcl_schema(schema: Any) -> bool:
    """Whether a schema (or any sub-schema) uses a BFCL-only type name (``dict``, ``float``, ``tuple``, ...).

    Args:
        schema: a parameters schema or any part of it.

    Returns:
        True when :func:`to_json_schema` is needed before standard JSON Schema tools can read it.
    """
    if not isinstance(schema, Mapping):
        return False
    t = schema.get("type")
    if isinstance(t, str) and t in BFCL_ONLY_TYPES:
        return True
    props = schema.get("properties")
    if isinstance(props, Mapping) and any(is_bfcl_schema(v) for v in props.values()):
        return True
    return is_bfcl_schema(schema.get("items"))


def _convert(schema: Mapping[str, Any], *, describe_floats: bool, is_property: bool = True) -> dict[str, Any]:
    out: dict[str, Any] = {}
    src_type = schema.get("type")
    for k, v in schema.items():
        if k == "optional":  # BFCL-only: `optional: true` on a property / a top-level list of names
            continue
        out[k] = copy.deepcopy(v)
    if isinstance(src_type, list):  # a JSON Schema type list: map each name
        out["type"] = [GORILLA_TO_OPENAPI.get(t, t) for t in src_type]
        new_type = "object" if "object" in out["type"] else ""
    else:
        new_type = GORILLA_TO_OPENAPI.get(src_type, "string") if isinstance(src_type, str) else "string"
        out["type"] = new_type
    if src_type == "float" and describe_floats and is_property:  # BFCL annotates properties, not items
        out["format"] = "float"
        out["description"] = str(out.get("description", "")) + FLOAT_NOTE
    if isinstance(schema.get("properties"), Mapping):
        out["properties"] = {
            k: _convert(v, describe_floats=describe_floats) if isinstance(v, Mapping) else v
            for k, v in schema["properties"].items()
        }
    if isinstance(schema.get("items"), Mapping):
        out["items"] = _convert(schema["items"], describe_floats=describe_floats, is_property=False)
    if "required" in out and new_type != "object":  # a stray property-level `required` list
        del out["required"]
    return out


def to_json_schema(parameters: Mapping[str, Any], *, describe_floats: bool = False) -> dict[str, Any]:
    """Converts a BFCL parameters schema to standard JSON Schema (BFCL's GORILLA_TO_OPENAPI conversion).

    ``dict`` -> ``object``, ``float`` -> ``number``, ``tuple`` / ``list`` -> ``array``, ``any`` -> ``string``,
    a missing or unknown type -> ``string``, recursively through ``properties`` and ``items``. The BFCL-only
    ``optional`` keywords are dropped, and so is a ``required`` list on a non-object property; ``default``,
    ``enum``, ``format`` and bounds are kept.

    Args:
        parameters: the function's ``parameters`` (top-level ``type`` is ``dict`` in BFCL).
        describe_floats: also do what BFCL does for API models: add ``format: "float"`` and append
            " This is a float type value." to the description of every ``float`` property.

    Returns:
        A new schema dict (the input is not modified).
    """
    out = _convert(parameters, describe_floats=describe_floats)
    out["type"] = "object"
    out.setdefault("properties", {})
    return out


def fc_name(name: str) -> str:
    """The tool name BFCL sends to native function-calling models (``underscore_to_dot``): ``.`` -> ``_``."""
    return name.replace(".", "_")


def to_openai_tool(
    tool: Mapping[str, Any], *, underscore_to_dot: bool = False, describe_floats: bool = False
) -> dict[str, Any]:
    """Converts a BFCL function tool to a standard OpenAI function tool.

    Args:
        tool: ``{"type": "function", "function": {"name", "description", "parameters"}}`` with BFCL types
            (a bare function object is accepted too).
        underscore_to_dot: rename ``a.b`` to ``a_b`` as BFCL does for most function-calling models.
        describe_floats: see :func:`to_json_schema`.

    Returns:
        ``{"type": "function", "function": {"name", "description", "parameters": <JSON Schema>}}``.
    """
    fn = tool.get("function", tool)
    name = fc_name(fn["name"]) if underscore_to_dot else fn["name"]
    return {
        "type": "function",
        "function": {
            "name": name,
            "description": fn.get("description", ""),
            "parameters": to_json_schema(fn.get("parameters") or {}, describe_floats=describe_floats),
        },
    }


def _first(acceptable: Sequence[Any]) -> tuple[bool, Any]:
    for a in acceptable:
        if not (type(a) is str and a == OMIT):
            return True, a
    return False, None


def _instantiate(value: Any) -> Any:
    """A pattern (dict of acceptable lists / list of such dicts) -> one concrete value."""
    if isinstance(value, dict):
        out = {}
        for k, acc in value.items():
            found, v = _first(acc if isinstance(acc, list) else [acc])
            if found:
                out[k] = v
        return out
    if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
        return [_instantiate(v) for v in value]
    return value


def reference_call(gold: GoldCall) -> ToolCall:
    """The canonical right answer to a gold call: the first acceptable non-``""`` value of each argument.

    Arguments whose only acceptable value is ``""`` (must be omitted) are left out; object patterns are
    instantiated the same way one level down. This respects BFCL's quirks: an array whose list starts with
    ``""`` gets its first real value (``["", []]`` -> ``[]``), a required argument marked ``""`` is still
    passed, and "variable" values (``null``, ``true`` for a string) are passed as they are.

    Args:
        gold: the gold call.

    Returns:
        The :class:`~compiler.record.ToolCall`.
    """
    args: dict[str, Any] = {}
    for k, acc in gold.arguments.items():
        found, v = _first(acc)
        if found:
            args[k] = _instantiate(v)
    return ToolCall(gold.name, args)


@dataclass(frozen=True, slots=True)
class BfclRecord:
    """One BFCL question.

    Attributes:
        id: BFCL id (``simple_python_0``, ``multiple_12``, ``parallel_3``).
        category: ``simple`` | ``multiple`` | ``parallel``.
        tools: the offered tools, BFCL-typed, as in the data.
        messages: the chat messages (one user message).
        gold: the gold calls, acceptable values per argument.
    """

    id: str
    category: Category
    tools: tuple[dict[str, Any], ...]
    messages: tuple[dict[str, Any], ...]
    gold: tuple[GoldCall, ...]

    @property
    def openai_tools(self) -> list[dict[str, Any]]:
        """The tools converted to standard JSON Schema (:func:`to_openai_tool`, names unchanged)."""
        return [to_openai_tool(t) for t in self.tools]

    def reference_calls(self) -> list[ToolCall]:
        """One right answer (:func:`reference_call` of each gold call, in gold order)."""
        return [reference_call(g) for g in self.gold]

    def check(self, calls: Sequence[ToolCall], *, bfcl: bool = True) -> Verdict:
        """Checks a model's calls for this question (BFCL rules by default; the call count is the gold count)."""
        return check_calls(calls, self.gold, self.tools, bfcl=bfcl)


def record_from_json(row: Mapping[str, Any]) -> BfclRecord:
    """Builds a :class:`BfclRecord` from one JSONL row.

    Raises:
        ValueError: when the row lacks a field or a gold argument is not a list.
    """
    try:
        return BfclRecord(
            id=str(row["id"]),
            category=row["category"],
            tools=tuple(row["tools"]),
            messages=tuple(row["messages"]),
            gold=tuple(GoldCall.from_json(a) for a in row["answers"]),
        )
    except KeyError as e:
        raise ValueError(f"BFCL row {row.get('id', '?')}: missing field {e}") from None


def records_path(directory: str | os.PathLike[str] | None = None) -> Path:
    """Path of ``bfcl_records.jsonl`` in ``directory`` (default :data:`DEFAULT_DIR`)."""
    return Path(directory or DEFAULT_DIR) / RECORDS_FILE


def load_records(
    path: str | os.PathLike[str] | None = None, *, categories: Iterable[str] | None = None
) -> list[BfclRecord]:
    """Loads the BFCL records.

    Args:
        path: the JSONL file, or a directory holding ``bfcl_records.jsonl``; default :data:`DEFAULT_DIR`.
        categories: keep only these categories (default: all).

    Returns:
        The records, in file order.

    Raises:
        FileNotFoundError: when the file is absent.
        ValueError: on a malformed row (the message names its line).
    """
    p = Path(path) if path is not None else records_path()
    if p.is_dir():
        p = p / RECORDS_FILE
    keep = set(categories) if categories is not None else None
    out: list[BfclRecord] = []
    with p.open(encoding="utf-8") as f:
        for lineno, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                rec = record_from_json(json.loads(line))
            except (json.JSONDecodeError, ValueError) as e:
                raise ValueError(f"{p}:{lineno}: {e}") from None
            if keep is None or rec.category in keep:
                out.append(rec)
    return out
