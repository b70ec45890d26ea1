"""Families stage, LFM2 / LFM2.5: calls as a Python list ``<|tool_call_start|>[name(key='value', ...)]<|tool_call_end|>``.

Templates: ``trl/chat_templates/lfm2_v2.jinja`` (``LiquidAI/LFM2-1.2B`` since 40f3da0) and ``lfm2_2_5.jinja``
(``LiquidAI/LFM2.5-230M``, already ``{% generation %}``-marked); arguments must be a dict (a JSON string raises);
strings are single-quoted, other scalars written by Jinja's ``string`` filter (``True``, ``4.5``), lists and
objects as JSON. Response template: ``trl.chat_template_utils.lfm2_2_5_template``. Special tokens: the LFM2
tokenizer's (``LiquidAI/LFM2-1.2B``).
"""

from __future__ import annotations

import json

from toolc.compiler.families.base import Family, Malformed
from toolc.compiler.families.registry import register

__all__ = ["Lfm2V2"]


@register
class Lfm2V2(Family):
    """LFM2: ChatML with a tool list in the system turn and Python-style calls."""

    name = "lfm2_v2"
    template = "lfm2_v2"
    training_template = "lfm2_v2_training"
    bos_token = "<|startoftext|>"
    eos_token = "<|im_end|>"
    pad_token = "<|pad|>"
    special_tokens = ("<|startoftext|>", "<|im_start|>", "<|im_end|>", "<|pad|>", "<|tool_list_start|>",
                      "<|tool_list_end|>", "<|tool_call_start|>", "<|tool_call_end|>", "<|tool_response_start|>",
                      "<|tool_response_end|>")
    stop = ("<|im_end|>",)
    response_template = "lfm2_2_5_template"
    call_markers = ("<|tool_call_start|>", "<|tool_call_end|>")
    tool_role = "tool"

    def malformed(self, bad: Malformed) -> str:
        """The call list with the call's closing ``)`` dropped, a Python dict in place of ``key=value``
        arguments, or a JSON object in place of the call expression."""
        call = bad.call
        if bad.style == "unbalanced":
            args = ", ".join(f"{k}={json.dumps(v, ensure_ascii=False)}" for k, v in call.arguments.items())
            return f"<|tool_call_start|>[{call.name}({args}]<|tool_call_end|>"
        if bad.style == "quotes":
            args = json.dumps(call.arguments, ensure_ascii=False).replace('"', "'")
            return f"<|tool_call_start|>[{call.name}({args})]<|tool_call_end|>"
        body = json.dumps({"name": call.name, "arguments": call.arguments}, ensure_ascii=False)
        return f"<|tool_call_start|>[{body}]<|tool_call_end|>"


@register
class Lfm2_5(Lfm2V2):  # noqa: N801
    """LFM2.5 (``LiquidAI/LFM2.5-230M``): LFM2's calls, ``<think>`` blocks, its own ``{% generation %}`` markers."""

    name = "lfm2_5"
    template = "lfm2_2_5"
    training_template = "lfm2_2_5"
