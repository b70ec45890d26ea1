"""Families stage: model families' chat formats, one table beside the canonical record (name -> :class:`Family`).

What differs between the families a user fine-tunes -- chat template, special tokens, call syntax, stop
strings, parallel calls, how arguments are passed, call ids, date stamping -- is said once, as the documented
class attributes of one small class per family (:mod:`.base`), registered by name (:mod:`.registry`). Every
writer, the RM ``format`` perturbation, the checker's parser, the evaluator's stop strings, the command line's
format list and ``ir.FORMATS`` read it from here. Modules: :mod:`.qwen`, :mod:`.llama`, :mod:`.deepseek`,
:mod:`.glm`, :mod:`.gptoss`, :mod:`.gemma`, :mod:`.nemotron`, :mod:`.lfm`; :mod:`.local` for templates given
by path; :mod:`.formats` for format names; :mod:`.parse` for parsing completions back; :mod:`.jinja_env` compiles
templates as transformers does and :mod:`.native` writes known template texts without Jinja.
"""

from toolc.compiler.families.base import MALFORMED_STYLES, CallIds, Family, Malformed, Rendered, trl_template
from toolc.compiler.families.registry import FAMILIES, UnknownFamilyError, family_of_template, get_family, register
from toolc.compiler.families import qwen, llama, deepseek, glm, gptoss, gemma, nemotron, lfm  # noqa: F401,I001 - registers
from toolc.compiler.families.formats import (
    DEFAULT_FORMATS,
    FORMATS,
    FORMATS_NOTE,
    FormatSpec,
    UnknownFormatError,
    format_names,
    format_problem,
    resolve_format,
)

#: The family whose syntax formats without a family of their own (``openai``, ``alpaca``) show malformed calls in.
DEFAULT_FAMILY = "qwen3"

__all__ = [
    "DEFAULT_FAMILY",
    "DEFAULT_FORMATS",
    "FAMILIES",
    "FORMATS",
    "FORMATS_NOTE",
    "MALFORMED_STYLES",
    "CallIds",
    "Family",
    "FormatSpec",
    "Malformed",
    "Rendered",
    "UnknownFamilyError",
    "UnknownFormatError",
    "family_of_template",
    "format_names",
    "format_problem",
    "get_family",
    "register",
    "resolve_format",
    "trl_template",
]
