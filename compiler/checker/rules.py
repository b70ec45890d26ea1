"""Checker stage: one predicted argument value + its acceptable gold values + its parameter schema -> a verdict.

The argument-level rules of toolc's checker (type check, then value check), in two modes; see
:mod:`compiler.checker.match` for what each mode does and why. Source of the rules: BFCL's AST checker,
paraphrased in ``../shared/data/bfcl/CHECKER_NOTES.md`` section 2 (steps 4-5); no code copied.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

#: The BFCL "may be omitted" marker inside a list of acceptable values.
OMIT = ""

#: Verdict codes, in the order the single-call check can produce them.
CODES: tuple[str, ...] = (
    "ok",
    "wrong_count",
    "wrong_name",
    "missing_required",
    "unexpected_param",
    "wrong_type",
    "wrong_value",
    "missing_optional",
    "no_match",
    "format",
    "spurious_call",
    "no_clarification",
    "no_restatement",
    "no_refusal",
    "needless_refusal",
    "made_up_results",
    "ignored_error",
    "claimed_failure",
    "no_stop",
)

# BFCL's schema-type -> Python-type table (constants/type_mappings.py), plus the JSON Schema names
# ``number`` and ``object`` that BFCL lacks (its checker would crash on them).
_BFCL_PY: dict[str, type] = {
    "string": str,
    "integer": int,
    "float": float,
    "number": float,
    "boolean": bool,
    "array": list,
    "tuple": list,
    "list": list,
    "dict": dict,
    "object": dict,
    "any": str,
}

_NORMALISE_RE = re.compile(r"[ ,./\-_*^]")


def normalize_string(text: str) -> str:
    """BFCL's string normalisation: delete spaces and ``, . / - _ * ^``, lowercase, ``'`` -> ``"``.

    So ``"Jan 28, 2021" == "Jan.28,2021"`` and ``"2021/01/28" == "2021-01-28"`` after normalising; other
    punctuation and accents stay. Source: ``standardize_string`` in BFCL's ``ast_checker.py``.

    Args:
        text: any string.

    Returns:
        The normalised string.
    """
    return _NORMALISE_RE.sub("", text).lower().replace("'", '"')


@dataclass(frozen=True, slots=True)
class Verdict:
    """The checker's answer.

    Attributes:
        ok: whether the prediction is accepted.
        code: ``"ok"`` or one of :data:`CODES` naming the first failed rule.
        message: a human-readable explanation (empty when ``ok``).
    """

    ok: bool
    code: str
    message: str = ""

    def __bool__(self) -> bool:
        return self.ok


OK = Verdict(True, "ok", "")

# --------------------------------------------------------------------------- equality helpers


def strict_equal(a: Any, b: Any) -> bool:
    """Type-aware JSON equality: bool only equals bool, int equals float by value, containers recurse.

    Args:
        a: a JSON-able value.
        b: a JSON-able value.

    Returns:
        Whether they are equal (``strict_equal(True, 1)`` is False, ``strict_equal(1, 1.0)`` is True).
    """
    ta, tb = type(a), type(b)
    if ta is bool or tb is bool:
        return ta is tb and a == b
    if ta in (int, float) and tb in (int, float):
        return a == b
    if isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)):
        return len(a) == len(b) and all(strict_equal(x, y) for x, y in zip(a, b))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(strict_equal(a[k], b[k]) for k in a)
    return ta is tb and a == b


def _std(x: Any) -> Any:
    return normalize_string(x) if type(x) is str else x


# --------------------------------------------------------------------------- BFCL-mode argument check


def _first_type(acceptable: Any) -> type | None:
    """Type of the first acceptable value that is not ``""`` (BFCL ``get_possible_answer_type``)."""
    for a in acceptable if isinstance(acceptable, (list, str)) else ():
        if a != "":
            return type(a)
    return None


def _bfcl_type_check(value: Any, acceptable: Any, expected: type, nested: type | None) -> tuple[bool, bool]:
    """BFCL's type check. Returns ``(valid, is_variable)``."""
    pa_type = _first_type(acceptable)
    is_variable = pa_type is not None and pa_type is not expected
    if type(value) is expected:
        if nested is None:
            return True, is_variable
        for item in acceptable:
            if type(item) is list and not all(_bfcl_type_check(v, item, nested, None)[0] for v in value):
                continue
            return True, is_variable  # quirk: a non-list acceptable value ("") passes the element check
        return False, False
    if pa_type is not None and type(value) is pa_type:
        return True, True
    return False, False


def _bfcl_dict_match(value: Any, patterns: Sequence[Any]) -> bool:
    if not isinstance(value, dict):
        return False
    for p in patterns:
        if p == "" or not isinstance(p, dict):
            continue
        ok = True
        for k, v in value.items():
            vals = p.get(k)
            if k not in p or _std(v) not in [_std(x) for x in (vals if isinstance(vals, list) else [vals])]:
                ok = False
                break
        if ok and all(k in value or "" in (vs if isinstance(vs, list) else [vs]) for k, vs in p.items()):
            return True
    return False


def _bfcl_argument(name: str, value: Any, acceptable: list[Any], schema: Mapping[str, Any] | None) -> Verdict:
    stype = (schema or {}).get("type")
    expected = _BFCL_PY.get(stype) if isinstance(stype, str) else None
    if expected is None:  # no (or unknown) type: BFCL would crash; compare plainly
        if _std(value) in [_std(a) for a in acceptable]:
            return OK
        return Verdict(False, "wrong_value", f"{name}: {value!r} is not one of {acceptable!r}")
    if stype in ("float", "number") and type(value) is int:
        value = float(value)
    if isinstance(value, tuple):
        value = list(value)
    nested = None
    if expected is list:
        items = (schema or {}).get("items")
        if isinstance(items, Mapping) and isinstance(items.get("type"), str):
            nested = _BFCL_PY.get(items["type"])
    valid, is_variable = _bfcl_type_check(value, acceptable, expected, nested)
    if not valid:
        return Verdict(False, "wrong_type", f"{name}: expected {stype}, got {type(value).__name__} {value!r}")
    if is_variable:
        if value in acceptable:
            return OK
        return Verdict(False, "wrong_value", f"{name}: {value!r} is not one of {acceptable!r} (variable)")
    if expected is str:
        if _std(value) in [normalize_string(a) for a in acceptable if type(a) is str]:
            return OK
    elif expected is list and nested is dict:
        for a in acceptable:
            if isinstance(a, (list, str)) and len(value) == len(a):
                if all(_bfcl_dict_match(v, [p]) for v, p in zip(value, a)):
                    return OK
    elif expected is list:
        std_acc = [[_std(x) for x in a] for a in acceptable if isinstance(a, (list, str))]  # "" -> []
        if [_std(x) for x in value] in std_acc:
            return OK
    elif expected is dict:
        if _bfcl_dict_match(value, acceptable):
            return OK
    elif value in acceptable:
        return OK
    return Verdict(False, "wrong_value", f"{name}: {value!r} is not one of {acceptable!r}")


# --------------------------------------------------------------------------- default-mode argument check


def _types_of(schema: Mapping[str, Any] | None) -> tuple[str, ...] | None:
    if not schema:
        return None
    t = schema.get("type")
    if isinstance(t, str):
        return (t,)
    if isinstance(t, list) and all(isinstance(x, str) for x in t):
        return tuple(t)
    return None


def _conforms(value: Any, types: tuple[str, ...]) -> bool:
    tv = type(value)
    for t in types:
        if t == "integer":
            ok = tv is int
        elif t in ("number", "float"):
            ok = tv is int or tv is float
        elif t == "string":
            ok = tv is str
        elif t == "boolean":
            ok = tv is bool
        elif t in ("array", "tuple", "list"):
            ok = tv is list or tv is tuple
        elif t in ("object", "dict"):
            ok = tv is dict
        elif t == "null":
            ok = value is None
        else:  # "any" or an unknown name: no constraint
            ok = True
        if ok:
            return True
    return False


def _elements_conform(value: Any, schema: Mapping[str, Any] | None) -> bool:
    items = (schema or {}).get("items")
    if not isinstance(value, (list, tuple)) or not isinstance(items, Mapping):
        return True
    types = _types_of(items)
    if types is None:
        return True
    return all(_conforms(v, types) and _elements_conform(v, items) for v in value)


def _exact_strings(schema: Mapping[str, Any] | None) -> bool:
    return bool(schema) and ("enum" in schema or "format" in schema)


def _scalar_match(value: Any, a: Any, schema: Mapping[str, Any] | None) -> bool:
    if type(value) is str and type(a) is str:
        return value == a if _exact_strings(schema) else normalize_string(value) == normalize_string(a)
    return strict_equal(value, a)


def _dict_pattern_match(value: Mapping[str, Any], pattern: Mapping[str, Any], schema: Mapping[str, Any] | None) -> bool:
    props = (schema or {}).get("properties")
    props = props if isinstance(props, Mapping) else {}
    for k, v in value.items():
        if k not in pattern:
            return False
        acc = pattern[k] if isinstance(pattern[k], list) else [pattern[k]]
        sub = props.get(k) if isinstance(props.get(k), Mapping) else None
        if not any(_scalar_match(v, x, sub) for x in acc):
            return False
    return all(k in value or OMIT in (vs if isinstance(vs, list) else [vs]) for k, vs in pattern.items())


def _value_match(value: Any, a: Any, schema: Mapping[str, Any] | None) -> bool:
    if isinstance(value, dict) and isinstance(a, dict):
        return _dict_pattern_match(value, a, schema)
    if isinstance(value, (list, tuple)) and isinstance(a, list):
        if len(value) != len(a):
            return False
        items = (schema or {}).get("items")
        items = items if isinstance(items, Mapping) else None
        if a and all(isinstance(p, dict) for p in a):
            return all(isinstance(v, dict) and _dict_pattern_match(v, p, items) for v, p in zip(value, a))
        return all(_scalar_match(v, x, items) for v, x in zip(value, a))
    return _scalar_match(value, a, schema)


def _default_argument(name: str, value: Any, acceptable: list[Any], schema: Mapping[str, Any] | None) -> Verdict:
    types = _types_of(schema)
    if types is not None and not _conforms(value, types):
        # the "variable" escape hatch, per value: exact equality with an acceptable value of another type
        if any(a != OMIT and not _conforms(a, types) and strict_equal(value, a) for a in acceptable):
            return OK
        return Verdict(False, "wrong_type", f"{name}: expected {'|'.join(types)}, got {type(value).__name__} {value!r}")
    if types is not None and not _elements_conform(value, schema):
        return Verdict(False, "wrong_type", f"{name}: an element of {value!r} has the wrong type")
    for a in acceptable:
        if types is not None and not _conforms(a, types):
            if a != OMIT and strict_equal(value, a):
                return OK
            continue
        if _value_match(value, a, schema):
            return OK
    return Verdict(False, "wrong_value", f"{name}: {value!r} is not one of {acceptable!r}")


def check_argument(
    name: str, value: Any, acceptable: list[Any], schema: Mapping[str, Any] | None, *, bfcl: bool = False
) -> Verdict:
    """Type check then value check of one argument (CHECKER_NOTES.md section 2, steps 4-5).

    Args:
        name: parameter name (for messages).
        value: the predicted value.
        acceptable: the gold's acceptable values for this parameter.
        schema: the parameter's schema (``properties[name]``), BFCL-typed or JSON Schema; ``None`` = unknown.
        bfcl: reproduce BFCL's quirks (see the module docstring).

    Returns:
        :data:`OK`, or a ``wrong_type`` / ``wrong_value`` verdict.
    """
    if bfcl:
        return _bfcl_argument(name, value, acceptable, schema)
    return _default_argument(name, value, acceptable, schema)
