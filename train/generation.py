"""Training stage, generation for evaluation: decision points -> completions, each marked finished or not.

Three generators answer a batch of :class:`train.evaluate.DecisionPoint` s with one :class:`Completion` each:

* :class:`HFGenerator` -- greedy decoding with a ``transformers`` causal LM and its chat template; a completion is
  finished when a stop token (the family's end-of-turn strings, eos) came within the budget. Its loop
  (:func:`greedy_decode`) writes ``generate``'s tokens but lets finished rows leave the batch;
* :class:`BabbleGenerator` -- the babble baseline: a "model" that never stops, writing the conversation's last user
  message over and over up to the budget. Its words would pass naive content checks (it mentions what the user
  said), so it shows what an evaluation that scores unfinished answers would credit; toolc's scores it 0;
* any callable returning plain strings (scripted answers in tests, an API client): strings count as finished.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

from toolc.compiler.families import DEFAULT_FAMILY, Family, family_of_template, get_family

if TYPE_CHECKING:
    from toolc.train.evaluate import DecisionPoint

#: Stop strings of the default family's chat template (Qwen3's end of turn and end of text; the family registry's).
STOP_STRINGS: tuple[str, ...] = get_family(DEFAULT_FAMILY).stop
#: Default greedy-decoding budget per decision point (a Qwen tool call is ~30-80 tokens; replies are short).
DEFAULT_MAX_NEW_TOKENS = 256


class Completion(NamedTuple):
    """One generated answer: its ``text`` (cut at the first stop string) and whether it ``stopped`` within the
    budget (a stop token or eos was generated)."""

    text: str
    stopped: bool = True


def as_completion(value: str | Completion | tuple[str, bool]) -> Completion:
    """A generator's answer as a :class:`Completion` (a plain string is a finished answer)."""
    if isinstance(value, str):
        return Completion(value, True)
    text, stopped = value
    return Completion(str(text), bool(stopped))


def stop_token_ids(tokenizer: Any, model: Any = None, family: Family | None = None) -> list[int]:
    """Token ids that end an assistant turn: the family's stop strings (default: ``<|im_end|>``,
    ``<|endoftext|>``), eos and the model's eos ids."""
    ids: list[int] = []
    vocab = tokenizer.get_vocab()
    for s in (family.stop if family is not None else STOP_STRINGS):
        if s in vocab:
            ids.append(vocab[s])
    if tokenizer.eos_token_id is not None:
        ids.append(tokenizer.eos_token_id)
    gen_cfg = getattr(model, "generation_config", None)
    eos = getattr(gen_cfg, "eos_token_id", None)
    ids += eos if isinstance(eos, list) else ([eos] if eos is not None else [])
    return sorted(set(ids))


def cut_at_stop(text: str, stops: Iterable[str]) -> str:
    """Truncates a decoded completion at the first stop string (a family's parser puts the end-of-turn marker
    back: :meth:`compiler.families.Family.terminate`)."""
    cut = len(text)
    for s in stops:
        if s:
            k = text.find(s)
            if 0 <= k < cut:
                cut = k
    return text[:cut]


class HFGenerator:
    """Greedy generation with a ``transformers`` causal LM and its chat template.

    Counts the tokens it generated (``new_tokens``) and the completions cut by the budget before any stop token
    (``truncated``).

    Args:
        model: a causal LM (``PreTrainedModel`` or ``peft.PeftModel``), on any device.
        tokenizer: its tokenizer (with a chat template).
        max_new_tokens: generation budget per decision point.
        chat_template_kwargs: extra variables for the chat template (e.g. ``{"enable_thinking": False}`` for
            Qwen3).
        family: the model family (its stop strings; its parser reads the completions); default: the family whose
            template the tokenizer carries, if any.
    """

    def __init__(self, model: Any, tokenizer: Any, *, max_new_tokens: int = DEFAULT_MAX_NEW_TOKENS,
                 chat_template_kwargs: Mapping[str, Any] | None = None, family: Family | None = None) -> None:
        self.model = model
        self.tokenizer = tokenizer
        self.chat_template_kwargs = dict(chat_template_kwargs or {})
        self.family = family if family is not None else family_of_template(getattr(tokenizer, "chat_template", None))
        self.stop_ids = stop_token_ids(tokenizer, model, self.family)
        self.max_new_tokens = max_new_tokens
        self.pad_token_id = tokenizer.pad_token_id if tokenizer.pad_token_id is not None else self.stop_ids[0]
        stops = self.family.stop if self.family is not None else STOP_STRINGS
        self.stop_strings = [s for s in dict.fromkeys((*stops, tokenizer.eos_token, tokenizer.pad_token)) if s]
        self.new_tokens = 0
        self.truncated = 0

    def render(self, point: DecisionPoint) -> str:
        """The prompt text of a decision point: the chat template with the offered tools and generation prompt."""
        return self.tokenizer.apply_chat_template(
            point.prompt, tools=point.tools or None, add_generation_prompt=True, tokenize=False,
            **self.chat_template_kwargs,
        )

    def __call__(self, points: Sequence[DecisionPoint]) -> list[Completion]:
        """Generates one completion per decision point (one left-padded batch).

        Args:
            points: the batch.

        Returns:
            The completions: texts with special tokens kept (``<tool_call>`` survives), cut at the first stop
            string, and whether each stopped within the budget.
        """
        import torch

        texts = [self.render(p) for p in points]
        side = self.tokenizer.padding_side
        self.tokenizer.padding_side = "left"
        try:
            enc = self.tokenizer(texts, return_tensors="pt", padding=True, add_special_tokens=False)
        finally:
            self.tokenizer.padding_side = side
        device = next(self.model.parameters()).device
        enc = {k: v.to(device) for k, v in enc.items()}
        with torch.inference_mode():
            new = greedy_decode(self.model, enc["input_ids"], enc["attention_mask"], self.max_new_tokens,
                                self.stop_ids, self.pad_token_id)
        self.new_tokens += int((new != self.pad_token_id).sum())
        stopped = torch.isin(new, torch.tensor(self.stop_ids, device=new.device)).any(dim=1)
        self.truncated += int((~stopped).sum())
        decoded = self.tokenizer.batch_decode(new, skip_special_tokens=False)
        return [Completion(cut_at_stop(t, self.stop_strings), bool(s)) for t, s in zip(decoded, stopped.tolist())]


def greedy_decode(model: Any, input_ids: Any, attention_mask: Any, max_new_tokens: int, stop_ids: Sequence[int],
                  pad_token_id: int) -> Any:
    """Greedy decoding of a left-padded batch that drops each row from the batch once it has written a stop token.

    ``model.generate`` keeps a finished row in the batch until the last row stops; in an evaluation where a few
    answers run to the budget (an untrained or rambling model), every batch then pays for all its rows at every
    step. Here finished rows leave the batch and the key/value cache (``DynamicCache.batch_select_indices``), so
    the remaining steps cost what the unfinished rows cost. The tokens are those of ``generate`` with
    ``do_sample=False``: the argmax of the last position's logits, position ids counted over the attention mask
    as ``generate`` counts them for left padding (tested against ``generate`` in tests/test_eval.py).

    Args:
        model: a causal LM (``PreTrainedModel`` or ``peft.PeftModel``).
        input_ids, attention_mask: ``(batch, prompt length)`` tensors, left-padded.
        max_new_tokens: the budget per row.
        stop_ids: token ids that end a row (the stop token itself is kept, as ``generate`` keeps it).
        pad_token_id: what fills a row after its stop token and up to the longest row.

    Returns:
        A ``(batch, n)`` tensor of new tokens, ``n <= max_new_tokens`` the most any row wrote.
    """
    import torch
    from transformers import DynamicCache

    n, device = input_ids.shape[0], input_ids.device
    out = torch.full((n, max_new_tokens), pad_token_id, dtype=input_ids.dtype, device=device)
    stops = torch.tensor(list(stop_ids), dtype=input_ids.dtype, device=device)
    rows = torch.arange(n, device=device)
    mask = attention_mask
    positions = (mask.long().cumsum(-1) - 1).masked_fill(mask == 0, 1)
    # the model's own layer kinds (sliding-window layers of Gemma, gpt-oss ...), as generate builds its cache
    config = getattr(model, "config", None)
    ids, cache, written = input_ids, DynamicCache(config=config) if config is not None else DynamicCache(), 0
    for step in range(max_new_tokens):
        logits = model(input_ids=ids, attention_mask=mask, position_ids=positions, past_key_values=cache,
                       use_cache=True).logits[:, -1, :]
        token = logits.argmax(-1)
        out[rows, step] = token
        written = step + 1
        going = ~torch.isin(token, stops)
        if not bool(going.any()):
            break
        if not bool(going.all()):
            keep = going.nonzero().squeeze(-1)
            cache.batch_select_indices(keep)
            rows, token, mask, positions = rows[keep], token[keep], mask[keep], positions[keep]
        ids = token[:, None]
        mask = torch.cat([mask, mask.new_ones((mask.shape[0], 1))], dim=1)
        positions = positions[:, -1:] + 1
    return out[:, :written]


def auto_max_new_tokens(points: Sequence[DecisionPoint], tokenizer: Any, *, margin: int = 16,
                        chat_template_kwargs: Mapping[str, Any] | None = None) -> int:
    """A generation budget from the data: the longest gold assistant turn of the split (tokens) plus ``margin``.

    Args:
        points: decision points (:func:`decision_points`).
        tokenizer: the model's tokenizer (its chat template renders the gold turns).
        margin: extra tokens.
        chat_template_kwargs: extra chat-template variables.

    Returns:
        The budget; an untrained model that never stops then costs no more than a right answer would.
    """
    longest = 0
    for p in points:
        kw = dict(chat_template_kwargs or {})
        prompt = tokenizer.apply_chat_template(p.prompt, tools=p.tools or None, add_generation_prompt=True,
                                               tokenize=False, **kw)
        full = tokenizer.apply_chat_template(p.prompt + [p.target], tools=p.tools or None, tokenize=False, **kw)
        longest = max(longest, len(tokenizer(full[len(prompt):], add_special_tokens=False)["input_ids"]))
    return longest + margin


class BabbleGenerator:
    """The babble baseline: never stops; repeats the last user message (or ``"..."``) up to the budget.

    With a tokenizer the text is exactly ``max_new_tokens`` tokens of it; without, ``max_new_tokens``
    whitespace-separated words. Counts ``new_tokens`` and ``truncated`` like :class:`HFGenerator` (every answer
    is cut by the budget).

    Args:
        max_new_tokens: the generation budget it fills.
        tokenizer: a tokenizer to count tokens with (optional).
    """

    family: Family | None = None

    def __init__(self, max_new_tokens: int = DEFAULT_MAX_NEW_TOKENS, tokenizer: Any = None) -> None:
        if max_new_tokens < 1:
            raise ValueError(f"max_new_tokens must be >= 1, got {max_new_tokens}")
        self.max_new_tokens = max_new_tokens
        self.tokenizer = tokenizer
        self.new_tokens = 0
        self.truncated = 0

    def babble(self, point: DecisionPoint) -> str:
        """The never-ending answer to one decision point."""
        said = next((str(m.get("content") or "") for m in reversed(point.prompt) if m.get("role") == "user"), "")
        said = said.strip() or "..."
        if self.tokenizer is not None:
            ids = self.tokenizer(said + " ", add_special_tokens=False)["input_ids"] or [0]
            ids = (ids * (self.max_new_tokens // len(ids) + 1))[: self.max_new_tokens]
            return self.tokenizer.decode(ids, skip_special_tokens=True)
        words = said.split()
        return " ".join((words * (self.max_new_tokens // len(words) + 1))[: self.max_new_tokens])

    def __call__(self, points: Sequence[DecisionPoint]) -> list[Completion]:
        """One unfinished completion per point."""
        self.new_tokens += self.max_new_tokens * len(points)
        self.truncated += len(points)
        return [Completion(self.babble(p), False) for p in points]
