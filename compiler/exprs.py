"""IR stage, expressions: checks names and types of expression ASTs and compiles them to closures
(input: dsl.ast expression nodes + a Scope; output: ``fn(ctx) -> JSON value``).

The language (docs/language.md, "Expressions"): literals, names, ``a.b``, ``a[i]``, ``f(x, ...)`` for the
built-ins of :mod:`compiler.builtins`, ``- not`` , ``* / %``, ``+ -``, comparisons ``== != < <= > >= in``,
``and``, ``or``, ``??`` (left unless absent), ``[a, b]`` and ``case { COND: ALT | ALT ... else: ALT }``.

Values are JSON values; dates are ``YYYY-MM-DD`` strings (``date + 1`` is the next day, ``d2 - d1`` a number
of days). An argument the call did not pass is :data:`~compiler.builtins.ABSENT`: operators and built-ins on
it give ``ABSENT``, ``x ?? y`` replaces it, a ``where`` condition that is ``ABSENT`` holds.

A :class:`Scope` maps names to :class:`Binding` s (a getter and a static type) and chains to its parent;
the compiled closure reads the run-time context ``ctx`` through those getters, so the scopes of result
shapes (fields, arguments, slots) and of scenarios (slot draws, bound results) share one compiler.
Static types are dsl.ast type nodes where known (so ``w.forecast[0].temp_high`` is checked against the
tool's ``returns`` shape) or a tag string (``number``, ``string``, ``bool``, ``date``, ``any``, ...).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

from toolc.dsl import ast
from toolc.dsl.diagnostics import Diagnostics, did_you_mean
from toolc.dsl.span import Span
from toolc.dsl.unparse import unparse_expr, unparse_value

from .builtins import ABSENT, BUILTINS, argument_problem
from .exprgen import joined, tag
from .operators import EvalError, Fn, _is_date, _num, binary, get_attr, get_item, text_of, truth

__all__ = ["AGGREGATES", "Binding", "Compiler", "EvalError", "Fn", "Scope", "get_attr", "get_item", "kind_of",
           "names_in", "show", "text_of", "truth"]

#: Built-ins whose second argument names a field of the first argument's items (``max(r, rating)``).
AGGREGATES = frozenset({"max", "min", "sum", "avg"})


@dataclass
class Binding:
    """What a name means in a scope.

    Attributes:
        get: reads the value from the run-time context.
        type: static type (a dsl.ast type node, or a tag string).
        kind: ``field`` | ``arg`` | ``slot`` | ``result`` | ``global`` | ``index``.
        slot: for ``slot`` bindings, the slot's IR (keyed picks ``slot[key]`` read its map entries).
        level: for ``field`` and ``index`` bindings of a result shape, the level of their frame (see
            :class:`Compiler`'s ``level``).
    """

    get: Fn
    type: Any
    kind: str
    slot: Any = None
    level: int | None = None


@dataclass
class Scope:
    """Names visible to an expression; lookups fall back to ``parent``.

    ``lazy`` (``.get(name) -> (() -> Binding) | None``, iterable over its names) offers names whose binding is made on first lookup, then kept in
    ``names``: a scope offering every slot of a big spec (1,000 slots per tool's result shape) makes only
    the few bindings its expressions read. A name in ``names`` hides the same name in ``lazy``.
    """

    names: dict[str, Binding] = field(default_factory=dict)
    parent: Scope | None = None
    lazy: Any = None  # name -> (() -> Binding) | None via .get(name); iterable over its names
    #: the level of the innermost frame whose names this scope holds (see :class:`Compiler`'s ``level``)
    level: int = 0

    def lookup(self, name: str) -> Binding | None:
        s: Scope | None = self
        while s is not None:
            b = s.names.get(name)
            if b is None and s.lazy is not None:
                make = s.lazy.get(name)
                if make is not None:
                    b = s.names[name] = make()
            if b is not None:
                return b
            s = s.parent
        return None

    def all_names(self) -> list[str]:
        out: list[str] = []
        s: Scope | None = self
        while s is not None:
            out += [n for n in (s.lazy or ()) if n not in s.names and not n.startswith("#")]
            out += [n for n in s.names if not n.startswith("#")]
            s = s.parent
        return out


# ---------------------------------------------------------------------------------------------- types


def kind_of(t: Any) -> str:
    """The tag of a static type: ``int float number string bool date datetime enum list object any``."""
    if isinstance(t, str):
        return t
    if isinstance(t, ast.PrimType):
        return t.name
    if isinstance(t, ast.EnumType):
        return "enum"
    if isinstance(t, ast.ListType):
        return "list"
    if isinstance(t, ast.ObjectType):
        return "object"
    return "any"


def is_numeric(t: Any) -> bool:
    k = kind_of(t)
    return k in ("int", "float", "number", "any") or (k == "enum" and all(isinstance(v, int) for v in t.values))


def field_type(t: Any, name: str) -> Any | None:
    """The type of field ``name`` of object type ``t`` (``None`` when it has none); ``any`` stays ``any``."""
    if isinstance(t, ast.ObjectType):
        for f in t.fields:
            if f.name == name:
                return f.type
        return None
    return "any" if kind_of(t) == "any" else None


def fields_of(t: Any) -> list[str]:
    return [f.name for f in t.fields] if isinstance(t, ast.ObjectType) else []


# ---------------------------------------------------------------------------------------------- compiler


class Compiler:
    """Checks and compiles expressions in one scope, reporting problems to ``diags``.

    Args:
        diags: the collector (errors get the expression's span).
        faker_pick: ``(FakerSource) -> fn`` drawing a Faker value (result shapes); ``None``: not allowed.
        keyed_pick: ``(slot_ir, key_fn, span) -> fn``: how ``slot[key]`` reads a map slot in this scope (result
            shapes draw among the entry's alternatives with the row's random generator); ``None``: not allowed.
        random_choice: ``(fns) -> fn`` picking one alternative of a ``case`` arm with the context's RNG.
        level: ``(Binding) -> int | None``: how long a name keeps its value: level ``L`` while the dict
            ``ctx.frames[L]`` lives (a result shape: 0 the call's arguments and globals, ``d + 1`` the fields of an
            object nested ``d`` deep), ``None`` never (a fresh random draw). When given, every largest
            subexpression whose names all have levels below its scope's ``level`` and that draws nothing at
            random is computed once and kept in ``ctx.frames[L]`` (``L``: the highest level it reads): ``table ==
            "orders" and ("id" in columns) ?? true`` in a list item's field is evaluated once per call, not
            once per item. The values are the same either way.
    """

    def __init__(self, diags: Diagnostics, keyed_pick: Callable | None = None,
                 random_choice: Callable | None = None, faker_pick: Callable | None = None,
                 level: Callable[[Binding], int | None] | None = None, join: bool = False) -> None:
        self.diags = diags
        self.join = join
        self._depth = 0
        self.keyed_pick = keyed_pick
        self.faker_pick = faker_pick
        self.random_choice = random_choice or (lambda fns: fns[0])
        self.level = level
        self._hoisting = False  # compiling inside an expression that is computed once per context
        self.ok = True

    def err(self, code: str, message: str, span: Span | None, hint: str | None = None) -> None:
        self.ok = False
        self.diags.error(code, message, span, hint=hint)

    def compile(self, e: Any, scope: Scope) -> tuple[Fn, Any]:
        """Returns ``(fn, static type)``; on an error the function raises :class:`EvalError` when called."""
        if not self.join or self._depth:
            return self._compile(e, scope)
        self._depth += 1
        try:
            fn, t = self._compile(e, scope)
        finally:
            self._depth -= 1
        return (joined(fn) if self.ok else fn), t

    def _compile(self, e: Any, scope: Scope) -> tuple[Fn, Any]:
        m = getattr(self, "_" + e.kind)
        if self.level is None or self._hoisting or e.kind not in _HOISTED:
            return m(e, scope)
        level = self._level_of(e, scope)
        if level is None or level >= scope.level:
            return m(e, scope)
        self._hoisting = True
        try:
            fn, t = m(e, scope)
        finally:
            self._hoisting = False
        return _once_per_frame(fn, level), t

    def _level_of(self, e: Any, scope: Scope) -> int | None:
        """The highest level (``self.level``) of the names ``e`` reads, or ``None`` when ``e`` reads a name
        without one or draws at random (a Faker value, a ``case`` arm or a map slot entry with alternatives)."""
        k = getattr(e, "kind", None)
        if k in ("lit", "literal"):
            return 0
        if k == "name":
            b = scope.lookup(e.name)
            return None if b is None else self.level(b)
        if k == "attr":
            return self._level_of(e.obj, scope)
        parts: list[Any]
        if k == "item":
            if isinstance(e.obj, ast.EName):
                b = scope.lookup(e.obj.name)
                if b is not None and b.kind == "slot":  # `slot[key]`: fixed when no entry has alternatives
                    src = b.slot.node.source
                    fixed = isinstance(src, ast.MapSource) and not any(x.more for x in src.entries)
                    return self._level_of(e.key, scope) if fixed else None
            parts = [e.obj, e.key]
        elif k == "call":
            if e.func not in BUILTINS or e.kwargs:
                return None
            parts = list(e.args)
        elif k == "unary":
            parts = [e.operand]
        elif k == "binary":
            parts = [e.left, e.right]
        elif k == "list":
            parts = list(e.items)
        elif k == "case":
            if any(len(arm.values) != 1 for arm in e.arms):
                return None
            parts = [arm.cond for arm in e.arms if arm.cond is not None] + [arm.values[0] for arm in e.arms]
        else:
            return None
        level = 0
        for x in parts:
            lv = self._level_of(x, scope)
            if lv is None:
                return None
            level = max(level, lv)
        return level

    @staticmethod
    def _broken(message: str) -> tuple[Fn, Any]:
        def fail(ctx):
            raise EvalError(message)
        return fail, "any"

    # -- leaves

    def _lit(self, e: ast.ELit, scope: Scope) -> tuple[Fn, Any]:
        v = e.value
        t = "bool" if isinstance(v, bool) else "int" if isinstance(v, int) else "float" if isinstance(v, float) \
            else "date" if _is_date(v) else "string"
        return tag(lambda ctx: v, "const", v), t

    _literal = _lit  # a `case` arm's value as the parser left it (dsl.ast.Literal_)

    def _faker(self, e: ast.FakerSource, scope: Scope) -> tuple[Fn, Any]:
        if self.faker_pick is None:
            self.err("E104", "Faker values belong in result fields, not here", e.span)
            return self._broken("faker")
        return self.faker_pick(e), "any"

    def _name(self, e: ast.EName, scope: Scope) -> tuple[Fn, Any]:
        b = scope.lookup(e.name)
        if b is None:
            self.err("E102", f"unknown name `{e.name}`", e.span, hint=did_you_mean(e.name, scope.all_names()))
            return self._broken(f"unknown name {e.name}")
        return b.get, b.type

    def _attr(self, e: ast.EAttr, scope: Scope) -> tuple[Fn, Any]:
        obj, t = self.compile(e.obj, scope)
        name = e.name
        ft = field_type(t, name)
        if ft is None:
            if kind_of(t) == "list":
                self.err("E106", f"`{_show(e.obj)}` is a list: pick an item first (`{_show(e.obj)}[0].{name}`)", e.span)
            else:
                self.err("E106", f"`{_show(e.obj)}` has no field `{name}`", e.span, hint=did_you_mean(name, fields_of(t)))
            return self._broken(f"no field {name}")

        def attr(ctx):
            v = obj(ctx)
            if type(v) is dict:  # the common case, inline: get_attr for the rest (absent, errors)
                return v.get(name, ABSENT)
            return get_attr(v, name)
        return tag(attr, "attr", obj, name), ft

    def _item(self, e: ast.EItem, scope: Scope) -> tuple[Fn, Any]:
        if isinstance(e.obj, ast.EName):
            b = scope.lookup(e.obj.name)
            if b is not None and b.kind == "slot":
                key, _ = self.compile(e.key, scope)
                key = joined(key) if self.join and self.ok else key
                if self.keyed_pick is None or not isinstance(b.slot.node.source, ast.MapSource):
                    self.err("E106", f"`{e.obj.name}[...]` picks from a map slot (`{{\"key\": value, ...}}`); "
                             f"`{e.obj.name}` is not one", e.span)
                    return self._broken("not a map slot")
                return self.keyed_pick(b.slot, key, e, scope)
        obj, t = self.compile(e.obj, scope)
        key, kt = self.compile(e.key, scope)
        k = kind_of(t)
        item = tag(lambda ctx: get_item(obj(ctx), key(ctx)), "item", obj, key)
        if k == "list":
            return item, t.item
        if k not in ("any", "object"):
            self.err("E106", f"`{_show(e.obj)}` is not a list", e.span)
            return self._broken("not a list")
        return item, "any"

    def _list(self, e: ast.EList, scope: Scope) -> tuple[Fn, Any]:
        fns = [self.compile(x, scope) for x in e.items]
        item_t = fns[0][1] if fns else "any"
        gets = [f for f, _ in fns]
        return tag(lambda ctx: [g(ctx) for g in gets], "list", gets), ast.ListType.make(item=_as_type(item_t))

    # -- operators

    def _unary(self, e: ast.EUnary, scope: Scope) -> tuple[Fn, Any]:
        f, t = self.compile(e.operand, scope)
        if e.op == "not":
            def not_(ctx):
                v = truth(f(ctx))
                return ABSENT if v is ABSENT else not v
            return tag(not_, "not", f), "bool"
        if not is_numeric(t):
            self.err("E201", f"`-` needs a number, and `{_show(e.operand)}` is {kind_of(t)}", e.span)

        def neg(ctx):
            v = f(ctx)
            if v is ABSENT:
                return ABSENT
            if not _num(v):
                raise EvalError(f"cannot negate {v!r}")
            return -v
        return neg, t

    def _binary(self, e: ast.EBinary, scope: Scope) -> tuple[Fn, Any]:
        op = e.op
        lf, lt = self.compile(e.left, scope)
        rf, rt = self.compile(e.right, scope)
        if op in ("and", "or"):
            stop = op == "or"  # `and` stops at the first false operand, `or` at the first true one

            def logic(ctx):
                a = truth(lf(ctx))
                if a is stop:
                    return stop
                b = truth(rf(ctx))
                if b is stop:
                    return stop
                return ABSENT if a is ABSENT or b is ABSENT else not stop
            return tag(logic, "logic", stop, lf, rf), "bool"
        if op == "??":
            def coalesce(ctx):
                a = lf(ctx)
                return rf(ctx) if a is ABSENT else a
            return tag(coalesce, "coalesce", lf, rf), lt if kind_of(lt) != "any" else rt
        if op in ("==", "!=", "<", "<=", ">", ">=", "in"):
            self._check_comparable(op, e, lt, rt)
            t = "bool"
        elif op == "+":
            t = _sum_type(lt, rt)
        elif op == "-":
            t = "int" if kind_of(lt) == "date" and kind_of(rt) == "date" else _sum_type(lt, rt)
        else:
            for side, st in ((e.left, lt), (e.right, rt)):
                if not is_numeric(st):
                    self.err("E201", f"`{op}` needs numbers, and `{_show(side)}` is {kind_of(st)}", e.span)
            t = "float" if op == "/" else _sum_type(lt, rt)
        if isinstance(e.right, ast.ELit):  # `table == "orders"`: the literal read once, here
            c = e.right.value
            return tag(binary(op, lf, rf, c), "binop", op, lf, tag(lambda ctx: c, "const", c)), t
        return tag(binary(op, lf, rf), "binop", op, lf, rf), t

    def _check_comparable(self, op: str, e: ast.EBinary, lt: Any, rt: Any) -> None:
        if op in ("==", "!=") and isinstance(lt, ast.EnumType) and isinstance(e.right, ast.ELit):
            if e.right.value not in lt.values:
                self.err("E201", f"{unparse_value(e.right.value)} is not a value of `{_show(e.left)}` "
                         f"({', '.join(unparse_value(v) for v in lt.values)})", e.right.span or e.span)
        if op in ("<", "<=", ">", ">="):
            kl, kr = kind_of(lt), kind_of(rt)
            if "any" in (kl, kr):
                return
            if is_numeric(lt) != is_numeric(rt) or (not is_numeric(lt) and {kl, kr} - {"date", "datetime", "string"}):
                self.err("E201", f"cannot compare {kl} with {kr} using `{op}`", e.span)

    def _call(self, e: ast.ECall, scope: Scope) -> tuple[Fn, Any]:
        b = BUILTINS.get(e.func)
        if b is None:
            self.err("E112", f"unknown function `{e.func}`", e.func_span or e.span,
                     hint=did_you_mean(e.func, BUILTINS) or f"functions: {', '.join(sorted(BUILTINS))}")
            return self._broken(f"unknown function {e.func}")
        n = len(e.args)
        if e.kwargs:
            self.err("E112", f"`{e.func}` takes positional arguments only", e.span)
        if n < b.min_args or (b.max_args is not None and n > b.max_args):
            want = str(b.min_args) if b.max_args == b.min_args else \
                f"{b.min_args} to {b.max_args}" if b.max_args is not None else f"at least {b.min_args}"
            self.err("E112", f"`{e.func}` takes {want} argument{'s' if want != '1' else ''}, not {n}", e.span)
            return self._broken("arity")
        args: list[Fn] = []
        types: list[Any] = []
        for i, a in enumerate(e.args):
            if i == 1 and e.func in AGGREGATES and isinstance(a, ast.EName) and kind_of(types[0]) == "list":
                item_t = types[0].item if isinstance(types[0], ast.ListType) else "any"
                if field_type(item_t, a.name) is not None:
                    name = a.name
                    args.append(tag(lambda ctx, name=name: name, "const", name))
                    types.append("string")
                    continue
                if scope.lookup(a.name) is None:
                    self.err("E106", f"the items of `{_show(e.args[0])}` have no field `{a.name}`", a.span,
                             hint=did_you_mean(a.name, fields_of(item_t)))
                    return self._broken("no field")
            f, t = self.compile(a, scope)
            args.append(f)
            types.append(t)
        for i, (a, t) in enumerate(zip(e.args, types)):
            if (problem := argument_problem(b, i, kind_of(t))) is not None:
                self.err("E320", problem, a.span or e.span)
        fn = b.fn
        ret = b.returns
        if ret == "item" or (ret == "max" and n == 2 and kind_of(types[0]) == "list"):
            t = types[0].item if isinstance(types[0], ast.ListType) else "any"
        elif ret in ("same", "max"):
            t = types[0] if ret == "same" or n == 1 else _sum_type(*types[:2])
        else:
            t = ret

        return tag(_call_with(fn, args), "call", fn, args), t

    def _case(self, e: ast.ECase, scope: Scope) -> tuple[Fn, Any]:
        # conditions fixed for the frame while the values are not (`when table == "orders": person`): which arm
        # holds is decided once per frame (the conditions are read in the same order, so the same arm holds)
        chosen_level = self._conditions_level(e, scope)
        hoisting = self._hoisting
        self._hoisting = hoisting or chosen_level is not None
        try:
            conds = [self.compile(arm.cond, scope)[0] if arm.cond is not None else None for arm in e.arms]
        finally:
            self._hoisting = hoisting
        arms: list[tuple[Fn | None, list[Fn]]] = []
        t: Any = "any"
        for cond, arm in zip(conds, e.arms):
            fns = []
            for v in arm.values:
                f, vt = self.compile(v, scope)
                fns.append(f)
                t = vt if t == "any" else t
            arms.append((cond, fns))
        picks = [(c, self.random_choice(fns)) for c, fns in arms]
        if chosen_level is not None:
            def arm_index(ctx):
                for i, (cond, _) in enumerate(picks):
                    if cond is None or truth(cond(ctx)) is True:
                        return i
                return -1
            values = [pick for _, pick in picks]
            key = object()  # the chosen arm, kept in ctx.frames[chosen_level] (as _once_per_frame keeps values)

            def case_fixed(ctx):
                memo = ctx.frames[chosen_level]
                try:
                    i = memo[key]
                except KeyError:
                    i = memo[key] = arm_index(ctx)
                return ABSENT if i < 0 else values[i](ctx)
            return tag(case_fixed, "case_fixed", chosen_level, key, [c for c, _ in picks], values), t

        def case(ctx):
            for cond, pick in picks:
                if cond is None or truth(cond(ctx)) is True:
                    return pick(ctx)
            return ABSENT
        return tag(case, "case", picks), t

    def _conditions_level(self, e: ast.ECase, scope: Scope) -> int | None:
        """The level at which all of a ``case``'s conditions are fixed, when that is below ``scope.level`` and
        the ``case`` as a whole is not (else ``None``: nothing to decide once)."""
        if self.level is None or self._hoisting:
            return None
        level = 0
        for arm in e.arms:
            if arm.cond is not None:
                lv = self._level_of(arm.cond, scope)
                if lv is None or lv >= scope.level:
                    return None
                level = max(level, lv)
        return level


def _call_with(fn: Callable, args: list[Fn]) -> Fn:
    """``ctx -> fn(ctx, a(ctx), ...)``, with the argument count unrolled for up to three arguments."""
    if len(args) == 1:
        a0 = args[0]
        return lambda ctx: fn(ctx, a0(ctx))
    if len(args) == 2:
        a0, a1 = args
        return lambda ctx: fn(ctx, a0(ctx), a1(ctx))
    if len(args) == 3:
        a0, a1, a2 = args
        return lambda ctx: fn(ctx, a0(ctx), a1(ctx), a2(ctx))
    return lambda ctx: fn(ctx, *[a(ctx) for a in args])


#: Expression kinds worth computing once per context (a name or a literal is read as fast as a memo).
_HOISTED = frozenset({"attr", "item", "call", "unary", "binary", "list", "case"})


def _once_per_frame(fn: Fn, level: int) -> Fn:
    """``fn``, computed on its first call while ``ctx.frames[level]`` lives and then read from it. A list or
    dict value is made anew each time (a caller may keep or change it); an error is raised again each time."""
    key = object()  # never equal to a field name the frame also holds

    def once(ctx):
        memo = ctx.frames[level]
        try:
            return memo[key]
        except KeyError:
            v = fn(ctx)
            if type(v) is not list and type(v) is not dict:
                memo[key] = v
            return v
    return tag(once, "once", level, key, fn)


def _as_type(t: Any) -> Any:
    if isinstance(t, str):
        return ast.PrimType.make(name=t) if t in ("string", "int", "float", "bool", "date", "datetime") else \
            ast.PrimType.make(name="float") if t == "number" else ast.PrimType.make(name="string")
    return t


def _sum_type(a: Any, b: Any) -> Any:
    ka, kb = kind_of(a), kind_of(b)
    if ka == "date" and is_numeric(b):
        return "date"
    if ka == "int" and kb == "int":
        return "int"
    if is_numeric(a) and is_numeric(b):
        return "number"
    if ka == "string" or kb == "string":
        return "string"
    return "any"


def _show(e: Any) -> str:
    """Source-like text of an expression, for messages: its canonical `.tool` syntax (`dsl.unparse`)."""
    return unparse_expr(e)


show = _show


def names_in(e: Any) -> set[str]:
    """Every bare name an expression reads (for dependency order between result fields)."""
    out: set[str] = set()
    stack = [e]
    while stack:
        x = stack.pop()
        if x is None:
            continue
        k = getattr(x, "kind", None)
        if k == "name":
            out.add(x.name)
        elif k == "attr":
            stack.append(x.obj)
        elif k == "item":
            stack += [x.obj, x.key]
        elif k == "call":
            stack += list(x.args) + [v for _, v in x.kwargs]
        elif k == "unary":
            stack.append(x.operand)
        elif k == "binary":
            stack += [x.left, x.right]
        elif k == "list":
            stack += list(x.items)
        elif k == "case":
            for arm in x.arms:
                stack.append(arm.cond)
                stack += [v for v in arm.values if hasattr(v, "kind")]
        elif isinstance(x, ast.Template):
            stack += list(x.parts)
        elif k == "slotref":
            out.add(x.alias or x.name)
        elif k == "resultref":
            out.add(x.base)
        elif k == "expr":
            stack.append(x.expr)
        elif k == "optional":
            stack += list(x.parts)
        elif k == "choice":
            for alt in x.alternatives:
                stack += list(alt)
    return out
