"""Families stage, parsing back: a family's completion text -> :class:`~compiler.checker.parse.ParsedTurn`.

The parsing is transformers' own (``transformers.utils.chat_parsing.parse_response``, the parser behind
``tokenizer.parse_response``), driven by the family's response template: TRL's where it ships one
(``trl.chat_template_utils.qwen3_template``, ``llama3_template``, ``gptoss_template``, ...), toolc's own where it
does not (DeepSeek V3, in :mod:`compiler.families.deepseek`). Tool-call arguments are typed with the offered
tools' JSON schemas when given (transformers >= 5.15), so ``"7"`` written by an XML-style template comes back as
``7`` for an integer parameter.

What toolc adds: a completion is malformed (``format_ok=False``) when the parser raises (broken JSON in a call,
an unclosed call), when a call has no name or non-object arguments, or when a call marker of the family
(:attr:`Family.call_markers`) is left over in the text outside the parsed calls.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Mapping, Sequence
from typing import Any

from toolc.compiler.checker.parse import ParsedTurn
from toolc.compiler.families.base import Family
from toolc.compiler.record import ToolCall

__all__ = ["parse_with_template", "response_template"]


@functools.cache
def _trl_response_template(name: str) -> dict[str, Any]:
    from trl import chat_template_utils

    return getattr(chat_template_utils, name)


def response_template(family: Family) -> dict[str, Any]:
    """The family's response template (a dict in transformers' ``response_template`` format).

    Raises:
        ValueError: the family has none.
    """
    spec = family.response_template
    if spec is None:
        raise ValueError(f"family `{family.name}` has no response template to parse completions with")
    if isinstance(spec, str):
        return _trl_response_template(spec)
    return dict(spec)


def _call(item: Any) -> tuple[ToolCall | None, str | None]:
    fn = item.get("function", item) if isinstance(item, Mapping) else None
    if not isinstance(fn, Mapping):
        return None, "tool call is not an object"
    name = fn.get("name")
    if not isinstance(name, str) or not name.strip():
        return None, "call has no tool name"
    args = fn.get("arguments")
    if args is None:
        args = {}
    if isinstance(args, str):
        try:
            args = json.loads(args) if args.strip() else {}
        except json.JSONDecodeError as exc:
            return None, f"{name}: arguments string is not valid JSON ({exc.msg})"
    if not isinstance(args, dict):
        return None, f"{name}: arguments must be a JSON object, got {type(args).__name__}"
    return ToolCall(name.strip(), args), None


def parse_with_template(family: Family, text: str, prefix: str = "",
                        tools: Sequence[Mapping[str, Any]] | None = None) -> ParsedTurn:
    """Parses a completion with the family's response template.

    Args:
        family: the family whose syntax the completion is in.
        text: what the model generated after the prompt, end-of-turn marker kept or not.
        prefix: the prompt (templates that pre-write ``<think>`` need it to know where the answer starts).
        tools: the offered tools, to type the arguments by their schemas.

    Returns:
        the calls in emitted order, the content and reasoning, and whether the completion is well formed.
    """
    from transformers.utils.chat_parsing import parse_response

    try:
        message = parse_response(text, response_template(family), prefix=prefix or "",
                                 tools=list(tools) if tools else None)
    except (ValueError, TypeError, KeyError) as exc:
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        return ParsedTurn([], text.strip(), False, f"malformed {family.name} call: {first}")
    if not isinstance(message, Mapping):
        return ParsedTurn([], text.strip(), False, f"malformed {family.name} completion")
    calls: list[ToolCall] = []
    error: str | None = None
    for item in message.get("tool_calls") or ():
        call, err = _call(item)
        if call is not None:
            calls.append(call)
        elif error is None:
            error = f"call {len(calls) + 1}: {err}"
    content = message.get("content") or ""
    if not isinstance(content, str):
        content = json.dumps(content, ensure_ascii=False)
    for stop in family.stop:
        content = content.replace(stop, "")
    content = content.strip()
    reasoning = message.get("reasoning_content") or message.get("thinking") or ""
    stray = next((m for m in family.call_markers if m in content), None)
    if stray is not None and error is None:
        error = f"unparsed {stray!r} in the answer"
    return ParsedTurn(calls, content, error is None, error, str(reasoning).strip())
