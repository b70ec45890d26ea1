"""Writers stage, formats ``qwen`` / ``qwen2.5``: ``Record`` -> text rendered by Qwen3's / Qwen2.5's own chat template.

These are the chat-template formats of the families ``qwen3`` and ``qwen2_5`` (:mod:`compiler.families.qwen`),
rendered by :class:`compiler.writers.chat_template.ChatTemplateWriter`; this module keeps the names the ``qwen``
writer had (``QwenWriter("qwen3")``, :func:`qwen_chat_template`). The templates are the official ones TRL ships
(``trl/chat_templates/qwen3.jinja``, ``qwen2_5.jinja``, copies of the ``chat_template`` of ``Qwen/Qwen3-0.6B``
and ``Qwen/Qwen2.5-*-Instruct``); the text equals ``tokenizer.apply_chat_template(messages, tools=tools,
tokenize=False)`` byte for byte.
"""

from __future__ import annotations

from typing import Literal

from toolc.compiler.families import get_family, trl_template
from toolc.compiler.writers.chat_template import ChatTemplateWriter

__all__ = ["QWEN_TEMPLATE_NAMES", "QwenWriter", "qwen_chat_template"]

QwenTemplate = Literal["qwen3", "qwen2.5"]

#: The Qwen chat templates this writer renders with, and the family of each.
QWEN_TEMPLATE_NAMES: tuple[str, ...] = ("qwen3", "qwen2.5")
_FAMILY = {"qwen3": "qwen3", "qwen2.5": "qwen2_5"}


def qwen_chat_template(template: str) -> str:
    """The Jinja source of a Qwen chat template, as TRL ships it (read without importing torch).

    Args:
        template: ``"qwen3"`` (``trl.chat_template_utils.qwen3_chat_template``) or ``"qwen2.5"``
            (``qwen2_5_chat_template``).

    Raises:
        ValueError: for an unknown template name.
    """
    if template not in _FAMILY:
        raise ValueError(f"unknown Qwen chat template `{template}`; expected one of {', '.join(QWEN_TEMPLATE_NAMES)}")
    return trl_template(get_family(_FAMILY[template]).template or "")


class QwenWriter(ChatTemplateWriter):
    """The ``qwen`` (Qwen3) or ``qwen2.5`` format.

    Args:
        template: ``"qwen3"`` (the default; what the registered ``qwen`` format uses) or ``"qwen2.5"``.
        name: the format name; defaults to ``"qwen"`` for Qwen3 and ``"qwen2.5"`` otherwise.
        training: the training variant (``qwen-train``).

    Raises:
        ValueError: for an unknown template name.
    """

    def __init__(self, template: QwenTemplate = "qwen3", name: str | None = None, *, training: bool = False,
                 today=None) -> None:
        if template not in _FAMILY:
            raise ValueError(
                f"unknown Qwen chat template `{template}`; expected one of {', '.join(QWEN_TEMPLATE_NAMES)}"
            )
        self.template = template
        base = "qwen" if template == "qwen3" else template
        super().__init__(get_family(_FAMILY[template]), name or base + ("-train" if training else ""),
                         training=training, today=today)

    def __repr__(self) -> str:
        return f"QwenWriter(template={self.template!r}, name={self.name!r})"
