"""Families stage, LFM2 / LFM2.5: calls as a Python list ``<|tool_call_start|>[name(key='value', ...)]<|tool_call_end|>``.

Templates: ``trl/chat_templates/lfm2_v2.jinja`` (``LiquidAI/LFM2-1.2B`` since 40f3da0) and ``lfm2_2_5.jinja``
(``LiquidAI/LFM2.5-230M``, already ``{% generation %}``-marked); arguments must be a dict (a JSON string raises);
strings are single-quoted, other scalars written by Jinja's ``string`` filter (``True``, ``4.5``), lists and
objects as JSON. Response template: TRL's ``trl.chat_template_utils.lfm2_2_5_template`` with two fixes
(:data:`RESPONSE_TEMPLATE`): TRL's closes a call at its first ``)`` even inside a quoted value
(``expression='(1 + 0.05) ^ 10'``), and its quoted values end at the first ``'`` even where the template escaped
it (``'what\\'s up'``); quoted values are then read as the Python literals the template writes. Special tokens:
the LFM2 tokenizer's (``LiquidAI/LFM2-1.2B``).
"""

from __future__ import annotations

import ast
import json
from collections.abc import Mapping, Sequence
from typing import Any

from toolc.compiler.families.base import Family, Malformed
from toolc.compiler.families.registry import register

__all__ = ["RESPONSE_TEMPLATE", "Lfm2V2"]

_ATOM = r"[^\[\]{}'\"]|'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\""
_NESTED = _ATOM
for _ in range(3):  # lists and objects nested three deep, as in TRL's template
    _NESTED = rf"{_ATOM}|[\[{{](?:{_NESTED})*[\]}}]"
#: A quoted value ends at a ``'`` followed by the next argument or the end of the call, so an apostrophe inside
#: the text (LFM2.5 does not escape it: ``'Grazie per l'aiuto.'``) does not end it.
_QUOTED = r"'(?:[^'\\]|\\.|'(?!\s*(?:,\s*\w+=|\)(?:\]|,\s*\w+\())))*'"
_VALUE = rf"{_QUOTED}|[\[{{](?:{_NESTED})*[\]}}]|[^,)]*"

#: TRL's ``lfm2_2_5_template`` with a call closed only by the ``)`` that ends the list or precedes the next call,
#: quoted values that may hold quotes, and values kept as text (read as Python literals by :func:`_literal`).
RESPONSE_TEMPLATE = {
    "defaults": {"role": "assistant"},
    "start_anchor": "<|im_start|>assistant\n",
    "fields": {
        "thinking": {"open": "<think>", "close_pattern": r"</think>\s*", "content": "text"},
        "tool_calls": {
            "open_pattern": r"(?:<\|tool_call_start\|>\[|,\s*)(?P<name>\w+)\(",
            "close_pattern": r"\)(?:\]<\|tool_call_end\|>\s*|(?=,\s*\w+\())",
            "repeats": True,
            "content": "xml-inline",
            "content_args": {"tag_pattern": rf"(?P<key>\w+)=(?P<value>{_VALUE})", "value_parser": {"name": "text"}},
            "transform": {"type": "function", "function": {"name": "{name}", "arguments": "{content}"}},
        },
        "content": {"close_pattern": r"<\|im_end\|>\s*", "content": "text"},
    },
}


def _literal(value: Any, escaped: bool) -> Any:
    """A value as the template wrote it -> the value: a quoted string (unescaped where the template escapes),
    JSON (objects), or a Python literal (``True``, ``None``, ``['a', 'b']``); anything else stays text."""
    if not isinstance(value, str):
        return value
    text = value.strip()
    if len(text) >= 2 and text[0] == text[-1] == "'":
        if escaped:
            try:
                return ast.literal_eval(text)
            except (ValueError, SyntaxError):
                pass
        return text[1:-1]
    for read in (json.loads, ast.literal_eval):
        try:
            return read(text)
        except (ValueError, SyntaxError):
            continue
    return value


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
    response_template = RESPONSE_TEMPLATE
    call_markers = ("<|tool_call_start|>", "<|tool_call_end|>")
    call_frame = ("]<|tool_call_end|>",)
    tool_role = "tool"
    #: whether the template escapes ``\\``, ``'`` and line breaks in string values (LFM2 does, LFM2.5 does not)
    escapes_strings = True

    def parse(self, text: str, prefix: str = "", tools: Sequence[Mapping[str, Any]] | None = None) -> Any:
        """Parsed with :data:`RESPONSE_TEMPLATE`; values read as the Python literals the template writes."""
        turn = super().parse(text, prefix, tools)
        for call in turn.calls:
            call.arguments.update({k: _literal(v, self.escapes_strings) for k, v in call.arguments.items()})
        return turn

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
    escapes_strings = False
