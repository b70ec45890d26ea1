"""Results stage, tool errors: the error results a tool declares (input: a tool's ``error`` clauses and one
call; output: ``{"error": NAME, "message": TEXT}`` or ``None``).

``error NAME "message" [when COND] [rate P%]`` (docs/language.md, "Tool errors"): the message is a template
over the call's arguments, in the conversation's language where the tool gives one per language (``error NAME
zh "..." | en "..."``; else the untagged text); ``when`` makes the error a fact about the call -- the tool gives
it whenever the condition holds for the arguments, and never gives another result then; ``rate`` is the share of rows in
which a scenario's ``fails NAME`` without its own share fails. The result shape is the one OpenAI-style
APIs return, ``{"error": "not_found", "message": "..."}``, so a model learns to read it.
"""

from __future__ import annotations

import datetime as _dt
from typing import Any, Callable

from toolc.dsl import ast
from toolc.dsl.diagnostics import Diagnostics

from .. import ir
from ..builtins import ABSENT, BuiltinError
from ..exprs import Compiler, text_of, truth
from ..languages import tag_matches
from ..scopes import result_scope
from .constraints import SimulationError, as_expr

ERROR_KEY, MESSAGE_KEY = "error", "message"


def is_error(result: Any) -> bool:
    """Whether a tool result is an error result (``{"error": NAME, "message": TEXT}``)."""
    return isinstance(result, dict) and set(result) == {ERROR_KEY, MESSAGE_KEY}


class ToolErrors:
    """The compiled ``error`` clauses of one tool in one locale.

    Args:
        tool, prog, locale, today: as for :class:`compiler.simulate.ResultShape`.
        diags: where check-time errors go (a scratch collector at build time).

    Attributes:
        names: the declared error names, in order.
    """

    def __init__(self, tool: ir.ToolIR, prog: ir.Program, locale: str, today: _dt.date,
                 diags: Diagnostics | None = None) -> None:
        self.tool = tool
        compiler = Compiler(diags if diags is not None else Diagnostics(), join=diags is None)
        scope = result_scope(tool, prog, locale, today, lambda slot: (lambda ctx: ABSENT))
        self._errors: dict[str, tuple[ast.ToolError, Callable | None, list[Callable]]] = {}
        for e in tool.node.errors:
            when = compiler.compile(e.when, scope)[0] if e.when is not None else None
            # every language's message is compiled (so a check reports a wrong placeholder in any of them); the
            # locale's own is kept, else the untagged one
            mine = next((m.template for m in e.messages if tag_matches(m.lang, locale)), e.message)
            compiled = {id(t): _message(t, compiler, scope, e) for t in [m.template for m in e.messages] or [e.message]}
            self._errors[e.name] = (e, when, compiled[id(mine)])
        self.names = tuple(self._errors)
        self.ok = compiler.ok

    def rate(self, name: str) -> float | None:
        """The declared ``rate`` of an error (percent), or ``None``."""
        return self._errors[name][0].rate

    def triggered(self, ctx: Any) -> str | None:
        """The first error whose ``when`` holds for the call in ``ctx`` (a ``ResultContext``), or ``None``."""
        for name, (_, when, _) in self._errors.items():
            if when is not None and truth(when(ctx)) is True:
                return name
        return None

    def holds(self, name: str, ctx: Any) -> bool | None:
        """Whether error ``name``'s ``when`` holds for the call (``None``: it has no ``when``)."""
        when = self._errors[name][1]
        return None if when is None else truth(when(ctx)) is True

    def result(self, name: str, ctx: Any) -> dict[str, str]:
        """The error result ``{"error": name, "message": ...}`` for the call in ``ctx``.

        Raises:
            SimulationError: the message reads an argument the call did not pass.
        """
        parts = self._errors[name][2]
        try:
            return {ERROR_KEY: name, MESSAGE_KEY: "".join(p(ctx) for p in parts)}
        except BuiltinError as exc:
            raise SimulationError(f"error `{name}`: {exc}") from None


def _message(template: ast.Template, compiler: Compiler, scope: Any, e: ast.ToolError) -> list[Callable]:
    """One message template compiled: a function of the call's context per part."""
    parts: list[Callable] = []
    for p in template.parts:
        if p.kind == "text":
            parts.append(lambda ctx, s=p.text: s)
        elif p.kind in ("slotref", "resultref", "expr"):
            fn = compiler.compile(p.expr if p.kind == "expr" else as_expr(p), scope)[0]
            parts.append(lambda ctx, fn=fn: _text(fn(ctx)))
        else:
            compiler.err("E002", "`[...]` and `(a|b)` are for conversation templates, not error messages",
                         p.span or e.span)
    return parts


def _text(v: Any) -> str:
    if v is ABSENT:
        raise BuiltinError("the message reads an argument the call did not pass")
    return text_of(v)
