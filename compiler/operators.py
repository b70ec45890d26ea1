"""IR stage, expressions at run time: the operators of the expression language on JSON values (input: operand
values; output: a value, :data:`~compiler.builtins.ABSENT`, or :class:`EvalError`), and :func:`binary`, which
joins two compiled operands into one closure with the common case (two plain numbers) inline.

The rules are those of docs/language.md, "Expressions": dates are ``YYYY-MM-DD`` strings (``date + 1`` is the
next day, ``d2 - d1`` a number of days); an absent operand makes the result absent; ``bool`` is not a number.
:mod:`compiler.exprs` compiles expressions into closures over these.
"""

from __future__ import annotations

import datetime as _dt
import functools
import operator
from typing import Any, Callable

from .builtins import ABSENT, BuiltinError

Fn = Callable[[Any], Any]


class EvalError(BuiltinError):
    """An expression cannot be evaluated for this row (a missing field, an index out of range, a bad operand)."""


def text_of(v: Any) -> str:
    """How a value reads in a template: strings as they are, ``true``/``false``, numbers as Python prints
    them (a whole float without ``.0``), anything else as compact JSON."""
    t = type(v)
    if t is str:
        return v
    if t is int:
        return str(v)
    if isinstance(v, str):
        return v
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float) and v.is_integer() and abs(v) < 1e15:
        return str(int(v))
    if isinstance(v, (int, float)):
        return str(v)
    from .record import dumps

    return dumps(v)


def _is_date(v: Any) -> bool:
    return isinstance(v, str) and len(v) == 10 and v[4] == "-" and v[7] == "-" and v[:4].isdigit()


def _num(v: Any) -> bool:
    t = type(v)
    return t is int or t is float or (isinstance(v, (int, float)) and t is not bool)


def _add(a: Any, b: Any) -> Any:
    if a is ABSENT or b is ABSENT:
        return ABSENT
    if _num(a) and _num(b):
        return a + b
    if _is_date(a) and _num(b):
        return _shifted(a, int(b))
    if isinstance(a, str) and isinstance(b, str):
        return a + b
    raise EvalError(f"cannot add {a!r} and {b!r}")


@functools.lru_cache(maxsize=8192)
def _shifted(day: str, days: int) -> str:
    """``day + days`` as a date (``YYYY-MM-DD``); kept per pair, as result fields shift the same few dates (``today -
    n``, ``date + index``) for every row; an invalid date raises ``ValueError`` each time (never kept)."""
    return (_dt.date.fromisoformat(day) + _dt.timedelta(days=days)).isoformat()


def _sub(a: Any, b: Any) -> Any:
    if a is ABSENT or b is ABSENT:
        return ABSENT
    if _num(a) and _num(b):
        return a - b
    if _is_date(a) and _num(b):
        return _shifted(a, -int(b))
    if _is_date(a) and _is_date(b):
        return (_dt.date.fromisoformat(a) - _dt.date.fromisoformat(b)).days
    raise EvalError(f"cannot subtract {b!r} from {a!r}")


def _arith(op: str) -> Callable[[Any, Any], Any]:
    def mul(a, b):
        return a * b

    def div(a, b):
        if b == 0:
            raise EvalError("division by zero")
        q = a / b
        return int(q) if isinstance(a, int) and isinstance(b, int) and a % b == 0 else q

    def mod(a, b):
        if b == 0:
            raise EvalError("division by zero")
        return a % b

    f = {"*": mul, "/": div, "%": mod}[op]

    def run(a, b):
        if a is ABSENT or b is ABSENT:
            return ABSENT
        if not (_num(a) and _num(b)):
            raise EvalError(f"`{op}` needs numbers, got {a!r} and {b!r}")
        return f(a, b)

    return run


def _compare(op: str) -> Callable[[Any, Any], Any]:
    f = {"==": operator.eq, "!=": operator.ne, "<": operator.lt, "<=": operator.le, ">": operator.gt,
         ">=": operator.ge}.get(op)

    if op == "in":
        def contains(a, b):
            if a is ABSENT or b is ABSENT:
                return ABSENT
            if isinstance(b, list):
                return a in b
            if isinstance(b, str) and isinstance(a, str):
                return a in b
            raise EvalError(f"`in` needs a list or a string on the right, got {b!r}")
        return contains
    if op in ("==", "!="):
        def equality(a, b):
            if a is ABSENT or b is ABSENT:
                return ABSENT
            return f(a, b)
        return equality

    def order(a, b):
        if a is ABSENT or b is ABSENT:
            return ABSENT
        if _num(a) and _num(b) or isinstance(a, str) and isinstance(b, str):
            return f(a, b)
        raise EvalError(f"cannot compare {a!r} {op} {b!r}")

    return order


def truth(v: Any) -> Any:
    """``True``/``False``, or ``ABSENT`` for an absent value (callers decide what absent means)."""
    if v is ABSENT:
        return ABSENT
    return bool(v)


def get_attr(v: Any, name: str) -> Any:
    if v is ABSENT:
        return ABSENT
    if isinstance(v, dict):
        return v[name] if name in v else ABSENT
    raise EvalError(f"cannot read field `{name}` of {text_of(v)[:40]}")


def get_item(v: Any, k: Any) -> Any:
    if v is ABSENT or k is ABSENT:
        return ABSENT
    if isinstance(v, list) and _num(k):
        i = int(k)
        if -len(v) <= i < len(v):
            return v[i]
        raise EvalError(f"the list has no item [{i}] (it has {len(v)})")
    if isinstance(v, dict) and isinstance(k, str):
        return v[k] if k in v else ABSENT
    raise EvalError(f"cannot index {text_of(v)[:40]} with {k!r}")


_ORDER = {"<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge}
_NONE = object()


def _numeric_fast(lf: Callable, rf: Callable, fast: Callable[[Any, Any], Any],
                  general: Callable[[Any, Any], Any]) -> Callable:
    """A binary operator over compiled operands: ``fast`` when both values are plain numbers, else ``general``."""
    def apply(ctx):
        a = lf(ctx)
        b = rf(ctx)
        ta, tb = type(a), type(b)
        if (ta is int or ta is float) and (tb is int or tb is float):
            return fast(a, b)
        return general(a, b)
    return apply


def binary(op: str, lf: Fn, rf: Fn, right: Any = _NONE) -> Fn:
    """``ctx -> lf(ctx) OP rf(ctx)`` for an arithmetic or comparison operator (``and``/``or``/``??`` are the
    compiler's); ``right``: the right operand when it is a literal (read once, here). Two plain numbers (``int``
    or ``float``, not ``bool``) take the inline path; everything else the general rules above, so the value (or
    the error) is the same either way."""
    if right is not _NONE:
        c = right
        rf = lambda ctx: c  # noqa: E731
    if op == "+":
        def add(ctx):
            a = lf(ctx)
            b = rf(ctx)
            ta, tb = type(a), type(b)
            if (ta is int or ta is float) and (tb is int or tb is float) or ta is str and tb is str:
                return a + b
            return _add(a, b)
        return add
    if op == "-":
        return _numeric_fast(lf, rf, operator.sub, _sub)
    if op == "*":
        return _numeric_fast(lf, rf, operator.mul, _arith("*"))
    if op == "/":
        general = _arith("/")

        def div(ctx):
            a = lf(ctx)
            b = rf(ctx)
            ta, tb = type(a), type(b)
            if (ta is int or ta is float) and (tb is int or tb is float) and b != 0:
                q = a / b
                return int(q) if ta is int and tb is int and a % b == 0 else q
            return general(a, b)
        return div
    if op in _ORDER:
        f = _ORDER[op]
        general = _compare(op)

        def order(ctx):
            a = lf(ctx)
            b = rf(ctx)
            ta, tb = type(a), type(b)
            if (ta is int or ta is float) and (tb is int or tb is float):
                return f(a, b)
            return general(a, b)
        return order
    if op in ("==", "!="):
        eq = operator.eq if op == "==" else operator.ne

        def equality(ctx):
            a = lf(ctx)
            b = rf(ctx)
            if a is ABSENT or b is ABSENT:
                return ABSENT
            return eq(a, b)
        return equality
    general = _arith(op) if op == "%" else _compare(op)
    return lambda ctx: general(lf(ctx), rf(ctx))
