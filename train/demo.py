"""Training stage, demo: the bundled specs -> dataset -> tiny model -> base eval -> SFT -> trained eval (one command).

``toolc demo [-o runs/demo] [--specs specs/]`` shows the whole pipeline on a CPU in minutes:

1. **compile** the bundled specs' ``demo`` dataset (:func:`compiler.build.build`) into ``OUT/data``;
2. **tiny**: build a small random-init Qwen3-architecture model whose BPE tokenizer is trained on the compiled
   training split (:mod:`train.tiny`) into ``OUT/tiny``;
3. **base eval**: evaluate it untrained on the held-out test split (unseen templates and slot values);
4. **sft**: supervised fine-tuning on the training split (:mod:`train.sft`). The model starts from random weights,
   so every weight is trained (``--full``): a LoRA adapter on a random network would have nothing to adapt;
5. **trained eval**: evaluate the trained model on the same test split;
6. **train eval**: evaluate it on a sample of its training conversations too (seen templates and values), so the
   report tells memorization from generalization;

then prints the metrics of the base and trained model side by side and writes ``OUT/eval_base.json``,
``OUT/eval_sft.json``, ``OUT/eval_sft_train.json``, ``OUT/per_tool.png`` and ``OUT/demo.json`` (config, timings
per phase, headline metrics).

The defaults were chosen by measurement on a 2-core CPU (``docs/training.md``, "The demo"): 11 minutes on an
idle machine (two torch threads), 15 with one thread (picked on a busy machine); the trained model gets 80.6% of held-out calls
(unseen templates *and* unseen slot values) exactly right at the default seed, 99% of its training
conversations. Every knob is a flag.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import sys
import time
from collections.abc import Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Iterator

from toolc.errors import InputError

#: Fixed reference date of the demo build, so ``today`` / ``明天`` resolve the same way on every run.
DEMO_TODAY = _dt.date(2025, 4, 23)


@dataclass
class DemoConfig:
    """Knobs of ``toolc demo`` (defaults measured on 2 CPU cores; see ``docs/training.md``)."""

    output: str = "runs/demo"
    specs: str = "specs"
    data: str | None = None
    dataset: str = "demo"
    seed: int = 42
    today: str = DEMO_TODAY.isoformat()
    sft_rows: int | None = None
    vocab_size: int | None = None
    hidden_size: int | None = None
    layers: int | None = None
    heads: int | None = None
    kv_heads: int | None = None
    epochs: float = 16.0
    max_steps: int = -1
    learning_rate: float = 3e-3
    weight_decay: float = 0.0
    batch_size: int = 8
    max_length: int = 1024
    eval_limit: int | None = None
    eval_batch_size: int = 32
    max_new_tokens: int | None = None
    skip_base: bool = False
    train_eval: int = 200
    threads: int | None = None


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
        files = sorted(path.glob("*.tool"))
        if files:
            return files
    raise InputError(f"no .tool specs at `{path}` (pass --specs DIR_OR_FILE; the bundled specs are in specs/)")


def default_threads() -> int | None:
    """1 torch thread when the machine is busy (1-minute load average >= half its cores), else ``None`` (torch's
    default, one per core).

    Two threads of a small model on two cores shared with other jobs spin against each other at every operation:
    measured 4-7x slower than one thread (``docs/training.md``, "The demo").
    """
    import os

    cores = os.cpu_count() or 1
    try:
        load = os.getloadavg()[0]
    except OSError:  # not available on this platform
        return None
    return 1 if cores > 1 and load >= cores / 2 else None


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


def run_demo(cfg: DemoConfig, console: Any = None) -> dict[str, Any]:
    """Runs the phases (module docstring) and returns the demo summary.

    Args:
        cfg: the knobs.
        console: a ``rich`` console (default: stdout).

    Returns:
        ``{"config", "seconds": {phase: s}, "dataset": {...}, "model": {...}, "base": metrics | None,
        "trained": metrics}``; also written to ``OUT/demo.json``.

    Raises:
        compiler.build.BuildError: the specs do not compile.
        InputError: no specs found.
    """
    import torch
    from rich.console import Console

    from toolc.compiler.build import build
    from toolc.train import report as rpt
    from toolc.train.config import SFTStageConfig
    from toolc.train.data import iter_corpus, load_sft, read_manifest
    from toolc.train.evaluate import auto_max_new_tokens, babble_report, decision_points, evaluate
    from toolc.train.model import load_causal_lm, load_tokenizer
    from toolc.train.sft import train_sft
    from toolc.train.tiny import build_tiny_model

    import datasets
    import transformers

    # the demo prints its own phases; library progress bars (weight loading, dataset maps) would bury them
    datasets.disable_progress_bars()
    transformers.utils.logging.disable_progress_bar()
    console = console or Console()
    threads = cfg.threads or default_threads()
    if threads:
        torch.set_num_threads(threads)
    device = "cuda" if torch.cuda.is_available() else "cpu"
    console.print(f"device: {device}, {torch.get_num_threads()} CPU thread(s)")
    out = Path(cfg.output)
    phases = Phases(console)
    started = time.perf_counter()

    data = Path(cfg.data) if cfg.data else out / "data"
    with phases.phase("compile", f"{cfg.specs} (dataset `{cfg.dataset}`) -> {data}" if not cfg.data
                      else f"using the existing build {data}"):
        if cfg.data:
            manifest = read_manifest(data)
        else:
            manifest = build(spec_files(cfg.specs), data, dataset=cfg.dataset, seed=cfg.seed,
                             today=_dt.date.fromisoformat(cfg.today), formats=["openai", "qwen"], sft=cfg.sft_rows,
                             progress=False)
        train_rows, test_rows = load_sft(data, "train"), load_sft(data, "test")
        holdout = ", ".join(manifest.get("holdout") or []) or "none"
        console.print(f"sft conversations: {len(train_rows)} train, {len(test_rows)} test (held out: {holdout})")

    with phases.phase("tiny", f"random-init Qwen3 model + BPE tokenizer -> {out / 'tiny'}"):
        sizes = {k: v for k, v in (("vocab_size", cfg.vocab_size), ("hidden_size", cfg.hidden_size),
                                   ("layers", cfg.layers), ("heads", cfg.heads), ("kv_heads", cfg.kv_heads))
                 if v is not None}  # unset: train.tiny's defaults
        tiny = build_tiny_model(iter_corpus(data, "train"), out / "tiny", seed=cfg.seed, **sizes)
        tokenizer = load_tokenizer(tiny)
        model = load_causal_lm(tiny).to(device)
        params = sum(p.numel() for p in model.parameters())
        console.print(f"{params:,} parameters, vocabulary {len(tokenizer):,}")

    points = decision_points(test_rows, limit=cfg.eval_limit)
    budget = cfg.max_new_tokens or auto_max_new_tokens(points, tokenizer)
    eval_kwargs = dict(limit=cfg.eval_limit, batch_size=cfg.eval_batch_size, max_new_tokens=budget)

    base = None
    if not cfg.skip_base:
        with phases.phase("eval_base", f"untrained model on {len(points)} test decision points "
                                       f"(max {budget} new tokens)"):
            base = evaluate(model, tokenizer, test_rows, **eval_kwargs)
            base = {"label": "base", "model": str(tiny), "data": str(data), "split": "test", **base}
            rpt.write_json(base, out / "eval_base.json")

    sft_cfg = SFTStageConfig(
        data=str(data), model=str(tiny), output_dir=str(out / "sft"), seed=cfg.seed, full=True,
        num_train_epochs=cfg.epochs, max_steps=cfg.max_steps, learning_rate=cfg.learning_rate,
        lr_scheduler_type="cosine", warmup_steps=0.05, weight_decay=cfg.weight_decay,
        per_device_train_batch_size=cfg.batch_size, gradient_accumulation_steps=1, max_length=cfg.max_length,
        logging_steps=100, save_steps=10**9, save_total_limit=1, eval=False,
        # Batches of similar length: conversation lengths vary ~4x (demo build: mean ~150, max ~600 tokens), so
        # random batches would be mostly padding.
        trainer_args={"train_sampling_strategy": "group_by_length"},
    )
    with phases.phase("sft", f"full fine-tuning, {cfg.epochs:g} epoch(s), lr {cfg.learning_rate:g}, "
                             f"batch {cfg.batch_size} -> {out / 'sft'}"):
        result = train_sft(sft_cfg)
        losses = [r["loss"] for r in result.log_history if "loss" in r]
        if losses:
            console.print(f"loss {losses[0]:.3f} -> {losses[-1]:.3f}; {result.tokens:,} tokens "
                          f"({result.tokens_per_second:,.0f} tokens/s)")

    with phases.phase("eval_sft", f"trained model on {len(points)} test decision points"):
        trained_model = load_causal_lm(result.model_dir).to(device)
        trained = evaluate(trained_model, tokenizer, test_rows, **eval_kwargs)
        trained = {"label": "sft", "model": str(result.model_dir), "data": str(data), "split": "test",
                   **trained}
        rpt.write_json(trained, out / "eval_sft.json")

    seen = None
    if cfg.train_eval > 0:
        step = max(1, len(train_rows) // cfg.train_eval)
        sample = train_rows.select(range(0, len(train_rows), step))
        with phases.phase("eval_train", f"trained model on {len(sample)} training conversations "
                                        "(seen templates and values)"):
            seen = evaluate(trained_model, tokenizer, sample, **{**eval_kwargs, "limit": cfg.train_eval})
            seen = {"label": "sft (train)", "model": str(result.model_dir), "data": str(data), "split": "train",
                    **seen}
            rpt.write_json(seen, out / "eval_sft_train.json")

    # the babble baseline (a model that never stops) scores 0: what an untrained model's marks are measured against
    babble = babble_report(test_rows, budget, tokenizer, limit=cfg.eval_limit)
    rpt.write_json(babble, out / "eval_babble.json")
    reports = {"babble": babble, **({"base": base} if base is not None else {}), "sft": trained}
    rpt.print_comparison(reports, console=console, title="held-out test split: base vs trained (and babble)",
                         reference="base" if base is not None else "babble")
    plot = rpt.plot_per_tool({k: v for k, v in reports.items() if k != "babble"}, out / "per_tool.png",
                             title="per-tool call accuracy (test split)")
    phases.seconds["total"] = round(time.perf_counter() - started, 1)
    summary = {
        "config": asdict(cfg),
        "seconds": phases.seconds,
        "dataset": {"dir": str(data), "train_conversations": len(train_rows),
                    "test_conversations": len(test_rows), "rows": manifest.get("rows")},
        "model": {"dir": str(tiny), "parameters": params, "vocabulary": len(tokenizer), "trained": str(result.model_dir)},
        "sft": {"loss_first": losses[0] if losses else None, "loss_last": losses[-1] if losses else None,
                "tokens": result.tokens, "tokens_per_second": round(result.tokens_per_second, 1),
                "steps": max((r.get("step", 0) for r in result.log_history), default=0)},
        "eval": {"decision_points": len(points), "max_new_tokens": budget},
        "base": {k: v for k, v in base["metrics"].items() if not isinstance(v, dict)} if base else None,
        "trained": {k: v for k, v in trained["metrics"].items() if not isinstance(v, dict)},
        "trained_on_train": {k: v for k, v in seen["metrics"].items() if not isinstance(v, dict)} if seen else None,
        "latency_ms": trained["latency_ms"],
    }
    rpt.write_json(summary, out / "demo.json")
    times = ", ".join(f"{k} {v:.0f}s" for k, v in phases.seconds.items())
    console.print(f"timings: {times}")
    console.print(f"held-out exact-call accuracy: "
                  + (f"{rpt.fmt_rate(base['metrics']['exact_match'])} -> " if base else "")
                  + rpt.fmt_rate(trained["metrics"]["exact_match"])
                  + (f" (on training conversations: {rpt.fmt_rate(seen['metrics']['exact_match'])})" if seen else ""))
    console.print(f"reports: {out / 'eval_base.json'}, {out / 'eval_sft.json'}, {out / 'demo.json'}; plot: {plot}")
    return summary


def _parser() -> argparse.ArgumentParser:
    d = DemoConfig()
    p = argparse.ArgumentParser(
        prog="toolc demo",
        description="Compile the bundled specs, build a tiny model, evaluate it, train it (SFT) and evaluate it "
        "again on the held-out test split; prints base beside trained.",
        formatter_class=argparse.ArgumentDefaultsHelpFormatter,
    )
    p.add_argument("-o", "--output", default=d.output, help="output directory (data, models, reports)")
    p.add_argument("--specs", default=d.specs, help="spec directory (its main.tool) or a .tool file")
    p.add_argument("--data", default=d.data, help="use this existing build instead of compiling --specs")
    p.add_argument("--dataset", default=d.dataset, help="which `dataset` block to build")
    p.add_argument("--seed", type=int, default=d.seed, help="build, initialisation and training seed")
    p.add_argument("--today", default=d.today, help="reference date of the build (YYYY-MM-DD)")
    p.add_argument("--sft-rows", type=int, default=d.sft_rows, help="SFT conversations to build (default: the spec's)")
    g = p.add_argument_group("tiny model (default: toolc model tiny's sizes)")
    g.add_argument("--vocab-size", type=int, default=d.vocab_size, help="tokenizer vocabulary size")
    g.add_argument("--hidden-size", type=int, default=d.hidden_size, help="model width")
    g.add_argument("--layers", type=int, default=d.layers, help="decoder layers")
    g.add_argument("--heads", type=int, default=d.heads, help="attention heads")
    g.add_argument("--kv-heads", type=int, default=d.kv_heads, help="key/value heads")
    g = p.add_argument_group("training (full fine-tuning)")
    g.add_argument("--epochs", type=float, default=d.epochs, help="passes over the training conversations")
    g.add_argument("--max-steps", type=int, default=d.max_steps, help="stop after N optimizer steps (-1: epochs)")
    g.add_argument("--learning-rate", "--lr", type=float, default=d.learning_rate, help="peak learning rate (cosine)")
    g.add_argument("--weight-decay", type=float, default=d.weight_decay, help="AdamW weight decay")
    g.add_argument("--batch-size", type=int, default=d.batch_size, help="conversations per optimizer step")
    g.add_argument("--max-length", type=int, default=d.max_length, help="longest training sequence (tokens)")
    g = p.add_argument_group("evaluation")
    g.add_argument("--eval-limit", type=int, default=d.eval_limit, help="evaluate the first N test conversations")
    g.add_argument("--eval-batch-size", type=int, default=d.eval_batch_size, help="decision points per batch")
    g.add_argument("--max-new-tokens", type=int, default=d.max_new_tokens,
                   help="generation budget (default: longest gold turn of the test split + 16)")
    g.add_argument("--skip-base", action="store_true", help="do not evaluate the untrained model")
    g.add_argument("--train-eval", type=int, default=d.train_eval,
                   help="also evaluate the trained model on N training conversations (seen templates and values; "
                   "0: skip), to tell memorization from generalization")
    p.add_argument("--threads", type=int, default=d.threads,
                   help="torch CPU threads (default: 1 when the machine is busy, else one per core)")
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
    cfg = DemoConfig(**{k: v for k, v in vars(args).items()})
    run_demo(cfg)
    return 0


if __name__ == "__main__":  # `python -m` gets the error handling of `toolc demo`
    from toolc.cli import main as toolc_main

    sys.exit(toolc_main(["demo", *sys.argv[1:]]))
