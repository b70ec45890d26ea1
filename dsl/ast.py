"""AST stage: the pydantic node types the parser builds from a `.tool` file (input: parse tree; output: these nodes).

Nodes are frozen pydantic models with ``extra="forbid"``; variants are discriminated unions on ``kind``.
Positions are attributes, not structure: ``span`` is excluded from equality and dumps, so two equal
trees compare equal wherever they stand (jinja2's habit, see HOUSE_STYLE.md).
"""

from __future__ import annotations

import os
from typing import Annotated, Any, Literal, Union

from pydantic import BaseModel, ConfigDict, Field

from .span import Span


class Node(BaseModel):
    """Base of every AST node: frozen, no extra fields, ``span`` ignored by ``==``.

    Validators are built on first use (``defer_build``): ``toolc check`` builds every node through
    :meth:`make` and never needs them, and building them all took ~0.15 s of every start-up.
    """

    model_config = ConfigDict(frozen=True, extra="forbid", arbitrary_types_allowed=True, defer_build=True)

    span: Span | None = Field(default=None, exclude=True, repr=False)

    def __eq__(self, other: object) -> bool:
        return type(self) is type(other) and self.model_dump() == other.model_dump()  # type: ignore[union-attr]

    def __hash__(self) -> int:
        return hash(repr(self))

    @classmethod
    def make(cls, **values: Any) -> Any:
        """A node from values that already have their fields' types, without validation (the parser's constructor).

        The node is the one ``cls(**values)`` makes -- same ``__dict__`` (field order, defaults), same
        ``model_fields_set`` -- in a third of the time; like ``cls(...)`` and unlike pydantic's ``model_construct``
        it refuses unknown and missing fields (``TypeError``). The caller answers for the types: ``cls(**values)``
        would turn a ``lark.Token`` into ``str`` and ``1`` into ``1.0`` for a ``float`` field, ``make`` keeps what
        it is given. With :data:`CHECK_MADE` set (the test suite sets it) every node is also validated and must
        come out the same, type for type.

        Each class gets its own keyword-only constructor on first use (generated from its fields, then found as
        ``cls.make``): binding keywords is then the interpreter's work, not a dict merge per node.

        Raises:
            TypeError: a field is unknown or a required one is missing.
        """
        return _maker(cls)(**values)


#: Validate every node :meth:`Node.make` builds and compare: set by ``TOOLC_CHECK_MADE=1`` in the environment
#: (tests/conftest.py sets it, for the test processes and the toolc processes they start).
CHECK_MADE = bool(os.environ.get("TOOLC_CHECK_MADE"))
_UNSET = object()


def _maker(cls: type[Node]) -> Any:
    """Generates ``cls``'s keyword-only constructor (see :meth:`Node.make`) and installs it as ``cls.make``."""
    if cls.__bases__ != (Node,):  # a generated ``make`` would be inherited by a subclass: none today
        raise TypeError(f"{cls.__name__}.make: only direct subclasses of Node have a generated constructor")
    slots = BaseModel.__dict__
    ns: dict[str, Any] = {"_cls": cls, "_new": object.__new__, "_D": _UNSET, "_check": _check_made,
                          "_set_dict": slots["__dict__"].__set__,
                          "_set_fields": slots["__pydantic_fields_set__"].__set__,
                          "_set_extra": slots["__pydantic_extra__"].__set__,
                          "_set_private": slots["__pydantic_private__"].__set__}
    params, required, body = [], [], []
    for name, f in cls.__pydantic_fields__.items():
        if f.is_required():
            params.append(name)
            required.append(name)
            continue
        params.append(f"{name}=_D")
        if f.default_factory is not None:
            ns[f"_f_{name}"] = f.default_factory
            fill = f"_f_{name}()"
        else:
            ns[f"_d_{name}"] = f.get_default()
            fill = f"_d_{name}"
        body.append(f"    if {name} is _D:\n        {name} = {fill}\n    else:\n        fs.add({name!r})")
    fields = ", ".join(f"{n!r}: {n}" for n in cls.__pydantic_fields__)
    lines = [f"def make(*, {', '.join(params)}):",
             f"    fs = {{{', '.join(repr(n) for n in required)}}}" if required else "    fs = set()",
             *body,
             f"    d = {{{fields}}}",
             "    node = _new(_cls)",
             "    _set_dict(node, d)",
             "    _set_fields(node, fs)",
             "    _set_extra(node, None)",
             "    _set_private(node, None)"]
    if CHECK_MADE:
        lines.append("    _check(node, _cls(**{k: d[k] for k in fs}))")
    lines.append("    return node")
    src = "\n".join(lines) + "\n"
    exec(compile(src, f"<{cls.__name__}.make>", "exec"), ns)
    make = ns["make"]
    make.__doc__ = f"``{cls.__name__}(...)`` without validation (see :meth:`Node.make`)."
    make.__qualname__ = f"{cls.__name__}.make"
    setattr(cls, "make", staticmethod(make))
    return make


def _check_made(made: Node, validated: Node) -> None:
    """Raises AssertionError unless ``made`` and ``validated`` hold the same values of the same types."""
    def same(a: Any, b: Any) -> bool:
        if type(a) is not type(b):
            return False
        if isinstance(a, BaseModel):
            return a is b or same(a.__dict__, b.__dict__)
        if isinstance(a, (tuple, list)):
            return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
        if isinstance(a, dict):
            return list(a) == list(b) and all(same(a[k], b[k]) for k in a)
        return a == b or (a != a and b != b)

    assert same(made.__dict__, validated.__dict__), f"{type(made).__name__}.make: {made!r} != {validated!r}"
    assert made.__pydantic_fields_set__ == validated.__pydantic_fields_set__


# ---------------------------------------------------------------------------------------------- literals


class Literal_(Node):
    """A literal value: string, integer, float or boolean (JSON scalars)."""

    kind: Literal["literal"] = "literal"
    value: str | bool | int | float


class Keyword(Node):
    """``today`` / ``now``: the build's reference date (or date-time) as a default value."""

    kind: Literal["keyword"] = "keyword"
    name: Literal["today", "now"]


class RelDate(Node):
    """A relative date in a map slot: ``+1d``, ``-2d``, ``+1w`` (days from the reference date)."""

    kind: Literal["reldate"] = "reldate"
    days: int


# ---------------------------------------------------------------------------------------------- expressions
#
# One small expression language serves result fields (``= days * 24``), constraints (``where rating >= x``),
# reply conditions (``case { w.rain >= 50: "..." }``) and ``{...}`` placeholders (``{max(r, rating).name}``).
# docs/language.md, "Expressions", gives the semantics; compiler/exprs.py compiles these nodes.


class ELit(Node):
    """A literal: string, number or boolean."""

    kind: Literal["lit"] = "lit"
    value: str | bool | int | float


class EName(Node):
    """A bare name: a sibling result field, a call argument, a slot or alias, a bound result, ``today``..."""

    kind: Literal["name"] = "name"
    name: str


class EAttr(Node):
    """``obj.name``: a field of an object."""

    kind: Literal["attr"] = "attr"
    obj: "Expr"
    name: str


class EItem(Node):
    """``obj[key]``: a list item (0-based; negative counts from the end) or a keyed pick from a map slot."""

    kind: Literal["item"] = "item"
    obj: "Expr"
    key: "Expr"


class ECall(Node):
    """``func(arg, ..., name=arg)``: a built-in function (compiler/builtins.py)."""

    kind: Literal["call"] = "call"
    func: str
    args: tuple["Expr", ...] = ()
    kwargs: tuple[tuple[str, "Expr"], ...] = ()
    func_span: Span | None = Field(default=None, exclude=True, repr=False)


class EUnary(Node):
    """``-x`` or ``not x``."""

    kind: Literal["unary"] = "unary"
    op: Literal["-", "not"]
    operand: "Expr"


class EBinary(Node):
    """``a OP b``: arithmetic (``+ - * / %``), comparison (``== != < <= > >= in``), ``and``, ``or``, ``??``."""

    kind: Literal["binary"] = "binary"
    op: str
    left: "Expr"
    right: "Expr"


class EList(Node):
    """``[a, b, c]``."""

    kind: Literal["list"] = "list"
    items: tuple["Expr", ...] = ()


class CaseArm(Node):
    """``COND: ALT | ALT``: when ``cond`` holds, one of ``values`` (at random)."""

    cond: "Expr | None" = None
    values: tuple[Any, ...]


class ECase(Node):
    """``case { COND: ALT | ... ; else: ALT | ... }``: the first arm whose condition holds (``cond=None``: else).

    In a result field the alternatives are expressions; in an ``assistant`` step they are templates.
    """

    kind: Literal["case"] = "case"
    arms: tuple[CaseArm, ...]


#: (a Faker provider may stand in an expression of a result field: ``"x" + faker.word``)
Expr = Annotated[Union[ELit, EName, EAttr, EItem, ECall, EUnary, EBinary, EList, ECase, "FakerSource"],
                 Field(discriminator="kind")]


class LangText(Node):
    """A text for one language: ``zh "..."`` (``lang`` a language or locale code; ``None``: the file's locale)."""

    lang: str | None = None
    text: str
    #: the text as a template, where placeholders are meant (``confirm`` texts read the call's arguments)
    template: "Template | None" = None


# ---------------------------------------------------------------------------------------------- types


class PrimType(Node):
    """``string``, ``int``, ``float``, ``bool``, ``date``, ``datetime``; numbers may carry a range.

    ``name`` is normalised: ``str``→``string``, ``integer``→``int``, ``number``→``float``, ``boolean``→``bool``.
    """

    kind: Literal["prim"] = "prim"
    name: Literal["string", "int", "float", "bool", "date", "datetime"]
    lo: int | float | None = None
    hi: int | float | None = None
    #: in a result shape, bounds computed per row (``int(temp_low..40)``, ``date(today - 30..today)``)
    lo_expr: Expr | None = None
    hi_expr: Expr | None = None
    #: result shapes: ``in ARG``: the number is generated in the unit parameter's default unit and given in
    #: the unit the call asked for
    unit: str | None = None


class EnumType(Node):
    """``"a" | "b" | "c"`` or ``1 | 2 | 3``: a closed set of literals."""

    kind: Literal["enum"] = "enum"
    values: tuple[str | int, ...]


class ListType(Node):
    """``list[T]``; in result shapes ``list[T](LO..HI)`` gives the generated item count."""

    kind: Literal["list"] = "list"
    item: "TypeExpr"
    count_lo: int | None = None
    count_hi: int | None = None
    #: result shapes: item counts computed per row (``(days)``, ``(1..limit)``)
    count_lo_expr: Expr | None = None
    count_hi_expr: Expr | None = None
    #: result shapes: ``sorted by FIELD [desc]`` or ``sorted by ARG { "value": FIELD [desc], ... }``
    sort: "SortClause | None" = None
    #: result shapes: ``unique FIELD`` (items differ in these fields)
    unique: tuple[str, ...] = ()
    #: result shapes: ``where COND`` (every item satisfies it)
    where: Expr | None = None


class ObjectType(Node):
    """``{ field: T, ... }``: a nested object whose fields use the parameter syntax."""

    kind: Literal["object"] = "object"
    fields: tuple["Param", ...]
    #: result shapes: ``where COND`` between fields and with the call (``temp_low <= temp_high``)
    where: Expr | None = None


class SortKey(Node):
    """One sort order: by ``field``, descending when ``desc``."""

    field: str
    desc: bool = False


class SortClause(Node):
    """``sorted by FIELD [desc]`` (``by_arg`` None, one key) or ``sorted by ARG { "v": FIELD [desc], ... }``."""

    by_arg: str | None = None
    keys: tuple[tuple[str | None, SortKey], ...]


TypeExpr = Annotated[Union[PrimType, EnumType, ListType, ObjectType], Field(discriminator="kind")]


# ---------------------------------------------------------------------------------------------- value sources


class FakerSource(Node):
    """``faker.city`` or ``faker.date_between(start_date="-30d", end_date="today")``: a whitelisted provider call.

    ``provider_span`` points at the provider name (for did-you-mean carets).
    """

    kind: Literal["faker"] = "faker"
    provider: str
    args: tuple[Literal_, ...] = ()
    kwargs: tuple[tuple[str, Literal_], ...] = ()
    provider_span: Span | None = Field(default=None, exclude=True, repr=False)


class ChoiceSource(Node):
    """``"川菜" | "粤菜" | "日料"``: one literal at random (surface = value)."""

    kind: Literal["choice"] = "choice"
    values: tuple[Literal_, ...]


class RangeSource(Node):
    """``int(1..20)`` / ``float(0.5..9.5)``: a uniform number in the closed range."""

    kind: Literal["range"] = "range"
    type: Literal["int", "float"]
    lo: int | float
    hi: int | float


class MapEntry(Node):
    """``"明天": +1d`` -- surface text and the value the argument receives."""

    surface: str
    value: Literal_ | RelDate
    #: further alternatives (``"川菜": "蜀香园" | "巴蜀人家"``); a keyed pick ``slot[key]`` chooses among all
    more: tuple[Literal_, ...] = ()


class MapSource(Node):
    """``{ "今天": +0d, "明天": +1d }``: surface → value."""

    kind: Literal["map"] = "map"
    entries: tuple[MapEntry, ...]


SlotSource = Annotated[Union[FakerSource, ChoiceSource, RangeSource, MapSource], Field(discriminator="kind")]


# ---------------------------------------------------------------------------------------------- tools


class ListValue(Node):
    """``["a", "b"]``: a written-out list as a parameter's default."""

    kind: Literal["listvalue"] = "listvalue"
    values: tuple[Literal_, ...] = ()


class Param(Node):
    """``name: TYPE [?|!] [= DEFAULT] ["description"] [ask "question"]``.

    ``optional`` (``?``) leaves the parameter out of JSON Schema ``required``, and so does a default;
    ``required`` (``!``) keeps it there although it has a default. In a result shape, ``source`` (after
    ``=``) names the value source instead of a default: a Faker provider or a literal.
    """

    name: str
    type: TypeExpr
    optional: bool = False
    required: bool = False
    default: Literal_ | Keyword | ListValue | None = None
    source: FakerSource | Literal_ | Template | Expr | None = None
    description: str | None = None
    #: clarification questions, one per language (``ask zh "..." ask en "..."``; untagged: the file's locale)
    asks: tuple[LangText, ...] = ()
    @property
    def ask(self) -> str | None:
        """The first clarification question (any language), or ``None``."""
        return self.asks[0].text if self.asks else None


class Tool(Node):
    """``tool NAME "description" { PARAM* [returns TYPE] }``."""

    kind: Literal["tool"] = "tool"
    name: str
    description: str = ""
    params: tuple[Param, ...] = ()
    returns: TypeExpr | None = None
    #: ``returns ... simulate "file.py:function"``: results come from a user's Python function (runs only
    #: with ``--allow-simulators``)
    simulate: str | None = None
    simulate_span: Span | None = Field(default=None, exclude=True, repr=False)
    #: ``confirm zh "..." | en "..."``: the tool has side effects; before calling it the assistant restates
    #: the call (a template over the arguments) and asks the user to confirm
    confirm: tuple["LangText", ...] = ()
    #: ``error NAME "message" [when COND] [rate P%]``: error results the tool can give
    errors: tuple["ToolError", ...] = ()


class ToolError(Node):
    """``error NAME "message" [when COND] [rate P%]``: the result ``{"error": NAME, "message": ...}``.

    ``when``: the tool gives this error whenever the condition holds for the call's arguments (and never
    otherwise); ``rate``: the share of rows in which a scenario's ``fails NAME`` (without its own share) fails.
    """

    name: str
    message: "Template"
    when: Expr | None = None
    rate: float | None = None


class Slot(Node):
    """``slot NAME = SOURCE``."""

    kind: Literal["slot"] = "slot"
    name: str
    source: SlotSource


# ---------------------------------------------------------------------------------------------- templates


class Text(Node):
    """Literal template text (escapes already resolved)."""

    kind: Literal["text"] = "text"
    text: str


class SlotRef(Node):
    """``{city}`` or ``{city as a}``; ``alias`` names an independent second draw."""

    kind: Literal["slotref"] = "slotref"
    name: str
    alias: str | None = None


class ResultRef(Node):
    """``{w.temp_c}`` / ``{r[0].name}``: a value from a bound tool result."""

    kind: Literal["resultref"] = "resultref"
    base: str
    path: tuple[str | int, ...] = ()


class ExprRef(Node):
    """``{max(r, rating).name}``, ``{cond_zh[w.condition]}``: any expression's value as text."""

    kind: Literal["expr"] = "expr"
    expr: Expr


class OptionalPart(Node):
    """``[text]``: included or not."""

    kind: Literal["optional"] = "optional"
    parts: tuple["TemplatePart", ...]


class ChoicePart(Node):
    """``(a|b|c)``: one alternative."""

    kind: Literal["choice"] = "choice"
    alternatives: tuple[tuple["TemplatePart", ...], ...]


TemplatePart = Annotated[
    Union[Text, SlotRef, ResultRef, ExprRef, OptionalPart, ChoicePart], Field(discriminator="kind")
]


class Template(Node):
    """One alternative of a user or assistant turn: the parsed template string."""

    parts: tuple[TemplatePart, ...]
    source_text: str = ""


# ---------------------------------------------------------------------------------------------- scenarios


class SlotArg(Node):
    """An argument bound to a slot or an alias: ``city=city``."""

    kind: Literal["slotarg"] = "slotarg"
    name: str


class ResultArg(Node):
    """An argument bound to a result path: ``location=r[0].address``."""

    kind: Literal["resultarg"] = "resultarg"
    base: str
    path: tuple[str | int, ...] = ()


class LiteralArg(Node):
    """An argument bound to a literal: ``unit="celsius"``."""

    kind: Literal["literalarg"] = "literalarg"
    value: Literal_


class ListArg(Node):
    """An argument bound to a written-out list: ``avoid=["tolls", "ferries"]``, ``cc=[b, c]`` (slots or aliases
    the user mentioned, each one item)."""

    kind: Literal["listarg"] = "listarg"
    values: tuple[Union[Literal_, "SlotArg", "ResultArg"], ...] = ()


ArgExpr = Annotated[Union[SlotArg, ResultArg, LiteralArg, ListArg], Field(discriminator="kind")]


class Arg(Node):
    """``name=EXPR`` inside a call."""

    name: str
    expr: ArgExpr


class Call(Node):
    """``TOOL(ARG=EXPR, ...) [-> NAME]``."""

    tool: str
    args: tuple[Arg, ...] = ()
    bind: str | None = None
    tool_span: Span | None = Field(default=None, exclude=True, repr=False)
    #: ``fails NAME [P%]``: the tool answers with its error ``NAME`` (in ``fails_percent`` % of rows; ``None``:
    #: the error's ``rate``, else every row)
    fails: str | None = None
    fails_percent: float | None = None
    #: ``declined``: the user declines when asked to confirm (a tool with ``confirm``): the call is not made
    declined: bool = False


class UserStep(Node):
    """``user ALT | ALT ...``."""

    kind: Literal["user"] = "user"
    alternatives: tuple[Template, ...]


class CallStep(Node):
    """``call CALL [& CALL ...]``: one assistant turn; several calls are parallel."""

    kind: Literal["call"] = "call"
    calls: tuple[Call, ...]


class AssistantStep(Node):
    """``assistant ALT | ALT ...``, or ``ask ALT | ...`` (``clarify``: the turn asks for missing information)."""

    kind: Literal["assistant"] = "assistant"
    alternatives: tuple[Template, ...]
    clarify: bool = False
    #: ``refuse "..."``: the assistant says no offered tool can do the task (``expect: refuse``)
    refuse: bool = False
    #: ``assistant case { COND: "..." | "..." else: "..." }``: arms whose ``values`` are templates
    #: (``alternatives`` then holds every template of every arm, in order, for checks that scan texts)
    case: ECase | None = None


Step = Annotated[Union[UserStep, CallStep, AssistantStep], Field(discriminator="kind")]


class Scenario(Node):
    """``scenario NAME [weight N] { [tools a, b] STEP+ }``."""

    kind: Literal["scenario"] = "scenario"
    name: str
    weight: float = 1.0
    tools: tuple[str, ...] = ()
    #: ``withhold a, b``: tools never offered in this scenario's rows
    withhold: tuple[str, ...] = ()
    steps: tuple[Step, ...] = ()


# ---------------------------------------------------------------------------------------------- datasets


class Count(Node):
    """``sft 5000`` (total, shared by weight) or ``sft 200 each`` (per scenario, times its weight)."""

    n: int
    each: bool = False


class DatasetDecl(Node):
    """``dataset NAME { ... }``; every field is optional (``None`` = default / CLI)."""

    kind: Literal["dataset"] = "dataset"
    name: str
    system: tuple[LangText, ...] = ()
    scenarios: tuple[str, ...] = ()
    sft: Count | None = None
    rm: Count | None = None
    perturb: tuple[str, ...] = ()
    ppo: Count | None = None
    distractors: tuple[int, int] | None = None
    test_percent: float | None = None
    holdout: tuple[str, ...] | None = None
    formats: tuple[str, ...] = ()
    seed: int | None = None
    #: spans of individual settings (setting name -> span), for errors that point inside the block
    setting_spans: dict[str, Any] = Field(default_factory=dict, exclude=True, repr=False)


Decl = Annotated[Union[Tool, Slot, Scenario, DatasetDecl], Field(discriminator="kind")]


class Import(Node):
    """``import "other.tool"``."""

    path: str


class Module(Node):
    """One parsed `.tool` file."""

    path: str
    locale: str | None = None
    imports: tuple[Import, ...] = ()
    decls: tuple[Decl, ...] = ()
    locale_span: Span | None = Field(default=None, exclude=True, repr=False)

