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
from ..exprgen import joined, tag
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
    __slots__ = ("args", "frames", "indexes", "item_index", "now", "rng", "today")

    def __init__(self, args: dict[str, Any], now: _dt.datetime, today: _dt.date) -> None:
        self.args, self.now, self.today = args, now, today
        #: per enclosing object, innermost last: its field values (the result's own dict where no field is
        #: converted from a unit) and its position in its list (``ABSENT`` outside a list)
        self.frames: list[dict[str, Any]] = []
        self.indexes: list[Any] = []
        self.item_index = None
        self.rng = None


#: What a value that was drawn at random (a slot, a Faker pool, an entry with several values) reads as in a
#: check: absent, so a bound, a condition or a recomputed source that needs it is not checked.
_IMPURE = ABSENT

#: ``check(ctx, value, path)``; ``path`` is where the value sits: ``"$"``, or ``(parent path, field name)``, or
#: ``(parent path, item index)``, made into text (:func:`_path`) only for a failure's message.
Check = Callable[[_Ctx, Any, Any], None]


def _path(path: Any) -> str:
    """The text of a check's path: ``$.forecast[2].temp_low``."""
    parts = []
    while type(path) is tuple:
        path, key = path
        parts.append(f".{key}" if type(key) is str else f"[{key}]")
    return path + "".join(reversed(parts))


class ResultCheck:
    """The compiled checks of one tool's ``returns`` shape (one instance per tool and locale).

    Calling it with ``(result, arguments, now)`` raises :class:`Failure` for the first problem found.
    """

    def __init__(self, tool: ir.ToolIR, prog: ir.Program, locale: str, today: _dt.date) -> None:
        self.tool, self.prog, self.locale, self.today = tool, prog, locale, today
        self.compiler = Compiler(Diagnostics(), keyed_pick=self._keyed_pick, faker_pick=lambda source: (lambda ctx: _IMPURE),
                                 join=True)
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

    def __call__(self, result: Any, arguments: dict[str, Any], now: _dt.datetime, *, defaults_applied: bool = False) -> None:
        """Checks ``result`` of a call with ``arguments`` (``defaults_applied``: they already hold every default,
        :func:`~compiler.simulate.shape.apply_defaults`).

        Raises:
            Failure: the first problem found.
        """
        ctx = _Ctx(arguments if defaults_applied else apply_defaults(self.tool, arguments, self.today, now), now, self.today)
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
                if isinstance(v, (bool, dict, list)) or v not in values:  # (a dict or list cannot be looked up)
                    raise Failure("result-schema", f"{_path(path)} = {v!r} is not one of the declared values")
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
                    raise Failure("result-schema", f"{_path(path)} = {v!r} is not a {name}")
            return typed
        dated = name in ("date", "datetime")
        if t.lo_expr is None and t.hi_expr is None and not dated:  # static bounds: compared as they are
            lo_c, hi_c = t.lo, t.hi

            def bounded(ctx, v, path):
                if not ok(v):
                    raise Failure("result-schema", f"{_path(path)} = {v!r} is not a {name}")
                if lo_c is not None and v < lo_c:
                    raise Failure("constraint", f"{_path(path)} = {v!r} is below its bound {lo_c!r}")
                if hi_c is not None and v > hi_c:
                    raise Failure("constraint", f"{_path(path)} = {v!r} is above its bound {hi_c!r}")
            return bounded

        def prim(ctx, v, path):
            if not ok(v):
                raise Failure("result-schema", f"{_path(path)} = {v!r} is not a {name}")
            if lo is not None:
                try:  # :func:`_value`, inline
                    b = lo(ctx)
                except BuiltinError:
                    b = ABSENT
                if b is not ABSENT and ((v[:10] < str(b)[:10]) if dated else (v < b)):
                    raise Failure("constraint", f"{_path(path)} = {v!r} is below its bound {b!r}")
            if hi is not None:
                try:
                    b = hi(ctx)
                except BuiltinError:
                    b = ABSENT
                if b is not ABSENT and ((v[:10] > str(b)[:10]) if dated else (v > b)):
                    raise Failure("constraint", f"{_path(path)} = {v!r} is above its bound {b!r}")
        prim.parts = (ok, name, lo, hi, dated)  # type: ignore[attr-defined]  # for _write_prim
        return prim

    def _object(self, t: ast.ObjectType, outer: Scope, depth: int, extra_where: Any, is_item: bool) -> Check:
        scope = Scope({}, outer)
        for f in t.fields:
            scope.names[f.name] = Binding(tag(lambda ctx, d=depth, n=f.name: ctx.frames[d].get(n, ABSENT), "frame",
                                              depth, f.name), f.type, "field")
        scope.names["index"] = Binding(tag(lambda ctx, d=depth: ctx.indexes[d], "index", depth), "int", "index")
        fields = []
        for f in t.fields:
            own = Scope({k: v for k, v in scope.names.items() if k != f.name}, outer)
            check = self._type(f.type, own, depth + 1, None, is_item=False)
            pure = self._pure_source(f, own)
            u = f.type.unit if isinstance(f.type, ast.PrimType) else None
            unit = (u, canonical_unit(self.tool, u), kind_of(f.type) == "int") if u else None
            fields.append((f.name, f.optional, check, pure, unit))
        conds = [(c, self._fn(c, scope)) for c in conjuncts(t.where) + conjuncts(extra_where)]
        declared = frozenset(f.name for f in t.fields)
        required = [f.name for f in t.fields if not f.optional]
        required_set = frozenset(required)
        units = [(name, unit) for name, _, _, _, unit in fields if unit is not None]
        checks = [(f.name, *_plain(f.type), check, pure, unit is not None)
                  for f, (_, _, check, pure, unit) in zip(t.fields, fields)]

        def obj(ctx, v, path):
            if not isinstance(v, dict):
                raise Failure("result-schema", f"{_path(path)} is not an object")
            keys = v.keys()
            if not keys <= declared:
                raise Failure("result-schema", f"{_path(path)} has undeclared fields {sorted(set(v) - declared)}")
            if not required_set <= keys:
                name = next(n for n in required if n not in v)
                raise Failure("result-schema", f"{_path(path)} lacks the field `{name}`")
            # the fields as the checks read them: the result's own values, or converted back from a unit
            frame = v
            if units:
                frame = dict(v)
                for name, (arg, canonical, integer) in units:
                    if name in v:
                        frame[name] = from_unit(v[name], canonical, ctx.args.get(arg, ABSENT), integer)
            frames, indexes = ctx.frames, ctx.indexes
            frames.append(frame)
            indexes.append(ctx.item_index if is_item else ABSENT)
            try:
                for name, plain, lo, hi, check, pure, converted in checks:
                    if name not in v:
                        continue
                    x = frame[name]
                    if plain is None or type(x) not in plain or (lo is not None and x < lo) or (hi is not None and x > hi):
                        check(ctx, x, (path, name))  # all but the plain values that pass (:func:`_plain`)
                    if pure is not None:
                        try:
                            want = pure(ctx)
                        except BuiltinError:
                            continue
                        if want is not ABSENT and not _same(want, x if converted else v[name]):
                            raise Failure("derivation", f"{_path((path, name))} = {v[name]!r}, but its source gives {want!r}")
                for c, fn in conds:
                    try:  # :func:`_value`, inline
                        holds = truth(fn(ctx))
                    except BuiltinError:
                        continue
                    if holds is False:
                        raise Failure("constraint", f"{_path(path)} violates `{show(c)}`")
            finally:
                frames.pop()
                indexes.pop()

        def head(v, path):  # obj's checks before the fields, for the generated function (each raises as obj)
            if not isinstance(v, dict):
                raise Failure("result-schema", f"{_path(path)} is not an object")
            if not v.keys() <= declared:
                raise Failure("result-schema", f"{_path(path)} has undeclared fields {sorted(set(v) - declared)}")
            name = next(n for n in required if n not in v)
            raise Failure("result-schema", f"{_path(path)} lacks the field `{name}`")

        def with_units(ctx, v):
            frame = dict(v)
            for name, (arg, canonical, integer) in units:
                if name in v:
                    frame[name] = from_unit(v[name], canonical, ctx.args.get(arg, ABSENT), integer)
            return frame

        def write(w, r):  # obj, unrolled: the same checks in the same order, each field's inline
            w.line(f"if not isinstance(v, dict) or not v.keys() <= {w.obj(declared)} or not {w.obj(required_set)} <= v.keys():")
            w.line(f" {w.obj(head)}(v, path)")
            frame = w.temp()
            w.line(f"{frame} = {w.obj(with_units)}(ctx, v)" if units else f"{frame} = v")
            w.line(f"ctx.frames.append({frame})")
            w.line(f"ctx.indexes.append({'ctx.item_index' if is_item else '_A'})")
            w.line("try:")
            w.indent += 1
            for name, plain, lo, hi, check, pure, converted in checks:
                k = w.obj(name)
                if name not in required_set:
                    w.line(f"if {k} in v:")
                    w.indent += 1
                x = w.temp()
                w.line(f"{x} = {frame}[{k}]")
                if plain is None and hasattr(check, "parts"):
                    _write_prim(w, check.parts, x, k)
                elif plain is None:
                    w.line(f"{w.obj(check)}(ctx, {x}, (path, {k}))")
                else:
                    test = f"type({x}) not in {w.obj(plain)}" + (f" or {x} < {w.obj(lo)}" if lo is not None else "") + \
                        (f" or {x} > {w.obj(hi)}" if hi is not None else "")
                    w.line(f"if {test}: {w.obj(check)}(ctx, {x}, (path, {k}))")
                if pure is not None:
                    want = _write_guarded(w, pure)
                    got = x if converted else w.temp()
                    if not converted:
                        w.line(f"{got} = v[{k}]")
                    same = f"{want} == {got} if type({want}) is str and type({got}) is str else {w.obj(_same)}({want}, {got})"
                    w.line(f"if {want} is not _A and not ({same}):")  # _same's first case inline
                    w.line(f" {w.obj(_derivation)}(path, {k}, v, {want})")
                if name not in required_set:
                    w.line("pass")
                    w.indent -= 1
            for c, fn in conds:
                holds = _write_guarded(w, fn)
                w.line(f"if {holds} is not _A and not {holds}: {w.obj(_violates)}(path, {w.obj(show(c))})")
            w.indent -= 1
            w.line("finally:")
            w.line(" ctx.frames.pop()")
            w.line(" ctx.indexes.pop()")
            w.line(f"{r} = None")
        return joined(tag(obj, "code", write), ("ctx", "v", "path"))

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
                raise Failure("result-schema", f"{_path(path)} is not a list")
            if lo is not None:
                a, b = lo(ctx), hi(ctx)
                if a is not ABSENT and b is not ABSENT and not (max(0, int(a)) <= len(v) <= int(b)):
                    raise Failure("count", f"{_path(path)} has {len(v)} items; the call asks for {a}..{b}")
            seen: list[set] = [set() for _ in unique]  # per `unique` field: each field differs on its own
            for i, x in enumerate(v):
                ctx.item_index = i
                item(ctx, x, (path, i))
                if unique and isinstance(x, dict):
                    for u, values in zip(unique, seen):
                        key = _hashable(x.get(u))
                        if key in values:
                            raise Failure("unique", f"{_path((path, i))} repeats {u}")
                        values.add(key)
            if sort is not None:
                _check_sorted(sort, v, ctx, path)
        return many


def _write_prim(w: Any, parts: tuple, x: str, k: str) -> None:
    """``prim(ctx, x, (path, k))`` of :meth:`ResultCheck._prim`, inline in an object's generated check: the type,
    then each computed bound (a bound that cannot be computed is not checked), with the same failures."""
    ok, name, lo, hi, dated = parts
    w.line(f"if not {w.obj(ok)}({x}): {w.obj(_not_a)}((path, {k}), {x}, {w.obj(name)})")
    for fn, below in ((lo, True), (hi, False)):
        if fn is None:
            continue
        b = _write_guarded(w, fn)
        op = "<" if below else ">"
        test = f"{x}[:10] {op} str({b})[:10]" if dated else f"{x} {op} {b}"
        w.line(f"if {b} is not _A and {test}: {w.obj(_out_of_bound)}((path, {k}), {x}, {b}, {below})")


def _write_guarded(w: Any, fn: Callable) -> str:
    """Writes ``fn``'s value into a new temporary of ``w``'s generated body, ``_A`` (absent: not checked) when a
    built-in fails on it, as :func:`_value` does for the closures; returns the temporary's name."""
    x = w.temp()
    w.line("try:")
    w.indent += 1
    w.line(f"{x} = {w.value(fn)}")
    w.indent -= 1
    w.line(f"except {w.obj(BuiltinError)}:")
    w.line(f" {x} = _A")
    return x


def _not_a(path: Any, v: Any, name: str) -> None:
    raise Failure("result-schema", f"{_path(path)} = {v!r} is not a {name}")


def _out_of_bound(path: Any, v: Any, b: Any, below: bool) -> None:
    raise Failure("constraint", f"{_path(path)} = {v!r} is {'below' if below else 'above'} its bound {b!r}")


def _derivation(path: Any, name: str, v: dict, want: Any) -> None:
    raise Failure("derivation", f"{_path((path, name))} = {v[name]!r}, but its source gives {want!r}")


def _violates(path: Any, text: str) -> None:
    raise Failure("constraint", f"{_path(path)} violates `{text}`")


def _plain(t: Any) -> tuple[frozenset | None, Any, Any]:
    """``(types, lo, hi)``: a value of one of ``types`` within the static bounds ``lo..hi`` (``None``: open) passes
    ``t``'s whole check, which a type test and two comparisons decide (a number or a string with static bounds or
    none); ``types`` is ``None`` where a check needs more. A value of another type is checked in full."""
    if isinstance(t, ast.PrimType) and t.lo_expr is None and t.hi_expr is None and t.name in _PLAIN and \
            (t.name in ("int", "float") or t.lo is t.hi is None):
        return _PLAIN[t.name], t.lo, t.hi
    return None, None, None


#: For :func:`_plain`: the types that pass each type test of :data:`_TYPE_OK` without a look at the value.
_PLAIN: dict[str, frozenset] = {"string": frozenset({str}), "int": frozenset({int}), "float": frozenset({int, float}),
                                "bool": frozenset({bool})}


def _value(fn: Callable, ctx: _Ctx) -> Any:
    """``fn(ctx)``, or absent (not checked) when it cannot be computed from the result: it reads a value that
    was drawn at random, or a built-in fails on it -- a result the generator made was computable."""
    try:
        return fn(ctx)
    except BuiltinError:
        return ABSENT


def _check_sorted(sort: ast.SortClause, v: list, ctx: _Ctx, path: Any) -> None:
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
        raise Failure("order", f"{_path(path)} is not sorted by {key.field}{' descending' if key.desc else ''}")


def _same(a: Any, b: Any) -> bool:
    if type(a) is str and type(b) is str:
        return a == b
    if isinstance(a, bool) or isinstance(b, bool):
        return a is b
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return abs(a - b) <= 1e-9 * max(1.0, abs(a), abs(b)) or round(a, 6) == round(b, 6)
    return a == b


def _hashable(v: Any) -> Any:
    return repr(v) if isinstance(v, (list, dict)) else v


def _text(v: Any) -> Any:
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
