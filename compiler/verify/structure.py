"""Verification stage, format: the message structure of a conversation (input: Conversation; output: a
failure ``(reason, detail)`` or ``None``). See :mod:`compiler.verify`."""

from __future__ import annotations

import json
from typing import Any

import orjson

#: Maps every ASCII digit to ``0``: a text holding :data:`_LONG_RUN` after it may hold an integer beyond 64 bits,
#: which orjson reads as a float (``json`` as an int).
_DIGITS_TO_ZERO = bytes.maketrans(b"123456789", b"000000000")
_LONG_RUN = b"0" * 19


def parse_json(text: str) -> Any:
    """``json.loads(text)``, the same value and the same errors (``ValueError``), mostly through orjson (several
    times faster): orjson accepts no text ``json`` rejects; where it refuses one ``json`` accepts (``NaN``,
    ``1e400``, a lone surrogate) or might read an integer beyond 64 bits as a float, ``json`` reads it."""
    try:
        data = text.encode()
    except (UnicodeEncodeError, AttributeError):  # a lone surrogate; not a string (json raises its own error)
        return json.loads(text)
    if _LONG_RUN not in data.translate(_DIGITS_TO_ZERO):
        try:
            return orjson.loads(data)
        except orjson.JSONDecodeError:
            pass
    return json.loads(text)


def structure_failure(conv: Any, parsed: dict[int, Any] | None = None) -> tuple[str, str] | None:
    """The first structural problem of ``conv``, or ``None``.

    Args:
        conv: the conversation.
        parsed: when given, receives each tool message's parsed content by message index (the semantic stage
            reads the results again).
    """
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
                    value = parse_json(msgs[k].content)
                except ValueError:
                    return "structure", f"the result of `{c.name}` at message {k} is not JSON"
                if parsed is not None:
                    parsed[k] = value
                k += 1
        elif m.role == "assistant" and not m.content.strip():
            return "structure", f"assistant message {j} is empty"
        elif m.role == "tool" and (j == 0 or msgs[j - 1].role not in ("assistant", "tool")):
            return "structure", f"tool message {j} answers no call"
    if msgs[-1].role == "user":
        return "structure", "the conversation ends with an unanswered user turn"
    return None
