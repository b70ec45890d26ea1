"""Perturbation stage: a right assistant turn -> a labelled wrong one for RM ``rejected`` (input: Decision; output: Message).

The kinds and their meaning come from ``../shared/design/LANGUAGE.md`` ("Perturbations"):

========================  =============================================================================
``value``                 same type, other value; near misses first: another value of the same slot
                          (a neighbouring city), date +-1 day, number +-1, another enum member
``tool``                  another offered tool, same arguments
``missing``               a required argument dropped
``extra``                 a hallucinated argument the tool does not have
``type``                  right value, wrong JSON type (``"5"`` for ``5``)
``no_call``               prose where a call was due
``spurious_call``         a call on a turn where none is due (smalltalk)
``format``                malformed call syntax, written by each model family in its own syntax (broken
                          JSON inside Qwen's ``<tool_call>``, a broken Llama JSON object, ...)
``order``                 in a dependent chain, the later call issued first
========================  =============================================================================

Every rejected answer is then checked to really be wrong by the one checker (:mod:`compiler.checker`);
the caller drops candidates that pass.
"""

from __future__ import annotations

import datetime as _dt
import json
import random
from typing import Any, Callable

from toolc.dsl import ast

from . import ir
from .expand import Conversation, Decision, Expander
from .families import DEFAULT_FAMILY, get_family
from .record import MALFORMED_STYLES, Malformed, Message, ToolCall
from .simulate.constraints import random_value

#: Argument names no bundled tool has, used by ``extra``.
_EXTRA_NAMES = ("verbose", "user_id", "priority", "timezone", "callback_url", "force", "session", "debug")
_PROSE = {
    "zh": "好的，已经为您处理好了，还有什么可以帮您？",
    "en": "Sure, that's done. Is there anything else I can help with?",
}


def applicable(kind: str, conv: Conversation, d: Decision, prog: ir.Program) -> bool:
    """Whether perturbation ``kind`` can be applied to decision ``d`` of ``conv``."""
    if d.expect == "call":
        if kind in ("value", "type"):
            return any(c.arguments for c in d.calls)
        if kind == "tool":
            return len(prog.tools) > 1
        if kind == "missing":
            return any(set(prog.tools[c.name].required) & set(c.arguments) for c in d.calls)
        if kind in ("extra", "no_call", "format"):
            return True
        if kind == "order":
            return d.feeds_next >= 0
        return False
    if d.expect == "none":
        return kind == "spurious_call" and bool(conv.tools)
    return False


def perturb(kind: str, conv: Conversation, d: Decision, ex: Expander, rng: random.Random) -> Message:
    """Returns the rejected assistant message for ``kind`` (call only when :func:`applicable`)."""
    return _KINDS[kind](conv, d, ex, rng)


def _pick(rng: random.Random, calls: tuple[ToolCall, ...], pred: Callable[[ToolCall], bool]) -> int:
    idx = [i for i, c in enumerate(calls) if pred(c)]
    return idx[rng.randrange(len(idx))]


def _replace(calls: tuple[ToolCall, ...], i: int, new: ToolCall) -> tuple[ToolCall, ...]:
    return calls[:i] + (new,) + calls[i + 1:]


def _value(conv: Conversation, d: Decision, ex: Expander, rng: random.Random) -> Message:
    i = _pick(rng, d.calls, lambda c: bool(c.arguments))
    call = d.calls[i]
    names = list(call.arguments)
    # prefer arguments that came from slots (the user's words): near misses of what was said
    slotted = [n for n in names if n in d.arg_slots[i]] if i < len(d.arg_slots) else []
    name = (slotted or names)[rng.randrange(len(slotted or names))]
    tool = ex.prog.tools[call.name]
    param = tool.params.get(name)
    alias = d.arg_slots[i].get(name) if i < len(d.arg_slots) else None
    new = near_miss(call.arguments[name], param.type if param else None, alias, conv, ex, rng)
    args = dict(call.arguments)
    args[name] = new
    return Message("assistant", "", _replace(d.calls, i, ToolCall(call.name, args)))


def near_miss(v: Any, t, alias: str | None, conv: Conversation, ex: Expander, rng: random.Random) -> Any:
    """A value of the same type close to ``v``: another draw of the same slot, +-1 day, +-1, another member."""
    if isinstance(t, ast.EnumType):
        others = [x for x in t.values if x != v]
        if others:
            return others[rng.randrange(len(others))]
    if isinstance(v, bool):
        return not v
    if isinstance(v, int):
        hi = getattr(t, "hi", None)
        return v - 1 if hi is not None and v + 1 > hi else v + 1
    if isinstance(v, float):
        return round(v + max(0.5, round(abs(v) * 0.1, 1)), 2)
    if isinstance(v, list):
        if not v:
            return ["?"]
        return [near_miss(v[0], getattr(t, "item", None), alias, conv, ex, rng)] + v[1:]
    if isinstance(v, dict):
        if not v:
            return {"?": "?"}
        k = sorted(v)[0]
        return {**v, k: near_miss(v[k], None, None, conv, ex, rng)}
    if isinstance(v, str):
        try:
            day = _dt.date.fromisoformat(v) if len(v) == 10 else None
        except ValueError:
            day = None
        if day is not None:
            return (day + _dt.timedelta(days=rng.choice((-1, 1)))).isoformat()
        if alias is not None:
            sampler = ex.sampler(conv.aliases.get(alias, alias), conv.locale)
            if sampler is not None:
                for _ in range(16):
                    other = sampler.draw(rng, ex.today, "train", 0, {v})
                    if other.value != v and isinstance(other.value, str):
                        return other.value
        return v[:-1] if len(v) > 1 else v + v
    return v


def _tool(conv: Conversation, d: Decision, ex: Expander, rng: random.Random) -> Message:
    i = rng.randrange(len(d.calls))
    call = d.calls[i]
    offered = [t["function"]["name"] for t in conv.tools if t["function"]["name"] != call.name]
    pool = offered or [n for n in ex.prog.tools if n != call.name]
    return Message("assistant", "", _replace(d.calls, i, ToolCall(pool[rng.randrange(len(pool))], call.arguments)))


def _missing(conv: Conversation, d: Decision, ex: Expander, rng: random.Random) -> Message:
    i = _pick(rng, d.calls, lambda c: bool(set(ex.prog.tools[c.name].required) & set(c.arguments)))
    call = d.calls[i]
    req = [n for n in call.arguments if n in ex.prog.tools[call.name].required]
    drop = req[rng.randrange(len(req))]
    args = {k: v for k, v in call.arguments.items() if k != drop}
    return Message("assistant", "", _replace(d.calls, i, ToolCall(call.name, args)))


def _extra(conv: Conversation, d: Decision, ex: Expander, rng: random.Random) -> Message:
    i = rng.randrange(len(d.calls))
    call = d.calls[i]
    names = [n for n in _EXTRA_NAMES if n not in ex.prog.tools[call.name].params]
    name = names[rng.randrange(len(names))]
    value: Any = rng.choice((True, 1, "high", "UTC"))
    return Message("assistant", "", _replace(d.calls, i, ToolCall(call.name, {**call.arguments, name: value})))


def wrong_type(v: Any) -> Any:
    """The same value with another JSON type: ``5`` -> ``"5"``, ``true`` -> ``"true"``, ``"x"`` -> ``["x"]``."""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return str(v)
    if isinstance(v, str):
        try:
            return int(v)
        except ValueError:
            try:
                return float(v)
            except ValueError:
                return [v]
    if isinstance(v, list):
        return ", ".join(str(x) for x in v)
    return json.dumps(v, ensure_ascii=False)


def _type(conv: Conversation, d: Decision, ex: Expander, rng: random.Random) -> Message:
    i = _pick(rng, d.calls, lambda c: bool(c.arguments))
    call = d.calls[i]
    names = list(call.arguments)
    name = names[rng.randrange(len(names))]
    args = dict(call.arguments)
    args[name] = wrong_type(args[name])
    return Message("assistant", "", _replace(d.calls, i, ToolCall(call.name, args)))


def _no_call(conv: Conversation, d: Decision, ex: Expander, rng: random.Random) -> Message:
    # the conversation's own final answer, said without calling anything: a hallucinated answer
    finals = [conv.messages[x.index].content for x in conv.decisions if x.expect == "none" and x.index > d.index]
    if finals:
        return Message("assistant", finals[-1])
    return Message("assistant", _PROSE.get(conv.lang, _PROSE["en"]))


def _spurious(conv: Conversation, d: Decision, ex: Expander, rng: random.Random) -> Message:
    t = conv.tools[rng.randrange(len(conv.tools))]
    tool = ex.prog.tools[t["function"]["name"]]
    args = {p.name: random_value(p.type, rng, conv.locale, ex.today)
            for p in tool.node.params if p.name in tool.required}
    return Message("assistant", "", (ToolCall(tool.name, args),))


def _format(conv: Conversation, d: Decision, ex: Expander, rng: random.Random) -> Message:
    # what is broken is format-neutral (Malformed); each family writes it in its own syntax, `raw` in the default's
    bad = Malformed(MALFORMED_STYLES[rng.randrange(len(MALFORMED_STYLES))], d.calls[0])
    return Message("assistant", "", raw=get_family(DEFAULT_FAMILY).malformed(bad), malformed=bad)


def _order(conv: Conversation, d: Decision, ex: Expander, rng: random.Random) -> Message:
    later = next(x for x in conv.decisions if x.index == d.feeds_next)
    return Message("assistant", "", later.calls)


_KINDS: dict[str, Callable[[Conversation, Decision, Expander, random.Random], Message]] = {
    "value": _value,
    "tool": _tool,
    "missing": _missing,
    "extra": _extra,
    "type": _type,
    "no_call": _no_call,
    "spurious_call": _spurious,
    "format": _format,
    "order": _order,
}

