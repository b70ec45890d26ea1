"""AST stage, node base: Node and its generated constructor (input: a node's field values; output: frozen nodes).

Nodes are frozen pydantic models with ``extra="forbid"``; ``span`` is excluded from equality and dumps, so two
equal trees compare equal wherever they stand (jinja2's habit, see HOUSE_STYLE.md). The node classes are in
:mod:`.ast_expr` (literals, expressions, templates) and :mod:`.ast` (types, tools, slots, scenarios, datasets).
"""

from __future__ import annotations

import os
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from .span import Span

__all__ = ["CHECK_MADE", "Node"]


class Node(BaseModel):
    """Base of every AST node: frozen, no extra fields, ``span`` ignored by ``==``.

    Validators are built on first use (``defer_build``): ``toolc check`` builds every node through
    :meth:`make` and never needs them, and building them all took ~0.15 s of every start-up.
    """

    model_config = ConfigDict(frozen=True, extra="forbid", arbitrary_types_allowed=True, defer_build=True)

    span: Span | None = Field(default=None, exclude=True, repr=False)

    def __eq__(self, other: object) -> bool:
        return type(self) is type(other) and self.model_dump() == other.model_dump()  # type: ignore[union-attr]

    def __hash__(self) -> int:
        return hash(repr(self))

    @classmethod
    def make(cls, **values: Any) -> Any:
        """A node from values that already have their fields' types, without validation (the parser's constructor).

        The node is the one ``cls(**values)`` makes -- same ``__dict__`` (field order, defaults), same
        ``model_fields_set`` -- in a third of the time; like ``cls(...)`` and unlike pydantic's ``model_construct``
        it refuses unknown and missing fields (``TypeError``). The caller answers for the types: ``cls(**values)``
        would turn a ``lark.Token`` into ``str`` and ``1`` into ``1.0`` for a ``float`` field, ``make`` keeps what
        it is given. With :data:`CHECK_MADE` set (the test suite sets it) every node is also validated and must
        come out the same, type for type.

        Each class gets its own keyword-only constructor on first use (generated from its fields, then found as
        ``cls.make``): binding keywords is then the interpreter's work, not a dict merge per node.

        Raises:
            TypeError: a field is unknown or a required one is missing.
        """
        return _maker(cls)(**values)


#: Validate every node :meth:`Node.make` builds and compare: set by ``TOOLC_CHECK_MADE=1`` in the environment
#: (tests/conftest.py sets it, for the test processes and the toolc processes they start).
CHECK_MADE = bool(os.environ.get("TOOLC_CHECK_MADE"))
_UNSET = object()


def _maker(cls: type[Node]) -> Any:
    """Generates ``cls``'s keyword-only constructor (see :meth:`Node.make`) and installs it as ``cls.make``."""
    if cls.__bases__ != (Node,):  # a generated ``make`` would be inherited by a subclass: none today
        raise TypeError(f"{cls.__name__}.make: only direct subclasses of Node have a generated constructor")
    slots = BaseModel.__dict__
    ns: dict[str, Any] = {"_cls": cls, "_new": object.__new__, "_D": _UNSET, "_check": _check_made,
                          "_set_dict": slots["__dict__"].__set__,
                          "_set_fields": slots["__pydantic_fields_set__"].__set__,
                          "_set_extra": slots["__pydantic_extra__"].__set__,
                          "_set_private": slots["__pydantic_private__"].__set__}
    params, required, body = [], [], []
    for name, f in cls.__pydantic_fields__.items():
        if f.is_required():
            params.append(name)
            required.append(name)
            continue
        params.append(f"{name}=_D")
        if f.default_factory is not None:
            ns[f"_f_{name}"] = f.default_factory
            fill = f"_f_{name}()"
        else:
            ns[f"_d_{name}"] = f.get_default()
            fill = f"_d_{name}"
        body.append(f"    if {name} is _D:\n        {name} = {fill}\n    else:\n        fs.add({name!r})")
    fields = ", ".join(f"{n!r}: {n}" for n in cls.__pydantic_fields__)
    lines = [f"def make(*, {', '.join(params)}):",
             f"    fs = {{{', '.join(repr(n) for n in required)}}}" if required else "    fs = set()",
             *body,
             f"    d = {{{fields}}}",
             "    node = _new(_cls)",
             "    _set_dict(node, d)",
             "    _set_fields(node, fs)",
             "    _set_extra(node, None)",
             "    _set_private(node, None)"]
    if CHECK_MADE:
        lines.append("    _check(node, _cls(**{k: d[k] for k in fs}))")
    lines.append("    return node")
    src = "\n".join(lines) + "\n"
    exec(compile(src, f"<{cls.__name__}.make>", "exec"), ns)
    make = ns["make"]
    make.__doc__ = f"``{cls.__name__}(...)`` without validation (see :meth:`Node.make`)."
    make.__qualname__ = f"{cls.__name__}.make"
    setattr(cls, "make", staticmethod(make))
    return make


def _check_made(made: Node, validated: Node) -> None:
    """Raises AssertionError unless ``made`` and ``validated`` hold the same values of the same types."""
    def same(a: Any, b: Any) -> bool:
        if type(a) is not type(b):
            return False
        if isinstance(a, BaseModel):
            return a is b or same(a.__dict__, b.__dict__)
        if isinstance(a, (tuple, list)):
            return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
        if isinstance(a, dict):
            return list(a) == list(b) and all(same(a[k], b[k]) for k in a)
        return a == b or (a != a and b != b)

    assert same(made.__dict__, validated.__dict__), f"{type(made).__name__}.make: {made!r} != {validated!r}"
    assert made.__pydantic_fields_set__ == validated.__pydantic_fields_set__
