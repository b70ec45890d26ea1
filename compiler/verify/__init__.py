"""Verification stage: every expanded conversation is re-checked before it becomes a row (input: a
Conversation; output: pass, or the stage and reason it fails), after APIGen's format -> execution ->
semantic checks (HOUSE_STYLE.md, "Verification as a stage"):

========== ==================================================================================================
stage      what is checked
========== ==================================================================================================
format     message structure: one system prompt first, a user turn before any answer, every call turn
           followed by one tool message per call (names in order), tool results that parse as JSON, no
           unanswered user turn at the end
schema     every call's arguments against the tool's JSON Schema (the one checker, ``compiler/checker``)
execution  every result against its ``returns`` shape and its call (:mod:`.results`)
semantic   every result value a reply quotes is in that result, as written; the system prompt, the user
           turns and the replies are in the conversation's language; a conversation that turned a relative
           date into a date states the reference date in its system prompt (:mod:`.semantic`)
========== ==================================================================================================

A row that fails is dropped (the generator then tries the scenario's next row index) and counted in the
manifest under ``verification`` by stage and reason, with a few examples; ``toolc stats`` shows the pass
rates. Expansion errors (a result the tool cannot give for these arguments, a reply that reads a result
item this row does not have) are counted the same way, under the stage their ``ExpansionError`` names.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .. import ir
from ..checker import validate_call
from ..record import dumps
from ..simulate import ResultContext, apply_defaults
from ..simulate.errors import ERROR_KEY, ToolErrors, is_error
from .results import Failure, ResultCheck
from .semantic import semantic_failure
from .structure import structure_failure

STAGES: tuple[str, ...] = ("format", "schema", "execution", "semantic")
#: Examples kept per (stage, reason) in the manifest.
EXAMPLES = 3


@dataclass
class VerifyReport:
    """Counts of one build's verification: rows checked, rows passed, drops by stage and reason."""

    checked: int = 0
    passed: int = 0
    dropped: dict[str, dict[str, int]] = field(default_factory=dict)
    examples: dict[str, list[dict[str, str]]] = field(default_factory=dict)
    #: scenario -> (stage, reason) -> rows dropped, and the first drop's detail (for the build's W602 warnings)
    by_scenario: dict[str, dict[tuple[str, str], int]] = field(default_factory=dict)
    first_detail: dict[str, str] = field(default_factory=dict)

    def drop(self, stage: str, reason: str, scenario: str, detail: str) -> None:
        """Counts one dropped row."""
        by = self.dropped.setdefault(stage, {})
        by[reason] = by.get(reason, 0) + 1
        mine = self.by_scenario.setdefault(scenario, {})
        mine[(stage, reason)] = mine.get((stage, reason), 0) + 1
        self.first_detail.setdefault(scenario, detail[:300])
        ex = self.examples.setdefault(f"{stage}/{reason}", [])
        if len(ex) < EXAMPLES:
            ex.append({"scenario": scenario, "detail": detail[:300]})

    def to_json(self) -> dict[str, Any]:
        """The manifest's ``verification`` entry: counts per stage (rows reaching it, rows dropped there)."""
        stages = {}
        reaching = self.checked
        for s in STAGES:
            dropped = sum(self.dropped.get(s, {}).values())
            stages[s] = {"checked": reaching, "dropped": dropped,
                         "reasons": {k: v for k, v in sorted(self.dropped.get(s, {}).items())}}
            reaching -= dropped
        return {"checked": self.checked, "passed": self.passed, "stages": stages,
                "examples": {k: self.examples[k] for k in sorted(self.examples)}}


class Verifier:
    """Checks conversations of one build (compiled result checks are cached per tool and locale).

    Args:
        prog: the checked program.
        today: the build's reference date.
    """

    def __init__(self, prog: ir.Program, today) -> None:
        self.prog, self.today = prog, today
        self._checks: dict[tuple[str, str], ResultCheck] = {}
        self._errors: dict[tuple[str, str], Any] = {}
        self.report = VerifyReport()

    def result_check(self, tool: ir.ToolIR, locale: str) -> ResultCheck:
        key = (tool.name, locale)
        hit = self._checks.get(key)
        if hit is None:
            hit = self._checks[key] = ResultCheck(tool, self.prog, locale, self.today)
        return hit

    def check_result(self, tool: ir.ToolIR, result: Any, arguments: dict[str, Any], conv: Any) -> None:
        """Checks one result against the tool's errors and ``returns``.

        Raises:
            Failure: an error result the tool does not declare, with another message, or whose ``when`` does
                not hold for the call; a normal result although an error's ``when`` holds; a result that does
                not fit ``returns`` (:class:`~.results.ResultCheck`).
        """
        acting = None  # the arguments with every default (made once for the error checks and the shape)
        if tool.node.errors:
            key = (tool.name, conv.locale)
            errors = self._errors.get(key)
            if errors is None:
                errors = self._errors[key] = ToolErrors(tool, self.prog, conv.locale, self.today)
            acting = apply_defaults(tool, arguments, self.today, conv.now)
            ctx = ResultContext(acting, None, conv.now, self.today)
            if is_error(result):
                name = result[ERROR_KEY]
                if name not in errors.names:
                    raise Failure("error", f"`{name}` is not an error `{tool.name}` declares")
                if errors.holds(name, ctx) is False:
                    raise Failure("error", f"error `{name}` although its `when` does not hold for these arguments")
                if errors.result(name, ctx) != result:
                    raise Failure("error", f"error `{name}` with another message than its template gives")
                return
            hit = errors.triggered(ctx)
            if hit is not None:
                raise Failure("error", f"a result although error `{hit}`'s `when` holds for these arguments")
        elif isinstance(result, dict) and set(result) == {"error", "message"}:
            raise Failure("error", f"an error result, but `{tool.name}` declares no errors")
        if tool.node.returns is not None:
            check = self._checks.get((tool.name, conv.locale)) or self.result_check(tool, conv.locale)
            if acting is None:
                check(result, arguments, conv.now)
            else:
                check(result, acting, conv.now, defaults_applied=True)

    def failure(self, conv: Any) -> tuple[str, str, str] | None:
        """``(stage, reason, detail)`` of the first failed check of a conversation, or ``None``."""
        parsed: dict[int, Any] = {}
        f = structure_failure(conv, parsed)
        if f is not None:
            return ("format",) + f
        tools = self.prog.tools
        for d in conv.decisions:
            for c in d.calls:
                errs = validate_call(c, tools[c.name].definition)
                if errs:
                    return "schema", "call-schema", f"`{c.name}` {dumps(c.arguments)}: {errs[0]}"
        for trace in conv.calls:
            tool = tools[trace.tool]
            try:
                self.check_result(tool, trace.result, trace.arguments, conv)
            except Failure as exc:
                return "execution", exc.reason, f"`{trace.tool}` {dumps(trace.arguments)}: {exc.detail}"
        f = semantic_failure(conv, self.today, parsed)
        if f is not None:
            return ("semantic",) + f
        return None

    def check(self, conv: Any, scenario: str) -> bool:
        """Verifies one conversation and counts it; ``False`` when it must be dropped."""
        self.report.checked += 1
        f = self.failure(conv)
        if f is None:
            self.report.passed += 1
            return True
        self.report.drop(f[0], f[1], scenario, f[2])
        return False

    def count_expansion_error(self, stage: str, reason: str, scenario: str, detail: str) -> None:
        """Counts a row that could not even be expanded (``ExpansionError``) as a drop of ``stage``."""
        self.report.checked += 1
        self.report.drop(stage, reason, scenario, detail)
