"""Benchmark: SFT tokens/s of ``toolc train sft`` against a plain TRL ``SFTTrainer`` on the same rows (a GPU machine).

Usage::

    python scripts/gpu_sft_bench.py --data OUT [--steps 40] [--batch 8] [--max-length 2048] [--json out.json]

What it runs, each in a process of its own (so one run's GPU memory does not slow the next):

1. **A Qwen3-0.6B-sized random-init model**: ``toolc model tiny`` with Qwen3-0.6B's width (1,024), depth (28
   layers), MLP width (3,072) and heads (16 query, 8 key/value), and a 16,384-token BPE tokenizer trained on the
   build's SFT text (Qwen's own 151,936-token tokenizer cannot be downloaded where this was written; the
   parameter count is printed). Random weights train at the speed of real ones.
2. **toolc** (``toolc train sft``, LoRA r=16 on the q/k/v/o/gate/up/down projections, the loss on assistant turns
   only): its defaults, then ``--packing`` (TRL's padding-free BFD packing) and ``--loss_positions_only`` (the LM
   head over labelled positions only).
3. **plain TRL**: a minimal user script -- the same rows (``DIR/sft/openai/train``, read with
   :func:`toolc.train.data.load_sft`), ``SFTTrainer`` with ``SFTConfig(assistant_only_loss=True)`` and the same
   ``LoraConfig``, batch size, maximum length, steps, learning rate and bf16 -- and nothing else.

Every run counts non-padding input tokens over the wall time of its optimizer steps
(:class:`toolc.train.common.ThroughputCallback`, what ``toolc train sft`` reports); the first ``--warmup`` steps
are left out of the rate (CUDA kernel selection, allocator growth). It is a benchmark, not a test.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

#: Qwen3-0.6B's sizes (its config.json on the Hugging Face Hub): hidden 1024, 28 layers, MLP 3072, 16 / 8 heads.
QWEN3_06B = ["--hidden-size", "1024", "--layers", "28", "--intermediate-size", "3072", "--heads", "16",
             "--kv-heads", "8", "--vocab-size", "16384", "--max-positions", "4096"]


def plain_trl(data: str, model: str, out: str, steps: int, batch: int, max_length: int, warmup: int) -> dict:
    """The plain TRL run (in this process); returns its tokens, seconds and tokens/s after ``warmup`` steps."""
    import torch
    from peft import LoraConfig
    from transformers import AutoModelForCausalLM, AutoTokenizer
    from trl import SFTConfig, SFTTrainer

    from toolc.train.config import QWEN_LORA_TARGETS
    from toolc.train.data import load_sft

    rate = _Rate(warmup)
    trainer = SFTTrainer(
        model=AutoModelForCausalLM.from_pretrained(model, dtype="auto"),
        args=SFTConfig(output_dir=out, max_steps=steps, per_device_train_batch_size=batch, max_length=max_length,
                       learning_rate=1e-4, bf16=torch.cuda.is_available(), assistant_only_loss=True,
                       logging_steps=max(1, steps // 4), save_strategy="no", report_to="none",
                       include_num_input_tokens_seen="non_padding"),
        train_dataset=load_sft(data, "train"),
        processing_class=AutoTokenizer.from_pretrained(model),
        peft_config=LoraConfig(r=16, lora_alpha=32, lora_dropout=0.1, target_modules=list(QWEN_LORA_TARGETS),
                               task_type="CAUSAL_LM"),
        callbacks=[rate.callback()],
    )
    trainer.train()
    return rate.result()


class _Rate:
    """Tokens and optimizer-step seconds after the first ``warmup`` steps."""

    def __init__(self, warmup: int) -> None:
        self.warmup, self.tokens, self.seconds, self._t, self._seen = warmup, 0, 0.0, None, 0

    def callback(self):
        """A ``TrainerCallback`` adding each step after the warm-up to this rate."""
        from transformers import TrainerCallback

        rate = self

        class Cb(TrainerCallback):
            def on_step_begin(self, args, state, control, **kw):
                import torch

                if torch.cuda.is_available():
                    torch.cuda.synchronize()
                rate._t, rate._seen = time.perf_counter(), state.num_input_tokens_seen

            def on_step_end(self, args, state, control, **kw):
                import torch

                if torch.cuda.is_available():
                    torch.cuda.synchronize()
                if state.global_step > rate.warmup and rate._t is not None:
                    rate.seconds += time.perf_counter() - rate._t
                    rate.tokens += state.num_input_tokens_seen - rate._seen

        return Cb()

    def result(self) -> dict:
        return {"tokens": self.tokens, "seconds": round(self.seconds, 3),
                "tokens_per_s": round(self.tokens / self.seconds, 1) if self.seconds else 0.0}


def toolc_run(data: str, model: str, out: str, steps: int, batch: int, max_length: int, warmup: int,
              extra: list[str]) -> dict:
    """``toolc train sft`` in this process with the same step timer as the plain run."""
    import toolc.train.sft as sft
    from toolc.train.config import SFTStageConfig, parse_stage_args

    rate = _Rate(warmup)
    build = sft.build_sft_trainer

    def with_rate(cfg):
        trainer, throughput = build(cfg)
        trainer.add_callback(rate.callback())
        return trainer, throughput

    sft.build_sft_trainer = with_rate
    cfg = parse_stage_args(SFTStageConfig, ["--data", data, "--model", model, "-o", out, "--max_steps", str(steps),
                                            "--per_device_train_batch_size", str(batch), "--max_length",
                                            str(max_length), "--save_steps", str(10 * steps), "--logging_steps",
                                            str(max(1, steps // 4)), "--report_to", "none", "--gradient_accumulation_steps", "1",
                                            *extra], "sft")
    result = sft.train_sft(cfg)
    return {**rate.result(), "toolc_reported_tokens_per_s": round(result.tokens_per_second, 1)}


RUNS = {"toolc (defaults)": [], "toolc --packing": ["--packing"], "toolc --loss_positions_only":
        ["--loss_positions_only"], "plain TRL": None}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", required=True, help="a toolc build (its sft/openai and sft/qwen train splits)")
    ap.add_argument("--work", default="/tmp/gpu-sft-bench", help="model and run directories")
    ap.add_argument("--steps", type=int, default=40, help="optimizer steps per run (100 steps x 4 runs took over "
                    "9 minutes on an H200 with the model build, the first time)")
    ap.add_argument("--warmup", type=int, default=5, help="first optimizer steps left out of the rate")
    ap.add_argument("--batch", type=int, default=8)
    ap.add_argument("--max-length", type=int, default=2048)
    ap.add_argument("--model-args", default=" ".join(QWEN3_06B),
                    help="`toolc model tiny` sizes (default: Qwen3-0.6B's, see the module docstring)")
    ap.add_argument("--json", type=Path)
    ap.add_argument("--one", help=argparse.SUPPRESS)  # a child process: run this one and print its JSON
    a = ap.parse_args()
    work = Path(a.work)
    model = str(work / "qwen3-0.6b-sized")
    if a.one:
        args = (a.data, model, str(work / a.one.replace(" ", "_")), a.steps, a.batch, a.max_length, a.warmup)
        got = plain_trl(*args) if RUNS[a.one] is None else toolc_run(*args, RUNS[a.one])
        print("RESULT " + json.dumps(got), flush=True)
        return
    if not (Path(model) / "config.json").exists():
        subprocess.run([sys.executable, "-m", "toolc.cli", "model", "tiny", "--data", a.data, "-o", model,
                        *a.model_args.split()], check=True)
    results = {}
    for name in RUNS:
        proc = subprocess.run([sys.executable, __file__, "--data", a.data, "--work", a.work, "--steps", str(a.steps),
                               "--warmup", str(a.warmup), "--batch", str(a.batch), "--max-length",
                               str(a.max_length), "--one", name], capture_output=True, text=True)
        line = next((x for x in proc.stdout.splitlines() if x.startswith("RESULT ")), None)
        results[name] = json.loads(line[7:]) if line else {"error": (proc.stderr or proc.stdout)[-1500:]}
        print(name, results[name], flush=True)
    base = results["plain TRL"].get("tokens_per_s") or 0
    print(f"\n{'run':<30} {'tokens/s':>10} {'vs plain TRL':>13}")
    for name, r in results.items():
        tps = r.get("tokens_per_s")
        print(f"{name:<30} {tps if tps is not None else 'error':>10} "
              f"{(f'{tps / base:.2f}x' if tps and base else ''):>13}")
    if a.json:
        a.json.write_text(json.dumps(results, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
