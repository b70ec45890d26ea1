"""Check stage, chat-template control text: spec text, slot values and rendered turns -> the control string they hold, if any.

A chat template turns messages into one string, delimited by control tokens (``<|im_start|>``,
``<|eot_id|>``, ``[INST]``, ...). A tokenizer turns those strings into special tokens wherever they occur,
also inside a message's content, so a slot value ``"<|im_end|>\\n<|im_start|>system\\n..."`` from someone
else's spec would give a training row a turn the spec never declared. toolc **refuses** such text (it does not
escape it: an escape is model-specific and would change what the user wrote):

* ``toolc check`` reports every spec string that holds control text (E206, at the string): tool and parameter
  descriptions, ``ask`` questions, templates, literals, map surfaces and values, system prompts;
* a Faker pool refuses a value that holds it (E206 at the slot, :mod:`compiler.slots`), however its
  arguments produce it (``bothify(text="<|im_end|?", letters=">")``);
* a build refuses a row whose rendered turn holds it (E206 at the scenario), which catches control text
  that only appears once template text and slot values are joined (``"<|im_{x}"`` with ``x = "end|>"``).

The strings live in one place, :data:`CHAT_CONTROL_STRINGS` (exact strings) and :data:`CHAT_CONTROL_PATTERNS`
(regular expressions for whole families of special tokens). A model family adds its own by extending them
(``chat_control.CHAT_CONTROL_STRINGS += ("<|my_token|>",)``); :func:`find_chat_control` reads them on every call.
"""

from __future__ import annotations

import re
import types
import typing
from functools import lru_cache
from typing import Any, Iterator

from pydantic import BaseModel

from toolc.dsl import ast
from toolc.dsl.span import Span

__all__ = ["CHAT_CONTROL_PATTERNS", "CHAT_CONTROL_STRINGS", "find_chat_control", "record_chat_control",
           "spec_chat_control"]

#: Control strings of chat templates (sources: each model's tokenizer_config.json / chat template: Qwen2.5/Qwen3,
#: Llama 2/3.x, Mistral v3+, Gemma, Phi-3, DeepSeek, GLM).
_KNOWN: tuple[str, ...] = (
    # ChatML (Qwen), Hermes-style tool calls, reasoning blocks
    "<|im_start|>", "<|im_end|>", "<|endoftext|>", "<tool_call>", "</tool_call>", "<tool_response>",
    "</tool_response>", "<tools>", "</tools>", "<think>", "</think>",
    # Llama 3.x
    "<|begin_of_text|>", "<|start_header_id|>", "<|end_header_id|>", "<|eot_id|>", "<|eom_id|>", "<|python_tag|>",
    "<function=",
    # Llama 2 / Mistral
    "[INST]", "[/INST]", "<<SYS>>", "<</SYS>>", "<s>", "</s>", "[TOOL_CALLS]", "[AVAILABLE_TOOLS]",
    "[/AVAILABLE_TOOLS]", "[TOOL_RESULTS]", "[/TOOL_RESULTS]", "[SYSTEM_PROMPT]", "[/SYSTEM_PROMPT]",
    # Gemma
    "<start_of_turn>", "<end_of_turn>", "<bos>", "<eos>",
    # GLM
    "[gMASK]", "<sop>", "<eop>",
)



def _family_tokens() -> tuple[str, ...]:
    """The special tokens of every registered model family (``compiler.families``: Gemma 4's ``<|turn>``, GLM's
    ``<arg_key>``, seed 000's ``<function_call>``, ...), so a family's own markers are control text too."""
    from .families import FAMILIES

    return tuple(t for family in FAMILIES.values() for t in family.special_tokens)


#: Control strings of the chat templates toolc writes: :data:`_KNOWN` and every registered family's special tokens.
CHAT_CONTROL_STRINGS: tuple[str, ...] = tuple(dict.fromkeys((*_KNOWN, *_family_tokens())))

#: Patterns for families of special tokens: ``<|anything|>`` (Qwen, Llama 3, Phi-3, GLM, gpt-oss) and DeepSeek's
#: full-width ``<｜anything｜>``.
CHAT_CONTROL_PATTERNS: tuple[str, ...] = (
    r"<\|[^|<>\s]{1,64}\|>",
    r"<｜[^｜<>\s]{1,64}｜>",
)


@lru_cache(maxsize=8)
def _compiled(strings: tuple[str, ...], patterns: tuple[str, ...]) -> tuple[re.Pattern, tuple[str, ...]]:
    regex = re.compile("|".join([*(re.escape(s) for s in sorted(strings, key=len, reverse=True)), *patterns]))
    first = {s[0] for s in strings} | {p[1] if p.startswith("\\") else p[0] for p in patterns}
    return regex, tuple(sorted(first))


def find_chat_control(text: str) -> str | None:
    """The first chat-template control string in ``text`` (``None`` when there is none).

    >>> find_chat_control("hi<|im_end|>\\n<|im_start|>system")
    '<|im_end|>'
    """
    return _find(text, *_current())


def _find(text: str, regex: re.Pattern, first: tuple[str, ...]) -> str | None:
    for c in first:  # a fast pass (0.2 us a text): most text holds none of the characters a control string starts with
        if c in text:
            m = regex.search(text)
            return m.group(0) if m else None
    return None


#: ``[strings, patterns, compiled]`` of the last :func:`_current` call: the module's tuples are compared by identity
#: (extending one, ``CHAT_CONTROL_STRINGS += (...)``, makes a new tuple), not hashed (~1 us a call for ~70 strings).
_LAST: list[Any] = [None, None, None]


def _current() -> tuple[re.Pattern, tuple[str, ...]]:
    """The compiled :data:`CHAT_CONTROL_STRINGS` and :data:`CHAT_CONTROL_PATTERNS` as they are now."""
    strings, patterns = CHAT_CONTROL_STRINGS, CHAT_CONTROL_PATTERNS
    if _LAST[0] is strings and _LAST[1] is patterns:
        return _LAST[2]
    hit = _compiled(strings, patterns)
    _LAST[:] = [strings, patterns, hit]
    return hit


#: AST fields not checked: a template's ``source_text`` repeats its parts' text (checked at each part's span).
_SKIPPED_FIELDS = frozenset({"source_text"})


def spec_chat_control(node: Any) -> Iterator[tuple[str, Any]]:
    """Every ``(control string, node)`` in the strings of an AST subtree (``node`` is the innermost AST node with
    a span that holds the string).

    Fields whose type cannot hold text (spans, numbers, flags) are not visited (:func:`_text_fields`): a
    1,000-tool spec has ~230,000 values, half of them such fields.
    """
    find = find_chat_control
    stack = [(node, None)]
    pop, extend = stack.pop, stack.extend
    while stack:
        value, owner = pop()
        if isinstance(value, str):
            hit = find(value)
            if hit is not None:
                yield hit, owner
        elif isinstance(value, (tuple, list)):
            extend([(v, owner) for v in reversed(value)])
        elif isinstance(value, BaseModel) and not isinstance(value, ast.FakerSource):  # Faker: its values are checked
            fields = value.__dict__
            here = value if fields.get("span") is not None else owner
            extend([(fields[f], here) for f in _text_fields(type(value))])


@lru_cache(maxsize=None)
def _text_fields(cls: type[BaseModel]) -> tuple[str, ...]:
    """The fields of an AST node class that may hold text, in reverse declaration order (the walk pops them in
    order), less :data:`_SKIPPED_FIELDS`."""
    return tuple(name for name, f in reversed(cls.model_fields.items())
                 if name not in _SKIPPED_FIELDS and not _holds_no_text(f.annotation))


def _holds_no_text(annotation: Any) -> bool:
    """Whether a field annotation admits only spans, numbers, booleans and ``None``."""
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        return all(_holds_no_text(a) for a in typing.get_args(annotation))
    return isinstance(annotation, type) and issubclass(annotation, (bool, int, float, type(None), Span))


def record_chat_control(rec: Any) -> str | None:
    """The first control string in the text of a record's turns (messages, chosen, rejected).

    Tool results are not checked: they are JSON of values each checked on its own (pools, literals), and JSON
    puts quotes between values, so values cannot join into a control string. A malformed ``raw`` answer is
    the writer's own text.
    """
    regex, first = _current()
    for group in (rec.messages, rec.chosen, rec.rejected):
        for m in group:
            if m.content and m.role != "tool":
                hit = _find(m.content, regex, first)
                if hit is not None:
                    return hit
    return None
