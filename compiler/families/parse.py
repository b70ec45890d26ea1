"""Families stage, parsing back: a family's completion text -> :class:`~compiler.checker.parse.ParsedTurn`.

The parsing is transformers' own (``transformers.utils.chat_parsing.parse_response``, the parser behind
``tokenizer.parse_response``), driven by the family's response template: TRL's where it ships one
(``trl.chat_template_utils.qwen3_template``, ``llama3_template``, ``gptoss_template``, ...), toolc's own where it
does not (DeepSeek V3, in :mod:`compiler.families.deepseek`). Tool-call arguments are typed with the offered
tools' JSON schemas when given (transformers >= 5.15), so ``"7"`` written by an XML-style template comes back as
``7`` for an integer parameter.

What toolc adds, because the response parsers are lenient (they skip what their patterns do not match): a
completion is malformed (``format_ok=False``) when the parser raises (broken JSON in a call), when a call region
the template's own open/close patterns find is unclosed, holds text its argument pattern does not account for, or
was not parsed as a call (a call inside an unclosed reasoning block), when a call's name is not a tool name, when
its arguments are not an object, or when a call marker of the family (:attr:`Family.call_markers`) is left over
in the answer. The completion is first cut after its end-of-turn marker, or given one where decoding dropped it
(:meth:`Family.terminate`).
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Mapping, Sequence
from typing import Any

from toolc.compiler.checker.parse import ParsedTurn
from toolc.compiler.families.base import Family
from toolc.compiler.record import ToolCall

__all__ = ["parse_with_template", "response_template", "scan_calls"]


@functools.cache
def _trl_response_template(name: str) -> dict[str, Any]:
    from trl import chat_template_utils

    return getattr(chat_template_utils, name)


def response_template(family: Family) -> dict[str, Any]:
    """The family's response template (a dict in transformers' ``response_template`` format).

    Raises:
        ValueError: the family has none.
    """
    spec = family.response_template
    if spec is None:
        raise ValueError(f"family `{family.name}` has no response template to parse completions with")
    if isinstance(spec, str):
        return _trl_response_template(spec)
    return dict(spec)


_NAME = re.compile(r"^[A-Za-z_][\w.\-]*$")


def _compile(field: Mapping[str, Any], literal: str, pattern: str) -> Any:
    import regex

    if pattern in field:
        return regex.compile(field[pattern], regex.DOTALL)
    if literal in field:
        values = field[literal] if isinstance(field[literal], list) else [field[literal]]
        return regex.compile("|".join(regex.escape(v) for v in values), regex.DOTALL)
    return None


def scan_calls(family: Family, template: Mapping[str, Any], text: str) -> tuple[int, str | None]:
    """The call regions of ``text`` by the template's own ``tool_calls`` open/close patterns.

    Returns:
        ``(n, problem)``: the number of complete regions, and the first problem (an unclosed region; for
        ``xml-inline`` arguments, text in a region that neither the argument pattern nor
        :attr:`Family.call_frame` accounts for), or ``None``.
    """
    field = template.get("fields", {}).get("tool_calls")
    if not field:
        return 0, None
    open_re, close_re = _compile(field, "open", "open_pattern"), _compile(field, "close", "close_pattern")
    args = field.get("content_args", {})
    tag_re = _compile(args, "", "tag_pattern") if field.get("content") == "xml-inline" else None
    n, pos = 0, 0
    while open_re is not None and (m := open_re.search(text, pos)):
        c = close_re.search(text, m.end()) if close_re is not None else None
        if c is None:
            return n, "unclosed call"
        if tag_re is not None:
            rest = tag_re.sub("", text[m.end():c.start()])
            for frame in family.call_frame:
                rest = rest.replace(frame, "")
            if rest.strip(" \n,"):
                return n, f"unparsed text in a call: {rest.strip()[:40]!r}"
        n += 1
        pos = max(c.end(), m.end() + 1)
    return n, None


def _call(item: Any) -> tuple[ToolCall | None, str | None]:
    fn = item.get("function", item) if isinstance(item, Mapping) else None
    if not isinstance(fn, Mapping):
        return None, "tool call is not an object"
    name = fn.get("name")
    if not isinstance(name, str) or not name.strip():
        return None, "call has no tool name"
    if not _NAME.match(name.strip()):
        return None, f"{name.strip()[:40]!r} is not a tool name"
    args = fn.get("arguments")
    if args is None:
        args = {}
    if isinstance(args, str):
        try:
            args = json.loads(args) if args.strip() else {}
        except json.JSONDecodeError as exc:
            return None, f"{name}: arguments string is not valid JSON ({exc.msg})"
    if not isinstance(args, dict):
        return None, f"{name}: arguments must be a JSON object, got {type(args).__name__}"
    return ToolCall(name.strip(), args), None


def parse_with_template(family: Family, text: str, prefix: str = "",
                        tools: Sequence[Mapping[str, Any]] | None = None) -> ParsedTurn:
    """Parses a completion with the family's response template.

    Args:
        family: the family whose syntax the completion is in.
        text: what the model generated after the prompt, end-of-turn marker kept or not.
        prefix: the prompt (templates that pre-write ``<think>`` need it to know where the answer starts).
        tools: the offered tools, to type the arguments by their schemas.

    Returns:
        the calls in emitted order, the content and reasoning, and whether the completion is well formed.
    """
    from transformers.utils.chat_parsing import parse_response

    template = response_template(family)
    text = family.terminate(text)
    try:
        message = parse_response(text, template, prefix=prefix or "", tools=list(tools) if tools else None)
    except (ValueError, TypeError, KeyError) as exc:
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        return ParsedTurn([], text.strip(), False, f"malformed {family.name} call: {first}")
    if not isinstance(message, Mapping):
        return ParsedTurn([], text.strip(), False, f"malformed {family.name} completion")
    calls: list[ToolCall] = []
    error: str | None = None
    for item in message.get("tool_calls") or ():
        call, err = _call(item)
        if call is not None:
            calls.append(call)
        elif error is None:
            error = f"call {len(calls) + 1}: {err}"
    content = message.get("content") or ""
    if not isinstance(content, str):
        content = json.dumps(content, ensure_ascii=False)
    for stop in family.stop:
        content = content.replace(stop, "")
    content = content.strip()
    reasoning = message.get("reasoning_content") or message.get("thinking") or ""
    regions, problem = scan_calls(family, template, text)
    if error is None and problem is not None:
        error = problem
    if error is None and regions != len(message.get("tool_calls") or ()):
        error = f"{regions} call(s) written, {len(message.get('tool_calls') or ())} parsed (a call inside reasoning?)"
    stray = next((m for m in family.call_markers if m in content), None)
    if stray is not None and error is None:
        error = f"unparsed {stray!r} in the answer"
    return ParsedTurn(calls, content, error is None, error, str(reasoning).strip())
