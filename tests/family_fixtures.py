"""Reference renders for the family tests: transformers' own ``apply_chat_template`` on a tokenizer with the
family's template and special tokens, fed messages converted here independently of the writers' code."""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from tokenizers import Tokenizer, models
from transformers import PreTrainedTokenizerFast

from toolc.compiler.families import Family
from toolc.compiler.record import Message, Record

ROOT = Path(__file__).resolve().parent.parent
TODAY = dt.date(2026, 12, 2)


@functools.cache
def reference_tokenizer(family: Family, training: bool = False) -> PreTrainedTokenizerFast:
    """A tokenizer whose ``apply_chat_template`` is the reference: the family's template and special tokens."""
    tok = PreTrainedTokenizerFast(tokenizer_object=Tokenizer(models.WordLevel({"<unk>": 0}, unk_token="<unk>")),
                                  **{k: getattr(family, k) for k in ("bos_token", "eos_token", "pad_token")
                                     if getattr(family, k) is not None})
    tok.chat_template = family.chat_template(training)
    return tok


@contextlib.contextmanager
def frozen_today(day: dt.date = TODAY) -> Iterator[None]:
    """``strftime_now`` in transformers' template environment renders ``day`` (midnight), as on that day."""
    from transformers.utils import chat_template_utils as ctu

    class Frozen(dt.datetime):
        @classmethod
        def now(cls, tz: Any = None) -> dt.datetime:  # noqa: ARG003
            return dt.datetime.combine(day, dt.time())

    original = ctu.datetime
    ctu.datetime = Frozen
    try:
        yield
    finally:
        ctu.datetime = original


def reference_messages(family: Family, messages: tuple[Message, ...], training: bool = False,
                       state: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    """The conversation as a user of ``apply_chat_template`` writes it for this family (issue 11's rules):
    arguments a dict, or a JSON string for DeepSeek V3's inference template; ``""`` content on call turns;
    call ids and ``tool_call_id`` for Gemma 4; a malformed answer as plain text in the family's syntax."""
    state = state if state is not None else {"next": 0, "waiting": []}
    as_string = family.name == "deepseekv3" and not training
    with_ids = family.name.startswith("gemma4")
    out: list[dict[str, Any]] = []
    for m in messages:
        if m.malformed is not None:
            out.append({"role": "assistant", "content": family.malformed(m.malformed)})
        elif m.raw is not None:
            out.append({"role": "assistant", "content": m.raw})
        elif m.role == "tool":
            d = {"role": "tool", "name": m.name, "content": m.content}
            if with_ids:
                d["tool_call_id"] = state["waiting"].pop(0)
            out.append(d)
        elif m.tool_calls:
            calls = []
            for c in m.tool_calls:
                call: dict[str, Any] = {"type": "function", "function": {
                    "name": c.name, "arguments": json.dumps(c.arguments, ensure_ascii=False) if as_string else c.arguments}}
                if with_ids:
                    call["id"] = f"call_{state['next']}"
                    state["waiting"].append(call["id"])
                    state["next"] += 1
                calls.append(call)
            out.append({"role": "assistant", "content": m.content, "tool_calls": calls})
        else:
            out.append({"role": m.role, "content": m.content})
    return out


def reference_row(family: Family, record: Record, training: bool = False) -> dict[str, str]:
    """The reference texts of a record: ``text`` (sft), ``prompt`` (ppo), or ``prompt`` plus the two full
    conversations ``full_chosen`` / ``full_rejected`` (rm)."""
    tok = reference_tokenizer(family, training)
    tools = list(record.tools) or None
    kw = dict(family.template_kwargs)

    def apply(messages: list[dict[str, Any]], gen: bool) -> str:
        with frozen_today():
            return tok.apply_chat_template(messages, tools=tools, tokenize=False, add_generation_prompt=gen, **kw)

    if record.kind == "sft":
        return {"text": apply(reference_messages(family, record.messages, training), False)}
    state: dict[str, Any] = {"next": 0, "waiting": []}
    prompt = reference_messages(family, record.messages, training, state)
    out = {"prompt": apply(prompt, True)}
    if record.kind == "rm":
        for answer in ("chosen", "rejected"):
            s = {"next": state["next"], "waiting": list(state["waiting"])}
            out[f"full_{answer}"] = apply(prompt + reference_messages(family, getattr(record, answer), training, s),
                                          False)
    return out


@functools.cache
def bundled_records() -> dict[str, list[Record]]:
    """Every record of the bundled build (``toolc build specs/main.tool --today 2026-12-02``), by kind."""
    from toolc.compiler.build import Options, check, resolve_plan
    from toolc.compiler.generate import Generator

    prog, diags = check([ROOT / "specs" / "main.tool"])
    plan = resolve_plan(prog, Options(), diags)
    assert plan is not None and not diags
    gen = Generator(prog, plan, TODAY)
    return {kind: list(gen.records(kind)) for kind in ("sft", "rm", "ppo")}
