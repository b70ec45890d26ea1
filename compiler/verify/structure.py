"""Verification stage, format: the message structure of a conversation (input: Conversation; output: a
failure ``(reason, detail)`` or ``None``). See :mod:`compiler.verify`."""

from __future__ import annotations

import json
from typing import Any


def structure_failure(conv: Any) -> tuple[str, str] | None:
    msgs = conv.messages
    if not msgs:
        return "structure", "no messages"
    i = 0
    if msgs[0].role == "system":
        i = 1
    if i >= len(msgs) or msgs[i].role != "user":
        return "structure", "the first turn after the system prompt is not the user's"
    for j, m in enumerate(msgs):
        if m.role == "system" and j != 0:
            return "structure", f"message {j} is a second system prompt"
        if m.role == "assistant" and m.tool_calls:
            k = j + 1
            for c in m.tool_calls:
                if k >= len(msgs) or msgs[k].role != "tool" or msgs[k].name != c.name:
                    return "structure", f"call `{c.name}` at message {j} has no tool result after it"
                try:
                    json.loads(msgs[k].content)
                except ValueError:
                    return "structure", f"the result of `{c.name}` at message {k} is not JSON"
                k += 1
        elif m.role == "assistant" and not m.content.strip():
            return "structure", f"assistant message {j} is empty"
        elif m.role == "tool" and (j == 0 or msgs[j - 1].role not in ("assistant", "tool")):
            return "structure", f"tool message {j} answers no call"
    if msgs[-1].role == "user":
        return "structure", "the conversation ends with an unanswered user turn"
    return None
