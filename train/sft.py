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
from toolc.errors import UsageError

#: The token that opens a tool call in Qwen's chat template (Hermes style), which marks a call turn for
#: ``--call_loss_weight``.
CALL_TOKEN = "<tool_call>"


def loss_on_labelled_positions(model, inputs: dict, num_items_in_batch=None, *, call_token_id: int | None = None,
                               call_weight: float = 1.0):
    """Causal-LM loss that projects through the LM head only the positions with a label (not ``-100``).

    TRL's fused LM head scores only labelled positions on Triton devices and every position elsewhere
    (``trl.trainer.utils.add_fused_lm_head``); with the loss on assistant turns only, most positions of a tool-calling
    conversation (system prompt with the tool list, user turns, tool results) carry no label, so on CPU most of the
    head's work and its softmax are thrown away. This computes the same mean token cross-entropy from the backbone's
    hidden states at the labelled positions only.

    Args:
        model: a causal LM (``PreTrainedModel`` or ``peft.PeftModel``) whose backbone is ``base_model_prefix``.
        inputs: the collator's batch: ``input_ids``, ``labels`` (``-100`` where no loss), optional ``attention_mask``
            / ``position_ids``, shapes ``(batch, seq)``.
        num_items_in_batch: labelled tokens over the whole accumulated batch (the Trainer's divisor), else the
            labelled tokens of this micro-batch.
        call_token_id: the ``<tool_call>`` token id; with ``call_weight != 1`` every token of a labelled run (one
            assistant turn) holding it counts ``call_weight`` times, the others once.
        call_weight: weight of tool-call turns; the loss is then the weighted mean over this micro-batch
            (``num_items_in_batch`` is not used).

    Returns:
        A scalar loss tensor (a differentiable zero when no position is labelled).
    """
    import torch

    inner = model.get_base_model() if hasattr(model, "get_base_model") else model
    backbone = getattr(inner, inner.base_model_prefix)
    head = inner.get_output_embeddings()
    labels = inputs["labels"][:, 1:]
    kwargs = {k: v for k, v in inputs.items() if k in ("input_ids", "attention_mask", "position_ids")}
    hidden = backbone(**kwargs, use_cache=False).last_hidden_state[:, :-1]
    mask = labels != -100
    logits = head(hidden[mask]).float()
    if call_weight != 1.0 and call_token_id is not None:
        losses = torch.nn.functional.cross_entropy(logits, labels[mask], reduction="none")
        weights = _call_turn_weights(labels, mask, call_token_id, call_weight)
        return (losses * weights).sum() / weights.sum().clamp(min=1e-6)
    loss = torch.nn.functional.cross_entropy(logits, labels[mask], reduction="sum")
    denom = num_items_in_batch if num_items_in_batch is not None else mask.sum().clamp(min=1)
    return loss / torch.as_tensor(denom, device=loss.device).clamp(min=1)


def _call_turn_weights(labels, mask, call_token_id: int, call_weight: float):
    """Per labelled position (in ``labels[mask]`` order): ``call_weight`` inside a run of labelled positions (an
    assistant turn) that holds ``call_token_id``, else 1. ``labels``/``mask``: ``(batch, seq)``."""
    import torch

    previous = torch.nn.functional.pad(mask[:, :-1], (1, 0), value=False)
    run = torch.cumsum((mask & ~previous).flatten().long(), 0).view_as(mask)  # run number of every position
    calls = torch.zeros(int(run.max()) + 1, dtype=torch.bool, device=labels.device)
    calls[run[mask & (labels == call_token_id)]] = True
    ones = torch.ones((), device=labels.device)
    return torch.where(calls[run[mask]], ones * call_weight, ones)


def _trainer_class(loss_positions_only: bool):
    """TRL's ``SFTTrainer``, or a subclass whose loss is :func:`loss_on_labelled_positions`."""
    from trl import SFTTrainer

    if not loss_positions_only:
        return SFTTrainer

    class LabelledPositionsSFTTrainer(SFTTrainer):
        """``SFTTrainer`` scoring only the labelled positions (``--loss_positions_only``)."""

        call_token_id: int | None = None
        call_weight: float = 1.0

        def compute_loss(self, model, inputs, return_outputs=False, num_items_in_batch=None):  # noqa: D102
            loss = loss_on_labelled_positions(model, inputs, num_items_in_batch, call_token_id=self.call_token_id,
                                              call_weight=self.call_weight)
            if self.args.average_tokens_across_devices and num_items_in_batch is not None:
                loss = loss * self.accelerator.num_processes  # as SFTTrainer: DDP averages the gradients
            return (loss, None) if return_outputs else loss

    return LabelledPositionsSFTTrainer


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
        UsageError: ``call_loss_weight`` other than 1 without ``loss_positions_only``.
        ValueError: ``value_swaps`` outside [0, 1].
    """
    from trl import SFTConfig

    train_ds = load_sft(cfg.data, "train")
    if cfg.value_swaps:
        from toolc.train.augment import augment_sft

        train_ds = augment_sft(train_ds, cfg.value_swaps, cfg.seed)
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
    trainer = _trainer_class(cfg.loss_positions_only)(
        model=model,
        args=args,
        train_dataset=train_ds,
        eval_dataset=eval_ds,
        processing_class=tokenizer,
        peft_config=lora_config(cfg),
        callbacks=[throughput],
    )
    if cfg.call_loss_weight != 1.0:
        if not cfg.loss_positions_only:
            raise UsageError("--call_loss_weight needs --loss_positions_only")
        trainer.call_weight = cfg.call_loss_weight
        trainer.call_token_id = tokenizer.convert_tokens_to_ids(CALL_TOKEN)
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
    if trainer.chat_template is not None:
        # TRL renders the rows with its training variant of the template (Qwen3's writes the empty think block on
        # every assistant turn, Qwen3's own only on the last): the model is saved with the template it learned,
        # so evaluation, GRPO and serving render a conversation's earlier turns as training did
        trainer.processing_class.chat_template = trainer.chat_template
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
