"""Parse stage, tree builder for types (input: tool.lark trees of the type rules; output: dsl.ast type nodes).

Mixed into :class:`.build.Build`: the ``prim_type``, ``list_type``, ``enum_type``, ``object_type``, ``range``
and ``count`` rules build :class:`~dsl.ast.PrimType`, :class:`~dsl.ast.ListType`, :class:`~dsl.ast.EnumType`
and :class:`~dsl.ast.ObjectType` nodes.

Types are written for parameters (``days: int(1..16)``) and for result shapes (``normal_low: int in unit``,
``modified: date(today - 365..today)``), where bounds and item counts may be expressions computed per row
(``list[T](1..limit)``) and a literal after ``=`` is the field's value source (:func:`as_result_shape`).
"""

from __future__ import annotations

from typing import Any

from ..ast import ELit, EName, EnumType, Keyword, ListType, Literal_, ObjectType, PrimType
from ..diagnostics import did_you_mean
from ..span import Span
from .exprs import Sort, Unique, Unit, Where, as_expr
from .tables import Token

__all__ = ["TypeBuild", "as_result_shape", "static_bound"]


class TypeBuild:
    """Rule callbacks building type nodes; uses :class:`.values.Values`' token helpers (``self.fail``, ...)."""

    def prim_type(self, span: Span | None, c: list) -> PrimType:
        tok = c[0]
        name = self.type_name(tok)
        if name == "list":
            self.fail("E001", "`list` needs an item type", self.tspan(tok), hint="write `list[string]`")
            name = "string"
        lo = hi = lo_expr = hi_expr = None
        unit = None
        rest = list(c[1:])
        if rest and isinstance(rest[-1], Unit):
            unit = rest.pop().value
        if rest:
            lo, hi, rspan = rest[0]
            lo, lo_expr = static_bound(lo)
            hi, hi_expr = static_bound(hi)
            if name not in ("int", "float", "date", "datetime"):
                self.fail("E203", f"`{tok}` takes no range; only `int`, `float`, `date` and `datetime` do", rspan)
                lo = hi = lo_expr = hi_expr = None
            elif name in ("date", "datetime"):
                lo_expr = lo_expr if lo is None else ELit.make(value=lo, span=rspan)
                hi_expr = hi_expr if hi is None else ELit.make(value=hi, span=rspan)
                lo = hi = None
            else:
                lo, hi = self.check_range(name, lo, hi, rspan)
        return PrimType.make(name=name, lo=lo, hi=hi, lo_expr=lo_expr, hi_expr=hi_expr, unit=unit,  # type: ignore[arg-type]
                        span=span)

    def list_type(self, span: Span | None, c: list) -> ListType:
        tok, item = c[0], c[1]
        if str(tok) != "list":
            self.fail("E001", f"unknown type `{tok}`", self.tspan(tok),
                      hint=did_you_mean(str(tok), ["list"]) or "only `list` takes an item type: `list[string]`")
        count_lo = count_hi = count_lo_expr = count_hi_expr = None
        sort, unique, where = None, [], None
        for x in c[2:]:
            if isinstance(x, Sort):
                sort = x.value
            elif isinstance(x, Unique):
                unique.append(x.value)
            elif isinstance(x, Where):
                where = x.value if where is None else _and(where, x.value)
            else:
                (count_lo, count_lo_expr), (count_hi, count_hi_expr) = x
        return ListType.make(item=item, count_lo=count_lo, count_hi=count_hi, count_lo_expr=count_lo_expr,
                        count_hi_expr=count_hi_expr, sort=sort, unique=tuple(unique), where=where, span=span)

    def enum_type(self, span: Span | None, c: list) -> EnumType:
        values: list[str | int] = []
        for tok in c:
            if tok.type == "STRING":
                values.append(self.string(tok))
            else:
                value = self.number(tok)
                if not isinstance(value, int):
                    self.fail("E205", f"enum members are strings or whole numbers, not `{tok}`", self.tspan(tok))
                    value = 0
                values.append(value)
        return EnumType.make(values=tuple(values), span=span)

    def object_type(self, span: Span | None, c: list) -> ObjectType:
        where = c.pop().value if c and isinstance(c[-1], Where) else None
        return ObjectType.make(fields=tuple(c), where=where, span=span)

    def range(self, span: Span | None, c: list) -> tuple[Any, Any, Span | None]:
        """``(lo, hi, span)``: numbers where the bounds are number literals, else expressions (``None``: no bound)."""
        lo = hi = None
        seen_dots = False
        for x in c:
            if isinstance(x, Token) and x.type == "DOTDOT":
                seen_dots = True
            elif seen_dots:
                hi = as_expr(x)
            else:
                lo = as_expr(x)
        if lo is None and hi is None:
            self.fail("E203", "a range needs at least one bound", span, hint="write `(1..10)`, `(1..)` or `(..10)`")
        return lo, hi, span

    def count(self, span: Span | None, c: list) -> tuple:
        """``((lo, lo_expr), (hi, hi_expr))`` of ``(N)`` or ``(LO..HI)`` (numbers where the bounds are literals)."""
        parts = [as_expr(x) for x in c if not (isinstance(x, Token) and x.type == "DOTDOT")]
        lo_e = parts[0]
        hi_e = parts[1] if len(parts) > 1 else parts[0]
        out = []
        for e in (lo_e, hi_e):
            n, expr = static_bound(e)
            if n is not None and (not isinstance(n, int) or n < 0):
                self.fail("E203", f"an item count must be a whole number >= 0, not `{n}`", e.span or span)
                n = 0
            out.append((n, expr))
        if out[0][0] is not None and out[1][0] is not None and out[0][0] > out[1][0]:
            self.fail("E203", f"empty item count range: {out[0][0]} is greater than {out[1][0]}", span)
            return (None, None), (None, None)
        return tuple(out)


def static_bound(e: Any) -> tuple[Any, Any]:
    """``(number, None)`` for a number literal bound, ``(None, expr)`` for any other expression, ``(None, None)``
    for no bound."""
    if e is None:
        return None, None
    if isinstance(e, ELit) and isinstance(e.value, (int, float)) and not isinstance(e.value, bool):
        return e.value, None
    return None, e


def _and(a: Any, b: Any) -> Any:
    from ..ast import EBinary

    return EBinary.make(op="and", left=a, right=b, span=a.span)


def as_result_shape(type_: Any) -> Any:
    """In a ``returns`` shape a literal after ``=`` is the field's value source, not a default. A node with nothing
    to change is returned as it is (the fields a copy would update are required ones, so already in its
    ``model_fields_set``: a copy would differ in identity only)."""
    if isinstance(type_, ObjectType):
        fields = []
        changed = False
        for f in type_.fields:
            update: dict[str, Any] = {}
            shape = as_result_shape(f.type)
            if shape is not f.type:
                update["type"] = shape
            if isinstance(f.default, Literal_):
                update.update(source=f.default, default=None)
            elif isinstance(f.default, Keyword):  # `= today` in a result shape: the reference date
                update.update(source=EName.make(name=f.default.name, span=f.default.span), default=None)
            if update:
                f = f.model_copy(update=update)
                changed = True
            fields.append(f)
        return type_.model_copy(update={"fields": tuple(fields)}) if changed else type_
    if isinstance(type_, ListType):
        item = as_result_shape(type_.item)
        return type_ if item is type_.item else type_.model_copy(update={"item": item})
    return type_