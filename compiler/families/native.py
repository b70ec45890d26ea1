"""Families stage, native renderers: what a chat template gives for template input, computed in Python for a template
text known byte for byte (input: template input and variables; output: the text, or ``None`` for "render it with
Jinja").

Rendering a row through Jinja was 40 % of a ``qwen`` build's CPU: the sandbox checks every attribute, the
template walks the messages twice. For the template texts listed in :data:`NATIVE` (by the
SHA-256 of the exact text TRL ships) a plain function writes the same text. It follows the template statement by
statement and renders only input it is sure of -- dict messages with a string ``role``, ``content`` a string or
absent, calls with a string name and arguments -- and gives ``None`` for anything else, which the caller renders with the
template itself. Any other text of the template (another TRL release) has no entry and is rendered by Jinja.
``tests/test_native_render.py`` requires the template's own text on every row of the bundled build and on
generated odd input.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from .jinja_env import tojson_text

__all__ = ["NATIVE", "native_renderer"]

#: ``render(messages, tools, add_generation_prompt, variables) -> text | None``
Renderer = Callable[[Sequence[Any], "Sequence[Any] | None", bool, Mapping[str, Any]], "str | None"]

_QWEN3_TOOLS_HEAD = ("# Tools\n\nYou may call one or more functions to assist with the user query.\n\nYou are provided "
                     "with function signatures within <tools></tools> XML tags:\n<tools>")
_QWEN3_TOOLS_TAIL = ("\n</tools>\n\nFor each function call, return a json object with function name and arguments "
                     "within <tool_call></tool_call> XML tags:\n<tool_call>\n{\"name\": <function-name>, \"arguments\": "
                     "<args-json-object>}\n</tool_call><|im_end|>\n")


def _plain(messages: Sequence[Any]) -> bool:
    """Whether every message is input the native renderers are sure of (see the module docstring)."""
    for m in messages:
        if type(m) is not dict or type(m.get("role")) is not str:
            return False
        content = m.get("content")
        if content is not None and type(content) is not str:
            return False
        calls = m.get("tool_calls")
        if calls is not None:
            if type(calls) is not list:
                return False
            for call in calls:
                if type(call) is not dict:
                    return False
                function = call.get("function")
                inner = function if function else call
                if type(inner) is not dict or type(inner.get("name")) is not str or "arguments" not in inner:
                    return False
        reasoning = m.get("reasoning_content")
        if reasoning is not None and type(reasoning) is not str:
            return False
    return True


def render_qwen3(messages: Sequence[Any], tools: Sequence[Any] | None, add_generation_prompt: bool,
                 variables: Mapping[str, Any]) -> str | None:
    """``trl/chat_templates/qwen3.jinja`` (TRL 1.16, Qwen3's own template), statement by statement; ``None`` for input
    outside :func:`_plain`, no messages at all (the template reads ``messages[0]``), or a first system turn
    without text."""
    if not messages or not _plain(messages) or (tools is not None and type(tools) is not list):
        return None
    n = len(messages)
    out: list[str] = []
    first_system = messages[0]["role"] == "system"
    if tools:
        out.append("<|im_start|>system\n")
        if first_system:
            if type(messages[0].get("content")) is not str:
                return None  # `content + '\n\n'` on an undefined value: what Jinja makes of it, Jinja says
            out.append(messages[0]["content"] + "\n\n")
        out.append(_QWEN3_TOOLS_HEAD)
        for tool in tools:
            out.append("\n")
            out.append(tojson_text(tool))
        out.append(_QWEN3_TOOLS_TAIL)
    elif first_system:
        if type(messages[0].get("content")) is not str:
            return None
        out.append("<|im_start|>system\n" + messages[0]["content"] + "<|im_end|>\n")
    last_query = n - 1  # the last user turn that is not a wrapped tool response
    for index in range(n - 1, -1, -1):
        m = messages[index]
        content = m.get("content")
        if m["role"] == "user" and type(content) is str and not (
                content.startswith("<tool_response>") and content.endswith("</tool_response>")):
            last_query = index
            break
    for i, m in enumerate(messages):
        role = m["role"]
        content = m.get("content")
        if type(content) is not str:
            content = ""
        if role == "user" or (role == "system" and i != 0):
            out.append("<|im_start|>" + role + "\n" + content + "<|im_end|>\n")
        elif role == "assistant":
            reasoning = m.get("reasoning_content")
            if type(reasoning) is not str:
                reasoning = ""
                if "</think>" in content:
                    reasoning = content.split("</think>")[0].rstrip("\n").split("<think>")[-1].lstrip("\n")
                    content = content.split("</think>")[-1].lstrip("\n")
            if i > last_query and (i == n - 1 or reasoning):
                out.append("<|im_start|>" + role + "\n<think>\n" + reasoning.strip("\n") + "\n</think>\n\n"
                           + content.lstrip("\n"))
            else:
                out.append("<|im_start|>" + role + "\n" + content)
            for j, call in enumerate(m.get("tool_calls") or ()):
                if j or content:
                    out.append("\n")
                function = call.get("function")
                if function:
                    call = function
                arguments = call.get("arguments")
                out.append('<tool_call>\n{"name": "' + call["name"] + '", "arguments": '
                           + (arguments if type(arguments) is str else tojson_text(arguments)) + "}\n</tool_call>")
            out.append("<|im_end|>\n")
        elif role == "tool":
            if i == 0 or messages[i - 1]["role"] != "tool":
                out.append("<|im_start|>user")
            out.append("\n<tool_response>\n" + content + "\n</tool_response>")
            if i == n - 1 or messages[i + 1]["role"] != "tool":
                out.append("<|im_end|>\n")
    if add_generation_prompt:
        out.append("<|im_start|>assistant\n")
        if variables.get("enable_thinking", True) is False:
            out.append("<think>\n\n</think>\n\n")
    return "".join(out)


#: SHA-256 of a template's exact text -> its native renderer.
NATIVE: dict[str, Renderer] = {
    "a55ee1b1660128b7098723e0abcd92caa0788061051c62d51cbe87d9cf1974d8": render_qwen3,  # trl 1.16 qwen3.jinja
}


@functools.lru_cache(maxsize=64)
def native_renderer(source: str) -> Renderer | None:
    """The native renderer of chat-template text ``source``, or ``None`` when it has none (render with Jinja)."""
    return NATIVE.get(hashlib.sha256(source.encode("utf-8")).hexdigest())
