"""Training stage, shared parts: checkpoints, LoRA config, trainer arguments, throughput and run summaries.

Used by :mod:`train.sft`, :mod:`train.rm` and :mod:`train.rl` (input: a stage config and a built TRL trainer;
output: trained weights on disk and a :class:`TrainResult`).
"""

from __future__ import annotations

import json
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import torch
from transformers import TrainerCallback

from toolc.train.config import TrainStageConfig, config_to_dict
from toolc.errors import CheckpointError, DatasetDirError, on_path


@dataclass
class TrainResult:
    """What a training run produced.

    Attributes:
        output_dir: the run directory.
        model_dir: where the final adapter (LoRA) or model (full) was saved (= ``output_dir``).
        merged_dir: the merged full model with ``--merge``, else ``None``.
        metrics: ``trainer.train()`` metrics (``train_loss``, ``train_runtime`` in s, ...) plus ``eval_*``.
        tokens: input tokens (non-padding) processed in this run.
        tokens_per_second: ``tokens`` / wall time spent in optimizer steps (evaluation and saving excluded).
        chat_template: name of the chat template the loss mask used (``qwen3_training``, ...), or ``None``.
        log_history: the trainer's log records (loss per logging step, ...).
    """

    output_dir: Path
    model_dir: Path
    merged_dir: Path | None
    metrics: dict[str, float]
    tokens: int
    tokens_per_second: float
    chat_template: str | None = None
    log_history: list[dict[str, Any]] = field(default_factory=list)


class ThroughputCallback(TrainerCallback):
    """Counts tokens and the wall time spent inside optimizer steps (not in evaluation or checkpointing).

    Needs ``include_num_input_tokens_seen`` on (``"non_padding"``) so ``state.num_input_tokens_seen`` counts.
    Resuming counts only this run's tokens.
    """

    def __init__(self) -> None:
        self.tokens_at_start = 0
        self.tokens = 0
        self.seconds = 0.0
        self._step_start: float | None = None

    def on_train_begin(self, args, state, control, **kwargs):  # noqa: D102 - TrainerCallback hook
        self.tokens_at_start = state.num_input_tokens_seen

    def on_step_begin(self, args, state, control, **kwargs):  # noqa: D102
        self._step_start = time.perf_counter()

    def on_step_end(self, args, state, control, **kwargs):  # noqa: D102
        if self._step_start is not None:
            self.seconds += time.perf_counter() - self._step_start
            self._step_start = None
        self.tokens = state.num_input_tokens_seen - self.tokens_at_start

    @property
    def tokens_per_second(self) -> float:
        """Tokens per second of optimizer-step time (0 before the first step)."""
        return self.tokens / self.seconds if self.seconds else 0.0


def keep_freed_memory() -> bool:
    """Stops glibc's ``malloc`` from handing freed memory back to the OS, so training steps reuse it.

    A training step allocates and frees the same large activation and gradient buffers again and again; glibc serves
    blocks above its mmap threshold (128 KiB, growing up to 32 MiB) with ``mmap`` and returns them with ``munmap`` on
    free, so every step page-faults its buffers in again (measured on the demo: 19M minor page faults and 20 % of
    the CPU time in the kernel over 20 SFT steps). ``mallopt(M_MMAP_MAX, 0)`` serves every block from the heap and
    ``mallopt(M_TRIM_THRESHOLD, 1 GiB)`` keeps freed heap memory mapped (``man 3 mallopt``): the same run then
    takes 10 % less CPU time with 40x fewer page faults. The process keeps its peak memory until it exits.

    Returns:
        ``True`` when the settings were applied (Linux with glibc), ``False`` elsewhere (nothing changes).
    """
    import ctypes
    import ctypes.util
    import platform

    if platform.system() != "Linux" or platform.libc_ver()[0] != "glibc":
        return False
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
    except OSError:
        return False
    m_trim_threshold, m_mmap_max = -1, -4  # <malloc.h>
    return bool(libc.mallopt(m_mmap_max, 0)) and bool(libc.mallopt(m_trim_threshold, 1 << 30))


def resolve_checkpoint(resume: str | None, output_dir: str | Path) -> str | None:
    """Turns ``--resume`` into a checkpoint directory for ``Trainer.train(resume_from_checkpoint=...)``.

    Args:
        resume: ``None`` (fresh run), ``"latest"`` (newest ``checkpoint-N`` in ``output_dir``) or a directory.
        output_dir: the run directory.

    Returns:
        The checkpoint directory, or ``None`` for a fresh run.

    Raises:
        CheckpointError: no checkpoint to resume from.
    """
    from transformers.trainer_utils import get_last_checkpoint

    if resume is None:
        return None
    if resume == "latest":
        last = get_last_checkpoint(str(output_dir)) if Path(output_dir).is_dir() else None
        if last is None:
            raise CheckpointError(f"--resume: no checkpoint-* directory in `{output_dir}` to resume from")
        return last
    if not (Path(resume) / "trainer_state.json").is_file():
        raise CheckpointError(f"--resume: `{resume}` is not a checkpoint directory (no trainer_state.json)")
    return str(resume)


def lora_config(cfg: TrainStageConfig, task_type: str = "CAUSAL_LM", modules_to_save: list[str] | None = None):
    """The ``peft.LoraConfig`` of a stage config (``None`` with ``--full``).

    Args:
        cfg: stage config (``lora_r``, ``lora_alpha``, ``lora_dropout``, ``lora_target_modules``, ``full``).
        task_type: PEFT task type (``CAUSAL_LM`` for SFT/RL, ``SEQ_CLS`` for the reward model).
        modules_to_save: modules trained in full and saved with the adapter (the reward model's ``score`` head).

    Returns:
        ``peft.LoraConfig`` or ``None``.
    """
    if cfg.full:
        return None
    from peft import LoraConfig

    return LoraConfig(
        r=cfg.lora_r,
        lora_alpha=cfg.lora_alpha,
        lora_dropout=cfg.lora_dropout,
        target_modules=list(cfg.lora_target_modules),
        bias="none",
        task_type=task_type,
        modules_to_save=modules_to_save,
    )


def training_precision(cfg: TrainStageConfig) -> tuple[bool, str]:
    """Mixed precision and load dtype for a run.

    Args:
        cfg: stage config (``bf16``, ``dtype``, ``full``).

    Returns:
        ``(bf16, dtype)``: bf16 mixed precision defaults to on only where a CUDA device supports it (CPU autocast
        to bf16 is slower and less precise for small models); ``dtype="auto"`` loads float32 weights for full
        fine-tuning (optimizer updates need them) and the checkpoint's dtype for LoRA.
    """
    bf16 = cfg.bf16
    if bf16 is None:
        bf16 = bool(torch.cuda.is_available() and torch.cuda.is_bf16_supported())
    dtype = "float32" if cfg.dtype == "auto" and cfg.full else cfg.dtype
    return bf16, dtype


def common_trainer_args(cfg: TrainStageConfig, *, has_eval: bool, bf16: bool) -> dict[str, Any]:
    """Keyword arguments shared by ``SFTConfig``/``RewardConfig`` (TRL ``_BaseConfig`` = ``TrainingArguments``).

    Args:
        cfg: stage config.
        has_eval: whether a test split is evaluated.
        bf16: bf16 mixed precision.

    Returns:
        The mapping, with ``cfg.trainer_args`` applied last.
    """
    kwargs: dict[str, Any] = {
        "output_dir": cfg.output_dir,
        "seed": cfg.seed,
        "num_train_epochs": cfg.num_train_epochs,
        "max_steps": cfg.max_steps,
        "learning_rate": cfg.learning_rate,
        "lr_scheduler_type": cfg.lr_scheduler_type,
        "warmup_steps": cfg.warmup_steps,
        "weight_decay": cfg.weight_decay,
        "per_device_train_batch_size": cfg.per_device_train_batch_size,
        "per_device_eval_batch_size": cfg.per_device_train_batch_size,
        "gradient_accumulation_steps": cfg.gradient_accumulation_steps,
        "max_length": cfg.max_length,
        "logging_steps": cfg.logging_steps,
        "save_strategy": "steps",
        "save_steps": cfg.save_steps,
        "save_total_limit": cfg.save_total_limit,
        "eval_strategy": "steps" if has_eval else "no",
        "eval_steps": (cfg.eval_steps or cfg.save_steps) if has_eval else None,
        "bf16": bf16,
        "activation_checkpointing": cfg.gradient_checkpointing,  # transformers 5 name of gradient_checkpointing
        "dataloader_pin_memory": torch.cuda.is_available(),
        "report_to": cfg.report_to,
        "trust_remote_code": cfg.trust_remote_code,
        "include_num_input_tokens_seen": "non_padding",
        "disable_tqdm": not sys.stderr.isatty(),
    }
    kwargs.update(cfg.trainer_args or {})
    return kwargs


def template_name(chat_template: str | None) -> str | None:
    """Names a chat template by identity with the ones TRL ships (``qwen3_training``), or ``"custom"``."""
    if chat_template is None:
        return None
    from trl import chat_template_utils as ctu

    for name in sorted(dir(ctu)):
        if name.endswith("_chat_template") and getattr(ctu, name) == chat_template:
            return name.removesuffix("_chat_template")
    return "custom"


def write_summary(result: TrainResult, cfg: Any, stage: str, extra: dict[str, Any] | None = None) -> Path:
    """Writes ``OUTPUT_DIR/train_summary.json``: the effective config, metrics and throughput of a run.

    Args:
        result: the run's result.
        cfg: the stage config dataclass.
        stage: ``sft``, ``rm``, ...
        extra: more fields (parameter counts, ...).

    Returns:
        The summary file path.
    """
    summary = {
        "stage": stage,
        "config": config_to_dict(cfg),
        "model_dir": str(result.model_dir),
        "merged_dir": str(result.merged_dir) if result.merged_dir else None,
        "chat_template": result.chat_template,
        "metrics": result.metrics,
        "tokens": result.tokens,
        "tokens_per_second": round(result.tokens_per_second, 1),
        **(extra or {}),
    }
    path = Path(result.output_dir) / "train_summary.json"
    with on_path(path, "write the summary"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(summary, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return path


def parameter_counts(model: torch.nn.Module) -> dict[str, int]:
    """``{"trainable_params", "total_params"}`` of a model (LoRA: only the adapter is trainable)."""
    return {
        "trainable_params": sum(p.numel() for p in model.parameters() if p.requires_grad),
        "total_params": sum(p.numel() for p in model.parameters()),
    }


def optional_test_split(loader, data_dir: str, enabled: bool):
    """The test split via ``loader`` (``load_sft``, ``load_rm``, ...), or ``None`` when disabled or not built."""
    if not enabled:
        return None
    try:
        return loader(data_dir, "test")
    except DatasetDirError:
        return None


def finish_run(trainer, throughput: ThroughputCallback, cfg: TrainStageConfig, stage: str, *,
               checkpoint: str | None, chat_template: str | None = None) -> TrainResult:
    """Trains, saves the adapter/model (and the merged model with ``--merge``), evaluates and writes the summary.

    Args:
        trainer: a built TRL trainer.
        throughput: its :class:`ThroughputCallback`.
        cfg: the stage config.
        stage: ``sft``, ``rm``, ... (for the summary).
        checkpoint: checkpoint to resume from (:func:`resolve_checkpoint`), or ``None``.
        chat_template: name of the training chat template, for the summary.

    Returns:
        The run's :class:`TrainResult`.
    """
    output = trainer.train(resume_from_checkpoint=checkpoint)
    metrics = dict(output.metrics)
    with on_path(cfg.output_dir, "save the model"):
        trainer.save_model(cfg.output_dir)
    if trainer.eval_dataset is not None:
        metrics.update(trainer.evaluate())
    merged_dir = None
    if cfg.merge and cfg.full:
        print(f"{stage}: --merge has no effect with --full (the saved model is already a full model)", file=sys.stderr)
    if cfg.merge and not cfg.full:
        merged_dir = Path(cfg.output_dir) / "merged"
        merged = trainer.model.merge_and_unload()
        with on_path(merged_dir, "save the merged model"):
            merged.save_pretrained(merged_dir)
            trainer.processing_class.save_pretrained(merged_dir)
    result = TrainResult(
        output_dir=Path(cfg.output_dir),
        model_dir=Path(cfg.output_dir),
        merged_dir=merged_dir,
        metrics=metrics,
        tokens=throughput.tokens,
        tokens_per_second=throughput.tokens_per_second,
        chat_template=chat_template,
        log_history=list(trainer.state.log_history),
    )
    write_summary(result, cfg, stage, extra=parameter_counts(trainer.model))
    return result


def report(result: TrainResult, stage: str) -> None:
    """Prints the end-of-run summary lines (loss, tokens/s, where the outputs are)."""
    m = result.metrics
    losses = [r["loss"] for r in result.log_history if "loss" in r]
    if losses:
        loss = f"loss {losses[0]:.4f} -> {losses[-1]:.4f}"
    else:
        loss = f"train loss {m.get('train_loss', float('nan')):.4f}"
    print(f"{stage}: {loss}; {result.tokens:,} tokens in {m.get('train_runtime', 0):.1f}s "
          f"({result.tokens_per_second:,.0f} tokens/s)")
    if "eval_loss" in m:
        print(f"{stage}: eval loss {m['eval_loss']:.4f}")
    if result.chat_template:
        print(f"{stage}: assistant-only loss mask from the `{result.chat_template}` chat template")
    merged = f" (merged model: {result.merged_dir})" if result.merged_dir else ""
    print(f"{stage}: saved to {result.model_dir}{merged}")
