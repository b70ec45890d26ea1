"""Results stage, the pieces result shapes are made of (:mod:`compiler.simulate.shape`): draws from Faker pools
and ranges, coercion of a computed value to its field's type, ``sorted by`` orders, each as a closure of the
row's ``ResultContext`` and, where the generated function of a shape writes it inline, with its description
(:func:`compiler.exprgen.tag`)."""

from __future__ import annotations

import datetime as _dt
import math
from typing import Any, Callable

from toolc.dsl import ast

from ..builtins import ABSENT
from ..exprgen import tag
from ..exprs import EvalError, kind_of, text_of
from ..slots import faker_pool
from .constraints import SimulationError

Gen = Callable[[Any], Any]


def lazy_pool(locale: str, provider: str, args: tuple, kwargs: tuple, today: _dt.date, span: Any = None) -> Gen:
    """A generator picking from a Faker pool that is drawn on first use (checking a spec draws none); a pool
    that cannot be drawn raises ``PoolError`` with ``span`` (a spec error of the build)."""
    cache: list = []

    def pick(ctx):
        if not cache:
            cache.append(faker_pool(locale, provider, args, kwargs, today, span=span))
        pool = cache[0]
        return pool[int(ctx.rng.random() * len(pool))]
    return pick


def random_choice(fns: list[Callable]) -> Callable:
    if len(fns) == 1:
        return fns[0]
    n = len(fns)
    return lambda ctx: fns[int(ctx.rng.random() * n)](ctx)


def coerce(fn: Callable, t: Any) -> Callable:
    k = kind_of(t)
    if k == "int":
        def to_int(ctx):
            v = fn(ctx)
            return int(v) if isinstance(v, float) and v.is_integer() else v

        def write_int(w, r):
            v = w.value(fn)
            w.line(f"{r} = int({v}) if isinstance({v}, float) and {v}.is_integer() else {v}")
        return tag(to_int, "code", write_int)
    if k == "string":
        def to_str(ctx):
            v = fn(ctx)
            return v if type(v) is str or v is ABSENT or isinstance(v, str) else text_of(v)

        def write_str(w, r):
            v = w.value(fn)
            w.line(f"{r} = {v} if type({v}) is str or {v} is _A or isinstance({v}, str) else {w.obj(text_of)}({v})")
        return tag(to_str, "code", write_str)
    return fn


def no_value(name: str) -> None:
    raise SimulationError(f"result field `{name}` has no value for these arguments")


def draw_int(ctx: Any, lo: Any, hi: Any) -> int:
    """A whole number in ``lo..hi`` (bounds may be fractional) drawn with the row's generator."""
    lo_i = lo if type(lo) is int else ceil(lo)  # a whole bound is its own ceiling and floor
    hi_i = hi if type(hi) is int else floor(hi)
    if lo_i > hi_i:
        raise SimulationError(f"no whole number in {lo}..{hi}")
    return lo_i + int(ctx.rng.random() * (hi_i - lo_i + 1))


def draw_float(ctx: Any, lo: Any, hi: Any) -> float:
    """A number in ``lo..hi`` with one decimal, two where fewer than three one-decimal numbers fit (a rating
    of at least 4.7 is 4.8, not 4.76; a spread of 0.12..0.2 still has values to draw)."""
    if lo > hi:
        raise SimulationError(f"empty range {lo}..{hi}")
    v = round(lo + (hi - lo) * ctx.rng.random(), 1 if hi - lo >= 0.2 else 2)
    return min(max(v, lo), hi)  # rounding may step past a computed bound


def template_value_of(ctx: Any, v: Any) -> str:
    """:func:`_template_value` as a built-in is called (``fn(ctx, value)``), for a generated template."""
    return template_value(v)


def template_value(v: Any) -> str:
    if v is ABSENT:
        raise EvalError("a template in a result field uses an absent argument")
    return text_of(v)


def sorter(sort: ast.SortClause | None) -> Callable | None:
    if sort is None:
        return None
    if sort.by_arg is None:
        key = sort.keys[0][1]
        return lambda items, ctx: _sorted(items, key)
    table = {v: k for v, k in sort.keys}
    arg = sort.by_arg

    def by_arg(items, ctx):
        v = ctx.args.get(arg, ABSENT)
        key = table.get(v) if isinstance(v, str) else None
        return _sorted(items, key) if key is not None else items
    return by_arg


def _sorted(items: list, key: ast.SortKey) -> list:
    f = key.field
    present = [x for x in items if isinstance(x, dict) and x.get(f, ABSENT) is not ABSENT]
    absent = [x for x in items if not (isinstance(x, dict) and x.get(f, ABSENT) is not ABSENT)]
    return sorted(present, key=lambda x: x[f], reverse=key.desc) + absent


def ceil(x: Any) -> int:
    return int(math.ceil(x))


def floor(x: Any) -> int:
    return int(math.floor(x))


def day_after(d: str, delta: int) -> str:
    return (_dt.date.fromisoformat(d) + _dt.timedelta(days=delta)).isoformat()

