"""Families stage, Gemma 4: ``<|tool_call>call:NAME{key:value,...}<tool_call|>``, results inside the model turn.

Template: ``trl/chat_templates/gemma4.jinja`` (``google/gemma-4-E2B-it``, and ``gemma4_v2`` ... ``v5`` for its
other revisions): tool results are written into the model turn that called them, paired with their call by
``tool_call_id`` -- without ids every result of a parallel turn would be named after the last call -- so calls carry
ids (``call_0``, ...). Arguments are written with sorted keys, strings between ``<|"|>`` markers. TRL ships no
training twin. Response template: ``trl.chat_template_utils.gemma4_template``. Special tokens: the Gemma 4
tokenizer's (``google/gemma-4-E2B-it``).
"""

from __future__ import annotations

import json
from typing import Any

from toolc.compiler.families.base import Family, Malformed, broken_arguments
from toolc.compiler.families.registry import register

__all__ = ["Gemma4"]

_Q = '<|"|>'


def _argument(value: Any) -> str:
    """A value as the template's ``format_argument`` macro writes it (unquoted keys, ``<|"|>`` strings)."""
    if isinstance(value, str):
        return f"{_Q}{value}{_Q}"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return "{" + ",".join(f"{k}:{_argument(v)}" for k, v in sorted(value.items())) + "}"
    if isinstance(value, list):
        return "[" + ",".join(_argument(v) for v in value) + "]"
    return str(value)


@register
class Gemma4(Family):
    """Gemma 4: calls and their results in one model turn, paired by call id."""

    name = "gemma4"
    template = "gemma4"
    bos_token = "<bos>"
    eos_token = "<eos>"
    pad_token = "<pad>"
    special_tokens = ("<bos>", "<eos>", "<pad>", "<|turn>", "<turn|>", "<|tool>", "<tool|>", "<|tool_call>",
                      "<tool_call|>", "<|tool_response>", "<tool_response|>", _Q, "<|channel>", "<channel|>",
                      "<|think|>")
    stop = ("<turn|>", "<|tool_response>", "<eos>")
    response_template = "gemma4_template"
    call_markers = ("<|tool_call>", "<tool_call|>")
    tool_role = "model"
    call_ids = True

    def malformed(self, bad: Malformed) -> str:
        """The call with its closing ``}`` dropped, Python-quoted JSON for the arguments, or a call expression
        without the ``call:`` frame."""
        call = bad.call
        body = ",".join(f"{k}:{_argument(v)}" for k, v in sorted(call.arguments.items()))
        if bad.style == "unbalanced":
            return f"<|tool_call>call:{call.name}{{{body}<tool_call|>"
        if bad.style == "quotes":
            return f"<|tool_call>call:{call.name}{broken_arguments(bad)}<tool_call|>"
        args = ", ".join(f"{k}={json.dumps(v, ensure_ascii=False)}" for k, v in call.arguments.items())
        return f"<|tool_call>{call.name}({args})<tool_call|>"


for _revision in ("v2", "v3", "v4", "v5"):
    register(type(f"Gemma4{_revision.upper()}", (Gemma4,), {
        "name": f"gemma4_{_revision}", "template": f"gemma4_{_revision}",
        "__doc__": f"Gemma 4 as ``google/gemma-4-E2B-it`` shipped it in another revision "
                   f"(``trl/chat_templates/gemma4_{_revision}.jinja``).",
        "__module__": __name__}))
