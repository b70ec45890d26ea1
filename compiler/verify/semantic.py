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
            results[trace.bind] = json.loads(conv.messages[trace.message].content)
    for index, quotes in conv.quotes.items():
        text = conv.messages[index].content
        for base, value, shown in quotes:
            if shown not in text:
                return "quote", f"reply {index} does not contain the quoted value {shown!r}"
            if base in results and not _contains(results[base], value):
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
