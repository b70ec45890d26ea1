"""Vocabulary: the names every stage shares -- dataset kinds, splits, turn expectations, perturbations, formats (input: none; output: constants).

Defined once here and imported everywhere else (compiler, writers, checker, train), so a new kind or
perturbation is one edit. The names follow the field's terms: SFT / RM / PPO datasets as TRL calls them
(https://huggingface.co/docs/trl/dataset_formats), ``train`` / ``test`` splits as ``datasets`` does, and the
perturbation labels of ``../shared/design/LANGUAGE.md``.
"""

from __future__ import annotations

from typing import Literal, get_args

__all__ = ["DEFAULT_FORMATS", "EXPECTS", "Expect", "FORMATS", "HOLDOUTS", "KINDS", "Kind", "PERTURBATIONS", "SPLITS",
           "Split"]

#: A dataset kind: supervised fine-tuning conversations, reward-model preference pairs, RL prompts.
Kind = Literal["sft", "rm", "ppo"]
#: The dataset kinds, in build order.
KINDS: tuple[Kind, ...] = get_args(Kind)

#: A split of every dataset.
Split = Literal["train", "test"]
SPLITS: tuple[Split, ...] = get_args(Split)

#: What an assistant turn does: tool calls, a reply without a call, a question for a missing argument, a
#: question that restates a call with side effects before making it, or a refusal (no offered tool can do it).
Expect = Literal["call", "none", "clarify", "confirm", "refuse"]
EXPECTS: tuple[Expect, ...] = get_args(Expect)

#: The perturbation labels of RM ``rejected`` answers (``compiler/perturb.py``, ``compiler/perturb_turns.py``): the
#: errors FC-RewardBench counts in tool calls, in its order of frequency, then the mistakes of turns where another
#: kind of answer is due.
PERTURBATIONS: tuple[str, ...] = (
    "value",
    "tool",
    "count",
    "missing_optional",
    "missing",
    "type",
    "extra",
    "format",
    "order",
    "no_call",
    "spurious_call",
    "needless_refusal",
    "wrong_fact",
    "skip_clarify",
    "skip_confirm",
    "skip_refuse",
    "ignore_error",
    "wrong_language",
    "made_up_results",
)

#: Build formats in their canonical order (writers are registered under these names, see compiler.writers).
FORMATS: tuple[str, ...] = ("qwen", "qwen-fc", "openai", "openai-functions", "alpaca", "qwen2.5", "llamafactory",
                           "openai-ft")
#: Formats built when a dataset names none.
DEFAULT_FORMATS: tuple[str, ...] = FORMATS[:5]
#: What a dataset's `test ... holdout` may hold out of the train split.
HOLDOUTS: tuple[str, ...] = ("templates", "values")
