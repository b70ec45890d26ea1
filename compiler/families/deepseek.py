"""Families stage, DeepSeek V3: calls between ``<｜tool▁call▁begin｜>`` markers, arguments as a JSON string.

Template: ``trl/chat_templates/deepseekv3.jinja`` (``deepseek-ai/DeepSeek-V3``): it concatenates
``tool['function']['arguments']`` as text, so arguments go in as a JSON string (a dict raises), and tool-call turns
need string content (``""``); it never shows the offered tools, so a row that offers tools is left out
(construct ``tool list``). TRL's training twin applies ``tojson`` to the arguments instead, so it takes them as a
dict. TRL ships no response template for DeepSeek V3; :data:`RESPONSE_TEMPLATE` is toolc's, in transformers'
``response_template`` format. Special tokens: ``tokenizer_config.json`` of ``deepseek-ai/DeepSeek-V3``.
"""

from __future__ import annotations

from toolc.compiler.families.base import Family, Malformed, broken_arguments
from toolc.compiler.families.registry import register

__all__ = ["RESPONSE_TEMPLATE", "DeepSeekV3"]

_CALL_BEGIN = "<｜tool▁call▁begin｜>"
_CALL_END = "<｜tool▁call▁end｜>"
_CALLS_BEGIN = "<｜tool▁calls▁begin｜>"
_CALLS_END = "<｜tool▁calls▁end｜>"
_SEP = "<｜tool▁sep｜>"

#: The answer after ``<｜Assistant｜>`` (or after ``<｜tool▁outputs▁end｜>``): optional text, then
#: ``<｜tool▁calls▁begin｜>`` and one ``<｜tool▁call▁begin｜>function<｜tool▁sep｜>NAME\n```json\nARGS\n```<｜tool▁call▁end｜>``
#: per call (separated by ``\n``), ``<｜tool▁calls▁end｜>``, ``<｜end▁of▁sentence｜>``.
RESPONSE_TEMPLATE = {
    "defaults": {"role": "assistant"},
    "start_anchor_pattern": r"<｜Assistant｜>(?:<think>\n)?|<｜tool▁outputs▁end｜>|<｜tool▁output▁end｜>",
    "fields": {
        "tool_calls": {
            "open_pattern": r"(?:<｜tool▁calls▁begin｜>)?\n?<｜tool▁call▁begin｜>function<｜tool▁sep｜>(?P<name>[^\n]+)\n```json\n",
            "close_pattern": r"\n```<｜tool▁call▁end｜>(?:<｜tool▁calls▁end｜>)?\s*",
            "repeats": True,
            "content": "json",
            "transform": {"type": "function", "function": {"name": "{name}", "arguments": "{content}"}},
        },
        "content": {"close_pattern": r"<｜end▁of▁sentence｜>\s*|$", "content": "text"},
    },
}


@register
class DeepSeekV3(Family):
    """DeepSeek V3: arguments as JSON text, no tool list in the prompt, an empty ``<think>`` opener prompted."""

    name = "deepseekv3"
    template = "deepseekv3"
    training_template = "deepseekv3_training"
    bos_token = "<｜begin▁of▁sentence｜>"
    eos_token = "<｜end▁of▁sentence｜>"
    pad_token = "<｜end▁of▁sentence｜>"
    special_tokens = ("<｜begin▁of▁sentence｜>", "<｜end▁of▁sentence｜>", "<｜User｜>", "<｜Assistant｜>", _CALLS_BEGIN,
                      _CALLS_END, _CALL_BEGIN, _CALL_END, _SEP, "<｜tool▁outputs▁begin｜>", "<｜tool▁outputs▁end｜>",
                      "<｜tool▁output▁begin｜>", "<｜tool▁output▁end｜>", "<think>", "</think>")
    stop = ("<｜end▁of▁sentence｜>",)
    response_template = RESPONSE_TEMPLATE
    call_markers = (_CALLS_BEGIN, _CALL_BEGIN, _CALL_END, _SEP)
    shows_tools = False
    tool_role = "tool"
    arguments = "json"
    training_arguments = "dict"

    def malformed(self, bad: Malformed) -> str:
        """The call block with broken arguments: the last ``}`` dropped, Python quotes, or a call expression."""
        call, args = bad.call, broken_arguments(bad)
        return f"{_CALLS_BEGIN}{_CALL_BEGIN}function{_SEP}{call.name}\n```json\n{args}\n```{_CALL_END}{_CALLS_END}"
