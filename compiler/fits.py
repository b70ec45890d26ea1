"""Lowering stage, type fits: whether a literal, a slot's values or a result's values fit a parameter type
(input: values and dsl.ast types; output: ``None`` when they fit, else the reason, for error messages)."""

from __future__ import annotations

from typing import Any

from toolc.dsl import ast

from .slots import json_kind


def show_value(v: Any) -> str:
    import json

    return json.dumps(v, ensure_ascii=False)


def show_enum(t: ast.EnumType) -> str:
    return ", ".join(show_value(v) for v in t.values)


def fits_value(v: Any, t) -> str | None:
    """Whether a literal value fits a parameter type; ``None`` if it does, else the reason."""
    k = json_kind(v)
    if isinstance(t, ast.EnumType):
        return None if v in t.values and not isinstance(v, bool) else f"not one of {show_enum(t)}"
    if isinstance(t, ast.ListType):
        return fits_value(v, t.item)  # a scalar fills a one-element list
    if isinstance(t, ast.ObjectType):
        return "an object parameter takes its fields as dotted arguments (`filter.min=...`)"
    return fits_kind(k, t, lo=v if k in ("int", "float") else None, hi=v if k in ("int", "float") else None)


def fits_kind(kind: str, t, lo: float | None = None, hi: float | None = None, values: list | None = None) -> str | None:
    """Whether values of type tag ``kind`` (optionally within ``lo..hi`` or from ``values``) fit type ``t``."""
    if isinstance(t, ast.ListType):
        return fits_kind(kind, t.item, lo, hi, values)
    if isinstance(t, ast.ObjectType):
        return "an object parameter takes its fields as dotted arguments (`filter.min=...`)"
    if isinstance(t, ast.EnumType):
        if values is None:
            return f"its values are open-ended {kind}s, but the parameter takes only {show_enum(t)}"
        bad = [v for v in values if v not in t.values or isinstance(v, bool)]
        return f"{show_value(bad[0])} is not one of {show_enum(t)}" if bad else None
    name = t.name
    ok = {
        "string": {"string", "date", "datetime"},
        "int": {"int"},
        "float": {"int", "float"},
        "bool": {"bool"},
        "date": {"date"},
        "datetime": {"datetime"},
    }[name]
    if kind not in ok:
        return f"it gives {_kind_name(kind)} values, but the parameter is {_kind_name(name)}"
    if name in ("int", "float"):
        if t.lo is not None and lo is not None and lo < t.lo:
            return f"its values reach {lo}, below the parameter's minimum {t.lo}"
        if t.hi is not None and hi is not None and hi > t.hi:
            return f"its values reach {hi}, above the parameter's maximum {t.hi}"
    return None


def _kind_name(k: str) -> str:
    return {"int": "integer", "float": "number", "bool": "boolean", "mixed": "mixed-type"}.get(k, k)


def slot_fit(sampler, t) -> str | None:
    """Whether every value a slot can give fits parameter type ``t`` (``None`` = fits, else the reason)."""
    values = [d.value for d in sampler.finite] if sampler.finite is not None else None
    if sampler.kind == "mixed":
        if values is None:
            return "its values have mixed types"
        for v in values:
            err = fits_value(v, t)
            if err:
                return err
        return None
    lo = sampler.lo if sampler.lo is not None else (min(values) if values and sampler.kind in ("int", "float") else None)
    hi = sampler.hi if sampler.hi is not None else (max(values) if values and sampler.kind in ("int", "float") else None)
    return fits_kind(sampler.kind, t, lo, hi, values)
