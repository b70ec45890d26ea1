"""Parse stage, tree builder for expressions and result-shape clauses (input: tool.lark trees of the
``expr`` rules; output: dsl.ast expression nodes). Mixed into :class:`.build.Build`.

Expressions appear in result fields (``= days * 24``), ranges and item counts (``int(temp_low..40)``,
``(1..limit)``), ``where`` clauses, ``case`` arms and, parsed on their own from the ``expr_start`` rule,
``{...}`` placeholders of templates (:meth:`ExprBuild._placeholder_expr`).
"""

from __future__ import annotations

from typing import Any

from ..ast import (
    CaseArm, EAttr, EBinary, ECall, ECase, EItem, EList, ELit, EName, EUnary, FakerSource, LangText, Literal_,
    SortClause, SortKey, Template,
)
from ..diagnostics import SpecError
from ..span import Span
from .tables import Token

__all__ = ["ExprBuild", "as_expr"]


def as_expr(x: Any) -> Any:
    """An expression node for a built child: a ``literal`` rule's :class:`Literal_` becomes an :class:`ELit`."""
    if isinstance(x, Literal_):
        return ELit.make(value=x.value, span=x.span)
    return x


class _Clause:
    """A list or object clause, tagged by subclass until ``list_type``/``object_type`` places it."""

    __slots__ = ("value",)

    def __init__(self, value: Any) -> None:
        self.value = value


class Sort(_Clause):
    __slots__ = ()


class Unique(_Clause):
    __slots__ = ()


class Where(_Clause):
    __slots__ = ()


class Unit(_Clause):
    __slots__ = ()


class Simulate(_Clause):
    __slots__ = ()


class Confirm(_Clause):
    __slots__ = ()


class Fails(_Clause):
    __slots__ = ()


class Withhold(_Clause):
    __slots__ = ()


class _LangTok(_Clause):  # `zh "..."` before its rule decides whether the text is a template
    __slots__ = ()


class ToolError(_Clause):
    __slots__ = ()


class _When(_Clause):
    __slots__ = ()


class _Rate(_Clause):
    __slots__ = ()


class _Kwarg(_Clause):
    __slots__ = ("name", "span")

    def __init__(self, name: str, value: Any, span: Span | None) -> None:
        super().__init__(value)
        self.name, self.span = name, span


class ExprBuild:
    """Callbacks of the expression rules (see :class:`.build.Build` for the calling convention)."""

    # raw text of string literals, by the id of the Literal_ built for them: a result field's string or a
    # `case` arm of a reply is a template, which needs the literal as written (with its escapes)
    _raw: dict[int, tuple[Any, Token]]

    def _literal_token(self, lit: Any) -> Token | None:
        raw = getattr(self, "_raw", None)
        entry = raw.get(id(lit)) if raw is not None and isinstance(lit, Literal_) else None
        return entry[1] if entry is not None and entry[0] is lit else None

    def expr_start(self, span: Span | None, c: list) -> Any:
        return as_expr(c[0])

    def atom(self, span: Span | None, c: list) -> Any:
        """``( expr )``: the parenthesized expression."""
        return as_expr(c[0])

    def name_expr(self, span: Span | None, c: list) -> EName:
        return EName.make(name=str(c[0]), span=span)

    def list_expr(self, span: Span | None, c: list) -> EList:
        return EList.make(items=tuple(as_expr(x) for x in c if x is not None), span=span)

    def getattr(self, span: Span | None, c: list) -> Any:
        obj = as_expr(c[0])
        if isinstance(obj, FakerSource):
            self.fail("E001", f"a Faker provider has no fields: `.{c[1]}`", span, hint="write `faker.PROVIDER`")
            return obj
        if isinstance(obj, EName) and obj.name == "faker":  # `faker.company`: a provider without arguments
            return self._faker_call(EAttr.make(obj=obj, name=str(c[1]), span=span), [], [], span)
        return EAttr.make(obj=obj, name=str(c[1]), span=span)

    def getitem(self, span: Span | None, c: list) -> EItem:
        return EItem.make(obj=as_expr(c[0]), key=as_expr(c[1]), span=span)

    def call_args(self, span: Span | None, c: list) -> list:
        return c

    def kwarg_expr(self, span: Span | None, c: list) -> _Kwarg:
        return _Kwarg(str(c[0]), as_expr(c[1]), span)

    def call_expr(self, span: Span | None, c: list) -> Any:
        callee = c[0]
        raw_args = c[1] if len(c) > 1 and c[1] is not None else []
        args = [as_expr(a) for a in raw_args if not isinstance(a, _Kwarg)]
        kwargs = [(a.name, a.value) for a in raw_args if isinstance(a, _Kwarg)]
        if isinstance(callee, FakerSource) and not callee.args and not callee.kwargs:
            callee = EAttr.make(obj=EName.make(name="faker"), name=callee.provider, span=callee.span)
        if isinstance(callee, EAttr) and isinstance(callee.obj, EName) and callee.obj.name == "faker":
            return self._faker_call(callee, args, kwargs, span)
        if not isinstance(callee, EName):
            self.fail("E001", "only built-in functions can be called: `len(x)`, `max(r, rating)`, `faker.city()`",
                      span)
            return ELit.make(value=0, span=span)
        seen: set[str] = set()
        for name, _ in kwargs:
            if name in seen:
                self.fail("E204", f"argument `{name}` is given twice", span)
            seen.add(name)
        return ECall.make(func=callee.name, args=tuple(args), kwargs=tuple(kwargs), func_span=callee.span, span=span)

    def _faker_call(self, callee: EAttr, args: list, kwargs: list, span: Span | None) -> FakerSource:
        lits: list[Literal_] = []
        for a in args:
            if not isinstance(a, ELit):
                self.fail("E204", "Faker arguments are literals: `\"value\"` or `name=\"value\"`", a.span or span)
                continue
            lits.append(Literal_.make(value=a.value, span=a.span))
        kw: list[tuple[str, Literal_]] = []
        for name, v in kwargs:
            if not isinstance(v, ELit):
                self.fail("E204", "Faker arguments are literals: `\"value\"` or `name=\"value\"`", v.span or span)
                continue
            kw.append((name, Literal_.make(value=v.value, span=v.span)))
        provider_span = None
        if callee.span is not None:
            s = callee.span
            provider_span = Span(s.file, s.end_line, s.end_col - len(callee.name), s.end_line, s.end_col)
        return FakerSource.make(provider=callee.name, args=tuple(lits), kwargs=tuple(kw), provider_span=provider_span,
                           span=span)

    def neg(self, span: Span | None, c: list) -> Any:
        op, operand = str(c[0]), as_expr(c[1])
        if op == "+":
            return operand
        if isinstance(operand, ELit) and isinstance(operand.value, (int, float)) and not isinstance(operand.value, bool):
            return ELit.make(value=-operand.value, span=span)
        return EUnary.make(op="-", operand=operand, span=span)

    def not_op(self, span: Span | None, c: list) -> EUnary:
        return EUnary.make(op="not", operand=as_expr(c[0]), span=span)

    def binop(self, span: Span | None, c: list) -> EBinary:
        return EBinary.make(op=str(c[1]), left=as_expr(c[0]), right=as_expr(c[2]), span=span)

    comparison = binop

    def _fold(self, op: str, span: Span | None, c: list) -> Any:
        out = as_expr(c[0])
        for x in c[1:]:
            out = EBinary.make(op=op, left=out, right=as_expr(x), span=span)
        return out

    def coalesce(self, span: Span | None, c: list) -> Any:
        return self._fold("??", span, c)

    def or_test(self, span: Span | None, c: list) -> Any:
        return self._fold("or", span, c)

    def and_test(self, span: Span | None, c: list) -> Any:
        return self._fold("and", span, c)

    def case_expr(self, span: Span | None, c: list) -> ECase:
        arms = list(c)
        for i, arm in enumerate(arms[:-1]):
            if arm.cond is None:
                self.fail("E001", "`else` must be the last arm of `case`", arm.span or span)
        return ECase.make(arms=tuple(arms), span=span)

    def case_arm(self, span: Span | None, c: list) -> CaseArm:
        return CaseArm.make(cond=as_expr(c[0]), values=tuple(c[1:]), span=span)

    def case_else(self, span: Span | None, c: list) -> CaseArm:
        return CaseArm.make(cond=None, values=tuple(c), span=span)

    # -- result-shape clauses

    def unit(self, span: Span | None, c: list) -> Unit:
        return Unit(str(c[-1]))

    def where(self, span: Span | None, c: list) -> Where:
        return Where(as_expr(c[0]))

    def unique(self, span: Span | None, c: list) -> Unique:
        return Unique(str(c[0]))

    def sorted(self, span: Span | None, c: list) -> Sort:
        desc = len(c) > 1 and isinstance(c[1], Token) and c[1].type == "DESC"
        return Sort(SortClause.make(keys=((None, SortKey.make(field=str(c[0]), desc=desc, span=span)),), span=span))

    def sorted_by_arg(self, span: Span | None, c: list) -> Sort:
        return Sort(SortClause.make(by_arg=str(c[0]), keys=tuple(c[1:]), span=span))

    def sort_entry(self, span: Span | None, c: list) -> tuple:
        desc = len(c) > 2 and isinstance(c[2], Token) and c[2].type == "DESC"
        return (self.string(c[0]), SortKey.make(field=str(c[1]), desc=desc, span=span))

    def simulate(self, span: Span | None, c: list) -> Simulate:
        return Simulate((self.string(c[0]), span))

    def lang_text(self, span: Span | None, c: list) -> "_LangTok":
        return _LangTok((str(c[0]) if len(c) > 1 else None, c[-1], span))

    # -- behaviours: side effects, errors, withheld tools

    def _lang_texts(self, c: list) -> list[LangText]:
        """The ``[LANG] "text"`` items among a rule's children, each with its template."""
        return [LangText.make(lang=lang, text=self.string(tok), template=self.template(tok), span=s)
                for lang, tok, s in (x.value for x in c if isinstance(x, _LangTok))]

    def confirm(self, span: Span | None, c: list) -> Confirm:
        return Confirm(tuple(self._lang_texts(c)))

    def tool_error(self, span: Span | None, c: list) -> Any:
        from ..ast import ToolError as ToolErrorNode

        texts = self._lang_texts(c[1:])
        default = next((t for t in texts if t.lang is None), texts[0])
        when = next((x.value for x in c[1:] if isinstance(x, _When)), None)
        rate = next((x.value for x in c[1:] if isinstance(x, _Rate)), None)
        return ToolError(ToolErrorNode.make(name=str(c[0]), message=default.template, when=when, rate=rate,
                                            messages=tuple(texts) if len(texts) > 1 or texts[0].lang else (),
                                            span=span))

    def error_when(self, span: Span | None, c: list) -> "_When":
        return _When(as_expr(c[0]))

    def error_rate(self, span: Span | None, c: list) -> "_Rate":
        return _Rate(self._percent(c[0]))

    def fails(self, span: Span | None, c: list) -> Fails:
        return Fails((str(c[0]), self._percent(c[1]) if len(c) > 1 else None))

    def withhold(self, span: Span | None, c: list) -> Withhold:
        return Withhold(tuple(self.name(t) for t in c))

    def _percent(self, tok: Token) -> float:
        value = float(self.number(tok))
        if not 0 < value <= 100:
            self.fail("E205", f"a share of rows is more than 0% and at most 100%, not {tok}%", self.tspan(tok))
            value = 100.0
        return value

    # -- templates inside expressions

    def _value_template(self, lit: Any) -> Template | None:
        """A string literal with ``{`` placeholders, as a template (result fields, ``case`` replies)."""
        tok = self._literal_token(lit)
        if tok is None:
            return None
        return self.template(tok)

    def _placeholder_expr(self, text: str, span: Span | None) -> Any:
        """Parses the text inside one ``{...}`` of a template as an expression.

        Raises:
            SpecError: E002 when it is not one.
        """
        from .fast import parse_fast
        from .grammar import HeldReporter

        if span is not None and "\n" not in text:  # a one-line placeholder: spans are made where it stands
            held = HeldReporter()
            try:
                e = parse_fast(text, type(self)(span.file, held), "expr_start", span.line, span.col)
            except SpecError:
                e = None
            if e is not None:
                for error in held.errors:
                    self.report.add(error)
                return e
        from lark.exceptions import UnexpectedInput  # the recovering path (and its messages) are lark's

        from .grammar import parser

        try:
            tree = parser().parse(text, start="expr_start")
        except UnexpectedInput as exc:
            col = getattr(exc, "column", 1) or 1
            at = Span(span.file, span.line, span.col + col - 1, span.line, span.col + col) if span else None
            raise SpecError("E002", f"invalid expression `{text.strip()}` in a placeholder", at or span,
                            hint="a placeholder holds a slot, a result path or an expression: "
                                 "`{city}`, `{w.temp}`, `{max(r, rating).name}`") from None
        sub = type(self)(span.file if span else self.file, self.report)
        return _shift(sub.transform(tree), span)


def _shift(e: Any, span: Span | None) -> Any:
    """Moves the spans of an expression parsed from placeholder text (line 1, col 1) to where it stands."""
    if span is None:
        return e
    from pydantic import BaseModel

    def move(s: Span | None) -> Span | None:
        if s is None:
            return None
        return Span(span.file, span.line, span.col + s.col - 1, span.line, span.col + s.end_col - 1)

    def walk(x: Any) -> Any:
        if isinstance(x, Span):  # a named tuple: moved, not walked
            return move(x)
        if isinstance(x, tuple):
            return tuple(walk(v) for v in x)
        if not isinstance(x, BaseModel):
            return x
        update = {}
        for name in type(x).model_fields:
            v = getattr(x, name)
            if isinstance(v, Span) or (v is None and name.endswith("span")):
                update[name] = move(v)
            elif isinstance(v, (BaseModel, tuple)):
                update[name] = walk(v)
        return x.model_copy(update=update)

    return walk(e)
