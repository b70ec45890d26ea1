"""Training stage, SFT: a compiled dataset's SFT conversations + a base model -> a LoRA adapter (or full model).

``toolc train sft --data DIR --model MODEL [-o OUT] [--config sft.yaml] [--full] [--merge] [--resume]`` runs TRL's
``SFTTrainer`` on ``DIR/sft/openai/train`` (conversational rows with their offered ``tools``), with the loss on the
assistant turns only: TRL swaps Qwen3's chat template for its ``{% generation %}``-tagged training variant
(``trl.chat_template_utils.get_training_chat_template``) and masks everything outside the tags (system prompt with
the tool list, user turns, tool results). LoRA defaults follow seed 002 (see :mod:`train.config`).

Outputs in OUT: ``checkpoint-N/`` every ``--save_steps``, the final adapter (``adapter_config.json``,
``adapter_model.safetensors``) or full model, the tokenizer, ``merged/`` with ``--merge``, and
``train_summary.json`` (config, metrics, tokens/s).
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

from toolc.train.common import (
    ThroughputCallback,
    TrainResult,
    common_trainer_args,
    finish_run,
    lora_config,
    optional_test_split,
    report,
    resolve_checkpoint,
    template_name,
    training_precision,
)
from toolc.train.config import SFTStageConfig, parse_stage_args
from toolc.train.data import load_sft
from toolc.train.model import load_causal_lm, load_tokenizer


def build_sft_trainer(cfg: SFTStageConfig):
    """Loads data, tokenizer and model and builds the configured TRL ``SFTTrainer`` (no training yet).

    Args:
        cfg: the SFT stage config (see :class:`train.config.SFTStageConfig`).

    Returns:
        ``(trainer, throughput)``: the ``trl.SFTTrainer`` (its ``train_dataset`` is tokenized, with ``labels`` at
        -100 outside the loss mask; ``trainer.chat_template`` is the training template TRL swapped in) and the
        :class:`ThroughputCallback` registered on it.

    Raises:
        DatasetDirError: ``cfg.data`` is not a toolc build with the openai SFT format.
        ModelNotFoundError: ``cfg.model`` cannot be found.
    """
    from trl import SFTConfig, SFTTrainer

    train_ds = load_sft(cfg.data, "train")
    eval_ds = optional_test_split(load_sft, cfg.data, cfg.eval)
    bf16, dtype = training_precision(cfg)
    tokenizer = load_tokenizer(cfg.model, trust_remote_code=cfg.trust_remote_code)
    model = load_causal_lm(cfg.model, trust_remote_code=cfg.trust_remote_code, dtype=dtype, merge_adapter=True)
    args = SFTConfig(
        **{
            **common_trainer_args(cfg, has_eval=eval_ds is not None, bf16=bf16),
            "assistant_only_loss": cfg.assistant_only_loss,
            "packing": cfg.packing,
            **(cfg.trainer_args or {}),
        }
    )
    throughput = ThroughputCallback()
    trainer = SFTTrainer(
        model=model,
        args=args,
        train_dataset=train_ds,
        eval_dataset=eval_ds,
        processing_class=tokenizer,
        peft_config=lora_config(cfg),
        callbacks=[throughput],
    )
    return trainer, throughput


def train_sft(cfg: SFTStageConfig) -> TrainResult:
    """Runs supervised fine-tuning as configured.

    Args:
        cfg: the SFT stage config (see :class:`train.config.SFTStageConfig`).

    Returns:
        The run's :class:`TrainResult` (also written to ``OUTPUT_DIR/train_summary.json``).

    Raises:
        DatasetDirError: ``cfg.data`` is not a toolc build with the openai SFT format.
        ModelNotFoundError: ``cfg.model`` cannot be found.
        CheckpointError: ``--resume`` names no checkpoint.
    """
    checkpoint = resolve_checkpoint(cfg.resume, cfg.output_dir)
    trainer, throughput = build_sft_trainer(cfg)
    template = template_name(trainer.chat_template) if cfg.assistant_only_loss else None
    return finish_run(trainer, throughput, cfg, "sft", checkpoint=checkpoint, chat_template=template)


def main(argv: Sequence[str] | None = None) -> int:
    """``toolc train sft``.

    Args:
        argv: arguments after ``toolc train sft`` (``None``: ``sys.argv[1:]``).

    Returns:
        Exit status 0.

    Raises:
        ToolcError: a bad dataset directory, model or checkpoint (the command line prints it, exit status 2).
    """
    cfg = parse_stage_args(SFTStageConfig, argv, "sft", prog="toolc train sft")
    result = train_sft(cfg)
    report(result, "sft")
    return 0


if __name__ == "__main__":  # `python -m` gets the error handling of `toolc train sft`
    from toolc.cli import main as toolc_main

    sys.exit(toolc_main(["train", "sft", *sys.argv[1:]]))
