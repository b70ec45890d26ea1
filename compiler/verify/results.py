"""Verification stage, execution: a tool result re-checked against its ``returns`` shape and its call
(input: tool, arguments, result; output: ``None`` or the first failure).

Independent of how the result was made (derived fields, a user simulator, a future generator), it checks
what the shape declares:

* the JSON types, enum members, required fields, no undeclared fields, static ranges and item counts;
* every bound computed from the call (``int(temp_low..40)``, ``(days)``, ``date(today - 30..today)``),
  every ``where`` condition, ``unique`` and ``sorted by`` clause;
* every field whose source is a *pure* expression (no slot draw, no random choice): ``result = calc(expression,
  precision)``, ``city = city``, ``path = "{directory}/{name}"`` are recomputed from the arguments and the
  result's other fields and must be equal.

Values of ``in ARG`` fields are converted back to the unit the range is written in before any check.
"""

from __future__ import annotations

import datetime as _dt
from typing import Any, Callable

from toolc.dsl import ast
from toolc.dsl.diagnostics import Diagnostics

from .. import ir
from ..builtins import ABSENT, BuiltinError
from ..exprs import Binding, Compiler, Scope, kind_of, names_in, show, text_of, truth
from ..scopes import result_scope
from ..simulate.constraints import conjuncts, from_unit
from ..simulate.shape import apply_defaults, canonical_unit


class Failure(Exception):
    """The first thing a result gets wrong: ``reason`` is a short category, ``detail`` one line."""

    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(detail)
        self.reason, self.detail = reason, detail


class _Ctx:
    __slots__ = ("args", "frames", "item_index", "now", "rng", "today")

    def __init__(self, args: dict[str, Any], now: _dt.datetime, today: _dt.date) -> None:
        self.args, self.now, self.today = args, now, today
        self.frames: list[dict[str, Any]] = []
        self.item_index = None
        self.rng = None


#: What a value that was drawn at random (a slot, a Faker pool, an entry with several values) reads as in a
#: check: absent, so a bound, a condition or a recomputed source that needs it is not checked.
_IMPURE = ABSENT

Check = Callable[[_Ctx, Any, str], None]


class ResultCheck:
    """The compiled checks of one tool's ``returns`` shape (one instance per tool and locale).

    Calling it with ``(result, arguments, now)`` raises :class:`Failure` for the first problem found.
    """

    def __init__(self, tool: ir.ToolIR, prog: ir.Program, locale: str, today: _dt.date) -> None:
        self.tool, self.prog, self.locale, self.today = tool, prog, locale, today
        self.compiler = Compiler(Diagnostics(), keyed_pick=self._keyed_pick, faker_pick=lambda source: (lambda ctx: _IMPURE))
        root = result_scope(tool, prog, locale, today, lambda slot: (lambda ctx: _IMPURE))
        self.root = root
        self.check = self._type(tool.node.returns, root, 0, None, is_item=False)

    def _keyed_pick(self, slot: Any, key: Callable, e: Any, scope: Scope) -> tuple[Callable, Any]:
        """``slot[key]``: the entry's value when it has one (a fact the check can recompute), else impure."""
        table: dict[str, list[Any]] = {}
        for entry in slot.node.source.entries:
            table[entry.surface] = [v.value if isinstance(v, ast.Literal_) else
                                    (self.today + _dt.timedelta(days=v.days)).isoformat()
                                    for v in (entry.value, *entry.more)]

        def pick(ctx):
            k = key(ctx)
            options = table.get("*") if k is ABSENT else table.get(text_of(k), table.get("*"))
            return options[0] if options is not None and len(options) == 1 else _IMPURE
        return pick, "any"

    def __call__(self, result: Any, arguments: dict[str, Any], now: _dt.datetime) -> None:
        ctx = _Ctx(apply_defaults(self.tool, arguments, self.today, now), now, self.today)
        try:
            self.check(ctx, result, "$")
        except BuiltinError as exc:
            raise Failure("constraint", f"a constraint cannot be evaluated: {exc}") from None

    # ------------------------------------------------------------------ compile

    def _fn(self, e: Any, scope: Scope) -> Callable:
        return self.compiler.compile(e, scope)[0]

    def _type(self, t: Any, scope: Scope, depth: int, where: Any, is_item: bool) -> Check:
        if isinstance(t, ast.ObjectType):
            return self._object(t, scope, depth, where, is_item)
        if isinstance(t, ast.ListType):
            return self._list(t, scope, depth)
        if isinstance(t, ast.EnumType):
            values = set(t.values)

            def enum(ctx, v, path):
                if isinstance(v, bool) or v not in values:
                    raise Failure("result-schema", f"{path} = {v!r} is not one of the declared values")
            return enum
        return self._prim(t, scope)

    def _prim(self, t: ast.PrimType, scope: Scope) -> Check:
        name = t.name
        lo = self._fn(t.lo_expr, scope) if t.lo_expr is not None else (lambda ctx: t.lo) if t.lo is not None else None
        hi = self._fn(t.hi_expr, scope) if t.hi_expr is not None else (lambda ctx: t.hi) if t.hi is not None else None
        ok = _TYPE_OK[name]
        if lo is None and hi is None:
            def typed(ctx, v, path):
                if not ok(v):
                    raise Failure("result-schema", f"{path} = {v!r} is not a {name}")
            return typed

        def prim(ctx, v, path):
            if not ok(v):
                raise Failure("result-schema", f"{path} = {v!r} is not a {name}")
            for bound, below in ((lo, True), (hi, False)):
                if bound is None:
                    continue
                b = _value(bound, ctx)
                if b is ABSENT:
                    continue
                vv, bb = (v[:10], str(b)[:10]) if name in ("date", "datetime") else (v, b)
                if (vv < bb) if below else (vv > bb):
                    raise Failure("constraint", f"{path} = {v!r} is {'below' if below else 'above'} its bound {b!r}")
        return prim

    def _object(self, t: ast.ObjectType, outer: Scope, depth: int, extra_where: Any, is_item: bool) -> Check:
        scope = Scope({}, outer)
        for f in t.fields:
            scope.names[f.name] = Binding(lambda ctx, d=depth, n=f.name: ctx.frames[d].get(n, ABSENT), f.type, "field")
        scope.names["index"] = Binding(lambda ctx, d=depth: ctx.frames[d].get("#index", ABSENT), "int", "index")
        fields = []
        for f in t.fields:
            own = Scope({k: v for k, v in scope.names.items() if k != f.name}, outer)
            check = self._type(f.type, own, depth + 1, None, is_item=False)
            pure = self._pure_source(f, own)
            u = f.type.unit if isinstance(f.type, ast.PrimType) else None
            unit = (u, canonical_unit(self.tool, u), kind_of(f.type) == "int") if u else None
            fields.append((f.name, f.optional, check, pure, unit))
        conds = [(c, self._fn(c, scope)) for c in conjuncts(t.where) + conjuncts(extra_where)]
        declared = {f.name for f in t.fields}

        def obj(ctx, v, path):
            if not isinstance(v, dict):
                raise Failure("result-schema", f"{path} is not an object")
            extra = set(v) - declared
            if extra:
                raise Failure("result-schema", f"{path} has undeclared fields {sorted(extra)}")
            frame: dict[str, Any] = {}
            if is_item:
                frame["#index"] = ctx.item_index
            for name, optional, check, pure, unit in fields:
                if name not in v:
                    if not optional:
                        raise Failure("result-schema", f"{path} lacks the field `{name}`")
                    continue
                x = v[name]
                frame[name] = from_unit(x, unit[1], ctx.args.get(unit[0], ABSENT), unit[2]) if unit else x
            ctx.frames.append(frame)
            try:
                for name, optional, check, pure, unit in fields:
                    if name not in v:
                        continue
                    check(ctx, frame[name], f"{path}.{name}")
                    if pure is not None:
                        want = _value(pure, ctx)
                        if want is not ABSENT and want is not _IMPURE and not _same(want, v[name] if not unit else frame[name]):
                            raise Failure("derivation", f"{path}.{name} = {v[name]!r}, but its source gives {want!r}")
                for c, fn in conds:
                    if truth(_value(fn, ctx)) is False:
                        raise Failure("constraint", f"{path} violates `{show(c)}`")
            finally:
                ctx.frames.pop()
        return obj

    def _pure_source(self, f: ast.Param, scope: Scope) -> Callable | None:
        src = f.source
        if src is None or isinstance(src, ast.FakerSource):
            return None
        if isinstance(src, ast.Literal_):
            value = src.value
            return lambda ctx: value
        if isinstance(src, ast.Template):
            parts = []
            for p in src.parts:
                if p.kind == "text":
                    parts.append(lambda ctx, s=p.text: s)
                elif p.kind in ("slotref", "resultref", "expr"):
                    from ..simulate.constraints import as_expr

                    e = p.expr if p.kind == "expr" else as_expr(p)
                    if not self._is_pure(e, scope):
                        return None
                    fn = self._fn(e, scope)
                    parts.append(lambda ctx, fn=fn: _text(fn(ctx)))
                else:
                    return None
            return lambda ctx: _join(ctx, parts)
        if not self._is_pure(src, scope):
            return None
        return self._fn(src, scope)

    def _is_pure(self, e: Any, scope: Scope) -> bool:
        for n in names_in(e):
            b = scope.lookup(n)
            if b is None or b.kind == "slot":
                return False
        stack = [e]
        while stack:
            x = stack.pop()
            k = getattr(x, "kind", None)
            if k == "case":
                return False
            for attr in ("obj", "key", "left", "right", "operand"):
                if hasattr(x, attr):
                    stack.append(getattr(x, attr))
            stack += list(getattr(x, "args", ()) or ()) + list(getattr(x, "items", ()) or ())
        return True

    def _list(self, t: ast.ListType, scope: Scope, depth: int) -> Check:
        lo = self._fn(t.count_lo_expr, scope) if t.count_lo_expr is not None else \
            (lambda ctx: t.count_lo) if t.count_lo is not None else None
        hi = self._fn(t.count_hi_expr, scope) if t.count_hi_expr is not None else \
            (lambda ctx: t.count_hi) if t.count_hi is not None else None
        if hi is None:
            hi = lo
        if lo is None:
            lo = hi
        item_t = t.item
        item = self._object(item_t, scope, depth, t.where, True) if isinstance(item_t, ast.ObjectType) else \
            self._type(item_t, scope, depth, None, False)
        unique, sort = t.unique, t.sort

        def many(ctx, v, path):
            if not isinstance(v, list):
                raise Failure("result-schema", f"{path} is not a list")
            if lo is not None:
                a, b = lo(ctx), hi(ctx)
                if a is not ABSENT and b is not ABSENT and not (max(0, int(a)) <= len(v) <= int(b)):
                    raise Failure("count", f"{path} has {len(v)} items; the call asks for {a}..{b}")
            seen: set = set()
            for i, x in enumerate(v):
                ctx.item_index = i
                item(ctx, x, f"{path}[{i}]")
                if unique and isinstance(x, dict):
                    key = tuple(_hashable(x.get(u)) for u in unique)
                    if key in seen:
                        raise Failure("unique", f"{path}[{i}] repeats {', '.join(unique)}")
                    seen.add(key)
            if sort is not None:
                _check_sorted(sort, v, ctx, path)
        return many


def _value(fn: Callable, ctx: _Ctx) -> Any:
    """``fn(ctx)``, or absent (not checked) when it cannot be computed from the result: it reads a value that
    was drawn at random, or a built-in fails on it -- a result the generator made was computable."""
    try:
        return fn(ctx)
    except BuiltinError:
        return ABSENT


def _check_sorted(sort: ast.SortClause, v: list, ctx: _Ctx, path: str) -> None:
    if sort.by_arg is None:
        key = sort.keys[0][1]
    else:
        arg = ctx.args.get(sort.by_arg, ABSENT)
        key = dict(sort.keys).get(arg) if isinstance(arg, str) else None
        if key is None:
            return
    values = [x.get(key.field) for x in v if isinstance(x, dict) and key.field in x]
    want = sorted(values, reverse=key.desc)
    if values != want:
        raise Failure("order", f"{path} is not sorted by {key.field}{' descending' if key.desc else ''}")


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, bool) or isinstance(b, bool):
        return a is b
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return abs(a - b) <= 1e-9 * max(1.0, abs(a), abs(b)) or round(a, 6) == round(b, 6)
    return a == b


def _hashable(v: Any) -> Any:
    return repr(v) if isinstance(v, (list, dict)) else v


def _text(v: Any) -> Any:
    from ..exprs import text_of

    return v if v is ABSENT or v is _IMPURE else text_of(v)


def _join(ctx: _Ctx, parts: list) -> Any:
    out = []
    for p in parts:
        x = p(ctx)
        if x is ABSENT or x is _IMPURE:
            return x
        out.append(x)
    return "".join(out)


def _is_date(v: Any) -> bool:
    if not isinstance(v, str) or len(v) != 10:
        return False
    try:
        _dt.date.fromisoformat(v)
        return True
    except ValueError:
        return False


def _is_datetime(v: Any) -> bool:
    if not isinstance(v, str) or len(v) < 16 or v[10:11] != "T":
        return False
    try:
        _dt.datetime.fromisoformat(v)
        return True
    except ValueError:
        return False


_TYPE_OK: dict[str, Callable[[Any], bool]] = {
    "string": lambda v: isinstance(v, str),
    "int": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "float": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
    "bool": lambda v: isinstance(v, bool),
    "date": _is_date,
    "datetime": _is_datetime,
}
