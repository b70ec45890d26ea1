"""Families stage, GLM-4.5 (GLM-4-MoE): calls as ``<tool_call>NAME`` with ``<arg_key>`` / ``<arg_value>`` pairs.

Template: ``trl/chat_templates/glm4moe.jinja`` (``zai-org/GLM-4.5``); arguments must be a dict (their
``.items()`` are iterated); string values are written raw, others as JSON. An assistant turn ends where the next
turn's marker starts (``<|user|>``, ``<|observation|>``), so those are its stop strings and TRL's training twin
puts the following marker inside the assistant's span. Response template:
``trl.chat_template_utils.glm4moe_template``. Special tokens: ``tokenizer_config.json`` of ``zai-org/GLM-4.5``.
"""

from __future__ import annotations

import json
from typing import Any

from toolc.compiler.families.base import Family, Malformed
from toolc.compiler.families.registry import register

__all__ = ["Glm4Moe"]


def _value(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


@register
class Glm4Moe(Family):
    """GLM-4.5 / GLM-4-MoE: ``[gMASK]<sop>``, an empty ``<think></think>`` on every answer, XML-ish arguments."""

    name = "glm4moe"
    template = "glm4moe"
    training_template = "glm4moe_training"
    eos_token = "<|endoftext|>"
    pad_token = "<|endoftext|>"
    special_tokens = ("[gMASK]", "<sop>", "<|system|>", "<|user|>", "<|assistant|>", "<|observation|>", "<think>",
                      "</think>", "<tool_call>", "</tool_call>", "<arg_key>", "</arg_key>", "<arg_value>",
                      "</arg_value>", "<tool_response>", "</tool_response>", "<|endoftext|>")
    stop = ("<|user|>", "<|observation|>", "<|endoftext|>")
    response_template = "glm4moe_template"
    call_markers = ("<tool_call>", "</tool_call>", "<arg_key>", "<arg_value>")
    tool_role = "observation"

    def malformed(self, bad: Malformed) -> str:
        """The call with its last ``</arg_value>`` dropped, a Python dict in place of the pairs, or a call
        expression in place of the name."""
        call = bad.call
        pairs = "".join(f"<arg_key>{k}</arg_key>\n<arg_value>{_value(v)}</arg_value>\n" for k, v in call.arguments.items())
        if bad.style == "unbalanced":
            cut = pairs.rfind("</arg_value>")
            pairs = pairs[:cut] + "\n" if cut >= 0 else "<arg_key>\n"
            return f"<tool_call>{call.name}\n{pairs}</tool_call>"
        if bad.style == "quotes":
            return f"<tool_call>{call.name}\n{json.dumps(call.arguments, ensure_ascii=False).replace(chr(34), chr(39))}\n</tool_call>"
        args = ", ".join(f"{k}={json.dumps(v, ensure_ascii=False)}" for k, v in call.arguments.items())
        return f"<tool_call>{call.name}({args})\n</tool_call>"
