"""Training stage, demo report: the demo's evaluation reports (every seed) -> ``report.md``, PNGs, JSON fields.

Input: one ``run_seed`` result per seed (:mod:`train.demo`: labelled evaluation reports ``base``, ``sft``, ``rl``,
``train`` with their ``samples``) and the babble baseline's report. Output, in the demo's output directory:

* ``report.md``: per-seed headline numbers and their mean; base / babble / SFT / RL side by side with 95 %
  conversation-bootstrap intervals (seeds pooled: every seed's answers to the same held-out conversations);
  the paired change RL brings over SFT with its interval; accuracy per tool, per behaviour and per language; a
  handful of failed samples with the expected call;
* ``per_tool.png``, ``per_behaviour.png``, ``per_language.png``: one chart per breakdown (:mod:`train.breakdown`);
* the same numbers as a dict for ``demo.json``.
"""

from __future__ import annotations

import json
import statistics
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from toolc.errors import on_path
from toolc.train import breakdown as bd

#: Models in display order: (key in a seed's reports, column label).
MODELS: tuple[tuple[str, str], ...] = (("babble", "babble"), ("base", "base"), ("sft", "SFT"), ("rl", "SFT+RL"))
#: Headline metrics per seed: (summary key, label).
HEADLINE: tuple[tuple[str, str], ...] = (("exact_match", "exact calls"), ("tool_accuracy", "tool accuracy"),
                                         ("arg_f1", "argument F1"), ("turn_accuracy", "turn accuracy"),
                                         ("chain_success", "chain success"))
#: Turn subsets that get a pooled interval: (label, expect kind or None for all turns).
SUBSETS: tuple[tuple[str, str | None], ...] = (("exact calls (call turns)", "call"), ("turn accuracy (all turns)", None),
                                               ("no call where none is due", "none"), ("clarification", "clarify"),
                                               ("confirmation", "confirm"), ("refusal", "refuse"))


def _pooled(runs: Sequence[Mapping[str, Any]], babble: Mapping[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """label -> annotated samples of every seed (each tagged with its ``seed``), babble once."""
    pooled: dict[str, list[dict[str, Any]]] = {"babble": bd.annotate(babble.get("samples") or [])}
    for key, _ in MODELS[1:]:
        samples = [{**s, "seed": r["seed"]} for r in runs for s in (r["reports"].get(key) or {}).get("samples", [])]
        if samples:
            pooled[key] = bd.annotate(samples)
    return pooled


def _mean(values: Sequence[float | None]) -> float | None:
    vals = [v for v in values if v is not None]
    return round(statistics.fmean(vals), 4) if vals else None


def _pct(v: float | None) -> str:
    return "—" if v is None else f"{100 * v:.1f}%"


def write_report(runs: Sequence[Mapping[str, Any]], babble: Mapping[str, Any], out: str | Path, *,
                 resamples: int = 1000, failures: int = 6, console: Any = None) -> dict[str, Any]:
    """Writes ``report.md`` and the breakdown PNGs into ``out`` and returns the numbers.

    Args:
        runs: one ``run_seed`` result per seed.
        babble: the babble baseline's evaluation report.
        out: the demo's output directory.
        resamples: bootstrap resamples per interval.
        failures: failed samples to show.
        console: a rich console to print the summary tables on (optional).

    Returns:
        ``{"mean": {model: {metric: mean over seeds}}, "pooled": {model: {subset: accuracy}}, "rl_delta": {...},
        "breakdowns": {name: {model: {group: accuracy}}}, "failed": [...], "plots": [...], "report": path}``.
    """
    out = Path(out)
    labels = dict(MODELS)
    pooled = _pooled(runs, babble)
    final = "rl" if "rl" in pooled else "sft"
    mean = {key: {m: _mean([(r["reports"].get(key) or {}).get("metrics", {}).get(m) for r in runs])
                  for m, _ in HEADLINE} for key, _ in MODELS[1:] if key in pooled}
    mean["babble"] = {m: babble["metrics"].get(m) for m, _ in HEADLINE}
    subsets = {key: {name: bd.accuracy([s for s in samples if kind is None or s.get("expect") == kind],
                                       resamples=resamples)
                     for name, kind in SUBSETS}
               for key, samples in pooled.items()}
    rl_delta = None
    if "rl" in pooled and "sft" in pooled:
        rl_delta = {
            "exact_calls": bd.paired_delta(pooled["sft"], pooled["rl"], where=lambda s: s.get("expect") == "call",
                                           resamples=resamples),
            "turn_accuracy": bd.paired_delta(pooled["sft"], pooled["rl"], resamples=resamples),
            "per_seed": {r["seed"]: bd.paired_delta(r["reports"]["sft"]["samples"], r["reports"]["rl"]["samples"],
                                                    where=lambda s: s.get("expect") == "call", resamples=resamples)
                         for r in runs if "rl" in r["reports"]},
        }
    calls = {k: [s for s in v if s.get("expect") == "call"] for k, v in pooled.items()}
    breakdowns = {
        "tool": {labels[k]: bd.breakdown(calls[k], "tools", resamples=resamples) for k in pooled},
        "behaviour": {labels[k]: bd.breakdown(v, "behaviours", resamples=resamples, order=bd.BEHAVIOURS)
                      for k, v in pooled.items()},
        "language": {labels[k]: bd.breakdown(v, "language", resamples=resamples) for k, v in pooled.items()},
    }
    plots = [str(bd.plot_breakdown(breakdowns["tool"], out / "per_tool.png",
                                   title="exact calls per tool (held-out call turns, 95% CI)")),
             str(bd.plot_breakdown(breakdowns["behaviour"], out / "per_behaviour.png", order=bd.BEHAVIOURS,
                                   title="turn accuracy per behaviour (held-out, 95% CI)")),
             str(bd.plot_breakdown(breakdowns["language"], out / "per_language.png",
                                   title="turn accuracy per language (held-out, 95% CI)"))]
    first = runs[0]["reports"][final]["samples"] if runs else []
    failed = bd.failed_samples(first, failures)
    text = _markdown(runs, mean, subsets, rl_delta, breakdowns, failed, final)
    path = out / "report.md"
    with on_path(path, "write the report"):
        path.write_text(text, encoding="utf-8")
    if console is not None:
        console.print(text.split("\n## Per tool")[0])
    return {"mean": mean, "pooled": subsets, "rl_delta": rl_delta, "breakdowns": breakdowns, "failed": failed,
            "plots": plots, "report": str(path)}


def _markdown(runs: Sequence[Mapping[str, Any]], mean: Mapping[str, Any], subsets: Mapping[str, Any],
              rl_delta: Mapping[str, Any] | None, breakdowns: Mapping[str, Any], failed: Sequence[Mapping[str, Any]],
              final: str) -> str:
    labels = dict(MODELS)
    keys = [k for k, _ in MODELS if k in subsets]
    base_n = {(r["reports"].get("base") or {}).get("n_conversations") for r in runs} - {None}
    final_n = (runs[0]["reports"].get(final) or {}).get("n_conversations") if runs else None
    lines = ["# toolc demo report", "",
             f"Held-out test split (unseen templates and values), {final_n} conversations; seeds "
             f"{', '.join(str(r['seed']) for r in runs)}."
             + (f" The untrained model (base) is evaluated on the first {min(base_n)} of them." if base_n and
                min(base_n) != final_n else ""), "",
             "## Per seed (held-out exact calls)", "",
             "| seed | " + " | ".join(labels[k] for k in keys if k != "babble") + " | on training conversations |",
             "|---:|" + "---:|" * (len([k for k in keys if k != "babble"]) + 1)]
    for r in runs:
        cells = [_pct((r["reports"].get(k) or {}).get("metrics", {}).get("exact_match")) for k in keys if k != "babble"]
        cells.append(_pct((r["reports"].get("train") or {}).get("metrics", {}).get("exact_match")))
        lines.append(f"| {r['seed']} | " + " | ".join(cells) + " |")
    lines += ["", "## Mean over seeds", "", "| metric | " + " | ".join(labels[k] for k in keys) + " |",
              "|---|" + "---:|" * len(keys)]
    for m, label in HEADLINE:
        lines.append(f"| {label} | " + " | ".join(_pct(mean.get(k, {}).get(m)) for k in keys) + " |")
    lines += ["", "## Side by side, seeds pooled, 95% bootstrap intervals (conversations resampled)", "",
              "| turns | n | " + " | ".join(labels[k] for k in keys) + " |", "|---|---:|" + "---:|" * len(keys)]
    for name, _ in SUBSETS:
        n = subsets[keys[-1]][name]["n"]
        if n:
            lines.append(f"| {name} | {n} | " + " | ".join(bd.fmt_acc(subsets[k][name]) for k in keys) + " |")
    if rl_delta:
        d = rl_delta["exact_calls"]
        t = rl_delta["turn_accuracy"]
        lines += ["", "## What RL adds over SFT (paired, same held-out turns)", "",
                  f"* exact calls: {_pct(d['before'])} -> {_pct(d['after'])}, change {100 * d['delta']:+.1f} pp "
                  f"[95% CI {100 * d['ci'][0]:+.1f}, {100 * d['ci'][1]:+.1f}] ({d['improved']} turns fixed, "
                  f"{d['worsened']} broken, of {d['n']})",
                  f"* all turns: {_pct(t['before'])} -> {_pct(t['after'])}, change {100 * t['delta']:+.1f} pp "
                  f"[95% CI {100 * t['ci'][0]:+.1f}, {100 * t['ci'][1]:+.1f}]"]
        for seed, ds in rl_delta["per_seed"].items():
            lines.append(f"* seed {seed}: exact calls {100 * ds['delta']:+.1f} pp "
                         f"[{100 * ds['ci'][0]:+.1f}, {100 * ds['ci'][1]:+.1f}]")
    for name, title, png in (("tool", "Per tool (exact calls on the tool's call turns)", "per_tool.png"),
                             ("behaviour", "Per behaviour (turn accuracy)", "per_behaviour.png"),
                             ("language", "Per language (turn accuracy)", "per_language.png")):
        lines += ["", f"## {title}", "", f"![{name}]({png})", "",
                  bd.markdown_table(breakdowns[name], name, order=bd.BEHAVIOURS)]
    lines += ["", f"## Failed samples ({labels[final]}, seed {runs[0]['seed'] if runs else '?'})", ""]
    for f in failed:
        lines += [f"* `{f['scenario']}` ({f['id']}): {f['verdict']}",
                  f"  * expected: `{json.dumps(f['expected'], ensure_ascii=False)}`",
                  f"  * got: `{str(f['got'])[:300]!r}`"]
    return "\n".join(lines) + "\n"
