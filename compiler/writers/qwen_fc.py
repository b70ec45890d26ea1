"""Writers stage, format ``qwen-fc``: ``Record`` -> a row of ChatML text with ``<function_call>`` tags (seed 000).

Seed 000 (``../shared/seeds/000_*.txt``, "ChatML 格式说明（Qwen 专用）") writes one training example as::

    <|im_start|>system\\n{system}<|im_end|>\\n<|im_start|>user\\n{query}<|im_end|>\\n<|im_start|>assistant\\n
    <function_call>{"name": "get_weather", "arguments": {"city": "广州"}}</function_call><|im_end|>

(one string, no line break inside the assistant turn, none after the last ``<|im_end|>``). This writer
follows it exactly and fills in what the seed leaves open:

* **Tools.** The seed lists no tools, but the model must know them. When tools are offered, the system
  message content becomes ``{system}\\n\\n# Tools\\n`` followed by one compact JSON function object
  (``{"name", "description", "parameters"}``) per line, in offered order
  (:func:`compiler.writers.base.function_lines`). Without a system message the system block holds just
  ``# Tools\\n...``; without tools the system message is unchanged.
* **Calls.** A call is ``<function_call>{"name": N, "arguments": {...}}</function_call>`` with
  ``json.dumps(..., ensure_ascii=False)`` (default separators, as in the seed). Parallel calls are
  several such blocks in one assistant turn separated by ``\\n``. Assistant text before calls is
  followed by ``\\n``.
* **Tool results.** ``<|im_start|>function\\n{content}<|im_end|>``: Qwen-1's ChatML role for function
  results; one block per result, in call order (results name no tool; order pairs them with calls).
* **Blocks** ``<|im_start|>{role}\\n{content}<|im_end|>`` are joined with ``\\n``.

Rows: ``sft`` ``{"input"}`` (the seed's column name); ``rm`` ``{"prompt", "chosen", "rejected"}``, where
``prompt`` ends with ``<|im_start|>assistant\\n`` and ``chosen``/``rejected`` are the answer's content plus
``<|im_end|>``, so ``prompt + chosen`` equals the SFT rendering of prompt + chosen; ``ppo`` ``{"prompt"}``.
A malformed answer (RM ``format`` perturbation) is a broken ``<function_call>`` (family ``qwen_fc``'s syntax,
:meth:`compiler.families.Family.malformed`); other ``raw`` text is rendered as it is.
"""

from __future__ import annotations

from typing import Any

from toolc.compiler.writers.features import List, Value

from toolc.compiler.families import get_family
from toolc.compiler.record import Message, Record, dumps
from toolc.vocab import Kind
from toolc.compiler.writers.base import Writer, function_lines, string_features

__all__ = ["QwenFcWriter"]

#: The family whose tokens and call syntax this format uses (``compiler.families.qwen.QwenFc``).
FAMILY = get_family("qwen_fc")
IM_START, IM_END = FAMILY.special_tokens[:2]


def _turn_content(message: Message) -> str:
    if message.malformed is not None:  # a format perturbation, in this format's own <function_call> syntax
        return FAMILY.malformed(message.malformed)
    if message.raw is not None:
        return message.raw
    if message.role == "assistant" and message.tool_calls:
        calls = "\n".join(FAMILY.wrap_call(dumps({"name": c.name, "arguments": c.arguments})) for c in message.tool_calls)
        return f"{message.content}\n{calls}" if message.content else calls
    return message.content


class QwenFcWriter(Writer):
    """Seed 000's ChatML with ``<function_call>`` tags; see the module docstring for the exact layout.

    Args:
        training: the training variant ``qwen-fc-train``: the same text (``input``) plus ``assistant_spans``, the
            ``[start, end)`` character offsets of each assistant turn's content and its ``<|im_end|>``.
    """

    name = "qwen-fc"

    def __init__(self, training: bool = False) -> None:
        self.training = training
        self.name = "qwen-fc-train" if training else "qwen-fc"

    def _blocks(self, record: Record, messages: tuple[Message, ...]) -> list[tuple[str, str]]:
        """Renders ``messages`` as ChatML blocks ``(header, content + <|im_end|>)``, the tool list folded into the
        system message."""
        tools = function_lines(record.tools)
        blocks: list[tuple[str, str]] = []
        start = 0
        if messages and messages[0].role == "system":
            system = messages[0].content
            if tools:
                system = f"{system}\n\n# Tools\n{tools}"
            blocks.append((f"{IM_START}system\n", f"{system}{IM_END}"))
            start = 1
        elif tools:
            blocks.append((f"{IM_START}system\n", f"# Tools\n{tools}{IM_END}"))
        for m in messages[start:]:
            role = "function" if m.role == "tool" else m.role
            blocks.append((f"{IM_START}{role}\n", f"{_turn_content(m)}{IM_END}"))
        return blocks

    def _prompt(self, record: Record) -> str:
        return "\n".join([*(h + b for h, b in self._blocks(record, record.messages)), f"{IM_START}assistant\n"])

    @staticmethod
    def _answer(messages: tuple[Message, ...]) -> str:
        """The continuation after the prompt's ``<|im_start|>assistant\\n`` header."""
        parts = [f"{_turn_content(messages[0])}{IM_END}"] if messages else []
        for m in messages[1:]:
            role = "function" if m.role == "tool" else m.role
            parts.append(f"{IM_START}{role}\n{_turn_content(m)}{IM_END}")
        return "\n".join(parts)

    def body_features(self, kind: Kind) -> dict[str, Any]:
        """``sft``: ``input`` (+ ``assistant_spans`` for the training variant); ``rm``: ``prompt``, ``chosen``,
        ``rejected``; ``ppo``: ``prompt`` (strings)."""
        if kind == "sft":
            if self.training:
                return {"input": Value("string"), "assistant_spans": List(List(Value("int64")))}
            return string_features("input")
        if kind == "rm":
            return string_features("prompt", "chosen", "rejected")
        return string_features("prompt")

    def render_sft(self, record: Record) -> dict[str, Any]:
        """``{"input": the whole conversation as seed-000 ChatML}`` (+ ``assistant_spans``)."""
        blocks = self._blocks(record, record.messages)
        text = "\n".join(h + b for h, b in blocks)
        if not self.training:
            return {"input": text}
        spans, pos = [], 0
        for header, body in blocks:
            if header == f"{IM_START}assistant\n":
                spans.append([pos + len(header), pos + len(header) + len(body)])
            pos += len(header) + len(body) + 1
        return {"input": text, "assistant_spans": spans}

    def render_rm(self, record: Record) -> dict[str, Any]:
        """``{"prompt", "chosen", "rejected"}``; ``prompt + chosen`` is the SFT text of prompt + chosen."""
        return {
            "prompt": self._prompt(record),
            "chosen": self._answer(record.chosen),
            "rejected": self._answer(record.rejected),
        }

    def render_ppo(self, record: Record) -> dict[str, Any]:
        """``{"prompt"}``: the prompt messages followed by ``<|im_start|>assistant\\n``."""
        return {"prompt": self._prompt(record)}
