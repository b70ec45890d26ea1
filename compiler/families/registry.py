"""Families stage, registry: family name -> the one :class:`~compiler.families.base.Family` instance.

Family modules register their classes with :func:`register` (a class decorator, as sqlglot's dialect metaclass
registers ``Dialect["duckdb"]``); :func:`get_family` looks one up and suggests the closest name for a typo.
"""

from __future__ import annotations

import difflib
from typing import TypeVar

from toolc.compiler.families.base import Family
from toolc.errors import UnknownFamilyError

__all__ = ["FAMILIES", "UnknownFamilyError", "family_of_template", "get_family", "register"]

#: Registered families by name, in registration order.
FAMILIES: dict[str, Family] = {}

F = TypeVar("F", bound=type[Family])


def register(cls: F) -> F:
    """Registers a family class under its ``name`` (one shared instance: families are stateless).

    Raises:
        ValueError: the class has no name, or another class already took it.
    """
    if not cls.name:
        raise ValueError(f"{cls.__name__} has no family name")
    if cls.name in FAMILIES and type(FAMILIES[cls.name]) is not cls:
        raise ValueError(f"family `{cls.name}` is registered twice ({type(FAMILIES[cls.name]).__name__}, {cls.__name__})")
    FAMILIES[cls.name] = cls()
    return cls


def get_family(name: str) -> Family:
    """The registered family called ``name``.

    Raises:
        UnknownFamilyError: no such family; the message suggests the closest name (``llama3.1`` ->
            ``llama3_1``).
    """
    family = FAMILIES.get(name)
    if family is not None:
        return family
    known = list(FAMILIES)
    close = (difflib.get_close_matches(name, known, n=1, cutoff=0.6)
             or difflib.get_close_matches(name.lower().replace(".", "_").replace("-", "_"), known, n=1, cutoff=0.6))
    raise UnknownFamilyError(name, close[0] if close else None, tuple(known))


def family_of_template(chat_template: str | None) -> Family | None:
    """The registered family whose chat template (or training template) is exactly ``chat_template``.

    The identity comparison TRL uses to recognise templates (``trl/chat_templates/README.md``); a family that only
    adds template variables (``qwen3_nothink``) is not told apart from its base.

    Args:
        chat_template: a tokenizer's ``chat_template``.

    Returns:
        the family, or ``None`` when no registered template is identical.
    """
    if not isinstance(chat_template, str):
        return None
    for family in FAMILIES.values():
        if family.template is None or family.template_kwargs:
            continue
        if chat_template == family.chat_template() or (
                family.has_training_template() and chat_template == family.chat_template(training=True)):
            return family
    return None
