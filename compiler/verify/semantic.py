"""Verification stage, semantic: replies follow their results and the row speaks one language (input:
Conversation; output: a failure ``(reason, detail)`` or ``None``). See :mod:`compiler.verify`.

* unsaid: no reply states a slot the user could have said and did not (a budget in "no places under $20" when this
  row's user asked for a rating only, ``Conversation.unsaid``);
* quotes: every result value a reply quotes (``{w.temp_high}``, ``{max(r, rating).name}``) is a value of that
  result as the tool message carries it, and its text is in the reply;
* language: the text the templates wrote themselves (not slot or result values, which may quote other
  languages) is in the script of the conversation's language, for the system prompt, the user turns and
  the assistant's replies (:func:`compiler.languages.script_fits`);
* today: a conversation that turned a relative date (``明天``) into a date states the reference date in its
  system prompt, so the model can learn the date it must compute.
"""

from __future__ import annotations

import datetime as _dt
from typing import Any

from ..exprs import text_of
from ..languages import script_fits
from .structure import parse_json


def semantic_failure(conv: Any, today: _dt.date, parsed: dict[int, Any] | None = None) -> tuple[str, str] | None:
    """The first semantic problem of ``conv`` (module docstring), or ``None``.

    Args:
        conv: the conversation.
        today: the build's reference date.
        parsed: tool results already parsed from their messages, by message index (the format stage's); the
            others are parsed here.
    """
    results: dict[str, int] = {}  # bound result -> its tool message
    values: dict[str, Any] = {}  # bound result -> its value, as the tool message carries it
    for trace in conv.calls:
        if trace.bind:
            results[trace.bind] = trace.message
    leaves: dict[str, _Leaves] = {}  # bound result -> its scalar values, collected as far as a quote needed
    for index, quotes in conv.quotes.items():
        text = conv.messages[index].content
        for base, value, shown, _ in quotes:
            if shown not in text:
                return "quote", f"reply {index} does not contain the quoted value {shown!r}"
            if base not in results:
                continue
            if base not in values:  # parsed from the tool message on first use
                k = results[base]
                values[base] = parsed[k] if parsed is not None and k in parsed else parse_json(conv.messages[k].content)
            found = None
            if _is_scalar(value):
                found_in = leaves.get(base)
                if found_in is None:
                    found_in = leaves[base] = _Leaves(values[base])
                found = found_in.has(value)
            if found is None:
                found = _contains(values[base], value)
            if not found:
                return "quote", f"reply {index} quotes {shown!r}, which is not in the result `{base}`"
    if conv.unsaid:  # "No Thai places under $20" to a user who named no budget
        return "unsaid", f"a reply states `{conv.unsaid[0]}`, which the user never gave in this row"
    locale = conv.locale
    for i, (m, static) in enumerate(zip(conv.messages, conv.static)):  # a message without static text: none
        if static and m.role in _SPOKEN and not script_fits(static, locale):
            return "language", f"{m.role} message {i} is not in the language of {locale}: {static[:60]!r}"
    if conv.relative_dates:
        system = conv.messages[0].content if conv.messages and conv.messages[0].role == "system" else ""
        if today.isoformat() not in system:
            return "today", "a relative date was resolved but the system prompt does not state today's date"
    return None


#: The roles whose template text must be in the conversation's language.
_SPOKEN = frozenset({"system", "user", "assistant"})


def _is_scalar(v: Any) -> bool:
    t = type(v)
    return t is str or t is int or t is float or t is bool or v is None


class _Leaves:
    """The scalars of a parsed JSON value, collected as far as a look-up needs (a quote is mostly found among the
    first values; later look-ups continue the walk where it stopped).

    :meth:`has` answers as :func:`_contains` does for a scalar: booleans by identity, numbers by value
    (``1 == 1.0``, never ``True``), strings by text, ``null``; ``None`` for NaN (no key: :func:`_contains`
    decides).
    """

    __slots__ = ("bools", "null", "numbers", "stack", "strings")

    def __init__(self, value: Any) -> None:
        self.stack = [value]
        self.strings: set[str] = set()
        self.numbers: set = set()
        self.bools: set[bool] = set()
        self.null = False

    def has(self, value: Any) -> bool | None:
        t = type(value)
        if t is str:
            seen, same = self.strings, str
        elif t is int or t is float:
            if value != value:
                return None
            seen, same = self.numbers, None
        elif t is bool:
            seen, same = self.bools, bool
        else:  # None
            if self.null:
                return True
            seen, same = None, type(None)
        if seen is not None and value in seen:
            return True
        stack, strings, numbers = self.stack, self.strings, self.numbers
        while stack:
            v = stack.pop()
            tv = type(v)
            if tv is dict:
                stack.extend(v.values())
                continue
            if tv is list:
                stack.extend(v)
                continue
            if tv is str:
                strings.add(v)
            elif tv is int or tv is float:
                if v == v:
                    numbers.add(v)
                    if same is None and v == value:
                        return True
                continue
            elif tv is bool:
                self.bools.add(v)
            elif v is None:
                self.null = True
            else:  # not JSON: no key
                continue
            if tv is same and v == value:
                return True
        return False


def _contains(result: Any, value: Any) -> bool:
    if _equal(result, value):
        return True
    if isinstance(result, dict):
        return any(_contains(v, value) for v in result.values())
    if isinstance(result, list):
        return any(_contains(v, value) for v in result)
    return False


def _equal(a: Any, b: Any) -> bool:
    if isinstance(a, bool) or isinstance(b, bool):
        return a is b
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return a == b
    return a == b or (isinstance(a, (str, int, float)) and text_of(a) == text_of(b) and type(a) is type(b))
