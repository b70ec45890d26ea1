"""Parse stage, tree builder: lark parse tree -> AST (input: a Tree of tool.lark; output: dsl.ast nodes, value errors into a Reporter).

:class:`Build` is the only code that touches ``lark.Tree``; every AST node it builds carries the
:class:`~dsl.span.Span` of its text, from its first character to its last. (Spans are computed from the
tokens, which the tree keeps -- ``keep_all_tokens`` -- instead of lark's ``propagate_positions``: the
same positions, for less time.) Its callbacks are looked up by the grammar's own rule names
(:func:`.grammar.rule_names`), as lark's ``parse_tree_builder`` does, so a rule without a callback fails
at the first parse and in the tests, not silently.
"""

from __future__ import annotations

import math
from functools import lru_cache
from typing import Any

from toolc import limits

from ..ast import (
    Arg, AssistantStep, Call, CallStep, ChoiceSource, Count, DatasetDecl, ECase, EList, ELit, EName, EnumType, FakerSource,
    Import, Keyword, LangText, ListArg, ListType, ListValue, Literal_, LiteralArg, MapEntry, MapSource, ObjectType, Param,
    PrimType, RangeSource, RelDate, ResultArg, Scenario, Slot, SlotArg, Template, Text, Tool, UserStep,
)
from ..diagnostics import Label, SpecError, did_you_mean
from ..span import Span
from ..template import parse_template, unquote
from .exprs import Confirm, ExprBuild, Fails, Simulate, Sort, ToolError, Unique, Unit, Where, Withhold, as_expr
from .grammar import Reporter, tok_span
from .tables import Token, tables

__all__ = ["Build", "MAX_NESTING", "MAX_RELATIVE_DAYS", "TYPE_NAMES", "rule_functions"]

#: Type names as written -> the normalised :class:`~dsl.ast.PrimType` name.
TYPE_NAMES: dict[str, str] = {
    "string": "string", "str": "string", "int": "int", "integer": "int", "float": "float", "number": "float",
    "bool": "bool", "boolean": "bool", "date": "date", "datetime": "datetime",
}
#: Deepest parse tree accepted (the stages after the parser recurse over the AST).
MAX_NESTING = 200
#: Largest distance of a relative date (``+Nd``) from the reference date, in days (about 100 years; defined with
#: the ``--today`` range it keeps valid in toolc.limits).
MAX_RELATIVE_DAYS = limits.MAX_RELATIVE_DAYS


@lru_cache(maxsize=1)
def rule_functions() -> dict[str, Any]:
    """Tree node name (a rule of tool.lark) -> the :class:`Build` function building it (called with the builder as ``self``).

    Raises:
        NotImplementedError: a rule of the grammar has no callback (a bug caught by the tests).
    """
    names = tables().rule_names
    missing = sorted(n for n in names if not callable(getattr(Build, n, None)))
    if missing:
        raise NotImplementedError(f"tool.lark rules without a builder callback: {', '.join(missing)}")
    return {name: getattr(Build, name) for name in names}


def _first_token(tree: Any) -> Any:
    from lark import Tree

    while isinstance(tree, Tree):
        tree = tree.children[0]
    return tree


class _Values:
    """What every rule callback shares: the file, error reporting, and the values of tokens (strings,
    templates, numbers) with their value-level errors (escapes, types, ranges)."""

    def __init__(self, file: str, report: Reporter) -> None:
        self.file = file
        self.report = report
        self._raw: dict[int, tuple[Any, Token]] = {}

    def transform(self, tree: Any) -> Any:
        """Builds the AST bottom-up (post-order) from ``tree``; each node's span runs from its first token to its last.

        Raises:
            SpecError: E001 when the tree nests deeper than :data:`MAX_NESTING` (later stages recurse).
        """
        from lark import Tree

        rules, drop, file, own = rule_functions(), tables().drop, self.file, Token.of
        # one frame per open tree: [node, index of the next child, built children]; a built child is a
        # token or a tuple (value, line, col, end_line, end_col)
        frames: list[list] = [[tree, 0, []]]
        while True:
            frame = frames[-1]
            node, i, kids = frame
            children = node.children
            n = len(children)
            while i < n:
                child = children[i]
                i += 1
                if type(child) is Tree:
                    frame[1] = i
                    if len(frames) >= MAX_NESTING:
                        raise SpecError("E001", f"the spec nests deeper than {MAX_NESTING} levels here",
                                        self.tspan(_first_token(child)), hint="flatten the nested types")
                    frames.append([child, 0, []])
                    break
                kids.append(own(child))  # lark's token -> the builder's (see .tables.Token)
            else:  # every child built: build this node
                frames.pop()
                if kids:
                    first, last = kids[0], kids[-1]
                    sl, sc = (first.line, first.column) if type(first) is Token else (first[1], first[2])
                    el, ec = (last.end_line, last.end_column) if type(last) is Token else (last[3], last[4])
                    values = [k if type(k) is Token else k[0] for k in kids
                              if type(k) is not Token or k.type not in drop]
                    built = (rules[node.data](self, Span(file, sl, sc, el, ec), values), sl, sc, el, ec)
                else:
                    built = (rules[node.data](self, None, []), 1, 1, 1, 1)
                if not frames:
                    return built[0]
                frames[-1][2].append(built)

    def tspan(self, tok: Token) -> Span:
        return tok_span(self.file, tok)

    def fail(self, code: str, message: str, span: Span | None, hint: str | None = None,
             notes: tuple[str, ...] = (), labels: tuple[Label, ...] = ()) -> None:
        self.report.add(SpecError(code, message, span, hint, notes, labels))

    def string(self, tok: Token) -> str:
        try:
            return unquote(str(tok), self.tspan(tok))
        except SpecError as e:
            self.report.add(e)
            return ""

    def template(self, tok: Token) -> Template:
        try:
            return parse_template(str(tok), self.tspan(tok), self._placeholder_expr)
        except SpecError as e:
            self.report.add(e)
            return Template.make(parts=(), source_text=str(tok)[1:-1], span=self.tspan(tok))

    def number(self, tok: Token) -> int | float:
        """The value of a NUMBER token: an int without ``.``/exponent, else a float; E205 out of range."""
        text = str(tok)
        if all(c.isdigit() for c in text.lstrip("+-")):
            digits = text.lstrip("+-").lstrip("0")
            if len(digits) <= 19 and abs(value := int(text)) < 2**63:
                return value
        else:
            value = float(text)
            if math.isfinite(value):
                return value
        shown = text if len(text) <= 24 else text[:21] + "..."
        self.fail("E205", f"number `{shown}` is out of range", self.tspan(tok),
                  hint="whole numbers must fit in 64 bits, and floats must be finite")
        return 0

    def integer(self, tok: Token, what: str, code: str = "E205", minimum: int | None = None) -> int:
        value = self.number(tok)
        if not isinstance(value, int):
            self.fail(code, f"{what} must be a whole number, not `{tok}`", self.tspan(tok))
            return 0
        if minimum is not None and value < minimum:
            self.fail(code, f"{what} must be at least {minimum}, not `{tok}`", self.tspan(tok))
        return value

    def name(self, tok: Token) -> str:
        """A tool, parameter or argument name: a NAME as written, or a quoted one's text (``"Content-Type"``)."""
        if tok.type == "NAME":
            return str(tok)
        text = self.string(tok)
        if not text:
            self.fail("E001", "a name cannot be empty", self.tspan(tok), hint="write a name between the quotes")
        return text

    def type_name(self, tok: Token) -> str:
        written = str(tok)
        if written in TYPE_NAMES:
            return TYPE_NAMES[written]
        if written == "list":
            return "list"
        self.fail("E001", f"unknown type `{written}`", self.tspan(tok),
                  hint=did_you_mean(written, [*TYPE_NAMES, "list"]) or
                  "expected a type: string, int, float, bool, date, datetime, list[T], \"a\" | \"b\" or { ... }")
        return "string"

    def check_range(self, name: str, lo: Any, hi: Any, span: Span | None) -> tuple[Any, Any]:
        if name == "int":
            for b in (lo, hi):
                if isinstance(b, float):
                    self.fail("E203", f"an `int` range needs whole-number bounds, not `{b}`", span)
                    return None, None
        if lo is not None and hi is not None and lo > hi:
            self.fail("E203", f"empty range: {lo} is greater than {hi}", span, hint=f"write `({hi}..{lo})`")
            return None, None
        return lo, hi

    def count_setting(self, key: str, span: Span | None, c: list) -> tuple:
        n = self.integer(c[0], f"the `{key}` row count", "E305", minimum=0)
        return (key, Count.make(n=n, each=len(c) > 1, span=span), span)


class Build(ExprBuild, _Values):
    """Parse tree -> AST nodes with spans. Reports value-level errors (escapes, types, ranges) and goes on.

    One public method per tree node of the grammar (:func:`.grammar.rule_names`, read from tool.lark), called
    as ``method(span, children)`` with the children already built (punctuation and keywords left out); a test
    checks that the public methods and the grammar's rules are the same set. :meth:`transform` walks the tree
    itself, iteratively: it binds every rule method once (lark's ``v_args`` wrapper re-binds per node and was
    most of the parse time), and a deeply nested spec cannot overflow Python's stack.
    """

    # -- module

    def start(self, span: Span | None, items: list) -> list:
        return items

    def locale(self, span: Span | None, c: list) -> tuple[str, str, Span | None]:
        return ("locale", str(c[0]), span)

    def import_(self, span: Span | None, c: list) -> Import:
        return Import.make(path=self.string(c[0]), span=span)

    # -- tools

    def tool(self, span: Span | None, c: list) -> Tool:
        name = self.name(c[0])
        rest = c[1:]
        description = ""
        if rest and isinstance(rest[0], Token):
            description = self.string(rest.pop(0))
        confirm: tuple = ()
        errors: list = []
        while rest and isinstance(rest[-1], (Confirm, ToolError)):
            x = rest.pop()
            if isinstance(x, Confirm):
                if confirm:
                    self.fail("E303", f"`confirm` is set twice in tool `{name}`", span)
                confirm = x.value
            else:
                errors.insert(0, x.value)
        returns = rest.pop() if rest and isinstance(rest[-1], _Returns) else None
        simulate, simulate_span = (None, None)
        if returns is not None:
            type_, sim = returns.value
            if sim is not None:
                simulate, simulate_span = sim
        params = []
        for p in rest:
            if isinstance(p.source, EName):  # `x: int = tody`: a bare word is not a parameter default
                self.fail("E205", f"unknown value `{p.source.name}`", p.source.span,
                          hint=did_you_mean(p.source.name, ["today", "now"]) or
                          "a default is a literal (`\"x\"`, `3`, `2.5`, `true`), `today` or `now`")
                p = p.model_copy(update={"source": None})
            params.append(p)
        return Tool.make(name=name, description=description, params=tuple(params),
                    returns=type_ if returns else None, simulate=simulate, simulate_span=simulate_span,
                    confirm=confirm, errors=tuple(errors), span=span)

    def returns(self, span: Span | None, c: list) -> "_Returns":
        sim = c[1].value if len(c) > 1 and isinstance(c[1], Simulate) else None
        return _Returns((_as_result_shape(c[0]), sim))

    def param(self, span: Span | None, c: list) -> Param:
        name, type_ = self.name(c[0]), c[1]
        optional, required, default, source, description = False, False, None, None, None
        asks: list[LangText] = []
        for x in c[2:]:
            if isinstance(x, Token) and x.type == "QMARK":
                optional = True
            elif isinstance(x, Token) and x.type == "BANG":
                required = True
            elif isinstance(x, Token):
                description = self.string(x)
            elif isinstance(x, _Default):
                default, source = self._default_value(x.value)
            elif isinstance(x, _Ask):
                asks.append(x.value)
        return Param.make(name=name, type=type_, optional=optional, required=required, default=default, source=source,
                     description=description, asks=tuple(asks), span=span)

    def _default_value(self, e: Any) -> tuple[Any, Any]:
        """``(default, source)`` of ``= EXPR``: literals, ``today`` and ``now`` are defaults (in a result shape
        a literal default becomes the field's source); a Faker provider, a string with ``{`` placeholders or
        any other expression is a value source, which only result shapes accept (lowering says so)."""
        if isinstance(e, Literal_):
            if isinstance(e.value, str) and "{" in e.value:
                tpl = self._value_template(e)
                if tpl is not None and not all(isinstance(x, Text) for x in tpl.parts):
                    return None, tpl
                if tpl is not None:  # `= "\{"`: escaped template characters only: a literal
                    return Literal_.make(value="".join(x.text for x in tpl.parts), span=e.span), None
            return e, None
        if isinstance(e, EName) and e.name in ("today", "now"):
            return Keyword.make(name=e.name, span=e.span), None  # type: ignore[arg-type]
        if isinstance(e, EList) and all(isinstance(x, ELit) for x in e.items):  # `= ["a", "b"]`
            return ListValue.make(values=tuple(Literal_.make(value=x.value, span=x.span) for x in e.items), span=e.span), None
        return None, as_expr(e)

    def default(self, span: Span | None, c: list) -> "_Default":
        return _Default(c[0])

    def ask(self, span: Span | None, c: list) -> "_Ask":
        lang = str(c[0]) if len(c) > 1 else None
        return _Ask(LangText.make(lang=lang, text=self.string(c[-1]), span=span))

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
            lo, lo_expr = _static(lo)
            hi, hi_expr = _static(hi)
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
            n, expr = _static(e)
            if n is not None and (not isinstance(n, int) or n < 0):
                self.fail("E203", f"an item count must be a whole number >= 0, not `{n}`", e.span or span)
                n = 0
            out.append((n, expr))
        if out[0][0] is not None and out[1][0] is not None and out[0][0] > out[1][0]:
            self.fail("E203", f"empty item count range: {out[0][0]} is greater than {out[1][0]}", span)
            return (None, None), (None, None)
        return tuple(out)

    def literal(self, span: Span | None, c: list) -> Literal_:
        tok = c[0]
        value: str | bool | int | float
        if tok.type == "STRING":
            value = self.string(tok)
        elif tok.type == "TRUE":
            value = True
        elif tok.type == "FALSE":
            value = False
        else:
            value = self.number(tok)
        lit = Literal_.make(value=value, span=span)
        if tok.type == "STRING":
            self._raw[id(lit)] = (lit, tok)  # the node is kept, so its id is not reused
        return lit

    # -- slots

    def slot(self, span: Span | None, c: list) -> Slot:
        return Slot.make(name=str(c[0]), source=c[1], span=span)

    def faker(self, span: Span | None, c: list) -> FakerSource:
        base, provider = c[0], c[1]
        if str(base) != "faker":
            self.fail("E001", f"unknown value source `{base}.{provider}`", self.tspan(base),
                      hint=did_you_mean(str(base), ["faker"]) or "values come from Faker providers: `faker.city`")
        args: list[Literal_] = []
        kwargs: list[tuple[str, Literal_]] = []
        for arg in (c[2] if len(c) > 2 else ()):
            if isinstance(arg, Literal_):
                if kwargs:
                    self.fail("E204", "positional argument after a keyword argument", arg.span,
                              hint="put positional arguments first")
                args.append(arg)
            else:
                name, value, kwarg_span = arg  # not `span`: that is the whole call's, used below
                if any(k == name for k, _ in kwargs):
                    self.fail("E204", f"argument `{name}` is given twice", kwarg_span)
                kwargs.append((name, value))
        return FakerSource.make(provider=str(provider), args=tuple(args), kwargs=tuple(kwargs),
                           provider_span=self.tspan(provider), span=span)

    def faker_args(self, span: Span | None, c: list) -> list:
        return c

    def kwarg(self, span: Span | None, c: list) -> tuple[str, Literal_, Span | None]:
        return (str(c[0]), c[1], span)

    def choice_source(self, span: Span | None, c: list) -> ChoiceSource:
        return ChoiceSource.make(values=tuple(c), span=span)

    def range_source(self, span: Span | None, c: list) -> RangeSource:
        tok, (lo_e, hi_e, rspan) = c[0], c[1]
        (lo, lo_x), (hi, hi_x) = _static(lo_e), _static(hi_e)
        if lo_x is not None or hi_x is not None:
            self.fail("E203", "a slot range's bounds are numbers", rspan, hint="write `(LO..HI)`, e.g. `int(1..20)`")
            lo, hi = 0, 0
        name = TYPE_NAMES.get(str(tok))
        if name not in ("int", "float"):
            self.fail("E001", f"unknown value source `{tok}(...)`", self.tspan(tok),
                      hint=did_you_mean(str(tok), ["int", "float"]) or "a range slot is `int(LO..HI)` or `float(LO..HI)`")
            name = "int"
        if lo is None or hi is None:
            if lo is not None or hi is not None:
                self.fail("E203", "a slot range needs both bounds", rspan, hint="write `(LO..HI)`, e.g. `int(1..20)`")
            lo, hi = lo if lo is not None else 0, hi if hi is not None else 0
        else:
            checked = self.check_range(name, lo, hi, rspan)
            if checked == (None, None):
                lo, hi = 0, 0
        return RangeSource.make(type=name, lo=lo, hi=hi, span=span)  # type: ignore[arg-type]

    def map_source(self, span: Span | None, c: list) -> MapSource:
        return MapSource.make(entries=tuple(c), span=span)

    def map_entry(self, span: Span | None, c: list) -> MapEntry:
        more = tuple(x for x in c[2:] if isinstance(x, Literal_))
        if len(more) != len(c) - 2:
            self.fail("E205", "further values of a map entry are literals", span)
        return MapEntry.make(surface=self.string(c[0]), value=c[1], more=more, span=span)

    def reldate(self, span: Span | None, c: list) -> RelDate:
        text = str(c[0])
        digits = text[:-1].lstrip("+-")
        days = int(text[:-1]) * (7 if text.endswith("w") else 1) if len(digits) <= 6 else MAX_RELATIVE_DAYS + 1
        if abs(days) > MAX_RELATIVE_DAYS:
            self.fail("E205", f"relative date `{text}` is more than {MAX_RELATIVE_DAYS} days away", span)
            days = 0
        return RelDate.make(days=days, span=span)

    # -- scenarios

    def scenario(self, span: Span | None, c: list) -> Scenario:
        name = str(c[0])
        weight, tools, withheld, steps = 1.0, (), (), []
        for x in c[1:]:
            if isinstance(x, _Weight):
                weight = x.value
            elif isinstance(x, _Tools):
                tools = x.value
            elif isinstance(x, Withhold):
                withheld = x.value
            else:
                steps.append(x)
        return Scenario.make(name=name, weight=weight, tools=tools, withhold=withheld, steps=tuple(steps), span=span)

    def weight(self, span: Span | None, c: list) -> "_Weight":
        value = float(self.number(c[0]))
        if value <= 0:
            self.fail("E205", f"a scenario weight must be positive, not `{c[0]}`", self.tspan(c[0]))
            value = 1.0
        return _Weight(value)

    def scenario_tools(self, span: Span | None, c: list) -> "_Tools":
        return _Tools(tuple(self.name(t) for t in c))

    def user_step(self, span: Span | None, c: list) -> UserStep:
        return UserStep.make(alternatives=tuple(self.template(t) for t in c), span=span)

    def assistant_step(self, span: Span | None, c: list) -> AssistantStep:
        return AssistantStep.make(alternatives=tuple(self.template(t) for t in c), span=span)

    def assistant_case(self, span: Span | None, c: list) -> AssistantStep:
        """``assistant case { when COND: "..." | "..." else: "..." }``: each arm's values become templates."""
        case: ECase = c[0]
        arms, templates = [], []
        for arm in case.arms:
            values = []
            for v in arm.values:
                tpl = self._value_template(v) if isinstance(v, Literal_) and isinstance(v.value, str) else None
                if tpl is None:
                    self.fail("E001", "each alternative of a reply's `case` arm is a string", getattr(v, "span", None) or span)
                    continue
                values.append(tpl)
            arms.append(arm.model_copy(update={"values": tuple(values)}))
            templates += values
        return AssistantStep.make(alternatives=tuple(templates), case=case.model_copy(update={"arms": tuple(arms)}),
                             span=span)

    def refuse_step(self, span: Span | None, c: list) -> AssistantStep:
        return AssistantStep.make(alternatives=tuple(self.template(t) for t in c), refuse=True, span=span)

    def ask_step(self, span: Span | None, c: list) -> AssistantStep:
        return AssistantStep.make(alternatives=tuple(self.template(t) for t in c), clarify=True, span=span)

    def list_literal(self, span: Span | None, c: list) -> ListArg:
        return ListArg.make(values=tuple(c), span=span)

    def call_step(self, span: Span | None, c: list) -> CallStep:
        return CallStep.make(calls=tuple(c), span=span)

    def call(self, span: Span | None, c: list) -> Call:
        tool = c[0]
        fails, percent, declined = None, None, False
        while len(c) > 1 and (isinstance(c[-1], Fails) or isinstance(c[-1], Token) and c[-1].type == "DECLINED"):
            x = c.pop()
            if isinstance(x, Fails):
                fails, percent = x.value
            else:
                declined = True
        bind = c.pop() if len(c) > 1 and isinstance(c[-1], _Bind) else None
        return Call.make(tool=self.name(tool), args=tuple(c[1:]), bind=bind.value if bind else None, fails=fails,
                    fails_percent=percent, declined=declined, tool_span=self.tspan(tool), span=span)

    def bind(self, span: Span | None, c: list) -> "_Bind":
        return _Bind(str(c[0]))

    def arg(self, span: Span | None, c: list) -> Arg:
        *names, expr = c
        if isinstance(expr, Literal_):
            expr = LiteralArg.make(value=expr, span=expr.span)
        return Arg.make(name=".".join(self.name(n) for n in names), expr=expr, span=span)

    def ref(self, span: Span | None, c: list) -> SlotArg | ResultArg:
        if len(c) == 1:
            return SlotArg.make(name=str(c[0]), span=span)
        return ResultArg.make(base=str(c[0]), path=tuple(c[1:]), span=span)

    def field(self, span: Span | None, c: list) -> str:
        return str(c[0])

    def index(self, span: Span | None, c: list) -> int:
        return self.integer(c[0], "a list index", minimum=0)

    # -- datasets

    def dataset(self, span: Span | None, c: list) -> DatasetDecl:
        name = str(c[0])
        values: dict[str, Any] = {}
        spans: dict[str, Span | None] = {}
        for key, value, span in c[1:]:
            if key in spans:
                first = spans[key]
                self.fail("E303", f"`{key}` is set twice in dataset `{name}`", span,
                          hint="remove one of them", labels=(Label(first, "first set here"),) if first else ())
                continue
            spans[key] = span
            if key == "test":
                values["test_percent"], holdout = value
                if holdout is not None:
                    values["holdout"], spans["holdout"] = holdout
            else:
                values["formats" if key == "format" else key] = value
        return DatasetDecl.make(name=name, setting_spans=spans, span=span, **values)

    def system(self, span: Span | None, c: list) -> tuple:
        return ("system", tuple(LangText.make(lang=lang, text=self.string(tok), span=s) for lang, tok, s in
                                (x.value for x in c)), span)

    def scenarios(self, span: Span | None, c: list) -> tuple:
        return ("scenarios", tuple(str(t) for t in c), span)

    def sft(self, span: Span | None, c: list) -> tuple:
        return self.count_setting("sft", span, c)

    def rm(self, span: Span | None, c: list) -> tuple:
        return self.count_setting("rm", span, c)

    def ppo(self, span: Span | None, c: list) -> tuple:
        return self.count_setting("ppo", span, c)

    def perturb(self, span: Span | None, c: list) -> tuple:
        return ("perturb", tuple(str(t) for t in c), span)

    def distractors(self, span: Span | None, c: list) -> tuple:
        lo = self.integer(c[0], "the number of distractors", "E305", minimum=0)
        hi = self.integer(c[2], "the number of distractors", "E305", minimum=0) if len(c) > 2 else lo
        if lo > hi:
            self.fail("E305", f"empty distractor range: {lo} is greater than {hi}", span)
            hi = lo
        return ("distractors", (lo, hi), span)

    def test(self, span: Span | None, c: list) -> tuple:
        percent = float(self.number(c[0]))
        if not 0 <= percent < 100:
            self.fail("E305", f"the test share must be at least 0% and below 100%, not {c[0]}%", self.tspan(c[0]))
            percent = 0.0
        holdout = c[1] if len(c) > 1 else None
        return ("test", (percent, holdout), span)

    def holdout(self, span: Span | None, c: list) -> tuple[tuple[str, ...], Span | None]:
        names = tuple(str(t) for t in c)
        return (() if names == ("none",) else names), span

    def format(self, span: Span | None, c: list) -> tuple:
        return ("format", tuple(str(t) for t in c), span)

    def seed(self, span: Span | None, c: list) -> tuple:
        return ("seed", self.integer(c[0], "the seed", "E305", minimum=0), span)


class _Part:
    """One clause of a declaration, tagged by its subclass until the declaration's callback places it."""

    __slots__ = ("value",)

    def __init__(self, value: Any) -> None:
        self.value = value


class _Default(_Part):  # `= value` of a parameter
    __slots__ = ()


class _Ask(_Part):  # `ask "question"` of a parameter
    __slots__ = ()


class _Returns(_Part):  # `returns TYPE` of a tool
    __slots__ = ()


class _Weight(_Part):  # `weight N` of a scenario
    __slots__ = ()


class _Tools(_Part):  # `tools a, b` of a scenario
    __slots__ = ()


class _Bind(_Part):  # `-> name` of a call
    __slots__ = ()


def _static(e: Any) -> tuple[Any, Any]:
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


def _as_result_shape(type_: Any) -> Any:
    """In a ``returns`` shape a literal after ``=`` is the field's value source, not a default. A node with nothing
    to change is returned as it is (the fields a copy would update are required ones, so already in its
    ``model_fields_set``: a copy would differ in identity only)."""
    if isinstance(type_, ObjectType):
        fields = []
        changed = False
        for f in type_.fields:
            update: dict[str, Any] = {}
            shape = _as_result_shape(f.type)
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
        item = _as_result_shape(type_.item)
        return type_ if item is type_.item else type_.model_copy(update={"item": item})
    return type_
