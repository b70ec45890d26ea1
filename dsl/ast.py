"""AST stage: the pydantic node types the parser builds from a `.tool` file (input: parse tree; output: these nodes).

Nodes are frozen pydantic models with ``extra="forbid"``; variants are discriminated unions on ``kind``.
Positions are attributes, not structure: ``span`` is excluded from equality and dumps, so two equal
trees compare equal wherever they stand (jinja2's habit, see HOUSE_STYLE.md).
"""

from __future__ import annotations

from typing import Annotated, Any, Literal, Union

from pydantic import BaseModel, ConfigDict, Field

from .span import Span


class Node(BaseModel):
    """Base of every AST node: frozen, no extra fields, ``span`` ignored by ``==``."""

    model_config = ConfigDict(frozen=True, extra="forbid", arbitrary_types_allowed=True)

    span: Span | None = Field(default=None, exclude=True, repr=False)

    def __eq__(self, other: object) -> bool:
        return type(self) is type(other) and self.model_dump() == other.model_dump()  # type: ignore[union-attr]

    def __hash__(self) -> int:
        return hash(repr(self))


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


# ---------------------------------------------------------------------------------------------- types


class PrimType(Node):
    """``string``, ``int``, ``float``, ``bool``, ``date``, ``datetime``; numbers may carry a range.

    ``name`` is normalised: ``str``→``string``, ``integer``→``int``, ``number``→``float``, ``boolean``→``bool``.
    """

    kind: Literal["prim"] = "prim"
    name: Literal["string", "int", "float", "bool", "date", "datetime"]
    lo: int | float | None = None
    hi: int | float | None = None


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


class ObjectType(Node):
    """``{ field: T, ... }``: a nested object whose fields use the parameter syntax."""

    kind: Literal["object"] = "object"
    fields: tuple["Param", ...]


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
    source: FakerSource | Literal_ | None = None
    description: str | None = None
    ask: str | None = None


class Tool(Node):
    """``tool NAME "description" { PARAM* [returns TYPE] }``."""

    kind: Literal["tool"] = "tool"
    name: str
    description: str = ""
    params: tuple[Param, ...] = ()
    returns: TypeExpr | None = None


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


class OptionalPart(Node):
    """``[text]``: included or not."""

    kind: Literal["optional"] = "optional"
    parts: tuple["TemplatePart", ...]


class ChoicePart(Node):
    """``(a|b|c)``: one alternative."""

    kind: Literal["choice"] = "choice"
    alternatives: tuple[tuple["TemplatePart", ...], ...]


TemplatePart = Annotated[
    Union[Text, SlotRef, ResultRef, OptionalPart, ChoicePart], Field(discriminator="kind")
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
    """An argument bound to a written-out list: ``avoid=["tolls", "ferries"]``."""

    kind: Literal["listarg"] = "listarg"
    values: tuple[Literal_, ...] = ()


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


Step = Annotated[Union[UserStep, CallStep, AssistantStep], Field(discriminator="kind")]


class Scenario(Node):
    """``scenario NAME [weight N] { [tools a, b] STEP+ }``."""

    kind: Literal["scenario"] = "scenario"
    name: str
    weight: float = 1.0
    tools: tuple[str, ...] = ()
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
    system: tuple[str, ...] = ()
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


for _m in (ListType, ObjectType, OptionalPart, ChoicePart, Template, Param):
    _m.model_rebuild()
