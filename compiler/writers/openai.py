"""Writers stage, format ``openai``: ``Record`` -> a row of OpenAI chat messages (TRL's conversational format).

The message shape is the OpenAI chat fine-tuning format with tools
(https://platform.openai.com/docs/guides/supervised-fine-tuning, "tool calls") that TRL also reads as its
conversational format (https://huggingface.co/docs/trl/dataset_formats#tool-calling). Every message has
the same five keys, so one Arrow schema fits every row (``docs/formats.md``, "Dataset files
contract")::

    {"role": "system"|"user"|"assistant"|"tool",
     "content": str | None,                       # None for an assistant turn that only calls tools
     "tool_calls": [{"id": "call_<k>", "type": "function",
                     "function": {"name": str, "arguments": "<json string>"}}] | None,
     "tool_call_id": str | None,                  # tool messages: the id of the call they answer
     "name": str | None}                          # tool messages: the tool's name

Call ids are deterministic: ``call_0``, ``call_1``, ... counted across the conversation; tool messages
answer the calls in call order (:class:`compiler.writers.base.PendingCalls`). In RM rows ``chosen`` and
``rejected`` each continue the prompt's numbering. ``tools`` is a JSON string of the OpenAI function
tools (TRL ``json.loads`` it). An assistant message with ``raw`` set is plain text content ``raw``.

Rows: ``sft`` ``{"messages", "tools"}``; ``rm`` ``{"prompt", "chosen", "rejected", "tools"}`` (message
lists); ``ppo`` ``{"prompt", "tools"}``.
"""

from __future__ import annotations

from typing import Any

from datasets import List, Value

from toolc.compiler.record import Message, Record, dumps, tools_json
from toolc.vocab import Kind
from toolc.compiler.writers.base import PendingCalls, Writer

__all__ = ["MESSAGE_FEATURE", "OpenAIWriter", "openai_messages"]

#: ``datasets`` feature of one message (the five-key shape above).
MESSAGE_FEATURE: dict[str, Any] = {
    "role": Value("string"),
    "content": Value("string"),
    "tool_calls": List(
        {
            "id": Value("string"),
            "type": Value("string"),
            "function": {"name": Value("string"), "arguments": Value("string")},
        }
    ),
    "tool_call_id": Value("string"),
    "name": Value("string"),
}


def openai_messages(messages: tuple[Message, ...], pending: PendingCalls) -> list[dict[str, Any]]:
    """Converts canonical messages to OpenAI messages, numbering calls and pairing results.

    Args:
        messages: canonical messages, in order.
        pending: the call-id counter and unanswered calls; updated in place.

    Returns:
        one five-key message dict per input message.

    Raises:
        RenderError: for a tool result that answers no pending call or names another tool.
    """
    out: list[dict[str, Any]] = []
    for m in messages:
        if m.role == "tool":
            call_id, name = pending.answer(m)
            out.append(
                {"role": "tool", "content": m.content, "tool_calls": None, "tool_call_id": call_id, "name": name}
            )
        elif m.raw is not None:
            out.append({"role": m.role, "content": m.raw, "tool_calls": None, "tool_call_id": None, "name": None})
        elif m.tool_calls:
            calls = [
                {
                    "id": pending.issue(c),
                    "type": "function",
                    "function": {"name": c.name, "arguments": dumps(c.arguments)},
                }
                for c in m.tool_calls
            ]
            out.append(
                {"role": m.role, "content": m.content or None, "tool_calls": calls, "tool_call_id": None, "name": None}
            )
        else:
            out.append({"role": m.role, "content": m.content, "tool_calls": None, "tool_call_id": None, "name": m.name})
    return out


class OpenAIWriter(Writer):
    """OpenAI chat messages with ``tool_calls``; see the module docstring for the schema."""

    name = "openai"

    def body_features(self, kind: Kind) -> dict[str, Any]:
        """Message-list columns (``messages`` | ``prompt``, ``chosen``, ``rejected``) plus ``tools`` (string)."""
        messages = List(MESSAGE_FEATURE)
        if kind == "sft":
            return {"messages": messages, "tools": Value("string")}
        if kind == "rm":
            return {"prompt": messages, "chosen": messages, "rejected": messages, "tools": Value("string")}
        return {"prompt": messages, "tools": Value("string")}

    def render_sft(self, record: Record) -> dict[str, Any]:
        """``{"messages", "tools"}``."""
        return {"messages": openai_messages(record.messages, PendingCalls(record.id)), "tools": tools_json(record.tools)}

    def render_rm(self, record: Record) -> dict[str, Any]:
        """``{"prompt", "chosen", "rejected", "tools"}``; chosen and rejected continue the prompt's call ids."""
        pending = PendingCalls(record.id)
        prompt = openai_messages(record.messages, pending)
        return {
            "prompt": prompt,
            "chosen": openai_messages(record.chosen, pending.copy()),
            "rejected": openai_messages(record.rejected, pending.copy()),
            "tools": tools_json(record.tools),
        }

    def render_ppo(self, record: Record) -> dict[str, Any]:
        """``{"prompt", "tools"}``."""
        return {"prompt": openai_messages(record.messages, PendingCalls(record.id)), "tools": tools_json(record.tools)}
