"""Checker stage: scored turns grouped by conversation -> percentile bootstrap intervals of the headline metrics.

Turns of one conversation are not independent (a model that misreads a conversation misreads its later turns too),
so the bootstrap resamples whole conversations (chains) with replacement -- a cluster bootstrap -- and recomputes
each metric as a ratio of the resampled sums; the interval is the ``(1 - level) / 2`` and ``(1 + level) / 2``
percentiles of the resampled values (Efron & Tibshirani, *An Introduction to the Bootstrap*, 1993, ch. 13; the
percentile method as ``scipy.stats.bootstrap(method="percentile")`` computes it). The generator is
``numpy.random.default_rng(seed)``: the same turns and seed give the same intervals.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

#: The metrics that get an interval (definitions in :mod:`compiler.checker.score`).
HEADLINE: tuple[str, ...] = (
    "format_validity", "exact_match", "tool_accuracy", "arg_f1", "turn_accuracy", "chain_success",
    "irrelevance_accuracy", "clarification_accuracy", "confirmation_accuracy", "refusal_accuracy",
)

_KIND_OF = {"exact_match": "call", "tool_accuracy": "call", "irrelevance_accuracy": "none",
            "clarification_accuracy": "clarify", "confirmation_accuracy": "confirm", "refusal_accuracy": "refuse"}


def _per_chain(turns: Sequence[tuple[str, Any]]) -> tuple[dict[str, np.ndarray], int]:
    """Per-chain sums of every quantity the headline metrics are ratios of."""
    chains: dict[str, int] = {}
    for chain, _ in turns:
        chains.setdefault(chain, len(chains))
    n = len(chains)
    cols = ("turns", "format", "correct", "tp", "fp", "fn", "chain_ok", "tool") + tuple(
        f"{k}_{x}" for k in ("call", "none", "clarify", "confirm", "refuse") for x in ("n", "ok"))
    sums = {c: np.zeros(n) for c in cols}
    sums["chain_ok"] += 1
    for chain, s in turns:
        i = chains[chain]
        sums["turns"][i] += 1
        sums["format"][i] += s.format_ok
        sums["correct"][i] += s.correct
        sums[f"{s.expect}_n"][i] += 1
        sums[f"{s.expect}_ok"][i] += s.correct
        if s.expect == "call":
            sums["tp"][i] += s.arg_tp
            sums["fp"][i] += s.arg_fp
            sums["fn"][i] += s.arg_fn
            sums["tool"][i] += s.tool_correct
        if not s.correct:
            sums["chain_ok"][i] = 0
    return sums, n


def _ratio(num: np.ndarray, den: np.ndarray) -> np.ndarray:
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(den > 0, num / np.where(den > 0, den, 1), np.nan)


def bootstrap(turns: Sequence[tuple[str, Any]], *, resamples: int = 1000, seed: int = 0,
              level: float = 0.95) -> dict[str, list[float]]:
    """Percentile bootstrap intervals of the headline metrics (:data:`HEADLINE`), resampling conversations.

    Args:
        turns: ``(chain id, TurnScore)`` of every scored turn.
        resamples: bootstrap resamples.
        seed: seed of ``numpy.random.default_rng``.
        level: coverage of the interval (0.95 = the 2.5th and 97.5th percentiles).

    Returns:
        ``{metric: [low, high]}`` (rounded to 4 decimals) for each headline metric with at least one turn of
        its kind; empty for no turns.

    Raises:
        ValueError: ``resamples`` < 1 or ``level`` outside (0, 1).
    """
    if resamples < 1 or not 0 < level < 1:
        raise ValueError(f"need resamples >= 1 and 0 < level < 1, got {resamples}, {level}")
    if not turns:
        return {}
    sums, n = _per_chain(turns)
    rng = np.random.default_rng(seed)
    # counts[b, i]: how often chain i is drawn in resample b (a multinomial draw is a resample with replacement)
    counts = rng.multinomial(n, np.full(n, 1.0 / n), size=resamples).astype(float)
    r = {k: counts @ v for k, v in sums.items()}
    values = {
        "format_validity": _ratio(r["format"], r["turns"]),
        "exact_match": _ratio(r["call_ok"], r["call_n"]),
        "tool_accuracy": _ratio(r["tool"], r["call_n"]),
        "turn_accuracy": _ratio(r["correct"], r["turns"]),
        "chain_success": r["chain_ok"] / n,
        "irrelevance_accuracy": _ratio(r["none_ok"], r["none_n"]),
        "clarification_accuracy": _ratio(r["clarify_ok"], r["clarify_n"]),
        "confirmation_accuracy": _ratio(r["confirm_ok"], r["confirm_n"]),
        "refusal_accuracy": _ratio(r["refuse_ok"], r["refuse_n"]),
    }
    p, rc = _ratio(r["tp"], r["tp"] + r["fp"]), _ratio(r["tp"], r["tp"] + r["fn"])
    values["arg_f1"] = np.where(p + rc > 0, 2 * p * rc / np.where(p + rc > 0, p + rc, 1), 0.0)
    values["arg_f1"] = np.where(np.isnan(p) | np.isnan(rc), np.nan, values["arg_f1"])
    out: dict[str, list[float]] = {}
    lo, hi = 100 * (1 - level) / 2, 100 * (1 + level) / 2
    for name in HEADLINE:
        kind = _KIND_OF.get(name, "call" if name == "arg_f1" else None)
        if kind is not None and not sums[f"{kind}_n"].sum():
            continue
        v = values[name]
        v = v[~np.isnan(v)]
        if v.size:
            out[name] = [round(float(np.percentile(v, lo)), 4), round(float(np.percentile(v, hi)), 4)]
    return out
