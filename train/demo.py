"""Training stage, demo: the bundled specs -> whole-product dataset -> tiny model -> SFT -> GRPO -> report (one command).

``toolc demo [-o runs/demo] [--profile default|full] [--seeds 42 1 7]`` runs the whole pipeline on a CPU:

1. **compile** the bundled specs' ``assistant`` dataset -- every tool and behaviour, both languages, held-out
   templates and values: the product, not a subset -- (:func:`compiler.build.build`) into ``OUT/data``;
2. **tiny**: a small random-init Qwen3-architecture model whose byte-level BPE tokenizer is trained on the compiled
   training split (:mod:`train.tiny`) into ``OUT/seed-S/tiny`` (``--model ID`` uses a real model with LoRA instead);
3. **eval_base** / **eval_babble**: the untrained model and the babble baseline on the held-out test split;
4. **sft**: supervised fine-tuning on the training split (:mod:`train.sft`; full fine-tuning of the tiny model,
   the loss projected through the LM head on assistant positions only, batches grouped by length);
5. **rl**: GRPO (:mod:`train.rl`, TRL ``GRPOTrainer``) from the SFT model on the PPO prompts with the verifiable
   tool-call reward (:mod:`compiler.checker.reward`);
6. **eval_sft** / **eval_rl** (and **eval_train** on training conversations, to tell memorization from
   generalization);
7. **report**: per tool, per behaviour and per language accuracy with bootstrap intervals, base / babble / SFT / RL
   side by side, the paired SFT -> RL change with its interval, a PNG per breakdown and failed samples with the
   expected call (:mod:`train.breakdown`), as ``OUT/report.md`` and ``OUT/demo.json``.

With several ``--seeds`` each seed trains its own model on the same data (``OUT/seed-S``) and the report gives
each seed and the mean. Measurements behind the defaults: ``docs/training.md``, "The demo".
"""

from __future__ import annotations

import argparse
import datetime as _dt
import os
import statistics
import sys
import time
from collections.abc import Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Iterator

from toolc.errors import InputError, UsageError

#: Fixed reference date of the demo build, so ``today`` / ``明天`` resolve the same way on every run.
DEMO_TODAY = _dt.date(2025, 4, 23)

#: Profiles: values for every knob left unset. ``default`` targets <= 15 min wall on 2 busy CPU cores, ``full``
#: <= 60 min (docs/training.md, "The demo").
_TINY = {"vocab_size": 8192, "hidden_size": 128, "layers": 4, "heads": 8, "kv_heads": 4, "pretokenizer": "chars",
         "learning_rate": 3e-3, "call_loss_weight": 1.0, "value_swaps": 0.0, "batch_size": 8, "rl_learning_rate": 1e-4}
PROFILES: dict[str, dict[str, Any]] = {
    "default": {**_TINY, "epochs": 2.0, "rl_steps": 30, "train_eval": 100},
    "full": {**_TINY, "epochs": 8.0, "rl_steps": 150, "train_eval": 200},
}
#: The ``--model`` (real pretrained model) settings: LoRA SFT as ``toolc train sft`` would, Qwen3 without thinking.
REAL_MODEL = {"epochs": 1.0, "learning_rate": 1e-4, "rl_learning_rate": 5e-6, "batch_size": 4}


@dataclass
class DemoConfig:
    """Knobs of ``toolc demo``; ``None`` takes the ``profile``'s value (:data:`PROFILES`)."""

    output: str = "runs/demo"
    specs: str = "specs"
    data: str | None = None
    dataset: str = "assistant"
    profile: str = "default"
    seeds: list[int] = field(default_factory=lambda: [42])
    model: str | None = None
    today: str = DEMO_TODAY.isoformat()
    sft_rows: int | None = None
    vocab_size: int | None = None
    hidden_size: int | None = None
    layers: int | None = None
    heads: int | None = None
    kv_heads: int | None = None
    pretokenizer: str | None = None
    epochs: float | None = None
    max_steps: int = -1
    learning_rate: float | None = None
    weight_decay: float = 0.0
    call_loss_weight: float | None = None
    value_swaps: float | None = None
    batch_size: int | None = None
    max_length: int = 1024
    rl_steps: int | None = None
    rl_learning_rate: float | None = None
    rl_generations: int = 4
    rl_batch_size: int = 16
    eval_limit: int | None = None
    base_limit: int | None = 100
    eval_batch_size: int = 32
    max_new_tokens: int | None = None
    skip_base: bool = False
    train_eval: int | None = None
    resamples: int = 1000
    threads: int | None = None

    def resolved(self) -> DemoConfig:
        """A copy with every unset knob filled from the profile (and :data:`REAL_MODEL` with ``--model``).

        Raises:
            UsageError: unknown profile, no seed, or RL batch not divisible by the group size.
        """
        if self.profile not in PROFILES:
            raise UsageError(f"--profile must be one of {', '.join(PROFILES)}, got {self.profile!r}")
        if not self.seeds:
            raise UsageError("--seeds needs at least one seed")
        if self.rl_batch_size % self.rl_generations:
            raise UsageError(f"--rl-batch-size ({self.rl_batch_size}) must be divisible by --rl-generations "
                             f"({self.rl_generations})")
        values = asdict(self)
        fill = {**PROFILES[self.profile], **(REAL_MODEL if self.model else {})}
        for key, value in fill.items():
            if values.get(key) is None:
                values[key] = value
        return DemoConfig(**values)


def spec_files(specs: str | Path) -> list[Path]:
    """The spec files to compile: a file as given, or a directory's ``main.tool`` (else all its ``*.tool``).

    Raises:
        InputError: nothing to compile there.
    """
    path = Path(specs)
    if str(specs) == "specs" and not path.exists():  # outside a checkout: the specs installed with toolc
        from importlib.resources import files

        path = Path(str(files("toolc.specs")))
    if path.is_file():
        return [path]
    if path.is_dir():
        if (path / "main.tool").is_file():
            return [path / "main.tool"]
        found = sorted(path.glob("*.tool"))
        if found:
            return found
    raise InputError(f"no .tool specs at `{path}` (pass --specs DIR_OR_FILE; the bundled specs are in specs/)")


def default_threads(sample_s: float = 1.0) -> tuple[int | None, float]:
    """How many torch threads to use: 1 when other processes keep at least half the cores busy, else ``None``
    (torch's default, one per core); and the busy cores measured.

    Two threads of a small model on two cores shared with other jobs spin against each other at every operation:
    measured 4-7x slower than one thread (``docs/training.md``, "The demo"). The busy cores are measured over
    ``sample_s`` seconds of system-wide CPU time (``psutil.cpu_percent``: ``/proc/stat`` on Linux) while this
    process waits, not read from the 1-minute load average: that average still counts a job that ended a
    minute ago (it chose one thread for a whole 32-minute demo started after a build had finished).

    Returns:
        ``(threads or None, busy cores in [0, cores])``.
    """
    import psutil

    cores = os.cpu_count() or 1
    busy = psutil.cpu_percent(interval=sample_s) / 100 * cores
    return (1 if cores > 1 and busy >= cores / 2 else None), busy


class Phases:
    """Wall-clock seconds per named phase, printed as they finish."""

    def __init__(self, console: Any) -> None:
        self.seconds: dict[str, float] = {}
        self.console = console

    @contextmanager
    def phase(self, name: str, what: str) -> Iterator[None]:
        """Times the ``with`` block as phase ``name``."""
        self.console.rule(f"[bold]{name}[/bold]: {what}")
        t0 = time.perf_counter()
        yield
        self.seconds[name] = round(time.perf_counter() - t0, 1)
        self.console.print(f"[dim]{name}: {self.seconds[name]:.1f}s[/dim]")


def _headline(report: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in report["metrics"].items() if not isinstance(v, dict)}


def run_seed(cfg: DemoConfig, seed: int, data: Path, phases: Phases, console: Any) -> dict[str, Any]:
    """Builds (or loads), evaluates, trains (SFT, then GRPO) and re-evaluates one model; returns its reports.

    Returns:
        ``{"seed", "model", "sft", "rl", "reports": {"base", "sft", "rl", "train"}}`` (reports as
        :func:`train.evaluate.evaluate` returns them, labelled), also written as ``OUT/seed-S/eval_*.json``.
    """
    import torch

    from toolc.train import report as rpt
    from toolc.train.config import SFTStageConfig
    from toolc.train.data import iter_corpus, load_sft
    from toolc.train.evaluate import auto_max_new_tokens, decision_points, evaluate
    from toolc.train.model import load_causal_lm, load_tokenizer
    from toolc.train.rl import RLStageConfig, train_rl
    from toolc.train.sft import train_sft
    from toolc.train.tiny import build_tiny_model

    out = Path(cfg.output) / f"seed-{seed}"
    device = "cuda" if torch.cuda.is_available() else "cpu"
    train_rows, test_rows = load_sft(data, "train"), load_sft(data, "test")
    kw = {"chat_template_kwargs": {"enable_thinking": False}} if cfg.model else {}
    tag = f"[{seed}] "
    if cfg.model:
        start = cfg.model
    else:
        with phases.phase(f"tiny/{seed}", f"random-init Qwen3 model + BPE tokenizer -> {out / 'tiny'}"):
            start = str(build_tiny_model(iter_corpus(data, "train"), out / "tiny", seed=seed, vocab_size=cfg.vocab_size,
                                         hidden_size=cfg.hidden_size, layers=cfg.layers, heads=cfg.heads,
                                         kv_heads=cfg.kv_heads, pretokenizer=cfg.pretokenizer))
    tokenizer = load_tokenizer(start)
    model = load_causal_lm(start).to(device)
    params = sum(p.numel() for p in model.parameters())
    console.print(f"{tag}{params:,} parameters, vocabulary {len(tokenizer):,}")
    points = decision_points(test_rows, limit=cfg.eval_limit)
    budget = cfg.max_new_tokens or auto_max_new_tokens(points, tokenizer, **kw)
    eval_kwargs = dict(limit=cfg.eval_limit, batch_size=cfg.eval_batch_size, max_new_tokens=budget,
                       resamples=cfg.resamples, seed=seed, **kw)

    def run_eval(name: str, lm: Any, rows: Any, label: str, tok: Any = tokenizer, **extra: Any) -> dict[str, Any]:
        # each model with the tokenizer it was saved with: a trained one renders with the template it learned
        with phases.phase(f"{name}/{seed}", f"{label} on {extra.get('limit', cfg.eval_limit) or rows.num_rows}"
                                            f" conversations (max {budget} new tokens)"):
            result = evaluate(lm, tok, rows, **{**eval_kwargs, **extra})
            result = {"label": label, "model": str(start), "data": str(data), "seed": seed, **result}
            rpt.write_json(result, out / f"{name}.json")
        return result

    reports: dict[str, Any] = {}
    if not cfg.skip_base:
        # the untrained model never stops, so every answer costs the whole budget: a sample of conversations
        limit = min(x for x in (cfg.base_limit, cfg.eval_limit, len(test_rows)) if x is not None)
        reports["base"] = run_eval("eval_base", model, test_rows, "base", limit=limit)
    sft_cfg = SFTStageConfig(
        data=str(data), model=str(start), output_dir=str(out / "sft"), seed=seed, full=not cfg.model,
        num_train_epochs=cfg.epochs, max_steps=cfg.max_steps, learning_rate=cfg.learning_rate,
        lr_scheduler_type="cosine", warmup_steps=0.05, weight_decay=cfg.weight_decay,
        per_device_train_batch_size=cfg.batch_size, gradient_accumulation_steps=1, max_length=cfg.max_length,
        logging_steps=100, save_steps=10**9, save_total_limit=1, eval=False, merge=bool(cfg.model),
        loss_positions_only=True, call_loss_weight=cfg.call_loss_weight, value_swaps=cfg.value_swaps or 0.0,
        # Batches of similar length: conversations vary ~10x in length (tool lists of 1-6 tools), so random
        # batches would be mostly padding; packing measured slower on CPU (docs/training.md, "The demo").
        trainer_args={"train_sampling_strategy": "group_by_length"},
    )
    with phases.phase(f"sft/{seed}", f"{'LoRA' if cfg.model else 'full'} fine-tuning, {cfg.epochs:g} epoch(s), "
                                     f"lr {cfg.learning_rate:g}, batch {cfg.batch_size} -> {out / 'sft'}"):
        sft = train_sft(sft_cfg)
        losses = [r["loss"] for r in sft.log_history if "loss" in r]
        if losses:
            console.print(f"{tag}loss {losses[0]:.3f} -> {losses[-1]:.3f}; {sft.tokens:,} tokens "
                          f"({sft.tokens_per_second:,.0f} tokens/s)")
    sft_dir = str(sft.merged_dir or sft.model_dir)
    sft_model = load_causal_lm(sft_dir).to(device)
    sft_tokenizer = load_tokenizer(sft_dir)
    reports["sft"] = run_eval("eval_sft", sft_model, test_rows, "sft", tok=sft_tokenizer)
    rl_summary = None
    if cfg.rl_steps:
        rl_cfg = RLStageConfig(
            data=str(data), model=sft_dir, output_dir=str(out / "rl"), seed=seed, full=not cfg.model,
            max_steps=cfg.rl_steps, learning_rate=cfg.rl_learning_rate, per_device_train_batch_size=cfg.rl_batch_size,
            num_generations=cfg.rl_generations, max_completion_length=min(budget, 256), max_length=cfg.max_length,
            logging_steps=max(1, cfg.rl_steps // 10), save_steps=10**9, merge=bool(cfg.model),
            chat_template_kwargs=kw.get("chat_template_kwargs"),
        )
        with phases.phase(f"rl/{seed}", f"GRPO, {cfg.rl_steps} steps of {cfg.rl_batch_size // cfg.rl_generations} "
                                        f"prompts x {cfg.rl_generations} completions, verifiable tool reward"):
            rl = train_rl(rl_cfg)
            curve = [r for r in rl.log_history if "reward" in r]
            if curve:
                console.print(f"{tag}reward {curve[0]['reward']:.3f} -> {curve[-1]['reward']:.3f}")
            rl_summary = {"steps": cfg.rl_steps, "reward_first": curve[0]["reward"] if curve else None,
                          "reward_last": curve[-1]["reward"] if curve else None,
                          "seconds": rl.metrics.get("train_runtime")}
        rl_dir = str(rl.merged_dir or rl.model_dir)
        rl_model, rl_tokenizer = load_causal_lm(rl_dir).to(device), load_tokenizer(rl_dir)
        reports["rl"] = run_eval("eval_rl", rl_model, test_rows, "sft+rl", tok=rl_tokenizer)
    if cfg.train_eval:
        step = max(1, len(train_rows) // cfg.train_eval)
        sample = train_rows.select(range(0, len(train_rows), step))
        final, final_tok = (rl_model, rl_tokenizer) if cfg.rl_steps else (sft_model, sft_tokenizer)
        reports["train"] = run_eval("eval_train", final, sample, "final (train)", tok=final_tok, limit=cfg.train_eval)
    return {
        "seed": seed, "budget": budget,
        "model": {"start": str(start), "parameters": params, "vocabulary": len(tokenizer)},
        "sft": {"loss_first": losses[0] if losses else None, "loss_last": losses[-1] if losses else None,
                "tokens": sft.tokens, "tokens_per_second": round(sft.tokens_per_second, 1),
                "steps": max((r.get("step", 0) for r in sft.log_history), default=0)},
        "rl": rl_summary,
        "reports": reports,
    }


def run_demo(cfg: DemoConfig, console: Any = None) -> dict[str, Any]:
    """Runs the phases (module docstring) for every seed and writes the report.

    Args:
        cfg: the knobs (unset ones from the profile).
        console: a ``rich`` console (default: stdout).

    Returns:
        The summary written to ``OUT/demo.json``: ``{"config", "seconds", "dataset", "seeds": [{"seed", "model",
        "sft", "rl", "metrics": {model: headline metrics}, ...}], "mean": {...}, "rl_delta": {...}, "report": ...}``.

    Raises:
        compiler.build.BuildError: the specs do not compile.
        InputError: no specs found.
        UsageError: inconsistent knobs.
    """
    import torch
    from rich.console import Console

    import datasets
    import transformers

    from toolc.compiler.build import build
    from toolc.train import report as rpt
    from toolc.train.common import keep_freed_memory
    from toolc.train.data import load_sft, read_manifest
    from toolc.train.demo_report import write_report

    cfg = cfg.resolved()
    # the demo prints its own phases; library progress bars (weight loading, dataset maps) would bury them
    datasets.disable_progress_bars()
    transformers.utils.logging.disable_progress_bar()
    console = console or Console()
    allocator = keep_freed_memory()
    device = "cuda" if torch.cuda.is_available() else "cpu"
    console.print(f"device: {device}; profile {cfg.profile}; seeds {', '.join(map(str, cfg.seeds))}")
    out = Path(cfg.output)
    phases = Phases(console)
    started = time.perf_counter()
    data = Path(cfg.data) if cfg.data else out / "data"
    with phases.phase("compile", f"{cfg.specs} (dataset `{cfg.dataset}`) -> {data}" if not cfg.data
                      else f"using the existing build {data}"):
        if cfg.data:
            manifest = read_manifest(data)
        else:  # the spec's own seed: every model seed sees the same data and is measured on the same test split
            manifest = build(spec_files(cfg.specs), data, dataset=cfg.dataset,
                             today=_dt.date.fromisoformat(cfg.today), formats=["openai", "qwen"], sft=cfg.sft_rows,
                             progress=False)
        train_rows, test_rows = load_sft(data, "train"), load_sft(data, "test")
        holdout = ", ".join(manifest.get("holdout") or []) or "none"
        console.print(f"sft conversations: {len(train_rows)} train, {len(test_rows)} test (held out: {holdout})")
    # chosen after the compile phase, whose own worker processes would count as other load
    threads, busy = (cfg.threads, None) if cfg.threads else default_threads()
    if threads:
        torch.set_num_threads(threads)
    console.print(f"{torch.get_num_threads()} torch CPU thread(s)" + (
        "" if busy is None else f" ({busy:.1f} of {os.cpu_count()} cores busy with other processes)"))
    runs = [run_seed(cfg, seed, data, phases, console) for seed in cfg.seeds]
    with phases.phase("babble", "the babble baseline (never stops) on the test split"):
        from toolc.train.evaluate import evaluate
        from toolc.train.generation import BabbleGenerator
        from toolc.train.model import load_tokenizer

        # train.evaluate.babble_report's baseline, with its samples kept for the breakdowns
        gen = BabbleGenerator(runs[0]["budget"], load_tokenizer(runs[0]["model"]["start"]))
        babble_report = evaluate(None, None, test_rows, limit=cfg.eval_limit, max_new_tokens=runs[0]["budget"],
                                 generate=gen, resamples=cfg.resamples)
        babble_report = {"label": "babble", "model": "babble (never stops)", **babble_report}
        rpt.write_json(babble_report, out / "eval_babble.json")
    with phases.phase("report", f"breakdowns, intervals, plots -> {out / 'report.md'}"):
        report = write_report(runs, babble_report, out, resamples=cfg.resamples, console=console)
    phases.seconds["total"] = round(time.perf_counter() - started, 1)
    summary = {
        "config": asdict(cfg),
        "allocator_kept": allocator,
        "threads": torch.get_num_threads(),
        "busy_cores": None if busy is None else round(busy, 2),
        "seconds": phases.seconds,
        "dataset": {"dir": str(data), "train_conversations": len(train_rows),
                    "test_conversations": len(test_rows), "rows": manifest.get("rows"), "holdout": holdout},
        "seeds": [{k: v for k, v in r.items() if k != "reports"}
                  | {"metrics": {name: _headline(rep) for name, rep in r["reports"].items()}} for r in runs],
        "babble": _headline(babble_report),
        **report,
    }
    rpt.write_json(summary, out / "demo.json")
    times = ", ".join(f"{k} {v:.0f}s" for k, v in phases.seconds.items())
    console.print(f"timings: {times}")
    exact = [r["reports"][("rl" if "rl" in r["reports"] else "sft")]["metrics"]["exact_match"] for r in runs]
    console.print("held-out exact-call accuracy per seed: " + ", ".join(rpt.fmt_rate(x) for x in exact)
                  + (f"; mean {rpt.fmt_rate(statistics.fmean(exact))}" if len(exact) > 1 else ""))
    console.print(f"report: {out / 'report.md'}; summary: {out / 'demo.json'}")
    return summary


def _parser() -> argparse.ArgumentParser:
    from toolc.train.tiny import PRETOKENIZERS

    d = DemoConfig()
    p = argparse.ArgumentParser(
        prog="toolc demo",
        description="Compile the bundled specs (the whole product), build a tiny model, train it (SFT, then GRPO with "
        "the verifiable tool reward) and report base / babble / SFT / RL on the held-out test split.",
        formatter_class=argparse.ArgumentDefaultsHelpFormatter,
    )
    p.add_argument("-o", "--output", default=d.output, help="output directory (data, models, reports)")
    p.add_argument("--profile", choices=sorted(PROFILES), default=d.profile,
                   help="default: <= 15 min on 2 busy CPU cores; full: <= 60 min, longer training")
    p.add_argument("--seeds", type=int, nargs="+", default=d.seeds,
                   help="model seeds (initialisation, training, sampling); each is reported, and the mean")
    p.add_argument("--model", default=d.model, help="train this model (Hub id or directory, e.g. Qwen/Qwen3-0.6B) "
                   "with LoRA instead of building the tiny one")
    p.add_argument("--specs", default=d.specs, help="spec directory (its main.tool) or a .tool file")
    p.add_argument("--data", default=d.data, help="use this existing build instead of compiling --specs")
    p.add_argument("--dataset", default=d.dataset, help="which `dataset` block to build")
    p.add_argument("--today", default=d.today, help="reference date of the build (YYYY-MM-DD)")
    p.add_argument("--sft-rows", type=int, default=d.sft_rows, help="SFT conversations to build (default: the spec's)")
    g = p.add_argument_group("tiny model (default: the profile's)")
    g.add_argument("--vocab-size", type=int, default=d.vocab_size, help="tokenizer vocabulary size")
    g.add_argument("--hidden-size", type=int, default=d.hidden_size, help="model width")
    g.add_argument("--layers", type=int, default=d.layers, help="decoder layers")
    g.add_argument("--heads", type=int, default=d.heads, help="attention heads")
    g.add_argument("--kv-heads", type=int, default=d.kv_heads, help="key/value heads")
    g.add_argument("--pretokenizer", choices=PRETOKENIZERS, default=d.pretokenizer,
                   help="words: every word, Han character and digit a piece of its own, so an argument value is the "
                   "same tokens in the user's words and in the call; chars: free merges except Han characters and "
                   "digits (train.tiny)")
    g = p.add_argument_group("SFT (full fine-tuning of the tiny model, LoRA with --model)")
    g.add_argument("--epochs", type=float, default=d.epochs, help="passes over the training conversations")
    g.add_argument("--max-steps", type=int, default=d.max_steps, help="stop after N optimizer steps (-1: epochs)")
    g.add_argument("--learning-rate", "--lr", type=float, default=d.learning_rate, help="peak learning rate (cosine)")
    g.add_argument("--weight-decay", type=float, default=d.weight_decay, help="AdamW weight decay")
    g.add_argument("--call-loss-weight", type=float, default=d.call_loss_weight,
                   help="weight of tool-call turns' tokens relative to other assistant tokens in the loss")
    g.add_argument("--value-swaps", type=float, default=d.value_swaps,
                   help="share of training conversations whose user-typed argument values are swapped for random "
                   "look-alikes everywhere in the conversation (train.augment), so the model must copy values")
    g.add_argument("--batch-size", type=int, default=d.batch_size, help="conversations per optimizer step")
    g.add_argument("--max-length", type=int, default=d.max_length, help="longest training sequence (tokens)")
    g = p.add_argument_group("RL (GRPO with the verifiable tool reward)")
    g.add_argument("--rl-steps", type=int, default=d.rl_steps, help="GRPO optimizer steps (0: no RL)")
    g.add_argument("--rl-learning-rate", type=float, default=d.rl_learning_rate, help="GRPO learning rate")
    g.add_argument("--rl-generations", type=int, default=d.rl_generations, help="completions per prompt (group)")
    g.add_argument("--rl-batch-size", type=int, default=d.rl_batch_size, help="completions per step")
    g = p.add_argument_group("evaluation")
    g.add_argument("--eval-limit", type=int, default=d.eval_limit, help="evaluate the first N test conversations")
    g.add_argument("--base-limit", type=int, default=d.base_limit,
                   help="evaluate the untrained model on the first N test conversations only (it never stops, so each "
                   "answer costs the whole generation budget)")
    g.add_argument("--eval-batch-size", type=int, default=d.eval_batch_size, help="decision points per batch")
    g.add_argument("--max-new-tokens", type=int, default=d.max_new_tokens,
                   help="generation budget (default: longest gold turn of the test split + 16)")
    g.add_argument("--skip-base", action="store_true", help="do not evaluate the untrained model")
    g.add_argument("--train-eval", type=int, default=d.train_eval,
                   help="also evaluate the final model on N training conversations (0: skip)")
    g.add_argument("--resamples", type=int, default=d.resamples, help="bootstrap resamples of every interval")
    p.add_argument("--threads", type=int, default=d.threads,
                   help="torch CPU threads (default: 1 when other processes keep half the cores busy, measured for "
                   "1 s after the compile phase; else one per core)")
    return p


def main(argv: Sequence[str] | None = None) -> int:
    """``toolc demo``.

    Args:
        argv: arguments after ``toolc demo`` (``None``: ``sys.argv[1:]``).

    Returns:
        Exit status 0.

    Raises:
        ToolcError: the specs do not compile (BuildError), no specs are found (InputError), ... (the command
            line prints it with its exit status).
    """
    args = _parser().parse_args(argv)
    run_demo(DemoConfig(**vars(args)))
    return 0


if __name__ == "__main__":  # `python -m` gets the error handling of `toolc demo`
    from toolc.cli import main as toolc_main

    sys.exit(toolc_main(["demo", *sys.argv[1:]]))
