"""Lowering stage, result shapes: checks what a tool's ``returns`` derives from its call (input: the IR's tools
and slots; output: errors in the collector).

Run once every tool and slot is lowered. It compiles each shape in the tool's locale (names, fields, built-in
functions, types: :class:`compiler.simulate.ResultShape` reports into the collector), then checks what no
generator could satisfy, at the clause that asks for it:

* ``in ARG`` names an enum parameter whose values are units of one dimension (``celsius`` | ``fahrenheit``);
* ``slot[key]`` with an enum key has an entry (or a ``"*"`` entry) for every value the key can take;
* ``sorted by`` / ``unique`` name fields of the list's items; ``sorted by ARG {...}`` names an enum parameter
  and values it has;
* ``unique FIELD`` asks for no more distinct items than the field's values allow (an enum, a whole-number
  range, a map slot's entries);
* ``where FIELD OP EXPR`` can hold for every argument value the call may pass: the field's declared range
  against the parameter's declared range (``rating: float(3.5..5.0) where rating >= min_rating`` with
  ``min_rating: float(0..10)`` fails for ``min_rating > 5``);
* an item count cannot be negative for any argument (``(days)`` with ``days: int(-1..7)``);
* ``simulate "file.py:function"`` names an existing file inside the spec tree (it is not imported here);
* an ``error NAME "message" when COND`` clause's condition and message compile (names, built-in functions);
* a confirmation's ``{slot[parameter]}`` (the words of its language for an argument's value) picks from a map slot
  with an entry for every value of the parameter.
"""

from __future__ import annotations

from typing import Any, Iterator

from toolc.dsl import ast
from toolc.dsl.diagnostics import Diagnostics, did_you_mean

from . import ir
from .builtins import UNITS
from .slots import PROBE_DATE


def check_result_shapes(prog: ir.Program, diags: Diagnostics) -> None:
    """Checks every tool's ``returns`` (see the module docstring); errors go to ``diags``."""
    from .simulate import ResultShape
    from .simulate import python as py_sim
    from .simulate.errors import ToolErrors

    for tool in prog.tools.values():
        node = tool.node
        if node.confirm:
            check_confirm_words(tool, prog, diags)
        if node.errors:  # an `error ... when COND` condition and its message compile like result fields
            ToolErrors(tool, prog, tool.locale, PROBE_DATE, diags)
        if node.returns is None:
            continue
        ResultShape(tool, prog, tool.locale, PROBE_DATE, diags)
        _Checker(tool, prog, diags).type(node.returns)
        if node.simulate is not None:
            try:
                py_sim.resolve(node.simulate, tool.file, prog.root)
            except py_sim.SimulatorError as exc:
                diags.error("E602", str(exc), node.simulate_span or node.span)


def check_confirm(tool: ast.Tool, diags: Diagnostics) -> None:
    """A ``confirm`` text reads the call's arguments by name (``{to}``), optional ones inside ``[...]``."""
    names = {p.name for p in tool.params}

    def walk(parts: tuple) -> None:
        for p in parts:
            name = p.name if p.kind == "slotref" else _word_key(p)
            if name is not None and name not in names:
                diags.error("E103", f"`{tool.name}` has no parameter `{name}` for its confirmation to read", p.span,
                            hint=did_you_mean(name, names))
            elif name is None and p.kind in ("resultref", "expr", "choice"):
                diags.error("E002", "a confirmation reads arguments by name only: `{to}`, `[ (cc: {cc})]`, or a "
                            "map slot's words for an argument's value: `{priority_zh[priority]}`", p.span)
            elif p.kind == "optional":
                walk(p.parts)

    for text in tool.confirm:
        if text.template is not None:
            walk(text.template.parts)


def _word_key(p: Any) -> str | None:
    """The parameter a confirmation's ``{slot[parameter]}`` reads (``None``: the part is not one)."""
    e = p.expr if p.kind == "expr" else None
    ok = isinstance(e, ast.EItem) and isinstance(e.obj, ast.EName) and isinstance(e.key, ast.EName)
    return e.key.name if ok else None


def confirm_word_refs(parts: tuple) -> Iterator[tuple[Any, str, str]]:
    """The ``{slot[parameter]}`` placeholders of a confirmation's parts, ``[...]`` included: ``(part, slot,
    parameter)`` each (what else a ``{...}`` there reads is an error, :func:`check_confirm`)."""
    for p in parts:
        if p.kind == "optional":
            yield from confirm_word_refs(p.parts)
        elif (param := _word_key(p)) is not None:
            yield p, p.expr.obj.name, param


def check_confirm_words(tool: ir.ToolIR, prog: ir.Program, diags: Diagnostics) -> None:
    """A confirmation's ``{slot[parameter]}`` (the words of its language for an argument's value): ``slot`` is a
    map slot -- every declaration of it, since a conversation reads the one of its locale -- with an entry for
    every value of ``parameter``, an enum, or a ``"*"`` entry (E102, E106, E315)."""
    for text in tool.node.confirm:
        if text.template is None:
            continue
        for part, name, param in confirm_word_refs(text.template.parts):
            span = part.expr.span or part.span
            declared = list((prog.slot_variants.get(name) or {}).values()) or \
                ([prog.slots[name]] if name in prog.slots else [])
            if not declared:
                diags.error("E102", f"unknown slot `{name}`", span, hint=did_you_mean(name, prog.slot_names()))
            for slot in declared:
                if not _confirm_words_of(slot, name, tool.params.get(param), span, diags):
                    break


def _confirm_words_of(slot: ir.SlotIR, name: str, p: ast.Param | None, span: Any, diags: Diagnostics) -> bool:
    """Checks one declaration of the slot a confirmation's ``{name[p]}`` reads; ``False`` after an error."""
    if not isinstance(slot.node.source, ast.MapSource):
        diags.error("E106", f"`{name}[...]` picks from a map slot (`{{\"key\": value, ...}}`); `{name}` is not one",
                    span)
        return False
    keys = {entry.surface for entry in slot.node.source.entries}
    if "*" in keys or p is None:  # an unknown parameter is E103 (check_confirm)
        return True
    if not isinstance(p.type, ast.EnumType):
        diags.error("E315", f"`{name}[{p.name}]`: `{p.name}` is not an enum, so `{name}` needs a `\"*\": ...` entry for "
                    "the values it has no entry for", span)
        return False
    missing = [v for v in p.type.values if str(v) not in keys]
    if missing:
        diags.error("E315", f"slot `{name}` has no entry for {', '.join(repr(v) for v in missing[:5])}", span,
                    hint='add the entries, or a `"*": ...` entry for any other value')
        return False
    return True


def check_param_types(fields: tuple[ast.Param, ...], diags: Diagnostics, where: str) -> None:
    """Result-only constructs used in a tool's parameters: each is an error at its place."""
    for p in fields:
        t = p.type
        if p.source is not None:
            diags.error("E202", f"the default of parameter `{p.name}` must be a literal, `today` or `now`",
                        getattr(p.source, "span", None) or p.span,
                        hint="computed values (`= expression`, `= faker.x`) describe result fields, under `returns`")
        _check_param_type(t, p, diags)


def _check_param_type(t: Any, p: ast.Param, diags: Diagnostics) -> None:
    if isinstance(t, ast.PrimType):
        if t.unit is not None:
            diags.error("E314", f"`in {t.unit}` describes a result number, not parameter `{p.name}`", t.span or p.span)
        if t.lo_expr is not None or t.hi_expr is not None:
            diags.error("E203", f"the range of parameter `{p.name}` must be numbers", t.span or p.span,
                        hint="ranges computed from other values describe result fields")
    elif isinstance(t, ast.ListType):
        if t.sort is not None or t.unique or t.where is not None or t.count_lo is not None or \
                t.count_lo_expr is not None:
            diags.error("E314", f"item counts, `sorted by`, `unique` and `where` describe results, not parameter "
                        f"`{p.name}`", t.span or p.span)
        _check_param_type(t.item, p, diags)
    elif isinstance(t, ast.ObjectType):
        if t.where is not None:
            diags.error("E314", f"`where` describes results, not parameter `{p.name}`", t.where.span or p.span)
        for f in t.fields:
            if f.source is not None:
                diags.error("E202", f"the default of field `{f.name}` must be a literal", f.span)
            _check_param_type(f.type, f, diags)


class _Checker:
    """The static satisfiability checks of one tool's result shape."""

    def __init__(self, tool: ir.ToolIR, prog: ir.Program, diags: Diagnostics) -> None:
        self.tool, self.prog, self.diags = tool, prog, diags

    def err(self, code: str, message: str, span: Any, hint: str | None = None) -> None:
        self.diags.error(code, message, span or self.tool.node.span, hint=hint)

    def type(self, t: Any, fields: tuple[ast.Param, ...] = ()) -> None:
        if isinstance(t, ast.ObjectType):
            for f in t.fields:
                self.field(f, t.fields)
            self.where(t.where, t.fields)
        elif isinstance(t, ast.ListType):
            self.list(t)
        elif isinstance(t, ast.PrimType) and t.unit is not None:
            self.unit(t)

    def field(self, f: ast.Param, siblings: tuple[ast.Param, ...]) -> None:
        self.type(f.type, siblings)
        src = f.source
        if isinstance(src, ast.EItem) and isinstance(src.obj, ast.EName):
            self.keyed(src)

    def unit(self, t: ast.PrimType) -> None:
        p = self.tool.params.get(t.unit)
        if p is None:
            self.err("E103", f"`in {t.unit}`: `{self.tool.name}` has no parameter `{t.unit}`", t.span)
            return
        if not isinstance(p.type, ast.EnumType):
            self.err("E314", f"`in {t.unit}` needs `{t.unit}` to be an enum of units (\"celsius\" | \"fahrenheit\")",
                     t.span)
            return
        dims = {UNITS[v][0] if isinstance(v, str) and v in UNITS else None for v in p.type.values}
        if None in dims or len(dims) != 1:
            bad = [v for v in p.type.values if not (isinstance(v, str) and v in UNITS)]
            what = f"{', '.join(repr(v) for v in bad)} {'is not a unit' if len(bad) == 1 else 'are not units'}" if bad \
                else "the values are units of different dimensions"
            self.err("E314", f"`in {t.unit}`: {what}", t.span, hint=f"known units: {', '.join(sorted(UNITS))}")

    def keyed(self, e: ast.EItem) -> None:
        slot = self.prog.slot_for(e.obj.name, self.tool.locale)
        if slot is None or not isinstance(slot.node.source, ast.MapSource):
            return
        keys = {entry.surface for entry in slot.node.source.entries}
        if "*" in keys:
            return
        values = self.enum_values(e.key)
        if values is None:
            return
        missing = [v for v in values if str(v) not in keys]
        if missing:
            self.err("E315", f"slot `{e.obj.name}` has no entry for {', '.join(repr(v) for v in missing[:5])}",
                     e.span, hint='add the entries, or a `"*": ...` entry for any other key')

    def enum_values(self, e: Any) -> list | None:
        """The values an expression can take when it is an enum argument or field (else ``None``)."""
        if isinstance(e, ast.EName):
            p = self.tool.params.get(e.name)
            if p is not None and isinstance(p.type, ast.EnumType):
                return list(p.type.values)
        return None

    def list(self, t: ast.ListType) -> None:
        item = t.item
        fields = item.fields if isinstance(item, ast.ObjectType) else ()
        names = {f.name for f in fields}
        if isinstance(item, ast.ObjectType):
            self.type(item)
        if t.sort is not None:
            for value, key in t.sort.keys:
                if key.field not in names:
                    self.err("E106", f"`sorted by`: the items have no field `{key.field}`", key.span or t.sort.span)
            if t.sort.by_arg is not None:
                p = self.tool.params.get(t.sort.by_arg)
                if p is None:
                    self.err("E103", f"`sorted by {t.sort.by_arg}`: `{self.tool.name}` has no parameter "
                             f"`{t.sort.by_arg}`", t.sort.span)
                elif isinstance(p.type, ast.EnumType):
                    unknown = [v for v, _ in t.sort.keys if v not in p.type.values]
                    if unknown:
                        self.err("E201", f"`sorted by {t.sort.by_arg}`: {unknown[0]!r} is not a value of "
                                 f"`{t.sort.by_arg}`", t.sort.span)
        hi = self.max_count(t)
        for u in t.unique:
            if u not in names:
                self.err("E106", f"`unique {u}`: the items have no field `{u}`", t.span)
                continue
            f = next(f for f in fields if f.name == u)
            n = self.distinct_values(f)
            if n is not None and hi is not None and hi > n:
                self.err("E316", f"`unique {u}` asks for up to {hi} items, but `{u}` has only {n} distinct values",
                         t.span, hint="lower the item count or widen the field's values")
        lo = self.min_count(t)
        if lo is not None and lo < 0:
            self.err("E316", f"the item count can be {lo} for some arguments", t.span)
        self.where(t.where, fields)

    def count_bound(self, static: Any, e: Any, upper: bool) -> Any:
        if static is not None:
            return static
        if isinstance(e, ast.EName):
            p = self.tool.params.get(e.name)
            if p is not None and isinstance(p.type, ast.PrimType) and p.type.name == "int":
                return p.type.hi if upper else p.type.lo
        return None

    def max_count(self, t: ast.ListType) -> Any:
        return self.count_bound(t.count_hi, t.count_hi_expr, True)

    def min_count(self, t: ast.ListType) -> Any:
        return self.count_bound(t.count_lo, t.count_lo_expr, False)

    def distinct_values(self, f: ast.Param) -> int | None:
        t = f.type
        if f.source is None:
            if isinstance(t, ast.EnumType):
                return len(t.values)
            if isinstance(t, ast.PrimType) and t.name == "int" and t.lo is not None and t.hi is not None:
                return int(t.hi - t.lo + 1)
            return None
        if isinstance(f.source, ast.EItem) and isinstance(f.source.obj, ast.EName):
            slot = self.prog.slot_for(f.source.obj.name, self.tool.locale)
            if slot is not None and isinstance(slot.node.source, ast.MapSource):
                return min(1 + len(e.more) for e in slot.node.source.entries)
        if isinstance(f.source, ast.EName):
            slot = self.prog.slot_for(f.source.name, self.tool.locale)
            if slot is not None and slot.sampler.finite is not None and not isinstance(slot.node.source, ast.FakerSource):
                return len({d.value for d in slot.sampler.finite})
        return None

    def where(self, e: Any, fields: tuple[ast.Param, ...]) -> None:
        """``FIELD op ARG`` conjuncts: the field's static range must meet every value the argument may take."""
        from .simulate.constraints import conjuncts, field_bound

        by_name = {f.name: f for f in fields}
        for c in conjuncts(e):
            hit = field_bound(c, set(by_name))
            if hit is None:
                continue
            name, op, other = hit
            f = by_name[name]
            if not isinstance(f.type, ast.PrimType) or f.type.name not in ("int", "float") or f.source is not None:
                continue
            lo, hi = f.type.lo, f.type.hi
            arg_range = self.arg_range(other)
            if arg_range is None:
                continue
            alo, ahi = arg_range
            if op in (">=", ">", "==") and hi is not None and ahi is not None and (ahi > hi or (op == ">" and ahi >= hi)):
                self.err("E317", f"`{_text(c)}` cannot hold when `{_text(other)}` is above {hi} (it may be up to {ahi})",
                         c.span, hint=f"narrow the parameter's range or widen `{name}`'s")
            if op in ("<=", "<", "==") and lo is not None and alo is not None and (alo < lo or (op == "<" and alo <= lo)):
                self.err("E317", f"`{_text(c)}` cannot hold when `{_text(other)}` is below {lo} (it may be as low as {alo})",
                         c.span, hint=f"narrow the parameter's range or widen `{name}`'s")

    def arg_range(self, e: Any) -> tuple[Any, Any] | None:
        """The declared range of an argument reference (``min_rating``, ``filters.min_rating``)."""
        path: list[str] = []
        while isinstance(e, ast.EAttr):
            path.append(e.name)
            e = e.obj
        if not isinstance(e, ast.EName):
            return None
        p = self.tool.params.get(e.name)
        t = p.type if p is not None else None
        for name in reversed(path):
            if not isinstance(t, ast.ObjectType):
                return None
            match = [f for f in t.fields if f.name == name]
            t = match[0].type if match else None
        if isinstance(t, ast.PrimType) and t.name in ("int", "float"):
            return t.lo, t.hi
        return None


def _text(e: Any) -> str:
    from .exprs import show

    return show(e)
