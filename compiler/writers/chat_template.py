"""Writers stage, chat-template formats: ``Record`` -> a row of text rendered by a model family's own chat template.

Formats ``qwen`` (family ``qwen3``), ``qwen2.5`` (``qwen2_5``) and ``chat:NAME`` (any registered family, or a
template given by path; see :mod:`compiler.families.formats`). The text is what
``tokenizer.apply_chat_template(messages, tools=tools, tokenize=False)`` returns for that family's tokenizer,
byte for byte: the template is rendered by transformers' own Jinja environment with the family's special tokens,
``strftime_now`` bound to the build's reference date, and the messages converted as the family needs and only
that (:meth:`compiler.families.Family.template_messages`).

Rows:

* ``sft``: ``{"text"}`` -- the whole conversation;
* ``rm``: ``{"prompt", "chosen", "rejected"}`` -- ``prompt`` is the prompt messages rendered with
  ``add_generation_prompt=True`` and ``prompt + chosen`` is the whole conversation with the chosen answer (TRL's
  standard preference format, https://huggingface.co/docs/trl/dataset_formats#preference). Where a family's
  generation prompt is not a prefix of that (DeepSeek V3 prompts ``<think>\\n``, Nemotron 3 ``<think>\\n`` where
  an answer without reasoning renders ``<think></think>``), ``prompt`` is the longest prefix the three renders
  share, cut back to the end of the family's last special token in it;
* ``ppo``: ``{"prompt"}`` rendered with ``add_generation_prompt=True``.

Training variant (format ``F-train``): the same rows rendered with the family's ``{% generation %}``-marked
training template (TRL's ``_training`` twin), where every assistant turn is rendered alike (Qwen3's empty
``<think>`` block on every turn, not only the last), plus for ``sft`` the ``assistant_spans`` column: the
``[start, end)`` character offsets of the assistant's output (what the loss is computed on; never the system
prompt, the tool list, user turns or tool results). With a local tokenizer (``chat:DIR-train``) ``sft`` rows
also carry ``input_ids`` and ``assistant_masks`` (1 on the assistant's tokens), what
``tokenizer.apply_chat_template(..., tokenize=True, return_dict=True, return_assistant_tokens_mask=True)``
returns with the training template, so TRL's ``SFTTrainer(assistant_only_loss=True)`` can train on them as they
are.

A record the family cannot express (:meth:`compiler.families.Family.unsupported`: Llama 3.x and parallel calls,
DeepSeek V3 and a tool list) or that the template raises on is left out of the format's files:
:meth:`ChatTemplateWriter.render` raises :class:`LeftOut` and the build counts it.
"""

from __future__ import annotations

import datetime as _dt
from typing import Any

from toolc.compiler.writers.features import List, Value

from toolc.compiler.families import CallIds, Family, Rendered
from toolc.compiler.record import Record
from toolc.vocab import Kind
from toolc.compiler.writers.base import Writer, string_features

__all__ = ["ChatTemplateWriter", "LeftOut", "shared_prefix"]


class LeftOut(Exception):  # noqa: N818 - a signal to the build, not an error
    """A record that a format cannot express; the build leaves it out of that format's files and counts it.

    Attributes:
        construct: what cannot be expressed (``"parallel calls"``, ``"tool list"``, ``"template error: ..."``).
    """

    def __init__(self, construct: str) -> None:
        super().__init__(construct)
        self.construct = construct


def shared_prefix(texts: list[str], tokens: tuple[str, ...]) -> str:
    """The longest common prefix of ``texts``, cut back so that it splits none of the family's special tokens.

    Args:
        texts: the renders (generation prompt, prompt + chosen, prompt + rejected).
        tokens: the family's special tokens; where the common prefix ends inside one of them in any text (DeepSeek
            V3's prompt ``<｜Assistant｜><think>`` against the answer ``<｜Assistant｜><｜tool▁calls▁begin｜>`` share
            the ``<``), it ends before that token instead.

    Returns:
        the shared prefix.
    """
    first = min(texts, key=len)
    n = len(first)
    for t in texts:
        i, limit = 0, min(n, len(t))
        while i < limit and t[i] == first[i]:
            i += 1
        n = i
    changed = True
    while changed:
        changed = False
        for tok in tokens:
            for t in texts:
                k = t.find(tok, max(0, n - len(tok) + 1), n + len(tok) - 1) if tok else -1
                if 0 <= k < n < k + len(tok):
                    n, changed = k, True
    return first[:n]


class ChatTemplateWriter(Writer):
    """Renders records with a family's chat template (see the module docstring).

    Args:
        family: the model family.
        name: the format name (output directory): ``qwen``, ``chat-llama3_1``, ``qwen-train``.
        training: render the training variant.
        today: the reference date ``strftime_now`` renders (templates that stamp the date); ``None``: the
            template sees no ``strftime_now`` override (transformers' clock).
        tokenizer: a local tokenizer directory; with ``training``, ``sft`` rows also get its ``input_ids`` and
            ``assistant_masks``.

    Raises:
        ValueError: ``training`` and the family has no training template.
    """

    def __init__(self, family: Family, name: str | None = None, *, training: bool = False,
                 today: _dt.date | None = None, tokenizer: str | None = None) -> None:
        self.family = family
        self.name = name or f"chat-{family.name}{'-train' if training else ''}"
        self.training = training
        self.today = today
        self.tokenizer_dir = tokenizer if training else None
        self._tokenizer: Any = None
        #: render the system turn and tool list once per tool set (:meth:`_head`), where the family's template
        #: writes them as a prefix independent of the rest (``Family.shared_head``, proven on the bundled rows)
        self.shared_head = family.shared_head
        self._heads: dict[tuple[str, tuple[int, ...]], tuple[tuple[Any, ...], str]] = {}
        self._seen: set[tuple[str, tuple[int, ...]]] = set()
        #: sightings of a (system prompt, tool set) before its head is rendered apart (0: from the first; tests)
        self.head_after = 1

    def __repr__(self) -> str:
        return f"{type(self).__name__}(family={self.family.name!r}, name={self.name!r}, training={self.training})"

    @property
    def chat_template(self) -> str:
        """The Jinja source rows are rendered with."""
        return self.family.chat_template(self.training)

    def apply(self, messages: list[dict[str, Any]], tools: Any, add_generation_prompt: bool = False) -> str:
        """Renders template-input messages exactly as ``apply_chat_template(..., tokenize=False)`` does.

        Args:
            messages: template input (:meth:`compiler.families.Family.template_messages`); not modified.
            tools: OpenAI function tools; empty or ``None`` renders no tool list.
            add_generation_prompt: append the header of a new assistant turn.

        Returns:
            the rendered text.
        """
        return self._render(messages, tools, add_generation_prompt).text

    def _render(self, messages: list[dict[str, Any]], tools: Any, add_generation_prompt: bool = False,
                spans: bool = False) -> Rendered:
        import jinja2

        try:
            if self.shared_head and not spans and messages:
                # the system turn and the tool list, or the tool list alone (a conversation without a system turn)
                system = messages[0]["role"] == "system"
                head = self._head(messages[0] if system else None, tools) if system or tools else None
                if head is not None:
                    tail = self.family.render(messages[1:] if system else messages, None,
                                              add_generation_prompt=add_generation_prompt, training=self.training,
                                              today=self.today)
                    return Rendered(head + tail.text)
            return self.family.render(messages, tools, add_generation_prompt=add_generation_prompt,
                                      training=self.training, today=self.today, spans=spans)
        except jinja2.TemplateError as exc:
            raise LeftOut(f"template error: {exc}") from None

    def _head(self, system: dict[str, Any] | None, tools: Any) -> str | None:
        """The text of the system turn and the tool list, rendered once per (system prompt, tool set), or ``None``
        the first time a pair is seen (most pairs of a build occur once: rendering their head apart would cost a
        render more than it saves).

        ``system`` ``None``: the tool list of a conversation without a system turn, which the template writes as a
        system turn of its own; it is what a one-message conversation renders with the tools beyond what it renders
        without them (``None`` for good when that is not a prefix: such rows are rendered whole).

        The cache key is the identity of the tool definitions (build-lifetime dicts, never mutated; the entry keeps
        them alive so an identity is not reused) and the system prompt.
        """
        key = (None if system is None else system["content"], tuple(id(t) for t in tools or ()))
        hit = self._heads.get(key)
        if hit is not None:
            return hit[1]
        if self.head_after and key not in self._seen:
            if len(self._seen) > 262_144:
                self._seen.clear()
            self._seen.add(key)
            return None
        if len(self._heads) > 65_536:
            self._heads.clear()
        if system is not None:
            text = self.family.render([system], tools, training=self.training, today=self.today).text
        else:
            probe = [{"role": "user", "content": ""}]
            text = self.family.render(probe, tools, training=self.training, today=self.today).text
            bare = self.family.render(probe, None, training=self.training, today=self.today).text
            text = text[:len(text) - len(bare)] if text.endswith(bare) and len(text) > len(bare) else None
        self._heads[key] = (tuple(tools or ()), text)
        return text

    def body_features(self, kind: Kind) -> dict[str, Any]:
        """``sft``: ``text`` (+ ``assistant_spans``, a list of ``[start, end]`` for the training variant); ``rm``:
        ``prompt``, ``chosen``, ``rejected``; ``ppo``: ``prompt``."""
        if kind == "sft":
            if not self.training:
                return string_features("text")
            out = {"text": Value("string"), "assistant_spans": List(List(Value("int64")))}
            if self.tokenizer_dir is not None:
                out.update(input_ids=List(Value("int64")), assistant_masks=List(Value("int8")))
            return out
        if kind == "rm":
            return string_features("prompt", "chosen", "rejected")
        return string_features("prompt")

    def render(self, record: Record) -> dict[str, Any]:
        """Renders one record; see :meth:`Writer.render`.

        Raises:
            LeftOut: the family cannot express the record (the build counts it and leaves it out).
        """
        construct = self.family.unsupported(record)
        if construct is not None:
            raise LeftOut(construct)
        return super().render(record)

    def render_sft(self, record: Record) -> dict[str, Any]:
        """``{"text"}`` (training variant: ``{"text", "assistant_spans"}``)."""
        messages = self.family.template_messages(record.messages, self.training)
        if not self.training:
            return {"text": self._render(messages, record.tools).text}
        rendered = self._render(messages, record.tools, spans=True)
        row: dict[str, Any] = {"text": rendered.text, "assistant_spans": [list(s) for s in rendered.spans]}
        if self.tokenizer_dir is not None:
            row["input_ids"], row["assistant_masks"] = self.token_masks(rendered)
        return row

    def token_masks(self, rendered: Rendered) -> tuple[list[int], list[int]]:
        """Token ids of a training render and the mask of the assistant's tokens, as transformers computes them in
        ``apply_chat_template(..., return_assistant_tokens_mask=True)``: each span marks the tokens from the one
        holding its first character to the one holding its last.

        Raises:
            ValueError: the writer has no tokenizer.
        """
        if self.tokenizer_dir is None:
            raise ValueError(f"format `{self.name}` names no tokenizer")
        if self._tokenizer is None:
            from transformers import AutoTokenizer

            self._tokenizer = AutoTokenizer.from_pretrained(self.tokenizer_dir, local_files_only=True)
        enc = self._tokenizer(rendered.text, add_special_tokens=False)
        ids = list(enc["input_ids"])
        mask = [0] * len(ids)
        for start, end in rendered.spans:
            first, last = enc.char_to_token(start), enc.char_to_token(end - 1)
            if first is None:
                break
            for k in range(first, last + 1 if last is not None else len(ids)):
                mask[k] = 1
        return ids, mask

    def render_rm(self, record: Record) -> dict[str, Any]:
        """``{"prompt", "chosen", "rejected"}`` with ``prompt + chosen`` the whole conversation with the chosen
        answer, ``prompt + rejected`` with the rejected one."""
        ids = CallIds()
        prompt_input = self.family.template_messages(record.messages, self.training, ids)
        full = {}
        for answer in ("chosen", "rejected"):
            messages = prompt_input + self.family.template_messages(getattr(record, answer), self.training, ids.copy())
            full[answer] = self._render(messages, record.tools).text
        prompt = self._render(prompt_input, record.tools, add_generation_prompt=True).text
        if not all(f.startswith(prompt) for f in full.values()):
            prompt = shared_prefix([prompt, *full.values()], self.family.special_tokens)
        return {"prompt": prompt, "chosen": full["chosen"][len(prompt):], "rejected": full["rejected"][len(prompt):]}

    def render_ppo(self, record: Record) -> dict[str, Any]:
        """``{"prompt"}``: the prompt messages rendered with ``add_generation_prompt=True``."""
        messages = self.family.template_messages(record.messages, self.training)
        return {"prompt": self._render(messages, record.tools, add_generation_prompt=True).text}
