"""Families stage, gpt-oss (harmony): a call is ``<|start|>assistant to=functions.NAME<|channel|>commentary json
<|message|>{...}<|call|>``.

Template: ``trl/chat_templates/gptoss.jinja`` (``openai/gpt-oss-20b``): a system turn with ``Current date:
strftime_now("%Y-%m-%d")`` (the build's reference date), the tools as a TypeScript namespace in the developer turn,
one call per assistant turn -- it renders only ``tool_calls[0]`` and silently drops the rest, so rows with
parallel calls are left out -- and results as ``functions.NAME to=assistant`` messages. The last answer of a
conversation ends with ``<|return|>``, earlier ones with ``<|end|>``. Response template:
``trl.chat_template_utils.gptoss_template``. Special tokens: the harmony format's (``openai/gpt-oss-20b``).
"""

from __future__ import annotations

from toolc.compiler.families.base import Family, Malformed, broken_arguments
from toolc.compiler.families.registry import register

__all__ = ["GptOss"]


@register
class GptOss(Family):
    """gpt-oss: harmony channels, one call per turn, today's date in the system turn."""

    name = "gptoss"
    template = "gptoss"
    training_template = "gptoss_training"
    eos_token = "<|return|>"
    pad_token = "<|endoftext|>"
    special_tokens = ("<|startoftext|>", "<|endoftext|>", "<|start|>", "<|end|>", "<|message|>", "<|channel|>",
                      "<|constrain|>", "<|return|>", "<|call|>")
    stop = ("<|return|>", "<|call|>", "<|endoftext|>")
    response_template = "gptoss_template"
    call_markers = ("to=functions.",)
    parallel_calls = "first"
    tool_role = "functions"
    dated = True

    def end_of_turn(self, text: str) -> str:
        """A call turn ends with ``<|call|>``, an answer with ``<|return|>``."""
        return "<|call|>" if "to=functions." in text else "<|return|>"

    def malformed(self, bad: Malformed) -> str:
        """The commentary-channel call with its JSON broken (last ``}`` dropped, Python quotes) or a call
        expression in place of the JSON."""
        call, args = bad.call, broken_arguments(bad)
        return f"to=functions.{call.name}<|channel|>commentary json<|message|>{args}<|call|>"
