"""Checker stage: a completion + the row's ground truth -> the verifiable RL reward (components in [0, 1]).

Components (seed ``004_*.txt`` asks for "intent right + tool name right + arguments sensible"):

* ``format`` -- the completion parses (:func:`compiler.checker.parse.parse_completion`).
* ``tool_name`` -- multiset overlap of called and gold tool names over ``max(#called, #gold)``.
* ``arg_names`` -- predicted calls are paired with same-named gold calls (maximum-weight assignment); a pair
  scores ``|P & A| / (|P & A| + |P - A| + |E - P|)`` (P: passed names, A: names the gold call has, E: names
  that must be passed); the component is the sum over pairs divided by ``max(#called, #gold)``, i.e. the
  mean over gold calls with every extra predicted call counting as a zero slot.
* ``arg_values`` -- the same with a pair scoring right values over ``|P | E|`` (partial credit).

For ``expect="call"`` a malformed completion scores 0 on every component (nothing in it can be trusted).
For ``expect="none"`` / ``"clarify"`` a well-formed completion with no call scores 1 on every component and
any call (or malformed call block) scores 0; a clarification turn answered with no text at all keeps
``format`` = 1 and scores 0 on the rest.

:func:`tool_call_reward` is the weighted mean ``sum(w_k * c_k) / sum(w_k)`` with :data:`DEFAULT_WEIGHTS`
(all 1, so the four components count equally). :func:`tool_call_reward_func` adapts it to TRL's
reward-function interface (``reward_func(completions, **dataset_columns) -> list[float]``).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any

from toolc.compiler.checker.match import GoldCall, gold_from_call, tools_by_name
from toolc.compiler.checker.parse import parse_completion
from toolc.compiler.checker.score import pair_calls
from toolc.compiler.families import Family
from toolc.compiler.record import ToolCall

#: Default component weights of :func:`tool_call_reward` (equal).
DEFAULT_WEIGHTS: dict[str, float] = {"format": 1.0, "tool_name": 1.0, "arg_names": 1.0, "arg_values": 1.0}
COMPONENTS: tuple[str, ...] = tuple(DEFAULT_WEIGHTS)


def _json(value: Any) -> Any:
    return json.loads(value) if isinstance(value, str) else value


def gold_calls(
    ground_truth: Sequence[Any] | str | None, tools: Sequence[Mapping[str, Any]] | str | None
) -> list[GoldCall]:
    """Gold calls of a row's ground truth.

    Args:
        ground_truth: the ``ground_truth`` column: a JSON string or list of toolc's exact calls
            ``{"name", "arguments": {param: value}}``; :class:`GoldCall` items are taken as they are.
        tools: the offered tool definitions (list or JSON string), used for defaults and optional parameters
            (:func:`gold_from_call`); ``None`` = unknown.

    Returns:
        One :class:`GoldCall` per ground-truth call, in order.
    """
    by_name = tools_by_name(_json(tools) or [])
    out: list[GoldCall] = []
    for item in _json(ground_truth) or []:
        if isinstance(item, GoldCall):
            out.append(item)
        elif isinstance(item, ToolCall):
            out.append(gold_from_call(item, by_name.get(item.name)))
        else:
            call = ToolCall(str(item["name"]), dict(_json(item.get("arguments")) or {}))
            out.append(gold_from_call(call, by_name.get(call.name)))
    return out


def reward_components(
    completion: str | Mapping[str, Any] | list[Mapping[str, Any]],
    ground_truth: Sequence[Any] | str | None,
    tools: Sequence[Mapping[str, Any]] | str | None,
    expect: str | None = "call",
    *,
    bfcl: bool = False,
    family: Family | None = None,
    prefix: str = "",
) -> dict[str, float]:
    """The reward components of one completion (definitions in the module docstring).

    Args:
        completion: the generated text, or an assistant message / list of messages (TRL conversational).
        ground_truth: the row's gold calls (see :func:`gold_calls`).
        tools: the row's offered tools (list or JSON string) or ``None``.
        expect: ``"call"`` | ``"none"`` | ``"clarify"``; ``None`` = ``"call"`` when there is ground truth,
            else ``"none"``.
        bfcl: judge argument values with BFCL's rules.
        family: the model family whose syntax completion text is in (``compiler.families``); ``None``: the default
            parser (Hermes ``<tool_call>`` / ``<function_call>``).
        prefix: the prompt text the completion follows (with ``family``).

    Returns:
        ``{"format", "tool_name", "arg_names", "arg_values"}``, each in [0, 1].

    Raises:
        ValueError: for an unknown ``expect``.
    """
    tool_list = _json(tools) or []
    turn = parse_completion(completion, family, prefix=prefix, tools=tool_list or None)
    gold = gold_calls(ground_truth, tool_list)
    if expect is None:
        expect = "call" if gold else "none"
    zeros = dict.fromkeys(COMPONENTS, 0.0)
    ones = dict.fromkeys(COMPONENTS, 1.0)
    if expect in ("none", "clarify"):
        if not turn.format_ok or turn.calls:
            return zeros
        if expect == "clarify" and not turn.content:
            return {**zeros, "format": 1.0}
        return ones
    if expect != "call":
        raise ValueError(f"expect must be 'call', 'none' or 'clarify', got {expect!r}")
    if not turn.format_ok:
        return zeros
    slots = max(len(turn.calls), len(gold))
    if slots == 0:
        return ones
    overlap = sum((Counter(c.name for c in turn.calls) & Counter(g.name for g in gold)).values())
    pairs = pair_calls(turn.calls, gold, tools_by_name(tool_list), bfcl=bfcl)
    return {
        "format": 1.0,
        "tool_name": overlap / slots,
        "arg_names": sum(p.names_score for p in pairs) / slots,
        "arg_values": sum(p.values_score for p in pairs) / slots,
    }


def tool_call_reward(
    completion: str | Mapping[str, Any] | list[Mapping[str, Any]],
    ground_truth: Sequence[Any] | str | None,
    tools: Sequence[Mapping[str, Any]] | str | None,
    expect: str | None = "call",
    *,
    weights: Mapping[str, float] | None = None,
    bfcl: bool = False,
) -> float:
    """The scalar verifiable reward: weighted mean of :func:`reward_components`, in [0, 1].

    Args:
        completion: see :func:`reward_components`.
        ground_truth: see :func:`reward_components`.
        tools: see :func:`reward_components`.
        expect: see :func:`reward_components`.
        weights: component -> weight (missing components weigh 0); default :data:`DEFAULT_WEIGHTS`.
        bfcl: judge argument values with BFCL's rules.

    Returns:
        ``sum(w[k] * c[k]) / sum(w)``.

    Raises:
        ValueError: when the weights are negative or sum to zero, or name an unknown component.
    """
    w = dict(DEFAULT_WEIGHTS if weights is None else weights)
    unknown = set(w) - set(COMPONENTS)
    if unknown:
        raise ValueError(f"unknown reward components {sorted(unknown)}; known: {list(COMPONENTS)}")
    total = sum(w.values())
    if total <= 0 or any(v < 0 for v in w.values()):
        raise ValueError("reward weights must be non-negative and sum to more than 0")
    comps = reward_components(completion, ground_truth, tools, expect, bfcl=bfcl)
    return sum(w.get(k, 0.0) * comps[k] for k in COMPONENTS) / total


def tool_call_reward_func(
    completions: Sequence[Any],
    ground_truth: Sequence[Any],
    expect: Sequence[str | None] | None = None,
    tools: Sequence[Any] | None = None,
    **kwargs: Any,
) -> list[float]:
    """TRL reward function (``GRPOTrainer(reward_funcs=[tool_call_reward_func])``).

    TRL calls reward functions with ``prompts``, ``completions`` and every other dataset column as keyword
    lists (``trl/trainer/grpo_trainer.py``, ``_calculate_rewards``); toolc's ``ppo`` rows carry
    ``ground_truth``, ``expect`` and ``tools`` columns (JSON strings where the shape varies).

    Args:
        completions: generated completions (strings, or message lists for conversational datasets).
        ground_truth: per-row ground truth.
        expect: per-row ``expect`` (default: inferred from the ground truth).
        tools: per-row offered tools (default: unknown).
        **kwargs: the other columns TRL passes (ignored).

    Returns:
        One reward per completion.
    """
    n = len(completions)
    exp = list(expect) if expect is not None else [None] * n
    tls = list(tools) if tools is not None else [None] * n
    return [tool_call_reward(c, g, t, e) for c, g, t, e in zip(completions, ground_truth, tls, exp, strict=True)]
