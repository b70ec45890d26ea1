"""Checker stage: a model completion (text or chat message) -> the tool calls it makes (:class:`ParsedTurn`).

Formats read:

* Qwen2.5 / Qwen3 chat template (Hermes style): one ``<tool_call>\\n{"name": ..., "arguments": {...}}\\n</tool_call>``
  block per call (several blocks = parallel calls); source: the templates TRL ships in
  ``trl.chat_template_utils`` (``qwen2_5_chat_template``, ``qwen3_chat_template``).
* seed 000 (``000_*.txt``): ``<function_call>{"name": ..., "arguments": {...}}</function_call>``.
* OpenAI chat messages (``{"role": "assistant", "content", "tool_calls": [{"type": "function", "function":
  {"name", "arguments": "<json>"}}]}``), which is also what TRL's GRPO trainer passes to reward functions for
  conversational datasets when it could parse the tool calls itself.

A leading ``<think>...</think>`` block is set aside (so is reasoning ended by a bare ``</think>`` when the
chat template opened the block in the prompt); the turn ends at the first stop string of those families
(``<|im_end|>`` / ``<|endoftext|>``). The tags and stop strings are read from the family registry
(:mod:`compiler.families`: ``qwen3`` and ``qwen_fc``).

Given a ``family``, a completion is parsed in that family's own syntax instead (:meth:`Family.parse`:
transformers' response parser with the family's response template), which is how evaluation and the RL
reward read the completions of any supported family.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from toolc.compiler.families import FAMILIES, Family
from toolc.compiler.record import ToolCall

#: The families whose call tags the default parser reads: Hermes ``<tool_call>`` and seed 000's ``<function_call>``.
_DEFAULT_FAMILIES = (FAMILIES["qwen3"], FAMILIES["qwen_fc"])
_TAGS = "|".join(re.escape(f.call_markers[0][1:-1]) for f in _DEFAULT_FAMILIES)
_BLOCK_RE = re.compile(rf"<({_TAGS})>(.*?)</\1>", re.S)
_TAG_RE = re.compile(rf"</?(?:{_TAGS})>")
_STOP_TOKENS = tuple(dict.fromkeys(s for f in _DEFAULT_FAMILIES for s in f.stop))


@dataclass(frozen=True, slots=True)
class ParsedTurn:
    """What one assistant turn says.

    Attributes:
        calls: the tool calls, in emitted order (only the well-formed ones when ``format_ok`` is False).
        content: the text outside call blocks and outside the reasoning block, stripped.
        format_ok: every call block is closed and holds a JSON object with a string ``name`` and object
            ``arguments``; a reasoning block, if opened, is closed.
        error: what is malformed (first problem), ``None`` when ``format_ok``.
        reasoning: the text of the ``<think>`` block, stripped (``""`` when there is none).
    """

    calls: list[ToolCall]
    content: str
    format_ok: bool
    error: str | None = None
    reasoning: str = field(default="")


def _no_constants(name: str) -> Any:
    raise ValueError(f"{name} is not valid JSON")


def _decode_call(body: str) -> tuple[ToolCall | None, str | None]:
    try:
        obj = json.loads(body, parse_constant=_no_constants)
    except (json.JSONDecodeError, ValueError) as e:
        msg = e.msg if isinstance(e, json.JSONDecodeError) else str(e)
        return None, f"invalid JSON in call block: {msg}"
    if not isinstance(obj, dict):
        return None, "call block is not a JSON object"
    return _call_from_object(obj)


def _call_from_object(obj: Mapping[str, Any]) -> tuple[ToolCall | None, str | None]:
    name = obj.get("name")
    if not isinstance(name, str) or not name:
        return None, "call has no tool name"
    args = obj.get("arguments", {})
    if args is None:
        args = {}
    if isinstance(args, str):
        try:
            args = json.loads(args, parse_constant=_no_constants) if args.strip() else {}
        except (json.JSONDecodeError, ValueError) as e:
            return None, f"{name}: arguments string is not valid JSON ({e})"
    if not isinstance(args, dict):
        return None, f"{name}: arguments must be a JSON object, got {type(args).__name__}"
    return ToolCall(name, args), None


def parse_tool_calls(text: str, family: Family | None = None, *, prefix: str = "",
                     tools: Sequence[Mapping[str, Any]] | None = None) -> ParsedTurn:
    """Parses the tool calls of a model completion.

    Args:
        text: the completion text (what the model generated after the generation prompt), special tokens
            kept or not.
        family: parse in this family's syntax (:meth:`compiler.families.Family.parse`); ``None``: the default
            parser below (Hermes ``<tool_call>`` and ``<function_call>`` blocks).
        prefix: with ``family``: the prompt the completion follows.
        tools: with ``family``: the offered tools (typing of the arguments).

    Returns:
        The :class:`ParsedTurn`. Malformed JSON in a block, an unclosed or stray ``<tool_call>`` /
        ``<function_call>`` tag, a call without a string ``name`` or with non-object ``arguments``, or an
        unclosed ``<think>`` block give ``format_ok=False`` with ``error`` set; ``arguments`` given as a
        JSON string are decoded; ``NaN`` / ``Infinity`` are rejected as not JSON.
    """
    if family is not None:
        return family.parse(text, prefix, tools)
    s = text
    for stop in _STOP_TOKENS:
        cut = s.find(stop)
        if cut >= 0:
            s = s[:cut]
    reasoning = ""
    head = s.lstrip()
    if head.startswith("<think>"):
        end = head.find("</think>")
        if end < 0:
            return ParsedTurn([], "", False, "unclosed <think> block", head[len("<think>") :].strip())
        reasoning, s = head[len("<think>") : end].strip(), head[end + len("</think>") :]
    elif "</think>" in s and "<think>" not in s:
        end = s.find("</think>")
        reasoning, s = s[:end].strip(), s[end + len("</think>") :]
    calls: list[ToolCall] = []
    pieces: list[str] = []
    error: str | None = None
    pos = 0
    for m in _BLOCK_RE.finditer(s):
        pieces.append(s[pos : m.start()])
        pos = m.end()
        call, err = _decode_call(m.group(2))
        if call is not None:
            calls.append(call)
        elif error is None:
            error = f"call {len(calls) + 1}: {err}"
    pieces.append(s[pos:])
    content = "".join(pieces)
    stray = _TAG_RE.search(content)
    if stray and error is None:
        error = f"unbalanced {stray.group(0)} tag"
    return ParsedTurn(calls, content.strip(), error is None, error, reasoning)


def parse_message(message: Mapping[str, Any]) -> ParsedTurn:
    """Parses an OpenAI-style assistant message (``content`` plus ``tool_calls``).

    Calls in ``tool_calls`` (``{"function": {"name", "arguments"}}`` with arguments a JSON string or an
    object, or a flat ``{"name", "arguments"}``) come first, then any call blocks left in ``content``.

    Args:
        message: the assistant message dict.

    Returns:
        The :class:`ParsedTurn`.
    """
    content = message.get("content") or ""
    if not isinstance(content, str):  # multimodal content parts
        content = "".join(p.get("text", "") for p in content if isinstance(p, Mapping))
    turn = parse_tool_calls(content)
    calls: list[ToolCall] = []
    error: str | None = None
    for tc in message.get("tool_calls") or ():
        fn = tc.get("function", tc) if isinstance(tc, Mapping) else None
        call, err = _call_from_object(fn) if isinstance(fn, Mapping) else (None, "tool call is not an object")
        if call is not None:
            calls.append(call)
        elif error is None:
            error = err
    error = error or turn.error
    return ParsedTurn(calls + turn.calls, turn.content, error is None, error, turn.reasoning)


def parse_completion(completion: str | Mapping[str, Any] | list[Mapping[str, Any]],
                     family: Family | None = None, *, prefix: str = "",
                     tools: Sequence[Mapping[str, Any]] | None = None) -> ParsedTurn:
    """Parses a completion in any shape a trainer or an evaluation loop hands over.

    Args:
        completion: completion text; one assistant message dict; or a list of messages (TRL's
            conversational completions ``[{"role": "assistant", ...}]``), whose assistant messages are merged.
        family: the family whose syntax completion *text* is in (``None``: the default parser); message
            dicts carry their calls in ``tool_calls`` already.
        prefix: with ``family``: the prompt text the completion follows.
        tools: with ``family``: the offered tools (typing of the arguments).

    Returns:
        The :class:`ParsedTurn`.

    Raises:
        TypeError: for any other type.
    """
    if isinstance(completion, str):
        return parse_tool_calls(completion, family, prefix=prefix, tools=tools)
    if isinstance(completion, Mapping):
        return parse_message(completion)
    if isinstance(completion, list):
        turns = [
            parse_message(m)
            for m in completion
            if isinstance(m, Mapping) and m.get("role", "assistant") == "assistant"
        ]
        error = next((t.error for t in turns if t.error), None)
        return ParsedTurn(
            [c for t in turns for c in t.calls],
            "\n".join(t.content for t in turns if t.content),
            error is None,
            error,
            "\n".join(t.reasoning for t in turns if t.reasoning),
        )
    raise TypeError(f"cannot parse a completion of type {type(completion).__name__}")
