"""Training stage, online RL: a compiled dataset's PPO prompts + a (SFT-trained) model -> a LoRA adapter tuned by GRPO.

``toolc train rl --data DIR --model MODEL [--reward_model RM] [-o OUT] [--config rl.yaml]`` runs TRL's
``GRPOTrainer`` (Group Relative Policy Optimization, https://huggingface.co/docs/trl/grpo_trainer) on
``DIR/ppo/openai/train``: for each prompt the policy samples ``num_generations`` completions, each is rewarded, and
the advantages are the rewards normalised within the prompt's group -- no value model. TRL 1.x has no
``PPOTrainer`` any more (seed ``004_*.txt`` asked for PPO); GRPO is its online-RL trainer, and toolc's ``ppo``
dataset (prompt + verifiable ground truth) is exactly what it consumes.

Rewards (:mod:`train.reward`): the verifiable tool-call reward as four functions (``format``, ``tool_name``,
``arg_names``, ``arg_values``; weights ``reward_weights``), and optionally a trained reward model
(``--reward_model``, the output of ``toolc train rm``) weighted ``reward_model_weight``.

Prompts: GRPO renders a conversational prompt with the trainer's *global* tool list, but each toolc row offers its
own tools, so the prompts are rendered here, one per row, with the row's tools and the policy's chat template
(``apply_chat_template(prompt, tools=row_tools, add_generation_prompt=True)``) and handed to GRPO as text; the
conversation itself travels in the ``prompt_messages`` column for the reward model. Prompts longer than
``max_length`` tokens are dropped.

``--model`` may be a LoRA adapter directory (a ``toolc train sft`` output): it is merged into its base first and a
fresh LoRA is trained on top. Outputs in OUT: checkpoints, the adapter (or full model with ``--full``), the
tokenizer, ``merged/`` with ``--merge`` and ``train_summary.json`` (config, reward curve, seconds per step).
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from transformers import TrainerCallback

from toolc.compiler.checker import COMPONENTS
from toolc.compiler.families import family_of_template
from toolc.errors import DatasetDirError, UsageError
from toolc.train.config import TrainStageConfig, parse_stage_args, stage_yaml
from toolc.train.data import load_ppo
from toolc.train.model import load_causal_lm, load_reward_model, load_tokenizer
from toolc.train.generation import stop_token_ids
from toolc.train.reward import PROMPT_MESSAGES_COLUMN, RewardFunc, RewardModelReward, make_tool_call_reward_funcs
from toolc.train.common import (
    TrainResult,
    common_trainer_args,
    lora_config,
    parameter_counts,
    resolve_checkpoint,
    training_precision,
    write_summary,
)


@dataclass
class RLStageConfig(TrainStageConfig):
    """`toolc train rl`: online RL on the PPO prompts (TRL GRPOTrainer + LoRA) with the verifiable tool-call reward."""

    output_dir: str = field(
        default="runs/rl",
        metadata={"aliases": ["-o"], "help": "Directory for checkpoints, the final adapter/model and train_summary.json."},
    )
    split: str = field(default="train", metadata={"help": "Split of the PPO prompts to train on (train or test)."})
    reward_model: str | None = field(
        default=None,
        metadata={"help": "A trained reward model (`toolc train rm` output directory) added as a reward function."},
    )
    reward_model_weight: float = field(
        default=1.0, metadata={"help": "Weight of the reward model's score in the summed reward."}
    )
    reward_components: list[str] = field(
        default_factory=lambda: list(COMPONENTS),
        metadata={"help": "Verifiable reward components, one reward function each: format, tool_name, arg_names, "
                  "arg_values, content (definitions: compiler.checker.reward)."},
    )
    reward_weights: list[float] | None = field(
        default=None,
        metadata={"help": "Weight per reward component, in --reward_components order (default: 1 each)."},
    )
    bfcl: bool = field(default=False, metadata={"help": "Judge argument values with BFCL's checker rules."})
    num_generations: int = field(
        default=4,
        metadata={"help": "Completions sampled per prompt (the GRPO group). The effective batch "
                  "(batch size x accumulation x processes) must be divisible by it."},
    )
    max_completion_length: int = field(
        default=128, metadata={"help": "Longest sampled completion in tokens (a tool call is ~30-80)."}
    )
    max_length: int | None = field(
        default=1024, metadata={"help": "Longest prompt in tokens; longer PPO prompts are dropped."}
    )
    temperature: float = field(default=1.0, metadata={"help": "Sampling temperature of the rollouts."})
    beta: float = field(
        default=0.0,
        metadata={"help": "KL penalty against the starting policy (TRL's default 0.0 loads no reference model)."},
    )
    chat_template_kwargs: dict[str, Any] | str | None = field(
        default=None,
        metadata={"help": "Chat-template variables for the prompts, e.g. '{\"enable_thinking\": false}' for Qwen3."},
    )
    log_completions: bool = field(
        default=False, metadata={"help": "Print a sample of prompts, completions and rewards at each logging step."}
    )
    # Defaults that differ from the SFT/RM stages: RL is a short refinement of an SFT model.
    num_train_epochs: float = field(default=1.0, metadata={"help": "Passes over the PPO prompts."})
    learning_rate: float = field(default=1e-5, metadata={"help": "Peak AdamW learning rate."})
    per_device_train_batch_size: int = field(
        default=8, metadata={"help": "Completions per device per forward pass (prompts x generations)."}
    )
    gradient_accumulation_steps: int = field(
        default=1, metadata={"help": "Forward passes accumulated per optimizer step (effective batch multiplier)."}
    )
    logging_steps: float = field(default=1, metadata={"help": "Log rewards and loss every N optimizer steps."})
    eval: bool = field(
        default=False,
        metadata={"help": "Also compute rewards on the test split's PPO prompts every --eval_steps (costs generation)."},
    )

    def __post_init__(self) -> None:
        super().__post_init__()
        if isinstance(self.chat_template_kwargs, str):
            try:
                self.chat_template_kwargs = json.loads(self.chat_template_kwargs) if self.chat_template_kwargs.strip() else None
            except json.JSONDecodeError as exc:
                raise UsageError(f"--chat_template_kwargs must be a JSON object: {exc}") from exc
        if self.chat_template_kwargs is not None and not isinstance(self.chat_template_kwargs, dict):
            raise UsageError("chat_template_kwargs must be a mapping")
        unknown = [c for c in self.reward_components if c not in COMPONENTS]
        if unknown:
            raise UsageError(f"unknown reward component(s) {unknown}; known: {list(COMPONENTS)}")
        if self.reward_weights is not None and len(self.reward_weights) != len(self.reward_components):
            raise UsageError(f"--reward_weights has {len(self.reward_weights)} values for "
                             f"{len(self.reward_components)} reward components")
        if self.split not in ("train", "test"):
            raise UsageError(f"split must be train or test, got {self.split!r}")


class StepTimer(TrainerCallback):
    """Wall time of each optimizer step (rollout generation, reward and update included)."""

    def __init__(self) -> None:
        self.seconds: list[float] = []
        self._start: float | None = None

    def on_step_begin(self, args, state, control, **kwargs):  # noqa: D102 - TrainerCallback hook
        self._start = time.perf_counter()

    def on_step_end(self, args, state, control, **kwargs):  # noqa: D102
        if self._start is not None:
            self.seconds.append(time.perf_counter() - self._start)
            self._start = None

    @property
    def mean(self) -> float:
        """Mean seconds per step (0 before the first step)."""
        return sum(self.seconds) / len(self.seconds) if self.seconds else 0.0


def prepare_dataset(rows: Any, tokenizer: Any, *, chat_template_kwargs: Mapping[str, Any] | None = None,
                    max_prompt_tokens: int | None = None):
    """Turns PPO rows into GRPO's text-prompt dataset (each prompt rendered with its own row's tools).

    Args:
        rows: PPO rows (:func:`train.data.load_ppo`: ``prompt`` messages, ``tools``, ``ground_truth``, ``expect``,
            metadata).
        tokenizer: the policy's tokenizer (its chat template renders the prompts).
        chat_template_kwargs: extra chat-template variables.
        max_prompt_tokens: drop rows whose rendered prompt is longer (``None``: keep all).

    Returns:
        ``datasets.Dataset`` with ``prompt`` (text ending in the generation prompt), ``prompt_messages``, ``tools``,
        ``ground_truth`` (JSON strings) and ``expect``, ``id``, ``scenario`` where present. Column values are plain
        strings, so every row has one schema.

    Raises:
        DatasetDirError: no prompt is left after the length filter.
    """
    from datasets import Dataset

    cols: dict[str, list[Any]] = {"prompt": [], PROMPT_MESSAGES_COLUMN: [], "tools": [], "ground_truth": [],
                                  "expect": []}
    meta = [c for c in ("id", "scenario") if c in rows.column_names]
    for c in meta:
        cols[c] = []
    for row in rows:
        messages, tools = list(row["prompt"]), list(row.get("tools") or [])
        text = tokenizer.apply_chat_template(messages, tools=tools or None, add_generation_prompt=True,
                                             tokenize=False, **dict(chat_template_kwargs or {}))
        if max_prompt_tokens is not None and len(tokenizer(text, add_special_tokens=False)["input_ids"]) > max_prompt_tokens:
            continue
        cols["prompt"].append(text)
        cols[PROMPT_MESSAGES_COLUMN].append(json.dumps(messages, ensure_ascii=False))
        cols["tools"].append(json.dumps(tools, ensure_ascii=False))
        cols["ground_truth"].append(json.dumps(row.get("ground_truth") or [], ensure_ascii=False))
        cols["expect"].append(row["expect"])
        for c in meta:
            cols[c].append(row[c])
    if not cols["prompt"]:
        raise DatasetDirError(f"no PPO prompt fits in max_length={max_prompt_tokens} tokens")
    return Dataset.from_dict(cols)


def reward_functions(cfg: RLStageConfig, *, device: Any = None, tokenizer: Any = None
                     ) -> tuple[list[RewardFunc], list[float]]:
    """The reward functions of a run and their weights.

    Args:
        cfg: the RL stage config.
        tokenizer: the policy's tokenizer; when its chat template is a registered model family's, completions are
            parsed in that family's call syntax (``compiler.families.family_of_template``).
        device: where to put the reward model (default: stays on CPU unless CUDA is available).

    Returns:
        ``(functions, weights)``: one function per verifiable component, then the reward model when configured.

    Raises:
        ModelNotFoundError: the reward model cannot be found.
    """
    import torch

    family = family_of_template(getattr(tokenizer, "chat_template", None))
    stops = stop_token_ids(tokenizer, family=family) if tokenizer is not None else None  # unfinished answers score 0
    funcs: list[RewardFunc] = list(make_tool_call_reward_funcs(cfg.reward_components, bfcl=cfg.bfcl, family=family,
                                                               stop_token_ids=stops))
    weights = list(cfg.reward_weights) if cfg.reward_weights is not None else [1.0] * len(funcs)
    if cfg.reward_model:
        rm_tok = load_tokenizer(cfg.reward_model, trust_remote_code=cfg.trust_remote_code)
        rm = load_reward_model(cfg.reward_model, trust_remote_code=cfg.trust_remote_code,
                               pad_token_id=rm_tok.pad_token_id, merge_adapter=True)
        rm = rm.to(device or ("cuda" if torch.cuda.is_available() else "cpu"))
        funcs.append(RewardModelReward(rm, rm_tok, max_length=cfg.max_length))
        weights.append(cfg.reward_model_weight)
    return funcs, weights


def build_trainer(cfg: RLStageConfig, *, extra_reward_funcs: Sequence[RewardFunc] = (),
                  callbacks: Sequence[TrainerCallback] = ()):
    """Builds the ``GRPOTrainer`` of a run (data, policy with LoRA, rewards) without training.

    Args:
        cfg: the RL stage config.
        extra_reward_funcs: more reward functions, weight 1 each (appended after the configured ones).
        callbacks: extra trainer callbacks.

    Returns:
        ``(trainer, tokenizer)``.

    Raises:
        DatasetDirError: ``cfg.data`` has no openai PPO split, or no prompt fits ``max_length``.
        ModelNotFoundError: the policy or reward model cannot be found.
    """
    from trl import GRPOConfig, GRPOTrainer

    bf16, dtype = training_precision(cfg)
    tokenizer = load_tokenizer(cfg.model, trust_remote_code=cfg.trust_remote_code)
    train_ds = prepare_dataset(load_ppo(cfg.data, cfg.split), tokenizer, chat_template_kwargs=cfg.chat_template_kwargs,
                               max_prompt_tokens=cfg.max_length)
    eval_ds = None
    if cfg.eval and cfg.split != "test":
        try:
            eval_ds = prepare_dataset(load_ppo(cfg.data, "test"), tokenizer,
                                      chat_template_kwargs=cfg.chat_template_kwargs, max_prompt_tokens=cfg.max_length)
        except DatasetDirError:
            eval_ds = None
    model = load_causal_lm(cfg.model, trust_remote_code=cfg.trust_remote_code, dtype=dtype, merge_adapter=True)
    funcs, weights = reward_functions(cfg, tokenizer=tokenizer)
    funcs += list(extra_reward_funcs)
    weights += [1.0] * len(extra_reward_funcs)
    kwargs = common_trainer_args(cfg, has_eval=eval_ds is not None, bf16=bf16)
    kwargs.pop("max_length", None)  # GRPO has no prompt truncation; prompts were filtered by length above
    kwargs.update(
        include_num_input_tokens_seen="no",
        num_generations=cfg.num_generations,
        max_completion_length=cfg.max_completion_length,
        temperature=cfg.temperature,
        beta=cfg.beta,
        reward_weights=weights,
        log_completions=cfg.log_completions,
        remove_unused_columns=False,
    )
    kwargs.update(cfg.trainer_args or {})
    args = GRPOConfig(**kwargs)
    trainer = GRPOTrainer(
        model=model,
        reward_funcs=funcs,
        args=args,
        train_dataset=train_ds,
        eval_dataset=eval_ds,
        processing_class=tokenizer,
        peft_config=lora_config(cfg),
        callbacks=list(callbacks),
    )
    return trainer, tokenizer


def reward_curve(log_history: Sequence[Mapping[str, Any]]) -> list[dict[str, float]]:
    """The logged reward of each logging step: ``[{"step", "reward", "reward_std", "rewards/<func>/mean"...}]``."""
    out = []
    for rec in log_history:
        if "reward" in rec:
            out.append({k: v for k, v in rec.items()
                        if k in ("step", "reward", "reward_std", "loss") or k.startswith("rewards/")})
    return out


def train_rl(cfg: RLStageConfig) -> TrainResult:
    """Runs GRPO as configured.

    Args:
        cfg: the RL stage config (:class:`RLStageConfig`).

    Returns:
        The run's :class:`train.sft.TrainResult` (``tokens`` and ``tokens_per_second`` are 0: GRPO's own
        ``num_tokens`` log counts them); ``train_summary.json`` also records the reward functions and weights, the
        reward curve and the mean seconds per step.

    Raises:
        DatasetDirError: ``cfg.data`` is not a toolc build with the openai PPO format.
        ModelNotFoundError: the policy or reward model cannot be found.
        CheckpointError: ``--resume`` names no checkpoint.
    """
    checkpoint = resolve_checkpoint(cfg.resume, cfg.output_dir)
    timer = StepTimer()
    trainer, tokenizer = build_trainer(cfg, callbacks=[timer])
    output = trainer.train(resume_from_checkpoint=checkpoint)
    metrics = dict(output.metrics)
    trainer.save_model(cfg.output_dir)
    tokenizer.save_pretrained(cfg.output_dir)
    merged_dir = None
    if cfg.merge and not cfg.full:
        merged_dir = Path(cfg.output_dir) / "merged"
        merged = trainer.model.merge_and_unload()
        merged.save_pretrained(merged_dir)
        tokenizer.save_pretrained(merged_dir)
    result = TrainResult(
        output_dir=Path(cfg.output_dir),
        model_dir=Path(cfg.output_dir),
        merged_dir=merged_dir,
        metrics=metrics,
        tokens=0,
        tokens_per_second=0.0,
        log_history=list(trainer.state.log_history),
    )
    write_summary(result, cfg, "rl", extra={
        **parameter_counts(trainer.model),
        "seconds_per_step": round(timer.mean, 3),
        "reward_functions": list(trainer.reward_func_names),
        "reward_weights": list(trainer.args.reward_weights or []),
        "reward_curve": reward_curve(trainer.state.log_history),
    })
    return result


def main(argv: Sequence[str] | None = None) -> int:
    """``toolc train rl``.

    Args:
        argv: arguments after ``toolc train rl`` (``None``: ``sys.argv[1:]``).

    Returns:
        Exit status 0.

    Raises:
        ToolcError: a bad dataset directory, model or checkpoint (the command line prints it, exit status 2).
    """
    cfg = parse_stage_args(RLStageConfig, argv, stage_yaml("rl"), prog="toolc train rl")
    result = train_rl(cfg)
    curve = reward_curve(result.log_history)
    if curve:
        print(f"rl: reward {curve[0]['reward']:.3f} -> {curve[-1]['reward']:.3f} over {len(curve)} logged steps")
    print(f"rl: {result.metrics.get('train_runtime', 0):.1f}s; saved to {result.model_dir}"
          + (f" (merged model: {result.merged_dir})" if result.merged_dir else ""))
    return 0


if __name__ == "__main__":  # `python -m` gets the error handling of `toolc train rl`
    from toolc.cli import main as toolc_main

    sys.exit(toolc_main(["train", "rl", *sys.argv[1:]]))
