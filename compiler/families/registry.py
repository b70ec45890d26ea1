"""Families stage, registry: family name -> the one :class:`~compiler.families.base.Family` instance.

Family modules register their classes with :func:`register` (a class decorator, as sqlglot's dialect metaclass
registers ``Dialect["duckdb"]``); :func:`get_family` looks one up and suggests the closest name for a typo.
"""

from __future__ import annotations

import difflib
from typing import TypeVar

from toolc.compiler.families.base import Family
from toolc.errors import UnknownFamilyError

__all__ = ["FAMILIES", "UnknownFamilyError", "get_family", "register"]

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
