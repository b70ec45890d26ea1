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
    system: tuple[str, ...]
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
        return DatasetIR(name=name, system=("You are a helpful assistant with access to tools.",),
                         scenarios=scenarios, sft=ast.Count(n=1000), rm=ast.Count(n=500), ppo=ast.Count(n=500),
                         perturb=PERTURBATIONS, distractors=(0, 2), test_percent=10.0, holdout=HOLDOUTS,
                         formats=DEFAULT_FORMATS, seed=0)


@dataclass
class Program:
    """The whole checked program: every declaration of every loaded file, by name, in declaration order."""

    tools: dict[str, ToolIR] = field(default_factory=dict)
    slots: dict[str, SlotIR] = field(default_factory=dict)
    scenarios: dict[str, ScenarioIR] = field(default_factory=dict)
    datasets: dict[str, DatasetIR] = field(default_factory=dict)
    files: dict[str, str] = field(default_factory=dict)  # path -> sha256 of the file's bytes
