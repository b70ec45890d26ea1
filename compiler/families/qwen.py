"""Families stage, Qwen: Qwen3, Qwen2.5, Qwen3-Instruct-2507, Qwen3.5/3.6/3.8 and seed 000's ChatML (``qwen-fc``).

Templates and response templates as TRL ships them (``trl/chat_templates/README.md``): Qwen2.5, Qwen3 and
Qwen3-Instruct-2507 write a call as Hermes JSON, ``<tool_call>\\n{"name": ..., "arguments": {...}}\\n</tool_call>``
(``qwen3_template``); Qwen3.5 and later write ``<tool_call>\\n<function=NAME>\\n<parameter=KEY>\\nVALUE\\n
</parameter>\\n</function>\\n</tool_call>`` (``qwen3_5_template``). Special tokens: the 26 added tokens of
``Qwen/Qwen3-0.6B`` (``tokenizer_config.json``), eos ``<|im_end|>``, pad ``<|endoftext|>``, no bos.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from toolc.compiler.families.base import Family, Malformed
from toolc.compiler.families.registry import register
from toolc.compiler.record import dumps

#: Qwen3's added tokens in Qwen3's id order (ids 151643.. in ``Qwen/Qwen3-0.6B``), with their ``special`` flag:
#: the ChatML and vision markers are special (dropped by ``skip_special_tokens``), the tool/think/FIM markers are
#: not, so a decoded completion keeps ``<tool_call>`` for the response parser.
QWEN3_ADDED_TOKENS: tuple[tuple[str, bool], ...] = (
    ("<|endoftext|>", True),
    ("<|im_start|>", True),
    ("<|im_end|>", True),
    ("<|object_ref_start|>", True),
    ("<|object_ref_end|>", True),
    ("<|box_start|>", True),
    ("<|box_end|>", True),
    ("<|quad_start|>", True),
    ("<|quad_end|>", True),
    ("<|vision_start|>", True),
    ("<|vision_end|>", True),
    ("<|vision_pad|>", True),
    ("<|image_pad|>", True),
    ("<|video_pad|>", True),
    ("<tool_call>", False),
    ("</tool_call>", False),
    ("<|fim_prefix|>", False),
    ("<|fim_middle|>", False),
    ("<|fim_suffix|>", False),
    ("<|fim_pad|>", False),
    ("<|repo_name|>", False),
    ("<|file_sep|>", False),
    ("<tool_response>", False),
    ("</tool_response>", False),
    ("<think>", False),
    ("</think>", False),
)


@register
class Qwen3(Family):
    """Qwen3 (``Qwen/Qwen3-*``): Hermes calls, an empty ``<think>`` block on the answers after the last user turn
    (on every assistant turn in the training template), thinking on unless ``enable_thinking=False``."""

    name = "qwen3"
    template = "qwen3"
    training_template = "qwen3_training"
    eos_token = "<|im_end|>"
    pad_token = "<|endoftext|>"
    special_tokens = tuple(t for t, _ in QWEN3_ADDED_TOKENS)
    stop = ("<|im_end|>", "<|endoftext|>")
    response_template = "qwen3_template"
    call_markers = ("<tool_call>", "</tool_call>")
    tool_role = "user"
    shared_head = True


@register
class Qwen3NoThink(Qwen3):
    """Qwen3 with thinking off (``enable_thinking=False``): the generation prompt ends with the empty
    ``<think>\\n\\n</think>\\n\\n`` block, so RM answers and RL completions start after it."""

    name = "qwen3_nothink"
    template_kwargs = {"enable_thinking": False}


@register
class Qwen2_5(Qwen3):  # noqa: N801 - the family's own name
    """Qwen2.5 (``Qwen/Qwen2.5-*-Instruct``): Hermes calls, no thinking, a default system prompt when none is
    given (so the tool list is not a prefix shared across system prompts)."""

    name = "qwen2_5"
    template = "qwen2_5"
    training_template = "qwen2_5_training"
    shared_head = False


@register
class Qwen3Instruct2507(Qwen3):
    """Qwen3-Instruct-2507 (``Qwen/Qwen3-4B-Instruct-2507``): Qwen3's Hermes calls without thinking."""

    name = "qwen3_instruct_2507"
    template = "qwen3_instruct_2507"
    training_template = "qwen3_instruct_2507_training"


def _xml_value(value: Any) -> str:
    """A parameter value as Qwen3.5's template writes it: strings as they are, anything else as JSON."""
    return value if isinstance(value, str) else dumps(value)


class XmlCalls(Family):
    """Calls as ``<tool_call>\\n<function=NAME>\\n<parameter=KEY>\\nVALUE\\n</parameter>\\n</function>\\n</tool_call>``
    (Qwen3.5 and later, Nemotron 3). The malformed forms break what the response parser needs: the
    ``</parameter>`` of the last argument, the ``<function=...>`` opener, the XML itself (a call expression)."""

    call_markers = ("<tool_call>", "</tool_call>", "<function=", "<parameter=")
    call_frame = ("</function>",)

    def malformed(self, bad: Malformed) -> str:
        call = bad.call
        params = [f"<parameter={k}>\n{_xml_value(v)}\n</parameter>\n" for k, v in call.arguments.items()]
        if bad.style == "unbalanced":
            body = "".join(params)
            body = body[: body.rfind("</parameter>")] if params else "<parameter=\n"
            return f"<tool_call>\n<function={call.name}>\n{body}</function>\n</tool_call>"
        if bad.style == "quotes":
            return f"<tool_call>\n<function='{call.name}'\n{''.join(params)}</function>\n</tool_call>"
        args = ", ".join(f"{k}={json.dumps(v, ensure_ascii=False)}" for k, v in call.arguments.items())
        return f"<tool_call>\n{call.name}({args})\n</tool_call>"


@register
class Qwen3_5(XmlCalls, Qwen3):  # noqa: N801
    """Qwen3.5 (``Qwen/Qwen3.5-4B`` and larger: thinking on by default)."""

    name = "qwen3_5"
    template = "qwen3_5_think"
    training_template = "qwen3_5_think_training"
    response_template = "qwen3_5_template"
    call_markers = XmlCalls.call_markers
    shared_head = False  # its template refuses the system turn alone ("No user query found")


@register
class Qwen3_5NoThink(Qwen3_5):  # noqa: N801
    """Qwen3.5 small checkpoints (``Qwen/Qwen3.5-2B`` and smaller: thinking off by default)."""

    name = "qwen3_5_nothink"
    template = "qwen3_5_nothink"
    training_template = "qwen3_5_nothink_training"


@register
class Qwen3_6(Qwen3_5):  # noqa: N801
    """Qwen3.6 (``Qwen/Qwen3.6-27B``, ``Qwen3.6-35B-A3B``)."""

    name = "qwen3_6"
    template = "qwen3_6"
    training_template = "qwen3_6_training"


@register
class Qwen3_8(Qwen3_5):  # noqa: N801
    """Qwen3.8 (``Qwen/Qwen3.8-27B``): a reasoning-effort line in the system prompt."""

    name = "qwen3_8"
    template = "qwen3_8"
    training_template = "qwen3_8_training"


@register
class QwenFc(Family):
    """Seed 000's ChatML with ``<function_call>`` tags (format ``qwen-fc``, rendered by its own writer, no
    template): ``<function_call>{"name": ..., "arguments": {...}}</function_call>`` with ``json.dumps`` default
    separators; results under Qwen-1's ``function`` role."""

    name = "qwen_fc"
    eos_token = "<|im_end|>"
    special_tokens = ("<|im_start|>", "<|im_end|>", "<function_call>", "</function_call>")
    stop = ("<|im_end|>", "<|endoftext|>")
    call_markers = ("<function_call>", "</function_call>")
    tool_role = "function"

    def wrap_call(self, body: str) -> str:
        return f"<function_call>{body}</function_call>"

    def parse(self, text: str, prefix: str = "", tools: Sequence[Mapping[str, Any]] | None = None) -> Any:
        """Parsed by toolc's own parser (no response template exists for seed 000's format)."""
        from toolc.compiler.checker.parse import parse_tool_calls

        return parse_tool_calls(text)
