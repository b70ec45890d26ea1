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

import datetime as _dt
from dataclasses import dataclass, field
from typing import Any, Callable

from toolc.dsl import ast
from toolc.dsl.diagnostics import Diagnostics, did_you_mean
from toolc.dsl.span import Span
from toolc.dsl.unparse import unparse_expr, unparse_value

from .builtins import ABSENT, BUILTINS, BuiltinError

Fn = Callable[[Any], Any]

#: Built-ins whose second argument names a field of the first argument's items (``max(r, rating)``).
AGGREGATES = frozenset({"max", "min", "sum", "avg"})


class EvalError(BuiltinError):
    """An expression cannot be evaluated for this row (a missing field, an index out of range, a bad operand)."""


@dataclass
class Binding:
    """What a name means in a scope.

    Attributes:
        get: reads the value from the run-time context.
        type: static type (a dsl.ast type node, or a tag string).
        kind: ``field`` | ``arg`` | ``slot`` | ``result`` | ``global`` | ``index``.
        slot: for ``slot`` bindings, the slot's IR (keyed picks ``slot[key]`` read its map entries).
    """

    get: Fn
    type: Any
    kind: str
    slot: Any = None


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


# ---------------------------------------------------------------------------------------------- run time


def text_of(v: Any) -> str:
    """How a value reads in a template: strings as they are, ``true``/``false``, numbers as Python prints
    them (a whole float without ``.0``), anything else as compact JSON."""
    if isinstance(v, str):
        return v
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float) and v.is_integer() and abs(v) < 1e15:
        return str(int(v))
    if isinstance(v, (int, float)):
        return str(v)
    from .record import dumps

    return dumps(v)


def _is_date(v: Any) -> bool:
    return isinstance(v, str) and len(v) == 10 and v[4] == "-" and v[7] == "-" and v[:4].isdigit()


def _num(v: Any) -> bool:
    t = type(v)
    return t is int or t is float or (isinstance(v, (int, float)) and t is not bool)


def _add(a: Any, b: Any) -> Any:
    if a is ABSENT or b is ABSENT:
        return ABSENT
    if _num(a) and _num(b):
        return a + b
    if _is_date(a) and _num(b):
        return (_dt.date.fromisoformat(a) + _dt.timedelta(days=int(b))).isoformat()
    if isinstance(a, str) and isinstance(b, str):
        return a + b
    raise EvalError(f"cannot add {a!r} and {b!r}")


def _sub(a: Any, b: Any) -> Any:
    if a is ABSENT or b is ABSENT:
        return ABSENT
    if _num(a) and _num(b):
        return a - b
    if _is_date(a) and _num(b):
        return (_dt.date.fromisoformat(a) - _dt.timedelta(days=int(b))).isoformat()
    if _is_date(a) and _is_date(b):
        return (_dt.date.fromisoformat(a) - _dt.date.fromisoformat(b)).days
    raise EvalError(f"cannot subtract {b!r} from {a!r}")


def _arith(op: str) -> Callable[[Any, Any], Any]:
    def mul(a, b):
        return a * b

    def div(a, b):
        if b == 0:
            raise EvalError("division by zero")
        q = a / b
        return int(q) if isinstance(a, int) and isinstance(b, int) and a % b == 0 else q

    def mod(a, b):
        if b == 0:
            raise EvalError("division by zero")
        return a % b

    f = {"*": mul, "/": div, "%": mod}[op]

    def run(a, b):
        if a is ABSENT or b is ABSENT:
            return ABSENT
        if not (_num(a) and _num(b)):
            raise EvalError(f"`{op}` needs numbers, got {a!r} and {b!r}")
        return f(a, b)

    return run


def _compare(op: str) -> Callable[[Any, Any], Any]:
    import operator

    f = {"==": operator.eq, "!=": operator.ne, "<": operator.lt, "<=": operator.le, ">": operator.gt,
         ">=": operator.ge}.get(op)

    if op == "in":
        def contains(a, b):
            if a is ABSENT or b is ABSENT:
                return ABSENT
            if isinstance(b, list):
                return a in b
            if isinstance(b, str) and isinstance(a, str):
                return a in b
            raise EvalError(f"`in` needs a list or a string on the right, got {b!r}")
        return contains
    if op in ("==", "!="):
        def equality(a, b):
            if a is ABSENT or b is ABSENT:
                return ABSENT
            return f(a, b)
        return equality

    def order(a, b):
        if a is ABSENT or b is ABSENT:
            return ABSENT
        if _num(a) and _num(b) or isinstance(a, str) and isinstance(b, str):
            return f(a, b)
        raise EvalError(f"cannot compare {a!r} {op} {b!r}")

    return order


def truth(v: Any) -> Any:
    """``True``/``False``, or ``ABSENT`` for an absent value (callers decide what absent means)."""
    if v is ABSENT:
        return ABSENT
    return bool(v)


def get_attr(v: Any, name: str) -> Any:
    if v is ABSENT:
        return ABSENT
    if isinstance(v, dict):
        return v[name] if name in v else ABSENT
    raise EvalError(f"cannot read field `{name}` of {text_of(v)[:40]}")


def get_item(v: Any, k: Any) -> Any:
    if v is ABSENT or k is ABSENT:
        return ABSENT
    if isinstance(v, list) and _num(k):
        i = int(k)
        if -len(v) <= i < len(v):
            return v[i]
        raise EvalError(f"the list has no item [{i}] (it has {len(v)})")
    if isinstance(v, dict) and isinstance(k, str):
        return v[k] if k in v else ABSENT
    raise EvalError(f"cannot index {text_of(v)[:40]} with {k!r}")


# ---------------------------------------------------------------------------------------------- compiler


class Compiler:
    """Checks and compiles expressions in one scope, reporting problems to ``diags``.

    Args:
        diags: the collector (errors get the expression's span).
        faker_pick: ``(FakerSource) -> fn`` drawing a Faker value (result shapes); ``None``: not allowed.
        keyed_pick: ``(slot_ir, key_fn, span) -> fn``: how ``slot[key]`` reads a map slot in this scope (result
            shapes draw among the entry's alternatives with the row's random generator); ``None``: not allowed.
        random_choice: ``(fns) -> fn`` picking one alternative of a ``case`` arm with the context's RNG.
    """

    def __init__(self, diags: Diagnostics, keyed_pick: Callable | None = None,
                 random_choice: Callable | None = None, faker_pick: Callable | None = None) -> None:
        self.diags = diags
        self.keyed_pick = keyed_pick
        self.faker_pick = faker_pick
        self.random_choice = random_choice or (lambda fns: fns[0])
        self.ok = True

    def err(self, code: str, message: str, span: Span | None, hint: str | None = None) -> None:
        self.ok = False
        self.diags.error(code, message, span, hint=hint)

    def compile(self, e: Any, scope: Scope) -> tuple[Fn, Any]:
        """Returns ``(fn, static type)``; on an error the function raises :class:`EvalError` when called."""
        m = getattr(self, "_" + e.kind)
        return m(e, scope)

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
        return (lambda ctx: v), t

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
        return attr, ft

    def _item(self, e: ast.EItem, scope: Scope) -> tuple[Fn, Any]:
        if isinstance(e.obj, ast.EName):
            b = scope.lookup(e.obj.name)
            if b is not None and b.kind == "slot":
                key, _ = self.compile(e.key, scope)
                if self.keyed_pick is None or not isinstance(b.slot.node.source, ast.MapSource):
                    self.err("E106", f"`{e.obj.name}[...]` picks from a map slot (`{{\"key\": value, ...}}`); "
                             f"`{e.obj.name}` is not one", e.span)
                    return self._broken("not a map slot")
                return self.keyed_pick(b.slot, key, e, scope)
        obj, t = self.compile(e.obj, scope)
        key, kt = self.compile(e.key, scope)
        k = kind_of(t)
        if k == "list":
            return (lambda ctx: get_item(obj(ctx), key(ctx))), t.item
        if k not in ("any", "object"):
            self.err("E106", f"`{_show(e.obj)}` is not a list", e.span)
            return self._broken("not a list")
        return (lambda ctx: get_item(obj(ctx), key(ctx))), "any"

    def _list(self, e: ast.EList, scope: Scope) -> tuple[Fn, Any]:
        fns = [self.compile(x, scope) for x in e.items]
        item_t = fns[0][1] if fns else "any"
        gets = [f for f, _ in fns]
        return (lambda ctx: [g(ctx) for g in gets]), ast.ListType(item=_as_type(item_t))

    # -- operators

    def _unary(self, e: ast.EUnary, scope: Scope) -> tuple[Fn, Any]:
        f, t = self.compile(e.operand, scope)
        if e.op == "not":
            def not_(ctx):
                v = truth(f(ctx))
                return ABSENT if v is ABSENT else not v
            return not_, "bool"
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
            return logic, "bool"
        if op == "??":
            def coalesce(ctx):
                a = lf(ctx)
                return rf(ctx) if a is ABSENT else a
            return coalesce, lt if kind_of(lt) != "any" else rt
        if op in ("==", "!=", "<", "<=", ">", ">=", "in"):
            self._check_comparable(op, e, lt, rt)
            f = _compare(op)
            if isinstance(e.right, ast.ELit):  # `table == "orders"`: the literal read once, here
                c = e.right.value
                return (lambda ctx: f(lf(ctx), c)), "bool"
            return (lambda ctx: f(lf(ctx), rf(ctx))), "bool"
        if op == "+":
            return (lambda ctx: _add(lf(ctx), rf(ctx))), _sum_type(lt, rt)
        if op == "-":
            t = "int" if kind_of(lt) == "date" and kind_of(rt) == "date" else _sum_type(lt, rt)
            return (lambda ctx: _sub(lf(ctx), rf(ctx))), t
        for side, t in ((e.left, lt), (e.right, rt)):
            if not is_numeric(t):
                self.err("E201", f"`{op}` needs numbers, and `{_show(side)}` is {kind_of(t)}", e.span)
        f = _arith(op)
        return (lambda ctx: f(lf(ctx), rf(ctx))), ("float" if op == "/" else _sum_type(lt, rt))

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
                    args.append(lambda ctx, name=name: name)
                    types.append("string")
                    continue
                if scope.lookup(a.name) is None:
                    self.err("E106", f"the items of `{_show(e.args[0])}` have no field `{a.name}`", a.span,
                             hint=did_you_mean(a.name, fields_of(item_t)))
                    return self._broken("no field")
            f, t = self.compile(a, scope)
            args.append(f)
            types.append(t)
        fn = b.fn
        ret = b.returns
        if ret == "item" or (ret == "max" and n == 2 and kind_of(types[0]) == "list"):
            t = types[0].item if isinstance(types[0], ast.ListType) else "any"
        elif ret in ("same", "max"):
            t = types[0] if ret == "same" or n == 1 else _sum_type(*types[:2])
        else:
            t = ret

        def call(ctx):
            vals = [a(ctx) for a in args]
            return fn(ctx, *vals)
        return call, t

    def _case(self, e: ast.ECase, scope: Scope) -> tuple[Fn, Any]:
        arms: list[tuple[Fn | None, list[Fn]]] = []
        t: Any = "any"
        for arm in e.arms:
            cond = self.compile(arm.cond, scope)[0] if arm.cond is not None else None
            fns = []
            for v in arm.values:
                f, vt = self.compile(v, scope)
                fns.append(f)
                t = vt if t == "any" else t
            arms.append((cond, fns))
        picks = [(c, self.random_choice(fns)) for c, fns in arms]

        def case(ctx):
            for cond, pick in picks:
                if cond is None or truth(cond(ctx)) is True:
                    return pick(ctx)
            return ABSENT
        return case, t


def _as_type(t: Any) -> Any:
    if isinstance(t, str):
        return ast.PrimType(name=t) if t in ("string", "int", "float", "bool", "date", "datetime") else \
            ast.PrimType(name="float") if t == "number" else ast.PrimType(name="string")
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
