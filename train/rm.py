"""Training stage, reward model: a compiled dataset's RM pairs + a base model -> a scalar reward model (LoRA + head).

``toolc train rm --data DIR --model MODEL [-o OUT] [--config rm.yaml] [--full] [--merge] [--resume]`` runs TRL's
``RewardTrainer`` on ``DIR/rm/openai/train``: each row is a prompt (system + tools + conversation so far) with a
``chosen`` assistant turn and a ``rejected`` perturbation of it (wrong value, wrong tool, missing argument, no call,
malformed call, ...), in TRL's conversational preference format with an explicit prompt
(https://huggingface.co/docs/trl/dataset_formats#preference). The model is the base LM with a one-output
sequence-classification head (``AutoModelForSequenceClassification``, ``num_labels=1``); the loss is the
Bradley-Terry pairwise loss ``-log sigmoid(r_chosen - r_rejected)``. With LoRA (PEFT ``task_type=SEQ_CLS``) the new
``score`` head is trained in full and saved with the adapter (``modules_to_save``).

Outputs in OUT: checkpoints, the adapter (or full model), the tokenizer, ``merged/`` with ``--merge`` and
``train_summary.json``. Load the result with :func:`train.model.load_reward_model`.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

from toolc.train.config import RMStageConfig, parse_stage_args
from toolc.train.data import load_rm
from toolc.train.model import load_reward_model, load_tokenizer
from toolc.train.common import (
    ThroughputCallback,
    TrainResult,
    common_trainer_args,
    finish_run,
    lora_config,
    optional_test_split,
    report,
    resolve_checkpoint,
    training_precision,
)

#: The sequence-classification head of Qwen2/Qwen3 (and Llama-family) models, trained in full beside LoRA.
SCORE_HEAD = "score"


def build_rm_trainer(cfg: RMStageConfig):
    """Loads data, tokenizer and reward model and builds the configured TRL ``RewardTrainer`` (no training yet).

    Args:
        cfg: the RM stage config (see :class:`train.config.RMStageConfig`).

    Returns:
        ``(trainer, throughput)``: the ``trl.RewardTrainer`` (its ``train_dataset`` holds ``chosen_ids`` /
        ``rejected_ids``) and its :class:`train.sft.ThroughputCallback`.

    Raises:
        DatasetDirError: ``cfg.data`` is not a toolc build with the openai RM format.
        ModelNotFoundError: ``cfg.model`` cannot be found.
    """
    from trl import RewardConfig, RewardTrainer

    train_ds = load_rm(cfg.data, "train")
    eval_ds = optional_test_split(load_rm, cfg.data, cfg.eval)
    bf16, dtype = training_precision(cfg)
    tokenizer = load_tokenizer(cfg.model, trust_remote_code=cfg.trust_remote_code)
    model = load_reward_model(cfg.model, trust_remote_code=cfg.trust_remote_code, dtype=dtype,
                              pad_token_id=tokenizer.pad_token_id, merge_adapter=True)
    args = RewardConfig(
        **{
            **common_trainer_args(cfg, has_eval=eval_ds is not None, bf16=bf16),
            "center_rewards_coefficient": cfg.center_rewards_coefficient,
            **(cfg.trainer_args or {}),
        }
    )
    throughput = ThroughputCallback()
    trainer = RewardTrainer(
        model=model,
        args=args,
        train_dataset=train_ds,
        eval_dataset=eval_ds,
        processing_class=tokenizer,
        peft_config=lora_config(cfg, task_type="SEQ_CLS", modules_to_save=[SCORE_HEAD]),
        callbacks=[throughput],
    )
    return trainer, throughput


def train_rm(cfg: RMStageConfig) -> TrainResult:
    """Trains a reward model as configured.

    Args:
        cfg: the RM stage config (see :class:`train.config.RMStageConfig`).

    Returns:
        The run's :class:`train.sft.TrainResult` (``metrics`` hold ``eval_accuracy``, the share of test pairs whose
        chosen answer outscores the rejected one, when the test split is evaluated); also written to
        ``OUTPUT_DIR/train_summary.json``.

    Raises:
        DatasetDirError: ``cfg.data`` is not a toolc build with the openai RM format.
        ModelNotFoundError: ``cfg.model`` cannot be found.
        CheckpointError: ``--resume`` names no checkpoint.
    """
    checkpoint = resolve_checkpoint(cfg.resume, cfg.output_dir)
    trainer, throughput = build_rm_trainer(cfg)
    return finish_run(trainer, throughput, cfg, "rm", checkpoint=checkpoint)


def main(argv: Sequence[str] | None = None) -> int:
    """``toolc train rm``.

    Args:
        argv: arguments after ``toolc train rm`` (``None``: ``sys.argv[1:]``).

    Returns:
        Exit status 0.

    Raises:
        ToolcError: a bad dataset directory, model or checkpoint (the command line prints it, exit status 2).
    """
    cfg = parse_stage_args(RMStageConfig, argv, "rm", prog="toolc train rm")
    result = train_rm(cfg)
    report(result, "rm")
    if "eval_accuracy" in result.metrics:
        print(f"rm: eval pairwise accuracy {result.metrics['eval_accuracy']:.3f}")
    return 0


if __name__ == "__main__":  # `python -m` gets the error handling of `toolc train rm`
    from toolc.cli import main as toolc_main

    sys.exit(toolc_main(["train", "rm", *sys.argv[1:]]))
