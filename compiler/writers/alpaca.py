"""Writers stage, format ``alpaca``: ``Record`` -> an instruction/input/output row (seed 004).

Seed 004 (``../shared/seeds/004_*.txt``, "数据格式说明") gives the three shapes::

    sft: {"instruction": "帮我查一下明天北京的天气", "input": "",
          "output": "{\\"tool_call\\": {\\"tool_name\\": \\"queryWeather\\", \\"parameters\\": {...}}}"}
    rm:  {"prompt": "帮我查一下明天北京的天气",
          "chosen": "queryWeather(location=北京, date=2025-04-24)", "rejected": "queryWeather(location=上海, ...)"}
    ppo: {"prompt": "查下现在杭州那边的气温是多少", "response": "queryWeather(location=杭州, date=now)"}

The seed only shows one user request and one call; this writer fills in the rest as follows.

**One row per record.** Alpaca has one ``output``, so an SFT row targets one assistant turn: the *last
assistant turn that calls tools* (the decision tool-calling training is about); a conversation without
calls (smalltalk) targets its last assistant turn. Turns after the target (the text reply that follows
the last tool result) are not part of the row -- the conversational formats carry them.

**instruction** is the content of the last user message before the target turn.

**input** holds everything else the model needs, as sections separated by a blank line, each left out
when empty (so a lone request with no tools gives ``""`` as in the seed):

* ``Tools:`` then one compact JSON function object ``{"name", "description", "parameters"}`` per line;
* ``Conversation:`` then the messages before the instruction, one per line;
* ``Steps:`` then the messages between the instruction and the target (earlier calls and their results
  in a multi-step chain).

A message line is ``{role}: {content}``; an assistant call turn is ``assistant: {output JSON}``; a tool
result is ``tool ({name}): {content}``; ``raw`` text is written verbatim.

**output** of a call turn is seed 004's JSON ``{"tool_call": {"tool_name": N, "parameters": {...}}}``;
parallel calls give ``{"tool_calls": [{"tool_name", "parameters"}, ...]}``; assistant text beside calls
goes first under ``"content"``. A text turn's output is its text.

**RM / PPO prompt** is the instruction, followed by ``\\n\\n`` and the input when the input is not empty
(instruction first, then its context, in Alpaca's order); with no tools and no history it is exactly the
user's request, as in the seed. ``chosen`` / ``rejected`` / ``response`` use seed 004's call style
``name(key=value, ...)``: strings unquoted, other values as compact JSON (numbers, ``true``/``false``,
``null``, objects, lists); several calls are joined with ``"; "``; text turns are their text; a malformed call
(RM ``format``) is broken in that call style (:func:`malformed_style`), not written in another model's syntax. PPO
``response`` is the ground-truth calls in that style, ``""`` when no call is due (``expect`` says why).
"""

from __future__ import annotations

from typing import Any

from toolc.compiler.record import Malformed, Message, Record, ToolCall, dumps
from toolc.vocab import Kind
from toolc.compiler.writers.base import Writer, function_lines, is_call_turn, string_features
from toolc.errors import RenderError

__all__ = ["AlpacaWriter", "call_style", "malformed_style", "output_json"]


def output_json(message: Message) -> str:
    """Seed 004's SFT ``output`` for one assistant turn.

    Args:
        message: an assistant message.

    Returns:
        ``{"tool_call": {"tool_name", "parameters"}}`` JSON for one call, ``{"tool_calls": [...]}`` for
        several (with ``"content"`` first when the turn also has text); the text (or ``raw``) otherwise.
    """
    if not is_call_turn(message):
        return message.raw if message.raw is not None else message.content
    calls = [{"tool_name": c.name, "parameters": c.arguments} for c in message.tool_calls]
    body: dict[str, Any] = {"content": message.content} if message.content else {}
    if len(calls) == 1:
        body["tool_call"] = calls[0]
    else:
        body["tool_calls"] = calls
    return dumps(body)


def _value_style(value: Any) -> str:
    return value if isinstance(value, str) else dumps(value)


def call_style(calls: tuple[ToolCall, ...] | list[ToolCall]) -> str:
    """Seed 004's RM/PPO call text: ``queryWeather(location=北京, date=2025-04-24)``.

    Args:
        calls: calls in order.

    Returns:
        ``name(k=v, ...)`` per call joined with ``"; "``; string values unquoted, others compact JSON.
    """
    return "; ".join(
        f"{c.name}({', '.join(f'{k}={_value_style(v)}' for k, v in c.arguments.items())})" for c in calls
    )


def malformed_style(bad: Malformed) -> str:
    """A malformed call (RM ``format`` perturbation) in seed 004's call style, broken the way ``bad.style`` says:
    ``unbalanced`` loses the closing parenthesis, ``quotes`` puts string values in single quotes, ``call_expr``
    writes the JSON object ``{"name", "arguments"}`` instead of the call style."""
    text = call_style((bad.call,))
    if bad.style == "unbalanced":
        return text[:-1]
    if bad.style == "quotes":
        args = ", ".join(f"{k}='{v}'" if isinstance(v, str) else f"{k}={_value_style(v)}"
                         for k, v in bad.call.arguments.items())
        return f"{bad.call.name}({args})"
    return dumps(bad.call.to_json())


def _answer_style(messages: tuple[Message, ...]) -> str:
    """Seed 004's RM text of an answer (normally one assistant message)."""
    parts = []
    for m in messages:
        if m.malformed is not None:
            parts.append(malformed_style(m.malformed))
        elif m.raw is not None:
            parts.append(m.raw)
        elif m.tool_calls:
            parts.append(f"{m.content}\n{call_style(m.tool_calls)}" if m.content else call_style(m.tool_calls))
        else:
            parts.append(m.content)
    return "\n".join(parts)


def _line(message: Message) -> str:
    if message.role == "tool":
        return f"tool ({message.name}): {message.content}" if message.name else f"tool: {message.content}"
    if message.role == "assistant":
        return f"assistant: {output_json(message)}"
    return f"{message.role}: {message.content}"


def _instruction_and_input(record: Record, context: tuple[Message, ...]) -> tuple[str, str]:
    """Splits the messages before the target turn into ``(instruction, input)`` (module docstring)."""
    user_at = next((i for i in range(len(context) - 1, -1, -1) if context[i].role == "user"), None)
    if user_at is None:
        instruction, before, after = "", context, ()
    else:
        instruction, before, after = context[user_at].content, context[:user_at], context[user_at + 1 :]
    sections = []
    tools = function_lines(record.tools)
    if tools:
        sections.append(f"Tools:\n{tools}")
    if before:
        sections.append("Conversation:\n" + "\n".join(_line(m) for m in before))
    if after:
        sections.append("Steps:\n" + "\n".join(_line(m) for m in after))
    return instruction, "\n\n".join(sections)


def _sft_target(record: Record) -> int:
    """Index of the assistant turn an SFT row is trained on: the last call turn, else the last assistant turn."""
    last_assistant = None
    for i in range(len(record.messages) - 1, -1, -1):
        m = record.messages[i]
        if is_call_turn(m):
            return i
        if m.role == "assistant" and last_assistant is None:
            last_assistant = i
    if last_assistant is None:
        raise RenderError(f"record `{record.id}`: an sft conversation without an assistant turn has no alpaca output")
    return last_assistant


class AlpacaWriter(Writer):
    """Seed 004's instruction/input/output rows; see the module docstring for the multi-turn design."""

    name = "alpaca"

    def body_features(self, kind: Kind) -> dict[str, Any]:
        """``sft``: ``instruction``, ``input``, ``output``; ``rm``: ``prompt``, ``chosen``, ``rejected``;
        ``ppo``: ``prompt``, ``response`` (all strings)."""
        if kind == "sft":
            return string_features("instruction", "input", "output")
        if kind == "rm":
            return string_features("prompt", "chosen", "rejected")
        return string_features("prompt", "response")

    def _prompt(self, record: Record) -> str:
        instruction, context = _instruction_and_input(record, record.messages)
        return f"{instruction}\n\n{context}" if context else instruction

    def render_sft(self, record: Record) -> dict[str, Any]:
        """``{"instruction", "input", "output"}`` for the target turn."""
        target = _sft_target(record)
        instruction, context = _instruction_and_input(record, record.messages[:target])
        return {"instruction": instruction, "input": context, "output": output_json(record.messages[target])}

    def render_rm(self, record: Record) -> dict[str, Any]:
        """``{"prompt", "chosen", "rejected"}`` with answers in seed 004's call style."""
        return {
            "prompt": self._prompt(record),
            "chosen": _answer_style(record.chosen),
            "rejected": _answer_style(record.rejected),
        }

    def render_ppo(self, record: Record) -> dict[str, Any]:
        """``{"prompt", "response"}``; ``response`` is the ground-truth calls in call style."""
        return {"prompt": self._prompt(record), "response": call_style(record.expected)}
