"""Writers stage: canonical ``Record`` -> one row per output format, looked up by format name.

``WRITERS`` maps each fixed format name to a ready writer instance, in the order formats are listed in the
dataset files contract (``docs/formats.md``): ``qwen``, ``qwen-fc``, ``openai``, ``openai-functions``,
``alpaca``, then ``qwen2.5`` (Qwen2.5's chat template) and the exports ``llamafactory`` and ``openai-ft`` (built
when asked for). :func:`get_writer` also
builds the writers of ``chat:NAME`` formats and of training variants (``F-train``), whose names the family
registry resolves (:func:`compiler.families.resolve_format`). Writers are stateless, so instances are shared.
"""

from __future__ import annotations

import datetime as _dt

from toolc.compiler.families import FORMATS, resolve_format
from toolc.compiler.writers.alpaca import AlpacaWriter
from toolc.compiler.writers.base import Writer
from toolc.compiler.writers.chat_template import ChatTemplateWriter, LeftOut
from toolc.compiler.writers.exports import LlamaFactoryWriter, OpenAIFineTuneWriter
from toolc.errors import RenderError, UnknownFormatError
from toolc.compiler.writers.openai import OpenAIWriter
from toolc.compiler.writers.openai_functions import OpenAIFunctionsWriter
from toolc.compiler.writers.qwen import QwenWriter
from toolc.compiler.writers.qwen_fc import QwenFcWriter

__all__ = [
    "FORMAT_NAMES",
    "WRITERS",
    "AlpacaWriter",
    "ChatTemplateWriter",
    "LeftOut",
    "LlamaFactoryWriter",
    "OpenAIFineTuneWriter",
    "OpenAIFunctionsWriter",
    "OpenAIWriter",
    "QwenFcWriter",
    "QwenWriter",
    "RenderError",
    "UnknownFormatError",
    "Writer",
    "get_writer",
]

#: Format name -> writer, in contract order. ``qwen`` uses the Qwen3 chat template, ``qwen2.5`` Qwen2.5's.
WRITERS: dict[str, Writer] = {
    w.name: w
    for w in (QwenWriter("qwen3"), QwenFcWriter(), OpenAIWriter(), OpenAIFunctionsWriter(), AlpacaWriter(),
              QwenWriter("qwen2.5", name="qwen2.5"), LlamaFactoryWriter(), OpenAIFineTuneWriter())
}

#: The fixed format names, in contract order (the registry's :data:`compiler.families.FORMATS`).
FORMAT_NAMES: tuple[str, ...] = FORMATS
assert tuple(WRITERS) == FORMAT_NAMES, "a fixed format without a writer"

_BUILT: dict[tuple[str, _dt.date | None], Writer] = {}


def get_writer(name: str, today: _dt.date | None = None) -> Writer:
    """Looks up or builds the writer of a format.

    Args:
        name: a format name: a fixed one (``"openai"``), ``chat:NAME`` / ``chat-NAME``, ``chat:PATH``, or a
            training variant ``F-train`` (see :mod:`compiler.families.formats`).
        today: the build's reference date, for templates that stamp the date.

    Returns:
        the :class:`Writer`; its ``name`` is the canonical format name (the output directory).

    Raises:
        UnknownFormatError: for an unknown name; the message suggests the closest known name, e.g.
            "unknown format `opneai`; did you mean `openai`?".
    """
    if name in WRITERS and today is None:
        return WRITERS[name]
    spec = resolve_format(name)
    key = (spec.name if spec.tokenizer is None and not spec.given.startswith("chat:") else spec.given, today)
    writer = _BUILT.get(key)
    if writer is None:
        if spec.writer == "chat":
            assert spec.family is not None
            writer = ChatTemplateWriter(spec.family, spec.name, training=spec.training, today=today,
                                        tokenizer=spec.tokenizer)
        elif spec.writer == "qwen-fc":
            writer = QwenFcWriter(training=spec.training)
        else:
            writer = WRITERS[spec.name]
        _BUILT[key] = writer
    return writer
