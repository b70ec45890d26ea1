"""IR stage: the checked, resolved program that expansion walks (input: lowered AST; output: these objects).

The IR keeps the AST nodes (they are already typed and carry spans) and adds what lowering resolved:
JSON Schemas, samplers, the scenario's aliases and result bindings, and the dataset plan with defaults
applied. Nothing here refers back to lark or source text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from toolc.dsl import ast
from toolc.dsl.span import Span

from toolc.vocab import DEFAULT_FORMATS, FORMATS, HOLDOUTS, PERTURBATIONS

from .slots import Sampler
#: System prompts of a dataset that declares none: one per language toolc has a built-in text for, each
#: stating the reference date (a conversation may resolve "tomorrow" to a date).
DEFAULT_SYSTEM: tuple[ast.LangText, ...] = (
    ast.LangText.make(lang="en", text="You are a helpful assistant with access to tools. Today is {today}."),
    ast.LangText.make(lang="zh", text="你是一个可以调用工具的智能助手。今天是{today}。"),
)

# FORMATS / DEFAULT_FORMATS: the fixed build formats (toolc.vocab), which the family registry
# (compiler.families.formats) resolves together with `chat:NAME` formats and training variants.
__all__ = ["DEFAULT_FORMATS", "FORMATS", "HOLDOUTS"]


@dataclass
class ToolIR:
    """A checked tool: its AST, the OpenAI definition offered to models, and parameter lookups."""

    node: ast.Tool
    definition: dict[str, Any]
    params: dict[str, ast.Param]
    required: tuple[str, ...]
    file: str
    locale: str

    @property
    def name(self) -> str:
        return self.node.name


@dataclass
class SlotIR:
    """A checked slot and its sampler."""

    node: ast.Slot
    sampler: Sampler
    locale: str


@dataclass
class ScenarioIR:
    """A checked scenario.

    Attributes:
        aliases: alias -> slot name (``{city as a}``); plain slots map to themselves.
        bindings: result name -> tool name (``-> w``).
        called: tool names called, in first-call order.
        smalltalk: no ``call`` step at all.
    """

    node: ast.Scenario
    file: str
    line: int
    locale: str
    aliases: dict[str, str]
    bindings: dict[str, str]
    called: tuple[str, ...]
    extra_tools: tuple[str, ...]
    smalltalk: bool

    @property
    def name(self) -> str:
        return self.node.name


@dataclass
class DatasetIR:
    """The build plan with defaults applied (CLI overrides are applied by :mod:`compiler.build`)."""

    name: str
    system: tuple[ast.LangText, ...]
    scenarios: tuple[str, ...]
    sft: ast.Count
    rm: ast.Count
    ppo: ast.Count
    perturb: tuple[str, ...]
    distractors: tuple[int, int]
    test_percent: float
    holdout: tuple[str, ...]
    formats: tuple[str, ...]
    seed: int
    span: Span | None = None

    @staticmethod
    def default(name: str, scenarios: tuple[str, ...]) -> "DatasetIR":
        """The plan used when a spec declares no dataset (documented defaults)."""
        return DatasetIR(name=name, system=DEFAULT_SYSTEM,
                         scenarios=scenarios, sft=ast.Count.make(n=1000), rm=ast.Count.make(n=500), ppo=ast.Count.make(n=500),
                         perturb=PERTURBATIONS, distractors=(0, 2), test_percent=10.0, holdout=HOLDOUTS,
                         formats=DEFAULT_FORMATS, seed=0)


@dataclass
class Program:
    """The whole checked program: every declaration of every loaded file, by name, in declaration order."""

    tools: dict[str, ToolIR] = field(default_factory=dict)
    #: slot name -> its first declaration (in file order); see :meth:`slot_for` for localized slots
    slots: dict[str, SlotIR] = field(default_factory=dict)
    scenarios: dict[str, ScenarioIR] = field(default_factory=dict)
    datasets: dict[str, DatasetIR] = field(default_factory=dict)
    files: dict[str, str] = field(default_factory=dict)  # path -> sha256 of the file's bytes
    #: slot name -> locale -> declaration: a slot may be declared once per locale (docs/language.md,
    #: "Localized slots")
    slot_variants: dict[str, dict[str, SlotIR]] = field(default_factory=dict)
    #: the spec tree (imports and simulator files stay inside it); ``None`` for programs built in memory
    root: Any = None

    def slot_names(self) -> list[str]:
        """Every slot name, in declaration order."""
        return list(self.slots)

    def slot_for(self, name: str, locale: str) -> SlotIR | None:
        """The declaration of slot ``name`` a conversation in ``locale`` uses: the one declared in that
        locale, else in a locale of the same language (``en_GB`` for ``en_US``), else the first declared."""
        variants = self.slot_variants.get(name)
        if not variants:
            return self.slots.get(name)
        hit = variants.get(locale)
        if hit is not None:
            return hit
        lang = locale.split("_")[0].lower()
        for loc, s in variants.items():
            if loc.split("_")[0].lower() == lang:
                return s
        return self.slots.get(name)
