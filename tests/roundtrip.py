"""Test helper: what "equivalent schemas" means for the import -> check -> export round trip.

Two JSON Schemas are equivalent when their signatures are equal: at every level the JSON type, the
enum, the default, and for objects the property names, their order-free ``required`` set and each
property's signature, for arrays the items' signature (issue 10: names, JSON types, required, enums,
defaults, nesting). Descriptions and bounds are compared by the tests that need them, not here.
"""

from __future__ import annotations

from typing import Any

_MISSING = "<missing>"


def signature(s: Any) -> Any:
    """The comparable part of a JSON Schema (``$ref`` must be resolved before)."""
    if not isinstance(s, dict):
        return ("not-a-schema", repr(s))
    out: dict[str, Any] = {"type": s.get("type", _MISSING)}
    if "enum" in s:
        out["enum"] = list(s["enum"])
    if "default" in s:
        out["default"] = s["default"]
    if out["type"] == "object":
        props = s.get("properties") or {}
        out["properties"] = {k: signature(v) for k, v in props.items()}
        out["required"] = sorted(s.get("required") or [])
    if out["type"] == "array":
        out["items"] = signature(s.get("items") or {})
    return out


def differences(a: Any, b: Any, path: str = "$") -> list[str]:
    """Where two signatures differ (``[]`` when equivalent)."""
    if isinstance(a, dict) and isinstance(b, dict):
        out = []
        for k in sorted(set(a) | set(b), key=str):
            if k not in a or k not in b:
                out.append(f"{path}.{k}: {a.get(k, _MISSING)!r} != {b.get(k, _MISSING)!r}")
            else:
                out += differences(a[k], b[k], f"{path}.{k}")
        return out
    return [] if a == b and type(a) is type(b) else [f"{path}: {a!r} != {b!r}"]
