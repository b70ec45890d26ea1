"""Slot stage, Faker arguments: a provider call in a spec -> the reason it may not run, if any (input: FakerSource; output: an error and its span).

A spec names a Faker provider with literal arguments (``faker.paragraph(nb_sentences=3)``). Faker itself
sets no bounds: ``paragraph(nb_sentences=3000000)`` runs for minutes, ``password(length=50000000)`` and
``file_path(depth=100000000)`` take gigabytes, ``pystr_format(string_format="{{zip}}")`` reaches providers
the denylist of :mod:`compiler.faker_providers` blocks. This module bounds every argument before a provider runs:

* arguments must bind to the provider's signature (:func:`inspect.signature`), so a wrong name or count
  is reported before anything runs;
* whole-number arguments that set a size (how many words, characters, digits, path levels, ...) must lie
  in :data:`ARGUMENT_LIMITS` (by argument name, for every provider) or :data:`PROVIDER_ARGUMENT_LIMITS`
  (one provider's argument, which wins);
* every string argument is at most :data:`MAX_STRING_ARGUMENT` characters;
* format strings that reach other providers (``pystr_format``'s ``{{name}}`` tokens, resolved by
  ``Generator.parse``) may only name providers a spec may name itself, without argument groups
  (``{{name:group}}``); ``bothify`` / ``numerify`` / ``lexify`` / ``hexify`` only replace ``#?^`` marks.

What the limits cannot foresee (a provider slow for other reasons, values that are too long) is caught
while the pool is drawn, under the time and size budget of :func:`compiler.slots.faker_pool`.
"""

from __future__ import annotations

import inspect
import re

from toolc.dsl import ast
from toolc.dsl.span import Span

__all__ = ["ARGUMENT_LIMITS", "FORMAT_STRING_ARGUMENTS", "MAX_STRING_ARGUMENT", "PROVIDER_ARGUMENT_LIMITS",
           "argument_error"]

#: Inclusive range of whole-number arguments that set a size, by argument name (any provider).
ARGUMENT_LIMITS: dict[str, tuple[int, int]] = {
    "nb": (0, 50),                 # words(), sentences(), paragraphs(): items per value
    "nb_words": (0, 200),          # sentence()
    "nb_sentences": (0, 50),       # paragraph()
    "nb_texts": (0, 50),           # texts()
    "max_nb_chars": (5, 2000),     # text(): Faker needs at least 5
    "min_chars": (0, 2000),        # pystr()
    "max_chars": (0, 2000),        # pystr()
    "length": (0, 1000),           # password(), random_letters(), dga(), swift(), ean()
    "depth": (0, 32),              # file_path()
    "deep": (0, 32),               # uri(), uri_path()
    "levels": (0, 32),             # domain_name(), hostname()
    "count": (0, 100),             # nic_handles()
    "digits": (0, 100),            # random_number() (password's `digits` is a flag: 0 or 1)
    "left_digits": (0, 100),       # pyfloat(), pydecimal()
    "right_digits": (0, 100),
    "min_age": (0, 150),           # ssn()
    "max_age": (0, 150),
    "minimum_age": (0, 150),       # date_of_birth()
    "maximum_age": (0, 150),
    "precision": (0, 100),
}

#: One provider's argument limits; they win over :data:`ARGUMENT_LIMITS`.
PROVIDER_ARGUMENT_LIMITS: dict[tuple[str, str], tuple[int, int]] = {
    ("password", "digits"): (0, 1),
}

#: Most characters of one string argument (format strings, patterns, prefixes, ...).
MAX_STRING_ARGUMENT = 1000

#: Arguments whose ``{{name}}`` tokens Faker resolves by calling the named provider.
FORMAT_STRING_ARGUMENTS: dict[str, tuple[str, ...]] = {"pystr_format": ("string_format",)}

# Faker's own token pattern (faker.generator._re_token): `{{ name }}` or `{{ name:argument_group }}`.
_TOKEN = re.compile(r"\{\{\s*(\w+)(:\s*\w+?)?\s*\}\}")


def _value_span(src: ast.FakerSource, name: str | None, index: int | None) -> Span | None:
    if index is not None and index < len(src.args):
        return src.args[index].span or src.span
    for key, lit in src.kwargs:
        if key == name:
            return lit.span or src.span
    return src.span


def argument_error(src: ast.FakerSource, signature: inspect.Signature | None,
                   allowed: frozenset[str]) -> tuple[str, Span | None] | None:
    """Why the arguments of ``faker.PROVIDER(...)`` may not be used, with the span of the offending argument.

    Args:
        src: the provider call as written (provider name, positional and keyword literals).
        signature: the provider's signature (:func:`compiler.faker_providers.provider_signature`); ``None``: it has none.
        allowed: the provider names a spec may name (for ``{{name}}`` tokens in format strings).

    Returns:
        ``(message, span)``, or ``None`` when every argument is within its limits.
    """
    provider = src.provider
    args = [a.value for a in src.args]
    kwargs = {k: v.value for k, v in src.kwargs}
    bound = None  # no signature (a C function): nothing to bind against; values are still checked below
    if signature is not None:
        try:
            bound = signature.bind(*args, **kwargs)
        except TypeError as exc:
            return f"faker.{provider} rejects these arguments: {exc}", src.span
    names = list(bound.arguments) if bound is not None else []
    positional = {name: i for i, name in enumerate(names[: len(args)])}
    for name, value in (bound.arguments.items() if bound is not None else kwargs.items()):
        values = value if isinstance(value, (tuple, list)) else value.values() if isinstance(value, dict) else (value,)
        span = _value_span(src, name, positional.get(name))
        for v in values:
            if isinstance(v, str) and len(v) > MAX_STRING_ARGUMENT:
                return (f"`{name}` of faker.{provider} is {len(v):,} characters long; at most "
                        f"{MAX_STRING_ARGUMENT:,} are allowed"), span
            limit = PROVIDER_ARGUMENT_LIMITS.get((provider, name), ARGUMENT_LIMITS.get(name))
            if limit is not None and isinstance(v, (int, float)) and not isinstance(v, bool):
                lo, hi = limit
                if not lo <= v <= hi:
                    return f"`{name}` of faker.{provider} must be within {lo}..{hi}, not {v}", span
        if name in FORMAT_STRING_ARGUMENTS.get(provider, ()) and isinstance(value, str):
            for token in _TOKEN.finditer(value):
                called, group = token.group(1), token.group(2)
                if group:
                    return (f"`{token.group(0)}` in faker.{provider}: argument groups are not available in "
                            f"specs"), span
                if called not in allowed:
                    return (f"`{token.group(0)}` in faker.{provider} calls `{called}`, which is not a provider a "
                            f"spec may use"), span
    return None
