"""Families stage, format names: a ``--format`` / ``format`` value -> :class:`FormatSpec` (writer, family, variant).

Format names (``docs/formats.md``):

* the fixed formats :data:`FORMATS`: ``qwen`` (family ``qwen3``), ``qwen-fc`` (``qwen_fc``), ``openai``,
  ``openai-functions``, ``alpaca``, ``qwen2.5`` (``qwen2_5``), and the exports ``llamafactory`` and ``openai-ft``;
* ``chat:NAME`` for a registered family (``chat:llama3_1``), or ``chat:PATH`` for a ``.jinja`` file or a local
  tokenizer directory; its files go to the directory ``chat-NAME`` (the canonical name, also accepted as given);
* ``F-train`` for a text format ``F`` (``qwen-train``, ``chat:llama3_1-train``): the training variant, rendered
  with the family's ``{% generation %}``-marked training template, with the assistant's character spans.

This module imports nothing heavy (no transformers, no datasets): ``toolc check`` validates format names.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from pathlib import Path

from toolc.compiler.families.base import Family
from toolc.compiler.families.registry import FAMILIES, UnknownFamilyError, get_family
from toolc.errors import InputError, UnknownFormatError
from toolc.vocab import DEFAULT_FORMATS, FORMATS

__all__ = ["DEFAULT_FORMATS", "FORMATS", "FORMATS_NOTE", "TEXT_FAMILIES", "FormatSpec", "UnknownFormatError",
           "format_names", "format_problem", "resolve_format"]

# FORMATS (the fixed formats in their canonical order, ``docs/formats.md``) and DEFAULT_FORMATS (built when a
# dataset names none) are defined once in toolc.vocab; this module resolves them and every other format name.
#: The fixed text formats and the family each renders.
TEXT_FAMILIES: dict[str, str] = {"qwen": "qwen3", "qwen-fc": "qwen_fc", "qwen2.5": "qwen2_5"}
#: Suffix of a training variant's name.
TRAIN_SUFFIX = "-train"

_SAFE = re.compile(r"[^A-Za-z0-9_.]+")


@dataclass(frozen=True)
class FormatSpec:
    """A resolved format name.

    Attributes:
        name: the canonical name: the output directory and the manifest's name (``qwen``, ``chat-llama3_1``,
            ``qwen-train``).
        writer: which writer renders it: ``chat`` (a chat template), ``qwen-fc``, ``openai``,
            ``openai-functions`` or ``alpaca``.
        family: the family a text format renders (``None`` for the message formats).
        training: the training variant (training template, assistant spans).
        given: the name as given (``chat:llama3_1``).
        tokenizer: a local tokenizer directory named by ``chat:PATH``, whose token ids a training variant also
            writes; ``None`` otherwise.
    """

    name: str
    writer: str
    family: Family | None = None
    training: bool = False
    given: str = ""
    tokenizer: str | None = None


def format_names() -> list[str]:
    """Every format name a build accepts without a path: the fixed ones, then ``chat:NAME`` per family."""
    return [*FORMATS, *(f"chat:{n}" for n, f in FAMILIES.items() if f.template is not None)]


def format_problem(name: str) -> tuple[str, str | None] | None:
    """Why a format name does not resolve, for a diagnostic: ``(message, hint)``, or ``None`` when it resolves.

    The message is ``unknown format `NAME``` (plus the reason for a family that cannot express tools or a path
    that is not a template); the hint suggests the closest name.
    """
    try:
        resolve_format(name)
    except UnknownFormatError as exc:
        if exc.reason is not None:
            return f"unknown format `{name}`: {exc.reason}", None
        return f"unknown format `{name}`", f"did you mean `{exc.suggestion}`?" if exc.suggestion else None
    except InputError as exc:
        return f"unknown format `{name}`: {exc}", None
    return None


#: The note every unknown-format diagnostic carries.
FORMATS_NOTE = f"formats: {', '.join(FORMATS)}, chat:FAMILY (chat:qwen3, chat:llama3_1, ...), chat:PATH, F-train"


def _suggest(name: str) -> str | None:
    known = format_names() + [f"chat-{n}" for n in FAMILIES]
    close = difflib.get_close_matches(name, known, n=1, cutoff=0.6) or difflib.get_close_matches(
        name.lower(), known, n=1, cutoff=0.6)
    return close[0] if close else None


def resolve_format(name: str) -> FormatSpec:
    """Resolves a format name (see the module docstring).

    Args:
        name: as given on the command line or in a ``format`` line.

    Returns:
        the :class:`FormatSpec`.

    Raises:
        UnknownFormatError: no such format, an unknown family (with did-you-mean), a family that cannot express
            tool calls, or a training variant of a format that has none.
    """
    base, training = name, False
    if name.endswith(TRAIN_SUFFIX) and name not in FORMATS:
        base, training = name[: -len(TRAIN_SUFFIX)], True
    if base in ("openai", "openai-functions", "alpaca", "llamafactory", "openai-ft"):
        if training:
            raise UnknownFormatError(name, None, reason=f"`{base}` is not a text format, so it has no training variant")
        return FormatSpec(base, base, given=name)
    if base in TEXT_FAMILIES:
        family = get_family(TEXT_FAMILIES[base])
        writer = "qwen-fc" if base == "qwen-fc" else "chat"
        return FormatSpec(base + (TRAIN_SUFFIX if training else ""), writer, family, training, name)
    for prefix in ("chat:", "chat-"):
        if base.startswith(prefix):
            spec = _chat_format(name, base[len(prefix):], training)
            if training and spec.family is not None and not spec.family.has_training_template():
                raise UnknownFormatError(name, None, reason=f"family `{spec.family.name}` has no training template "
                                         "(no `{% generation %}`-marked twin of its chat template)")
            return spec
    raise UnknownFormatError(name, _suggest(name), (*FORMATS, "chat:FAMILY"))


def _chat_format(given: str, target: str, training: bool) -> FormatSpec:
    suffix = TRAIN_SUFFIX if training else ""
    if target in FAMILIES:
        family = FAMILIES[target]
        if family.template is None:
            raise UnknownFormatError(given, None, reason=f"family `{target}` is not rendered by a chat template")
        return FormatSpec(f"chat-{target}{suffix}", "chat", family, training, given)
    path = Path(target)
    if target.endswith(".jinja") or path.is_dir() or "/" in target:
        from toolc.compiler.families.local import local_family

        family, tokenizer = local_family(path)
        stem = _SAFE.sub("_", path.stem if path.suffix == ".jinja" else path.name) or "template"
        return FormatSpec(f"chat-{stem}{suffix}", "chat", family, training, given, tokenizer)
    from toolc.compiler.families.local import no_tools_reason

    reason = no_tools_reason(target)
    if reason is not None:
        raise UnknownFormatError(given, None, reason=reason)
    try:
        get_family(target)
    except UnknownFamilyError as exc:
        hint = f"did you mean `chat:{exc.suggestion}`?" if exc.suggestion else f"known families: {', '.join(FAMILIES)}"
        raise UnknownFormatError(given, None, reason=f"no model family `{target}`; {hint}") from None
    raise AssertionError("unreachable")  # pragma: no cover
