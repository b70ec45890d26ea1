"""Training stage, configuration: a YAML config file + command-line flags -> one ``<Stage>Config`` dataclass.

Each stage has a TRL-style config dataclass whose every field carries help text (``--help`` prints it). Values
come from three layers, later ones winning: the dataclass defaults, a YAML file (``--config PATH``; by default the
stage's file shipped in ``train/configs/<stage>.yaml``) and the command-line flags. Flags are generated from the
fields by ``transformers.HfArgumentParser`` (``--lora_r 8`` and ``--lora-r 8`` both work; booleans take
``--full``, ``--full false`` and, for fields that default to true, ``--no_<name>``).

The LoRA defaults are seed 002's recipe for Qwen3-0.6B function calling: r 16, alpha 32, dropout 0.1 on
q/k/v/o/gate/up/down projections, lr 1e-4 cosine, 5 epochs, batch 1 x 8 accumulation, max length 1024.
"""

import argparse
import dataclasses
import difflib
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

import yaml
from transformers import HfArgumentParser

from toolc.errors import InputError, UsageError, on_path

T = TypeVar("T")

#: The LoRA target modules of Qwen2/Qwen3 (seed 002): every attention and MLP projection.
QWEN_LORA_TARGETS: tuple[str, ...] = ("q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj")
OUTPUT_HELP = "Directory for checkpoints, the final adapter/model and train_summary.json."


@dataclass
class TrainStageConfig:
    """Options every training stage shares: data, model, output, optimisation schedule, checkpoints and LoRA."""

    data: str | None = field(
        default=None,
        metadata={"required": True, "help": "Compiled dataset directory (the output of `toolc build -o DIR`)."},
    )
    model: str | None = field(
        default=None,
        metadata={
            "required": True,
            "help": "Base model: a local directory (e.g. models/tiny from `toolc model tiny`) or a Hugging Face Hub "
            "id (e.g. Qwen/Qwen3-0.6B, loaded from the local cache when present).",
        },
    )
    output_dir: str = field(
        default="runs/train",
        metadata={"aliases": ["-o"], "help": OUTPUT_HELP},
    )
    trust_remote_code: bool = field(
        default=False, metadata={"help": "Allow model/tokenizer code shipped with a Hub repository."}
    )
    dtype: str = field(
        default="auto",
        metadata={
            "help": "Weights dtype when loading the model: auto (the checkpoint's dtype for LoRA, float32 for --full), "
            "float32, bfloat16 or float16."
        },
    )
    seed: int = field(default=0, metadata={"help": "Seed for adapter/head initialisation, shuffling and dropout."})
    num_train_epochs: float = field(default=5.0, metadata={"help": "Passes over the training split."})
    max_steps: int = field(
        default=-1, metadata={"help": "Stop after this many optimizer steps (overrides epochs when > 0)."}
    )
    learning_rate: float = field(default=1e-4, metadata={"help": "Peak AdamW learning rate."})
    lr_scheduler_type: str = field(
        default="cosine", metadata={"help": "Learning-rate schedule (transformers SchedulerType: cosine, linear, ...)."}
    )
    warmup_steps: float = field(
        default=0.03,
        metadata={"help": "Linear warmup: an integer number of steps, or a float in [0, 1) as a ratio of all steps."},
    )
    weight_decay: float = field(default=0.0, metadata={"help": "AdamW weight decay."})
    per_device_train_batch_size: int = field(default=1, metadata={"help": "Sequences per device per forward pass."})
    gradient_accumulation_steps: int = field(
        default=8, metadata={"help": "Forward passes accumulated per optimizer step (effective batch multiplier)."}
    )
    max_length: int | None = field(
        default=1024,
        metadata={"help": "Longest tokenized sequence; longer SFT rows are truncated, longer RM pairs dropped."},
    )
    logging_steps: float = field(default=10, metadata={"help": "Log loss and metrics every N optimizer steps."})
    save_steps: float = field(default=100, metadata={"help": "Write a checkpoint every N optimizer steps."})
    save_total_limit: int | None = field(
        default=2,
        metadata={"help": "Keep at most this many checkpoints (oldest deleted); null in the YAML file keeps all."},
    )
    eval: bool = field(
        default=True,
        metadata={"help": "Evaluate the loss on the dataset's test split every --eval_steps and at the end."},
    )
    eval_steps: float | None = field(
        default=None, metadata={"help": "Evaluate every N optimizer steps (default: --save_steps)."}
    )
    resume: str | None = field(
        default=None,
        metadata={
            "nargs": "?",
            "const": "latest",
            "help": "Resume from a checkpoint: a checkpoint directory, or `latest` (also plain `--resume`) for the "
            "newest checkpoint-* in --output_dir.",
        },
    )
    full: bool = field(default=False, metadata={"help": "Full fine-tuning of every weight instead of LoRA."})
    lora_r: int = field(default=16, metadata={"help": "LoRA rank r."})
    lora_alpha: int = field(default=32, metadata={"help": "LoRA scaling alpha (update scaled by alpha / r)."})
    lora_dropout: float = field(default=0.1, metadata={"help": "Dropout on the LoRA input."})
    lora_target_modules: list[str] = field(
        default_factory=lambda: list(QWEN_LORA_TARGETS),
        metadata={"help": "Module names LoRA adapts (Qwen: q/k/v/o/gate/up/down projections)."},
    )
    merge: bool = field(
        default=False,
        metadata={"help": "Also save the LoRA-merged full model to OUTPUT_DIR/merged (merge_and_unload)."},
    )
    bf16: bool | None = field(
        default=None,
        metadata={"help": "bfloat16 mixed precision; default: on where the GPU supports it, off on CPU."},
    )
    gradient_checkpointing: bool = field(
        default=False, metadata={"help": "Recompute activations in the backward pass (less memory, ~20% slower)."}
    )
    report_to: str = field(
        default="none", metadata={"help": "Experiment tracker for the logs (none, tensorboard, wandb, trackio, ...)."}
    )
    trainer_args: dict[str, Any] | str | None = field(
        default=None,
        metadata={
            "help": "Extra TRL/transformers trainer arguments, as a YAML mapping or a JSON object on the command line, "
            "e.g. '{\"optim\": \"adamw_torch\", \"dataloader_num_workers\": 2}'. They override the fields above."
        },
    )

    def __post_init__(self) -> None:
        if isinstance(self.trainer_args, str):
            try:
                self.trainer_args = json.loads(self.trainer_args) if self.trainer_args.strip() else None
            except json.JSONDecodeError as exc:
                raise UsageError(f"--trainer_args must be a JSON object: {exc}") from exc
        if self.trainer_args is not None and not isinstance(self.trainer_args, dict):
            raise UsageError("trainer_args must be a mapping of trainer argument names to values")
        if self.dtype not in ("auto", "float32", "bfloat16", "float16"):
            raise UsageError(f"dtype must be auto, float32, bfloat16 or float16, got {self.dtype!r}")


@dataclass
class SFTStageConfig(TrainStageConfig):
    """`toolc train sft`: supervised fine-tuning on the SFT conversations (TRL SFTTrainer + PEFT LoRA)."""

    output_dir: str = field(
        default="runs/sft",
        metadata={"aliases": ["-o"], "help": OUTPUT_HELP},
    )
    assistant_only_loss: bool = field(
        default=True,
        metadata={
            "help": "Compute the loss on assistant turns only (tool calls and replies), not on system/user/tool "
            "text. TRL swaps in a {% generation %}-tagged training chat template for known templates (Qwen3)."
        },
    )
    packing: bool = field(
        default=False,
        metadata={
            "help": "Pack several conversations into each max_length sequence without padding (TRL's bfd packing; "
            "transformers masks across the packed conversations from position_ids). Faster with flash attention on "
            "GPU; on CPU (SDPA) the attention over the whole packed row measured ~1.5x slower per token than "
            "length-grouped batches (docs/training.md, \"The demo\")."
        },
    )
    loss_positions_only: bool = field(
        default=False,
        metadata={
            "help": "Project through the LM head only the positions that carry a loss (assistant tokens), instead of "
            "every position as TRL does off-GPU: same loss and gradients, far less work when most tokens are "
            "prompt (system prompt, tool list, user and tool turns). Logs no entropy / token accuracy."
        },
    )
    call_loss_weight: float = field(
        default=1.0,
        metadata={
            "help": "Weight of the tokens of assistant turns that call a tool (those holding <tool_call>) relative to "
            "the other assistant tokens, in a weighted mean (needs --loss_positions_only). Above 1 spends more of "
            "the gradient on calls (tool names, argument values) than on free-text replies."
        },
    )


    value_swaps: float = field(
        default=0.0,
        metadata={
            "help": "Share of training conversations (0-1) whose argument values typed by the user are replaced, "
            "everywhere in the conversation, by random look-alikes (train.augment), so a model trained from scratch "
            "learns to copy values rather than recall training values. The test split is not touched."
        },
    )


@dataclass
class RMStageConfig(TrainStageConfig):
    """`toolc train rm`: reward model on the RM chosen/rejected pairs (TRL RewardTrainer + LoRA, score head trained)."""

    output_dir: str = field(
        default="runs/rm",
        metadata={"aliases": ["-o"], "help": OUTPUT_HELP},
    )
    num_train_epochs: float = field(default=3.0, metadata={"help": "Passes over the training pairs."})
    per_device_train_batch_size: int = field(
        default=2, metadata={"help": "Pairs per device per forward pass (each pair is two sequences)."}
    )
    gradient_accumulation_steps: int = field(
        default=4, metadata={"help": "Forward passes accumulated per optimizer step (effective batch multiplier)."}
    )
    center_rewards_coefficient: float | None = field(
        default=None,
        metadata={"help": "Weight of the penalty that keeps rewards centred on zero (TRL; 0.01 is typical)."},
    )


def stage_yaml(stage: str) -> Path:
    """Path of the YAML config shipped for a stage (package data ``train/configs/<stage>.yaml``).

    Args:
        stage: ``sft``, ``rm``, or another stage that ships a file.

    Returns:
        The file path (it may not exist for a stage that ships none).
    """
    return Path(str(resources.files("toolc.train") / "configs" / f"{stage}.yaml"))


def load_yaml_config(path: str | Path) -> dict[str, Any]:
    """Reads a stage config file.

    Args:
        path: YAML file holding a mapping of field names to values (``-`` in names is read as ``_``).

    Returns:
        The mapping (empty for an empty file).

    Raises:
        InputError: the file cannot be read, is not YAML, or is not a YAML mapping.
    """
    with on_path(path, "read"):
        text = Path(path).read_text(encoding="utf-8", errors="replace")
    try:
        value = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise InputError(f"{path}: not valid YAML ({' '.join(str(exc).split())})") from None
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise InputError(f"{path}: expected a mapping of option names to values, got {type(value).__name__}")
    return {str(k).replace("-", "_"): v for k, v in value.items()}


def parse_stage_args(config_cls: type[T], argv: Sequence[str] | None, default_yaml: str | Path | None, *,
                     prog: str | None = None) -> T:
    """Builds a stage config from its YAML file and command-line flags (flags win).

    Args:
        config_cls: a dataclass whose fields have ``metadata["help"]``; ``metadata["required"]`` marks fields that
            must come from the YAML file or a flag; other metadata keys (``aliases``, ``nargs``, ``const``) go to
            ``argparse``.
        argv: the arguments after the subcommand (``None``: ``sys.argv[1:]``). ``--config PATH`` picks the YAML
            file.
        default_yaml: the YAML file used without ``--config``: a path, a stage name (``"sft"`` ->
            ``train/configs/sft.yaml``), or ``None`` for none.
        prog: program name for usage and errors (e.g. ``"toolc train sft"``).

    Returns:
        The config instance.

    Raises:
        SystemExit: bad flags, unknown YAML keys (with a "did you mean"), a missing required value, or ``--help``
            (argparse's behaviour; status 2, or 0 for help).
    """
    import sys

    argv = list(sys.argv[1:] if argv is None else argv)
    pre = argparse.ArgumentParser(add_help=False)
    pre.add_argument("--config")
    known, _ = pre.parse_known_args(argv)
    yaml_path: Path | None = None
    if known.config:
        yaml_path = Path(known.config)
    elif default_yaml is not None:
        yaml_path = Path(default_yaml)
        if not yaml_path.suffix and not yaml_path.is_file():  # a stage name, even if a directory has that name
            yaml_path = stage_yaml(str(default_yaml))

    parser = HfArgumentParser(config_cls, prog=prog, description=(config_cls.__doc__ or "").strip())
    for action in parser._actions:  # help is %-formatted by argparse: a literal % (`{% generation %}`) must be %%
        if action.help:
            action.help = action.help.replace("%", "%%")
    parser.add_argument(
        "--config",
        default=str(yaml_path) if yaml_path else None,
        help="YAML file of option values; command-line flags override it.",
    )
    values: dict[str, Any] = {}
    if yaml_path is not None:
        try:
            values = load_yaml_config(yaml_path)
        except InputError as exc:
            parser.error(f"config file {exc}")
    names = [f.name for f in dataclasses.fields(config_cls) if f.init]
    unknown = [k for k in values if k not in names]
    if unknown:
        key = unknown[0]
        close = difflib.get_close_matches(key, names, n=1)
        hint = f"; did you mean `{close[0]}`?" if close else ""
        parser.error(f"{yaml_path}: unknown option `{key}`{hint}")
    parser.set_defaults(**values)
    for action in parser._actions:  # a value from the YAML file satisfies a required flag
        if action.dest in values:
            action.required = False
    try:
        parsed = parser.parse_args_into_dataclasses(args=argv, look_for_args_file=False)
    except UsageError as exc:  # a value the config's __post_init__ refuses
        parser.error(str(exc))
    config = parsed[0]
    missing = [
        f.name for f in dataclasses.fields(config_cls)
        if f.metadata.get("required") and getattr(config, f.name) in (None, "")
    ]
    if missing:
        parser.error(f"--{missing[0]} is required (on the command line or in the config file)")
    return config


def config_to_dict(config: Any) -> dict[str, Any]:
    """The config as a plain mapping (for ``train_summary.json`` and re-running with ``--config``)."""
    return dataclasses.asdict(config)
