"""Verification stage, semantic: replies follow their results and the row speaks one language (input:
Conversation; output: a failure ``(reason, detail)`` or ``None``). See :mod:`compiler.verify`.

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
import json
from typing import Any

from ..exprs import text_of
from ..languages import script_fits


def semantic_failure(conv: Any, today: _dt.date) -> tuple[str, str] | None:
    results: dict[str, Any] = {}
    for trace in conv.calls:
        if trace.bind:
            results[trace.bind] = trace.message
    leaves: dict[str, set] = {}  # bound result -> the keys of its scalar values (:func:`_scalar_key`)
    for index, quotes in conv.quotes.items():
        text = conv.messages[index].content
        for base, value, shown in quotes:
            if shown not in text:
                return "quote", f"reply {index} does not contain the quoted value {shown!r}"
            if base not in results:
                continue
            if isinstance(results[base], int):  # parsed from the tool message on first use
                results[base] = json.loads(conv.messages[results[base]].content)
            key = _scalar_key(value)
            if key is not None:
                if base not in leaves:
                    leaves[base] = _leaf_keys(results[base], set())
                found = key in leaves[base]
            else:
                found = _contains(results[base], value)
            if not found:
                return "quote", f"reply {index} quotes {shown!r}, which is not in the result `{base}`"
    for i, m in enumerate(conv.messages):
        static = conv.static[i] if i < len(conv.static) else None
        if static and m.role in ("system", "user", "assistant") and not script_fits(static, conv.locale):
            return "language", f"{m.role} message {i} is not in the language of {conv.locale}: {static[:60]!r}"
    if conv.relative_dates:
        system = conv.messages[0].content if conv.messages and conv.messages[0].role == "system" else ""
        if today.isoformat() not in system:
            return "today", "a relative date was resolved but the system prompt does not state today's date"
    return None


def _scalar_key(v: Any) -> tuple | None:
    """A key equal for two JSON scalars exactly when :func:`_equal` holds (``None`` for anything else: lists,
    objects, NaN): booleans by identity, numbers by value (``1 == 1.0``), strings by text, ``null``."""
    t = type(v)
    if t is bool:
        return ("b", v)
    if t is int or t is float:
        return ("n", v) if v == v else None
    if t is str:
        return ("s", v)
    if v is None:
        return ("z", None)
    return None


def _leaf_keys(result: Any, out: set) -> set:
    """The :func:`_scalar_key` of every scalar in a JSON value (a parsed result holds nothing else), so a
    quoted scalar is :func:`_contains`'d in the result exactly when its key is in the set."""
    stack = [result]
    while stack:
        v = stack.pop()
        if isinstance(v, dict):
            stack.extend(v.values())
        elif isinstance(v, list):
            stack.extend(v)
        else:
            key = _scalar_key(v)
            if key is not None:
                out.add(key)
    return out


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
