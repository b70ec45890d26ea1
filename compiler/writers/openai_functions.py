"""Writers stage, format ``openai-functions``: ``Record`` -> a row of legacy ``function_call`` chat messages.

The legacy OpenAI function-calling shape that seed 000 (``../shared/seeds/000_*.txt``, "常见格式") shows
and that many older fine-tuning stacks (ChatGLM, Baichuan, Qwen-1) read: an assistant call is
``{"role": "assistant", "content": null, "function_call": {"name": N, "arguments": "<json string>"}}``,
a result is ``{"role": "function", "name": N, "content": "<result json>"}``, and the offered tools are
the bare function objects (``{"name", "description", "parameters"}``), here the JSON string column
``functions``. Every message has the same four keys (``role``, ``content``, ``function_call``, ``name``;
absent values are ``null``) so one Arrow schema fits every row.

**Parallel calls** are not representable (one ``function_call`` per message). An assistant turn with
calls ``c1, c2, ...`` whose results ``r1, r2, ...`` follow is rendered as consecutive pairs
``assistant c1, function r1, assistant c2, function r2, ...``; calls without results (the answer of an
RM or the end of a conversation) are consecutive assistant ``function_call`` messages. Text content of
such a turn stays on its first message. An assistant message with ``raw`` set is plain text ``raw``.

Rows: ``sft`` ``{"messages", "functions"}``; ``rm`` ``{"prompt", "chosen", "rejected", "functions"}``;
``ppo`` ``{"prompt", "functions"}``.
"""

from __future__ import annotations

from collections import deque
from typing import Any

from toolc.compiler.writers.features import List, Value

from toolc.compiler.record import Message, Record, ToolCall, dumps
from toolc.vocab import Kind
from toolc.compiler.writers.base import PendingCalls, Writer, functions_json

__all__ = ["FUNCTION_MESSAGE_FEATURE", "OpenAIFunctionsWriter", "function_messages"]

#: ``datasets`` feature of one legacy message.
FUNCTION_MESSAGE_FEATURE: dict[str, Any] = {
    "role": Value("string"),
    "content": Value("string"),
    "function_call": {"name": Value("string"), "arguments": Value("string")},
    "name": Value("string"),
}


def _call_message(call: ToolCall, content: str | None = None) -> dict[str, Any]:
    return {
        "role": "assistant",
        "content": content,
        "function_call": {"name": call.name, "arguments": dumps(call.arguments)},
        "name": None,
    }


def function_messages(messages: tuple[Message, ...], pending: PendingCalls) -> list[dict[str, Any]]:
    """Converts canonical messages to legacy ``function_call`` messages, splitting parallel calls.

    Args:
        messages: canonical messages, in order.
        pending: unanswered calls (for pairing and checking result names); updated in place.

    Returns:
        the legacy message dicts; one per message, except that an assistant turn with ``k`` calls becomes
        ``k`` assistant messages interleaved with their results (see the module docstring).

    Raises:
        RenderError: for a tool result that answers no pending call or names another tool.
    """
    out: list[dict[str, Any]] = []
    held: deque[ToolCall] = deque()  # calls of a parallel turn not yet emitted
    for m in messages:
        if m.role == "tool":
            _, name = pending.answer(m)
            out.append({"role": "function", "content": m.content, "function_call": None, "name": name})
            if held:
                out.append(_call_message(held.popleft()))
            continue
        while held:
            out.append(_call_message(held.popleft()))
        if m.raw is not None:
            out.append({"role": m.role, "content": m.raw, "function_call": None, "name": None})
        elif m.tool_calls:
            for c in m.tool_calls:
                pending.issue(c)
            out.append(_call_message(m.tool_calls[0], m.content or None))
            held.extend(m.tool_calls[1:])
        else:
            out.append({"role": m.role, "content": m.content, "function_call": None, "name": m.name})
    while held:
        out.append(_call_message(held.popleft()))
    return out


class OpenAIFunctionsWriter(Writer):
    """Legacy ``functions`` / ``function_call`` messages; see the module docstring."""

    name = "openai-functions"

    def body_features(self, kind: Kind) -> dict[str, Any]:
        """Message-list columns (``messages`` | ``prompt``, ``chosen``, ``rejected``) plus ``functions`` (string)."""
        messages = List(FUNCTION_MESSAGE_FEATURE)
        if kind == "sft":
            return {"messages": messages, "functions": Value("string")}
        if kind == "rm":
            return {"prompt": messages, "chosen": messages, "rejected": messages, "functions": Value("string")}
        return {"prompt": messages, "functions": Value("string")}

    def tool_columns(self, kind: Kind) -> dict[str, Any]:
        """``functions``: the function objects as JSON text, in every kind."""
        return {"functions": functions_json}

    def render_sft(self, record: Record) -> dict[str, Any]:
        """``{"messages", "functions"}``."""
        return {
            "messages": function_messages(record.messages, PendingCalls(record.id)),
            "functions": functions_json(record.tools),
        }

    def render_rm(self, record: Record) -> dict[str, Any]:
        """``{"prompt", "chosen", "rejected", "functions"}``."""
        pending = PendingCalls(record.id)
        prompt = function_messages(record.messages, pending)
        return {
            "prompt": prompt,
            "chosen": function_messages(record.chosen, pending.copy()),
            "rejected": function_messages(record.rejected, pending.copy()),
            "functions": functions_json(record.tools),
        }

    def render_ppo(self, record: Record) -> dict[str, Any]:
        """``{"prompt", "functions"}``."""
        return {
            "prompt": function_messages(record.messages, PendingCalls(record.id)),
            "functions": functions_json(record.tools),
        }
