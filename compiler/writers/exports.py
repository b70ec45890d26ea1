"""Writers stage, exports: ``Record`` -> rows that other trainers load as they are (LLaMA-Factory, OpenAI fine-tuning).

Format ``llamafactory`` -- LLaMA-Factory's ``sharegpt`` format with tools
(https://github.com/hiyouga/LLaMA-Factory/blob/main/data/README.md, "Sharegpt Format"): ``conversations`` is a
list of ``{"from", "value"}`` with ``human`` / ``observation`` at odd positions and ``gpt`` / ``function_call`` at
even ones; a call turn's value is the JSON of ``{"name", "arguments"}`` (a JSON list of them for parallel calls,
as LLaMA-Factory's ``FunctionFormatter`` reads it); the results of one turn's calls are one ``observation`` (the
result text, or a JSON list of them for parallel calls); ``system`` is the system prompt and ``tools`` the JSON
text of the offered function definitions (``{"name", "description", "parameters"}``). RM rows are its preference
format (``chosen`` / ``rejected`` single messages, ``"ranking": true``); PPO rows are the prompt plus the expected
answer (LLaMA-Factory reads prompt/response pairs). Beside each kind's files the format writes
``dataset_info.json`` with one entry per split (``toolc_sft_train``, ...): point LLaMA-Factory's ``dataset_dir``
at ``OUT/{kind}/llamafactory``. A malformed answer (RM ``format`` negative) is a ``gpt`` message in the default
family's syntax (LLaMA-Factory's function formatter would raise on broken JSON).

Format ``openai-ft`` -- OpenAI's fine-tuning files (https://platform.openai.com/docs/guides/supervised-fine-tuning,
per-line object ``FineTuneChatRequestInput``: ``messages``, ``tools``, ``parallel_tool_calls``), nothing else on a
line (the API rejects unknown keys, so no metadata columns). Messages carry only the keys of their role (no
``null`` keys): a call turn ``{"role": "assistant", "tool_calls": [{"id", "type": "function", "function":
{"name", "arguments": "<json>"}}]}``, a result ``{"role": "tool", "tool_call_id", "content"}``.
``parallel_tool_calls`` is whether the example makes parallel calls. RM rows are OpenAI's preference (DPO) format
(``{"input": {"messages", "tools", "parallel_tool_calls"}, "preferred_output": [...], "non_preferred_output":
[...]}``, https://platform.openai.com/docs/guides/direct-preference-optimization); PPO rows are reinforcement
fine-tuning prompts (``messages``, ``tools``, ``parallel_tool_calls``) with the reference fields a grader reads
(``ground_truth``, ``expect``; https://platform.openai.com/docs/guides/reinforcement-fine-tuning).
"""

from __future__ import annotations

import json
from typing import Any

from toolc.compiler.writers.features import Json, List, Value

from toolc.compiler.record import Message, Record, ToolCall, dumps
from toolc.compiler.writers.base import (PendingCalls, Writer, expect_of, functions_json, ground_truth_of,
                                        string_features)
from toolc.compiler.writers.chat_template import LeftOut
from toolc.compiler.writers.openai import TOOLS_FEATURE
from toolc.vocab import Kind

__all__ = ["LlamaFactoryWriter", "OpenAIFineTuneWriter"]

_TURN = {"from": Value("string"), "value": Value("string")}


def _call_json(calls: tuple[ToolCall, ...]) -> str:
    objects = [{"name": c.name, "arguments": c.arguments} for c in calls]
    return dumps(objects[0] if len(objects) == 1 else objects)


def _sharegpt(messages: tuple[Message, ...] | list[Message]) -> list[dict[str, str]]:
    """Canonical messages (no system message) -> sharegpt turns; consecutive results become one observation."""
    out: list[dict[str, str]] = []
    results: list[str] = []

    def flush() -> None:
        if results:
            out.append({"from": "observation", "value": results[0] if len(results) == 1 else dumps(results)})
            results.clear()

    for m in messages:
        if m.role == "tool":
            results.append(m.content)
            continue
        flush()
        if m.role == "user":
            out.append({"from": "human", "value": m.content})
        elif m.raw is not None or not m.tool_calls:
            out.append({"from": "gpt", "value": m.raw if m.raw is not None else m.content})
        elif m.content:
            raise LeftOut("text beside tool calls")
        else:
            out.append({"from": "function_call", "value": _call_json(m.tool_calls)})
    flush()
    return out


def _system(record: Record) -> tuple[str, tuple[Message, ...]]:
    if record.messages and record.messages[0].role == "system":
        return record.messages[0].content, record.messages[1:]
    return "", record.messages


class LlamaFactoryWriter(Writer):
    """LLaMA-Factory's sharegpt rows and ``dataset_info.json`` (see the module docstring)."""

    name = "llamafactory"

    def body_features(self, kind: Kind) -> dict[str, Any]:
        """``conversations`` (+ ``chosen``, ``rejected`` for RM), ``system``, ``tools``."""
        head: dict[str, Any] = {"conversations": List(_TURN)}
        if kind == "rm":
            head.update(chosen=_TURN, rejected=_TURN)
        return {**head, **string_features("system", "tools")}

    def _tools(self, record: Record) -> str:
        return functions_json(record.tools)

    def render_sft(self, record: Record) -> dict[str, Any]:
        system, messages = _system(record)
        return {"conversations": _sharegpt(messages), "system": system, "tools": self._tools(record)}

    def render_rm(self, record: Record) -> dict[str, Any]:
        system, messages = _system(record)
        chosen, rejected = _sharegpt(record.chosen), _sharegpt(record.rejected)
        if len(chosen) != 1 or len(rejected) != 1:
            raise LeftOut("multi-message answer")
        return {"conversations": _sharegpt(messages), "chosen": chosen[0], "rejected": rejected[0], "system": system,
                "tools": self._tools(record)}

    def render_ppo(self, record: Record) -> dict[str, Any]:
        system, messages = _system(record)
        answer = ({"from": "function_call", "value": _call_json(record.expected)} if record.expected
                  else {"from": "gpt", "value": ""})
        return {"conversations": [*_sharegpt(messages), answer], "system": system, "tools": self._tools(record)}

    def extra_files(self, kind: Kind, splits: dict[str, int]) -> dict[str, str]:
        """``dataset_info.json``: ``toolc_{kind}_{split}`` -> ``{split}.jsonl`` for each split with rows."""
        columns = {"messages": "conversations", "system": "system", "tools": "tools"}
        if kind == "rm":
            columns.update(chosen="chosen", rejected="rejected")
        tags = {"role_tag": "from", "content_tag": "value", "user_tag": "human", "assistant_tag": "gpt",
                "observation_tag": "observation", "function_tag": "function_call"}
        info = {f"toolc_{kind}_{split}": {"file_name": f"{split}.jsonl", "formatting": "sharegpt",
                                          **({"ranking": True} if kind == "rm" else {}),
                                          "columns": columns, "tags": tags}
                for split in ("train", "test") if splits.get(split)}
        return {"dataset_info.json": json.dumps(info, ensure_ascii=False, indent=2) + "\n"} if info else {}


def _openai_messages(messages: tuple[Message, ...] | list[Message], pending: PendingCalls) -> list[dict[str, Any]]:
    """Canonical messages -> OpenAI chat messages with only their role's keys."""
    out: list[dict[str, Any]] = []
    for m in messages:
        if m.role == "tool":
            call_id, _ = pending.answer(m)
            out.append({"role": "tool", "tool_call_id": call_id, "content": m.content})
        elif m.raw is not None:
            out.append({"role": m.role, "content": m.raw})
        elif m.tool_calls:
            msg: dict[str, Any] = {"role": "assistant"}
            if m.content:
                msg["content"] = m.content
            msg["tool_calls"] = [{"id": pending.issue(c), "type": "function",
                                  "function": {"name": c.name, "arguments": dumps(c.arguments)}}
                                 for c in m.tool_calls]
            out.append(msg)
        else:
            out.append({"role": m.role, "content": m.content})
    return out


def _parallel(*parts: tuple[Message, ...]) -> bool:
    return any(len(m.tool_calls) > 1 and m.raw is None for part in parts for m in part)


class OpenAIFineTuneWriter(Writer):
    """OpenAI fine-tuning lines: SFT, preference (DPO) and reinforcement fine-tuning (see the module docstring)."""

    name = "openai-ft"
    bare = True
    rm_columns = ("preferred_output", "non_preferred_output")

    def body_features(self, kind: Kind) -> dict[str, Any]:
        """``messages`` (``List(Json())``: each message with only its keys), ``tools``, ``parallel_tool_calls``;
        RM: ``input`` (``Json()``), ``preferred_output``, ``non_preferred_output``; PPO adds ``ground_truth``
        (``Json()``) and ``expect``."""
        head = {"messages": List(Json()), "tools": TOOLS_FEATURE, "parallel_tool_calls": Value("bool")}
        if kind == "rm":
            return {"input": Json(), "preferred_output": List(Json()), "non_preferred_output": List(Json())}
        if kind == "ppo":
            return {**head, "ground_truth": Json(), "expect": Value("string")}
        return head

    def tool_columns(self, kind: Kind) -> dict[str, Any]:
        """``tools`` (``list(record.tools)``) in SFT and PPO rows; RM rows hold the tools inside ``input``."""
        return {} if kind == "rm" else {"tools": list}

    def render_sft(self, record: Record) -> dict[str, Any]:
        return {"messages": _openai_messages(record.messages, PendingCalls(record.id)), "tools": list(record.tools),
                "parallel_tool_calls": _parallel(record.messages)}

    def render_rm(self, record: Record) -> dict[str, Any]:
        pending = PendingCalls(record.id)
        prompt = _openai_messages(record.messages, pending)
        return {"input": {"messages": prompt, "tools": list(record.tools),
                          "parallel_tool_calls": _parallel(record.messages, record.chosen, record.rejected)},
                "preferred_output": _openai_messages(record.chosen, pending.copy()),
                "non_preferred_output": _openai_messages(record.rejected, pending.copy())}

    def render_ppo(self, record: Record) -> dict[str, Any]:
        return {"messages": _openai_messages(record.messages, PendingCalls(record.id)), "tools": list(record.tools),
                "parallel_tool_calls": _parallel(record.messages) or len(record.expected) > 1,
                "ground_truth": ground_truth_of(record), "expect": expect_of(record)}
