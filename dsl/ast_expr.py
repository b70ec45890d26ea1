"""AST stage, values and expressions (input: parse tree; output: literal, expression, Faker and template nodes).

Literals (``"x"``, ``3``, ``today``, ``+1d``), expressions (``days * 24``, ``max(r, rating).name``, ``case {...}``),
a Faker provider call (a slot's source, also allowed inside an expression) and template strings with their
``{...}`` placeholders. Declarations (tools, slots, scenarios, datasets) are in :mod:`.ast`, which re-exports
every node here.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal, Union

from pydantic import Field

from .ast_node import Node
from .span import Span

__all__ = [
    "CaseArm", "ChoicePart", "EAttr", "EBinary", "ECall", "ECase", "EItem", "EList", "ELit", "EName", "EUnary", "Expr",
    "ExprRef", "FakerSource", "ForPart", "Keyword", "LangText", "Literal_", "OptionalPart", "RelDate", "ResultRef",
    "SlotRef", "Template", "TemplatePart", "Text",
]


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


# ---------------------------------------------------------------------------------------------- faker calls
#
# A slot's value source (``slot city = faker.city``) that may also stand in an expression (``"x" + faker.word``).


class FakerSource(Node):
    """``faker.city`` or ``faker.date_between(start_date="-30d", end_date="today")``: a whitelisted provider call.

    ``provider_span`` points at the provider name (for did-you-mean carets).
    """

    kind: Literal["faker"] = "faker"
    provider: str
    args: tuple[Literal_, ...] = ()
    kwargs: tuple[tuple[str, Literal_], ...] = ()
    provider_span: Span | None = Field(default=None, exclude=True, repr=False)


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


class ForPart(Node):
    """``{for f in r.files}- {f.path}{endfor}``: ``parts`` once per item of a bound result's list, in order, with
    ``var`` naming the item (a reply that lists what a tool returned); ``{for c in m.cc}{c}{sep}, {lastsep} and
    {endfor}``: ``between`` is written between two items, ``last`` (when given) between the last two instead."""

    kind: Literal["for"] = "for"
    var: str
    base: str
    path: tuple[str | int, ...] = ()
    parts: tuple["TemplatePart", ...]
    between: tuple["TemplatePart", ...] = ()
    last: tuple["TemplatePart", ...] | None = None

    def texts(self) -> tuple["TemplatePart", ...]:
        """The parts of every text of the loop, in order: the item's, then the separators'."""
        return self.parts + self.between + (self.last or ())


TemplatePart = Annotated[
    Union[Text, SlotRef, ResultRef, ExprRef, OptionalPart, ChoicePart, ForPart], Field(discriminator="kind")
]


class Template(Node):
    """One alternative of a user or assistant turn: the parsed template string."""

    parts: tuple[TemplatePart, ...]
    source_text: str = ""
