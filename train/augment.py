"""Training stage, value swaps: SFT conversations -> the same conversations with the argument values the user typed
replaced by random look-alikes, so a model trained from scratch must copy values instead of recalling them.

A tiny model trained on the bundled product learns the call format and the tool, and writes the values it saw in
training (``get_weather(city="南充")`` for 鹤岗): over two epochs each value occurs a handful of times, and recalling
a frequent one lowers the loss sooner than learning to copy (docs/training.md, "Toward copying argument values").
Swapping a value for a random string of the same shape -- in the user's words, the call, the tool result and the
reply alike -- leaves copying as the only way to predict it. Only the training split is touched, and only a
``fraction`` of its conversations; the test split the demo measures is the build's, untouched.

Which values are swapped (:func:`swappable`): string arguments of at least two characters that occur verbatim in a
user turn, of a parameter whose schema has no ``enum`` and no ``format`` (a date or time swapped for random
characters would teach invalid values). How (:func:`look_alike`): every Han character becomes a random Han
character of the pool, every run of Latin letters a random word of the pool (first letter's case kept); digits,
spaces and punctuation stay, so paths, e-mail addresses and numbers keep their shape. The pools are the Han
characters and Latin words of the training split's user turns.
"""

from __future__ import annotations

import json
import random
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
_WORD = re.compile(r"[A-Za-z]+")


def _user_text(messages: Sequence[Mapping[str, Any]]) -> str:
    return "\n".join(str(m.get("content") or "") for m in messages if m.get("role") == "user")


def pools(rows: Iterable[Mapping[str, Any]]) -> tuple[list[str], list[str]]:
    """The Han characters and the Latin words (2+ letters, lower-cased) of the user turns of SFT rows.

    Returns:
        ``(han, words)``, each sorted (so a seed gives the same swaps on every machine).
    """
    han: set[str] = set()
    words: set[str] = set()
    for row in rows:
        text = _user_text(row["messages"])
        han.update(_HAN.findall(text))
        words.update(w.lower() for w in _WORD.findall(text) if len(w) > 1)
    return sorted(han), sorted(words)


def _properties(tools: Sequence[Mapping[str, Any]]) -> dict[tuple[str, str], Mapping[str, Any]]:
    out = {}
    for tool in tools:
        fn = tool.get("function", tool)
        for name, schema in ((fn.get("parameters") or {}).get("properties") or {}).items():
            out[(fn["name"], name)] = schema
    return out


def swappable(row: Mapping[str, Any]) -> list[str]:
    """The values of a conversation that :func:`swap_values` replaces (module docstring), longest first.

    Args:
        row: an SFT row (``messages`` in OpenAI format with ``tool_calls`` arguments as dicts, ``tools``).
    """
    messages = row["messages"]
    props = _properties(row.get("tools") or [])
    users = _user_text(messages)
    found: set[str] = set()
    for m in messages:
        for call in m.get("tool_calls") or ():
            fn = call.get("function", call)
            args = fn.get("arguments") or {}
            args = json.loads(args) if isinstance(args, str) else args
            for key, value in args.items():
                schema = props.get((fn["name"], key), {})
                if (isinstance(value, str) and len(value) >= 2 and value in users and schema.get("type") == "string"
                        and "enum" not in schema and "format" not in schema
                        and (_HAN.search(value) or _WORD.search(value))):
                    found.add(value)
    return sorted(found, key=lambda v: (-len(v), v))


def look_alike(value: str, rng: random.Random, han: Sequence[str], words: Sequence[str]) -> str:
    """``value`` with every Han character and every Latin word replaced at random (module docstring).

    Args:
        value: the value to disguise.
        rng: the random source.
        han: Han characters to draw from (non-empty when ``value`` has one).
        words: Latin words to draw from (non-empty when ``value`` has one).
    """
    def word(match: re.Match[str]) -> str:
        new = rng.choice(words)
        return new[0].upper() + new[1:] if match.group()[0].isupper() else new

    value = _HAN.sub(lambda _: rng.choice(han), value) if han else value
    return _WORD.sub(word, value) if words else value


def _replace(obj: Any, pattern: re.Pattern[str], mapping: Mapping[str, str]) -> Any:
    if isinstance(obj, str):
        return pattern.sub(lambda m: mapping[m.group()], obj)
    if isinstance(obj, list):
        return [_replace(x, pattern, mapping) for x in obj]
    if isinstance(obj, dict):
        return {k: _replace(v, pattern, mapping) for k, v in obj.items()}
    return obj


def swap_values(row: Mapping[str, Any], rng: random.Random, han: Sequence[str], words: Sequence[str]
                ) -> list[dict[str, Any]]:
    """The row's messages with every :func:`swappable` value replaced by a :func:`look_alike` wherever it occurs
    (message texts, call arguments, tool results), consistently within the conversation.

    Returns:
        New message dicts (the row is not modified); the same messages when nothing is swappable.
    """
    values = swappable(row)
    messages = [dict(m) for m in row["messages"]]
    if not values:
        return messages
    mapping = {v: look_alike(v, rng, han, words) for v in values}
    pattern = re.compile("|".join(re.escape(v) for v in values))  # longest first: no partial overlaps
    out = []
    for m in messages:
        m = dict(m)
        if isinstance(m.get("content"), str):
            m["content"] = _replace(m["content"], pattern, mapping)
        if m.get("tool_calls"):
            m["tool_calls"] = _replace(m["tool_calls"], pattern, mapping)
        out.append(m)
    return out


def augment_sft(dataset: Any, fraction: float, seed: int) -> Any:
    """Replaces the values of a ``fraction`` of an SFT dataset's conversations (:func:`swap_values`).

    Args:
        dataset: a ``datasets.Dataset`` from :func:`train.data.load_sft` (``messages``, ``tools``).
        fraction: share of conversations swapped, in [0, 1]; which ones depends on ``seed`` only.
        seed: random seed of the choice and of the look-alikes.

    Returns:
        A dataset with the same rows and columns, ``messages`` swapped in the chosen rows.

    Raises:
        ValueError: ``fraction`` outside [0, 1].
    """
    if not 0.0 <= fraction <= 1.0:
        raise ValueError(f"value swap fraction must be in [0, 1], got {fraction}")
    if fraction == 0.0:
        return dataset
    rows = dataset.to_list()
    han, words = pools(rows)
    rng = random.Random(seed)
    for row in rows:
        if rng.random() < fraction:
            row["messages"] = swap_values(row, rng, han, words)
    from toolc.train.data import _to_dataset

    return _to_dataset(rows, ("messages", "tools"), "value swaps")
