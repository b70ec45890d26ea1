"""Training stage, breakdowns: evaluation samples -> accuracy per tool / behaviour / language with bootstrap
intervals, paired deltas between two models, PNG charts and failed samples.

Input: the ``samples`` of evaluation reports (:func:`train.evaluate.evaluate`: one record per decision point with
``id``, ``step``, ``scenario``, ``expect``, ``gold``, ``completion``, ``correct``). Output: plain dicts (JSON-ready),
matplotlib PNGs and markdown text, used by ``toolc demo`` (:mod:`train.demo`).

Intervals: turns of one conversation are not independent, so every interval resamples whole conversations with
replacement (a cluster bootstrap) and takes the 2.5th and 97.5th percentiles of the resampled ratio (percentile
method, Efron & Tibshirani, *An Introduction to the Bootstrap*, 1993, ch. 13); ``numpy.random.default_rng(seed)``
makes them reproducible. A paired delta resamples the same conversations for both models, so it measures the
change on the same turns rather than comparing two independent intervals.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from .report import save_png

#: Behaviours of a decision point, in display order (:func:`behaviours_of`).
BEHAVIOURS: tuple[str, ...] = ("single call", "parallel calls", "chained call", "structured arguments",
                               "clarification", "confirmation", "refusal", "no call (answer, smalltalk)")
_EXPECT_BEHAVIOUR = {"clarify": "clarification", "confirm": "confirmation", "refuse": "refusal",
                     "none": "no call (answer, smalltalk)"}

Sample = Mapping[str, Any]


def _gold_calls(sample: Sample) -> list[Mapping[str, Any]]:
    gold = sample.get("gold")
    return [g for g in gold if isinstance(g, Mapping)] if isinstance(gold, list) else []


def behaviours_of(sample: Sample, *, chained: bool = False) -> list[str]:
    """The behaviours a decision point exercises (one or more of :data:`BEHAVIOURS`).

    A call turn is ``parallel calls`` with more than one gold call, ``chained call`` when an earlier turn of the
    conversation already called a tool (the call follows a tool result), ``structured arguments`` when an argument
    value is an object or a list, and ``single call`` when it is none of those; other turns are named by what they
    expect (``clarify`` -> clarification, ``none`` -> no call, ...).

    Args:
        sample: an evaluation sample.
        chained: whether an earlier turn of the same conversation made a call (:func:`annotate` works it out).

    Returns:
        The behaviours, in :data:`BEHAVIOURS` order.
    """
    expect = sample.get("expect")
    if expect != "call":
        return [_EXPECT_BEHAVIOUR.get(str(expect), str(expect))]
    calls = _gold_calls(sample)
    out = []
    if len(calls) > 1:
        out.append("parallel calls")
    if chained:
        out.append("chained call")
    if any(isinstance(v, (dict, list)) for c in calls for v in (c.get("arguments") or {}).values()):
        out.append("structured arguments")
    return out or ["single call"]


def annotate(samples: Sequence[Sample]) -> list[dict[str, Any]]:
    """Copies of the samples (in ``(seed, id, step)`` order) with ``behaviours``, ``language`` (``zh`` / ``en`` from the scenario prefix, else
    ``?``) and ``tools`` (gold tool names) added."""
    called: set[tuple[str, str]] = set()
    out = []
    for s in sorted(samples, key=lambda s: (str(s.get("seed")), str(s.get("id")), s.get("step", 0))):
        conv = (str(s.get("seed")), str(s.get("id")))  # seeds pooled: each seed's answers are their own chain
        scenario = str(s.get("scenario") or "")
        lang = scenario.split(".", 1)[0] if scenario.split(".", 1)[0] in ("zh", "en") else "?"
        tools = sorted({str(c.get("name")) for c in _gold_calls(s)}) if s.get("expect") == "call" else []
        out.append({**s, "behaviours": behaviours_of(s, chained=conv in called), "language": lang, "tools": tools})
        if s.get("expect") == "call":
            called.add(conv)
    return out


def _cluster_sums(samples: Sequence[Sample], value: Callable[[Sample], float]) -> tuple[np.ndarray, np.ndarray]:
    """Per-conversation sums of ``value`` and counts."""
    index: dict[str, int] = {}
    for s in samples:
        index.setdefault(str(s.get("id")), len(index))
    num, den = np.zeros(len(index)), np.zeros(len(index))
    for s in samples:
        i = index[str(s.get("id"))]
        num[i] += value(s)
        den[i] += 1
    return num, den


def _interval(values: np.ndarray, level: float) -> list[float]:
    values = values[~np.isnan(values)]
    if not values.size:
        return [float("nan"), float("nan")]
    lo, hi = np.percentile(values, [100 * (1 - level) / 2, 100 * (1 + level) / 2])
    return [round(float(lo), 4), round(float(hi), 4)]


def accuracy(samples: Sequence[Sample], *, resamples: int = 1000, seed: int = 0, level: float = 0.95
             ) -> dict[str, Any]:
    """Share of correct samples with a conversation-bootstrap interval.

    Args:
        samples: evaluation samples (``id``, ``correct``).
        resamples: bootstrap resamples (0: no interval).
        seed: bootstrap seed.
        level: interval coverage.

    Returns:
        ``{"n", "correct", "accuracy", "ci": [low, high]}`` (``accuracy`` ``None`` and no ``ci`` for no samples).
    """
    n = len(samples)
    ok = sum(bool(s.get("correct")) for s in samples)
    if not n:
        return {"n": 0, "correct": 0, "accuracy": None}
    out: dict[str, Any] = {"n": n, "correct": ok, "accuracy": round(ok / n, 4)}
    if resamples:
        num, den = _cluster_sums(samples, lambda s: float(bool(s.get("correct"))))
        counts = np.random.default_rng(seed).multinomial(len(num), np.full(len(num), 1 / len(num)), size=resamples)
        with np.errstate(invalid="ignore", divide="ignore"):
            out["ci"] = _interval((counts @ num) / (counts @ den), level)
    return out


def breakdown(samples: Sequence[Sample], key: str, *, resamples: int = 1000, seed: int = 0,
              order: Sequence[str] = ()) -> dict[str, dict[str, Any]]:
    """Accuracy per group: ``key`` is ``tools``, ``behaviours`` (list fields: a sample counts in each of its
    groups) or ``language`` / ``expect`` / ``scenario`` (one group each), of :func:`annotate`-d samples.

    Returns:
        ``{group: accuracy(...)}``, groups in ``order`` first, then sorted.
    """
    groups: dict[str, list[Sample]] = {}
    for s in samples:
        value = s.get(key)
        for g in (value if isinstance(value, list) else [value]):
            groups.setdefault(str(g), []).append(s)
    names = [g for g in order if g in groups] + sorted(g for g in groups if g not in order)
    return {g: accuracy(groups[g], resamples=resamples, seed=seed) for g in names}


def paired_delta(before: Sequence[Sample], after: Sequence[Sample], *, where: Callable[[Sample], bool] | None = None,
                 resamples: int = 1000, seed: int = 0, level: float = 0.95) -> dict[str, Any]:
    """Change in accuracy from ``before`` to ``after`` on the same decision points, with a paired interval.

    Args:
        before: samples of the first model (e.g. SFT).
        after: samples of the second model on the same split (e.g. SFT + RL), matched by ``(seed, id, turn)``
            (several seeds pooled: each seed's answers pair with the same seed's; a conversation's turns of every
            seed are resampled together).
        where: keep only these decision points (e.g. ``lambda s: s["expect"] == "call"`` for exact calls).
        resamples: bootstrap resamples (conversations drawn once for both models).
        seed: bootstrap seed.
        level: interval coverage.

    Returns:
        ``{"n", "before", "after", "delta", "ci": [low, high], "improved", "worsened"}`` (rates in [0, 1], delta
        in [-1, 1]; ``improved`` / ``worsened``: points wrong before and right after, and the reverse).

    Raises:
        ValueError: the two sample lists do not cover the same decision points.
    """
    key = lambda s: (str(s.get("seed")), str(s.get("id")), s.get("turn"))  # noqa: E731
    b = {key(s): s for s in before if where is None or where(s)}
    a = {key(s): s for s in after if where is None or where(s)}
    if set(a) != set(b):
        raise ValueError(f"paired_delta: the reports cover different decision points ({len(b)} vs {len(a)})")
    pairs = [{"id": k[1], "d": float(bool(a[k].get("correct"))) - float(bool(b[k].get("correct"))),
              "b": float(bool(b[k].get("correct")))} for k in sorted(b)]
    if not pairs:
        return {"n": 0, "before": None, "after": None, "delta": None}
    num, den = _cluster_sums(pairs, lambda p: p["d"])
    base, _ = _cluster_sums(pairs, lambda p: p["b"])
    counts = np.random.default_rng(seed).multinomial(len(num), np.full(len(num), 1 / len(num)), size=resamples)
    n = len(pairs)
    delta = sum(p["d"] for p in pairs) / n
    before_rate = sum(p["b"] for p in pairs) / n
    return {"n": n, "before": round(before_rate, 4), "after": round(before_rate + delta, 4),
            "delta": round(delta, 4), "ci": _interval((counts @ num) / (counts @ den), level),
            "improved": sum(p["d"] > 0 for p in pairs), "worsened": sum(p["d"] < 0 for p in pairs)}


def _groups(tables: Mapping[str, Mapping[str, Any]], order: Sequence[str]) -> list[str]:
    """The groups of every table: those in ``order`` first, in that order, then the rest sorted."""
    union = {g for t in tables.values() for g in t}
    return [g for g in order if g in union] + sorted(g for g in union if g not in order)


def _n(tables: Mapping[str, Mapping[str, Any]], group: str) -> int:
    """The group's size in the last table that has it (the final model's: a baseline may cover a sample)."""
    return next((t[group]["n"] for t in reversed(list(tables.values())) if group in t), 0)


def plot_breakdown(tables: Mapping[str, Mapping[str, Mapping[str, Any]]], path: str | Path, *, title: str,
                   ylabel: str = "accuracy (%)", order: Sequence[str] = ()) -> Path:
    """Grouped bar chart of :func:`breakdown` tables (one bar per model in each group) with interval whiskers.

    Args:
        tables: model label -> ``{group: {"accuracy", "ci", "n"}}``.
        path: output ``.png`` (parents created; fixed metadata, so the same numbers give the same bytes).
        title: figure title.
        ylabel: y axis label.
        order: groups drawn first, in this order (the rest sorted).

    Returns:
        ``path``.
    """
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    labels = list(tables)
    groups = _groups(tables, order)
    width = 0.8 / max(1, len(labels))
    fig, ax = plt.subplots(figsize=(max(5.0, 0.75 * len(groups) * max(1, len(labels)) / 2 + 2.5), 4.0), dpi=100)
    for i, label in enumerate(labels):
        table = tables[label]
        ks = [k for k, g in enumerate(groups) if g in table and table[g].get("accuracy") is not None]
        xs = [k + (i - (len(labels) - 1) / 2) * width for k in ks]
        ys = [100 * table[groups[k]]["accuracy"] for k in ks]
        err = np.array([[max(0.0, ys[j] - 100 * table[groups[k]].get("ci", [np.nan, np.nan])[0]),
                         max(0.0, 100 * table[groups[k]].get("ci", [np.nan, np.nan])[1] - ys[j])]
                        for j, k in enumerate(ks)]).T.reshape(2, -1)
        err = np.nan_to_num(err)
        bars = ax.bar(xs, ys, width=width, label=label, yerr=err, capsize=2, error_kw={"elinewidth": 0.8})
        ax.bar_label(bars, fmt="%.0f", fontsize=6, padding=1)
    ax.set_xticks(range(len(groups)))
    ax.set_xticklabels([f"{g}\n(n={_n(tables, g)})" for g in groups],
                       rotation=35, ha="right", fontsize=7)
    ax.set_ylim(0, 112)
    ax.set_ylabel(ylabel)
    ax.set_title(title, fontsize=10)
    ax.legend(fontsize=7, loc="upper right", ncol=len(labels))
    ax.grid(axis="y", alpha=0.3)
    return save_png(fig, path)


def failed_samples(samples: Sequence[Sample], n: int = 5, *, expect: str | None = "call") -> list[dict[str, Any]]:
    """Up to ``n`` wrong decision points, one per scenario first (so they show different mistakes).

    Returns:
        ``[{"id", "scenario", "expect", "expected", "got", "verdict"}]``.
    """
    wrong = [s for s in samples if not s.get("correct") and (expect is None or s.get("expect") == expect)]
    seen: set[Any] = set()
    first = [s for s in wrong if not (s.get("scenario") in seen or seen.add(s.get("scenario")))]
    picked = (first + [s for s in wrong if s not in first])[:n]
    return [{"id": s.get("id"), "scenario": s.get("scenario"), "expect": s.get("expect"), "expected": s.get("gold"),
             "got": s.get("completion"), "verdict": f"{s.get('code')}: {s.get('message')}"} for s in picked]


def fmt_acc(entry: Mapping[str, Any] | None) -> str:
    """``"62.5% [55.0-70.1]"`` for an :func:`accuracy` entry (``"—"`` when empty)."""
    if not entry or entry.get("accuracy") is None:
        return "—"
    ci = entry.get("ci")
    text = f"{100 * entry['accuracy']:.1f}%"
    return text + (f" [{100 * ci[0]:.1f}–{100 * ci[1]:.1f}]" if ci and not np.isnan(ci[0]) else "")


def markdown_table(tables: Mapping[str, Mapping[str, Mapping[str, Any]]], first: str, order: Sequence[str] = ()) -> str:
    """A markdown table of :func:`breakdown` tables side by side (``first``: the group column's header; ``order``:
    groups listed first; ``n``: the group's size in the last table)."""
    labels = list(tables)
    groups = _groups(tables, order)
    lines = [f"| {first} | n | " + " | ".join(labels) + " |", "|---|---:|" + "---:|" * len(labels)]
    for g in groups:
        n = _n(tables, g)
        lines.append(f"| {g} | {n} | " + " | ".join(fmt_acc(tables[k].get(g)) for k in labels) + " |")
    return "\n".join(lines)
