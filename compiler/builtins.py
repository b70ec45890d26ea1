"""Results stage, built-in functions: what expressions in specs may call (input: JSON values; output: JSON values).

These are toolc's own, deterministic, side-effect-free implementations of what bundled tools compute:
safe arithmetic (``calc``, through the kept ``simpleeval`` library), time zones (``tz_*``, through the
standard library's ``zoneinfo``), unit conversion (``convert``), glob patterns (``glob_fill``, ``matches``,
through ``fnmatch``) and aggregates over result lists (``max(r, rating)``). A spec may name them like Faker
providers; no code from a spec runs (user simulators are opt-in, see ``compiler/simulate/python.py``).

Every function takes and returns JSON values (dates as ``YYYY-MM-DD`` strings). A call that cannot be
computed raises :class:`BuiltinError` with a one-line reason; the row that needed it is dropped and
counted by the verification stage (``execution`` stage), never shipped with a made-up value.

:data:`BUILTINS` maps each name to its :class:`Builtin` (arity, result type, implementation); the checker
(``compiler/exprs.py``) reads it for names, arity and types, and ``docs/language.md`` lists the same table.
"""

from __future__ import annotations

import ast as _pyast
import dataclasses
import datetime as _dt
import fnmatch
import hashlib
import math
import operator
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Callable, NoReturn
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones


class BuiltinError(ValueError):
    """A built-in function cannot compute a value for these arguments (the row is dropped and counted)."""


ABSENT: Any = type("Absent", (), {"__repr__": lambda self: "ABSENT", "__bool__": lambda self: False})()
"""The value of an argument the call did not pass (and that has no default). Arithmetic, comparisons and
functions on it give ``ABSENT``; a ``where`` condition that is ``ABSENT`` holds (the filter was not asked for)."""


@dataclass(frozen=True)
class Builtin:
    """One built-in function.

    Attributes:
        name: the name specs use.
        min_args, max_args: positional arity (``max_args=None``: any number).
        returns: the result's type tag (``number``, ``int``, ``string``, ``bool``, ``date``, ``item``: an item
            of the first argument, ``same``: the type of the first argument, ``any``).
        fn: the implementation; receives ``(ctx, *args)`` where ``ctx`` carries ``now`` (the row's reference
            instant, an aware UTC ``datetime``) and ``today``.
        doc: one line for ``docs/language.md``.
        takes: per positional argument, the kind of value it takes (``number``, ``date``, ``string``, ``list``;
            ``any`` or none listed: every kind), checked by ``toolc check`` (:func:`argument_problem`).
    """

    name: str
    min_args: int
    max_args: int | None
    returns: str
    fn: Callable[..., Any]
    doc: str
    takes: tuple[str, ...] = ()


# ---------------------------------------------------------------------------------------------- arithmetic

#: Largest magnitude ``calc`` accepts for operands and results (beyond it floats lose integers).
CALC_LIMIT = 1e15
_CALC_FUNCS = {"sqrt": math.sqrt, "abs": abs, "round": round, "floor": math.floor, "ceil": math.ceil,
               "log": math.log, "log10": math.log10, "exp": math.exp, "sin": math.sin, "cos": math.cos,
               "tan": math.tan, "min": min, "max": max}
_CALC_NAMES = {"pi": math.pi, "e": math.e}


def _safe_pow(a: float, b: float) -> float:
    if abs(b) > 100 or (abs(a) > 1e6 and abs(b) > 3):
        raise BuiltinError(f"power {a}^{b} is too large")
    return operator.pow(a, b)


@lru_cache(maxsize=4096)
def _calc_value(expression: str) -> float:
    from simpleeval import SimpleEval

    text = expression.replace("×", "*").replace("÷", "/").replace("^", "**")
    if len(text) > 500:
        raise BuiltinError("expression longer than 500 characters")
    ev = SimpleEval(functions=_CALC_FUNCS, names=_CALC_NAMES)
    ev.operators[_pyast.Pow] = _safe_pow
    try:
        value = ev.eval(text)
    except ZeroDivisionError:
        raise BuiltinError(f"`{expression}` divides by zero") from None
    except BuiltinError:
        raise
    except Exception as exc:  # noqa: BLE001 - simpleeval raises many kinds for bad input; one line each
        raise BuiltinError(f"`{expression}` is not an arithmetic expression: {exc}") from None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value) or \
            abs(value) > CALC_LIMIT:
        raise BuiltinError(f"`{expression}` does not give a finite number within {CALC_LIMIT:g}")
    return value


def calc(ctx: Any, expression: str, precision: int = 2) -> int | float:
    """The value of an arithmetic expression (``+ - * / % ^``, parentheses, ``sqrt`` ...), rounded to
    ``precision`` decimal places; a whole result is an ``int``. ``^`` is power, as the bundled tool says."""
    if not isinstance(expression, str):
        raise BuiltinError(f"calc needs an expression string, got {expression!r}")
    value = _calc_value(expression)
    p = int(precision) if isinstance(precision, (int, float)) and not isinstance(precision, bool) else 2
    rounded = round(float(value), max(0, min(p, 12)))
    return int(rounded) if rounded == int(rounded) and abs(rounded) < 2**53 else rounded


# ---------------------------------------------------------------------------------------------- time zones


@lru_cache(maxsize=1)
def time_zone_names() -> frozenset[str]:
    """The IANA time zone names ``zoneinfo`` knows on this machine (the ``tzdata`` package where installed)."""
    return frozenset(available_timezones())


def _zone(tz: Any) -> ZoneInfo:
    if not isinstance(tz, str) or "/" not in tz and tz not in ("UTC", "GMT"):
        raise BuiltinError(f"`{tz}` is not an IANA time zone name")
    try:
        return ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError):
        raise BuiltinError(f"`{tz}` is not a time zone zoneinfo knows") from None


def _local(ctx: Any, tz: Any) -> _dt.datetime:
    if not isinstance(tz, str):  # not a key of the cache below
        _zone(tz)
    return _local_at(ctx.now, tz)


@lru_cache(maxsize=1024)
def _local_at(now: _dt.datetime, tz: Any) -> _dt.datetime:
    """``now`` in time zone ``tz`` (a call reads it up to four times: date, time, weekday, offset)."""
    return now.astimezone(_zone(tz))


def tz_offset(ctx: Any, tz: Any) -> str:
    """UTC offset of ``tz`` at the row's reference instant, ``+HH:MM`` (daylight saving included)."""
    off = _local(ctx, tz).utcoffset() or _dt.timedelta(0)
    minutes = int(off.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    return f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def tz_date(ctx: Any, tz: Any) -> str:
    """The local date in ``tz`` at the row's reference instant, ``YYYY-MM-DD``."""
    return _local(ctx, tz).date().isoformat()


def tz_time(ctx: Any, tz: Any) -> str:
    """The local time in ``tz`` at the row's reference instant, ``HH:MM``."""
    return _local(ctx, tz).strftime("%H:%M")


def tz_weekday(ctx: Any, tz: Any) -> str:
    """The English weekday name in ``tz`` at the row's reference instant (``Monday`` ...)."""
    return _local(ctx, tz).strftime("%A")


# ---------------------------------------------------------------------------------------------- units

#: unit -> (dimension, factor to the dimension's base unit, offset); value_base = value * factor + offset.
UNITS: dict[str, tuple[str, float, float]] = {
    "celsius": ("temperature", 1.0, 0.0), "fahrenheit": ("temperature", 5 / 9, -32 * 5 / 9),
    "kelvin": ("temperature", 1.0, -273.15),
    "km": ("length", 1000.0, 0.0), "m": ("length", 1.0, 0.0), "mi": ("length", 1609.344, 0.0),
    "ft": ("length", 0.3048, 0.0), "miles": ("length", 1609.344, 0.0), "meters": ("length", 1.0, 0.0),
    "kilometers": ("length", 1000.0, 0.0),
    "kg": ("mass", 1.0, 0.0), "g": ("mass", 0.001, 0.0), "lb": ("mass", 0.45359237, 0.0),
    "kph": ("speed", 1 / 3.6, 0.0), "mph": ("speed", 0.44704, 0.0), "m/s": ("speed", 1.0, 0.0),
    "metric": ("system", 1.0, 0.0), "imperial": ("system", 1.0, 0.0),
}


def convert(ctx: Any, value: Any, from_unit: Any, to_unit: Any) -> float:
    """``value`` in ``from_unit`` expressed in ``to_unit`` (same dimension: temperature, length, mass, speed)."""
    if value is ABSENT:
        return ABSENT
    a, b = UNITS.get(from_unit), UNITS.get(to_unit)
    if a is None or b is None or a[0] != b[0]:
        raise BuiltinError(f"cannot convert {from_unit} to {to_unit}")
    if a[0] == "system":
        return value
    base = float(value) * a[1] + a[2]
    return (base - b[2]) / b[1]


# ---------------------------------------------------------------------------------------------- strings and paths

_GLOB_CLASS = re.compile(r"\[(!?)([^\]]+)\]")


def glob_fill(ctx: Any, pattern: Any, name: Any) -> str:
    """A file name that matches glob ``pattern``, built around ``name``: ``*`` takes ``name``'s stem (or the
    whole ``name`` when the pattern is just ``*``), each ``?`` a digit derived from ``name`` (so different
    names give different fills), ``[abc]`` its first character.

    >>> glob_fill(None, "*.pdf", "report.docx"), glob_fill(None, "IMG_????.jpg", "x.png")
    ('report.pdf', 'IMG_1237.jpg')
    """
    if not isinstance(pattern, str) or not isinstance(name, str):
        raise BuiltinError(f"glob_fill needs two strings, got {pattern!r}, {name!r}")
    return _glob_fill(pattern, name)


@lru_cache(maxsize=65536)
def _glob_fill(pattern: str, name: str) -> str:
    """:func:`glob_fill` of two strings (kept: a build fills the same few names into the same patterns again
    and again; a failure is not kept, so it is raised anew each time)."""
    if pattern in ("*", "*.*") and "." in name:
        return name
    stem = name.rsplit(".", 1)[0] if "." in name else name
    out = _GLOB_CLASS.sub(lambda m: _class_char(m.group(1), m.group(2)), pattern)
    first = True
    parts = []
    for ch in out:
        if ch == "*":
            parts.append(stem if first else "")
            first = False
        elif ch == "?":
            parts.append("?")
        else:
            parts.append(ch)
    digits = str(int.from_bytes(hashlib.blake2b(name.encode("utf-8"), digest_size=8).digest(), "big"))
    k = 0
    for i, part in enumerate(parts):
        if part == "?":
            parts[i] = digits[k % len(digits)]
            k += 1
    filled = "".join(parts)
    if not fnmatch.fnmatchcase(filled, pattern):
        raise BuiltinError(f"cannot build a name matching `{pattern}`")
    return filled


def _class_char(negate: str, chars: str) -> str:
    if not negate:
        return chars[0]
    for c in "abcdefghijklmnopqrstuvwxyz0123456789":
        if c not in chars:
            return c
    return "_"


def matches(ctx: Any, text: Any, pattern: Any) -> bool:
    """Whether ``text`` matches the glob ``pattern`` (``fnmatch``, case-sensitive)."""
    if pattern is ABSENT:
        return ABSENT
    return isinstance(text, str) and isinstance(pattern, str) and fnmatch.fnmatchcase(text, pattern)


def basename(ctx: Any, path: Any) -> str:
    """The last component of a ``/``-separated path."""
    return str(path).rstrip("/").rsplit("/", 1)[-1]


def dirname(ctx: Any, path: Any) -> str:
    """Everything before the last ``/`` of a path (``""`` for a bare name)."""
    text = str(path).rstrip("/")
    return text.rsplit("/", 1)[0] if "/" in text else ""


def count_lines(ctx: Any, text: Any) -> int:
    """The number of lines of a text (a final newline ends the last line; ``""`` has none)."""
    if text is ABSENT:
        return ABSENT
    s = str(text)
    return 0 if not s else s.count("\n") + (0 if s.endswith("\n") else 1)


def stem(ctx: Any, path: Any) -> str:
    """The file name without its last extension."""
    base = basename(ctx, path)
    return base.rsplit(".", 1)[0] if "." in base[1:] else base


def suffix(ctx: Any, path: Any) -> str:
    """The last extension without the dot (``pdf``), or ``""``."""
    base = basename(ctx, path)
    return base.rsplit(".", 1)[1] if "." in base[1:] else ""


def join_path(ctx: Any, directory: Any, name: Any) -> str:
    """``directory/name`` with exactly one ``/`` between them."""
    return str(directory).rstrip("/") + "/" + str(name).lstrip("/")


def upper(ctx: Any, text: Any) -> str:
    """``text`` in upper case."""
    return str(text).upper()


def lower(ctx: Any, text: Any) -> str:
    """``text`` in lower case."""
    return str(text).lower()


def capitalize(ctx: Any, text: Any) -> str:
    """``text`` with its first character in upper case and the rest as it is (``"rust vs Go speed"`` -> ``"Rust vs
    Go speed"``; Python's ``str.capitalize`` would lower ``Go``); text starting with no cased letter (Han) is
    unchanged."""
    text = str(text)
    return text[:1].upper() + text[1:]


def fmt(ctx: Any, value: Any, digits: Any = 0) -> str:
    """A number as text with ``digits`` decimals (``fmt(3.14159, 2)`` -> ``"3.14"``); a value that is no number is
    reported by the guard every built-in runs under (:func:`_guarded`)."""
    return f"{float(value):.{int(digits)}f}"


# ---------------------------------------------------------------------------------------------- lists


def _items(xs: Any, what: str) -> list:
    if not isinstance(xs, list):
        raise BuiltinError(f"{what} needs a list, got {type(xs).__name__}")
    return xs


def _key(item: Any, field: Any) -> Any:
    if isinstance(item, dict):
        if field not in item:
            raise BuiltinError(f"an item has no field `{field}`")
        return item[field]
    return item


def b_len(ctx: Any, xs: Any) -> int:
    """Number of items of a list (or characters of a string)."""
    if isinstance(xs, (list, str)):
        return len(xs)
    raise BuiltinError(f"len needs a list, got {type(xs).__name__}")


def _extreme(pick: Callable[..., Any], name: str) -> Callable[..., Any]:
    def extreme(ctx: Any, *args: Any) -> Any:
        if len(args) == 2 and isinstance(args[0], list) and isinstance(args[1], str):
            xs = _items(args[0], name)
            if not xs:
                raise BuiltinError(f"{name} of an empty list")
            return pick(xs, key=lambda it: _key(it, args[1]))
        vals = [a for a in args if a is not ABSENT]
        return pick(vals) if vals else ABSENT
    extreme.__doc__ = (f"``{name}(a, b, ...)`` of numbers, or ``{name}(list, field)``: the item whose ``field`` is "
                       f"the {'largest' if name == 'max' else 'smallest'} (the first on ties).")
    return extreme


b_max = _extreme(max, "max")
b_min = _extreme(min, "min")


def b_sum(ctx: Any, xs: Any, field: Any = None) -> float:
    """Sum of a list of numbers, or of ``field`` over a list of objects."""
    return sum(_key(it, field) if field is not None else it for it in _items(xs, "sum"))


def b_avg(ctx: Any, xs: Any, field: Any = None) -> float:
    """Mean of a list of numbers, or of ``field`` over a list of objects (1 decimal)."""
    xs = _items(xs, "avg")
    if not xs:
        raise BuiltinError("avg of an empty list")
    return round(b_sum(ctx, xs, field) / len(xs), 1)


def b_first(ctx: Any, xs: Any) -> Any:
    """The first item of a list."""
    xs = _items(xs, "first")
    if not xs:
        raise BuiltinError("first of an empty list")
    return xs[0]


def b_last(ctx: Any, xs: Any) -> Any:
    """The last item of a list."""
    xs = _items(xs, "last")
    if not xs:
        raise BuiltinError("last of an empty list")
    return xs[-1]


def b_round(ctx: Any, x: Any, digits: Any = 0) -> int | float:
    """``x`` rounded to ``digits`` decimals (half to even, as Python); ``digits=0`` gives an ``int``. Never ``-0.0``: a
    small negative number rounds to ``0.0`` (a flat trend's change of -0.04 % was reported as ``"change_pct": -0.0``,
    which no tool writes and a model would learn to)."""
    if x is ABSENT:
        return ABSENT
    d = int(digits)
    return int(round(float(x))) if d == 0 else round(float(x), d) + 0.0  # -0.0 + 0.0 == +0.0 (IEEE 754)


def b_abs(ctx: Any, x: Any) -> Any:
    """Absolute value."""
    return ABSENT if x is ABSENT else abs(x)


def b_days_between(ctx: Any, a: Any, b: Any) -> int:
    """Days from date ``a`` to date ``b`` (``b - a``)."""
    return (_dt.date.fromisoformat(str(b)[:10]) - _dt.date.fromisoformat(str(a)[:10])).days


def b_weekday(ctx: Any, d: Any) -> str:
    """The English weekday of a date (``Monday`` ...)."""
    return _dt.date.fromisoformat(str(d)[:10]).strftime("%A")


#: built-ins implemented in compiler.simulate, bound on first call (an import per call costs more than the call)
_LATE: dict[str, Callable[..., Any]] = {}


def b_climate(ctx: Any, city: Any, day: Any) -> dict:
    """The normals of a city on a date (``compiler/simulate/climate.py``): ``{low, high, spread, wet_days,
    precip_min, precip_max}``."""
    f = _LATE.get("climate")
    if f is None:  # imported on first use (compiler.simulate imports this module), then kept
        from .simulate.climate import climate as f
        _LATE["climate"] = f
    return f(ctx, city, day)


def b_place_km(ctx: Any, a: Any, b: Any) -> float:
    """Straight-line km between two places on one deterministic map (``compiler/simulate/places.py``)."""
    f = _LATE.get("place_km")
    if f is None:
        from .simulate.places import place_km as f
        _LATE["place_km"] = f
    return f(ctx, a, b)


def b_year_start(ctx: Any, text: Any) -> Any:
    """``YYYY-01-01`` of the latest year a text names (``compiler/simulate/mentions.py``), or absent."""
    f = _LATE.get("year_start")
    if f is None:
        from .simulate.mentions import year_start as f
        _LATE["year_start"] = f
    return f(ctx, text)


#: The kinds of value (:func:`compiler.exprs.kind_of`) an argument of each :attr:`Builtin.takes` kind cannot be: a
#: date may come as text (a text parameter holding ``2026-12-02``), a text as anything written out.
_NOT_A = {"number": {"string", "date", "datetime", "bool", "list", "object"},
          "date": {"int", "float", "number", "bool", "list", "object"},
          "string": {"list", "object"},
          "list": {"int", "float", "number", "string", "date", "datetime", "bool", "object"}}


def argument_problem(b: Builtin, i: int, kind: str) -> str | None:
    """Why the ``i``-th argument of built-in ``b``, of static kind ``kind``, is the wrong kind of value (``None``
    when it may be right): ``days_between(city, today)``, ``round(name)``, ``first(3)``."""
    want = b.takes[i] if i < len(b.takes) else "any"
    if kind not in _NOT_A.get(want, ()):
        return None
    article = "an" if kind[0] in "aeiou" else "a"
    return f"`{b.name}` takes a {want} as argument {i + 1}, not {article} {kind}"


def _guarded(name: str, fn: Callable[..., Any]) -> Callable[..., Any]:
    """``fn`` with a wrong argument (a text where a date or a number is due: ``days_between(city, today)``)
    reported as :class:`BuiltinError` (the row is dropped and counted with the reason) rather than as the
    ``ValueError`` / ``TypeError`` of the Python code under it, which would stop the build."""

    def call(ctx: Any, *args: Any) -> Any:
        try:
            return fn(ctx, *args)
        except BuiltinError:
            raise
        except GUARDED as exc:
            not_computed(name, args, exc)

    call.__name__ = call.__qualname__ = getattr(fn, "__name__", name)
    call.__doc__ = fn.__doc__
    call.unguarded = (name, fn)  # type: ignore[attr-defined]  # generated expressions guard it inline (exprgen)
    return call


#: The errors of a built-in's Python code that :func:`_guarded` reports as :class:`BuiltinError`.
GUARDED = (TypeError, ValueError, ArithmeticError)


def not_computed(name: str, args: tuple, exc: BaseException) -> NoReturn:
    """Raises the :class:`BuiltinError` of built-in ``name`` failing on ``args`` with ``exc`` (one of
    :data:`GUARDED`): ``days_between('Paris', '2026-12-02') cannot be computed: ...``."""
    shown = ", ".join(repr(a) for a in args)
    raise BuiltinError(f"{name}({shown}) cannot be computed: {exc}") from None


BUILTINS: dict[str, Builtin] = {b.name: dataclasses.replace(b, fn=_guarded(b.name, b.fn)) for b in (
    Builtin("calc", 1, 2, "number", calc, "value of an arithmetic expression, rounded to `precision` places",
            takes=("string", "number")),
    Builtin("tz_offset", 1, 1, "string", tz_offset, "UTC offset `+HH:MM` of an IANA time zone at the row's instant",
            takes=("string",)),
    Builtin("tz_date", 1, 1, "date", tz_date, "local date in a time zone at the row's instant", takes=("string",)),
    Builtin("tz_time", 1, 1, "string", tz_time, "local time `HH:MM` in a time zone at the row's instant",
            takes=("string",)),
    Builtin("tz_weekday", 1, 1, "string", tz_weekday, "local weekday (English) in a time zone at the row's instant",
            takes=("string",)),
    Builtin("convert", 3, 3, "number", convert, "a value converted between units of one dimension",
            takes=("number", "string", "string")),
    Builtin("glob_fill", 2, 2, "string", glob_fill, "a file name matching a glob pattern, built around a name",
            takes=("string", "string")),
    Builtin("matches", 2, 2, "bool", matches, "whether a text matches a glob pattern", takes=("string", "string")),
    Builtin("basename", 1, 1, "string", basename, "last component of a path", takes=("string",)),
    Builtin("dirname", 1, 1, "string", dirname, "everything before the last `/` of a path", takes=("string",)),
    Builtin("count_lines", 1, 1, "int", count_lines, "number of lines of a text", takes=("string",)),
    Builtin("stem", 1, 1, "string", stem, "file name without its extension", takes=("string",)),
    Builtin("suffix", 1, 1, "string", suffix, "extension without the dot", takes=("string",)),
    Builtin("join_path", 2, 2, "string", join_path, "directory and name joined by one `/`", takes=("string", "string")),
    Builtin("upper", 1, 1, "string", upper, "upper case", takes=("string",)),
    Builtin("lower", 1, 1, "string", lower, "lower case", takes=("string",)),
    Builtin("capitalize", 1, 1, "string", capitalize, "first letter in upper case, the rest as it is",
            takes=("string",)),
    Builtin("fmt", 1, 2, "string", fmt, "a number as text with fixed decimals", takes=("number", "number")),
    Builtin("len", 1, 1, "int", b_len, "number of items of a list"),
    Builtin("max", 1, None, "max", b_max, "largest number, or the item of a list with the largest field"),
    Builtin("min", 1, None, "max", b_min, "smallest number, or the item of a list with the smallest field"),
    Builtin("sum", 1, 2, "number", b_sum, "sum of numbers, or of a field over a list", takes=("list", "string")),
    Builtin("avg", 1, 2, "number", b_avg, "mean of numbers, or of a field over a list", takes=("list", "string")),
    Builtin("first", 1, 1, "item", b_first, "first item of a list", takes=("list",)),
    Builtin("last", 1, 1, "item", b_last, "last item of a list", takes=("list",)),
    Builtin("round", 1, 2, "number", b_round, "a number rounded to some decimals", takes=("number", "number")),
    Builtin("abs", 1, 1, "same", b_abs, "absolute value", takes=("number",)),
    Builtin("days_between", 2, 2, "int", b_days_between, "days from one date to another", takes=("date", "date")),
    Builtin("weekday", 1, 1, "string", b_weekday, "English weekday of a date", takes=("date",)),
    Builtin("climate", 2, 2, "any", b_climate, "a city's climate normals on a date: `.low`, `.high`, `.spread` (°C), `.wet_days`, "
            "`.precip_min`, `.precip_max` (%)", takes=("string", "date")),
    Builtin("place_km", 2, 2, "number", b_place_km, "straight-line km between two places on one map (a city's name "
            "is its centre)", takes=("string", "string")),
    Builtin("year_start", 1, 1, "date", b_year_start, "`YYYY-01-01` of the latest year a text names, or absent",
            takes=("string",)),
)}
