"""AST stage: the pydantic node types the parser builds from a `.tool` file (input: parse tree; output: these nodes).

Nodes are frozen pydantic models with ``extra="forbid"``; variants are discriminated unions on ``kind``.
Positions are attributes, not structure: ``span`` is excluded from equality and dumps, so two equal
trees compare equal wherever they stand (jinja2's habit, see HOUSE_STYLE.md).

The declarations are here: types, slot value sources, tools, slots, scenarios, datasets and the module. The
node base is :mod:`.ast_node`; literals, expressions and templates are :mod:`.ast_expr`, re-exported here, so
``from toolc.dsl import ast`` reaches every node.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal, Union

from pydantic import Field

from .ast_expr import (
    CaseArm, ChoicePart, EAttr, EBinary, ECall, ECase, EItem, EList, ELit, EName, EUnary, Expr, ExprRef, FakerSource,
    ForPart, Keyword, LangText, Literal_, OptionalPart, RelDate, ResultRef, SlotRef, Template, TemplatePart, Text,
)
from .ast_node import Node
from .span import Span

__all__ = [
    "Arg", "ArgExpr", "AssistantStep", "Call", "CallStep", "CaseArm", "ChoicePart", "ChoiceSource", "Count",
    "DatasetDecl", "Decl", "EAttr", "EBinary", "ECall", "ECase", "EItem", "EList", "ELit", "EName", "EnumType",
    "EUnary", "Expr", "ExprRef", "FakerSource", "ForPart", "Import", "Keyword", "LangText", "ListArg", "ListType",
    "ListValue", "Literal_", "LiteralArg", "MapEntry", "MapSource", "Module", "Node", "ObjectType", "OptionalPart",
    "Param", "PrimType", "RangeSource", "RelDate", "ResultArg", "ResultRef", "Scenario", "Slot", "SlotArg", "SlotRef",
    "SlotSource", "SortClause", "SortKey", "Step", "Template", "TemplatePart", "Text", "Tool", "ToolError",
    "TypeExpr", "UserStep",
]


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
    ``error NAME zh "..." | en "..."`` gives the message per language: ``messages`` holds every text as written
    (each with its template), ``message`` the one for a language no tag names (the untagged text, else the first).
    """

    name: str
    message: "Template"
    messages: tuple["LangText", ...] = ()
    when: Expr | None = None
    rate: float | None = None


class Slot(Node):
    """``slot NAME = SOURCE``."""

    kind: Literal["slot"] = "slot"
    name: str
    source: SlotSource


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
    #: ``refuse "..." pretend "..."``: what an assistant that makes the task up says (the ``skip_refuse`` negative)
    pretend: tuple[Template, ...] = ()
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
