"""Writers stage: canonical ``Record`` -> one row per output format, looked up by format name.

``WRITERS`` maps each format name to a ready writer instance, in the order formats are listed in the
dataset files contract (``docs/formats.md``): ``qwen``, ``qwen-fc``, ``openai``,
``openai-functions``, ``alpaca``, then ``qwen2.5`` (Qwen2.5's chat template; not built unless asked for).
Writers are stateless, so the instances are shared.
"""

from __future__ import annotations

import difflib

from toolc.errors import RenderError, UnknownFormatError
from toolc.compiler.writers.alpaca import AlpacaWriter
from toolc.compiler.writers.base import Writer
from toolc.compiler.writers.openai import OpenAIWriter
from toolc.compiler.writers.openai_functions import OpenAIFunctionsWriter
from toolc.compiler.writers.qwen import QwenWriter
from toolc.compiler.writers.qwen_fc import QwenFcWriter

__all__ = [
    "FORMAT_NAMES",
    "WRITERS",
    "AlpacaWriter",
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
              QwenWriter("qwen2.5", name="qwen2.5"))
}

#: The registered format names, in contract order.
FORMAT_NAMES: tuple[str, ...] = tuple(WRITERS)


def get_writer(name: str) -> Writer:
    """Looks up a writer by format name.

    Args:
        name: a format name, e.g. ``"openai"`` (exact, case-sensitive).

    Returns:
        the registered :class:`Writer`.

    Raises:
        UnknownFormatError: for an unregistered name; the message suggests the closest registered name,
            e.g. "unknown format `opneai`; did you mean `openai`?".
    """
    try:
        return WRITERS[name]
    except KeyError:
        close = difflib.get_close_matches(name, FORMAT_NAMES, n=1, cutoff=0.6) or difflib.get_close_matches(
            name.lower(), FORMAT_NAMES, n=1, cutoff=0.6
        )
        raise UnknownFormatError(name, close[0] if close else None, FORMAT_NAMES) from None
