"""Results stage: a tool's ``returns`` shape compiled into a result generator (input: ToolIR + locale; output:
``ResultShape``, called with one call's arguments).

A result follows from its call (docs/language.md, "Results that follow from calls"):

* a field takes its value from a source (``= faker.x``, ``= "literal"``, ``= "template {directory}/{name}"``,
  ``= EXPR`` over the call's arguments, sibling fields, ``index`` and slots, ``= slot[key]``,
  ``= case {...}``) or from its type (enums pick a member, ranges a number, dates a day in the 30 days before
  the reference date);
* ranges, item counts and date bounds may be expressions (``int(temp_low..40)``, ``(days)``, ``(1..limit)``);
* ``in ARG`` generates a number in the unit parameter's default unit and gives it in the unit the call asked
  for (expressions see default-unit values);
* ``where COND`` on an object or a list (every item) narrows ranges and enums where it can (``rating >=
  filters.min_rating`` raises ``rating``'s lower bound) and otherwise draws again (at most
  :data:`MAX_TRIES` times); ``unique FIELD`` and ``sorted by`` hold for every list.

Fields are generated in dependency order and written in declaration order. Everything random comes from
the row's ``random.Random``; the only other inputs are the arguments, the reference date and the row's
reference instant, so results are deterministic. A result that cannot be made (a constraint that no value
satisfies for these arguments, a built-in that fails) raises :class:`SimulationError`; the build drops the
row and counts it (verification stage ``execution``).
"""

from __future__ import annotations

import datetime as _dt
import random
from dataclasses import dataclass, field
from typing import Any, Callable

from toolc.dsl import ast
from toolc.dsl.diagnostics import Diagnostics

from .. import ir
from ..builtins import ABSENT, BuiltinError
from ..exprgen import joined, tag
from ..exprs import Binding, Compiler, Scope, is_numeric, kind_of, names_in, show, truth
from ..scopes import keyed_pick, result_scope
from .values import (
    ceil, coerce, day_after, draw_float, draw_int, floor, lazy_pool, no_value, random_choice, sorter, template_value,
    template_value_of,
)
from .constraints import (
    SimulationError, as_expr, boundable, conjuncts, dependency_order, enum_with, field_bounds, names_in_field, reaches,
    to_unit,
)

#: Draws of an object (or list item) before a ``where``/``unique`` constraint is given up for this row.
MAX_TRIES = 40
#: Default item count of a result list without ``(LO..HI)``.
DEFAULT_COUNT = (1, 3)
#: Days before the reference date that a ``date`` result field without a range may fall in.
DEFAULT_DATE_DAYS = 30


@dataclass
class ResultContext:
    """What a result generator reads at run time.

    Attributes:
        args: the call's arguments with the tool's defaults applied (``date = today`` -> the reference date).
        rng: the row's random generator.
        now: the row's reference instant (aware, UTC); ``today`` its date in the user's time zone.
        frames: ``frames[0]`` holds what is computed once per call, then one dict of generated (default-unit) field
            values per enclosing object, innermost last (``frames[d + 1]`` for an object nested ``d`` deep); each
            also keeps the values computed once for it (``Compiler(level=...)``).
    """

    args: dict[str, Any]
    rng: random.Random
    now: _dt.datetime
    today: _dt.date
    frames: list[dict[str, Any]] = field(default_factory=list)
    #: position of the list item being generated (read by the item object as ``index``)
    item_index: int | None = None


def apply_defaults(tool: ir.ToolIR, arguments: dict[str, Any], today: _dt.date, now: _dt.datetime) -> dict[str, Any]:
    """The arguments a tool acts on: the given ones plus every top-level default (``today``/``now`` resolved)."""
    out = dict(arguments)
    for name, keyword, value in _defaults(tool):
        if name in out:
            continue
        if keyword is None:
            out[name] = value
        else:
            out[name] = today.isoformat() if keyword == "today" else now.replace(tzinfo=None, second=0).isoformat()
    return out


#: id(tool) -> (tool, its defaults as (parameter, keyword name or None, literal value)); the entry keeps the
#: (build-lifetime) tool alive so that its id is not reused for another tool
_DEFAULTS: dict[int, tuple[Any, tuple[tuple[str, str | None, Any], ...]]] = {}


def _defaults(tool: ir.ToolIR) -> tuple[tuple[str, str | None, Any], ...]:
    """The top-level parameters of ``tool`` that declare a default, read once per tool (expansion and
    verification apply them to every call)."""
    hit = _DEFAULTS.get(id(tool))
    if hit is None or hit[0] is not tool:
        if len(_DEFAULTS) > 4096:
            _DEFAULTS.clear()
        table = tuple((p.name, p.default.name, None) if isinstance(p.default, ast.Keyword) else
                      (p.name, None, p.default.value) for p in tool.node.params if p.default is not None)
        hit = _DEFAULTS[id(tool)] = (tool, table)
    return hit[1]


def canonical_unit(tool: ir.ToolIR, arg: str) -> str | None:
    """The unit a ``in ARG`` field's range is written in: the parameter's default, else its first enum value."""
    p = tool.params.get(arg)
    if p is None:
        return None
    if isinstance(p.default, ast.Literal_) and isinstance(p.default.value, str):
        return p.default.value
    if isinstance(p.type, ast.EnumType) and p.type.values:
        return str(p.type.values[0])
    return None


Gen = Callable[[ResultContext], Any]


class ResultShape:
    """The compiled ``returns`` shape of one tool for one locale.

    Args:
        tool: the checked tool (``tool.node.returns`` must not be ``None``).
        prog: the program (slots a field names are resolved in it, in ``locale``).
        locale: the conversation's Faker locale (Faker sources and localized slots use it).
        today: the build's reference date (Faker pools see it as "now").
        diags: where check-time errors go (lowering passes its collector; expansion passes a scratch one).

    Calling it with ``(arguments, rng, now)`` returns the result (a JSON value).
    """

    def __init__(self, tool: ir.ToolIR, prog: ir.Program, locale: str, today: _dt.date,
                 diags: Diagnostics | None = None) -> None:
        self.tool, self.prog, self.locale, self.today = tool, prog, locale, today
        self.diags = diags if diags is not None else Diagnostics()
        self.compiler = Compiler(self.diags, keyed_pick=self._keyed_pick, random_choice=random_choice,
                                 faker_pick=self._faker_pick, level=_level, join=diags is None)
        self.root = self._root_scope()
        self.gen = self._join(self._type(tool.node.returns, None, self.root, depth=0, span=tool.node.span))

    @property
    def ok(self) -> bool:
        return self.compiler.ok

    def __call__(self, arguments: dict[str, Any], rng: random.Random, now: _dt.datetime) -> Any:
        return self.run(ResultContext(apply_defaults(self.tool, arguments, self.today, now), rng, now, self.today))

    def run(self, ctx: ResultContext) -> Any:
        """The result for the call in ``ctx`` (its arguments with defaults applied); ``ctx.frames`` is reset.

        Raises:
            SimulationError: no result can be made for these arguments.
        """
        ctx.frames = [{}]
        try:
            return self.gen(ctx)
        except SimulationError:
            raise
        except BuiltinError as exc:  # EvalError and built-in failures
            raise SimulationError(str(exc)) from None

    # ------------------------------------------------------------------ scopes

    def _root_scope(self) -> Scope:
        return result_scope(self.tool, self.prog, self.locale, self.today, self._fresh_draw)

    def _fresh_draw(self, slot: ir.SlotIR) -> Callable[[ResultContext], Any]:
        """A getter drawing a new value of ``slot`` each time (its Faker pool is built on first use)."""
        today = self.today
        state: list = []  # [the values of a finite pool (or None), the sampler], made on first use

        def draw(ctx):
            if not state:
                sampler = slot.sampler.at_date(today)
                state[:] = [[d.value for d in sampler.finite] if sampler.finite else None, sampler]
            values = state[0]
            if values is not None:
                return values[int(ctx.rng.random() * len(values))]
            return state[1].value_one(ctx.rng, today)
        return draw

    def _faker_pick(self, source: ast.FakerSource) -> Callable:
        return lazy_pool(self.locale, source.provider, tuple(a.value for a in source.args),
                          tuple((k, v.value) for k, v in source.kwargs), self.today, source.span)

    def _keyed_pick(self, slot: ir.SlotIR, key: Callable, e: ast.EItem, scope: Scope):
        return keyed_pick(slot, key, self.today)

    # ------------------------------------------------------------------ types

    def _type(self, t: Any, source: Any, scope: Scope, depth: int, span: Any, param: ast.Param | None = None) -> Gen:
        """A generator for a value of type ``t`` (with ``source`` when the field declares one)."""
        if source is not None:
            return self._source(t, source, scope, span)
        if isinstance(t, ast.ObjectType):
            return self._object(t, scope, depth, extra_where=None, is_item=False)
        if isinstance(t, ast.ListType):
            return self._list(t, scope, depth, span)
        if isinstance(t, ast.EnumType):
            values = t.values
            n = len(values)
            return tag(lambda ctx: values[int(ctx.rng.random() * n)], "code",
                       lambda w, r: w.line(f"{r} = {w.obj(values)}[int(ctx.rng.random() * {n})]"))
        return self._prim(t, scope, (), span)

    def _source(self, t: Any, source: Any, scope: Scope, span: Any) -> Gen:
        if isinstance(source, ast.Literal_):
            value = source.value
            return lambda ctx: value
        if isinstance(source, ast.FakerSource):
            return lazy_pool(self.locale, source.provider, tuple(a.value for a in source.args),
                              tuple((k, v.value) for k, v in source.kwargs), self.today, source.span)
        if isinstance(source, ast.Template):
            return self._template(source, scope)
        fn, st = self.compiler.compile(source, scope)
        return self._join(coerce(fn, t))

    def _join(self, fn: Callable) -> Callable:
        """``fn`` as one generated function when this shape's expressions are (:func:`compiler.exprgen.joined`)."""
        return joined(fn) if self.compiler.join and self.compiler.ok else fn

    def _template(self, tpl: ast.Template, scope: Scope) -> Gen:
        parts: list[Gen] = []
        for p in tpl.parts:
            if p.kind == "text":
                text = p.text
                parts.append(tag(lambda ctx, text=text: text, "const", text))
            elif p.kind in ("slotref", "resultref", "expr"):
                e = p.expr if p.kind == "expr" else as_expr(p)
                fn, _ = self.compiler.compile(e, scope)
                parts.append(tag(lambda ctx, fn=fn: template_value(fn(ctx)), "call", template_value_of, [fn]))
            else:
                self.compiler.err("E002", "`[...]` and `(a|b)` are for conversation templates, not result fields",
                                  p.span or tpl.span)
        def write(w, r):  # the parts in order, each part's value (or error) as in the closure
            values = [w.value(g) for g in parts]
            w.line(f"{r} = ''.join([{', '.join(values)}])")
        return self._join(tag(lambda ctx: "".join([g(ctx) for g in parts]), "code", write))

    def _prim(self, t: ast.PrimType, scope: Scope, bounds: tuple, span: Any) -> Gen:
        """Numbers, dates, booleans and strings; ``bounds`` are extra ``(op, fn)`` limits from ``where``."""
        name = t.name
        numeric = name in ("int", "float")
        lo_fn = self._bound(t.lo, t.lo_expr, scope, numeric)
        hi_fn = self._bound(t.hi, t.hi_expr, scope, numeric)
        extra = [(op, fn) for op, fn in bounds]
        if name == "bool":
            fixed = [fn for op, fn in extra if op == "=="]
            if fixed:
                f = fixed[0]
                return lambda ctx: bool(f(ctx))
            return lambda ctx: ctx.rng.random() < 0.5
        if name in ("int", "float"):
            default_lo, default_hi = (0, 100) if name == "int" else (0.0, 100.0)
            is_int = name == "int"

            def limits(ctx):
                lo = lo_fn(ctx) if lo_fn else ABSENT
                hi = hi_fn(ctx) if hi_fn else ABSENT
                for op, fn in extra:
                    v = fn(ctx)
                    if v is ABSENT:
                        continue
                    if op in (">=", ">", "=="):
                        v2 = v + 1 if op == ">" and is_int else v
                        lo = v2 if lo is ABSENT else max(lo, v2)
                    if op in ("<=", "<", "=="):
                        v2 = v - 1 if op == "<" and is_int else v
                        hi = v2 if hi is ABSENT else min(hi, v2)
                if lo is ABSENT:
                    lo = default_lo if hi is ABSENT else min(default_lo, hi)
                if hi is ABSENT:
                    hi = max(lo, default_hi) if lo_fn or extra else default_hi
                return lo, hi

            if not extra and t.lo_expr is None and t.hi_expr is None:  # a range written as numbers: fixed here
                lo, hi = limits(None)
                if is_int and ceil(lo) <= floor(hi):
                    lo_i, width = ceil(lo), floor(hi) - ceil(lo) + 1
                    return tag(lambda ctx: lo_i + int(ctx.rng.random() * width), "code",
                               lambda w, r: w.line(f"{r} = {w.obj(lo_i)} + int(ctx.rng.random() * {w.obj(width)})"))
                if not is_int and lo <= hi:
                    digits = 1 if hi - lo >= 1 else 2
                    return lambda ctx: min(max(round(lo + (hi - lo) * ctx.rng.random(), digits), lo), hi)

            draw = draw_int if is_int else draw_float

            def number(ctx):
                lo, hi = limits(ctx)
                return draw(ctx, lo, hi)

            def write(w, r):  # `limits` and the draw, inline: the bounds in the same order, the same values
                lo, hi = w.temp(), w.temp()
                w.line(f"{lo} = {w.value(lo_fn)}" if lo_fn else f"{lo} = _A")
                w.line(f"{hi} = {w.value(hi_fn)}" if hi_fn else f"{hi} = _A")
                for op, fn in extra:
                    v = w.value(fn)
                    w.line(f"if {v} is not _A:")
                    if op in (">=", ">", "=="):
                        v2 = f"({v} + 1)" if op == ">" and is_int else v
                        w.line(f" {lo} = {v2} if {lo} is _A else max({lo}, {v2})")
                    if op in ("<=", "<", "=="):
                        v2 = f"({v} - 1)" if op == "<" and is_int else v
                        w.line(f" {hi} = {v2} if {hi} is _A else min({hi}, {v2})")
                    w.line(" pass")
                d_lo, d_hi = w.obj(default_lo), w.obj(default_hi)
                w.line(f"if {lo} is _A: {lo} = {d_lo} if {hi} is _A else min({d_lo}, {hi})")
                w.line(f"if {hi} is _A: {hi} = max({lo}, {d_hi})" if lo_fn or extra else f"if {hi} is _A: {hi} = {d_hi}")
                w.line(f"{r} = {w.obj(draw)}(ctx, {lo}, {hi})")
            return self._join(tag(number, "code", write))
        if name in ("date", "datetime"):
            today = self.today

            def when(ctx):
                lo = lo_fn(ctx) if lo_fn else (today - _dt.timedelta(days=DEFAULT_DATE_DAYS)).isoformat()
                hi = hi_fn(ctx) if hi_fn else today.isoformat()
                for op, fn in extra:
                    v = fn(ctx)
                    if v is ABSENT:
                        continue
                    v = str(v)[:10]
                    if op in (">=", ">", "=="):
                        lo = max(str(lo)[:10], v if op != ">" else day_after(v, 1))
                    if op in ("<=", "<", "=="):
                        hi = min(str(hi)[:10], v if op != "<" else day_after(v, -1))
                if lo is ABSENT or hi is ABSENT:
                    raise SimulationError("a date bound is absent")
                a, b = _dt.date.fromisoformat(str(lo)[:10]), _dt.date.fromisoformat(str(hi)[:10])
                if a > b:
                    raise SimulationError(f"empty date range {a}..{b}")
                d = a + _dt.timedelta(days=int(ctx.rng.random() * ((b - a).days + 1)))
                if name == "date":
                    return d.isoformat()
                minute = int(ctx.rng.random() * 96) * 15
                return _dt.datetime.combine(d, _dt.time(minute // 60, minute % 60)).isoformat()
            return when
        return lazy_pool(self.locale, "word", (), (), self.today)

    def _bound(self, static: Any, expr: Any, scope: Scope, numeric: bool = True) -> Callable | None:
        """A range or item-count bound: ``static`` as written, or ``expr`` compiled; a ``numeric`` bound whose
        static type is not a number (a text parameter, a map slot with a text entry) is an error (E319)."""
        if expr is not None:
            before = len(self.diags.errors)
            fn, bt = self.compiler.compile(expr, scope)
            if numeric and not is_numeric(bt) and len(self.diags.errors) == before:
                self.compiler.err("E319", f"`{show(expr)}` is {kind_of(bt)}, not a number, but it bounds a number",
                                  expr.span, hint="a map slot read here needs a number in every entry"
                                  if isinstance(expr, ast.EItem) else None)
            return fn
        if static is not None:
            return tag(lambda ctx: static, "const", static)
        return None

    # ------------------------------------------------------------------ objects and lists

    def _object(self, t: ast.ObjectType, outer: Scope, depth: int, extra_where: Any, is_item: bool) -> Gen:
        fields = t.fields
        where = conjuncts(t.where) + conjuncts(extra_where)
        level = depth + 1  # this object's fields live in ctx.frames[level]
        scope = Scope({}, outer, level=level)
        for f in fields:
            scope.names[f.name] = Binding(tag(lambda ctx, d=level, n=f.name: ctx.frames[d].get(n, ABSENT), "frame",
                                              level, f.name), f.type, "field", level=level)
        scope.names["index"] = Binding(tag(lambda ctx, d=level: ctx.frames[d].get("#index", ABSENT), "frame", level,
                                           "#index"), "int", "index", level=level)
        names = {f.name for f in fields}
        # where-conjuncts that bound one field become part of its generator
        bounds: dict[str, list[tuple[str, Any]]] = {}
        deps: dict[str, set[str]] = {}
        for f in fields:
            deps[f.name] = (names_in_field(f) & names) - {f.name}
        by_name = {f.name: f for f in fields}
        for c in where:  # a bound that would make two fields wait for each other stays a plain check
            for fname, op, other in field_bounds(c, names):
                new = (names_in(other) & names) - {fname}
                if boundable(by_name[fname]) and not any(reaches(deps, n, fname) for n in new):
                    bounds.setdefault(fname, []).append((op, other))
                    deps[fname] |= new
                    break
        order = dependency_order(fields, deps, self.compiler, t)
        gens: dict[str, Gen] = {}
        for f in fields:
            own = Scope({k: v for k, v in scope.names.items() if k != f.name}, outer, level=level)  # `city = city`: the argument
            fb = [(op, self.compiler.compile(o, own)[0]) for op, o in bounds.get(f.name, ())]
            gens[f.name] = self._field(f, own, depth + 1, fb)
        conds = [self.compiler.compile(c, scope)[0] for c in where]
        units = {f.name: (f.type.unit, canonical_unit(self.tool, f.type.unit), f.type) for f in fields
                 if isinstance(f.type, ast.PrimType) and f.type.unit}
        ordered = tuple((f.name, gens[f.name]) for f in order)
        # (name, required, unit conversion or None) in declaration order: the order the result is written in
        outputs = tuple((f.name, not f.optional, units.get(f.name)) for f in fields)
        plain = None if units else tuple(f.name for f in fields)  # no unit to convert: copied as they are

        def holds(ctx) -> bool:
            for c in conds:
                if truth(c(ctx)) is False:
                    return False
            return True

        def obj(ctx):
            index = ctx.item_index if is_item else None
            frame: dict[Any, Any] = {} if index is None else {"#index": index}
            frames = ctx.frames
            frames.append(frame)
            try:
                for name, gen in ordered:
                    frame[name] = gen(ctx)
                if conds:
                    tries = 1
                    while not holds(ctx):
                        if tries == MAX_TRIES:
                            raise SimulationError("no values satisfy " + " and ".join(show(c) for c in where))
                        tries += 1
                        frame.clear()
                        if index is not None:
                            frame["#index"] = index
                        for name, gen in ordered:
                            frame[name] = gen(ctx)
                if plain is not None:
                    out = {name: frame[name] for name in plain}
                    if ABSENT not in out.values():
                        return out
                out = {}
                for name, required, unit in outputs:
                    v = frame[name]
                    if v is ABSENT:
                        if required:
                            no_value(name)
                        continue
                    if unit is not None:
                        v = to_unit(v, unit, ctx)
                    out[name] = v
                return out
            finally:
                frames.pop()
        give_up = "no values satisfy " + " and ".join(show(c) for c in where)

        def write(w, r):  # obj, unrolled: each field's generator inline, in dependency order
            frame, index = w.temp(), w.temp()
            if is_item:
                w.line(f"{index} = ctx.item_index")
                w.line(f"{frame} = {{}} if {index} is None else {{{w.obj('#index')}: {index}}}")
            else:
                w.line(f"{frame} = {{}}")
            w.line(f"ctx.frames.append({frame})")
            w.line("try:")
            w.indent += 1
            if conds:  # drawn again until every condition holds (at most MAX_TRIES times), as in obj
                tries, held = w.temp(), w.temp()
                w.line(f"{tries} = 1")
                w.line("while True:")
                w.indent += 1
            values = {}
            for name, gen in ordered:
                values[name] = w.value(gen)
                w.line(f"{frame}[{w.obj(name)}] = {values[name]}")
            if conds:
                w.line(f"{held} = True")
                for c in conds:  # `holds`: the first condition whose truth is False stops it
                    w.line(f"if {held}:")
                    w.indent += 1
                    v = w.value(c)
                    w.line(f"if {v} is not _A and not {v}: {held} = False")
                    w.indent -= 1
                w.line(f"if {held}: break")
                w.line(f"if {tries} == {MAX_TRIES}: raise {w.obj(SimulationError)}({w.obj(give_up)})")
                w.line(f"{tries} += 1")
                w.line(f"{frame}.clear()")
                if is_item:
                    w.line(f"if {index} is not None: {frame}[{w.obj('#index')}] = {index}")
                w.indent -= 1
            if plain is not None:  # as obj: every value there, else the loop over the outputs
                w.line(f"{r} = {{{', '.join(f'{w.obj(n)}: {values[n]}' for n in plain)}}}")
                w.line(f"if {' or '.join(f'{values[n]} is _A' for n in plain) or 'False'}:")
                w.indent += 1
            w.line(f"{r} = {{}}")
            for name, required, unit in outputs:
                v, k = values[name], w.obj(name)
                value = f"{w.obj(to_unit)}({v}, {w.obj(unit)}, ctx)" if unit is not None else v
                if required:
                    w.line(f"if {v} is _A: {w.obj(no_value)}({k})")
                    w.line(f"{r}[{k}] = {value}")
                else:
                    w.line(f"if {v} is not _A: {r}[{k}] = {value}")
            w.indent -= 1 if plain is None else 2
            w.line("finally:")
            w.line(" ctx.frames.pop()")
        return tag(obj, "code", write)

    def _field(self, f: ast.Param, scope: Scope, depth: int, bounds: list) -> Gen:
        t = f.type
        if f.source is None and bounds:
            if isinstance(t, ast.PrimType):
                return self._prim(t, scope, tuple(bounds), f.span)
            if isinstance(t, ast.EnumType):
                return enum_with(t, bounds)
        if isinstance(t, ast.ObjectType) and f.source is None:
            return self._object(t, scope, depth, None, is_item=False)
        return self._type(t, f.source, scope, depth, f.span, f)

    def _list(self, t: ast.ListType, scope: Scope, depth: int, span: Any) -> Gen:
        lo_fn = self._bound(t.count_lo, t.count_lo_expr, scope)
        hi_fn = self._bound(t.count_hi, t.count_hi_expr, scope)
        if lo_fn is None and hi_fn is None:
            lo_fn, hi_fn = (lambda ctx: DEFAULT_COUNT[0]), (lambda ctx: DEFAULT_COUNT[1])
        elif hi_fn is None:
            hi_fn = lo_fn
        elif lo_fn is None:
            lo_fn = hi_fn
        item_t = t.item
        if isinstance(item_t, ast.ObjectType):
            item = self._join(self._object(item_t, scope, depth, t.where, is_item=True))
        else:
            item = self._type(item_t, None, scope, depth, span)
        unique = t.unique
        sort = sorter(t.sort)

        def count(ctx) -> int:
            lo, hi = lo_fn(ctx), hi_fn(ctx)
            if lo is ABSENT or hi is ABSENT:
                raise SimulationError("the item count is absent")
            lo, hi = max(0, int(lo)), int(hi)
            if lo > hi:
                raise SimulationError(f"empty item count {lo}..{hi}")
            return lo + int(ctx.rng.random() * (hi - lo + 1))

        if not unique:
            def many_of(ctx):
                out: list[Any] = []
                for i in range(count(ctx)):
                    ctx.item_index = i
                    out.append(item(ctx))
                return sort(out, ctx) if sort else out
            return many_of

        def many(ctx):
            n = count(ctx)
            out: list[Any] = []
            seen: list[set] = [set() for _ in unique]  # per `unique` field: each field differs on its own
            for i in range(n):
                for _ in range(MAX_TRIES):
                    ctx.item_index = i
                    v = item(ctx)
                    keys = [v.get(u) for u in unique] if isinstance(v, dict) else None
                    if keys is None or not any(k in values for k, values in zip(keys, seen)):
                        break
                else:
                    raise SimulationError(f"cannot make {n} items that differ in {', '.join(unique)}")
                if keys is not None:
                    for k, values in zip(keys, seen):
                        values.add(k)
                out.append(v)
            return sort(out, ctx) if sort else out
        return many


# ---------------------------------------------------------------------------------------------- helpers


def _level(b: Binding) -> int | None:
    """How long a name keeps its value (``Compiler(level=...)``): a call's arguments and the globals (``today``,
    ``now``, ``lang`` ...) for the call (0), an object's fields and ``index`` while the object is made, a slot
    never (each read draws anew)."""
    return 0 if b.kind in ("arg", "global") else b.level
