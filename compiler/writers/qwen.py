"""Writers stage, format ``qwen``: ``Record`` -> a row of text rendered by Qwen's own chat template.

The text is what ``tokenizer.apply_chat_template(messages, tools=tools, tokenize=False)`` returns for a
Qwen tokenizer, byte for byte: the templates are the official Qwen3 and Qwen2.5 chat templates that TRL
ships (``trl.chat_template_utils.qwen3_chat_template`` / ``qwen2_5_chat_template``, copies of the
``chat_template`` of ``Qwen/Qwen3-0.6B`` and ``Qwen/Qwen2.5-*-Instruct`` on the Hugging Face Hub), and
they are rendered by transformers' own Jinja environment (``transformers.utils.chat_template_utils``).

Rows:

* ``sft``: ``{"text"}`` -- the whole conversation.
* ``rm``: ``{"prompt", "chosen", "rejected"}`` -- ``prompt`` is the prompt messages rendered with
  ``add_generation_prompt=True``; ``chosen`` / ``rejected`` are what rendering prompt + answer adds after
  it (TRL's "standard" preference format, https://huggingface.co/docs/trl/dataset_formats#preference).
* ``ppo``: ``{"prompt"}`` (with ``add_generation_prompt=True``), plus the shared ``ground_truth`` and
  ``expect`` columns.

An assistant message with ``raw`` set (malformed answer, RM ``format`` perturbation) is plain assistant
text ``raw`` (:func:`compiler.record.messages_to_template_input`).
"""

from __future__ import annotations

import functools
import importlib.resources
from typing import Any, Literal

from toolc.compiler.record import Record, messages_to_template_input
from toolc.vocab import Kind
from toolc.compiler.writers.base import Writer, string_features
from toolc.errors import RenderError

__all__ = ["QWEN_TEMPLATE_NAMES", "QwenWriter", "qwen_chat_template"]

QwenTemplate = Literal["qwen3", "qwen2.5"]

#: The Qwen chat templates this writer renders with.
QWEN_TEMPLATE_NAMES: tuple[str, ...] = ("qwen3", "qwen2.5")


#: Template name -> (the ``trl.chat_template_utils`` attribute, the file in trl's ``chat_templates`` it reads).
_TRL_TEMPLATES = {"qwen3": ("qwen3_chat_template", "qwen3.jinja"), "qwen2.5": ("qwen2_5_chat_template", "qwen2_5.jinja")}


@functools.cache
def qwen_chat_template(template: str) -> str:
    """The Jinja source of a Qwen chat template, as TRL ships it.

    ``trl.chat_template_utils`` reads each template from a file in trl's package data; this reads the same
    file without importing that module, which pulls in ``torch`` and ``transformers``' model code (4 CPU
    seconds, measured) -- and nothing here needs them. Should trl move the file, the module is imported.

    Args:
        template: ``"qwen3"`` (``trl.chat_template_utils.qwen3_chat_template``) or ``"qwen2.5"``
            (``qwen2_5_chat_template``).

    Returns:
        the template text.

    Raises:
        ValueError: for an unknown template name.
    """
    if template not in _TRL_TEMPLATES:
        raise ValueError(f"unknown Qwen chat template `{template}`; expected one of {', '.join(_TRL_TEMPLATES)}")
    attribute, file_name = _TRL_TEMPLATES[template]
    try:
        source = importlib.resources.files("trl").joinpath("chat_templates").joinpath(file_name)
        return source.read_text(encoding="utf-8")
    except OSError:  # pragma: no cover - depends on the installed trl
        from trl import chat_template_utils

        return getattr(chat_template_utils, attribute)


def _compile(chat_template: str) -> Any:
    """The compiled Jinja template transformers renders ``chat_template`` with, or ``None``.

    ``transformers.utils.chat_template_utils._compile_jinja_template`` is the ``lru_cache``-d compiler
    behind ``apply_chat_template`` (sandboxed environment, ``trim_blocks``/``lstrip_blocks``, transformers'
    ``tojson`` filter). Rendering it directly skips the per-call copying of every message that the public
    ``render_jinja_template`` does (``_plain_template_data``), which our inputs -- fresh plain dicts -- do
    not need; the output is the same string. The name is private, so a transformers release without it
    makes us fall back to the public function.
    """
    try:
        from transformers.utils.chat_template_utils import _compile_jinja_template
    except ImportError:  # pragma: no cover - depends on the installed transformers
        return None
    return _compile_jinja_template(chat_template)


class QwenWriter(Writer):
    """Renders records with a Qwen chat template.

    Args:
        template: ``"qwen3"`` (Qwen3, the default; what the registered ``qwen`` format uses) or
            ``"qwen2.5"``.
        name: the format name this instance reports; defaults to ``"qwen"`` for Qwen3 and ``"qwen2.5"``
            otherwise.

    Raises:
        ValueError: for an unknown template name.
    """

    def __init__(self, template: QwenTemplate = "qwen3", name: str | None = None) -> None:
        if template not in QWEN_TEMPLATE_NAMES:
            raise ValueError(
                f"unknown Qwen chat template `{template}`; expected one of {', '.join(QWEN_TEMPLATE_NAMES)}"
            )
        self.template = template
        self.name = name if name is not None else ("qwen" if template == "qwen3" else template)

    @functools.cached_property
    def chat_template(self) -> str:
        """The Jinja source (loaded on first use, see :func:`qwen_chat_template`)."""
        return qwen_chat_template(self.template)

    @functools.cached_property
    def _compiled(self) -> Any:
        return _compile(self.chat_template)

    def __repr__(self) -> str:
        return f"QwenWriter(template={self.template!r}, name={self.name!r})"

    def apply(
        self,
        messages: list[dict[str, Any]],
        tools: tuple[dict[str, Any], ...] | list[dict[str, Any]] | None,
        add_generation_prompt: bool = False,
    ) -> str:
        """Renders template-input messages exactly as ``apply_chat_template(..., tokenize=False)`` does.

        Args:
            messages: ``apply_chat_template`` input (see
                :func:`compiler.record.messages_to_template_input`); not modified. Keys whose value is
                ``None`` must already be absent (``apply_chat_template`` drops them).
            tools: OpenAI function tools; empty or ``None`` renders no tool block.
            add_generation_prompt: append the ``<|im_start|>assistant\\n`` header.

        Returns:
            the rendered text.
        """
        tools = tools or None
        if self._compiled is not None:
            return self._compiled.render(
                messages=messages, tools=tools, documents=None, add_generation_prompt=add_generation_prompt
            )
        from transformers.utils.chat_template_utils import render_jinja_template  # pragma: no cover

        rendered, _ = render_jinja_template(  # pragma: no cover
            conversations=[messages],
            tools=list(tools) if tools else None,
            chat_template=self.chat_template,
            add_generation_prompt=add_generation_prompt,
        )
        return rendered[0]  # pragma: no cover

    def body_features(self, kind: Kind) -> dict[str, Any]:
        """``sft``: ``text``; ``rm``: ``prompt``, ``chosen``, ``rejected``; ``ppo``: ``prompt`` (all strings)."""
        if kind == "sft":
            return string_features("text")
        if kind == "rm":
            return string_features("prompt", "chosen", "rejected")
        return string_features("prompt")

    def render_sft(self, record: Record) -> dict[str, Any]:
        """``{"text": apply_chat_template(messages, tools)}``."""
        return {"text": self.apply(messages_to_template_input(record.messages), record.tools)}

    def _continuation(self, record: Record, prompt_input: list[dict[str, Any]], prompt: str, answer: str) -> str:
        messages = prompt_input + messages_to_template_input(getattr(record, answer))
        full = self.apply(messages, record.tools)
        if not full.startswith(prompt):
            raise RenderError(
                f"record `{record.id}`: the {self.template} chat template does not render prompt + {answer} as "
                f"an extension of the prompt rendered with add_generation_prompt=True, so `{answer}` cannot be "
                f"split off as a continuation (prompt ends {prompt[-80:]!r}, full text there reads "
                f"{full[max(0, len(prompt) - 80) : len(prompt)]!r})"
            )
        return full[len(prompt) :]

    def render_rm(self, record: Record) -> dict[str, Any]:
        """``{"prompt", "chosen", "rejected"}``; ``prompt + chosen`` equals the rendering of prompt + chosen.

        Raises:
            RenderError: if the template breaks the prefix property (prompt + answer must start with the
                prompt rendered with ``add_generation_prompt=True``).
        """
        prompt_input = messages_to_template_input(record.messages)
        prompt = self.apply(prompt_input, record.tools, add_generation_prompt=True)
        return {
            "prompt": prompt,
            "chosen": self._continuation(record, prompt_input, prompt, "chosen"),
            "rejected": self._continuation(record, prompt_input, prompt, "rejected"),
        }

    def render_ppo(self, record: Record) -> dict[str, Any]:
        """``{"prompt": apply_chat_template(messages, tools, add_generation_prompt=True)}``."""
        prompt_input = messages_to_template_input(record.messages)
        return {"prompt": self.apply(prompt_input, record.tools, add_generation_prompt=True)}
