"""Families stage, Nemotron 3: Qwen3.5's XML calls with an ``<think>`` opener the prompt always writes.

Templates: ``trl/chat_templates/nemotron_3_nano.jinja`` (``nvidia/NVIDIA-Nemotron-3-Nano-*``) and its Super, Ultra
and 3.5 Lightning siblings. An answer without reasoning renders ``<think></think>``, while the generation prompt
(thinking on) ends ``<think>\\n``, so an RM prompt is the shared prefix ending at ``<think>``. Response template:
``trl.chat_template_utils.nemotron_3_template``. Special tokens: the ChatML and tool markers of the Nemotron 3
tokenizer.
"""

from __future__ import annotations

from toolc.compiler.families.qwen import XmlCalls
from toolc.compiler.families.registry import register

__all__ = ["Nemotron3Nano"]


@register
class Nemotron3Nano(XmlCalls):
    """Nemotron 3 Nano: ChatML, XML calls, history reasoning truncated."""

    name = "nemotron_3_nano"
    template = "nemotron_3_nano"
    training_template = "nemotron_3_nano_training"
    eos_token = "<|im_end|>"
    special_tokens = ("<|im_start|>", "<|im_end|>", "<think>", "</think>", "<tool_call>", "</tool_call>",
                      "<tool_response>", "</tool_response>")
    stop = ("<|im_end|>",)
    response_template = "nemotron_3_template"
    tool_role = "user"


@register
class Nemotron3NanoNoThink(Nemotron3Nano):
    """Nemotron 3 Nano with thinking off (``enable_thinking=False``): the prompt ends ``<think></think>``."""

    name = "nemotron_3_nano_nothink"
    template_kwargs = {"enable_thinking": False}


for _name, _doc in (("nemotron_3_super", "Super (a ``low_effort`` flag)"),
                    ("nemotron_3_ultra", "Ultra (a ``medium_effort`` flag)"),
                    ("nemotron_3_5_lightning", "3.5 Lightning")):
    register(type("".join(p.capitalize() for p in _name.split("_")), (Nemotron3Nano,), {
        "name": _name, "template": _name, "training_template": f"{_name}_training",
        "__doc__": f"Nemotron {_doc}: Nano's calls and tokens (``trl/chat_templates/{_name}.jinja``).",
        "__module__": __name__}))
