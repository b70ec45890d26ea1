"""IR stage, shared scopes: the names an expression may read in a scenario, and keyed picks from map slots
(input: the program and a scenario's aliases and bindings; output: :class:`compiler.exprs.Scope` objects and
getters). See :mod:`compiler.exprs` for the expression compiler itself."""

from __future__ import annotations

import datetime as _dt
from typing import Any

from toolc.dsl import ast

from .builtins import ABSENT
from .exprgen import tag
from .exprs import Binding, Fn, Scope, text_of


#: The one name a scenario's texts and expressions read besides slots, aliases and results: ``today``, the reference
#: date (``YYYY-MM-DD``); ``{today}`` in a user or assistant text writes it, as in a system prompt.
TEMPLATE_GLOBAL = "today"


def is_template_global(p: ast.SlotRef, *taken: Any) -> bool:
    """Whether a text's ``{name}`` is ``{today}`` (:data:`TEMPLATE_GLOBAL`): that name, without an alias, where none
    of ``taken`` (the scenario's slots, aliases, bound results: anything ``in`` can test) holds it."""
    return p.name == TEMPLATE_GLOBAL and p.alias is None and not any(p.name in t for t in taken)


def keyed_pick(slot: Any, key: Fn, today: _dt.date) -> tuple[Fn, Any]:
    """``slot[key]`` on a map slot: one of the values of the entry whose surface text is ``key`` (its
    ``"*"`` entry for other keys), chosen with ``ctx.rng``; absent key -> the ``"*"`` entry; a key with no
    entry (and no ``"*"``) -> absent, so ``slot[key] ?? fallback`` gives a default."""
    table: dict[str, list[Any]] = {}
    for entry in slot.node.source.entries:
        values = [entry.value] + list(entry.more)
        table[entry.surface] = [v.value if isinstance(v, ast.Literal_) else
                                (today + _dt.timedelta(days=v.days)).isoformat() for v in values]
    fallback = table.get("*")

    def pick(ctx):
        k = key(ctx)
        options = table.get(k, fallback) if type(k) is str else fallback if k is ABSENT else \
            table.get(text_of(k), fallback)
        if options is None:
            return ABSENT
        return options[0] if len(options) == 1 else options[int(ctx.rng.random() * len(options))]
    return pick, _values_type({type(v) for vs in table.values() for v in vs})


def _values_type(types: set) -> str:
    """The static type of a map slot's values: ``string`` when any is text (some key gives text), ``int`` /
    ``float`` when all are numbers, ``bool`` when all are booleans, else ``any``."""
    if str in types:
        return "string"
    if types and types <= {int}:
        return "int"
    if types and types <= {int, float}:
        return "float"
    return "bool" if types == {bool} else "any"


def slot_type(slot: Any) -> str:
    """The static type tag of a slot's values."""
    kind = slot.sampler.kind if slot is not None else "any"
    return kind if kind in ("string", "int", "float", "bool", "date", "datetime") else "any"


def scenario_scope(prog: Any, locale: str, aliases: dict[str, str], bindings: dict[str, str],
                   loops: dict[str, Any] | None = None) -> Scope:
    """Names an expression in a scenario (a ``{...}`` placeholder, a ``case`` condition) may read.

    Slots and aliases give the row's drawn *value* (``{city}`` alone still renders the surface text); bound
    results (``-> w``) give the tool result; ``loops`` (a ``{for x in ...}`` loop's variable -> its items' type)
    the item being written, which the row keeps among its results while the loop runs; ``today`` the reference
    date. The run-time context is the row being expanded: it provides ``value_of(name)``, ``results``,
    ``today_iso`` and ``rng``.
    """
    names: dict[str, Binding] = {}
    for a, s in aliases.items():
        slot = prog.slot_for(s, locale)
        names[a] = Binding(lambda row, n=a: row.value_of(n), slot_type(slot), "slot", slot)
    for b, tool in bindings.items():
        tool_ir = prog.tools.get(tool)
        rt = result_type(tool_ir)
        names[b] = Binding(lambda row, n=b: row.results.get(n, ABSENT), rt, "result")
    for x, t in (loops or {}).items():
        names[x] = Binding(lambda row, n=x: row.results.get(n, ABSENT), t, "result")
    names[TEMPLATE_GLOBAL] = Binding(lambda row: row.today_iso, "date", "global")
    return Scope(names, lazy=_SlotBindings(prog, locale, lambda s, slot: (lambda row, n=s: row.value_of(n))))


class _SlotBindings:
    """Every slot of ``prog`` as lazy bindings (see :class:`compiler.exprs.Scope`): ``get(name)`` gives a
    maker of the binding reading ``getter(name, slot)`` (the slot as declared for ``locale``), iteration the
    slot names. Nothing is made per slot up front: a scope per scenario and per result shape stays O(1)."""

    def __init__(self, prog: Any, locale: str, getter: Any) -> None:
        self.prog, self.locale, self.getter = prog, locale, getter

    def get(self, name: str) -> Any:
        if name not in self.prog.slots:
            return None

        def binding() -> Binding:
            slot = self.prog.slot_for(name, self.locale)
            return Binding(self.getter(name, slot), slot_type(slot), "slot", slot)
        return binding

    def __iter__(self) -> Any:
        return iter(self.prog.slot_names())


def formatted_value(e: Any) -> Any:
    """The value ``fmt(x, digits)`` writes as text (``x``), or ``None`` for another expression: a reply that writes a
    result value with fixed decimals (``${fmt(o.amount, 2)}`` for an amount of 1613.6: ``$1613.60``) still quotes
    that value (:meth:`compiler.plan.TemplateCompiler.parts`)."""
    if getattr(e, "kind", None) == "call" and e.func == "fmt" and e.args:
        return e.args[0]
    return None


def result_origin(e: Any, scope: Scope) -> str | None:
    """The bound result an expression's value is taken from unchanged (``w.temp``, ``r[0].name``,
    ``max(r, rating).name``), or ``None`` when the value is computed (``len(r)``, ``cond_zh[w.x]``)."""
    while True:
        k = getattr(e, "kind", None)
        if k in ("attr",):
            e = e.obj
        elif k == "item":
            if isinstance(e.obj, ast.EName):
                b = scope.lookup(e.obj.name)
                if b is not None and b.kind == "slot":
                    return None
            e = e.obj
        elif k == "call" and e.func in ("max", "min", "first", "last") and e.args and \
                (e.func in ("first", "last") or len(e.args) == 2):
            e = e.args[0]
        elif k == "name":
            b = scope.lookup(e.name)
            return e.name if b is not None and b.kind == "result" else None
        else:
            return None


def result_scope(tool: Any, prog: Any, locale: str, today: _dt.date, slot_getter: Any) -> Scope:
    """The names a result shape's expressions read, innermost last: the call's arguments (``ctx.args``), then
    slots (``slot_getter(slot) -> getter``), ``today``, ``now`` (``ctx.now``), ``user_tz``, ``lang``, ``locale``.
    Shared by the generator (fresh slot draws) and the verification stage (slots make a value impure)."""
    from .languages import language, user_time_zone

    names: dict[str, Binding] = {}
    constants = {"today": (today.isoformat(), "date"), "user_tz": (user_time_zone(locale), "string"),
                 "lang": (language(locale), "string"), "locale": (locale, "string")}
    for name, (value, t) in constants.items():
        names[name] = Binding(tag(lambda ctx, v=value: v, "const", value), t, "global")
    names["now"] = Binding(lambda ctx: ctx.now.replace(tzinfo=None, second=0, microsecond=0).isoformat(),
                           "datetime", "global")
    # `args.height` reads an argument a result field of the same name would hide
    names["args"] = Binding(lambda ctx: ctx.args, ast.ObjectType.make(fields=tuple(tool.node.params)), "arg")
    args = Scope({}, Scope(names, lazy=_SlotBindings(prog, locale, lambda s, slot: slot_getter(slot))))
    for p in tool.node.params:
        args.names[p.name] = Binding(tag(lambda ctx, n=p.name: ctx.args.get(n, ABSENT), "arg", p.name), p.type, "arg")
    return args


def result_type(tool: Any) -> Any:
    """The static type of a bound result: the ``returns`` shape, plus ``error``/``message`` when the tool
    declares errors (``when w.error == "unavailable"`` in a ``case``; absent on a normal result)."""
    if tool is None or (tool.node.returns is None and not tool.node.errors):
        return "any"
    rt = tool.node.returns
    if not tool.node.errors:
        return rt
    if rt is not None and not isinstance(rt, ast.ObjectType):
        return "any"
    fields = tuple(rt.fields) if rt is not None else ()
    extra = (ast.Param.make(name="error", type=ast.EnumType.make(values=tuple(e.name for e in tool.node.errors)), optional=True),
             ast.Param.make(name="message", type=ast.PrimType.make(name="string"), optional=True))
    return ast.ObjectType.make(fields=fields + tuple(f for f in extra if f.name not in {g.name for g in fields}))
