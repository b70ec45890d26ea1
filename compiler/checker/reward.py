"""Checker stage: a completion + the row's ground truth -> the verifiable RL reward (decomposed components in [0, 1]).

The ground truth is the PPO ``ground_truth`` column: a :class:`compiler.checker.truth.TurnTruth` object
(acceptable values per argument, order-free parallel calls, the missing parameter, the values to restate, the
facts to mention; :mod:`compiler.ground_truth` builds it) or, from older builds, a bare list of exact calls.
The components follow ToolRL's decomposition of a tool-use reward into format and correctness parts (Qian et al.,
"ToolRL: Reward is All Tool Learning Needs", 2025: format, tool name, parameter names, parameter values):

* ``format`` -- the completion parses (:func:`compiler.checker.parse.parse_completion`).
* ``tool_name`` -- multiset overlap of called and gold tool names over ``max(#called, #gold)``.
* ``arg_names`` -- predicted calls are paired with same-named gold calls (maximum-weight assignment); a pair
  scores ``|P & A| / (|P & A| + |P - A| + |E - P|)`` (P: passed names, A: names the gold call has, E: names
  that must be passed); the component is the sum over pairs divided by ``max(#called, #gold)``, i.e. the
  mean over gold calls with every extra predicted call counting as a zero slot.
* ``arg_values`` -- the same with a pair scoring right values over ``|P | E|`` (partial credit); a value is right
  when it is one of the argument's acceptable values (:func:`compiler.checker.rules.check_argument`).
* ``content`` -- what the turn says, checked against the ground truth: for a call turn, 1 when the whole turn
  is right (:func:`compiler.checker.match.match_calls`: right count, every call right, any order unless the
  ground truth says otherwise); for a clarification the share of missing parameters it names, for a
  confirmation the share of the call's values it restates, for a refusal whether it says it cannot, for a
  final answer the share of the result facts it mentions (:func:`compiler.checker.truth.content_score`).

For ``expect="call"`` a malformed completion scores 0 on every component (nothing in it can be trusted).
For the other kinds (``none``, ``clarify``, ``confirm``, ``refuse``) any call or malformed call block scores 0
on every component; a well-formed completion with no call scores 1 on ``format``, ``tool_name``,
``arg_names`` and ``arg_values`` (no call is the right tool decision) and its ``content`` score, except an empty
one, which keeps only ``format``.

:func:`tool_call_reward` is the weighted mean ``sum(w_k * c_k) / sum(w_k)`` with :data:`DEFAULT_WEIGHTS`
(all 1, so the five components count equally). :func:`tool_call_reward_func` adapts it to TRL's
reward-function interface (``reward_func(completions, **dataset_columns) -> list[float]``).
"""

from __future__ import annotations

import dataclasses
import json
from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any

from toolc.compiler.checker.match import GoldCall, check_call, gold_from_call, match_calls, tools_by_name
from toolc.compiler.checker.parse import parse_completion
from toolc.compiler.checker.score import pair_calls
from toolc.compiler.checker.truth import TurnTruth, content_score
from toolc.compiler.families import Family
from toolc.compiler.record import ToolCall
from toolc.vocab import EXPECTS

#: Default component weights of :func:`tool_call_reward` (equal).
DEFAULT_WEIGHTS: dict[str, float] = {"format": 1.0, "tool_name": 1.0, "arg_names": 1.0, "arg_values": 1.0,
                                     "content": 1.0}
COMPONENTS: tuple[str, ...] = tuple(DEFAULT_WEIGHTS)


def _json(value: Any) -> Any:
    return json.loads(value) if isinstance(value, str) else value


def read_truth(ground_truth: Any, tools: Sequence[Mapping[str, Any]] | str | None,
               expect: str | None = None) -> TurnTruth:
    """The :class:`TurnTruth` of a row's ground truth.

    Args:
        ground_truth: a :class:`TurnTruth`, its JSON object (or JSON text), or a legacy list of exact calls
            ``[{"name", "arguments": {param: value}}]`` (acceptable values built by :func:`gold_from_call`);
            ``None`` = nothing.
        tools: the offered tool definitions (list or JSON text), for legacy lists; ``None`` = unknown.
        expect: the row's ``expect`` column; overrides the object's own (``None``: the object's, else ``call`` when
            there are calls and ``none`` otherwise).

    Returns:
        The ground truth.

    Raises:
        ValueError: an unknown ``expect`` or a malformed ground truth.
    """
    value = _json(ground_truth)
    if isinstance(value, TurnTruth):
        truth = value
    elif isinstance(value, Mapping):
        truth = TurnTruth.from_json(value)
    else:
        calls = tuple(gold_calls(value, tools))
        truth = TurnTruth("call" if calls else "none", calls)
    if expect is not None and expect != truth.expect:
        if expect not in EXPECTS:
            raise ValueError(f"expect must be one of {', '.join(EXPECTS)}, got {expect!r}")
        truth = dataclasses.replace(truth, expect=expect)
    return truth


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
    ground_truth: Any,
    tools: Sequence[Mapping[str, Any]] | str | None,
    expect: str | None = None,
    *,
    bfcl: bool = False,
    family: Family | None = None,
    prefix: str = "",
) -> dict[str, float]:
    """The reward components of one completion (definitions in the module docstring).

    Args:
        completion: the generated text, or an assistant message / list of messages (TRL conversational).
        ground_truth: the row's ground truth (see :func:`read_truth`).
        tools: the row's offered tools (list or JSON string) or ``None``.
        expect: the kind of turn due (``compiler.vocab.EXPECTS``); ``None``: the ground truth's.
        bfcl: judge argument values with BFCL's rules.
        family: the model family whose syntax completion text is in (``compiler.families``); ``None``: the default
            parser (Hermes ``<tool_call>`` / ``<function_call>``).
        prefix: the prompt text the completion follows (with ``family``).

    Returns:
        ``{"format", "tool_name", "arg_names", "arg_values", "content"}``, each in [0, 1].

    Raises:
        ValueError: for an unknown ``expect``.
    """
    tool_list = _json(tools) or []
    turn = parse_completion(completion, family, prefix=prefix, tools=tool_list or None)
    truth = read_truth(ground_truth, tool_list, expect)
    zeros = dict.fromkeys(COMPONENTS, 0.0)
    if truth.expect != "call":
        if not turn.format_ok or turn.calls:
            return zeros
        if not turn.content.strip():
            return {**zeros, "format": 1.0}
        return {**dict.fromkeys(COMPONENTS, 1.0), "content": content_score(truth, turn.content)}
    if not turn.format_ok:
        return zeros
    gold = list(truth.calls)
    slots = max(len(turn.calls), len(gold))
    if slots == 0:
        return dict.fromkeys(COMPONENTS, 1.0)
    by_name = tools_by_name(tool_list)
    overlap = sum((Counter(c.name for c in turn.calls) & Counter(g.name for g in gold)).values())
    pairs = pair_calls(turn.calls, gold, by_name, bfcl=bfcl)
    if truth.order_free or len(gold) < 2:
        right = match_calls(turn.calls, gold, by_name, bfcl=bfcl)[0].ok
    else:  # ordered: the i-th call must answer the i-th gold call
        right = len(turn.calls) == len(gold) and all(
            check_call(c, g, by_name.get(g.name), bfcl=bfcl).ok for c, g in zip(turn.calls, gold))
    return {
        "format": 1.0,
        "tool_name": overlap / slots,
        "arg_names": sum(p.names_score for p in pairs) / slots,
        "arg_values": sum(p.values_score for p in pairs) / slots,
        "content": 1.0 if right else 0.0,
    }


def tool_call_reward(
    completion: str | Mapping[str, Any] | list[Mapping[str, Any]],
    ground_truth: Any,
    tools: Sequence[Mapping[str, Any]] | str | None,
    expect: str | None = None,
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
