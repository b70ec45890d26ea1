"""Results stage, constraints: how a result shape's fields depend on each other and on the call (input:
dsl.ast result types; output: dependency orders, bounds read from ``where`` clauses, unit conversions).

Shared by the generator (:mod:`.shape`), the verification stage (``compiler/verify/results.py``) and the
checks of ``toolc check`` (``compiler/lower_results.py``): a ``where`` conjunct ``FIELD op EXPR`` narrows
the field's range or enum when it does not make two fields wait for each other; fields are generated in
dependency order (a cycle is error E313).
"""

from __future__ import annotations

import datetime as _dt
import random
from typing import Any, Callable

from toolc.dsl import ast

from ..builtins import ABSENT, UNITS, BuiltinError, convert
from ..exprs import Compiler, kind_of, names_in
from ..slots import faker_pool

Gen = Callable[[Any], Any]


class SimulationError(BuiltinError):
    """No result can be made for this call (the row is dropped and counted under ``execution``)."""


def as_expr(p: Any) -> Any:
    if p.kind == "slotref":
        return ast.EName.make(name=p.alias or p.name, span=p.span)
    e: Any = ast.EName.make(name=p.base, span=p.span)
    for k in p.path:
        e = ast.EItem.make(obj=e, key=ast.ELit.make(value=k), span=p.span) if isinstance(k, int) else \
            ast.EAttr.make(obj=e, name=k, span=p.span)
    return e


def conjuncts(e: Any) -> list[Any]:
    if e is None:
        return []
    if isinstance(e, ast.EBinary) and e.op == "and":
        return conjuncts(e.left) + conjuncts(e.right)
    return [e]


FLIP = {"<": ">", "<=": ">=", ">": "<", ">=": "<=", "==": "=="}


def field_bound(c: Any, names: set[str]) -> tuple[str, str, Any] | None:
    """``FIELD op EXPR`` (or flipped) with EXPR not reading FIELD -> (field, op, expr)."""
    if not isinstance(c, ast.EBinary) or c.op not in FLIP and c.op not in ("!=", "in"):
        return None
    if isinstance(c.left, ast.EName) and c.left.name in names and c.left.name not in names_in(c.right):
        return c.left.name, c.op, c.right
    if c.op in FLIP and isinstance(c.right, ast.EName) and c.right.name in names and \
            c.right.name not in names_in(c.left):
        return c.right.name, FLIP[c.op], c.left
    return None


def field_bounds(c: Any, names: set[str]) -> list[tuple[str, str, Any]]:
    """Both readings of ``A op B`` as a bound on a field: ``(A, op, B)`` and ``(B, flipped op, A)``."""
    out = []
    hit = field_bound(c, names)
    if hit is not None:
        out.append(hit)
    if isinstance(c, ast.EBinary) and c.op in FLIP and isinstance(c.right, ast.EName) and \
            isinstance(c.left, ast.EName) and c.right.name in names and c.left.name in names:
        out.append((c.right.name, FLIP[c.op], c.left))
    return out


def reaches(deps: dict[str, set[str]], start: str, target: str) -> bool:
    """Whether field ``start`` (transitively) waits for ``target``."""
    seen, stack = set(), [start]
    while stack:
        n = stack.pop()
        if n == target:
            return True
        if n in seen:
            continue
        seen.add(n)
        stack += list(deps.get(n, ()))
    return False


def boundable(f: ast.Param) -> bool:
    return f.source is None and (isinstance(f.type, ast.EnumType) or
                                 isinstance(f.type, ast.PrimType) and f.type.name != "string")


def enum_with(t: ast.EnumType, bounds: list) -> Gen:
    values = t.values

    def pick(ctx):
        allowed = list(values)
        for op, fn in bounds:
            v = fn(ctx)
            if v is ABSENT:
                continue
            if op == "==":
                allowed = [x for x in allowed if x == v]
            elif op == "!=":
                allowed = [x for x in allowed if x != v]
            elif op == "in" and isinstance(v, list):
                allowed = [x for x in allowed if x in v]
            elif op in ("<", "<=", ">", ">="):
                allowed = [x for x in allowed if compare(op, x, v)]
        if not allowed:
            raise SimulationError("no enum value satisfies the constraints")
        return allowed[int(ctx.rng.random() * len(allowed))]
    return pick


def compare(op: str, a: Any, b: Any) -> bool:
    try:
        return {"<": a < b, "<=": a <= b, ">": a > b, ">=": a >= b}[op]
    except TypeError:
        return False


def names_in_field(f: ast.Param) -> set[str]:
    """Names a field's generator reads (its source, bounds, nested types), minus names its own nested
    fields declare."""
    out: set[str] = set()
    inner: set[str] = set()
    stack: list[Any] = [f.source, f.type]
    while stack:
        x = stack.pop()
        if x is None:
            continue
        if isinstance(x, ast.PrimType):
            stack += [x.lo_expr, x.hi_expr]
        elif isinstance(x, ast.ListType):
            stack += [x.item, x.count_lo_expr, x.count_hi_expr, x.where]
            if x.sort and x.sort.by_arg:
                out.add(x.sort.by_arg)
        elif isinstance(x, ast.ObjectType):
            inner |= {g.name for g in x.fields}
            stack.append(x.where)
            for g in x.fields:
                stack += [g.source, g.type]
        elif isinstance(x, (ast.FakerSource, ast.Literal_, ast.EnumType)):
            continue
        else:
            out |= names_in(x)
    return out - inner


def dependency_order(fields: tuple[ast.Param, ...], deps: dict[str, set[str]], compiler: Compiler, t: Any) -> list[ast.Param]:
    by_name = {f.name: f for f in fields}
    order: list[ast.Param] = []
    state: dict[str, int] = {}

    def visit(name: str, path: list[str]) -> None:
        s = state.get(name)
        if s == 2:
            return
        if s == 1:
            cycle = path[path.index(name):] + [name]
            compiler.err("E313", f"result fields depend on each other: {' -> '.join(cycle)}", by_name[name].span or t.span)
            return
        state[name] = 1
        for d in sorted(deps[name]):
            visit(d, path + [name])
        state[name] = 2
        order.append(by_name[name])

    for f in fields:
        visit(f.name, [])
    return order




def to_unit(v: Any, unit: tuple, ctx: Any) -> Any:
    arg, canonical, t = unit
    want = ctx.args.get(arg, ABSENT)
    if want is ABSENT or canonical is None or want == canonical or want not in UNITS:
        return v
    out = convert(None, v, canonical, want)
    return int(round(out)) if kind_of(t) == "int" else round(out, 1)


def from_unit(v: Any, canonical: str | None, given: Any, integer: bool) -> Any:
    """The inverse of the ``in ARG`` conversion, for checks: ``v`` in ``given`` units back in ``canonical``."""
    if given is ABSENT or canonical is None or given == canonical or given not in UNITS or not isinstance(v, (int, float)):
        return v
    out = convert(None, v, given, canonical)
    return int(round(out)) if integer else out




def random_value(t: Any, rng: random.Random, locale: str, today: _dt.date) -> Any:
    """A random value of a parameter type, with no constraints (used where a value is invented on purpose,
    e.g. a spurious call's arguments in an RM ``rejected`` answer)."""
    if isinstance(t, ast.EnumType):
        return t.values[int(rng.random() * len(t.values))]
    if isinstance(t, ast.ListType):
        return [random_value(t.item, rng, locale, today)]
    if isinstance(t, ast.ObjectType):
        return {f.name: random_value(f.type, rng, locale, today) for f in t.fields if not f.optional}
    name = t.name
    if name == "int":
        lo = int(t.lo) if t.lo is not None else 0
        hi = int(t.hi) if t.hi is not None else max(lo, 0) + 100
        return lo + int(rng.random() * (hi - lo + 1))
    if name == "float":
        lo = float(t.lo) if t.lo is not None else 0.0
        hi = float(t.hi) if t.hi is not None else lo + 100.0
        return round(lo + (hi - lo) * rng.random(), 1)
    if name == "bool":
        return rng.random() < 0.5
    if name == "date":
        return (today + _dt.timedelta(days=int(rng.random() * 14) - 7)).isoformat()
    if name == "datetime":
        return _dt.datetime.combine(today, _dt.time(int(rng.random() * 24), 0)).isoformat()
    pool = faker_pool(locale, "word", (), (), today)
    return pool[int(rng.random() * len(pool))]
