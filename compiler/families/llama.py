"""Families stage, Llama 3.1 / 3.2: a call is a bare JSON object ``{"name": ..., "parameters": {...}}``.

Templates: ``trl/chat_templates/llama3_1.jinja`` / ``llama3_2.jinja`` (``meta-llama/Llama-3.1-8B-Instruct``,
``Llama-3.2-*-Instruct``): tools go into the first user message, one call per assistant turn (the template raises
on more), results under the ``ipython`` role; Llama 3.2 stamps today's date (``strftime_now("%d %b %Y")``).
TRL ships no training twin of either; toolc's (``templates/llama3_*_training.jinja``) wraps the assistant's
output in ``{% generation %}`` and renders the same text (tested on every row of the bundled build). Response
template: ``trl.chat_template_utils.llama3_template``. Special tokens: ``tokenizer_config.json`` of
``meta-llama/Llama-3.1-8B-Instruct`` (bos ``<|begin_of_text|>``, eos ``<|eot_id|>``).
"""

from __future__ import annotations

import functools
import importlib.resources
import json

from toolc.compiler.families.base import Family, Malformed, broken_arguments, trl_template
from toolc.compiler.families.registry import register
from toolc.compiler.record import ToolCall

__all__ = ["Llama3_1", "Llama3_2", "toolc_template"]


@functools.cache
def toolc_template(stem: str) -> str:
    """A template toolc ships (``compiler/families/templates/{stem}.jinja``), where TRL ships none."""
    return importlib.resources.files("toolc.compiler.families").joinpath("templates", f"{stem}.jinja").read_text(
        encoding="utf-8")


@register
class Llama3_1(Family):  # noqa: N801 - the family's own name
    """Llama 3.1 Instruct: one JSON call per turn, ``Environment: ipython``, a fixed date line."""

    name = "llama3_1"
    template = "llama3_1"
    training_template = "llama3_1_training"
    bos_token = "<|begin_of_text|>"
    eos_token = "<|eot_id|>"
    special_tokens = ("<|begin_of_text|>", "<|end_of_text|>", "<|start_header_id|>", "<|end_header_id|>",
                      "<|eot_id|>", "<|eom_id|>", "<|python_tag|>", "<|finetune_right_pad_id|>")
    stop = ("<|eot_id|>", "<|eom_id|>", "<|end_of_text|>")
    response_template = "llama3_template"
    call_markers = ('{"name":',)
    parallel_calls = "none"
    tool_role = "ipython"

    def chat_template(self, training: bool = False) -> str:
        if training:
            return toolc_template(self.training_template or "")
        return trl_template(self.template or "")

    def call_body(self, call: ToolCall) -> str:
        return json.dumps({"name": call.name, "parameters": call.arguments}, ensure_ascii=False)

    def malformed(self, bad: Malformed) -> str:
        """The bare JSON call broken: its last ``}`` dropped, its parameters in Python quotes, or a call
        expression in place of the parameters object."""
        call = bad.call
        head = f'{{"name": "{call.name}", "parameters": '
        if bad.style == "unbalanced":
            return self.call_body(call)[:-1]
        return head + broken_arguments(bad) + "}"


@register
class Llama3_2(Llama3_1):  # noqa: N801
    """Llama 3.2 Instruct: as 3.1, with today's date in the system turn (the build's reference date)."""

    name = "llama3_2"
    template = "llama3_2"
    training_template = "llama3_2_training"
    dated = True
