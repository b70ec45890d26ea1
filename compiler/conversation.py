"""Expansion stage, its output: the conversation one row expands into (:class:`Conversation`: messages, offered
tools, the decisions in it and the facts the verification stage re-checks; :class:`Decision`,
:class:`CallTrace`), and :class:`ExpansionError` for a row that cannot be built. Made by
:mod:`compiler.expand`; read by the verification, ground-truth, perturbation and record stages."""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from typing import Any

from toolc.errors import ToolcError
from toolc.vocab import Expect

from . import ir
from .record import Message, ToolCall
from .simulate.errors import is_error
from .slots import Draw

__all__ = ["CallTrace", "Conversation", "Decision", "ExpansionError"]


@dataclass(slots=True)
class Decision:
    """One assistant turn of a conversation, seen as a decision the model must make.

    Attributes:
        index: position of the assistant message in ``Conversation.messages``.
        expect: ``call`` | ``clarify`` | ``confirm`` | ``refuse`` | ``none``.
        calls: the calls of a ``call`` turn (empty otherwise).
        arg_slots: per call, argument name -> the slot alias that filled it (for near-miss perturbations).
        feeds_next: index of the next ``call`` decision that uses this turn's results (for ``order``), or -1.
    """

    index: int
    expect: Expect
    calls: tuple[ToolCall, ...] = ()
    arg_slots: tuple[dict[str, str], ...] = ()
    feeds_next: int = -1
    uses_results: bool = False
    #: a ``confirm`` turn: the calls it asks about (made after the user's yes; never, after a no)
    pending: tuple[ToolCall, ...] = ()
    #: a ``clarify`` turn the compiler inserted: ``(tool, parameter path)`` of the argument it asks for
    missing: tuple[tuple[str, str], ...] = ()
    #: a ``confirm`` turn: ``(value, words)`` for each argument value its text says in a map slot's words
    #: (``("high", "高")``: ``{priority_zh[priority]}``), which restate the value
    worded: tuple[tuple[str, str], ...] = ()
    #: a ``call`` turn: per call, the arguments the spec worded in the assistant's name (``subject="Translation"``,
    #: :func:`compiler.plan.composed_args`)
    composed: tuple[tuple[str, ...], ...] = ()


@dataclass(slots=True)
class CallTrace:
    """One call and what it gave back, for the verification stage.

    Attributes:
        tool: the tool's name.
        arguments: the arguments as passed (no defaults added).
        result: the result as generated (the tool message holds its JSON text).
        message: index of the tool message carrying the result.
        bind: the result's name in the scenario (``-> w``), if bound.
    """

    tool: str
    arguments: dict[str, Any]
    result: Any
    message: int
    bind: str | None = None
    #: the error the scenario forced (``fails NAME``), if it did
    forced: str | None = None


@dataclass(slots=True)
class Conversation:
    """The expansion of one row: messages, offered tools and the decisions in it (see the module docstring
    for the verification facts it keeps)."""

    messages: list[Message]
    tools: list[dict[str, Any]]
    decisions: list[Decision]
    template: str
    lang: str = "en"
    draws: dict[str, Draw] = field(default_factory=dict)
    aliases: dict[str, str] = field(default_factory=dict)  # the scenario's alias -> slot table
    locale: str = "en_US"
    now: _dt.datetime | None = None
    calls: list[CallTrace] = field(default_factory=list)
    #: per message, the text its template wrote itself (``None``: no template, e.g. a tool result)
    static: list[str | None] = field(default_factory=list)
    #: per message index, ``(result name, value, text, decimals)`` of every result value its text quotes
    #: (``decimals``: how many ``{fmt(x, n)}`` wrote, ``1613.60`` for 1613.6; ``None``: written as the value is)
    quotes: dict[int, list[tuple[str, Any, str, int | None]]] = field(default_factory=dict)
    #: a relative date (``明天`` -> a date) became an argument: the system prompt must state today
    relative_dates: bool = False
    #: the scenario's name
    scenario: str = ""
    #: per message index of a reply, what each of its other alternatives would quote in this row
    #: (:func:`compiler.reply_facts.other_facts`)
    alt_facts: dict[int, tuple[tuple[str, ...], ...]] = field(default_factory=dict)
    #: the slots a reply read that the scenario's user turns may say but this row's never did
    #: (``ScenarioPlan.user_slots``): the reply states a value nobody gave
    unsaid: tuple[str, ...] = ()

    @property
    def expects(self) -> tuple[Expect, ...]:
        return tuple([d.expect for d in self.decisions])

    def self_corrected(self) -> frozenset[int]:
        """Indices (in ``decisions``) of call turns the assistant corrects itself: a call that drew an error
        result, followed -- with no user turn between -- by a call of the same tool with other arguments
        (``SGT`` -> ``unknown_zone`` -> ``Asia/Singapore``; a retry with the same arguments after an outage is
        not a correction). Such a call is not a target a verifier may reward (PPO) nor the preferred side of a
        pair (RM): the corrected call is what was right."""
        out = set()
        for i, d in enumerate(self.decisions[:-1]):
            nxt = self.decisions[i + 1]
            if d.expect != "call" or nxt.expect != "call":
                continue
            if any(m.role == "user" for m in self.messages[d.index + 1:nxt.index]):
                continue
            failed = [c for c in self.calls if d.index < c.message < nxt.index and is_error(c.result)]
            if any(f.tool == n.name and f.arguments != n.arguments for f in failed for n in nxt.calls):
                out.add(i)
        return frozenset(out)


class ExpansionError(ToolcError):
    """A row of a scenario cannot be built (a result path that this row's result lacks, a result the tool
    cannot give for these arguments); the generator drops the row and counts the reason (``stage``)."""

    def __init__(self, scenario: ir.ScenarioIR, message: str, stage: str = "semantic", reason: str = "template") -> None:
        super().__init__(message)
        self.scenario = scenario
        self.stage = stage
        self.reason = reason
