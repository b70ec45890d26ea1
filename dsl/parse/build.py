"""Parse stage, tree builder: lark parse tree -> AST (input: a Tree of tool.lark; output: dsl.ast nodes, value errors into a Reporter).

:class:`Build` is the only code that touches ``lark.Tree``; every AST node it builds carries the
:class:`~dsl.span.Span` of its text, from its first character to its last. (Spans are computed from the
tokens, which the tree keeps -- ``keep_all_tokens`` -- instead of lark's ``propagate_positions``: the
same positions, for less time.) Its callbacks are looked up by the grammar's own rule names
(:func:`.grammar.rule_names`), as lark's ``parse_tree_builder`` does, so a rule without a callback fails
at the first parse and in the tests, not silently.

The callbacks for declarations (module, tools, parameters, slots, scenarios, datasets) are here; those for
type expressions are in :mod:`.typebuild`, for expressions in :mod:`.exprs`; the token values and the tree walk
they share in :mod:`.values`.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from toolc import limits

from ..ast import (
    Arg, AssistantStep, Call, CallStep, ChoiceSource, DatasetDecl, ECase, EList, ELit, EName, FakerSource, Import,
    Keyword, LangText, ListArg, ListValue, Literal_, LiteralArg, MapEntry, MapSource, Param, RangeSource, RelDate,
    ResultArg, Scenario, Slot, SlotArg, Text, Tool, UserStep,
)
from ..diagnostics import Label, did_you_mean
from ..span import Span
from .exprs import Confirm, ExprBuild, Fails, Simulate, ToolError, Withhold, as_expr
from .tables import Token, tables
from .typebuild import TypeBuild, as_result_shape, static_bound
from .values import MAX_NESTING, TYPE_NAMES, Values

__all__ = ["Build", "MAX_NESTING", "MAX_RELATIVE_DAYS", "TYPE_NAMES", "rule_functions"]

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


class Build(TypeBuild, ExprBuild, Values):
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
        return _Returns((as_result_shape(c[0]), sim))

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
        (lo, lo_x), (hi, hi_x) = static_bound(lo_e), static_bound(hi_e)
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
        pretend = c.pop().value if c and isinstance(c[-1], _Pretend) else ()
        return AssistantStep.make(alternatives=tuple(self.template(t) for t in c), refuse=True, pretend=pretend,
                                  span=span)

    def pretend(self, span: Span | None, c: list) -> _Pretend:
        return _Pretend(tuple(self.template(t) for t in c))

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


class _Pretend(_Part):  # `pretend "..." | "..."` of a refusal
    __slots__ = ()
