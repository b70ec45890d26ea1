"""Training stage, rewards: completions + the PPO rows' ground truth -> TRL reward functions for online RL (GRPO).

TRL's ``GRPOTrainer`` calls every reward function as ``func(prompts=..., completions=..., completion_ids=...,
**columns)`` where ``columns`` are the dataset's other columns as per-completion lists (``ground_truth``, ``tools``,
``expect``, ``id``, ...) plus ``trainer_state``, ``log_extra`` and ``log_metric``; it logs each function's mean
under ``rewards/<function name>/mean`` and sums them with ``GRPOConfig.reward_weights``
(``trl/trainer/grpo_trainer.py``, ``_calculate_rewards``). Completions are strings for a text (standard) dataset and
``[{"role": "assistant", "content": ...}]`` lists for a conversational one; both are accepted here.

Two kinds of reward:

* the verifiable tool-call reward, one function per component (``format``, ``tool_name``, ``arg_names``,
  ``arg_values``, ``content``; definitions in :mod:`compiler.checker.reward`) so TRL logs each, made by
  :func:`make_tool_call_reward_funcs`; a completion that ran out of tokens without ending scores 0;
* optionally a trained reward model (``toolc train rm``), which scores the whole conversation -- prompt plus the
  completion parsed into an assistant message -- rendered with the chat template exactly as TRL's ``RewardTrainer``
  rendered the training pairs (``apply_chat_template(prompt + [answer], tools=tools)``):
  :class:`RewardModelReward`.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from toolc.compiler.checker import COMPONENTS, parse_completion, reward_components
from toolc.compiler.families import DEFAULT_FAMILY, Family, get_family

RewardFunc = Callable[..., list[float]]

#: Dataset column holding the conversational prompt when the trainer's ``prompt`` column is pre-rendered text
#: (see :func:`train.rl.prepare_dataset`).
PROMPT_MESSAGES_COLUMN = "prompt_messages"


def completion_text(completion: Any) -> Any:
    """Passes a completion through in a shape :func:`compiler.checker.parse_completion` reads.

    Args:
        completion: a string, an assistant message dict, or a list of messages (TRL conversational).

    Returns:
        The completion unchanged when it is one of those shapes.

    Raises:
        TypeError: any other type.
    """
    if isinstance(completion, (str, Mapping, list)):
        return completion
    raise TypeError(f"unsupported completion type {type(completion).__name__}")


def _column(kwargs: Mapping[str, Any], name: str, n: int, default: Any = None) -> list[Any]:
    value = kwargs.get(name)
    if value is None:
        return [default] * n
    value = list(value)
    if len(value) != n:
        raise ValueError(f"reward column `{name}` has {len(value)} values for {n} completions")
    return value


def make_tool_call_reward_funcs(components: Sequence[str] = COMPONENTS, *, bfcl: bool = False,
                                family: Family | None = None,
                                stop_token_ids: Sequence[int] | None = None) -> list[RewardFunc]:
    """One TRL reward function per tool-call reward component.

    Each function has the GRPO signature ``f(prompts, completions, **kwargs) -> list[float]``, reads the
    ``ground_truth``, ``tools`` and ``expect`` columns from ``kwargs`` (JSON strings or decoded lists; a missing
    ``expect`` is inferred from the ground truth, missing ``tools`` means unknown schemas) and is named
    ``tool_call_<component>`` so TRL logs ``rewards/tool_call_<component>/mean``.

    Args:
        components: which components, in order (subset of :data:`compiler.checker.COMPONENTS`).
        bfcl: judge argument values with BFCL's rules.
        family: the policy's model family (``compiler.families.family_of_template(tokenizer.chat_template)``):
            text completions are parsed in its syntax, after their prompt; ``None``: the default parser.
        stop_token_ids: the token ids that end a turn (:func:`train.generation.stop_token_ids`); with them, a
            completion whose ``completion_ids`` (TRL passes them, up to and including the first eos) hold none
            ran out of ``max_completion_length`` without ending and scores 0 on every component, as evaluation
            scores an unfinished answer. ``None``: not checked.

    Returns:
        The functions, in ``components`` order (align ``GRPOConfig.reward_weights`` with it).

    Raises:
        ValueError: an unknown or repeated component, or none.
    """
    components = list(components)
    stops = frozenset(stop_token_ids or ())
    unknown = [c for c in components if c not in COMPONENTS]
    if unknown or not components or len(set(components)) != len(components):
        raise ValueError(f"reward components must be distinct names from {list(COMPONENTS)}, got {components}")

    def make(component: str) -> RewardFunc:
        def reward(prompts: Sequence[Any] | None = None, completions: Sequence[Any] = (), **kwargs: Any) -> list[float]:
            n = len(completions)
            truth = _column(kwargs, "ground_truth", n, [])
            tools = _column(kwargs, "tools", n, None)
            expect = _column(kwargs, "expect", n, None)
            prefixes = [p if isinstance(p, str) else "" for p in (prompts or [""] * n)]
            ids = _column(kwargs, "completion_ids", n, None) if stops else [None] * n
            return [
                0.0 if i is not None and not stops.intersection(i) else
                reward_components(completion_text(c), g, t, e, bfcl=bfcl, family=family, prefix=p)[component]
                for c, g, t, e, p, i in zip(completions, truth, tools, expect, prefixes, ids, strict=True)
            ]

        reward.__name__ = reward.__qualname__ = f"tool_call_{component}"
        reward.__doc__ = f"Tool-call reward component `{component}` (compiler.checker.reward), one value per completion."
        return reward

    return [make(c) for c in components]


def assistant_message(completion: Any) -> dict[str, Any]:
    """The assistant message a completion amounts to, for rendering with a chat template.

    Well-formed call blocks become ``tool_calls`` (arguments as dicts, as Qwen's template wants) and the text
    around them ``content``; a malformed completion stays verbatim text, as toolc's RM ``format`` perturbations are
    rendered. A leading reasoning block is dropped (the template writes its own).

    Args:
        completion: a string, an assistant message or a list of messages.

    Returns:
        ``{"role": "assistant", "content": str[, "tool_calls": [...]]}``.
    """
    turn = parse_completion(completion_text(completion))
    if not turn.format_ok:
        text = completion if isinstance(completion, str) else json.dumps(completion, ensure_ascii=False)
        for stop in get_family(DEFAULT_FAMILY).stop:
            text = text.split(stop, 1)[0]
        return {"role": "assistant", "content": text.strip()}
    msg: dict[str, Any] = {"role": "assistant", "content": turn.content}
    if turn.calls:
        msg["tool_calls"] = [{"type": "function", "function": {"name": c.name, "arguments": c.arguments}}
                             for c in turn.calls]
    return msg


class RewardModelReward:
    """A trained sequence-classification reward model as a TRL reward function.

    The conversation ``prompt messages + [assistant_message(completion)]`` is rendered with the reward model's
    chat template and the row's tools, tokenized (right padding, truncated to ``max_length``) and scored; the
    reward is the head's single logit (higher = better). The conversational prompt comes from the
    ``prompt_messages`` column when the trainer's ``prompt`` is pre-rendered text, else from ``prompts``.

    Args:
        model: ``AutoModelForSequenceClassification`` with ``num_labels == 1`` (:func:`train.model.load_reward_model`).
        tokenizer: its tokenizer (chat template, pad token).
        batch_size: sequences per forward pass.
        max_length: longest tokenized sequence (longer ones are truncated from the left so the answer stays).
        name: function name in TRL's logs (``rewards/<name>/mean``).
    """

    def __init__(self, model: Any, tokenizer: Any, *, batch_size: int = 8, max_length: int | None = 2048,
                 name: str = "reward_model") -> None:
        self.model = model
        self.tokenizer = tokenizer
        self.batch_size = batch_size
        self.max_length = max_length
        self.__name__ = name

    def texts(self, prompts: Sequence[Any], completions: Sequence[Any], **kwargs: Any) -> list[str]:
        """The rendered conversations the reward model scores (one per completion)."""
        n = len(completions)
        messages = _column(kwargs, PROMPT_MESSAGES_COLUMN, n, None)
        tools = _column(kwargs, "tools", n, None)
        out = []
        for p, m, c, t in zip(prompts, messages, completions, tools, strict=True):
            conv = m if m is not None else p
            if isinstance(conv, str):
                conv = json.loads(conv)
            if not isinstance(conv, list):
                raise ValueError("the reward model needs the conversational prompt (a `prompt_messages` column or "
                                 "conversational `prompts`)")
            t = json.loads(t) if isinstance(t, str) else t
            out.append(self.tokenizer.apply_chat_template(list(conv) + [assistant_message(c)], tools=t or None,
                                                          tokenize=False))
        return out

    def __call__(self, prompts: Sequence[Any], completions: Sequence[Any], **kwargs: Any) -> list[float]:
        """Scores each completion with the reward model.

        Args:
            prompts: the prompts (text or messages).
            completions: the completions.
            **kwargs: dataset columns (``prompt_messages``, ``tools``, ...).

        Returns:
            One float per completion.
        """
        import torch

        texts = self.texts(prompts, completions, **kwargs)
        device = next(self.model.parameters()).device
        side, tside = self.tokenizer.padding_side, self.tokenizer.truncation_side
        self.tokenizer.padding_side, self.tokenizer.truncation_side = "right", "left"
        scores: list[float] = []
        try:
            for k in range(0, len(texts), self.batch_size):
                enc = self.tokenizer(texts[k:k + self.batch_size], return_tensors="pt", padding=True,
                                     add_special_tokens=False, truncation=self.max_length is not None,
                                     max_length=self.max_length)
                enc = {key: v.to(device) for key, v in enc.items()}
                with torch.inference_mode():
                    logits = self.model(**enc).logits
                scores += logits[:, 0].float().tolist()
        finally:
            self.tokenizer.padding_side, self.tokenizer.truncation_side = side, tside
        return scores
