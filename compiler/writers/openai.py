"""Writers stage, format ``openai``: ``Record`` -> a row of OpenAI chat messages (TRL's conversational format).

The message shape is the OpenAI chat fine-tuning format with tools
(https://platform.openai.com/docs/guides/supervised-fine-tuning, "tool calls") that TRL also reads as its
conversational format (https://huggingface.co/docs/trl/dataset_formats#tool-calling). Every message has
the same five keys, so one Arrow schema fits every row (``docs/formats.md``, "Dataset files
contract")::

    {"role": "system"|"user"|"assistant"|"tool",
     "content": str | None,                       # None for an assistant turn that only calls tools
     "tool_calls": [{"id": "call_<k>", "type": "function",
                     "function": {"name": str, "arguments": {...}}}] | None,
     "tool_call_id": str | None,                  # tool messages: the id of the call they answer
     "name": str | None}                          # tool messages: the tool's name

Call ids are deterministic: ``call_0``, ``call_1``, ... counted across the conversation; tool messages
answer the calls in call order (:class:`compiler.writers.base.PendingCalls`). In RM rows ``chosen`` and
``rejected`` each continue the prompt's numbering. An assistant message with ``raw`` set is plain text content
``raw``.

Structured columns (``datasets`` features, not JSON strings): ``tools`` is the list of OpenAI function tools,
``List({"type", "function": {"name", "description", "parameters": Json()}})``, and a call's ``arguments`` is
``Json()`` -- the shapes ``datasets.load_dataset("json")`` itself infers for these files, so the JSONL and the
Parquet files load to the same objects, which ``apply_chat_template`` (TRL, Axolotl's ``chat_template`` datasets)
takes as they are. With the ``sft`` files the format writes Axolotl's dataset config, ``axolotl.yaml``.

Rows: ``sft`` ``{"messages", "tools"}``; ``rm`` ``{"prompt", "chosen", "rejected", "tools"}`` (message
lists); ``ppo`` ``{"prompt", "tools"}``.
"""

from __future__ import annotations

from typing import Any

from toolc.compiler.writers.features import Json, List, Value

from toolc.compiler.record import Message, Record
from toolc.vocab import Kind
from toolc.compiler.writers.base import PendingCalls, Writer

__all__ = ["MESSAGE_FEATURE", "TOOLS_FEATURE", "OpenAIWriter", "axolotl_config", "openai_messages"]

#: ``datasets`` feature of the ``tools`` column: OpenAI function tools, parameters as JSON values.
TOOLS_FEATURE = List({"type": Value("string"),
                      "function": {"name": Value("string"), "description": Value("string"), "parameters": Json()}})

#: One entry of Axolotl's dataset config for the SFT files (``type: chat_template``, the OpenAI messages shape, tools
#: from the ``tools`` column; https://docs.axolotl.ai/docs/dataset-formats/conversation.html). Paths are relative to
#: the build's output directory.
_AXOLOTL_DATASET = """\
  - path: sft/openai/{split}.jsonl
    ds_type: json
    split: train
    type: chat_template
    field_messages: messages
    field_tools: tools
    message_property_mappings:
      role: role
      content: content
    roles_to_train: ["assistant"]
    train_on_eos: turn
"""


def axolotl_config(splits: dict[str, int]) -> str:
    """The text of ``axolotl.yaml``: the train file under ``datasets``, the test file (when it has rows) under
    ``test_datasets``."""
    text = ("# Axolotl dataset config for toolc's openai SFT files (type chat_template: the model's own chat template\n"
            "# renders the messages and the `tools` column; the loss is on the assistant turns). Paths are relative\n"
            "# to this build's output directory: run axolotl from there, or make them absolute.\n"
            "datasets:\n" + _AXOLOTL_DATASET.format(split="train"))
    if splits.get("test"):
        text += "test_datasets:\n" + _AXOLOTL_DATASET.format(split="test")
    return text

#: ``datasets`` feature of one message (the five-key shape above).
MESSAGE_FEATURE: dict[str, Any] = {
    "role": Value("string"),
    "content": Value("string"),
    "tool_calls": List(
        {
            "id": Value("string"),
            "type": Value("string"),
            "function": {"name": Value("string"), "arguments": Json()},
        }
    ),
    "tool_call_id": Value("string"),
    "name": Value("string"),
}


def openai_messages(messages: tuple[Message, ...], pending: PendingCalls) -> list[dict[str, Any]]:
    """Converts canonical messages to OpenAI messages, numbering calls and pairing results.

    Args:
        messages: canonical messages, in order.
        pending: the call-id counter and unanswered calls; updated in place.

    Returns:
        one five-key message dict per input message.

    Raises:
        RenderError: for a tool result that answers no pending call or names another tool.
    """
    out: list[dict[str, Any]] = []
    for m in messages:
        if m.role == "tool":
            call_id, name = pending.answer(m)
            out.append(
                {"role": "tool", "content": m.content, "tool_calls": None, "tool_call_id": call_id, "name": name}
            )
        elif m.raw is not None:
            out.append({"role": m.role, "content": m.raw, "tool_calls": None, "tool_call_id": None, "name": None})
        elif m.tool_calls:
            calls = [
                {
                    "id": pending.issue(c),
                    "type": "function",
                    "function": {"name": c.name, "arguments": c.arguments},
                }
                for c in m.tool_calls
            ]
            out.append(
                {"role": m.role, "content": m.content or None, "tool_calls": calls, "tool_call_id": None, "name": None}
            )
        else:
            out.append({"role": m.role, "content": m.content, "tool_calls": None, "tool_call_id": None, "name": m.name})
    return out


class OpenAIWriter(Writer):
    """OpenAI chat messages with ``tool_calls``; see the module docstring for the schema."""

    name = "openai"

    def body_features(self, kind: Kind) -> dict[str, Any]:
        """Message-list columns (``messages`` | ``prompt``, ``chosen``, ``rejected``) plus ``tools``."""
        messages = List(MESSAGE_FEATURE)
        if kind == "sft":
            return {"messages": messages, "tools": TOOLS_FEATURE}
        if kind == "rm":
            return {"prompt": messages, "chosen": messages, "rejected": messages, "tools": TOOLS_FEATURE}
        return {"prompt": messages, "tools": TOOLS_FEATURE}

    def extra_files(self, kind: Kind, splits: dict[str, int]) -> dict[str, str]:
        """Axolotl's dataset config beside the SFT files (``axolotl.yaml``), when the train split has rows."""
        if kind == "sft" and splits.get("train"):
            return {"axolotl.yaml": axolotl_config(splits)}
        return {}

    def tool_columns(self, kind: Kind) -> dict[str, Any]:
        """``tools``: ``list(record.tools)``, in every kind."""
        return {"tools": list}

    def render_sft(self, record: Record) -> dict[str, Any]:
        """``{"messages", "tools"}``."""
        return {"messages": openai_messages(record.messages, PendingCalls(record.id)), "tools": list(record.tools)}

    def render_rm(self, record: Record) -> dict[str, Any]:
        """``{"prompt", "chosen", "rejected", "tools"}``; chosen and rejected continue the prompt's call ids."""
        pending = PendingCalls(record.id)
        prompt = openai_messages(record.messages, pending)
        return {
            "prompt": prompt,
            "chosen": openai_messages(record.chosen, pending.copy()),
            "rejected": openai_messages(record.rejected, pending.copy()),
            "tools": list(record.tools),
        }

    def render_ppo(self, record: Record) -> dict[str, Any]:
        """``{"prompt", "tools"}``."""
        return {"prompt": openai_messages(record.messages, PendingCalls(record.id)), "tools": list(record.tools)}
